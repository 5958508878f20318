//! Accessibility of the real window, driven through tauri-driver and WebKitWebDriver under Xvfb:
//! axe-core (pinned in tools/a11y) runs inside the webview on every screen, in the light and the
//! dark scheme; the keyboard alone goes from the start screen to an exported report with a visible
//! focus ring at every stop; and at 200% zoom and in an 800×600 window the main screens neither
//! scroll sideways nor clip text. Screenshots land in artifacts/screenshots/a11y.

#[path = "support/webdriver.rs"]
mod webdriver;
#[path = "support/window.rs"]
mod window;

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use mode_setup::simulator::scenarios::{CRAWLER, WORKSPACE_KEY_ID, WORKSPACE_SECRET};
use mode_setup::simulator::{scenario, Simulator};
use serde_json::{json, Value};
use webdriver::{screenshot, Driver, Session};
use window::{headline, open, open_with, Home};

/// One window at a time: the tests share the X display.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
const TAB: &str = "\u{E004}";
const CONTROL: &str = "\u{E009}";

fn shots() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../artifacts/screenshots/a11y")
}

/// The colour scheme the desktop asks for; WebKitGTK follows the GTK theme's.
#[derive(Clone, Copy, PartialEq)]
enum Scheme {
    Light,
    Dark,
}

impl Scheme {
    fn name(self) -> &'static str {
        match self {
            Scheme::Light => "light",
            Scheme::Dark => "dark",
        }
    }

    fn gtk_theme(self) -> &'static str {
        match self {
            Scheme::Light => "Adwaita",
            Scheme::Dark => "Adwaita:dark",
        }
    }
}

/// A home for `name` whose window runs in `scheme`, and a driver on `port` for it.
fn start(name: &str, scheme: Scheme, port: u16) -> (Home, Driver) {
    let home = Home::new(name);
    let mut envs = home.envs();
    envs.push(("GTK_THEME", scheme.gtk_theme().into()));
    let driver = Driver::start(port, &envs);
    (home, driver)
}

/// The mean brightness (0 dark to 1 light) of the X screen, from a screenshot.
fn screen_brightness() -> f64 {
    let out = Command::new("import")
        .args(["-window", "root", "ppm:-"])
        .output()
        .unwrap_or_else(|e| panic!("import: {e}"));
    // A binary PPM: "P6", width, height, maximum value, one whitespace, then RGB bytes.
    let mut fields = 0;
    let mut at = 0;
    let data = &out.stdout;
    while fields < 4 && at < data.len() {
        while at < data.len() && data[at].is_ascii_whitespace() {
            at += 1;
        }
        while at < data.len() && !data[at].is_ascii_whitespace() {
            at += 1;
        }
        fields += 1;
    }
    let pixels = data.get(at + 1..).unwrap_or_default();
    assert!(!pixels.is_empty(), "the screenshot was empty");
    pixels.iter().map(|&b| f64::from(b)).sum::<f64>() / (pixels.len() as f64 * 255.0)
}

/// Checks that the page renders in `scheme`: the media query matches and the screen looks it.
async fn assert_scheme(s: &Session, scheme: Scheme) {
    let dark = s
        .exec(
            "return matchMedia('(prefers-color-scheme: dark)').matches;",
            json!([]),
        )
        .await;
    assert_eq!(
        dark.as_bool(),
        Some(scheme == Scheme::Dark),
        "the page did not get the {} scheme",
        scheme.name()
    );
    // The window covers most of the screen; the rest of the screen is black.
    let brightness = screen_brightness();
    match scheme {
        Scheme::Light => assert!(
            brightness > 0.55,
            "light scheme, yet the screen is dark ({brightness:.2})"
        ),
        Scheme::Dark => assert!(
            brightness < 0.25,
            "dark scheme, yet the screen is light ({brightness:.2})"
        ),
    }
}

// ------------------------------------------------------------------ axe-core

/// axe-core's script, as `npm ci --prefix tools/a11y` installs it.
fn axe_source() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tools/a11y/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}. Install it with: npm ci --prefix tools/a11y",
            path.display()
        )
    })
}

