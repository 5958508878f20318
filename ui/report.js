// Step 6: export the setup report.

import * as api from "./api.js";
import { formatDateTime, statusSummaryText, savedText, formatName, runOutcome, runByText } from "./logic.js";
import { h, icon, replace } from "./dom.js";
import { busy, showFormError } from "./widgets.js";

const $ = (id) => document.getElementById(id);

export function reportBody(ctx, p) {
  const r = p.lastReport;
  const status = h("p", { class: "status-line saved-line", id: "export-status", role: "status", "aria-live": "polite" });
  const errorBox = h("div", { class: "form-error", id: "export-error", role: "alert", hidden: true });

  const buttons = [
    ["html", "export-html-btn", "Export as HTML", "btn primary"],
    ["markdown", "export-markdown-btn", "Markdown", "btn"],
    ["json", "export-json-btn", "JSON", "btn"],
  ].map(([format, id, label, cls]) =>
    h(
      "button",
      {
        type: "button",
        class: cls,
        id,
        dataset: { format },
        "aria-label": format === "html" ? null : `Export as ${formatName(format)}`,
      },
      format === "html" ? icon("doc") : null,
      label,
    ),
  );

  for (const btn of buttons) {
    btn.addEventListener("click", async () => {
      // Focus comes back here afterwards, even though the step's footer is redrawn meanwhile.
      const hadFocus = document.activeElement === btn;
      const others = buttons.filter((b) => b !== btn);
      for (const b of others) b.disabled = true;
      errorBox.hidden = true;
      replace(status);
      try {
        await busy(btn, "Saving…", async () => {
          try {
            const res = await api.exportReport(p.id, btn.dataset.format);
            const text = savedText(res);
            if (text) {
              status.dataset.tone = "ok";
              replace(status, icon("pass"), `${text}`);
              ctx.announce(`The report was saved as ${formatName(btn.dataset.format)}.`);
              // Exporting ticks the Report step on the Rust side: show it in the step list.
              await ctx.refresh().then(
                () => {
                  ctx.updateNav();
                  ctx.stepDoneChanged?.("report");
                },
                () => {},
              );
            }
          } catch (err) {
            showFormError(errorBox, { ...err, message: `The report wasn't saved. ${err.message}` });
          }
        });
      } finally {
        for (const b of others) b.disabled = false;
        if (!btn.isConnected) return;
        if (hadFocus || !document.activeElement || document.activeElement === document.body) btn.focus();
      }
    });
  }

  return [
    h(
      "p",
      { class: "lead" },
      "Send the report to Atlan's team or to a security reviewer when they ask how Mode was set up. It never contains your API secret.",
    ),
    h(
      "div",
      { class: "stat-card", dataset: { tone: r ? (r.ready ? "ok" : "soon") : "unknown" }, id: "report-card" },
      icon("doc", "stat-icon"),
      h(
        "div",
        null,
        r
          ? h("p", { class: "stat-main" }, "Last checked ", h("strong", { id: "last-checked" }, formatDateTime(r.checked_at) || "at an unknown time"))
          : h("p", { class: "stat-main" }, "The checks haven't been run yet."),
        h(
          "p",
          { class: "stat-sub" },
          r
            ? `${r.headline ?? ""} ${statusSummaryText(r.checks)}${statusSummaryText(r.checks) ? "." : ""}`.trim()
            : "The report would show every check as not run. Run the checks first so it shows real results.",
        ),
      ),
      r
        ? null
        : h(
            "button",
            {
              type: "button",
              class: "btn small",
              id: "report-go-check-btn",
              onclick: () => {
                ctx.go("check");
                $("run-checks-btn")?.focus();
              },
            },
            "Go to the checks",
          ),
    ),
    historySection(p),
    h(
      "section",
      { class: "step-section", "aria-labelledby": "export-title" },
      h("h3", { id: "export-title" }, "Save the report"),
      h(
        "p",
        { class: "hint", id: "export-formats-hint" },
        "HTML opens in any web browser and is the easiest to read. Markdown suits tickets and wikis; JSON suits other tools.",
      ),
      h("div", { class: "export-row" }, buttons),
      status,
      errorBox,
    ),
    h(
      "section",
      { class: "step-section", "aria-labelledby": "report-contents-title" },
      h("h3", { id: "report-contents-title" }, "What the report lists"),
      h(
        "ul",
        { class: "plain-list" },
        h("li", null, "Every check, its result, how to fix it, and a link to the right page in Mode"),
        h("li", null, "Which connections the crawler can view, and how many collections, reports, queries and charts it found"),
        h("li", null, "This checklist, with the date each step was ticked"),
        h("li", null, "The history of the checks: every recorded run and what changed"),
        h("li", null, "The workspace, the key's type, Key ID and expiry date, but never the secret"),
      ),
    ),
  ];
}

/** How many runs the step lists; the exported report has them all. */
const SHOWN_RUNS = 8;

/** The timeline of recorded runs, newest first: when, the outcome, and what changed. */
function historySection(p) {
  const runs = [...(p.history ?? [])].reverse();
  const tone = (r) => (r.unfinished ? "unknown" : r.verdict === "ready" ? "ok" : r.verdict === "probably-ready" ? "soon" : "bad");
  const items = runs.slice(0, SHOWN_RUNS).map((r) =>
    h(
      "li",
      { class: "timeline-item", dataset: { tone: tone(r) } },
      h("p", { class: "timeline-head" }, h("strong", null, formatDateTime(r.at)), ` · ${runOutcome(r)} · ${runByText(r.by)}`, r.notified ? " · notified" : ""),
      (r.changes ?? []).length
        ? h(
            "ul",
            { class: "timeline-changes" },
            r.changes.map((c) => h("li", null, c.text)),
          )
        : null,
    ),
  );
  const more = runs.length - items.length;
  return h(
    "section",
    { class: "step-section", "aria-labelledby": "history-title" },
    h("h3", { id: "history-title" }, "History"),
    h("p", { class: "stat-main", id: "history-summary" }, p.historySummary ?? ""),
    runs.length
      ? h("ol", { class: "timeline", id: "history-list", "aria-label": "Recorded checks, newest first" }, items)
      : null,
    more > 0 ? h("p", { class: "hint" }, `${more} earlier ${more === 1 ? "check is" : "checks are"} in the exported report.`) : null,
  );
}
