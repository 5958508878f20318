import { test, describe } from "node:test";
import assert from "node:assert/strict";
import {
  CATALOG,
  normalizeThresholds,
  normalizeSettings,
  toggleThreshold,
  thresholdLabel,
  thresholdsSentence,
  expiryRelative,
  expiryCard,
  reminderSchedule,
  nextReminder,
  stepSubLabel,
  savedText,
  formatName,
  EXPORT_FORMATS,
} from "../logic.js";

// A fixed "now": 10 March 2025, mid-morning local time.
const NOW = new Date(2025, 2, 10, 10, 30);

const CHOICES = CATALOG.reminders.choices;
const DEFAULTS = CATALOG.reminders.defaults;
const LABELS = CATALOG.reminders.labels;
const RELATIVE = CATALOG.daysLeft.relative;
const fill = (template, n) => template.replace("{n}", String(n));

describe("reminder days", () => {
  test("the choices and the defaults are Rust's: largest first, down to the expiry day itself", () => {
    assert.deepEqual([...CHOICES], [30, 14, 7, 3, 1, 0]);
    assert.deepEqual(normalizeThresholds([...CHOICES].reverse(), []), [...CHOICES]);
    assert.deepEqual(normalizeSettings(null).thresholds, [...DEFAULTS]);
    assert.ok(DEFAULTS.every((d) => CHOICES.includes(d)));
  });

  test("chosen days are cleaned up: known days only, no repeats, largest first", () => {
    assert.deepEqual(normalizeThresholds([0, 7, 30, 7]), [30, 7, 0]);
    assert.deepEqual(normalizeThresholds(["14", 3, 5, -1, 1.5, null]), [14, 3]);
  });

  test("nothing usable falls back to the defaults, or to what the caller asks for", () => {
    assert.deepEqual(normalizeThresholds([]), [...DEFAULTS]);
    assert.deepEqual(normalizeThresholds(null), [...DEFAULTS]);
    assert.deepEqual(normalizeThresholds([99], []), []);
  });

  test("settings from Rust get a dependable shape", () => {
    assert.deepEqual(normalizeSettings({ thresholds: [7, 30], startAtLogin: true, watchEvery: "weekly" }), {
      thresholds: [30, 7],
      startAtLogin: true,
      watchEvery: "weekly",
    });
    assert.deepEqual(normalizeSettings(null), { thresholds: [...DEFAULTS], startAtLogin: false, watchEvery: "daily" });
    assert.equal(normalizeSettings({ thresholds: [1], startAtLogin: "yes" }).startAtLogin, false);
    assert.equal(normalizeSettings({ watchEvery: "hourly" }).watchEvery, "daily", "an unknown schedule reads as the default");
  });

  test("ticking and unticking a day keeps the list in order", () => {
    assert.deepEqual(toggleThreshold([30, 1], 7, true), { thresholds: [30, 7, 1], refused: false });
    assert.deepEqual(toggleThreshold([30, 7, 1], 7, false), { thresholds: [30, 1], refused: false });
    assert.deepEqual(toggleThreshold([30, 7], 7, true), { thresholds: [30, 7], refused: false });
  });

  test("the last reminder can't be turned off", () => {
    assert.deepEqual(toggleThreshold([0], 0, false), { thresholds: [0], refused: true });
    assert.deepEqual(toggleThreshold([14], 14, false), { thresholds: [14], refused: true });
  });

  test("each day has a plain label", () => {
    assert.equal(thresholdLabel(30), fill(LABELS.days, 30));
    assert.equal(thresholdLabel(1), LABELS.oneDay);
    assert.equal(thresholdLabel(0), LABELS.onTheDay);
    assert.equal(new Set(CHOICES.map(thresholdLabel)).size, CHOICES.length);
  });

  test("the chosen days read as a sentence", () => {
    assert.equal(thresholdsSentence([30, 14, 7, 3, 1, 0]), "30, 14, 7, 3 and 1 days before the key expires, and on the day it expires");
    assert.equal(thresholdsSentence([14]), "14 days before the key expires");
    assert.equal(thresholdsSentence([1]), "1 day before the key expires");
    assert.equal(thresholdsSentence([7, 1]), "7 and 1 days before the key expires");
    assert.equal(thresholdsSentence([0]), "on the day the key expires");
    assert.equal(thresholdsSentence([]), "");
  });

  test("the schedule can follow the chosen days, including the expiry day itself", () => {
    const s = reminderSchedule("2025-03-20", NOW, [0, 14]);
    assert.deepEqual(
      s.map((x) => [x.days, x.date, x.past]),
      [
        [14, "2025-03-06", true],
        [0, "2025-03-20", false],
      ],
    );
  });

  test("the next reminder follows the chosen days", () => {
    assert.equal(nextReminder(20, [30, 7, 0]), 7);
    assert.equal(nextReminder(5, [30, 7, 0]), 0);
    assert.equal(nextReminder(0, [30, 7, 0]), 0);
    assert.equal(nextReminder(-1, [30, 7, 0]), null);
    assert.equal(nextReminder(5, [30, 7]), null);
  });
});

