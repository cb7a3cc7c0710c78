//! A recommendation made by a local child safeguarding practice review, owned by a partnership (or an
//! agency within it).
use sea_orm::entity::prelude::*;

use crate::scrutiny_enums::RecommendationStatus;
use crate::PartnershipCode;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "practice_review_recommendation")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub lcspr_id: String,
    /// Order within the review, from 0.
    pub position: i32,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    /// The partnership that must answer it, directly or through one of its agencies.
    pub owner_partnership_code: PartnershipCode,
    /// The agency within that partnership that owns it, when it is not the
    /// partnership itself.
    pub owner_agency: Option<String>,
    pub due_date: Date,
    pub status: RecommendationStatus,
    pub recorded_by: String,
    pub recorded_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
