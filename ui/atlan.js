// The Connect in Atlan step: the values Atlan's Mode form asks for, each with a Copy button, and
// what to do on Atlan's side. The values are read from Rust each time the step is drawn, so a new
// key shows at once; Rust makes every copy, so the secret never reaches this page.

import * as api from "./api.js";
import { CATALOG, stepNumber, stepTitle, verdictOf } from "./logic.js";
import { h, replace, rich, icon } from "./dom.js";
import { callout } from "./widgets.js";

const $ = (id) => document.getElementById(id);
const WORDS = CATALOG.atlan;
const SECRET_MASK = "••••••••••••••••";

/** A field's label: Atlan's own name for it. */
function label(id) {
  return WORDS.fields.find((f) => f.id === id)?.label ?? id;
}

/** What became of a copied secret, in words. */
function clearedText(outcome) {
  return WORDS.cleared.find((c) => c.id === outcome)?.label ?? "";
}

/**
 * The latest copy of a secret, kept across redraws of the step so its countdown carries on:
 * {profileId, copy, until (ms), outcome}. Never the secret itself.
 */
let secretCopy = null;
let copies = 0;
let ticker = 0;

export function atlanBody(ctx, p) {
  const values = h(
    "div",
    { class: "handoff", id: "atlan-values", "aria-busy": "true" },
    h("p", { class: "muted" }, "Reading the saved key…"),
  );
  showValues(ctx, p, values);
  return [
    h(
      "p",
      { class: "lead" },
      "Atlan's crawler is set up in Atlan. Copy each value below into Atlan's Mode form. The secret goes from this computer's keyring straight to the clipboard, never onto the screen, and is taken off the clipboard again after ",
      `${WORDS.clearAfterSeconds} seconds.`,
    ),
    p.practice
      ? callout(
          "info",
          "This is the practice workspace.",
          "Atlan can't reach it: try the copy buttons here, then set up Atlan with your real workspace.",
        )
      : notCheckedReady(ctx, p),
    h("h3", null, "A. Open Atlan's Mode form"),
    steps([
      "In Atlan, click **Connectors** in the left sidebar, then **Marketplace**. (In Atlan's classic layout, click **New Workflow** at the top.)",
      `Search for **${WORDS.connector}**, select it and click **Install**.`,
      "When it's installed, click **Setup Workflow** on the same tile.",
    ]),
    h("h3", { id: "atlan-fill-title" }, "B. Copy the key into it"),
    h(
      "ol",
      { class: "substeps" },
      h(
        "li",
        null,
        h("span", { class: "substep-text" }, "Fill in the form with these values: copy one, paste it into the field of the same name in Atlan, then come back for the next."),
        values,
      ),
      step(`For **${WORDS.personalCollections}**, keep **${WORDS.personalCollectionsDefault}** to crawl personal collections too, or choose **Yes** to leave them out.`),
      step(`Click **${WORDS.testButton}**. When it succeeds, click **Next** at the bottom.`),
    ),
    h("h3", null, "C. Name the connection and run the crawler"),
    steps([
      "Enter a **Connection Name**, such as production, and check who is listed under **Connection Admins**: if nobody is, nobody can manage the connection, not even Atlan's admins. Click **Next**.",
      "Optionally pick collections with **Include Collections** or **Exclude Collections** (all are crawled unless you choose), and whether to **Crawl Archived Reports**.",
      `Click **${WORDS.preflightButton}** and wait for Atlan's checks to pass.`,
      "Click **Run** to crawl once now, or **Schedule Run** to crawl hourly, daily, weekly or monthly.",
    ]),
    p.keyKind === "member"
      ? h(
          "p",
          { class: "note" },
          icon("info-circle"),
          "With a member key, Atlan lists collections the crawler can't open too, but reads no reports or queries from them.",
        )
      : null,
    preflightSection(ctx),
    h(
      "p",
      { class: "note" },
      icon("key"),
      "Replacing an expiring key? Open this workspace's Mode workflow in Atlan and put the new values into the same fields, then run its test again.",
    ),
    h(
      "div",
      { class: "inline-actions" },
      guideButton(ctx, WORDS.guideUrl, "Atlan's guide: Crawl Mode", "atlan-guide-btn"),
    ),
  ];
}

/** A numbered list of sub-steps, each a string with **bold** parts. */
function steps(items) {
  return h("ol", { class: "substeps" }, items.map(step));
}

function step(text) {
  return h("li", null, h("span", { class: "substep-text" }, rich(text)));
}

function guideButton(ctx, url, text, id) {
  return h(
    "button",
    { type: "button", class: "btn small", id, onclick: () => ctx.openLink(url) },
    text,
    icon("external"),
  );
}

