// Step 4: run the checks, show progress and results.

import {
  CHECK_IDS,
  resultRows,
  progressText,
  statusSummaryText,
  accessLabel,
  viaLabel,
  lacksView,
  sortConnections,
  connectionSummary,
  countsText,
  formatDateTime,
  keyKindLabel,
  expiryText,
  stepTitle,
  resultLabel,
  verdictOf,
  verdictTitle,
  runByText,
} from "./logic.js";
import { h, replace, icon } from "./dom.js";
import { detailsBlock } from "./widgets.js";

const $ = (id) => document.getElementById(id);

/** Builds the body of the check step from the current run (if any) or the last report. */
export function renderCheckStep(ctx, p) {
  const run = activeRun(ctx, p);
  const report = p.lastReport;
  const runBtn = h(
    "button",
    { type: "button", class: "btn primary large", id: "run-checks-btn", onclick: () => ctx.runChecks() },
    icon("play"),
    h("span", { class: "btn-label" }, report ? "Re-check" : "Run checks"),
  );
  const cancelBtn = h(
    "button",
    { type: "button", class: "btn", id: "cancel-btn", onclick: () => ctx.cancelChecks() },
    "Cancel",
  );

  const body = [
    h(
      "p",
      { class: "lead" },
      "The app signs in to Mode with your key, the same way Atlan's crawler will, and looks at what the crawler can see. It only reads; it changes nothing in Mode.",
    ),
    h("div", { id: "headline", class: "headline" }),
    h(
      "div",
      { class: "run-bar" },
      runBtn,
      h(
        "div",
        { class: "progress-wrap", id: "progress" },
        h(
          "div",
          { class: "progress-lines" },
          h("p", { class: "progress-text", id: "progress-text" }),
          h("progress", { id: "progress-bar", max: String(CHECK_IDS.length), value: "0", "aria-labelledby": "progress-text" }),
          h("p", { class: "progress-message", id: "progress-message", "aria-live": "polite" }),
        ),
        cancelBtn,
      ),
    ),
    h("div", { id: "run-feedback", class: "run-feedback" }),
    h(
      "div",
      { class: "section-head" },
      h("h3", { id: "results-title" }, "Results"),
      h("p", { class: "muted", id: "status-summary" }),
    ),
    h(
      "ol",
      { class: "results", id: "results", "aria-labelledby": "results-title", "aria-live": "polite" },
      resultRows(run ? run.results : report?.checks, !!run).map((r) => resultRow(ctx, r)),
    ),
    h("section", { class: "connections", id: "connections-section", "aria-labelledby": "connections-title" }),
  ];
  // Fill the dynamic parts once the nodes exist (they are looked up by id).
  queueMicrotask(() => updateCheckRun(ctx, { initial: true }));
  return body;
}

function activeRun(ctx, p) {
  const run = ctx.state.run;
  return run && p && run.profileId === p.id ? run : null;
}

/**
 * Brings the visible check step up to date. Safe to call when the step isn't shown.
 * opts.started / opts.finished / opts.check (a CheckResult that just arrived).
 */
export function updateCheckRun(ctx, opts = {}) {
  const p = ctx.profile();
  if (!p) return;
  if (!$("results")) return;
  if (opts.finished) {
    // Rebuild from the new report; keep keyboard focus somewhere sensible.
    const hadFocus = document.activeElement;
    const lost = !hadFocus || hadFocus === document.body || hadFocus.id === "cancel-btn" || !hadFocus.isConnected;
    ctx.go("check");
    if (lost || !document.activeElement || document.activeElement === document.body) $("run-checks-btn")?.focus();
    return;
  }
  const run = activeRun(ctx, p);
  const report = p.lastReport;

  if (opts.started && document.activeElement?.id === "run-checks-btn") {
    queueMicrotask(() => $("cancel-btn")?.focus());
  }
  syncRows(ctx, resultRows(run ? run.results : report?.checks, !!run));

  // Run button, progress, cancel.
  const runBtn = $("run-checks-btn");
  runBtn.disabled = !!run;
  runBtn.querySelector(".btn-label").textContent = run ? "Checking…" : report ? "Re-check" : "Run checks";
  const prog = $("progress");
  prog.dataset.active = run ? "true" : "false";
  const bar = $("progress-bar");
  const cancel = $("cancel-btn");
  if (run) {
    bar.max = run.total || CHECK_IDS.length;
    bar.value = Math.min(run.done, bar.max);
    $("progress-text").textContent = progressText(run);
    $("progress-message").textContent = run.stopping ? "Stopping…" : run.message || "";
    cancel.disabled = !!run.stopping;
    cancel.textContent = run.stopping ? "Stopping…" : "Cancel";
  } else {
    bar.value = 0;
    $("progress-text").textContent = "";
    $("progress-message").textContent = "";
    cancel.disabled = true;
  }
  prog.setAttribute("aria-hidden", run ? "false" : "true");

  renderHeadline(p, run);
  renderFeedback(ctx);

  const checks = run ? run.results : report?.checks;
  $("status-summary").textContent = checks?.length ? statusSummaryText(checks) : run ? "" : "Nothing checked yet.";

  renderConnections(ctx, run ? null : report);
}

