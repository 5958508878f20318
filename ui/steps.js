// The content of each checklist step.

import * as api from "./api.js";
import {
  CATALOG,
  STEP_IDS,
  stepTitle,
  isAdminStep,
  keyKindLabel,
  stepState,
  needsAdmin,
  doneByText,
  defaultExpiry,
  usesPersonalToken,
  validateCredentials,
  fieldFromError,
} from "./logic.js";
import { h, rich, icon } from "./dom.js";
import { showFormError, busy } from "./widgets.js";
import { renderCheckStep } from "./checks.js";
import { remindersBody } from "./reminders.js";
import { reportBody } from "./report.js";

const $ = (id) => document.getElementById(id);

/** Form values typed on the key step, per profile, so leaving the step doesn't lose them. Never the secret. */
const drafts = new Map();

const BODIES = {
  invite: inviteBody,
  permissions: permissionsBody,
  "api-key": apiKeyBody,
  check: (ctx, p) => renderCheckStep(ctx, p),
  reminders: remindersBody,
  report: reportBody,
};

/** Steps whose main action is their own button (not "Mark as done"). */
const OWN_PRIMARY = new Set(["api-key", "check"]);

export function renderStep(ctx, stepId) {
  const p = ctx.profile();
  const idx = STEP_IDS.indexOf(stepId);
  const st = stepState(p, stepId);
  return h(
    "div",
    { class: "panel-inner", dataset: { step: stepId } },
    h(
      "div",
      { class: "panel-head" },
      h("p", { class: "eyebrow" }, `Step ${idx + 1} of ${STEP_IDS.length}`),
      h(
        "div",
        { class: "panel-title-row" },
        h("h2", { id: "step-title", tabindex: "-1" }, stepTitle(stepId)),
        h("span", { class: "done-chip", id: "done-chip", hidden: !st.done }, icon("pass"), "Done"),
      ),
    ),
    withAdminNote(BODIES[stepId](ctx, p), isAdminStep(stepId) && needsAdmin(p) && !st.done),
    footer(ctx, p, stepId),
  );
}

/** Called after a step was ticked or unticked: refresh the chip and footer in place. */
export function onStepDoneChanged(ctx, stepId) {
  const panel = document.querySelector(`.panel-inner[data-step="${stepId}"]`);
  if (!panel) return;
  const p = ctx.profile();
  const st = stepState(p, stepId);
  const chip = $("done-chip");
  if (chip) chip.hidden = !st.done;
  const old = $("step-footer");
  if (old) {
    const refocus = document.activeElement?.id === "mark-done-btn" || !document.activeElement || document.activeElement === document.body;
    old.replaceWith(footer(ctx, p, stepId));
    if (refocus) $("mark-done-btn")?.focus();
  }
}

function footer(ctx, p, stepId) {
  const st = stepState(p, stepId);
  const own = OWN_PRIMARY.has(stepId);
  const next = STEP_IDS[STEP_IDS.indexOf(stepId) + 1];
  const toggle = h(
    "button",
    {
      type: "button",
      id: "mark-done-btn",
      class: !st.done && !own ? "btn primary" : "btn",
      onclick: (e) => busy(e.currentTarget, "Saving…", () => ctx.setStepDone(stepId, !st.done)),
    },
    st.done ? "Mark as not done" : "Mark as done",
  );
  const nextBtn = next
    ? h(
        "button",
        {
          type: "button",
          id: "next-step-btn",
          class: st.done && !own ? "btn primary" : "btn ghost",
          onclick: () => ctx.go(next, { focus: true }),
        },
        `Next: ${stepTitle(next)}`,
        icon("chevron"),
      )
    : null;
  return h(
    "footer",
    { class: "panel-foot", id: "step-footer" },
    h("div", { class: "done-state" }, toggle, h("p", { class: "done-by", id: "done-by" }, doneByText(st))),
    nextBtn,
  );
}