/// Runs axe on one screen after another and keeps the serious and critical violations.
struct Axe {
    source: String,
    scheme: Scheme,
    screens: Vec<String>,
    violations: Vec<String>,
}

/// Starts axe on the whole document; the result (or the error) lands in `window.__axe`.
const RUN_AXE: &str = r#"
window.__axe = null;
axe.run(document, {resultTypes: ['violations']}).then(
  (r) => {
    window.__axe = {violations: r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => ({target: n.target.flat().join(' '), summary: n.failureSummary}))}))};
  },
  (e) => { window.__axe = {failed: String(e)}; });
return true;
"#;

impl Axe {
    fn new(scheme: Scheme) -> Axe {
        Axe {
            source: axe_source(),
            scheme,
            screens: Vec::new(),
            violations: Vec::new(),
        }
    }

    /// Runs axe on the page as it is and returns its serious and critical violations.
    async fn run(&self, s: &Session, screen: &str) -> Value {
        let loaded = s
            .exec("return typeof window.axe === 'object';", json!([]))
            .await;
        if loaded.as_bool() != Some(true) {
            let script = format!("{}\nreturn typeof window.axe;", self.source);
            let v = s.exec(&script, json!([])).await;
            assert_eq!(v.as_str(), Some("object"), "axe did not load: {v}");
        }
        s.exec(RUN_AXE, json!([])).await;
        let result = s
            .wait(
                &format!("axe on {screen}"),
                "return window.__axe;",
                Duration::from_secs(60),
            )
            .await;
        assert!(
            result.get("failed").is_none(),
            "axe failed on {screen}: {result}"
        );
        result
    }

    /// Proves axe sees this page: a button without a name, put in for a moment, is reported.
    async fn sees_a_planted_violation(&self, s: &Session) {
        s.exec(
            "const b = document.createElement('button'); b.id = 'axe-probe'; document.body.append(b); return true;",
            json!([]),
        )
        .await;
        let result = self.run(s, "a planted unnamed button").await;
        s.exec(
            "document.getElementById('axe-probe').remove(); return true;",
            json!([]),
        )
        .await;
        assert!(
            result["violations"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|v| v["id"] == "button-name" && v.to_string().contains("#axe-probe")),
            "axe missed a button without a name: {result}"
        );
    }

    /// Checks the screen on display, named `screen`, and saves its screenshot.
    async fn check(&mut self, s: &Session, screen: &str) {
        // Let transitions and live text settle before looking.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let result = self.run(s, screen).await;
        let name = format!("{}-{screen}", self.scheme.name());
        screenshot(&shots(), &name);
        for v in result["violations"].as_array().into_iter().flatten() {
            let nodes: Vec<String> = v["nodes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|n| {
                    format!(
                        "      {}\n        {}",
                        n["target"].as_str().unwrap_or_default(),
                        n["summary"]
                            .as_str()
                            .unwrap_or_default()
                            .replace('\n', "\n        ")
                    )
                })
                .collect();
            self.violations.push(format!(
                "{name}: {} ({}): {}\n{}",
                v["id"].as_str().unwrap_or_default(),
                v["impact"].as_str().unwrap_or_default(),
                v["help"].as_str().unwrap_or_default(),
                nodes.join("\n")
            ));
        }
        self.screens.push(name);
    }

    fn assert_clean(&self) {
        assert!(
            self.violations.is_empty(),
            "axe found {} serious or critical violations on {} screens:\n{}",
            self.violations.len(),
            self.screens.len(),
            self.violations.join("\n")
        );
    }
}

/// Shows the step `id` and waits for its panel.
async fn show_step(s: &Session, id: &str) {
    s.click(&format!("#step-{id}")).await;
    s.wait(
        &format!("the {id} step"),
        &format!("return !!document.querySelector('.panel-inner[data-step=\"{id}\"]');"),
        Duration::from_secs(10),
    )
    .await;
}

