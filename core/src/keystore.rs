//! The secret's only home on disk: the OS keyring (Secret Service on Linux, the Keychain on macOS,
//! Credential Manager on Windows; the store is chosen per target in Cargo.toml). One entry per
//! host and workspace, under a fixed service name. Nothing here ever falls back to a plain file.

use crate::error::{Error, Result};
use crate::platform::{self, Os};
use crate::secret::Secret;

/// The keyring service every entry of this app is filed under.
pub const SERVICE: &str = "mode-setup";

/// The keyring account name for a host and workspace.
pub fn account(host: &str, workspace: &str) -> String {
    format!("{}|{}", host.trim_end_matches('/'), workspace)
}

fn entry(host: &str, workspace: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, &account(host, workspace)).map_err(unavailable)
}

fn unavailable(e: keyring::Error) -> Error {
    let message = match &e {
        keyring::Error::NoStorageAccess(_) => platform::keyring::locked(Os::CURRENT),
        _ => platform::keyring::unavailable(Os::CURRENT),
    };
    Error::Keyring {
        message: message.to_string(),
    }
}

/// Stores the secret for a host and workspace, replacing any earlier one.
pub fn store(host: &str, workspace: &str, secret: &Secret) -> Result<()> {
    entry(host, workspace)?
        .set_password(secret.expose())
        .map_err(unavailable)
}

/// The stored secret, if any.
pub fn load(host: &str, workspace: &str) -> Result<Option<Secret>> {
    match entry(host, workspace)?.get_password() {
        Ok(s) => Ok(Some(Secret::new(s))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(unavailable(e)),
    }
}

/// Whether a secret is stored, without reading it out.
pub fn exists(host: &str, workspace: &str) -> Result<bool> {
    load(host, workspace).map(|s| s.is_some())
}

/// Deletes the stored secret; deleting a missing one is not an error.
pub fn delete(host: &str, workspace: &str) -> Result<()> {
    match entry(host, workspace)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(unavailable(e)),
    }
}