/** Puts the "your admin does this" note right after the step's opening paragraph. */
function withAdminNote(body, show) {
  const list = [body].flat(Infinity).filter(Boolean);
  if (!show) return list;
  const note = h(
    "p",
    { class: "callout info compact admin-callout", id: "admin-step-note" },
    icon("user"),
    h(
      "span",
      null,
      h("strong", null, "Your Mode admin does this step."),
      " Send them the steps with Ask your Mode admin (above), then mark it as done when they tell you it's finished.",
    ),
  );
  const at = list[0]?.classList?.contains("lead") ? 1 : 0;
  list.splice(at, 0, note);
  return list;
}

/** "Open in Mode" button for one of the profile's links. */
function modeButton(ctx, url, label = "Open in Mode", describe = null) {
  if (!url) return null;
  return h(
    "button",
    {
      type: "button",
      class: "btn small open-in-mode",
      "aria-label": describe ? `${label}: ${describe}` : null,
      onclick: () => ctx.openLink(url),
    },
    label,
    icon("external"),
  );
}

/** A numbered list of sub-steps; each item: string (with **bold**) or [string, extraNode]. */
function substeps(items) {
  return h(
    "ol",
    { class: "substeps" },
    items.map((it) => {
      const [text, extra] = Array.isArray(it) ? it : [it, null];
      return h("li", null, h("span", { class: "substep-text" }, rich(text)), extra ? h("span", { class: "substep-action" }, extra) : null);
    }),
  );
}

function callout(tone, title, text, iconName = tone === "warn" ? "alert" : "info-circle") {
  return h(
    "div",
    { class: `callout ${tone}`, role: "note" },
    icon(iconName),
    h("div", null, h("p", null, title ? h("strong", null, title) : null, title ? " " : null, rich(text))),
  );
}

// ------------------------------------------------------------------ 1 Invite

function inviteBody(ctx, p) {
  const sa = p.serviceAccount || CATALOG.defaultServiceAccount;
  return [
    h(
      "p",
      { class: "lead" },
      "Atlan's crawler needs its own Mode user. Invite one by email. A shared mailbox your team can read works well, so the account doesn't depend on one person.",
    ),
    h("h3", null, "In Mode"),
    substeps([
      [
        "Open the workspace menu (your workspace's name, top left) and choose **Invite to Mode**.",
        modeButton(ctx, p.links?.invite, "Open in Mode", "invite page"),
      ],
      "Enter the crawler's email address, for example a shared mailbox such as data@yourcompany.com, and send the invite.",
      "Open the invite email in that mailbox and accept the invite.",
      `Mode asks for a name, a username and a password. Use the username **${sa}** and keep the password in your team's password manager.`,
    ]),
    callout(
      "warn",
      "Mode didn't ask for a name and password?",
      "If Mode doesn't ask for a name and password after you accept the invite, you are still signed in to Mode as yourself. Sign out of Mode first, then open the invite link again (or use a private browser window).",
    ),
  ];
}

// ------------------------------------------------------------------ 2 Permissions

function permissionsBody(ctx, p) {
  const sa = p.serviceAccount || CATALOG.defaultServiceAccount;
  return [
    h(
      "p",
      { class: "lead" },
      "The crawler only sees what its Mode account may see. Make sure the account is a current member, and that it can view every connection Atlan should crawl.",
    ),
    h("h3", null, "A. Check that the account is a member"),
    substeps([
      ["Open **Workspace Settings › People › Members**.", modeButton(ctx, p.links?.members, "Open in Mode", "Members")],
      `Find **${sa}**. It should be listed as a current member.`,
    ]),
    h(
      "dl",
      { class: "cases" },
      h("dt", null, "Listed under Pending?"),
      h("dd", null, "The invite hasn't been accepted yet. Go back to step 1 and accept it."),
      h("dt", null, "Listed under Former?"),
      h("dd", null, rich("The account was removed. Choose **Reinvite to org**, then accept the new invite.")),
    ),
    h("h3", null, "B. Let it view each connection"),
    substeps([
      ["Open **Workspace Settings › Manage Connections**.", modeButton(ctx, p.links?.connections, "Open in Mode", "Manage Connections")],
      "Open a connection and choose **Permissions**.",
      `Give **${sa}** at least **View**. Or set the connection's default access to **View**, so every member can view it.`,
      "Repeat for each connection Atlan should crawl.",
    ]),
    h("p", { class: "note" }, icon("info-circle"), "To change a connection's permissions you need to be a connection admin on that connection."),
  ];
}

