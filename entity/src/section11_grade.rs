//! A return's grade for one standard or sub-standard.
use sea_orm::entity::prelude::*;

use crate::section11_enums::Section11Grade;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "section11_grade")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub return_id: String,
    pub standard_id: String,
    pub self_grade: Section11Grade,
    /// Set at validation when peer challenge changed the grade.
    pub moderated_grade: Option<Section11Grade>,
    pub evidence: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The grade summaries count: the moderated one where there is one.
    pub fn effective_grade(&self) -> Section11Grade {
        self.moderated_grade.unwrap_or(self.self_grade)
    }
}
