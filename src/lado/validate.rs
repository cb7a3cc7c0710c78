//! Checks a submitted return's figures before anything is written: each
//! refusal is `BAD_USER_INPUT` naming the input field at fault.
use std::collections::BTreeMap;

use entity::lado_return_cell::LadoCell;

use super::cells::{input_path, share_base, BREAKDOWNS, THRESHOLD};
use crate::error::{AppError, AppResult};

/// A figure ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidCell {
    pub cell: LadoCell,
    pub count: i32,
    pub share_percent: Option<f64>,
}

/// How far a published percentage may be from the exact share: reports give
/// whole percentages.
const SHARE_ROUNDING: f64 = 0.5;

/// The most any count of a return may be: the partnership's child
/// population, CDOP's bound too. No LADO hears of more allegations in a year
/// than the area has children, so it catches a figure typed with extra digits.
pub use crate::cdop::validate::Ceiling;

/// Validates the counts and shares of a return and derives what follows from
/// them: the count a percentage stands for (when only one count of its base
/// rounds to it) and the other half of the threshold decision when
/// notifications and one half are given.
pub fn cells(
    counts: &[(LadoCell, i32)],
    shares: &[(LadoCell, f64)],
    ceiling: &Ceiling,
) -> AppResult<Vec<ValidCell>> {
    let mut count: BTreeMap<LadoCell, i32> = BTreeMap::new();
    for &(cell, n) in counts {
        if n < 0 {
            return Err(AppError::bad_input(
                input_path(cell),
                "must not be negative",
            ));
        }
        if n > ceiling.max {
            return Err(AppError::bad_input(
                input_path(cell),
                format!("is {n}, more than {}", ceiling.basis),
            ));
        }
        count.insert(cell, n);
    }
    let mut share: BTreeMap<LadoCell, f64> = BTreeMap::new();
    for (i, &(cell, percent)) in shares.iter().enumerate() {
        let field = |leaf: &str| format!("input.shares[{i}].{leaf}");
        let Some(base_cell) = share_base(cell) else {
            return Err(AppError::bad_input(
                field("cell"),
                "a total has no share: give it as a count",
            ));
        };
        if share.contains_key(&cell) {
            return Err(AppError::bad_input(field("cell"), "is given twice"));
        }
        if !(0.0..=100.0).contains(&percent) {
            return Err(AppError::bad_input(
                field("percent"),
                "must be between 0 and 100",
            ));
        }
        let base_name = input_path(base_cell).trim_start_matches("input.");
        let Some(&base) = count.get(&base_cell).filter(|b| **b > 0) else {
            return Err(AppError::bad_input(
                field("percent"),
                format!("a share is held with its base: report a non-zero {base_name}"),
            ));
        };
        let matching: Vec<i32> = (0..=base)
            .filter(|c| (f64::from(*c) * 100.0 / f64::from(base) - percent).abs() <= SHARE_ROUNDING)
            .collect();
        match (count.get(&cell), matching.as_slice()) {
            (Some(n), _) if matching.contains(n) => {}
            (Some(n), _) => {
                return Err(AppError::bad_input(
                    field("percent"),
                    format!("{percent}% of {base} does not match the count {n} given for it"),
                ))
            }
            (None, [only]) => {
                count.insert(cell, *only);
            }
            (None, []) => {
                return Err(AppError::bad_input(
                    field("percent"),
                    format!("no whole count of {base} ({base_name}) rounds to {percent}%"),
                ))
            }
            (None, [first, .., last]) => {
                return Err(AppError::bad_input(
                    field("percent"),
                    format!(
                        "{percent}% of {base} could be any count from {first} to {last}: give the count too"
                    ),
                ))
            }
        }
        share.insert(cell, percent);
    }
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
    for b in &BREAKDOWNS {
        let Some(&total) = count.get(&b.total) else {
            continue;
        };
        let reported: Vec<i64> = b
            .parts
            .iter()
            .filter_map(|p| count.get(p).map(|n| i64::from(*n)))
            .collect();
        let sum: i64 = reported.iter().sum();
        let total_name = input_path(b.total).trim_start_matches("input.");
        let field = format!("input.{}", b.field);
        if reported.len() == b.parts.len() && sum != i64::from(total) {
            return Err(AppError::bad_input(
                field,
                format!("the cells sum to {sum} but {total_name} is {total}"),
            ));
        }
        if sum > i64::from(total) {
            return Err(AppError::bad_input(
                field,
                format!("the cells given sum to {sum}, more than {total_name} ({total})"),
            ));
        }
    }
    Ok(count
        .into_iter()
        .map(|(cell, n)| ValidCell {
            cell,
            count: n,
            share_percent: share.get(&cell).copied(),
        })
        .collect())
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
