//! Plain descriptions of HTTP messages: proto says what to send and reads
//! what came back; a transport moves the bytes.

use std::borrow::Cow;
use std::fmt;

/// The HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET (the space page).
    Get,
    /// POST (every function call).
    Post,
}

impl Method {
    /// The method's name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// A request to send, as proto describes it.
///
/// Header names are lowercase. The transport adds what belongs to the
/// connection (`host`, `content-length`, cookies from its jar).
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// Method.
    pub method: Method,
    /// Absolute URL.
    pub url: String,
    /// Extra headers.
    pub headers: Vec<(Cow<'static, str>, String)>,
    /// Body bytes (empty for GET).
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The value of a header, if set.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for HttpRequest {
    // The body may hold credentials in clear (unencrypted instances): only
    // its size is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// A response as received, after transfer decoding (gzip is the
/// transport's job).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Headers, names in any case.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with a status and a body and no headers.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// The value of a header, if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// What a non-success status means: the condition of a known error
    /// page, else the status itself; `None` for a 2xx response.
    pub fn status_error(&self) -> Option<crate::Error> {
        if (200..300).contains(&self.status) {
            return None;
        }
        Some(match crate::ServerError::from_body_text(&self.text()) {
            Some(condition) => condition.into(),
            None => crate::PeerError::HttpStatus(self.status).into(),
        })
    }

    /// The body as text (lossy: only used to recognise error pages).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

impl fmt::Debug for HttpResponse {
    // Bodies hold pupils' data: only the size is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// A desktop browser User-Agent, needed by password and ENT logins.
pub const USER_AGENT_DESKTOP: &str =
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

/// A User-Agent for token and QR-code logins: 2025.2+ servers require the
/// `PRONOTE Mobile APP` marker.
pub const USER_AGENT_MOBILE: &str =
    "Mozilla/5.0 (Linux; Android 14; Mobile) PRONOTE Mobile APP Version/2.0.11";
