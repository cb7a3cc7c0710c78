//! One entry of an LCSPR recommendation's history. Rows are only ever inserted.
use sea_orm::entity::prelude::*;

use crate::scrutiny_enums::{RecommendationEventKind, RecommendationStatus};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "practice_review_recommendation_event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub recommendation_id: String,
    /// 1 for the recording, then one more per entry; unique per recommendation.
    pub sequence: i32,
    pub kind: RecommendationEventKind,
    pub occurred_at: DateTimeUtc,
    /// Token subject of who made the entry.
    pub actor: String,
    /// The role they acted in.
    pub actor_role: String,
    pub from_status: Option<RecommendationStatus>,
    pub to_status: Option<RecommendationStatus>,
    #[sea_orm(column_type = "Text", nullable)]
    pub text: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
