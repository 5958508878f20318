//! The access decision, pure: from what Mode said about one connection (its default access,
//! its grants, the members of the groups in them, a probe with the key) to the crawler's access
//! and how it gets it, or to the next piece of evidence needed. No HTTP here.

use std::collections::{HashMap, HashSet};

use super::{Access, Subject, Via};
use crate::mode::model::{Accessor, Grant};

/// Why something could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unread {
    /// Mode was busy or unreachable: checking again may settle it.
    Busy,
    /// Mode refused or gave an answer that could not be read.
    Refused,
}

/// A connection's grants as read from Mode.
pub type Grants = Result<Vec<Grant>, Unread>;

/// Members of each group, by group token.
pub type GroupMembers = HashMap<String, Result<HashSet<String>, Unread>>;

/// What a read of the connection's reports with the key itself answered. Mode documents no
/// access gate there, so a 200 proves nothing; a refusal does show no access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    /// 200.
    Readable,
    /// 401, 403 or 404.
    Refused,
    /// Mode was busy or unreachable.
    Busy,
    /// Any other answer.
    Unclear,
}

/// The outcome for one connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Settled: the access and, where known, how it is given. `Access::Unknown` means Mode's
    /// answers leave it open.
    Known(Access, Option<Via>),
    /// Mode was busy or unreachable before the evidence was in.
    Busy,
    /// The connection's grants are needed.
    NeedGrants,
    /// Only a probe with the key can tell.
    NeedProbe,
}

/// The evidence gathered so far for one connection.
#[derive(Debug, Clone, Copy)]
pub struct Evidence<'a> {
    pub default_access: Access,
    pub grants: Option<&'a Grants>,
    pub groups: &'a GroupMembers,
    /// Every member token of the workspace, when the member list was read.
    pub members: Option<&'a HashSet<String>>,
    pub probe: Option<Probe>,
}

/// Decides the crawler's access to one connection from the evidence so far. Access is granted
/// only on positive evidence; where Mode's answers leave it open the access is unknown, never
/// assumed either way.
pub fn resolve(subject: &Subject, e: Evidence<'_>) -> Resolution {
    if matches!(subject, Subject::Key | Subject::Member { admin: true, .. }) {
        return Resolution::Known(Access::Manage, Some(Via::Admin));
    }
    if e.default_access.grants_view() {
        return Resolution::Known(e.default_access, Some(Via::Default));
    }
    if let Some(p) = e.probe {
        return match p {
            Probe::Refused => Resolution::Known(Access::None, None),
            Probe::Busy => Resolution::Busy,
            Probe::Readable | Probe::Unclear => Resolution::Known(Access::Unknown, None),
        };
    }
    let Subject::Member { token: me, .. } = subject else {
        return Resolution::NeedProbe;
    };
    let grants = match e.grants {
        None => return Resolution::NeedGrants,
        Some(Err(_)) => return Resolution::NeedProbe,
        Some(Ok(g)) => g,
    };
    let mine = |g: &&Grant| g.accessor == Accessor::Member(me.clone());
    let in_group = |t: &String| {
        e.groups
            .get(t)
            .is_some_and(|m| m.as_ref().is_ok_and(|m| m.contains(me)))
    };
    let direct = grants.iter().filter(mine).map(|g| g.action).max();
    if let Some(a) = direct.filter(|a| a.grants_view()) {
        return Resolution::Known(a, Some(Via::Direct));
    }
    let group = grants
        .iter()
        .filter(|g| matches!(&g.accessor, Accessor::Group(t) if in_group(t)))
        .map(|g| g.action)
        .max();
    if let Some(a) = group.filter(|a| a.grants_view()) {
        return Resolution::Known(a, Some(Via::Group));
    }
    // What could still be the crawler's: a grant of unknown level to it or its groups, a group
    // whose members could not be read, or a grant whose accessor matches no member.
    let could_grant = |g: &Grant| g.action.grants_view() || g.action == Access::Unknown;
    let busy_group = grants.iter().filter(|g| could_grant(g)).any(|g| {
        matches!(&g.accessor, Accessor::Group(t)
            if matches!(e.groups.get(t), Some(Err(Unread::Busy))))
    });
    if busy_group {
        return Resolution::Busy;
    }
    let open = e.default_access == Access::Unknown
        || grants
            .iter()
            .filter(|g| could_grant(g))
            .any(|g| match &g.accessor {
                Accessor::Member(t) if t == me => g.action == Access::Unknown,
                Accessor::Member(t) => e.members.is_none_or(|known| !known.contains(t)),
                Accessor::Group(t) => match e.groups.get(t) {
                    Some(Ok(members)) => members.contains(me) && g.action == Access::Unknown,
                    _ => true,
                },
                Accessor::Other => true,
            });
    if open {
        Resolution::Known(Access::Unknown, None)
    } else {
        Resolution::Known(Access::None, None)
    }
}

