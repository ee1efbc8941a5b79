//! R14 read back: the audit log ("Logboek") a manager may see, its filters, and how long
//! rows are kept.

use crate::mandate::{Mandate, Mandates};
use crate::rules::RuleError;
use crate::RoleDef;

/// The part of an enterprise's audit log one person may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditScope {
    /// Every row of the enterprise (main and co-main access managers).
    Enterprise,
    /// Rows acted in these domains and groups, and the sign-ins of these groups' users
    /// (access managers and group managers).
    Scopes {
        scopes: Vec<String>,
        groups: Vec<String>,
    },
}

/// R14 with R6: the main access manager and the co-main access managers read the whole
/// enterprise's audit log; an access manager what was done in its domain and its domain's
/// groups; a group manager what was done in its group. Someone without a mandate reads
/// nothing (`rule.not_a_manager`). `groups` are the enterprise's groups.
pub fn audit_scope<'a>(
    mandates: &Mandates,
    groups: impl IntoIterator<Item = &'a RoleDef>,
) -> Result<AuditScope, RuleError> {
    if !mandates.is_manager() {
        return Err(RuleError::NotAManager);
    }
    if mandates
        .iter()
        .any(|m| matches!(m, Mandate::MainAccessManager | Mandate::CoMainAccessManager))
    {
        return Ok(AuditScope::Enterprise);
    }
    // R6's groups, and the domains of access managers (their appointments are acted there).
    let groups: Vec<String> = crate::rules::managed_groups(mandates, groups)
        .into_iter()
        .map(|g| g.code.clone())
        .collect();
    let mut scopes: Vec<String> = mandates
        .iter()
        .filter_map(|m| match m {
            Mandate::AccessManager(domain) => Some(domain.clone()),
            _ => None,
        })
        .chain(groups.iter().cloned())
        .collect();
    scopes.sort();
    scopes.dedup();
    Ok(AuditScope::Scopes { scopes, groups })
}

/// What the Logboek can be filtered on: the kinds of act, by the prefix of their action
/// codes, in the order the filter offers them.
pub const AUDIT_KINDS: &[&str] = &[
    "membership",
    "user",
    "mandate",
    "signin",
    "contactdata",
    "chaman",
    "ebox",
    "enterprise",
    "person",
    "credential",
    "staff",
    "audit",
    "token",
];

/// A kind of act for the filter, or `None` for "all"; an unknown kind is refused.
pub fn parse_audit_kind(kind: &str) -> Result<Option<&'static str>, AuditFilterError> {
    match kind.trim() {
        "" => Ok(None),
        k => AUDIT_KINDS
            .iter()
            .copied()
            .find(|x| *x == k)
            .map(Some)
            .ok_or(AuditFilterError::UnknownKind),
    }
}

/// Why a Logboek filter is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditFilterError {
    #[error("unknown kind of act")]
    UnknownKind,
    #[error("not a date (YYYY-MM-DD)")]
    Date,
    #[error("the date range ends before it starts")]
    EmptyRange,
    #[error("a name or number of at most 100 characters")]
    TooLong,
}

impl AuditFilterError {
    pub fn code(&self) -> &'static str {
        match self {
            AuditFilterError::UnknownKind => "audit.unknown_kind",
            AuditFilterError::Date => "audit.date",
            AuditFilterError::EmptyRange => "audit.empty_range",
            AuditFilterError::TooLong => "audit.too_long",
        }
    }
}

impl crate::error::Coded for AuditFilterError {
    fn code(&self) -> &'static str {
        AuditFilterError::code(self)
    }
    fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::Invalid
    }
}

/// The Logboek's filters, as typed (empty: no filter). `actor` and `person` are a name or
/// a national number; `group` is checked against the reader's scope by the caller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub person: Option<String>,
    pub group: Option<String>,
    pub kind: Option<&'static str>,
    /// Inclusive days, `YYYY-MM-DD` (Brussels time).
    pub from: Option<String>,
    pub until: Option<String>,
}

/// The filters from the Logboek's form: an unknown kind, an impossible date or a range
/// that ends before it starts is refused, not ignored.
pub fn parse_audit_filter(
    actor: &str,
    person: &str,
    group: &str,
    kind: &str,
    from: &str,
    until: &str,
) -> Result<AuditFilter, AuditFilterError> {
    let text = |s: &str| -> Result<Option<String>, AuditFilterError> {
        let t = s.trim();
        if t.chars().count() > 100 {
            return Err(AuditFilterError::TooLong);
        }
        Ok(Some(t.to_owned()).filter(|t| !t.is_empty()))
    };
    let date = |s: &str| -> Result<Option<String>, AuditFilterError> {
        text(s)?
            .map(|d| crate::ebox::parse_date(&d).map_err(|_| AuditFilterError::Date))
            .transpose()
    };
    let (from, until) = (date(from)?, date(until)?);
    if let (Some(f), Some(u)) = (&from, &until) {
        if u < f {
            return Err(AuditFilterError::EmptyRange);
        }
    }
    Ok(AuditFilter {
        actor: text(actor)?,
        person: text(person)?,
        group: text(group)?,
        kind: parse_audit_kind(kind)?,
        from,
        until,
    })
}

/// How long audit rows are kept (R14), in days: changes, and sign-in records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    pub changes: i64,
    pub sign_ins: i64,
}

