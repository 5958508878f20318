//! One answer from Mode on the wire: capped bodies, JSON or not, Mode's error bodies,
//! Retry-After in either form, backoff, and what a transport failure means.

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use serde_json::Value;

use crate::error::{Error, Result};

pub(crate) enum Attempt {
    RateLimited(Option<Duration>),
    Retry(Error),
    Fail(Error),
}

impl From<Error> for Attempt {
    fn from(e: Error) -> Self {
        Attempt::Fail(e)
    }
}

pub(crate) async fn read_capped(
    mut response: reqwest::Response,
    limit: u64,
    host: &str,
) -> Result<Vec<u8>, Attempt> {
    let limit_mb = limit.div_ceil(1024 * 1024);
    if response.content_length().is_some_and(|n| n > limit) {
        return Err(Attempt::Fail(Error::BodyTooLarge { limit_mb }));
    }
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() as u64 + chunk.len() as u64 > limit {
                    return Err(Attempt::Fail(Error::BodyTooLarge { limit_mb }));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body),
            Err(e) if e.is_timeout() => {
                return Err(Attempt::Retry(Error::Timeout { detail: chain(&e) }))
            }
            Err(e) => {
                let _ = host;
                return Err(Attempt::Retry(Error::Interrupted { detail: chain(&e) }));
            }
        }
    }
}

/// Reads an answer's body as JSON, naming what is wrong when it is not.
pub fn parse_json(body: &[u8], content_type: &str) -> Result<Value> {
    let text = std::str::from_utf8(body).map_err(|_| Error::Malformed {
        what: "the answer is not valid text (UTF-8)".into(),
    })?;
    let trimmed = text.trim_start();
    if trimmed.starts_with('<') || content_type.contains("text/html") {
        return Err(Error::NotJson {
            content_type: content_type.to_string(),
        });
    }
    serde_json::from_str(trimmed).map_err(|e| Error::Malformed {
        what: format!("invalid JSON: {e}"),
    })
}

/// Mode's error body `{ "id": ..., "message": ... }`; the message may be a string or an object.
pub fn error_message(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let message = value.get("message")?;
    let text = match message {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let text: String = text.chars().take(300).collect();
    (!text.trim().is_empty()).then_some(text)
}

/// Reads `Retry-After` as delta-seconds (integer or decimal) or as an HTTP date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let raw = headers.get(RETRY_AFTER)?.to_str().ok()?.trim().to_string();
    parse_retry_after(&raw, chrono::Utc::now())
}

/// Parses a `Retry-After` value relative to `now`.
pub fn parse_retry_after(raw: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    if let Ok(secs) = raw.parse::<f64>() {
        return (0.0..1e7)
            .contains(&secs)
            .then(|| Duration::from_secs_f64(secs));
    }
    let date = chrono::DateTime::parse_from_rfc2822(raw).ok()?;
    let delta = date.with_timezone(&chrono::Utc) - now;
    Some(delta.to_std().unwrap_or(Duration::ZERO))
}

pub(crate) fn backoff(base: Duration, attempt: u32) -> Duration {
    let exp = base.saturating_mul(1u32 << attempt.min(6).saturating_sub(1));
    let capped = exp.min(Duration::from_secs(30));
    // Jitter: 50% to 100% of the step, from the clock's nanoseconds (no RNG dependency needed).
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let fraction = 0.5 + (nanos % 1000) as f64 / 2000.0;
    capped.mul_f64(fraction)
}

pub(crate) fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

pub(crate) fn classify_transport(host: &str, error: &reqwest::Error) -> Attempt {
    let detail = chain(error);
    let lower = detail.to_ascii_lowercase();
    let host = host.to_string();
    if error.is_timeout() {
        return Attempt::Retry(Error::Timeout { detail });
    }
    if lower.contains("dns error")
        || lower.contains("failed to lookup")
        || lower.contains("name or service not known")
    {
        return Attempt::Fail(Error::Dns { host, detail });
    }
    if lower.contains("certificate")
        || lower.contains("tls")
        || lower.contains("handshake")
        || lower.contains("invalidcontenttype")
    {
        return Attempt::Fail(Error::Tls { host, detail });
    }
    if error.is_connect() {
        return Attempt::Retry(Error::Connect { host, detail });
    }
    if lower.contains("connection reset")
        || lower.contains("connection closed")
        || lower.contains("incomplete")
    {
        return Attempt::Retry(Error::Interrupted { detail });
    }
    Attempt::Retry(Error::Transport { detail })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_decimals_and_http_dates() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-28T12:00:00Z")
            .map(|d| d.with_timezone(&chrono::Utc))
            .unwrap_or_default();
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("1.5", now),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            parse_retry_after("Sat, 28 Nov 2026 12:00:07 GMT", now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            parse_retry_after("Sat, 28 Nov 2026 11:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-4", now), None);
    }

    #[test]
    fn mode_error_body_message_is_read_as_text_or_object() {
        assert_eq!(
            error_message(br#"{"id":"bad_request","message":"nope"}"#).as_deref(),
            Some("nope")
        );
        assert_eq!(
            error_message(br#"{"id":"x","message":{"name":["is taken"]}}"#).as_deref(),
            Some(r#"{"name":["is taken"]}"#)
        );
        assert_eq!(error_message(b"<html>502</html>"), None);
    }

    #[test]
    fn html_error_page_is_reported_as_not_json() {
        let err = parse_json(b"<!doctype html><h1>Bad gateway</h1>", "text/html").err();
        assert_eq!(err.map(|e| e.kind()), Some("not_json"));
        let err = parse_json(b"{\"a\":", "application/json").err();
        assert_eq!(err.map(|e| e.kind()), Some("malformed"));
        let err = parse_json(&[0xff, 0xfe], "application/json").err();
        assert_eq!(err.map(|e| e.kind()), Some("malformed"));
    }

    #[test]
    fn backoff_grows_and_stays_capped() {
        let base = Duration::from_millis(100);
        assert!(backoff(base, 1) <= Duration::from_millis(100));
        assert!(backoff(base, 3) >= Duration::from_millis(200));
        assert!(backoff(base, 30) <= Duration::from_secs(30));
    }
}