// ------------------------------------------------------------------ 3 API key

function personalBanner() {
  return h(
    "div",
    { class: "callout fail banner", role: "alert", id: "personal-banner" },
    icon("alert"),
    h(
      "div",
      null,
      h("p", { class: "banner-title" }, "Personal API tokens no longer work"),
      h(
        "p",
        null,
        rich(
          "Mode retired personal tokens (**My Account › API Tokens**) on 28 February 2025. Atlan can't sign in with one. Create a workspace key or a member key instead:",
        ),
      ),
      h(
        "ul",
        null,
        h("li", null, rich("**Workspace key:** a Mode admin opens **Workspace Settings › Features › API Keys › Workspace keys** and creates one.")),
        h(
          "li",
          null,
          rich(
            "**Member key:** a Mode admin turns on member keys, then the crawler's account opens **Workspace Settings › Personal › My API Keys** and creates one.",
          ),
        ),
      ),
      h("p", null, "Then choose the new key's type below and enter its Key ID and Secret."),
    ),
  );
}

function apiKeyBody(ctx, p) {
  const showBanner = usesPersonalToken(p.keyKind, p.lastReport);
  const sa = p.serviceAccount || CATALOG.defaultServiceAccount;
  return [
    h(
      "p",
      { class: "lead" },
      "Atlan's crawler signs in to Mode with an API key: a Key ID and a Secret. There are two kinds of key; either works.",
    ),
    showBanner ? personalBanner() : null,
    h(
      "div",
      { class: "key-kinds" },
      h(
        "section",
        { class: "card inset", "aria-labelledby": "kind-ws-title" },
        h("h3", { id: "kind-ws-title" }, keyKindLabel("workspace")),
        h("p", { class: "muted" }, "Created by a Mode admin. It can see everything an admin can."),
        substeps([
          ["Open **Workspace Settings › Features › API Keys › Workspace keys**.", modeButton(ctx, p.links?.apiKeys, "Open in Mode", "Workspace keys")],
          "Create a key and name it, for example Atlan crawler.",
        ]),
      ),
      h(
        "section",
        { class: "card inset", "aria-labelledby": "kind-member-title" },
        h("h3", { id: "kind-member-title" }, keyKindLabel("member")),
        h("p", { class: "muted" }, `Acts as one member (${sa}) and sees only what that member can.`),
        substeps([
          ["A Mode admin turns on **Member keys** under **Workspace Settings › Features › API Keys**.", modeButton(ctx, p.links?.memberKeys, "Open in Mode", "Member keys setting")],
          [`Signed in as **${sa}**, open **Workspace Settings › Personal › My API Keys** and create a key.`, modeButton(ctx, p.links?.myApiKeys, "Open in Mode", "My API Keys")],
        ]),
      ),
    ),
    callout("warn", "Copy the Key ID and the Secret right away.", "Mode shows the secret only once. If it's lost, create a new key."),
    credentialsForm(ctx, p),
  ];
}

