import { test, describe } from "node:test";
import assert from "node:assert/strict";
import {
  CATALOG,
  runByText,
  runOutcome,
  STEP_IDS,
  CHECK_IDS,
  stepTitle,
  checkTitle,
  isAdminStep,
  errorMessage,
  todayISO,
  addDays,
  daysBetween,
  defaultExpiry,
  daysLeft,
  isISODate,
  expiryText,
  reminderSchedule,
  nextReminder,
  formatDate,
  formatDateTime,
  statusLabel,
  countStatuses,
  statusSummaryText,
  resultRows,
  etaText,
  progressText,
  accessLabel,
  lacksView,
  viaLabel,
  sortConnections,
  connectionSummary,
  countsText,
  keyKindLabel,
  usesPersonalToken,
  stepState,
  needsAdmin,
  firstOpenStep,
  doneCount,
  stepSubLabel,
  doneByText,
  validateStart,
  validateCredentials,
  normalizeError,
  fieldFromError,
} from "../logic.js";

// A fixed "now": 10 March 2025, mid-morning local time.
const NOW = new Date(2025, 2, 10, 10, 30);

/** A catalog wording template with the number of days put in. */
const fill = (template, n) => template.replace("{n}", String(n));
const label = (list, id) => CATALOG[list].find((e) => e.id === id).label;
const EXPIRES = CATALOG.daysLeft.expires;

/**
 * Stands in for Rust's check_field: `refuse[field](value)` returns the message Rust would send,
 * or nothing to accept. Every question asked is kept in `ask.calls`.
 */
function fakeRust(refuse = {}) {
  const ask = async (field, value) => {
    ask.calls.push([field, value]);
    const message = refuse[field]?.(value);
    if (message) throw { kind: "invalid_input", field, message };
    return { value };
  };
  ask.calls = [];
  return ask;
}

