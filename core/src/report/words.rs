//! The report's small pieces of wording: dates and times in words, counts with their noun,
//! the key's kind and expiry, and which addresses may become links.

use chrono::NaiveDate;

use crate::model::{Access, Connection, ExpirySource, KeyInfo, KeyKind};

pub(super) const UNKNOWN: &str = "unknown";
pub(super) const DASH: &str = "—";

/// A non-empty, trimmed string.
pub(super) fn text(raw: &str) -> Option<&str> {
    Some(raw.trim()).filter(|s| !s.is_empty())
}

/// A date as people write it: "27 January 2027".
pub(super) fn human_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// An RFC 3339 time in words with its offset from UTC; anything else as it is.
pub(super) fn human_time(raw: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(raw) {
        Ok(t) => {
            let offset = t.offset().local_minus_utc();
            let zone = if offset == 0 {
                "UTC".to_string()
            } else {
                let sign = if offset < 0 { '-' } else { '+' };
                let abs = offset.unsigned_abs();
                format!("UTC{sign}{:02}:{:02}", abs / 3600, abs % 3600 / 60)
            };
            format!("{} ({zone})", t.format("%-d %B %Y at %H:%M"))
        }
        Err(_) => raw.to_string(),
    }
}

/// A count with its noun: "1 day", "3 days".
pub(super) fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 || n == -1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Only web addresses over HTTPS, or on this computer, become links.
pub(super) fn safe_link(raw: &str) -> Option<String> {
    let url = raw.trim();
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    let lower = url.to_ascii_lowercase();
    let local = ["http://127.0.0.1", "http://localhost"].iter().any(|p| {
        lower
            .strip_prefix(p)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/', '?', '#']))
    });
    let secure = lower
        .strip_prefix("https://")
        .is_some_and(|rest| !rest.is_empty());
    (secure || local).then(|| url.to_string())
}

/// The kind of key in words, naming the member a member key belongs to.
pub(super) fn key_kind(key: &KeyInfo) -> String {
    match key.kind {
        KeyKind::Workspace => "Workspace key".to_string(),
        KeyKind::Member => match key.member.as_deref().and_then(text) {
            Some(m) => format!("Member key of {m}"),
            None => "Member key".to_string(),
        },
        KeyKind::Personal => "Personal token (retired by Mode)".to_string(),
        KeyKind::Unknown => "Unknown kind of key".to_string(),
    }
}

/// The expiry date in words, with the days left and where the date came from.
pub(super) fn key_expiry(key: &KeyInfo) -> String {
    match key.expires_on {
        None => UNKNOWN.to_string(),
        Some(day) => {
            let mut notes = Vec::new();
            match key.days_left {
                Some(n) if n > 0 => notes.push(format!("{} left", plural(n, "day", "days"))),
                Some(0) => notes.push("expires today".to_string()),
                Some(n) => notes.push(format!("expired {} ago", plural(-n, "day", "days"))),
                None => {}
            }
            notes.extend(key.expiry_source.map(|s| {
                match s {
                    ExpirySource::Entered => "date entered by hand",
                    ExpirySource::Mode => "date reported by Mode",
                    ExpirySource::Estimated => "date estimated",
                }
                .to_string()
            }));
            if notes.is_empty() {
                human_date(day)
            } else {
                format!("{} ({})", human_date(day), notes.join("; "))
            }
        }
    }
}

/// The caption of the connections table: which connections the crawler lacks View on, or
/// may lack it.
pub(super) fn connections_caption(connections: &[Connection]) -> String {
    let total = connections.len();
    let count = |f: fn(Access) -> bool| connections.iter().filter(|c| f(c.access)).count() as i64;
    let lacking = count(|a| !a.grants_view() && a != Access::Unknown);
    let unsure = count(|a| a == Access::Unknown);
    let open = match (lacking, unsure) {
        (0, 0) => return "The crawler can view every connection.".to_string(),
        (n, 0) => format!(
            "The crawler lacks View on {} of {total}",
            plural(n, "connection", "connections")
        ),
        (0, u) => format!(
            "Mode's answers could not confirm View on {} of {total}",
            plural(u, "connection", "connections")
        ),
        (n, u) => format!(
            "The crawler lacks View on {} of {total}, and View on {u} more could not be \
             confirmed",
            plural(n, "connection", "connections")
        ),
    };
    format!("{open}; those rows are marked and link to where View is granted.")
}
