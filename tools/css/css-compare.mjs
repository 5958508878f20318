#!/usr/bin/env node
// Compares two captures made by `css-usage.mjs --capture DIR`: every screenshot pixel by pixel
// (ImageMagick's `compare -metric AE`) and the computed style of every element at every state.
//
//   node tools/css/css-compare.mjs BEFORE_DIR AFTER_DIR [DIFF_DIR]
//
// Exits non-zero when anything differs; DIFF_DIR (default AFTER_DIR/diff) gets an image per
// screenshot that differs.

import { readdirSync, readFileSync, existsSync, mkdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

const [beforeArg, afterArg, diffArg] = process.argv.slice(2);
if (!beforeArg || !afterArg) {
  console.error("usage: css-compare.mjs BEFORE_DIR AFTER_DIR [DIFF_DIR]");
  process.exit(2);
}
const before = resolve(beforeArg);
const after = resolve(afterArg);
const diffDir = resolve(diffArg ?? join(after, "diff"));

let failed = false;

// ------------------------------------------------------------------ screenshots

const shots = readdirSync(before).filter((f) => f.endsWith(".png")).sort();
const differing = [];
const missing = [];
for (const f of shots) {
  if (!existsSync(join(after, f))) {
    missing.push(f);
    continue;
  }
  mkdirSync(diffDir, { recursive: true });
  const r = spawnSync("compare", ["-metric", "AE", join(before, f), join(after, f), join(diffDir, f)], { encoding: "utf8" });
  const pixels = Number.parseFloat((r.stderr || "").trim());
  if (r.status === 2 || Number.isNaN(pixels)) {
    differing.push(`${f}: compare failed: ${(r.stderr || "").trim()}`);
  } else if (pixels > 0) {
    differing.push(`${f}: ${pixels} pixels differ`);
  }
}
console.log(`Screenshots: ${shots.length} compared, ${differing.length} differ, ${missing.length} missing after`);
for (const d of differing) console.log(`  ${d}`);
for (const m of missing) console.log(`  missing: ${m}`);
if (differing.length || missing.length) failed = true;

// ------------------------------------------------------------------ computed styles

const a = JSON.parse(readFileSync(join(before, "styles.json"), "utf8"));
const b = JSON.parse(readFileSync(join(after, "styles.json"), "utf8"));
let states = 0;
let elements = 0;
const changes = new Map(); // "prop: old -> new" -> [where]
for (const [snap, paths] of Object.entries(a.snaps)) {
  const other = b.snaps[snap];
  if (!other) {
    console.log(`  state missing after: ${snap}`);
    failed = true;
    continue;
  }
  states += 1;
  for (const path of new Set([...Object.keys(paths), ...Object.keys(other)])) {
    elements += 1;
    const ha = paths[path];
    const hb = other[path];
    if (ha === hb) continue;
    if (!ha || !hb) {
      const key = ha ? "element gone" : "element new";
      if (!changes.has(key)) changes.set(key, []);
      changes.get(key).push(`${snap} ${path}`);
      continue;
    }
    const va = a.styles[ha];
    const vb = b.styles[hb];
    a.props.forEach((prop, i) => {
      const j = b.props.indexOf(prop);
      if (j < 0 || va[i] === vb[j]) return;
      const key = `${prop}: ${va[i]} -> ${vb[j]}`;
      if (!changes.has(key)) changes.set(key, []);
      changes.get(key).push(`${snap} ${path}`);
    });
  }
}
console.log(`Computed styles: ${states} states, ${elements} element styles compared, ${changes.size} kinds of difference`);
for (const [key, where] of changes) {
  console.log(`  ${key}  (${where.length}×, e.g. ${where[0]})`);
}
if (changes.size) failed = true;

process.exit(failed ? 1 : 0);
