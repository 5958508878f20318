// Step 5: expiry reminders, start at login, calendar file, and how to replace the key.

import * as api from "./api.js";
import {
  CATALOG,
  stepTitle,
  stepNumber,
  normalizeSettings,
  toggleThreshold,
  thresholdLabel,
  thresholdsSentence,
  expiryCard,
  reminderSchedule,
  formatDate,
  formatDateTime,
  runByText,
  todayISO,
  savedText,
} from "./logic.js";
import { h, rich, icon, replace } from "./dom.js";
import { busy, detailsBlock } from "./widgets.js";

const $ = (id) => document.getElementById(id);

export function remindersBody(ctx, p) {
  const settings = ctx.state.settings ?? normalizeSettings(null);
  const card = expiryCard(p.expiresOn, settings.thresholds);
  const urgent = card.state === "expired" || card.tone === "urgent";

  const intro = [
    h("p", { class: "lead" }, "Mode sends no reminder before a key expires, and no warning when the setup breaks. This app does both: desktop notifications before the key expires, and when a check that passed stops passing."),
    h(
      "p",
      { class: "note tray-note" },
      icon("info-circle"),
      h(
        "span",
        null,
        "They arrive even when this window is closed: the app keeps running in the system tray. To stop it, choose ",
        h("strong", null, "Quit"),
        " from the tray icon.",
      ),
    ),
  ];

  const reminders = remindersSection(ctx, p, settings);
  const watch = watchSection(ctx, p, settings);
  const calendar = calendarSection(ctx, p);
  const rotation = rotationSection(ctx, p);

  // When the key is about to run out (or has), replacing it comes first.
  return urgent
    ? [intro, expiryCardEl(ctx, p, card), rotation, reminders, watch, calendar]
    : [intro, expiryCardEl(ctx, p, card), reminders, watch, calendar, rotation];
}

// ------------------------------------------------------------------ expiry card

function expiryCardEl(ctx, p, card) {
  const goToDate = h(
    "button",
    { type: "button", class: "btn small", id: "enter-expiry-btn", onclick: () => goToField(ctx, "expires-input") },
    card.state === "none" ? "Enter the expiry date" : "Change the date",
  );
  let main;
  if (card.state === "none") {
    main = h("p", { class: "stat-main" }, h("span", { id: "days-left" }, "No expiry date is saved for this key."));
  } else {
    main = h(
      "p",
      { class: "stat-main" },
      card.state === "expired" ? "Expired on " : "Expires on ",
      h("strong", null, formatDate(card.date)),
      h("span", { class: "sep", "aria-hidden": "true" }, " · "),
      h("span", { class: "visually-hidden" }, ", "),
      h("span", { id: "days-left" }, card.relative),
    );
  }
  return h(
    "div",
    { class: "stat-card expiry-card", dataset: { tone: card.tone, state: card.state }, id: "expiry-card" },
    icon(card.state === "expired" ? "alert" : "calendar", "stat-icon"),
    h("div", null, main, h("p", { class: "stat-sub", id: "next-reminder" }, nextReminderText(card))),
    goToDate,
  );
}

function nextReminderText(card) {
  if (card.state === "none") {
    return `Reminders need the key's expiry date. Enter it in step ${stepNumber("api-key")}, ${stepTitle("api-key")}.`;
  }
  if (card.state === "expired") {
    return "Atlan's crawler can no longer sign in to Mode with this key. Replace it now with the steps below.";
  }
  if (!card.next) return "No more reminders are due before it expires.";
  const when = card.next.date === todayISO() ? CATALOG.daysLeft.relative.today : `on ${formatDate(card.next.date)}`;
  return `Next reminder ${when} (${thresholdLabel(card.next.days).toLowerCase()}).`;
}

/** Refreshes the "Next reminder" line after the chosen days changed. */
function updateNextReminder(p, thresholds) {
  const el = $("next-reminder");
  if (el) el.textContent = nextReminderText(expiryCard(p.expiresOn, thresholds));
}

// ------------------------------------------------------------------ reminder days + start at login

