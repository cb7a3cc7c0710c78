//! One Section 11 audit cycle.
use sea_orm::entity::prelude::*;

use crate::section11_enums::Section11RoundMode;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "section11_round")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub title: String,
    pub period_label: String,
    pub framework_id: String,
    pub mode: Section11RoundMode,
    pub opens_on: Date,
    pub closes_on: Date,
    pub description: Option<String>,
    pub source: String,
    pub illustrative: bool,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub created_by: String,
    pub updated_at: DateTimeUtc,
    pub updated_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
