//! One audited action: every write, and every read of exact CDOP figures.
use sea_orm::entity::prelude::*;

use crate::PartnershipCode;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub occurred_at: DateTimeUtc,
    pub actor: String,
    pub actor_name: Option<String>,
    pub issuer: Option<String>,
    pub role: String,
    pub operation: String,
    pub partnership_code: Option<PartnershipCode>,
    pub record_type: Option<String>,
    pub record_id: Option<String>,
    /// `success`, or the error code the operation was refused with.
    pub outcome: String,
    pub detail: Option<String>,
    /// The sharing agreement that granted the access, where one did.
    pub agreement_id: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
