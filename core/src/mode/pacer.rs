//! One shared pacer per client, under Mode's rate limit: a token bucket, paused as a whole
//! after a 429 with Retry-After.

use std::time::Duration;

use tokio::sync::Mutex;
// Tokio's clock, so tests can run the pacer on a paused clock; the same instant otherwise.
use tokio::time::Instant;

pub(crate) struct Pacer {
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
    pub(crate) fn new(per_minute: f64, burst: f64) -> Self {
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
    pub(crate) async fn acquire(&self) {
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
    pub(crate) async fn pause(&self, until: Instant) {
        let mut s = self.state.lock().await;
        if s.paused_until.is_none_or(|p| p < until) {
            s.paused_until = Some(until);
        }
        s.tokens = 0.0;
        s.last = until.max(Instant::now());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mode::ClientOptions;

    #[tokio::test(start_paused = true)]
    async fn the_shipped_pace_never_sends_more_than_200_requests_in_any_minute() {
        let o = ClientOptions::default();
        let pacer = Pacer::new(o.requests_per_minute, o.burst);
        let start = Instant::now();
        let mut at = Vec::new();
        for _ in 0..600 {
            pacer.acquire().await;
            at.push((Instant::now() - start).as_secs_f64());
        }
        let busiest = at
            .iter()
            .map(|t| at.iter().filter(|u| **u >= *t && **u < t + 60.0).count())
            .max()
            .unwrap_or(0);
        assert!(busiest <= 200, "{busiest} requests in one minute");
        assert!(busiest >= 195, "the pace is needlessly slow: {busiest}");
        let with_max = ClientOptions::with_max_rate(120.0);
        let pacer = Pacer::new(with_max.requests_per_minute, with_max.burst);
        let start = Instant::now();
        let mut n = 0;
        while (Instant::now() - start).as_secs_f64() < 60.0 {
            pacer.acquire().await;
            n += 1;
        }
        assert!(n <= 121, "--max-rate 120 sent {n} in the first minute");
    }
}
