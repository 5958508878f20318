//! `connection-access`: the crawler can view every connection. Reads the connections, then
//! only the evidence each one still needs (grants, group members, a probe), side by side up to
//! the client's limit, and lets [`super::access::resolve`] decide.

use std::collections::{HashMap, HashSet};

use futures::stream::{self, StreamExt};

use super::access::{self, Evidence, Grants, GroupMembers, Probe, Resolution, Unread};
use super::{plural, Access, CheckId, CheckResult, Connection, Run, Status, Subject};
use crate::error::Error;
use crate::mode::model::{text, DataSource, Grant};

impl Run<'_> {
    /// Pushes `connection-access` and fills the connection table.
    pub(super) async fn connection_access(&mut self, subject: Option<Subject>) {
        let Some(subject) = subject else {
            let member_failed = self
                .results
                .iter()
                .any(|r| r.id == CheckId::ServiceAccount && r.status == Status::Fail);
            if member_failed {
                self.push(CheckResult::new(
                    CheckId::ConnectionAccess,
                    Status::Skip,
                    "Skipped: the crawler's account is not a current member, so its access can't be checked yet.",
                ));
            } else {
                self.push(
                    CheckResult::new(
                        CheckId::ConnectionAccess,
                        Status::Warn,
                        "Couldn't check the crawler's access to the connections: its membership is unclear.",
                    )
                    .fix("Once the crawler's account is a current member, open Workspace Settings > Manage Connections > each connection > Permissions and confirm it has View.")
                    .link(self.links.connections.clone())
                    .confirm("that the crawler can view every connection"),
                );
            }
            return;
        };
        let ws = self.ws().to_string();
        let listing = match self
            .client
            .list(&format!("/api/{ws}/data_sources"), "data_sources")
            .await
        {
            Ok(l) => l,
            Err(e) if e.is_transient() => {
                self.push(super::busy(
                    CheckId::ConnectionAccess,
                    "listing the connections",
                    e.details(),
                ));
                return;
            }
            Err(e) => {
                self.push(
                    CheckResult::new(CheckId::ConnectionAccess, Status::Fail, "The key may not list the workspace's connections.")
                        .fix("Use a workspace key, or give the crawler's account View on every connection under Workspace Settings > Manage Connections.")
                        .link(self.links.connections.clone())
                        .details(e.details()),
                );
                return;
            }
        };
        let sources: Vec<DataSource> = listing
            .items
            .iter()
            .filter_map(DataSource::from_json)
            .collect();
        self.counts.connections = sources.len() as u64;
        if sources.is_empty() {
            self.push(
                CheckResult::new(
                    CheckId::ConnectionAccess,
                    Status::Fail,
                    "The crawler sees no connections at all; Atlan would report \"User has access to 0 queryable data sources\".",
                )
                .fix("Add your databases under Workspace Settings > Manage Connections, or give the crawler's account View on them (each connection > Permissions).")
                .link(self.links.connections.clone()),
            );
            return;
        }
        let (rows, busy) = self.evaluate(&sources, &subject).await;
        self.connections = rows;
        let missing: Vec<&Connection> = self
            .connections
            .iter()
            .filter(|r| r.access == Access::None)
            .collect();
        let unknown: Vec<&Connection> = self
            .connections
            .iter()
            .filter(|r| r.access == Access::Unknown && !busy.contains(&r.token))
            .collect();
        let total = self.connections.len();
        let result = if !missing.is_empty() {
            let names = names(&missing);
            let link = if missing.len() == 1 {
                missing[0].link.clone()
            } else {
                self.links.connections.clone()
            };
            CheckResult::new(
                CheckId::ConnectionAccess,
                Status::Fail,
                format!("{} of {total} connections do not let the crawler view them: {names}.", missing.len()),
            )
            .fix("For each one: Workspace Settings > Manage Connections > the connection > Permissions, then give the crawler's account View (or set the connection's default access to View). You must be a connection admin there.")
            .link(link)
        } else if !busy.is_empty() {
            super::busy(
                CheckId::ConnectionAccess,
                &format!(
                    "reading the access to {} of {total} connections",
                    busy.len()
                ),
                None,
            )
        } else if !unknown.is_empty() {
            let link = if unknown.len() == 1 {
                unknown[0].link.clone()
            } else {
                self.links.connections.clone()
            };
            let names = names(&unknown);
            CheckResult::new(
                CheckId::ConnectionAccess,
                Status::Warn,
                format!("Couldn't confirm that the crawler can view {} of {total} connections: {names}. Mode's answers leave it open.", unknown.len()),
            )
            .fix(format!("In Mode, open Workspace Settings > Manage Connections > {names} > Permissions. Confirm that the default access is View or Query, or that the crawler's account (or a group it is in) has View."))
            .link(link)
            .confirm(format!("that the crawler can view {names}"))
        } else {
            CheckResult::new(
                CheckId::ConnectionAccess,
                Status::Pass,
                format!(
                    "The crawler can view all {total} connection{}.",
                    plural(total as i64)
                ),
            )
        };
        self.push(result);
    }

    /// Gathers the evidence each connection still needs and resolves its access.
    /// The rows, and the tokens of the connections Mode was too busy to settle.
    async fn evaluate(
        &self,
        sources: &[DataSource],
        subject: &Subject,
    ) -> (Vec<Connection>, HashSet<String>) {
        let ws = self.ws().to_string();
        let limit = self.client.max_in_flight();
        let no_groups = GroupMembers::new();
        let decide = |s: &DataSource,
                      grants: Option<&Grants>,
                      groups: &GroupMembers,
                      probe: Option<Probe>| {
            access::resolve(
                subject,
                Evidence {
                    default_access: s.default_access,
                    grants,
                    groups,
                    members: self.member_tokens.as_ref(),
                    probe,
                },
            )
        };

        // The grants of the connections whose default access is not enough.
        let need_grants: Vec<(String, String)> = sources
            .iter()
            .filter(|s| decide(s, None, &no_groups, None) == Resolution::NeedGrants)
            .map(|s| {
                let path = s
                    .permissions_link
                    .clone()
                    .filter(|h| h.starts_with("/api/"))
                    .unwrap_or_else(|| format!("/api/{ws}/data_sources/{}/permissions", s.token));
                (s.token.clone(), path)
            })
            .collect();
        let client = self.client.clone();
        let grants: HashMap<String, Grants> = stream::iter(need_grants)
            .map(|(token, path)| {
                let client = client.clone();
                async move {
                    let r = client
                        .list(&path, "data_source_entitlements")
                        .await
                        .map(|l| l.items.iter().filter_map(Grant::from_json).collect())
                        .map_err(|e| unread(&e));
                    (token, r)
                }
            })
            .buffer_unordered(limit)
            .collect()
            .await;

        // Group members, only for groups that could still grant View.
        let group_tokens: HashSet<String> = grants
            .values()
            .flat_map(|g| access::groups_needed(subject, g))
            .collect();
        let groups: GroupMembers = stream::iter(group_tokens)
            .map(|g| {
                let client = client.clone();
                let path = format!("/api/{ws}/groups/{g}/memberships");
                async move {
                    let r = client
                        .list(&path, "group_memberships")
                        .await
                        .map(|l| {
                            l.items
                                .iter()
                                .filter_map(|m| {
                                    text(m, "member_token").or_else(|| text(m, "token"))
                                })
                                .collect()
                        })
                        .map_err(|e| unread(&e));
                    (g, r)
                }
            })
            .buffer_unordered(limit)
            .collect()
            .await;

        // What grants can't settle is probed with the key itself.
        let need_probe: Vec<String> = sources
            .iter()
            .filter(|s| decide(s, grants.get(&s.token), &groups, None) == Resolution::NeedProbe)
            .map(|s| s.token.clone())
            .collect();
        let probes: HashMap<String, Probe> = stream::iter(need_probe)
            .map(|token| {
                let client = client.clone();
                let path = format!("/api/{ws}/data_sources/{token}/reports");
                async move {
                    let probe = match client.get_json(&path).await {
                        Ok(_) => Probe::Readable,
                        Err(
                            Error::Forbidden { .. }
                            | Error::NotFound { .. }
                            | Error::Unauthorized { .. },
                        ) => Probe::Refused,
                        Err(e) if e.is_transient() => Probe::Busy,
                        Err(_) => Probe::Unclear,
                    };
                    (token, probe)
                }
            })
            .buffer_unordered(limit)
            .collect()
            .await;

        let mut busy = HashSet::new();
        let rows = sources
            .iter()
            .map(|s| {
                let resolution = decide(
                    s,
                    grants.get(&s.token),
                    &groups,
                    probes.get(&s.token).copied(),
                );
                let (access, via) = match resolution {
                    Resolution::Known(a, v) => (a, v),
                    Resolution::Busy => {
                        busy.insert(s.token.clone());
                        (Access::Unknown, None)
                    }
                    Resolution::NeedGrants | Resolution::NeedProbe => (Access::Unknown, None),
                };
                Connection {
                    token: s.token.clone(),
                    name: s.name.clone(),
                    access,
                    via,
                    link: self
                        .links
                        .connection(&self.web, &ws, &s.token, s.web_link.as_deref()),
                }
            })
            .collect();
        (rows, busy)
    }
}

fn unread(e: &Error) -> Unread {
    if e.is_transient() {
        Unread::Busy
    } else {
        Unread::Refused
    }
}

fn names(rows: &[&Connection]) -> String {
    rows.iter()
        .map(|r| r.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
