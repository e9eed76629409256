//! The stable identity of a lesson (`Lesson::identity`) and the uids
//! given from it (`assign_uids`), the same across logins: what calendars
//! and change detection key lessons by.

use sha2::{Digest, Sha256};

use super::timetable::Lesson;

impl Lesson {
    /// The hash of what identifies the lesson and stays the same across
    /// logins: its start (date and time), its place in the week's grid,
    /// its subject (or the title of a detention or outing) and its groups
    /// or classes, in any order. 16 lowercase hex digits: the first 8
    /// bytes of a SHA-256 of a canonical text of those fields.
    ///
    /// The session-salted ids, the rooms, the teachers, the status and
    /// the cancelled flag are left out: a lesson that moves to another
    /// room, changes teacher or is cancelled keeps its identity, so a
    /// calendar updates its event instead of adding one. Lessons of one
    /// slot that share an identity (a cancelled lesson and the lesson
    /// replacing it) get told apart by [`assign_uids`].
    ///
    /// ```
    /// # use pronote_api::models::timetable::{Lesson, Subject};
    /// # use pronote_api::models::ids::LessonId;
    /// # use time::macros::datetime;
    /// # let subject: Subject = serde_json::from_value(serde_json::json!({
    /// #     "id": "16#s", "name": "MATHÉMATIQUES", "group_subject": false, "color": null,
    /// # })).unwrap();
    /// # let lesson = |id: &str, room: &str| {
    /// #     let mut l = Lesson::new(LessonId::new(id), datetime!(2025-09-08 9:00), datetime!(2025-09-08 10:00));
    /// #     l.place = Some(22);
    /// #     l.subject = Some(subject.clone());
    /// #     l.rooms = vec![room.into()];
    /// #     l.groups = vec!["3A".into()];
    /// #     l
    /// # };
    /// // The same lesson seen from two logins: other ids, same identity.
    /// let monday = lesson("12#aBc", "S12");
    /// let tuesday = lesson("12#xYz", "S12");
    /// assert_eq!(monday.identity(), tuesday.identity());
    /// assert_eq!(monday.identity().len(), 16);
    /// // Moved to another room: still the same lesson.
    /// assert_eq!(lesson("12#aBc", "S14").identity(), monday.identity());
    /// ```
    pub fn identity(&self) -> String {
        String::from_utf8_lossy(&self.identity_hex()).into_owned()
    }

    /// [`Lesson::identity`]'s 16 hex digits, without an allocation.
    fn identity_hex(&self) -> [u8; 16] {
        // In any order: sorted (a copy only when they are not already).
        let sorted_copy;
        let groups: &[String] = if self.groups.is_sorted() {
            &self.groups
        } else {
            let mut copy = self.groups.clone();
            copy.sort_unstable();
            sorted_copy = copy;
            &sorted_copy
        };
        let mut place_buffer = [0u8; 20];
        let place = self
            .place
            .map(|p| decimal(u64::from(p), &mut place_buffer))
            .unwrap_or_default();
        let start_buffer;
        let start_text;
        let start: &[u8] = match super::json::iso_local_bytes(self.start) {
            Some(bytes) => {
                start_buffer = bytes;
                &start_buffer
            }
            None => {
                start_text = super::json::iso_local(self.start);
                start_text.as_bytes()
            }
        };
        let subject = self.subject.as_ref().map_or("", |s| s.name.as_str());
        let title = self.title.as_deref().unwrap_or("");
        // The canonical text, fed to the hash as it is made: a header,
        // then `name=length:value` lines. Every value is length-prefixed:
        // no value can pass for another.
        let mut hash = Sha256::new();
        hash.update(b"pronote-rs lesson identity 1\n");
        for (name, value) in [
            ("start", start),
            ("place", place),
            ("subject", subject.as_bytes()),
            ("title", title.as_bytes()),
        ]
        .into_iter()
        .chain(groups.iter().map(|g| ("group", g.as_bytes())))
        {
            let mut length = [0u8; 20];
            hash.update(name.as_bytes());
            hash.update(b"=");
            hash.update(decimal(value.len() as u64, &mut length));
            hash.update(b":");
            hash.update(value);
            hash.update(b"\n");
        }
        let digest = hash.finalize();
        let mut hex = [0u8; 16];
        // 8 bytes make 16 digits: the lengths match.
        let _ = hex::encode_to_slice(digest.get(..8).unwrap_or_default(), &mut hex);
        hex
    }
}