/// The step ids the page lists, in order.
async fn step_ids(s: &Session) -> Vec<String> {
    let ids = s
        .exec(
            "return [...document.querySelectorAll('#steps-list [data-step]')].map((b) => b.dataset.step);",
            json!([]),
        )
        .await;
    let ids: Vec<String> = ids
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    assert!(ids.len() >= 6, "the step list is incomplete: {ids:?}");
    ids
}

/// Waits until the element `css` is shown and not hidden.
async fn shown(s: &Session, css: &str) {
    s.wait(
        &format!("{css} to show"),
        &format!("const e = document.querySelector({css:?}); return !!e && !e.hidden && e.getClientRects().length > 0 && !e.closest('details:not([open])');"),
        Duration::from_secs(10),
    )
    .await;
}

/// Opens each `<dialog>` of the page in turn and checks it; a dialog nobody here knows how to
/// open fails the test.
async fn check_dialogs(s: &Session, axe: &mut Axe) {
    let ids = s
        .exec(
            "return [...document.querySelectorAll('dialog')].map((d) => d.id);",
            json!([]),
        )
        .await;
    let ids: Vec<String> = ids
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    assert!(!ids.is_empty(), "the page has no dialogs");
    for id in ids {
        match id.as_str() {
            "admin-dialog" => {
                s.click("#ask-admin-btn").await;
                s.wait(
                    "the admin message",
                    "return document.getElementById('admin-text').value.length > 0;",
                    Duration::from_secs(10),
                )
                .await;
            }
            "remove-dialog" => s.click("#remove-workspace-btn").await,
            other => panic!("the page has a dialog #{other} that no test opens"),
        }
        s.wait(
            &format!("#{id} to open"),
            &format!("return document.getElementById({id:?}).open;"),
            Duration::from_secs(5),
        )
        .await;
        axe.check(s, &format!("dialog-{id}")).await;
        s.keys(ESCAPE).await;
        s.wait(
            &format!("#{id} to close"),
            &format!("return !document.getElementById({id:?}).open;"),
            Duration::from_secs(5),
        )
        .await;
    }
}

