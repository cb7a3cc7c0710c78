//! The audit log (append-only, written in the same transaction as the work)
//! and the hub's own metadata.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261121_000002_audit_log"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("audit_event")
                    .col(big_pk_auto("id"))
                    .col(timestamp_with_time_zone("occurred_at"))
                    .col(string("actor"))
                    .col(string_null("actor_name"))
                    .col(string_null("issuer"))
                    .col(string_len("role", 32))
                    .col(string("operation"))
                    .col(string_len_null("partnership_code", 32))
                    .col(string_null("record_type"))
                    .col(string_null("record_id"))
                    .col(string("outcome"))
                    .col(text_null("detail"))
                    .col(string_null("agreement_id"))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("ix_audit_event_time", vec!["occurred_at", "id"]),
            (
                "ix_audit_event_partnership",
                vec!["partnership_code", "occurred_at"],
            ),
            ("ix_audit_event_actor", vec!["actor", "occurred_at"]),
        ] {
            let mut index = Index::create().name(name).table("audit_event").to_owned();
            for col in cols {
                index.col(col);
            }
            manager.create_index(index).await?;
        }
        // Facts about this database itself, e.g. when demo data was loaded into it.
        manager
            .create_table(
                Table::create()
                    .table("hub_meta")
                    .col(string_len("key", 64).primary_key())
                    .col(text("value"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["hub_meta", "audit_event"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
