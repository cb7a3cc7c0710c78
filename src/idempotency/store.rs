//! Claiming a key, marking it written inside the write's transaction, and
//! storing the response; all conditioned on the claim's holder, so an
//! execution that lost its claim can neither write nor answer for the key.
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::idempotency_key::{self, Column, Entity};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    TryInsertResult,
};

use crate::error::{AppError, AppResult};

pub const RUNNING: &str = "running";
pub const WRITTEN: &str = "written";
pub const COMPLETE: &str = "complete";

/// How often a request waiting on another with the same key looks again.
const POLL: Duration = Duration::from_millis(100);

/// A caller's key: whose, and which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyId {
    pub issuer: String,
    pub subject: String,
    pub key: String,
}

/// A response as stored with its key and replayed byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

/// The claim an execution holds while it runs.
#[derive(Debug)]
pub struct Active {
    pub id: KeyId,
    holder: String,
    /// Records whose writes have committed under this claim.
    records: Mutex<Vec<String>>,
}

impl Active {
    /// Whether any write under this claim has committed.
    pub fn wrote(&self) -> bool {
        !self.records().is_empty()
    }

    pub(crate) fn records(&self) -> Vec<String> {
        self.records
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// What the claim found.
#[derive(Debug)]
pub enum Claimed {
    /// The key is this request's: run it.
    Run(Arc<Active>),
    /// The same request already ran: here is its response.
    Replay(Stored),
    /// The key was used for a different request.
    DifferentRequest,
    /// The same request is still running (past the wait).
    StillRunning,
    /// The same request wrote these records but its response was never
    /// stored (its server stopped in between); running it again would write twice.
    WrittenWithoutAnswer(Vec<String>),
}

/// Claims `id` for a request with `fingerprint`, or says why not. A request
/// with the same key and fingerprint that is running elsewhere is waited for
/// up to `wait`. `lease` bounds how long a claim holds without its holder
/// finishing: past it, a holder that wrote nothing is taken to have died.
pub async fn claim(
    db: &DatabaseConnection,
    id: &KeyId,
    fingerprint: &str,
    ttl: Duration,
    lease: Duration,
    wait: Duration,
) -> AppResult<Claimed> {
    let give_up = tokio::time::Instant::now() + wait;
    loop {
        let now = Utc::now();
        let holder = uuid::Uuid::new_v4().to_string();
        // An expired key is as good as purged.
        Entity::delete_many()
            .filter(key_condition(id))
            .filter(Column::ExpiresAt.lte(now))
            .exec(db)
            .await?;
        let row = idempotency_key::ActiveModel {
            issuer: Set(id.issuer.clone()),
            subject: Set(id.subject.clone()),
            key: Set(id.key.clone()),
            fingerprint: Set(fingerprint.to_string()),
            state: Set(RUNNING.to_string()),
            holder: Set(holder.clone()),
            lease_until: Set(now + lease_of(lease)),
            written_records: Set(None),
            response_status: Set(None),
            response_content_type: Set(None),
            response_body: Set(None),
            created_at: Set(now),
            expires_at: Set(now + lease_of(ttl)),
        };
        if let TryInsertResult::Inserted(n) = Entity::insert(row)
            .on_conflict_do_nothing()
            .exec_without_returning(db)
            .await?
        {
            if n > 0 {
                return Ok(Claimed::Run(active(id, holder)));
            }
        }
        let Some(found) = Entity::find().filter(key_condition(id)).one(db).await? else {
            // Released between the insert and the read: try again.
            continue;
        };
        if found.fingerprint != fingerprint {
            return Ok(Claimed::DifferentRequest);
        }
        let live = found.lease_until > now;
        match found.state.as_str() {
            COMPLETE => {
                return Ok(Claimed::Replay(Stored {
                    status: found
                        .response_status
                        .and_then(|s| u16::try_from(s).ok())
                        .unwrap_or(200),
                    content_type: found.response_content_type.unwrap_or_default(),
                    body: found.response_body.unwrap_or_default(),
                }))
            }
            RUNNING if !live => {
                // Its holder died before writing anything: take it over.
                let taken = Entity::update_many()
                    .col_expr(Column::Holder, Expr::value(holder.clone()))
                    .col_expr(Column::LeaseUntil, Expr::value(now + lease_of(lease)))
                    .filter(key_condition(id))
                    .filter(Column::State.eq(RUNNING))
                    .filter(Column::Holder.eq(found.holder.as_str()))
                    .exec(db)
                    .await?;
                if taken.rows_affected == 1 {
                    return Ok(Claimed::Run(active(id, holder)));
                }
                continue;
            }
            WRITTEN if !live => {
                return Ok(Claimed::WrittenWithoutAnswer(records_of(
                    found.written_records.as_deref(),
                )))
            }
            _ => {}
        }
        if tokio::time::Instant::now() + POLL > give_up {
            return Ok(Claimed::StillRunning);
        }
        tokio::time::sleep(POLL).await;
    }
}

/// A write about to commit under `active`: marks the key written in the
/// write's own transaction `txn`, so that the write and the mark commit
/// together or not at all. Call [`Marked::committed`] once `txn` commits.
pub async fn mark_written(
    txn: &impl ConnectionTrait,
    active: &Arc<Active>,
    record: String,
) -> AppResult<Marked> {
    let mut records = active.records();
    records.push(record);
    let marked = Entity::update_many()
        .col_expr(Column::State, Expr::value(WRITTEN))
        .col_expr(Column::WrittenRecords, Expr::value(records.join("\n")))
        .filter(key_condition(&active.id))
        .filter(Column::Holder.eq(active.holder.as_str()))
        .filter(Column::State.is_in([RUNNING, WRITTEN]))
        .exec(txn)
        .await?;
    if marked.rows_affected != 1 {
        // Another execution took the key over after this one's lease ran
        // out: it may write, so this one must not.
        return Err(AppError::Conflict(format!(
            "the request with Idempotency-Key `{}` ran past its lease and was taken over; \
             nothing was written by this attempt",
            active.id.key
        )));
    }
    Ok(Marked {
        active: active.clone(),
        records,
    })
}

/// A mark made inside a transaction that has not committed yet.
pub struct Marked {
    active: Arc<Active>,
    records: Vec<String>,
}

impl Marked {
    /// The write committed: the claim has written these records.
    pub fn committed(self) {
        *self
            .active
            .records
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = self.records;
    }
}

/// Ends `active`'s claim: stores `response` when the execution wrote, so a
/// retry replays it; releases the key when it wrote nothing, so a retry
/// (corrected or not) runs afresh.
pub async fn finish(db: &DatabaseConnection, active: &Active, response: &Stored) -> AppResult<()> {
    let mine = || key_condition(&active.id).add(Column::Holder.eq(active.holder.as_str()));
    if active.wrote() {
        Entity::update_many()
            .col_expr(Column::State, Expr::value(COMPLETE))
            .col_expr(Column::ResponseStatus, Expr::value(response.status as i16))
            .col_expr(
                Column::ResponseContentType,
                Expr::value(response.content_type.clone()),
            )
            .col_expr(Column::ResponseBody, Expr::value(response.body.clone()))
            .filter(mine())
            .exec(db)
            .await?;
    } else {
        // Only a claim the database also holds as running: a write whose
        // commit reached the database just as its execution was cancelled
        // (a timeout at the commit) left the key marked written, and that
        // mark must stay, so its retry is refused rather than run twice.
        Entity::delete_many()
            .filter(mine())
            .filter(Column::State.eq(RUNNING))
            .exec(db)
            .await?;
    }
    Ok(())
}

fn active(id: &KeyId, holder: String) -> Arc<Active> {
    Arc::new(Active {
        id: id.clone(),
        holder,
        records: Mutex::new(Vec::new()),
    })
}

fn key_condition(id: &KeyId) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(Column::Issuer.eq(id.issuer.as_str()))
        .add(Column::Subject.eq(id.subject.as_str()))
        .add(Column::Key.eq(id.key.as_str()))
}

fn records_of(text: Option<&str>) -> Vec<String> {
    text.map(|t| t.lines().map(str::to_string).collect())
        .unwrap_or_default()
}

fn lease_of(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::hours(24))
}

/// When a key claimed at `now` expires (for tests and the purge).
pub fn expiry(now: DateTime<Utc>, ttl: Duration) -> DateTime<Utc> {
    now + lease_of(ttl)
}
