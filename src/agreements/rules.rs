//! The pure rules of agreements: who a recipient is, who must sign, when an
//! agreement is in force. No database here, so they are easy to test.
use std::collections::BTreeSet;

use chrono::NaiveDate;
use entity::PartnershipCode;
use serde::{Deserialize, Serialize};

use crate::access::{AccessLevel, Dataset};
use crate::auth::{Caller, Role};

/// An agreement's lifecycle state as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, async_graphql::Enum)]
pub enum AgreementStatus {
    /// Proposed; not every party has signed. Grants nothing.
    Proposed,
    /// Signed by every party. Grants access between its start and end dates.
    Signed,
    /// Revoked by a party. Grants nothing from the moment of revocation.
    Revoked,
}

impl AgreementStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AgreementStatus::Proposed => "PROPOSED",
            AgreementStatus::Signed => "SIGNED",
            AgreementStatus::Revoked => "REVOKED",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            AgreementStatus::Proposed,
            AgreementStatus::Signed,
            AgreementStatus::Revoked,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// One recipient of an agreement.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Recipient {
    /// The staff of a partnership: its managers, scrutineers and CDOP
    /// officers; or, with a role, only holders of that role there.
    Partnership {
        partnership: PartnershipCode,
        role: Option<Role>,
    },
    /// Every holder of a role, whatever their partnerships (e.g. analysts).
    Role(Role),
    /// A scrutineer whose scope is all five partnerships.
    RegionalScrutineer,
}

impl Recipient {
    pub fn kind(&self) -> &'static str {
        match self {
            Recipient::Partnership { .. } => "PARTNERSHIP",
            Recipient::Role(_) => "ROLE",
            Recipient::RegionalScrutineer => "REGIONAL_SCRUTINEER",
        }
    }

    /// Rebuilds a recipient from its stored columns; `None` for a row no
    /// version of the hub writes.
    pub fn from_row(
        kind: &str,
        partnership: Option<PartnershipCode>,
        role: Option<&str>,
    ) -> Option<Self> {
        let role = match role {
            Some(r) => Some(Role::parse(r)?),
            None => None,
        };
        match (kind, partnership, role) {
            ("PARTNERSHIP", Some(partnership), role) => {
                Some(Recipient::Partnership { partnership, role })
            }
            ("ROLE", None, Some(role)) => Some(Recipient::Role(role)),
            ("REGIONAL_SCRUTINEER", None, None) => Some(Recipient::RegionalScrutineer),
            _ => None,
        }
    }

    /// True when `caller` is this recipient.
    pub fn includes(&self, caller: &Caller) -> bool {
        if caller.is_anonymous() {
            return false;
        }
        match self {
            Recipient::Partnership { partnership, role } => {
                caller.in_scope(*partnership)
                    && match role {
                        Some(r) => caller.role == *r,
                        None => matches!(
                            caller.role,
                            Role::PartnershipManager | Role::Scrutineer | Role::CdopOfficer
                        ),
                    }
            }
            Recipient::Role(role) => caller.role == *role,
            Recipient::RegionalScrutineer => {
                caller.role == Role::Scrutineer && caller.is_regional()
            }
        }
    }
}

/// The partnerships that must sign: the provider and every recipient partnership.
pub fn parties(provider: PartnershipCode, recipients: &[Recipient]) -> BTreeSet<PartnershipCode> {
    let mut parties: BTreeSet<_> = recipients
        .iter()
        .filter_map(|r| match r {
            Recipient::Partnership { partnership, .. } => Some(*partnership),
            _ => None,
        })
        .collect();
    parties.insert(provider);
    parties
}

/// True when an agreement grants access on `today`.
pub fn in_force(
    status: AgreementStatus,
    start: NaiveDate,
    end: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    status == AgreementStatus::Signed && start <= today && end.is_none_or(|e| today <= e)
}

/// What an agreement says, as far as access is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    pub id: String,
    pub provider: PartnershipCode,
    pub dataset: Dataset,
    pub level: AccessLevel,
    pub status: AgreementStatus,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub recipients: Vec<Recipient>,
}

