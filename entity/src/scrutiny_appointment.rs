//! A scrutineer's dated appointment to one partnership, or to the region.
use sea_orm::entity::prelude::*;

use crate::PartnershipCode;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scrutiny_appointment")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub scrutineer_id: String,
    /// `None` for the regional post, which covers all five partnerships.
    pub partnership_code: Option<PartnershipCode>,
    /// `None` when the source does not give the start.
    pub start_date: Option<Date>,
    /// `None` while the appointment continues.
    pub end_date: Option<Date>,
    pub source: String,
    pub illustrative: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
