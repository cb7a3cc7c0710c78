//! Enumerations of the independent scrutiny dataset, shared by the database
//! and the GraphQL schema so each value has one spelling everywhere.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Whether a scrutiny theme is shared by all five partnerships or local to one.
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
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[graphql(name = "ScrutinyThemeScope", rename_items = "SCREAMING_SNAKE_CASE")]
pub enum ThemeScope {
    /// One of the regional themes run consistently across all five areas, so
    /// the areas can be benchmarked.
    #[sea_orm(string_value = "REGIONAL")]
    Regional,
    /// A theme one partnership scrutinises for its own reasons, e.g. after an
    /// inspection.
    #[sea_orm(string_value = "LOCAL")]
    Local,
}

/// What kind of scrutiny activity took place.
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
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[graphql(name = "ScrutinyActivityKind", rename_items = "SCREAMING_SNAKE_CASE")]
pub enum ActivityKind {
    /// A scrutiny report to the partnership.
    #[sea_orm(string_value = "REPORT")]
    Report,
    /// An executive meeting the scrutineer attended as critical friend.
    #[sea_orm(string_value = "EXECUTIVE_MEETING")]
    ExecutiveMeeting,
    /// A peer review workshop.
    #[sea_orm(string_value = "PEER_REVIEW_WORKSHOP")]
    PeerReviewWorkshop,
    /// An insight visit to a partner organisation.
    #[sea_orm(string_value = "INSIGHT_VISIT")]
    InsightVisit,
    /// A multi-agency case audit.
    #[sea_orm(string_value = "MULTI_AGENCY_AUDIT")]
    MultiAgencyAudit,
    /// A meeting with a youth forum holding the partners to account.
    #[sea_orm(string_value = "YOUTH_FORUM")]
    YouthForum,
    /// Any other scrutiny activity; the summary says what it was.
    #[sea_orm(string_value = "OTHER")]
    Other,
}

/// What a finding of a scrutiny activity says about the arrangements.
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
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[graphql(name = "ScrutinyFindingKind", rename_items = "SCREAMING_SNAKE_CASE")]
pub enum FindingKind {
    /// Something working well.
    #[sea_orm(string_value = "STRENGTH")]
    Strength,
    /// Something that needs to improve.
    #[sea_orm(string_value = "AREA_FOR_IMPROVEMENT")]
    AreaForImprovement,
    /// A challenge the scrutineer put to the partners.
    #[sea_orm(string_value = "CHALLENGE")]
    Challenge,
}

/// Where a recommendation stands. `COMPLETED` and `NOT_ACCEPTED` close it.
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
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[graphql(name = "RecommendationStatus", rename_items = "SCREAMING_SNAKE_CASE")]
pub enum RecommendationStatus {
    /// Made, not yet acted on.
    #[sea_orm(string_value = "OPEN")]
    Open,
    /// The owner is working on it.
    #[sea_orm(string_value = "IN_PROGRESS")]
    InProgress,
    /// Done (closed).
    #[sea_orm(string_value = "COMPLETED")]
    Completed,
    /// The scrutineer recorded that it was not accepted (closed).
    #[sea_orm(string_value = "NOT_ACCEPTED")]
    NotAccepted,
}

impl RecommendationStatus {
    /// Statuses that still await action; only these can be overdue.
    pub const NOT_CLOSED: [RecommendationStatus; 2] =
        [RecommendationStatus::Open, RecommendationStatus::InProgress];

    pub fn is_closed(self) -> bool {
        !Self::NOT_CLOSED.contains(&self)
    }
}

/// What one entry of a recommendation's history records.
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
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[graphql(
    name = "RecommendationEventKind",
    rename_items = "SCREAMING_SNAKE_CASE"
)]
pub enum RecommendationEventKind {
    /// The recommendation was made (status `OPEN`).
    #[sea_orm(string_value = "RECORDED")]
    Recorded,
    /// The owner responded, possibly moving the status.
    #[sea_orm(string_value = "RESPONSE")]
    Response,
    /// The status changed without a response from the owner, e.g. the
    /// scrutineer closed it.
    #[sea_orm(string_value = "STATUS_CHANGE")]
    StatusChange,
}
