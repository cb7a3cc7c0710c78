//! An agency expected to make a return in a round for a partnership.
use sea_orm::entity::prelude::*;

use crate::PartnershipCode;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "section11_round_agency")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub round_id: String,
    pub agency_id: String,
    pub partnership_code: PartnershipCode,
    /// The agency made a nil return: expected, but nothing to grade was received.
    pub nil_return: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
