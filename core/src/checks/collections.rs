//! `collections`: the crawler sees the workspace's shared collections.

use super::{plural, CheckId, CheckResult, Run, Status};
use crate::mode::model::Collection;

impl Run<'_> {
    /// Pushes `collections`; every collection seen, personal ones included.
    pub(super) async fn collections(&mut self) -> Vec<Collection> {
        let ws = self.ws().to_string();
        let listing = match self
            .client
            .list(&format!("/api/{ws}/spaces?filter=all"), "spaces")
            .await
        {
            Ok(l) => l,
            Err(e) if e.is_transient() => {
                self.push(super::busy(
                    CheckId::Collections,
                    "listing the collections",
                    e.details(),
                ));
                return vec![];
            }
            Err(e) => {
                self.push(
                    CheckResult::new(CheckId::Collections, Status::Fail, "The key may not list the workspace's collections.")
                        .fix("Use a workspace key, or give the crawler's account View on the collections Atlan should catalogue (each collection > Share).")
                        .link(self.links.home.clone())
                        .details(e.details()),
                );
                return vec![];
            }
        };
        let all: Vec<Collection> = listing
            .items
            .iter()
            .filter_map(Collection::from_json)
            .collect();
        let personal = all.iter().filter(|c| c.personal).count();
        let shared = all.len() - personal;
        self.counts.collections = shared as u64;
        self.counts.personal_collections = personal as u64;
        let result = if shared == 0 {
            CheckResult::new(
                CheckId::Collections,
                Status::Fail,
                format!("The crawler sees no shared collections (personal collections: {personal}), so Atlan would find no reports."),
            )
            .fix("Create collections for the reports Atlan should catalogue, or give the crawler's account View on them: open each collection in Mode > Share.")
            .link(self.links.home.clone())
        } else if listing.truncated {
            CheckResult::new(
                CheckId::Collections,
                Status::Warn,
                format!("The crawler sees at least {shared} shared collections; Mode's list was too long to read to the end."),
            )
        } else {
            CheckResult::new(
                CheckId::Collections,
                Status::Pass,
                format!(
                    "The crawler sees {shared} shared collection{} (and {personal} personal one{}, counted apart).",
                    plural(shared as i64),
                    plural(personal as i64)
                ),
            )
        };
        self.push(result);
        all
    }
}
