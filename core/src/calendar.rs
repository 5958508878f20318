//! The "Add to calendar" file for an API key's expiry: one all-day iCalendar (RFC 5545) event
//! with reminders, so the key is rotated before the Atlan crawler stops working.

use chrono::{DateTime, NaiveDate, Utc};

/// Longest line allowed by RFC 5545, in octets, excluding the CRLF.
const MAX_LINE_OCTETS: usize = 75;

/// What an admin does to rotate the key, in order.
const ROTATION_STEPS: &str =
    "Create a new key in Mode (Workspace Settings > Features > API Keys), \
check it in Mode Setup Assistant, copy it into Atlan's Mode connection from its Connect in Atlan \
step, then revoke the old key in Mode.";

/// An iCalendar file with one all-day event on the day the key expires and one reminder per
/// entry of `alarm_days` (days before the event; 0 reminds on the day itself).
///
/// `now` becomes the event's DTSTAMP; the UID depends only on the workspace and key id, so
/// importing a newer file for the same key updates the event instead of adding another one.
pub fn expiry_event(
    workspace: &str,
    key_id: &str,
    expires_on: NaiveDate,
    alarm_days: &[u32],
    now: DateTime<Utc>,
    rotation_url: Option<&str>,
) -> String {
    let url = rotation_url.map(clean_uri).filter(|u| !u.is_empty());
    let date = expires_on.format("%Y-%m-%d").to_string();

    let mut description = format!(
        "The Mode API key {key_id} for workspace {workspace} expires on {date}. \
         The Atlan crawler stops working when it does.\n\n{ROTATION_STEPS}"
    );
    if let Some(u) = &url {
        description.push_str(&format!("\n\n{u}"));
    }

    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Mode Setup Assistant//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:{}", uid(workspace, key_id)),
        format!("DTSTAMP:{}", now.format("%Y%m%dT%H%M%SZ")),
        format!("DTSTART;VALUE=DATE:{}", ical_date(expires_on)),
    ];
    if let Some(next) = expires_on.succ_opt() {
        lines.push(format!("DTEND;VALUE=DATE:{}", ical_date(next)));
    }
    lines.push(format!(
        "SUMMARY:{}",
        escape_text(&format!("Mode API key expires: {workspace}"))
    ));
    lines.push(format!("DESCRIPTION:{}", escape_text(&description)));
    if let Some(u) = &url {
        lines.push(format!("URL:{u}"));
    }
    lines.push("TRANSP:TRANSPARENT".into());
    for &days in alarm_days {
        lines.push("BEGIN:VALARM".into());
        lines.push("ACTION:DISPLAY".into());
        lines.push(format!(
            "DESCRIPTION:{}",
            escape_text(&alarm_text(workspace, days))
        ));
        let trigger = if days == 0 {
            "PT0S".to_string()
        } else {
            format!("-P{days}D")
        };
        lines.push(format!("TRIGGER;RELATED=START:{trigger}"));
        lines.push("END:VALARM".into());
    }
    lines.push("END:VEVENT".into());
    lines.push("END:VCALENDAR".into());

    let mut out = String::new();
    for line in &lines {
        out.push_str(&fold(line));
    }
    out
}

/// The reminder's text for an alarm `days` before expiry.
fn alarm_text(workspace: &str, days: u32) -> String {
    let when = match days {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        n => format!("in {n} days"),
    };
    format!("The Mode API key for {workspace} expires {when}. Rotate it for Atlan.")
}

/// A stable UID built from the key id and workspace, limited to characters safe in any reader.
fn uid(workspace: &str, key_id: &str) -> String {
    format!(
        "mode-key-{}-{}@mode-setup",
        uid_part(key_id),
        uid_part(workspace)
    )
}

fn uid_part(raw: &str) -> String {
    let part: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if part.is_empty() {
        "unknown".into()
    } else {
        part
    }
}

/// A DATE value: `YYYYMMDD`.
fn ical_date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// A URI value may not hold control characters or spaces; drop them.
fn clean_uri(raw: &str) -> String {
    raw.trim()
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect()
}

