// Mode Setup Assistant: the start screen, where a workspace is added, opened or removed.

import * as api from "./api.js";
import { CATALOG, validateStart, fieldFromError } from "./logic.js";
import { h, replace, icon } from "./dom.js";

import { showFormError, busy } from "./widgets.js";

const $ = (id) => document.getElementById(id);

export function startScreen(ctx) {
  const adding = ctx.state.adding && ctx.state.profiles.length > 0;
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
        h(
          "p",
          { id: "host-hint", class: "hint" },
          "Change this only if your company signs in to Mode at a different address. Changing the address means entering the secret again: a saved secret never goes to a new address.",
        ),
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
                ctx.state.adding = false;
                ctx.state.view = "checklist";
                ctx.render();
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
        // The field's own error says it now: the live hint goes back to its plain advice, and a
        // look-up still under way may not bring the same words back.
        if (key === "workspace") {
          clearTimeout(timer);
          seq += 1;
          setWsHint(wsHint, "neutral", defaultWsHint());
        }
        first ??= input;
      }
      if (first) {
        // The host's error is under Advanced: open it whenever the host is wrong, not only when
        // it is the first field wrong, or its message stays hidden.
        if (problems.host) form.querySelector("details.advanced").open = true;
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
        await openProfile(ctx, p.id);
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
        await openProfile(ctx, p.id);
      } catch (err) {
        ctx.toast(err.message, "error");
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

export async function openProfile(ctx, id) {
  await ctx.refresh();
  ctx.state.activeId = ctx.state.profiles.some((p) => p.id === id) ? id : ctx.state.activeId;
  ctx.state.adding = false;
  ctx.state.runError = null;
  ctx.state.runNote = null;
  const p = ctx.profile();
  ctx.state.view = p ? "checklist" : "start";
  if (p) ctx.state.step = ctx.defaultStep(p);
  ctx.render();
  $(p ? "workspace-title" : "start-title")?.focus();
}

export async function switchProfile(ctx, id) {
  if (ctx.state.run || id === ctx.state.activeId) return;
  try {
    await api.selectProfile(id);
    await openProfile(ctx, id);
    $("profile-select").focus();
  } catch (err) {
    ctx.toast(err.message, "error");
    ctx.renderSwitcher();
  }
}

export async function removeProfile(ctx, id) {
  await api.deleteProfile(id);
  ctx.state.activeId = null;
  await ctx.refresh();
  const next = ctx.profile();
  if (next) {
    try {
      await api.selectProfile(next.id);
    } catch {
      // Selecting is only a convenience; the list is already right.
    }
  }
  ctx.state.view = next ? "checklist" : "start";
  ctx.state.adding = false;
  ctx.state.runError = null;
  ctx.state.runNote = null;
  if (next) ctx.state.step = ctx.defaultStep(next);
  ctx.render();
  $(next ? "workspace-title" : "start-title")?.focus();
  ctx.toast("The workspace was removed from this app.");
}
