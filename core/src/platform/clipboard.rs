//! The system clipboard, for handing the key to Atlan: plain text for the Key ID, the workspace
//! and the host; the API secret marked as a password, so clipboard managers leave it out of their
//! history, and cleared again after [`CLEAR_AFTER`] if the clipboard still holds it.
//!
//! On Linux (X11, and Wayland through XWayland) a copy is served by the process that made it
//! until something else is copied, so one [`Clipboard`] lives as long as the app: arboard keeps
//! the selection's owner window and its serving thread alive while any of its handles exists.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::Serialize;

use super::Os;
use crate::error::{Error, Result};
use crate::secret::Secret;

/// How long a copied secret may stay on the clipboard.
pub const CLEAR_AFTER: Duration = Duration::from_secs(30);

/// What became of a copied secret when its time was up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cleared {
    /// It was still on the clipboard and was removed.
    Cleared,
    /// The clipboard held something else by then (copied since); that was left alone.
    LeftAlone,
    /// The secret was copied again in the meantime; the newer copy's own time runs.
    CopiedAgain,
    /// The clipboard could not be cleared.
    Failed,
}

/// A clipboard: the system's, or a stand-in in tests.
pub trait Board: Send {
    /// Puts `text` on the clipboard; `sensitive` marks it as a password for clipboard managers.
    fn set(&mut self, text: &str, sensitive: bool) -> std::result::Result<(), String>;
    /// The text on the clipboard, or None when it holds none (or can't be read).
    fn get(&mut self) -> Option<String>;
    /// Gives the clipboard up, so it holds nothing.
    fn clear(&mut self) -> std::result::Result<(), String>;
}

/// The copies made so far and the secret of the latest, until its time is up.
#[derive(Default)]
struct Copies {
    secret_copies: u64,
    pending: Option<Secret>,
}

struct Inner {
    board: Mutex<Box<dyn Board>>,
    copies: Mutex<Copies>,
    after: Duration,
}

/// The clipboard the app copies to. Clones share one clipboard.
#[derive(Clone)]
pub struct Clipboard {
    inner: Arc<Inner>,
}

fn lock<T: ?Sized>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Clipboard {
    /// The system clipboard, opened at the first copy.
    pub fn system() -> Clipboard {
        Clipboard::on(System::default(), CLEAR_AFTER)
    }

    /// A clipboard on `board` that clears a copied secret after `after`.
    pub fn on(board: impl Board + 'static, after: Duration) -> Clipboard {
        Clipboard {
            inner: Arc::new(Inner {
                board: Mutex::new(Box::new(board)),
                copies: Mutex::new(Copies::default()),
                after,
            }),
        }
    }

    /// Copies plain text. Blocking.
    pub fn copy_text(&self, text: &str) -> Result<()> {
        lock(&self.inner.board).set(text, false).map_err(unusable)
    }

    /// Copies the secret, marked as a password, and after the clipboard's time clears it if the
    /// clipboard still holds it; `done` hears what became of it, from another thread. Returns
    /// that time. Blocking.
    pub fn copy_secret(
        &self,
        secret: Secret,
        done: impl FnOnce(Cleared) + Send + 'static,
    ) -> Result<Duration> {
        let copy = {
            let mut board = lock(&self.inner.board);
            board.set(secret.expose(), true).map_err(unusable)?;
            let mut copies = lock(&self.inner.copies);
            copies.secret_copies += 1;
            copies.pending = Some(secret);
            copies.secret_copies
        };
        let inner = Arc::clone(&self.inner);
        let after = inner.after;
        std::thread::Builder::new()
            .name("clipboard-clear".into())
            .spawn(move || {
                std::thread::sleep(after);
                done(inner.clear_if_still_there(copy));
            })
            .map_err(|e| Error::Internal {
                detail: format!("the clipboard's timer could not start ({e})"),
            })?;
        Ok(after)
    }

    /// Clears a copied secret at once if the clipboard still holds it: for when the app quits
    /// before its time is up. Blocking.
    pub fn release(&self) -> Cleared {
        let latest = lock(&self.inner.copies).secret_copies;
        self.inner.clear_if_still_there(latest)
    }
}

