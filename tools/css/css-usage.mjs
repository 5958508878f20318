#!/usr/bin/env node
// Measures which CSS rules the window's screens use.
//
// Serves ui/ on loopback, opens it in Debian's headless Chromium with a stand-in for
// window.__TAURI__, walks every screen (scenarios.mjs) in light and dark schemes and in a narrow
// window, and records Chromium's CSS rule usage (CDP CSS.startRuleUsageTracking). Rules whose
// selector only differs by a user-action state (:hover, :focus-visible, ::before, ...) count as used
// when the element they style was on screen. Each unused rule is then checked against the names the
// scripts and index.html use (css-refs.mjs): only rules unused in both ways are candidates to drop.
//
//   npm install --prefix target/css-tools playwright-core     (once; it downloads no browser)
//   node tools/css/css-usage.mjs [--root ui] [--capture DIR] [--json FILE] [--all] [--only NAMES]
//
// --root DIR     the folder to serve instead of ui/ (see css-baseline.mjs)
// --capture DIR  also saves a screenshot and the computed style of every element at each state,
//                for css-compare.mjs
// --json FILE    writes the per-rule results
// --all          lists every rule, not only the unused ones
// --only NAMES   runs only these scenarios or passes (comma-separated), e.g. --only dark,check-fail
//
// It exits non-zero when a scenario couldn't be driven to its end (the numbers are then incomplete).

import { readFileSync, mkdirSync, writeFileSync, existsSync } from "node:fs";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCss, styleRules, otherAtRules, baseSelector, selectorTokens } from "./css-rules.mjs";
import { sourceRefs, isReferenced, linkedStylesheets } from "./css-refs.mjs";
import { serve } from "./serve.mjs";
import { tauriStub } from "./tauri-stub.mjs";
import { SCENARIOS } from "./scenarios.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");

const PASSES = [
  { name: "light", viewport: { width: 1100, height: 760 }, colorScheme: "light", reducedMotion: "no-preference" },
  { name: "dark", viewport: { width: 1100, height: 760 }, colorScheme: "dark", reducedMotion: "no-preference" },
  // Narrower than the window's minimum width, so the small-window rules get their turn too.
  { name: "narrow", viewport: { width: 820, height: 700 }, colorScheme: "light", reducedMotion: "reduce" },
];

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--font-render-hinting=none",
  // Re-raster whole tiles: partial raster leaves run-to-run anti-aliasing noise in screenshots.
  "--disable-partial-raster",
];

function parseArgs(argv) {
  const opts = { root: join(repo, "ui"), capture: null, json: null, all: false, only: null };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === "--root") opts.root = resolve(argv[++k]);
    else if (a === "--capture") opts.capture = resolve(argv[++k]);
    else if (a === "--json") opts.json = resolve(argv[++k]);
    else if (a === "--all") opts.all = true;
    else if (a === "--only") opts.only = argv[++k].split(",");
    else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

/** playwright-core from $PLAYWRIGHT_CORE_DIR, target/css-tools, /tmp/css-tools or the usual lookup. */
function loadPlaywright() {
  const places = [process.env.PLAYWRIGHT_CORE_DIR, join(repo, "target", "css-tools"), "/tmp/css-tools"].filter(Boolean);
  for (const dir of places) {
    try {
      return createRequire(join(dir, "package.json"))("playwright-core");
    } catch {
      // next place
    }
  }
  try {
    return createRequire(import.meta.url)("playwright-core");
  } catch {
    console.error("playwright-core is missing. Install it (no browser is downloaded) with:\n  npm install --prefix target/css-tools playwright-core");
    process.exit(2);
  }
}

/** The window's CSP from tauri.conf.json, as a header value. */
function windowCsp() {
  const conf = join(repo, "tauri.conf.json");
  if (!existsSync(conf)) return null;
  const csp = JSON.parse(readFileSync(conf, "utf8"))?.app?.security?.csp;
  if (!csp || typeof csp !== "object") return typeof csp === "string" ? csp : null;
  return Object.entries(csp)
    .map(([k, v]) => `${k} ${v}`)
    .join("; ");
}

