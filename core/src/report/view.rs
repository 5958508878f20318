//! What the setup report shows, already put into words: the typed document read once into the
//! rows the templates print. Nothing here is markup and nothing is escaped; the templates do
//! both.

use super::words::{
    connections_caption, human_date, human_time, key_expiry, key_kind, plural, safe_link, text,
    DASH, UNKNOWN,
};
use crate::model::report::COULDNT_CONFIRM;
use crate::model::{
    Access, CheckResult, Connection, Counts, KeyInfo, SetupDocument, Status, StepRow, TickedBy,
    Verdict, Via,
};

/// The label of the link beside a fix.
const OPEN_IN_MODE: &str = "Open in Mode";

/// The outcome shown beside a check, a connection, a step or the verdict: an icon and a word,
/// never colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Pass,
    Warn,
    /// A warning Mode's answers could not settle: left to confirm by hand.
    Confirm,
    Fail,
    Skip,
    Unknown,
    /// A setup step not yet done (never a check status).
    Todo,
}

impl Mark {
    fn of(status: Status) -> Mark {
        match status {
            Status::Pass => Mark::Pass,
            Status::Warn => Mark::Warn,
            Status::Fail => Mark::Fail,
            Status::Skip => Mark::Skip,
        }
    }

    /// The word beside a check's icon.
    pub fn word(self) -> &'static str {
        match self {
            Mark::Pass => Status::Pass.label(),
            Mark::Warn => Status::Warn.label(),
            Mark::Confirm => COULDNT_CONFIRM,
            Mark::Fail => Status::Fail.label(),
            Mark::Skip => Status::Skip.label(),
            Mark::Unknown => "Unknown",
            Mark::Todo => "Not done",
        }
    }

    /// The mark in Markdown, where there are no icons.
    pub fn emoji(self) -> &'static str {
        match self {
            Mark::Pass => "✅",
            Mark::Warn => "⚠️",
            Mark::Fail => "❌",
            Mark::Skip => "⏭️",
            Mark::Confirm | Mark::Unknown => "❔",
            Mark::Todo => "⬜",
        }
    }

    /// The CSS class that colours the mark.
    pub fn class(self) -> &'static str {
        match self {
            Mark::Pass => "pass",
            Mark::Warn => "warn",
            Mark::Confirm => "confirm",
            Mark::Fail => "fail",
            Mark::Skip => "skip",
            Mark::Unknown => "unknown",
            Mark::Todo => "todo",
        }
    }
}

/// A link to a Mode page: followed only when the address is safe, else shown as text.
pub struct Link {
    pub label: String,
    /// The address, when it may become a link.
    pub href: Option<String>,
    /// The address as given, shown when it may not.
    pub raw: String,
    /// Whether the label is the address itself (printed pages then don't repeat it).
    pub bare: bool,
}

impl Link {
    fn new(label: &str, raw: &str) -> Link {
        let href = safe_link(raw);
        Link {
            bare: href.as_deref() == Some(label),
            label: label.to_string(),
            href,
            raw: raw.to_string(),
        }
    }

    fn to_mode(raw: Option<&str>) -> Option<Link> {
        raw.and_then(text).map(|raw| Link::new(OPEN_IN_MODE, raw))
    }
}

/// The verdict at the top of the report.
pub struct Banner {
    pub mark: Mark,
    /// The verdict in a few words, matching the headline.
    pub title: String,
    /// The headline sentence.
    pub headline: String,
}

/// Something Mode's answers left open, with where to confirm it by hand.
pub struct ToConfirm {
    /// "Confirm that ...".
    pub what: String,
    pub fix: Option<String>,
    pub link: Option<Link>,
}

/// One line of the summary table.
pub struct Fact {
    pub label: &'static str,
    pub value: String,
    /// Set when the value is itself an address.
    pub link: Option<Link>,
    /// Whether the value is an identifier, shown in a fixed-width font.
    pub code: bool,
}

impl Fact {
    fn new(label: &'static str, value: impl Into<String>) -> Fact {
        Fact {
            label,
            value: value.into(),
            link: None,
            code: false,
        }
    }
}

/// How many checks ended one way, for the tally under the banner.
pub struct Tally {
    pub count: usize,
    pub word: &'static str,
}

/// One row of the checks table.
pub struct CheckRow {
    pub mark: Mark,
    pub title: String,
    pub summary: String,
    pub details: Option<String>,
    /// Mode was busy or unreachable: checking again settles it.
    pub transient: bool,
    pub fix: Option<String>,
    pub link: Option<Link>,
}

/// One row of the connections table.
pub struct ConnectionRow {
    pub name: String,
    pub mark: Mark,
    /// The access level in words.
    pub access: String,
    /// Known to lack View (not merely unconfirmed).
    pub lacks_view: bool,
    /// The row's class: `gap` without View, `unsure` when View could not be confirmed.
    pub class: Option<&'static str>,
    pub how: &'static str,
    /// Where View is granted, for a connection the crawler may not view.
    pub link: Option<Link>,
}

