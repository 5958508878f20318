//! Everything that differs between Linux, macOS and Windows, so the rest of the engine is written
//! once: where files live ([`paths`]), what the keyring is called and what to do when it can't be
//! reached ([`keyring`]), how the command line starts the window ([`launch`]), who may read the
//! app's files ([`files`]), and how a secret is put on the clipboard and taken off again
//! ([`clipboard`]). Which keyring store is compiled in is chosen per target in `core/Cargo.toml`.

pub mod clipboard;
pub mod files;
pub mod keyring;
pub mod launch;
pub mod paths;

/// The desktop systems the app is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    /// Linux, and any other freedesktop system (Secret Service, XDG folders).
    Linux,
    MacOs,
    Windows,
}

impl Os {
    /// The system this program was built for.
    #[cfg(target_os = "macos")]
    pub const CURRENT: Os = Os::MacOs;
    /// The system this program was built for.
    #[cfg(windows)]
    pub const CURRENT: Os = Os::Windows;
    /// The system this program was built for.
    #[cfg(not(any(target_os = "macos", windows)))]
    pub const CURRENT: Os = Os::Linux;
}