describe("dates", () => {
  test("today is written as YYYY-MM-DD on the local calendar", () => {
    assert.equal(todayISO(NOW), "2025-03-10");
    assert.equal(todayISO(new Date(2025, 0, 5, 23, 59)), "2025-01-05");
  });

  test("a new key's default expiry is Mode's key lifetime from today", () => {
    assert.equal(CATALOG.keyLifetimeDays, 90);
    assert.equal(defaultExpiry(NOW), "2025-06-08");
    assert.equal(daysBetween(todayISO(NOW), defaultExpiry(NOW)), CATALOG.keyLifetimeDays);
  });

  test("adding days crosses month and year ends and leap days", () => {
    assert.equal(addDays("2024-12-31", 1), "2025-01-01");
    assert.equal(addDays("2024-02-28", 1), "2024-02-29");
    assert.equal(addDays("2025-03-01", -1), "2025-02-28");
  });

  test("adding days is not thrown off by daylight-saving changes", () => {
    assert.equal(addDays("2025-03-29", 2), "2025-03-31");
    assert.equal(daysBetween("2025-10-25", "2025-10-27"), 2);
  });

  test("adding days to something that isn't a date throws", () => {
    assert.throws(() => addDays("soon", 3), RangeError);
  });

  test("only real calendar dates count as dates", () => {
    assert.equal(isISODate("2025-02-28"), true);
    assert.equal(isISODate("2025-02-30"), false);
    assert.equal(isISODate("2025-2-3"), false);
    assert.equal(isISODate(""), false);
    assert.equal(isISODate(null), false);
  });

  test("days left counts whole calendar days, 0 on the expiry day, negative after", () => {
    assert.equal(daysLeft("2025-03-20", NOW), 10);
    assert.equal(daysLeft("2025-03-10", NOW), 0);
    assert.equal(daysLeft("2025-03-08", NOW), -2);
    assert.equal(daysLeft(null, NOW), null);
    assert.equal(daysLeft("not a date", NOW), null);
  });

  test("expiry wording gets more urgent as the date nears", () => {
    const warn = CATALOG.expiryWarnDays;
    const urgent = CATALOG.expiryUrgentDays;
    assert.deepEqual([urgent, warn], [7, 30]);
    assert.deepEqual(expiryText(45), { tone: "ok", text: fill(EXPIRES.inDays, 45) });
    assert.deepEqual(expiryText(warn + 1), { tone: "ok", text: fill(EXPIRES.inDays, warn + 1) });
    assert.deepEqual(expiryText(warn), { tone: "soon", text: fill(EXPIRES.inDays, warn) });
    assert.deepEqual(expiryText(urgent + 1), { tone: "soon", text: fill(EXPIRES.inDays, urgent + 1) });
    assert.deepEqual(expiryText(urgent), { tone: "urgent", text: fill(EXPIRES.inDays, urgent) });
    assert.deepEqual(expiryText(1), { tone: "urgent", text: EXPIRES.tomorrow });
    assert.deepEqual(expiryText(0), { tone: "urgent", text: EXPIRES.today });
    assert.deepEqual(expiryText(-1), { tone: "expired", text: EXPIRES.yesterday });
    assert.deepEqual(expiryText(-5), { tone: "expired", text: fill(EXPIRES.daysAgo, 5) });
    assert.deepEqual(expiryText(null), { tone: "unknown", text: CATALOG.daysLeft.unknown });
  });

  test("the warning schedule follows Rust's default days, the expiry day included, and marks passed ones", () => {
    const s = reminderSchedule("2025-03-20", NOW);
    assert.deepEqual(
      s.map((x) => x.days),
      [...CATALOG.reminders.defaults],
    );
    const expected = {
      30: ["2025-02-18", true],
      14: ["2025-03-06", true],
      7: ["2025-03-13", false],
      3: ["2025-03-17", false],
      1: ["2025-03-19", false],
      0: ["2025-03-20", false],
    };
    for (const x of s) {
      assert.deepEqual([x.date, x.past], expected[x.days], String(x.days));
    }
    assert.ok(s.some((x) => x.days === 0), "the expiry day itself is a default reminder");
    assert.deepEqual(reminderSchedule(null, NOW), []);
  });

  test("the next warning is the largest threshold not yet passed", () => {
    assert.equal(nextReminder(40), 30);
    assert.equal(nextReminder(20), 14);
    assert.equal(nextReminder(3), 3);
    assert.equal(nextReminder(0), 0, "on the expiry day, the day's own reminder");
    assert.equal(nextReminder(-1), null);
    assert.equal(nextReminder(null), null);
  });

  test("dates and times are shown in words, and nonsense shows nothing", () => {
    assert.equal(formatDate("2025-03-12", "en-GB"), "12 March 2025");
    assert.equal(formatDate("garbage", "en-GB"), "");
    assert.equal(formatDateTime("2025-03-12T14:05:00Z", "en-GB", "UTC"), "12 March 2025 at 14:05");
    assert.equal(formatDateTime("yesterday", "en-GB", "UTC"), "");
    assert.equal(formatDateTime(null), "");
  });
});

describe("check results", () => {
  test("every status has a word, so colour is never the only signal", () => {
    assert.deepEqual(
      CATALOG.statuses.map((s) => s.id),
      ["pass", "warn", "fail", "skip"],
    );
    for (const s of CATALOG.statuses) {
      assert.deepEqual(statusLabel(s.id), { word: s.label, tone: s.id });
      assert.ok(s.label.length > 0);
    }
    assert.equal(statusLabel("pass").word, label("statuses", "pass"));
    assert.equal(statusLabel("pending").word, "Waiting…");
    assert.equal(statusLabel("running").word, "Checking…");
    assert.equal(statusLabel("something new").word, "Not run");
  });

  test("statuses are counted and summed up in words, leaving out zeros", () => {
    const checks = [{ status: "pass" }, { status: "pass" }, { status: "warn" }, { status: "fail" }, { status: "fail" }];
    assert.deepEqual(countStatuses(checks), { pass: 2, warn: 1, fail: 2, skip: 0 });
    assert.equal(statusSummaryText(checks), "2 passed, 1 warning, 2 failed");
    assert.equal(statusSummaryText([{ status: "warn" }, { status: "warn" }, { status: "skip" }]), "2 warnings, 1 skipped");
    assert.equal(statusSummaryText([]), "");
  });

  test("there are always nine rows, in Rust's order, with placeholders for missing results", () => {
    const rows = resultRows([{ id: "workspace", title: "W", status: "pass", summary: "ok" }]);
    assert.deepEqual(
      rows.map((r) => r.id),
      CHECK_IDS,
    );
    assert.equal(rows[2].status, "pass");
    assert.equal(rows[0].status, "idle");
    assert.equal(rows[0].placeholder, true);
    assert.ok(rows[0].title.length > 0);
    assert.equal(rows[0].title, CATALOG.checks[0].title);
    assert.equal(rows[1].title, checkTitle("credentials"), "placeholders use Rust's titles");
    assert.equal(rows[1].title, "Mode accepts the key");
  });

  test("while running, the first check without a result shows as running and the rest as waiting", () => {
    const rows = resultRows([{ id: "host", status: "pass" }], true);
    assert.deepEqual(
      rows.slice(0, 4).map((r) => r.status),
      ["pass", "running", "pending", "pending"],
    );
  });

  test("results with an id the window doesn't know are still shown, at the end", () => {
    const rows = resultRows([{ id: "new-check", title: "New", status: "warn" }]);
    assert.equal(rows.length, 10);
    assert.equal(rows.at(-1).id, "new-check");
  });

  test("time left is only mentioned when it's more than a few seconds", () => {
    assert.equal(etaText(null), "");
    assert.equal(etaText(3), "");
    assert.equal(etaText(4), "about 4 s left");
    assert.equal(etaText(42.4), "about 42 s left");
    assert.equal(etaText(150), "about 3 min left");
    assert.equal(etaText(Number.NaN), "");
  });

  test("progress reads as 'n of total checked' with the time left when known", () => {
    assert.equal(progressText({ done: 3, total: 9, etaSeconds: 12 }), "3 of 9 checked · about 12 s left");
    assert.equal(progressText({ done: 8, total: 9, etaSeconds: 2 }), "8 of 9 checked");
    assert.equal(progressText({ done: 0, total: 0, etaSeconds: null }), "Starting…");
  });
});

