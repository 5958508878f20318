//! `mode-setup simulate`: a simulated Mode workspace on this computer.

use super::{out, say};
use crate::simulator::{self, scenarios, Simulator};

pub(super) async fn simulate(
    name: &str,
    port: u16,
    world_file: Option<std::path::PathBuf>,
    latency_ms: u64,
    rate_limit: Option<f64>,
    variants: &[String],
) -> i32 {
    use crate::simulator::world::Variant;
    let today = chrono::Local::now().date_naive();
    let mut chosen = Vec::new();
    for name in variants {
        match Variant::parse(name) {
            Some(v) => chosen.push(v),
            None => {
                say(&format!(
                    "mode-setup: there is no variant called \"{name}\". Choose from:"
                ));
                for v in Variant::ALL {
                    say(&format!("  {:<18} {}", v.name(), v.describe()));
                }
                return 2;
            }
        }
    }
    let (world, label) = match world_file {
        Some(path) => {
            let parsed = std::fs::read(&path)
                .map_err(|e| e.to_string())
                .and_then(|b| {
                    serde_json::from_slice::<simulator::World>(&b).map_err(|e| e.to_string())
                });
            match parsed {
                Ok(w) => (w, format!("from {}", path.display())),
                Err(e) => {
                    say(&format!(
                        "mode-setup: the workspace file {} could not be read: {e}",
                        path.display()
                    ));
                    return 2;
                }
            }
        }
        None => match simulator::scenario(name, today) {
            Some(w) => {
                let about = simulator::SCENARIOS
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, a)| *a)
                    .unwrap_or("");
                (w, format!("scenario \"{name}\": {about}"))
            }
            None => {
                say(&format!(
                    "mode-setup: there is no scenario called \"{name}\". Choose one of:"
                ));
                for (n, about) in simulator::SCENARIOS {
                    say(&format!("  {n:<16} {about}"));
                }
                return 2;
            }
        },
    };
    let flaky = name == "flaky";
    let mut world = world;
    for v in &chosen {
        v.apply(&mut world.behaviour);
    }
    let label = if chosen.is_empty() {
        label
    } else {
        let names: Vec<&str> = chosen.iter().map(|v| v.name()).collect();
        format!("{label}; variants: {}", names.join(", "))
    };
    world.behaviour.latency_ms = world.behaviour.latency_ms.max(latency_ms);
    if let Some(per_minute) = rate_limit.filter(|r| *r > 0.0) {
        world.behaviour.rate_limit = Some(crate::simulator::world::RateLimit {
            per_minute,
            capacity: 15.0,
        });
    }
    let ws = world.workspace.clone();
    let keys = world.keys.clone();
    let sim = match Simulator::start(world, port).await {
        Ok(s) => s,
        Err(e) => {
            say(&format!(
                "mode-setup: could not listen on 127.0.0.1:{port}: {e}"
            ));
            return 2;
        }
    };
    if flaky {
        simulator::scenarios::inject_flaky(&sim);
    }
    let url = sim.url();
    let mut text = String::new();
    text.push_str(&format!("Mode simulator ({label})\n"));
    text.push_str(&format!(
        "Serving workspace \"{ws}\" at {url}. Press Ctrl+C to stop.\n\n"
    ));
    text.push_str("Check it from another terminal:\n");
    text.push_str(&format!(
        "  MODE_API_KEY_ID={} MODE_API_SECRET={} \\\n    mode-setup check --host {url} --workspace {ws} --service-account {}\n\n",
        scenarios::WORKSPACE_KEY_ID,
        scenarios::WORKSPACE_SECRET,
        scenarios::CRAWLER
    ));
    text.push_str("Keys this simulated workspace knows (practice values, not real secrets):\n");
    for k in &keys {
        let expiry = k
            .expires_on
            .map(|d| format!("expires {d}"))
            .unwrap_or_else(|| "no expiry".into());
        text.push_str(&format!(
            "  {:<40} Key ID {}  secret {}  ({expiry})\n",
            k.label, k.id, k.secret
        ));
    }
    text.push_str("\nOther scenarios (--scenario NAME):\n");
    for (n, about) in simulator::SCENARIOS {
        text.push_str(&format!("  {n:<16} {about}\n"));
    }
    text.push_str("\nOther shapes of Mode's answers (--variant NAME, repeatable):\n");
    for v in Variant::ALL {
        text.push_str(&format!("  {:<18} {}\n", v.name(), v.describe()));
    }
    if out(&text).is_err() {
        return 2;
    }
    let _ = tokio::signal::ctrl_c().await;
    0
}
