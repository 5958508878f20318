//! `reports`: in a deep check, every report, query and chart the crawler would read, counted.

use std::time::Instant;

use futures::stream::{self, StreamExt};

use super::{plural, CheckId, CheckResult, Run, Status};
use crate::error::Error;
use crate::mode::model::{count, link, text, Collection};
use crate::mode::ModeClient;

/// Reports whose query and chart counts a deep run opens to verify the listing's numbers.
const VERIFY_SAMPLE: usize = 20;

/// Queries and charts of one report.
type Tally = (u64, u64);

impl Run<'_> {
    /// Pushes `reports` and fills the report, query and chart counts.
    pub(super) async fn reports(&mut self, collections: Vec<Collection>) {
        if !self.input.deep {
            self.push(CheckResult::new(
                CheckId::Reports,
                Status::Skip,
                "Skipped: reports are counted only in a deep check.",
            ));
            return;
        }
        if collections.is_empty() {
            self.push(CheckResult::new(
                CheckId::Reports,
                Status::Skip,
                "Skipped: there are no collections to look in.",
            ));
            return;
        }
        let ws = self.ws().to_string();
        let total = collections.len();
        let limit = self.client.max_in_flight();
        let client = self.client.clone();
        let mut reports = 0u64;
        let mut queries = 0u64;
        let mut charts = 0u64;
        let mut missing_counts: Vec<String> = Vec::new();
        let mut sample: Vec<(String, u64, u64)> = Vec::new();
        let mut failures = 0usize;
        let mut done = 0usize;
        let started = Instant::now();
        let paths: Vec<String> = collections
            .iter()
            .map(|c| format!("/api/{ws}/spaces/{}/reports", c.token))
            .collect();
        let mut pages = stream::iter(paths)
            .map(|path| {
                let client = client.clone();
                async move { client.list(&path, "reports").await }
            })
            .buffer_unordered(limit);
        while let Some(listing) = pages.next().await {
            done += 1;
            match listing {
                Ok(l) => {
                    for r in &l.items {
                        reports += 1;
                        let token = text(r, "token").unwrap_or_default();
                        match (count(r, "query_count"), count(r, "chart_count")) {
                            (Some(q), Some(c)) => {
                                queries += q;
                                charts += c;
                                if sample.len() < VERIFY_SAMPLE {
                                    sample.push((token, q, c));
                                }
                            }
                            _ => missing_counts.push(token),
                        }
                    }
                }
                Err(_) => failures += 1,
            }
            let elapsed = started.elapsed().as_secs_f64();
            let eta =
                (done > 0).then(|| (elapsed / done as f64 * (total - done) as f64).round() as u64);
            self.progress(
                format!("Reading reports: collection {done} of {total}"),
                eta,
            );
        }
        drop(pages);
        // Open the reports whose listing had no counts, and a sample of the rest to verify.
        let to_open: Vec<(String, Option<Tally>)> = missing_counts
            .iter()
            .map(|t| (t.clone(), None))
            .chain(sample.iter().map(|(t, q, c)| (t.clone(), Some((*q, *c)))))
            .collect();
        let opened = to_open.len();
        let counted: Vec<(Option<Tally>, Result<Tally, Error>)> = stream::iter(to_open)
            .map(|(t, expected)| {
                let client = client.clone();
                let ws = ws.clone();
                async move { (expected, count_report(&client, &ws, &t).await) }
            })
            .buffer_unordered(limit)
            .collect()
            .await;
        let mut mismatches = 0usize;
        for (expected, got) in counted {
            match (expected, got) {
                (None, Ok((q, c))) => {
                    queries += q;
                    charts += c;
                }
                (Some(e), Ok(g)) if e != g => mismatches += 1,
                (_, Err(_)) => failures += 1,
                _ => {}
            }
        }
        self.counts.reports = Some(reports);
        self.counts.queries = Some(queries);
        self.counts.charts = Some(charts);
        let how = format!(
            "Counts of queries and charts were read from Mode's report lists for {} report{} and counted by opening {} ({opened} opened in all, {mismatches} disagreed with the list).",
            reports as usize - missing_counts.len(),
            plural(reports as i64 - missing_counts.len() as i64),
            missing_counts.len()
        );
        let result = if reports == 0 {
            CheckResult::new(CheckId::Reports, Status::Warn, "The crawler can see the collections but no reports in them.")
                .fix("If the workspace has reports, give the crawler's account View on their collections (each collection > Share).")
                .link(self.links.home.clone())
        } else if failures > 0 || mismatches > 0 {
            CheckResult::new(
                CheckId::Reports,
                Status::Warn,
                format!("The crawler read {reports} reports, {queries} queries and {charts} charts, but {failures} listings could not be read and {mismatches} counts disagreed."),
            )
            .fix("Check again later; if it persists, look at the collections named in Details in Mode.")
        } else {
            CheckResult::new(CheckId::Reports, Status::Pass, format!("The crawler can read {reports} reports, {queries} queries and {charts} charts."))
        }
        .details(Some(how));
        self.push(result);
    }
}

async fn count_report(client: &ModeClient, ws: &str, report: &str) -> Result<Tally, Error> {
    let queries = client
        .list(&format!("/api/{ws}/reports/{report}/queries"), "queries")
        .await?;
    let mut charts = 0u64;
    for q in &queries.items {
        let path = link(q, "charts")
            .filter(|h| h.starts_with("/api/"))
            .or_else(|| {
                text(q, "token").map(|t| format!("/api/{ws}/reports/{report}/queries/{t}/charts"))
            });
        if let Some(path) = path {
            charts += client.list(&path, "charts").await?.items.len() as u64;
        }
    }
    Ok((queries.items.len() as u64, charts))
}
