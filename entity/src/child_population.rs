//! Child population (aged 0-17) of one partnership's area in one year.
use sea_orm::entity::prelude::*;

use crate::PartnershipCode;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "child_population")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub partnership_code: PartnershipCode,
    /// The mid-year the estimate refers to.
    pub year: i32,
    pub children: i32,
    pub source: String,
    /// True until an official estimate replaces a placeholder figure.
    pub approximate: bool,
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