describe("recorded runs", () => {
  test("who ran a check and its outcome come from Rust's words", () => {
    assert.equal(runByText("watch"), "by the watch");
    assert.equal(runByText("command"), "by mode-setup check");
    assert.equal(runByText("something-else"), "");
    assert.equal(runOutcome({ verdict: "ready", unfinished: false }), "Ready for Atlan");
    assert.equal(runOutcome({ verdict: "not-ready", unfinished: true }), CATALOG.runUnfinished);
  });
});

describe("connections", () => {
  test("View, Query and Manage are enough; anything else lacks View", () => {
    assert.equal(lacksView("view"), false);
    assert.equal(lacksView("query"), false);
    assert.equal(lacksView("manage"), false);
    assert.equal(lacksView("none"), true);
    assert.equal(lacksView("unknown"), true);
    assert.equal(lacksView(undefined), true);
  });

  test("lacking View is Rust's rule, for every level it knows", () => {
    for (const a of CATALOG.access) assert.equal(lacksView(a.id), !a.grantsView, a.id);
  });

  test("access and how it was given are in plain words", () => {
    assert.equal(accessLabel("none").word, label("access", "none"));
    assert.equal(accessLabel("none").tone, "fail");
    assert.equal(accessLabel("manage").word, label("access", "manage"));
    assert.equal(accessLabel("manage").tone, "pass");
    assert.equal(accessLabel("view").note, CATALOG.access.find((a) => a.id === "view").note);
    assert.deepEqual(accessLabel("weird"), accessLabel("unknown"));
    assert.equal(accessLabel("weird").tone, "warn");
    assert.equal(accessLabel("weird").word, label("access", "unknown"));
    assert.equal(viaLabel("default"), label("via", "default"));
    assert.equal(viaLabel("group"), label("via", "group"));
    for (const v of CATALOG.via) assert.equal(viaLabel(v.id), v.label);
    assert.equal(viaLabel(null), "—");
  });

  test("connections lacking View come first, otherwise the order is kept", () => {
    const list = [
      { name: "A", access: "view" },
      { name: "B", access: "none" },
      { name: "C", access: "manage" },
      { name: "D", access: "unknown" },
    ];
    assert.deepEqual(
      sortConnections(list).map((c) => c.name),
      ["B", "D", "A", "C"],
    );
    assert.deepEqual(sortConnections(null), []);
  });

  test("the summary says how many connections the crawler can't view", () => {
    const list = [{ access: "view" }, { access: "none" }, { access: "query" }, { access: "none" }, { access: "manage" }];
    assert.equal(connectionSummary(list), "2 of 5 connections can't be viewed by the crawler yet.");
    assert.equal(connectionSummary([{ access: "view" }, { access: "query" }]), "The crawler can view all 2 connections.");
    assert.equal(connectionSummary([]), "No connections were found.");
  });

  test("counts use singular and plural correctly and skip missing numbers", () => {
    assert.equal(
      countsText({ connections: 1, collections: 14, personal_collections: 3, reports: 1, queries: 2, charts: 0 }),
      "1 connection · 14 collections · 3 personal collections · 1 report · 2 queries · 0 charts",
    );
    assert.equal(countsText({ connections: 2 }), "2 connections");
    assert.equal(countsText(null), "");
  });
});