/** " by the watch" when the report shown is the watch's (or `mode-setup check`'s) latest run. */
function checkedBy(p, report) {
  const last = p?.history?.at(-1);
  if (!last || last.by === "window" || Date.parse(last.at) !== Date.parse(report.checked_at)) return "";
  return ` ${runByText(last.by)}`;
}

function renderHeadline(p, run) {
  const box = $("headline");
  const report = p.lastReport;
  if (run) {
    box.dataset.tone = "running";
    replace(
      box,
      h("span", { class: "headline-icon" }, h("span", { class: "spinner" })),
      h("div", null, h("p", { class: "headline-title" }, "Checking your workspace…"), h("p", { class: "headline-text" }, `${p.workspace} on ${hostOf(p.host)}`)),
    );
    return;
  }
  if (!report) {
    box.dataset.tone = "none";
    replace(
      box,
      h("span", { class: "headline-icon" }, icon("info")),
      h(
        "div",
        null,
        h("p", { class: "headline-title" }, "Not checked yet"),
        h("p", { class: "headline-text" }, "Run the checks to see whether Atlan's crawler can read your workspace."),
      ),
    );
    return;
  }
  const verdict = verdictOf(report);
  box.dataset.tone = verdict === "ready" ? "ready" : verdict === "probably-ready" ? "probably" : "not-ready";
  const key = report.key ?? {};
  const meta = [
    report.checked_at ? `Checked ${formatDateTime(report.checked_at)}${checkedBy(p, report)}` : null,
    key.kind ? keyKindLabel(key.kind) : null,
    Number.isFinite(key.days_left) ? expiryText(key.days_left).text.toLowerCase() : null,
  ].filter(Boolean);
  replace(
    box,
    h("span", { class: "headline-icon" }, icon(verdict === "ready" ? "pass" : "warn")),
    h(
      "div",
      null,
      h("p", { class: "headline-title" }, verdictTitle(report)),
      h("p", { class: "headline-text" }, report.headline),
      verdict === "probably-ready" && report.to_confirm?.length
        ? h(
            "ul",
            { class: "to-confirm", id: "to-confirm", "aria-label": "Left to confirm by hand" },
            ...report.to_confirm.map((what) => h("li", null, what.charAt(0).toUpperCase() + what.slice(1))),
          )
        : null,
      meta.length ? h("p", { class: "headline-meta", id: "last-checked-at" }, meta.join(" · ")) : null,
    ),
  );
}

function renderFeedback(ctx) {
  const box = $("run-feedback");
  const err = ctx.state.runError;
  const note = ctx.state.runNote;
  if (err) {
    replace(
      box,
      h(
        "div",
        { class: "callout fail", role: "alert", id: "run-error" },
        icon("alert"),
        h(
          "div",
          null,
          h("p", null, h("strong", null, "The checks couldn't run. "), err.message),
          needsKey(err)
            ? h("button", { type: "button", class: "btn small", onclick: () => ctx.go("api-key", { focus: true }) }, `Go to ${stepTitle("api-key")}`)
            : null,
          detailsBlock(err.details),
        ),
      ),
    );
  } else if (note) {
    replace(box, h("div", { class: "callout info", role: "status", id: "run-note" }, icon("info-circle"), h("p", null, note)));
  } else {
    replace(box);
  }
}

/** True when the checks couldn't start because the key's ID or secret isn't saved yet. */
function needsKey(err) {
  return err.kind === "invalid_input" && (err.field === "keyId" || err.field === "secret");
}

const MARK_ICON = { pass: "pass", warn: "warn", fail: "fail", skip: "skip", pending: "pending", running: "running", idle: "idle" };

