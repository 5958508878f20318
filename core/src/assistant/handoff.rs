//! The Connect in Atlan step: what it shows for a workspace, and copying its values to the
//! clipboard from here, so the secret goes from the keyring to the clipboard without ever
//! passing through the window.

use super::*;
use crate::atlan::{host_for_atlan, Handoff, HandoffField};
use crate::platform::clipboard::Cleared;

/// What a copy did. Never the value copied.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Copied {
    pub field: HandoffField,
    /// For the secret: seconds until it is taken off the clipboard again, if still there.
    pub cleared_in_seconds: Option<u64>,
}

async fn on_worker<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::Internal {
            detail: format!("a background task stopped unexpectedly ({e})"),
        })?
}

impl Assistant {
    /// The host as the step shows it and what Atlan does about it.
    async fn atlan_host(&self, p: &Profile) -> Result<(String, String)> {
        let host = if p.practice {
            self.practice_url().await?
        } else {
            p.host.clone()
        };
        Ok(host_for_atlan(&host, p.practice))
    }

    /// What the Connect in Atlan step shows for a profile, read afresh at each call, so a key
    /// saved a moment ago shows at once. Keyring work runs on a worker thread.
    pub async fn atlan_handoff(&self, id: &str) -> Result<Handoff> {
        let p = self.profile(id)?.profile;
        let (host, host_note) = self.atlan_host(&p).await?;
        let secret_stored = if p.practice {
            true
        } else {
            let (h, w) = (p.host.clone(), p.workspace.clone());
            on_worker(move || crate::keystore::exists(&h, &w)).await?
        };
        Ok(Handoff {
            profile_id: p.id.clone(),
            key_id: p.key_id.clone(),
            secret_stored,
            workspace: p.workspace.clone(),
            host,
            host_note,
            practice: p.practice,
        })
    }

    /// Copies one value of a profile to the clipboard. The secret is read from the keyring (the
    /// practice workspace's is the simulated one), marked as a password, and taken off the
    /// clipboard after [`crate::platform::clipboard::CLEAR_AFTER`] if it is still there;
    /// `cleared` hears what became of it. Nothing of the secret is returned.
    pub async fn copy_for_atlan(
        &self,
        id: &str,
        field: HandoffField,
        cleared: impl FnOnce(Cleared) + Send + 'static,
    ) -> Result<Copied> {
        let p = self.profile(id)?.profile;
        let clipboard = self.clipboard.clone();
        let text = match field {
            HandoffField::Secret => {
                let secret = self.secret_of(&p).await?;
                let after = on_worker(move || clipboard.copy_secret(secret, cleared)).await?;
                return Ok(Copied {
                    field,
                    cleared_in_seconds: Some(after.as_secs()),
                });
            }
            HandoffField::KeyId => p.key_id.clone().ok_or_else(|| {
                Error::invalid(
                    "key_id",
                    "No Key ID is saved for this workspace yet. Enter it in step 3, Generate an API key.",
                )
            })?,
            HandoffField::Workspace => p.workspace.clone(),
            HandoffField::Host => self.atlan_host(&p).await?.0,
        };
        on_worker(move || clipboard.copy_text(&text)).await?;
        Ok(Copied {
            field,
            cleared_in_seconds: None,
        })
    }

    /// For when the app quits: takes a copied secret still on the clipboard off it. Blocking.
    pub fn release_clipboard(&self) -> Cleared {
        self.clipboard.release()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::clipboard::fake::Fake;
    use crate::platform::clipboard::Clipboard;
    use std::time::Duration;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default()
    }

    async fn practice(fake: &Fake, after: Duration) -> (tempfile::TempDir, Assistant) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let a = Assistant::load(dir.path().join("profiles.json"))
            .unwrap_or_else(|e| panic!("{e}"))
            .with_clipboard(Clipboard::on(fake.clone(), after));
        a.start_practice(today())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        (dir, a)
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn the_practice_secret_goes_to_the_clipboard_as_a_password_and_not_to_the_caller() {
        let fake = Fake::default();
        let (_dir, a) = practice(&fake, Duration::from_secs(1)).await;
        let (tx, rx) = std::sync::mpsc::channel();
        let copied = a
            .copy_for_atlan(PRACTICE_ID, HandoffField::Secret, move |c| {
                let _ = tx.send(c);
            })
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(copied.cleared_in_seconds, Some(1));
        let reply = serde_json::to_string(&copied).unwrap_or_default();
        assert!(!reply.contains(scenarios::WORKSPACE_SECRET), "{reply}");
        assert_eq!(
            fake.holds(),
            Some((scenarios::WORKSPACE_SECRET.to_string(), true))
        );
        let outcome = rx.recv_timeout(Duration::from_secs(5));
        assert_eq!(outcome.ok(), Some(Cleared::Cleared));
        assert_eq!(fake.holds(), None);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn plain_values_are_copied_as_they_are_shown() {
        let fake = Fake::default();
        let (_dir, a) = practice(&fake, Duration::from_secs(60)).await;
        let shown = a
            .atlan_handoff(PRACTICE_ID)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        for (field, want) in [
            (
                HandoffField::KeyId,
                shown.key_id.clone().unwrap_or_default(),
            ),
            (HandoffField::Workspace, shown.workspace.clone()),
            (HandoffField::Host, shown.host.clone()),
        ] {
            let copied = a
                .copy_for_atlan(PRACTICE_ID, field, |_| {})
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(copied.cleared_in_seconds, None);
            assert_eq!(fake.holds(), Some((want, false)), "{field:?}");
        }
        assert_eq!(shown.workspace, "acme");
        assert!(shown.host.starts_with("127.0.0.1:"), "{}", shown.host);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_new_key_id_shows_at_once_and_a_missing_one_is_said() {
        let fake = Fake::default();
        let (_dir, a) = practice(&fake, Duration::from_secs(60)).await;
        let form = |key_id: &str| ProfileInput {
            id: Some(PRACTICE_ID.into()),
            key_id: key_id.into(),
            service_account: scenarios::CRAWLER.into(),
            ..Default::default()
        };
        a.save_profile(form("rotated0key1"), today())
            .unwrap_or_else(|e| panic!("{e}"));
        let shown = a.atlan_handoff(PRACTICE_ID).await;
        assert_eq!(
            shown.ok().and_then(|h| h.key_id).as_deref(),
            Some("rotated0key1")
        );

        a.update(|saved| {
            if let Some(p) = saved.profile_mut(PRACTICE_ID) {
                p.key_id = None;
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let shown = a.atlan_handoff(PRACTICE_ID).await;
        assert_eq!(shown.ok().map(|h| h.key_id), Some(None));
        let err = a
            .copy_for_atlan(PRACTICE_ID, HandoffField::KeyId, |_| {})
            .await
            .err();
        assert_eq!(err.as_ref().map(Error::kind), Some("invalid_input"));
        assert_eq!(fake.holds(), None, "nothing was copied");
    }
}
