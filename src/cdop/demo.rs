//! CDOP demo returns: Somerset's published figures from its reports, each
//! citing its seed file and section, and illustrative returns (marked as
//! such) for the other partnerships, chosen so disclosure control has small
//! cells to hide and the regional summary has something to protect.
use chrono::Utc;
use entity::cdop_return::{self, CdopReturnStatus};
use entity::cdop_return_cell::CdopCell::{self, *};
use entity::{reporting_period, PartnershipCode};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, DbErr, EntityTrait, Set};

use super::dataset::Cdop;
use super::submit::panel_serving;
use super::validate;
use crate::returns::demo::{illustrative, published, Source};
use crate::returns::submit::store_cells;

const SRC_2016: Source = Source {
    citation: "Somerset Safeguarding Children Board annual report 2016-17 (seed 002), section 7.2 Numbers reviewed during 2016/17",
    quote: Some("24 deaths notified, 27 reviewed; 59% expected, 41% unexpected; modifiable factors in 41%; 4% of reviews within 6 months, 70% at 6-12 months, 26% over 12 months (counts are the one whole number of the 27 each percentage rounds from)"),
};
const SRC_2015: Source = Source {
    citation: "Somerset Safeguarding Children Board annual report 2016-17 (seed 002), section 7.2 Numbers reviewed during 2016/17",
    quote: Some("CDOP were notified of 24 child deaths (26 notifications in previous year) and 27 deaths were reviewed by the panel in 2016/17 (37 in the previous year)."),
};
const SRC_2019: Source = Source {
    citation: "SSCP first report 2019-20 (seed 000), Child Death Overview Panel",
    quote: Some("32 child deaths from Somerset considered at the panel in 2019-2020 (held as reviews completed)"),
};
const SRC_2023: Source = Source {
    citation: "SSCP annual report 2024-25 (seed 001), Child Death Overview Panel (CDOP)",
    quote: Some("notifications marginally decreased since 2023-24 (30)"),
};
const SRC_2024: Source = Source {
    citation: "SSCP annual report 2024-25 (seed 001), Child Death Overview Panel (CDOP)",
    quote: Some("27 child death notifications, 28 CDOP reviews completed, 19 deaths under 1 year of age, 5 between 15-17 years of age"),
};
type DemoReturn = crate::returns::demo::DemoReturn<CdopCell>;

use PartnershipCode::{BathNeSomerset, Bristol, NorthSomerset, Somerset, SouthGloucestershire};

