// Pure helpers for the Mode Setup Assistant window: no DOM, no Tauri.
// Everything here is tested by `node --test ui/tests/`.

/** The six checklist steps, in order. */
export const STEP_IDS = Object.freeze(["invite", "permissions", "api-key", "check", "reminders", "report"]);

export const STEP_TITLES = Object.freeze({
  invite: "Invite a user",
  permissions: "Set permissions",
  "api-key": "Generate an API key",
  check: "Check the credentials",
  reminders: "Reminders",
  report: "Report",
});

/** Steps that a Mode admin has to do (or let the app user do, if they are one). */
export const ADMIN_STEPS = Object.freeze(["invite", "permissions", "api-key"]);

/** The nine checks Rust runs, in the order it reports them. */
export const CHECK_IDS = Object.freeze([
  "host",
  "credentials",
  "workspace",
  "key-type",
  "key-expiry",
  "service-account",
  "connection-access",
  "collections",
  "reports",
]);

/** Titles shown on placeholder rows before Rust has sent its own. */
export const CHECK_TITLES = Object.freeze({
  host: "Mode can be reached",
  credentials: "Key ID and secret work",
  workspace: "Workspace is found",
  "key-type": "Type of key",
  "key-expiry": "Key expiry date",
  "service-account": "Crawler's Mode account",
  "connection-access": "Access to connections",
  collections: "Collections can be listed",
  reports: "Reports can be read",
});

/** Days ahead of expiry that the schedule helpers use when no other list is given. */
export const REMINDER_DAYS = Object.freeze([30, 14, 7, 3, 1]);
/** The reminder days a person can choose from, in order (0 = on the expiry day). */
export const THRESHOLD_CHOICES = Object.freeze([30, 14, 7, 3, 1, 0]);
/** What Rust uses until the person changes it. */
export const DEFAULT_THRESHOLDS = Object.freeze([30, 14, 7, 3, 1, 0]);
export const KEY_LIFETIME_DAYS = 90;
export const DEFAULT_HOST = "https://app.mode.com";
export const DEFAULT_SERVICE_ACCOUNT = "atlan_crawler";

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// ---------------------------------------------------------------- dates

