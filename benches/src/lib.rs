//! Shared fixtures for the pronote-rs benchmarks (`benches/benches/*.rs`).
//!
//! [`timetable_payload`] builds a PRONOTE-like reply payload of a chosen
//! size: a `PageEmploiDuTemps` answer whose `ListeCours` holds lessons with
//! French labels, typed dates (`{"_T": 7, "V": …}`), wrapped lists
//! (`{"_T": 24, "V": […]}`) and the high-entropy ids the server sends, so
//! that parse costs resemble real traffic (the random ids make it compress
//! to about a third, somewhat less well than real replies). The generator
//! is deterministic: every run measures the same bytes.
//!
//! [`scale_server`] starts the server the scale run and the session
//! memory measures log in to; [`ServerChild`] runs it in a child process
//! (the measuring binary again, in its server role), so that the memory
//! measured is the client's alone.

use pronote_proto::crypto::{AesKey, Cipher, Iv};
use pronote_proto::payload::Flags;
use serde_json::{Value, json};

/// The payload sizes measured: a label and a target size in bytes of JSON
/// text.
pub const SIZES: [(&str, usize); 3] = [("1KB", 1024), ("100KB", 100 * 1024), ("1MB", 1024 * 1024)];

/// A short name for a flag combination.
pub fn flags_name(flags: Flags) -> &'static str {
    match (flags.encrypt, flags.compress) {
        (false, false) => "plain",
        (true, false) => "aes",
        (false, true) => "deflate",
        (true, true) => "aes+deflate",
    }
}

/// A session cipher as a logged-in client holds it (a derived key and the
/// IV of the session).
pub fn session_cipher() -> Cipher {
    Cipher::new(
        AesKey::from_material(b"ELEVE-DEMO5E3B1C0A9F8D7E6F5A4B3C2D1E0F9A8B7C6D5E4F3A2B1C0D9E8F7"),
        Iv::from_iv_temp(&[0x5a; 16]),
    )
}

/// A small deterministic generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub const fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// One element of a non-empty slice.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let index = usize::try_from(self.below(items.len() as u64)).unwrap_or(0);
        items.get(index).copied().unwrap_or("")
    }

    /// A PRONOTE object id: a numeric prefix, `#` and 43 base64url
    /// characters (as random as the server's).
    pub fn id(&mut self) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = format!("{}#", 10 + self.below(190));
        for _ in 0..43 {
            let index = usize::try_from(self.below(64)).unwrap_or(0);
            out.push(char::from(ALPHABET.get(index).copied().unwrap_or(b'A')));
        }
        out
    }
}

const SUBJECTS: &[&str] = &[
    "MATHÉMATIQUES",
    "FRANÇAIS",
    "HISTOIRE-GÉOGRAPHIE",
    "ANGLAIS LV1",
    "ESPAGNOL LV2",
    "PHYSIQUE-CHIMIE",
    "SCIENCES DE LA VIE ET DE LA TERRE",
    "ÉDUCATION PHYSIQUE & SPORTIVE",
    "ENSEIGNEMENT MORAL & CIVIQUE",
    "SCIENCES ÉCONOMIQUES & SOCIALES",
    "ARTS PLASTIQUES",
    "ÉDUCATION MUSICALE",
];

const TEACHERS: &[&str] = &[
    "M. DUPONT J.",
    "Mme LEFÈVRE C.",
    "M. GARÇON P.",
    "Mme NGUYEN T.",
    "M. BÉRANGER L.",
    "Mme MÜLLER A.",
    "M. O'BRIEN S.",
];

const ROOMS: &[&str] = &[
    "Salle 104",
    "Salle 212",
    "Labo SVT 2",
    "Gymnase",
    "CDI",
    "Salle Molière",
    "Amphithéâtre",
];

const GROUPS: &[&str] = &[
    "3E2",
    "3E4",
    "[3E2] <Anglais Groupe 1>",
    "2NDE 5",
    "TERM G3",
];

