// The only module that talks to the Rust side (Tauri `invoke` / `listen`).
// Every command rejects with `{kind, message, details?}` (see normalizeError in logic.js); the kinds
// are CATALOG.errors in catalog.js.

import { normalizeError } from "./logic.js";

/**
 * @typedef {"workspace"|"member"|"personal"} KeyKind
 * @typedef {{done: boolean, at: string, by: "hand"|"check"}} StepTick
 * @typedef {{invite: string, members: string, connections: string, apiKeys: string, memberKeys: string,
 *            myApiKeys: string, personalTokens: string, settings: string}} ModeLinks
 * @typedef {{id: string, title: string, status: "pass"|"warn"|"fail"|"skip", summary: string,
 *            fix: string|null, link: string|null, details: string|null}} CheckResult
 * @typedef {{token: string, name: string, access: "manage"|"query"|"view"|"none"|"unknown",
 *            via: "admin"|"default"|"direct"|"group"|null, link: string}} ConnectionAccess
 * @typedef {{schema: 1, workspace: string, host: string, checked_at: string|null,
 *            key: {id: string, kind: KeyKind|"unknown", member: string|null, expires_on: string|null, days_left: number|null},
 *            checks: CheckResult[], connections: ConnectionAccess[],
 *            counts: {connections: number, collections: number, personal_collections: number, reports: number, queries: number, charts: number},
 *            ready: boolean, headline: string}} Report
 * @typedef {{id: string, workspace: string, host: string, serviceAccount: string, keyId: string, keyKind: KeyKind,
 *            expiresOn: string|null, isAdmin: boolean|null, practice: boolean, steps: Object<string, StepTick>,
 *            links: ModeLinks, lastReport: Report|null}} Profile
 * @typedef {{id?: string, workspace: string, host: string, serviceAccount: string, keyId: string, keyKind: KeyKind,
 *            expiresOn: string|null, isAdmin: boolean|null}} ProfileInput
 * @typedef {{check: CheckResult|null, done: number, total: number,
 *            etaSeconds: number|null, message: string}} CheckProgress
 * @typedef {{kind: string, message: string, details: string|null, field?: string}} CommandError
 * @typedef {{thresholds: number[], startAtLogin: boolean, watchEvery: "daily"|"weekly"|"off"}} Settings
 * @typedef {"html"|"markdown"|"json"} ReportFormat
 */

function tauri() {
  const t = globalThis.__TAURI__;
  if (!t || !t.core || typeof t.core.invoke !== "function") {
    throw {
      kind: "no_backend",
      message: "This window isn't connected to the Mode Setup Assistant app. Close it and open the app again.",
    };
  }
  return t;
}

async function call(cmd, args) {
  try {
    return await tauri().core.invoke(cmd, args);
  } catch (err) {
    throw normalizeError(err);
  }
}

/** @returns {Promise<{version: string}>} */
export function appInfo() {
  return call("app_info");
}

/**
 * Tells Rust the first screen is painted (it measures start-up time).
 * @param {string} screen which screen was painted
 * @returns {Promise<null>}
 */
export function uiReady(screen) {
  return call("ui_ready", { screen });
}

/** @returns {Promise<{profiles: Profile[], activeProfile: string|null, notices: string[]}>} */
export function loadState() {
  return call("load_state");
}

/**
 * Reads a workspace slug out of what was typed: a slug or any Mode URL.
 * @param {string} input
 * @returns {Promise<{slug: string}>} rejects with kind "invalid_input"
 */
export function parseWorkspace(input) {
  return call("parse_workspace", { input });
}

/**
 * Checks one form field the way saving the form will.
 * @param {"workspace"|"host"|"serviceAccount"|"keyId"|"expiresOn"} field
 * @param {string} value as typed
 * @returns {Promise<{value: string}>} the value as it would be saved; rejects with kind
 *   "invalid_input" and `field` naming the field, with Rust's message saying how to fix it
 */
export function checkField(field, value) {
  return call("check_field", { field, value });
}

/**
 * @param {ProfileInput} profile
 * @returns {Promise<Profile>} rejects with kind "invalid_input"
 */
export function saveProfile(profile) {
  return call("save_profile", { profile });
}

/** @param {string} id @returns {Promise<null>} */
export function deleteProfile(id) {
  return call("delete_profile", { id });
}

/** @param {string} id @returns {Promise<null>} */
export function selectProfile(id) {
  return call("select_profile", { id });
}

/** @returns {Promise<Profile>} the practice profile, key and secret already in place */
export function startPractice() {
  return call("start_practice");
}

/**
 * @param {string} profileId
 * @param {string} secret
 * @returns {Promise<{stored: true}>} rejects with kind "keyring_unavailable"
 */
export function storeSecret(profileId, secret) {
  return call("store_secret", { profileId, secret });
}

/** @param {string} profileId @returns {Promise<{stored: boolean}>} */
export function secretStatus(profileId) {
  return call("secret_status", { profileId });
}