impl Inner {
    /// Clears the clipboard if copy number `copy` of the secret is the latest and still on it.
    /// The text on the clipboard is compared with the secret, never shown anywhere.
    fn clear_if_still_there(&self, copy: u64) -> Cleared {
        let mut board = lock(&self.board);
        let mut copies = lock(&self.copies);
        if copies.secret_copies != copy {
            return Cleared::CopiedAgain;
        }
        let Some(secret) = copies.pending.take() else {
            return Cleared::LeftAlone;
        };
        let holds = board.get().is_some_and(|text| text == secret.expose());
        if !holds {
            return Cleared::LeftAlone;
        }
        // An empty copy first, so the secret's bytes are replaced where the copy is kept.
        let wiped = board.set("", true).and_then(|()| board.clear());
        match wiped {
            Ok(()) => Cleared::Cleared,
            Err(_) => Cleared::Failed,
        }
    }
}

fn unusable(detail: String) -> Error {
    Error::Clipboard {
        message: format!("{} ({detail})", unavailable(Os::CURRENT)),
    }
}

/// What to do when the clipboard can't be used.
pub fn unavailable(os: Os) -> &'static str {
    match os {
        Os::Linux => "The clipboard could not be used. The app needs a desktop session with a clipboard (X11, or Wayland with XWayland). Try again from the desktop itself, not over SSH",
        Os::MacOs => "The clipboard could not be used. Try again; if it keeps failing, quit and reopen the app",
        Os::Windows => "The clipboard could not be used: another program may be holding it open. Try again in a moment",
    }
}

/// The system's clipboard through arboard, opened at the first use and kept open.
#[derive(Default)]
struct System {
    board: Option<arboard::Clipboard>,
}

impl System {
    fn open(&mut self) -> std::result::Result<&mut arboard::Clipboard, String> {
        match &mut self.board {
            Some(board) => Ok(board),
            empty => Ok(empty.insert(arboard::Clipboard::new().map_err(|e| e.to_string())?)),
        }
    }

    /// Runs `f` on the open clipboard; a failure closes it, so the next use opens it afresh.
    fn with<T>(
        &mut self,
        f: impl FnOnce(&mut arboard::Clipboard) -> std::result::Result<T, arboard::Error>,
    ) -> std::result::Result<T, String> {
        let result = f(self.open()?).map_err(|e| e.to_string());
        if result.is_err() {
            self.board = None;
        }
        result
    }
}

impl Board for System {
    fn set(&mut self, text: &str, sensitive: bool) -> std::result::Result<(), String> {
        self.with(|b| {
            if sensitive {
                set_password(b, text)
            } else {
                b.set_text(text)
            }
        })
    }

    fn get(&mut self) -> Option<String> {
        // An empty clipboard is no failure: keep the clipboard open.
        self.open().ok()?.get_text().ok()
    }

    fn clear(&mut self) -> std::result::Result<(), String> {
        self.with(|b| b.clear())
    }
}

/// Sets a password: on Linux with the `x-kde-passwordManagerHint` target reading `secret`, the
/// convention KDE's Klipper, GPaste, CopyQ and other clipboard managers honour.
#[cfg(all(
    unix,
    not(any(target_os = "macos", target_os = "android", target_os = "emscripten"))
))]
fn set_password(b: &mut arboard::Clipboard, text: &str) -> std::result::Result<(), arboard::Error> {
    use arboard::SetExtLinux;
    b.set().exclude_from_history().text(text)
}

/// Sets a password: on macOS as `org.nspasteboard.ConcealedType`.
#[cfg(target_os = "macos")]
fn set_password(b: &mut arboard::Clipboard, text: &str) -> std::result::Result<(), arboard::Error> {
    use arboard::SetExtApple;
    b.set().exclude_from_history().text(text)
}

/// Sets a password: on Windows kept out of the clipboard history and cloud clipboard.
#[cfg(windows)]
fn set_password(b: &mut arboard::Clipboard, text: &str) -> std::result::Result<(), arboard::Error> {
    use arboard::SetExtWindows;
    b.set()
        .exclude_from_history()
        .exclude_from_cloud()
        .text(text)
}

/// A clipboard in memory for tests: its text, and whether it was marked as a password.
#[cfg(test)]
pub(crate) mod fake {
    use super::{lock, Board};
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    pub(crate) struct Fake(Arc<Mutex<Option<(String, bool)>>>);

    impl Fake {
        /// What the clipboard holds, and whether it was marked as a password.
        pub(crate) fn holds(&self) -> Option<(String, bool)> {
            lock(&self.0).clone()
        }

        /// Another program copies `text`.
        pub(crate) fn copied_elsewhere(&self, text: &str) {
            *lock(&self.0) = Some((text.into(), false));
        }
    }

