// The screens the CSS measurement walks through: each scenario is a fresh window with its own
// stand-in backend (see tauri-stub.mjs) and a script that clicks its way through states, calling
// `snap(name)` at each one worth recording.

const DAY = 86_400_000;

/** "YYYY-MM-DD", `days` from today. */
export function isoDay(days = 0) {
  return new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
}

function links(workspace) {
  const base = `https://app.mode.com/organizations/${workspace}`;
  return {
    settings: `${base}/settings`,
    invite: `${base}/invite`,
    members: `${base}/settings/members`,
    connections: `${base}/data_sources`,
    groups: `${base}/settings/groups`,
    apiKeys: `${base}/settings/api_keys`,
    memberKeys: `${base}/settings/features`,
    myApiKeys: `${base}/settings/my_api_keys`,
    personalTokens: "https://app.mode.com/settings/access_tokens",
    home: base,
  };
}

function profile(over = {}) {
  const workspace = over.workspace ?? "acme";
  return {
    id: workspace,
    workspace,
    host: "https://app.mode.com",
    serviceAccount: "atlan_crawler",
    keyId: "a1b2c3d4e5",
    keyKind: "workspace",
    expiresOn: isoDay(60),
    isAdmin: true,
    practice: false,
    steps: {},
    links: links(workspace),
    lastReport: null,
    ...over,
  };
}

const done = (by = "hand") => ({ done: true, at: isoDay(-2), by });

function check(id, title, status, summary, extra = {}) {
  return { id, title, status, summary, fix: null, link: null, details: null, ...extra };
}

function report({ ready = true, kind = "workspace", daysLeft = 60, probably = false } = {}) {
  const link = "https://app.mode.com/organizations/acme/settings/api_keys";
  const checks = ready
    ? [
        check("host", "Mode can be reached", "pass", "app.mode.com answered in 120 ms."),
        check("credentials", "Key ID and secret work", "pass", "Mode accepted the key."),
        check("workspace", "Workspace is found", "pass", "The key belongs to acme."),
        check("key-type", "Type of key", "pass", "A workspace key."),
        check("key-expiry", "Key expiry date", "warn", "The key expires in 20 days.", { fix: "Plan to replace it before it expires.", link }),
        check("service-account", "Crawler's Mode account", "pass", "atlan_crawler is a member."),
        check("connection-access", "Access to connections", "pass", "The crawler can view all 3 connections."),
        check("collections", "Collections can be listed", "pass", "12 collections."),
        check("reports", "Reports can be read", "skip", "Skipped: no reports in the sampled collections."),
      ]
    : [
        check("host", "Mode can be reached", "pass", "app.mode.com answered in 120 ms."),
        check("credentials", "Key ID and secret work", "pass", "Mode accepted the key."),
        check("workspace", "Workspace is found", "pass", "The key belongs to acme."),
        check("key-type", "Type of key", kind === "personal" ? "fail" : "pass", kind === "personal" ? "This is a retired personal token." : "A workspace key.", kind === "personal" ? { fix: "Create a workspace key.", link } : {}),
        check("key-expiry", "Key expiry date", "warn", "No expiry date was entered.", { fix: "Enter the expiry date in step 3." }),
        check("service-account", "Crawler's Mode account", "fail", "atlan_crawler is still a pending invite.", {
          fix: "Open the invite email and accept it.",
          link: "https://app.mode.com/organizations/acme/settings/members",
          details: "GET /api/acme/memberships/atlan_crawler → 200, state=pending",
        }),
        check("connection-access", "Access to connections", "fail", "2 of 4 connections can't be viewed by the crawler.", {
          fix: "Give atlan_crawler View on each connection.",
          link: "https://app.mode.com/organizations/acme/data_sources",
        }),
        check("collections", "Collections can be listed", "pass", "12 collections."),
        check("reports", "Reports can be read", "skip", "Skipped because the account isn't a member yet.", { details: "Not run: service-account failed" }),
      ];
  const conn = (token, name, access, via) => ({ token, name, access, via, link: `https://app.mode.com/organizations/acme/data_sources/${token}` });
  if (probably) {
    checks[8] = check("reports", "Reports can be read", "warn", "No report could be opened to prove it.", {
      confirm: "the crawler can open a report",
      fix: "Open any report as the crawler's account.",
    });
  }
  return {
    schema: 1,
    workspace: "acme",
    host: "https://app.mode.com",
    checked_at: "2025-03-04T09:30:00Z",
    key: { id: "a1b2c3d4e5", kind, member: null, expires_on: isoDay(daysLeft), days_left: daysLeft },
    checks,
    connections: ready
      ? [conn("c1", "Snowflake prod", "view", "default"), conn("c2", "Postgres analytics", "manage", "admin"), conn("c3", "BigQuery", "query", "group")]
      : [conn("c1", "Snowflake prod", "view", "default"), conn("c2", "Postgres analytics", "none", null), conn("c3", "BigQuery", "unknown", null), conn("c4", "Redshift", "view", "direct")],
    counts: { connections: ready ? 3 : 4, collections: 12, personal_collections: 3, reports: 210, queries: 640, charts: 455 },
    ready,
    verdict: probably ? "probably-ready" : ready ? "ready" : "not-ready",
    to_confirm: probably ? ["the crawler can open a report", "the crawler can list personal collections"] : [],
    headline: probably
      ? "Probably ready for Atlan: confirm 2 things by hand."
      : ready
        ? "Atlan's crawler can read this workspace."
        : "2 checks failed: the crawler can't read everything yet.",
  };
}

