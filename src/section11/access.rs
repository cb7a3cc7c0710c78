//! Who may read and write which Section 11 returns.
//!
//! Reading starts from the caller's [`Scope`]: only partnerships at
//! `RecordLevel` for Section 11 expose returns, so a level raised by a data
//! sharing agreement is honoured here with no change. Within that, two
//! narrowings apply: an `agency_lead` sees its own agency's returns only, and
//! drafts are seen only by those who may edit them (so a scrutineer, or anyone
//! reading another partnership under an agreement, sees submitted returns and
//! later). Writing is role-based, as everywhere in the hub.
use entity::section11_enums::Section11ReturnStatus;
use entity::{section11_return, PartnershipCode};
use sea_orm::{ColumnTrait, Condition};

use crate::access::{AccessLevel, Dataset, Scope};
use crate::auth::{Caller, Role};
use crate::error::{AppError, AppResult};

/// What the caller's Section 11 figures for one partnership are computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum SummaryBasis {
    /// Published returns only: what anyone may see once a partnership has
    /// published its part of a round.
    PublishedReturns,
    /// Every return received (submitted, validated or published), published
    /// or not: for callers with exact access to the partnership's figures.
    ReceivedReturns,
}

/// The agency a caller's reading is narrowed to, if any.
pub fn agency_narrowing(caller: &Caller) -> Option<&str> {
    match caller.role {
        Role::AgencyLead => Some(caller.agency.as_deref().unwrap_or_default()),
        _ => None,
    }
}

/// True when the caller may edit returns of `partnership` (for an agency
/// lead: its own agency's, to which its reading is already narrowed). Only
/// they see drafts.
fn sees_drafts(caller: &Caller, partnership: PartnershipCode) -> bool {
    match caller.role {
        Role::RegionalAdmin => true,
        Role::PartnershipManager | Role::AgencyLead => caller.in_scope(partnership),
        _ => false,
    }
}

/// The condition selecting the returns `scope` may read; matches nothing when
/// it may read none.
///
/// Partnerships read alike share one `IN` list, and a list naming every
/// partnership is left out: a regional admin's page is then counted from the
/// round's index alone, where five alternatives made PostgreSQL test each
/// entry of it against all five.
pub fn readable_returns(scope: &Scope) -> Condition {
    let partnerships = scope.record_level(Dataset::Section11);
    if partnerships.is_empty() {
        return Condition::all()
            .add(section11_return::Column::PartnershipCode.is_in(Vec::<PartnershipCode>::new()));
    }
    let (with_drafts, without_drafts): (Vec<_>, Vec<_>) = partnerships
        .into_iter()
        .partition(|p| sees_drafts(&scope.caller, *p));
    let mut any = Condition::any();
    let mut every_return = false;
    for (list, drafts) in [(with_drafts, true), (without_drafts, false)] {
        if list.is_empty() {
            continue;
        }
        let mut one = Condition::all();
        if list.len() < PartnershipCode::ALL.len() {
            one = one.add(section11_return::Column::PartnershipCode.is_in(list));
        }
        if !drafts {
            one = one.add(section11_return::Column::Status.ne(Section11ReturnStatus::Draft));
        }
        every_return |= one.is_empty();
        any = any.add(one);
    }
    let mut readable = Condition::all();
    if !every_return {
        readable = readable.add(any);
    }
    if let Some(agency) = agency_narrowing(&scope.caller) {
        readable = readable.add(section11_return::Column::AgencyId.eq(agency));
    }
    readable
}

/// Which returns a caller's summary for `partnership` counts. Exact access
/// counts everything received; an agency lead, whose record access is its own
/// agency only, and everyone at `Published` count published returns only.
pub fn summary_basis(scope: &Scope, partnership: PartnershipCode) -> SummaryBasis {
    let exact = scope.level(Dataset::Section11, partnership) >= AccessLevel::ExactAggregates;
    if exact && agency_narrowing(&scope.caller).is_none() {
        SummaryBasis::ReceivedReturns
    } else {
        SummaryBasis::PublishedReturns
    }
}

/// The roles that may ever draft, edit or submit a return.
pub const RETURN_EDITORS: [Role; 3] = [
    Role::RegionalAdmin,
    Role::PartnershipManager,
    Role::AgencyLead,
];

/// The roles that may validate returns, publish rounds and record survey results.
pub const MODERATORS: [Role; 2] = [Role::RegionalAdmin, Role::PartnershipManager];

