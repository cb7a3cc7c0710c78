//! A partnership an agency works in.
use sea_orm::entity::prelude::*;

use crate::PartnershipCode;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "section11_agency_partnership")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub agency_id: String,
    pub partnership_code: PartnershipCode,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
