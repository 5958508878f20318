// Mode Setup Assistant: window controller (state, screens, navigation).

import * as api from "./api.js";
import {
  CATALOG,
  STEP_IDS,
  CHECK_IDS,
  stepTitle,
  stepNumber,
  isAdminStep,
  stepState,
  stepSubLabel,
  firstOpenStep,
  doneCount,
  needsAdmin,
  validateStart,
  fieldFromError,
  normalizeSettings,
} from "./logic.js";
import { h, replace, icon } from "./dom.js";
import { renderStep, onStepDoneChanged } from "./steps.js";
import { updateCheckRun } from "./checks.js";
import { setupDialogs, openAdminDialog, openRemoveDialog } from "./dialogs.js";
import { detailsBlock, showFormError, busy } from "./widgets.js";

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
  runChecks,
  cancelChecks,
  setStepDone,
  stepDoneChanged: (stepId) => onStepDoneChanged(ctx, stepId),
  openAdminDialog: (opener) => openAdminDialog(ctx, opener),
  renderChecklist,
  updateNav,
  loadSettings,
  saveSettings,
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
    if (p) openRemoveDialog(ctx, p, e.currentTarget, removeProfile);
  });
  $("profile-select").addEventListener("change", (e) => switchProfile(e.target.value));

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
    await api.onOpenStep(later(onOpenStep));
    await api.onCheckNow(later(onCheckNow));
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

