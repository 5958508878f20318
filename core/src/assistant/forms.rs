//! The start and credentials forms: every field checked, then saved as a profile.

use chrono::NaiveDate;

use super::*;

/// Validates the form and writes it into `saved`; returns the profile as saved.
pub(super) fn save_form(
    saved: &mut Saved,
    form: ProfileInput,
    today: NaiveDate,
) -> Result<Profile> {
    {
        let existing = form.id.as_deref().and_then(|id| saved.profile(id)).cloned();
        let practice = existing.as_ref().is_some_and(|p| p.practice);
        let workspace = if practice {
            "acme".to_string()
        } else {
            input::parse_workspace(&form.workspace)?
        };
        let host = if practice {
            PRACTICE_HOST.to_string()
        } else {
            input::host_label(&input::parse_host(&form.host)?)
        };
        let key_id = if form.key_id.trim().is_empty() {
            None
        } else {
            Some(input::parse_key_id(&form.key_id)?)
        };
        let expires_on = match form.expires_on.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(d) => Some(input::parse_expiry(d, today)?),
        };
        let key_kind =
            match form.key_kind {
                None => None,
                Some(k @ (KeyKind::Workspace | KeyKind::Member | KeyKind::Personal)) => Some(k),
                Some(KeyKind::Unknown) => return Err(Error::invalid(
                    "key_kind",
                    "\"unknown\" is not a kind of Mode key. Choose workspace key or member key.",
                )),
            };
        let service_account = input::parse_username(&form.service_account)?;
        if !practice {
            if let Some(other) = saved.profiles.iter().find(|p| {
                p.host == host && p.workspace == workspace && Some(&p.id) != form.id.as_ref()
            }) {
                return Err(Error::invalid("workspace", format!("Workspace {workspace} is already saved (as \"{}\"). Choose it from the list instead.", other.workspace)));
            }
        }
        let mut profile = existing.unwrap_or_else(|| Profile {
            id: new_id(&workspace),
            ..Default::default()
        });
        if !profile.host.is_empty() && !practice {
            if profile.host != host {
                // The secret was entered for the old address; a mistyped new one must never
                // receive it. It stays behind and is deleted, and the person enters it again;
                // any secret already filed under the new address is not picked up either.
                let _ = crate::keystore::delete(&profile.host, &profile.workspace);
                let _ = crate::keystore::delete(&host, &workspace);
            } else if profile.workspace != workspace {
                // The same Mode, the workspace's name corrected: the secret moves with it.
                let _ = crate::keystore::load(&profile.host, &profile.workspace)
                    .ok()
                    .flatten()
                    .map(|s| {
                        crate::keystore::store(&host, &workspace, &s).and_then(|_| {
                            crate::keystore::delete(&profile.host, &profile.workspace)
                        })
                    });
            }
        }
        let key_id = key_id.or(profile.key_id.clone());
        let other_workspace = profile.host != host || profile.workspace != workspace;
        if other_workspace || key_id != profile.key_id {
            // What the runs settled was about another key or workspace: the next run starts
            // afresh, and what was owed is no longer true of this one.
            profile.baseline = None;
            profile.unnotified.clear();
        }
        if other_workspace && !profile.host.is_empty() {
            profile.history.clear();
        }
        profile.workspace = workspace;
        profile.host = host;
        profile.key_id = key_id;
        profile.expires_on = expires_on;
        profile.key_kind = key_kind.or(profile.key_kind);
        profile.service_account = service_account;
        profile.is_admin = form.is_admin.or(profile.is_admin);
        let id = profile.id.clone();
        match saved.profile_mut(&id) {
            Some(p) => *p = profile.clone(),
            None => saved.profiles.push(profile.clone()),
        }
        saved.active_profile = Some(id);
        Ok(profile)
    }
}

pub(super) fn unknown_profile(id: &str) -> Error {
    Error::invalid(
        "profile",
        format!(
            "The workspace \"{id}\" is not saved any more. Choose another one or add it again."
        ),
    )
}

pub(super) fn new_id(workspace: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{workspace}-{:x}", nanos % 0xffff_ffff)
}