const practiceProfile = () =>
  profile({ id: "practice", workspace: "practice-co", practice: true, isAdmin: true, keyId: "practice-key", expiresOn: isoDay(45) });

const err = (kind, message, details = null) => ({ kind, message, details });

// ------------------------------------------------------------------ small steps the scripts share

async function settle(page) {
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))),
  );
}

async function step(page, id) {
  await page.click(`#step-${id}`);
  await page.waitForSelector(`.panel-inner[data-step="${id}"]`);
  await settle(page);
}

async function scrollPanel(page) {
  await page.evaluate(() => {
    const panel = document.getElementById("step-panel");
    if (panel) panel.scrollTop = panel.scrollHeight;
  });
  await settle(page);
}

/** Every scenario: `{name, config, run(page, snap)}`. `snap(name, {scroll})` records a state. */
export const SCENARIOS = [
  {
    name: "loading",
    config: { hang: ["load_state"] },
    async run(page, snap) {
      await page.waitForSelector("#loading");
      await snap("loading");
    },
  },
  {
    name: "fatal",
    config: { fail: { load_state: err("store_unreadable", "Your saved workspaces couldn't be read.", "profiles.json: expected value at line 1 column 1") } },
    async run(page, snap) {
      await page.waitForSelector(".card.fatal");
      await snap("fatal");
      await page.click(".card.fatal summary");
      await page.hover(".card.fatal .btn");
      await snap("fatal-details");
    },
  },
  {
    name: "start",
    config: {
      notices: ["Your saved workspaces were moved to a new place. Nothing was lost."],
      practice: practiceProfile(),
    },
    async run(page, snap) {
      await page.waitForSelector(".start-form");
      await snap("start");
      await page.keyboard.press("Tab");
      await snap("start-skip-link");
      await page.fill("#workspace-input", "acme");
      await page.waitForSelector('#workspace-hint[data-tone="ok"]');
      await snap("start-hint-ok");
      await page.fill("#workspace-input", "not a workspace!");
      await page.waitForSelector('#workspace-hint[data-tone="warn"]');
      await page.fill("#service-account-input", "");
      await page.click("summary");
      await page.fill("#host-input", "not a url");
      await page.click("#continue-btn");
      await snap("start-field-errors");
      await page.fill("#workspace-input", "acme");
      await page.waitForSelector('#workspace-hint[data-tone="ok"]');
      await page.fill("#service-account-input", "atlan_crawler");
      await page.fill("#host-input", "https://app.mode.com");
      await page.click("#is-admin-no");
      await page.evaluate((e) => window.__stub.fail("save_profile", e), err("invalid_input", "The Mode address must start with https://.", "host: relative URL without a base"));
      await page.click("#continue-btn");
      await page.waitForSelector("#start-error:not([hidden])");
      await snap("start-save-error");
      await page.click("#notices .btn");
      await page.evaluate((e) => window.__stub.fail("start_practice", e), err("keyring_unavailable", "This computer's secure storage isn't available."));
      await page.click("#practice-btn");
      await page.waitForSelector("#toast:not([hidden])");
      await snap("start-toast-error");
      await page.evaluate(() => {
        window.__stub.heal("start_practice");
        window.__stub.heal("save_profile");
      });
      await page.click("#practice-btn");
      await page.waitForSelector("#practice-badge");
      await snap("practice-workspace");
      await step(page, "api-key");
      await snap("practice-api-key", { scroll: true });
    },
  },
  {
    name: "add-workspace",
    config: { profiles: [profile()], activeProfile: "acme" },
    async run(page, snap) {
      await page.waitForSelector("#steps-list");
      await page.click("#add-workspace-btn");
      await page.waitForSelector("#cancel-add-btn");
      await snap("add-workspace");
      await page.fill("#workspace-input", "globex");
      await page.click("#is-admin-yes");
      await page.click("#continue-btn");
      await page.waitForSelector("#profile-select-wrap:not([hidden])");
      await snap("two-workspaces");
      await page.click("#remove-workspace-btn");
      await page.waitForSelector("#remove-dialog[open]");
      await snap("remove-dialog");
      await page.click("#remove-confirm-btn");
      await page.waitForSelector("#toast:not([hidden])");
      await snap("removed-toast");
    },
  },
  {
    name: "needs-admin",
    config: {
      profiles: [profile({ isAdmin: false, keyId: "", expiresOn: null, steps: { invite: done() } })],
      activeProfile: "acme",
      secretStored: false,
    },
    async run(page, snap) {
      await page.waitForSelector("#admin-card");
      await snap("admin-invite");
      await page.hover("#step-report");
      await step(page, "permissions");
      await snap("admin-permissions", { scroll: true });
      await step(page, "api-key");
      await snap("admin-api-key", { scroll: true });
      await page.evaluate(() => window.__stub.hang("admin_request"));
      await page.click("#ask-admin-btn");
      await page.waitForSelector("#admin-dialog[open]");
      await snap("admin-dialog-loading");
      await page.click("#admin-close-btn");
      await page.evaluate(() => window.__stub.heal("admin_request"));
      await page.click("#ask-admin-btn");
      await page.waitForFunction(() => document.getElementById("admin-text").value.length > 0);
      await page.click("#copy-admin-btn");
      await page.waitForFunction(() => document.getElementById("copy-status").textContent.length > 0);
      await snap("admin-dialog");
      await page.keyboard.press("Escape");
      await page.evaluate((e) => window.__stub.fail("admin_request", e), err("invalid_input", "The message couldn't be written.", "template: missing workspace"));
      await page.click("#ask-admin-btn");
      await page.waitForSelector("#admin-error:not([hidden])");
      await snap("admin-dialog-error");
      await page.keyboard.press("Escape");
      await step(page, "check");
      await snap("admin-check-not-run", { scroll: true });
      await step(page, "reminders");
      await snap("reminders-no-date", { scroll: true });
      await step(page, "report");
      await snap("report-not-run", { scroll: true });
    },
  },
  {
    name: "api-key",
    config: {
      profiles: [profile({ keyKind: "personal", lastReport: report({ ready: false, kind: "personal" }), steps: { invite: done(), permissions: done() } })],
      activeProfile: "acme",
      secretStored: true,
    },
    async run(page, snap) {
      await step(page, "api-key");
      await snap("api-key-personal", { scroll: true });
      await page.click("#key-kind-member");
      await page.fill("#key-id-input", "");
      await page.fill("#expires-input", "");
      await page.click("#secret-toggle");
      await page.click("#save-check-btn");
      await snap("api-key-field-errors", { scroll: true });
      await page.fill("#key-id-input", "k-123");
      await page.fill("#expires-input", isoDay(80));
      await page.evaluate((e) => window.__stub.fail("save_profile", e), err("invalid_input", "The Key ID has characters Mode never uses.", "key_id: invalid character '!'"));
      await page.click("#save-check-btn");
      await page.waitForSelector("#cred-error:not([hidden])");
      await snap("api-key-save-error", { scroll: true });
      await step(page, "permissions");
      await snap("step-done");
      await page.click("#mark-done-btn");
      await page.waitForSelector("#done-chip[hidden]", { state: "attached" });
      await snap("step-undone");
    },
  },
  {
    name: "secret-unknown",
    config: {
      profiles: [profile({ keyKind: "member" })],
      activeProfile: "acme",
      fail: { secret_status: err("keyring_unavailable", "Secure storage isn't available.") },
    },
    async run(page, snap) {
      await step(page, "api-key");
      await snap("api-key-secret-unknown", { scroll: true });
    },
  },
  {
    name: "check-running",
    config: {
      profiles: [profile({ steps: { invite: done(), permissions: done(), "api-key": done() } })],
      activeProfile: "acme",
      report: report({ ready: true }),
      run: { hold: true },
    },
    async run(page, snap) {
      await step(page, "check");
      await snap("check-not-run");
      await page.click("#run-checks-btn");
      await page.waitForFunction(() => document.querySelectorAll('.result[data-status="pass"]').length >= 3);
      await snap("check-running");
      await page.click("#cancel-btn");
      await page.waitForSelector("#run-note");
      await snap("check-cancelled");
    },
  },
  {
    name: "check-pass",
    config: {
      profiles: [profile({ steps: { invite: done(), permissions: done(), "api-key": done() } })],
      activeProfile: "acme",
      report: report({ ready: true, daysLeft: 20 }),
    },
    async run(page, snap) {
      await step(page, "check");
      await page.click("#run-checks-btn");
      await page.waitForSelector('.headline[data-tone="ready"]');
      await snap("check-pass", { scroll: true });
      await step(page, "report");
      await snap("report-ready");
      await page.click("#export-html-btn");
      await page.waitForSelector('#export-status[data-tone="ok"]');
      await snap("report-exported");
      await page.evaluate((e) => window.__stub.fail("export_report", e), err("write_failed", "The file couldn't be written.", "Permission denied (os error 13)"));
      await page.click("#export-json-btn");
      await page.waitForSelector("#export-error:not([hidden])");
      await snap("report-export-error");
    },
  },
  {
    name: "check-fail",
    config: {
      profiles: [profile({ steps: { invite: done(), permissions: done(), "api-key": done() }, lastReport: report({ ready: false }) })],
      activeProfile: "acme",
    },
    async run(page, snap) {
      await page.waitForSelector('.headline[data-tone="not-ready"]');
      await snap("check-fail");
      await page.click('.result[data-status="fail"] .tech-details summary');
      await snap("check-fail-details", { scroll: true });
      await step(page, "report");
      await snap("report-not-ready");
    },
  },
  {
    name: "check-probably",
    config: {
      profiles: [profile({ steps: { invite: done(), permissions: done(), "api-key": done() }, lastReport: report({ probably: true }) })],
      activeProfile: "acme",
    },
    async run(page, snap) {
      await page.waitForSelector("#to-confirm");
      await snap("check-probably", { scroll: true });
    },
  },
  {
    name: "check-error",
    config: {
      profiles: [profile({ steps: { invite: done(), permissions: done(), "api-key": done() } })],
      activeProfile: "acme",
      report: report({ ready: true }),
      run: { error: { ...err("invalid_input", "No secret is stored for this key.", "keyring: no entry for acme"), field: "secret" } },
    },
    async run(page, snap) {
      await step(page, "check");
      await page.click("#run-checks-btn");
      await page.waitForSelector("#run-error");
      await page.click("#run-error summary");
      await snap("check-error");
    },
  },
  {
    name: "reminders-soon",
    config: {
      profiles: [profile({ expiresOn: isoDay(20), steps: Object.fromEntries(["invite", "permissions", "api-key", "check", "reminders", "report", "atlan"].map((id) => [id, done(id === "check" ? "check" : "hand")])), lastReport: report() })],
      activeProfile: "acme",
      settings: { thresholds: [14], startAtLogin: false },
    },
    async run(page, snap) {
      await step(page, "reminders");
      await snap("reminders-soon", { scroll: true });
      await page.click("#threshold-14");
      await page.waitForSelector('#threshold-status[data-tone="warn"]');
      await page.click("#threshold-7");
      await page.waitForSelector('#threshold-status[data-tone="ok"]');
      await page.click("#start-at-login");
      await page.waitForSelector('#start-at-login-status[data-tone="ok"]');
      await page.click("#add-calendar-btn");
      await page.waitForSelector('#calendar-status[data-tone="ok"]');
      await snap("reminders-saved", { scroll: true });
      await page.evaluate((e) => {
        window.__stub.fail("set_settings", e);
        window.__stub.fail("save_calendar", e);
      }, err("write_failed", "The settings file couldn't be written."));
      await page.click("#threshold-3");
      await page.waitForSelector('#threshold-status[data-tone="error"]');
      await page.click("#start-at-login");
      await page.waitForSelector('#start-at-login-status[data-tone="error"]');
      await page.click("#add-calendar-btn");
      await page.waitForSelector('#calendar-status[data-tone="error"]');
      await snap("reminders-errors", { scroll: true });
      await step(page, "report");
      await page.click("#mark-done-btn");
      await page.waitForSelector("#done-chip[hidden]", { state: "attached" });
      await snap("report-undone");
    },
  },
  {
    name: "reminders-urgent",
    config: { profiles: [profile({ expiresOn: isoDay(3), keyKind: "member" })], activeProfile: "acme" },
    async run(page, snap) {
      await step(page, "reminders");
      await snap("reminders-urgent", { scroll: true });
    },
  },
  {
    name: "reminders-expired",
    config: {
      profiles: [profile({ expiresOn: isoDay(-5) })],
      activeProfile: "acme",
      fail: { get_settings: err("settings_unreadable", "The settings file is damaged.", "settings.json: trailing comma at line 3") },
    },
    async run(page, snap) {
      await step(page, "reminders");
      await snap("reminders-expired", { scroll: true });
    },
  },
  {
    name: "tray-events",
    config: {
      profiles: [profile({ expiresOn: isoDay(7) }), profile({ workspace: "globex", isAdmin: null })],
      activeProfile: "acme",
      report: report({ ready: false }),
    },
    async run(page, snap) {
      await page.waitForSelector("#steps-list");
      await page.evaluate(() => window.__stub.emit("open-step", { profileId: "acme", step: "reminders" }));
      await page.waitForFunction(() => document.activeElement?.id === "rotation-title");
      await snap("open-step-rotation");
      await page.evaluate(() => window.__stub.emit("check-now", { profileId: "globex" }));
      await page.waitForSelector('.headline[data-tone="not-ready"]');
      await snap("check-now-other-workspace", { scroll: true });
    },
  },
];

/** Fixture builders, for other tools that want the same data. */
export const fixtures = { profile, report, practiceProfile, done, err };
