// A stand-in for `window.__TAURI__` so the window's files run in a plain browser. It answers the
// commands ui/api.js invokes with the shapes the Rust side sends (camelCase, errors as
// `{kind, message, details}`), keeps profiles and settings in memory, and can be steered from the
// driving script through `window.__stub`.
//
// `tauriStub` is handed to the browser as source text, so it must not use anything from this module.

/**
 * Installs the stand-in. Runs inside the page, before the window's own scripts.
 * @param {object} cfg
 * @param {object[]} [cfg.profiles] profiles as `load_state` returns them
 * @param {string|null} [cfg.activeProfile]
 * @param {string[]} [cfg.notices]
 * @param {{thresholds: number[], startAtLogin: boolean}} [cfg.settings]
 * @param {object} [cfg.report] what `run_checks` resolves with
 * @param {object} [cfg.practice] the profile `start_practice` returns
 * @param {boolean|null} [cfg.secretStored]
 * @param {Object<string, object>} [cfg.fail] command name to the error it rejects with
 * @param {string[]} [cfg.hang] commands that never answer (for loading states)
 * @param {{hold?: boolean, error?: object}} [cfg.run] `hold`: stop after a few progress events
 *   until `__stub.finishRun()`; `error`: reject with it after the progress
 */
export function tauriStub(cfg) {
  const clone = (v) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
  const state = {
    profiles: clone(cfg.profiles ?? []),
    active: cfg.activeProfile ?? null,
    settings: clone(cfg.settings ?? { thresholds: [30, 14, 7, 3, 1, 0], startAtLogin: false }),
    fail: clone(cfg.fail ?? {}),
    hang: new Set(cfg.hang ?? []),
    run: null,
  };
  const listeners = new Map();
  const calls = [];
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  const today = () => new Date().toISOString().slice(0, 10);
  const find = (id) => state.profiles.find((p) => p.id === id);
  const reject = (kind, message, details = null) => Promise.reject({ kind, message, details });

  function emit(name, payload) {
    for (const fn of listeners.get(name) ?? []) fn({ event: name, id: 0, payload });
  }

  function linksFor(workspace) {
    const base = `https://app.mode.com/organizations/${workspace}`;
    return {
      settings: `${base}/settings`,
      invite: `${base}/invite`,
      members: `${base}/settings/members`,
      connections: `${base}/data_sources`,
      groups: `${base}/settings/groups`,
      apiKeys: `${base}/settings/api_keys`,
      memberKeys: `${base}/settings/features`,
      myApiKeys: `${base}/settings/my_api_keys`,
      personalTokens: "https://app.mode.com/settings/access_tokens",
      home: base,
    };
  }

  /** The Tauri `Channel` the page hands to a command; the command side calls `onmessage`. */
  class Channel {
    constructor() {
      this.onmessage = () => {};
    }
  }

  function runChecks(profileId, channel) {
    const report = clone(cfg.report);
    const checks = report?.checks ?? [];
    const total = 9;
    return new Promise((resolve, rejectRun) => {
      const run = { profileId, resolve, reject: rejectRun, finished: false };
      state.run = run;
      const stopAt = cfg.run?.hold ? Math.min(4, checks.length) : checks.length;
      let i = 0;
      const step = () => {
        if (run.finished) return;
        if (i < stopAt) {
          const check = checks[i];
          i += 1;
          const progress = { check, done: i, total, etaSeconds: total - i, message: `Checking ${check.title.toLowerCase()}…` };
          if (channel && typeof channel.onmessage === "function") channel.onmessage(progress);
          else emit("check-progress", { profileId, runId: "run-1", ...progress });
          setTimeout(step, 0);
        } else if (!cfg.run?.hold) finish();
      };
      setTimeout(step, 0);
    });
  }

  function finish() {
    const run = state.run;
    if (!run || run.finished) return;
    run.finished = true;
    state.run = null;
    if (cfg.run?.error) {
      run.reject(clone(cfg.run.error));
      return;
    }
    const report = clone(cfg.report);
    const p = find(run.profileId);
    if (p) {
      p.lastReport = report;
      p.steps.check = { done: !!report?.ready, at: today(), by: "check" };
    }
    run.resolve(report);
  }

  const commands = {
    app_info: () => ({ version: "0.1.0" }),
    ui_ready: () => null,
    load_state: () => ({ profiles: state.profiles, activeProfile: state.active, notices: cfg.notices ?? [] }),
    parse_workspace: ({ input }) => {
      const m = /^(?:https?:\/\/[^/]+\/(?:organizations\/)?)?([a-z0-9][a-z0-9_-]*)\/?$/i.exec(input.trim());
      return m ? { slug: m[1].toLowerCase() } : reject("invalid_workspace", "That isn't a workspace name or a link from a Mode workspace.");
    },
    save_profile: ({ profile }) => {
      const existing = profile.id ? find(profile.id) : null;
      const saved = {
        ...(existing ?? { id: `p-${state.profiles.length + 1}`, practice: false, steps: {}, lastReport: null }),
        ...profile,
        links: linksFor(profile.workspace),
      };
      if (existing) Object.assign(existing, saved);
      else state.profiles.push(saved);
      return clone(saved);
    },
    delete_profile: ({ id }) => {
      state.profiles = state.profiles.filter((p) => p.id !== id);
      if (state.active === id) state.active = state.profiles[0]?.id ?? null;
      return null;
    },
    select_profile: ({ id }) => {
      state.active = id;
      return null;
    },
    start_practice: () => {
      const p = clone(cfg.practice);
      if (!find(p.id)) state.profiles.push(p);
      return p;
    },
    store_secret: () => ({ stored: true }),
    secret_status: () => ({ stored: cfg.secretStored === undefined ? true : cfg.secretStored }),
    check_field: ({ field, value }) => {
      const v = String(value ?? "").trim();
      const bad = (message) => Promise.reject({ kind: "invalid_input", message, details: null, field });
      if (field === "workspace") {
        return Promise.resolve(commands.parse_workspace({ input: v })).then(
          (r) => ({ value: r.slug }),
          () => bad("Enter your workspace's name, or paste a link from your Mode workspace."),
        );
      }
      if (field === "host") return /^https?:\/\/[^\s/]+\/?$/.test(v) ? { value: v } : bad("Enter the address you sign in to Mode at, such as https://app.mode.com.");
      if (field === "serviceAccount") return /^[\w.-]+$/.test(v) ? { value: v } : bad("A Mode username has only letters, digits, dots, dashes and underscores.");
      if (field === "keyId") return /^[\w-]+$/.test(v) ? { value: v } : bad("Enter the Key ID that Mode showed when you created the key.");
      if (field === "expiresOn") return /^\d{4}-\d{2}-\d{2}$/.test(v) ? { value: v } : bad("Enter the date as shown in Mode.");
      return { value: v };
    },
    run_checks: ({ profileId, onProgress }) => runChecks(profileId, onProgress),
    cancel_checks: () => {
      const run = state.run;
      if (run && !run.finished) {
        run.finished = true;
        state.run = null;
        setTimeout(() => run.reject({ kind: "cancelled", message: "The checks were stopped.", details: null }), 0);
      }
      return null;
    },
    set_step: ({ profileId, step, done }) => {
      const p = find(profileId);
      if (!p) return reject("not_found", "That workspace is no longer in this app.");
      if (done) p.steps[step] = { done: true, at: today(), by: "hand" };
      else delete p.steps[step];
      return clone(p);
    },
    open_link: () => null,
    admin_request: () => ({
      subject: "Please set up Mode for Atlan's crawler",
      body: "Hi,\n\nAtlan's crawler needs a Mode user and an API key.\n\n1. Invite atlan_crawler.\n2. Give it View on each connection.\n3. Create a workspace API key.\n\nThanks!",
      mailto: "mailto:?subject=Please%20set%20up%20Mode",
    }),
    get_settings: () => clone(state.settings),
    set_settings: ({ settings }) => {
      state.settings = clone(settings);
      return clone(settings);
    },
    export_report: ({ format }) => ({ path: `/home/person/Documents/mode-setup-report.${format === "markdown" ? "md" : format}` }),
    save_calendar: () => ({ path: "/home/person/Documents/mode-key-expiry.ics" }),
    atlan_handoff: ({ profileId }) => {
      const p = find(profileId);
      if (!p) return reject("invalid_input", "That workspace is not saved.");
      return {
        profileId,
        keyId: p.keyId ?? null,
        secretStored: cfg.secretStored === undefined ? true : !!cfg.secretStored,
        workspace: p.workspace,
        host: "app.mode.com",
        hostNote: "Atlan's Mode form asks for no host: it connects to app.mode.com.",
        practice: !!p.practice,
      };
    },
    copy_for_atlan: ({ field }) => ({ field, clearedInSeconds: field === "secret" ? 30 : null }),
  };

  async function invoke(cmd, args = {}) {
    calls.push(cmd);
    await tick();
    if (state.hang.has(cmd)) return new Promise(() => {});
    if (state.fail[cmd]) throw clone(state.fail[cmd]);
    const fn = commands[cmd];
    if (!fn) throw { kind: "unexpected", message: `Unknown command ${cmd}`, details: null };
    return fn(args);
  }

  async function listen(name, handler) {
    if (!listeners.has(name)) listeners.set(name, new Set());
    listeners.get(name).add(handler);
    return () => listeners.get(name)?.delete(handler);
  }

  window.__TAURI__ = { core: { invoke, Channel }, event: { listen } };
  window.__stub = {
    calls,
    emit,
    finishRun: finish,
    fail(cmd, err) {
      state.fail[cmd] = err;
    },
    heal(cmd) {
      delete state.fail[cmd];
      state.hang.delete(cmd);
    },
    hang(cmd) {
      state.hang.add(cmd);
    },
  };
}
