//! What a caller may see of each partnership's data, dataset by dataset.
//!
//! A [`Scope`] is resolved once per request from the caller's role (and, as
//! data sharing agreements arrive, from the agreements in force). Service
//! functions take it and turn it into query conditions; nothing else decides
//! what crosses partnership lines.
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use entity::PartnershipCode;
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};

use crate::auth::{Caller, Role};
use crate::error::AppResult;

/// A dataset shared through the hub.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    async_graphql::Enum,
)]
pub enum Dataset {
    /// Section 11 audits of agencies' safeguarding arrangements.
    Section11,
    /// Independent scrutiny activity, findings and recommendations.
    Scrutiny,
    /// Child death overview panel figures.
    Cdop,
    /// LADO figures: allegations against people who work with children.
    Lado,
    /// Rapid reviews, local child safeguarding practice reviews and learning reviews.
    PracticeReviews,
}

impl Dataset {
    pub const ALL: [Dataset; 5] = [
        Dataset::Section11,
        Dataset::Scrutiny,
        Dataset::Cdop,
        Dataset::Lado,
        Dataset::PracticeReviews,
    ];
}

/// How much of one partnership's data in one dataset a caller may see,
/// from least to most.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    async_graphql::Enum,
)]
pub enum AccessLevel {
    /// Published figures only, with disclosure control.
    Published,
    /// Exact aggregate figures, unsuppressed.
    ExactAggregates,
    /// Individual records (returns, activities), exact.
    RecordLevel,
}

/// Where a caller's access to one partnership's dataset comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub level: AccessLevel,
    /// The sharing agreement that grants it; `None` when the role does.
    pub agreement_id: Option<String>,
}

/// Access an agreement granted and a request relied on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AgreementUse {
    pub agreement_id: String,
    pub dataset: Dataset,
    pub partnership: PartnershipCode,
    pub level: AccessLevel,
}

/// A record a request read that the audit log must show it read (an exact
/// CDOP return), noted as the read happens and written with the request's
/// other audit rows when it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditedRead {
    pub operation: &'static str,
    pub partnership: PartnershipCode,
    pub record_type: &'static str,
    pub record_id: String,
    pub detail: String,
    /// The agreement that granted the access, if one did.
    pub agreement_id: Option<String>,
}

/// The caller with its resolved access, one per request.
#[derive(Debug, Clone)]
pub struct Scope {
    pub caller: Caller,
    grants: HashMap<(Dataset, PartnershipCode), Grant>,
    /// Shared by the clones of one request's scope, so the handler can audit
    /// every agreement the request's reads relied on.
    used: Arc<Mutex<BTreeSet<AgreementUse>>>,
    /// Shared the same way: the reads the handler must audit.
    reads: Arc<Mutex<Vec<AuditedRead>>>,
}

/// Resolves the caller's access for this request: its role, raised by the
/// signed agreements in force today. Read at every request that one could
/// change, so a signature or a revocation takes effect at once, with no
/// restart.
pub async fn resolve(db: &DatabaseConnection, caller: Caller) -> AppResult<Scope> {
    let mut scope = Scope::for_caller(caller);
    // An agreement only ever raises access, and a grant that does not raise
    // it is not used (see `raise`): a caller whose role already reads every
    // record of every partnership (a regional admin, a scrutineer of all
    // five) has nothing to gain from one, and its request is spared the
    // agreements' statement.
    if scope.reads_everything() {
        return Ok(scope);
    }
    let today = chrono::Utc::now().date_naive();
    let grants = crate::agreements::service::grants_in_force(db, &scope.caller, today).await?;
    for (dataset, partnership, grant) in grants {
        scope.raise(dataset, partnership, grant);
    }
    Ok(scope)
}

impl Scope {
    /// Access as the caller's role gives it, before any agreement.
    pub fn for_caller(caller: Caller) -> Scope {
        let mut grants = HashMap::new();
        for dataset in Dataset::ALL {
            for p in PartnershipCode::ALL {
                let level = role_level(&caller, dataset, p);
                grants.insert(
                    (dataset, p),
                    Grant {
                        level,
                        agreement_id: None,
                    },
                );
            }
        }
        Scope {
            caller,
            grants,
            used: Arc::default(),
            reads: Arc::default(),
        }
    }