function loadSheets(root) {
  const html = readFileSync(join(root, "index.html"), "utf8");
  return linkedStylesheets(html).map((href) => {
    const text = readFileSync(join(root, href), "utf8");
    const tree = parseCss(text);
    const rules = styleRules(tree).map((r, index) => ({
      ...r,
      index,
      file: href,
      usedBy: new Set(), // "coverage" | "state"
      dropped: false, // Chromium's parser drops it
      partsSeen: new Set(), // for selector lists: which parts matched an element on screen
    }));
    return { href, text, lines: lineCount(text), rules, atRules: otherAtRules(tree) };
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { chromium } = loadPlaywright();
  const sheets = loadSheets(opts.root);
  const byHref = new Map(sheets.map((s) => [s.href, s]));
  const server = await serve(opts.root, { csp: windowCsp() });
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS, headless: true });
  const problems = [];
  const capture = opts.capture ? newCapture(opts.capture) : null;

  // Selectors to look for on screen at each state: the element a :hover/:focus/::before rule is
  // about, and each part of a selector list (to report parts that never match).
  const probes = [];
  for (const s of sheets) {
    for (const r of s.rules) {
      r.parts.forEach((part, p) => {
        const base = baseSelector(part);
        if (base !== part || r.parts.length > 1) probes.push({ key: `${s.href}#${r.index}`, part: p, base, media: r.context, state: base !== part });
      });
    }
  }

  // Rules with a selector Chromium doesn't know are dropped by its parser and never reported.
  const allRules = sheets.flatMap((s) => s.rules.map((r) => ({ key: `${s.href}#${r.index}`, parts: r.parts })));
  let dropped = null;

  let states = 0;
  const runs = [];
  try {
    const pick = (list) => {
      const named = list.filter((x) => opts.only?.includes(x.name));
      return named.length ? named : list;
    };
    for (const pass of pick(PASSES)) {
      for (const sc of pick(SCENARIOS)) {
        runs.push(`${pass.name}/${sc.name}`);
        const context = await browser.newContext({
          viewport: pass.viewport,
          colorScheme: pass.colorScheme,
          reducedMotion: pass.reducedMotion,
          locale: "en-GB",
          timezoneId: "UTC",
        });
        await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url.replace(/\/$/, "") });
        const page = await context.newPage();
        page.setDefaultTimeout(5000);
        page.on("pageerror", (e) => problems.push(`${pass.name}/${sc.name}: page error: ${e.message}`));
        page.on("console", (m) => {
          if (m.type() === "error" && !/Failed to load resource/.test(m.text())) problems.push(`${pass.name}/${sc.name}: console: ${m.text()}`);
        });
        page.on("response", (r) => {
          if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) problems.push(`${pass.name}/${sc.name}: ${r.status()} for ${r.url()}`);
        });
        await page.addInitScript(tauriStub, sc.config);
        const cdp = await context.newCDPSession(page);
        const urls = new Map();
        cdp.on("CSS.styleSheetAdded", ({ header }) => urls.set(header.styleSheetId, header.sourceURL));
        await cdp.send("DOM.enable");
        await cdp.send("CSS.enable");
        await cdp.send("CSS.startRuleUsageTracking");

        const record = (usage) => {
          for (const u of usage) {
            const url = urls.get(u.styleSheetId);
            if (!url || !url.startsWith(server.url)) continue;
            const sheet = byHref.get(decodeURIComponent(url.slice(server.url.length)));
            if (!sheet) continue;
            const rule = sheet.rules.find((r) => r.start <= u.startOffset && u.startOffset < r.end);
            if (!rule) continue;
            if (u.used) rule.usedBy.add("coverage");
          }
        };

        const snap = async (name, { scroll = false } = {}) => {
          states += 1;
          await settle(page);
          const { coverage } = await cdp.send("CSS.takeCoverageDelta");
          record(coverage);
          const todo = probes.filter((pr) => !pr.hit);
          for (const n of await page.evaluate(matchProbes, todo)) todo[n].hit = true;
          if (capture) await capture.take(page, `${pass.name}-${sc.name}-${name}`, scroll);
        };

        try {
          await page.goto(server.url, { waitUntil: "load" });
          if (!dropped) dropped = new Set(await page.evaluate(unsupportedRules, allRules));
          await sc.run(page, snap);
        } catch (err) {
          problems.push(`${pass.name}/${sc.name}: ${err.message.split("\n").filter((l) => l.trim()).slice(0, 3).join(" / ")}`);
        }
        const { ruleUsage } = await cdp.send("CSS.stopRuleUsageTracking");
        record(ruleUsage);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  if (capture) capture.save();
  for (const pr of probes) {
    if (!pr.hit) continue;
    const [href, index] = pr.key.split("#");
    const rule = byHref.get(href).rules[Number(index)];
    if (pr.state) rule.usedBy.add("state");
    rule.partsSeen.add(pr.part);
  }
  for (const key of dropped ?? []) {
    const [href, index] = key.split("#");
    byHref.get(href).rules[Number(index)].dropped = true;
  }

  const refs = sourceRefs(opts.root);
  const results = report(sheets, refs, { states, runs, all: opts.all });
  if (problems.length) {
    console.log(`\nProblems while driving the window (${problems.length}):`);
    for (const p of problems) console.log(`  ${p}`);
  }
  if (opts.json) writeFileSync(opts.json, JSON.stringify(results, null, 2));
  if (problems.length) process.exitCode = 1;
}

