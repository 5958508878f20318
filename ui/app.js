// Mode Setup Assistant: window controller (state, screens, navigation).

import * as api from "./api.js";
import {
  STEP_IDS,
  stepTitle,
  stepNumber,
  isAdminStep,
  stepState,
  stepSubLabel,
  firstOpenStep,
  doneCount,
  needsAdmin,
  normalizeSettings,
} from "./logic.js";
import { h, replace, icon } from "./dom.js";
import { renderStep, onStepDoneChanged } from "./steps.js";

import { setupDialogs, openAdminDialog, openRemoveDialog } from "./dialogs.js";
import { detailsBlock } from "./widgets.js";
import { startScreen, switchProfile, removeProfile } from "./start.js";
import { runChecks, cancelChecks } from "./run.js";
import { onOpenStep, onCheckNow } from "./events.js";

const $ = (id) => document.getElementById(id);

/** Everything the window knows. Secrets are never kept here. */
const state = {
  version: "",
  profiles: [],
  activeId: null,
  notices: [],
  dismissed: new Set(),
  view: "loading", // loading | start | checklist | fatal
  adding: false,
  step: "invite",
  secretStored: null,
  run: null, // {profileId, runId, done, total, etaSeconds, message, results: CheckResult[], stopping}
  runError: null,
  runNote: null,
  fatal: null,
  settings: null, // {thresholds, startAtLogin} as last saved, or null when they couldn't be read
  settingsError: null,
};

// ------------------------------------------------------------------ context handed to screens

const ctx = {
  state,
  profile: () => state.profiles.find((p) => p.id === state.activeId) ?? null,
  go,
  refresh,
  openLink,
  toast,
  announce,
  runChecks: () => runChecks(ctx),
  cancelChecks: () => cancelChecks(ctx),
  setStepDone,
  stepDoneChanged: (stepId) => onStepDoneChanged(ctx, stepId),
  openAdminDialog: (opener) => openAdminDialog(ctx, opener),
  renderChecklist,
  updateNav,
  loadSettings,
  saveSettings,
  render: () => render(),
  renderSwitcher: () => renderSwitcher(),
  defaultStep: (p) => defaultStep(p),
  refreshSecretStatus: () => refreshSecretStatus(),
};

// ------------------------------------------------------------------ boot

async function boot() {
  setupDialogs(ctx);
  $("add-workspace-btn").addEventListener("click", () => {
    state.adding = true;
    state.view = "start";
    render();
  });
  $("remove-workspace-btn").addEventListener("click", (e) => {
    const p = ctx.profile();
    if (p) openRemoveDialog(ctx, p, e.currentTarget, (id) => removeProfile(ctx, id));
  });
  $("profile-select").addEventListener("change", (e) => switchProfile(ctx, e.target.value));

  api.appInfo().then(
    (info) => {
      state.version = info?.version ?? "";
      $("app-version").textContent = state.version ? `Version ${state.version}` : "";
    },
    () => {},
  );

  // Events from a clicked reminder or the tray menu can arrive while the window is still loading:
  // they wait until the first screen is drawn.
  const later = (fn) => (payload) => booted.then(() => fn(payload ?? {}));
  try {
    await api.onOpenStep(later((payload) => onOpenStep(ctx, payload)));
    await api.onCheckNow(later((payload) => onCheckNow(ctx, payload)));
    // The watch re-ran a workspace's checks: keep the step list's ticks current. The open step is
    // left as it is, so nothing moves under the person's cursor.
    await api.onProfileUpdated(later(() => refresh({ keepActive: true }).then(updateNav, () => {})));
  } catch {
    // Without these, reminders and the tray still work; the window just doesn't jump to the step.
  }

  try {
    await Promise.all([refresh(), loadSettings()]);
  } catch (err) {
    state.view = "fatal";
    state.fatal = err;
    render();
    return;
  }
  const p = ctx.profile();
  state.view = p ? "checklist" : "start";
  if (p) state.step = defaultStep(p);
  render();
  bootDone();
  // After the next paint: report that the first screen is on display.
  requestAnimationFrame(() => setTimeout(() => api.uiReady(state.view).catch(() => {}), 0));
}