    /// True when every dataset of every partnership is open to the caller at
    /// record level, the most any role or agreement gives.
    pub fn reads_everything(&self) -> bool {
        Dataset::ALL.into_iter().all(|dataset| {
            PartnershipCode::ALL
                .into_iter()
                .all(|p| self.peek(dataset, p).level == AccessLevel::RecordLevel)
        })
    }

    /// Raises access to `grant` where it is more than the caller has.
    pub fn raise(&mut self, dataset: Dataset, partnership: PartnershipCode, grant: Grant) {
        let current = self.grants.get(&(dataset, partnership));
        if current.is_none_or(|c| c.level < grant.level) {
            self.grants.insert((dataset, partnership), grant);
        }
    }

    /// The caller's grant, noting it when an agreement gave it: every read
    /// decides visibility through here, so every use of an agreement is seen.
    pub fn grant(&self, dataset: Dataset, partnership: PartnershipCode) -> Grant {
        let grant = self.peek(dataset, partnership);
        if let Some(id) = &grant.agreement_id {
            if let Ok(mut used) = self.used.lock() {
                used.insert(AgreementUse {
                    agreement_id: id.clone(),
                    dataset,
                    partnership,
                    level: grant.level,
                });
            }
        }
        grant
    }

    /// The caller's grant without noting its use (for `myAccess`, which
    /// reports access rather than exercising it).
    pub fn peek(&self, dataset: Dataset, partnership: PartnershipCode) -> Grant {
        self.grants
            .get(&(dataset, partnership))
            .cloned()
            .unwrap_or(Grant {
                level: AccessLevel::Published,
                agreement_id: None,
            })
    }

    /// Everything about the caller and its access that a read can depend
    /// on, as text: two scopes with the same fingerprint see the same data.
    /// Answer caches key on it, so it holds the whole caller (identity,
    /// role, partnerships, agency) and every grant with the agreement behind
    /// it, not a summary that could merge two different scopes.
    pub fn fingerprint(&self) -> String {
        let mut grants: Vec<_> = self.grants.iter().collect();
        grants.sort_by_key(|(key, _)| **key);
        format!("{:?}|{:?}", self.caller, grants)
    }

    /// The same access with its own record of agreements used, so that what
    /// one computation relied on can be kept beside its answer.
    pub fn isolated(&self) -> Scope {
        Scope {
            caller: self.caller.clone(),
            grants: self.grants.clone(),
            used: Arc::default(),
            reads: Arc::default(),
        }
    }

    /// Notes agreement uses an earlier computation of the same answer, for
    /// the same scope, relied on: a cached answer is audited as if computed.
    pub fn note_used(&self, uses: &[AgreementUse]) {
        if let Ok(mut used) = self.used.lock() {
            used.extend(uses.iter().cloned());
        }
    }

    /// Notes reads the request's audit rows must show.
    pub fn note_reads(&self, reads: impl IntoIterator<Item = AuditedRead>) {
        if let Ok(mut noted) = self.reads.lock() {
            noted.extend(reads);
        }
    }

