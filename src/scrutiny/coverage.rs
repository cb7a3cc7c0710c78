//! The regional coverage matrix: for each theme and partnership, how many
//! activities addressed it and how many of their recommendations are still
//! open or overdue. Built from two GROUP BY queries (plus the themes), never
//! a query per cell.
//!
//! Counts are of activities and recommendations, never of children, so they
//! are exact for everyone; what each caller's counts include follows the same
//! visibility as the lists.
use std::collections::HashMap;

use chrono::NaiveDate;
use entity::scrutiny_enums::RecommendationStatus;
use entity::{
    scrutiny_activity as activity, scrutiny_activity_partnership as covered,
    scrutiny_activity_theme as activity_theme, scrutiny_recommendation as recommendation,
    scrutiny_theme as theme, PartnershipCode,
};
use sea_orm::sea_query::{
    Alias, Condition, Expr, ExprTrait, Func, IntoColumnRef, Query, SelectStatement,
};
use sea_orm::{ConnectionTrait, DatabaseConnection};

use super::service::{check_range, themes};
use super::visibility::covering;
use crate::access::{Dataset, Scope};
use crate::error::{AppError, AppResult};

/// One cell of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub partnership: PartnershipCode,
    /// Activities in the window addressing the theme and covering the partnership.
    pub activities: i64,
    /// Their recommendations owned by the partnership and not yet closed.
    pub open_recommendations: i64,
    /// Of those, the ones past their due date.
    pub overdue_recommendations: i64,
    /// True when an activity or recommendation counted is illustrative demo data.
    pub illustrative: bool,
}

/// One theme's row: a cell per partnership, in the usual order of the five.
#[derive(Debug, Clone)]
pub struct Row {
    pub theme: theme::Model,
    pub cells: Vec<Cell>,
}

/// Which rows a cell may count: those of activities the caller sees (published,
/// or covering a partnership it reads at record level), and, where a sharing
/// agreement gives exact aggregates for the cell's own partnership, all of that
/// partnership's rows.
pub(crate) fn counted(scope: &Scope, cell_partnership: impl IntoColumnRef) -> Condition {
    let record = scope.record_level(Dataset::Scrutiny);
    if record.len() == PartnershipCode::ALL.len() {
        return Condition::all();
    }
    let exact = scope.exact_partnerships(Dataset::Scrutiny);
    let mut condition =
        Condition::any().add(Expr::col((activity::Entity, activity::Column::Published)).eq(true));
    if !record.is_empty() {
        condition = condition
            .add(Expr::col((activity::Entity, activity::Column::Id)).in_subquery(covering(record)));
    }
    if !exact.is_empty() {
        condition = condition.add(Expr::col(cell_partnership).is_in(exact));
    }
    condition
}

pub(crate) fn within(query: &mut SelectStatement, from: Option<NaiveDate>, to: Option<NaiveDate>) {
    let date = || Expr::col((activity::Entity, activity::Column::ActivityDate));
    if let Some(from) = from {
        query.and_where(date().gte(from));
    }
    if let Some(to) = to {
        query.and_where(date().lte(to));
    }
}

pub(crate) fn partnership_of(code: &str) -> AppResult<PartnershipCode> {
    PartnershipCode::parse(code).ok_or_else(|| {
        AppError::internal(format!(
            "unknown partnership code `{code}` in scrutiny data"
        ))
    })
}

