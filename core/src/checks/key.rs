//! `key-type` and `key-expiry`: what kind of key this is and how long it has left.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};

use super::WARN_DAYS;
use super::{plural, CheckId, CheckResult, ExpirySource, KeyKind, Run, Status, DEFAULT_KEY_DAYS};
use crate::error::Error;
use crate::mode::model::{flag, KeyRecord, Moment, Verification};

impl Run<'_> {
    /// Pushes `key-type`; the key's record when Mode linked one.
    pub(super) async fn key_type(&mut self, v: &Verification) -> Option<KeyRecord> {
        let mut record = None;
        if let Some(href) = v.self_link.as_deref().filter(|h| h.contains("/api_keys/")) {
            if let Ok(body) = self.client.get_json(href).await {
                record = Some(KeyRecord::from_json(&body));
            }
        }
        let scope = v
            .scope
            .clone()
            .or_else(|| record.as_ref().and_then(|r| r.scope.clone()));
        let mut kind = match scope.as_deref() {
            Some("workspace") => KeyKind::Workspace,
            Some("member") => KeyKind::Member,
            _ if v.is_user => KeyKind::Personal,
            _ => match &record {
                Some(r) if r.member.is_some() => KeyKind::Member,
                Some(_) => KeyKind::Workspace,
                None => KeyKind::Unknown,
            },
        };
        let mut api_key = false;
        if kind == KeyKind::Unknown {
            match self.client.get_json("/api/account").await {
                Ok(body) if flag(&body, "user") == Some(true) => kind = KeyKind::Personal,
                // Mode refuses this endpoint to API keys, and says so.
                Err(Error::BadRequest { message, .. })
                    if message
                        .as_deref()
                        .is_some_and(|m| m.to_ascii_lowercase().contains("api key")) =>
                {
                    api_key = true
                }
                _ => {}
            }
        }
        if kind == KeyKind::Unknown {
            kind = self.probe_admin().await;
            self.key_kind_probed = kind != KeyKind::Unknown;
        }
        self.key.kind = kind;
        self.key.member = match kind {
            KeyKind::Member => record.as_ref().and_then(|r| r.member.clone()),
            KeyKind::Personal => v.username.clone(),
            _ => None,
        };
        let ws = self.ws().to_string();
        let result = match kind {
            KeyKind::Workspace if self.key_kind_probed => CheckResult::new(
                CheckId::KeyType,
                Status::Pass,
                format!("This key reads with admin access to all of {ws}: it may read the workspace's audit log, which only a workspace key can."),
            ),
            KeyKind::Workspace => CheckResult::new(
                CheckId::KeyType,
                Status::Pass,
                format!("This is a workspace key: it reads with admin access to all of {ws}."),
            ),
            KeyKind::Member if self.key_kind_probed => CheckResult::new(
                CheckId::KeyType,
                Status::Pass,
                "This is a member key: Mode refused it the workspace's audit log, which only a workspace key may read. The crawler sees what the key's member can see.",
            ),
            KeyKind::Member => CheckResult::new(
                CheckId::KeyType,
                Status::Pass,
                match &self.key.member {
                    Some(m) => format!("This is a member key of {m}: the crawler sees what {m} can see."),
                    None => "This is a member key: the crawler sees what its member can see.".into(),
                },
            ),
            KeyKind::Personal => CheckResult::new(
                CheckId::KeyType,
                Status::Fail,
                "This is a personal API token. Mode retired personal tokens on 28 February 2025, so Atlan cannot rely on it.",
            )
            .fix("Create a workspace key (an admin: Workspace Settings > Features > API Keys > Workspace keys > Create) or a member key for the crawler's account (an admin turns on Member keys; then, signed in as the crawler, Workspace Settings > Personal > My API Keys). Then check the new key here.")
            .link(self.links.api_keys.clone()),
            KeyKind::Unknown if api_key => CheckResult::new(
                CheckId::KeyType,
                Status::Pass,
                "This is a workspace or member API key, not a retired personal token: Mode refuses personal-account endpoints to it. Mode did not say which of the two it is.",
            ),
            KeyKind::Unknown => CheckResult::new(
                CheckId::KeyType,
                Status::Warn,
                "Mode accepted the key but did not say whether it is a workspace key, a member key or a retired personal token.",
            )
            .fix("Open Workspace Settings > Features > API Keys and find this Key ID: it should be listed under Workspace keys or Member keys. A key you can't find there is a personal token: replace it.")
            .link(self.links.api_keys.clone())
            .confirm("that this key is listed under Workspace keys or Member keys"),
        };
        self.push(result);
        record
    }

    /// Asks for the workspace's audit log, which only a workspace key may read: a 200 proves
    /// admin access, a refusal (401 or 403) a member key. Anything else proves nothing.
    async fn probe_admin(&self) -> KeyKind {
        let ws = self.ws();
        let day = self.input.today;
        let path = format!(
            "/api/{ws}/audit_logs?start_timestamp={day}T00:00:00Z&end_timestamp={day}T00:00:01Z"
        );
        match self.client.get_plain_json(&path).await {
            Ok(_) => KeyKind::Workspace,
            Err(Error::Unauthorized { .. } | Error::Forbidden { .. }) => KeyKind::Member,
            Err(_) => KeyKind::Unknown,
        }
    }

    /// The `key-expiry` result, from the date typed in, Mode's key record, or its creation date.
    /// Mode's expiry is an instant: it is placed on this computer's calendar, so a key that
    /// stops working at 19:00 local time today reads "today" wherever the person is.
    pub(super) fn expiry(&mut self, record: Option<&KeyRecord>) -> CheckResult {
        let today = self.input.today;
        let zone = chrono::Local;
        let (date, passed, source) = match (self.input.expires_on, record) {
            (Some(d), _) => (Some(d), false, Some(ExpirySource::Entered)),
            (
                None,
                Some(KeyRecord {
                    expires_at: Some(m),
                    ..
                }),
            ) => {
                let (day, _, passed) = place_expiry(m, &zone, today, chrono::Utc::now());
                (Some(day), passed, Some(ExpirySource::Mode))
            }
            (None, Some(r)) => (
                r.created_at.and_then(|c| {
                    c.day_in(&zone)
                        .checked_add_days(Days::new(DEFAULT_KEY_DAYS))
                }),
                false,
                r.created_at.map(|_| ExpirySource::Estimated),
            ),
            (None, None) => (None, false, None),
        };
        self.key.expires_on = date;
        self.key.expiry_source = source;
        self.key.days_left = date.map(|d| (d - today).num_days());
        let link = self.links.api_keys.clone();
        let rotate = "Create a new key (Workspace Settings > Features > API Keys), check it here, copy it into Atlan's Mode connection from the Connect in Atlan step, then revoke the old key in Mode.";
        let Some(date) = date else {
            if self.key.kind == KeyKind::Personal {
                return CheckResult::new(
                    CheckId::KeyExpiry,
                    Status::Skip,
                    "Skipped: personal tokens have no expiry date, and they no longer work.",
                );
            }
            return CheckResult::new(
                CheckId::KeyExpiry,
                Status::Warn,
                "The expiry date is unknown. Mode keys expire 90 days after creation by default, and Mode sends no reminder.",
            )
            .fix("Find the key's expiry date under Workspace Settings > Features > API Keys and enter it as the key's expiry date, so you are warned before Atlan's crawls start failing.")
            .link(link);
        };
        let days = (date - today).num_days();
        let estimated = if source == Some(ExpirySource::Estimated) {
            " (estimated: created date plus Mode's default 90 days)"
        } else {
            ""
        };
        if days == 0 && passed {
            let at = record
                .and_then(|r| r.expires_at)
                .and_then(|m| m.instant())
                .map(|t| t.with_timezone(&zone).format(" at %H:%M").to_string())
                .unwrap_or_default();
            CheckResult::new(
                CheckId::KeyExpiry,
                Status::Fail,
                format!("The key expired today, {date}{at}: Mode no longer accepts it."),
            )
            .fix(rotate)
            .link(link)
        } else if days < 0 {
            let ago = -days;
            CheckResult::new(
                CheckId::KeyExpiry,
                Status::Fail,
                format!("The key expired on {date}, {ago} day{} ago{estimated}: Mode no longer accepts it.", plural(ago)),
            )
            .fix(rotate)
            .link(link)
        } else if days <= WARN_DAYS {
            let when = match days {
                0 => "today".to_string(),
                1 => "tomorrow".to_string(),
                d => format!("in {d} days"),
            };
            CheckResult::new(
                CheckId::KeyExpiry,
                Status::Warn,
                format!("The key expires {when}, on {date}{estimated}."),
            )
            .fix(format!("Replace it before then. {rotate}"))
            .link(link)
        } else {
            let mut r = CheckResult::new(
                CheckId::KeyExpiry,
                if estimated.is_empty() {
                    Status::Pass
                } else {
                    Status::Warn
                },
                format!("The key expires on {date}, {days} days from now{estimated}."),
            );
            if !estimated.is_empty() {
                r = r
                    .fix("Check the real date under Workspace Settings > Features > API Keys and enter it as the key's expiry date.")
                    .link(link);
            }
            r
        }
    }
}

