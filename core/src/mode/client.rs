//! The one HTTP client that talks to Mode: Basic auth, GET only, a shared pacer under Mode's
//! rate limit, bounded concurrency, retries for 429/5xx/timeouts, capped bodies, and pagination
//! that cannot silently lose data.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, ACCEPT, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use reqwest::{StatusCode, Url};
use serde_json::Value;
use tokio::sync::{Mutex, Semaphore};

use crate::error::{Error, Result};
use crate::secret::Secret;

/// Tunables of the client. The defaults suit Mode's published limits.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Time allowed to open a connection.
    pub connect_timeout: Duration,
    /// Time allowed for one whole request, body included.
    pub request_timeout: Duration,
    /// Sustained request rate. Mode allows about 240 a minute per workspace, shared with every
    /// other client of it (Atlan's crawler among them).
    pub requests_per_minute: f64,
    /// Requests that may start back to back before pacing applies. With the rate above, no
    /// sixty-second window ever holds more than `burst + requests_per_minute` requests.
    pub burst: f64,
    /// Requests in flight at once.
    pub max_in_flight: usize,
    /// Retries after a 5xx answer, a timeout or a dropped connection.
    pub max_retries: u32,
    /// Retries after a 429 answer.
    pub max_rate_limit_retries: u32,
    /// The longest Retry-After the client will sit out; longer ones end the check.
    pub max_retry_after: Duration,
    /// First backoff step; doubled on each retry, with jitter.
    pub backoff_base: Duration,
    /// Most pages walked for one listing; reaching it is reported, never hidden.
    pub max_pages: u32,
    /// Largest answer read; larger ones are refused without being read whole.
    pub max_body_bytes: u64,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(40),
            requests_per_minute: DEFAULT_MAX_RATE - 15.0,
            burst: 15.0,
            max_in_flight: 6,
            max_retries: 3,
            max_rate_limit_retries: 8,
            max_retry_after: Duration::from_secs(90),
            backoff_base: Duration::from_millis(500),
            max_pages: 1000,
            max_body_bytes: 32 * 1024 * 1024,
        }
    }
}

/// Most requests sent in any sixty seconds by default, burst included: Mode allows about 240 a
/// minute per workspace, and Atlan's crawler needs the rest.
pub const DEFAULT_MAX_RATE: f64 = 200.0;

impl ClientOptions {
    /// Options that never send more than `max` requests in any sixty seconds, burst included.
    pub fn with_max_rate(max: f64) -> ClientOptions {
        let burst = (max * 0.075).clamp(1.0, 15.0);
        ClientOptions {
            requests_per_minute: (max - burst).max(1.0),
            burst,
            ..ClientOptions::default()
        }
    }
}

/// Counters of one client's traffic.
#[derive(Debug, Default)]
pub struct Stats {
    pub requests: AtomicU64,
    pub rate_limited: AtomicU64,
    pub retries: AtomicU64,
}

/// A snapshot of [`Stats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct StatsSnapshot {
    pub requests: u64,
    pub rate_limited: u64,
    pub retries: u64,
}

/// The page size asked for, as DataHub asks (and Mode's reports come 30 to a page anyway).
pub const PER_PAGE: u32 = 30;

/// The result of walking a paged listing.
#[derive(Debug, Default)]
pub struct Listing {
    pub items: Vec<Value>,
    pub pages: u32,
    /// The page cap was reached while pages still brought new items.
    pub truncated: bool,
}

/// A walk through a listing's pages: what was seen, and whether the last page ended it.
#[derive(Default)]
struct Walk {
    seen: HashSet<String>,
    listing: Listing,
}

impl Walk {
    /// Takes page `page`; true when it ends the walk.
    fn take(&mut self, body: Value, key: &str, page: u32) -> Result<bool> {
        let items = embedded_items(&body, key)?;
        self.listing.pages = page;
        let mut fresh = 0usize;
        for item in items {
            if self.seen.insert(item_key(item)) {
                self.listing.items.push(item.clone());
                fresh += 1;
            }
        }
        Ok(fresh == 0 || last_page(&body, page))
    }
}

struct Pacer {
    state: Mutex<PacerState>,
    per_second: f64,
    burst: f64,
}

struct PacerState {
    tokens: f64,
    last: Instant,
    paused_until: Option<Instant>,
}

