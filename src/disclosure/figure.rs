//! A figure as one caller may see it: the GraphQL shape of every disclosed count.
use async_graphql::SimpleObject;

use super::rates::Rate;
use crate::statistics::{round_half_away, FigureStatus, RATE_DECIMALS, SHARE_DECIMALS};

/// One figure as the caller may see it. A suppressed figure, an unreported
/// one and a zero are three different things: check `suppressed` and
/// `reported` before reading `value`.
#[derive(SimpleObject, Debug, Clone, PartialEq)]
pub struct Figure {
    /// The count. Null when it is suppressed or was not reported; a shown
    /// zero is 0.
    pub value: Option<i32>,
    /// `SHOWN`, `SUPPRESSED`, or `NOT_AVAILABLE` when the return did not give it.
    pub status: FigureStatus,
    /// False when the return did not give this figure (a report may give only
    /// some figures of a breakdown).
    pub reported: bool,
    /// True when disclosure control hides the figure: it is small enough to
    /// identify a child, or would let a hidden figure be worked out.
    pub suppressed: bool,
    /// Its share of the breakdown's total, in percent to one decimal place
    /// (the report's own percentage where it gave one). Null for totals, and
    /// when the figure or its total is suppressed or unreported.
    pub share_percent: Option<f64>,
    /// The share before rounding.
    pub share_percent_unrounded: Option<f64>,
    /// Per 10,000 children aged 0-17, to one decimal place, for totals only.
    /// Null when the figure is suppressed or unreported, on fewer than 3
    /// events, or with no population estimate for the period.
    #[graphql(name = "ratePer10k")]
    pub rate_per_10k: Option<f64>,
    /// The rate before rounding.
    #[graphql(name = "ratePer10kUnrounded")]
    pub rate_per_10k_unrounded: Option<f64>,
    /// True when the rate rests on fewer than 20 events: compare with care.
    pub unreliable: bool,
    /// True when the rate divides by a population that is an estimate or a
    /// placeholder (marked approximate): the rate is no better than it.
    pub estimated_input: bool,
    /// The year of the child population estimate the rate divides by: the year
    /// the period starts in, or the latest earlier estimate.
    pub population_year: Option<i32>,
}

impl Figure {
    /// Assembles a figure from disclosure decisions already made.
    pub fn new(
        value: Option<i64>,
        hidden: bool,
        share_percent: Option<f64>,
        rate: Option<Rate>,
        population_year: Option<i32>,
        estimated_input: bool,
    ) -> Figure {
        Figure {
            value: if hidden {
                None
            } else {
                value.map(|v| i32::try_from(v).unwrap_or(i32::MAX))
            },
            status: match (value.is_some(), hidden) {
                (false, _) => FigureStatus::NotAvailable,
                (true, true) => FigureStatus::Suppressed,
                (true, false) => FigureStatus::Shown,
            },
            reported: value.is_some(),
            suppressed: hidden && value.is_some(),
            share_percent: share_percent.map(|s| round_half_away(s, SHARE_DECIMALS)),
            share_percent_unrounded: share_percent,
            rate_per_10k: rate.map(|r| round_half_away(r.per_10k, RATE_DECIMALS)),
            rate_per_10k_unrounded: rate.map(|r| r.per_10k),
            unreliable: rate.is_some_and(|r| r.unreliable),
            estimated_input: estimated_input && rate.is_some(),
            population_year,
        }
    }
}
