//! The audited transaction around a response or a closure, the same for every
//! dataset: only where its recommendations live, how it finds one in the
//! caller's scope, and how it names the operation differ, and a [`Dataset`]
//! says those.
use std::future::Future;

use sea_orm::{DatabaseConnection, DatabaseTransaction, EntityTrait, PrimaryKeyTrait};

use super::{Closure, Current, Response, Store};
use crate::access::Scope;
use crate::audit::{self, AuditEntry};
use crate::auth::Role;
use crate::error::{AppError, AppResult};

/// A dataset's recommendations, as the shared answering needs them.
pub trait Dataset {
    /// Keyed by the recommendation's id.
    type Entity: EntityTrait<PrimaryKey: PrimaryKeyTrait<ValueType: From<String>>>;
    const STORE: Store;

    /// The state the shared mechanism starts from.
    fn current(found: &Recommendation<Self>) -> Current;

    /// The recommendation with this id, if the caller may see it; `NOT_FOUND`
    /// otherwise, like one that does not exist.
    fn find<'a>(
        txn: &'a DatabaseTransaction,
        scope: &'a Scope,
        id: &'a str,
    ) -> impl Future<Output = AppResult<Recommendation<Self>>> + Send + 'a;

    /// Who may attempt the step at all, and what the refusal calls it (the
    /// shared mechanism then checks the role in the owner's scope).
    fn gate(step: &Answer) -> (&'static [Role], &'static str);

    /// The step's name in the audit log.
    fn operation(step: &Answer) -> &'static str;
}

/// A dataset's recommendation row.
pub type Recommendation<D> = <<D as Dataset>::Entity as EntityTrait>::Model;

/// One step on a recommendation.
#[derive(Debug, Clone)]
pub enum Answer {
    Respond(Response),
    Close(Closure),
}

/// Takes one step on a recommendation the caller may see, in one audited
/// transaction, against the version it was based on; returns it as saved.
pub async fn answer<D>(
    db: &DatabaseConnection,
    scope: &Scope,
    id: String,
    expected_version: i32,
    step: Answer,
) -> AppResult<Recommendation<D>>
where
    D: Dataset + 'static,
{
    let entry = AuditEntry::new(D::operation(&step)).record(D::STORE.recommendations, &id);
    let done = entry.clone();
    let scope = scope.clone();
    let caller = scope.caller.clone();
    audit::write(db, &caller, entry, move |txn, caller| {
        Box::pin(async move {
            let (roles, action) = D::gate(&step);
            caller.require_role(roles, action)?;
            let found = D::current(&D::find(txn, &scope, &id).await?);
            match step {
                Answer::Respond(response) => {
                    super::respond(txn, &D::STORE, caller, &found, expected_version, response)
                        .await?
                }
                Answer::Close(closure) => {
                    super::close(txn, &D::STORE, caller, &found, expected_version, closure).await?
                }
            }
            let saved = D::Entity::find_by_id(id.clone())
                .one(txn)
                .await?
                .ok_or(AppError::Internal)?;
            let now = D::current(&saved);
            let done = done
                .partnership(now.owner)
                .detail(format!("{:?}, version {}", now.status, now.version));
            Ok((saved, done))
        })
    })
    .await
}
