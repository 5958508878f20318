//! The setup report a Mode admin sends to Atlan or a security reviewer: the check document
//! rendered as one self-contained HTML page, as Markdown, or as JSON.
//!
//! Every renderer reads the document defensively and shows only what the document holds, so
//! a secret can never appear unless it was put into the document.

use std::path::Path;

use serde_json::Value;

/// A file format the setup report can be saved in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One self-contained, printable HTML page.
    Html,
    /// GitHub-flavoured Markdown with tables.
    Markdown,
    /// The JSON document itself, pretty-printed.
    Json,
}

impl Format {
    /// The format matching a file's extension (`.html`/`.htm`, `.md`/`.markdown`, `.json`),
    /// in any case; `None` for anything else.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "html" | "htm" => Some(Format::Html),
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// The usual file extension for this format, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Markdown => "md",
            Format::Json => "json",
        }
    }
}

/// Renders the report document `doc` (the `check --json` document under `"report"`, plus
/// `checked_by`, `service_account` and `steps`) in `format`. Never fails: missing or
/// ill-typed fields show as "unknown" or "—".
pub fn render(doc: &crate::model::SetupDocument, format: Format) -> String {
    render_value(&serde_json::to_value(doc).unwrap_or(Value::Null), format)
}

fn render_value(doc: &Value, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(doc).unwrap_or_else(|_| doc.to_string()),
        Format::Markdown => markdown(&Model::read(doc)),
        Format::Html => html(&Model::read(doc)),
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the document
// ---------------------------------------------------------------------------------------------

const UNKNOWN: &str = "unknown";
const DASH: &str = "—";
/// The facts label whose value is an identifier, shown in a fixed-width font.
const KEY_ID: &str = "Key id";

/// The outcome of one check, as shown in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Pass,
    Warn,
    Fail,
    Skip,
    Unknown,
    /// A setup step not yet done (never a check status).
    Todo,
}

impl Mark {
    fn parse(raw: Option<&str>) -> Mark {
        match raw.map(str::to_ascii_lowercase).as_deref() {
            Some("pass") => Mark::Pass,
            Some("warn") => Mark::Warn,
            Some("fail") => Mark::Fail,
            Some("skip") => Mark::Skip,
            _ => Mark::Unknown,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Mark::Pass => "Passed",
            Mark::Warn => "Warning",
            Mark::Fail => "Failed",
            Mark::Skip => "Skipped",
            Mark::Unknown => "Unknown",
            Mark::Todo => "Not done",
        }
    }

    fn emoji(self) -> &'static str {
        match self {
            Mark::Pass => "✅",
            Mark::Warn => "⚠️",
            Mark::Fail => "❌",
            Mark::Skip => "⏭️",
            Mark::Unknown => "❔",
            Mark::Todo => "⬜",
        }
    }

    fn class(self) -> &'static str {
        match self {
            Mark::Pass => "pass",
            Mark::Warn => "warn",
            Mark::Fail => "fail",
            Mark::Skip => "skip",
            Mark::Unknown => "unknown",
            Mark::Todo => "todo",
        }
    }
}

/// One line of the facts table; `link` is set when the value is itself a safe address.
struct Fact {
    label: &'static str,
    value: String,
    link: Option<String>,
}

struct CheckRow {
    mark: Mark,
    title: String,
    summary: String,
    details: Option<String>,
    fix: Option<String>,
    link: Option<String>,
}

struct ConnectionRow {
    name: String,
    /// The access level in words.
    access: String,
    /// Whether the level lets the crawler read the connection.
    has_view: bool,
    /// Whether the access level was reported at all (an unknown level is a gap, not a refusal).
    known: bool,
    how: String,
    link: Option<String>,
}

struct StepRow {
    title: String,
    done: Option<bool>,
    at: String,
    by: String,
}

/// Everything the renderers show, already put into words (not yet escaped).
struct Model {
    workspace: String,
    host: Option<String>,
    checked_at: String,
    ready: Option<bool>,
    headline: String,
    facts: Vec<Fact>,
    checks: Vec<CheckRow>,
    connections: Vec<ConnectionRow>,
    counts: Vec<(&'static str, String)>,
    steps: Vec<StepRow>,
    version: String,
}

/// A non-empty, trimmed string field.
fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)?
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn human_date(raw: &str) -> String {
    match chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(d) => d.format("%-d %B %Y").to_string(),
        Err(_) => raw.to_string(),
    }
}

