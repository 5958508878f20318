//! Named workspaces for trials and tests: a healthy one, and one for each thing that goes wrong.

use chrono::{Days, NaiveDate};

use super::world::*;

/// Every scenario name with a line saying what it shows.
pub const SCENARIOS: &[(&str, &str)] = &[
    ("healthy", "everything is set up; every check passes"),
    (
        "restricted",
        "two connections do not grant the crawler View",
    ),
    ("pending-invite", "the crawler's invite was never accepted"),
    (
        "former-member",
        "the crawler was removed from the workspace",
    ),
    ("no-member", "the crawler was never invited"),
    ("no-connections", "the workspace has no connections"),
    ("no-collections", "the workspace has no shared collections"),
    ("expiring", "the keys expire in 5 days"),
    (
        "quirky",
        "ids as strings, upper-case levels, a key record link, page one repeated, lite memberships",
    ),
    (
        "flaky",
        "a 503 page, a 429 and a dropped connection before answers come",
    ),
    (
        "large",
        "600 connections, 3,000 members, 80 groups, 1,500 collections",
    ),
    ("deep", "400 collections holding 20,000 reports"),
];

/// Fixed credentials of the simulated keys, printed by `mode-setup simulate`.
pub const WORKSPACE_KEY_ID: &str = "ws0a1b2c3d4e";
pub const WORKSPACE_SECRET: &str = "practice-workspace-secret";
pub const MEMBER_KEY_ID: &str = "mb5f6a7b8c9d";
pub const MEMBER_SECRET: &str = "practice-member-secret";
pub const PERSONAL_KEY_ID: &str = "pt1e2f3a4b5c";
pub const PERSONAL_SECRET: &str = "practice-personal-secret";
pub const REVOKED_KEY_ID: &str = "rv6d7e8f9a0b";
pub const REVOKED_SECRET: &str = "practice-revoked-secret";

/// The service account every scenario is built around.
pub const CRAWLER: &str = "atlan_crawler";

/// Builds the scenario `name` as of `today`; `None` for an unknown name.
pub fn scenario(name: &str, today: NaiveDate) -> Option<World> {
    let mut w = base(today);
    match name {
        "healthy" => {}
        "restricted" => {
            for c in &mut w.connections {
                if c.name.starts_with("Postgres") {
                    c.grants.clear();
                }
            }
            for g in &mut w.groups {
                g.members.retain(|m| m != CRAWLER);
            }
        }
        "pending-invite" => set_state(&mut w, SimMemberState::Pending),
        "former-member" => set_state(&mut w, SimMemberState::Former),
        "no-member" => w.members.retain(|m| m.username != CRAWLER),
        "no-connections" => w.connections.clear(),
        "no-collections" => w.collections.retain(|c| c.personal),
        "expiring" => {
            for k in &mut w.keys {
                k.expires_on = today.checked_add_days(Days::new(5));
            }
        }
        "quirky" => {
            let b = &mut w.behaviour;
            b.ids_as_strings = true;
            b.upper_case_access = true;
            b.verify_scope = false;
            b.past_end = PastEnd::RepeatFirst;
            b.memberships_full = false;
            Variant::KeyRecord.apply(b);
        }
        "flaky" => {}
        "typical" => return Some(typical(today)),
        "large" => return Some(large(today)),
        "deep" => return Some(deep(today)),
        _ => return None,
    }
    Some(w)
}

fn set_state(w: &mut World, state: SimMemberState) {
    if let Some(m) = w.member_mut(CRAWLER) {
        m.state = state;
    }
}

fn member(username: &str, n: u64, state: SimMemberState, admin: bool) -> SimMember {
    SimMember {
        username: username.into(),
        token: token("member", n),
        state,
        admin,
    }
}

fn keys(today: NaiveDate, admin: &str) -> Vec<SimKey> {
    let created = today.checked_sub_days(Days::new(30)).unwrap_or(today);
    let expires = created.checked_add_days(Days::new(90));
    vec![
        SimKey {
            id: WORKSPACE_KEY_ID.into(),
            secret: WORKSPACE_SECRET.into(),
            kind: SimKeyKind::Workspace,
            member: None,
            revoked: false,
            created_on: created,
            expires_on: expires,
            label: "workspace key (admin access)".into(),
        },
        SimKey {
            id: MEMBER_KEY_ID.into(),
            secret: MEMBER_SECRET.into(),
            kind: SimKeyKind::Member,
            member: Some(CRAWLER.into()),
            revoked: false,
            created_on: created,
            expires_on: expires,
            label: format!("member key of {CRAWLER}"),
        },
        SimKey {
            id: PERSONAL_KEY_ID.into(),
            secret: PERSONAL_SECRET.into(),
            kind: SimKeyKind::Personal,
            member: Some(admin.into()),
            revoked: false,
            created_on: created,
            expires_on: None,
            label: format!("personal token of {admin} (retired kind)"),
        },
        SimKey {
            id: REVOKED_KEY_ID.into(),
            secret: REVOKED_SECRET.into(),
            kind: SimKeyKind::Workspace,
            member: None,
            revoked: true,
            created_on: created,
            expires_on: expires,
            label: "revoked workspace key".into(),
        },
    ]
}