/// Escapes a TEXT value (RFC 5545 section 3.3.11).
fn escape_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let normalised = raw.replace("\r\n", "\n").replace('\r', "\n");
    for c in normalised.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets on character boundaries, each piece ending in CRLF.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 64 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        if used + width > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += width;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 17, 40, 5)
            .single()
            .unwrap_or_default()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn sample(alarms: &[u32], url: Option<&str>) -> String {
        expiry_event("acme", "ws0a1b2c3d4e", day(2027, 1, 27), alarms, now(), url)
    }

    /// Undoes line folding and splits into content lines.
    fn unfold(ics: &str) -> Vec<String> {
        ics.replace("\r\n ", "")
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn value<'a>(lines: &'a [String], name: &str) -> Option<&'a str> {
        lines.iter().find_map(|l| l.strip_prefix(name))
    }

    fn unescape(v: &str) -> String {
        let mut out = String::new();
        let mut chars = v.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') | Some('N') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn event_parses_back_with_every_field() {
        let url = "https://app.mode.com/organizations/acme/api_keys";
        let lines = unfold(&sample(&[30, 7], Some(url)));
        assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
        assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
        for expected in [
            "VERSION:2.0",
            "PRODID:-//Mode Setup Assistant//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            "END:VEVENT",
            "UID:mode-key-ws0a1b2c3d4e-acme@mode-setup",
            "DTSTAMP:20261128T174005Z",
            "DTSTART;VALUE=DATE:20270127",
            "DTEND;VALUE=DATE:20270128",
            "SUMMARY:Mode API key expires: acme",
        ] {
            assert!(lines.iter().any(|l| l == expected), "missing {expected}");
        }
        assert_eq!(value(&lines, "URL:"), Some(url));
        let description = unescape(value(&lines, "DESCRIPTION:").unwrap_or_default());
        assert!(description.contains(ROTATION_STEPS));
        assert!(description.contains("2027-01-27"));
        assert!(description.ends_with(url));
        assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 1);
    }

    #[test]
    fn event_without_a_rotation_url_has_no_url_property() {
        let lines = unfold(&sample(&[1], None));
        assert!(value(&lines, "URL:").is_none());
        assert!(!sample(&[1], Some("  ")).contains("URL:"));
    }

    #[test]
    fn alarm_count_equals_the_days_given_and_zero_means_the_day_itself() {
        let days = [30, 14, 7, 3, 1, 0];
        let lines = unfold(&sample(&days, None));
        let triggers: Vec<&str> = lines
            .iter()
            .filter_map(|l| l.strip_prefix("TRIGGER;RELATED=START:"))
            .collect();
        assert_eq!(triggers, ["-P30D", "-P14D", "-P7D", "-P3D", "-P1D", "PT0S"]);
        assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VALARM").count(), 6);
        assert_eq!(lines.iter().filter(|l| *l == "ACTION:DISPLAY").count(), 6);
        assert!(!sample(&[], None).contains("VALARM"));
    }

    #[test]
    fn every_line_ends_in_crlf_and_is_at_most_75_octets() {
        let long = "a-very-long-workspace-name-that-goes-on-and-on-".repeat(4);
        let ics = expiry_event(&long, "k1", day(2027, 1, 27), &[30, 0], now(), Some(&long));
        assert!(ics.ends_with("\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'));
        assert!(!ics.replace("\r\n", "").contains('\r'));
        for line in ics.split("\r\n") {
            assert!(line.len() <= MAX_LINE_OCTETS, "too long: {line}");
        }
        assert!(ics.contains("\r\n "), "long lines are folded");
    }

    #[test]
    fn folding_never_splits_a_multibyte_character() {
        let workspace = "équipe-données-😀-".repeat(10);
        let ics = expiry_event(&workspace, "k1", day(2027, 1, 27), &[1], now(), None);
        let raw = ics.as_bytes();
        for piece in raw.split(|b| *b == b'\n') {
            assert!(
                std::str::from_utf8(piece).is_ok(),
                "a line is not valid UTF-8"
            );
            assert!(piece.len() <= MAX_LINE_OCTETS + 1);
        }
        let lines = unfold(&ics);
        let summary = value(&lines, "SUMMARY:").unwrap_or_default();
        assert_eq!(summary, format!("Mode API key expires: {workspace}"));
    }

    #[test]
    fn text_values_escape_backslash_semicolon_comma_and_newline() {
        assert_eq!(escape_text("a\\b;c,d\ne\r\nf"), "a\\\\b\\;c\\,d\\ne\\nf");
        let ics = expiry_event("a;b,c", "k1", day(2027, 1, 27), &[], now(), None);
        let lines = unfold(&ics);
        assert_eq!(
            value(&lines, "SUMMARY:"),
            Some("Mode API key expires: a\\;b\\,c")
        );
        let description = value(&lines, "DESCRIPTION:").unwrap_or_default();
        assert!(!description.contains('\n'));
        assert!(description.contains("\\n\\n"));
    }

    #[test]
    fn uid_is_stable_and_safe_whatever_the_names() {
        let a = sample(&[1], None);
        let b = expiry_event(
            "acme",
            "ws0a1b2c3d4e",
            day(2027, 3, 1),
            &[7],
            now() + chrono::Duration::days(3),
            None,
        );
        let uid_of = |ics: &str| value(&unfold(ics), "UID:").map(str::to_string);
        assert_eq!(uid_of(&a), uid_of(&b));
        let odd = expiry_event("a b;c", "k:1", day(2027, 1, 27), &[], now(), None);
        assert_eq!(
            uid_of(&odd).as_deref(),
            Some("mode-key-k-1-a-b-c@mode-setup")
        );
    }

    #[test]
    fn url_with_line_breaks_cannot_inject_properties() {
        let ics = sample(&[], Some("https://x.test/\r\nATTACH:evil"));
        let lines = unfold(&ics);
        assert!(!lines.iter().any(|l| l.starts_with("ATTACH")));
        assert_eq!(value(&lines, "URL:"), Some("https://x.test/ATTACH:evil"));
    }
}
