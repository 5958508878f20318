//! Every failure the app can name, with a message written for a Mode admin.

use serde::Serialize;

/// One error type for the domain and the commands. Each variant is a situation a person can act
/// on; [`Error::kind`] gives the stable name the window branches on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{message}")]
    InvalidInput {
        field: &'static str,
        message: String,
    },

    #[error("The Mode address {host} could not be found. Check the host under Advanced, and that this computer is online.")]
    Dns { host: String, detail: String },

    #[error("Could not connect to {host}. Check that this computer is online and that no firewall or proxy blocks it.")]
    Connect { host: String, detail: String },

    #[error("The secure connection to {host} failed: its certificate was not trusted. Check the host under Advanced; a company proxy may be intercepting the connection.")]
    Tls { host: String, detail: String },

    #[error("Mode took too long to answer. Try again in a minute; if it keeps happening, check your network.")]
    Timeout { detail: String },

    #[error("The connection to Mode was cut off in the middle of an answer. Try again.")]
    Interrupted { detail: String },

    #[error("Mode did not accept this key: the Key ID or the secret is wrong, or the key was revoked or has expired.")]
    Unauthorized { message: Option<String> },

    #[error("This key is not allowed to read this part of the workspace.")]
    Forbidden { message: Option<String> },

    #[error("Mode could not find {what}.")]
    NotFound {
        what: String,
        message: Option<String>,
    },

    #[error("Mode refused the request: {}", message.clone().unwrap_or_else(|| "no reason given".into()))]
    BadRequest { message: Option<String> },

    #[error("Mode is limiting how fast this key may ask and did not free up in time. Wait a few minutes, then check again.")]
    RateLimited { retry_after_secs: Option<u64> },

    #[error("Mode had a problem of its own and could not answer (it said it was unavailable). Try again later.")]
    Server { status: u16 },

    #[error("Mode answered with a redirect to {location}, which this app does not follow so that your key is never sent anywhere else. Check the host under Advanced.")]
    Redirected { location: String },

    #[error(
        "Mode's answer was larger than {limit_mb} MB, far more than expected, so it was not read."
    )]
    BodyTooLarge { limit_mb: u64 },

    #[error("The host answered with something that is not Mode's API (a web page instead of data). Check the host under Advanced.")]
    NotJson { content_type: String },

    #[error("Mode's answer could not be understood ({what}).")]
    Malformed { what: String },

    #[error("Mode answered in an unexpected way (status {status}).")]
    UnexpectedStatus {
        status: u16,
        message: Option<String>,
    },

    #[error("The request could not be sent: {detail}")]
    Transport { detail: String },

    #[error("{message}")]
    Keyring { message: String },

    #[error("{message}")]
    Store { message: String },

    #[error("{message}")]
    Autostart { message: String },

    /// The system clipboard could not be used.
    #[error("{message}")]
    Clipboard { message: String },

    #[error("The check was cancelled.")]
    Cancelled,

    /// A failure of the app itself (a worker thread, a runtime, the system opener), never of
    /// Mode or the network.
    #[error("Something went wrong inside the app. Try again; if it keeps happening, the details below help whoever supports this app.")]
    Internal { detail: String },
}

/// Every name [`Error::kind`] can give, in the order the variants are declared. The window's
/// catalog lists them, so the page can only branch on kinds that really exist.
pub const KINDS: &[&str] = &[
    "invalid_input",
    "dns",
    "connect",
    "tls",
    "timeout",
    "interrupted",
    "unauthorized",
    "forbidden",
    "not_found",
    "bad_request",
    "rate_limited",
    "server",
    "redirected",
    "body_too_large",
    "not_json",
    "malformed",
    "unexpected_status",
    "transport",
    "keyring_unavailable",
    "store",
    "autostart",
    "clipboard",
    "cancelled",
    "internal",
];