/// One column of the counts table.
pub struct Count {
    pub label: &'static str,
    pub value: String,
    /// False when the count was not taken.
    pub counted: bool,
}

/// One row of the setup steps.
pub struct Step {
    pub mark: Mark,
    pub word: &'static str,
    pub title: String,
    pub at: String,
    pub by: &'static str,
}

/// One run of the history.
pub struct HistoryRow {
    pub at: String,
    pub mark: Mark,
    pub outcome: &'static str,
    pub changes: Vec<String>,
}

/// Everything the templates print.
pub struct View {
    pub workspace: String,
    pub host: Option<String>,
    pub checked_at: String,
    pub banner: Banner,
    pub to_confirm: Vec<ToConfirm>,
    /// Empty when no check was recorded.
    pub tally: Vec<Tally>,
    pub facts: Vec<Fact>,
    pub checks: Vec<CheckRow>,
    pub connections: Vec<ConnectionRow>,
    pub connections_caption: String,
    pub counts: Vec<Count>,
    pub steps: Vec<Step>,
    /// The history in one line, when runs were recorded.
    pub history_summary: Option<String>,
    /// The recorded runs, newest first.
    pub history: Vec<HistoryRow>,
    pub version: String,
}

impl View {
    /// Reads `doc` into words.
    pub fn of(doc: &SetupDocument) -> View {
        let report = &doc.report;
        let workspace = text(&report.workspace).unwrap_or(UNKNOWN).to_string();
        let host = text(&report.host).map(str::to_string);
        let checked_at = report
            .checked_at
            .as_deref()
            .and_then(text)
            .map(human_time)
            .unwrap_or_else(|| UNKNOWN.into());
        let version = text(&report.app_version).unwrap_or(UNKNOWN).to_string();
        let checks: Vec<CheckRow> = report.checks.iter().map(check_row).collect();

        let mut facts = vec![
            Fact::new("Workspace", workspace.clone()),
            Fact {
                link: host
                    .as_deref()
                    .map(|h| Link::new(h, h))
                    .filter(|l| l.href.is_some()),
                ..Fact::new("Host", host.as_deref().unwrap_or(UNKNOWN))
            },
            Fact::new("Checked at", checked_at.clone()),
            Fact::new("Checked by", text(&doc.checked_by).unwrap_or(UNKNOWN)),
            Fact::new("App version", version.clone()),
            Fact::new(
                "Service account",
                doc.service_account
                    .as_deref()
                    .and_then(text)
                    .unwrap_or("none named"),
            ),
        ];
        facts.extend(key_facts(&report.key));
        facts.push(Fact::new("Requests to Mode", report.requests.to_string()));

        View {
            banner: banner(doc),
            to_confirm: report
                .to_confirm
                .iter()
                .map(|item| to_confirm(item, &report.checks))
                .collect(),
            tally: tally(&checks),
            connections_caption: connections_caption(&report.connections),
            connections: report.connections.iter().map(connection_row).collect(),
            counts: counts(&report.counts),
            steps: doc.steps.iter().map(step).collect(),
            history_summary: (!doc.history.is_empty()).then(|| {
                crate::model::history::summary(
                    &doc.history,
                    doc.report.key.id.as_deref(),
                    chrono::Local::now().date_naive(),
                )
            }),
            history: doc.history.iter().rev().map(history_row).collect(),
            workspace,
            host,
            checked_at,
            facts,
            checks,
            version,
        }
    }
}

/// The verdict in words matching the headline. A report without a single check proves
/// nothing, so its readiness is unknown.
fn banner(doc: &SetupDocument) -> Banner {
    let report = &doc.report;
    let (mark, title) = if report.checks.is_empty() {
        (Mark::Unknown, "Readiness unknown".to_string())
    } else {
        match report.verdict() {
            Verdict::Ready => (Mark::Pass, Verdict::Ready.label().to_string()),
            Verdict::ProbablyReady => (
                Mark::Warn,
                match report.to_confirm.len() {
                    0 => Verdict::ProbablyReady.label().to_string(),
                    n => format!(
                        "Probably ready: {} to confirm by hand",
                        plural(n as i64, "thing", "things")
                    ),
                },
            ),
            Verdict::NotReady => (Mark::Fail, "Not ready for Atlan".to_string()),
        }
    };
    let headline = text(&report.headline)
        .map(str::to_string)
        .unwrap_or_else(|| {
            match mark {
                Mark::Pass => "Ready for Atlan.",
                Mark::Warn => "Probably ready for Atlan: confirm by hand what Mode left open.",
                Mark::Fail => "Not ready for Atlan yet.",
                _ => "Whether this workspace is ready for Atlan is unknown.",
            }
            .to_string()
        });
    Banner {
        mark,
        title,
        headline,
    }
}

