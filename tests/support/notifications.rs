//! A stand-in desktop notification service on the session bus that records every `Notify`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// One notification as it arrived on the bus.
#[allow(dead_code)] // each test binary reads the fields it needs
#[derive(Debug, Clone)]
pub struct Seen {
    pub app_name: String,
    pub summary: String,
    pub body: String,
    pub actions: Vec<String>,
}

struct Service {
    seen: Arc<Mutex<Vec<Seen>>>,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Service {
    #[allow(clippy::too_many_arguments)]
    async fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        _hints: HashMap<String, zbus::zvariant::OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.push(Seen {
            app_name,
            summary,
            body,
            actions,
        });
        seen.len() as u32
    }

    async fn get_capabilities(&self) -> Vec<String> {
        vec!["body".into(), "actions".into()]
    }

    async fn get_server_information(&self) -> (String, String, String, String) {
        (
            "test-notifications".into(),
            "mode-setup".into(),
            "1.0".into(),
            "1.2".into(),
        )
    }

    async fn close_notification(&self, _id: u32) {}
}

/// The service, owning `org.freedesktop.Notifications` until dropped.
pub struct Notifications {
    seen: Arc<Mutex<Vec<Seen>>>,
    _connection: zbus::Connection,
}

impl Notifications {
    pub async fn start() -> Notifications {
        assert!(
            std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
            "needs a D-Bus session: run the tests through scripts/test"
        );
        let seen = Arc::new(Mutex::new(Vec::new()));
        let connection = zbus::connection::Builder::session()
            .and_then(|b| b.name("org.freedesktop.Notifications"))
            .and_then(|b| {
                b.serve_at(
                    "/org/freedesktop/Notifications",
                    Service { seen: seen.clone() },
                )
            })
            .unwrap_or_else(|e| panic!("{e}"))
            .build()
            .await
            .unwrap_or_else(|e| panic!("the notification service could not start: {e}"));
        Notifications {
            seen,
            _connection: connection,
        }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Clicks the `index`-th notification seen (0 first), as a person clicking its body:
    /// the service says so with the `ActionInvoked` signal for its default action.
    #[allow(dead_code)] // each test binary uses the parts it needs
    pub async fn click(&self, index: usize) {
        let id = index as u32 + 1;
        self._connection
            .emit_signal(
                None::<&str>,
                "/org/freedesktop/Notifications",
                "org.freedesktop.Notifications",
                "ActionInvoked",
                &(id, "default"),
            )
            .await
            .unwrap_or_else(|e| panic!("the click could not be sent: {e}"));
    }
}
