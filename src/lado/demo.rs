//! LADO demo returns: every LADO figure the seed reports publish, each citing
//! its seed file and section, and illustrative returns (marked as such) for
//! the other partnerships, with small categories for disclosure control to
//! hide. Where a report gives a figure for the year before, that year's
//! return holds it, citing the report it came from.
use chrono::Utc;
use entity::lado_return::{self, LadoReturnStatus};
use entity::lado_return_cell::LadoCell::{self, *};
use entity::{reporting_period, PartnershipCode};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, DbErr, EntityTrait, Set};

use super::dataset::Lado;
use super::validate;
use crate::returns::demo::{illustrative, published, Source};
use crate::returns::submit::store_cells;

const SSCB_2016: &str =
    "Somerset Safeguarding Children Board annual report 2016-17 (seed 002), section 11.1 LADO - Allegations management";
const SSCP_2019: &str = "SSCP first report 2019-20 (seed 000), Allegations Management";
const SSCP_2024: &str = "SSCP annual report 2024-25 (seed 001), Allegations management";

const SRC_2015: Source = Source {
    citation: SSCB_2016,
    quote: Some("There were 478 (353 in 2015/16) notifications of allegations during 2016 / 17"),
};
const SRC_2016: Source = Source {
    citation: SSCB_2016,
    quote: Some("There were 478 (353 in 2015/16) notifications of allegations during 2016 / 17 consisting of: 220 allegations of physical abuse (46% of all allegations); 110 allegations of sexual abuse (23% of all allegations); 98 allegations of neglect/inappropriate behaviour (21% of all allegations); 50 allegations of emotional abuse (10% of all allegations)."),
};
const SRC_2018: Source = Source {
    citation: SSCP_2019,
    quote: Some("There were 493 (501 in 2018/19) notifications to the Local Authority Designated Officer service. There were 33 (47 in 2018/19) additional requests for advice and guidance or information."),
};
// The report's chart of notifications by category gives 67 (14%), 201 (41%),
// 145 (29%) and 80 (16%), but its text does not tie each value to a
// category: the categories are left unreported rather than guessed, and the
// quote keeps to the report's sentences.
const SRC_2019: Source = Source {
    citation: SSCP_2019,
    quote: Some("There were 493 (501 in 2018/19) notifications to the Local Authority Designated Officer service. There were 33 (47 in 2018/19) additional requests for advice and guidance or information. 271 notifications were considered not to meet the threshold, whilst 222 notifications were considered to meet the threshold."),
};
const SRC_2023: Source = Source {
    citation: SSCP_2024,
    quote: Some("The service managed 772 notifications of allegations during 2024-25 (an increase from 742 notifications in 2023-24)."),
};
const SRC_2024: Source = Source {
    citation: SSCP_2024,
    quote: Some("The service managed 772 notifications of allegations during 2024-25 (an increase from 742 notifications in 2023-24). A total of 476 notifications (61%) were assessed as not meeting the LADO criteria."),
};
// The report's data snapshot for its own period; its "LADO referrals" are
// notifications of allegations.
const SRC_NORTH_SOMERSET: Source = Source {
    citation: "North Somerset Safeguarding Children Partnership report October 2019 - December 2020 (seed 004), data snapshot",
    quote: Some("18 LADO referrals; 58 LADO advice enquiries"),
};
type DemoReturn = crate::returns::demo::DemoReturn<LadoCell>;

use PartnershipCode::{BathNeSomerset, Bristol, NorthSomerset, Somerset, SouthGloucestershire};

