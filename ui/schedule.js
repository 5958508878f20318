// Dates on the local calendar, days left, and the reminder schedule, in the catalog's words.
// No DOM, no Tauri; tested through logic.js by `node --test ui/tests/`.

import { CATALOG } from "./catalog.js";

export const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A wording template from the catalog with the number of days put in. */
export function fill(template, n) {
  return template.replace("{n}", String(n));
}

// ---------------------------------------------------------------- dates

/** Parses "YYYY-MM-DD" into a UTC day number, or null when it isn't a real date. */
export function dayNumber(iso) {
  if (typeof iso !== "string") return null;
  const m = ISO_DATE.exec(iso.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return Math.round(t / DAY_MS);
}

export function fromDayNumber(n) {
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

/** The expiry date a fresh Mode key gets: Mode's key lifetime from today. */
export function defaultExpiry(now = new Date()) {
  return addDays(todayISO(now), CATALOG.keyLifetimeDays);
}

/** Days until the key expires (0 = expires today, negative = already expired), or null. */
export function daysLeft(expiresOn, now = new Date()) {
  if (!expiresOn) return null;
  return daysBetween(todayISO(now), expiresOn);
}

/** One of the catalog's wordings for `days` from the expiry date (negative: after it). */
export function whenText(words, days) {
  if (days > 1) return fill(words.inDays, days);
  if (days === 1) return words.tomorrow;
  if (days === 0) return words.today;
  if (days === -1) return words.yesterday;
  return fill(words.daysAgo, -days);
}

/** Plain words for how long a key has left, plus a tone for styling. */
export function expiryText(days) {
  if (days === null || days === undefined || Number.isNaN(days)) {
    return { tone: "unknown", text: CATALOG.daysLeft.unknown };
  }
  const text = whenText(CATALOG.daysLeft.expires, days);
  if (days < 0) return { tone: "expired", text };
  if (days <= CATALOG.expiryUrgentDays) return { tone: "urgent", text };
  if (days <= CATALOG.expiryWarnDays) return { tone: "soon", text };
  return { tone: "ok", text };
}

/** Each warning the app will give before `expiresOn`, with its date and whether it has passed. */
export function reminderSchedule(expiresOn, now = new Date(), thresholds = CATALOG.reminders.defaults) {
  if (!isISODate(expiresOn)) return [];
  const today = todayISO(now);
  return normalizeThresholds(thresholds, []).map((days) => {
    const date = addDays(expiresOn, -days);
    return { days, date, past: daysBetween(today, date) < 0 };
  });
}

/** The next warning still to come (in days before expiry), or null when none is left. */
export function nextReminder(left, thresholds = CATALOG.reminders.defaults) {
  if (left === null || left === undefined || !Number.isFinite(left)) return null;
  for (const d of normalizeThresholds(thresholds, [])) if (left >= d) return d;
  return null;
}

// ---------------------------------------------------------------- reminders

/**
 * The chosen reminder days, cleaned up: whole numbers from the catalog's choices, no repeats,
 * largest first. `fallback` is used when nothing usable is left.
 */
export function normalizeThresholds(list, fallback = CATALOG.reminders.defaults) {
  const { choices } = CATALOG.reminders;
  const picked = new Set();
  for (const v of Array.isArray(list) ? list : []) {
    const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
    if (Number.isInteger(n) && choices.includes(n)) picked.add(n);
  }
  const out = choices.filter((d) => picked.has(d));
  return out.length ? out : [...fallback];
}

/** Settings from Rust in a shape the window can rely on. */
export function normalizeSettings(s) {
  return {
    thresholds: normalizeThresholds(s?.thresholds),
    startAtLogin: s?.startAtLogin === true,
    watchEvery: CATALOG.watchEvery.some((w) => w.id === s?.watchEvery) ? s.watchEvery : CATALOG.watchEveryDefault,
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
  const labels = CATALOG.reminders.labels;
  if (days === 0) return labels.onTheDay;
  return days === 1 ? labels.oneDay : fill(labels.days, days);
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
  return whenText(CATALOG.daysLeft.relative, days);
}

/**
 * What the expiry card on the Reminders step says.
 * `{tone, state: "none"|"future"|"today"|"expired", date, relative, next: {days, date}|null}`.
 */
export function expiryCard(expiresOn, thresholds = CATALOG.reminders.defaults, now = new Date()) {
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
