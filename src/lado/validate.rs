//! Checks a submitted LADO return's figures before anything is written,
//! by [`crate::returns::validate`] with what only LADO derives.
use std::collections::BTreeMap;

use entity::lado_return_cell::LadoCell;

use super::cells::THRESHOLD;
#[cfg(test)]
use crate::error::AppError;
use crate::error::AppResult;
use crate::returns::validate;
/// The most any count of a return may be: the partnership's child
/// population, CDOP's bound too.
pub use crate::returns::validate::Ceiling;

pub type ValidCell = validate::ValidCell<LadoCell>;

/// Validates the counts and shares of a return and derives what follows from
/// them: the count a percentage stands for (when only one count of its base
/// rounds to it) and the other half of the threshold decision when
/// notifications and one half are given.
pub fn cells(
    counts: &[(LadoCell, i32)],
    shares: &[(LadoCell, f64)],
    ceiling: &Ceiling,
) -> AppResult<Vec<ValidCell>> {
    validate::cells(counts, shares, ceiling, other_half_of_threshold)
}

/// A notification met the threshold or did not, so the total and one half
/// give the other.
fn other_half_of_threshold(count: &mut BTreeMap<LadoCell, i32>) -> AppResult<()> {
    if let Some(&total) = count.get(&LadoCell::Notifications) {
        let [met, not_met] = THRESHOLD;
        match (count.get(&met).copied(), count.get(&not_met).copied()) {
            (Some(m), None) if m <= total => {
                count.insert(not_met, total - m);
            }
            (None, Some(n)) if n <= total => {
                count.insert(met, total - n);
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(counts: &[(LadoCell, i32)], shares: &[(LadoCell, f64)]) -> AppResult<Vec<ValidCell>> {
        super::cells(counts, shares, &Ceiling::unknown_population())
    }

    fn field_of(result: AppResult<Vec<ValidCell>>) -> String {
        match result {
            Err(AppError::BadUserInput { field, .. }) => field,
            other => panic!("expected BAD_USER_INPUT, got {other:?}"),
        }
    }

    #[test]
    fn the_other_half_of_the_threshold_follows_from_notifications() {
        // Somerset 2024-25 (seed 001): 772 notifications, 476 not meeting the criteria.
        let valid = cells(
            &[
                (LadoCell::Notifications, 772),
                (LadoCell::ThresholdNotMet, 476),
            ],
            &[],
        )
        .expect("valid");
        let met = valid.iter().find(|v| v.cell == LadoCell::ThresholdMet);
        assert_eq!(met.map(|v| v.count), Some(296));
    }

    #[test]
    fn a_partial_breakdown_stays_partial() {
        let valid = cells(
            &[(LadoCell::Notifications, 40), (LadoCell::CategorySexual, 3)],
            &[],
        )
        .expect("valid");
        assert!(!valid.iter().any(|v| v.cell == LadoCell::CategoryPhysical));
    }

    #[test]
    fn refusals_name_the_field() {
        assert_eq!(
            field_of(cells(&[(LadoCell::CategoryEmotional, -1)], &[])),
            "input.byCategory.emotional"
        );
        assert_eq!(
            field_of(cells(
                &[
                    (LadoCell::Notifications, 10),
                    (LadoCell::CategoryPhysical, 4),
                    (LadoCell::CategorySexual, 2),
                    (LadoCell::CategoryEmotional, 1),
                    (LadoCell::CategoryNeglectOrInappropriateBehaviour, 1),
                ],
                &[]
            )),
            "input.byCategory"
        );
        assert_eq!(
            field_of(cells(
                &[(LadoCell::Concluded, 5), (LadoCell::OutcomeMalicious, 6)],
                &[]
            )),
            "input.byOutcome"
        );
        assert_eq!(
            field_of(cells(
                &[
                    (LadoCell::Notifications, 10),
                    (LadoCell::ThresholdMet, 4),
                    (LadoCell::ThresholdNotMet, 5)
                ],
                &[]
            )),
            "input.byThreshold"
        );
        assert_eq!(
            field_of(cells(&[(LadoCell::AdviceEnquiries, i32::MAX)], &[])),
            "input.adviceEnquiries"
        );
        assert_eq!(
            field_of(cells(
                &[(LadoCell::Notifications, 20)],
                &[(LadoCell::Notifications, 12.0)]
            )),
            "input.shares[0].cell"
        );
    }

    #[test]
    fn percentages_become_the_one_count_that_rounds_to_them() {
        // Somerset 2016-17 (seed 002, 11.1): 46% physical of 478 is 220.
        let valid = cells(
            &[
                (LadoCell::Notifications, 478),
                (LadoCell::CategoryPhysical, 220),
            ],
            &[(LadoCell::CategoryPhysical, 46.0)],
        )
        .expect("valid");
        let physical = valid
            .iter()
            .find(|v| v.cell == LadoCell::CategoryPhysical)
            .expect("cell");
        assert_eq!((physical.count, physical.share_percent), (220, Some(46.0)));
    }
}