#[rustfmt::skip]
const RETURNS: &[DemoReturn] = &[
    published(Somerset, "2015-16", SRC_2015, &[(Notifications, 353)], &[]),
    published(
        Somerset,
        "2016-17",
        SRC_2016,
        &[
            (Notifications, 478),
            (CategoryPhysical, 220),
            (CategorySexual, 110),
            (CategoryNeglectOrInappropriateBehaviour, 98),
            (CategoryEmotional, 50),
        ],
        &[
            (CategoryPhysical, 46.0),
            (CategorySexual, 23.0),
            (CategoryNeglectOrInappropriateBehaviour, 21.0),
            (CategoryEmotional, 10.0),
        ],
    ),
    published(Somerset, "2018-19", SRC_2018, &[(Notifications, 501), (AdviceEnquiries, 47)], &[]),
    published(
        Somerset,
        "2019-20",
        SRC_2019,
        &[(Notifications, 493), (AdviceEnquiries, 33), (ThresholdMet, 222), (ThresholdNotMet, 271)],
        &[],
    ),
    published(Somerset, "2023-24", SRC_2023, &[(Notifications, 742)], &[]),
    published(Somerset, "2024-25", SRC_2024, &[(Notifications, 772), (ThresholdNotMet, 476)], &[]),
    published(
        NorthSomerset,
        "2019-10-01/2020-12-31",
        SRC_NORTH_SOMERSET,
        &[(Notifications, 18), (AdviceEnquiries, 58)],
        &[],
    ),
    // 2024-25 for the other four, so the regional summary and the benchmark
    // have five partnerships; small cells (North Somerset's faith sector,
    // Bath and North East Somerset's emotional abuse) for suppression to hide.
    illustrative(Bristol, "2024-25", true, &[
        (Notifications, 520), (AdviceEnquiries, 240), (Concluded, 196),
        (CategoryPhysical, 198), (CategorySexual, 121), (CategoryEmotional, 64), (CategoryNeglectOrInappropriateBehaviour, 137),
        (SectorEducation, 226), (SectorEarlyYears, 58), (SectorHealth, 41), (SectorSocialCare, 112),
        (SectorPolice, 23), (SectorFaithVoluntaryCommunity, 14), (SectorSportAndLeisure, 17), (SectorOther, 29),
        (ThresholdMet, 214), (ThresholdNotMet, 306),
        (OutcomeSubstantiated, 61), (OutcomeUnsubstantiated, 52), (OutcomeUnfounded, 44), (OutcomeFalse, 31), (OutcomeMalicious, 8),
        (ResolvedWithin1Month, 44), (Resolved1To3Months, 83), (Resolved3To12Months, 58), (ResolvedOver12Months, 11),
    ]),
    illustrative(NorthSomerset, "2024-25", true, &[
        (Notifications, 210), (AdviceEnquiries, 95), (Concluded, 79),
        (CategoryPhysical, 81), (CategorySexual, 47), (CategoryEmotional, 24), (CategoryNeglectOrInappropriateBehaviour, 58),
        (SectorEducation, 92), (SectorEarlyYears, 27), (SectorHealth, 18), (SectorSocialCare, 45),
        (SectorPolice, 7), (SectorFaithVoluntaryCommunity, 4), (SectorSportAndLeisure, 6), (SectorOther, 11),
        (ThresholdMet, 88), (ThresholdNotMet, 122),
        (OutcomeSubstantiated, 24), (OutcomeUnsubstantiated, 21), (OutcomeUnfounded, 19), (OutcomeFalse, 12), (OutcomeMalicious, 3),
        (ResolvedWithin1Month, 18), (Resolved1To3Months, 33), (Resolved3To12Months, 24), (ResolvedOver12Months, 4),
    ]),
    illustrative(SouthGloucestershire, "2024-25", true, &[
        (Notifications, 300), (AdviceEnquiries, 130), (Concluded, 110),
        (CategoryPhysical, 116), (CategorySexual, 71), (CategoryEmotional, 33), (CategoryNeglectOrInappropriateBehaviour, 80),
        (SectorEducation, 131), (SectorEarlyYears, 36), (SectorHealth, 22), (SectorSocialCare, 63),
        (SectorPolice, 11), (SectorFaithVoluntaryCommunity, 8), (SectorSportAndLeisure, 9), (SectorOther, 20),
        (ThresholdMet, 121), (ThresholdNotMet, 179),
        (OutcomeSubstantiated, 35), (OutcomeUnsubstantiated, 30), (OutcomeUnfounded, 26), (OutcomeFalse, 17), (OutcomeMalicious, 2),
        (ResolvedWithin1Month, 25), (Resolved1To3Months, 47), (Resolved3To12Months, 33), (ResolvedOver12Months, 5),
    ]),
    illustrative(BathNeSomerset, "2024-25", true, &[
        (Notifications, 160), (AdviceEnquiries, 72), (Concluded, 58),
        (CategoryPhysical, 61), (CategorySexual, 37), (CategoryEmotional, 4), (CategoryNeglectOrInappropriateBehaviour, 58),
        (SectorEducation, 70), (SectorEarlyYears, 21), (SectorHealth, 12), (SectorSocialCare, 33),
        (SectorPolice, 5), (SectorFaithVoluntaryCommunity, 3), (SectorSportAndLeisure, 6), (SectorOther, 10),
        (ThresholdMet, 66), (ThresholdNotMet, 94),
        (OutcomeSubstantiated, 19), (OutcomeUnsubstantiated, 16), (OutcomeUnfounded, 13), (OutcomeFalse, 9), (OutcomeMalicious, 1),
        (ResolvedWithin1Month, 14), (Resolved1To3Months, 25), (Resolved3To12Months, 16), (ResolvedOver12Months, 3),
    ]),
    // Submitted, not yet published: invisible without exact rights for Bristol.
    illustrative(Bristol, "2025-26", false, &[(Notifications, 260), (AdviceEnquiries, 110)]),
];

/// Inserts the demo returns inside the demo loader's transaction.
pub async fn load(txn: &DatabaseTransaction) -> Result<(), DbErr> {
    let now = Utc::now();
    for r in RETURNS {
        let period = reporting_period::Entity::find_by_id(r.period.to_string())
            .one(txn)
            .await?
            .ok_or_else(|| DbErr::Custom(format!("demo LADO return: no period {}", r.period)))?;
        let cells = validate::cells(r.counts, r.shares, &validate::Ceiling::unknown_population())
            .map_err(|e| {
            DbErr::Custom(format!(
                "demo LADO return {} {} is inconsistent: {e}",
                r.partnership, r.period
            ))
        })?;
        let id = uuid::Uuid::new_v4().to_string();
        lado_return::ActiveModel {
            id: Set(id.clone()),
            partnership_code: Set(r.partnership),
            period_label: Set(period.label.clone()),
            period_start: Set(period.start_date),
            status: Set(if r.published {
                LadoReturnStatus::Published
            } else {
                LadoReturnStatus::Submitted
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
        store_cells::<Lado>(txn, &id, &cells).await?;
    }
    Ok(())
}