    impl Board for Fake {
        fn set(&mut self, text: &str, sensitive: bool) -> std::result::Result<(), String> {
            *lock(&self.0) = Some((text.into(), sensitive));
            Ok(())
        }
        fn get(&mut self) -> Option<String> {
            lock(&self.0).as_ref().map(|(t, _)| t.clone())
        }
        fn clear(&mut self) -> std::result::Result<(), String> {
            *lock(&self.0) = None;
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    use super::fake::Fake;

    const SHORT: Duration = Duration::from_millis(150);

    fn copy(clip: &Clipboard, secret: &str) -> mpsc::Receiver<Cleared> {
        let (tx, rx) = mpsc::channel();
        let after = clip
            .copy_secret(Secret::new(secret), move |c| {
                let _ = tx.send(c);
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(after, SHORT);
        rx
    }

    fn outcome(rx: &mpsc::Receiver<Cleared>) -> Cleared {
        rx.recv_timeout(Duration::from_secs(5))
            .unwrap_or_else(|e| panic!("no outcome: {e}"))
    }

    #[test]
    fn the_shipped_time_is_thirty_seconds() {
        assert_eq!(CLEAR_AFTER, Duration::from_secs(30));
    }

    #[test]
    fn a_secret_still_on_the_clipboard_is_cleared_when_its_time_is_up() {
        let fake = Fake::default();
        let clip = Clipboard::on(fake.clone(), SHORT);
        let rx = copy(&clip, "s3cret-marker");
        assert_eq!(fake.holds(), Some(("s3cret-marker".into(), true)));
        assert!(rx.recv_timeout(SHORT / 3).is_err(), "cleared too early");
        assert_eq!(outcome(&rx), Cleared::Cleared);
        assert_eq!(fake.holds(), None);
    }

    #[test]
    fn something_copied_since_is_left_alone() {
        let fake = Fake::default();
        let clip = Clipboard::on(fake.clone(), SHORT);
        let rx = copy(&clip, "s3cret-marker");
        fake.copied_elsewhere("a shopping list");
        assert_eq!(outcome(&rx), Cleared::LeftAlone);
        assert_eq!(fake.holds(), Some(("a shopping list".into(), false)));

        let rx = copy(&clip, "s3cret-marker");
        clip.copy_text("acme").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(outcome(&rx), Cleared::LeftAlone);
        assert_eq!(fake.holds(), Some(("acme".into(), false)));
    }

    #[test]
    fn copying_the_secret_again_gives_the_new_copy_its_full_time() {
        let fake = Fake::default();
        let clip = Clipboard::on(fake.clone(), SHORT);
        let first = copy(&clip, "s3cret-marker");
        std::thread::sleep(SHORT / 2);
        let second = copy(&clip, "s3cret-marker");
        assert_eq!(outcome(&first), Cleared::CopiedAgain);
        assert!(
            fake.holds().is_some(),
            "the first copy's time cut the second one short"
        );
        assert_eq!(outcome(&second), Cleared::Cleared);
        assert_eq!(fake.holds(), None);
    }

    #[test]
    fn only_the_secret_is_marked_as_a_password() {
        let fake = Fake::default();
        let clip = Clipboard::on(fake.clone(), SHORT);
        clip.copy_text("key-id").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fake.holds(), Some(("key-id".into(), false)));
        let _ = copy(&clip, "s3cret-marker");
        assert_eq!(fake.holds(), Some(("s3cret-marker".into(), true)));
    }

    #[test]
    fn quitting_clears_a_secret_still_there_and_nothing_else() {
        let fake = Fake::default();
        let clip = Clipboard::on(fake.clone(), Duration::from_secs(60));
        let _ = clip.copy_secret(Secret::new("s3cret-marker"), |_| {});
        assert_eq!(clip.release(), Cleared::Cleared);
        assert_eq!(fake.holds(), None);

        let _ = clip.copy_secret(Secret::new("s3cret-marker"), |_| {});
        fake.copied_elsewhere("a shopping list");
        assert_eq!(clip.release(), Cleared::LeftAlone);
        assert_eq!(fake.holds(), Some(("a shopping list".into(), false)));
    }

    #[test]
    fn each_system_is_told_what_to_try() {
        for os in [Os::Linux, Os::MacOs, Os::Windows] {
            assert!(unavailable(os).starts_with("The clipboard could not be used"));
        }
        assert!(unavailable(Os::Linux).contains("XWayland"));
    }
}
