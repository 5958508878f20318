//! The simulator's HTTP/1.1 server on loopback: latency, Mode's leaky-bucket rate limit,
//! injected faults, and a record of every request it received.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use base64::Engine;
use serde::Serialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use super::api::{answer, SimResponse};
pub use super::faults::{Fault, FaultKind, RetryAfter};
use super::world::World;

/// One request as the simulator saw it. The secret is never recorded.
#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: String,
    pub key_id: Option<String>,
    pub status: u16,
    pub at_ms: u64,
}

struct Bucket {
    level: f64,
    last: Instant,
}

struct Shared {
    world: World,
    faults: VecDeque<Fault>,
    requests: Vec<Recorded>,
    bucket: Bucket,
    started: Instant,
    today: Option<chrono::NaiveDate>,
}

/// A running simulator. Dropping it stops the server.
pub struct Simulator {
    shared: Arc<Mutex<Shared>>,
    addr: SocketAddr,
    stop: watch::Sender<bool>,
}

impl Drop for Simulator {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    shared
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Simulator {
    /// Serves `world` on `127.0.0.1:port` (0 picks a free port). Needs a running tokio runtime.
    pub async fn start(world: World, port: u16) -> std::io::Result<Simulator> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Mutex::new(Shared {
            world,
            faults: VecDeque::new(),
            requests: Vec::new(),
            bucket: Bucket {
                level: 0.0,
                last: Instant::now(),
            },
            started: Instant::now(),
            today: None,
        }));
        let (stop, mut stopped) = watch::channel(false);
        let s = shared.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        if let Ok((stream, _)) = accepted {
                            let s = s.clone();
                            let mut stop_conn = stopped.clone();
                            tokio::spawn(async move {
                                tokio::select! {
                                    _ = serve_connection(stream, s) => {}
                                    _ = stop_conn.changed() => {}
                                }
                            });
                        }
                    }
                    _ = stopped.changed() => break,
                }
            }
        });
        Ok(Simulator { shared, addr, stop })
    }

    /// The base URL, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.shared).requests.clone()
    }

    /// Forgets the requests recorded so far.
    pub fn clear_requests(&self) {
        lock(&self.shared).requests.clear();
    }

    /// Changes the workspace while the server runs.
    pub fn with_world<R>(&self, f: impl FnOnce(&mut World) -> R) -> R {
        f(&mut lock(&self.shared).world)
    }

    /// Queues a fault.
    pub fn inject(&self, fault: Fault) {
        lock(&self.shared).faults.push_back(fault);
    }

    /// Pretends today is `date` (for expiry).
    pub fn set_today(&self, date: chrono::NaiveDate) {
        lock(&self.shared).today = Some(date);
    }
}

struct Head {
    method: String,
    target: String,
    authorization: Option<String>,
    close: bool,
}