/** Reloads profiles from Rust; the caller re-renders. */
async function refresh() {
  const s = await api.loadState();
  state.profiles = Array.isArray(s?.profiles) ? s.profiles : [];
  const wanted = s?.activeProfile ?? state.activeId;
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
    replace(main, startScreen());
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


// ------------------------------------------------------------------ Start screen

function startScreen() {
  const adding = state.adding && state.profiles.length > 0;
  const errors = {};

  const wsInput = h("input", {
    id: "workspace-input",
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
    autocapitalize: "off",
    placeholder: `acme  or  ${CATALOG.defaultHost}/organizations/acme`,
    "aria-describedby": "workspace-hint workspace-error",
  });
  const wsHint = h("p", { id: "workspace-hint", class: "hint live-hint", "aria-live": "polite" }, defaultWsHint());
  const saInput = h("input", {
    id: "service-account-input",
    type: "text",
    value: CATALOG.defaultServiceAccount,
    autocomplete: "off",
    spellcheck: "false",
    autocapitalize: "off",
    "aria-describedby": "service-account-hint service-account-error",
  });
  const hostInput = h("input", {
    id: "host-input",
    type: "url",
    value: CATALOG.defaultHost,
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": "host-hint host-error",
  });
  const formError = h("div", { id: "start-error", class: "form-error", role: "alert", hidden: true });
  const continueBtn = h("button", { type: "submit", class: "btn primary large", id: "continue-btn" }, "Continue");
  const practiceBtn = h("button", { type: "button", class: "btn large", id: "practice-btn" }, "Open practice workspace");

  // Live "Workspace: acme" under the field while typing.
  let timer = 0;
  let seq = 0;
  wsInput.addEventListener("input", () => {
    clearFieldError(wsInput, "workspace-error");
    clearTimeout(timer);
    const value = wsInput.value.trim();
    const mine = ++seq;
    if (!value) {
      setWsHint(wsHint, "neutral", defaultWsHint());
      return;
    }
    timer = setTimeout(async () => {
      try {
        const r = await api.parseWorkspace(value);
        if (mine !== seq) return;
        setWsHint(wsHint, "ok", [icon("pass"), "Workspace: ", h("strong", null, r.slug)]);
      } catch (err) {
        if (mine !== seq) return;
        setWsHint(wsHint, "warn", [icon("warn"), err.message]);
      }
    }, 250);
  });
  saInput.addEventListener("input", () => clearFieldError(saInput, "service-account-error"));
  hostInput.addEventListener("input", () => clearFieldError(hostInput, "host-error"));

  const radio = (id, value, label) =>
    h("div", { class: "radio" }, h("input", { type: "radio", name: "is-admin", id, value }), h("label", { for: id }, label));

  const form = h(
    "form",
    { class: "card start-form", novalidate: true, "aria-labelledby": "start-form-title" },
    h("h2", { id: "start-form-title" }, "Your Mode workspace"),
    h(
      "div",
      { class: "field" },
      h("label", { for: "workspace-input", class: "field-label" }, "Workspace"),
      wsInput,
      wsHint,
      h("p", { id: "workspace-error", class: "field-error", hidden: true }),
    ),
    h(
      "div",
      { class: "field" },
      h("label", { for: "service-account-input", class: "field-label" }, "Crawler's Mode username"),
      saInput,
      h(
        "p",
        { id: "service-account-hint", class: "hint" },
        "The Mode user Atlan's crawler will sign in as. If it doesn't exist yet, you'll create it in the first step.",
      ),
      h("p", { id: "service-account-error", class: "field-error", hidden: true }),
    ),
    h(
      "fieldset",
      { class: "field radio-group", "aria-describedby": "is-admin-hint" },
      h(
        "legend",
        { class: "field-label" },
        "Are you a Mode admin of this workspace, and a connection admin on every connection Atlan should crawl?",
      ),
      h(
        "div",
        { class: "radio-row" },
        radio("is-admin-yes", "yes", "Yes"),
        radio("is-admin-no", "no", "No"),
        radio("is-admin-unsure", "unsure", "Not sure"),
      ),
      h(
        "p",
        { id: "is-admin-hint", class: "hint" },
        "If you aren't, that's fine: the app writes a message you can send to your admin for their part.",
      ),
    ),
    h(
      "details",
      { class: "advanced" },
      h("summary", null, "Advanced"),
      h(
        "div",
        { class: "field" },
        h("label", { for: "host-input", class: "field-label" }, "Mode address"),
        hostInput,
        h("p", { id: "host-hint", class: "hint" }, "Change this only if your company signs in to Mode at a different address."),
        h("p", { id: "host-error", class: "field-error", hidden: true }),
      ),
    ),
    formError,
    h(
      "div",
      { class: "actions" },
      adding
        ? h(
            "button",
            {
              type: "button",
              class: "btn large",
              id: "cancel-add-btn",
              onclick: () => {
                state.adding = false;
                state.view = "checklist";
                render();
              },
            },
            "Cancel",
          )
        : null,
      continueBtn,
    ),
  );

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (continueBtn.disabled) return;
    formError.hidden = true;
    const values = {
      workspace: wsInput.value.trim(),
      serviceAccount: saInput.value.trim(),
      host: hostInput.value.trim() || CATALOG.defaultHost,
    };
    const fields = { workspace: [wsInput, "workspace-error"], serviceAccount: [saInput, "service-account-error"], host: [hostInput, "host-error"] };
    const choice = form.querySelector('input[name="is-admin"]:checked')?.value;
    const isAdmin = choice === "yes" ? true : choice === "no" ? false : null;
    await busy(continueBtn, "Saving…", async () => {
      let problems;
      try {
        problems = await validateStart(values, api.checkField);
      } catch (err) {
        showFormError(formError, err);
        return;
      }
      let first = null;
      for (const [key, msg] of Object.entries(problems)) {
        const [input, errId] = fields[key];
        showFieldError(input, errId, msg);
        first ??= input;
      }
      if (first) {
        if (first === hostInput) form.querySelector("details.advanced").open = true;
        first.focus();
        return;
      }
      try {
        const p = await api.saveProfile({
          workspace: values.workspace,
          host: values.host,
          serviceAccount: values.serviceAccount,
          keyId: "",
          keyKind: "workspace",
          expiresOn: null,
          isAdmin,
        });
        await api.selectProfile(p.id);
        await openProfile(p.id);
      } catch (err) {
        showFormError(formError, err);
        const key = fieldFromError(err, Object.keys(fields));
        const target = key ? fields[key][0] : null;
        if (target) {
          if (target === hostInput) form.querySelector("details.advanced").open = true;
          target.setAttribute("aria-invalid", "true");
          target.focus();
        }
      }
    });
  });

  practiceBtn.addEventListener("click", () =>
    busy(practiceBtn, "Opening…", async () => {
      try {
        const p = await api.startPractice();
        await api.selectProfile(p.id);
        await openProfile(p.id);
      } catch (err) {
        toast(err.message, "error");
      }
    }),
  );

  const practice = h(
    "aside",
    { class: "card practice-card", "aria-labelledby": "practice-title" },
    h("p", { class: "eyebrow" }, "Just looking?"),
    h("h2", { id: "practice-title" }, "Try the practice workspace"),
    h(
      "p",
      null,
      "A built-in pretend Mode workspace, so anyone can try every step without a Mode account. Nothing is sent to Mode.",
    ),
    h(
      "ul",
      { class: "tick-list" },
      h("li", null, icon("pass"), "The key and secret are filled in for you"),
      h("li", null, icon("pass"), "Checks show passes, warnings and failures"),
      h("li", null, icon("pass"), "Remove it any time"),
    ),
    practiceBtn,
  );

  return h(
    "div",
    { class: "start" },
    h(
      "div",
      { class: "start-head" },
      h("h1", { id: "start-title", tabindex: "-1" }, adding ? "Add a Mode workspace" : "Set up Mode for Atlan"),
      h("p", { class: "lead" }, "Prepare your Mode workspace for Atlan's crawler and prove it works."),
    ),
    h("div", { class: "start-grid" }, form, practice),
  );
}

