//! Writing LADO returns: submitting (or updating against a version) and
//! publishing. Each is one audited transaction; nothing is written unless
//! every check passes.
use chrono::Utc;
use entity::lado_return::{self, LadoReturnStatus};
use entity::lado_return_cell::{self, LadoCell};
use entity::{child_population, PartnershipCode};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr,
    EntityTrait, QueryFilter, Set, SqlErr,
};

use super::dataset::Lado;
use super::service::ReturnView;
use super::validate::{self, ValidCell};
use crate::access::{Dataset, Scope};
use crate::audit::{self, AuditEntry};
use crate::auth::Role;
use crate::error::{AppError, AppResult};
use crate::reference;
use crate::reference::population::population_for_period;
use crate::returns::service::views;
use crate::text::TextKind;

/// Roles that may submit a return for a partnership in their scope: the LADO
/// service reports through its partnership's business unit.
pub const SUBMITTERS: [Role; 2] = [Role::PartnershipManager, Role::RegionalAdmin];
/// Roles that may publish a return of a partnership in their scope: publishing
/// is the partnership's decision, as the design's role table has it.
pub const PUBLISHERS: [Role; 2] = [Role::PartnershipManager, Role::RegionalAdmin];

/// A return to submit.
#[derive(Debug, Clone)]
pub struct ReturnInput {
    pub partnership: PartnershipCode,
    pub period: String,
    /// The citation: document and section, or the submitting system.
    pub source: String,
    /// Wording quoted from the source, for callers with exact rights only.
    pub quote: Option<String>,
    pub illustrative: bool,
    /// The version being updated; `None` for a first return.
    pub expected_version: Option<i32>,
    /// The counts given, by figure.
    pub counts: Vec<(LadoCell, i32)>,
    /// The percentages given, in input order.
    pub shares: Vec<(LadoCell, f64)>,
}

/// Submits a return, or updates the partnership's return for the period
/// against its version. An update takes a published return back to
/// submitted: changed figures are not public until published again.
pub async fn submit_return(
    db: &DatabaseConnection,
    scope: &Scope,
    input: ReturnInput,
    threshold: i64,
) -> AppResult<ReturnView> {
    let entry = AuditEntry::new("submitLadoReturn")
        .partnership(input.partnership)
        .record(
            "lado_return",
            format!("{}/{}", input.partnership, input.period),
        );
    let caller = scope.caller.clone();
    let scope = scope.clone();
    audit::write(db, &caller, entry.clone(), move |txn, caller| {
        Box::pin(async move {
            caller.require_role(&SUBMITTERS, "submit LADO returns")?;
            if !caller.in_scope(input.partnership) {
                return Err(AppError::bad_input(
                    "input.partnership",
                    format!("{} is outside this token's scope", input.partnership),
                ));
            }
            let source = TextKind::Citation
                .optional("input.source", Some(&input.source))?
                .ok_or_else(|| {
                    AppError::bad_input(
                        "input.source",
                        "must say where the figures come from (document and section, or the submitting system)",
                    )
                })?;
            let quote = TextKind::Long.optional("input.quote", input.quote.as_deref())?;
            let period =
                reference::service::period_by_label(txn, &input.period, "input.period").await?;
            let populations = child_population::Entity::find()
                .filter(child_population::Column::PartnershipCode.eq(input.partnership))
                .all(txn)
                .await?;
            let ceiling = validate::Ceiling::for_population(population_for_period(
                &populations,
                input.partnership,
                period.start_date,
            ));
            let cells = validate::cells(&input.counts, &input.shares, &ceiling)?;
            let existing = lado_return::Entity::find()
                .filter(lado_return::Column::PartnershipCode.eq(input.partnership))
                .filter(lado_return::Column::PeriodLabel.eq(period.label.as_str()))
                .one(txn)
                .await?;
            let now = Utc::now();
            let fields = lado_return::ActiveModel {
                status: Set(LadoReturnStatus::Submitted),
                source: Set(source),
                source_quote: Set(quote),
                illustrative: Set(input.illustrative),
                submitted_by: Set(caller.actor().to_string()),
                submitted_at: Set(now),
                published_by: Set(None),
                published_at: Set(None),
                ..Default::default()
            };
            let id = match (existing, input.expected_version) {
                (None, None) => {
                    let id = uuid::Uuid::new_v4().to_string();
                    lado_return::ActiveModel {
                        id: Set(id.clone()),
                        partnership_code: Set(input.partnership),
                        period_label: Set(period.label.clone()),
                        period_start: Set(period.start_date),
                        version: Set(1),
                        ..fields
                    }
                    .insert(txn)
                    .await
                    .map_err(|e| duplicate_as_conflict(e, input.partnership, &period.label))?;
                    id
                }
                (None, Some(_)) => {
                    return Err(AppError::not_found(format!(
                        "LADO return of {} for `{}`",
                        input.partnership, period.label
                    )))
                }
                (Some(row), None) => {
                    return Err(AppError::Conflict(format!(
                        "{} already has a return for `{}` at version {}: send expectedVersion to update it",
                        input.partnership, period.label, row.version
                    )))
                }
                (Some(row), Some(v)) => {
                    // The version check is in the UPDATE itself, so two writers
                    // racing on the same version cannot both succeed.
                    let updated = lado_return::Entity::update_many()
                        .set(lado_return::ActiveModel {
                            version: Set(v + 1),
                            ..fields
                        })
                        .filter(lado_return::Column::Id.eq(row.id.as_str()))
                        .filter(lado_return::Column::Version.eq(v))
                        .exec(txn)
                        .await?;
                    if updated.rows_affected != 1 {
                        return Err(AppError::Conflict(format!(
                            "stale version {v}: the return is at version {}",
                            row.version
                        )));
                    }
                    lado_return_cell::Entity::delete_many()
                        .filter(lado_return_cell::Column::ReturnId.eq(row.id.as_str()))
                        .exec(txn)
                        .await?;
                    row.id
                }
            };
            store_cells(txn, &id, &cells).await?;
            let view = reload(txn, &scope, &id, threshold).await?;
            let done = entry.record("lado_return", &id).detail(format!(
                "{} version {}, {} figures",
                view.record.period_label,
                view.record.version,
                cells.len()
            ));
            Ok((view, done))
        })
    })
    .await
}

