//! One agency's Section 11 self-assessment in one round for one partnership.
use sea_orm::entity::prelude::*;

use crate::section11_enums::{Section11Grade, Section11ReturnStatus};
use crate::PartnershipCode;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "section11_return")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub round_id: String,
    pub agency_id: String,
    pub partnership_code: PartnershipCode,
    pub status: Section11ReturnStatus,
    pub overall_grade: Option<Section11Grade>,
    /// The overall grade after the partnership's peer challenge, beside the self-assessed one.
    pub moderated_overall_grade: Option<Section11Grade>,
    pub validation_note: Option<String>,
    pub source: String,
    pub illustrative: bool,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub created_by: String,
    pub updated_at: DateTimeUtc,
    pub updated_by: String,
    pub submitted_at: Option<DateTimeUtc>,
    pub submitted_by: Option<String>,
    pub validated_at: Option<DateTimeUtc>,
    pub validated_by: Option<String>,
    pub published_at: Option<DateTimeUtc>,
    pub published_by: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
