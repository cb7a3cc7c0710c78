//! Checks a submitted return's figures before anything is written: each
//! refusal is `BAD_USER_INPUT` naming the input field at fault.
use std::collections::BTreeMap;

use entity::cdop_return_cell::CdopCell;
use entity::child_population;

use super::cells::{input_path, share_base, BREAKDOWNS, INFANT_BANDS};
use crate::error::{AppError, AppResult};
use crate::reference::population::MAX_CHILDREN;

/// A figure ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidCell {
    pub cell: CdopCell,
    pub count: i32,
    pub share_percent: Option<f64>,
}

/// How far a published percentage may be from the exact share: reports give
/// whole percentages.
const SHARE_ROUNDING: f64 = 0.5;

/// The most any count of a return may be: a panel cannot be notified of more
/// deaths, or review more, than the partnership has children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ceiling {
    pub max: i32,
    /// What the ceiling is, for the refusal's message.
    pub basis: String,
}

impl Ceiling {
    /// The partnership's child population for the period when it is known;
    /// otherwise the most children any partnership may be recorded as having.
    pub fn for_population(population: Option<&child_population::Model>) -> Ceiling {
        match population {
            Some(p) => Ceiling {
                max: p.children,
                basis: format!(
                    "the partnership's child population ({} in {})",
                    p.children, p.year
                ),
            },
            None => Ceiling::unknown_population(),
        }
    }

    pub fn unknown_population() -> Ceiling {
        Ceiling {
            max: MAX_CHILDREN,
            basis: format!("the most children a partnership may have ({MAX_CHILDREN})"),
        }
    }
}

/// Validates the counts and shares of a return and derives what follows from
/// them: the count a percentage stands for (when only one count of its base
/// rounds to it) and "under 1 year" from the two infant bands.
pub fn cells(
    counts: &[(CdopCell, i32)],
    shares: &[(CdopCell, f64)],
    ceiling: &Ceiling,
) -> AppResult<Vec<ValidCell>> {
    let mut count: BTreeMap<CdopCell, i32> = BTreeMap::new();
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
    let mut share: BTreeMap<CdopCell, f64> = BTreeMap::new();
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
    if let (Some(a), Some(b)) = (
        count.get(&INFANT_BANDS[0]).copied(),
        count.get(&INFANT_BANDS[1]).copied(),
    ) {
        match count.get(&CdopCell::AgeUnder1Year) {
            None => {
                count.insert(CdopCell::AgeUnder1Year, a + b);
            }
            Some(&under1) if under1 != a + b => {
                return Err(AppError::bad_input(
                    input_path(CdopCell::AgeUnder1Year),
                    format!("is {under1} but age0To27Days + age28To364Days is {}", a + b),
                ))
            }
            Some(_) => {}
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

    /// Cells with no population known: the ceiling is the region-wide one.
    fn cells(counts: &[(CdopCell, i32)], shares: &[(CdopCell, f64)]) -> AppResult<Vec<ValidCell>> {
        super::cells(counts, shares, &Ceiling::unknown_population())
    }

    #[test]
    fn no_count_exceeds_the_partnerships_children() {
        let somerset = child_population::Model {
            id: 1,
            partnership_code: entity::PartnershipCode::Somerset,
            year: 2022,
            children: 110_512,
            source: "ONS".into(),
            approximate: false,
            version: 1,
            updated_at: chrono::Utc::now(),
        };
        let ceiling = Ceiling::for_population(Some(&somerset));
        let refused = super::cells(&[(CdopCell::DeathsNotified, 1_000_000)], &[], &ceiling);
        assert_eq!(field_of(refused), "input.deathsNotified");
        let refused = super::cells(&[(CdopCell::ReviewsCompleted, 110_513)], &[], &ceiling);
        assert_eq!(field_of(refused), "input.reviewsCompleted");
        assert!(super::cells(&[(CdopCell::DeathsNotified, 27)], &[], &ceiling).is_ok());
        let unknown = cells(&[(CdopCell::DeathsNotified, i32::MAX)], &[]);
        assert_eq!(field_of(unknown), "input.deathsNotified");
    }

    fn field_of(result: AppResult<Vec<ValidCell>>) -> String {
        match result {
            Err(AppError::BadUserInput { field, .. }) => field,
            other => panic!("expected BAD_USER_INPUT, got {other:?}"),
        }
    }

    #[test]
    fn percentages_become_the_one_count_that_rounds_to_them() {
        // Somerset 2016-17: 59% / 41% of 27 reviews; 4% / 70% / 26% by time to review.
        let valid = cells(
            &[(CdopCell::ReviewsCompleted, 27)],
            &[
                (CdopCell::Expected, 59.0),
                (CdopCell::Unexpected, 41.0),
                (CdopCell::ReviewUnder6Months, 4.0),
                (CdopCell::Review6To12Months, 70.0),
                (CdopCell::ReviewOver12Months, 26.0),
            ],
        )
        .expect("valid");
        let get = |c| valid.iter().find(|v| v.cell == c).map(|v| v.count);
        assert_eq!(get(CdopCell::Expected), Some(16));
        assert_eq!(get(CdopCell::Unexpected), Some(11));
        assert_eq!(get(CdopCell::ReviewUnder6Months), Some(1));
        assert_eq!(get(CdopCell::Review6To12Months), Some(19));
        assert_eq!(get(CdopCell::ReviewOver12Months), Some(7));
        let expected = valid
            .iter()
            .find(|v| v.cell == CdopCell::Expected)
            .expect("cell");
        assert_eq!(expected.share_percent, Some(59.0));
    }

    #[test]
    fn refusals_name_the_cell() {
        assert_eq!(
            field_of(cells(&[(CdopCell::Age1To4, -1)], &[])),
            "input.byAgeBand.age1To4"
        );
        assert_eq!(
            field_of(cells(
                &[
                    (CdopCell::ReviewsCompleted, 10),
                    (CdopCell::Expected, 4),
                    (CdopCell::Unexpected, 5)
                ],
                &[]
            )),
            "input.byExpectation"
        );
        assert_eq!(
            field_of(cells(
                &[(CdopCell::DeathsNotified, 10), (CdopCell::Age15To17, 11)],
                &[]
            )),
            "input.byAgeBand"
        );
        assert_eq!(
            field_of(cells(
                &[
                    (CdopCell::Age0To27Days, 3),
                    (CdopCell::Age28To364Days, 2),
                    (CdopCell::AgeUnder1Year, 6)
                ],
                &[]
            )),
            "input.byAgeBand.under1Year"
        );
        assert_eq!(
            field_of(cells(&[], &[(CdopCell::Expected, 50.0)])),
            "input.shares[0].percent"
        );
        assert_eq!(
            field_of(cells(
                &[(CdopCell::ReviewsCompleted, 250)],
                &[(CdopCell::Expected, 12.0)]
            )),
            "input.shares[0].percent"
        );
        assert_eq!(
            field_of(cells(
                &[(CdopCell::ReviewsCompleted, 20)],
                &[(CdopCell::ReviewsCompleted, 12.0)]
            )),
            "input.shares[0].cell"
        );
    }

    #[test]
    fn under_one_follows_from_the_infant_bands() {
        let valid = cells(
            &[
                (CdopCell::DeathsNotified, 12),
                (CdopCell::Age0To27Days, 5),
                (CdopCell::Age28To364Days, 2),
            ],
            &[],
        )
        .expect("valid");
        assert!(valid
            .iter()
            .any(|v| v.cell == CdopCell::AgeUnder1Year && v.count == 7));
    }
}
