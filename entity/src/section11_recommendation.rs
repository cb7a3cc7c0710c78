//! A recommendation a round made for a partnership.
use sea_orm::entity::prelude::*;

use crate::PartnershipCode;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "section11_recommendation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub round_id: String,
    pub partnership_code: PartnershipCode,
    pub number: i32,
    pub text: String,
    pub source: String,
    pub illustrative: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
