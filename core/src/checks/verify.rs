//! `host` and `credentials`, both from the one `GET /api/verify`.

use serde_json::Value;

use super::{CheckId, CheckResult, Run, Status};
use crate::error::Error;
use crate::input::host_label;
use crate::mode::model::Verification;

impl Run<'_> {
    /// Pushes `host` and `credentials`; the verification answer when Mode accepted the key.
    pub(super) fn host_and_credentials(
        &mut self,
        verify: Result<Value, Error>,
    ) -> Option<Verification> {
        let host = host_label(&self.input.host);
        let answered = if self.input.host.scheme() == "https" {
            format!("{host} answered over a secure connection.")
        } else {
            format!("{host} answered (a test server on this computer).")
        };
        match verify {
            Ok(v) => match Verification::recognise(&v) {
                Some(verification) => {
                    self.push(CheckResult::new(CheckId::Host, Status::Pass, answered));
                    self.push(CheckResult::new(
                        CheckId::Credentials,
                        Status::Pass,
                        "Mode accepted the Key ID and secret.",
                    ));
                    Some(verification)
                }
                None => {
                    self.push(
                        CheckResult::new(CheckId::Host, Status::Fail, format!("{host} answered, but not the way Mode's API confirms a key."))
                            .fix("Set the host under Advanced to https://app.mode.com (or your company's Mode address).")
                            .details(Some("The answer to /api/verify was not a Mode verification object.".into())),
                    );
                    None
                }
            },
            Err(e) if e.is_unreachable() => {
                let transient = e.is_transient();
                let fix = match &e {
                    Error::Redirected { .. } | Error::Tls { .. } | Error::Dns { .. } => {
                        "Check the host under Advanced: it should be https://app.mode.com unless your company uses another Mode address."
                    }
                    _ => "Check that this computer is online and can open app.mode.com in a browser, then check again.",
                };
                let mut r = CheckResult::new(CheckId::Host, Status::Fail, e.to_string())
                    .fix(fix)
                    .details(e.details());
                if transient {
                    r = r.transient();
                }
                self.push(r);
                None
            }
            Err(e @ (Error::NotJson { .. } | Error::NotFound { .. })) => {
                self.push(
                    CheckResult::new(CheckId::Host, Status::Fail, format!("{host} answered, but it does not look like Mode's API."))
                        .fix("Set the host under Advanced to https://app.mode.com (or your company's Mode address).")
                        .details(e.details()),
                );
                None
            }
            Err(e @ Error::Server { .. }) => {
                self.push(
                    CheckResult::new(CheckId::Host, Status::Fail, "Mode is having trouble right now and did not answer properly, even after several tries.")
                        .fix("Wait a few minutes and check again. Mode's status page says whether there is an outage.")
                        .details(e.details())
                        .transient(),
                );
                None
            }
            Err(e) => {
                self.push(CheckResult::new(CheckId::Host, Status::Pass, answered));
                let (summary, fix, link) = match &e {
                    Error::Unauthorized { .. } => (
                        "Mode did not accept this key: the Key ID or secret is wrong, or the key was revoked or has expired.".to_string(),
                        "Copy the Key ID again from Workspace Settings > Features > API Keys. The secret is shown only once: if you don't have it, create a new key there and paste both.",
                        Some(self.links.api_keys.clone()),
                    ),
                    Error::RateLimited { .. } => (
                        e.to_string(),
                        "Wait a few minutes, then check again. Other tools using the same workspace's API may be busy.",
                        None,
                    ),
                    _ => (
                        e.to_string(),
                        "Check the host and the key, then check again. Use Details to see what Mode said.",
                        None,
                    ),
                };
                let mut r = CheckResult::new(CheckId::Credentials, Status::Fail, summary)
                    .fix(fix)
                    .details(e.details());
                if let Some(l) = link {
                    r = r.link(l);
                }
                if e.is_transient() {
                    r = r.transient();
                }
                self.push(r);
                None
            }
        }
    }
}
