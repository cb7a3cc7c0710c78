//! Writing returns: what submitting and publishing do alike for every
//! dataset. Each write is one audited transaction; nothing is written unless
//! every check passes.
use chrono::Utc;
use entity::{child_population, reporting_period, PartnershipCode};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr,
    EntityTrait, QueryFilter, SqlErr,
};

use super::service::{views, ReturnView};
use super::validate::{Ceiling, ValidCell};
use super::{FigureReturn, ReturnRecord};
use crate::access::Scope;
use crate::audit::{self, AuditEntry};
use crate::auth::{Caller, Role};
use crate::error::{AppError, AppResult};
use crate::reference;
use crate::reference::population::population_for_period;
use crate::text::TextKind;

/// Publishes a return against its version: from then on anyone may read it,
/// through disclosure control.
pub async fn publish_return<R: FigureReturn>(
    db: &DatabaseConnection,
    scope: &Scope,
    id: String,
    expected_version: i32,
    threshold: i64,
) -> AppResult<ReturnView<R>> {
    let entry = AuditEntry::new(R::PUBLISH_OPERATION).record(R::RECORD_TYPE, &id);
    let caller = scope.caller.clone();
    let scope = scope.clone();
    audit::write(db, &caller, entry.clone(), move |txn, caller| {
        Box::pin(async move {
            caller.require_role(R::PUBLISHERS, &format!("publish {} returns", R::NAME))?;
            let row = R::Entity::find()
                .filter(R::ID.eq(id.as_str()))
                .one(txn)
                .await?
                .filter(|r| r.published() || scope.exact(R::DATASET, r.partnership()))
                .ok_or_else(|| AppError::not_found(format!("{} return {id}", R::NAME)))?;
            if !caller.in_scope(row.partnership()) {
                return Err(AppError::forbidden(format!(
                    "{} is outside this token's scope: may not publish its returns",
                    row.partnership()
                )));
            }
            if row.published() {
                return Err(AppError::Conflict(format!(
                    "the return is already published at version {}",
                    row.version()
                )));
            }
            let updated = R::Entity::update_many()
                .set(R::publication(
                    caller.actor().to_string(),
                    Utc::now(),
                    expected_version + 1,
                ))
                .filter(R::ID.eq(row.id()))
                .filter(R::VERSION.eq(expected_version))
                .exec(txn)
                .await?;
            if updated.rows_affected != 1 {
                return Err(AppError::Conflict(format!(
                    "stale version {expected_version}: the return is at version {}",
                    row.version()
                )));
            }
            let view = reload::<R>(txn, &scope, row.id(), threshold).await?;
            let done = entry.partnership(row.partnership()).detail(format!(
                "{} version {}",
                row.period_label(),
                view.record.version()
            ));
            Ok((view, done))
        })
    })
    .await
}

