//! Answering scrutiny recommendations through the shared mechanism of
//! [`crate::recommendations`]: the owning partnership's manager responds and
//! moves the status open -> in progress -> completed; the scrutineer in scope
//! closes it as completed or not accepted; a regional admin may do both. Every
//! change appends to the recommendation's history and nothing in it is ever
//! rewritten. Versioned against lost updates; one audited transaction each.
use entity::scrutiny_recommendation as recommendation;
use sea_orm::{DatabaseConnection, DatabaseTransaction, EntityTrait};

use super::service;
use crate::access::Scope;
use crate::audit::{self, AuditEntry};
use crate::auth::Role;
use crate::error::{AppError, AppResult};
use crate::recommendations::{self as shared, Current, Store};

pub use crate::recommendations::{Closure, Response};

/// Where scrutiny keeps its recommendations; its scrutineers close them.
pub const STORE: Store = Store {
    recommendations: "scrutiny_recommendation",
    events: "scrutiny_recommendation_event",
    closers: &[Role::Scrutineer, Role::RegionalAdmin],
};

fn current(r: &recommendation::Model) -> Current {
    Current {
        id: r.id.clone(),
        owner: r.owner_partnership_code,
        status: r.status,
        version: r.version,
    }
}

async fn reload(txn: &DatabaseTransaction, id: &str) -> AppResult<recommendation::Model> {
    recommendation::Entity::find_by_id(id.to_owned())
        .one(txn)
        .await?
        .ok_or(AppError::Internal)
}

/// Records the owning partnership's response, optionally moving the status forward.
pub async fn respond(
    db: &DatabaseConnection,
    scope: &Scope,
    id: String,
    expected_version: i32,
    response: Response,
) -> AppResult<recommendation::Model> {
    let entry = AuditEntry::new("respondToRecommendation").record("scrutiny_recommendation", &id);
    let done = entry.clone();
    let scope = scope.clone();
    let caller = scope.caller.clone();
    audit::write(db, &caller, entry, move |txn, caller| {
        Box::pin(async move {
            caller.require_role(&shared::RESPONDERS, "respond to a recommendation")?;
            let found = service::recommendation(txn, &scope, &id).await?;
            shared::respond(
                txn,
                &STORE,
                caller,
                &current(&found),
                expected_version,
                response,
            )
            .await?;
            let saved = reload(txn, &id).await?;
            let done = done
                .partnership(saved.owner_partnership_code)
                .detail(format!("{:?}, version {}", saved.status, saved.version));
            Ok((saved, done))
        })
    })
    .await
}

/// Closes a recommendation as completed or not accepted (the scrutineer).
pub async fn close(
    db: &DatabaseConnection,
    scope: &Scope,
    id: String,
    expected_version: i32,
    closure: Closure,
) -> AppResult<recommendation::Model> {
    let entry = AuditEntry::new("closeRecommendation").record("scrutiny_recommendation", &id);
    let done = entry.clone();
    let scope = scope.clone();
    let caller = scope.caller.clone();
    audit::write(db, &caller, entry, move |txn, caller| {
        Box::pin(async move {
            caller.require_role(STORE.closers, "close a recommendation")?;
            let found = service::recommendation(txn, &scope, &id).await?;
            shared::close(
                txn,
                &STORE,
                caller,
                &current(&found),
                expected_version,
                closure,
            )
            .await?;
            let saved = reload(txn, &id).await?;
            let done = done
                .partnership(saved.owner_partnership_code)
                .detail(format!("{:?}, version {}", saved.status, saved.version));
            Ok((saved, done))
        })
    })
    .await
}
