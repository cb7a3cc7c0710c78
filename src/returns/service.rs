//! Reading returns for a scope: plain functions over a connection, each
//! applying disclosure control and auditing exact reads, with a fixed number
//! of statements however many returns they give.
use std::collections::HashMap;

use entity::{child_population, reporting_period, PartnershipCode};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Select,
};

use super::figures::{
    period_figures, return_figures, Figures, PeriodEntry, PopulationUsed, ReturnCells,
};
use super::reads::note_exact_reads;
use super::{CellRecord, FigureReturn, ReturnRecord};
use crate::access::Scope;
use crate::error::{AppError, AppResult};
use crate::pagination::{self, Order, Page, PageArgs};
use crate::reference;
use crate::reference::population::population_for_period;
use crate::text::TextKind;

/// A return as one caller may see it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnView<R: FigureReturn> {
    pub record: R::Model,
    pub figures: Figures<R::Cell>,
}

impl<R: FigureReturn> ReturnView<R> {
    /// True when the caller sees the figures unsuppressed.
    pub fn exact(&self) -> bool {
        !self.figures.controlled
    }
}

/// The returns a scope may see at all: published ones, and every return of a
/// partnership it sees exactly. An unpublished return of any other
/// partnership is as absent as one never submitted.
pub fn visible<R: FigureReturn>(scope: &Scope) -> Condition {
    let exact = scope.exact_partnerships(R::DATASET);
    let mut condition = Condition::any().add(R::published());
    if !exact.is_empty() {
        condition = condition.add(R::PARTNERSHIP_CODE.is_in(exact));
    }
    condition
}

/// The returns' sort key: the period's start, the partnership, the return.
pub type ReturnKey = (chrono::NaiveDate, PartnershipCode, String);

/// The returns in scope, narrowed to a partnership and a period where given;
/// a dataset narrows further before [`list_returns`].
pub fn filtered<R: FigureReturn>(
    scope: &Scope,
    partnership: Option<PartnershipCode>,
    period: Option<&str>,
) -> AppResult<Select<R::Entity>> {
    let mut query = R::Entity::find().filter(visible::<R>(scope));
    if let Some(p) = partnership {
        query = query.filter(R::PARTNERSHIP_CODE.eq(p));
    }
    if let Some(period) = period {
        TextKind::Key.check("filter.period", period)?;
        query = query.filter(R::PERIOD_LABEL.eq(period));
    }
    Ok(query)
}

/// The returns `query` finds, newest period first, then by partnership (from
/// the end of the alphabet: a keyset cursor follows its columns one way).
pub async fn list_returns<R: FigureReturn>(
    db: &DatabaseConnection,
    scope: &Scope,
    query: Select<R::Entity>,
    page: &PageArgs<ReturnKey>,
    threshold: i64,
) -> AppResult<Page<ReturnKey, ReturnView<R>>> {
    let page = pagination::fetch(
        db,
        query,
        (R::PERIOD_START, R::PARTNERSHIP_CODE, R::ID),
        Order::Descending,
        page,
        |m: &R::Model| (m.period_start(), m.partnership(), m.id().to_owned()),
    )
    .await?;
    let (page, rows) = page.take_rows();
    let views = views::<R>(db, scope, rows, threshold).await?;
    note_exact_reads(scope, &views, R::LIST_QUERY);
    Ok(page.with_nodes(views))
}

/// The returns among `ids` the scope may see, as it may see them (exact
/// reads audited, like every other).
pub async fn returns_by_ids<R: FigureReturn>(
    db: &DatabaseConnection,
    scope: &Scope,
    ids: &[String],
    threshold: i64,
) -> AppResult<Vec<ReturnView<R>>> {
    let rows = R::Entity::find()
        .filter(visible::<R>(scope))
        .filter(R::ID.is_in(ids.iter().map(String::as_str)))
        .all(db)
        .await?;
    let views = views::<R>(db, scope, rows, threshold).await?;
    note_exact_reads(scope, &views, "node");
    Ok(views)
}

