use chrono::{NaiveDate, Utc};
use entity::{child_population, partnership, reporting_period, PartnershipCode};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::audit::{self, AuditEntry};
use crate::auth::{Caller, Role};
use crate::error::{AppError, AppResult};
use crate::reference::population::MAX_CHILDREN;
use crate::text::TextKind;

pub async fn partnerships(db: &DatabaseConnection) -> AppResult<Vec<partnership::Model>> {
    Ok(partnership::Entity::find()
        .order_by_asc(partnership::Column::SortOrder)
        .all(db)
        .await?)
}

pub async fn partnership(
    db: &DatabaseConnection,
    code: PartnershipCode,
) -> AppResult<partnership::Model> {
    partnership::Entity::find_by_id(code)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(format!("partnership {code}")))
}

pub async fn reporting_periods(
    db: &DatabaseConnection,
    standard: Option<bool>,
) -> AppResult<Vec<reporting_period::Model>> {
    let mut query = reporting_period::Entity::find();
    if let Some(standard) = standard {
        query = query.filter(reporting_period::Column::Standard.eq(standard));
    }
    Ok(query
        .order_by_asc(reporting_period::Column::StartDate)
        .order_by_asc(reporting_period::Column::EndDate)
        .all(db)
        .await?)
}

/// The period labelled `label`, or `BAD_USER_INPUT` naming `field`.
pub async fn period_by_label(
    db: &impl sea_orm::ConnectionTrait,
    label: &str,
    field: &str,
) -> AppResult<reporting_period::Model> {
    TextKind::Key.check(field, label)?;
    reporting_period::Entity::find_by_id(label.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| AppError::bad_input(field, format!("unknown reporting period `{label}`")))
}

pub async fn child_populations(
    db: &DatabaseConnection,
    partnership: Option<PartnershipCode>,
) -> AppResult<Vec<child_population::Model>> {
    let mut query = child_population::Entity::find();
    if let Some(p) = partnership {
        query = query.filter(child_population::Column::PartnershipCode.eq(p));
    }
    Ok(query
        .order_by_asc(child_population::Column::PartnershipCode)
        .order_by_asc(child_population::Column::Year)
        .all(db)
        .await?)
}

/// A child population figure to record.
#[derive(Debug, Clone)]
pub struct PopulationInput {
    pub partnership: PartnershipCode,
    pub year: i32,
    pub children: i32,
    pub source: String,
    pub approximate: bool,
    /// The version the update is based on; `None` to record a new year.
    pub expected_version: Option<i32>,
}

