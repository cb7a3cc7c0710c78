//! One figure of a LADO return: a count, and the percentage the report gave
//! for it where it gave one. A figure the return did not report has no row:
//! unreported is never zero.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Every figure a LADO return can hold. Categories of harm, employment
/// sectors and the threshold decision break down notifications; outcomes and
/// time to resolution break down allegations concluded.
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
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(48))")]
pub enum LadoCell {
    /// Notifications (referrals) of allegations made to the LADO in the period.
    #[sea_orm(string_value = "notifications")]
    Notifications,
    /// Requests for advice, guidance or information that were not notifications.
    #[sea_orm(string_value = "advice_enquiries")]
    AdviceEnquiries,
    /// Notifications alleging physical abuse.
    #[sea_orm(string_value = "category_physical")]
    CategoryPhysical,
    /// Notifications alleging sexual abuse.
    #[sea_orm(string_value = "category_sexual")]
    CategorySexual,
    /// Notifications alleging emotional abuse.
    #[sea_orm(string_value = "category_emotional")]
    CategoryEmotional,
    /// Notifications alleging neglect or inappropriate behaviour.
    #[sea_orm(string_value = "category_neglect_or_inappropriate_behaviour")]
    CategoryNeglectOrInappropriateBehaviour,
    /// Notifications about people working in education (schools, colleges).
    #[sea_orm(string_value = "sector_education")]
    SectorEducation,
    /// Notifications about people working in early years and childcare.
    #[sea_orm(string_value = "sector_early_years")]
    SectorEarlyYears,
    /// Notifications about people working in health services.
    #[sea_orm(string_value = "sector_health")]
    SectorHealth,
    /// Notifications about people working in social care (residential, fostering, children's services).
    #[sea_orm(string_value = "sector_social_care")]
    SectorSocialCare,
    /// Notifications about police officers and staff.
    #[sea_orm(string_value = "sector_police")]
    SectorPolice,
    /// Notifications about people in faith, voluntary and community organisations.
    #[sea_orm(string_value = "sector_faith_voluntary_community")]
    SectorFaithVoluntaryCommunity,
    /// Notifications about people in sport and leisure.
    #[sea_orm(string_value = "sector_sport_and_leisure")]
    SectorSportAndLeisure,
    /// Notifications about people in any other sector (transport, other employers).
    #[sea_orm(string_value = "sector_other")]
    SectorOther,
    /// Notifications that met the threshold for the managing-allegations procedure.
    #[sea_orm(string_value = "threshold_met")]
    ThresholdMet,
    /// Notifications that did not meet the threshold.
    #[sea_orm(string_value = "threshold_not_met")]
    ThresholdNotMet,
    /// Allegations concluded in the period (the base of outcomes and time to resolution).
    #[sea_orm(string_value = "concluded")]
    Concluded,
    /// Concluded allegations found substantiated.
    #[sea_orm(string_value = "outcome_substantiated")]
    OutcomeSubstantiated,
    /// Concluded allegations found unsubstantiated.
    #[sea_orm(string_value = "outcome_unsubstantiated")]
    OutcomeUnsubstantiated,
    /// Concluded allegations found unfounded.
    #[sea_orm(string_value = "outcome_unfounded")]
    OutcomeUnfounded,
    /// Concluded allegations found false.
    #[sea_orm(string_value = "outcome_false")]
    OutcomeFalse,
    /// Concluded allegations found malicious.
    #[sea_orm(string_value = "outcome_malicious")]
    OutcomeMalicious,
    /// Concluded allegations resolved within one month of notification.
    #[sea_orm(string_value = "resolved_within_1_month")]
    #[graphql(name = "RESOLVED_WITHIN_1_MONTH")]
    ResolvedWithin1Month,
    /// Concluded allegations resolved in 1 to 3 months.
    #[sea_orm(string_value = "resolved_1_to_3_months")]
    #[graphql(name = "RESOLVED_1_TO_3_MONTHS")]
    Resolved1To3Months,
    /// Concluded allegations resolved in 3 to 12 months.
    #[sea_orm(string_value = "resolved_3_to_12_months")]
    #[graphql(name = "RESOLVED_3_TO_12_MONTHS")]
    Resolved3To12Months,
    /// Concluded allegations resolved after more than 12 months.
    #[sea_orm(string_value = "resolved_over_12_months")]
    #[graphql(name = "RESOLVED_OVER_12_MONTHS")]
    ResolvedOver12Months,
}

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "lado_return_cell")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub return_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub cell: LadoCell,
    /// The count. Where the report gave only a percentage, the one count of
    /// the breakdown's total that rounds to it.
    pub count: i32,
    /// The percentage as the report gave it, of the breakdown's total.
    pub share_percent: Option<f64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