/// The access `agreements` give `caller` on `today`: one grant per agreement
/// in force that names the caller among its recipients.
pub fn grants(
    agreements: &[Terms],
    caller: &Caller,
    today: NaiveDate,
) -> Vec<(Dataset, PartnershipCode, crate::access::Grant)> {
    agreements
        .iter()
        .filter(|a| in_force(a.status, a.start, a.end, today))
        .filter(|a| a.recipients.iter().any(|r| r.includes(caller)))
        .map(|a| {
            (
                a.dataset,
                a.provider,
                crate::access::Grant {
                    level: a.level,
                    agreement_id: Some(a.id.clone()),
                },
            )
        })
        .collect()
}

pub fn dataset_str(d: Dataset) -> &'static str {
    match d {
        Dataset::Section11 => "SECTION11",
        Dataset::Scrutiny => "SCRUTINY",
        Dataset::Cdop => "CDOP",
        Dataset::Lado => "LADO",
        Dataset::PracticeReviews => "PRACTICE_REVIEWS",
    }
}

pub fn parse_dataset(s: &str) -> Option<Dataset> {
    Dataset::ALL.into_iter().find(|d| dataset_str(*d) == s)
}

pub fn level_str(l: AccessLevel) -> &'static str {
    match l {
        AccessLevel::Published => "PUBLISHED",
        AccessLevel::ExactAggregates => "EXACT_AGGREGATES",
        AccessLevel::RecordLevel => "RECORD_LEVEL",
    }
}

pub fn parse_level(s: &str) -> Option<AccessLevel> {
    [
        AccessLevel::Published,
        AccessLevel::ExactAggregates,
        AccessLevel::RecordLevel,
    ]
    .into_iter()
    .find(|l| level_str(*l) == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partnership_recipient_is_its_staff_not_its_agencies() {
        let bristol = Recipient::Partnership {
            partnership: PartnershipCode::Bristol,
            role: None,
        };
        assert!(bristol.includes(&Caller::for_tests(
            Role::PartnershipManager,
            &[PartnershipCode::Bristol]
        )));
        assert!(!bristol.includes(&Caller::for_tests(
            Role::AgencyLead,
            &[PartnershipCode::Bristol]
        )));
        assert!(!bristol.includes(&Caller::for_tests(
            Role::PartnershipManager,
            &[PartnershipCode::Somerset]
        )));
        assert!(!bristol.includes(&Caller::anonymous()));
        let managers = Recipient::Partnership {
            partnership: PartnershipCode::Bristol,
            role: Some(Role::PartnershipManager),
        };
        assert!(!managers.includes(&Caller::for_tests(
            Role::Scrutineer,
            &[PartnershipCode::Bristol]
        )));
    }

    #[test]
    fn the_regional_scrutineer_covers_all_five() {
        let r = Recipient::RegionalScrutineer;
        assert!(r.includes(&Caller::for_tests(Role::Scrutineer, &PartnershipCode::ALL)));
        assert!(!r.includes(&Caller::for_tests(
            Role::Scrutineer,
            &[PartnershipCode::Somerset]
        )));
    }

    #[test]
    fn only_a_signed_agreement_within_its_dates_is_in_force() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        let (start, end) = (d("2025-04-01"), Some(d("2026-03-31")));
        assert!(in_force(
            AgreementStatus::Signed,
            start,
            end,
            d("2025-04-01")
        ));
        assert!(in_force(
            AgreementStatus::Signed,
            start,
            end,
            d("2026-03-31")
        ));
        assert!(!in_force(
            AgreementStatus::Signed,
            start,
            end,
            d("2026-04-01")
        ));
        assert!(!in_force(
            AgreementStatus::Signed,
            start,
            end,
            d("2025-03-31")
        ));
        assert!(!in_force(
            AgreementStatus::Proposed,
            start,
            end,
            d("2025-06-01")
        ));
        assert!(!in_force(
            AgreementStatus::Revoked,
            start,
            None,
            d("2025-06-01")
        ));
    }

    #[test]
    fn parties_are_the_provider_and_recipient_partnerships() {
        let p = parties(
            PartnershipCode::NorthSomerset,
            &[
                Recipient::Partnership {
                    partnership: PartnershipCode::Bristol,
                    role: None,
                },
                Recipient::RegionalScrutineer,
            ],
        );
        assert_eq!(
            p.into_iter().collect::<Vec<_>>(),
            vec![PartnershipCode::Bristol, PartnershipCode::NorthSomerset]
        );
    }
}
