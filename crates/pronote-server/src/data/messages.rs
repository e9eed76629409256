//! Discussions (`Messagerie`): the initial ones of each account. The store
//! keeps them per account and applies the writes.

use time::PrimitiveDateTime;

use super::calendar::{day, place_time};
use super::files::{Attachment, Files};
use super::people::Person;

/// A message.
#[derive(Debug, Clone)]
pub(crate) struct Message {
    /// Sent by the account itself.
    pub(crate) from_me: bool,
    /// Author's name (when not the account).
    pub(crate) author: String,
    /// `Professeur`, `Personnel` or `Eleve`.
    pub(crate) author_hint: &'static str,
    /// The recipients, as shown.
    pub(crate) to: String,
    pub(crate) date: PrimitiveDateTime,
    pub(crate) content: String,
    pub(crate) read: bool,
    /// Index of the message it answers.
    pub(crate) reply_to: Option<usize>,
    /// The attached files (`listeDocumentsJoints`).
    pub(crate) attachments: Vec<Attachment>,
}

/// A discussion.
#[derive(Debug, Clone)]
pub(crate) struct Discussion {
    pub(crate) subject: String,
    /// Creator's name, `None` when the account created it.
    pub(crate) creator: Option<String>,
    pub(crate) participants: Vec<String>,
    pub(crate) closed: bool,
    pub(crate) trash: bool,
    pub(crate) deleted: bool,
    pub(crate) messages: Vec<Message>,
    /// The account's draft answer (`SaisieMessage` `commande "brouillon"`).
    pub(crate) draft: Option<String>,
}

fn at(y: i32, m: u8, d: u8, place: u32) -> PrimitiveDateTime {
    PrimitiveDateTime::new(day(y, m, d), place_time(place))
}

/// The files attached to the demo's messages, stored with the other
/// files (after them, so that their indices do not move).
#[derive(Debug, Clone)]
pub(crate) struct MessageFiles {
    /// The statement of the "Devoir maison n°2" the maths teacher sends
    /// the student with his first message.
    pub(crate) homework_statement: Attachment,
}

impl MessageFiles {
    /// Stores the files in `files`.
    pub(crate) fn store(files: &mut Files) -> Self {
        MessageFiles {
            homework_statement: files.add(
                "DM2_enonce.pdf",
                vec![
                    "Devoir maison 2 - Math\u{e9}matiques".to_owned(),
                    "\u{c0} rendre le lundi 22 septembre 2025".to_owned(),
                    "Exercice 1 : calcul litt\u{e9}ral".to_owned(),
                    "Exercice 2 : \u{e9}quations du premier degr\u{e9}".to_owned(),
                    "Exercice 3 : probl\u{e8}me (obligatoire)".to_owned(),
                ],
            ),
        }
    }
}

/// The discussions an account starts the year with. `me` is the
/// account's display name.
pub(crate) fn initial(
    me: &str,
    teachers: &[Person],
    staff: &[Person],
    parent: bool,
    files: &MessageFiles,
) -> Vec<Discussion> {
    let maths = teachers.get(2).map(Person::full_name).unwrap_or_default();
    let cpe = staff.first().map(Person::full_name).unwrap_or_default();
    let spanish = teachers.get(6).map(Person::full_name).unwrap_or_default();
    let first = if parent {
        Discussion {
            subject: "Rendez-vous".to_owned(),
            creator: None,
            participants: vec![me.to_owned(), maths.clone()],
            closed: false,
            trash: false,
            deleted: false,
            draft: None,
            messages: vec![
                Message {
                    from_me: true,
                    author: me.to_owned(),
                    author_hint: "Responsable",
                    to: maths.clone(),
                    date: at(2025, 9, 22, 20),
                    content: "Bonjour, serait-il possible de vous rencontrer au sujet des r\u{e9}sultats de Lucas ?".to_owned(),
                    read: true,
                    reply_to: None,
                    attachments: vec![],
                },
                Message {
                    from_me: false,
                    author: maths.clone(),
                    author_hint: "Professeur",
                    to: me.to_owned(),
                    date: at(2025, 9, 23, 9),
                    content: "Bonjour, bien s\u{fb}r : jeudi \u{e0} 17h00 au coll\u{e8}ge, salle S12.".to_owned(),
                    read: false,
                    reply_to: Some(0),
                    attachments: vec![],
                },
            ],
        }
    } else {
        Discussion {
            subject: "Devoir maison n\u{b0}2".to_owned(),
            creator: Some(maths.clone()),
            participants: vec![maths.clone(), me.to_owned()],
            closed: false,
            trash: false,
            deleted: false,
            draft: None,
            messages: vec![
                Message {
                    from_me: false,
                    author: maths.clone(),
                    author_hint: "Professeur",
                    to: me.to_owned(),
                    date: at(2025, 9, 15, 6),
                    content: "Bonjour, le devoir maison n\u{b0}2 est \u{e0} rendre pour lundi. Bon courage !".to_owned(),
                    read: true,
                    reply_to: None,
                    attachments: vec![files.homework_statement.clone()],
                },
                Message {
                    from_me: true,
                    author: me.to_owned(),
                    author_hint: "Eleve",
                    to: maths.clone(),
                    date: at(2025, 9, 15, 17),
                    content: "Merci Monsieur, est-ce que l'exercice 3 est obligatoire ?".to_owned(),
                    read: true,
                    reply_to: Some(0),
                    attachments: vec![],
                },
                Message {
                    from_me: false,
                    author: maths.clone(),
                    author_hint: "Professeur",
                    to: me.to_owned(),
                    date: at(2025, 9, 16, 4),
                    content: "Oui, l'exercice 3 est obligatoire.".to_owned(),
                    read: false,
                    reply_to: Some(1),
                    attachments: vec![],
                },
            ],
        }
    };
    vec![
        first,
        Discussion {
            subject: "Retard du 12 septembre".to_owned(),
            creator: Some(cpe.clone()),
            participants: vec![cpe.clone(), me.to_owned()],
            closed: false,
            trash: false,
            deleted: false,
            draft: None,
            messages: vec![Message {
                from_me: false,
                author: cpe.clone(),
                author_hint: "Personnel",
                to: me.to_owned(),
                date: at(2025, 9, 12, 3),
                content: "Merci de justifier le retard de ce matin aupr\u{e8}s de la vie scolaire.".to_owned(),
                read: false,
                reply_to: None,
                attachments: vec![],
            }],
        },
        Discussion {
            subject: "Voyage en Espagne".to_owned(),
            creator: Some(spanish.clone()),
            participants: vec![spanish.clone(), me.to_owned()],
            closed: true,
            trash: false,
            deleted: false,
            draft: None,
            messages: vec![Message {
                from_me: false,
                author: spanish.clone(),
                author_hint: "Professeur",
                to: me.to_owned(),
                date: at(2025, 10, 6, 12),
                content: "Le voyage \u{e0} Madrid aura lieu du 23 au 27 mars. Les inscriptions sont closes.".to_owned(),
                read: true,
                reply_to: None,
                attachments: vec![],
            }],
        },
    ]
}