describe("keys", () => {
  test("key kinds have plain names, and personal tokens are marked retired", () => {
    assert.equal(keyKindLabel("workspace"), label("keyKinds", "workspace"));
    assert.equal(keyKindLabel("member"), label("keyKinds", "member"));
    assert.match(keyKindLabel("personal"), /retired/);
    assert.equal(keyKindLabel("other"), label("keyKinds", "unknown"));
  });

  test("a personal token is noticed whether it was chosen or found by the checks", () => {
    assert.equal(usesPersonalToken("personal", null), true);
    assert.equal(usesPersonalToken("workspace", { key: { kind: "personal" } }), true);
    assert.equal(usesPersonalToken("member", { key: { kind: "member" } }), false);
    assert.equal(usesPersonalToken("workspace", null), false);
  });
});

describe("checklist steps", () => {
  const profile = {
    isAdmin: null,
    expiresOn: "2025-04-01",
    steps: {
      invite: { done: true, at: "2025-03-01", by: "hand" },
      permissions: { done: false, at: "2025-03-02", by: "hand" },
      "api-key": { done: true, at: "2025-03-05", by: "check" },
    },
    lastReport: null,
  };

  test("a step's tick is read from the profile, not-done when missing or unticked", () => {
    assert.deepEqual(stepState(profile, "invite"), { done: true, at: "2025-03-01", by: "hand" });
    assert.deepEqual(stepState(profile, "permissions"), { done: false, at: null, by: null });
    assert.deepEqual(stepState(profile, "report"), { done: false, at: null, by: null });
    assert.deepEqual(stepState(null, "invite"), { done: false, at: null, by: null });
  });

  test("anyone who isn't sure they are an admin is treated as needing one", () => {
    assert.equal(needsAdmin({ isAdmin: true }), false);
    assert.equal(needsAdmin({ isAdmin: false }), true);
    assert.equal(needsAdmin({ isAdmin: null }), true);
    assert.equal(needsAdmin(null), false);
  });

  test("step titles and the admin's steps are Rust's", () => {
    for (const s of CATALOG.steps) {
      assert.equal(stepTitle(s.id), s.title);
      assert.equal(isAdminStep(s.id), s.needsAdmin);
    }
    assert.deepEqual(STEP_IDS.filter(isAdminStep), ["invite", "permissions", "api-key"]);
    assert.equal(isAdminStep("something new"), false);
  });

  test("the first open step is the first one not ticked, or the checks when all are done", () => {
    assert.equal(firstOpenStep(profile), "permissions");
    const all = Object.fromEntries(STEP_IDS.map((id) => [id, { done: true, at: "2025-03-01", by: "hand" }]));
    assert.equal(firstOpenStep({ steps: all }), "check");
    assert.equal(doneCount(profile), 2);
  });

  test("the step list says what each step is waiting for", () => {
    assert.equal(stepSubLabel(profile, "invite"), "Done");
    assert.equal(stepSubLabel(profile, "api-key"), "Done · confirmed by the checks");
    assert.equal(stepSubLabel(profile, "permissions"), "Waiting for your admin");
    assert.equal(stepSubLabel({ ...profile, isAdmin: true }, "permissions"), "To do");
    assert.equal(stepSubLabel(profile, "check"), "Not run yet");
    assert.equal(stepSubLabel({ ...profile, lastReport: { ready: true } }, "check"), "Ready for Atlan");
    assert.equal(stepSubLabel({ ...profile, lastReport: { ready: false } }, "check"), "Not ready yet");
    assert.equal(
      stepSubLabel({ ...profile, lastReport: { ready: false, verdict: "probably-ready" } }, "check"),
      "Probably ready: confirm by hand",
    );
    assert.equal(stepSubLabel(profile, "check", { running: { done: 4, total: 9 } }), "Checking… 4 of 9");
    assert.equal(stepSubLabel(profile, "reminders", { now: NOW }), fill(EXPIRES.inDays, 22));
    assert.equal(stepSubLabel({ ...profile, expiresOn: null }, "reminders", { now: NOW }), "No expiry date yet");
    assert.equal(stepSubLabel({ ...profile, keyId: "k1" }, "atlan"), "Copy the key into Atlan");
    assert.equal(stepSubLabel({ ...profile, keyId: null }, "atlan"), "Save a key first");
  });

  test("who ticked a step, and when, is said in words", () => {
    assert.equal(doneByText({ done: true, at: "2025-03-01", by: "hand" }, "en-GB"), "Marked as done by you on 1 March 2025.");
    assert.equal(doneByText({ done: true, at: "2025-03-05", by: "check" }, "en-GB"), "Confirmed by the checks on 5 March 2025.");
    assert.equal(doneByText({ done: false }, "en-GB"), "");
  });
});

