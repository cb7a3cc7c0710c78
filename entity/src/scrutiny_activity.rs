//! A scrutiny activity: a report, meeting, workshop, visit, audit or forum.
use sea_orm::entity::prelude::*;

use crate::scrutiny_enums::ActivityKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scrutiny_activity")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub kind: ActivityKind,
    pub activity_date: Date,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    pub report_reference: Option<String>,
    /// The scrutineer who carried it out, when known to the hub.
    pub scrutineer_id: Option<String>,
    /// True once its report is a published document: callers without record
    /// access to its partnerships see only published activities.
    pub published: bool,
    #[sea_orm(column_type = "Text")]
    pub source: String,
    pub illustrative: bool,
    /// Token subject of whoever recorded it.
    pub recorded_by: String,
    pub recorded_at: DateTimeUtc,
    /// Token subject of the last amendment.
    pub updated_by: String,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
