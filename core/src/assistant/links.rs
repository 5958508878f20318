//! Links the window may open (this profile's Mode pages, Mode's help, a plain mailto draft) and
//! the message asking the Mode admin to do their part.

use super::*;

/// The web host for a profile's API host.
pub fn web_base(host: &str) -> String {
    host.trim_end_matches('/').to_string()
}

/// Accepts `url` if it is a page on `web` (the profile's Mode host), Mode's help, one of Atlan's
/// guide pages for Mode (exactly), or mailto.
pub fn check_link(web: &str, url: &str) -> Result<String> {
    let refused = || Error::InvalidInput {
        field: "link",
        message: "That link does not lead to your Mode workspace, so it was not opened.".into(),
    };
    if crate::atlan::GUIDE_PAGES.contains(&url) {
        return Ok(url.to_string());
    }
    if let Some(rest) = url.strip_prefix("mailto:") {
        return if mailto_is_plain(rest) {
            Ok(url.to_string())
        } else {
            Err(refused())
        };
    }
    let parsed = reqwest::Url::parse(url).map_err(|_| refused())?;
    let base = reqwest::Url::parse(web).map_err(|_| refused())?;
    let help = parsed.scheme() == "https" && parsed.host_str() == Some("mode.com");
    if (parsed.origin() == base.origin() && matches!(parsed.scheme(), "https" | "http")) || help {
        return Ok(parsed.to_string());
    }
    Err(refused())
}

/// Whether a mailto link (after `mailto:`) is a plain draft: at most one recipient, and only
/// `to`, `subject` and `body`, each once. Mail programs honour `attach`, `cc`, `bcc` and
/// recipient lists, which would let a link add a file or another reader to the message.
fn mailto_is_plain(rest: &str) -> bool {
    if rest.chars().any(char::is_control) {
        return false;
    }
    let (to, query) = rest.split_once('?').unwrap_or((rest, ""));
    let one_address = |raw: &str| {
        let address = percent_decode(raw);
        !address.contains([',', ';', '<', '>', '?', '&'])
            && !address.chars().any(|c| c.is_whitespace() || c.is_control())
            && address.matches('@').count() <= 1
    };
    if !one_address(to) {
        return false;
    }
    let mut recipients = usize::from(!to.is_empty());
    let mut seen: Vec<String> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = percent_decode(name).to_ascii_lowercase();
        if !matches!(name.as_str(), "to" | "subject" | "body") || seen.contains(&name) {
            return false;
        }
        if name == "to" {
            if !one_address(value) {
                return false;
            }
            recipients += 1;
        }
        seen.push(name);
    }
    recipients <= 1
}

/// Decodes `%XX` escapes; anything that is not a valid escape is kept as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The message asking the Mode admin to do their part. It never asks for a secret by email.
pub fn admin_message(p: &Profile, links: &WebLinks) -> AdminRequest {
    let ws = &p.workspace;
    let account = p
        .service_account
        .clone()
        .unwrap_or_else(|| scenarios::CRAWLER.into());
    let subject = format!("Please help set up Mode workspace \"{ws}\" for Atlan");
    let body = format!(
        "Hi,\n\n\
I'm connecting our Mode workspace \"{ws}\" to Atlan, our data catalogue. Atlan's crawler needs its own Mode account and an API key, and these steps need a Mode admin who is also a connection admin on every connection Atlan should see.\n\n\
1. Invite a user for the crawler (username {account}), then accept the invite and set its name, username and password. If Mode doesn't ask for them, sign out of Mode first and open the invite link again.\n   {invite}\n\n\
2. Check that {account} is a current member (not pending or former) under Workspace Settings > People > Members.\n   {members}\n\n\
3. Give {account} View on every connection: Workspace Settings > Manage Connections > each connection > Permissions.\n   {connections}\n\n\
4. Create a workspace API key under Workspace Settings > Features > API Keys (or turn on member keys so {account} can create its own). Mode shows the secret only once.\n   {keys}\n\n\
Then please either run Mode Setup Assistant to check the setup, or paste the Key ID and secret straight into Atlan's Mode connection yourself.\n\n\
Please don't send the API secret by email or chat.\n\nThank you!\n",
        invite = links.invite,
        members = links.members,
        connections = links.connections,
        keys = links.api_keys,
    );
    let mailto = format!(
        "mailto:?subject={}&body={}",
        percent(&subject),
        percent(&body)
    );
    AdminRequest {
        subject,
        body,
        mailto,
    }
}

fn percent(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
