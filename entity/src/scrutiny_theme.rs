//! A scrutiny theme: reference data, migrated in with its source.
use sea_orm::entity::prelude::*;

use crate::scrutiny_enums::ThemeScope;
use crate::PartnershipCode;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scrutiny_theme")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub name: String,
    pub scope: ThemeScope,
    /// The partnership that set a local theme; `None` for regional themes.
    pub partnership_code: Option<PartnershipCode>,
    pub description: String,
    pub source: String,
    pub sort_order: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
