//! One finding of a scrutiny activity.
use sea_orm::entity::prelude::*;

use crate::scrutiny_enums::FindingKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scrutiny_finding")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub activity_id: String,
    /// Order within the activity, from 0.
    pub position: i32,
    pub kind: FindingKind,
    #[sea_orm(column_type = "Text")]
    pub text: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