function remindersSection(ctx, p, settings) {
  const choices = CATALOG.reminders.choices;
  const dates = new Map(reminderSchedule(p.expiresOn, new Date(), choices).map((s) => [s.days, s]));
  const status = h("p", { class: "status-line", id: "threshold-status", role: "status", "aria-live": "polite" });
  let wanted = [...settings.thresholds];

  const boxes = choices.map((days) => {
    const id = `threshold-${days}`;
    const s = dates.get(days);
    const descId = `${id}-date`;
    return h(
      "div",
      { class: "check-card", dataset: { past: s?.past ? "true" : "false" } },
      h("input", {
        type: "checkbox",
        id,
        name: "threshold",
        value: String(days),
        checked: wanted.includes(days),
        "aria-describedby": s ? descId : null,
      }),
      h(
        "label",
        { for: id },
        h("span", { class: "check-title" }, thresholdLabel(days)),
        s ? h("span", { class: "check-desc", id: descId }, s.past ? `${formatDate(s.date)} · passed` : formatDate(s.date)) : null,
      ),
    );
  });

  const fieldset = h(
    "fieldset",
    { class: "threshold-set", "aria-describedby": "threshold-hint" },
    h("legend", { class: "field-label" }, "Remind me"),
    h("div", { class: "threshold-grid" }, boxes),
  );

  const syncBoxes = (list) => {
    for (const d of choices) {
      const el = $(`threshold-${d}`);
      if (el) el.checked = list.includes(d);
    }
  };

  fieldset.addEventListener("change", async (e) => {
    const box = e.target;
    if (box.name !== "threshold") return;
    const day = Number(box.value);
    const res = toggleThreshold(wanted, day, box.checked);
    if (res.refused) {
      box.checked = true;
      setStatus(status, "warn", "At least one reminder has to stay on. Tick another day first, then untick this one.");
      return;
    }
    wanted = res.thresholds;
    updateNextReminder(p, wanted);
    setStatus(status, "busy", "Saving…");
    const mine = wanted;
    try {
      const saved = await ctx.saveSettings({ thresholds: mine });
      if (mine !== wanted) return; // a newer change is on its way
      wanted = [...saved.thresholds];
      syncBoxes(wanted);
      updateNextReminder(p, wanted);
      setStatus(status, "ok", `Saved. Reminders come ${thresholdsSentence(wanted)}.`);
    } catch (err) {
      if (mine !== wanted) return;
      wanted = [...(ctx.state.settings ?? normalizeSettings(null)).thresholds];
      syncBoxes(wanted);
      updateNextReminder(p, wanted);
      setStatus(status, "error", `Not saved. ${err.message}`);
    }
  });

  const login = h("input", {
    type: "checkbox",
    id: "start-at-login",
    checked: settings.startAtLogin,
    "aria-describedby": "start-at-login-hint",
  });
  const loginStatus = h("p", { class: "status-line", id: "start-at-login-status", role: "status", "aria-live": "polite" });
  let loginSeq = 0;
  login.addEventListener("change", async () => {
    const want = login.checked;
    const mine = ++loginSeq;
    setStatus(loginStatus, "busy", "Saving…");
    try {
      const saved = await ctx.saveSettings({ startAtLogin: want });
      if (mine !== loginSeq) return;
      login.checked = saved.startAtLogin;
      setStatus(
        loginStatus,
        "ok",
        saved.startAtLogin ? "Saved. The app will start when you log in." : "Saved. The app won't start by itself when you log in.",
      );
    } catch (err) {
      if (mine !== loginSeq) return;
      login.checked = (ctx.state.settings ?? normalizeSettings(null)).startAtLogin;
      setStatus(loginStatus, "error", `Not changed. ${err.message}`);
    }
  });

  return h(
    "section",
    { class: "step-section", "aria-labelledby": "reminders-title" },
    h("h3", { id: "reminders-title" }, "Desktop reminders"),
    ctx.state.settingsError ? settingsErrorNote(ctx) : null,
    // In a block of its own: WebKit gives a fieldset that is a flex item extra height below.
    h("div", null, fieldset),
    h(
      "p",
      { class: "hint", id: "threshold-hint" },
      p.expiresOn
        ? "These choices apply to every workspace in this app."
        : "These choices apply to every workspace in this app. The dates appear once the key's expiry date is saved.",
    ),
    status,
    h(
      "div",
      { class: "check-row" },
      login,
      h(
        "div",
        null,
        h("label", { for: "start-at-login" }, "Start Mode Setup Assistant when I log in"),
        h("p", { class: "hint", id: "start-at-login-hint" }, "So reminders keep coming after this computer restarts."),
      ),
    ),
    loginStatus,
  );
}

// ------------------------------------------------------------------ watch

