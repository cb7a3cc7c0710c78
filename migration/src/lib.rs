//! Schema migrations of the safeguarding data hub, applied in order at start-up
//! and by the `migrate` subcommand. Reference data that every deployment needs
//! (partnerships, periods, panels, populations) is migrated in with its tables.

pub use sea_orm_migration::prelude::*;

mod m20261121_000001_reference_data;
mod m20261121_000002_audit_log;
mod m20261121_000003_section11;
mod m20261121_000004_scrutiny;
mod m20261121_000005_cdop;
mod m20261121_000006_sharing_agreements;
mod m20261122_000007_inadequate_grade_index;
mod m20261122_000008_return_newest_index;
mod m20261122_000009_section11_part_tallies;
mod m20261203_000010_data_generation;
mod m20261207_000011_cdop_source_quote;
mod m20261207_000012_idempotency_keys;
mod m20261207_000013_practice_reviews;
mod m20261207_000014_lado;

pub use m20261122_000007_inadequate_grade_index::INADEQUATE_PREDICATE;
pub use m20261122_000009_section11_part_tallies::{
    recount as section11_tally_recount, Recount, Section11GradeTally, Section11ReturnTally,
};
pub use m20261203_000010_data_generation::{GENERATION_TABLE, TRACKED_TABLES, UNTRACKED_TABLES};
/// Tables added after the generation migration that raise it too.
pub use m20261207_000013_practice_reviews::TABLES as PRACTICE_REVIEW_TABLES;
pub use m20261207_000014_lado::TABLES as LADO_TRACKED_TABLES;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261121_000001_reference_data::Migration),
            Box::new(m20261121_000002_audit_log::Migration),
            Box::new(m20261121_000003_section11::Migration),
            Box::new(m20261121_000004_scrutiny::Migration),
            Box::new(m20261121_000005_cdop::Migration),
            Box::new(m20261121_000006_sharing_agreements::Migration),
            Box::new(m20261122_000007_inadequate_grade_index::Migration),
            Box::new(m20261122_000008_return_newest_index::Migration),
            Box::new(m20261122_000009_section11_part_tallies::Migration),
            Box::new(m20261203_000010_data_generation::Migration),
            Box::new(m20261207_000011_cdop_source_quote::Migration),
            Box::new(m20261207_000012_idempotency_keys::Migration),
            Box::new(m20261207_000013_practice_reviews::Migration),
            Box::new(m20261207_000014_lado::Migration),
        ]
    }
}
