//! The financial years a synthetic dataset covers: the most recent ones,
//! ending with 2025-26, whose reporting periods the reference migration holds.
use chrono::{Datelike, NaiveDate};
use entity::reporting_period;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder};

use crate::error::StartupError;

/// The start year of the last financial year covered (2025-26).
pub const LAST_START_YEAR: i32 = 2025;

/// One financial year, 1 April to 31 March.
#[derive(Debug, Clone)]
pub struct FinancialYear {
    /// The calendar year it starts in.
    pub start_year: i32,
    /// `2016-17`.
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// 0 for the earliest year covered.
    pub index: usize,
}

impl FinancialYear {
    /// `day` `month` in the calendar year the financial year starts in.
    pub fn in_first_calendar_year(&self, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.start_year, month, day).unwrap_or(self.start)
    }
}

/// The label of the financial year starting in `year` (`2016-17`).
pub fn label(year: i32) -> String {
    format!("{}-{:02}", year, (year + 1).rem_euclid(100))
}

/// The `years` financial years ending with 2025-26, earliest first, as the
/// database holds them; refuses when a period is missing.
pub async fn covered(
    txn: &DatabaseTransaction,
    years: u32,
) -> Result<Vec<FinancialYear>, StartupError> {
    let first = LAST_START_YEAR + 1 - years as i32;
    let labels: Vec<String> = (first..=LAST_START_YEAR).map(label).collect();
    let held = reporting_period::Entity::find()
        .filter(reporting_period::Column::Label.is_in(labels.clone()))
        .order_by_asc(reporting_period::Column::StartDate)
        .all(txn)
        .await?;
    if let Some(missing) = labels.iter().find(|l| !held.iter().any(|p| &p.label == *l)) {
        return Err(StartupError::Other(format!(
            "synthetic data: the database has no reporting period `{missing}`, so {years} years ending with {} cannot be generated; ask for fewer years",
            label(LAST_START_YEAR)
        )));
    }
    Ok(held
        .into_iter()
        .enumerate()
        .map(|(index, p)| FinancialYear {
            start_year: p.start_date.year(),
            label: p.label,
            start: p.start_date,
            end: p.end_date,
            index,
        })
        .collect())
}
