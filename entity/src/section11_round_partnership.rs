//! A partnership taking part in a round, and whether it has published its part.
use sea_orm::entity::prelude::*;

use crate::PartnershipCode;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "section11_round_partnership")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub round_id: String,
    pub partnership_code: PartnershipCode,
    /// Bumped by publication and by recording survey results.
    pub version: i32,
    pub published_at: Option<DateTimeUtc>,
    pub published_by: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
