//! What a person types: the workspace (slug or pasted URL), the host, the Key ID, the expiry date.
//! Each parser names what is wrong and how to fix it; nothing reaches Mode unchecked.

use chrono::{Datelike, NaiveDate};
use reqwest::Url;

use crate::error::{Error, Result};

/// Mode's own host, used unless the admin changes it under Advanced.
pub const DEFAULT_HOST: &str = "https://app.mode.com";

/// First path segments of Mode URLs that are not a workspace: the slug follows them.
const SLUG_AFTER: &[&str] = &["organizations", "home", "editor", "api"];
/// First path segments that never carry a workspace.
const NOT_A_WORKSPACE: &[&str] = &[
    "settings", "signin", "signup", "sign_in", "login", "account", "help", "oauth", "verify",
];

/// Takes the workspace slug from what was typed: a slug, or any Mode URL pasted from the browser.
pub fn parse_workspace(input: &str) -> Result<String> {
    let raw = input.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    if raw.is_empty() {
        return Err(Error::invalid(
            "workspace",
            "Enter your Mode workspace: its short name (as in app.mode.com/organizations/<name>) or paste any link from your workspace.",
        ));
    }
    let looks_like_url = raw.contains("://")
        || raw.contains('/')
        || raw.starts_with("app.mode.com")
        || raw.starts_with("mode.com");
    let candidate = if looks_like_url {
        slug_from_url(raw)?
    } else {
        raw.to_string()
    };
    validate_slug(&candidate)
}

fn slug_from_url(raw: &str) -> Result<String> {
    let with_scheme = if raw.contains("://") {
        raw.to_string()
    } else {
        format!("https://{raw}")
    };
    let url = Url::parse(&with_scheme).map_err(|_| {
        Error::invalid("workspace", "That link could not be read. Copy the address of any page of your Mode workspace from the browser and paste it again, or type the workspace's short name.")
    })?;
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let is_mode = host == "mode.com"
        || host.ends_with(".mode.com")
        || host == "modeanalytics.com"
        || host.ends_with(".modeanalytics.com")
        || is_loopback_host(&host);
    if !is_mode {
        return Err(Error::invalid(
            "workspace",
            format!("That is a link to {host}, not to Mode. Paste a link from your Mode workspace (it starts with https://app.mode.com/) or type the workspace's short name."),
        ));
    }
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    let first = segments.first().map(|s| s.to_ascii_lowercase());
    let slug = match first.as_deref() {
        Some(f) if SLUG_AFTER.contains(&f) => segments.get(1).copied(),
        Some(f) if NOT_A_WORKSPACE.contains(&f) => None,
        Some(_) => segments.first().copied(),
        None => None,
    };
    match slug {
        Some(s) if !s.eq_ignore_ascii_case("verify") && !s.eq_ignore_ascii_case("account") => {
            Ok(s.to_string())
        }
        _ => Err(Error::invalid(
            "workspace",
            "That Mode link does not name a workspace. Open your workspace in Mode (for example Workspace Settings) and paste that address, or type the workspace's short name.",
        )),
    }
}

fn validate_slug(candidate: &str) -> Result<String> {
    let slug = candidate.trim();
    if slug.chars().any(char::is_whitespace) {
        return Err(Error::invalid(
            "workspace",
            format!("\"{slug}\" has spaces in it. The workspace's short name has none: it is the part after app.mode.com/organizations/ in Workspace Settings, not the display name."),
        ));
    }
    if let Some(c) = slug
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
    {
        return Err(Error::invalid(
            "workspace",
            format!("\"{slug}\" contains \"{c}\", which a workspace's short name never has (only letters, digits, - and _). Copy it from app.mode.com/organizations/<name> in Workspace Settings."),
        ));
    }
    if slug.len() > 100 {
        return Err(Error::invalid("workspace", "That workspace name is too long to be real. Paste the short name from app.mode.com/organizations/<name>."));
    }
    Ok(slug.to_ascii_lowercase())
}

