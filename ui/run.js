// Mode Setup Assistant: a run of the checks from the window, its live progress and its end.

import * as api from "./api.js";
import { CHECK_IDS } from "./logic.js";
import { updateCheckRun } from "./checks.js";

export async function runChecks(ctx) {
  const p = ctx.profile();
  if (!p || ctx.state.run) return;
  ctx.state.run = {
    profileId: p.id,
    done: 0,
    total: CHECK_IDS.length,
    etaSeconds: null,
    message: "Starting the checks…",
    results: [],
    stopping: false,
  };
  ctx.state.runError = null;
  ctx.state.runNote = null;
  ctx.renderSwitcher();
  ctx.updateNav();
  updateCheckRun(ctx, { started: true });
  let finished = "";
  try {
    const run = ctx.state.run;
    const report = await api.runChecks(p.id, (payload) => onProgress(ctx, run, payload));
    if (report) p.lastReport = report;
    finished = report?.headline ? `Checks finished. ${report.headline}` : "Checks finished.";
  } catch (err) {
    if (err.kind === "cancelled") {
      ctx.state.runNote = "The checks were stopped before they finished. The results below are from the last complete run.";
      finished = "Checks stopped.";
    } else {
      ctx.state.runError = err;
      finished = "The checks couldn't run.";
    }
  }
  ctx.state.run = null;
  try {
    await ctx.refresh();
  } catch {
    // Keep what we have; the report above is already in place.
  }
  ctx.renderSwitcher();
  ctx.updateNav();
  updateCheckRun(ctx, { finished: true });
  ctx.announce(finished);
}

export async function cancelChecks(ctx) {
  if (!ctx.state.run) return;
  ctx.state.run.stopping = true;
  updateCheckRun(ctx, {});
  try {
    await api.cancelChecks();
  } catch (err) {
    ctx.state.run.stopping = false;
    updateCheckRun(ctx, {});
    ctx.toast(err.message, "error");
  }
}

function onProgress(ctx, run, payload) {
  if (!run || run !== ctx.state.run || !payload) return;
  if (payload.check && payload.check.id) {
    const i = run.results.findIndex((r) => r.id === payload.check.id);
    if (i >= 0) run.results[i] = payload.check;
    else run.results.push(payload.check);
  }
  if (Number.isFinite(payload.done)) run.done = payload.done;
  if (Number.isFinite(payload.total) && payload.total > 0) run.total = payload.total;
  run.etaSeconds = payload.etaSeconds ?? null;
  if (payload.message) run.message = payload.message;
  ctx.updateNav();
  updateCheckRun(ctx, { check: payload.check ?? null });
}
