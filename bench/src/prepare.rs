//! Preparing a database with the synthetic dataset, the service-layer
//! comparison, and percentiles.
use std::time::{Duration, Instant};

use async_graphql::dataloader::Loader;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

use crate::operations::Context;
use hub::access::Scope;
use hub::error::StartupError;
use hub::section11::loaders::{ReturnVersion, Section11Memory};
use hub::section11::service::returns::{self, ReturnFilter};
use hub::synthetic::{generate, SyntheticOptions};

/// Recreates the database at `url` (dropping a PostgreSQL database or a
/// SQLite file first), migrates it and fills it with the synthetic dataset.
pub async fn prepare_database(
    url: &str,
    years: u32,
    agencies: u32,
    seed: u64,
) -> Result<String, StartupError> {
    if let Some((server, name)) = url.rsplit_once('/').filter(|_| url.starts_with("postgres")) {
        let name = name.split('?').next().unwrap_or(name);
        let admin = Database::connect(format!("{server}/postgres")).await?;
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .await?;
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await?;
        admin.close().await?;
    } else if let Some(path) = url.strip_prefix("sqlite://") {
        let file = path.split('?').next().unwrap_or(path);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{file}{suffix}"));
        }
    }
    let (db, _) = hub::db::connect(url).await?;
    hub::db::migrate(&db).await?;
    let summary = generate(
        &db,
        &SyntheticOptions {
            years,
            agencies_per_partnership: agencies,
            seed,
            ..SyntheticOptions::default()
        },
    )
    .await?;
    db.close().await?;
    Ok(summary.to_string())
}

/// The page of 100 returns with their agencies and grades, fetched by the
/// service layer directly (no HTTP, no GraphQL), over its own connection and
/// with its own memory, configured as the server is.
pub struct ServicePage {
    db: DatabaseConnection,
    scope: Scope,
    filter: ReturnFilter,
    memory: Section11Memory,
}

impl ServicePage {
    pub async fn connect(url: &str, context: &Context) -> Result<Self, StartupError> {
        let (db, _) = hub::db::connect(url).await?;
        Ok(ServicePage {
            db,
            scope: Scope::for_caller(context.admin_caller()),
            filter: ReturnFilter {
                round: Some(context.round_id.clone()),
                ..Default::default()
            },
            memory: Section11Memory::new(&hub::config::Config::from_env()?),
        })
    }

    /// How long one fetch of the page took.
    pub async fn time(&self) -> Result<Duration, StartupError> {
        let started = Instant::now();
        fetch_page(&self.db, &self.scope, &self.filter, &self.memory).await?;
        Ok(started.elapsed())
    }

    pub async fn close(self) -> Result<(), StartupError> {
        Ok(self.db.close().await?)
    }
}

async fn fetch_page(
    db: &DatabaseConnection,
    scope: &Scope,
    filter: &ReturnFilter,
    memory: &Section11Memory,
) -> Result<(), StartupError> {
    let fail = |e: hub::error::AppError| StartupError::Other(e.to_string());
    let page = hub::pagination::PageArgs::new(Some(100), None, None, None).map_err(fail)?;
    let page = returns::list(db, scope, filter, &page)
        .await
        .map_err(fail)?;
    let agencies: Vec<String> = page.rows().map(|r| r.agency_id.clone()).collect();
    let versions: Vec<ReturnVersion> = page.rows().map(ReturnVersion::of).collect();
    memory
        .agency_loader(db)
        .load(&agencies)
        .await
        .map_err(fail)?;
    memory
        .grade_loader(db)
        .load(&versions)
        .await
        .map_err(fail)?;
    Ok(())
}

/// `{"p50_ms": .., "p95_ms": .., "runs": ..}` of the given durations.
pub fn percentiles(times: &mut [Duration]) -> serde_json::Value {
    times.sort();
    let at = |q: f64| {
        times
            .get(((times.len() as f64 - 1.0) * q).round() as usize)
            .map(|d| d.as_secs_f64() * 1000.0)
    };
    serde_json::json!({ "p50_ms": at(0.5), "p95_ms": at(0.95), "runs": times.len() })
}
