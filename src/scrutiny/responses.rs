//! Answering recommendations. The owning partnership's manager responds and
//! moves the status open -> in progress -> completed; the scrutineer in scope
//! closes it as completed or not accepted; a regional admin may do both.
//! Every change appends to the recommendation's history (who, in what role,
//! when) and nothing in the history is ever rewritten. Versioned against lost
//! updates; one audited transaction each.
use chrono::Utc;
use entity::scrutiny_enums::{RecommendationEventKind, RecommendationStatus};
use entity::{scrutiny_recommendation as recommendation, scrutiny_recommendation_event as event};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::service;
use crate::access::Scope;
use crate::audit::{self, AuditEntry};
use crate::auth::{Caller, Role};
use crate::error::{AppError, AppResult};
use crate::text::TextKind;

/// A response from the owning partnership.
#[derive(Debug, Clone)]
pub struct Response {
    pub text: Option<String>,
    /// `IN_PROGRESS` or `COMPLETED`; `None` keeps the status.
    pub status: Option<RecommendationStatus>,
}

/// The scrutineer's closing decision.
#[derive(Debug, Clone)]
pub struct Closure {
    /// `COMPLETED` or `NOT_ACCEPTED`.
    pub status: RecommendationStatus,
    pub note: String,
}

/// Applies one history entry: bumps the version (checking it in the UPDATE),
/// then appends the entry after the last one.
async fn append(
    txn: &DatabaseTransaction,
    caller: &Caller,
    current: &recommendation::Model,
    expected_version: i32,
    kind: RecommendationEventKind,
    to_status: Option<RecommendationStatus>,
    text: Option<String>,
) -> AppResult<recommendation::Model> {
    let now = Utc::now();
    let status = to_status.unwrap_or(current.status);
    let updated = recommendation::Entity::update_many()
        .col_expr(recommendation::Column::Status, status.into())
        .col_expr(recommendation::Column::UpdatedAt, now.into())
        .col_expr(
            recommendation::Column::Version,
            (expected_version + 1).into(),
        )
        .filter(recommendation::Column::Id.eq(current.id.as_str()))
        .filter(recommendation::Column::Version.eq(expected_version))
        .exec(txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(AppError::Conflict(format!(
            "stale version {expected_version}: the recommendation changed meanwhile"
        )));
    }
    let last = event::Entity::find()
        .filter(event::Column::RecommendationId.eq(current.id.as_str()))
        .order_by_desc(event::Column::Sequence)
        .one(txn)
        .await?
        .map(|e| e.sequence)
        .unwrap_or(0);
    event::ActiveModel {
        id: Set(Uuid::new_v4().to_string()),
        recommendation_id: Set(current.id.clone()),
        sequence: Set(last + 1),
        kind: Set(kind),
        occurred_at: Set(now),
        actor: Set(caller.actor().to_string()),
        actor_role: Set(caller.role.as_str().to_string()),
        from_status: Set(to_status.map(|_| current.status)),
        to_status: Set(to_status),
        text: Set(text),
    }
    .insert(txn)
    .await?;
    recommendation::Entity::find_by_id(current.id.clone())
        .one(txn)
        .await?
        .ok_or(AppError::Internal)
}

fn check_version(current: &recommendation::Model, expected: i32) -> AppResult<()> {
    if current.version != expected {
        return Err(AppError::Conflict(format!(
            "stale version {expected}: the recommendation is now at version {}",
            current.version
        )));
    }
    Ok(())
}

fn still_open(current: &recommendation::Model) -> AppResult<()> {
    if current.status.is_closed() {
        return Err(AppError::bad_input(
            "input.id",
            format!(
                "the recommendation is closed ({:?}): it takes no further entries",
                current.status
            ),
        ));
    }
    Ok(())
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
            let roles = [Role::PartnershipManager, Role::RegionalAdmin];
            caller.require_role(&roles, "respond to a recommendation")?;
            let current = service::recommendation(txn, &scope, &id).await?;
            caller.require_role_in(&roles, current.owner_partnership_code, "respond to a recommendation it does not own")?;
            check_version(&current, expected_version)?;
            still_open(&current)?;
            let text = TextKind::Long.optional("input.response", response.text.as_deref())?;
            let to_status = match response.status {
                None => None,
                Some(s) if s == current.status => None,
                Some(RecommendationStatus::InProgress) if current.status == RecommendationStatus::Open => {
                    Some(RecommendationStatus::InProgress)
                }
                Some(RecommendationStatus::Completed) => Some(RecommendationStatus::Completed),
                Some(s) => {
                    return Err(AppError::bad_input(
                        "input.status",
                        format!("the owner moves a recommendation forward to IN_PROGRESS or COMPLETED, not {s:?} from {:?}", current.status),
                    ))
                }
            };
            if text.is_none() && to_status.is_none() {
                return Err(AppError::bad_input("input.response", "give a response, a new status, or both"));
            }
            let kind = if text.is_some() {
                RecommendationEventKind::Response
            } else {
                RecommendationEventKind::StatusChange
            };
            let saved = append(txn, caller, &current, expected_version, kind, to_status, text).await?;
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
            let roles = [Role::Scrutineer, Role::RegionalAdmin];
            caller.require_role(&roles, "close a recommendation")?;
            let current = service::recommendation(txn, &scope, &id).await?;
            caller.require_role_in(
                &roles,
                current.owner_partnership_code,
                "close this recommendation",
            )?;
            check_version(&current, expected_version)?;
            still_open(&current)?;
            if !closure.status.is_closed() {
                return Err(AppError::bad_input(
                    "input.status",
                    "closing means COMPLETED or NOT_ACCEPTED",
                ));
            }
            let note = TextKind::Long.required("input.note", &closure.note)?;
            let saved = append(
                txn,
                caller,
                &current,
                expected_version,
                RecommendationEventKind::StatusChange,
                Some(closure.status),
                Some(note),
            )
            .await?;
            let done = done
                .partnership(saved.owner_partnership_code)
                .detail(format!("{:?}, version {}", saved.status, saved.version));
            Ok((saved, done))
        })
    })
    .await
}