/// The decimal digits of `value`, written at the end of `buffer`.
fn decimal(mut value: u64, buffer: &mut [u8; 20]) -> &[u8] {
    let mut start = buffer.len();
    loop {
        start -= 1;
        if let Some(slot) = buffer.get_mut(start) {
            // A digit: value % 10 < 10.
            *slot = b'0' + (value % 10) as u8;
        }
        value /= 10;
        if value == 0 || start == 0 {
            break;
        }
    }
    buffer.get(start..).unwrap_or_default()
}

/// Fills [`Lesson::uid`] of every lesson: its [`Lesson::identity`],
/// except when several lessons share one identity (PRONOTE sends a
/// cancelled lesson and its replacement in the same slot, often with the
/// same subject and class). Then the lessons of that identity are ordered
/// (not cancelled first, then by kind, teachers, rooms, staff and status,
/// then as given) and the first keeps the plain identity while the others
/// get `-2`, `-3`…
///
/// So a lesson keeps its uid when it gets cancelled or replaced, and the
/// replacement, being the one not cancelled, takes it over: a calendar
/// updates the event. All lessons of a slot come in the same reply, so
/// the result does not depend on the range asked for.
///
/// ```
/// use pronote_api::models::timetable::assign_uids;
/// # use pronote_api::models::timetable::Lesson;
/// # use pronote_api::models::ids::LessonId;
/// # use time::macros::datetime;
/// # let lesson = |id: &str, cancelled: bool, room: &str| {
/// #     let mut l = Lesson::new(LessonId::new(id), datetime!(2025-09-08 9:00), datetime!(2025-09-08 10:00));
/// #     l.place = Some(22);
/// #     l.cancelled = cancelled;
/// #     l.rooms = vec![room.into()];
/// #     l.groups = vec!["3A".into()];
/// #     l
/// # };
/// // A room change: the lesson as planned, cancelled, and the new one.
/// let mut slot = vec![lesson("1#a", true, "S12"), lesson("2#b", false, "S14")];
/// assign_uids(&mut slot);
/// let identity = slot[0].identity();
/// assert_eq!(slot[1].uid, identity);
/// assert_eq!(slot[0].uid, format!("{identity}-2"));
/// ```
pub fn assign_uids(lessons: &mut [Lesson]) {
    let identities: Vec<[u8; 16]> = lessons.iter().map(Lesson::identity_hex).collect();
    // Indices grouped by identity, each group in the order above; a
    // stable sort keeps equal lessons in the reply's order.
    let mut order: Vec<usize> = (0..lessons.len()).collect();
    order.sort_by(|&a, &b| {
        identities.get(a).cmp(&identities.get(b)).then_with(|| {
            match (lessons.get(a), lessons.get(b)) {
                (Some(a), Some(b)) => same_identity_order(a).cmp(&same_identity_order(b)),
                _ => std::cmp::Ordering::Equal,
            }
        })
    });
    let mut rank = 0;
    let mut previous: Option<&[u8; 16]> = None;
    for index in order {
        let Some(identity) = identities.get(index) else {
            continue;
        };
        rank = if previous == Some(identity) {
            rank + 1
        } else {
            1
        };
        previous = Some(identity);
        if let Some(lesson) = lessons.get_mut(index) {
            let identity = String::from_utf8_lossy(identity);
            lesson.uid = if rank == 1 {
                identity.into_owned()
            } else {
                format!("{identity}-{rank}")
            };
        }
    }
}

