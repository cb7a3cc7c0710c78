//! `me`: who the hub thinks the caller is, and what it may reach.
use async_graphql::{Context, Object, SimpleObject};
use entity::PartnershipCode;

use super::{Caller, Role};

/// The caller's identity, role and scope, as the hub resolved them from the token.
#[derive(SimpleObject)]
pub struct Me {
    /// False when no token was sent.
    pub authenticated: bool,
    /// The token's `sub`; null for anonymous callers.
    pub subject: Option<String>,
    /// The token's `name`, when it has one.
    pub name: Option<String>,
    /// The issuer that vouched for the token.
    pub issuer: Option<String>,
    /// The role the token grants.
    pub role: Role,
    /// The partnerships in scope: all five for a regional admin, none for an analyst or anonymous.
    pub partnerships: Vec<PartnershipCode>,
    /// The agency of an agency lead.
    pub agency: Option<String>,
}

impl From<&Caller> for Me {
    fn from(caller: &Caller) -> Self {
        Me {
            authenticated: !caller.is_anonymous(),
            subject: caller.identity.as_ref().map(|i| i.subject.clone()),
            name: caller.identity.as_ref().and_then(|i| i.name.clone()),
            issuer: caller.identity.as_ref().map(|i| i.issuer.clone()),
            role: caller.role,
            partnerships: caller.partnerships.iter().copied().collect(),
            agency: caller.agency.clone(),
        }
    }
}

#[derive(Default)]
pub struct AuthQuery;

#[Object]
impl AuthQuery {
    /// The caller's identity, role and scope.
    async fn me(&self, ctx: &Context<'_>) -> Me {
        Me::from(ctx.data_unchecked::<Caller>())
    }
}