/// One item left to confirm, with the fix and link of the check that left it open.
fn to_confirm(item: &str, checks: &[CheckResult]) -> ToConfirm {
    let wanted = item.trim();
    let check = checks.iter().find(|c| {
        c.to_confirm()
            .is_some_and(|what| wanted.strip_prefix("confirm ").map(str::trim) == Some(what.trim()))
    });
    let mut chars = wanted.chars();
    let what = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    ToConfirm {
        what,
        fix: check
            .and_then(|c| c.fix.as_deref())
            .and_then(text)
            .map(str::to_string),
        link: Link::to_mode(check.and_then(|c| c.link.as_deref())),
    }
}

fn tally(checks: &[CheckRow]) -> Vec<Tally> {
    if checks.is_empty() {
        return vec![];
    }
    let marks = [
        (Mark::Pass, "passed", "passed"),
        (Mark::Warn, "warning", "warnings"),
        (Mark::Confirm, "to confirm", "to confirm"),
        (Mark::Fail, "failed", "failed"),
        (Mark::Skip, "skipped", "skipped"),
    ];
    marks
        .into_iter()
        .map(|(mark, one, many)| {
            let count = checks.iter().filter(|c| c.mark == mark).count();
            Tally {
                count,
                word: if count == 1 { one } else { many },
            }
        })
        // Only a report with something to confirm says how many.
        .filter(|t| t.count > 0 || t.word != "to confirm")
        .collect()
}

pub(super) fn key_facts(key: &KeyInfo) -> [Fact; 3] {
    [
        Fact::new("Key kind", key_kind(key)),
        Fact {
            code: true,
            ..Fact::new(
                "Key id",
                key.id.as_deref().and_then(text).unwrap_or(UNKNOWN),
            )
        },
        Fact::new("Key expires", key_expiry(key)),
    ]
}

fn check_row(c: &CheckResult) -> CheckRow {
    let mark = match c.to_confirm() {
        Some(_) => Mark::Confirm,
        None => Mark::of(c.status),
    };
    CheckRow {
        mark,
        title: text(&c.title).unwrap_or(c.id.as_str()).to_string(),
        summary: text(&c.summary).unwrap_or(DASH).to_string(),
        details: c.details.as_deref().and_then(text).map(str::to_string),
        transient: c.transient,
        // A passing check needs no fix, even when one is recorded.
        fix: c
            .fix
            .as_deref()
            .and_then(text)
            .filter(|_| mark != Mark::Pass)
            .map(str::to_string),
        link: Link::to_mode(c.link.as_deref()),
    }
}

fn connection_row(c: &Connection) -> ConnectionRow {
    let (mark, access) = match c.access {
        Access::Unknown => (Mark::Confirm, format!("{COULDNT_CONFIRM} View")),
        Access::View => (Mark::Pass, Access::View.label().to_string()),
        a if a.grants_view() => (Mark::Pass, format!("{} (includes View)", a.label())),
        a => (Mark::Fail, a.label().to_string()),
    };
    let lacks_view = mark == Mark::Fail;
    ConnectionRow {
        name: text(&c.name).unwrap_or(&c.token).to_string(),
        class: match mark {
            Mark::Fail => Some("gap"),
            Mark::Confirm => Some("unsure"),
            _ => None,
        },
        how: match c.via {
            Some(Via::Admin) => "admin rights",
            Some(Via::Default) => "connection's default access",
            Some(Via::Direct) => "given directly",
            Some(Via::Group) => "through a group",
            None => DASH,
        },
        link: Link::to_mode(Some(&c.link)).filter(|_| mark != Mark::Pass),
        mark,
        access,
        lacks_view,
    }
}

fn counts(c: &Counts) -> Vec<Count> {
    let count = |label, n: Option<u64>| Count {
        label,
        counted: n.is_some(),
        value: n.map_or_else(|| "not counted".to_string(), |n| n.to_string()),
    };
    vec![
        count("Connections", Some(c.connections)),
        count("Shared collections", Some(c.collections)),
        count("Personal collections", Some(c.personal_collections)),
        count("Reports", c.reports),
        count("Queries", c.queries),
        count("Charts", c.charts),
    ]
}

fn history_row(r: &crate::model::Run) -> HistoryRow {
    let mark = match (r.unfinished, r.verdict) {
        (true, _) => Mark::Unknown,
        (_, Verdict::Ready) => Mark::Pass,
        (_, Verdict::ProbablyReady) => Mark::Warn,
        (_, Verdict::NotReady) => Mark::Fail,
    };
    HistoryRow {
        at: human_time(&r.at.to_rfc3339()),
        mark,
        outcome: r.outcome(),
        changes: r.changes.iter().map(|c| c.text.clone()).collect(),
    }
}

fn step(s: &StepRow) -> Step {
    let (mark, word) = if s.done {
        (Mark::Pass, "Done")
    } else {
        (Mark::Todo, "Not done")
    };
    Step {
        mark,
        word,
        title: text(&s.title).unwrap_or(s.id.as_str()).to_string(),
        at: s.at.map_or_else(|| DASH.to_string(), human_date),
        by: match s.by {
            Some(TickedBy::Hand) => "by hand",
            Some(TickedBy::Check) => "confirmed by the checks",
            None => DASH,
        },
    }
}
