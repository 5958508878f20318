//! How long the window took to show its first screen, for the start-up benchmark.

/// When the process started, for the start-up time.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Notes the process start; call first thing in `main`.
pub fn mark_start() {
    let _ = STARTED.set(std::time::Instant::now());
}

/// Called once the window's first screen is painted; prints the start-up time when
/// `MODE_SETUP_TRACE_STARTUP` is set (the benchmark reads it).
pub fn painted(screen: &str) {
    if std::env::var_os("MODE_SETUP_TRACE_STARTUP").is_some() {
        if let Some(start) = STARTED.get() {
            eprintln!(
                "startup: {screen} painted after {} ms",
                start.elapsed().as_millis()
            );
        }
    }
}