describe("expiry card", () => {
  test("time left is said in words", () => {
    assert.equal(expiryRelative(60), fill(RELATIVE.inDays, 60));
    assert.equal(expiryRelative(1), RELATIVE.tomorrow);
    assert.equal(expiryRelative(0), RELATIVE.today);
    assert.equal(expiryRelative(-1), RELATIVE.yesterday);
    assert.equal(expiryRelative(-4), fill(RELATIVE.daysAgo, 4));
    assert.equal(expiryRelative(null), "");
  });

  test("a key with time left shows its date, the days left and the next reminder", () => {
    assert.deepEqual(expiryCard("2025-05-09", [30, 14, 7, 3, 1, 0], NOW), {
      tone: "ok",
      state: "future",
      date: "2025-05-09",
      relative: fill(RELATIVE.inDays, 60),
      next: { days: 30, date: "2025-04-09" },
    });
  });

  test("when every chosen day has passed, no next reminder is given", () => {
    const c = expiryCard("2025-03-15", [30, 14, 7], NOW);
    assert.equal(c.state, "future");
    assert.equal(c.tone, "urgent");
    assert.equal(c.next, null);
  });

  test("on the expiry day the reminder is today", () => {
    const c = expiryCard("2025-03-10", [30, 0], NOW);
    assert.equal(c.state, "today");
    assert.equal(c.relative, RELATIVE.today);
    assert.deepEqual(c.next, { days: 0, date: "2025-03-10" });
  });

  test("an expired key is clearly marked, with no reminder to come", () => {
    const c = expiryCard("2025-03-07", [30, 0], NOW);
    assert.equal(c.state, "expired");
    assert.equal(c.tone, "expired");
    assert.equal(c.relative, fill(RELATIVE.daysAgo, 3));
    assert.equal(c.next, null);
  });

  test("without a date (or with nonsense) the card says so", () => {
    assert.equal(expiryCard(null, [30], NOW).state, "none");
    assert.equal(expiryCard("soon", [30], NOW).state, "none");
  });
});

describe("report step", () => {
  test("the step list says whether the report is ready", () => {
    assert.equal(stepSubLabel({ isAdmin: true, steps: {}, lastReport: { ready: false } }, "report"), "Ready to export");
    assert.equal(stepSubLabel({ isAdmin: true, steps: {}, lastReport: null }, "report"), "Run the checks first");
    assert.equal(stepSubLabel({ isAdmin: true, steps: { report: { done: true, by: "hand" } }, lastReport: null }, "report"), "Done");
  });

  test("a saved file reads 'Saved to …'; a cancelled save reads nothing", () => {
    assert.equal(savedText({ path: "/home/me/acme-report.html" }), "Saved to /home/me/acme-report.html");
    assert.equal(savedText(null), "");
    assert.equal(savedText({ path: "" }), "");
    assert.equal(savedText({}), "");
  });

  test("formats have plain names", () => {
    assert.deepEqual([...EXPORT_FORMATS], ["html", "markdown", "json"]);
    assert.equal(formatName("html"), "HTML");
    assert.equal(formatName("markdown"), "Markdown");
    assert.equal(formatName("json"), "JSON");
  });
});
