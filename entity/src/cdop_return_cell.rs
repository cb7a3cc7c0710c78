//! One figure of a CDOP return: a count, and the percentage the report gave
//! for it where it gave one. A cell the return did not report has no row.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Every figure a CDOP return can hold. Breakdowns by age are of deaths
/// notified; every other breakdown is of reviews completed.
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
pub enum CdopCell {
    /// Deaths of children notified to the panel in the period.
    #[sea_orm(string_value = "deaths_notified")]
    DeathsNotified,
    /// Reviews of child deaths the panel completed in the period.
    #[sea_orm(string_value = "reviews_completed")]
    ReviewsCompleted,
    /// Deaths notified of babies aged 0 to 27 days.
    #[sea_orm(string_value = "age_0_to_27_days")]
    #[graphql(name = "AGE_0_TO_27_DAYS")]
    Age0To27Days,
    /// Deaths notified of babies aged 28 to 364 days.
    #[sea_orm(string_value = "age_28_to_364_days")]
    #[graphql(name = "AGE_28_TO_364_DAYS")]
    Age28To364Days,
    /// Deaths notified of children under 1 year: the two infant bands together.
    #[sea_orm(string_value = "age_under_1_year")]
    #[graphql(name = "AGE_UNDER_1_YEAR")]
    AgeUnder1Year,
    /// Deaths notified of children aged 1 to 4.
    #[sea_orm(string_value = "age_1_to_4")]
    #[graphql(name = "AGE_1_TO_4")]
    Age1To4,
    /// Deaths notified of children aged 5 to 9.
    #[sea_orm(string_value = "age_5_to_9")]
    #[graphql(name = "AGE_5_TO_9")]
    Age5To9,
    /// Deaths notified of children aged 10 to 14.
    #[sea_orm(string_value = "age_10_to_14")]
    #[graphql(name = "AGE_10_TO_14")]
    Age10To14,
    /// Deaths notified of young people aged 15 to 17.
    #[sea_orm(string_value = "age_15_to_17")]
    #[graphql(name = "AGE_15_TO_17")]
    Age15To17,
    /// Reviews in category 1: deliberately inflicted injury, abuse or neglect.
    #[sea_orm(string_value = "category_deliberately_inflicted_injury")]
    CategoryDeliberatelyInflictedInjury,
    /// Reviews in category 2: suicide or deliberate self-inflicted harm.
    #[sea_orm(string_value = "category_suicide_or_self_harm")]
    CategorySuicideOrSelfHarm,
    /// Reviews in category 3: trauma and other external factors.
    #[sea_orm(string_value = "category_trauma_or_external_factors")]
    CategoryTraumaOrExternalFactors,
    /// Reviews in category 4: malignancy.
    #[sea_orm(string_value = "category_malignancy")]
    CategoryMalignancy,
    /// Reviews in category 5: acute medical or surgical condition.
    #[sea_orm(string_value = "category_acute_medical_or_surgical")]
    CategoryAcuteMedicalOrSurgical,
    /// Reviews in category 6: chronic medical condition.
    #[sea_orm(string_value = "category_chronic_medical")]
    CategoryChronicMedical,
    /// Reviews in category 7: chromosomal, genetic and congenital anomalies.
    #[sea_orm(string_value = "category_chromosomal_genetic_congenital")]
    CategoryChromosomalGeneticCongenital,
    /// Reviews in category 8: perinatal/neonatal event.
    #[sea_orm(string_value = "category_perinatal_neonatal")]
    CategoryPerinatalNeonatal,
    /// Reviews in category 9: infection.
    #[sea_orm(string_value = "category_infection")]
    CategoryInfection,
    /// Reviews in category 10: sudden unexpected, unexplained death.
    #[sea_orm(string_value = "category_sudden_unexpected_unexplained")]
    CategorySuddenUnexpectedUnexplained,
    /// Reviews of deaths that were expected.
    #[sea_orm(string_value = "expected")]
    Expected,
    /// Reviews of deaths that were unexpected.
    #[sea_orm(string_value = "unexpected")]
    Unexpected,
    /// Reviews that identified modifiable factors.
    #[sea_orm(string_value = "modifiable_identified")]
    ModifiableIdentified,
    /// Reviews that identified no modifiable factors.
    #[sea_orm(string_value = "modifiable_not_identified")]
    ModifiableNotIdentified,
    /// Reviews with insufficient information to decide on modifiable factors.
    #[sea_orm(string_value = "modifiable_insufficient_information")]
    ModifiableInsufficientInformation,
    /// Reviews completed under 6 months after the death.
    #[sea_orm(string_value = "review_under_6_months")]
    #[graphql(name = "REVIEW_UNDER_6_MONTHS")]
    ReviewUnder6Months,
    /// Reviews completed 6 to 12 months after the death.
    #[sea_orm(string_value = "review_6_to_12_months")]
    #[graphql(name = "REVIEW_6_TO_12_MONTHS")]
    Review6To12Months,
    /// Reviews completed more than 12 months after the death.
    #[sea_orm(string_value = "review_over_12_months")]
    #[graphql(name = "REVIEW_OVER_12_MONTHS")]
    ReviewOver12Months,
}

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "cdop_return_cell")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub return_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub cell: CdopCell,
    /// The count. Where the report gave only a percentage, the one count of
    /// the breakdown's total that rounds to it.
    pub count: i32,
    /// The percentage as the report gave it, of the breakdown's total.
    pub share_percent: Option<f64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
