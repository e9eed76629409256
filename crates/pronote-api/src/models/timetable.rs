//! The timetable (`PageEmploiDuTemps`): lessons, detentions and school
//! outings, plus the subject reference shared by every school-work model.

use super::ids::{LessonContentsId, LessonId, SubjectId};

use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;

pub use super::lesson_uid::assign_uids;

/// A subject (`Matiere`, `service`, or a `G` 16 timetable item).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Subject {
    /// The session-salted id (`N`).
    pub id: SubjectId,
    /// The name (`MATHEMATIQUES`), stable across sessions.
    pub name: String,
    /// Whether the subject is taught to a group rather than the whole
    /// class (`estServiceGroupe`).
    pub group_subject: bool,
    /// The subject's colour (`couleur`, `#RRGGBB`), when sent.
    pub color: Option<String>,
}

/// The lesson kind (`G`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum LessonKind {
    /// 0: an ordinary lesson (also what an absent `G` reads as).
    Normal,
    /// 1: a class council.
    ClassCouncil,
    /// 2: a replacement lesson.
    Replacement,
    /// 3: a lesson kept for history.
    History,
    /// 4: a lesson given by a substitute teacher.
    Substitute,
    /// A kind this crate does not know, kept as received.
    Unknown(i64),
}

impl LessonKind {
    /// The kind for a wire `G`.
    pub const fn from_code(code: i64) -> Self {
        match code {
            0 => LessonKind::Normal,
            1 => LessonKind::ClassCouncil,
            2 => LessonKind::Replacement,
            3 => LessonKind::History,
            4 => LessonKind::Substitute,
            other => LessonKind::Unknown(other),
        }
    }

    /// The wire `G`.
    pub const fn code(self) -> i64 {
        match self {
            LessonKind::Normal => 0,
            LessonKind::ClassCouncil => 1,
            LessonKind::Replacement => 2,
            LessonKind::History => 3,
            LessonKind::Substitute => 4,
            LessonKind::Unknown(code) => code,
        }
    }
}

/// What a lesson's `Statut` text says, for the texts PRONOTE is known to
/// use. The text itself stays in [`Lesson::status`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum LessonStatus {
    /// "Prof. absent", "Prof./pers. absent".
    TeacherAbsent,
    /// "Classe absente".
    ClassAbsent,
    /// "Cours annulé".
    Cancelled,
    /// "Changement de salle".
    RoomChange,
    /// "Remplaçant", "Prof. remplaçant".
    Replacement,
    /// "Cours modifié".
    Modified,
    /// "Cours déplacé".
    Moved,
    /// "Exceptionnel", "Cours exceptionnel".
    Exceptional,
    /// Any other text, kept as received.
    Unknown(String),
}

impl LessonStatus {
    /// Classifies a `Statut` text (case- and accent-tolerant).
    ///
    /// ```
    /// use pronote_api::models::timetable::LessonStatus;
    /// assert_eq!(LessonStatus::from_text("Changement de salle"), LessonStatus::RoomChange);
    /// assert_eq!(LessonStatus::from_text("Prof. absent"), LessonStatus::TeacherAbsent);
    /// assert_eq!(LessonStatus::from_text("Sortie"), LessonStatus::Unknown("Sortie".into()));
    /// ```
    pub fn from_text(text: &str) -> Self {
        let folded: String = text
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| match c {
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'ç' => 'c',
                'à' | 'â' => 'a',
                other => other,
            })
            .collect();
        if folded.contains("classe absent") {
            LessonStatus::ClassAbsent
        } else if folded.contains("absent") {
            LessonStatus::TeacherAbsent
        } else if folded.contains("annule") {
            LessonStatus::Cancelled
        } else if folded.contains("salle") {
            LessonStatus::RoomChange
        } else if folded.contains("remplac") {
            LessonStatus::Replacement
        } else if folded.contains("modifie") {
            LessonStatus::Modified
        } else if folded.contains("deplace") {
            LessonStatus::Moved
        } else if folded.contains("exceptionnel") {
            LessonStatus::Exceptional
        } else {
            LessonStatus::Unknown(text.to_owned())
        }
    }
}

/// A virtual classroom link (`listeVisios`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VisioLink {
    /// The address (`url`).
    pub url: String,
    /// The link's label (`libelleLien`).
    pub label: Option<String>,
    /// A comment (`commentaire`).
    pub comment: Option<String>,
}