/** "Watch for changes": this workspace's switch, how often, and what the last runs found. */
function watchSection(ctx, p, settings) {
  const every = settings.watchEvery;
  const status = h("p", { class: "status-line", id: "watch-status", role: "status", "aria-live": "polite" });
  const on = p.watch === true;

  const toggle = h("input", {
    type: "checkbox",
    id: "watch-toggle",
    checked: on && !p.practice,
    disabled: p.practice,
    "aria-describedby": "watch-toggle-hint",
  });
  let seq = 0;
  toggle.addEventListener("change", async () => {
    const want = toggle.checked;
    const mine = ++seq;
    setStatus(status, "busy", "Saving…");
    try {
      await api.setWatch(p.id, want);
      await ctx.refresh();
      if (mine !== seq) return;
      const hint = $("watch-toggle-hint");
      if (hint) hint.textContent = WATCH_HINT;
      const now = ctx.state.settings?.watchEvery ?? every;
      setStatus(
        status,
        "ok",
        !want
          ? `Saved. ${p.workspace} is no longer watched; its checks run only when you run them.`
          : now === "off"
            ? `Saved. ${p.workspace} will be watched once you choose Every day or Every week below.`
            : `Saved. ${p.workspace} is watched ${everyWords(now)}.`,
      );
    } catch (err) {
      if (mine !== seq) return;
      toggle.checked = !want;
      setStatus(status, "error", `Not saved. ${err.message}`);
    }
  });

  const toggleHint = p.practice
    ? "The practice workspace is not watched: it is not a real Mode workspace."
    : p.watch == null
      ? "Switches on by itself after the first check that says Ready for Atlan."
      : WATCH_HINT;

  const radios = CATALOG.watchEvery.map((w) =>
    h(
      "div",
      { class: "radio" },
      h("input", { type: "radio", name: "watch-every", id: `watch-every-${w.id}`, value: w.id, checked: w.id === every }),
      h("label", { for: `watch-every-${w.id}` }, w.label),
    ),
  );
  const everyStatus = h("p", { class: "status-line", id: "watch-every-status", role: "status", "aria-live": "polite" });
  const everySet = h(
    "fieldset",
    { class: "threshold-set", "aria-describedby": "watch-every-hint" },
    h("legend", { class: "field-label" }, "How often the watch re-runs the checks"),
    h("div", { class: "radio-row" }, radios),
    h("p", { class: "hint", id: "watch-every-hint" }, "Applies to every watched workspace in this app. A check that fails only because Mode is busy or unreachable notifies you only if the next one fails too."),
  );
  let everySeq = 0;
  everySet.addEventListener("change", async (e) => {
    if (e.target.name !== "watch-every") return;
    const want = e.target.value;
    const mine = ++everySeq;
    setStatus(everyStatus, "busy", "Saving…");
    try {
      const saved = await ctx.saveSettings({ watchEvery: want });
      if (mine !== everySeq) return;
      setStatus(everyStatus, "ok", saved.watchEvery === "off" ? "Saved. No workspace is watched until you choose a schedule again." : `Saved. Watched workspaces are checked ${everyWords(saved.watchEvery)}.`);
    } catch (err) {
      if (mine !== everySeq) return;
      const current = (ctx.state.settings ?? normalizeSettings(null)).watchEvery;
      for (const r of everySet.querySelectorAll("input")) r.checked = r.value === current;
      setStatus(everyStatus, "error", `Not saved. ${err.message}`);
    }
  });

  const last = (p.history ?? []).at(-1);
  const lastLine = last
    ? h(
        "p",
        { class: "hint", id: "watch-last" },
        `Last check: ${formatDateTime(last.at)}, ${runByText(last.by)}. ${p.historySummary ?? ""}`,
      )
    : h("p", { class: "hint", id: "watch-last" }, "No check of this workspace has run yet.");

  return h(
    "section",
    { class: "step-section", "aria-labelledby": "watch-title" },
    h("h3", { id: "watch-title" }, "Watch for changes"),
    h(
      "p",
      null,
      "Someone can take away the crawler's View on a connection, deactivate its account or revoke its key. Atlan's next crawl then fails and nobody is told. The app can re-run these checks by itself and notify you only when something that passed stops passing, naming what changed.",
    ),
    h(
      "div",
      { class: "check-row" },
      toggle,
      h(
        "div",
        null,
        h("label", { for: "watch-toggle" }, `Watch ${p.workspace}`),
        h("p", { class: "hint", id: "watch-toggle-hint" }, toggleHint),
      ),
    ),
    status,
    h("div", null, everySet),
    everyStatus,
    lastLine,
  );
}

const WATCH_HINT =
  "Only for this workspace. The checks run while the app is in the system tray, reading Mode gently so Atlan's own crawler keeps most of Mode's limit.";

function everyWords(every) {
  return every === "weekly" ? "once a week" : every === "off" ? "never (the watch is off)" : "once a day";
}

function settingsErrorNote(ctx) {
  const err = ctx.state.settingsError;
  return h(
    "div",
    { class: "callout warn compact", id: "settings-error", role: "note" },
    icon("alert"),
    h(
      "div",
      null,
      h(
        "p",
        null,
        h("strong", null, "The app couldn't read your reminder choices."),
        " The boxes below show the usual choices. Changing one saves it.",
      ),
      h(
        "button",
        {
          type: "button",
          class: "btn small",
          onclick: async (e) => {
            await busy(e.currentTarget, "Trying…", () => ctx.loadSettings());
            ctx.go("reminders");
            (ctx.state.settingsError ? $("settings-error")?.querySelector("button") : $(`threshold-${CATALOG.reminders.choices[0]}`))?.focus();
          },
        },
        "Try again",
      ),
      detailsBlock(err?.details),
    ),
  );
}

