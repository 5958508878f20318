// The stylesheets: what index.html links exists, stays small enough to read, and styles every
// class the scripts set. Runs without a browser; tools/css/css-usage.mjs measures what the screens use.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCss, styleRules, selectorTokens } from "../../tools/css/css-rules.mjs";
import { classAttributeNames, linkedStylesheets, sourceRefs } from "../../tools/css/css-refs.mjs";

const ui = join(dirname(fileURLToPath(import.meta.url)), "..");
const html = readFileSync(join(ui, "index.html"), "utf8");
const sheets = linkedStylesheets(html);
const MAX_LINES = 500;

/**
 * Classes the scripts set that no stylesheet rule names, on purpose: hooks for scripts and tests,
 * or a variant whose base rule already gives the look.
 */
const UNSTYLED = new Set([
  "admin-callout", // the note on the steps a Mode admin does; it looks like any compact info callout
  "btn-label", // the run button's text, swapped while the checks run
  "info", // callout tone; the plain .callout is the info look
  "mark-word", // the word inside a result's mark
  "open-in-mode", // marks the "Open in Mode" buttons
  "radio-group", // the radio fieldsets; .field styles them
]);

function sheetText(href) {
  return readFileSync(join(ui, href), "utf8");
}

function lineCount(text) {
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

/** Every class name some rule in the linked stylesheets names. */
function styledClasses() {
  const out = new Set();
  for (const href of sheets) {
    for (const rule of styleRules(parseCss(sheetText(href)))) {
      for (const c of selectorTokens(rule.selector).classes) out.add(c);
    }
  }
  return out;
}

test("index.html links the stylesheets, and each one exists", () => {
  assert.ok(sheets.length > 1, "index.html links no stylesheets");
  for (const href of sheets) {
    assert.ok(!/^[a-z]+:|^\/\//i.test(href), `${href} is not a local file (the CSP allows 'self' only)`);
    assert.ok(existsSync(join(ui, href)), `${href} is linked from index.html but missing`);
  }
  assert.equal(new Set(sheets).size, sheets.length, "a stylesheet is linked twice");
});

test("the old single styles.css is gone and not linked", () => {
  assert.ok(!sheets.includes("styles.css"), "index.html still links styles.css");
  assert.ok(!existsSync(join(ui, "styles.css")), "ui/styles.css is back");
});

test(`no stylesheet is over ${MAX_LINES} lines`, () => {
  for (const href of sheets) {
    const n = lineCount(sheetText(href));
    assert.ok(n <= MAX_LINES, `${href} has ${n} lines; split it by purpose`);
  }
});

test("every stylesheet parses and loads nothing else", () => {
  for (const href of sheets) {
    const nodes = parseCss(sheetText(href));
    assert.ok(styleRules(nodes).length > 0, `${href} has no rules`);
    const imports = nodes.filter((n) => n.type === "at" && n.name === "import");
    assert.deepEqual(imports, [], `${href} uses @import; link it from index.html instead`);
  }
});

test("every class the scripts and page set has a rule, unless it is a known hook", (t) => {
  const refs = sourceRefs(ui);
  assert.ok(refs.classAttrs.size > 50, "found almost no classes; the class: reader is broken");
  const styled = styledClasses();
  const unstyled = [...refs.classAttrs.keys()].filter((c) => !styled.has(c)).sort();
  for (const c of unstyled) t.diagnostic(`no rule for .${c} (${refs.classAttrs.get(c).join(", ")})`);
  const unexpected = unstyled.filter((c) => !UNSTYLED.has(c));
  assert.deepEqual(
    unexpected,
    [],
    `classes set in ${[...new Set(unexpected.flatMap((c) => refs.classAttrs.get(c)))].join(", ")} that no stylesheet styles`,
  );
  for (const c of UNSTYLED) {
    if (styled.has(c)) t.diagnostic(`.${c} has a rule now; it can leave the UNSTYLED list`);
  }
});

test("the class: reader finds literal, conditional and template classes", () => {
  const src = `
    h("p", { class: "hint live-hint", id: "x" });
    h("tr", { class: lacking ? "lacking" : null, dataset: { a: "b" } });
    h("div", { class: \`callout \${tone}\`, role: "note" });
    h("span", { id: "y", class: ["a", on && "b"] }, "text");
  `;
  assert.deepEqual(classAttributeNames(src).sort(), ["a", "b", "callout", "hint", "lacking", "live-hint"]);
});
