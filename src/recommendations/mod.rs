//! Recommendations and their append-only history, as one mechanism for every
//! dataset that makes them (scrutiny activities, local child safeguarding
//! practice reviews): the status machine, who may answer and who may close,
//! versions against lost updates, and the history that is only ever appended
//! to.
//!
//! Each dataset keeps its recommendations in its own pair of tables, so each
//! can hang them off its own records (an activity, a review) with real
//! foreign keys; the pairs share one column layout, named in a [`Store`], and
//! everything that changes them is here. The dataset decides visibility: it
//! finds the recommendation in the caller's scope and hands its [`Current`]
//! state to [`respond`] or [`close`], inside its own audited transaction.
use chrono::{DateTime, Utc};
use entity::scrutiny_enums::{RecommendationEventKind, RecommendationStatus};
use entity::PartnershipCode;
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query};
use sea_orm::{ActiveEnum, ConnectionTrait, DatabaseTransaction};
use uuid::Uuid;

use crate::auth::{Caller, Role};
use crate::error::{AppError, AppResult};
use crate::text::TextKind;

pub mod answering;

pub use answering::{answer, Answer, Dataset, Recommendation};

/// Where one dataset keeps its recommendations, and who closes them.
#[derive(Debug, Clone, Copy)]
pub struct Store {
    /// The recommendations' table (`id`, `owner_partnership_code`, `status`,
    /// `updated_at`, `version`, ...).
    pub recommendations: &'static str,
    /// Their history's table (`id`, `recommendation_id`, `sequence`, `kind`,
    /// `occurred_at`, `actor`, `actor_role`, `from_status`, `to_status`, `text`).
    pub events: &'static str,
    /// The roles that close a recommendation as completed or not accepted,
    /// in the owning partnership's scope.
    pub closers: &'static [Role],
}

/// The roles that answer a recommendation for the partnership owning it.
pub const RESPONDERS: [Role; 2] = [Role::PartnershipManager, Role::RegionalAdmin];

/// The state a write starts from, as the dataset found it in the caller's scope.
#[derive(Debug, Clone)]
pub struct Current {
    pub id: String,
    pub owner: PartnershipCode,
    pub status: RecommendationStatus,
    pub version: i32,
}

/// A response from the owning partnership.
#[derive(Debug, Clone)]
pub struct Response {
    pub text: Option<String>,
    /// `IN_PROGRESS` or `COMPLETED`; `None` keeps the status.
    pub status: Option<RecommendationStatus>,
}

/// The closing decision.
#[derive(Debug, Clone)]
pub struct Closure {
    /// `COMPLETED` or `NOT_ACCEPTED`.
    pub status: RecommendationStatus,
    pub note: String,
}

/// Writes the first entry of each new recommendation's history: recorded, open.
pub async fn record_history(
    txn: &DatabaseTransaction,
    store: &Store,
    caller: &Caller,
    ids: &[String],
    now: DateTime<Utc>,
) -> AppResult<()> {
    for id in ids {
        insert_event(
            txn,
            store,
            caller,
            id,
            1,
            RecommendationEventKind::Recorded,
            None,
            Some(RecommendationStatus::Open),
            None,
            now,
        )
        .await?;
    }
    Ok(())
}

/// Records the owning partnership's response, optionally moving the status
/// forward (open -> in progress -> completed).
pub async fn respond(
    txn: &DatabaseTransaction,
    store: &Store,
    caller: &Caller,
    current: &Current,
    expected_version: i32,
    response: Response,
) -> AppResult<()> {
    caller.require_role_in(
        &RESPONDERS,
        current.owner,
        "respond to a recommendation it does not own",
    )?;
    check_version(current, expected_version)?;
    still_open(current)?;
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
                format!(
                    "the owner moves a recommendation forward to IN_PROGRESS or COMPLETED, not {s:?} from {:?}",
                    current.status
                ),
            ))
        }
    };
    if text.is_none() && to_status.is_none() {
        return Err(AppError::bad_input(
            "input.response",
            "give a response, a new status, or both",
        ));
    }
    let kind = if text.is_some() {
        RecommendationEventKind::Response
    } else {
        RecommendationEventKind::StatusChange
    };
    append(
        txn,
        store,
        caller,
        current,
        expected_version,
        kind,
        to_status,
        text,
    )
    .await
}

