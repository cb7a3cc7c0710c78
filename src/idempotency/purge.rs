//! Expired keys are deleted: a key is kept for its time to live, then the
//! same key may name a new request.
use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::idempotency_key::{Column, Entity};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::error::AppResult;

/// How often the server purges.
pub const INTERVAL: Duration = Duration::from_secs(3600);

/// Deletes the keys expired at `now`; returns how many.
pub async fn purge_expired(db: &DatabaseConnection, now: DateTime<Utc>) -> AppResult<u64> {
    let deleted = Entity::delete_many()
        .filter(Column::ExpiresAt.lte(now))
        .exec(db)
        .await?;
    Ok(deleted.rows_affected)
}

/// Purges every [`INTERVAL`], the first time one interval after start, for
/// as long as the server runs. Every instance purges; the deletes agree.
pub fn spawn(db: DatabaseConnection) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + INTERVAL, INTERVAL);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match purge_expired(&db, Utc::now()).await {
                Ok(n) if n > 0 => tracing::info!(deleted = n, "purged expired idempotency keys"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "could not purge expired idempotency keys"),
            }
        }
    });
}
