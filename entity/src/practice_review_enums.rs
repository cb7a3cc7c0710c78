//! Enumerations of the practice reviews dataset, shared by the database and
//! the GraphQL schema so each value has one spelling everywhere.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What the safeguarding partners decided after a rapid review.
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
#[graphql(rename_items = "SCREAMING_SNAKE_CASE")]
pub enum RapidReviewDecision {
    /// A local child safeguarding practice review is commissioned.
    #[sea_orm(string_value = "LCSPR")]
    Lcspr,
    /// No further review: the learning is taken forward without one.
    #[sea_orm(string_value = "NO_FURTHER_REVIEW")]
    NoFurtherReview,
    /// The case is referred for, or taken up by, a national review by the
    /// Child Safeguarding Practice Review Panel.
    #[sea_orm(string_value = "NATIONAL_REVIEW")]
    NationalReview,
}