let bootDone = () => {};
const booted = new Promise((resolve) => {
  bootDone = resolve;
});

function defaultStep(p) {
  return p.lastReport ? "check" : firstOpenStep(p);
}

/**
 * Reloads profiles from Rust; the caller re-renders. With `keepActive`, the workspace on screen
 * stays the one shown, whatever another window or `mode-setup` saved as active meanwhile.
 */
async function refresh({ keepActive = false } = {}) {
  const s = await api.loadState();
  state.profiles = Array.isArray(s?.profiles) ? s.profiles : [];
  const wanted = keepActive && state.activeId ? state.activeId : (s?.activeProfile ?? state.activeId);
  state.activeId = state.profiles.some((p) => p.id === wanted) ? wanted : (state.profiles[0]?.id ?? null);
  for (const n of s?.notices ?? []) if (!state.notices.includes(n)) state.notices.push(n);
  renderNotices();
  await refreshSecretStatus();
}

async function refreshSecretStatus() {
  const p = ctx.profile();
  state.secretStored = null;
  if (!p) return;
  try {
    const r = await api.secretStatus(p.id);
    state.secretStored = !!r?.stored;
  } catch {
    state.secretStored = null;
  }
}

// ------------------------------------------------------------------ top-level render

function render() {
  renderSwitcher();
  renderNotices();
  const main = $("main");
  if (state.view === "fatal") {
    replace(main, fatalScreen(state.fatal));
  } else if (state.view === "start") {
    replace(main, startScreen(ctx));
  } else if (state.view === "checklist" && ctx.profile()) {
    renderChecklist();
  }
}

function renderSwitcher() {
  const wrap = $("profile-switcher");
  const show = state.view === "checklist" && state.profiles.length > 0;
  wrap.hidden = !show;
  if (!show) return;
  $("profile-select-wrap").hidden = state.profiles.length < 2;
  const sel = $("profile-select");
  replace(
    sel,
    state.profiles.map((p) =>
      h("option", { value: p.id, selected: p.id === state.activeId }, p.practice ? `${p.workspace} (practice)` : p.workspace),
    ),
  );
  sel.value = state.activeId ?? "";
  sel.disabled = !!state.run;
  $("remove-workspace-btn").disabled = !!state.run;
  $("add-workspace-btn").disabled = !!state.run;
}

function renderNotices() {
  const box = $("notices");
  const list = state.notices.filter((n) => !state.dismissed.has(n));
  box.hidden = list.length === 0;
  replace(
    box,
    list.map((text) =>
      h(
        "div",
        { class: "notice" },
        icon("info-circle"),
        h("p", null, text),
        h(
          "button",
          {
            type: "button",
            class: "btn ghost icon-only",
            "aria-label": "Dismiss this notice",
            onclick: () => {
              state.dismissed.add(text);
              renderNotices();
              $("main").focus();
            },
          },
          icon("close"),
        ),
      ),
    ),
  );
}

function fatalScreen(err) {
  return h(
    "div",
    { class: "center-screen" },
    h(
      "div",
      { class: "card fatal", role: "alert" },
      h("h1", null, "The app couldn't start"),
      h("p", null, err?.message ?? "Something went wrong while loading your saved workspaces."),
      detailsBlock(err?.details),
      h("div", { class: "actions" }, h("button", { type: "button", class: "btn primary", onclick: () => location.reload() }, "Try again")),
    ),
  );
}

// ------------------------------------------------------------------ Checklist

