//! A versioned Section 11 framework: the standards agencies are graded against.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "section11_framework")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The framework family, e.g. `REGIONAL`; editions of one family share it.
    pub code: String,
    pub edition: i32,
    pub name: String,
    pub description: String,
    pub source: String,
    pub illustrative: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
