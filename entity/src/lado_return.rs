//! One partnership's LADO figures (allegations against people who work with
//! children) for one reporting period. The figures themselves are rows of
//! [`crate::lado_return_cell`].
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::PartnershipCode;

/// Where a LADO return is in its life.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    async_graphql::Enum,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[graphql(name = "LadoReturnStatus")]
pub enum LadoReturnStatus {
    /// Submitted but not published: only callers with exact rights for the
    /// partnership can see it at all.
    #[sea_orm(string_value = "submitted")]
    Submitted,
    /// Published: anyone can read it, through disclosure control.
    #[sea_orm(string_value = "published")]
    Published,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lado_return")]
pub struct Model {
    /// A uuid v4.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub partnership_code: PartnershipCode,
    pub period_label: String,
    /// The period's first day, kept here to order returns and to choose the
    /// population year without a join.
    pub period_start: Date,
    pub status: LadoReturnStatus,
    /// Provenance: the citation (document and section), or the submitting
    /// system. Shown to everyone who can see the return.
    pub source: String,
    /// Wording quoted from the source, which may state suppressed figures:
    /// shown only to callers with exact rights.
    pub source_quote: Option<String>,
    /// True for demo figures made up to fill gaps in the published reports.
    pub illustrative: bool,
    pub submitted_by: String,
    pub submitted_at: DateTimeUtc,
    pub published_by: Option<String>,
    pub published_at: Option<DateTimeUtc>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
