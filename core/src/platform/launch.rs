//! How `mode-setup` with no subcommand starts the window program installed beside it. On Linux
//! and macOS the command line becomes the window (`exec`); Windows has no `exec`, so the window
//! runs as a child and its exit status is passed on. Either way the key variables are removed
//! from the window's environment first: the window never inherits a secret.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Environment variables that may hold the key; the window is started without them.
pub const KEY_VARIABLES: [&str; 2] = ["MODE_API_KEY_ID", "MODE_API_SECRET"];

/// Tells the window where to save exported files without asking.
pub const SAVE_DIR_VARIABLE: &str = "MODE_SETUP_SAVE_DIR";

/// The window program installed beside the running one.
pub fn window_program() -> PathBuf {
    let name = format!("mode-setup-window{}", std::env::consts::EXE_SUFFIX);
    std::env::current_exe()
        .map(|exe| exe.with_file_name(&name))
        .unwrap_or_else(|_| PathBuf::from(name))
}

/// The command that starts `program` as the window, without the key variables.
pub fn window_command(program: &Path, minimized: bool, save_dir: Option<&Path>) -> Command {
    let mut cmd = Command::new(program);
    if minimized {
        cmd.arg("--minimized");
    }
    if let Some(dir) = save_dir {
        cmd.env(SAVE_DIR_VARIABLE, dir);
    }
    for name in KEY_VARIABLES {
        cmd.env_remove(name);
    }
    cmd
}

/// Starts the window and returns the exit status to end with (2 when it could not start).
pub fn open_window(minimized: bool, save_dir: Option<&Path>) -> i32 {
    let program = window_program();
    match start(window_command(&program, minimized, save_dir)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!(
                "mode-setup: the window program {} could not start: {error}",
                program.display()
            );
            2
        }
    }
}

/// Becomes the window; returns only if it could not start.
#[cfg(unix)]
fn start(mut cmd: Command) -> std::io::Result<i32> {
    use std::os::unix::process::CommandExt;
    // Keep the program name, so the desktop matches the window to its menu entry.
    Err(cmd.arg0("mode-setup").exec())
}

/// Runs the window as a child and returns its exit status.
#[cfg(not(unix))]
fn start(mut cmd: Command) -> std::io::Result<i32> {
    cmd.status().map(|s| s.code().unwrap_or(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    /// Whether `cmd` removes `name` from the environment it passes on.
    fn removes(cmd: &Command, name: &str) -> bool {
        cmd.get_envs()
            .any(|(k, v)| k == OsStr::new(name) && v.is_none())
    }

    #[test]
    fn the_window_is_started_without_the_key_variables() {
        let cmd = window_command(Path::new("mode-setup-window"), false, None);
        for name in KEY_VARIABLES {
            assert!(removes(&cmd, name), "{name} is passed on to the window");
        }
    }

    #[test]
    fn minimized_and_save_dir_reach_the_window() {
        let cmd = window_command(Path::new("w"), true, Some(Path::new("out")));
        assert_eq!(
            cmd.get_args().collect::<Vec<_>>(),
            [OsStr::new("--minimized")]
        );
        assert!(cmd
            .get_envs()
            .any(|(k, v)| k == SAVE_DIR_VARIABLE && v == Some(OsStr::new("out"))));
        assert!(removes(&cmd, "MODE_API_SECRET"));
    }

    #[test]
    fn the_window_program_sits_beside_this_one() {
        let program = window_program();
        let name = program.file_name().and_then(|n| n.to_str()).unwrap_or("");
        assert!(name.starts_with("mode-setup-window"), "{name}");
        assert_eq!(
            program.parent(),
            std::env::current_exe()
                .ok()
                .as_deref()
                .and_then(Path::parent)
        );
    }
}