/// The matrix for activities dated `from` to `to` (inclusive; open-ended
/// when omitted), as the caller may see it, with overdue judged on `today`.
pub async fn coverage(
    db: &DatabaseConnection,
    scope: &Scope,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
) -> AppResult<Vec<Row>> {
    check_range(from, to, "to")?;
    let theme_code = (activity_theme::Entity, activity_theme::Column::ThemeCode);

    let cell = (covered::Entity, covered::Column::PartnershipCode);
    let mut activities = Query::select();
    activities
        .column(theme_code)
        .column(cell)
        .expr_as(
            Func::count(Expr::col((activity::Entity, activity::Column::Id))),
            Alias::new("n"),
        )
        .expr_as(
            Func::count(Expr::case(
                Expr::col((activity::Entity, activity::Column::Illustrative)).eq(true),
                1,
            )),
            Alias::new("illustrative"),
        )
        .from(activity_theme::Entity)
        .inner_join(
            covered::Entity,
            Expr::col((covered::Entity, covered::Column::ActivityId))
                .equals((activity_theme::Entity, activity_theme::Column::ActivityId)),
        )
        .inner_join(
            activity::Entity,
            Expr::col((activity::Entity, activity::Column::Id))
                .equals((activity_theme::Entity, activity_theme::Column::ActivityId)),
        )
        .cond_where(counted(scope, cell))
        .group_by_col(theme_code)
        .group_by_col(cell);
    within(&mut activities, from, to);

    let owner = (
        recommendation::Entity,
        recommendation::Column::OwnerPartnershipCode,
    );
    let due = Expr::col((recommendation::Entity, recommendation::Column::DueDate));
    let mut open = Query::select();
    open.column(theme_code)
        .column(owner)
        .expr_as(
            Func::count(Expr::col((
                recommendation::Entity,
                recommendation::Column::Id,
            ))),
            Alias::new("open"),
        )
        .expr_as(
            Func::count(Expr::case(due.lt(today), 1)),
            Alias::new("overdue"),
        )
        .expr_as(
            Func::count(Expr::case(
                Expr::col((activity::Entity, activity::Column::Illustrative)).eq(true),
                1,
            )),
            Alias::new("illustrative"),
        )
        .from(recommendation::Entity)
        .inner_join(
            activity::Entity,
            Expr::col((activity::Entity, activity::Column::Id))
                .equals((recommendation::Entity, recommendation::Column::ActivityId)),
        )
        .inner_join(
            activity_theme::Entity,
            Expr::col((activity_theme::Entity, activity_theme::Column::ActivityId))
                .equals((recommendation::Entity, recommendation::Column::ActivityId)),
        )
        .and_where(
            Expr::col((recommendation::Entity, recommendation::Column::Status))
                .is_in(RecommendationStatus::NOT_CLOSED),
        )
        .cond_where(counted(scope, owner))
        .group_by_col(theme_code)
        .group_by_col(owner);
    within(&mut open, from, to);

    let mut counts: HashMap<(String, PartnershipCode), Cell> = HashMap::new();
    let blank = |partnership| Cell {
        partnership,
        activities: 0,
        open_recommendations: 0,
        overdue_recommendations: 0,
        illustrative: false,
    };
    // Independent reads, sent together.
    let (activity_rows, open_rows, themes) = futures_util::try_join!(
        async { Ok(db.query_all(&activities).await?) },
        async { Ok(db.query_all(&open).await?) },
        themes(db),
    )?;
    for row in activity_rows {
        let theme: String = row.try_get("", "theme_code")?;
        let p = partnership_of(&row.try_get::<String>("", "partnership_code")?)?;
        let cell = counts.entry((theme, p)).or_insert_with(|| blank(p));
        cell.activities = row.try_get("", "n")?;
        cell.illustrative |= row.try_get::<i64>("", "illustrative")? > 0;
    }
    for row in open_rows {
        let theme: String = row.try_get("", "theme_code")?;
        let p = partnership_of(&row.try_get::<String>("", "owner_partnership_code")?)?;
        let cell = counts.entry((theme, p)).or_insert_with(|| blank(p));
        cell.open_recommendations = row.try_get("", "open")?;
        cell.overdue_recommendations = row.try_get("", "overdue")?;
        cell.illustrative |= row.try_get::<i64>("", "illustrative")? > 0;
    }
    Ok(themes
        .into_iter()
        .map(|theme| Row {
            cells: PartnershipCode::ALL
                .into_iter()
                .map(|p| {
                    counts
                        .get(&(theme.code.clone(), p))
                        .copied()
                        .unwrap_or_else(|| blank(p))
                })
                .collect(),
            theme,
        })
        .collect())
}
