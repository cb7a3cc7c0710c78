//! Turns per-partnership values of one metric into a benchmark: flags, ranks
//! and quartiles over comparable values only, and the regional median and
//! mean over the same. Pure, so the comparability rules are testable alone.
use std::collections::BTreeMap;

use entity::PartnershipCode;

use super::registry::Metric;
use crate::statistics::{self, round_half_away, FigureFlags, FigureStatus, Summary};

/// What a dataset reports for one partnership, metric and period, after scope
/// and disclosure control: a suppressed figure arrives with `value: None`.
/// Values are unrounded; they are rounded once, for display.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SourceValue {
    pub value: Option<f64>,
    /// The rate per 10,000 children beside a CDOP count, where it may be shown.
    pub rate_per_10k: Option<f64>,
    pub suppressed: bool,
    /// The rate rests on too few events to show (fewer than 3).
    pub low_base: bool,
    /// The rate's denominator is not held, so no rate is given.
    pub no_denominator: bool,
    /// What the inputs were: estimated, illustrative, non-standard, unreliable.
    pub flags: FigureFlags,
    /// The period the figure belongs to.
    pub period_label: String,
    /// The population year a rate used.
    pub population_year: Option<i32>,
}

impl SourceValue {
    /// The status of the value: a partnership that made a return which does
    /// not give the figure is not available, like one without a return.
    pub fn status(&self) -> FigureStatus {
        if self.suppressed {
            FigureStatus::Suppressed
        } else if self.value.is_some() {
            FigureStatus::Shown
        } else if self.low_base {
            FigureStatus::LowBase
        } else {
            FigureStatus::NotAvailable
        }
    }

    /// The flags a row lists for this value.
    pub fn flag_list(&self) -> Vec<Flag> {
        let mut flags = Vec::new();
        match self.status() {
            FigureStatus::Suppressed => flags.push(Flag::Suppressed),
            FigureStatus::LowBase => flags.push(Flag::LowBase),
            FigureStatus::NotAvailable if self.no_denominator => flags.push(Flag::NoDenominator),
            FigureStatus::NotAvailable => flags.push(Flag::NotReported),
            FigureStatus::Shown | FigureStatus::NotApplicable => {}
        }
        if self.flags.non_standard_period {
            flags.push(Flag::NonStandardPeriod);
        }
        if self.flags.unreliable {
            flags.push(Flag::Unreliable);
        }
        if self.flags.illustrative {
            flags.push(Flag::Illustrative);
        }
        if self.flags.estimated_input {
            flags.push(Flag::EstimatedInput);
        }
        flags.sort();
        flags
    }
}

/// Why a row is shown the way it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, async_graphql::Enum)]
pub enum Flag {
    /// The figure is hidden by disclosure control.
    Suppressed,
    /// No return for this partnership and period.
    NoReturn,
    /// The partnership made a return for the period, but it does not give this figure.
    NotReported,
    /// The figure covers a non-standard period: shown, but not ranked or in the median.
    NonStandardPeriod,
    /// A rate on fewer than 20 events.
    Unreliable,
    /// Made-up demo data, or built on some: not a published figure.
    Illustrative,
    /// Built on an estimate or placeholder, such as an approximate population.
    EstimatedInput,
    /// A rate on fewer than 3 events: not shown.
    LowBase,
    /// The population the rate is about is not held: no rate is given.
    NoDenominator,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub partnership: PartnershipCode,
    /// Unrounded.
    pub value: Option<f64>,
    /// Unrounded.
    pub rate_per_10k: Option<f64>,
    pub status: FigureStatus,
    /// The status of the rate beside the value (not applicable when the metric has none).
    pub rate_status: FigureStatus,
    pub rank: Option<u32>,
    pub quartile: Option<u32>,
    pub flags: Vec<Flag>,
    pub qualifiers: FigureFlags,
    pub period_label: Option<String>,
    pub population_year: Option<i32>,
}

impl Row {
    pub fn has(&self, flag: Flag) -> bool {
        self.flags.contains(&flag)
    }

