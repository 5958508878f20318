//! The IPC layer with the app's real configuration (`generate_context!`), so the real capability
//! file and CSP apply: our commands answer, anything else is refused.

use std::sync::Arc;

use mode_setup::assistant::Assistant;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::Manager;

fn app() -> tauri::App<tauri::test::MockRuntime> {
    let dir = std::env::temp_dir().join(format!("mode-setup-ipc-{}", std::process::id()));
    let assistant =
        Arc::new(Assistant::load(dir.join("profiles.json")).unwrap_or_else(|e| panic!("{e}")));
    mode_setup_app::app::configure(mock_builder(), assistant)
        .build(mode_setup_app::app::context())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn invoke(
    app: &tauri::App<tauri::test::MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    let webview = match app.get_webview_window("main") {
        Some(w) => w,
        None => tauri::WebviewWindowBuilder::new(app, "main", Default::default())
            .build()
            .unwrap_or_else(|e| panic!("{e}")),
    };
    let request = tauri::webview::InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost"
            .parse()
            .unwrap_or_else(|e| panic!("{e}")),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(&webview, request).map(|b| b.deserialize::<Value>().unwrap_or(Value::Null))
}

#[test]
fn our_commands_answer_through_ipc() {
    let app = app();
    let info = invoke(&app, "app_info", json!({})).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    let slug = invoke(
        &app,
        "parse_workspace",
        json!({"input": "https://app.mode.com/organizations/acme/x"}),
    );
    assert_eq!(slug.unwrap_or_else(|e| panic!("{e}"))["slug"], "acme");
}

#[test]
fn errors_cross_ipc_as_kind_message_and_field() {
    let app = app();
    let err = invoke(&app, "parse_workspace", json!({"input": "Acme Corp"}))
        .err()
        .unwrap_or_default();
    assert_eq!(err["kind"], "invalid_input");
    assert_eq!(err["field"], "workspace");
    assert!(err["message"]
        .as_str()
        .unwrap_or_default()
        .contains("spaces"));
}

#[test]
fn commands_not_in_the_capability_are_refused() {
    let app = app();
    for cmd in [
        "plugin:opener|open_path",
        "plugin:opener|open_url",
        "no_such_command",
    ] {
        let r = invoke(
            &app,
            cmd,
            json!({"path": "/etc/passwd", "url": "https://example.com"}),
        );
        assert!(r.is_err(), "{cmd} was allowed: {r:?}");
    }
}

/// The core permissions the page uses: `listen` (and `unlisten`) for the "open-step" and
/// "check-now" events, and setting its own zoom (Tauri's Ctrl+= / Ctrl+- keys, turned on with
/// `zoomHotkeysEnabled`, call it). A `Channel` (run_checks' progress) and our own commands need
/// none.
const CORE_PERMISSIONS: [&str; 3] = [
    "core:event:allow-listen",
    "core:event:allow-unlisten",
    ZOOM_PERMISSION,
];

/// The one webview permission: zooming the page, which people who need larger text rely on.
const ZOOM_PERMISSION: &str = "core:webview:allow-set-webview-zoom";

fn capability() -> (String, Value) {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/capabilities/main.json"
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let cap = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    (text, cap)
}

#[test]
fn capability_file_grants_exactly_our_commands_and_the_core_permissions_the_page_uses() {
    let (text, cap) = capability();
    let granted: Vec<&str> = cap["permissions"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut expected: Vec<String> = CORE_PERMISSIONS.iter().map(|p| p.to_string()).collect();
    expected.extend(
        mode_setup_app::command_names::COMMANDS
            .iter()
            .map(|c| format!("allow-{}", c.replace('_', "-"))),
    );
    assert_eq!(
        granted,
        expected.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert_eq!(cap["windows"], json!(["main"]));
    assert!(!text.contains("fs:") && !text.contains("shell:") && !text.contains("\"*\""));
}

#[test]
fn capability_file_grants_no_tray_menu_or_window_creation() {
    let (_, cap) = capability();
    for p in cap["permissions"].as_array().into_iter().flatten() {
        let p = p.as_str().unwrap_or_default();
        assert!(
            !p.ends_with(":default"),
            "{p}: a default set grants more than the page uses"
        );
        for family in [
            "core:tray",
            "core:menu",
            "core:window",
            "core:webview",
            "core:app",
        ] {
            assert!(
                !p.starts_with(family) || p == ZOOM_PERMISSION,
                "{p} is granted"
            );
        }
    }
}

#[test]
fn the_page_may_listen_for_events_but_not_create_trays_menus_or_windows() {
    let app = app();
    let listened = invoke(
        &app,
        "plugin:event|listen",
        json!({"event": "open-step", "target": {"kind": "Any"}, "handler": 7}),
    );
    assert!(listened.is_ok(), "listening was refused: {listened:?}");
    for (cmd, args) in [
        (
            "plugin:tray|new",
            json!({"options": {"id": "x"}, "handler": 8}),
        ),
        (
            "plugin:menu|new",
            json!({"kind": "Menu", "options": {}, "handler": 9}),
        ),
        ("plugin:menu|create_default", json!({})),
        (
            "plugin:window|create",
            json!({"options": {"label": "x", "url": "https://example.com"}}),
        ),
        (
            "plugin:webview|create_webview_window",
            json!({"options": {"label": "x", "url": "https://example.com"}}),
        ),
        ("plugin:webview|create_webview", json!({})),
    ] {
        let r = invoke(&app, cmd, args);
        let refused = r.as_ref().err().map(|e| e.to_string()).unwrap_or_default();
        assert!(refused.contains("not allowed"), "{cmd}: {r:?}");
    }
}

#[test]
fn content_security_policy_allows_no_remote_origin_and_no_eval() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tauri.conf.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    let conf: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let csp = &conf["app"]["security"]["csp"];
    assert!(csp.is_object(), "a real CSP is set");
    assert_eq!(csp["default-src"], "'self'");
    for (directive, value) in csp.as_object().into_iter().flatten() {
        let v = value.as_str().unwrap_or_default();
        assert!(
            !v.contains("unsafe-eval") && !v.contains("unsafe-inline"),
            "{directive}: {v}"
        );
        assert!(
            !v.contains("https:") && !v.contains('*'),
            "{directive} allows a remote origin: {v}"
        );
    }
}