impl Pacer {
    fn new(per_minute: f64, burst: f64) -> Self {
        let burst = burst.max(1.0);
        Pacer {
            state: Mutex::new(PacerState {
                tokens: burst,
                last: Instant::now(),
                paused_until: None,
            }),
            per_second: (per_minute / 60.0).max(0.01),
            burst,
        }
    }

    /// Waits for a slot under the rate limit.
    async fn acquire(&self) {
        loop {
            let wait = {
                let mut s = self.state.lock().await;
                let now = Instant::now();
                let elapsed = now.duration_since(s.last).as_secs_f64();
                s.tokens = (s.tokens + elapsed * self.per_second).min(self.burst);
                s.last = now;
                match s.paused_until {
                    Some(until) if until > now => until - now,
                    _ if s.tokens >= 1.0 => {
                        s.tokens -= 1.0;
                        return;
                    }
                    _ => Duration::from_secs_f64((1.0 - s.tokens) / self.per_second),
                }
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// Holds every request of this client until `until` (after a 429 with Retry-After), and
    /// empties the bucket so the restart is gentle.
    async fn pause(&self, until: Instant) {
        let mut s = self.state.lock().await;
        if s.paused_until.is_none_or(|p| p < until) {
            s.paused_until = Some(until);
        }
        s.tokens = 0.0;
        s.last = until.max(Instant::now());
    }
}

struct Inner {
    http: reqwest::Client,
    base: Url,
    key_id: String,
    secret: Secret,
    options: ClientOptions,
    pacer: Pacer,
    in_flight: Semaphore,
    stats: Stats,
}

/// A client for one Mode host and one key. Cheap to clone; clones share the pacer.
#[derive(Clone)]
pub struct ModeClient {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for ModeClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModeClient")
            .field("base", &self.inner.base.as_str())
            .field("key_id", &self.inner.key_id)
            .field("secret", &self.inner.secret)
            .finish()
    }
}

/// The user agent sent with every request.
pub fn user_agent() -> String {
    format!("mode-setup/{}", env!("CARGO_PKG_VERSION"))
}

impl ModeClient {
    /// Builds a client for `base` (a host checked by [`crate::input::parse_host`]).
    pub fn new(base: Url, key_id: &str, secret: Secret, options: ClientOptions) -> Result<Self> {
        let mut headers = HeaderMap::new();
        headers.insert(
            ACCEPT,
            reqwest::header::HeaderValue::from_static("application/hal+json"),
        );
        headers.insert(
            CONTENT_TYPE,
            reqwest::header::HeaderValue::from_static("application/json"),
        );
        let http = reqwest::Client::builder()
            .user_agent(user_agent())
            .default_headers(headers)
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .https_only(base.scheme() == "https")
            .build()
            .map_err(|e| Error::Transport {
                detail: e.to_string(),
            })?;
        Ok(ModeClient {
            inner: Arc::new(Inner {
                http,
                key_id: key_id.to_string(),
                secret,
                pacer: Pacer::new(options.requests_per_minute, options.burst),
                in_flight: Semaphore::new(options.max_in_flight.max(1)),
                options,
                base,
                stats: Stats::default(),
            }),
        })
    }

    /// The host this client talks to.
    pub fn base(&self) -> &Url {
        &self.inner.base
    }

    /// How many requests may be in flight at once.
    pub fn max_in_flight(&self) -> usize {
        self.inner.options.max_in_flight.max(1)
    }

    /// Traffic so far.
    pub fn stats(&self) -> StatsSnapshot {
        let s = &self.inner.stats;
        StatsSnapshot {
            requests: s.requests.load(Ordering::Relaxed),
            rate_limited: s.rate_limited.load(Ordering::Relaxed),
            retries: s.retries.load(Ordering::Relaxed),
        }
    }

    fn url(&self, path: &str) -> Result<Url> {
        let url = self.inner.base.join(path).map_err(|e| Error::Malformed {
            what: format!("bad path {path}: {e}"),
        })?;
        if url.origin() != self.inner.base.origin() {
            return Err(Error::Redirected {
                location: url.origin().ascii_serialization(),
            });
        }
        Ok(url)
    }

    /// `GET path` (root-relative, e.g. `/api/verify`) and parse the JSON answer.
    pub async fn get_json(&self, path: &str) -> Result<Value> {
        let url = self.url(path)?;
        self.get_url(url).await
    }

    /// Like [`ModeClient::get_json`], asking for plain `application/json`: the audit log
    /// refuses Mode's usual `application/hal+json`.
    pub async fn get_plain_json(&self, path: &str) -> Result<Value> {
        let url = self.url(path)?;
        self.get_url_accepting(url, Some("application/json")).await
    }

    /// `GET` a listing and walk its pages until no unseen item arrives.
    ///
    /// Mode's endpoints page differently (or not at all), a page past the end may be empty or
    /// repeat an earlier page, and with a member key Mode may filter a page after cutting it, so
    /// a short page says nothing about the end. The walk ends only on an empty page, a page
    /// with no unseen item, or a `pagination` block saying it was the last. Each page asks for
    /// `per_page=30`, as DataHub does. The first two pages are asked for side by side, so the
    /// page that confirms the end of a one-page listing costs no extra wait.
    pub async fn list(&self, path: &str, key: &str) -> Result<Listing> {
        let base = self.url(path)?;
        let page_url = |page: u32| {
            let mut url = base.clone();
            url.query_pairs_mut()
                .append_pair("per_page", &PER_PAGE.to_string())
                .append_pair("page", &page.to_string());
            url
        };
        let mut walk = Walk::default();
        let max = self.inner.options.max_pages.max(1);
        if max >= 2 {
            let (one, two) = futures::join!(self.get_url(page_url(1)), self.get_url(page_url(2)));
            if walk.take(one?, key, 1)? || walk.take(two?, key, 2)? {
                return Ok(walk.listing);
            }
        }
        for page in (if max >= 2 { 3 } else { 1 })..=max {
            if walk.take(self.get_url(page_url(page)).await?, key, page)? {
                return Ok(walk.listing);
            }
        }
        walk.listing.truncated = true;
        Ok(walk.listing)
    }

    async fn get_url(&self, url: Url) -> Result<Value> {
        self.get_url_accepting(url, None).await
    }

    async fn get_url_accepting(&self, url: Url, accept: Option<&'static str>) -> Result<Value> {
        let o = &self.inner.options;
        let mut failures = 0u32;
        let mut limited = 0u32;
        loop {
            self.inner.pacer.acquire().await;
            let outcome = {
                let _permit =
                    self.inner
                        .in_flight
                        .acquire()
                        .await
                        .map_err(|e| Error::Transport {
                            detail: e.to_string(),
                        })?;
                self.inner.stats.requests.fetch_add(1, Ordering::Relaxed);
                self.once(&url, accept).await
            };
            match outcome {
                Ok(value) => return Ok(value),
                Err(Attempt::RateLimited(retry_after)) => {
                    self.inner
                        .stats
                        .rate_limited
                        .fetch_add(1, Ordering::Relaxed);
                    limited += 1;
                    let wait = retry_after.unwrap_or_else(|| backoff(o.backoff_base, limited));
                    if limited > o.max_rate_limit_retries || wait > o.max_retry_after {
                        return Err(Error::RateLimited {
                            retry_after_secs: retry_after.map(|d| d.as_secs()),
                        });
                    }
                    self.inner.stats.retries.fetch_add(1, Ordering::Relaxed);
                    self.inner.pacer.pause(Instant::now() + wait).await;
                }
                Err(Attempt::Retry(error)) => {
                    failures += 1;
                    if failures > o.max_retries {
                        return Err(error);
                    }
                    self.inner.stats.retries.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(backoff(o.backoff_base, failures)).await;
                }
                Err(Attempt::Fail(error)) => return Err(error),
            }
        }
    }

    async fn once(&self, url: &Url, accept: Option<&'static str>) -> Result<Value, Attempt> {
        let host = url.host_str().unwrap_or_default().to_string();
        let mut request = self.inner.http.get(url.clone());
        if let Some(accept) = accept {
            request = request.header(ACCEPT, accept);
        }
        let response = request
            .basic_auth(&self.inner.key_id, Some(self.inner.secret.expose()))
            .send()
            .await
            .map_err(|e| classify_transport(&host, &e))?;
        let status = response.status();
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Err(Attempt::RateLimited(retry_after(response.headers())));
        }
        if status.is_redirection() {
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|l| url.join(l).ok())
                .map(|u| u.origin().ascii_serialization())
                .unwrap_or_else(|| "another address".into());
            return Err(Attempt::Fail(Error::Redirected { location }));
        }
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if status.is_server_error() {
            return Err(Attempt::Retry(Error::Server {
                status: status.as_u16(),
            }));
        }
        let limit = if status.is_success() {
            self.inner.options.max_body_bytes
        } else {
            64 * 1024
        };
        let body = read_capped(response, limit, &host).await?;
        if !status.is_success() {
            let message = error_message(&body);
            return Err(Attempt::Fail(match status.as_u16() {
                400 => Error::BadRequest { message },
                401 => Error::Unauthorized { message },
                403 => Error::Forbidden { message },
                404 => Error::NotFound {
                    what: url.path().to_string(),
                    message,
                },
                s => Error::UnexpectedStatus { status: s, message },
            }));
        }
        parse_json(&body, &content_type).map_err(Attempt::Fail)
    }
}

