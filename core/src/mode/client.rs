//! The one HTTP client that talks to Mode: Basic auth, GET only, a shared pacer under Mode's
//! rate limit, bounded concurrency, retries for 429/5xx/timeouts within a budget of patience,
//! capped bodies, pagination that cannot silently lose data, and answers cleaned of any echo of
//! the key before the rest of the app sees them. Loopback hosts are never reached through a
//! proxy; Mode's hosts go through the system's proxy and trust the system's certificates.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, ACCEPT, CONTENT_TYPE, LOCATION};
use reqwest::{StatusCode, Url};
use serde_json::Value;
use tokio::sync::Semaphore;
// Tokio's clock, so tests can run the pacer on a paused clock; the same instant otherwise.
use tokio::time::Instant;

pub use super::options::{ClientOptions, DEFAULT_MAX_RATE};
use super::pacer::Pacer;
use super::paging::Walk;
pub use super::paging::{embedded_items, Listing, PER_PAGE};
pub use super::redact::Redactor;
use super::wire::{backoff, classify_transport, read_capped, retry_after, Attempt};
pub use super::wire::{error_message, parse_json, parse_retry_after};
use crate::error::{Error, Result};
use crate::secret::Secret;

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

struct Inner {
    http: reqwest::Client,
    base: Url,
    key_id: String,
    secret: Secret,
    options: ClientOptions,
    pacer: Pacer,
    in_flight: Semaphore,
    stats: Stats,
    redactor: Redactor,
    waiting: std::sync::Mutex<Waiting>,
    /// Mode left the client waiting longer than its patience: nothing more is asked.
    gave_up: AtomicBool,
}

/// Requests under way (from their first try to their last, retries and backoff included), and
/// since when the client has been waiting for an answer.
struct Waiting {
    pending: usize,
    since: Instant,
}

/// One request under way; dropping it (done, failed or cancelled) ends it.
struct Pending<'a>(&'a ModeClient);

impl Drop for Pending<'_> {
    fn drop(&mut self) {
        let mut w = self.0.waiting();
        w.pending = w.pending.saturating_sub(1);
    }
}

/// Whether `url` points at this computer (127.0.0.0/8, ::1, localhost), which is never reached
/// through a proxy.
fn is_loopback(url: &Url) -> bool {
    crate::input::is_loopback_host(url.host_str().unwrap_or_default())
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
        let mut builder = reqwest::Client::builder()
            .user_agent(user_agent())
            .default_headers(headers)
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .https_only(base.scheme() == "https");
        // A proxy from HTTP_PROXY or ALL_PROXY would see the Basic credentials of a plain-http
        // loopback host in the clear. Mode's own hosts are https: through a proxy that is a
        // CONNECT tunnel, and the key stays encrypted.
        if is_loopback(&base) {
            builder = builder.no_proxy();
        }
        let http = builder.build().map_err(|e| Error::Transport {
            detail: e.to_string(),
        })?;
        Ok(ModeClient {
            inner: Arc::new(Inner {
                http,
                redactor: Redactor::new(key_id, &secret),
                key_id: key_id.to_string(),
                secret,
                pacer: Pacer::new(options.requests_per_minute, options.burst),
                in_flight: Semaphore::new(options.max_in_flight.max(1)),
                options,
                base,
                stats: Stats::default(),
                waiting: std::sync::Mutex::new(Waiting {
                    pending: 0,
                    since: Instant::now(),
                }),
                gave_up: AtomicBool::new(false),
            }),
        })
    }

    fn waiting(&self) -> std::sync::MutexGuard<'_, Waiting> {
        self.inner.waiting.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Notes a request starting; the wait for an answer starts with the first one.
    fn begin(&self) -> Pending<'_> {
        let mut w = self.waiting();
        if w.pending == 0 {
            w.since = Instant::now();
        }
        w.pending += 1;
        Pending(self)
    }

    /// Notes an answer from Mode: the wait starts over.
    fn answered(&self) {
        self.waiting().since = Instant::now();
    }

    /// How long the client has been waiting for Mode to answer, while a request is under way.
    pub fn waiting_for(&self) -> Option<Duration> {
        let w = self.waiting();
        (w.pending > 0).then(|| w.since.elapsed())
    }

    /// How long this client waits for an answer before it gives up.
    pub fn patience(&self) -> Duration {
        self.inner.options.patience
    }

    /// What is left of the patience now.
    fn remaining(&self) -> Duration {
        if self.inner.gave_up.load(Ordering::Relaxed) {
            return Duration::ZERO;
        }
        let since = self.waiting().since;
        self.patience().saturating_sub(since.elapsed())
    }

    /// Gives up on Mode: the error for this request and every later one.
    fn out_of_patience(&self) -> Error {
        self.inner.gave_up.store(true, Ordering::Relaxed);
        Error::Timeout {
            detail: format!("no answer from Mode for {} s", self.patience().as_secs()),
        }
    }

    /// What cleans server text of this client's key.
    pub fn redactor(&self) -> &Redactor {
        &self.inner.redactor
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

    /// Every answer and error leaves here, cleaned of any echo of the key.
    async fn get_url_accepting(&self, url: Url, accept: Option<&'static str>) -> Result<Value> {
        match self.fetch(url, accept).await {
            Ok(mut value) => {
                self.inner.redactor.value(&mut value);
                Ok(value)
            }
            Err(error) => Err(self.inner.redactor.error(error)),
        }
    }

    async fn fetch(&self, url: Url, accept: Option<&'static str>) -> Result<Value> {
        let o = &self.inner.options;
        let mut failures = 0u32;
        let mut limited = 0u32;
        // Waiting for Mode starts once the request first leaves: the pace this client keeps
        // (--max-rate) is its own choice, not Mode keeping it waiting.
        let mut pending = None;
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
                if pending.is_none() {
                    pending = Some(self.begin());
                }
                let budget = self.remaining();
                if budget.is_zero() {
                    return Err(self.out_of_patience());
                }
                self.inner.stats.requests.fetch_add(1, Ordering::Relaxed);
                self.once(&url, accept, budget.min(o.request_timeout)).await
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
                    if limited > o.max_rate_limit_retries
                        || wait > o.max_retry_after
                        || wait >= self.remaining()
                    {
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
                    let pause = backoff(o.backoff_base, failures);
                    if pause >= self.remaining() {
                        self.inner.gave_up.store(true, Ordering::Relaxed);
                        return Err(error);
                    }
                    self.inner.stats.retries.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(pause).await;
                }
                Err(Attempt::Fail(error)) => return Err(error),
            }
        }
    }

    async fn once(
        &self,
        url: &Url,
        accept: Option<&'static str>,
        timeout: Duration,
    ) -> Result<Value, Attempt> {
        let host = url.host_str().unwrap_or_default().to_string();
        let mut request = self.inner.http.get(url.clone()).timeout(timeout);
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
        self.answered();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_computer_bypasses_a_proxy() {
        let loopback = |u: &str| Url::parse(u).map(|u| is_loopback(&u)).unwrap_or(false);
        assert!(loopback("http://127.0.0.1:8080"));
        assert!(loopback("http://127.1.2.3"));
        assert!(loopback("http://[::1]:9"));
        assert!(loopback("http://localhost:9"));
        assert!(!loopback("https://app.mode.com"));
        assert!(!loopback("https://10.0.0.1"));
    }
}