/// The order of lessons that share an identity (see [`assign_uids`]).
#[allow(clippy::type_complexity, reason = "a sort key, used once")]
fn same_identity_order(l: &Lesson) -> (bool, i64, &[String], &[String], &[String], Option<&str>) {
    (
        l.cancelled,
        l.kind.code(),
        l.teachers.as_slice(),
        l.rooms.as_slice(),
        l.staff.as_slice(),
        l.status.as_deref(),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use time::PrimitiveDateTime;
    use time::macros::datetime;

    use super::*;
    use crate::models::ids::{LessonId, SubjectId};
    use crate::models::timetable::Subject;

    fn lesson(id: &str, start: PrimitiveDateTime, end: PrimitiveDateTime) -> Lesson {
        let mut lesson = Lesson::new(LessonId::new(id), start, end);
        lesson.week = 2;
        lesson
    }

    fn maths(id: &str, start: PrimitiveDateTime) -> Lesson {
        Lesson {
            place: Some(22),
            subject: Some(Subject {
                id: SubjectId::new("s"),
                name: "MATHÉMATIQUES".to_owned(),
                group_subject: false,
                color: None,
            }),
            groups: vec!["3A".to_owned(), "3B".to_owned()],
            rooms: vec!["S12".to_owned()],
            teachers: vec!["M. DUPONT".to_owned()],
            ..lesson(id, start, start + time::Duration::hours(1))
        }
    }

    #[test]
    fn the_identity_keeps_to_what_lasts() {
        let base = maths("1#a", datetime!(2025-09-08 09:00));
        let identity = base.identity();
        assert_eq!(identity.len(), 16);
        assert!(identity.bytes().all(|b| b.is_ascii_hexdigit()));
        // What changes across logins or along the year is left out.
        for same in [
            maths("2#b", datetime!(2025-09-08 09:00)),
            Lesson {
                rooms: vec!["S14".to_owned()],
                teachers: vec!["Mme MARTIN".to_owned()],
                status: Some("Prof. absent".to_owned()),
                cancelled: true,
                order: Some(3),
                ..base.clone()
            },
            Lesson {
                groups: vec!["3B".to_owned(), "3A".to_owned()],
                ..base.clone()
            },
        ] {
            assert_eq!(same.identity(), identity, "{same:?}");
        }
        // What identifies the lesson is in.
        let mut other_subject = base.clone();
        if let Some(subject) = &mut other_subject.subject {
            subject.name = "FRANÇAIS".to_owned();
        }
        for other in [
            maths("1#a", datetime!(2025-09-08 10:00)),
            maths("1#a", datetime!(2025-09-15 09:00)),
            Lesson {
                place: Some(23),
                ..base.clone()
            },
            other_subject,
            Lesson {
                groups: vec!["3A".to_owned()],
                ..base.clone()
            },
            Lesson {
                title: Some("Retenue".to_owned()),
                ..base.clone()
            },
        ] {
            assert_ne!(other.identity(), identity, "{other:?}");
        }
        // Values cannot run into each other.
        let split = |groups: &[&str]| Lesson {
            groups: groups.iter().map(|g| (*g).to_owned()).collect(),
            ..base.clone()
        };
        assert_ne!(split(&["3A3B"]).identity(), split(&["3A", "3B"]).identity());
    }

    #[test]
    fn lessons_of_one_identity_get_suffixes() {
        let at = datetime!(2025-09-08 09:00);
        let mut slot = vec![
            Lesson {
                cancelled: true,
                ..maths("old", at)
            },
            Lesson {
                cancelled: true,
                rooms: vec!["S01".to_owned()],
                ..maths("older", at)
            },
            maths("new", at),
            maths("elsewhere", datetime!(2025-09-08 10:00)),
        ];
        assign_uids(&mut slot);
        let identity = slot[2].identity();
        let uids: Vec<&str> = slot.iter().map(|l| l.uid.as_str()).collect();
        let (second, third) = (format!("{identity}-2"), format!("{identity}-3"));
        assert_eq!(
            uids,
            [
                third.as_str(),
                second.as_str(),
                identity.as_str(),
                slot[3].identity().as_str()
            ]
        );
        // Another reply order (another login) gives the same uids.
        let mut reversed: Vec<Lesson> = slot.iter().rev().cloned().collect();
        assign_uids(&mut reversed);
        let again: Vec<&str> = reversed.iter().rev().map(|l| l.uid.as_str()).collect();
        assert_eq!(again, uids);
    }
}
