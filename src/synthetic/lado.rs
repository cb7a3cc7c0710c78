//! Synthetic LADO returns: one published return per partnership and year
//! with every breakdown complete. Magnitudes follow the partnerships' sizes
//! (Somerset's published 742 and 772 notifications a year set the scale), so
//! the big categories are large while some sectors and outcomes are small
//! enough for disclosure control to hide. Every return passes the dataset's
//! own validation before it is written.
use chrono::Days;
use entity::lado_return::{self, LadoReturnStatus};
use entity::lado_return_cell::LadoCell;
use entity::PartnershipCode as P;
use sea_orm::Set;

use super::insert::Writer;
use super::rng::Synth;
use super::{Plan, ACTOR};
use crate::error::StartupError;
use crate::lado::dataset::Lado;
use crate::lado::validate;
use crate::returns::FigureReturn;

/// Typical notifications a year, per partnership in `P::ALL` order, in
/// proportion to their child populations (Somerset's from its reports).
const TYPICAL_NOTIFICATIONS: [i64; 5] = [520, 210, 300, 160, 760];

/// Breakdowns of notifications, each with the weight of its parts.
const NOTIFICATION_BREAKDOWNS: [&[(LadoCell, u32)]; 3] = [
    &[
        (LadoCell::CategoryPhysical, 40),
        (LadoCell::CategorySexual, 24),
        (LadoCell::CategoryEmotional, 12),
        (LadoCell::CategoryNeglectOrInappropriateBehaviour, 24),
    ],
    &[
        (LadoCell::SectorEducation, 44),
        (LadoCell::SectorEarlyYears, 11),
        (LadoCell::SectorHealth, 8),
        (LadoCell::SectorSocialCare, 21),
        (LadoCell::SectorPolice, 4),
        (LadoCell::SectorFaithVoluntaryCommunity, 2),
        (LadoCell::SectorSportAndLeisure, 3),
        (LadoCell::SectorOther, 7),
    ],
    &[
        (LadoCell::ThresholdMet, 40),
        (LadoCell::ThresholdNotMet, 60),
    ],
];

/// Breakdowns of allegations concluded.
const CONCLUDED_BREAKDOWNS: [&[(LadoCell, u32)]; 2] = [
    &[
        (LadoCell::OutcomeSubstantiated, 31),
        (LadoCell::OutcomeUnsubstantiated, 27),
        (LadoCell::OutcomeUnfounded, 22),
        (LadoCell::OutcomeFalse, 16),
        (LadoCell::OutcomeMalicious, 4),
    ],
    &[
        (LadoCell::ResolvedWithin1Month, 23),
        (LadoCell::Resolved1To3Months, 42),
        (LadoCell::Resolved3To12Months, 30),
        (LadoCell::ResolvedOver12Months, 5),
    ],
];

fn split(rng: &mut Synth, total: i32, parts: &[(LadoCell, u32)]) -> Vec<(LadoCell, i32)> {
    let weights: Vec<u32> = parts.iter().map(|p| p.1).collect();
    parts
        .iter()
        .map(|p| p.0)
        .zip(rng.split(total, &weights))
        .collect()
}

/// Every figure of one return, with every breakdown complete.
fn figures(rng: &mut Synth, typical: i64) -> Vec<(LadoCell, i32)> {
    let spread = (typical as f64 * 0.2).round() as i64;
    let notifications = rng.between(typical - spread, typical + spread).max(0) as i32;
    let advice = (i64::from(notifications) * rng.between(30, 50) / 100) as i32;
    let concluded = (i64::from(notifications) * rng.between(30, 45) / 100) as i32;
    let mut counts = vec![
        (LadoCell::Notifications, notifications),
        (LadoCell::AdviceEnquiries, advice),
        (LadoCell::Concluded, concluded),
    ];
    for breakdown in NOTIFICATION_BREAKDOWNS {
        counts.extend(split(rng, notifications, breakdown));
    }
    for breakdown in CONCLUDED_BREAKDOWNS {
        counts.extend(split(rng, concluded, breakdown));
    }
    counts
}

pub async fn generate(w: &mut Writer<'_>, plan: &Plan) -> Result<(), StartupError> {
    let mut rng = Synth::new(plan.seed, "lado");
    let mut returns = Vec::new();
    let mut cells = Vec::new();
    for year in &plan.years {
        for (p, partnership) in P::ALL.iter().enumerate() {
            let counts = figures(&mut rng, TYPICAL_NOTIFICATIONS[p]);
            let valid = validate::cells(&counts, &[], &validate::Ceiling::unknown_population())
                .map_err(|e| {
                    StartupError::Other(format!(
                        "synthetic data: the LADO return for {partnership} {} fails validation: {e}",
                        year.label
                    ))
                })?;
            let id = rng.uuid();
            let submitted_day = year.end + Days::new(rng.between(30, 90) as u64);
            let published_day = submitted_day + Days::new(rng.between(14, 60) as u64);
            let published_day = published_day.min(plan.horizon);
            let submitted = rng.during(submitted_day);
            let published = rng.during(published_day).max(submitted);
            returns.push(lado_return::ActiveModel {
                id: Set(id.clone()),
                partnership_code: Set(*partnership),
                period_label: Set(year.label.clone()),
                period_start: Set(year.start),
                status: Set(LadoReturnStatus::Published),
                source: Set(plan.source.clone()),
                source_quote: Set(None),
                illustrative: Set(true),
                submitted_by: Set(ACTOR.into()),
                submitted_at: Set(submitted),
                published_by: Set(Some(ACTOR.into())),
                published_at: Set(Some(published)),
                version: Set(2),
            });
            cells.extend(valid.iter().map(|c| Lado::cell_row(&id, c)));
        }
    }
    w.insert(returns).await?;
    w.insert(cells).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lado::cells::{BREAKDOWNS, COUNT};

    #[test]
    fn every_return_is_complete_and_valid() {
        let mut rng = Synth::new(9, "lado-test");
        for typical in TYPICAL_NOTIFICATIONS {
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
