//! What the workspace holds: connections and their permissions, collections, reports,
//! datasets, queries and charts.

use serde_json::{json, Value};

use super::{Router, SimResponse};
use crate::simulator::world::*;

impl Router<'_> {
    pub(super) fn connection_json(&self, c: &SimConnection) -> Value {
        let ws = self.ws();
        json!({
            "id": self.id(c.id), "token": c.token, "name": c.name, "display_name": c.name,
            "adapter": "jdbc:postgresql", "queryable": true, "soft_deleted": false,
            "account_username": ws, "port": 5432,
            "default_access_level": self.level(&c.default_access),
            "_links": {
                "self": {"href": format!("/api/{ws}/data_sources/{}", c.token)},
                "permissions": {"href": format!("/api/{ws}/data_sources/{}/permissions", c.token)},
                "web": {"href": format!("/organizations/{ws}/data_sources/{}", c.token)},
                "web_home": {"href": format!("/home/{ws}/data_sources/{}", c.token)}
            }
        })
    }

    pub(super) fn data_sources(&self) -> SimResponse {
        // Not paginated: the page parameter is ignored and every page is the whole list.
        let rows = self
            .w
            .connections
            .iter()
            .map(|c| self.connection_json(c))
            .collect();
        self.listing(
            format!("/api/{}/data_sources", self.ws()),
            "data_sources",
            rows,
        )
    }

    pub(super) fn data_source(&self, token: &str) -> SimResponse {
        match self.w.connections.iter().find(|c| c.token == token) {
            Some(c) => SimResponse::json(200, &self.connection_json(c)),
            None => SimResponse::error(404, "not_found", "data source not found"),
        }
    }

    pub(super) fn permissions(&self, token: &str) -> SimResponse {
        let Some(c) = self.w.connections.iter().find(|c| c.token == token) else {
            return SimResponse::error(404, "not_found", "data source not found");
        };
        if !self.is_admin() {
            return SimResponse::error(403, "forbidden", "Forbidden");
        }
        let rows = c
            .grants
            .iter()
            .filter_map(|g| {
                let (kind, accessor) = match (&g.member, &g.group) {
                    (Some(u), _) => ("Account", self.w.member(u)?.token.clone()),
                    (None, Some(t)) => ("UserGroup", t.clone()),
                    _ => return None,
                };
                Some(json!({"token": g.token, "action": self.level(&g.action),
                            "accessor_type": kind, "accessor_token": accessor}))
            })
            .collect();
        self.listing(
            format!("/api/{}/data_sources/{token}/permissions", self.ws()),
            "data_source_entitlements",
            rows,
        )
    }

    pub(super) fn data_source_reports(&self, token: &str) -> SimResponse {
        let Some(c) = self.w.connections.iter().find(|c| c.token == token) else {
            return SimResponse::error(404, "not_found", "data source not found");
        };
        let allowed = match self.caller.username() {
            None => true,
            Some(u) => self.w.can_view(u, c),
        };
        if !allowed && self.w.behaviour.probe_gate {
            return SimResponse::error(403, "forbidden", "Forbidden");
        }
        let rows: Vec<Value> = self
            .w
            .collections
            .iter()
            .flat_map(|s| s.reports.iter())
            .filter(|r| r.queries.iter().any(|q| q.connection_id == c.id))
            .map(|r| json!({"token": r.token, "name": r.name}))
            .collect();
        let page = self.paged(&rows, 30);
        self.listing(
            format!("/api/{}/data_sources/{token}/reports", self.ws()),
            "reports",
            page,
        )
    }

    pub(super) fn spaces(&self, filter: Option<&str>) -> SimResponse {
        let ws = self.ws();
        let visible: Vec<Value> = self
            .w
            .collections
            .iter()
            // Without a filter a key sees only collections it is a member of: none.
            .filter(|s| match filter {
                Some("all") => true,
                Some("custom") => !s.personal,
                _ => false,
            })
            .map(|s| {
                json!({"token": s.token, "id": self.id(s.id), "name": s.name,
                       "space_type": if s.personal { "private" } else { "custom" },
                       "state": "active", "restricted": false,
                       "default_access_level": self.level("View"),
                       "_links": {"web": {"href": format!("/{ws}/spaces/{}", s.token)},
                                  "reports": {"href": format!("/api/{ws}/collections/{}/reports", s.token)}}})
            })
            .collect();
        let page = self.paged(&visible, self.w.behaviour.spaces_page_size);
        let pages = visible
            .len()
            .div_ceil(self.w.behaviour.spaces_page_size.max(1));
        let mut body = json!({"_links": {"self": {"href": format!("/api/{ws}/collections")}},
                              "_embedded": {"spaces": page}});
        if self.page < pages {
            body["_links"]["next_page"] =
                json!({"href": format!("/api/{ws}/spaces?filter=all&page={}", self.page + 1)});
        }
        SimResponse::json(200, &body)
    }

    pub(super) fn space_reports(&self, token: &str) -> SimResponse {
        let ws = self.ws();
        let Some(s) = self.w.collections.iter().find(|s| s.token == token) else {
            return SimResponse::error(404, "not_found", "Space not found");
        };
        let cut = self.paged(&s.reports, self.w.behaviour.reports_page_size);
        let rows: Vec<Value> = cut
            .iter()
            .filter(|r| !r.hidden)
            .map(|r| {
                json!({"token": r.token, "id": self.id(r.id), "name": r.name, "type": "Report",
                       "space_token": s.token, "archived": false,
                       "query_count": r.queries.len(),
                       "chart_count": r.queries.iter().map(|q| q.charts).sum::<u32>(),
                       "_links": {"web": {"href": format!("https://app.mode.com/{ws}/reports/{}", r.token)},
                                  "queries": {"href": format!("/api/{ws}/reports/{}/queries", r.token)}}})
            })
            .collect();
        self.listing(
            format!("/api/{ws}/collections/{token}/reports"),
            "reports",
            rows,
        )
    }

    /// Datasets in a collection: listed under `reports`, as Mode does. The simulated
    /// workspaces keep none.
    pub(super) fn space_datasets(&self, token: &str) -> SimResponse {
        if !self.w.collections.iter().any(|s| s.token == token) {
            return SimResponse::error(404, "not_found", "Space not found");
        }
        let rows: Vec<Value> = self.paged(&[], 30);
        self.listing(
            format!("/api/{}/collections/{token}/datasets", self.ws()),
            "reports",
            rows,
        )
    }

    /// One report's record.
    pub(super) fn report(&self, token: &str) -> SimResponse {
        let ws = self.ws();
        let found = self
            .w
            .collections
            .iter()
            .find_map(|s| s.reports.iter().find(|r| r.token == token).map(|r| (s, r)));
        let Some((s, r)) = found else {
            return SimResponse::error(404, "not_found", "Report not found");
        };
        SimResponse::json(
            200,
            &json!({"token": r.token, "id": self.id(r.id), "name": r.name, "type": "Report",
                    "space_token": s.token, "archived": false, "imported_datasets": [],
                    "query_count": r.queries.len(),
                    "chart_count": r.queries.iter().map(|q| q.charts).sum::<u32>(),
                    "_links": {"web": {"href": format!("https://app.mode.com/{ws}/reports/{}", r.token)},
                               "queries": {"href": format!("/api/{ws}/reports/{}/queries", r.token)}}}),
        )
    }

    pub(super) fn find_report(&self, token: &str) -> Option<&SimReport> {
        self.w
            .collections
            .iter()
            .flat_map(|s| s.reports.iter())
            .find(|r| r.token == token)
    }

    pub(super) fn queries(&self, report: &str) -> SimResponse {
        let ws = self.ws();
        let Some(r) = self.find_report(report) else {
            return SimResponse::error(404, "not_found", "Report not found");
        };
        let rows = r
            .queries
            .iter()
            .map(|q| {
                json!({"id": self.id(q.id), "token": q.token, "name": format!("Query {}", q.token),
                       "raw_query": "SELECT 1", "data_source_id": self.id(q.connection_id),
                       "_links": {"charts": {"href": format!("/api/{ws}/reports/{report}/queries/{}/charts", q.token)}}})
            })
            .collect();
        self.listing(
            format!("/api/{ws}/reports/{report}/queries"),
            "queries",
            rows,
        )
    }

    pub(super) fn charts(&self, query: &str) -> SimResponse {
        let q = self
            .w
            .collections
            .iter()
            .flat_map(|s| s.reports.iter())
            .flat_map(|r| r.queries.iter())
            .find(|q| q.token == query);
        let Some(q) = q else {
            return SimResponse::error(404, "not_found", "Query not found");
        };
        let rows = (0..q.charts)
            .map(|n| {
                json!({"token": format!("{}c{n}", q.token), "view": {},
                            "view_vegas": {"title": format!("Chart {n}"), "chartType": "bar"}})
            })
            .collect();
        self.listing(format!("/api/{}/charts", self.ws()), "charts", rows)
    }
}
