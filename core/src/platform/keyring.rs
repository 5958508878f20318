//! The system keyring as the person knows it on each system, and what to tell them when it can't
//! be used: Secret Service on Linux, the Keychain on macOS, Credential Manager on Windows.

use super::Os;

/// What to do when no keyring can be reached at all.
pub fn unavailable(os: Os) -> &'static str {
    match os {
        Os::Linux => "No system keyring is available to keep the secret safe. Install and start GNOME Keyring (package gnome-keyring) or another Secret Service such as KeePassXC, then try again. The secret was not saved anywhere.",
        Os::MacOs => "The macOS Keychain could not be reached to keep the secret safe. Sign in to this Mac with your own user account (not over SSH alone) and, if the problem stays, open Keychain Access and make sure a login keychain exists, then try again. The secret was not saved anywhere.",
        Os::Windows => "Windows Credential Manager could not be reached to keep the secret safe. Make sure the Credential Manager service (VaultSvc) is enabled and running: open Services, set it to Manual or Automatic and start it, then try again. The secret was not saved anywhere.",
    }
}

/// What to do when the keyring is there but locked, or refused this app.
pub fn locked(os: Os) -> &'static str {
    match os {
        Os::Linux => "The system keyring is locked. Unlock it (for example by signing in to your desktop again, or opening \"Passwords and Keys\") and try again.",
        Os::MacOs => "The login keychain is locked or refused access. Unlock it in Keychain Access (or sign in again), choose Allow when macOS asks whether Mode Setup Assistant may use it, and try again.",
        Os::Windows => "Windows Credential Manager refused access. Sign in to Windows with your own account (not a temporary profile) and try again.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Os; 3] = [Os::Linux, Os::MacOs, Os::Windows];

    #[test]
    fn each_system_is_told_what_to_install_or_enable() {
        assert!(unavailable(Os::Linux).contains("gnome-keyring"));
        assert!(unavailable(Os::MacOs).contains("Keychain Access"));
        assert!(unavailable(Os::Windows).contains("VaultSvc"));
        for os in ALL {
            assert!(unavailable(os).contains("not saved anywhere"), "{os:?}");
            assert!(locked(os).contains("try again"), "{os:?}");
        }
    }

    #[test]
    fn no_message_names_another_systems_keyring() {
        for os in ALL {
            let text = format!("{} {}", unavailable(os), locked(os));
            for (other, word) in [
                (Os::Linux, "gnome"),
                (Os::MacOs, "keychain"),
                (Os::Windows, "credential manager"),
            ] {
                if other != os {
                    assert!(
                        !text.to_lowercase().contains(word),
                        "{os:?} mentions {word}"
                    );
                }
            }
        }
    }
}
