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

    #[error("The check was cancelled.")]
    Cancelled,
}

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
            Error::Cancelled => "cancelled",
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
            | Error::Transport { detail } => Some(detail.clone()),
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