describe("form hints", () => {
  const start = { workspace: "acme", serviceAccount: "atlan_crawler", host: "https://app.mode.com" };

  test("the start form asks Rust about the workspace, the address and the username", async () => {
    const ask = fakeRust();
    assert.deepEqual(await validateStart(start, ask), {});
    assert.deepEqual(
      ask.calls.sort(),
      [
        ["host", "https://app.mode.com"],
        ["serviceAccount", "atlan_crawler"],
        ["workspace", "acme"],
      ],
    );
  });

  test("the start form shows Rust's own words at each field it refuses, first field first", async () => {
    const ask = fakeRust({
      workspace: (v) => (v.trim() ? null : "Enter your Mode workspace."),
      serviceAccount: (v) => (/\s/.test(v) ? '"atlan crawler" is not a Mode username.' : null),
    });
    const e = await validateStart({ workspace: "  ", serviceAccount: "atlan crawler", host: "" }, ask);
    assert.deepEqual(e, { workspace: "Enter your Mode workspace.", serviceAccount: '"atlan crawler" is not a Mode username.' });
    assert.deepEqual(Object.keys(e), ["workspace", "serviceAccount"]);
    assert.equal(e.host, undefined);
  });

  test("the start form needs a username", async () => {
    const ask = fakeRust();
    const e = await validateStart({ ...start, serviceAccount: "  " }, ask);
    assert.match(e.serviceAccount, /username/);
    assert.ok(!ask.calls.some(([f]) => f === "serviceAccount"));
  });

  test("the Mode address is Rust's to judge: what it refuses shows at the address field", async () => {
    const ask = fakeRust({ host: (v) => (v.startsWith("http://mode.") ? "The host must start with https://." : null) });
    assert.equal((await validateStart({ ...start, host: "http://mode.example" }, ask)).host, "The host must start with https://.");
    assert.equal((await validateStart({ ...start, host: "http://127.0.0.1:8080" }, ask)).host, undefined);
  });

  test("when Rust can't be asked, the form gets the error instead of a field", async () => {
    const down = async () => {
      throw { kind: "internal", message: "Something went wrong inside the app." };
    };
    await assert.rejects(validateStart(start, down), { kind: "internal" });
  });

  const creds = { keyKind: "workspace", keyId: "abc123", secret: "", secretStored: true, expiresOn: "2025-06-01", serviceAccount: "atlan_crawler" };

  test("credentials need a Key ID and a secret, unless a secret is already stored", async () => {
    const ask = fakeRust({ keyId: (v) => (!v.trim() ? "Enter the Key ID." : /\s/.test(v.trim()) ? "The Key ID has spaces in it." : null) });
    assert.deepEqual(await validateCredentials(creds, ask, NOW), {});
    assert.ok((await validateCredentials({ ...creds, secretStored: false }, ask, NOW)).secret);
    assert.equal((await validateCredentials({ ...creds, keyId: " " }, ask, NOW)).keyId, "Enter the Key ID.");
    assert.match((await validateCredentials({ ...creds, keyId: "abc 123" }, ask, NOW)).keyId, /spaces/);
  });

  test("the secret is never sent to be checked", async () => {
    const ask = fakeRust();
    await validateCredentials({ ...creds, secret: "s3cr3t-value", secretStored: false }, ask, NOW);
    assert.ok(ask.calls.every(([field, value]) => field !== "secret" && value !== "s3cr3t-value"));
  });

  test("an expiry date in the past is flagged, an empty one is allowed", async () => {
    const base = { keyKind: "member", keyId: "abc", secret: "s", secretStored: false, serviceAccount: "" };
    const ask = fakeRust();
    assert.match((await validateCredentials({ ...base, expiresOn: "2025-03-09" }, ask, NOW)).expiresOn, /passed/);
    assert.deepEqual(await validateCredentials({ ...base, expiresOn: "2025-03-10" }, ask, NOW), {});
    const none = fakeRust();
    assert.deepEqual(await validateCredentials({ ...base, expiresOn: null }, none, NOW), {});
    assert.ok(!none.calls.some(([f]) => f === "expiresOn"));
  });

  test("an expiry date Rust refuses shows Rust's words", async () => {
    const ask = fakeRust({ expiresOn: (v) => (v.startsWith("9999") ? "9999-12-31 is more than five years away." : null) });
    const e = await validateCredentials({ ...creds, expiresOn: "9999-12-31" }, ask, NOW);
    assert.equal(e.expiresOn, "9999-12-31 is more than five years away.");
  });

  test("the username is needed for workspace keys but optional for member keys", async () => {
    const base = { keyId: "abc", secret: "s", secretStored: false, expiresOn: null, serviceAccount: "" };
    assert.ok((await validateCredentials({ ...base, keyKind: "workspace" }, fakeRust(), NOW)).serviceAccount);
    assert.equal((await validateCredentials({ ...base, keyKind: "member" }, fakeRust(), NOW)).serviceAccount, undefined);
  });

  test("problems come in the order of the form", async () => {
    const ask = fakeRust({ keyId: () => "Enter the Key ID." });
    const e = await validateCredentials({ ...creds, keyId: "", secretStored: false, serviceAccount: "" }, ask, NOW);
    assert.deepEqual(Object.keys(e), ["keyId", "secret", "serviceAccount"]);
  });
});

