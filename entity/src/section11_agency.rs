//! An agency with a duty under Section 11 of the Children Act 2004.
use sea_orm::entity::prelude::*;

use crate::section11_enums::AgencySector;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "section11_agency")]
pub struct Model {
    /// The id an `agency_lead` token names in its `agency` claim.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub name: String,
    pub sector: AgencySector,
    pub source: String,
    pub illustrative: bool,
    pub created_at: DateTimeUtc,
    pub created_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
