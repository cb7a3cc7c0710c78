//! A return's `has_inadequate_grade`: whether any of its grades, the
//! moderated one where there is one, is Inadequate. Summaries count agencies
//! with an Inadequate grading from it without reading grades (see migration
//! 000008), so every write that changes a return's grades recomputes it in
//! the same transaction, and bulk loaders recompute it for all returns.
use entity::{section11_grade, section11_return};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait};

use crate::error::AppResult;

/// Recomputes the flag of return `return_id` from its grades as they now are.
pub async fn refresh<C: ConnectionTrait>(db: &C, return_id: &str) -> AppResult<()> {
    let inadequate_grade = Query::select()
        .expr(Expr::val(1))
        .from(section11_grade::Entity)
        .and_where(
            Expr::col((section11_grade::Entity, section11_grade::Column::ReturnId))
                .equals((section11_return::Entity, section11_return::Column::Id)),
        )
        .and_where(Expr::cust(migration::INADEQUATE_PREDICATE))
        .to_owned();
    let update = Query::update()
        .table(section11_return::Entity)
        .value(
            section11_return::Column::HasInadequateGrade,
            Expr::exists(inadequate_grade),
        )
        .and_where(section11_return::Column::Id.eq(return_id))
        .to_owned();
    db.execute(&update).await?;
    Ok(())
}

/// Recomputes the flag of every return: for loaders that write grades in bulk.
pub async fn refresh_all<C: ConnectionTrait>(db: &C) -> Result<(), sea_orm::DbErr> {
    db.execute_unprepared(&migration::inadequate_flag_backfill_sql())
        .await?;
    Ok(())
}
