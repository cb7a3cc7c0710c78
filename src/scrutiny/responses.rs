//! Answering scrutiny recommendations through the shared mechanism of
//! [`crate::recommendations`]: the owning partnership's manager responds and
//! moves the status open -> in progress -> completed; the scrutineer in scope
//! closes it as completed or not accepted; a regional admin may do both. Every
//! change appends to the recommendation's history and nothing in it is ever
//! rewritten. Versioned against lost updates; one audited transaction each.
use std::future::Future;

use entity::scrutiny_recommendation as recommendation;
use sea_orm::DatabaseTransaction;

use super::service;
use crate::access::Scope;
use crate::auth::Role;
use crate::error::AppResult;
use crate::recommendations::{self as shared, Answer, Current, Dataset, Store};

/// Where scrutiny keeps its recommendations; its scrutineers close them.
pub const STORE: Store = Store {
    recommendations: "scrutiny_recommendation",
    events: "scrutiny_recommendation_event",
    closers: &[Role::Scrutineer, Role::RegionalAdmin],
};

/// Scrutiny's recommendations: the activity's visibility decides who sees
/// them; the owner responds and the scrutineer closes.
pub struct Recommendations;

impl Dataset for Recommendations {
    type Entity = recommendation::Entity;
    const STORE: Store = STORE;

    fn current(r: &recommendation::Model) -> Current {
        Current {
            id: r.id.clone(),
            owner: r.owner_partnership_code,
            status: r.status,
            version: r.version,
        }
    }

    fn find<'a>(
        txn: &'a DatabaseTransaction,
        scope: &'a Scope,
        id: &'a str,
    ) -> impl Future<Output = AppResult<recommendation::Model>> + Send + 'a {
        service::recommendation(txn, scope, id)
    }

    fn gate(step: &Answer) -> (&'static [Role], &'static str) {
        match step {
            Answer::Respond(_) => (&shared::RESPONDERS, "respond to a recommendation"),
            Answer::Close(_) => (STORE.closers, "close a recommendation"),
        }
    }

    fn operation(step: &Answer) -> &'static str {
        match step {
            Answer::Respond(_) => "respondToRecommendation",
            Answer::Close(_) => "closeRecommendation",
        }
    }
}
