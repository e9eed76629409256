//! Fault injection: make the instance misbehave the way real ones do.

use std::str::FromStr;
use std::time::Duration;

/// A failure the server can be told to produce.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Function calls answer `{"Erreur": {"G": 25}}` (too many requests).
    RateLimited,
    /// Pages and calls answer the "IP provisoirement suspendue" page.
    IpSuspended,
    /// Pages and calls answer the "site momentanément indisponible" page.
    Busy,
    /// Pages and calls answer the "site n'est pas disponible" page.
    Unavailable,
    /// Requests answer this HTTP status (a 5xx) with an HTML body.
    HttpStatus(u16),
    /// Function calls answer a body that is not JSON.
    GarbledBody,
    /// Function calls answer with a wrong order number.
    WrongOrderNumber,
    /// The calls of a logged-in session are refused inside the payload: a
    /// `Signature.Erreur` G 3 ("Accès refusé"), encrypted and compressed
    /// like any reply, as for a tab the account may not open. (A login's
    /// own calls go through, though they count down the fault.)
    Refused,
    /// Requests are answered after this delay.
    Slow(Duration),
    /// The connection is closed without an answer.
    DropConnection,
}

impl Fault {
    /// Whether the fault applies to page loads (as well as calls).
    pub(crate) fn applies_to_pages(&self) -> bool {
        !matches!(
            self,
            Fault::RateLimited | Fault::GarbledBody | Fault::WrongOrderNumber | Fault::Refused
        )
    }
}

/// The text form is the one of the `--fault` flag and the admin endpoint:
/// `rate-limit`, `ip-suspended`, `busy`, `unavailable`, `http-500` (any
/// status), `garbled`, `wrong-order`, `refused`, `slow-2000` (milliseconds), `drop`.
impl FromStr for Fault {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase();
        let fault = match s.as_str() {
            "rate-limit" | "ratelimit" | "rate-limited" => Fault::RateLimited,
            "ip-suspended" | "suspended" => Fault::IpSuspended,
            "busy" => Fault::Busy,
            "unavailable" => Fault::Unavailable,
            "garbled" => Fault::GarbledBody,
            "wrong-order" => Fault::WrongOrderNumber,
            "refused" => Fault::Refused,
            "drop" => Fault::DropConnection,
            other => {
                if let Some(code) = other.strip_prefix("http-") {
                    let code: u16 = code
                        .parse()
                        .map_err(|_| format!("bad status in {other:?}"))?;
                    if !(100..=599).contains(&code) {
                        return Err(format!("bad status in {other:?}"));
                    }
                    Fault::HttpStatus(code)
                } else if let Some(ms) = other.strip_prefix("slow-") {
                    let ms: u64 = ms.parse().map_err(|_| format!("bad delay in {other:?}"))?;
                    Fault::Slow(Duration::from_millis(ms.min(600_000)))
                } else {
                    return Err(format!(
                        "unknown fault {other:?} (rate-limit, ip-suspended, busy, unavailable, http-NNN, garbled, wrong-order, refused, slow-MS, drop)"
                    ));
                }
            }
        };
        Ok(fault)
    }
}

/// The active faults.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    active: Vec<(Fault, Option<u32>)>,
}

impl Faults {
    pub(crate) fn inject(&mut self, fault: Fault, count: Option<u32>) {
        if count == Some(0) {
            return;
        }
        self.active.push((fault, count));
    }

    pub(crate) fn clear(&mut self) {
        self.active.clear();
    }

    /// Takes the faults for one request (a page load when `page`),
    /// counting them down.
    pub(crate) fn take(&mut self, page: bool) -> Vec<Fault> {
        let mut out = Vec::new();
        for (fault, count) in &mut self.active {
            if page && !fault.applies_to_pages() {
                continue;
            }
            out.push(fault.clone());
            if let Some(n) = count {
                *n = n.saturating_sub(1);
            }
        }
        self.active.retain(|(_, count)| *count != Some(0));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_counts_down() {
        assert_eq!(
            "slow-250".parse(),
            Ok(Fault::Slow(Duration::from_millis(250)))
        );
        assert_eq!("http-503".parse(), Ok(Fault::HttpStatus(503)));
        assert_eq!("refused".parse(), Ok(Fault::Refused));
        assert!("http-x".parse::<Fault>().is_err());
        assert!("nope".parse::<Fault>().is_err());
        let mut f = Faults::default();
        f.inject(Fault::GarbledBody, Some(1));
        f.inject(Fault::Busy, None);
        assert_eq!(f.take(true), vec![Fault::Busy]);
        assert_eq!(f.take(false), vec![Fault::GarbledBody, Fault::Busy]);
        assert_eq!(f.take(false), vec![Fault::Busy]);
    }
}
