//! The demo dataset: published figures from the partnerships' own reports,
//! each citing its source, and illustrative figures (marked as such) where the
//! reports are silent. Loaded once: into the embedded database on first start,
//! elsewhere only through the `demo-data` subcommand.
use chrono::Utc;
use entity::hub_meta;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};

use crate::error::StartupError;

const LOADED_KEY: &str = "demo_data_loaded_at";

/// Loads the demo dataset unless it is already there; returns whether it loaded.
/// All of it is written in one transaction.
pub async fn load(db: &DatabaseConnection) -> Result<bool, StartupError> {
    if hub_meta::Entity::find_by_id(LOADED_KEY.to_string())
        .one(db)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    if hub_meta::Entity::find_by_id(crate::synthetic::LOADED_KEY.to_string())
        .one(db)
        .await?
        .is_some()
    {
        return Err(StartupError::Other(
            "this database holds the synthetic dataset; demo data would collide with it: use a fresh database".into(),
        ));
    }
    let txn = crate::db::begin_write(db).await?;
    crate::section11::demo::load(&txn).await?;
    crate::scrutiny::demo::load(&txn).await?;
    crate::cdop::demo::load(&txn).await?;
    crate::lado::demo::load(&txn).await?;
    crate::practice_reviews::demo::load(&txn).await?;
    crate::agreements::demo::load(&txn)
        .await
        .map_err(|e| StartupError::Other(format!("demo sharing agreements: {e}")))?;
    hub_meta::ActiveModel {
        key: Set(LOADED_KEY.to_string()),
        value: Set(Utc::now().to_rfc3339()),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(true)
}
