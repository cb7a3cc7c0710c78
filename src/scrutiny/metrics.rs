//! Scrutiny figures per partnership for a date window, for benchmarking:
//! activities in all and by theme, and the state of the recommendations they
//! made. Same visibility as the coverage matrix; a constant number of
//! statements whatever the volume.
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use entity::scrutiny_enums::RecommendationStatus;
use entity::{
    scrutiny_activity as activity, scrutiny_activity_partnership as covered,
    scrutiny_recommendation as recommendation, PartnershipCode,
};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection};

use super::coverage::{counted, coverage, partnership_of, within};
use crate::access::Scope;
use crate::error::AppResult;

/// One partnership's scrutiny in a window.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PartnershipScrutiny {
    pub activities: i64,
    /// Activities by theme code.
    pub by_theme: BTreeMap<String, i64>,
    /// Recommendations it owns, from those activities, still open or in progress.
    pub open: i64,
    /// Of those, past their due date on `today`.
    pub overdue: i64,
    /// Recommendations it owns that were completed.
    pub completed: i64,
    /// Of those, completed on or before their due date.
    pub completed_on_time: i64,
    /// True when any activity counted is illustrative demo data.
    pub illustrative: bool,
}

/// Figures for every partnership for activities dated `from` to `to`.
/// Activities by theme only when `by_theme`: they are the coverage matrix's
/// counts, three more statements (two of them over every activity and
/// recommendation of the window), and a benchmark of the overall figures
/// never reads them.
pub async fn window(
    db: &DatabaseConnection,
    scope: &Scope,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    by_theme: bool,
) -> AppResult<HashMap<PartnershipCode, PartnershipScrutiny>> {
    let mut out: HashMap<PartnershipCode, PartnershipScrutiny> = HashMap::new();

    let cell = (covered::Entity, covered::Column::PartnershipCode);
    let mut activities = Query::select();
    activities
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
        .from(covered::Entity)
        .inner_join(
            activity::Entity,
            Expr::col((activity::Entity, activity::Column::Id))
                .equals((covered::Entity, covered::Column::ActivityId)),
        )
        .cond_where(counted(scope, cell))
        .group_by_col(cell);
    within(&mut activities, Some(from), Some(to));
    // Completion is the recommendation's last change: a closed recommendation
    // accepts no further entries. Compared in Rust, so no database-specific
    // date arithmetic is needed.
    let owner = (
        recommendation::Entity,
        recommendation::Column::OwnerPartnershipCode,
    );
    let mut recommendations = Query::select();
    recommendations
        .column(owner)
        .column((recommendation::Entity, recommendation::Column::Status))
        .column((recommendation::Entity, recommendation::Column::DueDate))
        .column((recommendation::Entity, recommendation::Column::UpdatedAt))
        .from(recommendation::Entity)
        .inner_join(
            activity::Entity,
            Expr::col((activity::Entity, activity::Column::Id))
                .equals((recommendation::Entity, recommendation::Column::ActivityId)),
        )
        .cond_where(counted(scope, owner));
    within(&mut recommendations, Some(from), Some(to));

    // Independent reads, sent together.
    let (activity_rows, recommendation_rows, coverage_rows) = futures_util::try_join!(
        async { Ok(db.query_all(&activities).await?) },
        async { Ok(db.query_all(&recommendations).await?) },
        async {
            if by_theme {
                coverage(db, scope, Some(from), Some(to), today).await
            } else {
                Ok(Vec::new())
            }
        },
    )?;
    for row in activity_rows {
        let p = partnership_of(&row.try_get::<String>("", "partnership_code")?)?;
        let entry = out.entry(p).or_default();
        entry.activities = row.try_get("", "n")?;
        entry.illustrative = row.try_get::<i64>("", "illustrative")? > 0;
    }
    for row in recommendation_rows {
        let p = partnership_of(&row.try_get::<String>("", "owner_partnership_code")?)?;
        let status: RecommendationStatus = row.try_get("", "status")?;
        let due: NaiveDate = row.try_get("", "due_date")?;
        let updated: chrono::DateTime<chrono::Utc> = row.try_get("", "updated_at")?;
        let entry = out.entry(p).or_default();
        if RecommendationStatus::NOT_CLOSED.contains(&status) {
            entry.open += 1;
            if due < today {
                entry.overdue += 1;
            }
        } else if status == RecommendationStatus::Completed {
            entry.completed += 1;
            if updated.date_naive() <= due {
                entry.completed_on_time += 1;
            }
        }
    }

    for row in coverage_rows {
        for c in row.cells {
            if c.activities > 0 {
                out.entry(c.partnership)
                    .or_default()
                    .by_theme
                    .insert(row.theme.code.clone(), c.activities);
            }
        }
    }
    Ok(out)
}
