//! Who is asking: verify, the account, the workspace, keys, the audit log, members and groups.

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::{Caller, Router, SimResponse};
use crate::simulator::world::*;

impl Router<'_> {
    pub(super) fn verify(&self) -> SimResponse {
        let ws = self.ws();
        let mut body = match self.caller {
            // With the quirky behaviour the answer says nothing about the kind of credential.
            Caller::Personal(u) if !self.w.behaviour.verify_scope => json!({
                "username": u, "_links": {"self": {"href": format!("/api/{u}")}}
            }),
            Caller::Personal(u) => json!({
                "username": u, "user": true,
                "_links": {"self": {"href": format!("/api/{u}")}}
            }),
            _ if self.w.behaviour.verify_links_key_record => json!({
                "workspace_token": self.w.workspace_token,
                "_links": {"self": {"href": format!("/api/{ws}/api_keys/{}", self.key.id)}}
            }),
            _ => json!({
                "workspace_token": self.w.workspace_token,
                "_links": {"self": {"href": format!("/api/{ws}")}}
            }),
        };
        if !self.w.behaviour.verify_self_link {
            if let Some(o) = body.as_object_mut() {
                o.remove("_links");
            }
        }
        if !matches!(self.caller, Caller::Personal(_)) {
            if self.w.behaviour.verify_workspace {
                body["workspace"] = json!(ws);
            }
            if self.w.behaviour.verify_scope {
                body["api_key_scope"] = json!(if matches!(self.caller, Caller::Member(_)) {
                    "member"
                } else {
                    "workspace"
                });
            }
        }
        SimResponse::json(200, &body)
    }

    /// The workspace's audit log: only a workspace key may read it, and only as plain JSON.
    pub(super) fn audit_logs(&self) -> SimResponse {
        match self.caller {
            Caller::Workspace => {
                SimResponse::json(200, &json!({"audit_logs": [], "next_token": null}))
            }
            _ => SimResponse::error(
                401,
                "unauthorized",
                "Audit logs require a workspace API key",
            ),
        }
    }

    pub(super) fn account(&self) -> SimResponse {
        match self.caller {
            Caller::Personal(u) => self.user(u),
            _ => SimResponse::json(
                400,
                &json!({"id": "bad_request", "message": "This endpoint is unsupported for use with Api Keys",
                         "_links": {"help": {"href": "https://mode.com/help"}}}),
            ),
        }
    }

    pub(super) fn user(&self, username: &str) -> SimResponse {
        let m = self.w.member(username);
        SimResponse::json(
            200,
            &json!({
                "username": username, "name": username, "user": true,
                "id": self.id(745_240), "token": m.map(|m| m.token.clone()),
                "_links": {"self": {"href": format!("/api/{username}")}}
            }),
        )
    }

    pub(super) fn workspace(&self) -> SimResponse {
        let ws = self.ws();
        SimResponse::json(
            200,
            &json!({
                "username": ws, "name": "Acme Corp", "user": false, "token": self.w.workspace_token,
                "id": self.id(1_234), "plan_code": "plus",
                "membership_type": if self.is_admin() { "admin" } else { "full" },
                "data_source_count": self.w.connections.len(),
                "space_count": 0,
                "_links": {
                    "self": {"href": format!("/api/{ws}")},
                    "web": {"href": format!("/{ws}")},
                    "web_settings": {"href": format!("/organizations/{ws}")},
                    "web_data_sources_settings": {"href": format!("/organizations/{ws}/data_sources")},
                    "web_groups": {"href": format!("/organizations/{ws}/groups")},
                    "new_invite_web": {"href": format!("/{ws}/invites/new")},
                    "memberships": {"href": format!("/api/{ws}/memberships")},
                    "data_sources": {"href": format!("/api/{ws}/data_sources")},
                    "spaces": {"href": format!("/api/{ws}/spaces")}
                }
            }),
        )
    }

    pub(super) fn key_record(&self, key_id: &str, today: NaiveDate) -> SimResponse {
        let Some(k) = self.w.keys.iter().find(|k| k.id == key_id) else {
            return SimResponse::error(404, "not_found", "API key not found");
        };
        if k.id != self.key.id && !self.is_admin() {
            return SimResponse::error(403, "forbidden", "Forbidden");
        }
        let ws = self.ws();
        let mut links = json!({"self": {"href": format!("/api/{ws}/api_keys/{}", k.id)}});
        if let (SimKeyKind::Member, Some(m)) = (k.kind, &k.member) {
            links["member"] = json!({"href": format!("/api/{m}")});
        }
        let mut body = json!({
            "token": k.id, "token_name": k.label, "created_at": format!("{}T09:00:00.000Z", k.created_on),
            "state": if k.revoked { "revoked" } else if k.expires_on.is_some_and(|e| e < today) { "expired" } else { "active" },
            "_links": links
        });
        if self.w.behaviour.key_record_expiry {
            body["expires_at"] = json!(k.expires_on.map(|e| format!("{e}T09:00:00.000Z")));
        }
        SimResponse::json(200, &body)
    }

    pub(super) fn memberships(&self, lite: bool) -> SimResponse {
        if !lite && !self.w.behaviour.memberships_full {
            return SimResponse::error(404, "not_found", "Not found");
        }
        if !self.is_admin() {
            return if lite {
                SimResponse::error(403, "forbidden", "Forbidden")
            } else {
                SimResponse::error(404, "not_found", "Not found")
            };
        }
        let ws = self.ws();
        let rows: Vec<Value> = self
            .w
            .members
            .iter()
            .map(|m| {
                let state = match m.state {
                    SimMemberState::Active => "active",
                    SimMemberState::Pending => "pending",
                    SimMemberState::Former => "deactivated",
                };
                let activated = (m.state != SimMemberState::Pending).then_some("2024-05-02T10:11:12.000Z");
                if lite {
                    json!({"username": m.username, "name": m.username, "admin": m.admin,
                           "state": state, "member_token": m.token})
                } else {
                    json!({"admin": m.admin, "invited": m.state == SimMemberState::Pending,
                           "state": state, "member_username": m.username, "member_token": m.token,
                           "activated_at": activated, "managed_by_scim": false,
                           "_links": {"self": {"href": format!("/api/{ws}/memberships/{}", m.token)},
                                      "web_self": {"href": format!("/organizations/{ws}/memberships/{}", m.token)},
                                      "user": {"href": format!("/api/{}", m.username)}}})
                }
            })
            .collect();
        let path = if lite {
            "memberships/lite"
        } else {
            "memberships"
        };
        self.listing(format!("/api/{ws}/{path}"), "memberships", rows)
    }

    pub(super) fn groups(&self) -> SimResponse {
        let ws = self.ws();
        let rows = self
            .w
            .groups
            .iter()
            .map(|g| json!({"token": g.token, "name": g.name,
                            "_links": {"memberships": {"href": format!("/api/{ws}/groups/{}/memberships", g.token)}}}))
            .collect();
        self.listing(format!("/api/{ws}/groups"), "groups", rows)
    }

    pub(super) fn group_memberships(&self, token: &str) -> SimResponse {
        if !self.is_admin() {
            return SimResponse::error(403, "forbidden", "Forbidden");
        }
        let Some(g) = self.w.groups.iter().find(|g| g.token == token) else {
            return SimResponse::error(404, "not_found", "Group not found");
        };
        let rows = g
            .members
            .iter()
            .filter_map(|u| self.w.member(u))
            .map(|m| json!({"token": format!("gm{}", m.token), "member_token": m.token}))
            .collect();
        self.listing(
            format!("/api/{}/groups/{token}/memberships", self.ws()),
            "group_memberships",
            rows,
        )
    }
}
