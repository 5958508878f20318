//! Every format: what each shows of the document, how it escapes, and that no secret gets in.

use std::path::Path;

use super::*;
use crate::report::filters::{escaped, Html, Markdown};
use crate::report::view::key_facts;
use crate::report::words::safe_link;

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
    let out = render(&doc, Format::Json);
    assert!(out.contains("\n  \"report\": {"));
    let back: Option<SetupDocument> = serde_json::from_str(&out).ok();
    assert_eq!(back, Some(doc));
}

#[test]
fn markdown_opens_with_the_title_and_the_readiness_sentence() {
    let out = render(&fixture(), Format::Markdown);
    let mut lines = out.lines().filter(|l| !l.is_empty());
    assert_eq!(lines.next(), Some("# Mode setup report: acme"));
    let verdict = lines.next().unwrap_or_default();
    assert!(verdict.contains("Not ready for Atlan yet: one check failed."));
    assert!(out.contains("| Checked at | 28 November 2026 at 17:40 (UTC) |"));
    assert!(out.contains("| Key kind | Workspace key |"));
    assert!(out.contains("| Key expires | 27 January 2027 (60 days left; date entered by hand) |"));
    assert!(out.contains("| Service account | atlan_crawler |"));
    for section in ["## Checks", "## Connections", "## Counts", "## Setup steps"] {
        assert!(out.contains(section), "missing {section}");
    }
}

#[test]
fn markdown_marks_every_status_with_a_word() {
    let out = render(&fixture(), Format::Markdown);
    for mark in ["✅ Passed", "⚠️ Warning", "❌ Failed", "⏭️ Skipped"] {
        assert!(out.contains(mark), "missing {mark}");
    }
    assert!(out.contains("| ✅ Done | Invite a user | 27 November 2026 | by hand |"));
    assert!(out.contains("confirmed by the checks"));
    assert!(out.contains("| ⬜ Not done | Set permissions | — | — |"));
}

#[test]
fn markdown_table_cells_escape_pipes_and_newlines() {
    let mut doc = fixture();
    doc.report.checks[0].summary = "first line\nsecond | line".into();
    let out = render(&doc, Format::Markdown);
    assert!(out.contains("first line<br>second \\| line"));
    assert!(out.contains("BigQuery \\| marketing"));
    for line in out.lines().filter(|l| l.starts_with('|')) {
        let unescaped = line.replace("\\|", "");
        let cells = unescaped.matches('|').count();
        assert!(cells >= 3 && line.ends_with('|'), "broken row: {line}");
    }
    assert_eq!(escaped(Markdown, "a\r\nb\rc\u{7}d"), "a<br>b<br>cd");
}

#[test]
fn markdown_keeps_markup_in_names_as_plain_text() {
    let mut doc = fixture();
    doc.report.connections[0].name = "<img src=x> [x](javascript:y) *b*".into();
    let out = render(&doc, Format::Markdown);
    assert!(out.contains("\\<img src=x> \\[x\\](javascript:y) \\*b\\*"));
    assert!(out.contains("Workspace Settings > Data > Connections"));
}

#[test]
fn markdown_connections_say_how_access_is_given_and_link_only_the_gaps() {
    let out = render(&fixture(), Format::Markdown);
    assert!(
        out.contains("| Postgres (production) | ✅ Manage (includes View) | admin rights | — |")
    );
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
    for (format, out) in render_all(&doc) {
        let pick = |s: &str| match format {
            Format::Html => escaped(Html, s),
            _ => escaped(Markdown, s),
        };
        for c in &doc.report.checks {
            assert!(
                out.contains(&pick(&c.title)),
                "{format:?} lacks {}",
                c.title
            );
            assert!(
                out.contains(&pick(&c.summary)),
                "{format:?} lacks {}",
                c.summary
            );
        }
        for c in &doc.report.connections {
            assert!(out.contains(&pick(&c.name)), "{format:?} lacks {}", c.name);
        }
    }
}

#[test]
fn html_report_never_contains_the_secret_marker() {
    let marker = "SECRET-MARKER-4f9c";
    let mut raw = serde_json::to_value(fixture()).unwrap_or_default();
    raw["report"]["secret"] = marker.into();
    raw["report"]["key"]["secret"] = marker.into();
    raw["report"]["checks"][0]["token"] = marker.into();
    raw["api_secret"] = marker.into();
    // A secret slipped into the JSON is not part of the document, so no format can show it.
    let doc: Option<SetupDocument> = serde_json::from_value(raw).ok();
    assert_eq!(doc, Some(fixture()));
    let doc = doc.unwrap_or_else(fixture);
    for format in [Format::Html, Format::Markdown, Format::Json] {
        assert!(!render(&doc, format).contains(marker), "{format:?}");
    }
    assert!(render(&fixture(), Format::Html).contains("never contains the API secret"));
}

#[test]
fn html_escapes_a_script_in_a_connection_name() {
    let mut doc = fixture();
    doc.report.connections[1].name = "<script>alert('x')</script> & \"quoted\"".into();
    let out = render(&doc, Format::Html);
    assert!(!out.contains("<script"));
    assert!(
        out.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;")
    );
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
    doc.report.checks[6].link = Some("javascript:alert(1)".into());
    doc.report.checks[8].link = Some("https://app.mode.com/a_(b)|c".into());
    let out = render(&doc, Format::Html);
    assert!(!out.contains("href=\"javascript"));
    assert!(out.contains("<span class=\"url\">javascript:alert(1)</span>"));
    assert!(out.contains("href=\"https://app.mode.com/organizations/acme/members\""));
    let md_out = render(&doc, Format::Markdown);
    assert!(!md_out.contains("](javascript"));
    assert!(md_out.contains("[Open in Mode](https://app.mode.com/a_%28b%29%7Cc)"));
}