/// Whether a host name is this machine (the only place plain `http://` is allowed).
pub fn is_loopback_host(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost")
        || h.parse::<std::net::IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}

/// Checks the Mode host: `https://` anywhere, plain `http://` only for this machine.
pub fn parse_host(input: &str) -> Result<Url> {
    let raw = input.trim();
    let raw = if raw.is_empty() { DEFAULT_HOST } else { raw };
    let with_scheme = if raw.contains("://") {
        raw.to_string()
    } else {
        format!("https://{raw}")
    };
    let url = Url::parse(&with_scheme).map_err(|_| {
        Error::invalid("host", format!("\"{raw}\" is not a web address. Leave the host as {DEFAULT_HOST} unless your company uses another Mode address."))
    })?;
    let host = url.host_str().unwrap_or_default().to_string();
    if host.is_empty() {
        return Err(Error::invalid(
            "host",
            "The host has no server name. Use https://app.mode.com.",
        ));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback_host(&host) => {}
        "http" => {
            return Err(Error::invalid(
                "host",
                format!("The host must start with https:// so your key travels encrypted (plain http:// is only allowed for this computer). Use https://{host}."),
            ))
        }
        other => {
            return Err(Error::invalid(
                "host",
                format!("\"{other}://\" is not a web address. Use https://app.mode.com."),
            ))
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::invalid(
            "host",
            "The host must not contain a user name or password. Use https://app.mode.com and enter the key in its own fields.",
        ));
    }
    let mut base = url.clone();
    base.set_path("/");
    base.set_query(None);
    base.set_fragment(None);
    Ok(base)
}

/// The host as people write it: scheme, name and port, no trailing slash.
pub fn host_label(url: &Url) -> String {
    url.as_str().trim_end_matches('/').to_string()
}

/// Cleans a pasted Key ID: quotes and surrounding whitespace go; anything else odd is refused.
pub fn parse_key_id(input: &str) -> Result<String> {
    let cleaned = input
        .trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == '`')
        .trim();
    if cleaned.is_empty() {
        return Err(Error::invalid(
            "key_id",
            "Enter the Key ID: Mode shows it next to the key (a short code of letters and digits).",
        ));
    }
    if cleaned.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid(
            "key_id",
            "The Key ID has spaces or line breaks in it. Copy just the Key ID from Mode (a single short code) and paste it again.",
        ));
    }
    if !cleaned
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(Error::invalid(
            "key_id",
            "The Key ID contains characters Mode never uses (only letters and digits). Copy the Key ID from Mode again; did you paste the secret here by mistake?",
        ));
    }
    if cleaned.len() > 64 {
        return Err(Error::invalid(
            "key_id",
            "That is too long for a Key ID. Did you paste the secret here by mistake?",
        ));
    }
    Ok(cleaned.to_string())
}

/// Checks a pasted secret: present, one line.
pub fn check_secret(secret: &str) -> Result<()> {
    let s = secret.trim();
    if s.is_empty() {
        return Err(Error::invalid("secret", "Enter the key's secret. Mode shows it only once, when the key is created; if you no longer have it, create a new key."));
    }
    if s.chars().any(|c| c.is_control() || c == ' ') {
        return Err(Error::invalid("secret", "The secret has spaces or line breaks in it. Copy just the secret from Mode and paste it again."));
    }
    Ok(())
}

/// Parses the key's expiry date (`YYYY-MM-DD`). Dates in the past are accepted (the check then
/// says the key has expired); dates beyond any real key lifetime are refused.
pub fn parse_expiry(input: &str, today: NaiveDate) -> Result<NaiveDate> {
    let raw = input.trim();
    let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| {
        Error::invalid(
            "expires_on",
            format!("\"{raw}\" is not a date. Write the key's expiry date as year-month-day, for example 2027-03-01."),
        )
    })?;
    if date.year() > today.year() + 5 {
        return Err(Error::invalid(
            "expires_on",
            format!("{date} is more than five years away; Mode keys last 90 days unless an admin changed it. Check the expiry date shown next to the key in Mode."),
        ));
    }
    if date.year() < 2015 {
        return Err(Error::invalid(
            "expires_on",
            format!("{date} is before Mode's API keys existed. Check the expiry date shown next to the key in Mode."),
        ));
    }
    Ok(date)
}