/// The details of a school outing (`estSortiePedagogique`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Outing {
    /// What the outing is (`motif`).
    pub reason: Option<String>,
    /// The accompanying adults (`accompagnateurs`).
    pub attendants: Option<String>,
    /// The kind of resource concerned (`strGenreRess`, e.g. `Classe`).
    pub resource_kind: Option<String>,
    /// The resource concerned (`strRess`, e.g. `3A`).
    pub resource: Option<String>,
}

/// One timetable item: a lesson, a detention or a school outing.
///
/// ```
/// # use pronote_api::models::timetable::Lesson;
/// fn describe(lesson: &Lesson) -> String {
///     let subject = lesson.subject.as_ref().map_or("?", |s| s.name.as_str());
///     let state = if lesson.cancelled { " (cancelled)" } else { "" };
///     format!("{} {}–{} {subject} {}{state}", lesson.start.date(), lesson.start.time(),
///         lesson.end.time(), lesson.rooms.join(", "))
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Lesson {
    /// The session-salted id (`N`): it changes at every login.
    pub id: LessonId,
    /// A stable identity: the same lesson has the same `uid` in every
    /// session and for every login that sees it, unlike [`Lesson::id`].
    /// It keys calendar events (the iCalendar `UID`) and caches.
    ///
    /// 16 lowercase hex digits (see [`Lesson::identity`]), followed by
    /// `-2`, `-3`… for the other lessons of a slot that several lessons
    /// share with the same identity (see [`assign_uids`]). Decoded
    /// lessons always have one; a lesson built by hand may leave it
    /// empty and call [`assign_uids`]. JSON written before this field
    /// existed reads as empty.
    #[serde(default)]
    pub uid: String,
    /// The kind (`G`).
    pub kind: LessonKind,
    /// The display order among lessons at the same time (`P`): PRONOTE
    /// shows the highest.
    pub order: Option<i64>,
    /// Start (`DateDuCours`).
    #[serde(with = "super::json::datetime")]
    pub start: PrimitiveDateTime,
    /// End (`DateDuCoursFin`, else computed from the instance's lesson
    /// hours).
    #[serde(with = "super::json::datetime")]
    pub end: PrimitiveDateTime,
    /// The school week of `start`.
    pub week: i32,
    /// The first slot in the week's grid (`place`: day × slots per day +
    /// slot), when sent.
    pub place: Option<u32>,
    /// The length in grid slots (`duree`), when sent.
    pub slots: Option<u32>,
    /// The subject (`G` 16), absent for detentions and some outings.
    pub subject: Option<Subject>,
    /// Teachers (`G` 3).
    pub teachers: Vec<String>,
    /// Other staff (`G` 34).
    pub staff: Vec<String>,
    /// Rooms (`G` 17).
    pub rooms: Vec<String>,
    /// Groups or classes (`G` 2).
    pub groups: Vec<String>,
    /// The title of a detention or outing (the item marked `estHoraire`).
    pub title: Option<String>,
    /// The status text (`Statut`: "Prof. absent", "Changement de salle"…);
    /// see [`Lesson::status_kind`].
    pub status: Option<String>,
    /// Cancelled (`estAnnule`).
    pub cancelled: bool,
    /// The student is exempted from attending (`dispenseEleve`).
    pub exempted: bool,
    /// This is a detention (`estRetenue`).
    pub detention: bool,
    /// This is a school outing (`estSortiePedagogique`), with its details.
    pub outing: Option<Outing>,
    /// A test is planned (`cahierDeTextes.estDevoir`).
    pub test: bool,
    /// The id of the lesson's notebook entry (`cahierDeTextes.N`), matching
    /// [`LessonContents::id`](crate::models::lesson_content::LessonContents::id).
    pub lesson_content_id: Option<LessonContentsId>,
    /// The teacher's memo (`memo`).
    pub memo: Option<String>,
    /// The background colour (`CouleurFond`, `#RRGGBB`).
    pub color: Option<String>,
    /// Virtual classroom links (`listeVisios`).
    pub visio_links: Vec<VisioLink>,
}

