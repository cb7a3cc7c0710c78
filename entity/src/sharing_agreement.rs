//! A data sharing agreement: what one partnership shares, with whom, at what
//! level, for what purpose and until when.
use sea_orm::entity::prelude::*;

use crate::PartnershipCode;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sharing_agreement")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub title: String,
    pub provider: PartnershipCode,
    /// `SECTION11`, `SCRUTINY` or `CDOP`.
    pub dataset: String,
    /// `EXACT_AGGREGATES` or `RECORD_LEVEL`.
    pub level: String,
    pub purpose: String,
    pub start_date: Date,
    pub end_date: Option<Date>,
    /// `PROPOSED`, `SIGNED` or `REVOKED`.
    pub status: String,
    pub proposed_by: String,
    pub proposed_at: DateTimeUtc,
    pub revoked_by: Option<String>,
    pub revoked_at: Option<DateTimeUtc>,
    pub revocation_reason: Option<String>,
    pub illustrative: bool,
    pub source: Option<String>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