fn report(n: u64, name: String, connection_id: u64, queries: u64, charts: u32) -> SimReport {
    SimReport {
        id: 2_900_000 + n,
        token: token("report", n),
        name,
        queries: (0..queries)
            .map(|q| SimQuery {
                id: 10_000_000 + n * 10 + q,
                token: token("query", n * 10 + q),
                connection_id,
                charts,
            })
            .collect(),
        hidden: false,
    }
}

fn base(today: NaiveDate) -> World {
    use SimMemberState::*;
    let members = vec![
        member("dana_admin", 1, Active, true),
        member(CRAWLER, 2, Active, false),
        member("lee", 3, Active, false),
        member("pat", 4, Pending, false),
        member("sam", 5, Former, false),
    ];
    let groups = vec![
        SimGroup {
            token: token("group", 1),
            name: "Analysts".into(),
            members: vec!["lee".into()],
        },
        SimGroup {
            token: token("group", 2),
            name: "Data catalog".into(),
            members: vec![CRAWLER.into(), "lee".into()],
        },
    ];
    let grant = |n: u64, action: &str, member: Option<&str>, group: Option<String>| SimGrant {
        token: token("grant", n),
        action: action.into(),
        member: member.map(str::to_string),
        group,
    };
    let connections = vec![
        SimConnection {
            id: 34499,
            token: token("conn", 1),
            name: "Snowflake Warehouse".into(),
            default_access: "View".into(),
            grants: vec![],
        },
        SimConnection {
            id: 34500,
            token: token("conn", 2),
            name: "Postgres (production)".into(),
            default_access: "Restricted".into(),
            grants: vec![
                grant(1, "view", Some(CRAWLER), None),
                grant(2, "manage", Some("lee"), None),
            ],
        },
        SimConnection {
            id: 34501,
            token: token("conn", 3),
            name: "BigQuery Marketing".into(),
            default_access: "Restricted".into(),
            grants: vec![grant(3, "query", None, Some(token("group", 2)))],
        },
        SimConnection {
            id: 34502,
            token: token("conn", 4),
            name: "Redshift Finance".into(),
            default_access: "Query".into(),
            grants: vec![],
        },
    ];
    let finance = (0..35)
        .map(|n| report(n, format!("Finance report {}", n + 1), 34502, 2, 1))
        .collect();
    let marketing = (35..38)
        .map(|n| report(n, format!("Campaigns {}", n - 34), 34501, 1, 2))
        .collect();
    let collections = vec![
        SimCollection {
            id: 1_919_717,
            token: token("space", 1),
            name: "Finance".into(),
            personal: false,
            reports: finance,
        },
        SimCollection {
            id: 1_919_718,
            token: token("space", 2),
            name: "Marketing".into(),
            personal: false,
            reports: marketing,
        },
        SimCollection {
            id: 1_920_033,
            token: token("space", 3),
            name: "Personal".into(),
            personal: true,
            reports: vec![],
        },
    ];
    World {
        workspace: "acme".into(),
        workspace_token: "234112185554".into(),
        members,
        groups,
        connections,
        collections,
        keys: keys(today, "dana_admin"),
        behaviour: Behaviour::default(),
    }
}

/// The username of generated member `n` of `count`, zero-padded to the width of `count`.
fn user(n: u64, count: u64) -> String {
    format!("user{n:0width$}", width = count.to_string().len())
}

/// Adds `count` active, non-admin members named by [`user`].
fn add_users(w: &mut World, count: u64) {
    for n in 0..count {
        w.members.push(member(
            &user(n, count),
            100 + n,
            SimMemberState::Active,
            false,
        ));
    }
}

/// `count` collections without reports; every tenth is a personal one.
fn empty_collections(
    count: u64,
    first_id: u64,
    first_token: u64,
    label: &str,
) -> Vec<SimCollection> {
    (0..count)
        .map(|n| SimCollection {
            id: first_id + n,
            token: token("space", first_token + n),
            name: format!("{label} {n:0width$}", width = (count - 1).to_string().len()),
            personal: n % 10 == 0,
            reports: vec![],
        })
        .collect()
}