/// Publishes a return against its version: from then on anyone may read it,
/// through disclosure control.
pub async fn publish_return(
    db: &DatabaseConnection,
    scope: &Scope,
    id: String,
    expected_version: i32,
    threshold: i64,
) -> AppResult<ReturnView> {
    let entry = AuditEntry::new("publishLadoReturn").record("lado_return", &id);
    let caller = scope.caller.clone();
    let scope = scope.clone();
    audit::write(db, &caller, entry.clone(), move |txn, caller| {
        Box::pin(async move {
            caller.require_role(&PUBLISHERS, "publish LADO returns")?;
            let row = lado_return::Entity::find_by_id(id.clone())
                .one(txn)
                .await?
                .filter(|r| {
                    r.status == LadoReturnStatus::Published
                        || scope.exact(Dataset::Lado, r.partnership_code)
                })
                .ok_or_else(|| AppError::not_found(format!("LADO return {id}")))?;
            if !caller.in_scope(row.partnership_code) {
                return Err(AppError::forbidden(format!(
                    "{} is outside this token's scope: may not publish its returns",
                    row.partnership_code
                )));
            }
            if row.status == LadoReturnStatus::Published {
                return Err(AppError::Conflict(format!(
                    "the return is already published at version {}",
                    row.version
                )));
            }
            let updated = lado_return::Entity::update_many()
                .set(lado_return::ActiveModel {
                    status: Set(LadoReturnStatus::Published),
                    published_by: Set(Some(caller.actor().to_string())),
                    published_at: Set(Some(Utc::now())),
                    version: Set(expected_version + 1),
                    ..Default::default()
                })
                .filter(lado_return::Column::Id.eq(row.id.as_str()))
                .filter(lado_return::Column::Version.eq(expected_version))
                .exec(txn)
                .await?;
            if updated.rows_affected != 1 {
                return Err(AppError::Conflict(format!(
                    "stale version {expected_version}: the return is at version {}",
                    row.version
                )));
            }
            let view = reload(txn, &scope, &row.id, threshold).await?;
            let done = entry.partnership(row.partnership_code).detail(format!(
                "{} version {}",
                row.period_label, view.record.version
            ));
            Ok((view, done))
        })
    })
    .await
}

/// Stores a return's figures in one statement.
pub async fn store_cells(
    conn: &impl ConnectionTrait,
    return_id: &str,
    cells: &[ValidCell],
) -> Result<(), DbErr> {
    let rows: Vec<lado_return_cell::ActiveModel> = cells
        .iter()
        .map(|c| lado_return_cell::ActiveModel {
            return_id: Set(return_id.to_string()),
            cell: Set(c.cell),
            count: Set(c.count),
            share_percent: Set(c.share_percent),
        })
        .collect();
    lado_return_cell::Entity::insert_many(rows)
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

async fn reload(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: &str,
    threshold: i64,
) -> AppResult<ReturnView> {
    let row = lado_return::Entity::find_by_id(id.to_string())
        .one(txn)
        .await?
        .ok_or(AppError::Internal)?;
    views::<Lado>(txn, scope, vec![row], threshold)
        .await?
        .pop()
        .ok_or(AppError::Internal)
}

fn duplicate_as_conflict(err: DbErr, partnership: PartnershipCode, period: &str) -> AppError {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict(format!(
            "{partnership} already has a return for `{period}`: read it and send expectedVersion to update it"
        )),
        _ => err.into(),
    }
}