function goToStep(ctx, stepId, id) {
  return h(
    "button",
    { type: "button", class: "btn small", id, onclick: () => ctx.go(stepId, { focus: true }) },
    `Go to step ${stepNumber(stepId)}: ${stepTitle(stepId)}`,
  );
}

// ------------------------------------------------------------------ the values

async function showValues(ctx, p, box) {
  let v;
  try {
    v = await api.atlanHandoff(p.id);
  } catch (err) {
    box.removeAttribute("aria-busy");
    replace(box, h("div", { class: "form-error", role: "alert", id: "atlan-error" }, h("p", null, err?.message ?? "The saved key could not be read.")));
    return;
  }
  box.removeAttribute("aria-busy");
  const hasKey = !!v.keyId;
  const hasSecret = !!v.secretStored;
  replace(
    box,
    hasKey && hasSecret ? null : missingKey(ctx, hasKey),
    h(
      "dl",
      { class: "handoff-fields", id: "atlan-fields" },
      row("authentication", WORDS.authentication, h("span", { class: "handoff-value plain" }, WORDS.authenticationChoice), null, "Atlan's default. Leave it as it is."),
      row(
        "key-id",
        label("key-id"),
        hasKey ? h("code", { class: "handoff-value", id: "atlan-key-id" }, v.keyId) : notSaved("atlan-key-id"),
        hasKey ? copyButton(ctx, p, "key-id") : null,
      ),
      row(
        "secret",
        label("secret"),
        hasSecret
          ? h(
              "span",
              { class: "handoff-value masked", id: "atlan-secret" },
              h("span", { "aria-hidden": "true" }, SECRET_MASK),
              h("span", { class: "visually-hidden" }, "Hidden"),
            )
          : notSaved("atlan-secret"),
        hasSecret ? copyButton(ctx, p, "secret") : null,
        `Not shown here. Copy puts it on the clipboard marked as a password, so clipboard history leaves it out, and takes it off after ${WORDS.clearAfterSeconds} s unless you have copied something else by then.`,
      ),
      row(
        "workspace",
        label("workspace"),
        h("code", { class: "handoff-value", id: "atlan-workspace" }, v.workspace),
        copyButton(ctx, p, "workspace"),
        "The workspace's name as it appears in its Mode address.",
      ),
      row(
        "host",
        label("host"),
        h("code", { class: "handoff-value", id: "atlan-host" }, v.host),
        copyButton(ctx, p, "host"),
        v.hostNote,
      ),
    ),
  );
  showSecretStatus(p);
}

function notSaved(id) {
  return h("span", { class: "handoff-value missing", id }, "Not saved yet");
}

/**
 * Unless the last check said Ready, says so before the hand-off: Atlan's own test and preflight
 * checks fail on the same problems, further from their fix.
 */
function notCheckedReady(ctx, p) {
  const r = p.lastReport;
  const verdict = r ? verdictOf(r) : null;
  if (verdict === "ready") return null;
  const [title, text] = !r
    ? ["The checks haven't run yet.", "Run them first: Atlan's Test Authentication and preflight checks fail on the same problems, with less help to fix them."]
    : verdict === "probably-ready"
      ? ["The last check left something to confirm by hand.", "Confirm it in Mode first, or Atlan's crawl may miss what the crawler can't view."]
      : ["The last check says this workspace is not ready for Atlan yet.", "Fix what it lists first, or Atlan's Test Authentication and preflight checks will fail."];
  return h(
    "div",
    { class: "callout warn", role: "note", id: "atlan-not-ready" },
    icon("alert"),
    h(
      "div",
      null,
      h("p", null, h("strong", null, title), " ", text),
      h("div", { class: "inline-actions" }, goToStep(ctx, "check", "atlan-go-check")),
    ),
  );
}

function missingKey(ctx, hasKey) {
  return h(
    "div",
    { class: "callout warn", role: "note", id: "atlan-no-key" },
    icon("alert"),
    h(
      "div",
      null,
      h("p", null, h("strong", null, hasKey ? "The key's secret isn't saved yet." : "No API key is saved for this workspace yet.")),
      h(
        "p",
        null,
        `Create the key in Mode and save its Key ID and secret in step ${stepNumber("api-key")}, then come back here to copy them into Atlan.`,
      ),
      h("div", { class: "inline-actions" }, goToStep(ctx, "api-key", "atlan-go-api-key")),
    ),
  );
}

