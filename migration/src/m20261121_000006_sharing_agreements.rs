//! Data sharing agreements: the agreement, its recipients, each party's
//! signature, and its append-only history.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261121_000006_sharing_agreements"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("sharing_agreement")
                    .col(string_len("id", 36).primary_key())
                    .col(string("title"))
                    .col(string_len("provider", 32))
                    .col(string_len("dataset", 16))
                    .col(string_len("level", 32))
                    .col(text("purpose"))
                    .col(date("start_date"))
                    .col(date_null("end_date"))
                    .col(string_len("status", 16))
                    .col(string("proposed_by"))
                    .col(timestamp_with_time_zone("proposed_at"))
                    .col(string_null("revoked_by"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .col(text_null("revocation_reason"))
                    .col(boolean("illustrative").default(false))
                    .col(text_null("source"))
                    .col(integer("version").default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .from("sharing_agreement", "provider")
                            .to("partnership", "code"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_sharing_agreement_status")
                    .table("sharing_agreement")
                    .col("status")
                    .col("dataset")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("sharing_agreement_recipient")
                    .col(pk_auto("id"))
                    .col(string_len("agreement_id", 36))
                    .col(string_len("kind", 32))
                    .col(string_len_null("partnership", 32))
                    .col(string_len_null("role", 32))
                    .foreign_key(
                        ForeignKey::create()
                            .from("sharing_agreement_recipient", "agreement_id")
                            .to("sharing_agreement", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("sharing_agreement_signature")
                    .col(pk_auto("id"))
                    .col(string_len("agreement_id", 36))
                    .col(string_len("partnership", 32))
                    .col(string("signed_by"))
                    .col(string_null("signed_by_name"))
                    .col(timestamp_with_time_zone("signed_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("sharing_agreement_signature", "agreement_id")
                            .to("sharing_agreement", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("sharing_agreement_event")
                    .col(big_pk_auto("id"))
                    .col(string_len("agreement_id", 36))
                    .col(timestamp_with_time_zone("occurred_at"))
                    .col(string("actor"))
                    .col(string_len("action", 32))
                    .col(integer("version"))
                    .col(text_null("detail"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("sharing_agreement_event", "agreement_id")
                            .to("sharing_agreement", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, table, col) in [
            (
                "ix_sharing_agreement_recipient_agreement",
                "sharing_agreement_recipient",
                "agreement_id",
            ),
            (
                "ux_sharing_agreement_signature_party",
                "sharing_agreement_signature",
                "agreement_id",
            ),
            (
                "ix_sharing_agreement_event_agreement",
                "sharing_agreement_event",
                "agreement_id",
            ),
        ] {
            let mut index = Index::create().name(name).table(table).col(col).to_owned();
            if name.starts_with("ux_") {
                // One signature per party per agreement.
                index.col("partnership").unique();
            }
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "sharing_agreement_event",
            "sharing_agreement_signature",
            "sharing_agreement_recipient",
            "sharing_agreement",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