/**
 * Runs the nine checks. Progress streams to `onProgress` over this run's own channel.
 * @param {string} profileId
 * @param {(p: CheckProgress) => void} onProgress
 * @returns {Promise<Report>} rejects with kind "cancelled", or "invalid_input" with field "keyId" or
 *   "secret" when the key isn't saved yet, …
 */
export function runChecks(profileId, onProgress) {
  const t = tauri();
  const Channel = t.core?.Channel;
  if (typeof Channel !== "function") return call("run_checks", { profileId });
  const channel = new Channel();
  channel.onmessage = (p) => onProgress?.(p);
  return call("run_checks", { profileId, onProgress: channel });
}

/** @returns {Promise<null>} */
export function cancelChecks() {
  return call("cancel_checks");
}

/**
 * @param {string} profileId
 * @param {string} step one of STEP_IDS
 * @param {boolean} done
 * @returns {Promise<Profile>}
 */
export function setStep(profileId, step, done) {
  return call("set_step", { profileId, step, done });
}

/**
 * Opens a Mode page (or a mailto: draft) in the default browser / mail app. Rust checks the URL.
 * @param {string|null} profileId
 * @param {string} url
 * @returns {Promise<null>} rejects with kind "invalid_input" (field "link") for a link elsewhere
 */
export function openLink(profileId, url) {
  return call("open_link", { profileId, url });
}

/** @param {string} profileId @returns {Promise<{subject: string, body: string, mailto: string}>} */
export function adminRequest(profileId) {
  return call("admin_request", { profileId });
}

/** @returns {Promise<Settings>} reminder days (before expiry), start-at-login and how often the watch runs */
export function getSettings() {
  return call("get_settings");
}

/**
 * @param {Settings} settings
 * @returns {Promise<Settings>} the saved settings; rejects with kind "autostart" when start-at-login can't be changed
 */
export function setSettings(settings) {
  return call("set_settings", { settings });
}

/**
 * Switches the watch of one workspace on or off.
 * @param {string} profileId
 * @param {boolean} on
 * @returns {Promise<Profile>}
 */
export function setWatch(profileId, on) {
  return call("set_watch", { profileId, on });
}

/**
 * Saves the setup report; Rust opens the save dialog.
 * @param {string} profileId
 * @param {ReportFormat} format
 * @returns {Promise<{path: string}|null>} null when the person cancelled the save dialog
 */
export function exportReport(profileId, format) {
  return call("export_report", { profileId, format });
}

/**
 * Saves an .ics calendar file for the key's expiry date; Rust opens the save dialog.
 * @param {string} profileId
 * @returns {Promise<{path: string}|null>} null when cancelled; rejects with kind "invalid_input" without an expiry date
 */
export function saveCalendar(profileId) {
  return call("save_calendar", { profileId });
}

/**
 * What the Connect in Atlan step shows for a workspace, read from the saved profile: never the
 * secret, only whether one is saved.
 * @param {string} profileId
 * @returns {Promise<{profileId: string, keyId: string|null, secretStored: boolean, workspace: string,
 *   host: string, hostNote: string, practice: boolean}>} rejects with kind "keyring_unavailable"
 */
export function atlanHandoff(profileId) {
  return call("atlan_handoff", { profileId });
}

/**
 * Copies one value for Atlan's Mode form to the clipboard. Rust reads the value (the secret from the
 * keyring) and copies it, so the secret never reaches this page.
 * @param {string} profileId
 * @param {"key-id"|"secret"|"workspace"|"host"} field
 * @param {(outcome: "cleared"|"left-alone"|"copied-again"|"failed") => void} [onCleared] for the
 *   secret: what became of it when its time on the clipboard was up
 * @returns {Promise<{field: string, clearedInSeconds: number|null}>} rejects with kind "clipboard",
 *   or "invalid_input" (field "keyId" or "secret") when nothing is saved to copy
 */
export function copyForAtlan(profileId, field, onCleared) {
  const Channel = tauri().core?.Channel;
  if (typeof Channel !== "function") return call("copy_for_atlan", { profileId, field });
  const channel = new Channel();
  channel.onmessage = (outcome) => onCleared?.(outcome);
  return call("copy_for_atlan", { profileId, field, onCleared: channel });
}

async function listen(name, handler) {
  const t = tauri();
  if (!t.event || typeof t.event.listen !== "function") return () => {};
  try {
    return await t.event.listen(name, (event) => handler(event?.payload));
  } catch (err) {
    throw normalizeError(err);
  }
}

/**
 * An expiry notification was clicked: show that workspace's step.
 * @param {(p: {profileId: string, step: string}) => void} handler
 * @returns {Promise<() => void>}
 */
export function onOpenStep(handler) {
  return listen("open-step", handler);
}

/**
 * The watch re-ran a workspace's checks in the background.
 * @param {(p: {profileId: string}) => void} handler
 * @returns {Promise<() => void>}
 */
export function onProfileUpdated(handler) {
  return listen("profile-updated", handler);
}

/**
 * "Check now" was chosen from the tray menu.
 * @param {(p: {profileId: string}) => void} handler
 * @returns {Promise<() => void>}
 */
export function onCheckNow(handler) {
  return listen("check-now", handler);
}