/// One partnership's return for one period, or `NOT_FOUND` when there is none
/// the scope may see.
pub async fn get_return<R: FigureReturn>(
    db: &DatabaseConnection,
    scope: &Scope,
    partnership: PartnershipCode,
    period: &str,
    threshold: i64,
) -> AppResult<ReturnView<R>> {
    let row = R::Entity::find()
        .filter(visible::<R>(scope))
        .filter(R::PARTNERSHIP_CODE.eq(partnership))
        .filter(R::PERIOD_LABEL.eq(period))
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::not_found(format!(
                "{} return of {partnership} for `{period}`",
                R::NAME
            ))
        })?;
    let view = views::<R>(db, scope, vec![row], threshold)
        .await?
        .pop()
        .ok_or(AppError::Internal)?;
    note_exact_reads(scope, [&view], R::ONE_QUERY);
    Ok(view)
}

/// A period across the five partnerships, as one scope may see it.
#[derive(Debug, Clone)]
pub struct PeriodSummary<R: FigureReturn> {
    pub period: reporting_period::Model,
    /// The five partnerships in their usual order, each with its return when
    /// there is one the scope may see.
    pub partnerships: Vec<(PartnershipCode, Option<ReturnView<R>>)>,
    /// The regional total.
    pub region: Figures<R::Cell>,
    /// Every partnership's child populations the rates were drawn from, for
    /// callers that derive further rates (the benchmark) without reading
    /// them again.
    pub populations: Vec<child_population::Model>,
}

/// Every partnership's figures for `period` and the regional total, with
/// disclosure applied for `scope`. `BAD_USER_INPUT` on `field` for an unknown
/// period. Exact reads are audited as read through `via` (the query asked).
pub async fn period_summary<R: FigureReturn>(
    db: &DatabaseConnection,
    scope: &Scope,
    period: &str,
    field: &str,
    via: &str,
    threshold: i64,
) -> AppResult<PeriodSummary<R>> {
    let period = reference::service::period_by_label(db, period, field).await?;
    let rows = R::Entity::find()
        .filter(visible::<R>(scope))
        .filter(R::PERIOD_LABEL.eq(period.label.as_str()))
        .all(db)
        .await?;
    let (cells, populations) = futures_util::try_join!(
        cells_of::<R>(db, &rows),
        populations(db, &PartnershipCode::ALL)
    )?;
    let mut by_partnership: HashMap<PartnershipCode, R::Model> =
        rows.into_iter().map(|r| (r.partnership(), r)).collect();
    let entries: Vec<PeriodEntry<R::Cell>> = PartnershipCode::ALL
        .iter()
        .map(|&p| PeriodEntry {
            cells: by_partnership
                .get(&p)
                .map(|r| cells.get(r.id()).cloned().unwrap_or_default()),
            exact: scope.exact(R::DATASET, p),
            population: population_used(&populations, p, period.start_date),
        })
        .collect();
    let figures = period_figures(&entries, threshold);
    let partnerships: Vec<(PartnershipCode, Option<ReturnView<R>>)> = PartnershipCode::ALL
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
pub async fn views<R: FigureReturn>(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    rows: Vec<R::Model>,
    threshold: i64,
) -> AppResult<Vec<ReturnView<R>>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let cells = cells_of::<R>(conn, &rows).await?;
    let mut partnerships: Vec<PartnershipCode> = rows.iter().map(|r| r.partnership()).collect();
    partnerships.sort();
    partnerships.dedup();
    let populations = populations(conn, &partnerships).await?;
    Ok(rows
        .into_iter()
        .map(|record| {
            let p = record.partnership();
            let figures = return_figures(
                cells.get(record.id()).unwrap_or(&ReturnCells::default()),
                scope.exact(R::DATASET, p),
                population_used(&populations, p, record.period_start()),
                threshold,
            );
            ReturnView { record, figures }
        })
        .collect())
}

async fn cells_of<R: FigureReturn>(
    conn: &impl ConnectionTrait,
    rows: &[R::Model],
) -> AppResult<HashMap<String, ReturnCells<R::Cell>>> {
    if rows.is_empty() {
        return Ok(HashMap::new());
    }
    let found = R::CellEntity::find()
        .filter(R::CELL_RETURN_ID.is_in(rows.iter().map(|r| r.id().to_owned())))
        .all(conn)
        .await?;
    let mut grouped: HashMap<String, Vec<R::CellModel>> = HashMap::new();
    for cell in found {
        grouped
            .entry(cell.return_id().to_owned())
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