/** Replaces only the rows whose content changed, so the live region announces just those. */
function syncRows(ctx, rows) {
  const list = $("results");
  const existing = new Map([...list.children].map((li) => [li.dataset.check, li]));
  let prev = null;
  for (const r of rows) {
    const key = rowKey(r);
    let li = existing.get(r.id);
    if (!li || li.dataset.key !== key) {
      const fresh = resultRow(ctx, r);
      if (li) li.replaceWith(fresh);
      else if (prev) prev.after(fresh);
      else list.prepend(fresh);
      li = fresh;
    }
    existing.delete(r.id);
    prev = li;
  }
  for (const li of existing.values()) li.remove();
}

function rowKey(r) {
  return JSON.stringify([r.status, r.title, r.summary, r.fix, r.link, r.details, r.confirm]);
}

function resultRow(ctx, r) {
  const label = resultLabel(r);
  const titleId = `check-title-${r.id}`;
  return h(
    "li",
    { class: "result", dataset: { check: r.id, status: r.status, key: rowKey(r) } },
    h(
      "span",
      { class: "mark", dataset: { tone: label.tone } },
      r.status === "running" ? h("span", { class: "spinner small" }) : icon(MARK_ICON[r.status] ?? "pending"),
      h("span", { class: "mark-word" }, label.word),
    ),
    h(
      "div",
      { class: "result-body" },
      h("h4", { class: "result-title", id: titleId }, r.title),
      h("p", { class: "result-summary" }, r.summary || ""),
      r.fix ? h("p", { class: "result-fix" }, h("strong", null, "How to fix: "), r.fix) : null,
      r.link || r.details
        ? h(
            "div",
            { class: "result-actions" },
            r.link
              ? h(
                  "button",
                  { type: "button", class: "btn small open-in-mode", "aria-label": `Open in Mode: ${r.title}`, onclick: () => ctx.openLink(r.link) },
                  "Open in Mode",
                  icon("external"),
                )
              : null,
            detailsBlock(r.details),
          )
        : null,
    ),
  );
}

function renderConnections(ctx, report) {
  const sec = $("connections-section");
  if (!report) {
    sec.hidden = true;
    replace(sec);
    return;
  }
  sec.hidden = false;
  const conns = sortConnections(report.connections);
  const missing = (report.connections ?? []).filter((c) => lacksView(c.access)).length;
  replace(
    sec,
    h("div", { class: "section-head" }, h("h3", { id: "connections-title" }, "What the crawler can see")),
    h("p", { class: "counts", id: "counts" }, countsText(report.counts)),
    h("p", { class: missing ? "conn-summary warn" : "conn-summary" }, missing ? icon("alert") : icon("pass"), connectionSummary(report.connections)),
    conns.length
      ? h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            { id: "connections-table", class: "conn-table" },
            h("caption", { class: "visually-hidden" }, "The crawler's access to each connection"),
            h(
              "thead",
              null,
              h(
                "tr",
                null,
                h("th", { scope: "col" }, "Connection"),
                h("th", { scope: "col" }, "Access"),
                h("th", { scope: "col" }, "How"),
                h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Open in Mode")),
              ),
            ),
            h(
              "tbody",
              null,
              conns.map((c) => {
                const a = accessLabel(c.access);
                const lacking = lacksView(c.access);
                return h(
                  "tr",
                  { class: lacking ? "lacking" : null, dataset: { access: c.access ?? "unknown", token: c.token ?? "" } },
                  h("th", { scope: "row" }, c.name || c.token || "Unnamed connection"),
                  h("td", null, h("span", { class: "mark small", dataset: { tone: a.tone } }, icon(a.tone === "pass" ? "pass" : a.tone === "fail" ? "fail" : "warn"), h("span", { class: "mark-word" }, a.word))),
                  h("td", { class: "muted" }, viaLabel(c.via)),
                  h(
                    "td",
                    { class: "cell-action" },
                    c.link
                      ? h(
                          "button",
                          {
                            type: "button",
                            class: lacking ? "btn small open-in-mode" : "btn small ghost open-in-mode",
                            "aria-label": `Open in Mode: ${c.name || c.token}`,
                            onclick: () => ctx.openLink(c.link),
                          },
                          "Open in Mode",
                          icon("external"),
                        )
                      : null,
                  ),
                );
              }),
            ),
          ),
        )
      : null,
  );
}

function hostOf(host) {
  try {
    return new URL(host).host;
  } catch {
    return host ?? "";
  }
}