impl Lesson {
    /// A plain lesson from `start` to `end` and nothing else: no subject,
    /// room or teacher, week 0, not cancelled, `uid` empty. The client's
    /// decoders fill every field; this is for programs and tests that
    /// build lessons themselves (fields are public, set what you need).
    ///
    /// ```
    /// use pronote_api::models::timetable::Lesson;
    /// use pronote_api::models::ids::LessonId;
    /// use time::macros::datetime;
    /// let mut lesson = Lesson::new(LessonId::new("1#a"), datetime!(2025-09-08 9:00), datetime!(2025-09-08 10:00));
    /// lesson.rooms.push("S12".into());
    /// assert!(!lesson.cancelled && lesson.subject.is_none());
    /// ```
    pub fn new(id: LessonId, start: PrimitiveDateTime, end: PrimitiveDateTime) -> Self {
        Lesson {
            id,
            uid: String::new(),
            kind: LessonKind::Normal,
            order: None,
            start,
            end,
            week: 0,
            place: None,
            slots: None,
            subject: None,
            teachers: Vec::new(),
            staff: Vec::new(),
            rooms: Vec::new(),
            groups: Vec::new(),
            title: None,
            status: None,
            cancelled: false,
            exempted: false,
            detention: false,
            outing: None,
            test: false,
            lesson_content_id: None,
            memo: None,
            color: None,
            visio_links: Vec::new(),
        }
    }

    /// What the status text says, if there is one.
    pub fn status_kind(&self) -> Option<LessonStatus> {
        self.status.as_deref().map(LessonStatus::from_text)
    }

    /// Whether the lesson is given by someone replacing the usual teacher
    /// (kind 2 or 4, or a replacement status).
    pub fn is_replacement(&self) -> bool {
        matches!(self.kind, LessonKind::Replacement | LessonKind::Substitute)
            || self.status_kind() == Some(LessonStatus::Replacement)
    }

    /// Whether the lesson moved to another room (per its status).
    pub fn is_room_change(&self) -> bool {
        self.status_kind() == Some(LessonStatus::RoomChange)
    }

    /// Whether this is an ordinary lesson (neither a detention nor an
    /// outing).
    pub fn is_lesson(&self) -> bool {
        !self.detention && self.outing.is_none()
    }

    /// Whether the two items share some time on the same day.
    pub fn overlaps(&self, other: &Lesson) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Puts `items` in the order `order` gives (`order[i]`: the index of the
/// item that goes to place `i`), in place: each item moves once along
/// its cycle, and nothing is allocated.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut place = start;
        while let Some(from) = order
            .get_mut(place)
            .map(|slot| std::mem::replace(slot, DONE))
        {
            if from == DONE || from == start || from >= items.len() {
                break;
            }
            items.swap(place, from);
            place = from;
        }
    }
}

/// Sorts lessons by start, then by their order in the slot (stable).
/// Replies usually come in order already; otherwise the lessons are
/// sorted through their indices: a lesson is a few hundred bytes, which
/// a sort would move many times over.
pub(crate) fn sort_lessons(lessons: &mut [Lesson]) {
    let in_order = |a: &Lesson, b: &Lesson| a.start.cmp(&b.start).then(a.order.cmp(&b.order));
    if lessons.is_sorted_by(|a, b| in_order(a, b).is_le()) {
        return;
    }
    let mut order: Vec<usize> = (0..lessons.len()).collect();
    order.sort_by(|&a, &b| match (lessons.get(a), lessons.get(b)) {
        (Some(a), Some(b)) => in_order(a, b),
        _ => std::cmp::Ordering::Equal,
    });
    permute(lessons, order);
}