describe("errors from Rust", () => {
  test("a proper error keeps its kind and plain-words message", () => {
    const e = normalizeError({ kind: "invalid_input", field: "link", message: "That link does not lead to your Mode workspace." });
    assert.equal(e.kind, "invalid_input");
    assert.equal(e.message, "That link does not lead to your Mode workspace.");
    assert.equal(e.field, "link");
    assert.equal(e.details, null);
  });

  test("details are kept when Rust sends them", () => {
    assert.equal(normalizeError({ kind: "server", message: "m", details: "GET /api → 500" }).details, "GET /api → 500");
  });

  test("a bare string from Tauri is a failure inside the app, with the original only in details", () => {
    const e = normalizeError("command load_state not found");
    assert.equal(e.kind, "internal");
    assert.ok(CATALOG.errors.some((x) => x.kind === e.kind));
    assert.equal(e.message, errorMessage("internal"));
    assert.doesNotMatch(e.message, /command|not found/);
    assert.equal(e.details, "command load_state not found");
  });

  test("an error without a message reads as its kind usually does", () => {
    const cancelled = CATALOG.errors.find((x) => x.kind === "cancelled");
    assert.equal(normalizeError({ kind: "cancelled" }).message, cancelled.message);
    assert.equal(normalizeError({ kind: "not_a_kind" }).message, errorMessage("internal"));
  });

  test("the field an invalid-input error is about is the one Rust names, never guessed from its words", () => {
    const keys = ["workspace", "serviceAccount", "host"];
    assert.equal(fieldFromError({ kind: "invalid_input", field: "host", message: "x" }, keys), "host");
    assert.equal(fieldFromError({ kind: "invalid_input", field: "serviceAccount", message: "x" }, keys), "serviceAccount");
    assert.equal(fieldFromError({ kind: "invalid_input", field: "keyId", message: "The Key ID is too long." }, keys), null);
    assert.equal(fieldFromError({ kind: "invalid_input", field: "keyId", message: "The Key ID is too long." }, ["keyId"]), "keyId");
    assert.equal(fieldFromError({ kind: "invalid_input", message: "The workspace name has a space in it." }, keys), null);
    assert.equal(fieldFromError({ kind: "store", field: "host", message: "x" }, keys), null);
    assert.equal(fieldFromError(null, keys), null);
  });
});