const STATUSES: &[&str] = &[
    "Cours modifié",
    "Prof. absent",
    "Cours annulé",
    "Changement de salle",
    "Exceptionnel",
];

const MEMOS: &[&str] = &[
    "Apporter la calculatrice et le cahier d'exercices.",
    "Évaluation sur le chapitre 4 : équations du second degré.",
    "Sortie au musée : rendez-vous à 8h15 devant l'établissement.",
    "Lire les pages 112 à 118 du manuel « Les Misérables ».",
];

const COLOURS: &[&str] = &[
    "#2338BB", "#FF8040", "#3EB44B", "#C0C0C0", "#FFE066", "#9B59B6",
];

/// One lesson of `ListeCours`.
pub fn lesson(rng: &mut Rng, index: u64) -> Value {
    let week_day = index % 5;
    let day = 1 + (index / 40 + week_day) % 28;
    let hour = 8 + index % 9;
    let duration = 1 + rng.below(3);
    let mut contents = vec![
        json!({"N": rng.id(), "G": 16, "L": rng.pick(SUBJECTS)}),
        json!({"N": rng.id(), "G": 3, "L": rng.pick(TEACHERS)}),
        json!({"N": rng.id(), "G": 17, "L": rng.pick(ROOMS)}),
    ];
    if rng.below(3) == 0 {
        contents.push(json!({"N": rng.id(), "G": 2, "L": rng.pick(GROUPS)}));
    }
    let mut lesson = json!({
        "N": rng.id(),
        "G": 0,
        "P": index,
        "place": week_day * 20 + (hour - 8) * 2,
        "duree": duration * 2,
        "DateDuCours": {"_T": 7, "V": format!("{day:02}/09/2025 {hour:02}:00:00")},
        "DateDuCoursFin": {"_T": 7, "V": format!("{day:02}/09/2025 {:02}:00:00", hour + duration)},
        "CouleurFond": rng.pick(COLOURS),
        "ListeContenus": {"_T": 24, "V": contents},
        "AvecTafPublie": rng.below(4) == 0,
        "estAnnule": false,
    });
    if rng.below(5) == 0 {
        lesson["Statut"] = json!(rng.pick(STATUSES));
        lesson["estAnnule"] = json!(rng.below(2) == 0);
    }
    if rng.below(6) == 0 {
        lesson["memo"] = json!(rng.pick(MEMOS));
    }
    lesson
}

/// A `PageEmploiDuTemps` reply payload whose compact JSON text is within
/// a few dozen bytes of `target_bytes`: as many lessons as fit, then small
/// `joursCycle` entries.
pub fn timetable_payload(target_bytes: usize) -> Value {
    let mut rng = Rng::new(0x5052_4f4e_4f54_4521);
    let mut payload = json!({
        "Signature": {"onglet": 16},
        "data": {
            "ParametreExportiCal": true,
            "avecCoursAnnule": true,
            "debutDemiPensionHebdo": {"_T": 8, "V": "[]"},
            "absences": {"joursCycle": {"_T": 24, "V": []}},
            "ListeCours": [],
            "prefsGrille": {"genreRessource": 4, "couleurFond": "#FFFFFF"},
        },
    });
    let mut size = json_bytes(&payload).len();
    let mut lessons = Vec::new();
    for index in 0.. {
        let next = lesson(&mut rng, index);
        // One more byte for the comma between lessons.
        let grown = size + json_bytes(&next).len() + usize::from(index > 0);
        if grown > target_bytes {
            break;
        }
        size = grown;
        lessons.push(next);
    }
    payload["data"]["ListeCours"] = Value::Array(lessons);
    // Whole lessons are about 750 bytes: fill the rest with the small
    // entries of `joursCycle` (about 70 bytes each).
    let mut days = Vec::new();
    for day in 0u64.. {
        let entry = json!({
            "jourCycle": day % 5 + 1,
            "numeroSemaine": day / 5 + 1,
            "date": {"_T": 7, "V": format!("{:02}/09/2025", day % 28 + 1)},
        });
        let grown = size + json_bytes(&entry).len() + usize::from(day > 0);
        // Stop at the size nearest the target.
        if grown.abs_diff(target_bytes) > size.abs_diff(target_bytes) {
            break;
        }
        size = grown;
        days.push(entry);
    }
    payload["data"]["absences"]["joursCycle"]["V"] = Value::Array(days);
    payload
}

