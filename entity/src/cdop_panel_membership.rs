//! A partnership's dated membership of a child death overview panel.
use sea_orm::entity::prelude::*;

use crate::PartnershipCode;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cdop_panel_membership")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub panel_code: String,
    pub partnership_code: PartnershipCode,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub source: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
