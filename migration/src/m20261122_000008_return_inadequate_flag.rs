//! Whether a Section 11 return has any Inadequate grading, kept on the return.
//!
//! "Agencies with at least one Inadequate grading" is counted for every part
//! of a round by `section11Summary` and by every benchmark view. Asked of the
//! grades, it cost an index probe per return (2.4 ms a matrix at the synthetic
//! scale); and once the statistics were fresh, the planner's generic plan for
//! the partial index of migration 000007 hashed every Inadequate grade of ten
//! years instead (5.6 ms). Kept on the return, it is one more count in the
//! pass over returns that summaries make anyway. The column is derived: the
//! service recomputes it in the transaction of every write that changes
//! grades (`section11::service::inadequate`), and this migration computes it
//! for the returns already held. The partial index, which nothing reads any
//! more and every grade write maintained, is dropped.
use sea_orm_migration::prelude::*;

use crate::m20261122_000007_inadequate_grade_index::INADEQUATE_PREDICATE;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261122_000008_return_inadequate_flag"
    }
}

#[derive(DeriveIden)]
enum Section11Return {
    Table,
    HasInadequateGrade,
}

/// Recomputes the flag of every return from its grades. The service's own
/// recomputation (one return at a time) states the same rule.
pub fn backfill_sql() -> String {
    format!(
        "UPDATE section11_return SET has_inadequate_grade = EXISTS (\
         SELECT 1 FROM section11_grade \
         WHERE section11_grade.return_id = section11_return.id AND {INADEQUATE_PREDICATE})"
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Section11Return::Table)
                    .add_column(
                        ColumnDef::new(Section11Return::HasInadequateGrade)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(&backfill_sql()).await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ix_section11_grade_inadequate")
                    .table("section11_grade")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE INDEX ix_section11_grade_inadequate ON section11_grade (return_id) \
                 WHERE {INADEQUATE_PREDICATE}"
            ))
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Section11Return::Table)
                    .drop_column(Section11Return::HasInadequateGrade)
                    .to_owned(),
            )
            .await
    }
}
