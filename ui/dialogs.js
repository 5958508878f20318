// The "Ask your Mode admin" and "Remove workspace" dialogs (native <dialog>, static in index.html).

import * as api from "./api.js";
import { showFormError } from "./widgets.js";

const $ = (id) => document.getElementById(id);

let adminOpener = null;
let adminMailto = null;
let adminSeq = 0;
let removeOpener = null;
let removeAction = null;

export function setupDialogs(ctx) {
  const admin = $("admin-dialog");
  $("admin-close-btn").addEventListener("click", () => admin.close());
  admin.addEventListener("close", () => {
    adminSeq += 1;
    restoreFocus(adminOpener);
    adminOpener = null;
  });
  // A click on the dimmed backdrop (outside the dialog box) closes it too.
  admin.addEventListener("click", (e) => {
    if (e.target === admin) admin.close();
  });
  $("copy-admin-btn").addEventListener("click", copyAdminText);
  $("email-admin-btn").addEventListener("click", () => {
    if (adminMailto) ctx.openLink(adminMailto);
  });

  const remove = $("remove-dialog");
  $("remove-cancel-btn").addEventListener("click", () => remove.close());
  remove.addEventListener("close", () => {
    restoreFocus(removeOpener);
    removeOpener = null;
    removeAction = null;
  });
  $("remove-confirm-btn").addEventListener("click", async (e) => {
    const btn = e.currentTarget;
    if (!removeAction) return;
    btn.disabled = true;
    $("remove-error").hidden = true;
    try {
      const action = removeAction;
      removeOpener = null; // the opener disappears with the workspace; the app moves focus itself
      remove.close();
      await action();
    } catch (err) {
      ctx.toast(err.message, "error");
    } finally {
      btn.disabled = false;
    }
  });
}

function restoreFocus(el) {
  if (el && el.isConnected && !el.disabled) el.focus();
}

/** Opens the admin message dialog for the active workspace. */
export async function openAdminDialog(ctx, opener) {
  const p = ctx.profile();
  if (!p) return;
  const dlg = $("admin-dialog");
  adminOpener = opener ?? document.activeElement;
  adminMailto = null;
  const mine = ++adminSeq;
  const text = $("admin-text");
  text.value = "";
  $("admin-subject").textContent = "";
  $("copy-status").textContent = "";
  $("admin-error").hidden = true;
  $("admin-loading").hidden = false;
  $("copy-admin-btn").disabled = true;
  $("email-admin-btn").disabled = true;
  if (!dlg.open) dlg.showModal();
  $("admin-close-btn").focus();
  try {
    const msg = await api.adminRequest(p.id);
    if (mine !== adminSeq) return;
    $("admin-subject").textContent = msg.subject ?? "";
    text.value = msg.body ?? "";
    adminMailto = msg.mailto || null;
    $("copy-admin-btn").disabled = false;
    $("email-admin-btn").disabled = !adminMailto;
    $("copy-admin-btn").focus();
  } catch (err) {
    if (mine !== adminSeq) return;
    showFormError($("admin-error"), err);
  } finally {
    if (mine === adminSeq) $("admin-loading").hidden = true;
  }
}

async function copyAdminText() {
  const text = $("admin-text");
  const status = $("copy-status");
  const subject = $("admin-subject").textContent;
  const full = subject ? `Subject: ${subject}\n\n${text.value}` : text.value;
  let ok = false;
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(full);
      ok = true;
    }
  } catch {
    ok = false;
  }
  if (!ok) {
    // Fallback: select the message and use the old copy command.
    text.focus();
    text.select();
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
  }
  status.textContent = ok ? "Copied. Paste it into an email or chat to your admin." : "Couldn't copy. The text is selected: press Ctrl+C (or ⌘C) to copy it.";
  status.dataset.tone = ok ? "ok" : "warn";
  if (!ok) {
    text.focus();
    text.select();
  }
}

/** Asks before removing a workspace; `onConfirm(id)` does the removal. */
export function openRemoveDialog(ctx, profile, opener, onConfirm) {
  const dlg = $("remove-dialog");
  removeOpener = opener;
  removeAction = () => onConfirm(profile.id);
  $("remove-dialog-title").textContent = profile.practice ? "Remove the practice workspace?" : `Remove ${profile.workspace}?`;
  $("remove-dialog-desc").textContent = profile.practice
    ? "The practice workspace and its checklist are removed from this app. You can open it again any time."
    : `The saved settings and checklist for ${profile.workspace} are removed from this app. Nothing changes in Mode or in Atlan.`;
  $("remove-error").hidden = true;
  dlg.showModal();
  $("remove-cancel-btn").focus();
}