#[test]
fn html_is_one_self_contained_page() {
    let out = render(&fixture(), Format::Html);
    assert!(out.starts_with("<!DOCTYPE html>"));
    assert!(out.contains("<html lang=\"en\">"));
    assert!(out.contains("<meta charset=\"utf-8\">"));
    assert!(
        out.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"")
    );
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
    let out = render(&fixture(), Format::Html);
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
    doc.report.ready = true;
    doc.report.verdict = Some(Verdict::Ready);
    doc.report.headline = "Ready for Atlan: every check passed.".into();
    let ready = render(&doc, Format::Html);
    assert!(ready.contains("class=\"banner pass\""));
    assert!(ready.contains("<p class=\"verdict\">Ready for Atlan</p>"));
    assert!(ready.contains("Ready for Atlan: every check passed."));
}

#[test]
fn expiry_reads_in_words_whatever_is_known() {
    let key = |kind, member: Option<&str>, expires: Option<&str>, days, source| KeyInfo {
        id: None,
        kind,
        member: member.map(str::to_string),
        expires_on: expires.map(day),
        days_left: days,
        expiry_source: source,
    };
    let facts = |k: KeyInfo| key_facts(&k).map(|f| f.value);
    let member = key(
        KeyKind::Member,
        Some("ana"),
        Some("2027-01-01"),
        Some(-3),
        Some(ExpirySource::Mode),
    );
    assert_eq!(
        facts(member),
        [
            "Member key of ana",
            "unknown",
            "1 January 2027 (expired 3 days ago; date reported by Mode)"
        ]
    );
    let mut personal = key(KeyKind::Personal, None, Some("2027-01-01"), Some(1), None);
    personal.id = Some("k".into());
    assert_eq!(facts(personal)[1..], ["k", "1 January 2027 (1 day left)"]);
    let today = key(KeyKind::Unknown, None, Some("2027-01-01"), Some(0), None);
    assert_eq!(facts(today)[2], "1 January 2027 (expires today)");
    assert_eq!(
        facts(key(KeyKind::Unknown, None, None, None, None))[2],
        "unknown"
    );
}

#[test]
fn blank_fields_render_as_unknown_without_panicking() {
    let mut blank = fixture();
    blank.checked_by = " ".into();
    blank.service_account = Some(String::new());
    blank.steps = vec![];
    let r = &mut blank.report;
    (r.workspace, r.host, r.headline, r.app_version) = Default::default();
    r.checked_at = Some("yesterday".into());
    (r.checks, r.connections, r.to_confirm) = Default::default();
    r.verdict = None;
    // The least a document may hold: everything else has a default.
    let least: Option<SetupDocument> = serde_json::from_value(serde_json::json!({
        "report": {"schema": 1, "workspace": "", "host": "", "key": {"kind": "unknown"},
                   "checks": [], "ready": false, "headline": ""},
        "checked_by": "", "service_account": null, "steps": []
    }))
    .ok();
    assert!(least.is_some());
    for doc in [Some(blank), least].into_iter().flatten() {
        for format in [Format::Html, Format::Markdown, Format::Json] {
            assert!(!render(&doc, format).is_empty());
        }
        let md_out = render(&doc, Format::Markdown);
        assert!(md_out.starts_with("# Mode setup report: unknown"));
        assert!(md_out.contains("No checks were recorded."));
        let html_out = render(&doc, Format::Html);
        assert!(html_out.contains("Readiness unknown"));
        assert!(html_out.contains("is unknown.</p>"));
    }
}

#[test]
fn ill_typed_documents_are_refused_before_anything_renders() {
    let odd = [
        serde_json::Value::Null,
        serde_json::json!([]),
        serde_json::json!("text"),
        serde_json::json!({}),
        serde_json::json!({"report": 5, "steps": "x"}),
        serde_json::json!({"report": {"workspace": 7, "checks": [1, null, {"status": 3}],
               "connections": {"a": 1}, "counts": {"reports": "many"},
               "key": [], "checked_at": "yesterday", "ready": "yes"},
               "steps": [{"done": "yes", "at": 5}], "service_account": 9}),
    ];
    for raw in odd {
        assert!(serde_json::from_value::<SetupDocument>(raw).is_err());
    }
}

#[test]
fn a_plain_check_document_renders_too() {
    let doc = SetupDocument::new(fixture().report, None, None, String::new());
    let out = render(&doc, Format::Markdown);
    assert!(out.starts_with("# Mode setup report: acme"));
    assert!(out.contains("| Checked by | unknown |"));
    assert!(out.contains("| Service account | none named |"));
    assert!(out.contains("| ⬜ Not done | Invite a user | — | — |"));
    let mut bare = doc;
    bare.steps.clear();
    assert!(render(&bare, Format::Markdown).contains("No setup steps were recorded."));
}

#[test]
fn counts_not_taken_say_so() {
    let mut doc = fixture();
    doc.report.counts.reports = None;
    let out = render(&doc, Format::Markdown);
    assert!(out.contains("| Reports | not counted |"));
    assert!(out.contains("| Connections | 4 |"));
    assert!(render(&doc, Format::Html).contains("<td class=\"na\">not counted</td>"));
}

#[test]
fn fixes_are_shown_only_for_checks_that_did_not_pass() {
    let out = render(&fixture(), Format::Markdown);
    assert!(!out.contains("Rotate it before then."));
    assert!(out.contains("Ask the account&#39;s owner") || out.contains("Ask the account's owner"));
    let html_out = render(&fixture(), Format::Html);
    assert!(!html_out.contains("Rotate it before then."));
    assert!(html_out.contains("Ask the account&#39;s owner"));
}
