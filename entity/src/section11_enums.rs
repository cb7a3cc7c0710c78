//! Enumerations of the Section 11 dataset, shared by the database and the
//! GraphQL schema so each value has one spelling everywhere.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The four-point scale agencies grade themselves on, best first.
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
pub enum Section11Grade {
    /// Outstanding.
    #[sea_orm(string_value = "OUTSTANDING")]
    Outstanding,
    /// Good.
    #[sea_orm(string_value = "GOOD")]
    Good,
    /// Requires improvement: an action plan is expected.
    #[sea_orm(string_value = "REQUIRES_IMPROVEMENT")]
    RequiresImprovement,
    /// Inadequate: an action plan is expected.
    #[sea_orm(string_value = "INADEQUATE")]
    Inadequate,
}

impl Section11Grade {
    /// Best first, the order summaries list them in.
    pub const ALL: [Section11Grade; 4] = [
        Section11Grade::Outstanding,
        Section11Grade::Good,
        Section11Grade::RequiresImprovement,
        Section11Grade::Inadequate,
    ];

    /// Outstanding or Good: the threshold of "share Good or better".
    pub fn good_or_better(self) -> bool {
        matches!(self, Section11Grade::Outstanding | Section11Grade::Good)
    }

    /// The spelling used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Section11Grade::Outstanding => "OUTSTANDING",
            Section11Grade::Good => "GOOD",
            Section11Grade::RequiresImprovement => "REQUIRES_IMPROVEMENT",
            Section11Grade::Inadequate => "INADEQUATE",
        }
    }
}

/// Where a return is in its workflow.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    async_graphql::Enum,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[graphql(rename_items = "SCREAMING_SNAKE_CASE")]
pub enum Section11ReturnStatus {
    /// Being filled in by the agency; seen only by those who may edit it.
    #[sea_orm(string_value = "DRAFT")]
    Draft,
    /// Sent to the partnership; no longer editable.
    #[sea_orm(string_value = "SUBMITTED")]
    Submitted,
    /// Checked by the partnership, which may have moderated grades.
    #[sea_orm(string_value = "VALIDATED")]
    Validated,
    /// Part of the partnership's published figures for the round.
    #[sea_orm(string_value = "PUBLISHED")]
    Published,
}

impl Section11ReturnStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Section11ReturnStatus::Draft => "DRAFT",
            Section11ReturnStatus::Submitted => "SUBMITTED",
            Section11ReturnStatus::Validated => "VALIDATED",
            Section11ReturnStatus::Published => "PUBLISHED",
        }
    }
}

/// How a round collects its evidence.
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
pub enum Section11RoundMode {
    /// Each agency grades its own arrangements against the framework: returns.
    #[sea_orm(string_value = "SELF_ASSESSMENT")]
    SelfAssessment,
    /// Front-line practitioners answer a survey: results per theme, no returns.
    #[sea_orm(string_value = "PRACTITIONER_SURVEY")]
    PractitionerSurvey,
}

/// The sector an agency belongs to.
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
pub enum AgencySector {
    /// A police force.
    #[sea_orm(string_value = "POLICE")]
    Police,
    /// An NHS trust, ICB, GP federation or other health provider or commissioner.
    #[sea_orm(string_value = "HEALTH")]
    Health,
    /// A council service (children's services, housing, district councils).
    #[sea_orm(string_value = "LOCAL_AUTHORITY")]
    LocalAuthority,
    /// Schools, colleges and other education providers.
    #[sea_orm(string_value = "EDUCATION")]
    Education,
    /// The probation service.
    #[sea_orm(string_value = "PROBATION")]
    Probation,
    /// Youth justice services.
    #[sea_orm(string_value = "YOUTH_JUSTICE")]
    YouthJustice,
    /// Voluntary, community and faith organisations.
    #[sea_orm(string_value = "VOLUNTARY_COMMUNITY_FAITH")]
    VoluntaryCommunityFaith,
    /// Any other sector, including national agencies.
    #[sea_orm(string_value = "OTHER")]
    Other,
}