    /// The reads noted so far, in the order they happened.
    pub fn audited_reads(&self) -> Vec<AuditedRead> {
        self.reads.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// The agreement-granted access this request relied on so far.
    pub fn agreements_used(&self) -> Vec<AgreementUse> {
        self.used
            .lock()
            .map(|u| u.iter().cloned().collect())
            .unwrap_or_default()
    }

    pub fn level(&self, dataset: Dataset, partnership: PartnershipCode) -> AccessLevel {
        self.grant(dataset, partnership).level
    }

    /// True when the caller sees this partnership's figures unsuppressed.
    pub fn exact(&self, dataset: Dataset, partnership: PartnershipCode) -> bool {
        self.level(dataset, partnership) >= AccessLevel::ExactAggregates
    }

    /// The partnerships whose records in `dataset` the caller may read.
    pub fn record_level(&self, dataset: Dataset) -> Vec<PartnershipCode> {
        self.at_least(dataset, AccessLevel::RecordLevel)
    }

    /// The partnerships whose figures in `dataset` the caller sees exactly.
    pub fn exact_partnerships(&self, dataset: Dataset) -> Vec<PartnershipCode> {
        self.at_least(dataset, AccessLevel::ExactAggregates)
    }

    fn at_least(&self, dataset: Dataset, level: AccessLevel) -> Vec<PartnershipCode> {
        PartnershipCode::ALL
            .into_iter()
            .filter(|p| self.level(dataset, *p) >= level)
            .collect()
    }
}

/// The design's role table. An agency lead's Section 11 record access is
/// narrowed further, to its own agency, by the Section 11 service.
fn role_level(caller: &Caller, dataset: Dataset, partnership: PartnershipCode) -> AccessLevel {
    let in_scope = caller.in_scope(partnership);
    match (caller.role, dataset) {
        (Role::RegionalAdmin, _) => AccessLevel::RecordLevel,
        (Role::PartnershipManager | Role::Scrutineer, _) if in_scope => AccessLevel::RecordLevel,
        (Role::CdopOfficer, Dataset::Cdop) if in_scope => AccessLevel::RecordLevel,
        (Role::AgencyLead, Dataset::Section11) if in_scope => AccessLevel::RecordLevel,
        _ => AccessLevel::Published,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_see_their_own_partnerships_exactly_and_others_published() {
        let manager = Scope::for_caller(Caller::for_tests(
            Role::PartnershipManager,
            &[PartnershipCode::Bristol],
        ));
        assert!(manager.exact(Dataset::Cdop, PartnershipCode::Bristol));
        assert!(!manager.exact(Dataset::Cdop, PartnershipCode::NorthSomerset));
        let officer = Scope::for_caller(Caller::for_tests(
            Role::CdopOfficer,
            &[PartnershipCode::Somerset],
        ));
        assert_eq!(
            officer.record_level(Dataset::Cdop),
            vec![PartnershipCode::Somerset]
        );
        assert!(officer.record_level(Dataset::Section11).is_empty());
        let anonymous = Scope::for_caller(Caller::anonymous());
        assert!(anonymous.exact_partnerships(Dataset::Cdop).is_empty());
        let admin = Scope::for_caller(Caller::for_tests(
            Role::RegionalAdmin,
            &PartnershipCode::ALL,
        ));
        assert_eq!(admin.record_level(Dataset::Scrutiny).len(), 5);
    }

    #[test]
    fn an_agreement_only_ever_raises_access() {
        let mut scope = Scope::for_caller(Caller::for_tests(
            Role::PartnershipManager,
            &[PartnershipCode::Bristol],
        ));
        scope.raise(
            Dataset::Cdop,
            PartnershipCode::NorthSomerset,
            Grant {
                level: AccessLevel::ExactAggregates,
                agreement_id: Some("a1".into()),
            },
        );
        assert!(scope.exact(Dataset::Cdop, PartnershipCode::NorthSomerset));
        scope.raise(
            Dataset::Cdop,
            PartnershipCode::Bristol,
            Grant {
                level: AccessLevel::Published,
                agreement_id: Some("a2".into()),
            },
        );
        assert_eq!(
            scope.level(Dataset::Cdop, PartnershipCode::Bristol),
            AccessLevel::RecordLevel
        );
    }

    #[test]
    fn only_a_caller_reading_every_record_may_skip_the_agreements() {
        let scope = |role, partnerships: &[PartnershipCode]| {
            Scope::for_caller(Caller::for_tests(role, partnerships))
        };
        assert!(scope(Role::RegionalAdmin, &[]).reads_everything());
        assert!(scope(Role::Scrutineer, &PartnershipCode::ALL).reads_everything());
        assert!(!scope(Role::Scrutineer, &[PartnershipCode::Bristol]).reads_everything());
        assert!(!scope(Role::PartnershipManager, &[PartnershipCode::Bristol]).reads_everything());
        assert!(!scope(Role::CdopOfficer, &PartnershipCode::ALL).reads_everything());
        assert!(!scope(Role::Analyst, &PartnershipCode::ALL).reads_everything());
        assert!(!Scope::for_caller(Caller::anonymous()).reads_everything());
        // Raised by agreements to record level everywhere, a caller would
        // gain nothing from more; and no single raise is enough.
        let mut officer = scope(Role::CdopOfficer, &PartnershipCode::ALL);
        for dataset in Dataset::ALL.into_iter().filter(|d| *d != Dataset::Cdop) {
            for p in PartnershipCode::ALL {
                assert!(!officer.reads_everything());
                officer.raise(
                    dataset,
                    p,
                    Grant {
                        level: AccessLevel::RecordLevel,
                        agreement_id: Some("dsa".into()),
                    },
                );
            }
        }
        assert!(officer.reads_everything());
    }
}