/** Runs in the page: the rules with a selector this browser can't parse. */
function unsupportedRules(rules) {
  return rules.filter((r) => r.parts.some((part) => !CSS.supports(`selector(${part})`))).map((r) => r.key);
}

/** Runs in the page: the indices of the probes whose base selector matches an element on screen. */
function matchProbes(probes) {
  const hits = [];
  probes.forEach(({ base, media }, n) => {
    // Width and height conditions must hold now; colour-scheme, motion and print ones count as
    // "the same rule in another mode".
    const mediaOk = media.every((m) => /prefers-|print/.test(m) || matchMedia(m.replace(/^@media\s*/, "")).matches);
    if (!mediaOk) return;
    let list;
    try {
      list = document.querySelectorAll(base);
    } catch {
      return;
    }
    for (const el of list) {
      if (el.checkVisibility ? el.checkVisibility() : el.getClientRects().length > 0) {
        hits.push(n);
        return;
      }
    }
  });
  return hits;
}

async function settle(page) {
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))),
  );
}

// ------------------------------------------------------------------ screenshots and computed styles

function newCapture(dir) {
  mkdirSync(dir, { recursive: true });
  const styles = new Map(); // hash -> values
  const snaps = {};
  let props = null;
  return {
    async take(page, name, scroll) {
      await page.evaluate(() => {
        for (const a of document.getAnimations()) {
          a.pause();
          a.currentTime = 0;
        }
      });
      // Styles first: the screenshot restarts the animations it stops.
      const dump = await page.evaluate(computedStyles);
      await page.screenshot({ path: join(dir, `${name}.png`), animations: "disabled", caret: "hide" });
      props ??= dump.props;
      const entry = {};
      for (const [path, values] of dump.elements) {
        const hash = createHash("sha1").update(values.join("\u0001")).digest("hex").slice(0, 16);
        if (!styles.has(hash)) styles.set(hash, values);
        entry[path] = hash;
      }
      snaps[name] = entry;
      if (scroll) {
        const scrolled = await page.evaluate(() => {
          const panel = document.getElementById("step-panel");
          if (!panel || panel.scrollHeight <= panel.clientHeight + 1) return false;
          panel.scrollTop = panel.scrollHeight;
          return true;
        });
        if (scrolled) {
          await settle(page);
          await page.screenshot({ path: join(dir, `${name}-end.png`), animations: "disabled", caret: "hide" });
          await page.evaluate(() => {
            document.getElementById("step-panel").scrollTop = 0;
          });
        }
      }
    },
    save() {
      writeFileSync(join(dir, "styles.json"), JSON.stringify({ props, styles: Object.fromEntries(styles), snaps }));
    },
  };
}

/** Runs in the page: the computed style of every element in the body and of its drawn pseudo-elements. */
function computedStyles() {
  const props = [...getComputedStyle(document.documentElement)].sort();
  const elements = [];
  const read = (cs) => props.map((p) => cs.getPropertyValue(p));
  const walk = (el, path) => {
    elements.push([path, read(getComputedStyle(el))]);
    for (const pseudo of ["::before", "::after"]) {
      const cs = getComputedStyle(el, pseudo);
      if (cs.content !== "none" && cs.content !== "normal") elements.push([path + pseudo, read(cs)]);
    }
    if (el.matches("dialog[open]")) elements.push([path + "::backdrop", read(getComputedStyle(el, "::backdrop"))]);
    if (el.matches("input[placeholder]")) elements.push([path + "::placeholder", read(getComputedStyle(el, "::placeholder"))]);
    [...el.children].forEach((child, i) => walk(child, `${path}>${child.localName}${child.id ? "#" + child.id : ""}:${i}`));
  };
  elements.push(["html", read(getComputedStyle(document.documentElement))]);
  walk(document.body, "body");
  return { props, elements };
}

// ------------------------------------------------------------------ the report

