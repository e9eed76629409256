//! A school's hour grid: the places of a day and their real start and end
//! times (`ListeHeures`/`ListeHeuresFin`), which need not be regular.

use time::Time;

/// Builds a time known to be valid.
const fn at(hour: u8, minute: u8) -> Time {
    match Time::from_hms(hour, minute, 0) {
        Ok(t) => t,
        Err(_) => Time::MIDNIGHT,
    }
}

/// The places of a school day.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    /// Places per day (`PlacesParJour`).
    pub(crate) places_per_day: u32,
    /// Places per hour (`PlacesParHeure`).
    pub(crate) places_per_hour: u32,
    /// Minutes of one place.
    pub(crate) place_minutes: u32,
    /// Start time of each place (a grid may list one more, the day's end).
    starts: Vec<Time>,
    /// End time of each place.
    ends: Vec<Time>,
    /// The first place after lunch.
    pub(crate) afternoon: u32,
    /// Where absences split the day in halves (`PlaceDemiJourneeAbsence`).
    pub(crate) half_day: u32,
    /// The lunch break (`debutDemiPension`, `finDemiPension`): its first
    /// place and the place after it.
    pub(crate) lunch: (u32, u32),
    /// The places a break follows (`recreations`).
    pub(crate) breaks: Vec<u32>,
    /// When the morning break starts (half-day absences end then).
    pub(crate) morning_break: Time,
    /// When the school day ends for absences.
    pub(crate) day_end: Time,
    /// A Wednesday-afternoon detention: first place and length.
    pub(crate) detention: (u32, u32),
    /// A Wednesday-afternoon outing: first place and length.
    pub(crate) outing: (u32, u32),
}

impl Grid {
    /// The collège's: 20 half hours from 08h00 (place 20, 18h00, is also
    /// labelled), lunch 11h30-13h30.
    pub(crate) fn college() -> Self {
        let half_hour = |i: u32| {
            let minutes = 8 * 60 + 30 * i;
            at(
                u8::try_from(minutes / 60).unwrap_or(23),
                u8::try_from(minutes % 60).unwrap_or(0),
            )
        };
        Grid {
            places_per_day: 20,
            places_per_hour: 2,
            place_minutes: 30,
            starts: (0..=20).map(half_hour).collect(),
            ends: (1..=21).map(half_hour).collect(),
            afternoon: 11,
            half_day: 9,
            lunch: (8, 11),
            breaks: vec![4],
            morning_break: half_hour(4),
            day_end: half_hour(18),
            detention: (12, 4),
            outing: (11, 7),
        }
    }

    /// The lycée's: eight 55-minute places, 08h30-12h25 with a break at
    /// 10h20, lunch 12h25-13h30, 13h30-17h25 with a break at 15h20.
    pub(crate) fn lycee() -> Self {
        Grid {
            places_per_day: 8,
            places_per_hour: 1,
            place_minutes: 55,
            starts: vec![
                at(8, 30),
                at(9, 25),
                at(10, 35),
                at(11, 30),
                at(13, 30),
                at(14, 25),
                at(15, 35),
                at(16, 30),
            ],
            ends: vec![
                at(9, 25),
                at(10, 20),
                at(11, 30),
                at(12, 25),
                at(14, 25),
                at(15, 20),
                at(16, 30),
                at(17, 25),
            ],
            afternoon: 4,
            half_day: 4,
            // Lunch falls between two places, none is given to it.
            lunch: (4, 4),
            breaks: vec![1, 5],
            morning_break: at(10, 20),
            day_end: at(17, 25),
            detention: (5, 2),
            outing: (4, 4),
        }
    }

    /// `DureeSequence`: one hour of the grid (`PlacesParHeure` places) as
    /// a fraction of a day.
    pub(crate) fn sequence_of_day(&self) -> f64 {
        f64::from(self.places_per_hour * self.place_minutes) / 1440.0
    }

    /// The place of the day under way at `time` (the first before the day
    /// starts, the last after it ends).
    pub(crate) fn place_at(&self, time: Time) -> u32 {
        let started = self
            .starts
            .iter()
            .take(usize::try_from(self.places_per_day).unwrap_or(usize::MAX))
            .filter(|start| **start <= time)
            .count();
        u32::try_from(started.saturating_sub(1)).unwrap_or(0)
    }

    /// When place `place` of a day starts (the last one past the end).
    pub(crate) fn start(&self, place: u32) -> Time {
        pick(&self.starts, place)
    }

    /// When place `place` of a day ends (the last one past the end).
    pub(crate) fn end(&self, place: u32) -> Time {
        pick(&self.ends, place)
    }

    /// When a lesson of `duration` places from `place` ends.
    pub(crate) fn end_of(&self, place: u32, duration: u32) -> Time {
        self.end((place + duration.max(1)) - 1)
    }

    /// Start and end of a lesson of `duration` places from `place` on
    /// `date`.
    pub(crate) fn span(
        &self,
        date: time::Date,
        place: u32,
        duration: u32,
    ) -> (time::PrimitiveDateTime, time::PrimitiveDateTime) {
        (
            time::PrimitiveDateTime::new(date, self.start(place)),
            time::PrimitiveDateTime::new(date, self.end_of(place, duration)),
        )
    }

    /// `ListeHeures`: (place, start).
    pub(crate) fn start_labels(&self) -> impl Iterator<Item = (u32, Time)> + '_ {
        (0u32..).zip(self.starts.iter().copied())
    }

    /// `ListeHeuresFin`: (place, end).
    pub(crate) fn end_labels(&self) -> impl Iterator<Item = (u32, Time)> + '_ {
        (0u32..).zip(self.ends.iter().copied())
    }
}

fn pick(times: &[Time], place: u32) -> Time {
    let index = usize::try_from(place).unwrap_or(usize::MAX);
    times
        .get(index)
        .or(times.last())
        .copied()
        .unwrap_or(Time::MIDNIGHT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::calendar::hour_label;

    #[test]
    fn the_grids() {
        let c = Grid::college();
        assert_eq!(hour_label(c.start(0)), "08h00");
        assert_eq!(hour_label(c.start(11)), "13h30");
        assert_eq!(hour_label(c.end_of(11, 2)), "14h30");
        assert_eq!(c.start_labels().count(), 21);
        let l = Grid::lycee();
        assert_eq!(hour_label(l.start(2)), "10h35");
        assert_eq!(hour_label(l.end_of(2, 2)), "12h25");
        assert_eq!(hour_label(l.start(l.afternoon)), "13h30");
        assert_eq!(l.start_labels().count(), 8);
        assert_eq!(l.end_labels().count(), 8);
        for place in 0..l.places_per_day {
            let minutes = (l.end(place) - l.start(place)).whole_minutes();
            assert_eq!(minutes, 55, "place {place}");
        }
        // Past the end: the last place.
        assert_eq!(l.start(99), l.start(7));
        assert_eq!(c.sequence_of_day(), 1.0 / 24.0);
        assert_eq!(l.sequence_of_day(), 55.0 / 1440.0);
        assert_eq!(c.place_at(Time::MIDNIGHT), 0);
        assert_eq!(c.place_at(at(10, 45)), 5);
        assert_eq!(c.place_at(at(23, 0)), 19);
        assert_eq!(l.place_at(at(10, 25)), 1);
        assert_eq!(l.place_at(at(12, 50)), 3);
        assert_eq!(l.place_at(at(18, 0)), 7);
    }
}
