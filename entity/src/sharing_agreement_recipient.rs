//! Who receives data under an agreement: a partnership (optionally one role in
//! it), every holder of a role, or the regional scrutineer.
use sea_orm::entity::prelude::*;

use crate::PartnershipCode;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sharing_agreement_recipient")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub agreement_id: String,
    /// `PARTNERSHIP`, `ROLE` or `REGIONAL_SCRUTINEER`.
    pub kind: String,
    pub partnership: Option<PartnershipCode>,
    /// A role as spelled in tokens (`partnership_manager`), narrowing the recipient.
    pub role: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