impl Error {
    /// The stable, machine-readable name of this error.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::InvalidInput { .. } => "invalid_input",
            Error::Dns { .. } => "dns",
            Error::Connect { .. } => "connect",
            Error::Tls { .. } => "tls",
            Error::Timeout { .. } => "timeout",
            Error::Interrupted { .. } => "interrupted",
            Error::Unauthorized { .. } => "unauthorized",
            Error::Forbidden { .. } => "forbidden",
            Error::NotFound { .. } => "not_found",
            Error::BadRequest { .. } => "bad_request",
            Error::RateLimited { .. } => "rate_limited",
            Error::Server { .. } => "server",
            Error::Redirected { .. } => "redirected",
            Error::BodyTooLarge { .. } => "body_too_large",
            Error::NotJson { .. } => "not_json",
            Error::Malformed { .. } => "malformed",
            Error::UnexpectedStatus { .. } => "unexpected_status",
            Error::Transport { .. } => "transport",
            Error::Keyring { .. } => "keyring_unavailable",
            Error::Store { .. } => "store",
            Error::Autostart { .. } => "autostart",
            Error::Clipboard { .. } => "clipboard",
            Error::Cancelled => "cancelled",
            Error::Internal { .. } => "internal",
        }
    }

    /// Technical detail for a "details" toggle: status codes and library messages, never a secret.
    pub fn details(&self) -> Option<String> {
        match self {
            Error::Dns { detail, .. }
            | Error::Connect { detail, .. }
            | Error::Tls { detail, .. }
            | Error::Timeout { detail }
            | Error::Interrupted { detail }
            | Error::Transport { detail }
            | Error::Internal { detail } => Some(detail.clone()),
            Error::Unauthorized { message } => Some(with_status(401, message)),
            Error::Forbidden { message } => Some(with_status(403, message)),
            Error::NotFound { message, .. } => Some(with_status(404, message)),
            Error::BadRequest { message } => Some(with_status(400, message)),
            Error::RateLimited { retry_after_secs } => Some(match retry_after_secs {
                Some(s) => format!("HTTP 429, Retry-After {s} s"),
                None => "HTTP 429".into(),
            }),
            Error::Server { status } => Some(format!("HTTP {status}")),
            Error::UnexpectedStatus { status, message } => Some(with_status(*status, message)),
            Error::NotJson { content_type } => Some(format!("content type {content_type}")),
            Error::Malformed { what } => Some(what.clone()),
            _ => None,
        }
    }

    /// Whether Mode was busy or unreachable for now (429s past the retry budget, 5xx answers,
    /// timeouts, dropped or refused connections): checking again later may well succeed, and
    /// the error says nothing about the key's permissions.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Error::RateLimited { .. }
                | Error::Server { .. }
                | Error::Timeout { .. }
                | Error::Interrupted { .. }
                | Error::Connect { .. }
                | Error::Transport { .. }
        )
    }

    /// Whether the error means the host itself could not be reached.
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self,
            Error::Dns { .. }
                | Error::Connect { .. }
                | Error::Tls { .. }
                | Error::Timeout { .. }
                | Error::Interrupted { .. }
                | Error::Transport { .. }
                | Error::Redirected { .. }
        )
    }

    /// One error of each kind, in the order of [`KINDS`], with neutral details: the message each
    /// kind usually reads with, for the window's catalog.
    pub fn examples() -> Vec<Error> {
        let host = || "app.mode.com".to_string();
        let detail = || String::new();
        vec![
            Error::invalid(
                "input",
                "Something entered here can't be used. Check the form and try again.",
            ),
            Error::Dns {
                host: host(),
                detail: detail(),
            },
            Error::Connect {
                host: host(),
                detail: detail(),
            },
            Error::Tls {
                host: host(),
                detail: detail(),
            },
            Error::Timeout { detail: detail() },
            Error::Interrupted { detail: detail() },
            Error::Unauthorized { message: None },
            Error::Forbidden { message: None },
            Error::NotFound {
                what: "what was asked for".into(),
                message: None,
            },
            Error::BadRequest { message: None },
            Error::RateLimited {
                retry_after_secs: None,
            },
            Error::Server { status: 503 },
            Error::Redirected {
                location: "another address".into(),
            },
            Error::BodyTooLarge {
                limit_mb: crate::model::defaults::MAX_BODY_BYTES.div_ceil(1024 * 1024),
            },
            Error::NotJson {
                content_type: "text/html".into(),
            },
            Error::Malformed {
                what: "unexpected content".into(),
            },
            Error::UnexpectedStatus {
                status: 418,
                message: None,
            },
            Error::Transport {
                detail: "no reason was given".into(),
            },
            Error::Keyring {
                message: "This computer's secure storage (the keyring) could not be used.".into(),
            },
            Error::Store {
                message: "The app's saved workspaces and settings could not be read or written."
                    .into(),
            },
            Error::Autostart {
                message: "Starting at login could not be changed.".into(),
            },
            Error::Clipboard {
                message: "The clipboard could not be used.".into(),
            },
            Error::Cancelled,
            Error::Internal { detail: detail() },
        ]
    }

    /// The same error with `f` applied to every text it carries: the way server text is
    /// cleaned (a secret echoed back, for one) before it goes anywhere.
    pub fn map_text(self, f: impl Fn(String) -> String) -> Error {
        let opt = |m: Option<String>| m.map(&f);
        match self {
            Error::InvalidInput { field, message } => Error::InvalidInput {
                field,
                message: f(message),
            },
            Error::Dns { host, detail } => Error::Dns {
                host: f(host),
                detail: f(detail),
            },
            Error::Connect { host, detail } => Error::Connect {
                host: f(host),
                detail: f(detail),
            },
            Error::Tls { host, detail } => Error::Tls {
                host: f(host),
                detail: f(detail),
            },
            Error::Timeout { detail } => Error::Timeout { detail: f(detail) },
            Error::Interrupted { detail } => Error::Interrupted { detail: f(detail) },
            Error::Unauthorized { message } => Error::Unauthorized {
                message: opt(message),
            },
            Error::Forbidden { message } => Error::Forbidden {
                message: opt(message),
            },
            Error::NotFound { what, message } => Error::NotFound {
                what: f(what),
                message: opt(message),
            },
            Error::BadRequest { message } => Error::BadRequest {
                message: opt(message),
            },
            Error::Redirected { location } => Error::Redirected {
                location: f(location),
            },
            Error::NotJson { content_type } => Error::NotJson {
                content_type: f(content_type),
            },
            Error::Malformed { what } => Error::Malformed { what: f(what) },
            Error::UnexpectedStatus { status, message } => Error::UnexpectedStatus {
                status,
                message: opt(message),
            },
            Error::Transport { detail } => Error::Transport { detail: f(detail) },
            Error::Keyring { message } => Error::Keyring {
                message: f(message),
            },
            Error::Store { message } => Error::Store {
                message: f(message),
            },
            Error::Autostart { message } => Error::Autostart {
                message: f(message),
            },
            Error::Clipboard { message } => Error::Clipboard {
                message: f(message),
            },
            Error::Internal { detail } => Error::Internal { detail: f(detail) },
            e @ (Error::RateLimited { .. }
            | Error::Server { .. }
            | Error::BodyTooLarge { .. }
            | Error::Cancelled) => e,
        }
    }

    /// Bad input in `field`, with a message saying how to fix it.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Error::InvalidInput {
            field,
            message: message.into(),
        }
    }
}

