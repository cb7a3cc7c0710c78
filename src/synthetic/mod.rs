//! A deterministic synthetic dataset at regional scale, for load testing and
//! benchmarking: Section 11 rounds and returns graded on every standard,
//! scrutiny activities with findings and recommendations, and CDOP returns
//! and LADO returns with full breakdowns, over the most recent financial years ending with
//! 2025-26. The same options give the same rows, byte for byte.
//!
//! Every row is marked illustrative and cites the seed it came from. It goes
//! only into an empty migrated database: mixed with real or demo records it
//! would pass for them (or collide with them).
mod cdop;
mod insert;
mod lado;
mod practice_reviews;
mod rng;
mod scrutiny;
mod section11;
mod years;

use std::fmt;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use entity::PartnershipCode as P;
use entity::{
    cdop_return, hub_meta, lado_return, scrutiny_activity, section11_agency, section11_return,
};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, Set,
};

use crate::error::StartupError;
use insert::Writer;
use years::FinancialYear;

/// The `hub_meta` key recording that a synthetic dataset is loaded, and with
/// which options.
pub const LOADED_KEY: &str = "synthetic_data";

/// The `hub_meta` key the demo loader writes.
const DEMO_KEY: &str = "demo_data_loaded_at";

/// Who every synthetic row says created it.
const ACTOR: &str = "synthetic-data";

const MAX_AGENCIES_PER_PARTNERSHIP: u32 = 5_000;
const MAX_ACTIVITIES_PER_PARTNERSHIP_YEAR: u32 = 1_000;

/// The size and seed of a synthetic dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticOptions {
    /// Financial years covered, ending with 2025-26.
    pub years: u32,
    /// Agencies expected to make a Section 11 return in each partnership
    /// (including a few regional agencies that work in all five).
    pub agencies_per_partnership: u32,
    /// The seed: the same seed and sizes give the same rows.
    pub seed: u64,
    /// Scrutiny activities each partnership records a year, beside one
    /// regional workshop a year covering all five.
    pub scrutiny_activities_per_partnership_year: u32,
}

impl Default for SyntheticOptions {
    fn default() -> Self {
        SyntheticOptions {
            years: 10,
            agencies_per_partnership: 300,
            seed: 1,
            scrutiny_activities_per_partnership_year: 40,
        }
    }
}

impl SyntheticOptions {
    fn check(&self) -> Result<(), StartupError> {
        let refuse =
            |message: String| Err(StartupError::Other(format!("synthetic data: {message}")));
        if self.years == 0 {
            return refuse("years must be at least 1".into());
        }
        if !(1..=MAX_AGENCIES_PER_PARTNERSHIP).contains(&self.agencies_per_partnership) {
            return refuse(format!(
                "agencies per partnership must be from 1 to {MAX_AGENCIES_PER_PARTNERSHIP}"
            ));
        }
        if self.scrutiny_activities_per_partnership_year > MAX_ACTIVITIES_PER_PARTNERSHIP_YEAR {
            return refuse(format!(
                "scrutiny activities per partnership-year must be at most {MAX_ACTIVITIES_PER_PARTNERSHIP_YEAR}"
            ));
        }
        Ok(())
    }

    /// How the marker row describes the dataset.
    fn describe(&self) -> String {
        format!(
            "seed {}, {} years, {} agencies per partnership, {} scrutiny activities per partnership-year",
            self.seed,
            self.years,
            self.agencies_per_partnership,
            self.scrutiny_activities_per_partnership_year
        )
    }
}

/// What a generation wrote and how long it took.
#[derive(Debug, Clone)]
pub struct SyntheticSummary {
    pub options: SyntheticOptions,
    /// The reporting periods covered, earliest first.
    pub periods: Vec<String>,
    /// Rows written per table, in the order they were written.
    pub rows: Vec<(&'static str, u64)>,
    pub elapsed: Duration,
}

impl SyntheticSummary {
    /// Rows written to `table` (0 for a table not written).
    pub fn rows_in(&self, table: &str) -> u64 {
        self.rows
            .iter()
            .find(|(t, _)| *t == table)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    }

    pub fn total_rows(&self) -> u64 {
        self.rows.iter().map(|(_, n)| n).sum()
    }
}

impl fmt::Display for SyntheticSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let span = match (self.periods.first(), self.periods.last()) {
            (Some(first), Some(last)) => format!("{first} to {last}"),
            _ => "no periods".into(),
        };
        writeln!(f, "synthetic dataset ({span}): {}", self.options.describe())?;
        let width = self.rows.iter().map(|(t, _)| t.len()).max().unwrap_or(0);
        for (table, rows) in &self.rows {
            writeln!(f, "  {table:<width$}  {rows:>9}")?;
        }
        write!(
            f,
            "  {:<width$}  {:>9} rows in {:.1} s",
            "total",
            self.total_rows(),
            self.elapsed.as_secs_f64()
        )
    }
}

