//! Figures about organisations and activity (Section 11 returns, scrutiny
//! activities and recommendations): the disclosure rule `Organisational`.
//! They count agencies and activities, never children, so none is suppressed;
//! what protects unpublished work is which rows the caller's scope counts.
//! What they still owe a reader is an explicit status (a percentage with no
//! denominator is `NOT_AVAILABLE`, not a bare null) and the flags of their
//! inputs, so a figure built on made-up data says so.
use async_graphql::SimpleObject;

use super::rates::share_percent;
use crate::statistics::{round_half_away, FigureFlags, FigureStatus, SHARE_DECIMALS};

/// A count of agencies, returns, activities or recommendations, with its
/// status and the flags of what it counts.
#[derive(SimpleObject, Debug, Clone, Copy, PartialEq)]
pub struct CountFigure {
    /// The count; null unless `status` is `SHOWN`.
    pub value: Option<i64>,
    /// `SHOWN`, as organisational counts are never suppressed, or
    /// `NOT_AVAILABLE` when the source did not publish the count.
    pub status: FigureStatus,
    /// True when a row counted is an estimate or placeholder.
    pub estimated_input: bool,
    /// True when a row counted is made up (illustrative demo data), not published.
    pub illustrative: bool,
    /// True when the count covers a non-standard period.
    pub non_standard_period: bool,
    /// Always false: only rates are judged unreliable on few events.
    pub unreliable: bool,
}

impl CountFigure {
    /// A count as every caller may see it (of the rows its scope counts).
    pub fn organisational(count: u64, flags: FigureFlags) -> CountFigure {
        CountFigure {
            value: Some(i64::try_from(count).unwrap_or(i64::MAX)),
            status: FigureStatus::Shown,
            estimated_input: flags.estimated_input,
            illustrative: flags.illustrative,
            non_standard_period: flags.non_standard_period,
            unreliable: false,
        }
    }

    /// A count the source did not publish.
    pub fn not_available(flags: FigureFlags) -> CountFigure {
        CountFigure {
            value: None,
            status: FigureStatus::NotAvailable,
            ..CountFigure::organisational(0, flags)
        }
    }
}

/// A percentage with its status and the flags of its inputs.
#[derive(SimpleObject, Debug, Clone, Copy, PartialEq)]
pub struct ShareFigure {
    /// Percentage (0-100) to one decimal place, rounded half away from zero;
    /// null unless `status` is `SHOWN`.
    pub value: Option<f64>,
    /// The percentage before rounding.
    pub unrounded_value: Option<f64>,
    /// `SHOWN`, or `NOT_AVAILABLE` when there is no denominator (nothing
    /// expected, graded or open) or the source did not publish the figure.
    pub status: FigureStatus,
    /// True when an input is an estimate or placeholder.
    pub estimated_input: bool,
    /// True when an input is made up (illustrative demo data), not published.
    pub illustrative: bool,
    /// True when the figure covers a non-standard period.
    pub non_standard_period: bool,
    /// Always false: only rates are judged unreliable on few events.
    pub unreliable: bool,
}

impl ShareFigure {
    /// `part` as a percentage of `whole`, worked out from the counts;
    /// `NOT_AVAILABLE` when `whole` is zero.
    pub fn organisational(part: u64, whole: u64, flags: FigureFlags) -> ShareFigure {
        let as_i64 = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        ShareFigure::published(
            share_percent(Some(as_i64(part)), false, Some(as_i64(whole)), false, None),
            flags,
        )
    }

    /// A percentage as its source published it; `NOT_AVAILABLE` when it did not.
    pub fn published(percent: Option<f64>, flags: FigureFlags) -> ShareFigure {
        ShareFigure {
            value: percent.map(|p| round_half_away(p, SHARE_DECIMALS)),
            unrounded_value: percent,
            status: if percent.is_some() {
                FigureStatus::Shown
            } else {
                FigureStatus::NotAvailable
            },
            estimated_input: flags.estimated_input,
            illustrative: flags.illustrative,
            non_standard_period: flags.non_standard_period,
            unreliable: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_share_without_a_denominator_is_not_available_not_a_bare_null() {
        let f = ShareFigure::organisational(0, 0, FigureFlags::default());
        assert_eq!(f.status, FigureStatus::NotAvailable);
        assert_eq!(f.value, None);
        let f = ShareFigure::organisational(25, 26, FigureFlags::default());
        assert_eq!(f.status, FigureStatus::Shown);
        assert_eq!(f.value, Some(96.2));
        assert_eq!(f.unrounded_value, Some(2500.0 / 26.0));
    }

    fn flags() -> impl Strategy<Value = FigureFlags> {
        (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(a, b, c)| FigureFlags {
            estimated_input: a,
            illustrative: b,
            non_standard_period: c,
            unreliable: false,
        })
    }

    proptest! {
        #[test]
        fn a_share_is_shown_exactly_when_it_has_a_denominator_and_keeps_its_flags(
            whole in 0u64..10_000, part_of in 0u64..10_001, f in flags()
        ) {
            let part = if whole == 0 { 0 } else { part_of % (whole + 1) };
            let s = ShareFigure::organisational(part, whole, f);
            prop_assert_eq!(s.status == FigureStatus::Shown, whole > 0);
            prop_assert_eq!(s.value.is_some(), whole > 0);
            if let (Some(v), Some(u)) = (s.value, s.unrounded_value) {
                prop_assert_eq!(v, round_half_away(u, SHARE_DECIMALS));
                prop_assert!((0.0..=100.0).contains(&v));
            }
            prop_assert_eq!(
                (s.estimated_input, s.illustrative, s.non_standard_period),
                (f.estimated_input, f.illustrative, f.non_standard_period)
            );
        }

        #[test]
        fn a_count_is_always_shown_with_its_flags(n in 0u64..1_000_000, f in flags()) {
            let c = CountFigure::organisational(n, f);
            prop_assert_eq!(c.status, FigureStatus::Shown);
            prop_assert_eq!(c.value, Some(n as i64));
            prop_assert_eq!(c.illustrative, f.illustrative);
            prop_assert_eq!(c.estimated_input, f.estimated_input);
        }
    }
}
