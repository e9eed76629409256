//! Files served under `FichiersExternes/`: attachments of homework,
//! lesson contents, punishments and news.

/// An attachment: a file (`G` 1) or a link (`G` 0).
#[derive(Debug, Clone)]
pub(crate) enum Attachment {
    /// A stored file (index into [`Files`]).
    File(usize),
    /// A link.
    Link {
        name: &'static str,
        url: &'static str,
    },
}

/// A stored file.
#[derive(Debug, Clone)]
pub(crate) struct FileEntry {
    pub(crate) name: String,
    /// The text printed in the PDF (or the text file's content).
    pub(crate) text: Vec<String>,
}

/// Every stored file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Files {
    pub(crate) entries: Vec<FileEntry>,
}

impl Files {
    /// Stores a file and returns its attachment.
    pub(crate) fn add(&mut self, name: impl Into<String>, text: Vec<String>) -> Attachment {
        self.entries.push(FileEntry {
            name: name.into(),
            text,
        });
        Attachment::File(self.entries.len() - 1)
    }

    /// A file by index.
    pub(crate) fn get(&self, index: usize) -> Option<&FileEntry> {
        self.entries.get(index)
    }
}

/// Links used as attachments.
pub(crate) const LINKS: &[(&str, &str)] = &[
    (
        "Vid\u{e9}o de r\u{e9}vision",
        "https://www.example.com/videos/revision",
    ),
    ("Exercices en ligne", "https://www.example.org/exercices"),
    ("Dictionnaire en ligne", "https://dictionnaire.example.net/"),
];
