//! A generation number of the data that aggregate reads are computed from,
//! raised by a trigger on every write to any of those tables.
//!
//! The server keeps the answers of its costliest aggregate reads (Section 11
//! summaries, scrutiny coverage, CDOP regional summaries, benchmark
//! matrices) in memory, keyed by the generation read at the start of the
//! request. Held in the database and
//! raised inside the writing transaction, it is seen changed by every
//! instance the moment the write commits, and never before: a read that
//! starts after a commit misses the cache, and one that starts before it
//! cannot be stored under the new number. Triggers, rather than calls in each
//! service, so that no write path, present or future, can forget it.
//!
//! Section 11 returns and their grades are not tracked: a draft is edited
//! many times, and no cached read looks at them (summaries count a part's
//! tallies, which each submit, validate and publish recounts). Tracking them
//! would also take a second lock row, in an order transactions do not share.
//! The audit log is written by reads themselves, and is not read by any
//! cached answer. Idempotency keys are bookkeeping of requests, not data any
//! answer is computed from.
use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000010_data_generation"
    }
}

/// The table holding the one generation row.
pub const GENERATION_TABLE: &str = "data_generation";

/// Every table whose writes raise the generation.
pub const TRACKED_TABLES: [&str; 33] = [
    "partnership",
    "reporting_period",
    "child_population",
    "cdop_panel",
    "cdop_panel_membership",
    "cdop_return",
    "cdop_return_cell",
    "hub_meta",
    "scrutiny_scrutineer",
    "scrutiny_appointment",
    "scrutiny_theme",
    "scrutiny_activity",
    "scrutiny_activity_partnership",
    "scrutiny_activity_theme",
    "scrutiny_finding",
    "scrutiny_recommendation",
    "scrutiny_recommendation_event",
    "section11_framework",
    "section11_standard",
    "section11_agency",
    "section11_agency_partnership",
    "section11_round",
    "section11_round_partnership",
    "section11_round_agency",
    "section11_return_tally",
    "section11_grade_tally",
    "section11_survey_result",
    "section11_recommendation",
    "section11_action",
    "sharing_agreement",
    "sharing_agreement_recipient",
    "sharing_agreement_signature",
    "sharing_agreement_event",
];

/// Tables deliberately left untracked, each for the reason in the module
/// comment; a test holds every table of the schema to one list or the other.
pub const UNTRACKED_TABLES: [&str; 6] = [
    "section11_return",
    "section11_grade",
    "audit_event",
    "idempotency_key",
    "seaql_migrations",
    GENERATION_TABLE,
];

fn trigger_name(table: &str, event: &str) -> String {
    format!("bump_generation_{table}_{event}")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(&format!(
            "CREATE TABLE {GENERATION_TABLE} (id INTEGER PRIMARY KEY NOT NULL, \
             generation BIGINT NOT NULL)"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "INSERT INTO {GENERATION_TABLE} (id, generation) VALUES (1, 1)"
        ))
        .await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(&format!(
                "CREATE FUNCTION bump_data_generation() RETURNS trigger LANGUAGE plpgsql AS \
                 $$ BEGIN {}; RETURN NULL; END $$",
                bump_statement()
            ))
            .await?;
        }
        track(manager, &TRACKED_TABLES).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        untrack(manager, &TRACKED_TABLES).await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared("DROP FUNCTION IF EXISTS bump_data_generation()")
                .await?;
        }
        db.execute_unprepared(&format!("DROP TABLE IF EXISTS {GENERATION_TABLE}"))
            .await?;
        Ok(())
    }
}

fn bump_statement() -> String {
    format!("UPDATE {GENERATION_TABLE} SET generation = generation + 1 WHERE id = 1")
}

/// Gives each of `tables` the triggers raising the generation. Later
/// migrations call it for the tables they add, so that every tracked table is
/// tracked the same way.
pub(crate) async fn track(manager: &SchemaManager<'_>, tables: &[&str]) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match manager.get_database_backend() {
        DbBackend::Postgres => {
            for table in tables {
                // Once per statement: a bulk insert raises it once.
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} \
                     FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation()",
                    trigger_name(table, "write")
                ))
                .await?;
            }
        }
        _ => {
            // SQLite has row triggers only, one per event.
            let bump = bump_statement();
            for table in tables {
                for event in ["INSERT", "UPDATE", "DELETE"] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {} AFTER {event} ON {table} BEGIN {bump}; END",
                        trigger_name(table, &event.to_ascii_lowercase())
                    ))
                    .await?;
                }
            }
        }
    }
    Ok(())
}

/// Drops what [`track`] created.
pub(crate) async fn untrack(manager: &SchemaManager<'_>, tables: &[&str]) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for table in tables {
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(&format!(
                    "DROP TRIGGER IF EXISTS {} ON {table}",
                    trigger_name(table, "write")
                ))
                .await?;
            }
            _ => {
                for event in ["insert", "update", "delete"] {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS {}",
                        trigger_name(table, event)
                    ))
                    .await?;
                }
            }
        }
    }
    Ok(())
}
