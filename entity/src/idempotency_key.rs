//! An `Idempotency-Key` of one caller: its claim on a write, and the stored
//! response a retry with the same key replays.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_key")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub issuer: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub subject: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// SHA-256 (hex) of the request's method, path, query string and body.
    pub fingerprint: String,
    /// `running`, `written` (the write committed, its response not yet
    /// stored) or `complete` (the response is stored).
    pub state: String,
    /// The execution holding the claim.
    pub holder: String,
    /// Until when the holder is taken to be alive.
    pub lease_until: DateTimeUtc,
    /// The records the request wrote, as `type:id`, one a line.
    pub written_records: Option<String>,
    pub response_status: Option<i16>,
    pub response_content_type: Option<String>,
    pub response_body: Option<String>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
