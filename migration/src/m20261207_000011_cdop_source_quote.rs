//! A CDOP return's citation kept apart from any wording quoted from its
//! source.
//!
//! A report's sentence often states the very figures disclosure control
//! hides ("... 5 between 15-17 years of age"), so a quotation may only reach
//! callers with exact rights, while the citation (document, section, page or
//! table) is shown to everyone. `source` stays the citation; the quotation
//! moves to `source_quote`. The demo returns loaded before this migration
//! held both in `source`: they are split here, matched by their exact text.
//! Any other return keeps its `source` as it was sent, as a citation.
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000011_cdop_source_quote"
    }
}

#[derive(DeriveIden)]
enum CdopReturn {
    Table,
    Source,
    SourceQuote,
}

/// The demo returns' `source` before this migration, and the citation and
/// quotation it becomes.
const DEMO_SPLITS: [(&str, &str, &str); 4] = [
    (
        "Somerset Safeguarding Children Board annual report 2016-17 (seed 002), section 7.2 Numbers reviewed during 2016/17: 24 deaths notified, 27 reviewed; 59% expected, 41% unexpected; modifiable factors in 41%; 4% of reviews within 6 months, 70% at 6-12 months, 26% over 12 months (counts are the one whole number of the 27 each percentage rounds from)",
        "Somerset Safeguarding Children Board annual report 2016-17 (seed 002), section 7.2 Numbers reviewed during 2016/17",
        "24 deaths notified, 27 reviewed; 59% expected, 41% unexpected; modifiable factors in 41%; 4% of reviews within 6 months, 70% at 6-12 months, 26% over 12 months (counts are the one whole number of the 27 each percentage rounds from)",
    ),
    (
        "SSCP first report 2019-20 (seed 000), Child Death Overview Panel: 32 child deaths from Somerset considered at the panel in 2019-2020 (held as reviews completed)",
        "SSCP first report 2019-20 (seed 000), Child Death Overview Panel",
        "32 child deaths from Somerset considered at the panel in 2019-2020 (held as reviews completed)",
    ),
    (
        "SSCP annual report 2024-25 (seed 001), Child Death Overview Panel (CDOP): notifications marginally decreased since 2023-24 (30)",
        "SSCP annual report 2024-25 (seed 001), Child Death Overview Panel (CDOP)",
        "notifications marginally decreased since 2023-24 (30)",
    ),
    (
        "SSCP annual report 2024-25 (seed 001), Child Death Overview Panel (CDOP): 27 child death notifications, 28 CDOP reviews completed, 19 deaths under 1 year of age, 5 between 15-17 years of age",
        "SSCP annual report 2024-25 (seed 001), Child Death Overview Panel (CDOP)",
        "27 child death notifications, 28 CDOP reviews completed, 19 deaths under 1 year of age, 5 between 15-17 years of age",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(CdopReturn::Table)
                    .add_column(ColumnDef::new(CdopReturn::SourceQuote).text().null())
                    .to_owned(),
            )
            .await?;
        for (before, citation, quote) in DEMO_SPLITS {
            manager
                .exec_stmt(
                    Query::update()
                        .table(CdopReturn::Table)
                        .value(CdopReturn::Source, citation)
                        .value(CdopReturn::SourceQuote, quote)
                        .and_where(Expr::col(CdopReturn::Source).eq(before))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(CdopReturn::Table)
                    .drop_column(CdopReturn::SourceQuote)
                    .to_owned(),
            )
            .await
    }
}
