// The page holds no rule or word of its own that Rust also has: it reads them from catalog.js,
// which core/src/catalog.rs generates (its `ui_catalog_is_current` test keeps it current).

import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { CATALOG } from "../catalog.js";
import "../logic.js";

const UI = join(dirname(fileURLToPath(import.meta.url)), "..");
const GENERATED = "catalog.js";

/** A module's code without its comments (block comments and whole-line `//` comments). */
const code = (text) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");

/** Every page module except the generated catalog, as [name, code]. */
const sources = readdirSync(UI)
  .filter((f) => f.endsWith(".js") && f !== GENERATED)
  .map((f) => [f, code(readFileSync(join(UI, f), "utf8"))]);

const KINDS = new Set(CATALOG.errors.map((e) => e.kind));

/** The kinds the page compares an error's `kind` with, e.g. `err.kind === "cancelled"`. */
function branchedKinds(text) {
  const found = [];
  const error = String.raw`(?<!typeof\s+)\b(?:err|error|e|failure)\??\.kind`;
  const patterns = [
    new RegExp(String.raw`${error}\s*[!=]==?\s*(["'\x60])([^"'\x60]+)\1`, "g"),
    new RegExp(String.raw`(["'\x60])([^"'\x60]+)\1\s*[!=]==?\s*${error}`, "g"),
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) found.push(m[2]);
  return found;
}

describe("error kinds", () => {
  const branched = sources.flatMap(([file, text]) => branchedKinds(text).map((kind) => [file, kind]));

  test("the page branches on error kinds (so the check below has something to check)", () => {
    const kinds = new Set(branched.map(([, k]) => k));
    assert.ok(kinds.has("invalid_input"), [...kinds].join(", "));
    assert.ok(kinds.has("cancelled"), [...kinds].join(", "));
  });

  test("every kind the page branches on is one Rust sends", () => {
    for (const [file, kind] of branched) assert.ok(KINDS.has(kind), `${file} branches on "${kind}", which Rust never sends`);
  });

  test("the page never branches on an error's message", () => {
    for (const [file, text] of sources) {
      assert.doesNotMatch(text, /(?<!typeof\s+[\w?.]*)\.message\s*[!=]==?\s*["'`]/, file);
      assert.doesNotMatch(text, /\bmessage\b[^;\n]{0,24}\)?\.(toLowerCase|toUpperCase|match|includes|startsWith|search)\(/, file);
      assert.doesNotMatch(text, /\.test\(\s*[\w.?]*(message|msg)\b/, file);
    }
  });

  test("failures of the app itself have a kind and a message of their own", () => {
    assert.ok(KINDS.has("internal"));
    assert.ok(CATALOG.errors.every((e) => typeof e.message === "string" && e.message.length > 0));
  });
});

describe("one source for every rule and word", () => {
  test("catalog.js is the generated file", () => {
    const text = readFileSync(join(UI, GENERATED), "utf8");
    assert.match(text, /^\/\/ Generated from core\/src\/catalog\.rs; do not edit\./);
    assert.match(text, /export const CATALOG = Object\.freeze\(/);
  });

  test("no page module defines the lists and defaults the catalog holds", () => {
    const retired = /\b(STEP_TITLES|CHECK_TITLES|ADMIN_STEPS|REMINDER_DAYS|THRESHOLD_CHOICES|DEFAULT_THRESHOLDS|KEY_LIFETIME_DAYS|DEFAULT_HOST|DEFAULT_SERVICE_ACCOUNT|KEY_KINDS)\b/;
    for (const [file, text] of sources) {
      assert.doesNotMatch(text, retired, file);
      assert.doesNotMatch(text, /\b(STEP_IDS|CHECK_IDS)\s*=\s*(Object\.freeze\()?\s*\[/, `${file} lists ids by hand`);
      assert.doesNotMatch(text, /\[\s*30\s*,\s*14\b/, `${file} lists reminder days by hand`);
      assert.doesNotMatch(text, /\b90 days\b/, `${file} states the key lifetime by hand`);
    }
  });

  test("no page module repeats a title, label, message or default from the catalog", () => {
    const words = [
      ...CATALOG.steps.map((s) => s.title),
      ...CATALOG.checks.map((c) => c.title),
      ...CATALOG.statuses.map((s) => s.label),
      ...CATALOG.access.flatMap((a) => [a.label, a.note]),
      ...CATALOG.via.map((v) => v.label),
      ...CATALOG.keyKinds.map((k) => k.label),
      ...Object.values(CATALOG.reminders.labels),
      ...Object.values(CATALOG.daysLeft.expires),
      ...Object.values(CATALOG.daysLeft.relative),
      CATALOG.daysLeft.unknown,
      ...CATALOG.errors.map((e) => e.message),
    ].filter((w) => w.includes(" "));
    const defaults = [CATALOG.defaultHost, CATALOG.defaultServiceAccount];
    for (const [file, text] of sources) {
      for (const w of words) {
        for (const q of ['"', "'", "`"]) assert.ok(!text.includes(`${q}${w}${q}`), `${file} repeats ${JSON.stringify(w)}`);
        if (w.includes("{n}")) {
          const escaped = w.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace("\\{n\\}", "{n}");
          const shape = new RegExp(escaped.replace(/\{n\}/, "\\$\\{[^}]+\\}"));
          assert.doesNotMatch(text, shape, `${file} rebuilds ${JSON.stringify(w)}`);
        }
      }
      for (const d of defaults) assert.ok(!text.includes(d), `${file} repeats the default ${d}`);
    }
  });

  test("the catalog is frozen all the way down once the page has loaded it", () => {
    assert.ok(Object.isFrozen(CATALOG));
    assert.ok(Object.isFrozen(CATALOG.steps));
    assert.ok(Object.isFrozen(CATALOG.steps[0]));
    assert.ok(Object.isFrozen(CATALOG.reminders.choices));
    assert.ok(Object.isFrozen(CATALOG.daysLeft.expires));
  });

  test("the catalog has what the page needs", () => {
    assert.ok(CATALOG.steps.length > 0 && CATALOG.steps.every((s) => s.id && s.title && typeof s.needsAdmin === "boolean"));
    assert.ok(CATALOG.checks.length > 0 && CATALOG.checks.every((c) => c.id && c.title));
    assert.ok(CATALOG.access.some((a) => a.id === "unknown"));
    assert.ok(CATALOG.keyKinds.some((k) => k.id === "unknown"));
    assert.ok(Number.isInteger(CATALOG.keyLifetimeDays) && CATALOG.keyLifetimeDays > 0);
    assert.ok(CATALOG.expiryUrgentDays < CATALOG.expiryWarnDays);
    assert.ok(CATALOG.reminders.defaults.every((d) => CATALOG.reminders.choices.includes(d)));
  });
});