function report(sheets, refs, { states, runs, all }) {
  const rows = [];
  const out = { states, runs, files: [] };
  const passes = [...new Set(runs.map((r) => r.split("/")[0]))];
  const scenarios = new Set(runs.map((r) => r.split("/")[1]));
  console.log(`CSS rule usage: ${scenarios.size} scenarios × ${passes.length} passes (${passes.join(", ")}), ${states} states\n`);
  console.log(pad("file", 26) + pad("lines", 7) + pad("rules", 7) + pad("used", 7) + pad("by state", 10) + pad("unused", 8) + "unused and unreferenced");
  for (const s of sheets) {
    const usedText = s.rules.filter((r) => r.usedBy.size).map((r) => r.body).join("\n");
    let used = 0;
    let byState = 0;
    const unused = [];
    for (const r of s.rules) {
      const missing = unreferenced(r, refs);
      const entry = {
        file: s.href,
        line: r.line,
        endLine: r.endLine,
        selector: r.selector,
        media: r.context,
        coverage: r.usedBy.has("coverage"),
        state: r.usedBy.has("state") && !r.dropped,
        parsedByChromium: !r.dropped,
        unreferenced: missing,
        unmatchedParts: r.parts.length > 1 ? r.parts.filter((_, p) => !r.partsSeen.has(p)) : [],
      };
      rows.push(entry);
      if (entry.coverage) used++;
      else if (entry.state) byState++;
      else unused.push(entry);
    }
    const dead = unused.filter((u) => u.unreferenced.length > 0);
    console.log(pad(s.href, 26) + pad(s.lines, 7) + pad(s.rules.length, 7) + pad(used, 7) + pad(byState, 10) + pad(unused.length, 8) + dead.length);
    const atRules = s.atRules.map((a) => {
      const name = /^@keyframes\s+([\w-]+)/.exec(a.prelude)?.[1];
      const usedAt = name ? new RegExp(`\\b${name}\\b`).test(usedText) : true;
      return { file: s.href, line: a.line, prelude: a.prelude, used: usedAt };
    });
    out.files.push({ file: s.href, lines: s.lines, rules: s.rules.length, used, byState, unused: unused.length, unusedUnreferenced: dead.length, atRules });
  }

  const unusedRows = rows.filter((r) => !r.coverage && !r.state);
  console.log(`\nUnused in the run (${unusedRows.length}):`);
  for (const r of unusedRows) {
    const where = `${r.file}:${r.line}`;
    const media = r.media.length ? `  [${r.media.join(" ")}]` : "";
    const why = !r.parsedByChromium
      ? "Chromium drops this rule (not a selector it knows)"
      : r.unreferenced.length
        ? `not named in the scripts or page: ${r.unreferenced.join(", ")}`
        : "every name in it is used by the scripts or page: check by hand";
    console.log(`  ${pad(where, 28)} ${r.selector}${media}\n      ${why}`);
  }
  const partial = rows.filter((r) => (r.coverage || r.state) && r.unmatchedParts.length);
  if (partial.length) {
    console.log(`\nUsed rules with a selector in their list that matched nothing on screen (${partial.length}):`);
    for (const r of partial) console.log(`  ${pad(`${r.file}:${r.line}`, 28)} ${r.unmatchedParts.join(", ")}`);
  }
  for (const f of out.files) for (const a of f.atRules) if (!a.used) console.log(`  ${f.file}:${a.line} ${a.prelude}\n      no used rule refers to it`);
  if (all) {
    console.log("\nAll rules:");
    for (const r of rows) console.log(`  ${pad(`${r.file}:${r.line}`, 28)} ${r.coverage ? "used    " : r.state ? "by state" : "UNUSED  "} ${r.selector}`);
  }
  out.rules = rows;
  return out;
}

/** The class names, ids and attribute values in a rule that no script or the page names, per selector part; [] if some part is fully named. */
function unreferenced(rule, refs) {
  const perPart = rule.parts.map((part) => {
    const t = selectorTokens(part);
    return [
      ...t.classes.filter((c) => !isReferenced(refs, c)).map((c) => `.${c}`),
      ...t.ids.filter((id) => !isReferenced(refs, id)).map((id) => `#${id}`),
      ...t.attrs.filter((a) => a.value !== null && !isReferenced(refs, a.value)).map((a) => `[${a.name}="${a.value}"]`),
    ];
  });
  if (perPart.some((m) => m.length === 0)) return [];
  return [...new Set(perPart.flat())];
}

function lineCount(text) {
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

function pad(v, n) {
  return String(v).padEnd(n);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
