//! A partial index of the grades that count as Inadequate (the moderated grade
//! where there is one, else the self-assessed one).
//!
//! "Agencies with at least one Inadequate grading" is asked of every part of a
//! round by `section11Summary` and by the benchmark. Without this index the
//! question costs an index probe per return, or PostgreSQL scans all grades
//! (360,000 at the synthetic scale: 12-48 ms a time); with it, the few
//! percent of grades that are Inadequate are read from a small index. The
//! predicate must stay textually the same as the query's (now the Section 11
//! tally recount of migration 000009), or the planners will not use it.
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261122_000007_inadequate_grade_index"
    }
}

/// The index's predicate, shared with the query that relies on it.
pub const INADEQUATE_PREDICATE: &str =
    "COALESCE(\"moderated_grade\", \"self_grade\") = 'INADEQUATE'";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE INDEX ix_section11_grade_inadequate ON section11_grade (return_id) \
                 WHERE {INADEQUATE_PREDICATE}"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_section11_grade_inadequate")
                    .table("section11_grade")
                    .to_owned(),
            )
            .await
    }
}