/// Hides cancelled lessons that share their time with a lesson that is
/// not cancelled, as PRONOTE's own timetable does: when a cancelled lesson
/// is replaced by another one at the same time, only the replacement is
/// shown. Cancelled lessons that nothing replaces, and lessons that are
/// not cancelled, are all kept. Detentions and outings count as "not
/// cancelled". The result is sorted by start time, then by display order.
///
/// ```
/// use pronote_api::models::timetable::hide_superposed_cancelled;
/// # use pronote_api::models::timetable::Lesson;
/// # use pronote_api::models::ids::LessonId;
/// # use time::macros::datetime;
/// # use time::PrimitiveDateTime;
/// # let lesson = |id: &str, start: PrimitiveDateTime, end: PrimitiveDateTime, cancelled: bool| {
/// #     let mut l = Lesson::new(LessonId::new(id), start, end);
/// #     l.cancelled = cancelled;
/// #     l
/// # };
/// let shown = hide_superposed_cancelled(vec![
///     lesson("cancelled", datetime!(2025-09-08 9:00), datetime!(2025-09-08 10:00), true),
///     lesson("replacement", datetime!(2025-09-08 9:00), datetime!(2025-09-08 10:00), false),
///     lesson("cancelled alone", datetime!(2025-09-08 11:00), datetime!(2025-09-08 12:00), true),
/// ]);
/// let ids: Vec<_> = shown.iter().map(|l| l.id.to_string()).collect();
/// assert_eq!(ids, ["replacement", "cancelled alone"]);
/// ```
pub fn hide_superposed_cancelled(mut lessons: Vec<Lesson>) -> Vec<Lesson> {
    sort_lessons(&mut lessons);
    // The lessons not cancelled, in order of start, with the latest end
    // among each prefix: a cancelled lesson overlaps one of them when,
    // among those starting before it ends, one ends after it starts.
    let shown: Vec<(PrimitiveDateTime, PrimitiveDateTime)> = lessons
        .iter()
        .filter(|l| !l.cancelled)
        .scan(None, |latest: &mut Option<PrimitiveDateTime>, l| {
            let end = latest.map_or(l.end, |e: PrimitiveDateTime| e.max(l.end));
            *latest = Some(end);
            Some((l.start, end))
        })
        .collect();
    let hidden: Vec<bool> = lessons
        .iter()
        .map(|lesson| {
            let before_end = shown.partition_point(|(start, _)| *start < lesson.end);
            lesson.cancelled
                && before_end
                    .checked_sub(1)
                    .and_then(|last| shown.get(last))
                    .is_some_and(|(_, latest_end)| *latest_end > lesson.start)
        })
        .collect();
    let mut hidden = hidden.into_iter();
    lessons.retain(|_| !hidden.next().unwrap_or(false));
    lessons
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn lesson(id: &str, start: PrimitiveDateTime, end: PrimitiveDateTime) -> Lesson {
        let mut lesson = Lesson::new(LessonId::new(id), start, end);
        lesson.week = 2;
        lesson
    }

    fn cancelled(id: &str, start: PrimitiveDateTime, end: PrimitiveDateTime) -> Lesson {
        Lesson {
            cancelled: true,
            ..lesson(id, start, end)
        }
    }

    #[test]
    fn permute_follows_every_cycle() {
        for order in [
            vec![],
            vec![0],
            vec![1, 0],
            vec![2, 0, 1],
            vec![1, 2, 0],
            vec![3, 0, 4, 1, 2, 5],
            vec![5, 4, 3, 2, 1, 0],
        ] {
            let mut items: Vec<usize> = (0..order.len()).map(|i| i * 10).collect();
            let expected: Vec<usize> = order.iter().map(|i| i * 10).collect();
            permute(&mut items, order);
            assert_eq!(items, expected);
        }
    }

    fn ids(lessons: &[Lesson]) -> Vec<String> {
        lessons.iter().map(|l| l.id.to_string()).collect()
    }

    #[test]
    fn a_partial_overlap_hides_the_cancelled_lesson() {
        let shown = hide_superposed_cancelled(vec![
            lesson(
                "b",
                datetime!(2025-09-08 10:00),
                datetime!(2025-09-08 11:00),
            ),
            cancelled(
                "a",
                datetime!(2025-09-08 09:00),
                datetime!(2025-09-08 10:30),
            ),
        ]);
        assert_eq!(ids(&shown), ["b"]);
    }

    #[test]
    fn touching_lessons_do_not_overlap() {
        let shown = hide_superposed_cancelled(vec![
            cancelled(
                "a",
                datetime!(2025-09-08 09:00),
                datetime!(2025-09-08 10:00),
            ),
            lesson(
                "b",
                datetime!(2025-09-08 10:00),
                datetime!(2025-09-08 11:00),
            ),
            // Same hours, another day.
            lesson(
                "c",
                datetime!(2025-09-09 09:00),
                datetime!(2025-09-09 10:00),
            ),
        ]);
        assert_eq!(ids(&shown), ["a", "b", "c"]);
    }

    #[test]
    fn cancelled_lessons_alone_together_stay() {
        let shown = hide_superposed_cancelled(vec![
            cancelled(
                "a",
                datetime!(2025-09-08 09:00),
                datetime!(2025-09-08 10:00),
            ),
            cancelled(
                "b",
                datetime!(2025-09-08 09:00),
                datetime!(2025-09-08 10:00),
            ),
        ]);
        assert_eq!(ids(&shown), ["a", "b"]);
    }

    #[test]
    fn two_lessons_at_once_both_stay() {
        let shown = hide_superposed_cancelled(vec![
            lesson(
                "a",
                datetime!(2025-09-08 09:00),
                datetime!(2025-09-08 10:00),
            ),
            lesson(
                "b",
                datetime!(2025-09-08 09:00),
                datetime!(2025-09-08 10:00),
            ),
        ]);
        assert_eq!(ids(&shown), ["a", "b"]);
    }

    #[test]
    fn a_detention_replaces_a_cancelled_lesson() {
        let shown = hide_superposed_cancelled(vec![
            cancelled(
                "a",
                datetime!(2025-09-08 16:00),
                datetime!(2025-09-08 17:00),
            ),
            Lesson {
                detention: true,
                ..lesson(
                    "retenue",
                    datetime!(2025-09-08 16:00),
                    datetime!(2025-09-08 18:00),
                )
            },
        ]);
        assert_eq!(ids(&shown), ["retenue"]);
    }

    #[test]
    fn one_lesson_hides_every_cancelled_lesson_it_covers() {
        let shown = hide_superposed_cancelled(vec![
            cancelled(
                "a",
                datetime!(2025-09-08 08:00),
                datetime!(2025-09-08 09:00),
            ),
            cancelled(
                "b",
                datetime!(2025-09-08 09:00),
                datetime!(2025-09-08 10:00),
            ),
            lesson(
                "long",
                datetime!(2025-09-08 08:30),
                datetime!(2025-09-08 09:30),
            ),
            cancelled(
                "c",
                datetime!(2025-09-08 09:30),
                datetime!(2025-09-08 10:00),
            ),
        ]);
        assert_eq!(ids(&shown), ["long", "c"]);
    }

    #[test]
    fn sorted_by_start_then_order() {
        let shown = hide_superposed_cancelled(vec![
            Lesson {
                order: Some(2),
                ..lesson(
                    "late",
                    datetime!(2025-09-08 09:00),
                    datetime!(2025-09-08 10:00),
                )
            },
            Lesson {
                order: Some(1),
                ..lesson(
                    "early",
                    datetime!(2025-09-08 09:00),
                    datetime!(2025-09-08 10:00),
                )
            },
            lesson(
                "first",
                datetime!(2025-09-08 08:00),
                datetime!(2025-09-08 09:00),
            ),
        ]);
        assert_eq!(ids(&shown), ["first", "early", "late"]);
    }

    #[test]
    fn statuses() {
        for (text, status) in [
            ("Prof. absent", LessonStatus::TeacherAbsent),
            ("Prof./pers. absent", LessonStatus::TeacherAbsent),
            ("Classe absente", LessonStatus::ClassAbsent),
            ("Cours annulé", LessonStatus::Cancelled),
            ("Changement de salle", LessonStatus::RoomChange),
            ("Remplaçant", LessonStatus::Replacement),
            ("Prof. remplaçant", LessonStatus::Replacement),
            ("Cours modifié", LessonStatus::Modified),
            ("Cours déplacé", LessonStatus::Moved),
            ("Exceptionnel", LessonStatus::Exceptional),
            ("Conseil", LessonStatus::Unknown("Conseil".into())),
        ] {
            assert_eq!(LessonStatus::from_text(text), status, "{text}");
        }
        let mut l = lesson(
            "a",
            datetime!(2025-09-08 09:00),
            datetime!(2025-09-08 10:00),
        );
        assert_eq!(l.status_kind(), None);
        assert!(!l.is_replacement() && !l.is_room_change());
        l.kind = LessonKind::Substitute;
        assert!(l.is_replacement());
        assert_eq!(LessonKind::from_code(7), LessonKind::Unknown(7));
        assert_eq!(LessonKind::from_code(2).code(), 2);
    }
}
