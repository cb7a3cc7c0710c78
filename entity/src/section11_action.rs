//! An action a return commits to for a standard graded below Good.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "section11_action")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub return_id: String,
    pub standard_id: String,
    pub what: String,
    pub owner: String,
    pub due_date: Date,
    pub sort_order: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