enum Attempt {
    RateLimited(Option<Duration>),
    Retry(Error),
    Fail(Error),
}

impl From<Error> for Attempt {
    fn from(e: Error) -> Self {
        Attempt::Fail(e)
    }
}

async fn read_capped(
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

fn backoff(base: Duration, attempt: u32) -> Duration {
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

fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn classify_transport(host: &str, error: &reqwest::Error) -> Attempt {
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

/// The items of a HAL listing under `_embedded.<key>`, tolerating a bare array, a single other
/// embedded list, or an envelope with no `_embedded` (an empty listing).
pub fn embedded_items<'a>(body: &'a Value, key: &str) -> Result<&'a [Value]> {
    if let Some(items) = body.as_array() {
        return Ok(items);
    }
    let Some(object) = body.as_object() else {
        return Err(Error::Malformed {
            what: format!("expected a listing of {key}"),
        });
    };
    match object.get("_embedded") {
        Some(Value::Object(embedded)) => {
            if let Some(v) = embedded.get(key) {
                return v
                    .as_array()
                    .map(Vec::as_slice)
                    .ok_or_else(|| Error::Malformed {
                        what: format!("_embedded.{key} is not a list"),
                    });
            }
            let lists: Vec<&Vec<Value>> = embedded.values().filter_map(Value::as_array).collect();
            match lists.as_slice() {
                [] => Ok(&[]),
                [only] => Ok(only.as_slice()),
                _ => Err(Error::Malformed {
                    what: format!("no _embedded.{key} in the listing"),
                }),
            }
        }
        Some(Value::Null) | None if object.contains_key("_links") || object.is_empty() => Ok(&[]),
        Some(_) => Err(Error::Malformed {
            what: "_embedded is not an object".into(),
        }),
        None => Err(Error::Malformed {
            what: format!("expected a listing of {key}"),
        }),
    }
}

fn item_key(item: &Value) -> String {
    for field in ["token", "member_token", "id", "username"] {
        match item.get(field) {
            Some(Value::String(s)) => return format!("{field}:{s}"),
            Some(Value::Number(n)) => return format!("{field}:{n}"),
            _ => {}
        }
    }
    item.to_string()
}

fn last_page(body: &Value, page: u32) -> bool {
    let Some(p) = body.get("pagination") else {
        return false;
    };
    let total = p.get("total_pages").and_then(number);
    let current = p.get("page").and_then(number).unwrap_or(page as f64);
    matches!(total, Some(t) if current >= t)
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
    fn embedded_items_tolerates_every_plausible_envelope() {
        let hal = json!({"_embedded": {"spaces": [{"token": "a"}]}});
        assert_eq!(
            embedded_items(&hal, "spaces").map(|i| i.len()).ok(),
            Some(1)
        );
        let other_key = json!({"_embedded": {"collections": [{"token": "a"}, {"token": "b"}]}});
        assert_eq!(
            embedded_items(&other_key, "spaces").map(|i| i.len()).ok(),
            Some(2)
        );
        let empty = json!({"_links": {"self": {"href": "/x"}}});
        assert_eq!(
            embedded_items(&empty, "spaces").map(|i| i.len()).ok(),
            Some(0)
        );
        assert!(embedded_items(&json!({"_embedded": {"spaces": 3}}), "spaces").is_err());
        assert!(embedded_items(&json!("text"), "spaces").is_err());
        assert!(embedded_items(&json!({"_embedded": []}), "spaces").is_err());
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
