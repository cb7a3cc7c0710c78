//! The one place a verified token becomes a scope.
use std::collections::BTreeSet;

use entity::PartnershipCode;

use super::claims::Claims;
use super::role::Role;
use crate::error::{AppError, AppResult};

/// The longest subject a token may carry (it is written to every audit event).
pub const MAX_SUBJECT_CHARS: usize = 255;

/// Who is asking: a verified identity, or anonymous.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub subject: String,
    pub name: Option<String>,
    pub issuer: String,
}

/// The caller of one request, with its resolved scope. Service functions take
/// it and build their queries with its conditions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub identity: Option<Identity>,
    pub role: Role,
    /// The partnerships in scope; all five for `regional_admin`; none for
    /// `analyst` and anonymous.
    pub partnerships: BTreeSet<PartnershipCode>,
    /// The agency of an `agency_lead`.
    pub agency: Option<String>,
}

impl Caller {
    pub fn anonymous() -> Self {
        Caller {
            identity: None,
            role: Role::Anonymous,
            partnerships: BTreeSet::new(),
            agency: None,
        }
    }

    /// Turns verified claims into a caller, refusing claims that do not make
    /// a coherent scope for their role.
    pub fn from_claims(claims: &Claims) -> AppResult<Self> {
        // The subject is who the audit log says acted: it must say someone.
        if claims.sub.trim().is_empty() {
            return Err(AppError::Unauthenticated(
                "the token's subject (`sub`) is blank".into(),
            ));
        }
        if claims.sub.chars().count() > MAX_SUBJECT_CHARS {
            return Err(AppError::Unauthenticated(format!(
                "the token's subject (`sub`) is longer than {MAX_SUBJECT_CHARS} characters"
            )));
        }
        let role = Role::parse(&claims.role)
            .filter(|r| *r != Role::Anonymous)
            .ok_or_else(|| AppError::Unauthenticated(format!("unknown role `{}`", claims.role)))?;
        let mut partnerships = BTreeSet::new();
        for code in &claims.partnerships {
            let p = PartnershipCode::parse(code).ok_or_else(|| {
                AppError::Unauthenticated(format!("unknown partnership `{code}` in token"))
            })?;
            partnerships.insert(p);
        }
        match role {
            Role::RegionalAdmin => partnerships = PartnershipCode::ALL.into_iter().collect(),
            Role::Analyst => partnerships.clear(),
            _ if partnerships.is_empty() => {
                return Err(AppError::Unauthenticated(format!(
                    "a {role} token must name at least one partnership"
                )))
            }
            _ => {}
        }
        let agency = match (role, &claims.agency) {
            // The agency's global id names it as well as its own key does.
            (Role::AgencyLead, Some(a)) if !a.trim().is_empty() => {
                Some(crate::node::Kind::Agency.key_of(a))
            }
            (Role::AgencyLead, _) => {
                return Err(AppError::Unauthenticated(
                    "an agency_lead token must name its agency".into(),
                ))
            }
            _ => None,
        };
        Ok(Caller {
            identity: Some(Identity {
                subject: claims.sub.clone(),
                name: claims.name.clone(),
                issuer: claims.iss.clone(),
            }),
            role,
            partnerships,
            agency,
        })
    }

    /// A caller as a verified token would give it, for unit tests.
    #[cfg(test)]
    pub fn for_tests(role: Role, partnerships: &[PartnershipCode]) -> Caller {
        Caller {
            identity: Some(Identity {
                subject: "test-user".into(),
                name: None,
                issuer: "test-issuer".into(),
            }),
            role,
            partnerships: partnerships.iter().copied().collect(),
            agency: None,
        }
    }

    pub fn is_anonymous(&self) -> bool {
        self.identity.is_none()
    }

    pub fn in_scope(&self, partnership: PartnershipCode) -> bool {
        self.partnerships.contains(&partnership)
    }

    /// A scrutineer whose scope is all five partnerships.
    pub fn is_regional(&self) -> bool {
        self.partnerships.len() == PartnershipCode::ALL.len()
    }

    /// The subject recorded in the audit log (`anonymous` without a token).
    pub fn actor(&self) -> &str {
        self.identity
            .as_ref()
            .map(|i| i.subject.as_str())
            .unwrap_or("anonymous")
    }

    /// Refuses unless the caller has one of `roles`.
    pub fn require_role(&self, roles: &[Role], action: &str) -> AppResult<()> {
        if roles.contains(&self.role) {
            Ok(())
        } else if self.is_anonymous() {
            Err(AppError::Unauthenticated(format!(
                "{action} needs a token: send `Authorization: Bearer <token>`"
            )))
        } else {
            Err(AppError::forbidden(format!(
                "a {} may not {action}",
                self.role
            )))
        }
    }

    /// Refuses unless the caller has one of `roles` and `partnership` is in its scope.
    pub fn require_role_in(
        &self,
        roles: &[Role],
        partnership: PartnershipCode,
        action: &str,
    ) -> AppResult<()> {
        self.require_role(roles, action)?;
        if self.in_scope(partnership) {
            Ok(())
        } else {
            Err(AppError::forbidden(format!(
                "{partnership} is outside this token's scope: may not {action}"
            )))
        }
    }
}