/// Every screen of the window in `scheme`, with a real workspace on the simulator whose crawler
/// cannot view every connection, and last with Mode out of reach.
async fn every_screen(scheme: Scheme, port: u16) {
    let _one = ONE_AT_A_TIME.lock().await;
    let sim = Simulator::start(
        scenario("restricted", chrono::Local::now().date_naive())
            .unwrap_or_else(|| panic!("scenario")),
        0,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let host = sim.url();
    let (_home, driver) = start(&format!("a11y-{}", scheme.name()), scheme, port);
    let s = open(&driver).await;
    let mut axe = Axe::new(scheme);

    s.wait_for("#workspace-input").await;
    assert_scheme(&s, scheme).await;
    axe.sees_a_planted_violation(&s).await;
    axe.check(&s, "start").await;

    // Bad input in every field of the start form. Advanced first: a message appearing under a
    // field left with bad input moves the summary below it.
    s.click("details.advanced summary").await;
    s.fill("#host-input", "ftp://mode.example.com").await;
    s.fill("#workspace-input", "Acme Corp").await;
    s.fill("#service-account-input", "").await;
    s.click("#continue-btn").await;
    for error in ["#workspace-error", "#service-account-error", "#host-error"] {
        shown(&s, error).await;
    }
    axe.check(&s, "start-field-errors").await;

    s.fill("#workspace-input", "acme").await;
    s.fill("#service-account-input", CRAWLER).await;
    s.fill("#host-input", &host).await;
    // Not an admin: the checklist then shows the admin card and the admin's steps say so.
    s.click("#is-admin-no").await;
    s.click("#continue-btn").await;
    s.wait_for("#steps-list").await;

    let steps = step_ids(&s).await;
    for id in &steps {
        show_step(&s, id).await;
        axe.check(&s, &format!("step-{id}-before-checks")).await;
    }

    // Bad input in the key form, with the retired personal token chosen.
    show_step(&s, "api-key").await;
    s.click("label[for=\"key-kind-personal\"]").await;
    s.fill("#key-id-input", "").await;
    s.fill("#key-service-account-input", "").await;
    s.exec(
        "const e = document.getElementById('expires-input'); e.value = '2020-01-01'; e.dispatchEvent(new Event('input', {bubbles: true})); return true;",
        json!([]),
    )
    .await;
    s.click("#save-check-btn").await;
    for error in [
        "#key-id-error",
        "#secret-error",
        "#expires-error",
        "#personal-inline",
    ] {
        shown(&s, error).await;
    }
    axe.check(&s, "api-key-field-errors").await;

    // A real check whose results have failures.
    s.click("label[for=\"key-kind-workspace\"]").await;
    s.fill("#key-id-input", WORKSPACE_KEY_ID).await;
    s.fill("#secret-input", WORKSPACE_SECRET).await;
    let later = (chrono::Local::now().date_naive() + chrono::Days::new(300)).to_string();
    s.exec(
        &format!("const e = document.getElementById('expires-input'); e.value = {later:?}; e.dispatchEvent(new Event('input', {{bubbles: true}})); return true;"),
        json!([]),
    )
    .await;
    s.fill("#key-service-account-input", CRAWLER).await;
    s.click("#save-check-btn").await;
    headline(&s, "Not ready").await;
    let failing = s
        .exec(
            "return document.querySelectorAll('#results [data-status=\"fail\"]').length;",
            json!([]),
        )
        .await;
    assert!(
        failing.as_u64().unwrap_or_default() > 0,
        "the results show no failure"
    );
    axe.check(&s, "results-with-failures").await;

    // Every step again, now that there are results to show.
    for id in &steps {
        show_step(&s, id).await;
        axe.check(&s, &format!("step-{id}-after-checks")).await;
    }

    check_dialogs(&s, &mut axe).await;

    // Mode out of reach.
    drop(sim);
    show_step(&s, "check").await;
    s.click("#run-checks-btn").await;
    s.wait(
        "the checks to give up on Mode",
        "const h = document.getElementById('headline'); const running = document.getElementById('step-check')?.dataset.state === 'running'; return !running && (document.getElementById('run-error') || document.querySelector('#results [data-check=\"host\"][data-status=\"fail\"]')) ? h.textContent : null;",
        Duration::from_secs(60),
    )
    .await;
    axe.check(&s, "results-mode-unreachable").await;

    s.close().await;
    let _ = mode_setup::keystore::delete(&host, "acme");
    axe.assert_clean();
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_passes_axe_in_the_light_scheme() {
    every_screen(Scheme::Light, 4550).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_passes_axe_in_the_dark_scheme() {
    every_screen(Scheme::Dark, 4560).await;
}

// ------------------------------------------------------------------ the keyboard alone

/// Describes the focused element and how its focus shows: an outline on it (or on the card
/// around it that lights up for it) at 3:1 or more against what it is drawn on, or a box shadow
/// only focus gives it.
const FOCUS_RING: &str = r#"
const e = document.activeElement;
if (!e || e === document.body || e === document.documentElement) return {element: 'nothing', ring: null};
const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
  + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '');
const opaque = (c) => c && c !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(c);
// Contrast of two colours as WCAG computes it (opaque colours only).
const rgb = (c) => (c.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
const luminance = (c) => {
  const [r, g, b] = rgb(c).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a, b) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};
// The colour the ring around `el` is drawn on: the nearest background outside it.
const behind = (el) => {
  for (let a = el.parentElement; a; a = a.parentElement) {
    const c = getComputedStyle(a).backgroundColor;
    if (opaque(c)) return c;
  }
  return 'rgb(255, 255, 255)';
};
const outline = (el) => {
  const s = getComputedStyle(el);
  if (s.outlineStyle === 'none' || parseFloat(s.outlineWidth) < 1 || !opaque(s.outlineColor)) return null;
  const ratio = contrast(s.outlineColor, behind(el));
  return ratio < 3 ? null : `outline ${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor} on ${name(el)}, ${ratio.toFixed(1)}:1`;
};
let ring = outline(e);
for (let a = e.parentElement; !ring && a && a !== document.body; a = a.parentElement) {
  if (a.matches(':has(:focus-visible)')) ring = outline(a);
}
if (!ring) {
  // A box shadow counts only when it is there because of the focus.
  const focused = getComputedStyle(e).boxShadow;
  e.blur();
  const blurred = getComputedStyle(e).boxShadow;
  e.focus();
  if (focused !== 'none' && focused !== blurred) ring = `box-shadow ${focused}`;
}
const r = e.getBoundingClientRect();
const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
return {element: name(e), id: e.id, ring, onScreen};
"#;

/// Every focus stop the keyboard made, and those where the focus could not be seen.
#[derive(Default)]
struct FocusStops {
    stops: Vec<String>,
    unseen: Vec<String>,
}

impl FocusStops {
    /// Looks at the element that has focus now.
    async fn look(&mut self, s: &Session) -> String {
        let v = s.exec(FOCUS_RING, json!([])).await;
        let element = v["element"].as_str().unwrap_or("?").to_string();
        match v["ring"].as_str() {
            Some(ring) if v["onScreen"].as_bool() == Some(true) => {
                self.stops.push(format!("{element}: {ring}"));
            }
            Some(_) => self
                .unseen
                .push(format!("{element}: scrolled out of sight")),
            None => self.unseen.push(format!("{element}: no focus ring")),
        }
        v["id"].as_str().unwrap_or_default().to_string()
    }

    /// Presses Tab until `id` has focus, looking at every stop on the way.
    async fn tab_to(&mut self, s: &Session, id: &str) {
        for _ in 0..80 {
            s.keys(TAB).await;
            if self.look(s).await == id {
                return;
            }
        }
        panic!("#{id} could not be reached with the Tab key");
    }
}

/// Waits until the step `id` is ticked as done.
async fn ticked(s: &Session, id: &str) {
    s.wait(
        &format!("{id} ticked"),
        &format!("return document.getElementById('step-{id}').dataset.state === 'done';"),
        Duration::from_secs(10),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_keyboard_alone_goes_from_start_to_an_exported_report_and_focus_always_shows() {
    let _one = ONE_AT_A_TIME.lock().await;
    let (home, driver) = start("a11y-keys", Scheme::Light, 4570);
    // The save dialog is replaced by a folder: native dialogs cannot be driven by WebDriver.
    let saved = home.dir.join("saved");
    let s = open_with(&driver, &["--save-dir".into(), saved.display().to_string()]).await;
    s.wait_for("#practice-btn").await;
    let mut focus = FocusStops::default();

    focus.tab_to(&s, "practice-btn").await;
    s.keys(ENTER).await;
    s.wait_for("#steps-list").await;
    focus.look(&s).await;
    focus.tab_to(&s, "step-check").await;
    s.keys(ENTER).await;
    focus.tab_to(&s, "run-checks-btn").await;
    s.keys(ENTER).await;
    headline(&s, "Ready for Atlan").await;
    focus.look(&s).await;
    screenshot(&shots(), "keyboard-results");
    for step in ["invite", "permissions", "api-key", "check"] {
        ticked(&s, step).await;
    }

    focus.tab_to(&s, "step-reminders").await;
    s.keys(ENTER).await;
    focus.tab_to(&s, "mark-done-btn").await;
    s.keys(ENTER).await;
    ticked(&s, "reminders").await;
    focus.look(&s).await;

    focus.tab_to(&s, "step-report").await;
    s.keys(ENTER).await;
    focus.tab_to(&s, "export-html-btn").await;
    s.keys(ENTER).await;
    let status = s
        .wait(
            "the export to finish",
            "const e = document.getElementById('export-status'); return e && e.textContent.includes('Saved') ? e.textContent : null;",
            Duration::from_secs(10),
        )
        .await;
    assert!(
        status.as_str().unwrap_or_default().contains(".html"),
        "{status}"
    );
    ticked(&s, "report").await;
    s.wait(
        "focus to come back to the export button",
        "return document.activeElement?.id === 'export-html-btn';",
        Duration::from_secs(5),
    )
    .await;
    focus.look(&s).await;
    screenshot(&shots(), "keyboard-report-exported");
    let files: Vec<_> = std::fs::read_dir(&saved)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert_eq!(files.len(), 1, "{files:?}");
    let html = std::fs::read_to_string(&files[0]).unwrap_or_default();
    assert!(
        html.contains("Mode setup report"),
        "not the report: {files:?}"
    );

    assert!(
        focus.stops.len() >= 15,
        "only {} focus stops: {:?}",
        focus.stops.len(),
        focus.stops
    );
    assert!(
        focus.unseen.is_empty(),
        "focus could not be seen at {} of {} stops:\n{}",
        focus.unseen.len(),
        focus.stops.len() + focus.unseen.len(),
        focus.unseen.join("\n")
    );
    s.close().await;
}

// ------------------------------------------------------------------ zoom and small windows

/// Lists what does not fit: any box of the page that scrolls sideways (a data table may), and
/// any text cut off by a box that hides its overflow or by the window's edges.
const REFLOW: &str = r#"
const problems = [];
const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
  + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '');
// A data table may scroll sideways in its own box, as may preformatted text.
const MAY_SCROLL = '.table-wrap, pre, textarea';
for (const el of [document.documentElement, document.body, ...document.body.querySelectorAll('*')]) {
  if (!el.getClientRects().length || el.matches(MAY_SCROLL)) continue;
  const s = getComputedStyle(el);
  const page = el === document.documentElement || el === document.body;
  if ((page || s.overflowX === 'auto' || s.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
    const edge = el.getBoundingClientRect().left + el.clientLeft + el.clientWidth;
    const wide = [...el.querySelectorAll('*')]
      .filter((c) => c.getBoundingClientRect().right > edge + 1 && ![...c.children].some((k) => k.getBoundingClientRect().right > edge + 1))
      .slice(0, 3).map(name);
    problems.push(`${name(el)} scrolls sideways: ${el.scrollWidth} px of content in ${el.clientWidth} px (${wide.join(', ')})`);
  }
}
const width = document.documentElement.clientWidth;
// The box nearest to `el` whose overflow on `axis` is not visible: text is cut off when that box
// hides its overflow, and can be scrolled to when it scrolls.
// The body's overflow is the window's: the window's edges clip it.
const WINDOW = {name: 'the window', box: {left: 0, top: 0, right: width, bottom: innerHeight}};
const clipper = (el, axis) => {
  for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
    const o = getComputedStyle(a)[axis];
    if (o === 'visible') continue;
    if (o !== 'hidden' && o !== 'clip') return null;
    return a === document.body ? WINDOW : {name: name(a), box: a.getBoundingClientRect()};
  }
  return null;
};
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let t = walker.nextNode(); t; t = walker.nextNode()) {
  const el = t.parentElement;
  if (!t.textContent.trim() || !el || el.closest('.visually-hidden, .skip-link:not(:focus), textarea')) continue;
  const range = document.createRange();
  range.selectNodeContents(t);
  const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
  if (!rects.length) continue;
  const text = JSON.stringify(t.textContent.trim().slice(0, 40));
  const cut = (why) => problems.push(`${text} in ${name(el)}: ${why}`);
  if (rects.some((r) => r.left < -1 || r.right > width + 1)) cut('past the edge of the window');
  const x = clipper(el, 'overflowX');
  const y = clipper(el, 'overflowY');
  if (x && rects.some((r) => r.left < x.box.left - 1 || r.right > x.box.right + 1)) {
    cut(`cut off at the side by ${x.name}`);
  }
  if (y && rects.some((r) => r.top < y.box.top - 1 || r.bottom > y.box.bottom + 1)) {
    cut(`cut off at the top or bottom by ${y.name}`);
  }
}
return [...new Set(problems)];
"#;

/// Scrolls the page and the step to their ends and saves a screenshot of what is there.
async fn screenshot_end(s: &Session, name: &str) {
    s.exec(
        "for (const e of [document.getElementById('main'), document.getElementById('step-panel')]) if (e) e.scrollTop = e.scrollHeight; return true;",
        json!([]),
    )
    .await;
    screenshot(&shots(), &format!("{name}-end"));
}

/// Presses Enter on the button `css`: a click lands off target in a zoomed WebKit page.
async fn press(s: &Session, css: &str) {
    s.wait_for(css).await;
    s.exec(
        &format!("document.querySelector({css:?}).focus(); return true;"),
        json!([]),
    )
    .await;
    s.keys(ENTER).await;
}

/// Checks the start screen, every step of the practice workspace and its results for
/// sideways scrolling and clipped text; `label` names the screenshots.
async fn main_screens_fit(s: &Session, label: &str) {
    let mut problems = Vec::new();
    let look = |problems: &mut Vec<String>, screen: &str, found: Value| {
        screenshot(&shots(), &format!("{label}-{screen}"));
        for p in found.as_array().into_iter().flatten() {
            problems.push(format!("{screen}: {}", p.as_str().unwrap_or_default()));
        }
    };
    s.wait_for("#practice-btn").await;
    look(&mut problems, "start", s.exec(REFLOW, json!([])).await);
    press(s, "#practice-btn").await;
    s.wait_for("#steps-list").await;
    for id in step_ids(s).await {
        press(s, &format!("#step-{id}")).await;
        shown(s, &format!(".panel-inner[data-step=\"{id}\"]")).await;
        let in_sight = s
            .exec(
                "const seen = (e) => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }; return seen(document.getElementById('step-title')) && seen(document.activeElement);",
                json!([]),
            )
            .await;
        if in_sight.as_bool() != Some(true) {
            problems.push(format!("step-{id}: the step or the focus is out of sight"));
        }
        look(
            &mut problems,
            &format!("step-{id}"),
            s.exec(REFLOW, json!([])).await,
        );
        screenshot_end(s, &format!("{label}-step-{id}")).await;
    }
    press(s, "#step-check").await;
    press(s, "#run-checks-btn").await;
    headline(s, "Ready for Atlan").await;
    look(&mut problems, "results", s.exec(REFLOW, json!([])).await);
    screenshot_end(s, &format!("{label}-results")).await;
    assert!(
        problems.is_empty(),
        "{label}: {} things do not fit:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn at_200_percent_zoom_the_main_screens_neither_scroll_sideways_nor_clip_text() {
    let _one = ONE_AT_A_TIME.lock().await;
    let (_home, driver) = start("a11y-zoom", Scheme::Light, 4580);
    let s = open(&driver).await;
    s.wait_for("#practice-btn").await;
    let before = s.exec("return innerWidth;", json!([])).await;
    let before = before.as_f64().unwrap_or_default();
    // Ctrl+= zooms in by 20% a press, as in a browser.
    for _ in 0..5 {
        s.chord(CONTROL, "=").await;
    }
    let zoomed = s
        .wait(
            "the page to zoom to 200%",
            &format!("return Math.abs(innerWidth * 2 - {before}) <= 2 ? innerWidth : null;"),
            Duration::from_secs(5),
        )
        .await;
    assert!(zoomed.as_f64().unwrap_or_default() < before);
    main_screens_fit(&s, "zoom-200").await;
    s.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn in_an_800_by_600_window_the_main_screens_neither_scroll_sideways_nor_clip_text() {
    let _one = ONE_AT_A_TIME.lock().await;
    let (_home, driver) = start("a11y-small", Scheme::Light, 4590);
    let s = open(&driver).await;
    s.wait_for("#practice-btn").await;
    let got = s.resize(800, 600).await;
    assert_eq!(got, (800, 600), "the window could not be made 800×600");
    s.wait(
        "the page to be 800 px wide",
        "return innerWidth === 800;",
        Duration::from_secs(5),
    )
    .await;
    main_screens_fit(&s, "window-800x600").await;
    s.close().await;
}
