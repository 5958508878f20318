//! `workspace`: the key belongs to the workspace the person named.

use super::{CheckId, CheckResult, Run, Status};
use crate::error::Error;
use crate::links::WebLinks;
use crate::mode::model::Verification;

impl Run<'_> {
    /// Pushes `workspace`; whether the rest can run against this workspace.
    pub(super) async fn workspace(&mut self, v: &Verification) -> bool {
        let ws = self.ws().to_string();
        let settings = self.links.settings.clone();
        if let Some(actual) = &v.workspace {
            if actual.eq_ignore_ascii_case(&ws) {
                self.push(CheckResult::new(
                    CheckId::Workspace,
                    Status::Pass,
                    format!("The key belongs to workspace {ws}."),
                ));
                return true;
            }
            self.push(
                CheckResult::new(
                    CheckId::Workspace,
                    Status::Fail,
                    format!("This key belongs to workspace \"{actual}\", not \"{ws}\"."),
                )
                .fix(format!("Either change the workspace to \"{actual}\", or create a key in \"{ws}\" under Workspace Settings > Features > API Keys while that workspace is open."))
                .link(WebLinks::new(&self.web, actual).settings),
            );
            return false;
        }
        // No workspace in the answer (a personal token, or an older API): ask the workspace.
        let probe = self
            .client
            .get_json(&format!("/api/{ws}/data_sources"))
            .await;
        match probe {
            Ok(_) => {
                self.push(CheckResult::new(
                    CheckId::Workspace,
                    Status::Pass,
                    format!("The key can read workspace {ws}."),
                ));
                true
            }
            Err(e @ Error::NotFound { .. }) => {
                self.push(
                    CheckResult::new(CheckId::Workspace, Status::Fail, format!("Mode has no workspace called \"{ws}\" that this key can see."))
                        .fix("Use the workspace's short name from its address, app.mode.com/organizations/<name> (Workspace Settings > Details), not its display name.")
                        .link(settings)
                        .details(e.details()),
                );
                false
            }
            Err(e) if e.is_transient() => {
                self.push(super::busy(
                    CheckId::Workspace,
                    &format!("checking workspace \"{ws}\""),
                    e.details(),
                ));
                false
            }
            Err(e) => {
                self.push(
                    CheckResult::new(CheckId::Workspace, Status::Fail, format!("This key may not read workspace \"{ws}\"."))
                        .fix(format!("Create the key while workspace \"{ws}\" is open: Workspace Settings > Features > API Keys."))
                        .link(self.links.api_keys.clone())
                        .details(e.details()),
                );
                false
            }
        }
    }
}