/// Where an expiry falls for someone in `zone` whose day is `today`, at the instant `now`: its
/// calendar day there, the days left until that day (counted in calendar days, so a change of
/// clocks in between changes nothing), and whether it has already passed (it may be today).
pub(crate) fn place_expiry<Tz: TimeZone>(
    m: &Moment,
    zone: &Tz,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> (NaiveDate, i64, bool) {
    let day = m.day_in(zone);
    let days = (day - today).num_days();
    let passed = days < 0 || (days == 0 && m.instant().is_some_and(|t| t <= now));
    (day, days, passed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn instant(s: &str) -> Moment {
        Moment::Instant(DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}")))
    }

    fn zone(hours: i32) -> FixedOffset {
        FixedOffset::east_opt(hours * 3600).unwrap_or_else(|| panic!("offset {hours}"))
    }

    fn at(s: &str) -> (NaiveDate, DateTime<Utc>) {
        let t = DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        (t.date_naive(), t.with_timezone(&Utc))
    }

    #[test]
    fn a_key_that_dies_at_seven_tonight_expires_today_not_tomorrow() {
        // 19:00 in Los Angeles is 03:00 the next day in UTC.
        let dies = instant("2026-12-01T03:00:00Z");
        let (today, now) = at("2026-11-30T10:00:00-08:00");
        let (day, days, passed) = place_expiry(&dies, &zone(-8), today, now);
        assert_eq!(
            (day.to_string().as_str(), days, passed),
            ("2026-11-30", 0, false)
        );
        let (today, now) = at("2026-11-30T19:30:00-08:00");
        assert!(
            place_expiry(&dies, &zone(-8), today, now).2,
            "gone at 19:30"
        );
    }

    #[test]
    fn the_day_is_the_one_in_the_persons_zone_around_midnight() {
        // 00:30 on 1 December in Auckland is still 30 November in UTC.
        let dies = instant("2026-11-30T11:30:00Z");
        let (today, now) = at("2026-11-30T09:00:00+13:00");
        assert_eq!(place_expiry(&dies, &zone(13), today, now).1, 1);
        // One second before midnight is still today; one second after is tomorrow.
        let (today, now) = at("2026-11-30T08:00:00-08:00");
        let last = instant("2026-11-30T23:59:59-08:00");
        let first = instant("2026-12-01T00:00:01-08:00");
        assert_eq!(place_expiry(&last, &zone(-8), today, now).1, 0);
        assert_eq!(place_expiry(&first, &zone(-8), today, now).1, 1);
        // In UTC both are on 1 December.
        assert_eq!(
            place_expiry(&last, &Utc, today, now).0.to_string(),
            "2026-12-01"
        );
    }

    #[test]
    fn a_bare_date_is_the_same_day_everywhere() {
        let d = Moment::Date(NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default());
        let (today, now) = at("2026-11-30T23:00:00-08:00");
        for h in [-8, 0, 13] {
            assert_eq!(place_expiry(&d, &zone(h), today, now).1, 3, "{h}");
        }
        assert!(!place_expiry(&d, &zone(0), today, now).2);
    }
}
