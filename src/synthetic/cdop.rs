//! Synthetic CDOP returns: one published return per partnership and year with
//! every breakdown complete. Magnitudes follow the partnerships' sizes (tens
//! of deaths a year at most), so many cells are small and disclosure control
//! has work to do. Every return passes the dataset's own validation before it
//! is written.
use chrono::Days;
use entity::cdop_return::{self, CdopReturnStatus};
use entity::cdop_return_cell::CdopCell;
use entity::PartnershipCode as P;
use sea_orm::Set;

use super::insert::Writer;
use super::rng::Synth;
use super::{Plan, ACTOR};
use crate::cdop::dataset::Cdop;
use crate::cdop::submit::panel_serving;
use crate::cdop::validate;
use crate::error::StartupError;
use crate::returns::FigureReturn;

/// Typical deaths notified a year, per partnership in `P::ALL` order, in
/// proportion to their child populations.
const TYPICAL_DEATHS: [i64; 5] = [26, 10, 14, 8, 28];

/// Deaths notified by age band, youngest first.
const AGES: [(CdopCell, u32); 6] = [
    (CdopCell::Age0To27Days, 38),
    (CdopCell::Age28To364Days, 17),
    (CdopCell::Age1To4, 10),
    (CdopCell::Age5To9, 7),
    (CdopCell::Age10To14, 11),
    (CdopCell::Age15To17, 17),
];

/// Breakdowns of reviews completed, each with the weight of its parts.
const REVIEW_BREAKDOWNS: [&[(CdopCell, u32)]; 4] = [
    &[
        (CdopCell::CategoryDeliberatelyInflictedInjury, 3),
        (CdopCell::CategorySuicideOrSelfHarm, 7),
        (CdopCell::CategoryTraumaOrExternalFactors, 8),
        (CdopCell::CategoryMalignancy, 9),
        (CdopCell::CategoryAcuteMedicalOrSurgical, 9),
        (CdopCell::CategoryChronicMedical, 8),
        (CdopCell::CategoryChromosomalGeneticCongenital, 22),
        (CdopCell::CategoryPerinatalNeonatal, 20),
        (CdopCell::CategoryInfection, 8),
        (CdopCell::CategorySuddenUnexpectedUnexplained, 6),
    ],
    &[(CdopCell::Expected, 58), (CdopCell::Unexpected, 42)],
    &[
        (CdopCell::ModifiableIdentified, 30),
        (CdopCell::ModifiableNotIdentified, 65),
        (CdopCell::ModifiableInsufficientInformation, 5),
    ],
    &[
        (CdopCell::ReviewUnder6Months, 12),
        (CdopCell::Review6To12Months, 50),
        (CdopCell::ReviewOver12Months, 38),
    ],
];

/// Counts split over weighted parts.
fn split(rng: &mut Synth, total: i32, parts: &[(CdopCell, u32)]) -> Vec<(CdopCell, i32)> {
    let weights: Vec<u32> = parts.iter().map(|p| p.1).collect();
    parts
        .iter()
        .map(|p| p.0)
        .zip(rng.split(total, &weights))
        .collect()
}

/// Every figure of one return, with every breakdown complete.
fn figures(rng: &mut Synth, typical: i64) -> Vec<(CdopCell, i32)> {
    let spread = (typical as f64 * 0.35).round() as i64;
    let deaths = rng.between(typical - spread, typical + spread).max(0) as i32;
    let reviews = (i64::from(deaths) + rng.between(-4, 4)).max(0) as i32;
    let mut counts = vec![
        (CdopCell::DeathsNotified, deaths),
        (CdopCell::ReviewsCompleted, reviews),
    ];
    let ages = split(rng, deaths, &AGES);
    let under_one: i32 = ages.iter().take(2).map(|a| a.1).sum();
    counts.extend(ages);
    counts.push((CdopCell::AgeUnder1Year, under_one));
    for breakdown in REVIEW_BREAKDOWNS {
        counts.extend(split(rng, reviews, breakdown));
    }
    counts
}

pub async fn generate(w: &mut Writer<'_>, plan: &Plan) -> Result<(), StartupError> {
    let mut rng = Synth::new(plan.seed, "cdop");
    let mut returns = Vec::new();
    let mut cells = Vec::new();
    for year in &plan.years {
        for (p, partnership) in P::ALL.iter().enumerate() {
            let counts = figures(&mut rng, TYPICAL_DEATHS[p]);
            let valid = validate::cells(&counts, &[], &validate::Ceiling::unknown_population())
                .map_err(|e| {
                    StartupError::Other(format!(
                    "synthetic data: the CDOP return for {partnership} {} fails validation: {e}",
                    year.label
                ))
                })?;
            let id = rng.uuid();
            let submitted_day = year.end + Days::new(rng.between(45, 110) as u64);
            let published_day = submitted_day + Days::new(rng.between(14, 60) as u64);
            let published_day = published_day.min(plan.horizon);
            let submitted = rng.during(submitted_day);
            let published = rng.during(published_day).max(submitted);
            returns.push(cdop_return::ActiveModel {
                id: Set(id.clone()),
                partnership_code: Set(*partnership),
                period_label: Set(year.label.clone()),
                period_start: Set(year.start),
                panel_code: Set(panel_serving(w.txn, *partnership, year.start, year.end).await?),
                status: Set(CdopReturnStatus::Published),
                source: Set(plan.source.clone()),
                source_quote: Set(None),
                illustrative: Set(true),
                submitted_by: Set(ACTOR.into()),
                submitted_at: Set(submitted),
                published_by: Set(Some(ACTOR.into())),
                published_at: Set(Some(published)),
                version: Set(2),
            });
            cells.extend(valid.iter().map(|c| Cdop::cell_row(&id, c)));
        }
    }
    w.insert(returns).await?;
    w.insert(cells).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cdop::cells::{BREAKDOWNS, COUNT};

    #[test]
    fn every_return_is_complete_and_valid() {
        let mut rng = Synth::new(9, "cdop-test");
        for typical in TYPICAL_DEATHS {
            for _ in 0..200 {
                let counts = figures(&mut rng, typical);
                assert_eq!(counts.len(), COUNT);
                let valid = validate::cells(&counts, &[], &validate::Ceiling::unknown_population())
                    .expect("valid");
                assert_eq!(valid.len(), COUNT);
                let get = |cell| counts.iter().find(|c| c.0 == cell).map(|c| c.1);
                for b in &BREAKDOWNS {
                    let sum: i32 = b.parts.iter().filter_map(|p| get(*p)).sum();
                    assert_eq!(Some(sum), get(b.total));
                }
            }
        }
    }
}
