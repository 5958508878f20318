// Mode Setup Assistant: the form where the Key ID, the secret and the key's details are entered.

import * as api from "./api.js";
import {
  CATALOG,
  keyKindLabel,
  defaultExpiry,
  validateCredentials,
  fieldFromError,
} from "./logic.js";
import { h, icon } from "./dom.js";
import { showFormError, busy, callout } from "./widgets.js";

const $ = (id) => document.getElementById(id);

/** Form values typed on the key step, per profile, so leaving the step doesn't lose them. Never the secret. */
const drafts = new Map();

export function credentialsForm(ctx, p) {
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