/// A mid-sized workspace: 25 connections (a fifth restricted, granted directly or through a
/// group), 150 members, 6 groups, 40 collections of which 4 are personal.
pub fn typical(today: NaiveDate) -> World {
    let mut w = base(today);
    add_users(&mut w, 145);
    w.groups = (0..6u64)
        .map(|g| SimGroup {
            token: token("group", 100 + g),
            name: format!("Team {g}"),
            members: (0..20u64)
                .map(|i| user((g * 23 + i) % 145, 145))
                .chain((g == 0).then(|| CRAWLER.to_string()))
                .collect(),
        })
        .collect();
    w.connections = (0..25u64)
        .map(|n| {
            let restricted = n % 5 == 0;
            let grants = if restricted {
                let (member, group) = if n % 2 == 0 {
                    (Some(CRAWLER.to_string()), None)
                } else {
                    (None, Some(token("group", 100)))
                };
                vec![SimGrant {
                    token: token("grant", 100 + n),
                    action: "view".into(),
                    member,
                    group,
                }]
            } else {
                vec![]
            };
            SimConnection {
                id: 20_000 + n,
                token: token("conn", 50 + n),
                name: format!("Warehouse {n:02}"),
                default_access: if restricted {
                    "Restricted".into()
                } else {
                    "View".into()
                },
                grants,
            }
        })
        .collect();
    w.collections = empty_collections(40, 2_000_000, 50, "Team collection");
    w
}

/// 600 connections (half restricted; grants direct and through 80 groups), 3,000 members,
/// 1,500 collections.
pub fn large(today: NaiveDate) -> World {
    let mut w = base(today);
    add_users(&mut w, 3000);
    w.groups = (0..80u64)
        .map(|g| SimGroup {
            token: token("group", 100 + g),
            name: format!("Team {g}"),
            members: (0..40u64)
                .map(|i| user((g * 37 + i) % 3000, 3000))
                .chain((g % 4 == 0).then(|| CRAWLER.to_string()))
                .collect(),
        })
        .collect();
    w.connections = (0..600u64)
        .map(|n| {
            let restricted = n % 2 == 1;
            let mut grants = vec![];
            if restricted {
                grants.push(SimGrant {
                    token: token("grant", 1000 + n),
                    action: "query".into(),
                    member: Some(user(n % 3000, 3000)),
                    group: None,
                });
                let crawler_grant = if n % 3 == 0 {
                    (Some(CRAWLER.to_string()), None)
                } else {
                    (None, Some(token("group", 100 + (n % 20) * 4)))
                };
                grants.push(SimGrant {
                    token: token("grant", 5000 + n),
                    action: "view".into(),
                    member: crawler_grant.0,
                    group: crawler_grant.1,
                });
            }
            SimConnection {
                id: 40_000 + n,
                token: token("conn", 100 + n),
                name: format!("Connection {n:03}"),
                default_access: if restricted {
                    "Restricted".into()
                } else {
                    "View".into()
                },
                grants,
            }
        })
        .collect();
    w.collections = empty_collections(1500, 3_000_000, 100, "Collection");
    w
}

/// 400 collections holding 20,000 reports, 2 queries each, 1 chart each.
pub fn deep(today: NaiveDate) -> World {
    let mut w = base(today);
    w.collections = (0..400u64)
        .map(|c| SimCollection {
            id: 5_000_000 + c,
            token: token("space", 10_000 + c),
            name: format!("Collection {c:03}"),
            personal: false,
            reports: (0..50u64)
                .map(|r| report(100_000 + c * 50 + r, format!("Report {c}-{r}"), 34499, 2, 1))
                .collect(),
        })
        .collect();
    w
}

/// The faults of the `flaky` scenario: a 503 page, a 429 and a dropped connection.
pub fn inject_flaky(sim: &super::Simulator) {
    use super::{Fault, FaultKind, RetryAfter};
    sim.inject(Fault {
        path_contains: "/api/verify".into(),
        kind: FaultKind::ServerError(503),
        times: 1,
    });
    sim.inject(Fault {
        path_contains: "/data_sources".into(),
        kind: FaultKind::TooManyRequests(RetryAfter::Seconds(1)),
        times: 1,
    });
    sim.inject(Fault {
        path_contains: "/memberships".into(),
        kind: FaultKind::ResetMidBody,
        times: 1,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_scenario_builds() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
        for (name, _) in SCENARIOS {
            assert!(scenario(name, today).is_some(), "{name}");
        }
        assert!(scenario("nope", today).is_none());
    }

    #[test]
    fn large_and_deep_have_the_advertised_sizes() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
        let l = large(today);
        assert_eq!(l.connections.len(), 600);
        assert!(l.members.len() >= 3000);
        assert_eq!(l.groups.len(), 80);
        assert_eq!(l.collections.len(), 1500);
        let d = deep(today);
        assert_eq!(
            d.collections.iter().map(|c| c.reports.len()).sum::<usize>(),
            20_000
        );
    }
}
