//! Checks a submitted return's figures before anything is written: each
//! refusal is `BAD_USER_INPUT` naming the input field at fault.
use std::collections::BTreeMap;

use entity::child_population;

use super::ReturnCell;
use crate::error::{AppError, AppResult};
use crate::reference::population::MAX_CHILDREN;

/// A figure ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidCell<C> {
    pub cell: C,
    pub count: i32,
    pub share_percent: Option<f64>,
}

/// How far a published percentage may be from the exact share: reports give
/// whole percentages.
const SHARE_ROUNDING: f64 = 0.5;

/// The most any count of a return may be: a panel cannot be notified of more
/// deaths, nor a LADO hear of more allegations, than the partnership has
/// children, so it catches a figure typed with extra digits.
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
/// rounds to it), then whatever else the dataset's `derive` adds, before
/// every breakdown is checked against its total.
pub fn cells<C: ReturnCell + Ord>(
    counts: &[(C, i32)],
    shares: &[(C, f64)],
    ceiling: &Ceiling,
    derive: impl FnOnce(&mut BTreeMap<C, i32>) -> AppResult<()>,
) -> AppResult<Vec<ValidCell<C>>> {
    let mut count: BTreeMap<C, i32> = BTreeMap::new();
    for &(cell, n) in counts {
        if n < 0 {
            return Err(AppError::bad_input(
                cell.input_path(),
                "must not be negative",
            ));
        }
        if n > ceiling.max {
            return Err(AppError::bad_input(
                cell.input_path(),
                format!("is {n}, more than {}", ceiling.basis),
            ));
        }
        count.insert(cell, n);
    }
    let mut share: BTreeMap<C, f64> = BTreeMap::new();
    for (i, &(cell, percent)) in shares.iter().enumerate() {
        let field = |leaf: &str| format!("input.shares[{i}].{leaf}");
        let Some(base_cell) = cell.share_base() else {
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
        let base_name = base_cell.input_path().trim_start_matches("input.");
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
    derive(&mut count)?;
    for b in C::BREAKDOWNS {
        let Some(&total) = count.get(&b.total) else {
            continue;
        };
        let reported: Vec<i64> = b
            .parts
            .iter()
            .filter_map(|p| count.get(p).map(|n| i64::from(*n)))
            .collect();
        let sum: i64 = reported.iter().sum();
        let total_name = b.total.input_path().trim_start_matches("input.");
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
