//! A non-statutory learning review: an incident that did not meet the
//! criteria for a rapid review or LCSPR but held learning.
use sea_orm::entity::prelude::*;

use crate::PartnershipCode;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "practice_review_learning_review")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub partnership_code: PartnershipCode,
    pub title: String,
    pub completed: Date,
    /// The review's themes, a JSON array of strings.
    pub themes: Json,
    #[sea_orm(column_type = "Text")]
    pub source: String,
    pub illustrative: bool,
    pub recorded_by: String,
    pub recorded_at: DateTimeUtc,
    pub updated_by: String,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