/// Closes a recommendation as completed or not accepted.
pub async fn close(
    txn: &DatabaseTransaction,
    store: &Store,
    caller: &Caller,
    current: &Current,
    expected_version: i32,
    closure: Closure,
) -> AppResult<()> {
    caller.require_role_in(store.closers, current.owner, "close this recommendation")?;
    check_version(current, expected_version)?;
    still_open(current)?;
    if !closure.status.is_closed() {
        return Err(AppError::bad_input(
            "input.status",
            "closing means COMPLETED or NOT_ACCEPTED",
        ));
    }
    let note = TextKind::Long.required("input.note", &closure.note)?;
    append(
        txn,
        store,
        caller,
        current,
        expected_version,
        RecommendationEventKind::StatusChange,
        Some(closure.status),
        Some(note),
    )
    .await
}

fn check_version(current: &Current, expected: i32) -> AppResult<()> {
    if current.version != expected {
        return Err(AppError::Conflict(format!(
            "stale version {expected}: the recommendation is now at version {}",
            current.version
        )));
    }
    Ok(())
}

fn still_open(current: &Current) -> AppResult<()> {
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

/// Applies one history entry: bumps the version (checking it in the UPDATE,
/// so two writers racing on one version cannot both succeed), then appends
/// the entry after the last one.
#[allow(clippy::too_many_arguments)]
async fn append(
    txn: &DatabaseTransaction,
    store: &Store,
    caller: &Caller,
    current: &Current,
    expected_version: i32,
    kind: RecommendationEventKind,
    to_status: Option<RecommendationStatus>,
    text: Option<String>,
) -> AppResult<()> {
    let now = Utc::now();
    let status = to_status.unwrap_or(current.status);
    let update = Query::update()
        .table(store.recommendations)
        .value("status", status.to_value())
        .value("updated_at", now)
        .value("version", expected_version + 1)
        .and_where(ExprTrait::eq(Expr::col("id"), current.id.as_str()))
        .and_where(ExprTrait::eq(Expr::col("version"), expected_version))
        .to_owned();
    if txn.execute(&update).await?.rows_affected() != 1 {
        return Err(AppError::Conflict(format!(
            "stale version {expected_version}: the recommendation changed meanwhile"
        )));
    }
    let last = Query::select()
        .expr_as(Func::max(Expr::col("sequence")), "last")
        .from(store.events)
        .and_where(ExprTrait::eq(
            Expr::col("recommendation_id"),
            current.id.as_str(),
        ))
        .to_owned();
    let last: i32 = match txn.query_one(&last).await? {
        Some(row) => row.try_get::<Option<i32>>("", "last")?.unwrap_or(0),
        None => 0,
    };
    insert_event(
        txn,
        store,
        caller,
        &current.id,
        last + 1,
        kind,
        to_status.map(|_| current.status),
        to_status,
        text,
        now,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn insert_event(
    txn: &DatabaseTransaction,
    store: &Store,
    caller: &Caller,
    recommendation_id: &str,
    sequence: i32,
    kind: RecommendationEventKind,
    from_status: Option<RecommendationStatus>,
    to_status: Option<RecommendationStatus>,
    text: Option<String>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let insert = Query::insert()
        .into_table(store.events)
        .columns([
            "id",
            "recommendation_id",
            "sequence",
            "kind",
            "occurred_at",
            "actor",
            "actor_role",
            "from_status",
            "to_status",
            "text",
        ])
        .values_panic([
            Uuid::new_v4().to_string().into(),
            recommendation_id.into(),
            sequence.into(),
            kind.to_value().into(),
            now.into(),
            caller.actor().to_string().into(),
            caller.role.as_str().to_string().into(),
            from_status.map(|s| s.to_value()).into(),
            to_status.map(|s| s.to_value()).into(),
            text.into(),
        ])
        .to_owned();
    txn.execute(&insert).await?;
    Ok(())
}
