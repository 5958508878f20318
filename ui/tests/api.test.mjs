import { test, describe, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import * as api from "../api.js";

// api.js reads globalThis.__TAURI__ at call time, so each test installs its own fake.
let calls;
let replies;
let listeners;

beforeEach(() => {
  calls = [];
  replies = {};
  listeners = {};
  globalThis.__TAURI__ = {
    core: {
      invoke: async (cmd, args) => {
        calls.push([cmd, args]);
        const r = replies[cmd];
        if (typeof r === "function") return r(args);
        return r ?? null;
      },
    },
    event: {
      listen: async (name, handler) => {
        listeners[name] = handler;
        return () => delete listeners[name];
      },
    },
  };
});

afterEach(() => {
  delete globalThis.__TAURI__;
});

describe("commands reach Rust with the contract's names and camelCase arguments", () => {
  const cases = [
    ["appInfo", [], "app_info", undefined],
    ["loadState", [], "load_state", undefined],
    ["parseWorkspace", ["https://app.mode.com/organizations/acme"], "parse_workspace", { input: "https://app.mode.com/organizations/acme" }],
    ["checkField", ["host", "https://app.mode.com"], "check_field", { field: "host", value: "https://app.mode.com" }],
    ["deleteProfile", ["p1"], "delete_profile", { id: "p1" }],
    ["selectProfile", ["p1"], "select_profile", { id: "p1" }],
    ["startPractice", [], "start_practice", undefined],
    ["storeSecret", ["p1", "s3cret"], "store_secret", { profileId: "p1", secret: "s3cret" }],
    ["secretStatus", ["p1"], "secret_status", { profileId: "p1" }],
    ["runChecks", ["p1"], "run_checks", { profileId: "p1" }],
    ["cancelChecks", [], "cancel_checks", undefined],
    ["setStep", ["p1", "invite", true], "set_step", { profileId: "p1", step: "invite", done: true }],
    ["openLink", ["p1", "https://app.mode.com/x"], "open_link", { profileId: "p1", url: "https://app.mode.com/x" }],
    ["adminRequest", ["p1"], "admin_request", { profileId: "p1" }],
    ["getSettings", [], "get_settings", undefined],
    ["setSettings", [{ thresholds: [30, 0], startAtLogin: true }], "set_settings", { settings: { thresholds: [30, 0], startAtLogin: true } }],
    ["exportReport", ["p1", "markdown"], "export_report", { profileId: "p1", format: "markdown" }],
    ["saveCalendar", ["p1"], "save_calendar", { profileId: "p1" }],
  ];
  for (const [fn, args, cmd, expected] of cases) {
    test(`${fn} calls ${cmd}`, async () => {
      await api[fn](...args);
      assert.deepEqual(calls, [[cmd, expected]]);
    });
  }

  test("saveProfile wraps the profile input in `profile`", async () => {
    const input = {
      workspace: "acme",
      host: "https://app.mode.com",
      serviceAccount: "atlan_crawler",
      keyId: "",
      keyKind: "workspace",
      expiresOn: null,
      isAdmin: null,
    };
    await api.saveProfile(input);
    assert.deepEqual(calls, [["save_profile", { profile: input }]]);
  });
});

test("replies from Rust are passed through unchanged", async () => {
  replies.parse_workspace = () => ({ slug: "acme" });
  assert.deepEqual(await api.parseWorkspace("acme"), { slug: "acme" });
});

test("a rejection keeps Rust's kind and message", async () => {
  replies.store_secret = () => {
    throw { kind: "keyring_unavailable", message: "No secure storage on this computer." };
  };
  await assert.rejects(api.storeSecret("p1", "x"), { kind: "keyring_unavailable", message: "No secure storage on this computer." });
});

test("a bare string rejection becomes a plain-words error with the original in details", async () => {
  replies.load_state = () => {
    throw "command load_state not found";
  };
  await assert.rejects(api.loadState(), (e) => e.kind === "internal" && e.details === "command load_state not found");
});

test("a field Rust refuses comes back with its kind, field and message", async () => {
  replies.check_field = () => {
    throw { kind: "invalid_input", field: "workspace", message: "\"Acme Corp\" has spaces in it." };
  };
  await assert.rejects(api.checkField("workspace", "Acme Corp"), { kind: "invalid_input", field: "workspace", message: "\"Acme Corp\" has spaces in it." });
});

test("without the Tauri bridge, commands reject with a plain-words no_backend error", async () => {
  delete globalThis.__TAURI__;
  await assert.rejects(api.loadState(), (e) => e.kind === "no_backend" && /app/.test(e.message));
});

test("check progress streams over the run's own channel to its handler", async () => {
  class Channel {
    constructor() {
      this.onmessage = null;
    }
  }
  globalThis.__TAURI__.core.Channel = Channel;
  const seen = [];
  const payload = { check: null, done: 1, total: 9, etaSeconds: 8, message: "…" };
  replies.run_checks = (args) => {
    assert.ok(args.onProgress instanceof Channel);
    args.onProgress.onmessage(payload);
    return { headline: "Ready" };
  };
  const report = await api.runChecks("p1", (p) => seen.push(p));
  assert.deepEqual(seen, [payload]);
  assert.equal(report.headline, "Ready");
  assert.equal(calls[0][1].profileId, "p1");
});

test("a cancelled save dialog comes back as null", async () => {
  replies.export_report = () => null;
  assert.equal(await api.exportReport("p1", "html"), null);
});

test("a start-at-login failure keeps its kind", async () => {
  replies.set_settings = () => {
    throw { kind: "autostart", message: "Start at login couldn't be changed." };
  };
  await assert.rejects(api.setSettings({ thresholds: [7], startAtLogin: true }), { kind: "autostart" });
});

test("open-step and check-now events hand their payload to the handler", async () => {
  const opened = [];
  const checked = [];
  await api.onOpenStep((p) => opened.push(p));
  await api.onCheckNow((p) => checked.push(p));
  listeners["open-step"]({ payload: { profileId: "p1", step: "reminders" } });
  listeners["check-now"]({ payload: { profileId: "p2" } });
  assert.deepEqual(opened, [{ profileId: "p1", step: "reminders" }]);
  assert.deepEqual(checked, [{ profileId: "p2" }]);
});

test("without the event bridge, listening is a no-op", async () => {
  delete globalThis.__TAURI__.event;
  const stop = await api.onOpenStep(() => {});
  assert.equal(typeof stop, "function");
});
