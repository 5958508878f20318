import { test, describe } from "node:test";
import assert from "node:assert/strict";
import {
  STEP_IDS,
  CHECK_IDS,
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

describe("dates", () => {
  test("today is written as YYYY-MM-DD on the local calendar", () => {
    assert.equal(todayISO(NOW), "2025-03-10");
    assert.equal(todayISO(new Date(2025, 0, 5, 23, 59)), "2025-01-05");
  });

  test("a new key's default expiry is 90 days from today", () => {
    assert.equal(defaultExpiry(NOW), "2025-06-08");
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
    assert.deepEqual(expiryText(45), { tone: "ok", text: "Expires in 45 days" });
    assert.deepEqual(expiryText(30), { tone: "soon", text: "Expires in 30 days" });
    assert.deepEqual(expiryText(7), { tone: "urgent", text: "Expires in 7 days" });
    assert.deepEqual(expiryText(1), { tone: "urgent", text: "Expires tomorrow" });
    assert.deepEqual(expiryText(0), { tone: "urgent", text: "Expires today" });
    assert.deepEqual(expiryText(-1), { tone: "expired", text: "Expired yesterday" });
    assert.deepEqual(expiryText(-5), { tone: "expired", text: "Expired 5 days ago" });
    assert.equal(expiryText(null).tone, "unknown");
  });

  test("the warning schedule lists 30, 14, 7, 3 and 1 days before expiry and marks passed ones", () => {
    const s = reminderSchedule("2025-03-20", NOW);
    assert.deepEqual(
      s.map((x) => [x.days, x.date, x.past]),
      [
        [30, "2025-02-18", true],
        [14, "2025-03-06", true],
        [7, "2025-03-13", false],
        [3, "2025-03-17", false],
        [1, "2025-03-19", false],
      ],
    );
    assert.deepEqual(reminderSchedule(null, NOW), []);
  });

  test("the next warning is the largest threshold not yet passed", () => {
    assert.equal(nextReminder(40), 30);
    assert.equal(nextReminder(20), 14);
    assert.equal(nextReminder(3), 3);
    assert.equal(nextReminder(0), null);
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
    assert.equal(statusLabel("pass").word, "Passed");
    assert.equal(statusLabel("warn").word, "Warning");
    assert.equal(statusLabel("fail").word, "Failed");
    assert.equal(statusLabel("skip").word, "Skipped");
    assert.equal(statusLabel("pending").word, "Waiting…");
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

describe("connections", () => {
  test("View, Query and Manage are enough; anything else lacks View", () => {
    assert.equal(lacksView("view"), false);
    assert.equal(lacksView("query"), false);
    assert.equal(lacksView("manage"), false);
    assert.equal(lacksView("none"), true);
    assert.equal(lacksView("unknown"), true);
    assert.equal(lacksView(undefined), true);
  });

  test("access and how it was given are in plain words", () => {
    assert.equal(accessLabel("none").word, "No access");
    assert.equal(accessLabel("manage").word, "Manage");
    assert.equal(accessLabel("weird").word, "Unknown");
    assert.equal(viaLabel("default"), "Connection's default access");
    assert.equal(viaLabel("group"), "Through a group");
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
      countsText({ connections: 1, collections: 14, personalCollections: 3, reports: 1, queries: 2, charts: 0 }),
      "1 connection · 14 collections · 3 personal collections · 1 report · 2 queries · 0 charts",
    );
    assert.equal(countsText({ connections: 2 }), "2 connections");
    assert.equal(countsText(null), "");
  });
});

describe("keys", () => {
  test("key kinds have plain names, and personal tokens are marked retired", () => {
    assert.equal(keyKindLabel("workspace"), "Workspace key");
    assert.equal(keyKindLabel("member"), "Member key");
    assert.match(keyKindLabel("personal"), /retired/);
    assert.equal(keyKindLabel("other"), "Unknown");
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
    assert.equal(stepSubLabel({ ...profile, lastReport: { ready: false } }, "check"), "Needs attention");
    assert.equal(stepSubLabel(profile, "check", { running: { done: 4, total: 9 } }), "Checking… 4 of 9");
    assert.equal(stepSubLabel(profile, "reminders", { now: NOW }), "Expires in 22 days");
    assert.equal(stepSubLabel({ ...profile, expiresOn: null }, "reminders", { now: NOW }), "No expiry date yet");
  });

  test("who ticked a step, and when, is said in words", () => {
    assert.equal(doneByText({ done: true, at: "2025-03-01", by: "hand" }, "en-GB"), "Marked as done by you on 1 March 2025.");
    assert.equal(doneByText({ done: true, at: "2025-03-05", by: "check" }, "en-GB"), "Confirmed by the checks on 5 March 2025.");
    assert.equal(doneByText({ done: false }, "en-GB"), "");
  });
});

describe("form hints", () => {
  test("the start form needs a workspace and a username without spaces", () => {
    assert.deepEqual(validateStart({ workspace: "acme", serviceAccount: "atlan_crawler", host: "https://app.mode.com" }), {});
    const e = validateStart({ workspace: "  ", serviceAccount: "atlan crawler", host: "" });
    assert.ok(e.workspace);
    assert.match(e.serviceAccount, /no spaces/);
    assert.equal(e.host, undefined);
  });

  test("the Mode address must start with https://", () => {
    assert.ok(validateStart({ workspace: "a", serviceAccount: "b", host: "http://mode.example" }).host);
    assert.ok(validateStart({ workspace: "a", serviceAccount: "b", host: "app.mode.com" }).host);
  });

  test("plain http:// is accepted only for this computer (a local test server)", () => {
    for (const host of ["http://127.0.0.1:8080", "http://localhost:9", "http://[::1]:3000/"]) {
      assert.equal(validateStart({ workspace: "a", serviceAccount: "b", host }).host, undefined, host);
    }
    assert.ok(validateStart({ workspace: "a", serviceAccount: "b", host: "http://127.0.0.1.evil.example" }).host);
  });

  test("credentials need a Key ID and a secret, unless a secret is already stored", () => {
    const base = { keyKind: "workspace", keyId: "abc123", secret: "", secretStored: true, expiresOn: "2025-06-01", serviceAccount: "atlan_crawler" };
    assert.deepEqual(validateCredentials(base, NOW), {});
    assert.ok(validateCredentials({ ...base, secretStored: false }, NOW).secret);
    assert.ok(validateCredentials({ ...base, keyId: " " }, NOW).keyId);
    assert.match(validateCredentials({ ...base, keyId: "abc 123" }, NOW).keyId, /no spaces/);
  });

  test("an expiry date in the past is flagged, an empty one is allowed", () => {
    const base = { keyKind: "member", keyId: "abc", secret: "s", secretStored: false, serviceAccount: "" };
    assert.match(validateCredentials({ ...base, expiresOn: "2025-03-09" }, NOW).expiresOn, /passed/);
    assert.deepEqual(validateCredentials({ ...base, expiresOn: "2025-03-10" }, NOW), {});
    assert.deepEqual(validateCredentials({ ...base, expiresOn: null }, NOW), {});
  });

  test("the username is needed for workspace keys but optional for member keys", () => {
    const base = { keyId: "abc", secret: "s", secretStored: false, expiresOn: null, serviceAccount: "" };
    assert.ok(validateCredentials({ ...base, keyKind: "workspace" }, NOW).serviceAccount);
    assert.equal(validateCredentials({ ...base, keyKind: "member" }, NOW).serviceAccount, undefined);
  });
});

describe("errors from Rust", () => {
  test("a proper error keeps its kind and plain-words message", () => {
    const e = normalizeError({ kind: "refused_link", message: "The app only opens Mode pages." });
    assert.equal(e.kind, "refused_link");
    assert.equal(e.message, "The app only opens Mode pages.");
    assert.equal(e.details, null);
  });

  test("details are kept when Rust sends them", () => {
    assert.equal(normalizeError({ kind: "x", message: "m", details: "GET /api → 500" }).details, "GET /api → 500");
  });

  test("a bare string from Tauri becomes a general message, with the original only in details", () => {
    const e = normalizeError("command load_state not found");
    assert.equal(e.kind, "unexpected");
    assert.doesNotMatch(e.message, /command|not found/);
    assert.equal(e.details, "command load_state not found");
  });

  test("a cancelled run without a message still reads well", () => {
    assert.equal(normalizeError({ kind: "cancelled" }).message, "The checks were stopped.");
  });

  test("the field an invalid-input error is about is found from its name or its message", () => {
    const keys = ["workspace", "serviceAccount", "host"];
    assert.equal(fieldFromError({ kind: "invalid_input", field: "host", message: "x" }, keys), "host");
    assert.equal(fieldFromError({ kind: "invalid_input", message: "The workspace name has a space in it." }, keys), "workspace");
    assert.equal(fieldFromError({ kind: "invalid_input", message: "The username can't be empty." }, keys), "serviceAccount");
    assert.equal(fieldFromError({ kind: "invalid_input", message: "The Key ID is too long." }, keys), null);
    assert.equal(fieldFromError({ kind: "invalid_input", message: "The Key ID is too long." }, ["keyId"]), "keyId");
    assert.equal(fieldFromError(null, keys), null);
  });
});