    /// The status of the rank and quartile: not applicable for counts and
    /// for a shown value of a non-standard period; otherwise the value's.
    pub fn rank_status(&self, metric: &Metric) -> FigureStatus {
        if self.rank.is_some() {
            FigureStatus::Shown
        } else if !metric.ranked() || self.status == FigureStatus::Shown {
            FigureStatus::NotApplicable
        } else {
            self.status
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assembled {
    pub rows: Vec<Row>,
    /// The median and mean of the comparable values, unrounded, and how many
    /// partnerships they cover.
    pub summary: Summary,
    /// Flags of the values the median and mean are taken over.
    pub summary_flags: FigureFlags,
    /// Partnerships left out of the median because disclosure control hides
    /// their value from this caller.
    pub suppressed_excluded: usize,
}

impl Assembled {
    pub fn comparable(&self) -> usize {
        self.summary.count
    }

    /// The status of the regional median and mean: shown when there is a
    /// value to take them over; suppressed when disclosure control hid them
    /// all; otherwise not available.
    pub fn regional_status(&self) -> FigureStatus {
        if self.summary.median.is_some() {
            FigureStatus::Shown
        } else if self.suppressed_excluded > 0 {
            FigureStatus::Suppressed
        } else {
            FigureStatus::NotAvailable
        }
    }
}

/// Builds the five rows, in the partnerships' usual order. A value enters the
/// median when it is shown for a standard period; it is also ranked when the
/// metric is a rate or share. Ranks are taken on the values as published
/// (rounded), so two values a reader sees as equal share a rank.
pub fn assemble(metric: &Metric, values: &BTreeMap<PartnershipCode, SourceValue>) -> Assembled {
    let mut rows: Vec<Row> = PartnershipCode::ALL
        .into_iter()
        .map(|p| match values.get(&p) {
            None => Row {
                partnership: p,
                value: None,
                rate_per_10k: None,
                status: FigureStatus::NotAvailable,
                rate_status: if metric.has_rate() {
                    FigureStatus::NotAvailable
                } else {
                    FigureStatus::NotApplicable
                },
                rank: None,
                quartile: None,
                flags: vec![Flag::NoReturn],
                qualifiers: FigureFlags::default(),
                period_label: None,
                population_year: None,
            },
            Some(v) => {
                let status = v.status();
                let shown = status == FigureStatus::Shown;
                let rate_status = if !metric.has_rate() {
                    FigureStatus::NotApplicable
                } else if status != FigureStatus::Shown {
                    status
                } else if v.rate_per_10k.is_some() {
                    FigureStatus::Shown
                } else if v.low_base {
                    FigureStatus::LowBase
                } else {
                    FigureStatus::NotAvailable
                };
                Row {
                    partnership: p,
                    value: v.value.filter(|_| shown),
                    rate_per_10k: v.rate_per_10k.filter(|_| shown),
                    status,
                    rate_status,
                    rank: None,
                    quartile: None,
                    flags: v.flag_list(),
                    qualifiers: v.flags,
                    period_label: Some(v.period_label.clone()),
                    population_year: v.population_year,
                }
            }
        })
        .collect();
    let comparable: Vec<Option<f64>> = rows
        .iter()
        .map(|r| {
            r.value
                .filter(|_| r.status == FigureStatus::Shown && !r.qualifiers.non_standard_period)
        })
        .collect();
    if metric.ranked() {
        let published: Vec<Option<f64>> = comparable
            .iter()
            .map(|v| v.map(|x| round_half_away(x, metric.decimals())))
            .collect();
        let n = published.iter().flatten().count();
        let ranks = statistics::ranks(&published, metric.better);
        for (row, rank) in rows.iter_mut().zip(ranks) {
            row.rank = rank;
            row.quartile = rank.and_then(|r| statistics::quartile(r, n));
        }
    }
    let shown: Vec<f64> = comparable.iter().flatten().copied().collect();
    let summary_flags = FigureFlags::all(
        rows.iter()
            .zip(&comparable)
            .filter(|(_, v)| v.is_some())
            .map(|(r, _)| &r.qualifiers),
    );
    Assembled {
        summary: statistics::summarise(&shown),
        summary_flags,
        suppressed_excluded: rows
            .iter()
            .filter(|r| r.status == FigureStatus::Suppressed)
            .count(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::benchmark::registry::find;
    use PartnershipCode::*;

    fn shown(v: f64) -> SourceValue {
        SourceValue {
            value: Some(v),
            period_label: "2024-25".into(),
            ..Default::default()
        }
    }

    #[test]
    fn suppressed_missing_and_non_standard_rows_are_shown_but_never_ranked() {
        let metric = find("cdop.notifications_per_10k").expect("metric");
        let values = BTreeMap::from([
            (Bristol, shown(3.0)),
            (
                NorthSomerset,
                SourceValue {
                    suppressed: true,
                    ..shown(1.0)
                },
            ),
            (
                SouthGloucestershire,
                SourceValue {
                    flags: FigureFlags {
                        non_standard_period: true,
                        ..Default::default()
                    },
                    period_label: "2019-10-01/2020-12-31".into(),
                    ..shown(0.5)
                },
            ),
            (Somerset, shown(2.0)),
        ]);
        let a = assemble(metric, &values);
        let by = |p| {
            a.rows
                .iter()
                .find(|r| r.partnership == p)
                .cloned()
                .expect("row")
        };
        // Lower is better: Somerset (2.0) ranks 1, Bristol (3.0) 2.
        assert_eq!(by(Somerset).rank, Some(1));
        assert_eq!(by(Bristol).rank, Some(2));
        assert_eq!(
            by(NorthSomerset).value,
            None,
            "a suppressed value never leaves"
        );
        assert_eq!(by(NorthSomerset).rank, None);
        assert!(by(NorthSomerset).has(Flag::Suppressed));
        assert_eq!(by(SouthGloucestershire).value, Some(0.5));
        assert_eq!(by(SouthGloucestershire).rank, None);
        assert!(by(BathNeSomerset).has(Flag::NoReturn));
        assert_eq!(a.comparable(), 2);
        assert_eq!(a.summary.median, Some(2.5));
        assert_eq!(a.summary.mean, Some(2.5));
        assert_eq!(a.suppressed_excluded, 1, "the median says it left one out");
    }

    #[test]
    fn all_suppressed_gives_no_ranks_and_no_median() {
        let metric = find("cdop.notifications").expect("metric");
        let values: BTreeMap<_, _> = PartnershipCode::ALL
            .into_iter()
            .map(|p| {
                (
                    p,
                    SourceValue {
                        suppressed: true,
                        period_label: "2024-25".into(),
                        ..Default::default()
                    },
                )
            })
            .collect();
        let a = assemble(metric, &values);
        assert!(a
            .rows
            .iter()
            .all(|r| r.rank.is_none() && r.value.is_none() && r.has(Flag::Suppressed)));
        assert_eq!(a.summary.median, None);
        assert_eq!(a.comparable(), 0);
    }

    #[test]
    fn counts_are_shown_unranked_and_rates_are_ranked() {
        let values = BTreeMap::from([(Bristol, shown(24.0)), (Somerset, shown(27.0))]);
        let counts = assemble(find("cdop.notifications").expect("metric"), &values);
        assert!(counts
            .rows
            .iter()
            .all(|r| r.rank.is_none() && r.quartile.is_none()));
        assert_eq!(counts.summary.median, Some(25.5));
        let rates = assemble(find("cdop.notifications_per_10k").expect("metric"), &values);
        let ranked: Vec<_> = rates.rows.iter().filter_map(|r| r.rank).collect();
        assert_eq!(ranked, vec![1, 2]);
    }

    #[test]
    fn a_single_comparable_value_is_rank_1_and_quartile_1() {
        let values = BTreeMap::from([(Somerset, shown(80.0))]);
        let a = assemble(find("s11.good_or_better").expect("metric"), &values);
        let somerset = a
            .rows
            .iter()
            .find(|r| r.partnership == Somerset)
            .expect("row");
        assert_eq!((somerset.rank, somerset.quartile), (Some(1), Some(1)));
    }

    #[test]
    fn values_equal_as_published_share_a_rank() {
        // 2.44 and 2.36 are both 2.4 as published: a reader sees a tie.
        let values = BTreeMap::from([
            (Bristol, shown(2.44)),
            (Somerset, shown(2.36)),
            (NorthSomerset, shown(1.0)),
        ]);
        let a = assemble(find("cdop.notifications_per_10k").expect("metric"), &values);
        let rank = |p| {
            a.rows
                .iter()
                .find(|r| r.partnership == p)
                .and_then(|r| r.rank)
        };
        assert_eq!(
            (rank(NorthSomerset), rank(Bristol), rank(Somerset)),
            (Some(1), Some(2), Some(2))
        );
        // The median and mean are of the unrounded values.
        assert_eq!(a.summary.median, Some(2.36));
    }

    #[test]
    fn flags_of_the_values_behind_the_median_reach_it() {
        let estimated = SourceValue {
            flags: FigureFlags {
                estimated_input: true,
                ..Default::default()
            },
            ..shown(2.0)
        };
        let hidden_illustrative = SourceValue {
            suppressed: true,
            value: None,
            flags: FigureFlags {
                illustrative: true,
                ..Default::default()
            },
            ..shown(0.0)
        };
        let values = BTreeMap::from([
            (Bristol, estimated),
            (Somerset, shown(3.0)),
            (NorthSomerset, hidden_illustrative),
        ]);
        let a = assemble(find("cdop.notifications_per_10k").expect("metric"), &values);
        assert!(a.summary_flags.estimated_input);
        assert!(
            !a.summary_flags.illustrative,
            "a value left out does not flag the median"
        );
        let bristol = a
            .rows
            .iter()
            .find(|r| r.partnership == Bristol)
            .expect("row");
        assert!(bristol.has(Flag::EstimatedInput));
    }

    #[test]
    fn a_return_without_the_figure_is_not_reported_rather_than_no_return() {
        let values = BTreeMap::from([(
            Somerset,
            SourceValue {
                value: None,
                ..shown(0.0)
            },
        )]);
        let a = assemble(find("cdop.notifications").expect("metric"), &values);
        let somerset = a
            .rows
            .iter()
            .find(|r| r.partnership == Somerset)
            .expect("row");
        assert_eq!(somerset.flags, vec![Flag::NotReported]);
        assert_eq!(somerset.status, FigureStatus::NotAvailable);
        let bristol = a
            .rows
            .iter()
            .find(|r| r.partnership == Bristol)
            .expect("row");
        assert_eq!(bristol.flags, vec![Flag::NoReturn]);
    }
}
