//! A small WebDriver client for the end-to-end tests: starts `tauri-driver`, opens the real
//! app in its real WebKit webview, and drives it with clicks, keys and scripts.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A running `tauri-driver`, stopped with SIGTERM so it also stops WebKitWebDriver.
pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Driver {
    pub fn start(port: u16, envs: &[(&str, String)]) -> Driver {
        let mut cmd = Command::new("tauri-driver");
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &(port + 1).to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let child = cmd.spawn().unwrap_or_else(|e| {
            panic!("tauri-driver could not start ({e}); scripts/test installs it")
        });
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One WebDriver session: one run of the app.
pub struct Session {
    http: reqwest::Client,
    base: String,
}

impl Session {
    #[allow(dead_code)] // not every test binary uses every call
    pub async fn open(driver: &Driver, app: &str) -> Session {
        Session::open_with(driver, app, &[]).await
    }

    pub async fn open_with(driver: &Driver, app: &str, args: &[String]) -> Session {
        let http = reqwest::Client::new();
        let root = format!("http://127.0.0.1:{}", driver.port);
        let caps = json!({"capabilities": {"alwaysMatch": {"tauri:options": {"application": app, "args": args}}}});
        let mut attempt = 0;
        let resp: Value = loop {
            attempt += 1;
            match http
                .post(format!("{root}/session"))
                .json(&caps)
                .send()
                .await
            {
                Ok(r) => break r.json().await.unwrap_or_else(|e| panic!("{e}")),
                Err(e) if attempt >= 5 => panic!("no WebDriver session after {attempt} tries: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(500)).await,
            }
        };
        let id = resp["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {resp}"))
            .to_string();
        Session {
            http,
            base: format!("{root}/session/{id}"),
        }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp: Value = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .json()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        resp["value"].clone()
    }

    pub async fn close(self) {
        let _ = self.http.delete(&self.base).send().await;
    }

    /// Runs a script in the page and returns its result.
    pub async fn exec(&self, script: &str, args: Value) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
        .await
    }

    /// Waits until `script` (returning a truthy value) holds, or panics with `what`.
    pub async fn wait(&self, what: &str, script: &str, timeout: Duration) -> Value {
        let deadline = Instant::now() + timeout;
        loop {
            let v = self.exec(script, json!([])).await;
            let truthy = match &v {
                Value::Null | Value::Bool(false) => false,
                Value::String(s) => !s.is_empty(),
                Value::Object(o) => !o.contains_key("error"),
                _ => true,
            };
            if truthy {
                return v;
            }
            if Instant::now() > deadline {
                let dir =
                    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../artifacts/screenshots");
                let name: String = what
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                    .collect();
                let shot = screenshot(&dir, &format!("failed-{name}"));
                let page = self
                    .exec("return document.body.innerText;", json!([]))
                    .await;
                panic!(
                    "timed out waiting for {what}; last value {v}; screen: {}; page text: {page}",
                    shot.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn wait_for(&self, css: &str) {
        let script = format!(
            "const e = document.querySelector({css:?}); return !!(e && e.getClientRects().length);"
        );
        self.wait(css, &script, Duration::from_secs(15)).await;
    }

    async fn element(&self, css: &str) -> String {
        self.wait_for(css).await;
        let v = self
            .call(
                reqwest::Method::POST,
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_string()
    }

    pub async fn click(&self, css: &str) {
        let id = self.element(css).await;
        self.exec(
            &format!("document.querySelector({css:?}).scrollIntoView({{block: 'center'}});"),
            json!([]),
        )
        .await;
        let v = self
            .call(
                reqwest::Method::POST,
                &format!("/element/{id}/click"),
                Some(json!({})),
            )
            .await;
        assert!(
            v.is_null() || !v.as_object().is_some_and(|o| o.contains_key("error")),
            "click {css}: {v}"
        );
    }

    pub async fn fill(&self, css: &str, text: &str) {
        let id = self.element(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/clear"),
            Some(json!({})),
        )
        .await;
        // Clearing is all an empty text asks for (WebDriver refuses to type nothing).
        if text.is_empty() {
            return;
        }
        let v = self
            .call(
                reqwest::Method::POST,
                &format!("/element/{id}/value"),
                Some(json!({"text": text})),
            )
            .await;
        assert!(
            v.is_null() || !v.as_object().is_some_and(|o| o.contains_key("error")),
            "type into {css}: {v}"
        );
    }

    #[allow(dead_code)] // not every test binary uses every call
    pub async fn text(&self, css: &str) -> String {
        self.wait_for(css).await;
        let script = format!("return document.querySelector({css:?}).textContent;");
        self.exec(&script, json!([]))
            .await
            .as_str()
            .unwrap_or_default()
            .trim()
            .to_string()
    }

    /// Presses keys on whatever has focus (WebDriver key codes, e.g. "\u{E004}" for Tab).
    pub async fn keys(&self, keys: &str) {
        let actions: Vec<Value> = keys
            .chars()
            .flat_map(|c| {
                [
                    json!({"type": "keyDown", "value": c.to_string()}),
                    json!({"type": "keyUp", "value": c.to_string()}),
                ]
            })
            .collect();
        self.call(
            reqwest::Method::POST,
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        )
        .await;
    }

    /// Holds `modifier` (e.g. "\u{E009}" for Control) while pressing `key`.
    #[allow(dead_code)] // not every test binary uses every call
    pub async fn chord(&self, modifier: &str, key: &str) {
        let actions = json!([
            {"type": "keyDown", "value": modifier},
            {"type": "keyDown", "value": key},
            {"type": "keyUp", "value": key},
            {"type": "keyUp", "value": modifier},
        ]);
        self.call(
            reqwest::Method::POST,
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        )
        .await;
    }

    /// Asks for a window of `width` × `height` and returns the size it got.
    #[allow(dead_code)] // not every test binary uses every call
    pub async fn resize(&self, width: u32, height: u32) -> (u64, u64) {
        let v = self
            .call(
                reqwest::Method::POST,
                "/window/rect",
                Some(json!({"width": width, "height": height})),
            )
            .await;
        (
            v["width"].as_u64().unwrap_or_default(),
            v["height"].as_u64().unwrap_or_default(),
        )
    }

    /// Presses Tab until the element `id` has focus; panics if it is never reached.
    #[allow(dead_code)] // not every test binary uses every call
    pub async fn tab_to(&self, id: &str) {
        for _ in 0..80 {
            let focused = self
                .exec(
                    "return document.activeElement && document.activeElement.id;",
                    json!([]),
                )
                .await;
            if focused.as_str() == Some(id) {
                return;
            }
            self.keys("\u{E004}").await;
        }
        panic!("#{id} could not be reached with the Tab key");
    }

    /// The page's whole DOM as HTML, with the values of form fields.
    #[allow(dead_code)] // not every test binary uses every call
    pub async fn dom(&self) -> String {
        let script = "return document.documentElement.outerHTML + [...document.querySelectorAll('input,textarea')].map(e => e.value).join('\\n');";
        self.exec(script, json!([]))
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

/// Takes a screenshot of the whole X screen into `dir/name.png`.
pub fn screenshot(dir: &Path, name: &str) -> PathBuf {
    let _ = std::fs::create_dir_all(dir);
    let path = dir.join(format!("{name}.png"));
    let status = Command::new("import")
        .args(["-window", "root"])
        .arg(&path)
        .status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "screenshot {name} failed"
    );
    path
}