fn camel(snake: &str) -> String {
    let mut parts = snake.split('_');
    let mut out = parts.next().unwrap_or_default().to_string();
    for p in parts {
        let mut c = p.chars();
        if let Some(f) = c.next() {
            out.extend(f.to_uppercase());
            out.push_str(c.as_str());
        }
    }
    out
}

fn with_status(status: u16, message: &Option<String>) -> String {
    match message {
        Some(m) => format!("HTTP {status}: {m}"),
        None => format!("HTTP {status}"),
    }
}

/// How an error crosses IPC and lands in JSON: `{ kind, message, details }`.
#[derive(Debug, Serialize)]
pub struct ErrorPayload {
    pub kind: &'static str,
    pub message: String,
    pub details: Option<String>,
    /// The form field at fault, for invalid input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl From<&Error> for ErrorPayload {
    fn from(e: &Error) -> Self {
        let field = match e {
            Error::InvalidInput { field, .. } => Some(camel(field)),
            _ => None,
        };
        ErrorPayload {
            kind: e.kind(),
            message: e.to_string(),
            details: e.details(),
            field,
        }
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ErrorPayload::from(self).serialize(s)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// Names every variant: a new one fails to compile here until it is also added to
    /// [`KINDS`] and [`Error::examples`].
    fn listed(e: &Error) -> bool {
        match e {
            Error::InvalidInput { .. }
            | Error::Dns { .. }
            | Error::Connect { .. }
            | Error::Tls { .. }
            | Error::Timeout { .. }
            | Error::Interrupted { .. }
            | Error::Unauthorized { .. }
            | Error::Forbidden { .. }
            | Error::NotFound { .. }
            | Error::BadRequest { .. }
            | Error::RateLimited { .. }
            | Error::Server { .. }
            | Error::Redirected { .. }
            | Error::BodyTooLarge { .. }
            | Error::NotJson { .. }
            | Error::Malformed { .. }
            | Error::UnexpectedStatus { .. }
            | Error::Transport { .. }
            | Error::Keyring { .. }
            | Error::Store { .. }
            | Error::Autostart { .. }
            | Error::Clipboard { .. }
            | Error::Cancelled
            | Error::Internal { .. } => true,
        }
    }

    #[test]
    fn kinds_lists_every_kind_an_error_can_have() {
        let examples = Error::examples();
        assert!(examples.iter().all(listed));
        let kinds: Vec<&str> = examples.iter().map(Error::kind).collect();
        assert_eq!(kinds, KINDS);
        let mut unique = kinds.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), KINDS.len(), "two variants share a kind");
    }

    #[test]
    fn an_internal_failure_never_reads_as_mode_being_unreachable() {
        let e = Error::Internal {
            detail: "worker thread stopped".into(),
        };
        assert_eq!(e.kind(), "internal");
        assert!(!e.is_unreachable());
        assert!(!e.to_string().contains("Mode"));
        let payload = ErrorPayload::from(&e);
        assert_eq!(payload.details.as_deref(), Some("worker thread stopped"));
    }

    #[test]
    fn invalid_input_names_its_field_in_camel_case() {
        let payload = ErrorPayload::from(&Error::invalid("key_id", "Enter the Key ID."));
        assert_eq!(payload.kind, "invalid_input");
        assert_eq!(payload.field.as_deref(), Some("keyId"));
    }
}