/** Parses "YYYY-MM-DD" into a UTC day number, or null when it isn't a real date. */
function dayNumber(iso) {
  if (typeof iso !== "string") return null;
  const m = ISO_DATE.exec(iso.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return Math.round(t / DAY_MS);
}

function fromDayNumber(n) {
  const dt = new Date(n * DAY_MS);
  const y = String(dt.getUTCFullYear()).padStart(4, "0");
  const m = String(dt.getUTCMonth() + 1).padStart(2, "0");
  const d = String(dt.getUTCDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

/** True when `iso` is a real calendar date written as YYYY-MM-DD. */
export function isISODate(iso) {
  return dayNumber(iso) !== null;
}

/** Today's date on this computer's calendar, as YYYY-MM-DD. */
export function todayISO(now = new Date()) {
  const y = String(now.getFullYear()).padStart(4, "0");
  const m = String(now.getMonth() + 1).padStart(2, "0");
  const d = String(now.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

/** `iso` moved by `days` calendar days (negative goes back). */
export function addDays(iso, days) {
  const n = dayNumber(iso);
  if (n === null) throw new RangeError(`not a date: ${iso}`);
  return fromDayNumber(n + days);
}

/** Whole calendar days from `fromIso` to `toIso` (negative when `toIso` is earlier). */
export function daysBetween(fromIso, toIso) {
  const a = dayNumber(fromIso);
  const b = dayNumber(toIso);
  if (a === null || b === null) return null;
  return b - a;
}

/** The expiry date a fresh Mode key gets: 90 days from today. */
export function defaultExpiry(now = new Date()) {
  return addDays(todayISO(now), KEY_LIFETIME_DAYS);
}

/** Days until the key expires (0 = expires today, negative = already expired), or null. */
export function daysLeft(expiresOn, now = new Date()) {
  if (!expiresOn) return null;
  return daysBetween(todayISO(now), expiresOn);
}

/** Plain words for how long a key has left, plus a tone for styling. */
export function expiryText(days) {
  if (days === null || days === undefined || Number.isNaN(days)) {
    return { tone: "unknown", text: "No expiry date saved" };
  }
  if (days < -1) return { tone: "expired", text: `Expired ${-days} days ago` };
  if (days === -1) return { tone: "expired", text: "Expired yesterday" };
  if (days === 0) return { tone: "urgent", text: "Expires today" };
  if (days === 1) return { tone: "urgent", text: "Expires tomorrow" };
  const text = `Expires in ${days} days`;
  if (days <= 7) return { tone: "urgent", text };
  if (days <= 30) return { tone: "soon", text };
  return { tone: "ok", text };
}

/** Each warning the app will give before `expiresOn`, with its date and whether it has passed. */
export function reminderSchedule(expiresOn, now = new Date(), thresholds = REMINDER_DAYS) {
  if (!isISODate(expiresOn)) return [];
  const today = todayISO(now);
  return normalizeThresholds(thresholds, []).map((days) => {
    const date = addDays(expiresOn, -days);
    return { days, date, past: daysBetween(today, date) < 0 };
  });
}

/** The next warning still to come (in days before expiry), or null when none is left. */
export function nextReminder(left, thresholds = REMINDER_DAYS) {
  if (left === null || left === undefined || !Number.isFinite(left)) return null;
  for (const d of normalizeThresholds(thresholds, [])) if (left >= d) return d;
  return null;
}

// ---------------------------------------------------------------- reminders

/**
 * The chosen reminder days, cleaned up: whole numbers from THRESHOLD_CHOICES, no repeats,
 * largest first. `fallback` is used when nothing usable is left.
 */
export function normalizeThresholds(list, fallback = DEFAULT_THRESHOLDS) {
  const picked = new Set();
  for (const v of Array.isArray(list) ? list : []) {
    const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
    if (Number.isInteger(n) && THRESHOLD_CHOICES.includes(n)) picked.add(n);
  }
  const out = THRESHOLD_CHOICES.filter((d) => picked.has(d));
  return out.length ? out : [...fallback];
}

/** Settings from Rust in a shape the window can rely on. */
export function normalizeSettings(s) {
  return {
    thresholds: normalizeThresholds(s?.thresholds),
    startAtLogin: s?.startAtLogin === true,
  };
}

/**
 * Turns one reminder day on or off. Turning off the last one is refused:
 * `{thresholds, refused: true}` with the list unchanged.
 */
export function toggleThreshold(list, day, on) {
  const current = normalizeThresholds(list, []);
  const next = on ? normalizeThresholds([...current, day], []) : current.filter((d) => d !== day);
  if (next.length === 0) return { thresholds: current, refused: true };
  return { thresholds: next, refused: false };
}

/** "30 days before", "1 day before", "On the day". */
export function thresholdLabel(days) {
  if (days === 0) return "On the day";
  return days === 1 ? "1 day before" : `${days} days before`;
}

/** "30, 14 and 7 days before, and on the day" for the chosen reminder days. */
export function thresholdsSentence(list) {
  const days = normalizeThresholds(list, []);
  const before = days.filter((d) => d > 0);
  const onDay = days.includes(0);
  let text = "";
  if (before.length) {
    const nums = before.length === 1 ? String(before[0]) : `${before.slice(0, -1).join(", ")} and ${before.at(-1)}`;
    text = `${nums} ${before.length === 1 && before[0] === 1 ? "day" : "days"} before the key expires`;
  }
  if (onDay) text = text ? `${text}, and on the day it expires` : "on the day the key expires";
  return text;
}

/** "in 60 days" / "tomorrow" / "today" / "yesterday" / "5 days ago", or "" when unknown. */
export function expiryRelative(days) {
  if (days === null || days === undefined || !Number.isFinite(days)) return "";
  if (days > 1) return `in ${days} days`;
  if (days === 1) return "tomorrow";
  if (days === 0) return "today";
  if (days === -1) return "yesterday";
  return `${-days} days ago`;
}

/**
 * What the expiry card on the Reminders step says.
 * `{tone, state: "none"|"future"|"today"|"expired", date, relative, next: {days, date}|null}`.
 */
export function expiryCard(expiresOn, thresholds = DEFAULT_THRESHOLDS, now = new Date()) {
  const left = isISODate(expiresOn) ? daysLeft(expiresOn, now) : null;
  if (left === null) return { tone: "unknown", state: "none", date: null, relative: "", next: null };
  const tone = expiryText(left).tone;
  const state = left < 0 ? "expired" : left === 0 ? "today" : "future";
  const nd = nextReminder(left, thresholds);
  const next = nd === null ? null : { days: nd, date: addDays(expiresOn, -nd) };
  return { tone, state, date: expiresOn, relative: expiryRelative(left), next };
}

/** "12 March 2025" in the reader's language. */
export function formatDate(iso, locale) {
  const n = dayNumber(iso);
  if (n === null) return "";
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(n * DAY_MS));
}

/** "12 March 2025 at 14:05" (local time) for a timestamp Rust wrote, or "" when it can't be read. */
export function formatDateTime(timestamp, locale, timeZone) {
  if (!timestamp) return "";
  const dt = new Date(timestamp);
  if (Number.isNaN(dt.getTime())) return "";
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone }).format(dt);
}

// ---------------------------------------------------------------- checks

const STATUS = Object.freeze({
  pass: { word: "Passed", tone: "pass" },
  warn: { word: "Warning", tone: "warn" },
  fail: { word: "Failed", tone: "fail" },
  skip: { word: "Skipped", tone: "skip" },
  idle: { word: "Not run", tone: "pending" },
  pending: { word: "Waiting…", tone: "pending" },
  running: { word: "Checking…", tone: "running" },
});

/** The word (never colour alone) shown next to a check's mark. */
export function statusLabel(status) {
  return STATUS[status] ?? STATUS.idle;
}

/** How many checks ended in each status. */
export function countStatuses(checks) {
  const counts = { pass: 0, warn: 0, fail: 0, skip: 0 };
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
    title: CHECK_TITLES[id] ?? id,
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

const ACCESS = Object.freeze({
  manage: { word: "Manage", tone: "pass", note: "Can view and change the connection" },
  query: { word: "Query", tone: "pass", note: "Can view and run queries" },
  view: { word: "View", tone: "pass", note: "Can view" },
  none: { word: "No access", tone: "fail", note: "The crawler can't see this connection" },
  unknown: { word: "Unknown", tone: "warn", note: "The app couldn't tell" },
});

export function accessLabel(access) {
  return ACCESS[access] ?? ACCESS.unknown;
}

/** True when the crawler's account can't at least View the connection. */
export function lacksView(access) {
  return !(access === "manage" || access === "query" || access === "view");
}

const VIA = Object.freeze({
  admin: "Workspace admin",
  default: "Connection's default access",
  direct: "Given to the account directly",
  group: "Through a group",
});

/** How the access was given, in plain words. */
export function viaLabel(via) {
  return VIA[via] ?? "—";
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
  if (Number.isFinite(counts.personalCollections)) {
    parts.push(plural(counts.personalCollections, "personal collection", "personal collections"));
  }
  if (Number.isFinite(counts.reports)) parts.push(plural(counts.reports, "report", "reports"));
  if (Number.isFinite(counts.queries)) parts.push(plural(counts.queries, "query", "queries"));
  if (Number.isFinite(counts.charts)) parts.push(plural(counts.charts, "chart", "charts"));
  return parts.join(" · ");
}

// ---------------------------------------------------------------- keys

const KEY_KINDS = Object.freeze({
  workspace: "Workspace key",
  member: "Member key",
  personal: "Personal token (retired)",
  unknown: "Unknown",
});

export function keyKindLabel(kind) {
  return KEY_KINDS[kind] ?? KEY_KINDS.unknown;
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

/** How many of the six steps are ticked. */
export function doneCount(profile) {
  return STEP_IDS.filter((id) => stepState(profile, id).done).length;
}

/** The short line under a step's name in the list on the left. */
export function stepSubLabel(profile, stepId, { running = null, now = new Date() } = {}) {
  const st = stepState(profile, stepId);
  if (stepId === "check" && running) return `Checking… ${running.done} of ${running.total || CHECK_IDS.length}`;
  if (st.done) return st.by === "check" ? "Done · confirmed by the checks" : "Done";
  if (ADMIN_STEPS.includes(stepId) && needsAdmin(profile)) return "Waiting for your admin";
  if (stepId === "check") {
    const r = profile?.lastReport;
    if (!r) return "Not run yet";
    return r.ready ? "Ready for Atlan" : "Needs attention";
  }
  if (stepId === "reminders") {
    const left = daysLeft(profile?.expiresOn, now);
    return left === null ? "No expiry date yet" : expiryText(left).text;
  }
  if (stepId === "report") return profile?.lastReport ? "Ready to export" : "Run the checks first";
  return "To do";
}

/** Plain words for who ticked a step and when. */
export function doneByText(state, locale) {
  if (!state.done) return "";
  const when = state.at ? ` on ${formatDate(state.at, locale)}` : "";
  return state.by === "check" ? `Confirmed by the checks${when}.` : `Marked as done by you${when}.`;
}

// ---------------------------------------------------------------- forms

/** Hints for the Start form; an empty object when it can be sent to Rust. */
export function validateStart({ workspace, serviceAccount, host }) {
  const errors = {};
  if (!workspace || !workspace.trim()) {
    errors.workspace = "Enter your workspace name, or paste any link from your Mode workspace.";
  }
  if (!serviceAccount || !serviceAccount.trim()) {
    errors.serviceAccount = "Enter the username the crawler's Mode account has (or will have).";
  } else if (/\s/.test(serviceAccount.trim())) {
    errors.serviceAccount = "A Mode username has no spaces.";
  }
  const h = (host ?? "").trim();
  const loopback = /^http:\/\/(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?(\/|$)/i.test(h);
  if (h && !loopback && !/^https:\/\/[^\s/]+/i.test(h)) {
    errors.host = "The address should start with https://, for example https://app.mode.com.";
  }
  return errors;
}

/** Hints for the Credentials form; an empty object when it can be saved and checked. */
export function validateCredentials({ keyKind, keyId, secret, secretStored, expiresOn, serviceAccount }, now = new Date()) {
  const errors = {};
  if (!keyId || !keyId.trim()) {
    errors.keyId = "Paste the Key ID that Mode showed when you created the key.";
  } else if (/\s/.test(keyId.trim())) {
    errors.keyId = "A Key ID has no spaces. Check that you copied only the Key ID.";
  }
  if ((!secret || !secret.trim()) && !secretStored) {
    errors.secret = "Paste the secret that Mode showed when you created the key.";
  }
  if (expiresOn) {
    if (!isISODate(expiresOn)) {
      errors.expiresOn = "Enter the date the key expires.";
    } else if (daysLeft(expiresOn, now) < 0) {
      errors.expiresOn = "This date has passed, so the key has expired. Create a new key in Mode.";
    }
  }
  if (keyKind === "workspace" && (!serviceAccount || !serviceAccount.trim())) {
    errors.serviceAccount = "With a workspace key, enter the crawler's username so the checks can look at its access.";
  }
  return errors;
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
 * becomes a general message, with the original kept as details.
 */
export function normalizeError(err) {
  if (err && typeof err === "object" && typeof err.kind === "string") {
    return {
      ...err,
      kind: err.kind,
      message: typeof err.message === "string" && err.message ? err.message : defaultMessage(err.kind),
      details: typeof err.details === "string" && err.details ? err.details : null,
    };
  }
  const raw = typeof err === "string" ? err : err instanceof Error ? err.message : err == null ? "" : safeString(err);
  return { kind: "unexpected", message: defaultMessage("unexpected"), details: raw || null };
}

function safeString(v) {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

function defaultMessage(kind) {
  if (kind === "cancelled") return "The checks were stopped.";
  return "Something went wrong inside the app. Try again; if it keeps happening, the details below help whoever supports this app.";
}

/**
 * Which form field an `invalid_input` error is about: Rust's `field` when it sends one,
 * otherwise read from the plain-words message. Returns one of `keys`, or null.
 */
export function fieldFromError(err, keys) {
  if (!err) return null;
  if (typeof err.field === "string" && keys.includes(err.field)) return err.field;
  const msg = String(err.message ?? "").toLowerCase();
  const patterns = [
    ["keyId", /key id/],
    ["secret", /secret/],
    ["expiresOn", /expir/],
    ["serviceAccount", /user ?name|service account|crawler's account/],
    ["host", /address|host/],
    ["workspace", /workspace/],
  ];
  for (const [key, re] of patterns) if (keys.includes(key) && re.test(msg)) return key;
  return null;
}
