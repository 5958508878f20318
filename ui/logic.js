// Pure helpers for the Mode Setup Assistant window: no DOM, no Tauri.
// Every id, title, label, rule and default comes from Rust through catalog.js; this module only
// presents them. Everything here is tested by `node --test ui/tests/`.

import { CATALOG } from "./catalog.js";
import {
  isISODate,
  todayISO,
  addDays,
  daysBetween,
  defaultExpiry,
  daysLeft,
  expiryText,
  reminderSchedule,
  nextReminder,
  normalizeThresholds,
  normalizeSettings,
  toggleThreshold,
  thresholdLabel,
  thresholdsSentence,
  expiryRelative,
  expiryCard,
  formatDate,
  formatDateTime,
} from "./schedule.js";
export { isISODate, todayISO, addDays, daysBetween, defaultExpiry, daysLeft, expiryText, reminderSchedule, nextReminder, normalizeThresholds, normalizeSettings, toggleThreshold, thresholdLabel, thresholdsSentence, expiryRelative, expiryCard, formatDate, formatDateTime } from "./schedule.js";

/** The ids, titles, labels, rules and defaults Rust owns, frozen all the way down. */
export { CATALOG };
deepFreeze(CATALOG);

function deepFreeze(value) {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const byId = (list) => new Map(list.map((entry) => [entry.id, entry]));
const stepById = byId(CATALOG.steps);
const checkById = byId(CATALOG.checks);
const statusById = byId(CATALOG.statuses);
const accessById = byId(CATALOG.access);
const viaById = byId(CATALOG.via);
const kindById = byId(CATALOG.keyKinds);
const errorByKind = new Map(CATALOG.errors.map((e) => [e.kind, e]));

/** The checklist steps' ids, in Rust's order. */
export const STEP_IDS = Object.freeze(CATALOG.steps.map((s) => s.id));
/** The checks' ids, in the order Rust runs them. */
export const CHECK_IDS = Object.freeze(CATALOG.checks.map((c) => c.id));

/** A step's title, or its id when Rust doesn't know it. */
export function stepTitle(id) {
  return stepById.get(id)?.title ?? String(id);
}

/** A step's place in the checklist, counting from 1. */
export function stepNumber(id) {
  return STEP_IDS.indexOf(id) + 1;
}

/** True for steps a Mode admin has to do (or let the app user do, if they are one). */
export function isAdminStep(id) {
  return stepById.get(id)?.needsAdmin === true;
}

/** A check's title, or its id when Rust doesn't know it. */
export function checkTitle(id) {
  return checkById.get(id)?.title ?? String(id);
}

// ---------------------------------------------------------------- checks

/** The page's own states of a row with no result yet. */
const ROW_STATES = Object.freeze({
  idle: { word: "Not run", tone: "pending" },
  pending: { word: "Waiting…", tone: "pending" },
  running: { word: "Checking…", tone: "running" },
});

/**
 * The word (never colour alone) shown next to a check's mark. A warning Mode's answers could
 * not settle (it has `confirm`) reads "Couldn't confirm".
 */
export function resultLabel(result) {
  if (result?.status === "warn" && result.confirm) return { word: CATALOG.couldntConfirm, tone: "warn" };
  return statusLabel(result?.status);
}

/** The verdict of a report: Rust's own, or "not-ready" for a report from before verdicts. */
export function verdictOf(report) {
  if (!report) return null;
  return report.verdict ?? (report.ready ? "ready" : "not-ready");
}

/** The verdict as a title, from the catalog. */
export function verdictTitle(report) {
  const v = verdictOf(report);
  return CATALOG.verdicts.find((x) => x.id === v)?.label ?? "";
}

/** The word (never colour alone) shown next to a check's mark. */
/** Who ran a recorded check: "by the watch", from the catalog. */
export function runByText(by) {
  return CATALOG.runBy.find((x) => x.id === by)?.label ?? "";
}

/** A recorded run's outcome: its verdict's title, or that Mode could not answer to the end. */
export function runOutcome(run) {
  return run.unfinished ? CATALOG.runUnfinished : verdictTitle({ verdict: run.verdict });
}

export function statusLabel(status) {
  const s = statusById.get(status);
  if (s) return { word: s.label, tone: s.id };
  return ROW_STATES[status] ?? ROW_STATES.idle;
}

/** How many checks ended in each status. */
export function countStatuses(checks) {
  const counts = Object.fromEntries(CATALOG.statuses.map((s) => [s.id, 0]));
  for (const c of checks ?? []) if (c && c.status in counts) counts[c.status] += 1;
  return counts;
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** "6 passed, 1 warning, 2 failed" (statuses with zero are left out). */
export function statusSummaryText(checks) {
  const c = countStatuses(checks);
  const parts = [];
  if (c.pass) parts.push(`${c.pass} passed`);
  if (c.warn) parts.push(plural(c.warn, "warning", "warnings"));
  if (c.fail) parts.push(`${c.fail} failed`);
  if (c.skip) parts.push(`${c.skip} skipped`);
  return parts.join(", ");
}

/**
 * The nine result rows to draw: Rust's result where one has arrived, a placeholder otherwise.
 * While running, the first check without a result is "running" and the rest are "pending";
 * when not running, placeholders are "idle". Results with ids outside the known nine are
 * appended so nothing Rust sends is lost.
 */
export function resultRows(results, running = false) {
  const byId = new Map();
  for (const r of results ?? []) if (r && r.id) byId.set(r.id, r);
  let current = running;
  const rows = CHECK_IDS.map((id) => {
    if (byId.has(id)) return byId.get(id);
    const status = current ? "running" : running ? "pending" : "idle";
    current = false;
    return placeholder(id, status);
  });
  for (const [id, r] of byId) if (!CHECK_IDS.includes(id)) rows.push(r);
  return rows;
}

const PLACEHOLDER_SUMMARY = {
  idle: "Not checked yet.",
  pending: "Waiting for its turn…",
  running: "Checking now…",
};

function placeholder(id, status) {
  return {
    id,
    title: checkTitle(id),
    status,
    summary: PLACEHOLDER_SUMMARY[status],
    fix: null,
    link: null,
    details: null,
    placeholder: true,
  };
}

/** "about 12 s left" / "about 2 min left", or "" when the wait is short or unknown. */
export function etaText(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds <= 3) return "";
  if (seconds < 90) return `about ${Math.round(seconds)} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

/** "3 of 9 checked · about 12 s left". */
export function progressText({ done, total, etaSeconds }) {
  const base = total ? `${done} of ${total} checked` : "Starting…";
  const eta = etaText(etaSeconds);
  return eta ? `${base} · ${eta}` : base;
}

/** A level of access in words, with a tone: enough to view, none at all, or not known. */
export function accessLabel(access) {
  const a = accessById.get(access) ?? accessById.get("unknown");
  const tone = a.grantsView ? "pass" : a.id === "none" ? "fail" : "warn";
  return { word: a.label, tone, note: a.note };
}

/** True when the crawler's account can't at least View the connection. */
export function lacksView(access) {
  return accessById.get(access)?.grantsView !== true;
}

/** How the access was given, in plain words. */
export function viaLabel(via) {
  return viaById.get(via)?.label ?? "—";
}

/** Connections lacking View first, otherwise in Rust's order. */
export function sortConnections(connections) {
  return (connections ?? [])
    .map((c, i) => ({ c, i }))
    .sort((a, b) => Number(lacksView(b.c.access)) - Number(lacksView(a.c.access)) || a.i - b.i)
    .map(({ c }) => c);
}

/** "All 5 connections can be viewed" / "2 of 5 connections can't be viewed by the crawler". */
export function connectionSummary(connections) {
  const list = connections ?? [];
  if (list.length === 0) return "No connections were found.";
  const missing = list.filter((c) => lacksView(c.access)).length;
  if (missing === 0) {
    return list.length === 1 ? "The crawler can view the connection." : `The crawler can view all ${list.length} connections.`;
  }
  return `${missing} of ${list.length} ${list.length === 1 ? "connection" : "connections"} can't be viewed by the crawler yet.`;
}

/** "4 connections · 12 collections · 3 personal collections · 210 reports". */
export function countsText(counts) {
  if (!counts) return "";
  const parts = [];
  if (Number.isFinite(counts.connections)) parts.push(plural(counts.connections, "connection", "connections"));
  if (Number.isFinite(counts.collections)) parts.push(plural(counts.collections, "collection", "collections"));
  if (Number.isFinite(counts.personal_collections)) {
    parts.push(plural(counts.personal_collections, "personal collection", "personal collections"));
  }
  if (Number.isFinite(counts.reports)) parts.push(plural(counts.reports, "report", "reports"));
  if (Number.isFinite(counts.queries)) parts.push(plural(counts.queries, "query", "queries"));
  if (Number.isFinite(counts.charts)) parts.push(plural(counts.charts, "chart", "charts"));
  return parts.join(" · ");
}

// ---------------------------------------------------------------- keys

/** A kind of key in words; kinds Rust doesn't name read as unknown. */
export function keyKindLabel(kind) {
  return (kindById.get(kind) ?? kindById.get("unknown")).label;
}

/** True when the chosen key kind, or the last report, says this is a retired personal token. */
export function usesPersonalToken(chosenKind, report) {
  return chosenKind === "personal" || report?.key?.kind === "personal";
}

// ---------------------------------------------------------------- steps

/** The saved tick for one step, or a not-done default. */
export function stepState(profile, stepId) {
  const s = profile?.steps?.[stepId];
  return s && s.done ? { done: true, at: s.at ?? null, by: s.by ?? "hand" } : { done: false, at: null, by: null };
}

/** True when the person using the app said they aren't (or aren't sure they are) a Mode admin. */
export function needsAdmin(profile) {
  return !!profile && profile.isAdmin !== true;
}

/** The first step not ticked yet, or the check step when all are done. */
export function firstOpenStep(profile) {
  return STEP_IDS.find((id) => !stepState(profile, id).done) ?? "check";
}

/** How many of the steps are ticked. */
export function doneCount(profile) {
  return STEP_IDS.filter((id) => stepState(profile, id).done).length;
}

/** The short line under a step's name in the list on the left. */
export function stepSubLabel(profile, stepId, { running = null, now = new Date() } = {}) {
  const st = stepState(profile, stepId);
  if (stepId === "check" && running) return `Checking… ${running.done} of ${running.total || CHECK_IDS.length}`;
  if (st.done) return st.by === "check" ? "Done · confirmed by the checks" : "Done";
  if (isAdminStep(stepId) && needsAdmin(profile)) return "Waiting for your admin";
  if (stepId === "check") {
    const r = profile?.lastReport;
    if (!r) return "Not run yet";
    return verdictTitle(r);
  }
  if (stepId === "reminders") {
    const left = daysLeft(profile?.expiresOn, now);
    return left === null ? "No expiry date yet" : expiryText(left).text;
  }
  if (stepId === "report") return profile?.lastReport ? "Ready to export" : "Run the checks first";
  if (stepId === "atlan") return profile?.keyId ? "Copy the key into Atlan" : "Save a key first";
  return "To do";
}

/** Plain words for who ticked a step and when. */
export function doneByText(state, locale) {
  if (!state.done) return "";
  const when = state.at ? ` on ${formatDate(state.at, locale)}` : "";
  return state.by === "check" ? `Confirmed by the checks${when}.` : `Marked as done by you${when}.`;
}

// ---------------------------------------------------------------- forms

/**
 * Asks Rust about each `[field, value]` (through `checkField`, the `check_field` command) and
 * collects what it refuses, by field. Only invalid input is a field's problem: any other failure
 * is thrown for the form to show.
 */
async function askRust(pairs, checkField) {
  const problems = {};
  await Promise.all(
    pairs.map(async ([field, value]) => {
      try {
        await checkField(field, value ?? "");
      } catch (err) {
        if (err?.kind !== "invalid_input") throw err;
        problems[field] = err.message;
      }
    }),
  );
  return problems;
}

/** The problems in the order of the form's fields, so the first one gets the focus. */
function inOrder(problems, fields) {
  return Object.fromEntries(fields.filter((f) => f in problems).map((f) => [f, problems[f]]));
}

/**
 * Hints for the Start form; an empty object when it can be sent to Rust. The workspace, the
 * host and the username are checked by Rust, the same way saving checks them.
 */
export async function validateStart({ workspace, serviceAccount, host }, checkField) {
  const own = {};
  const ask = [
    ["workspace", workspace],
    ["host", host],
  ];
  if (serviceAccount && serviceAccount.trim()) ask.push(["serviceAccount", serviceAccount]);
  else own.serviceAccount = "Enter the username the crawler's Mode account has (or will have).";
  const rust = await askRust(ask, checkField);
  return inOrder({ ...rust, ...own }, ["workspace", "serviceAccount", "host"]);
}

/**
 * Hints for the Credentials form; an empty object when it can be saved and checked. The Key ID,
 * the expiry date and the username are checked by Rust; the secret never leaves this form here.
 */
export async function validateCredentials(
  { keyKind, keyId, secret, secretStored, expiresOn, serviceAccount },
  checkField,
  now = new Date(),
) {
  const own = {};
  const ask = [["keyId", keyId]];
  if ((!secret || !secret.trim()) && !secretStored) {
    own.secret = "Paste the secret that Mode showed when you created the key.";
  }
  if (expiresOn) ask.push(["expiresOn", expiresOn]);
  if (serviceAccount && serviceAccount.trim()) ask.push(["serviceAccount", serviceAccount]);
  else if (keyKind === "workspace") {
    own.serviceAccount = "With a workspace key, enter the crawler's username so the checks can look at its access.";
  }
  const rust = await askRust(ask, checkField);
  if (expiresOn && !rust.expiresOn && daysLeft(expiresOn, now) < 0) {
    own.expiresOn = "This date has passed, so the key has expired. Create a new key in Mode.";
  }
  return inOrder({ ...rust, ...own }, ["keyId", "secret", "expiresOn", "serviceAccount"]);
}

// ---------------------------------------------------------------- exports

export const EXPORT_FORMATS = Object.freeze(["html", "markdown", "json"]);

const FORMAT_NAMES = Object.freeze({ html: "HTML", markdown: "Markdown", json: "JSON" });

export function formatName(format) {
  return FORMAT_NAMES[format] ?? String(format ?? "").toUpperCase();
}

/** "Saved to /home/me/report.html", or "" when nothing was saved (the save dialog was cancelled). */
export function savedText(result) {
  const path = result && typeof result.path === "string" ? result.path.trim() : "";
  return path ? `Saved to ${path}` : "";
}

// ---------------------------------------------------------------- errors

/**
 * Turns whatever a rejected command gave us into `{kind, message, details}`.
 * Rust sends `{kind, message}` already in plain words; anything else (a bare string from Tauri itself)
 * is a failure inside the app, with the original kept as details.
 */
export function normalizeError(err) {
  if (err && typeof err === "object" && typeof err.kind === "string") {
    return {
      ...err,
      kind: err.kind,
      message: typeof err.message === "string" && err.message ? err.message : errorMessage(err.kind),
      details: typeof err.details === "string" && err.details ? err.details : null,
    };
  }
  const raw = typeof err === "string" ? err : err instanceof Error ? err.message : err == null ? "" : safeString(err);
  return { kind: "internal", message: errorMessage("internal"), details: raw || null };
}

function safeString(v) {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/** The message an error kind usually has, from the catalog; a failure inside the app otherwise. */
export function errorMessage(kind) {
  return (errorByKind.get(kind) ?? errorByKind.get("internal")).message;
}

/** Which of the form's `keys` an `invalid_input` error is about (Rust names it in `field`), or null. */
export function fieldFromError(err, keys) {
  if (err?.kind !== "invalid_input") return null;
  return typeof err.field === "string" && keys.includes(err.field) ? err.field : null;
}
