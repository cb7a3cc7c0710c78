//! One theme's result of a practitioner survey round for one partnership.
use sea_orm::entity::prelude::*;

use crate::PartnershipCode;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "section11_survey_result")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub round_id: String,
    pub partnership_code: PartnershipCode,
    pub theme: String,
    pub question: Option<String>,
    /// Percentage (0-100) of respondents answering positively.
    pub share_positive: Option<f64>,
    pub respondents: Option<i32>,
    pub key_finding: String,
    pub source: String,
    pub illustrative: bool,
    pub sort_order: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
