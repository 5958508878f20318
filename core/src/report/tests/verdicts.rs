//! The verdict in the banner and what is left to confirm by hand.

use super::*;

#[test]
fn banner_says_probably_ready_and_lists_each_thing_to_confirm_with_its_manual_step() {
    let doc = probably_ready();
    assert_eq!(doc.report.verdict(), Verdict::ProbablyReady);
    let out = render(&doc, Format::Html);
    assert!(out.contains("class=\"banner warn\""));
    assert!(out.contains("<p class=\"verdict\">Probably ready: 2 things to confirm by hand</p>"));
    assert!(out.contains("Probably ready for Atlan: 2 things to confirm by hand"));
    assert!(!out.contains("Not ready"));
    assert!(out.contains(
        "<li><b>Confirm that the crawler can view Oracle HR.</b> Open Workspace Settings \
         &gt; Manage Connections &gt; Oracle HR &gt; Permissions. <a href=\"https://app.mode.com\
         /organizations/acme/data_sources/ora\" rel=\"noopener noreferrer\">Open in Mode</a></li>"
    ));
    assert!(out.contains("<li><b>Confirm that this key is listed under Workspace keys"));

    let md_out = render(&doc, Format::Markdown);
    assert!(md_out.contains("⚠️ **Probably ready for Atlan: 2 things to confirm by hand"));
    assert!(md_out.contains(
        "\n\nTo confirm by hand:\n\n1. Confirm that this key is listed under Workspace keys or \
         Member keys. Open Workspace Settings > Features > API Keys and find this Key ID. \
         [Open in Mode](https://app.mode.com/organizations/acme/settings/api_keys)\n2. Confirm \
         that the crawler can view Oracle HR. "
    ));

    let mut one = probably_ready();
    one.report.to_confirm.truncate(1);
    let out = render(&one, Format::Html);
    assert!(out.contains("Probably ready: 1 thing to confirm by hand</p>"));
}

#[test]
fn the_banner_matches_the_headline_for_every_verdict() {
    let mut ready = probably_ready();
    for c in &mut ready.report.checks {
        c.status = Status::Pass;
    }
    ready.report.connections.truncate(1);
    (
        ready.report.ready,
        ready.report.to_confirm,
        ready.report.headline,
    ) = headline(&ready.report.checks);
    let cases = [
        (ready, "Ready for Atlan", "Ready for Atlan"),
        (
            probably_ready(),
            "Probably ready: 2 things",
            "Probably ready for Atlan",
        ),
        (fixture(), "Not ready for Atlan", "Not ready for Atlan yet"),
    ];
    for (doc, title, headline) in cases {
        let out = render(&doc, Format::Html);
        let banner = out
            .split("aria-label=\"Verdict\"")
            .nth(1)
            .unwrap_or_default();
        let banner = banner.split("</section>").next().unwrap_or_default();
        assert!(
            banner.contains(&format!("<p class=\"verdict\">{title}")),
            "{banner}"
        );
        assert!(
            banner.contains(&format!("<p class=\"headline\">{headline}")),
            "{banner}"
        );
    }
}

#[test]
fn a_check_mode_could_not_settle_reads_couldnt_confirm_instead_of_warning() {
    let doc = probably_ready();
    let out = render(&doc, Format::Html);
    assert_eq!(out.matches("<span>Couldn&#39;t confirm</span>").count(), 2);
    // The service account's warning has nothing to confirm: it stays a warning.
    assert_eq!(out.matches("<span>Warning</span>").count(), 1);
    assert!(out.contains("<li><b>2</b> to confirm</li>"));
    let md_out = render(&doc, Format::Markdown);
    assert!(md_out.contains("| ❔ Couldn't confirm | The key is a workspace or member key |"));
    assert_eq!(md_out.matches("⚠️ Warning").count(), 1);
    // Without a warning to settle, nothing reads "Couldn't confirm".
    let plain = render(&fixture(), Format::Html);
    assert!(!plain.contains("Couldn&#39;t confirm"));
    assert!(!plain.contains("to confirm</li>"));
}

#[test]
fn a_connection_of_unknown_access_reads_couldnt_confirm_view_with_its_link() {
    let doc = probably_ready();
    let out = render(&doc, Format::Html);
    assert!(out.contains(
        "<tr class=\"unsure\"><th scope=\"row\">Oracle HR</th><td><span class=\"mark confirm\">"
    ));
    assert!(out.contains("<span>Couldn&#39;t confirm View</span>"));
    assert!(!out.contains("lacks View</span>"));
    assert!(out.contains("could not confirm View on 1 connection of 2"));
    let ora = "href=\"https://app.mode.com/organizations/acme/data_sources/ora\"";
    assert!(out.contains(&format!(
        "<td><a {ora} rel=\"noopener noreferrer\">Open in Mode</a>"
    )));
    let md_out = render(&doc, Format::Markdown);
    assert!(md_out.contains(
        "| Oracle HR | ❔ Couldn't confirm View | — | \
         [Open in Mode](https://app.mode.com/organizations/acme/data_sources/ora) |"
    ));
}

#[test]
fn a_check_mode_was_too_busy_for_says_to_check_again() {
    let mut doc = fixture();
    doc.report.checks[6] = doc.report.checks[6].clone().transient();
    for (format, out) in render_all(&doc) {
        assert!(
            out.contains("Mode was busy or unreachable: check again"),
            "{format:?}"
        );
    }
    assert!(!render(&fixture(), Format::Html).contains("Mode was busy"));
}