// ------------------------------------------------------------------ calendar

function calendarSection(ctx, p) {
  const hasDate = !!p.expiresOn;
  const status = h("p", { class: "status-line saved-line", id: "calendar-status", role: "status", "aria-live": "polite" });
  const btn = h(
    "button",
    {
      type: "button",
      class: "btn",
      id: "add-calendar-btn",
      disabled: !hasDate,
      "aria-describedby": hasDate ? null : "calendar-hint",
    },
    icon("calendar"),
    "Add to calendar",
  );
  btn.addEventListener("click", () =>
    busy(btn, "Saving…", async () => {
      setStatus(status, "", "");
      try {
        const r = await api.saveCalendar(p.id);
        const text = savedText(r);
        if (text) setStatus(status, "ok", `${text}. Open it with your calendar app.`);
      } catch (err) {
        setStatus(status, "error", err.message);
      }
    }),
  );
  return h(
    "section",
    { class: "step-section", "aria-labelledby": "calendar-title" },
    h("h3", { id: "calendar-title" }, "Put it in a calendar too"),
    h(
      "p",
      null,
      "Save a calendar file with an event on the expiry date and alerts on the days above, then open it in your calendar app. Handy for a shared team calendar.",
    ),
    h(
      "div",
      { class: "inline-actions" },
      btn,
      hasDate
        ? null
        : h(
            "p",
            { class: "hint", id: "calendar-hint" },
            `Enter the key's expiry date in step ${stepNumber("api-key")} first. `,
            h("button", { type: "button", class: "link-btn", onclick: () => goToField(ctx, "expires-input") }, `Go to step ${stepNumber("api-key")}`),
          ),
    ),
    status,
  );
}

// ------------------------------------------------------------------ rotation

function rotationSection(ctx, p) {
  const member = p.keyKind === "member";
  const keysUrl = member ? p.links?.myApiKeys || p.links?.apiKeys : p.links?.apiKeys;
  const where = member ? "**Workspace Settings › Personal › My API Keys**" : "**Workspace Settings › Features › API Keys**";
  const openKeys = (what) =>
    keysUrl
      ? h(
          "button",
          { type: "button", class: "btn small open-in-mode", "aria-label": `Open in Mode: ${what}`, onclick: () => ctx.openLink(keysUrl) },
          "Open in Mode",
          icon("external"),
        )
      : null;
  const item = (text, action) =>
    h("li", null, h("span", { class: "substep-text" }, rich(text)), action ? h("span", { class: "substep-action" }, action) : null);

  return h(
    "section",
    { class: "step-section rotation", "aria-labelledby": "rotation-title" },
    h("h3", { id: "rotation-title", tabindex: "-1" }, "When the key is about to expire"),
    h("p", null, "Replace the key before it expires, so Atlan's crawler keeps working:"),
    h(
      "ol",
      { class: "substeps", id: "rotation-steps" },
      item(
        member
          ? `Signed in as the crawler's account, create a new key in Mode: ${where}.`
          : `Create a new key in Mode: ${where}. Copy its Key ID and secret right away.`,
        openKeys("create a new key"),
      ),
      item(
        "Enter the new Key ID, secret and expiry date here, and check them.",
        h(
          "button",
          { type: "button", class: "btn small", id: "rotation-enter-key-btn", onclick: () => goToField(ctx, "key-id-input") },
          "Enter the new key",
        ),
      ),
      item(
        "In Atlan, open the Mode connection and paste in the new Key ID and secret.",
        h(
          "button",
          { type: "button", class: "btn small", id: "rotation-atlan-btn", onclick: () => ctx.go("atlan", { focus: true }) },
          `Go to step ${stepNumber("atlan")}: ${stepTitle("atlan")}`,
        ),
      ),
      item(`Revoke the old key in Mode (${where}), once Atlan works with the new one.`, openKeys("revoke the old key")),
    ),
  );
}

// ------------------------------------------------------------------ helpers

/** Opens the API key step and puts the cursor in one of its form fields. */
function goToField(ctx, fieldId) {
  ctx.go("api-key");
  const el = $(fieldId);
  if (!el) {
    $("step-title")?.focus();
    return;
  }
  el.focus();
  el.scrollIntoView({ block: "center" });
}

function setStatus(el, tone, text) {
  el.dataset.tone = tone;
  replace(el, tone === "ok" ? icon("pass") : tone === "error" || tone === "warn" ? icon("alert") : null, text);
}