impl Default for Retention {
    /// Ten years for changes, one year for sign-ins.
    fn default() -> Self {
        Retention {
            changes: 3653,
            sign_ins: 366,
        }
    }
}

/// The shortest retention a configuration may choose (a year: the audit trail answers for
/// at least the last year's acts and sign-ins).
pub const MIN_RETENTION_DAYS: i64 = 366;
/// The longest (a century, so that cutoffs stay within dates).
pub const MAX_RETENTION_DAYS: i64 = 36_525;

/// R14: a configured retention period in days, within [`MIN_RETENTION_DAYS`] and
/// [`MAX_RETENTION_DAYS`].
pub fn parse_retention_days(input: &str) -> Option<i64> {
    input
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|d| (MIN_RETENTION_DAYS..=MAX_RETENTION_DAYS).contains(d))
}

/// R14: the moment (unix seconds) before which rows kept `days` may be removed at `now`.
pub fn retention_cutoff(now: i64, days: i64) -> i64 {
    now - days.clamp(MIN_RETENTION_DAYS, MAX_RETENTION_DAYS) * 86_400
}

/// Whether an audit row of this action is a sign-in record (kept for the shorter period).
pub fn is_sign_in(action: &str) -> bool {
    action.starts_with("signin.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Catalogue;

    fn groups() -> Vec<&'static RoleDef> {
        Catalogue::get().roles().collect()
    }

    #[test]
    fn main_and_co_main_access_managers_read_the_whole_enterprise() {
        for m in [Mandate::MainAccessManager, Mandate::CoMainAccessManager] {
            let scope = audit_scope(&Mandates(vec![m]), groups().into_iter());
            assert_eq!(scope, Ok(AuditScope::Enterprise));
        }
    }

    #[test]
    fn an_access_manager_reads_its_domain_and_its_groups() {
        let all = groups();
        let domain = all[0].domain.clone();
        let scope = audit_scope(
            &Mandates(vec![Mandate::AccessManager(domain.clone())]),
            all.iter().copied(),
        )
        .unwrap();
        let AuditScope::Scopes { scopes, groups } = scope else {
            panic!()
        };
        assert!(scopes.contains(&domain));
        let expected: Vec<_> = all
            .iter()
            .filter(|g| g.domain == domain)
            .map(|g| g.code.clone())
            .collect();
        assert!(!expected.is_empty());
        for g in &expected {
            assert!(groups.contains(g) && scopes.contains(g));
        }
        assert!(all
            .iter()
            .filter(|g| g.domain != domain)
            .all(|g| !groups.contains(&g.code)));
    }

    #[test]
    fn a_group_manager_reads_its_group_only() {
        let all = groups();
        let code = all[0].code.clone();
        let scope = audit_scope(
            &Mandates(vec![Mandate::GroupManager(code.clone())]),
            all.iter().copied(),
        );
        assert_eq!(
            scope,
            Ok(AuditScope::Scopes {
                scopes: vec![code.clone()],
                groups: vec![code]
            })
        );
    }

    #[test]
    fn someone_without_a_mandate_reads_nothing() {
        assert_eq!(
            audit_scope(&Mandates::default(), groups().into_iter()),
            Err(RuleError::NotAManager)
        );
    }

    #[test]
    fn the_kind_filter_knows_its_kinds() {
        assert_eq!(parse_audit_kind(""), Ok(None));
        assert_eq!(parse_audit_kind("membership"), Ok(Some("membership")));
        assert_eq!(
            parse_audit_kind("drop table"),
            Err(AuditFilterError::UnknownKind)
        );
        assert!(is_sign_in("signin.failure") && !is_sign_in("membership.add"));
    }

    #[test]
    fn retention_is_at_least_a_year_and_cuts_that_many_days_back() {
        assert_eq!(Retention::default(), Retention { changes: 3653, sign_ins: 366 });
        assert_eq!(parse_retention_days(" 3653 "), Some(3653));
        assert_eq!(parse_retention_days("30"), None);
        assert_eq!(parse_retention_days("ten years"), None);
        assert_eq!(retention_cutoff(1_000_000_000, 366), 1_000_000_000 - 366 * 86_400);
        // A period below the minimum never cuts closer than a year.
        assert_eq!(retention_cutoff(1_000_000_000, 1), 1_000_000_000 - 366 * 86_400);
    }

    #[test]
    fn filters_refuse_impossible_dates_and_empty_ranges() {
        let f = parse_audit_filter(
            " Emma ",
            "",
            "werkgever",
            "membership",
            "2026-01-01",
            "2026-01-31",
        )
        .unwrap();
        assert_eq!(f.actor.as_deref(), Some("Emma"));
        assert_eq!(f.person, None);
        assert_eq!(f.kind, Some("membership"));
        assert_eq!(
            parse_audit_filter("", "", "", "", "2026-02-30", ""),
            Err(AuditFilterError::Date)
        );
        assert_eq!(
            parse_audit_filter("", "", "", "", "2026-02-01", "2026-01-31"),
            Err(AuditFilterError::EmptyRange)
        );
        assert_eq!(
            parse_audit_filter(&"x".repeat(101), "", "", "", "", ""),
            Err(AuditFilterError::TooLong)
        );
        assert_eq!(
            parse_audit_filter("", "", "", "", "", ""),
            Ok(AuditFilter::default())
        );
    }
}
