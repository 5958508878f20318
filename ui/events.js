// Mode Setup Assistant: what a clicked reminder or the tray's "Check now" asks of the window.

import * as api from "./api.js";
import { STEP_IDS } from "./logic.js";

const $ = (id) => document.getElementById(id);

/**
 * Shows the given workspace's checklist, switching to it when needed.
 * @returns {Promise<boolean>} false when it couldn't (unknown workspace, or checks running elsewhere)
 */
async function showWorkspace(ctx, profileId) {
  if (ctx.state.view === "fatal" || ctx.state.view === "loading") return false;
  for (const dlg of document.querySelectorAll("dialog[open]")) dlg.close();
  const id = profileId || ctx.state.activeId;
  if (!ctx.state.profiles.some((p) => p.id === id)) {
    try {
      await ctx.refresh();
    } catch {
      // Judged below with what we have.
    }
  }
  const target = ctx.state.profiles.find((p) => p.id === id);
  if (!target) {
    ctx.toast("That workspace is no longer in this app.", "error");
    return false;
  }
  if (id !== ctx.state.activeId) {
    if (ctx.state.run) {
      const cur = ctx.profile();
      ctx.toast(`The checks are still running for ${cur?.workspace ?? "another workspace"}. When they finish, choose ${target.workspace} in the Workspace list.`, "error");
      return false;
    }
    try {
      await api.selectProfile(id);
      await ctx.refresh();
    } catch (err) {
      ctx.toast(err.message, "error");
      return false;
    }
    ctx.state.activeId = id;
    ctx.state.runError = null;
    ctx.state.runNote = null;
    ctx.state.adding = false;
    ctx.state.view = "checklist";
    ctx.render();
    return true;
  }
  if (ctx.state.view !== "checklist") {
    ctx.state.adding = false;
    ctx.state.view = "checklist";
    ctx.render();
  }
  return true;
}

/**
 * A notification was clicked: show the step it names. An expiry reminder opens the steps to replace
 * the key; the watch's notice of a change opens the check that changed, with its fix.
 */
export async function onOpenStep(ctx, { profileId, step, check }) {
  if (!(await showWorkspace(ctx, profileId))) return;
  const target = STEP_IDS.includes(step) ? step : "reminders";
  ctx.go(target);
  const rotation = target === "reminders" ? $("rotation-title") : null;
  const changed = target === "check" && typeof check === "string" ? $(`check-title-${check}`) : null;
  const focus = rotation ?? changed;
  if (focus) {
    focus.tabIndex = -1;
    focus.focus();
    focus.scrollIntoView({ block: rotation ? "start" : "center" });
  } else {
    $("step-title")?.focus();
  }
}

/** "Check now" from the tray: show the check step and run the checks. */
export async function onCheckNow(ctx, { profileId }) {
  if (!(await showWorkspace(ctx, profileId))) return;
  ctx.go("check");
  $("run-checks-btn")?.focus();
  if (!ctx.state.run) ctx.runChecks();
}
