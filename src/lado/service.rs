//! Reading LADO returns for a scope: plain functions over a connection, each
//! applying disclosure control and auditing exact reads, with a fixed number
//! of statements however many returns they give.
use std::collections::HashMap;

use entity::lado_return::{self, LadoReturnStatus};
use entity::{child_population, lado_return_cell, reporting_period, PartnershipCode};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
};

use super::figures::{
    period_figures, return_figures, LadoFigures, PeriodEntry, PopulationUsed, ReturnCells,
};
use super::reads::note_exact_reads;
use crate::access::{Dataset, Scope};
use crate::error::{AppError, AppResult};
use crate::pagination::{self, Order, Page, PageArgs};
use crate::reference;
use crate::reference::population::population_for_period;
use crate::text::TextKind;

/// A return as one caller may see it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnView {
    pub record: lado_return::Model,
    pub figures: LadoFigures,
}

impl ReturnView {
    /// True when the caller sees the figures unsuppressed.
    pub fn exact(&self) -> bool {
        !self.figures.controlled
    }
}

/// Narrows a list of returns; every field is optional.
#[derive(Debug, Clone, Default)]
pub struct ReturnFilter {
    pub partnership: Option<PartnershipCode>,
    pub period: Option<String>,
}

/// The returns a scope may see at all: published ones, and every return of a
/// partnership it sees exactly. An unpublished return of any other
/// partnership is as absent as one never submitted.
pub fn visible(scope: &Scope) -> Condition {
    let exact = scope.exact_partnerships(Dataset::Lado);
    let mut condition =
        Condition::any().add(lado_return::Column::Status.eq(LadoReturnStatus::Published));
    if !exact.is_empty() {
        condition = condition.add(lado_return::Column::PartnershipCode.is_in(exact));
    }
    condition
}

/// The returns' sort key: the period's start, the partnership, the return.
pub type ReturnKey = (chrono::NaiveDate, PartnershipCode, String);

/// Returns in scope, newest period first, then by partnership (from the end
/// of the alphabet: a keyset cursor follows its columns one way).
pub async fn list_returns(
    db: &DatabaseConnection,
    scope: &Scope,
    filter: &ReturnFilter,
    page: &PageArgs<ReturnKey>,
    threshold: i64,
) -> AppResult<Page<ReturnKey, ReturnView>> {
    let mut query = lado_return::Entity::find().filter(visible(scope));
    if let Some(p) = filter.partnership {
        query = query.filter(lado_return::Column::PartnershipCode.eq(p));
    }
    if let Some(period) = &filter.period {
        TextKind::Key.check("filter.period", period)?;
        query = query.filter(lado_return::Column::PeriodLabel.eq(period.as_str()));
    }
    let page = pagination::fetch(
        db,
        query,
        (
            lado_return::Column::PeriodStart,
            lado_return::Column::PartnershipCode,
            lado_return::Column::Id,
        ),
        Order::Descending,
        page,
        |m: &lado_return::Model| (m.period_start, m.partnership_code, m.id.clone()),
    )
    .await?;
    let (page, rows) = page.take_rows();
    let views = views(db, scope, rows, threshold).await?;
    note_exact_reads(scope, &views, "ladoReturns");
    Ok(page.with_nodes(views))
}

/// The returns among `ids` the scope may see, as it may see them (exact
/// reads audited, like every other).
pub async fn returns_by_ids(
    db: &DatabaseConnection,
    scope: &Scope,
    ids: &[String],
    threshold: i64,
) -> AppResult<Vec<ReturnView>> {
    let rows = lado_return::Entity::find()
        .filter(visible(scope))
        .filter(lado_return::Column::Id.is_in(ids.iter().map(String::as_str)))
        .all(db)
        .await?;
    let views = views(db, scope, rows, threshold).await?;
    note_exact_reads(scope, &views, "node");
    Ok(views)
}

/// One partnership's return for one period, or `NOT_FOUND` when there is none
/// the scope may see.
pub async fn get_return(
    db: &DatabaseConnection,
    scope: &Scope,
    partnership: PartnershipCode,
    period: &str,
    threshold: i64,
) -> AppResult<ReturnView> {
    let row = lado_return::Entity::find()
        .filter(visible(scope))
        .filter(lado_return::Column::PartnershipCode.eq(partnership))
        .filter(lado_return::Column::PeriodLabel.eq(period))
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::not_found(format!("LADO return of {partnership} for `{period}`"))
        })?;
    let view = views(db, scope, vec![row], threshold)
        .await?
        .pop()
        .ok_or(AppError::Internal)?;
    note_exact_reads(scope, [&view], "ladoReturn");
    Ok(view)
}