/// A username of the service account as Mode spells usernames.
pub fn parse_username(input: &str) -> Result<Option<String>> {
    let raw = input.trim().trim_start_matches('@');
    if raw.is_empty() {
        return Ok(None);
    }
    if raw
        .chars()
        .any(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'))
    {
        return Err(Error::invalid(
            "service_account",
            format!("\"{raw}\" is not a Mode username (only letters, digits, ., - and _). Use the username the crawler's account signs in with, such as atlan_crawler."),
        ));
    }
    Ok(Some(raw.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default()
    }

    #[test]
    fn slug_is_taken_from_any_mode_url() {
        for (input, want) in [
            ("acme", "acme"),
            ("  Acme_Corp ", "acme_corp"),
            (
                "https://app.mode.com/organizations/acme/data_sources",
                "acme",
            ),
            ("https://app.mode.com/acme/reports/9d2da37fa91e", "acme"),
            ("app.mode.com/home/acme/data_sources/ea1c", "acme"),
            (
                "https://app.mode.com/editor/acme/reports/abc/queries/def",
                "acme",
            ),
            (
                "https://app.mode.com/acme/spaces/157933cc1168?x=1#y",
                "acme",
            ),
            ("https://app.mode.com/api/acme/data_sources", "acme"),
            ("\"acme\"", "acme"),
        ] {
            assert_eq!(
                parse_workspace(input).ok().as_deref(),
                Some(want),
                "{input}"
            );
        }
    }

    #[test]
    fn workspace_errors_name_the_problem() {
        let msg = |i: &str| {
            parse_workspace(i)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(msg("").contains("Enter your Mode workspace"));
        assert!(msg("Acme Corp").contains("spaces"));
        assert!(msg("açme").contains("ç"));
        assert!(msg("https://example.com/acme").contains("example.com, not to Mode"));
        assert!(msg("https://app.mode.com/settings/access_tokens")
            .contains("does not name a workspace"));
    }

    #[test]
    fn plain_http_is_refused_except_for_loopback() {
        assert!(parse_host("http://app.mode.com").is_err());
        assert!(parse_host("ftp://app.mode.com").is_err());
        assert!(parse_host("https://user:pw@app.mode.com").is_err());
        assert_eq!(
            parse_host("").map(|u| host_label(&u)).ok().as_deref(),
            Some(DEFAULT_HOST)
        );
        assert_eq!(
            parse_host("http://127.0.0.1:8080/x")
                .map(|u| host_label(&u))
                .ok()
                .as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert!(parse_host("http://localhost:9").is_ok());
        assert!(parse_host("http://[::1]:9").is_ok());
    }

    #[test]
    fn key_id_with_quotes_is_cleaned_and_with_newlines_refused() {
        assert_eq!(
            parse_key_id(" \"abc123def456\"\n").ok().as_deref(),
            Some("abc123def456")
        );
        assert!(parse_key_id("abc\n123").is_err());
        assert!(parse_key_id("").is_err());
        assert!(parse_key_id("abc$%").is_err());
    }

    #[test]
    fn expiry_in_the_past_is_accepted_and_year_9999_refused() {
        assert!(parse_expiry("2020-01-01", today()).is_ok());
        let far = parse_expiry("9999-12-31", today())
            .err()
            .map(|e| e.to_string());
        assert!(far.unwrap_or_default().contains("five years"));
        assert!(parse_expiry("31/12/2026", today()).is_err());
    }

    #[test]
    fn secret_with_line_breaks_is_refused() {
        assert!(check_secret("abc\ndef").is_err());
        assert!(check_secret("  ").is_err());
        assert!(check_secret("s3cr3t").is_ok());
    }
}
