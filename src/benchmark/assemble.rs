//! Turns per-partnership values of one metric into a benchmark: flags, ranks
//! and quartiles over comparable values only, and the regional median and
//! mean over the same. Pure, so the comparability rules are testable alone.
use std::collections::BTreeMap;

use entity::PartnershipCode;

use super::registry::Metric;
use super::stats;

/// What a dataset reports for one partnership, metric and period, after scope
/// and disclosure control: a suppressed figure arrives with `value: None`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SourceValue {
    pub value: Option<f64>,
    /// The count behind a rate or share, where it has one and may be shown.
    pub rate_per_10k: Option<f64>,
    pub suppressed: bool,
    pub unreliable: bool,
    pub illustrative: bool,
    /// The period the figure belongs to: the one asked for, or a non-standard
    /// period overlapping it (shown, flagged, never ranked).
    pub period_label: String,
    pub non_standard: bool,
    /// The population year a rate used.
    pub population_year: Option<i32>,
}

/// Why a row is shown the way it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, async_graphql::Enum)]
pub enum Flag {
    /// The figure is hidden by disclosure control.
    Suppressed,
    /// No return (or no data) for this partnership and period.
    NoReturn,
    /// The figure covers a non-standard period: shown, but not ranked or in the median.
    NonStandardPeriod,
    /// A rate on fewer than 20 events.
    Unreliable,
    /// Made-up demo data, not a published figure.
    Illustrative,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub partnership: PartnershipCode,
    pub value: Option<f64>,
    pub rate_per_10k: Option<f64>,
    pub rank: Option<u32>,
    pub quartile: Option<u32>,
    pub flags: Vec<Flag>,
    pub period_label: Option<String>,
    pub population_year: Option<i32>,
}

impl Row {
    pub fn has(&self, flag: Flag) -> bool {
        self.flags.contains(&flag)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assembled {
    pub rows: Vec<Row>,
    pub median: Option<f64>,
    pub mean: Option<f64>,
    pub comparable: usize,
}

/// Builds the five rows, in the partnerships' usual order. A value ranks only
/// when it is shown, for a standard period, and the partnership made a return.
pub fn assemble(metric: &Metric, values: &BTreeMap<PartnershipCode, SourceValue>) -> Assembled {
    let mut rows: Vec<Row> = PartnershipCode::ALL
        .into_iter()
        .map(|p| match values.get(&p) {
            None => Row {
                partnership: p,
                value: None,
                rate_per_10k: None,
                rank: None,
                quartile: None,
                flags: vec![Flag::NoReturn],
                period_label: None,
                population_year: None,
            },
            Some(v) => {
                let mut flags = Vec::new();
                if v.suppressed {
                    flags.push(Flag::Suppressed);
                }
                if v.non_standard {
                    flags.push(Flag::NonStandardPeriod);
                }
                if v.unreliable {
                    flags.push(Flag::Unreliable);
                }
                if v.illustrative {
                    flags.push(Flag::Illustrative);
                }
                if v.value.is_none() && !v.suppressed {
                    flags.push(Flag::NoReturn);
                }
                Row {
                    partnership: p,
                    value: if v.suppressed { None } else { v.value },
                    rate_per_10k: if v.suppressed { None } else { v.rate_per_10k },
                    rank: None,
                    quartile: None,
                    flags,
                    period_label: Some(v.period_label.clone()),
                    population_year: v.population_year,
                }
            }
        })
        .collect();
    let comparable: Vec<Option<f64>> = rows
        .iter()
        .map(|r| {
            let excluded =
                r.has(Flag::Suppressed) || r.has(Flag::NoReturn) || r.has(Flag::NonStandardPeriod);
            if excluded {
                None
            } else {
                r.value
            }
        })
        .collect();
    let ranks = stats::ranks(&comparable, metric.better);
    let shown: Vec<f64> = comparable.iter().flatten().copied().collect();
    for (row, rank) in rows.iter_mut().zip(ranks) {
        row.rank = rank;
        row.quartile = rank.and_then(|r| stats::quartile(r, shown.len()));
    }
    Assembled {
        median: stats::median(&shown),
        mean: stats::mean(&shown),
        comparable: shown.len(),
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
                    non_standard: true,
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
        assert_eq!(a.comparable, 2);
        assert_eq!(a.median, Some(2.5));
        assert_eq!(a.mean, Some(2.5));
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
        assert_eq!(a.median, None);
        assert_eq!(a.comparable, 0);
    }
}