/// A period across the five partnerships, as one scope may see it.
#[derive(Debug, Clone)]
pub struct PeriodSummary {
    pub period: reporting_period::Model,
    /// The five partnerships in their usual order, each with its return when
    /// there is one the scope may see.
    pub partnerships: Vec<(PartnershipCode, Option<ReturnView>)>,
    /// The regional total.
    pub region: LadoFigures,
    /// Every partnership's child populations the rates were drawn from, for
    /// callers that derive further rates (the benchmark) without reading
    /// them again.
    pub populations: Vec<child_population::Model>,
}

/// Every partnership's figures for `period` and the regional total, with
/// disclosure applied for `scope`. `BAD_USER_INPUT` on `field` for an unknown
/// period. Exact reads are audited as read through `via` (the query asked).
pub async fn period_summary(
    db: &DatabaseConnection,
    scope: &Scope,
    period: &str,
    field: &str,
    via: &str,
    threshold: i64,
) -> AppResult<PeriodSummary> {
    let period = reference::service::period_by_label(db, period, field).await?;
    let rows = lado_return::Entity::find()
        .filter(visible(scope))
        .filter(lado_return::Column::PeriodLabel.eq(period.label.as_str()))
        .all(db)
        .await?;
    let (cells, populations) =
        futures_util::try_join!(cells_of(db, &rows), populations(db, &PartnershipCode::ALL))?;
    let mut by_partnership: HashMap<PartnershipCode, lado_return::Model> =
        rows.into_iter().map(|r| (r.partnership_code, r)).collect();
    let entries: Vec<PeriodEntry> = PartnershipCode::ALL
        .iter()
        .map(|&p| PeriodEntry {
            cells: by_partnership
                .get(&p)
                .map(|r| cells.get(&r.id).cloned().unwrap_or_default()),
            exact: scope.exact(Dataset::Lado, p),
            population: population_used(&populations, p, period.start_date),
        })
        .collect();
    let figures = period_figures(&entries, threshold);
    let partnerships: Vec<(PartnershipCode, Option<ReturnView>)> = PartnershipCode::ALL
        .iter()
        .zip(figures.partnerships)
        .map(|(&p, figures)| {
            let view = by_partnership
                .remove(&p)
                .zip(figures)
                .map(|(record, figures)| ReturnView { record, figures });
            (p, view)
        })
        .collect();
    note_exact_reads(
        scope,
        partnerships.iter().filter_map(|(_, v)| v.as_ref()),
        via,
    );
    Ok(PeriodSummary {
        period,
        partnerships,
        region: figures.region,
        populations,
    })
}

/// Views of `rows` for `scope`: one statement for their figures and one for
/// the populations, however many rows.
pub async fn views(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    rows: Vec<lado_return::Model>,
    threshold: i64,
) -> AppResult<Vec<ReturnView>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let cells = cells_of(conn, &rows).await?;
    let mut partnerships: Vec<PartnershipCode> = rows.iter().map(|r| r.partnership_code).collect();
    partnerships.sort();
    partnerships.dedup();
    let populations = populations(conn, &partnerships).await?;
    Ok(rows
        .into_iter()
        .map(|record| {
            let p = record.partnership_code;
            let figures = return_figures(
                cells.get(&record.id).unwrap_or(&ReturnCells::default()),
                scope.exact(Dataset::Lado, p),
                population_used(&populations, p, record.period_start),
                threshold,
            );
            ReturnView { record, figures }
        })
        .collect())
}

async fn cells_of(
    conn: &impl ConnectionTrait,
    rows: &[lado_return::Model],
) -> AppResult<HashMap<String, ReturnCells>> {
    if rows.is_empty() {
        return Ok(HashMap::new());
    }
    let found = lado_return_cell::Entity::find()
        .filter(lado_return_cell::Column::ReturnId.is_in(rows.iter().map(|r| r.id.clone())))
        .all(conn)
        .await?;
    let mut grouped: HashMap<String, Vec<lado_return_cell::Model>> = HashMap::new();
    for cell in found {
        grouped
            .entry(cell.return_id.clone())
            .or_default()
            .push(cell);
    }
    Ok(grouped
        .into_iter()
        .map(|(id, cells)| (id, ReturnCells::from_rows(&cells)))
        .collect())
}

async fn populations(
    conn: &impl ConnectionTrait,
    partnerships: &[PartnershipCode],
) -> AppResult<Vec<child_population::Model>> {
    Ok(child_population::Entity::find()
        .filter(child_population::Column::PartnershipCode.is_in(partnerships.iter().copied()))
        .all(conn)
        .await?)
}

fn population_used(
    populations: &[child_population::Model],
    partnership: PartnershipCode,
    period_start: chrono::NaiveDate,
) -> Option<PopulationUsed> {
    population_for_period(populations, partnership, period_start).map(|p| PopulationUsed {
        children: i64::from(p.children),
        year: p.year,
        approximate: p.approximate,
    })
}