function renderChecklist() {
  const p = ctx.profile();
  if (!p) return;
  const main = $("main");
  const done = doneCount(p);
  const header = h(
    "header",
    { class: "ws-header" },
    h(
      "div",
      { class: "ws-id" },
      h(
        "div",
        { class: "ws-title-row" },
        h("h1", { id: "workspace-title", tabindex: "-1" }, h("span", { class: "visually-hidden" }, "Workspace "), p.workspace),
        p.practice ? h("span", { class: "badge practice", id: "practice-badge" }, "Practice workspace") : null,
      ),
      h(
        "p",
        { class: "ws-meta" },
        h("span", { id: "ws-host" }, p.practice ? "Built-in practice server, nothing is sent to Mode" : hostLabel(p.host)),
        h("span", null, "Crawler account: ", h("strong", null, p.serviceAccount || "not set")),
      ),
    ),
    needsAdmin(p) ? adminCard() : null,
  );

  const nav = h(
    "nav",
    { class: "steps-nav", "aria-labelledby": "steps-heading" },
    h(
      "div",
      { class: "nav-head" },
      h("h2", { id: "steps-heading", class: "nav-heading" }, "Setup steps"),
      h("span", { class: "nav-count", id: "ws-progress" }, `${done} of ${STEP_IDS.length} done`),
    ),
    h(
      "ol",
      { class: "steps", id: "steps-list" },
      STEP_IDS.map((id, i) =>
        h(
          "li",
          null,
          h(
            "button",
            { type: "button", class: "step-btn", id: `step-${id}`, dataset: { step: id }, onclick: () => go(id, { reveal: true }) },
            h("span", { class: "step-mark", "aria-hidden": "true" }),
            h(
              "span",
              { class: "step-text" },
              h("span", { class: "step-title" }, h("span", { class: "visually-hidden" }, `Step ${i + 1}: `), stepTitle(id)),
              h("span", { class: "step-sub" }),
            ),
          ),
        ),
      ),
    ),
  );

  const panel = h("section", { class: "step-panel", id: "step-panel", "aria-labelledby": "step-title" });
  replace(main, h("div", { class: "checklist" }, header, h("div", { class: "ws-body" }, nav, panel)));
  renderSwitcher();
  updateNav();
  renderPanel();
}

function adminCard() {
  return h(
    "div",
    { class: "admin-notice", id: "admin-card", role: "region", "aria-labelledby": "admin-card-title" },
    h("span", { class: "admin-notice-icon" }, icon("user")),
    h(
      "div",
      { class: "admin-notice-text" },
      h("h2", { id: "admin-card-title" }, "This needs your Mode admin"),
      h("p", null, `${adminStepsText()} wait for their part. You can run the checks any time.`),
    ),
    h(
      "button",
      { type: "button", class: "btn", id: "ask-admin-btn", onclick: (e) => ctx.openAdminDialog(e.currentTarget) },
      icon("mail"),
      "Ask your Mode admin",
    ),
  );
}

/** "Steps 1 to 3": the steps a Mode admin does, by number. */
function adminStepsText() {
  const nums = STEP_IDS.filter(isAdminStep).map(stepNumber);
  if (nums.length === 1) return `Step ${nums[0]}`;
  return `Steps ${nums[0]} to ${nums.at(-1)}`;
}

function hostLabel(host) {
  try {
    return new URL(host).host;
  } catch {
    return host ?? "";
  }
}

/** Updates ticks, sub-labels and the selected step without rebuilding anything. */
function updateNav() {
  const p = ctx.profile();
  if (!p) return;
  const running = state.run && state.run.profileId === p.id ? state.run : null;
  STEP_IDS.forEach((id, i) => {
    const btn = $(`step-${id}`);
    if (!btn) return;
    const st = stepState(p, id);
    const waiting = !st.done && needsAdmin(p) && isAdminStep(id);
    const isRunning = id === "check" && !!running;
    btn.dataset.state = isRunning ? "running" : st.done ? "done" : waiting ? "waiting" : "todo";
    if (id === state.step) btn.setAttribute("aria-current", "step");
    else btn.removeAttribute("aria-current");
    const mark = btn.querySelector(".step-mark");
    replace(mark, st.done ? icon("pass") : isRunning ? h("span", { class: "spinner small" }) : String(i + 1));
    btn.querySelector(".step-sub").textContent = stepSubLabel(p, id, { running });
  });
  const prog = $("ws-progress");
  if (prog) prog.textContent = `${doneCount(p)} of ${STEP_IDS.length} done`;
}

