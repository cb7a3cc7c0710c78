//! Practice reviews: serious incident notifications with their rapid reviews,
//! local child safeguarding practice reviews (LCSPRs) with their
//! recommendations and the recommendations' append-only history,
//! non-statutory learning reviews, and the annual counts partnerships publish
//! without individual reviews. All raise the data generation, since
//! benchmarks are computed from them.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::m20261203_000010_data_generation::{track, untrack};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000013_practice_reviews"
    }
}

/// The tables this migration adds, all tracked by the data generation.
pub const TABLES: [&str; 6] = [
    "practice_review_rapid_review",
    "practice_review_lcspr",
    "practice_review_learning_review",
    "practice_review_annual_figure",
    "practice_review_recommendation",
    "practice_review_recommendation_event",
];

fn partnership_fk(table: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, "partnership_code")
        .to("partnership", "code")
        .to_owned()
}

/// Who recorded a row and when, and its version for optimistic updates.
fn bookkeeping(table: &mut TableCreateStatement) -> &mut TableCreateStatement {
    table
        .col(text("source"))
        .col(boolean("illustrative"))
        .col(string("recorded_by"))
        .col(timestamp_with_time_zone("recorded_at"))
        .col(string("updated_by"))
        .col(timestamp_with_time_zone("updated_at"))
        .col(integer("version"))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let rapid = "practice_review_rapid_review";
        manager
            .create_table(
                bookkeeping(
                    Table::create()
                        .table(rapid)
                        .col(string_len("id", 36).primary_key())
                        .col(string_len("partnership_code", 32))
                        .col(string_len("reference", 64))
                        .col(date("incident_known"))
                        .col(date("notified"))
                        .col(date_null("completed"))
                        .col(date_null("sent_to_panel"))
                        .col(string_len_null("decision", 32))
                        .col(text_null("panel_response"))
                        .col(json("themes"))
                        .foreign_key(&mut partnership_fk(rapid)),
                )
                .to_owned(),
            )
            .await?;
        let lcspr = "practice_review_lcspr";
        manager
            .create_table(
                bookkeeping(
                    Table::create()
                        .table(lcspr)
                        .col(string_len("id", 36).primary_key())
                        .col(string_len("partnership_code", 32))
                        .col(string_len_null("rapid_review_id", 36))
                        .col(string("title"))
                        .col(date("commissioned"))
                        .col(boolean("independent_reviewer"))
                        .col(string_null("reviewer"))
                        .col(date("expected_completion"))
                        .col(date_null("completed"))
                        .col(date_null("published"))
                        .col(text_null("not_published_reason"))
                        .col(json("themes"))
                        .foreign_key(&mut partnership_fk(lcspr))
                        .foreign_key(
                            ForeignKey::create()
                                .from(lcspr, "rapid_review_id")
                                .to(rapid, "id"),
                        ),
                )
                .to_owned(),
            )
            .await?;
        let learning = "practice_review_learning_review";
        manager
            .create_table(
                bookkeeping(
                    Table::create()
                        .table(learning)
                        .col(string_len("id", 36).primary_key())
                        .col(string_len("partnership_code", 32))
                        .col(string("title"))
                        .col(date("completed"))
                        .col(json("themes"))
                        .foreign_key(&mut partnership_fk(learning)),
                )
                .to_owned(),
            )
            .await?;
        let annual = "practice_review_annual_figure";
        manager
            .create_table(
                bookkeeping(
                    Table::create()
                        .table(annual)
                        .col(string_len("id", 36).primary_key())
                        .col(string_len("partnership_code", 32))
                        .col(string_len("period_label", 32))
                        .col(integer_null("rapid_reviews"))
                        .col(integer_null("lcsprs_commissioned"))
                        .col(integer_null("learning_reviews"))
                        .foreign_key(&mut partnership_fk(annual))
                        .foreign_key(
                            ForeignKey::create()
                                .from(annual, "period_label")
                                .to("reporting_period", "label"),
                        ),
                )
                .to_owned(),
            )
            .await?;
        // One published figure per partnership and period, so it can never be
        // counted twice.
        manager
            .create_index(
                Index::create()
                    .name("ux_practice_review_annual_figure")
                    .table(annual)
                    .col("partnership_code")
                    .col("period_label")
                    .unique()
                    .to_owned(),
            )
            .await?;
        let recommendation = "practice_review_recommendation";
        manager
            .create_table(
                Table::create()
                    .table(recommendation)
                    .col(string_len("id", 36).primary_key())
                    .col(string_len("lcspr_id", 36))
                    .col(integer("position"))
                    .col(text("text"))
                    .col(string_len("owner_partnership_code", 32))
                    .col(string_null("owner_agency"))
                    .col(date("due_date"))
                    .col(string_len("status", 16))
                    .col(string("recorded_by"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(integer("version"))
                    .foreign_key(
                        ForeignKey::create()
                            .from(recommendation, "lcspr_id")
                            .to(lcspr, "id"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(recommendation, "owner_partnership_code")
                            .to("partnership", "code"),
                    )
                    .to_owned(),
            )
            .await?;
        let event = "practice_review_recommendation_event";
        manager
            .create_table(
                Table::create()
                    .table(event)
                    .col(string_len("id", 36).primary_key())
                    .col(string_len("recommendation_id", 36))
                    .col(integer("sequence"))
                    .col(string_len("kind", 16))
                    .col(timestamp_with_time_zone("occurred_at"))
                    .col(string("actor"))
                    .col(string_len("actor_role", 32))
                    .col(string_len_null("from_status", 16))
                    .col(string_len_null("to_status", 16))
                    .col(text_null("text"))
                    .foreign_key(
                        ForeignKey::create()
                            .from(event, "recommendation_id")
                            .to(recommendation, "id"),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, table, cols) in [
            (
                "ix_practice_review_rapid_partnership",
                rapid,
                &["partnership_code", "notified"][..],
            ),
            (
                "ix_practice_review_lcspr_partnership",
                lcspr,
                &["partnership_code", "commissioned"][..],
            ),
            (
                "ix_practice_review_learning_partnership",
                learning,
                &["partnership_code", "completed"][..],
            ),
            (
                "ix_practice_review_recommendation_lcspr",
                recommendation,
                &["lcspr_id", "position"][..],
            ),
        ] {
            let mut index = Index::create().name(name).table(table).to_owned();
            for c in cols {
                index.col(*c);
            }
            manager.create_index(index).await?;
        }
        // Appending races on the next sequence number: the loser fails here.
        manager
            .create_index(
                Index::create()
                    .name("ux_practice_review_recommendation_event_sequence")
                    .table(event)
                    .col("recommendation_id")
                    .col("sequence")
                    .unique()
                    .to_owned(),
            )
            .await?;
        track(manager, &TABLES).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        untrack(manager, &TABLES).await?;
        for table in TABLES.iter().rev() {
            manager
                .drop_table(Table::drop().table(*table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