/// The compact JSON text of a value.
pub fn json_bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// The `pronote-server` of the scale run and of the session memory probe:
/// 2025.2.6, encryption and compression, seed 7, sessions kept an hour,
/// on a free loopback port.
pub async fn scale_server() -> std::io::Result<pronote_server::RunningServer> {
    pronote_server::Server::builder()
        .version("2025.2.6")
        .encryption(true)
        .compression(true)
        .seed(7)
        .session_timeout(std::time::Duration::from_secs(3600))
        .bind("127.0.0.1:0")
        .start()
        .await
}

/// The environment variable that puts a measuring binary in its server
/// role (see [`ServerChild`]).
pub const SERVER_ROLE: &str = "PRONOTE_BENCH_ROLE";

/// A measuring binary's server, run by the same binary in a child process.
///
/// The binary calls [`ServerChild::serve_if_asked`] first: in the child
/// (where [`SERVER_ROLE`] is `server`) it serves and returns `true`, and
/// the binary then returns. The parent starts the child with
/// [`ServerChild::start`]; dropping it closes the child's stdin, which
/// ends it.
#[derive(Debug)]
pub struct ServerChild {
    child: std::process::Child,
    url: String,
}

impl ServerChild {
    /// Starts this executable again with [`SERVER_ROLE`] set and `args`
    /// (a test binary needs its own name to run only itself), and waits
    /// for the server's URL: the first line of the child's output that is
    /// one.
    pub fn start(args: &[&str]) -> std::io::Result<Self> {
        use std::io::BufRead;
        use std::process::{Command, Stdio};

        let mut child = Command::new(std::env::current_exe()?)
            .args(args)
            .env(SERVER_ROLE, "server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("the server child has no stdout"))?;
        let mut lines = std::io::BufReader::new(stdout);
        let mut line = String::new();
        while !line.starts_with("http") {
            line.clear();
            if lines.read_line(&mut line)? == 0 {
                return Err(std::io::Error::other(
                    "the server child ended without a URL",
                ));
            }
        }
        Ok(ServerChild {
            child,
            url: line.trim().to_owned(),
        })
    }

    /// The server's base URL (`http://127.0.0.1:PORT/pronote/`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// In the child: serves [`scale_server`] until stdin closes and
    /// returns `true`. Elsewhere returns `false` at once.
    pub fn serve_if_asked() -> std::io::Result<bool> {
        if std::env::var(SERVER_ROLE).as_deref() != Ok("server") {
            return Ok(false);
        }
        let rt = tokio::runtime::Runtime::new()?;
        rt.block_on(async {
            let server = scale_server().await?;
            println!("{}", server.url());
            // Blocks a thread of the pool until the parent closes stdin.
            tokio::task::spawn_blocking(|| {
                let mut sink = String::new();
                while std::io::stdin().read_line(&mut sink).is_ok_and(|n| n > 0) {
                    sink.clear();
                }
            })
            .await
            .ok();
            server.shutdown().await;
            Ok(true)
        })
    }
}

impl Drop for ServerChild {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_reach_their_size_and_are_deterministic() {
        for (_, size) in SIZES {
            let a = json_bytes(&timetable_payload(size));
            assert!(a.len().abs_diff(size) < 64, "{}", a.len());
            assert_eq!(a, json_bytes(&timetable_payload(size)));
        }
    }
}
