//! `service-account`: the crawler's account is a current member of the workspace.

use super::{CheckId, CheckResult, KeyKind, Run, Status, Subject};
use crate::error::Error;
use crate::mode::model::{MemberState, Membership, Verification};
use crate::mode::Listing;

impl Run<'_> {
    async fn list_memberships(&self) -> Result<Listing, Error> {
        let ws = self.ws();
        match self
            .client
            .list(&format!("/api/{ws}/memberships"), "memberships")
            .await
        {
            Err(Error::NotFound { .. }) => {
                self.client
                    .list(&format!("/api/{ws}/memberships/lite"), "memberships")
                    .await
            }
            other => other,
        }
    }

    /// Pushes `service-account`; who the connection check is about, or `None` when the
    /// account is not a usable member.
    pub(super) async fn service_account(&mut self, v: &Verification) -> Option<Subject> {
        let typed = self.input.service_account.clone();
        let key_member = self.key.member.clone();
        let account = typed
            .clone()
            .or_else(|| key_member.clone())
            .or_else(|| v.username.clone());
        let members_link = self.links.members.clone();
        let Some(account) = account else {
            match self.key.kind {
                KeyKind::Member => self.push(CheckResult::new(
                    CheckId::ServiceAccount,
                    Status::Pass,
                    format!("Mode accepted this member key, and Mode accepts member keys only from current members, so the crawler's account is a current member of {}.", self.ws()),
                )),
                KeyKind::Workspace => {
                    self.push(CheckResult::new(
                        CheckId::ServiceAccount,
                        Status::Skip,
                        "Skipped: no service account was named. A workspace key reads with admin access, so the crawler does not depend on one.",
                    ));
                    return Some(Subject::Key);
                }
                _ => self.push(
                    CheckResult::new(
                        CheckId::ServiceAccount,
                        Status::Warn,
                        "Mode did not say whose key this is, and no service account was named, so the crawler's membership and access can't be proven.",
                    )
                    .fix("Enter the crawler's Mode username (for example atlan_crawler) as the service account in step 3, then check again.")
                    .confirm("which Mode account the crawler uses (enter its username)"),
                ),
            }
            return Some(Subject::Probe);
        };
        let mismatch = match (&typed, &key_member) {
            (Some(t), Some(m)) if !t.eq_ignore_ascii_case(m) => Some(m.clone()),
            _ => None,
        };
        let listing = match self.list_memberships().await {
            Ok(l) => l,
            Err(e) if e.is_transient() => {
                self.push(super::busy(
                    CheckId::ServiceAccount,
                    "listing the workspace's members",
                    e.details(),
                ));
                return None;
            }
            Err(e) => {
                self.push(
                    CheckResult::new(
                        CheckId::ServiceAccount,
                        Status::Warn,
                        format!("Couldn't confirm that {account} is a current member: this key may not list the workspace's members (only admins and workspace keys can)."),
                    )
                    .fix(format!("Check by hand: Workspace Settings > People > Members should list {account} as a current member, not pending or former."))
                    .link(members_link)
                    .details(e.details())
                    .confirm(format!("that {account} is a current member")),
                );
                return Some(Subject::Probe);
            }
        };
        self.member_tokens = Some(
            listing
                .items
                .iter()
                .filter_map(Membership::from_json)
                .filter_map(|m| m.member_token)
                .collect(),
        );
        let member = listing
            .items
            .iter()
            .filter_map(Membership::from_json)
            .find(|m| m.username.eq_ignore_ascii_case(&account));
        let ws = self.ws().to_string();
        let Some(member) = member else {
            let truncated = if listing.truncated {
                " (Mode's member list was too long to read in full)"
            } else {
                ""
            };
            self.push(
                CheckResult::new(CheckId::ServiceAccount, Status::Fail, format!("{account} is not a member of {ws}{truncated}."))
                    .fix(format!("Invite the crawler's account: in Mode, open the workspace menu > Invite to Mode, invite its email address, then accept the invite and set the username {account}."))
                    .link(self.links.invite.clone()),
            );
            return None;
        };
        let page = member
            .web_link
            .as_deref()
            .and_then(|h| crate::links::absolute(&self.web, h))
            .unwrap_or(members_link);
        let result = match &member.state {
            MemberState::Current => {
                let role = if member.admin { "an admin" } else { "a member" };
                match &mismatch {
                    Some(m) => CheckResult::new(
                        CheckId::ServiceAccount,
                        Status::Warn,
                        format!("{account} is a current member, but this member key belongs to {m}: the crawler will act as {m}."),
                    )
                    .fix(format!("Create the member key while signed in as {account} (Workspace Settings > Personal > My API Keys), or name {m} as the service account.")),
                    None => CheckResult::new(CheckId::ServiceAccount, Status::Pass, format!("{account} is {role} of {ws} in good standing.")),
                }
            }
            MemberState::Pending => CheckResult::new(
                CheckId::ServiceAccount,
                Status::Fail,
                format!("{account} was invited but the invite was never accepted."),
            )
            .fix("Open the invite email and accept it. If Mode doesn't ask for a name, username and password, you are still signed in to Mode as yourself: sign out first (or use a private window), then open the invite link again.")
            .link(page),
            MemberState::Former => CheckResult::new(
                CheckId::ServiceAccount,
                Status::Fail,
                format!("{account} is a former member of {ws}: it was removed or deactivated."),
            )
            .fix(format!("Workspace Settings > People > Members > Former: find {account} and choose \"Reinvite to org\", then accept the invite."))
            .link(page),
            MemberState::Other(state) => CheckResult::new(
                CheckId::ServiceAccount,
                Status::Warn,
                format!("{account} is listed with a membership state Mode calls \"{state}\", which this app does not know."),
            )
            .fix(format!("Check {account} under Workspace Settings > People > Members: it should be a current member."))
            .link(page)
            .confirm(format!("that {account} is a current member")),
        };
        let usable = matches!(result.status, Status::Pass | Status::Warn)
            && member.state == MemberState::Current;
        self.push(result);
        if !usable {
            return None;
        }
        // The crawler acts as the key's member: that is whose access decides.
        let member = match &mismatch {
            Some(m) => match listing
                .items
                .iter()
                .filter_map(Membership::from_json)
                .find(|x| x.username.eq_ignore_ascii_case(m) && x.state == MemberState::Current)
            {
                Some(key_member) => key_member,
                None => return Some(Subject::Probe),
            },
            None => member,
        };
        let Some(token) = member.member_token else {
            return Some(Subject::Probe);
        };
        Some(Subject::Member {
            token,
            admin: member.admin,
        })
    }
}
