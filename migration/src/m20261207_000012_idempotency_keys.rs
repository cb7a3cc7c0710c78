//! The `Idempotency-Key`s of writes: one row per caller and key, claimed
//! before a mutation runs, marked written in the same transaction as the
//! write, and holding the response once it is known, for a retry to replay.
//! Kept in the database so that every instance and a restarted one agree.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000012_idempotency_keys"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("idempotency_key")
                    // A token's issuer and subject: keys are per caller, and
                    // the same key from two callers are two keys.
                    .col(string_len("issuer", 255))
                    .col(string_len("subject", 255))
                    .col(string_len("key", 255))
                    .col(string_len("fingerprint", 64))
                    .col(string_len("state", 16))
                    // Which execution holds the claim: only it may mark the
                    // key written or store its response.
                    .col(string_len("holder", 36))
                    .col(timestamp_with_time_zone("lease_until"))
                    .col(text_null("written_records"))
                    .col(small_integer_null("response_status"))
                    .col(string_len_null("response_content_type", 255))
                    .col(text_null("response_body"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .primary_key(Index::create().col("issuer").col("subject").col("key"))
                    .to_owned(),
            )
            .await?;
        // The purge deletes by expiry.
        manager
            .create_index(
                Index::create()
                    .name("ix_idempotency_key_expires")
                    .table("idempotency_key")
                    .col("expires_at")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("idempotency_key").to_owned())
            .await
    }
}