/// Stores a return's figures in one statement.
pub async fn store_cells<R: FigureReturn>(
    conn: &impl ConnectionTrait,
    return_id: &str,
    cells: &[ValidCell<R::Cell>],
) -> Result<(), DbErr> {
    let rows: Vec<R::CellActiveModel> = cells.iter().map(|c| R::cell_row(return_id, c)).collect();
    R::CellEntity::insert_many(rows)
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// Replaces a return's figures: the old ones go in the same transaction.
pub async fn delete_cells<R: FigureReturn>(
    conn: &impl ConnectionTrait,
    return_id: &str,
) -> Result<(), DbErr> {
    R::CellEntity::delete_many()
        .filter(R::CELL_RETURN_ID.eq(return_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// The return as the writer now sees it.
pub async fn reload<R: FigureReturn>(
    txn: &DatabaseTransaction,
    scope: &Scope,
    id: &str,
    threshold: i64,
) -> AppResult<ReturnView<R>> {
    let row = R::Entity::find()
        .filter(R::ID.eq(id))
        .one(txn)
        .await?
        .ok_or(AppError::Internal)?;
    views::<R>(txn, scope, vec![row], threshold)
        .await?
        .pop()
        .ok_or(AppError::Internal)
}

/// A second return for the same partnership and period, raced in by another
/// writer, as the conflict it is.
pub fn duplicate_as_conflict(err: DbErr, partnership: PartnershipCode, period: &str) -> AppError {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict(format!(
            "{partnership} already has a return for `{period}`: read it and send expectedVersion to update it"
        )),
        _ => err.into(),
    }
}

/// Writes a return's row, `fields` holding what the submitter gave: a new
/// return at version 1 when there is none and no version was expected, else
/// an update against `expected_version` with the old figures removed. Gives
/// the return's id; its figures are the caller's to store.
pub async fn save_return<R: FigureReturn>(
    txn: &DatabaseTransaction,
    partnership: PartnershipCode,
    period: &reporting_period::Model,
    expected_version: Option<i32>,
    fields: R::ActiveModel,
) -> AppResult<String> {
    let existing = R::Entity::find()
        .filter(R::PARTNERSHIP_CODE.eq(partnership))
        .filter(R::PERIOD_LABEL.eq(period.label.as_str()))
        .one(txn)
        .await?;
    match (existing, expected_version) {
        (None, None) => {
            let id = uuid::Uuid::new_v4().to_string();
            let mut row = fields;
            row.set(R::ID, id.clone().into());
            row.set(R::PARTNERSHIP_CODE, partnership.into());
            row.set(R::PERIOD_LABEL, period.label.clone().into());
            row.set(R::PERIOD_START, period.start_date.into());
            row.set(R::VERSION, 1.into());
            row.insert(txn)
                .await
                .map_err(|e| duplicate_as_conflict(e, partnership, &period.label))?;
            Ok(id)
        }
        (None, Some(_)) => Err(AppError::not_found(format!(
            "{} return of {} for `{}`",
            R::NAME,
            partnership,
            period.label
        ))),
        (Some(row), None) => Err(AppError::Conflict(format!(
            "{} already has a return for `{}` at version {}: send expectedVersion to update it",
            partnership,
            period.label,
            row.version()
        ))),
        (Some(row), Some(v)) => {
            // The version check is in the UPDATE itself, so two writers
            // racing on the same version cannot both succeed.
            let mut change = fields;
            change.set(R::VERSION, (v + 1).into());
            let updated = R::Entity::update_many()
                .set(change)
                .filter(R::ID.eq(row.id()))
                .filter(R::VERSION.eq(v))
                .exec(txn)
                .await?;
            if updated.rows_affected != 1 {
                return Err(AppError::Conflict(format!(
                    "stale version {v}: the return is at version {}",
                    row.version()
                )));
            }
            delete_cells::<R>(txn, row.id()).await?;
            Ok(row.id().to_owned())
        }
    }
}

/// A return to submit.
#[derive(Debug, Clone)]
pub struct ReturnInput<C> {
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
    pub counts: Vec<(C, i32)>,
    /// The percentages given, in input order.
    pub shares: Vec<(C, f64)>,
}

/// A submission that has passed every check, ready to write.
pub struct Checked<C> {
    pub source: String,
    pub quote: Option<String>,
    pub period: reporting_period::Model,
    pub cells: Vec<ValidCell<C>>,
}

/// The checks every submission passes before anything is written: the
/// caller's role and scope, the citation and quote, the period, and the
/// figures by the dataset's `validate` against the partnership's children.
pub async fn check_submission<R: FigureReturn>(
    txn: &DatabaseTransaction,
    caller: &Caller,
    submitters: &[Role],
    input: &ReturnInput<R::Cell>,
    validate: impl FnOnce(
        &[(R::Cell, i32)],
        &[(R::Cell, f64)],
        &Ceiling,
    ) -> AppResult<Vec<ValidCell<R::Cell>>>,
) -> AppResult<Checked<R::Cell>> {
    caller.require_role(submitters, &format!("submit {} returns", R::NAME))?;
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
    let period = reference::service::period_by_label(txn, &input.period, "input.period").await?;
    let populations = child_population::Entity::find()
        .filter(child_population::Column::PartnershipCode.eq(input.partnership))
        .all(txn)
        .await?;
    let ceiling = Ceiling::for_population(population_for_period(
        &populations,
        input.partnership,
        period.start_date,
    ));
    let cells = validate(&input.counts, &input.shares, &ceiling)?;
    Ok(Checked {
        source,
        quote,
        period,
        cells,
    })
}

/// Writes a checked submission: the row (with whatever `more` the dataset
/// adds to it) and its figures, giving the return as the caller now sees it
/// and `entry` completed for the audit.
#[allow(clippy::too_many_arguments)]
pub async fn write_submission<R: FigureReturn>(
    txn: &DatabaseTransaction,
    scope: &Scope,
    caller: &Caller,
    entry: AuditEntry,
    input: &ReturnInput<R::Cell>,
    checked: Checked<R::Cell>,
    more: impl FnOnce(&mut R::ActiveModel),
    threshold: i64,
) -> AppResult<(ReturnView<R>, AuditEntry)> {
    let mut fields = R::submission(
        checked.source,
        checked.quote,
        input.illustrative,
        caller.actor().to_string(),
        Utc::now(),
    );
    more(&mut fields);
    let id = save_return::<R>(
        txn,
        input.partnership,
        &checked.period,
        input.expected_version,
        fields,
    )
    .await?;
    store_cells::<R>(txn, &id, &checked.cells).await?;
    let view = reload::<R>(txn, scope, &id, threshold).await?;
    let done = entry.record(R::RECORD_TYPE, &id).detail(format!(
        "{} version {}, {} figures",
        view.record.period_label(),
        view.record.version(),
        checked.cells.len()
    ));
    Ok((view, done))
}
