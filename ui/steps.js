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
  usesPersonalToken,
} from "./logic.js";
import { h, rich, icon } from "./dom.js";
import { busy, callout } from "./widgets.js";
import { renderCheckStep } from "./checks.js";
import { remindersBody } from "./reminders.js";
import { reportBody } from "./report.js";
import { credentialsForm } from "./credentials.js";
import { atlanBody } from "./atlan.js";

const $ = (id) => document.getElementById(id);

const BODIES = {
  invite: inviteBody,
  permissions: permissionsBody,
  "api-key": apiKeyBody,
  check: (ctx, p) => renderCheckStep(ctx, p),
  reminders: remindersBody,
  report: reportBody,
  atlan: atlanBody,
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
