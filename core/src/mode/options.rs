//! The client's tunables: timeouts, pace, retries, patience and limits, with defaults that suit
//! Mode's published limits and leave room for Atlan's own crawler.

use std::time::Duration;

/// Tunables of the client. The defaults suit Mode's published limits.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Time allowed to open a connection.
    pub connect_timeout: Duration,
    /// Time allowed for one whole request, body included.
    pub request_timeout: Duration,
    /// How long a run waits for Mode to answer at all. Once Mode has left every request
    /// unanswered this long, the request under way ends, no retry starts, and every later
    /// request of this client fails at once as Mode being busy or unreachable.
    pub patience: Duration,
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
            request_timeout: Duration::from_secs(20),
            patience: Duration::from_secs(45),
            requests_per_minute: DEFAULT_MAX_RATE - 15.0,
            burst: 15.0,
            max_in_flight: 6,
            max_retries: 3,
            max_rate_limit_retries: 8,
            max_retry_after: Duration::from_secs(90),
            backoff_base: Duration::from_millis(500),
            max_pages: 1000,
            max_body_bytes: crate::model::defaults::MAX_BODY_BYTES,
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
