//! A serious incident notified to the Child Safeguarding Practice Review
//! Panel, and the rapid review that follows it. About one child: record-level
//! access only.
use sea_orm::entity::prelude::*;

use crate::practice_review_enums::RapidReviewDecision;
use crate::PartnershipCode;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "practice_review_rapid_review")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub partnership_code: PartnershipCode,
    /// The partnership's own reference, never a child's name.
    pub reference: String,
    /// When the partnership became aware of the incident: the 15 working days run from here.
    pub incident_known: Date,
    /// When the serious incident notification was sent to the National Panel.
    pub notified: Date,
    pub completed: Option<Date>,
    pub sent_to_panel: Option<Date>,
    pub decision: Option<RapidReviewDecision>,
    #[sea_orm(column_type = "Text", nullable)]
    pub panel_response: Option<String>,
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