/// Records or corrects a child population figure (regional admin only).
pub async fn record_child_population(
    db: &DatabaseConnection,
    caller: &Caller,
    input: PopulationInput,
) -> AppResult<child_population::Model> {
    let entry = AuditEntry::new("recordChildPopulation")
        .partnership(input.partnership)
        .record(
            "child_population",
            format!("{}/{}", input.partnership, input.year),
        );
    let done = entry.clone();
    audit::write(db, caller, entry, move |txn, caller| {
        Box::pin(async move {
            caller.require_role(&[Role::RegionalAdmin], "record reference data")?;
            if !(1990..=2100).contains(&input.year) {
                return Err(AppError::bad_input("input.year", "must be a year between 1990 and 2100"));
            }
            if !(1..=MAX_CHILDREN).contains(&input.children) {
                return Err(AppError::bad_input(
                    "input.children",
                    format!("must be a count of children from 1 to {MAX_CHILDREN}"),
                ));
            }
            let source = TextKind::Citation
                .optional("input.source", Some(&input.source))?
                .ok_or_else(|| AppError::bad_input("input.source", "must say where the figure comes from"))?;
            let existing = child_population::Entity::find()
                .filter(child_population::Column::PartnershipCode.eq(input.partnership))
                .filter(child_population::Column::Year.eq(input.year))
                .one(txn)
                .await?;
            let saved = match (existing, input.expected_version) {
                (None, None) => {
                    child_population::ActiveModel {
                        partnership_code: Set(input.partnership),
                        year: Set(input.year),
                        children: Set(input.children),
                        source: Set(source),
                        approximate: Set(input.approximate),
                        version: Set(1),
                        updated_at: Set(Utc::now()),
                        ..Default::default()
                    }
                    .insert(txn)
                    .await?
                }
                (None, Some(_)) => {
                    return Err(AppError::not_found(format!(
                        "child population of {} in {}",
                        input.partnership, input.year
                    )))
                }
                (Some(row), None) => {
                    return Err(AppError::Conflict(format!(
                        "a figure for {} in {} exists at version {}: send expectedVersion to correct it",
                        input.partnership, input.year, row.version
                    )))
                }
                (Some(row), Some(v)) => {
                    // The version check is in the UPDATE itself, so two writers
                    // racing on the same version cannot both succeed.
                    let updated = child_population::Entity::update_many()
                        .col_expr(child_population::Column::Children, input.children.into())
                        .col_expr(child_population::Column::Source, source.into())
                        .col_expr(child_population::Column::Approximate, input.approximate.into())
                        .col_expr(child_population::Column::Version, (v + 1).into())
                        .col_expr(child_population::Column::UpdatedAt, Utc::now().into())
                        .filter(child_population::Column::Id.eq(row.id))
                        .filter(child_population::Column::Version.eq(v))
                        .exec(txn)
                        .await?;
                    if updated.rows_affected != 1 {
                        return Err(AppError::Conflict(format!(
                            "stale version {v}: the figure is now at version {}",
                            row.version
                        )));
                    }
                    child_population::Entity::find_by_id(row.id)
                        .one(txn)
                        .await?
                        .ok_or(AppError::Internal)?
                }
            };
            let done = done.detail(format!("{} children, version {}", saved.children, saved.version));
            Ok((saved, done))
        })
    })
    .await
}

/// A non-standard reporting period to create.
#[derive(Debug, Clone)]
pub struct PeriodInput {
    pub label: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub description: String,
}

/// Creates a non-standard reporting period (regional admin only). Financial
/// years are migrated in; anything else is stored with its true dates and
/// marked non-standard so it is never silently compared with a standard year.
pub async fn create_reporting_period(
    db: &DatabaseConnection,
    caller: &Caller,
    input: PeriodInput,
) -> AppResult<reporting_period::Model> {
    let entry = AuditEntry::new("createReportingPeriod").record("reporting_period", &input.label);
    let done = entry.clone();
    audit::write(db, caller, entry, move |txn, caller| {
        Box::pin(async move {
            caller.require_role(&[Role::RegionalAdmin], "record reference data")?;
            let expected = format!("{}/{}", input.start_date, input.end_date);
            if input.label != expected {
                return Err(AppError::bad_input(
                    "input.label",
                    format!("a non-standard period is labelled by its dates: `{expected}`"),
                ));
            }
            if input.end_date <= input.start_date {
                return Err(AppError::bad_input(
                    "input.endDate",
                    "must be after startDate",
                ));
            }
            let description = TextKind::Name
                .optional("input.description", Some(&input.description))?
                .ok_or_else(|| {
                    AppError::bad_input("input.description", "must say what the period is")
                })?;
            if reporting_period::Entity::find_by_id(input.label.clone())
                .one(txn)
                .await?
                .is_some()
            {
                return Err(AppError::Conflict(format!(
                    "period `{}` exists",
                    input.label
                )));
            }
            let saved = reporting_period::ActiveModel {
                label: Set(input.label.clone()),
                start_date: Set(input.start_date),
                end_date: Set(input.end_date),
                standard: Set(false),
                description: Set(description),
            }
            .insert(txn)
            .await?;
            Ok((saved, done))
        })
    })
    .await
}