function credentialsForm(ctx, p) {
  const draft = drafts.get(p.id) ?? {
    keyKind: p.keyKind || "workspace",
    keyId: p.keyId ?? "",
    expiresOn: p.expiresOn || defaultExpiry(),
    serviceAccount: p.serviceAccount ?? "",
  };
  drafts.set(p.id, draft);

  const kindRadio = (value, label, desc) => {
    const id = `key-kind-${value}`;
    const descId = `${id}-desc`;
    return h(
      "div",
      { class: "radio card-radio" },
      h("input", { type: "radio", name: "key-kind", id, value, checked: draft.keyKind === value, "aria-describedby": descId }),
      h("label", { for: id }, h("span", { class: "radio-title" }, label), h("span", { class: "radio-desc", id: descId }, desc)),
    );
  };

  const personalInline = h(
    "p",
    { class: "field-error inline-alert", id: "personal-inline", hidden: draft.keyKind !== "personal" },
    icon("alert"),
    "Personal tokens stopped working on 28 February 2025. Create a workspace key or a member key instead (see above).",
  );

  const keyId = h("input", {
    id: "key-id-input",
    type: "text",
    value: draft.keyId,
    autocomplete: "off",
    spellcheck: "false",
    autocapitalize: "off",
    "aria-describedby": "key-id-error",
  });
  const secret = h("input", {
    id: "secret-input",
    type: "password",
    autocomplete: "off",
    spellcheck: "false",
    autocapitalize: "off",
    "aria-describedby": "secret-status secret-error",
  });
  const toggle = h(
    "button",
    {
      type: "button",
      class: "btn secret-toggle",
      id: "secret-toggle",
      "aria-pressed": "false",
      "aria-controls": "secret-input",
      "aria-label": "Show secret",
    },
    icon("eye"),
    h("span", { "aria-hidden": "true" }, "Show"),
  );
  toggle.addEventListener("click", () => {
    const show = secret.type === "password";
    secret.type = show ? "text" : "password";
    toggle.setAttribute("aria-pressed", String(show));
  });
  const expires = h("input", {
    id: "expires-input",
    type: "date",
    value: draft.expiresOn ?? "",
    "aria-describedby": "expires-hint expires-error",
  });
  const sa = h("input", {
    id: "key-service-account-input",
    type: "text",
    value: draft.serviceAccount,
    autocomplete: "off",
    spellcheck: "false",
    autocapitalize: "off",
    "aria-describedby": "key-service-account-hint key-service-account-error",
  });
  const saHint = h("p", { class: "hint", id: "key-service-account-hint" }, saHintText(draft.keyKind));
  const formError = h("div", { id: "cred-error", class: "form-error", role: "alert", hidden: true });
  const save = h("button", { type: "submit", class: "btn primary large", id: "save-check-btn" }, "Save and check");

  const fields = {
    keyId: [keyId, "key-id-error"],
    secret: [secret, "secret-error"],
    expiresOn: [expires, "expires-error"],
    serviceAccount: [sa, "key-service-account-error"],
  };

  const form = h(
    "form",
    { class: "card credentials", id: "credentials-form", novalidate: true, "aria-labelledby": "cred-title" },
    h("h3", { id: "cred-title" }, "Enter the key"),
    p.practice
      ? h(
          "p",
          { class: "callout info compact", id: "practice-key-note" },
          icon("info-circle"),
          h("span", null, "Practice workspace: the Key ID is filled in and its secret is already stored. Choose Save and check."),
        )
      : null,
    h(
      "fieldset",
      { class: "field radio-group" },
      h("legend", { class: "field-label" }, "Key type"),
      h(
        "div",
        { class: "radio-cards" },
        kindRadio("workspace", keyKindLabel("workspace"), "Made by an admin"),
        kindRadio("member", keyKindLabel("member"), "Acts as the crawler's account"),
        kindRadio("personal", keyKindLabel("personal"), "No longer works"),
      ),
      personalInline,
    ),
    h(
      "div",
      { class: "field" },
      h("label", { for: "key-id-input", class: "field-label" }, "Key ID"),
      keyId,
      h("p", { id: "key-id-error", class: "field-error", hidden: true }),
    ),
    h(
      "div",
      { class: "field" },
      h("label", { for: "secret-input", class: "field-label" }, "Secret"),
      h("div", { class: "input-with-button" }, secret, toggle),
      secretStatusLine(ctx.state.secretStored),
      h("p", { id: "secret-error", class: "field-error", hidden: true }),
    ),
    h(
      "div",
      { class: "field-grid" },
      h(
        "div",
        { class: "field" },
        h("label", { for: "expires-input", class: "field-label" }, "Expiry date"),
        expires,
        h("p", { id: "expires-hint", class: "hint" }, `Mode keys expire ${CATALOG.keyLifetimeDays} days after creation unless your admin changed it.`),
        h("p", { id: "expires-error", class: "field-error", hidden: true }),
      ),
      h(
        "div",
        { class: "field" },
        h("label", { for: "key-service-account-input", class: "field-label" }, "Crawler's Mode username"),
        sa,
        saHint,
        h("p", { id: "key-service-account-error", class: "field-error", hidden: true }),
      ),
    ),
    formError,
    h("div", { class: "actions" }, save),
  );

  form.addEventListener("change", (e) => {
    if (e.target.name === "key-kind") {
      draft.keyKind = e.target.value;
      personalInline.hidden = draft.keyKind !== "personal";
      saHint.textContent = saHintText(draft.keyKind);
      clearError(sa, "key-service-account-error");
    }
  });
  keyId.addEventListener("input", () => {
    draft.keyId = keyId.value;
    clearError(keyId, "key-id-error");
  });
  expires.addEventListener("input", () => {
    draft.expiresOn = expires.value;
    clearError(expires, "expires-error");
  });
  sa.addEventListener("input", () => {
    draft.serviceAccount = sa.value;
    clearError(sa, "key-service-account-error");
  });
  secret.addEventListener("input", () => clearError(secret, "secret-error"));

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (save.disabled) return;
    formError.hidden = true;
    const values = {
      keyKind: draft.keyKind,
      keyId: keyId.value.trim(),
      secret: secret.value.trim(),
      secretStored: ctx.state.secretStored === true,
      expiresOn: expires.value || null,
      serviceAccount: sa.value.trim(),
    };
    await busy(save, "Saving…", async () => {
      let problems;
      try {
        problems = await validateCredentials(values, api.checkField);
      } catch (err) {
        showFormError(formError, err);
        return;
      }
      let first = null;
      for (const [key, msg] of Object.entries(problems)) {
        const [input, errId] = fields[key];
        input.setAttribute("aria-invalid", "true");
        const el = $(errId);
        el.textContent = msg;
        el.hidden = false;
        first ??= input;
      }
      if (first) {
        first.focus();
        return;
      }
      try {
        await api.saveProfile({
          id: p.id,
          workspace: p.workspace,
          host: p.host,
          serviceAccount: values.serviceAccount,
          keyId: values.keyId,
          keyKind: values.keyKind,
          expiresOn: values.expiresOn,
          isAdmin: p.isAdmin ?? null,
        });
      } catch (err) {
        showFormError(formError, err);
        const key = fieldFromError(err, Object.keys(fields));
        if (key) {
          fields[key][0].setAttribute("aria-invalid", "true");
          fields[key][0].focus();
        }
        return;
      }
      if (values.secret) {
        try {
          await api.storeSecret(p.id, values.secret);
          ctx.state.secretStored = true;
        } catch (err) {
          secret.value = "";
          secret.type = "password";
          toggle.setAttribute("aria-pressed", "false");
          showFormError(formError, err);
          return;
        } finally {
          values.secret = "";
        }
        secret.value = "";
        secret.type = "password";
        toggle.setAttribute("aria-pressed", "false");
        $("secret-status")?.replaceWith(secretStatusLine(true));
      }
      drafts.delete(p.id);
      try {
        await ctx.refresh();
      } catch {
        // The save worked; a stale list is refreshed after the checks.
      }
      ctx.state.step = "check";
      ctx.renderChecklist();
      $("step-title")?.focus();
      ctx.runChecks();
    });
  });

  return form;
}

function saHintText(kind) {
  return kind === "member"
    ? "Optional for a member key: Mode already knows whose key it is."
    : "The Mode user Atlan's crawler signs in as. The checks look at this user's access.";
}

function secretStatusLine(stored) {
  if (stored === true) {
    return h(
      "p",
      { class: "hint secret-status stored", id: "secret-status" },
      icon("lock"),
      h("span", null, h("strong", null, "A secret is stored for this key."), " Entering a new one replaces it."),
    );
  }
  if (stored === false) {
    return h("p", { class: "hint secret-status", id: "secret-status" }, icon("lock"), h("span", null, "No secret is stored yet. It's kept in this computer's secure storage, never shown again."));
  }
  return h("p", { class: "hint secret-status", id: "secret-status" }, icon("lock"), h("span", null, "The app couldn't tell whether a secret is stored. Entering one stores it."));
}

function clearError(input, errId) {
  input.removeAttribute("aria-invalid");
  const el = $(errId);
  if (el) {
    el.hidden = true;
    el.textContent = "";
  }
}