/** One value of Atlan's form: its label, the value, a Copy button and a line about it. */
function row(field, name, value, button, hint = null) {
  const hintId = hint ? `atlan-${field}-hint` : null;
  if (button && hintId) button.setAttribute("aria-describedby", hintId);
  return h(
    "div",
    { class: "handoff-row", dataset: { field } },
    h("dt", null, name),
    h(
      "dd",
      null,
      h("div", { class: "handoff-line" }, value, button, button ? h("span", { class: "copy-note", id: `copy-${field}-status` }) : null),
      hint ? h("p", { class: "hint", id: hintId }, hint) : null,
    ),
  );
}

function copyButton(ctx, p, field) {
  const what = label(field);
  return h(
    "button",
    {
      type: "button",
      class: "btn small",
      id: `copy-${field}-btn`,
      "aria-label": `Copy ${what}`,
      onclick: (e) => (field === "secret" ? copySecret(ctx, p, e.currentTarget) : copyPlain(ctx, p, field, e.currentTarget)),
    },
    icon("copy"),
    "Copy",
  );
}

async function copyPlain(ctx, p, field, btn) {
  const note = $(`copy-${field}-status`);
  btn.disabled = true;
  try {
    await api.copyForAtlan(p.id, field);
    for (const other of document.querySelectorAll(".handoff-row:not([data-field='secret']) .copy-note")) setNote(other, null, "");
    setNote(note, "ok", "Copied");
    ctx.announce(`${label(field)} copied.`);
  } catch (err) {
    setNote(note, "error", err?.message ?? "Could not copy.");
  } finally {
    btn.disabled = false;
  }
}

async function copySecret(ctx, p, btn) {
  const copy = ++copies;
  // Rust's time starts between the click and its reply: count from the click, so the line never
  // promises more time than the secret has left.
  const clicked = Date.now();
  btn.disabled = true;
  try {
    const r = await api.copyForAtlan(p.id, "secret", (outcome) => secretCleared(ctx, copy, outcome));
    const seconds = r?.clearedInSeconds ?? WORDS.clearAfterSeconds;
    if (copy === copies) {
      secretCopy = { profileId: p.id, copy, until: clicked + seconds * 1000, outcome: null };
      ctx.announce(`Secret copied. It will be cleared from the clipboard in ${seconds} seconds.`);
      showSecretStatus(p);
    }
  } catch (err) {
    setNote($("copy-secret-status"), "error", err?.message ?? "Could not copy.");
  } finally {
    btn.disabled = false;
  }
}

function secretCleared(ctx, copy, outcome) {
  if (!secretCopy || secretCopy.copy !== copy || outcome === "copied-again") return;
  secretCopy.outcome = outcome;
  ctx.announce(clearedText(outcome));
  const p = ctx.profile();
  if (p) showSecretStatus(p);
}

/** The secret's line: "Copied; cleared in 27 s", then what became of it. Counts down each second. */
function showSecretStatus(p) {
  clearInterval(ticker);
  const note = $("copy-secret-status");
  if (!note || !secretCopy || secretCopy.profileId !== p.id) return;
  if (secretCopy.outcome) {
    setNote(note, secretCopy.outcome === "failed" ? "error" : "ok", clearedText(secretCopy.outcome));
    return;
  }
  const draw = () => {
    const left = Math.max(0, Math.ceil((secretCopy.until - Date.now()) / 1000));
    setNote(note, "ok", left > 0 ? `Copied; cleared in ${left} s` : "Clearing…");
  };
  draw();
  ticker = setInterval(() => {
    if (!note.isConnected || !secretCopy || secretCopy.outcome) {
      clearInterval(ticker);
      return;
    }
    draw();
  }, 1000);
}

function setNote(el, tone, text) {
  if (!el) return;
  el.dataset.tone = tone ?? "";
  replace(el, tone === "ok" ? icon("pass") : tone === "error" ? icon("alert") : null, text);
}

// ------------------------------------------------------------------ Atlan's preflight checks

function preflightSection(ctx) {
  return h(
    "section",
    { class: "step-section", "aria-labelledby": "preflight-title" },
    h("h3", { id: "preflight-title" }, "If Atlan's preflight checks fail"),
    h(
      "dl",
      { class: "cases preflight", id: "preflight-cases" },
      WORDS.preflightChecks.map((c) => [
        h("dt", null, `${c.name}: “${c.failure}”`),
        h(
          "dd",
          null,
          h("span", null, c.fix),
          c.step ? h("span", { class: "case-action" }, goToStep(ctx, c.step, `preflight-${c.step}-${c.name.split(" ")[0].toLowerCase()}`)) : null,
        ),
      ]),
    ),
    h("div", { class: "inline-actions" }, guideButton(ctx, WORDS.preflightUrl, "Atlan's list of preflight checks", "atlan-preflight-btn")),
  );
}