function renderPanel() {
  const panel = $("step-panel");
  if (!panel) return;
  panel.scrollTop = 0;
  replace(panel, renderStep(ctx, state.step));
}

/**
 * Shows a step. `focus`: move focus to the step's heading (when not coming from the step list).
 * `reveal`: when the step opens out of sight, below the step list (in a small or zoomed window),
 * scroll to it and move focus to its heading, so the keyboard carries on from there.
 */
function go(stepId, { focus = false, reveal = false } = {}) {
  if (!STEP_IDS.includes(stepId)) return;
  state.step = stepId;
  updateNav();
  renderPanel();
  if (focus) $("step-title")?.focus();
  const main = $("main").getBoundingClientRect();
  if (reveal && $("step-title")?.getBoundingClientRect().bottom > main.bottom) {
    $("main").scrollTop += $("step-panel").getBoundingClientRect().top - main.top;
    $("step-title").focus({ preventScroll: true });
  }
}

async function setStepDone(stepId, done) {
  const p = ctx.profile();
  if (!p) return;
  try {
    const updated = await api.setStep(p.id, stepId, done);
    replaceProfile(updated);
  } catch (err) {
    toast(err.message, "error");
    return;
  }
  updateNav();
  onStepDoneChanged(ctx, stepId);
  announce(done ? `${stepTitle(stepId)} marked as done.` : `${stepTitle(stepId)} marked as not done.`);
}

function replaceProfile(updated) {
  if (!updated || !updated.id) return;
  const i = state.profiles.findIndex((p) => p.id === updated.id);
  if (i >= 0) state.profiles[i] = updated;
  else state.profiles.push(updated);
}

// ------------------------------------------------------------------ settings

/** Reads the reminder settings from Rust. Never throws: a failure is kept in state.settingsError. */
async function loadSettings() {
  try {
    state.settings = normalizeSettings(await api.getSettings());
    state.settingsError = null;
  } catch (err) {
    state.settingsError = err;
  }
}

let settingsQueue = Promise.resolve();

/**
 * Saves a change to the settings (e.g. `{startAtLogin: true}`). Saves run one after another, and each
 * starts from what was last saved, so two quick changes can't undo each other.
 * @returns {Promise<{thresholds: number[], startAtLogin: boolean, watchEvery: string}>} what Rust saved
 */
function saveSettings(change) {
  const job = settingsQueue.then(async () => {
    const base = state.settings ?? normalizeSettings(null);
    const next = { ...base, ...change };
    const sent = { thresholds: [...next.thresholds], startAtLogin: !!next.startAtLogin, watchEvery: next.watchEvery };
    const saved = normalizeSettings((await api.setSettings(sent)) ?? next);
    state.settings = saved;
    state.settingsError = null;
    return saved;
  });
  settingsQueue = job.catch(() => {});
  return job;
}

// ------------------------------------------------------------------ links, toasts, announcements

async function openLink(url) {
  if (!url) return;
  try {
    await api.openLink(ctx.profile()?.id ?? null, url);
  } catch (err) {
    toast(err.message, "error");
  }
}

let toastTimer = 0;
function toast(message, tone = "info") {
  const el = $("toast");
  el.dataset.tone = tone;
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    el.hidden = true;
    el.textContent = "";
  }, tone === "error" ? 9000 : 4000);
}

function announce(text) {
  const el = $("announcer");
  el.textContent = "";
  setTimeout(() => {
    el.textContent = text;
  }, 50);
}

boot();