#[rustfmt::skip]
const RETURNS: &[DemoReturn] = &[
    published(
        Somerset,
        "2016-17",
        SRC_2016,
        &[(DeathsNotified, 24), (ReviewsCompleted, 27)],
        &[
            (Expected, 59.0),
            (Unexpected, 41.0),
            (ModifiableIdentified, 41.0),
            (ReviewUnder6Months, 4.0),
            (Review6To12Months, 70.0),
            (ReviewOver12Months, 26.0),
        ],
    ),
    published(
        Somerset,
        "2015-16",
        SRC_2015,
        &[(DeathsNotified, 26), (ReviewsCompleted, 37)],
        &[],
    ),
    published(Somerset, "2019-20", SRC_2019, &[(ReviewsCompleted, 32)], &[]),
    published(Somerset, "2023-24", SRC_2023, &[(DeathsNotified, 30)], &[]),
    published(
        Somerset,
        "2024-25",
        SRC_2024,
        &[
            (DeathsNotified, 27),
            (ReviewsCompleted, 28),
            (AgeUnder1Year, 19),
            (Age15To17, 5),
        ],
        &[],
    ),
    // 2024-25 for the other four, so the regional summary is complete.
    illustrative(Bristol, "2024-25", true, &[
        (DeathsNotified, 24), (ReviewsCompleted, 22),
        (Age0To27Days, 9), (Age28To364Days, 4), (Age1To4, 3), (Age5To9, 2), (Age10To14, 2), (Age15To17, 4),
        (CategoryDeliberatelyInflictedInjury, 0), (CategorySuicideOrSelfHarm, 2), (CategoryTraumaOrExternalFactors, 1),
        (CategoryMalignancy, 2), (CategoryAcuteMedicalOrSurgical, 3), (CategoryChronicMedical, 2),
        (CategoryChromosomalGeneticCongenital, 4), (CategoryPerinatalNeonatal, 6), (CategoryInfection, 1),
        (CategorySuddenUnexpectedUnexplained, 1),
        (Expected, 13), (Unexpected, 9),
        (ModifiableIdentified, 7), (ModifiableNotIdentified, 14), (ModifiableInsufficientInformation, 1),
        (ReviewUnder6Months, 3), (Review6To12Months, 11), (ReviewOver12Months, 8),
    ]),
    illustrative(NorthSomerset, "2024-25", true, &[
        (DeathsNotified, 9), (ReviewsCompleted, 11),
        (Age0To27Days, 3), (Age28To364Days, 1), (Age1To4, 1), (Age5To9, 0), (Age10To14, 1), (Age15To17, 3),
        (CategoryDeliberatelyInflictedInjury, 0), (CategorySuicideOrSelfHarm, 1), (CategoryTraumaOrExternalFactors, 1),
        (CategoryMalignancy, 1), (CategoryAcuteMedicalOrSurgical, 2), (CategoryChronicMedical, 1),
        (CategoryChromosomalGeneticCongenital, 2), (CategoryPerinatalNeonatal, 2), (CategoryInfection, 1),
        (CategorySuddenUnexpectedUnexplained, 0),
        (Expected, 6), (Unexpected, 5),
        (ModifiableIdentified, 3), (ModifiableNotIdentified, 8), (ModifiableInsufficientInformation, 0),
        (ReviewUnder6Months, 1), (Review6To12Months, 6), (ReviewOver12Months, 4),
    ]),
    illustrative(SouthGloucestershire, "2024-25", true, &[
        (DeathsNotified, 14), (ReviewsCompleted, 15),
        (Age0To27Days, 5), (Age28To364Days, 2), (Age1To4, 2), (Age5To9, 1), (Age10To14, 1), (Age15To17, 3),
        (CategoryDeliberatelyInflictedInjury, 0), (CategorySuicideOrSelfHarm, 1), (CategoryTraumaOrExternalFactors, 2),
        (CategoryMalignancy, 1), (CategoryAcuteMedicalOrSurgical, 2), (CategoryChronicMedical, 1),
        (CategoryChromosomalGeneticCongenital, 3), (CategoryPerinatalNeonatal, 3), (CategoryInfection, 1),
        (CategorySuddenUnexpectedUnexplained, 1),
        (Expected, 8), (Unexpected, 7),
        (ModifiableIdentified, 4), (ModifiableNotIdentified, 10), (ModifiableInsufficientInformation, 1),
        (ReviewUnder6Months, 2), (Review6To12Months, 9), (ReviewOver12Months, 4),
    ]),
    illustrative(BathNeSomerset, "2024-25", true, &[
        (DeathsNotified, 8), (ReviewsCompleted, 7),
        (Age0To27Days, 3), (Age28To364Days, 1), (Age1To4, 0), (Age5To9, 1), (Age10To14, 0), (Age15To17, 3),
        (CategoryDeliberatelyInflictedInjury, 0), (CategorySuicideOrSelfHarm, 1), (CategoryTraumaOrExternalFactors, 0),
        (CategoryMalignancy, 1), (CategoryAcuteMedicalOrSurgical, 1), (CategoryChronicMedical, 0),
        (CategoryChromosomalGeneticCongenital, 2), (CategoryPerinatalNeonatal, 1), (CategoryInfection, 1),
        (CategorySuddenUnexpectedUnexplained, 0),
        (Expected, 4), (Unexpected, 3),
        (ModifiableIdentified, 2), (ModifiableNotIdentified, 5), (ModifiableInsufficientInformation, 0),
        (ReviewUnder6Months, 0), (Review6To12Months, 4), (ReviewOver12Months, 3),
    ]),
    // 2023-24 headline figures; Bath and North East Somerset's 4 is small
    // enough to hide, and with it the regional total.
    illustrative(Bristol, "2023-24", true, &[(DeathsNotified, 27), (ReviewsCompleted, 25)]),
    illustrative(NorthSomerset, "2023-24", true, &[(DeathsNotified, 11), (ReviewsCompleted, 10)]),
    illustrative(SouthGloucestershire, "2023-24", true, &[(DeathsNotified, 13), (ReviewsCompleted, 12)]),
    illustrative(BathNeSomerset, "2023-24", true, &[(DeathsNotified, 4), (ReviewsCompleted, 6)]),
    // Submitted, not yet published: invisible without exact rights for Bristol.
    illustrative(Bristol, "2025-26", false, &[
        (DeathsNotified, 12), (ReviewsCompleted, 10), (Expected, 7), (Unexpected, 3),
    ]),
];

/// Inserts the demo returns inside the demo loader's transaction.
pub async fn load(txn: &DatabaseTransaction) -> Result<(), DbErr> {
    let now = Utc::now();
    for r in RETURNS {
        let period = reporting_period::Entity::find_by_id(r.period.to_string())
            .one(txn)
            .await?
            .ok_or_else(|| DbErr::Custom(format!("demo CDOP return: no period {}", r.period)))?;
        let cells = validate::cells(r.counts, r.shares, &validate::Ceiling::unknown_population())
            .map_err(|e| {
            DbErr::Custom(format!(
                "demo CDOP return {} {} is inconsistent: {e}",
                r.partnership, r.period
            ))
        })?;
        let id = uuid::Uuid::new_v4().to_string();
        cdop_return::ActiveModel {
            id: Set(id.clone()),
            partnership_code: Set(r.partnership),
            period_label: Set(period.label.clone()),
            period_start: Set(period.start_date),
            panel_code: Set(
                panel_serving(txn, r.partnership, period.start_date, period.end_date).await?,
            ),
            status: Set(if r.published {
                CdopReturnStatus::Published
            } else {
                CdopReturnStatus::Submitted
            }),
            source: Set(r.source.citation.to_string()),
            source_quote: Set(r.source.quote.map(str::to_string)),
            illustrative: Set(r.illustrative),
            submitted_by: Set("demo-data".to_string()),
            submitted_at: Set(now),
            published_by: Set(r.published.then(|| "demo-data".to_string())),
            published_at: Set(r.published.then_some(now)),
            version: Set(if r.published { 2 } else { 1 }),
        }
        .insert(txn)
        .await?;
        store_cells::<Cdop>(txn, &id, &cells).await?;
    }
    Ok(())
}