/// The groups whose members decide a connection: those that could grant View in grants that
/// no direct grant already settles.
pub fn groups_needed(subject: &Subject, grants: &Grants) -> Vec<String> {
    let (Subject::Member { token: me, .. }, Ok(grants)) = (subject, grants) else {
        return vec![];
    };
    let settled = grants
        .iter()
        .any(|g| g.action.grants_view() && g.accessor == Accessor::Member(me.clone()));
    if settled {
        return vec![];
    }
    grants
        .iter()
        .filter_map(|g| match &g.accessor {
            Accessor::Group(t) if g.action.grants_view() || g.action == Access::Unknown => {
                Some(t.clone())
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(action: Access, accessor: Accessor) -> Grant {
        Grant { action, accessor }
    }

    fn member(token: &str) -> Subject {
        Subject::Member {
            token: token.into(),
            admin: false,
        }
    }

    type Case<'a> = (
        &'a str,
        Subject,
        Access,
        Option<&'a Grants>,
        &'a GroupMembers,
        Option<Probe>,
        Resolution,
    );

    #[test]
    fn access_is_resolved_from_the_evidence_as_a_table() {
        let me = "m1";
        let members: HashSet<String> = ["m1", "m2"].iter().map(|s| s.to_string()).collect();
        let g = |a: Access, who: Accessor| -> Grants { Ok(vec![grant(a, who)]) };
        let view_me = g(Access::View, Accessor::Member(me.into()));
        let unknown_level_me = g(Access::Unknown, Accessor::Member(me.into()));
        let query_group = g(Access::Query, Accessor::Group("g1".into()));
        let view_other = g(Access::View, Accessor::Member("m2".into()));
        let view_stranger = g(Access::View, Accessor::Member("zz".into()));
        let view_nobody = g(Access::View, Accessor::Other);
        let none: Grants = Ok(vec![]);
        let unreadable: Grants = Err(Unread::Refused);
        let mut in_g1 = GroupMembers::new();
        in_g1.insert("g1".into(), Ok(HashSet::from([me.to_string()])));
        let mut not_in_g1 = GroupMembers::new();
        not_in_g1.insert("g1".into(), Ok(HashSet::from(["m2".to_string()])));
        let mut g1_unreadable = GroupMembers::new();
        g1_unreadable.insert("g1".into(), Err(Unread::Refused));
        let mut g1_busy = GroupMembers::new();
        g1_busy.insert("g1".into(), Err(Unread::Busy));
        let no = GroupMembers::new();
        let admin = Subject::Member {
            token: me.into(),
            admin: true,
        };
        use Resolution::*;
        let unknown = Known(Access::Unknown, None);
        let cases: Vec<Case> = vec![
            (
                "workspace key",
                Subject::Key,
                Access::None,
                None,
                &no,
                None,
                Known(Access::Manage, Some(Via::Admin)),
            ),
            (
                "admin member",
                admin,
                Access::None,
                None,
                &no,
                None,
                Known(Access::Manage, Some(Via::Admin)),
            ),
            (
                "default view",
                member(me),
                Access::View,
                None,
                &no,
                None,
                Known(Access::View, Some(Via::Default)),
            ),
            (
                "default query",
                member(me),
                Access::Query,
                None,
                &no,
                None,
                Known(Access::Query, Some(Via::Default)),
            ),
            (
                "restricted, grants unread",
                member(me),
                Access::None,
                None,
                &no,
                None,
                NeedGrants,
            ),
            (
                "direct view",
                member(me),
                Access::None,
                Some(&view_me),
                &no,
                None,
                Known(Access::View, Some(Via::Direct)),
            ),
            (
                "group query",
                member(me),
                Access::None,
                Some(&query_group),
                &in_g1,
                None,
                Known(Access::Query, Some(Via::Group)),
            ),
            (
                "group without the crawler",
                member(me),
                Access::None,
                Some(&query_group),
                &not_in_g1,
                None,
                Known(Access::None, None),
            ),
            (
                "group unreadable",
                member(me),
                Access::None,
                Some(&query_group),
                &g1_unreadable,
                None,
                unknown,
            ),
            (
                "group busy",
                member(me),
                Access::None,
                Some(&query_group),
                &g1_busy,
                None,
                Busy,
            ),
            (
                "another member's grant",
                member(me),
                Access::None,
                Some(&view_other),
                &no,
                None,
                Known(Access::None, None),
            ),
            (
                "grant to a token no member has",
                member(me),
                Access::None,
                Some(&view_stranger),
                &no,
                None,
                unknown,
            ),
            (
                "grant with no accessor",
                member(me),
                Access::None,
                Some(&view_nobody),
                &no,
                None,
                unknown,
            ),
            (
                "grant of an unknown level",
                member(me),
                Access::None,
                Some(&unknown_level_me),
                &no,
                None,
                unknown,
            ),
            (
                "no grants, restricted",
                member(me),
                Access::None,
                Some(&none),
                &no,
                None,
                Known(Access::None, None),
            ),
            (
                "no grants, default unknown",
                member(me),
                Access::Unknown,
                Some(&none),
                &no,
                None,
                unknown,
            ),
            (
                "grants unreadable",
                member(me),
                Access::None,
                Some(&unreadable),
                &no,
                None,
                NeedProbe,
            ),
            (
                "no member token",
                Subject::Probe,
                Access::None,
                None,
                &no,
                None,
                NeedProbe,
            ),
            (
                "probe answered 200",
                Subject::Probe,
                Access::None,
                None,
                &no,
                Some(Probe::Readable),
                unknown,
            ),
            (
                "probe refused",
                Subject::Probe,
                Access::None,
                None,
                &no,
                Some(Probe::Refused),
                Known(Access::None, None),
            ),
            (
                "probe busy",
                Subject::Probe,
                Access::None,
                None,
                &no,
                Some(Probe::Busy),
                Busy,
            ),
            (
                "probe unclear",
                Subject::Probe,
                Access::None,
                None,
                &no,
                Some(Probe::Unclear),
                unknown,
            ),
        ];
        for (name, subject, default_access, grants, groups, probe, want) in cases {
            let got = resolve(
                &subject,
                Evidence {
                    default_access,
                    grants,
                    groups,
                    members: Some(&members),
                    probe,
                },
            );
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn only_groups_that_could_grant_view_are_read() {
        let me = member("m1");
        let g: Grants = Ok(vec![
            grant(Access::View, Accessor::Group("g1".into())),
            grant(Access::None, Accessor::Group("g2".into())),
        ]);
        assert_eq!(groups_needed(&me, &g), vec!["g1".to_string()]);
        let settled: Grants = Ok(vec![
            grant(Access::View, Accessor::Member("m1".into())),
            grant(Access::View, Accessor::Group("g1".into())),
        ]);
        assert!(groups_needed(&me, &settled).is_empty());
    }
}
