//! A standard of a Section 11 framework, or one of its sub-standards.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "section11_standard")]
pub struct Model {
    /// `{framework id}/{number}`, stable across deployments.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub framework_id: String,
    /// The number agencies and reports use, e.g. `8` or `8.3`.
    pub number: String,
    /// The standard a sub-standard belongs to; `None` for a standard.
    pub parent_number: Option<String>,
    pub title: String,
    pub sort_order: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
