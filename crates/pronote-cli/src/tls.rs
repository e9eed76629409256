//! TLS for the command line: the HTTP client trusting a school's own root
//! (`--ca-cert FILE`, else `SSL_CERT_FILE`), and certificate failures told
//! in words.

use std::path::Path;

use pronote_transport::HyperTransport;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use rustls::{CertificateError, Error as TlsError};

use crate::error::{CliError, CliResult};

/// The environment variable naming extra root certificates (PEM), as
/// OpenSSL and many tools read it.
pub(crate) const CERT_FILE_ENV: &str = "SSL_CERT_FILE";

/// The HTTP client of this run: the built-in roots, plus those of
/// `ca_cert` (an error when they cannot be used) or, without it, those of
/// `SSL_CERT_FILE` (certificates that cannot be used there are skipped:
/// the variable often names a whole system bundle).
pub(crate) fn transport(ca_cert: Option<&Path>) -> CliResult<HyperTransport> {
    let mut builder = HyperTransport::builder();
    let roots = match ca_cert {
        Some(path) => read_roots(path, true)?,
        None => match std::env::var_os(CERT_FILE_ENV).filter(|v| !v.is_empty()) {
            Some(path) => read_roots(Path::new(&path), false)?,
            None => Vec::new(),
        },
    };
    for der in roots {
        builder = builder.add_root_certificate(der);
    }
    builder
        .build()
        .map_err(|e| CliError::api("preparing the HTTP client", e.into()))
}

/// The certificates of a PEM file (or of one DER certificate), each
/// checked to be usable as a root. `strict`: an unusable one is an error,
/// else it is skipped.
fn read_roots(path: &Path, strict: bool) -> CliResult<Vec<Vec<u8>>> {
    let bytes = std::fs::read(path).map_err(|error| CliError::File {
        doing: "reading the certificates of",
        path: path.to_owned(),
        error,
    })?;
    let bad = |reason: String| CliError::BadFile {
        path: path.to_owned(),
        reason,
    };
    let certificates: Vec<CertificateDer<'static>> = if bytes.starts_with(b"-----") {
        CertificateDer::pem_slice_iter(&bytes)
            .collect::<Result<_, _>>()
            .map_err(|e| bad(format!("not a PEM certificate file: {e}")))?
    } else {
        vec![CertificateDer::from(bytes)]
    };
    if certificates.is_empty() {
        return Err(bad("it holds no certificate".into()));
    }
    let mut usable = Vec::new();
    for (index, certificate) in certificates.into_iter().enumerate() {
        let mut check = rustls::RootCertStore::empty();
        match check.add(certificate.clone()) {
            Ok(()) => usable.push(certificate.as_ref().to_vec()),
            Err(e) if strict => {
                return Err(bad(format!(
                    "certificate {} is not a usable root: {e}",
                    index + 1
                )));
            }
            Err(e) => tracing::warn!("{}: certificate {} skipped: {e}", path.display(), index + 1),
        }
    }
    Ok(usable)
}

/// Finds a TLS failure among the causes of `error` and says it in words.
pub(crate) fn tls_failure(error: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut next = Some(error);
    while let Some(cause) = next {
        if let Some(tls) = as_tls(cause) {
            return Some(describe(tls));
        }
        next = cause.source();
    }
    None
}

/// The rustls error itself, or the one I/O errors wrap (`io::Error` hides
/// its inner error from `source()`, and connectors wrap one I/O error in
/// another).
fn as_tls<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a TlsError> {
    if let Some(tls) = error.downcast_ref::<TlsError>() {
        return Some(tls);
    }
    let mut inner = error
        .downcast_ref::<std::io::Error>()
        .and_then(std::io::Error::get_ref);
    // Bounded: a handful of wrappers at most.
    for _ in 0..8 {
        let current = inner?;
        if let Some(tls) = current.downcast_ref::<TlsError>() {
            return Some(tls);
        }
        inner = current
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref);
    }
    None
}

fn describe(error: &TlsError) -> String {
    match error {
        TlsError::InvalidCertificate(e) => match e {
            CertificateError::UnknownIssuer => {
                "the server's certificate is not trusted (unknown issuer)".to_owned()
            }
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                "the server's certificate has expired".to_owned()
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                "the server's certificate is not valid yet (check this computer's clock)".to_owned()
            }
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                "the server's certificate is for another address".to_owned()
            }
            CertificateError::Revoked => "the server's certificate was revoked".to_owned(),
            CertificateError::BadSignature | CertificateError::BadEncoding => {
                "the server's certificate is damaged".to_owned()
            }
            other => format!("the server's certificate was refused ({other:?})"),
        },
        other => format!("the secure connection (TLS) failed: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_failures_are_told_in_words() {
        let io = std::io::Error::other(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            TlsError::InvalidCertificate(CertificateError::UnknownIssuer),
        ));
        assert_eq!(
            tls_failure(&io).as_deref(),
            Some("the server's certificate is not trusted (unknown issuer)")
        );
        let plain = std::io::Error::other("refused");
        assert_eq!(tls_failure(&plain), None);
    }

    #[test]
    fn a_file_without_certificates_is_refused() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("empty.pem");
        std::fs::write(&path, "-----BEGIN NOTHING-----\n").unwrap();
        let error = transport(Some(&path))
            .map(|_| ())
            .map_err(|e| e.to_string());
        assert!(error.is_err(), "{error:?}");
    }
}
