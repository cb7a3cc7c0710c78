//! A local child safeguarding practice review: commissioned, written and
//! published (or held back, with the reason).
use sea_orm::entity::prelude::*;

use crate::PartnershipCode;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "practice_review_lcspr")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub partnership_code: PartnershipCode,
    /// The rapid review that led to it, when recorded.
    pub rapid_review_id: Option<String>,
    pub title: String,
    pub commissioned: Date,
    pub independent_reviewer: bool,
    pub reviewer: Option<String>,
    pub expected_completion: Date,
    pub completed: Option<Date>,
    pub published: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub not_published_reason: Option<String>,
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