fn human_time(raw: &str) -> String {
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

fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 || n == -1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Only web addresses over HTTPS, or on this computer, become links.
fn safe_link(raw: &str) -> Option<String> {
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

impl Model {
    fn read(doc: &Value) -> Model {
        let report = doc.get("report").filter(|r| r.is_object()).unwrap_or(doc);
        let workspace = text(report, "workspace").unwrap_or(UNKNOWN).to_string();
        let host = text(report, "host").map(str::to_string);
        let checked_at = text(report, "checked_at")
            .map(human_time)
            .unwrap_or_else(|| UNKNOWN.into());
        let ready = report.get("ready").and_then(Value::as_bool);
        let headline = text(report, "headline")
            .map(str::to_string)
            .unwrap_or_else(|| {
                match ready {
                    Some(true) => "Ready for Atlan.",
                    Some(false) => "Not ready for Atlan yet.",
                    None => "Whether this workspace is ready for Atlan is unknown.",
                }
                .to_string()
            });
        let version = text(report, "app_version").unwrap_or(UNKNOWN).to_string();

        let mut facts = vec![
            Fact {
                label: "Workspace",
                value: workspace.clone(),
                link: None,
            },
            Fact {
                label: "Host",
                value: host.clone().unwrap_or_else(|| UNKNOWN.into()),
                link: host.as_deref().and_then(safe_link),
            },
            Fact {
                label: "Checked at",
                value: checked_at.clone(),
                link: None,
            },
            Fact {
                label: "Checked by",
                value: text(doc, "checked_by").unwrap_or(UNKNOWN).to_string(),
                link: None,
            },
            Fact {
                label: "App version",
                value: version.clone(),
                link: None,
            },
            Fact {
                label: "Service account",
                value: match doc.get("service_account") {
                    Some(Value::Null) => "none named".to_string(),
                    Some(v) => v.as_str().unwrap_or(UNKNOWN).trim().to_string(),
                    None => UNKNOWN.to_string(),
                },
                link: None,
            },
        ];
        facts.extend(key_facts(report.get("key").unwrap_or(&Value::Null)));
        if let Some(n) = report.get("requests").and_then(Value::as_u64) {
            facts.push(Fact {
                label: "Requests to Mode",
                value: n.to_string(),
                link: None,
            });
        }

        Model {
            workspace,
            host,
            checked_at,
            ready,
            headline,
            facts,
            checks: list(report, "checks").iter().map(check_row).collect(),
            connections: list(report, "connections")
                .iter()
                .map(connection_row)
                .collect(),
            counts: counts(report.get("counts").unwrap_or(&Value::Null)),
            steps: list(doc, "steps").iter().map(step_row).collect(),
            version,
        }
    }

    fn tally(&self, mark: Mark) -> usize {
        self.checks.iter().filter(|c| c.mark == mark).count()
    }
}

fn key_facts(key: &Value) -> Vec<Fact> {
    let member = text(key, "member");
    let kind = match text(key, "kind").map(str::to_ascii_lowercase).as_deref() {
        Some("workspace") => "Workspace key".to_string(),
        Some("member") => match member {
            Some(m) => format!("Member key of {m}"),
            None => "Member key".to_string(),
        },
        Some("personal") => "Personal token (retired by Mode)".to_string(),
        _ => "Unknown kind of key".to_string(),
    };
    let source = match text(key, "expiry_source") {
        Some("entered") => Some("date entered by hand"),
        Some("mode") => Some("date reported by Mode"),
        Some("estimated") => Some("date estimated"),
        _ => None,
    };
    let days = key.get("days_left").and_then(Value::as_i64);
    let expiry = match text(key, "expires_on") {
        None => UNKNOWN.to_string(),
        Some(raw) => {
            let mut notes = Vec::new();
            match days {
                Some(n) if n > 0 => notes.push(format!("{} left", plural(n, "day", "days"))),
                Some(0) => notes.push("expires today".to_string()),
                Some(n) => notes.push(format!("expired {} ago", plural(-n, "day", "days"))),
                None => {}
            }
            if let Some(s) = source {
                notes.push(s.to_string());
            }
            if notes.is_empty() {
                human_date(raw)
            } else {
                format!("{} ({})", human_date(raw), notes.join("; "))
            }
        }
    };
    vec![
        Fact {
            label: "Key kind",
            value: kind,
            link: None,
        },
        Fact {
            label: KEY_ID,
            value: text(key, "id").unwrap_or(UNKNOWN).to_string(),
            link: None,
        },
        Fact {
            label: "Key expires",
            value: expiry,
            link: None,
        },
    ]
}

fn check_row(v: &Value) -> CheckRow {
    let mark = Mark::parse(text(v, "status"));
    CheckRow {
        mark,
        title: text(v, "title")
            .or_else(|| text(v, "id"))
            .unwrap_or(UNKNOWN)
            .to_string(),
        summary: text(v, "summary").unwrap_or(DASH).to_string(),
        details: text(v, "details").map(str::to_string),
        // A passing check needs no fix, even when one is recorded.
        fix: text(v, "fix")
            .filter(|_| mark != Mark::Pass)
            .map(str::to_string),
        link: text(v, "link").map(str::to_string),
    }
}

fn connection_row(v: &Value) -> ConnectionRow {
    let level = text(v, "access").map(str::to_ascii_lowercase);
    let (access, has_view, known) = match level.as_deref() {
        Some("manage") => ("Manage (includes View)", true, true),
        Some("query") => ("Query (includes View)", true, true),
        Some("view") => ("View", true, true),
        Some("none") => ("No access", false, true),
        _ => ("Unknown", false, false),
    };
    let how = match text(v, "via") {
        Some("admin") => "admin rights",
        Some("default") => "connection's default access",
        Some("direct") => "given directly",
        Some("group") => "through a group",
        _ => DASH,
    };
    ConnectionRow {
        name: text(v, "name")
            .or_else(|| text(v, "token"))
            .unwrap_or(UNKNOWN)
            .to_string(),
        access: access.to_string(),
        has_view,
        known,
        how: how.to_string(),
        link: text(v, "link").filter(|_| !has_view).map(str::to_string),
    }
}

fn counts(v: &Value) -> Vec<(&'static str, String)> {
    let count = |key: &str| match v.get(key) {
        Some(Value::Null) => "not counted".to_string(),
        Some(n) => n
            .as_u64()
            .map(|n| n.to_string())
            .unwrap_or_else(|| UNKNOWN.into()),
        None => UNKNOWN.to_string(),
    };
    vec![
        ("Connections", count("connections")),
        ("Shared collections", count("collections")),
        ("Personal collections", count("personal_collections")),
        ("Reports", count("reports")),
        ("Queries", count("queries")),
        ("Charts", count("charts")),
    ]
}

fn step_row(v: &Value) -> StepRow {
    let done = v.get("done").and_then(Value::as_bool);
    StepRow {
        title: text(v, "title")
            .or_else(|| text(v, "id"))
            .unwrap_or(UNKNOWN)
            .to_string(),
        done,
        at: text(v, "at").map(human_date).unwrap_or_else(|| DASH.into()),
        by: match text(v, "by") {
            Some("hand") => "by hand",
            Some("check") => "confirmed by the checks",
            _ => DASH,
        }
        .to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

/// Escapes text for Markdown: characters that would start markup are backslash-escaped, and
/// line breaks become `<br>` so a value never leaves its table cell.
fn md(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let normalised = raw.replace("\r\n", "\n").replace('\r', "\n");
    for c in normalised.chars() {
        match c {
            '\\' | '|' | '<' | '`' | '*' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("<br>"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A Markdown link to a safe address; anything else as escaped text.
fn md_link(label: &str, raw: &str) -> String {
    match safe_link(raw) {
        Some(url) => {
            let target: String = url
                .chars()
                .map(|c| match c {
                    '(' => "%28".to_string(),
                    ')' => "%29".to_string(),
                    '|' => "%7C".to_string(),
                    '<' => "%3C".to_string(),
                    '>' => "%3E".to_string(),
                    c => c.to_string(),
                })
                .collect();
            format!("[{}]({target})", md(label))
        }
        None => md(raw),
    }
}

fn md_row(out: &mut String, cells: &[String]) {
    out.push('|');
    for cell in cells {
        out.push(' ');
        out.push_str(if cell.is_empty() { DASH } else { cell });
        out.push_str(" |");
    }
    out.push('\n');
}

fn md_head(out: &mut String, names: &[&str]) {
    md_row(
        out,
        &names.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
    );
    md_row(
        out,
        &names.iter().map(|_| "---".to_string()).collect::<Vec<_>>(),
    );
}

fn markdown(m: &Model) -> String {
    let mut out = format!("# Mode setup report: {}\n\n", md(&m.workspace));
    let verdict = match m.ready {
        Some(true) => "✅",
        Some(false) => "❌",
        None => "❔",
    };
    out.push_str(&format!("{verdict} **{}**\n\n", md(&m.headline)));

    md_head(&mut out, &["Field", "Value"]);
    for f in &m.facts {
        md_row(&mut out, &[f.label.to_string(), md(&f.value)]);
    }

    out.push_str("\n## Checks\n\n");
    if m.checks.is_empty() {
        out.push_str("No checks were recorded.\n");
    } else {
        md_head(&mut out, &["Status", "Check", "Result", "Fix", "Link"]);
        for c in &m.checks {
            let mut result = md(&c.summary);
            if let Some(d) = &c.details {
                result.push_str(&format!("<br>Details: {}", md(d)));
            }
            md_row(
                &mut out,
                &[
                    format!("{} {}", c.mark.emoji(), c.mark.word()),
                    md(&c.title),
                    result,
                    c.fix.as_deref().map(md).unwrap_or_default(),
                    c.link
                        .as_deref()
                        .map(|l| md_link("Open in Mode", l))
                        .unwrap_or_default(),
                ],
            );
        }
    }

    out.push_str("\n## Connections\n\n");
    if m.connections.is_empty() {
        out.push_str("No connections were listed.\n");
    } else {
        md_head(&mut out, &["Connection", "Access", "How", "Grant View"]);
        for c in &m.connections {
            let mark = match (c.has_view, c.known) {
                (true, _) => "✅",
                (false, true) => "❌",
                (false, false) => "❔",
            };
            md_row(
                &mut out,
                &[
                    md(&c.name),
                    format!("{mark} {}", md(&c.access)),
                    md(&c.how),
                    c.link
                        .as_deref()
                        .map(|l| md_link("Open in Mode", l))
                        .unwrap_or_default(),
                ],
            );
        }
    }

    out.push_str("\n## Counts\n\n");
    md_head(&mut out, &["Item", "Count"]);
    for (label, value) in &m.counts {
        md_row(&mut out, &[label.to_string(), md(value)]);
    }

    out.push_str("\n## Setup steps\n\n");
    if m.steps.is_empty() {
        out.push_str("No setup steps were recorded.\n");
    } else {
        md_head(&mut out, &["Done", "Step", "Date", "Ticked"]);
        for s in &m.steps {
            let done = match s.done {
                Some(true) => "✅ Done",
                Some(false) => "⬜ Not done",
                None => "❔ Unknown",
            };
            md_row(
                &mut out,
                &[done.to_string(), md(&s.title), md(&s.at), md(&s.by)],
            );
        }
    }

    out.push_str(&format!(
        "\n---\n\nGenerated by Mode Setup Assistant {}. This report never contains the API \
         secret.\n",
        md(&m.version)
    ));
    out
}

// ---------------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------------

/// Escapes text for HTML content and attribute values.
fn esc(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 16);
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped text whose line breaks are kept.
fn esc_lines(raw: &str) -> String {
    esc(&raw.replace("\r\n", "\n")).replace('\n', "<br>")
}

/// A link to a safe address, or the address as plain text.
fn html_link(label: &str, raw: &str) -> String {
    match safe_link(raw) {
        Some(url) => format!(
            "<a href=\"{}\"{} rel=\"noopener noreferrer\">{}</a>",
            esc(&url),
            // A link that already shows its address prints without repeating it.
            if label == url { " class=\"bare\"" } else { "" },
            esc(label)
        ),
        None => format!("<span class=\"url\">{}</span>", esc(raw)),
    }
}

const ICON_PASS: &str = "<path d=\"M4.6 8.3l2.2 2.2 4.6-4.8\" fill=\"none\" stroke=\"#fff\" \
    stroke-width=\"1.9\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>";
const ICON_FAIL: &str = "<path d=\"M5.5 5.5l5 5M10.5 5.5l-5 5\" fill=\"none\" stroke=\"#fff\" \
    stroke-width=\"1.9\" stroke-linecap=\"round\"/>";
const ICON_SKIP: &str = "<path d=\"M4.8 8h6.4\" fill=\"none\" stroke=\"#fff\" \
    stroke-width=\"1.9\" stroke-linecap=\"round\"/>";
const ICON_UNKNOWN: &str = "<path d=\"M6.3 6.3a1.8 1.8 0 1 1 2.5 1.6c-.5.3-.8.6-.8 1.3\" \
    fill=\"none\" stroke=\"#fff\" stroke-width=\"1.6\" stroke-linecap=\"round\"/>\
    <circle cx=\"8\" cy=\"11.5\" r=\"1\" fill=\"#fff\"/>";

/// A small inline icon; colour comes from the surrounding text.
fn icon(mark: Mark) -> String {
    let body = match mark {
        Mark::Todo => "<circle cx=\"8\" cy=\"8\" r=\"6.6\" fill=\"none\" \
            stroke=\"currentColor\" stroke-width=\"1.6\"/>"
            .to_string(),
        Mark::Warn => "<path d=\"M8 1.3 15.2 14.3H.8z\" fill=\"currentColor\" \
            stroke=\"currentColor\" stroke-width=\"1.2\" stroke-linejoin=\"round\"/>\
            <path d=\"M8 6v3.7\" stroke=\"#fff\" stroke-width=\"1.8\" stroke-linecap=\"round\"/>\
            <circle cx=\"8\" cy=\"12\" r=\"1\" fill=\"#fff\"/>"
            .to_string(),
        other => {
            let inner = match other {
                Mark::Pass => ICON_PASS,
                Mark::Fail => ICON_FAIL,
                Mark::Skip => ICON_SKIP,
                _ => ICON_UNKNOWN,
            };
            format!("<circle cx=\"8\" cy=\"8\" r=\"7.5\" fill=\"currentColor\"/>{inner}")
        }
    };
    format!(
        "<svg class=\"icon\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" \
         aria-hidden=\"true\" focusable=\"false\">{body}</svg>"
    )
}

/// A header row of column headings, followed by the opening of the table body.
fn thead(columns: &[&str]) -> String {
    let cells: String = columns
        .iter()
        .map(|c| format!("<th scope=\"col\">{}</th>", esc(c)))
        .collect();
    format!("<thead><tr>{cells}</tr></thead>\n<tbody>\n")
}

/// A status badge: icon and word, never colour alone.
fn badge(mark: Mark, word: &str) -> String {
    format!(
        "<span class=\"mark {}\">{}<span>{}</span></span>",
        mark.class(),
        icon(mark),
        esc(word)
    )
}

const STYLE: &str = r#"
:root {
  --ink: #1d2633; --muted: #5b6675; --faint: #8a94a3; --line: #dde2e8; --rule: #c3cad4;
  --soft: #f6f8fa; --accent: #24519c;
  --pass: #1b7a43; --pass-bg: #ebf6ef; --warn: #8f5a00; --warn-bg: #fdf4e1;
  --fail: #b3261e; --fail-bg: #fcecea; --skip: #5b6675; --skip-bg: #f0f2f5;
}
* { box-sizing: border-box; }
html { background: #eceff3; }
body {
  margin: 32px auto; max-width: 940px; padding: 44px 52px 28px; background: #fff;
  color: var(--ink); border: 1px solid #d8dde4; border-radius: 6px;
  box-shadow: 0 1px 3px rgba(20, 30, 45, .08);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue",
    "Liberation Sans", Arial, sans-serif;
}
header.top { border-bottom: 2px solid var(--ink); padding-bottom: 14px; margin-bottom: 22px; }
.eyebrow {
  margin: 0 0 6px; font-size: 11px; font-weight: 600; letter-spacing: .09em;
  text-transform: uppercase; color: var(--muted);
}
h1 { margin: 0; font-size: 26px; line-height: 1.25; font-weight: 650; letter-spacing: -.01em; }
.sub { margin: 6px 0 0; color: var(--muted); font-size: 13px; }
h2 {
  margin: 30px 0 4px; font-size: 17px; font-weight: 650; padding-bottom: 4px;
  border-bottom: 1px solid var(--line);
}
a { color: var(--accent); text-decoration: none; border-bottom: 1px solid rgba(36, 81, 156, .3); }
.url { color: var(--muted); word-break: break-all; }
.banner {
  display: flex; gap: 14px; align-items: flex-start; padding: 16px 18px; border-radius: 6px;
  border: 1px solid; border-left-width: 6px; margin: 0 0 10px;
}
.banner .icon { width: 28px; height: 28px; flex: none; margin-top: 2px; }
.banner .verdict {
  margin: 0; font-size: 12px; font-weight: 700; letter-spacing: .08em; text-transform: uppercase;
}
.banner .headline { margin: 2px 0 0; font-size: 17px; font-weight: 600; color: var(--ink); }
.banner.pass { color: var(--pass); background: var(--pass-bg); border-color: #9fd0b2; }
.banner.fail { color: var(--fail); background: var(--fail-bg); border-color: #ecaaa4; }
.banner.unknown { color: var(--skip); background: var(--skip-bg); border-color: var(--rule); }
.banner.pass { border-left-color: var(--pass); }
.banner.fail { border-left-color: var(--fail); }
.banner.unknown { border-left-color: var(--skip); }
.tally { margin: 0 0 6px; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 8px; }
.tally li { font-size: 12.5px; color: var(--muted); }
.tally li + li::before { content: "·"; margin-right: 8px; color: var(--faint); }
.tally b { color: var(--ink); font-weight: 650; }
table { width: 100%; border-collapse: collapse; margin: 0 0 8px; font-size: 13px; }
caption {
  caption-side: top; text-align: left; color: var(--muted); font-size: 12.5px; padding: 0 0 8px;
}
th, td {
  text-align: left; vertical-align: top; padding: 8px 10px; border-bottom: 1px solid var(--line);
}
thead th {
  font-size: 11px; font-weight: 650; letter-spacing: .05em; text-transform: uppercase;
  color: var(--muted); background: var(--soft); border-bottom: 1px solid var(--rule);
  white-space: nowrap;
}
tbody th { font-weight: 600; }
table.facts { width: auto; min-width: 62%; }
table.facts th, table.facts td { padding: 6px 10px; }
table.facts th { width: 170px; color: var(--muted); font-weight: 500; white-space: nowrap; }
table.facts td { font-weight: 500; }
code {
  font: 12.5px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
  background: var(--soft); border: 1px solid var(--line); border-radius: 3px; padding: 0 4px;
}
.mark {
  display: inline-flex; align-items: center; gap: 6px; font-weight: 650; white-space: nowrap;
}
.mark .icon { width: 15px; height: 15px; flex: none; }
.mark.pass { color: var(--pass); }
.mark.warn { color: var(--warn); }
.mark.fail { color: var(--fail); }
.mark.skip, .mark.unknown, .mark.todo { color: var(--skip); }
table.checks td.status { width: 112px; }
table.checks thead th:nth-child(2) { width: 24%; }
table.checks tr.fail > td:first-child { box-shadow: inset 4px 0 0 var(--fail); }
table.checks tr.warn > td:first-child { box-shadow: inset 4px 0 0 #d99a1e; }
.details { display: block; margin-top: 4px; color: var(--muted); font-size: 12px; }
.none { color: var(--faint); }
tr.gap > * { background: var(--fail-bg); }
tr.gap > :first-child { box-shadow: inset 4px 0 0 var(--fail); }
table.counts { table-layout: fixed; }
table.counts thead th { white-space: normal; }
table.counts td { font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
table.counts td.na { font-size: 13px; font-weight: 500; color: var(--muted); }
footer {
  margin-top: 34px; padding-top: 12px; border-top: 1px solid var(--line); color: var(--muted);
  font-size: 12px;
}
@page { margin: 16mm 14mm; }
@media print {
  html, body { background: #fff; }
  body {
    margin: 0; max-width: none; padding: 0; border: 0; border-radius: 0; box-shadow: none;
    font-size: 10pt;
  }
  .banner, .mark, thead th, tr.gap > * { background: none !important; }
  tr, .banner, header.top { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  h2 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; border: 0; text-decoration: underline; }
  a[href]::after {
    content: " (" attr(href) ")"; color: var(--muted); font-size: 8pt; word-break: break-all;
  }
  a.bare::after { content: none; }
}
"#;

fn html(m: &Model) -> String {
    let mut out = String::with_capacity(24 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; img-src data:\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    out.push_str("<meta name=\"color-scheme\" content=\"light\">\n");
    out.push_str(&format!(
        "<title>Mode setup report: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&m.workspace)
    ));

    // Title and verdict.
    out.push_str("<header class=\"top\">\n<p class=\"eyebrow\">Mode Setup Assistant · ");
    out.push_str("Setup report for the Atlan crawler</p>\n");
    out.push_str(&format!(
        "<h1>Mode setup report: {}</h1>\n",
        esc(&m.workspace)
    ));
    out.push_str(&format!(
        "<p class=\"sub\">{} · checked {}</p>\n</header>\n",
        esc(m.host.as_deref().unwrap_or("host unknown")),
        esc(&m.checked_at)
    ));
    let (class, verdict, mark) = match m.ready {
        Some(true) => ("pass", "Ready for Atlan", Mark::Pass),
        Some(false) => ("fail", "Not ready for Atlan", Mark::Fail),
        None => ("unknown", "Readiness unknown", Mark::Unknown),
    };
    out.push_str(&format!(
        "<section class=\"banner {class}\" aria-label=\"Verdict\">{}<div>\
         <p class=\"verdict\">{verdict}</p><p class=\"headline\">{}</p></div></section>\n",
        icon(mark),
        esc_lines(&m.headline)
    ));
    if !m.checks.is_empty() {
        out.push_str("<ul class=\"tally\">");
        for (mark, one, many) in [
            (Mark::Pass, "passed", "passed"),
            (Mark::Warn, "warning", "warnings"),
            (Mark::Fail, "failed", "failed"),
            (Mark::Skip, "skipped", "skipped"),
        ] {
            let n = m.tally(mark);
            let word = if n == 1 { one } else { many };
            out.push_str(&format!("<li><b>{n}</b> {word}</li>"));
        }
        out.push_str(&format!(
            "<li>of <b>{}</b> checks</li></ul>\n",
            m.checks.len()
        ));
    }

    // Facts.
    out.push_str("<h2 id=\"facts\">Summary</h2>\n<table class=\"facts\">\n");
    out.push_str(
        "<caption>Which workspace was checked, when, by whom and with which key.</caption>\n",
    );
    out.push_str("<tbody>\n");
    for f in &m.facts {
        let value = match &f.link {
            Some(url) => html_link(&f.value, url),
            None if f.label == KEY_ID => format!("<code>{}</code>", esc(&f.value)),
            None => esc_lines(&f.value),
        };
        out.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{value}</td></tr>\n",
            esc(f.label)
        ));
    }
    out.push_str("</tbody>\n</table>\n");

    // Checks.
    out.push_str("<h2 id=\"checks\">Checks</h2>\n");
    if m.checks.is_empty() {
        out.push_str("<p class=\"none\">No checks were recorded.</p>\n");
    } else {
        out.push_str("<table class=\"checks\">\n");
        out.push_str("<caption>Every check run against Mode, in order, with what to do ");
        out.push_str("about any that did not pass.</caption>\n");
        out.push_str(&thead(&["Status", "Check", "Result", "What to do"]));
        for c in &m.checks {
            let mut result = esc_lines(&c.summary);
            if let Some(d) = &c.details {
                result.push_str(&format!(
                    "<span class=\"details\">Details: {}</span>",
                    esc_lines(d)
                ));
            }
            let mut todo = c.fix.as_deref().map(esc_lines).unwrap_or_default();
            if let Some(link) = &c.link {
                if !todo.is_empty() {
                    todo.push_str("<br>");
                }
                todo.push_str(&html_link("Open in Mode", link));
            }
            if todo.is_empty() {
                todo = format!("<span class=\"none\">{DASH}</span>");
            }
            out.push_str(&format!(
                "<tr class=\"{}\"><td class=\"status\">{}</td><th scope=\"row\">{}</th>\
                 <td>{result}</td><td>{todo}</td></tr>\n",
                c.mark.class(),
                badge(c.mark, c.mark.word()),
                esc_lines(&c.title)
            ));
        }
        out.push_str("</tbody>\n</table>\n");
    }

    // Connections.
    out.push_str("<h2 id=\"connections\">Connections</h2>\n");
    if m.connections.is_empty() {
        out.push_str("<p class=\"none\">No connections were listed.</p>\n");
    } else {
        let gaps = m.connections.iter().filter(|c| !c.has_view).count();
        out.push_str("<table class=\"connections\">\n<caption>");
        if gaps == 0 {
            out.push_str("The crawler can view every connection.");
        } else {
            out.push_str(&format!(
                "The crawler lacks View on {} of {}; those rows are marked and \
                 link to where View is granted.",
                plural(gaps as i64, "connection", "connections"),
                m.connections.len()
            ));
        }
        out.push_str("</caption>\n");
        out.push_str(&thead(&[
            "Connection",
            "Crawler's access",
            "How",
            "Grant View",
        ]));
        for c in &m.connections {
            let mark = match (c.has_view, c.known) {
                (true, _) => Mark::Pass,
                (false, true) => Mark::Fail,
                (false, false) => Mark::Unknown,
            };
            let access = if c.has_view {
                c.access.clone()
            } else {
                format!("{} — lacks View", c.access)
            };
            let fix = match &c.link {
                Some(link) => html_link("Open in Mode", link),
                None => format!("<span class=\"none\">{DASH}</span>"),
            };
            out.push_str(&format!(
                "<tr{}><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{fix}</td></tr>\n",
                if c.has_view { "" } else { " class=\"gap\"" },
                esc_lines(&c.name),
                badge(mark, &access),
                esc(&c.how)
            ));
        }
        out.push_str("</tbody>\n</table>\n");
    }

    // Counts.
    out.push_str("<h2 id=\"counts\">Counts</h2>\n<table class=\"counts\">\n");
    out.push_str("<caption>What the crawler will find in the workspace.</caption>\n<thead><tr>");
    for (label, _) in &m.counts {
        out.push_str(&format!("<th scope=\"col\">{}</th>", esc(label)));
    }
    out.push_str("</tr></thead>\n<tbody><tr>");
    for (_, value) in &m.counts {
        let numeric = value.chars().all(|c| c.is_ascii_digit());
        out.push_str(&format!(
            "<td{}>{}</td>",
            if numeric { "" } else { " class=\"na\"" },
            esc(value)
        ));
    }
    out.push_str("</tr></tbody>\n</table>\n");

    // Steps.
    out.push_str("<h2 id=\"steps\">Setup steps</h2>\n");
    if m.steps.is_empty() {
        out.push_str("<p class=\"none\">No setup steps were recorded.</p>\n");
    } else {
        out.push_str("<table class=\"steps\">\n");
        out.push_str("<caption>The setup steps for the crawler's account, when each was ");
        out.push_str("ticked, and whether by hand or confirmed by the checks.</caption>\n");
        out.push_str(&thead(&["Done", "Step", "Date", "Ticked"]));
        for s in &m.steps {
            let done = match s.done {
                Some(true) => badge(Mark::Pass, "Done"),
                Some(false) => badge(Mark::Todo, "Not done"),
                None => badge(Mark::Unknown, "Unknown"),
            };
            out.push_str(&format!(
                "<tr><td class=\"status\">{done}</td><th scope=\"row\">{}</th><td>{}</td>\
                 <td>{}</td></tr>\n",
                esc_lines(&s.title),
                esc(&s.at),
                esc(&s.by)
            ));
        }
        out.push_str("</tbody>\n</table>\n");
    }

    out.push_str(&format!(
        "<footer>Generated by Mode Setup Assistant {}. This report never contains the API \
         secret.</footer>\n</body>\n</html>\n",
        esc(&m.version)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fixture() -> Value {
        json!({
            "report": {
                "schema": 1,
                "workspace": "acme",
                "host": "https://app.mode.com",
                "checked_at": "2026-11-28T17:40:00+00:00",
                "app_version": "0.1.0",
                "ready": false,
                "headline": "Not ready for Atlan yet: one check failed. Follow its fix, then \
                             check again.",
                "requests": 23,
                "key": {
                    "id": "ws0a1b2c3d4e", "kind": "workspace", "member": null,
                    "expires_on": "2027-01-27", "days_left": 60, "expiry_source": "entered"
                },
                "checks": [
                    {"id": "host", "title": "Mode can be reached", "status": "pass",
                     "summary": "app.mode.com answered in 180 ms.", "fix": null, "link": null},
                    {"id": "credentials", "title": "Mode accepts the key", "status": "pass",
                     "summary": "Mode accepted key ws0a1b2c3d4e.", "fix": null, "link": null},
                    {"id": "workspace", "title": "The key belongs to this workspace",
                     "status": "pass", "summary": "The key opens workspace acme.",
                     "fix": null, "link": null},
                    {"id": "key-type", "title": "The key is a workspace or member key",
                     "status": "pass", "summary": "This is a workspace key.", "fix": null,
                     "link": null},
                    {"id": "key-expiry", "title": "The key is not about to expire",
                     "status": "pass", "summary": "The key expires on 27 January 2027, in 60 \
                     days.", "fix": "Rotate it before then.", "link": null},
                    {"id": "service-account",
                     "title": "The crawler's account is a current member", "status": "warn",
                     "summary": "atlan_crawler is a member but has not accepted the invite.",
                     "fix": "Ask the account's owner to accept the invite from Mode's email.",
                     "link": "https://app.mode.com/organizations/acme/members",
                     "details": "membership state: invited"},
                    {"id": "connection-access",
                     "title": "The crawler can view every connection", "status": "fail",
                     "summary": "The crawler cannot view 1 of 4 connections: Snowflake (finance).",
                     "fix": "In Mode, open Workspace Settings > Data > Connections, choose \
                             Snowflake (finance), and give atlan_crawler View access.",
                     "link": "https://app.mode.com/organizations/acme/data_sources/def"},
                    {"id": "collections", "title": "Collections are visible", "status": "pass",
                     "summary": "2 shared collections and 1 personal collection are visible.",
                     "fix": null, "link": null},
                    {"id": "reports", "title": "Reports, queries and charts can be read",
                     "status": "skip",
                     "summary": "Skipped: fix the connection access first.",
                     "fix": "Run the checks again once every connection is visible.",
                     "link": null}
                ],
                "connections": [
                    {"token": "abc", "name": "Postgres (production)", "access": "manage",
                     "via": "admin",
                     "link": "https://app.mode.com/organizations/acme/data_sources/abc"},
                    {"token": "def", "name": "Snowflake (finance)", "access": "none",
                     "via": null,
                     "link": "https://app.mode.com/organizations/acme/data_sources/def"},
                    {"token": "ghi", "name": "BigQuery | marketing", "access": "view",
                     "via": "group",
                     "link": "https://app.mode.com/organizations/acme/data_sources/ghi"},
                    {"token": "jkl", "name": "Redshift (legacy)", "access": "query",
                     "via": "default",
                     "link": "https://app.mode.com/organizations/acme/data_sources/jkl"}
                ],
                "counts": {
                    "connections": 4, "collections": 2, "personal_collections": 1,
                    "reports": 38, "queries": 73, "charts": 76
                }
            },
            "checked_by": "dana",
            "service_account": "atlan_crawler",
            "steps": [
                {"id": "invite", "title": "Invite a user", "done": true, "at": "2026-11-27",
                 "by": "hand"},
                {"id": "accept", "title": "Accept the invite", "done": false, "at": null,
                 "by": null},
                {"id": "key", "title": "Create a workspace API key", "done": true,
                 "at": "2026-11-28", "by": "check"},
                {"id": "connections", "title": "Give View on every connection", "done": false,
                 "at": null, "by": null},
                {"id": "collections", "title": "Share collections", "done": true,
                 "at": "2026-11-28", "by": "check"},
                {"id": "atlan", "title": "Paste the key into Atlan", "done": false, "at": null,
                 "by": null}
            ]
        })
    }

    fn strings_of<'a>(v: &'a Value, key: &str, field: &str) -> Vec<&'a str> {
        list(&v["report"], key)
            .iter()
            .filter_map(|c| c[field].as_str())
            .collect()
    }

    #[test]
    fn format_is_chosen_by_extension_in_any_case() {
        let f = |p: &str| Format::from_path(Path::new(p));
        assert_eq!(f("r.html"), Some(Format::Html));
        assert_eq!(f("/tmp/R.HTM"), Some(Format::Html));
        assert_eq!(f("r.md"), Some(Format::Markdown));
        assert_eq!(f("r.Markdown"), Some(Format::Markdown));
        assert_eq!(f("r.JSON"), Some(Format::Json));
        assert_eq!(f("r.txt"), None);
        assert_eq!(f("report"), None);
        assert_eq!(f(".html"), None);
        for format in [Format::Html, Format::Markdown, Format::Json] {
            assert_eq!(f(&format!("x.{}", format.extension())), Some(format));
        }
    }

    #[test]
    fn json_report_is_the_same_document_pretty_printed() {
        let doc = fixture();
        let out = render_value(&doc, Format::Json);
        assert!(out.contains("\n  \"report\": {"));
        let back: Value = serde_json::from_str(&out).unwrap_or_default();
        assert_eq!(back, doc);
    }

    #[test]
    fn markdown_opens_with_the_title_and_the_readiness_sentence() {
        let out = render_value(&fixture(), Format::Markdown);
        let mut lines = out.lines().filter(|l| !l.is_empty());
        assert_eq!(lines.next(), Some("# Mode setup report: acme"));
        let verdict = lines.next().unwrap_or_default();
        assert!(verdict.contains("Not ready for Atlan yet: one check failed."));
        assert!(out.contains("| Checked at | 28 November 2026 at 17:40 (UTC) |"));
        assert!(out.contains("| Key kind | Workspace key |"));
        assert!(
            out.contains("| Key expires | 27 January 2027 (60 days left; date entered by hand) |")
        );
        assert!(out.contains("| Service account | atlan_crawler |"));
        for section in ["## Checks", "## Connections", "## Counts", "## Setup steps"] {
            assert!(out.contains(section), "missing {section}");
        }
    }

    #[test]
    fn markdown_marks_every_status_with_a_word() {
        let out = render_value(&fixture(), Format::Markdown);
        for mark in ["✅ Passed", "⚠️ Warning", "❌ Failed", "⏭️ Skipped"] {
            assert!(out.contains(mark), "missing {mark}");
        }
        assert!(out.contains("| ✅ Done | Invite a user | 27 November 2026 | by hand |"));
        assert!(out.contains("confirmed by the checks"));
        assert!(out.contains("| ⬜ Not done | Accept the invite | — | — |"));
    }

    #[test]
    fn markdown_table_cells_escape_pipes_and_newlines() {
        let mut doc = fixture();
        doc["report"]["checks"][0]["summary"] = json!("first line\nsecond | line");
        let out = render_value(&doc, Format::Markdown);
        assert!(out.contains("first line<br>second \\| line"));
        assert!(out.contains("BigQuery \\| marketing"));
        for line in out.lines().filter(|l| l.starts_with('|')) {
            let unescaped = line.replace("\\|", "");
            let cells = unescaped.matches('|').count();
            assert!(cells >= 3 && line.ends_with('|'), "broken row: {line}");
        }
    }

    #[test]
    fn markdown_keeps_markup_in_names_as_plain_text() {
        let mut doc = fixture();
        doc["report"]["connections"][0]["name"] = json!("<img src=x> [x](javascript:y) *b*");
        let out = render_value(&doc, Format::Markdown);
        assert!(out.contains("\\<img src=x> \\[x\\](javascript:y) \\*b\\*"));
        assert!(out.contains("Workspace Settings > Data > Connections"));
    }

    #[test]
    fn markdown_connections_say_how_access_is_given_and_link_only_the_gaps() {
        let out = render_value(&fixture(), Format::Markdown);
        assert!(out
            .contains("| Postgres (production) | ✅ Manage (includes View) | admin rights | — |"));
        assert!(out.contains("through a group"));
        assert!(out.contains("connection's default access"));
        assert!(out.contains(
            "| Snowflake (finance) | ❌ No access | — | \
             [Open in Mode](https://app.mode.com/organizations/acme/data_sources/def) |"
        ));
        assert!(!out.contains("data_sources/abc"));
    }

    #[test]
    fn reports_show_every_check_and_every_connection_from_the_document() {
        let doc = fixture();
        for format in [Format::Html, Format::Markdown] {
            let out = render_value(&doc, format);
            let pick = |s: &str| match format {
                Format::Html => esc(s),
                _ => md(s),
            };
            for title in strings_of(&doc, "checks", "title") {
                assert!(out.contains(&pick(title)), "{format:?} lacks {title}");
            }
            for summary in strings_of(&doc, "checks", "summary") {
                assert!(out.contains(&pick(summary)), "{format:?} lacks {summary}");
            }
            for name in strings_of(&doc, "connections", "name") {
                assert!(out.contains(&pick(name)), "{format:?} lacks {name}");
            }
        }
    }

    #[test]
    fn html_report_never_contains_the_secret_marker() {
        let marker = "SECRET-MARKER-4f9c";
        let mut doc = fixture();
        doc["report"]["secret"] = json!(marker);
        doc["report"]["key"]["secret"] = json!(marker);
        doc["report"]["checks"][0]["token"] = json!(marker);
        doc["api_secret"] = json!(marker);
        assert!(!render_value(&doc, Format::Html).contains(marker));
        assert!(!render_value(&doc, Format::Markdown).contains(marker));
        assert!(render_value(&fixture(), Format::Html).contains("never contains the API secret"));
    }

    #[test]
    fn html_escapes_a_script_in_a_connection_name() {
        let mut doc = fixture();
        doc["report"]["connections"][1]["name"] = json!("<script>alert('x')</script> & \"quoted\"");
        let out = render_value(&doc, Format::Html);
        assert!(!out.contains("<script"));
        assert!(out
            .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"));
    }

    #[test]
    fn html_links_only_https_and_this_computer() {
        assert!(safe_link("https://app.mode.com/x").is_some());
        assert!(safe_link("http://127.0.0.1:8080/x").is_some());
        assert!(safe_link("http://localhost/x").is_some());
        assert!(safe_link("HTTPS://APP.MODE.COM").is_some());
        assert!(safe_link("javascript:alert(1)").is_none());
        assert!(safe_link("http://app.mode.com").is_none());
        assert!(safe_link("http://localhost.evil.test/").is_none());
        assert!(safe_link("http://127.0.0.1.evil.test/").is_none());
        assert!(safe_link("https://a b").is_none());
        assert!(safe_link("data:text/html,x").is_none());

        let mut doc = fixture();
        doc["report"]["checks"][6]["link"] = json!("javascript:alert(1)");
        let out = render_value(&doc, Format::Html);
        assert!(!out.contains("href=\"javascript"));
        assert!(out.contains("<span class=\"url\">javascript:alert(1)</span>"));
        assert!(out.contains("href=\"https://app.mode.com/organizations/acme/members\""));
        let md_out = render_value(&doc, Format::Markdown);
        assert!(!md_out.contains("](javascript"));
    }

    #[test]
    fn html_is_one_self_contained_page() {
        let out = render_value(&fixture(), Format::Html);
        assert!(out.starts_with("<!DOCTYPE html>"));
        assert!(out.contains("<html lang=\"en\">"));
        assert!(out.contains("<meta charset=\"utf-8\">"));
        assert!(out
            .contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""));
        assert!(out.contains("@media print"));
        assert!(out.contains("a[href]::after"));
        for forbidden in [
            "<script", "<link", "<img", "<iframe", "@import", "url(", " src=",
        ] {
            assert!(!out.contains(forbidden), "found {forbidden}");
        }
        assert!(out.contains("<caption>"));
        assert!(out.contains("<th scope=\"row\">"));
        assert!(out.contains("<th scope=\"col\">"));
        assert!(out.trim_end().ends_with("</html>"));
    }

    #[test]
    fn html_banner_says_the_verdict_in_words_and_highlights_connections_without_view() {
        let out = render_value(&fixture(), Format::Html);
        assert!(out.contains("class=\"banner fail\""));
        assert!(out.contains("Not ready for Atlan</p>"));
        assert_eq!(out.matches("<tr class=\"gap\">").count(), 1);
        assert!(out.contains("No access — lacks View"));
        for word in ["Passed", "Warning", "Failed", "Skipped"] {
            assert!(
                out.contains(&format!("<span>{word}</span>")),
                "missing {word}"
            );
        }
        let mut doc = fixture();
        doc["report"]["ready"] = json!(true);
        doc["report"]["headline"] = json!("Ready for Atlan: every check passed.");
        let ready = render_value(&doc, Format::Html);
        assert!(ready.contains("class=\"banner pass\""));
        assert!(ready.contains("Ready for Atlan: every check passed."));
    }

    #[test]
    fn expiry_reads_in_words_whatever_is_known() {
        let facts = |key: Value| {
            key_facts(&key)
                .into_iter()
                .map(|f| f.value)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            facts(
                json!({"kind": "member", "member": "ana", "expires_on": "2027-01-01",
                         "days_left": -3, "expiry_source": "mode"})
            )[..],
            [
                "Member key of ana",
                "unknown",
                "1 January 2027 (expired 3 days ago; date reported by Mode)"
            ]
        );
        assert_eq!(
            facts(
                json!({"id": "k", "kind": "personal", "expires_on": "2027-01-01",
                         "days_left": 1})
            )[2],
            "1 January 2027 (1 day left)"
        );
        assert_eq!(
            facts(json!({"expires_on": "2027-01-01", "days_left": 0}))[2],
            "1 January 2027 (expires today)"
        );
        assert_eq!(facts(json!({"expires_on": null}))[2], "unknown");
    }

    #[test]
    fn missing_or_ill_typed_fields_render_as_unknown_without_panicking() {
        let odd = [
            Value::Null,
            json!([]),
            json!("text"),
            json!({}),
            json!({"report": 5, "steps": "x"}),
            json!({"report": {"workspace": 7, "checks": [1, null, {"status": 3}],
                   "connections": {"a": 1}, "counts": {"reports": "many"},
                   "key": [], "checked_at": "yesterday", "ready": "yes"},
                   "steps": [{"done": "yes", "at": 5}], "service_account": 9}),
        ];
        for doc in odd {
            for format in [Format::Html, Format::Markdown, Format::Json] {
                let out = render_value(&doc, format);
                assert!(!out.is_empty());
            }
            let md_out = render_value(&doc, Format::Markdown);
            assert!(md_out.starts_with("# Mode setup report: unknown"));
            let html_out = render_value(&doc, Format::Html);
            assert!(html_out.contains("Readiness unknown"));
        }
    }

    #[test]
    fn a_plain_check_document_renders_too() {
        let doc = fixture()["report"].clone();
        let out = render_value(&doc, Format::Markdown);
        assert!(out.starts_with("# Mode setup report: acme"));
        assert!(out.contains("| Checked by | unknown |"));
        assert!(out.contains("No setup steps were recorded."));
    }

    #[test]
    fn counts_not_taken_say_so() {
        let mut doc = fixture();
        doc["report"]["counts"]["reports"] = Value::Null;
        let out = render_value(&doc, Format::Markdown);
        assert!(out.contains("| Reports | not counted |"));
        assert!(out.contains("| Connections | 4 |"));
    }

    #[test]
    fn fixes_are_shown_only_for_checks_that_did_not_pass() {
        let out = render_value(&fixture(), Format::Markdown);
        assert!(!out.contains("Rotate it before then."));
        assert!(
            out.contains("Ask the account&#39;s owner") || out.contains("Ask the account's owner")
        );
        let html_out = render_value(&fixture(), Format::Html);
        assert!(!html_out.contains("Rotate it before then."));
        assert!(html_out.contains("Ask the account&#39;s owner"));
    }
}
