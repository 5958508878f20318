//! Faults the simulator can inject into its answers: error pages, 429s, cut or endless bodies,
//! redirects, silence, and any body at all.

/// A fault to serve instead of (or around) the real answer.
#[derive(Debug, Clone, PartialEq)]
pub enum FaultKind {
    /// A 5xx error page in HTML.
    ServerError(u16),
    /// 429 with `Retry-After` in seconds, as an HTTP date, or absent.
    TooManyRequests(RetryAfter),
    /// A 200 whose body is cut-off JSON.
    Malformed,
    /// Headers and half the body, then the connection is reset.
    ResetMidBody,
    /// A body that trickles forever.
    NeverEnds,
    /// A body of this many bytes; with or without a Content-Length header.
    Huge { bytes: u64, declared: bool },
    /// A redirect to this location.
    Redirect(String),
    /// No answer at all.
    Hang,
    /// Any status and body, for fuzzing the readers.
    Body {
        status: u16,
        content_type: String,
        body: Vec<u8>,
    },
}

/// How a 429 says when to come back.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RetryAfter {
    Seconds(u64),
    HttpDate(u64),
    Absent,
}

/// A fault served to the next `times` requests whose path contains `path_contains`.
#[derive(Debug, Clone)]
pub struct Fault {
    pub path_contains: String,
    pub kind: FaultKind,
    pub times: u32,
}