/// What every dataset generator needs to know.
struct Plan {
    seed: u64,
    options: SyntheticOptions,
    years: Vec<FinancialYear>,
    /// The provenance every row cites.
    source: String,
    /// No synthetic event is dated after this day: half a year after the
    /// last period ends, when its figures would have been published.
    horizon: NaiveDate,
}

/// The options of the synthetic dataset in `db`, if one is loaded.
pub async fn loaded(db: &DatabaseConnection) -> Result<Option<String>, DbErr> {
    Ok(hub_meta::Entity::find_by_id(LOADED_KEY.to_string())
        .one(db)
        .await?
        .map(|m| m.value))
}

/// Fills an already migrated, empty database with the synthetic dataset
/// `options` describes, in one transaction. Refuses (and writes nothing) when
/// the database already holds a synthetic or the demo dataset, or any
/// Section 11, scrutiny or CDOP records.
pub async fn generate(
    db: &DatabaseConnection,
    options: &SyntheticOptions,
) -> Result<SyntheticSummary, StartupError> {
    options.check()?;
    let started = Instant::now();
    let txn = crate::db::begin_write(db).await?;
    refuse_unless_empty(&txn).await?;
    // The marker goes first: a second generator racing this one blocks on
    // its key and then fails, instead of writing a second dataset.
    hub_meta::ActiveModel {
        key: Set(LOADED_KEY.to_string()),
        value: Set(options.describe()),
    }
    .insert(&txn)
    .await?;
    let years = years::covered(&txn, options.years).await?;
    let horizon = years
        .last()
        .map(|y| y.end + Days::new(183))
        .unwrap_or_default();
    let plan = Plan {
        seed: options.seed,
        options: options.clone(),
        years,
        source: format!(
            "Synthetic dataset, seed {}: made up for load testing and benchmarking; no real agency, child or case",
            options.seed
        ),
        horizon,
    };
    let mut writer = Writer::new(&txn);
    section11::generate(&mut writer, &plan).await?;
    tracing::info!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "synthetic Section 11 data written"
    );
    scrutiny::generate(&mut writer, &plan).await?;
    tracing::info!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "synthetic scrutiny data written"
    );
    cdop::generate(&mut writer, &plan).await?;
    lado::generate(&mut writer, &plan).await?;
    practice_reviews::generate(&mut writer, &plan).await?;
    let rows = writer.into_counts();
    txn.commit().await?;
    // A bulk load leaves the planner without statistics until autovacuum
    // catches up; without them PostgreSQL chose a full scan for a page's
    // grades (17 ms instead of 1.3 ms). On PostgreSQL, VACUUM also marks the
    // new pages all-visible, as autovacuum would soon after a load, so the
    // counts over index keys read the index alone rather than every row's
    // page: the state a running hub is measured in.
    let maintenance = match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => "VACUUM ANALYZE",
        _ => "ANALYZE",
    };
    db.execute_unprepared(maintenance).await?;
    Ok(SyntheticSummary {
        options: options.clone(),
        periods: plan.years.iter().map(|y| y.label.clone()).collect(),
        rows,
        elapsed: started.elapsed(),
    })
}

async fn refuse_unless_empty(txn: &sea_orm::DatabaseTransaction) -> Result<(), StartupError> {
    let refuse = |message: String| {
        Err(StartupError::Other(format!(
            "synthetic data refused: {message}"
        )))
    };
    if let Some(existing) = hub_meta::Entity::find_by_id(LOADED_KEY.to_string())
        .one(txn)
        .await?
    {
        return refuse(format!(
            "the database already holds a synthetic dataset ({}); generate into a fresh, migrated database",
            existing.value
        ));
    }
    if hub_meta::Entity::find_by_id(DEMO_KEY.to_string())
        .one(txn)
        .await?
        .is_some()
    {
        return refuse(
            "the database holds the demo dataset, whose CDOP returns (one per partnership and period) would collide with synthetic ones; generate into a fresh, migrated database".into(),
        );
    }
    let held = [
        (
            "Section 11 agencies",
            section11_agency::Entity::find().count(txn).await?,
        ),
        (
            "Section 11 returns",
            section11_return::Entity::find().count(txn).await?,
        ),
        (
            "scrutiny activities",
            scrutiny_activity::Entity::find().count(txn).await?,
        ),
        (
            "CDOP returns",
            cdop_return::Entity::find().count(txn).await?,
        ),
        (
            "LADO returns",
            lado_return::Entity::find().count(txn).await?,
        ),
    ];
    let present: Vec<String> = held
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(what, n)| format!("{n} {what}"))
        .collect();
    if !present.is_empty() {
        return refuse(format!(
            "the database already holds {}: synthetic records go only into an empty migrated database, never beside others they could be mistaken for or collide with",
            present.join(", ")
        ));
    }
    Ok(())
}

/// The partnership's usual abbreviation.
fn abbreviation(p: P) -> &'static str {
    match p {
        P::Bristol => "KBSP",
        P::NorthSomerset => "NSSCP",
        P::SouthGloucestershire => "SGSCP",
        P::BathNeSomerset => "BCSSP",
        P::Somerset => "SSCP",
    }
}
