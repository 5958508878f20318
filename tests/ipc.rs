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
    let assistant = Arc::new(Assistant::load(dir.join("profiles.json")));
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

#[test]
fn capability_file_grants_exactly_our_commands_and_core_defaults() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/capabilities/main.json"
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let cap: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let granted: Vec<&str> = cap["permissions"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut expected: Vec<String> = vec!["core:default".into()];
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
