#!/usr/bin/env node
// Builds a copy of ui/ that has today's scripts but the stylesheets of an earlier git revision, so a
// CSS change can be compared with everything else held equal:
//
//   node tools/css/css-baseline.mjs REV OUT_DIR
//   node tools/css/css-usage.mjs --root OUT_DIR --capture /tmp/css-before
//   node tools/css/css-usage.mjs --capture /tmp/css-after
//   node tools/css/css-compare.mjs /tmp/css-before /tmp/css-after

import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { linkedStylesheets } from "./css-refs.mjs";

const [rev, outArg] = process.argv.slice(2);
if (!rev || !outArg) {
  console.error("usage: css-baseline.mjs REV OUT_DIR");
  process.exit(2);
}
const ui = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "ui");
const out = resolve(outArg);
const git = (...args) => execFileSync("git", args, { cwd: ui, encoding: "utf8", maxBuffer: 64 << 20 });

rmSync(out, { recursive: true, force: true });
cpSync(ui, out, { recursive: true, filter: (src) => !src.startsWith(join(ui, "css")) });

// Today's page with the old revision's <link rel="stylesheet"> tags in place of today's.
const oldHtml = git("show", `${rev}:ui/index.html`);
const oldLinks = [...oldHtml.matchAll(/^[ \t]*<link\b[^>]*\brel="stylesheet"[^>]*>\n?/gim)].map((m) => m[0]);
let html = readFileSync(join(ui, "index.html"), "utf8");
let placed = false;
html = html.replace(/^[ \t]*<link\b[^>]*\brel="stylesheet"[^>]*>\n?/gim, () => {
  if (placed) return "";
  placed = true;
  return oldLinks.join("");
});
writeFileSync(join(out, "index.html"), html);

for (const href of linkedStylesheets(oldHtml)) {
  const file = join(out, href);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, git("show", `${rev}:ui/${href}`));
}
console.log(`${out}: today's scripts with the stylesheets of ${rev} (${linkedStylesheets(oldHtml).join(", ")})`);