function defaultWsHint() {
  return "Your workspace's name, or paste any link from your Mode workspace.";
}

function setWsHint(el, tone, content) {
  el.dataset.tone = tone;
  replace(el, content);
}

function showFieldError(input, errId, msg) {
  input.setAttribute("aria-invalid", "true");
  const el = $(errId);
  if (el) {
    el.textContent = msg;
    el.hidden = false;
  }
}

function clearFieldError(input, errId) {
  input.removeAttribute("aria-invalid");
  const el = $(errId);
  if (el) {
    el.hidden = true;
    el.textContent = "";
  }
}




async function openProfile(id) {
  await refresh();
  state.activeId = state.profiles.some((p) => p.id === id) ? id : state.activeId;
  state.adding = false;
  state.runError = null;
  state.runNote = null;
  const p = ctx.profile();
  state.view = p ? "checklist" : "start";
  if (p) state.step = defaultStep(p);
  render();
  $(p ? "workspace-title" : "start-title")?.focus();
}

async function switchProfile(id) {
  if (state.run || id === state.activeId) return;
  try {
    await api.selectProfile(id);
    await openProfile(id);
    $("profile-select").focus();
  } catch (err) {
    toast(err.message, "error");
    renderSwitcher();
  }
}

async function removeProfile(id) {
  await api.deleteProfile(id);
  state.activeId = null;
  await refresh();
  const next = ctx.profile();
  if (next) {
    try {
      await api.selectProfile(next.id);
    } catch {
      // Selecting is only a convenience; the list is already right.
    }
  }
  state.view = next ? "checklist" : "start";
  state.adding = false;
  state.runError = null;
  state.runNote = null;
  if (next) state.step = defaultStep(next);
  render();
  $(next ? "workspace-title" : "start-title")?.focus();
  toast("The workspace was removed from this app.");
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
            { type: "button", class: "step-btn", id: `step-${id}`, dataset: { step: id }, onclick: () => go(id) },
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

/** Shows a step. `focus`: move focus to the step's heading (when not coming from the step list). */
function go(stepId, { focus = false } = {}) {
  if (!STEP_IDS.includes(stepId)) return;
  state.step = stepId;
  updateNav();
  renderPanel();
  if (focus) $("step-title")?.focus();
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

// ------------------------------------------------------------------ Checks

async function runChecks() {
  const p = ctx.profile();
  if (!p || state.run) return;
  state.run = {
    profileId: p.id,
    done: 0,
    total: CHECK_IDS.length,
    etaSeconds: null,
    message: "Starting the checks…",
    results: [],
    stopping: false,
  };
  state.runError = null;
  state.runNote = null;
  renderSwitcher();
  updateNav();
  updateCheckRun(ctx, { started: true });
  let finished = "";
  try {
    const run = state.run;
    const report = await api.runChecks(p.id, (payload) => onProgress(run, payload));
    if (report) p.lastReport = report;
    finished = report?.headline ? `Checks finished. ${report.headline}` : "Checks finished.";
  } catch (err) {
    if (err.kind === "cancelled") {
      state.runNote = "The checks were stopped before they finished. The results below are from the last complete run.";
      finished = "Checks stopped.";
    } else {
      state.runError = err;
      finished = "The checks couldn't run.";
    }
  }
  state.run = null;
  try {
    await refresh();
  } catch {
    // Keep what we have; the report above is already in place.
  }
  renderSwitcher();
  updateNav();
  updateCheckRun(ctx, { finished: true });
  announce(finished);
}

async function cancelChecks() {
  if (!state.run) return;
  state.run.stopping = true;
  updateCheckRun(ctx, {});
  try {
    await api.cancelChecks();
  } catch (err) {
    state.run.stopping = false;
    updateCheckRun(ctx, {});
    toast(err.message, "error");
  }
}

function onProgress(run, payload) {
  if (!run || run !== state.run || !payload) return;
  if (payload.check && payload.check.id) {
    const i = run.results.findIndex((r) => r.id === payload.check.id);
    if (i >= 0) run.results[i] = payload.check;
    else run.results.push(payload.check);
  }
  if (Number.isFinite(payload.done)) run.done = payload.done;
  if (Number.isFinite(payload.total) && payload.total > 0) run.total = payload.total;
  run.etaSeconds = payload.etaSeconds ?? null;
  if (payload.message) run.message = payload.message;
  updateNav();
  updateCheckRun(ctx, { check: payload.check ?? null });
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
 * @returns {Promise<{thresholds: number[], startAtLogin: boolean}>} what Rust saved
 */
function saveSettings(change) {
  const job = settingsQueue.then(async () => {
    const base = state.settings ?? normalizeSettings(null);
    const next = { ...base, ...change };
    const saved = normalizeSettings((await api.setSettings({ thresholds: [...next.thresholds], startAtLogin: !!next.startAtLogin })) ?? next);
    state.settings = saved;
    state.settingsError = null;
    return saved;
  });
  settingsQueue = job.catch(() => {});
  return job;
}

// ------------------------------------------------------------------ events from the tray and notifications

/**
 * Shows the given workspace's checklist, switching to it when needed.
 * @returns {Promise<boolean>} false when it couldn't (unknown workspace, or checks running elsewhere)
 */
async function showWorkspace(profileId) {
  if (state.view === "fatal" || state.view === "loading") return false;
  for (const dlg of document.querySelectorAll("dialog[open]")) dlg.close();
  const id = profileId || state.activeId;
  if (!state.profiles.some((p) => p.id === id)) {
    try {
      await refresh();
    } catch {
      // Judged below with what we have.
    }
  }
  const target = state.profiles.find((p) => p.id === id);
  if (!target) {
    toast("That workspace is no longer in this app.", "error");
    return false;
  }
  if (id !== state.activeId) {
    if (state.run) {
      const cur = ctx.profile();
      toast(`The checks are still running for ${cur?.workspace ?? "another workspace"}. When they finish, choose ${target.workspace} in the Workspace list.`, "error");
      return false;
    }
    try {
      await api.selectProfile(id);
      await refresh();
    } catch (err) {
      toast(err.message, "error");
      return false;
    }
    state.activeId = id;
    state.runError = null;
    state.runNote = null;
    state.adding = false;
    state.view = "checklist";
    render();
    return true;
  }
  if (state.view !== "checklist") {
    state.adding = false;
    state.view = "checklist";
    render();
  }
  return true;
}

/** An expiry reminder was clicked: show the step it names, and on Reminders, the steps to replace the key. */
async function onOpenStep({ profileId, step }) {
  if (!(await showWorkspace(profileId))) return;
  const target = STEP_IDS.includes(step) ? step : "reminders";
  go(target);
  const rotation = target === "reminders" ? $("rotation-title") : null;
  if (rotation) {
    rotation.focus();
    rotation.scrollIntoView({ block: "start" });
  } else {
    $("step-title")?.focus();
  }
}

/** "Check now" from the tray: show the check step and run the checks. */
async function onCheckNow({ profileId }) {
  if (!(await showWorkspace(profileId))) return;
  go("check");
  $("run-checks-btn")?.focus();
  if (!state.run) runChecks();
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
