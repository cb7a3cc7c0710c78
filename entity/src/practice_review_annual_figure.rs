//! Counts a partnership published for one period without individual reviews
//! ("Number of Rapid Reviews" per year). Where one exists it is the period's
//! count; recorded reviews are counted only where none does.
use sea_orm::entity::prelude::*;

use crate::PartnershipCode;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "practice_review_annual_figure")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub partnership_code: PartnershipCode,
    pub period_label: String,
    pub rapid_reviews: Option<i32>,
    pub lcsprs_commissioned: Option<i32>,
    pub learning_reviews: Option<i32>,
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