/// Refuses unless the caller may draft, edit or submit `agency`'s return for
/// `partnership`: a regional admin, a manager of the partnership, or the
/// agency's own lead in the partnership.
pub fn require_return_editor(
    caller: &Caller,
    partnership: PartnershipCode,
    agency: &str,
    action: &str,
) -> AppResult<()> {
    caller.require_role_in(&RETURN_EDITORS, partnership, action)?;
    if caller.role == Role::AgencyLead && caller.agency.as_deref() != Some(agency) {
        return Err(AppError::forbidden(format!(
            "an agency lead may only {action} for its own agency"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Grant;
    use crate::auth::caller::Identity;

    fn caller(role: Role, partnerships: &[PartnershipCode], agency: Option<&str>) -> Caller {
        Caller {
            identity: Some(Identity {
                subject: "u".into(),
                name: None,
                issuer: "i".into(),
            }),
            role,
            partnerships: partnerships.iter().copied().collect(),
            agency: agency.map(str::to_string),
        }
    }

    #[test]
    fn only_exact_access_without_agency_narrowing_counts_unpublished_returns() {
        let bristol = PartnershipCode::Bristol;
        let manager = Scope::for_caller(caller(Role::PartnershipManager, &[bristol], None));
        assert_eq!(
            summary_basis(&manager, bristol),
            SummaryBasis::ReceivedReturns
        );
        assert_eq!(
            summary_basis(&manager, PartnershipCode::Somerset),
            SummaryBasis::PublishedReturns
        );
        let lead = Scope::for_caller(caller(Role::AgencyLead, &[bristol], Some("a")));
        assert_eq!(
            summary_basis(&lead, bristol),
            SummaryBasis::PublishedReturns
        );
        let mut analyst = Scope::for_caller(caller(Role::Analyst, &[], None));
        assert_eq!(
            summary_basis(&analyst, bristol),
            SummaryBasis::PublishedReturns
        );
        analyst.raise(
            Dataset::Section11,
            bristol,
            Grant {
                level: AccessLevel::ExactAggregates,
                agreement_id: Some("dsa".into()),
            },
        );
        assert_eq!(
            summary_basis(&analyst, bristol),
            SummaryBasis::ReceivedReturns
        );
    }

    #[test]
    fn drafts_are_for_editors_only() {
        let bristol = PartnershipCode::Bristol;
        assert!(sees_drafts(
            &caller(Role::PartnershipManager, &[bristol], None),
            bristol
        ));
        assert!(!sees_drafts(
            &caller(Role::PartnershipManager, &[bristol], None),
            PartnershipCode::Somerset
        ));
        assert!(!sees_drafts(
            &caller(Role::Scrutineer, &[bristol], None),
            bristol
        ));
        assert!(sees_drafts(
            &caller(Role::AgencyLead, &[bristol], Some("a")),
            bristol
        ));
    }

    /// The WHERE clause a scope's page of returns is read with.
    fn where_clause(scope: &Scope) -> String {
        use sea_orm::{DbBackend, EntityTrait, QueryFilter, QueryTrait};
        let sql = section11_return::Entity::find()
            .filter(readable_returns(scope))
            .build(DbBackend::Postgres)
            .to_string();
        sql.split_once(" WHERE ")
            .map_or(String::new(), |(_, w)| w.to_string())
    }

    #[test]
    fn readable_returns_name_partnerships_only_when_some_are_out_of_reach() {
        let all = PartnershipCode::ALL;
        let bristol = PartnershipCode::Bristol;
        let admin = Scope::for_caller(caller(Role::RegionalAdmin, &[], None));
        assert_eq!(where_clause(&admin), "TRUE", "an admin reads every return");
        let scrutineer = Scope::for_caller(caller(Role::Scrutineer, &all, None));
        assert_eq!(
            where_clause(&scrutineer),
            r#""section11_return"."status" <> 'DRAFT'"#,
            "a scrutineer of all five reads every return but drafts"
        );
        let mut manager = Scope::for_caller(caller(Role::PartnershipManager, &[bristol], None));
        let own = where_clause(&manager);
        assert!(own.contains("IN ('BRISTOL')"), "{own}");
        assert!(!own.contains("OR") && !own.contains("status"), "{own}");
        manager.raise(
            Dataset::Section11,
            PartnershipCode::Somerset,
            Grant {
                level: AccessLevel::RecordLevel,
                agreement_id: Some("dsa".into()),
            },
        );
        let shared = where_clause(&manager);
        assert!(
            shared.contains(r#"IN ('BRISTOL') OR ("section11_return"."partnership_code" IN ('SOMERSET') AND "section11_return"."status" <> 'DRAFT')"#),
            "drafts of its own partnership only: {shared}"
        );
        let lead = where_clause(&Scope::for_caller(caller(
            Role::AgencyLead,
            &[bristol],
            Some("a"),
        )));
        assert!(
            lead.contains("IN ('BRISTOL')") && lead.contains(r#""agency_id" = 'a'"#),
            "{lead}"
        );
        let analyst = where_clause(&Scope::for_caller(caller(Role::Analyst, &all, None)));
        assert!(!analyst.is_empty(), "no record access reads nothing");
    }
}
