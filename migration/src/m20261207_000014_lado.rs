//! LADO returns: one row per partnership and period, and one row per figure
//! reported in it (a figure the return did not report has no row). Both
//! tables raise the data generation, like every table a cached answer reads.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000014_lado"
    }
}

/// The tables this migration creates; each raises the data generation.
pub const TABLES: [&str; 2] = ["lado_return", "lado_return_cell"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("lado_return")
                    .col(string_len("id", 36).primary_key())
                    .col(string_len("partnership_code", 32))
                    .col(string_len("period_label", 32))
                    .col(date("period_start"))
                    .col(string_len("status", 16))
                    .col(text("source"))
                    .col(text_null("source_quote"))
                    .col(boolean("illustrative"))
                    .col(string("submitted_by"))
                    .col(timestamp_with_time_zone("submitted_at"))
                    .col(string_null("published_by"))
                    .col(timestamp_with_time_zone_null("published_at"))
                    .col(integer("version"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("lado_return", "partnership_code")
                            .to("partnership", "code"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("lado_return", "period_label")
                            .to("reporting_period", "label"),
                    )
                    .to_owned(),
            )
            .await?;
        // One return per partnership and period: a second submission is an
        // update, and two racing first submissions cannot both insert.
        manager
            .create_index(
                Index::create()
                    .name("ux_lado_return_partnership_period")
                    .table("lado_return")
                    .col("partnership_code")
                    .col("period_label")
                    .unique()
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "ix_lado_return_period",
                vec!["period_label", "partnership_code"],
            ),
            (
                "ix_lado_return_order",
                vec!["period_start", "partnership_code"],
            ),
            ("ix_lado_return_status", vec!["status", "partnership_code"]),
        ] {
            let mut index = Index::create().name(name).table("lado_return").to_owned();
            for col in cols {
                index.col(col);
            }
            manager.create_index(index).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("lado_return_cell")
                    .col(string_len("return_id", 36))
                    .col(string_len("cell", 48))
                    .col(integer("count"))
                    .col(double_null("share_percent"))
                    .primary_key(Index::create().col("return_id").col("cell"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("lado_return_cell", "return_id")
                            .to("lado_return", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        crate::m20261203_000010_data_generation::track(manager, &TABLES).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::m20261203_000010_data_generation::untrack(manager, &TABLES).await?;
        for table in ["lado_return_cell", "lado_return"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