async fn read_head(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Head> {
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head: Vec<u8> = buf.drain(..end + 4).collect();
            let text = String::from_utf8_lossy(&head);
            let mut lines = text.split("\r\n");
            let mut first = lines.next()?.split(' ');
            let method = first.next()?.to_string();
            let target = first.next()?.to_string();
            let mut authorization = None;
            let mut close = false;
            let mut length = 0usize;
            for line in lines {
                let Some((name, value)) = line.split_once(':') else {
                    continue;
                };
                let value = value.trim();
                match name.trim().to_ascii_lowercase().as_str() {
                    "authorization" => authorization = Some(value.to_string()),
                    "connection" => close = value.eq_ignore_ascii_case("close"),
                    "content-length" => length = value.parse().unwrap_or(0),
                    _ => {}
                }
            }
            // Discard a request body (the client never sends one; other callers might).
            while buf.len() < length.min(1 << 20) {
                let mut chunk = [0u8; 4096];
                match stream.read(&mut chunk).await {
                    Ok(0) | Err(_) => return None,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
            buf.drain(..length.min(buf.len()));
            return Some(Head {
                method,
                target,
                authorization,
                close,
            });
        }
        if buf.len() > 64 * 1024 {
            return None;
        }
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

fn basic_credentials(header: Option<&str>) -> Option<(String, String)> {
    let encoded = header?
        .strip_prefix("Basic ")
        .or_else(|| header?.strip_prefix("basic "))?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_string(), secret.to_string()))
}

enum Plan {
    Respond(SimResponse),
    Fault(FaultKind, SimResponse),
}

fn plan(shared: &Arc<Mutex<Shared>>, head: &Head) -> (Plan, Duration) {
    let (path, query) = head.target.split_once('?').unwrap_or((&head.target, ""));
    let credentials = basic_credentials(head.authorization.as_deref());
    let mut s = lock(shared);
    let latency = Duration::from_millis(s.world.behaviour.latency_ms);
    let at_ms = s.started.elapsed().as_millis() as u64;
    let today = s.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut record = Recorded {
        method: head.method.clone(),
        path: path.to_string(),
        query: query.to_string(),
        key_id: credentials.as_ref().map(|c| c.0.clone()),
        status: 0,
        at_ms,
    };

    let planned = if head.method != "GET" {
        Plan::Respond(SimResponse::error(
            405,
            "method_not_allowed",
            "Method not allowed",
        ))
    } else if let Some(limited) = rate_limit(&mut s) {
        Plan::Respond(limited)
    } else if let Some(i) = s
        .faults
        .iter()
        .position(|f| path.contains(&f.path_contains))
    {
        let kind = s.faults[i].kind.clone();
        s.faults[i].times = s.faults[i].times.saturating_sub(1);
        if s.faults[i].times == 0 {
            s.faults.remove(i);
        }
        let real = answer(
            &s.world,
            credentials.as_ref().map(|(a, b)| (a.as_str(), b.as_str())),
            path,
            query,
            today,
        );
        Plan::Fault(kind, real)
    } else {
        Plan::Respond(answer(
            &s.world,
            credentials.as_ref().map(|(a, b)| (a.as_str(), b.as_str())),
            path,
            query,
            today,
        ))
    };
    record.status = match &planned {
        Plan::Respond(r) => r.status,
        Plan::Fault(FaultKind::ServerError(code), _) => *code,
        Plan::Fault(FaultKind::TooManyRequests(_), _) => 429,
        Plan::Fault(FaultKind::Redirect(_), _) => 302,
        Plan::Fault(FaultKind::Body { status, .. }, _) => *status,
        Plan::Fault(_, r) => r.status,
    };
    s.requests.push(record);
    (planned, latency)
}

fn rate_limit(s: &mut Shared) -> Option<SimResponse> {
    let limit = s.world.behaviour.rate_limit?;
    let now = Instant::now();
    let per_second = limit.per_minute / 60.0;
    let drained = now.duration_since(s.bucket.last).as_secs_f64() * per_second;
    s.bucket.level = (s.bucket.level - drained).max(0.0);
    s.bucket.last = now;
    if s.bucket.level + 1.0 > limit.capacity {
        let wait = ((s.bucket.level + 1.0 - limit.capacity) / per_second)
            .ceil()
            .max(1.0) as u64;
        let mut r = SimResponse::error(
            429,
            "rate_limited",
            "Rate limit exceeded. Please retry later.",
        );
        r.headers.push(("Retry-After".into(), wait.to_string()));
        return Some(r);
    }
    s.bucket.level += 1.0;
    None
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

fn head_bytes(
    status: u16,
    content_type: &str,
    length: Option<u64>,
    extra: &[(String, String)],
) -> Vec<u8> {
    let mut h = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\n",
        reason(status)
    );
    match length {
        Some(n) => h.push_str(&format!("Content-Length: {n}\r\n")),
        None => h.push_str("Transfer-Encoding: chunked\r\n"),
    }
    for (k, v) in extra {
        h.push_str(&format!("{k}: {v}\r\n"));
    }
    h.push_str("\r\n");
    h.into_bytes()
}

async fn write_response(stream: &mut TcpStream, r: &SimResponse) -> std::io::Result<()> {
    let mut bytes = head_bytes(
        r.status,
        r.content_type,
        Some(r.body.len() as u64),
        &r.headers,
    );
    bytes.extend_from_slice(&r.body);
    stream.write_all(&bytes).await
}

async fn serve_connection(mut stream: TcpStream, shared: Arc<Mutex<Shared>>) {
    let mut buf = Vec::new();
    while let Some(head) = read_head(&mut stream, &mut buf).await {
        let (planned, latency) = plan(&shared, &head);
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
        let keep = match planned {
            Plan::Respond(r) => write_response(&mut stream, &r).await.is_ok(),
            Plan::Fault(kind, real) => serve_fault(&mut stream, kind, real).await,
        };
        if !keep || head.close {
            break;
        }
    }
}

/// Serves a fault; returns whether the connection can be kept.
async fn serve_fault(stream: &mut TcpStream, kind: FaultKind, real: SimResponse) -> bool {
    match kind {
        FaultKind::ServerError(code) => {
            write_response(stream, &SimResponse::html(code, reason(code)))
                .await
                .is_ok()
        }
        FaultKind::TooManyRequests(after) => {
            let mut r = SimResponse::error(
                429,
                "rate_limited",
                "Rate limit exceeded. Please retry later.",
            );
            match after {
                RetryAfter::Seconds(n) => r.headers.push(("Retry-After".into(), n.to_string())),
                RetryAfter::HttpDate(n) => {
                    let when = chrono::Utc::now() + chrono::Duration::seconds(n as i64 + 1);
                    r.headers.push((
                        "Retry-After".into(),
                        when.format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
                    ));
                }
                RetryAfter::Absent => {}
            }
            write_response(stream, &r).await.is_ok()
        }
        FaultKind::Malformed => {
            let mut r = real;
            r.status = 200;
            let cut = r.body.len() / 2;
            r.body.truncate(cut.max(1));
            write_response(stream, &r).await.is_ok()
        }
        FaultKind::ResetMidBody => {
            let head = head_bytes(
                200,
                real.content_type,
                Some(real.body.len() as u64 + 100),
                &[],
            );
            let _ = stream.write_all(&head).await;
            let _ = stream.write_all(&real.body[..real.body.len() / 2]).await;
            let _ = stream.flush().await;
            let _ = stream.set_zero_linger();
            false
        }
        FaultKind::NeverEnds => {
            // Chunked, so no length warns the client: one byte every 50 ms, forever.
            let head = head_bytes(200, "application/hal+json", None, &[]);
            if stream.write_all(&head).await.is_err() {
                return false;
            }
            let start = b"{\"_embedded\":{\"items\":[";
            let _ = stream
                .write_all(format!("{:x}\r\n", start.len()).as_bytes())
                .await;
            let _ = stream.write_all(start).await;
            let _ = stream.write_all(b"\r\n").await;
            while stream.write_all(b"1\r\n \r\n").await.is_ok() {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            false
        }
        FaultKind::Huge { bytes, declared } => {
            let head = head_bytes(200, "application/hal+json", declared.then_some(bytes), &[]);
            if stream.write_all(&head).await.is_err() {
                return false;
            }
            let chunk = vec![b' '; 64 * 1024];
            let mut sent = 0u64;
            while sent < bytes {
                let n = (bytes - sent).min(chunk.len() as u64) as usize;
                let ok = if declared {
                    stream.write_all(&chunk[..n]).await.is_ok()
                } else {
                    let framed = format!("{n:x}\r\n");
                    stream.write_all(framed.as_bytes()).await.is_ok()
                        && stream.write_all(&chunk[..n]).await.is_ok()
                        && stream.write_all(b"\r\n").await.is_ok()
                };
                if !ok {
                    return false;
                }
                sent += n as u64;
            }
            false
        }
        FaultKind::Redirect(location) => {
            let mut r = SimResponse::html(302, "Found");
            r.headers.push(("Location".into(), location));
            write_response(stream, &r).await.is_ok()
        }
        FaultKind::Body {
            status,
            content_type,
            body,
        } => {
            let mut bytes = head_bytes(status, &content_type, Some(body.len() as u64), &[]);
            bytes.extend_from_slice(&body);
            stream.write_all(&bytes).await.is_ok()
        }
        FaultKind::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            false
        }
    }
}
