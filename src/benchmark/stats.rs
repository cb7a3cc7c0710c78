//! Ranks, quartiles, median and mean over the comparable values of one
//! metric: pure functions, so the rules are easy to test and to read.
use super::registry::Better;

/// Competition ranking ("1, 2, 2, 4") of `values`, best first by `better`.
/// `None` entries (not comparable) get no rank.
pub fn ranks(values: &[Option<f64>], better: Better) -> Vec<Option<u32>> {
    values
        .iter()
        .map(|v| {
            v.map(|mine| {
                let ahead = values
                    .iter()
                    .flatten()
                    .filter(|other| match better {
                        Better::Lower => **other < mine,
                        Better::Higher | Better::Neither => **other > mine,
                    })
                    .count();
                ahead as u32 + 1
            })
        })
        .collect()
}

/// The quartile (1 best to 4 worst) of a rank among `n` comparable values.
pub fn quartile(rank: u32, n: usize) -> Option<u32> {
    if n == 0 || rank == 0 {
        return None;
    }
    Some(((4 * rank as usize).div_ceil(n)).clamp(1, 4) as u32)
}

pub fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    Some(if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    })
}

pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        None
    } else {
        Some(values.iter().sum::<f64>() / values.len() as f64)
    }
}

/// Which way a metric moved from `from` to `to`, knowing which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum Direction {
    /// Moved the better way.
    Improving,
    /// Moved the worse way.
    Worsening,
    /// Went up, for a metric where neither way is better.
    Increasing,
    /// Went down, for a metric where neither way is better.
    Decreasing,
    /// No change.
    Unchanged,
    /// Fewer than two comparable values: no direction can be given.
    NotComparable,
}

/// The direction of travel between the first and last comparable values.
pub fn direction(first: Option<f64>, last: Option<f64>, better: Better) -> Direction {
    let (Some(a), Some(b)) = (first, last) else {
        return Direction::NotComparable;
    };
    if (b - a).abs() < 1e-9 {
        return Direction::Unchanged;
    }
    match (better, b > a) {
        (Better::Higher, true) | (Better::Lower, false) => Direction::Improving,
        (Better::Higher, false) | (Better::Lower, true) => Direction::Worsening,
        (Better::Neither, true) => Direction::Increasing,
        (Better::Neither, false) => Direction::Decreasing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ties_share_a_rank_and_the_next_rank_is_skipped() {
        let values = [Some(3.0), Some(5.0), Some(5.0), None, Some(1.0)];
        assert_eq!(
            ranks(&values, Better::Higher),
            vec![Some(3), Some(1), Some(1), None, Some(4)]
        );
        assert_eq!(
            ranks(&values, Better::Lower),
            vec![Some(2), Some(3), Some(3), None, Some(1)]
        );
    }

    #[test]
    fn quartiles_of_five() {
        let q: Vec<_> = (1..=5).map(|r| quartile(r, 5)).collect();
        assert_eq!(q, vec![Some(1), Some(2), Some(3), Some(4), Some(4)]);
        assert_eq!(quartile(1, 1), Some(4));
        assert_eq!(quartile(1, 0), None);
    }

    #[test]
    fn median_and_mean() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
        assert_eq!(mean(&[1.0, 2.0, 6.0]), Some(3.0));
    }

    #[test]
    fn direction_knows_which_way_is_better() {
        assert_eq!(
            direction(Some(10.0), Some(8.0), Better::Lower),
            Direction::Improving
        );
        assert_eq!(
            direction(Some(10.0), Some(8.0), Better::Higher),
            Direction::Worsening
        );
        assert_eq!(
            direction(Some(10.0), Some(12.0), Better::Neither),
            Direction::Increasing
        );
        assert_eq!(
            direction(Some(10.0), Some(10.0), Better::Higher),
            Direction::Unchanged
        );
        assert_eq!(
            direction(None, Some(10.0), Better::Higher),
            Direction::NotComparable
        );
    }

    proptest! {
        #[test]
        fn the_best_value_always_ranks_first(values in proptest::collection::vec(proptest::option::of(0.0f64..1000.0), 1..8)) {
            let r = ranks(&values, Better::Higher);
            let best = values.iter().flatten().cloned().fold(f64::NEG_INFINITY, f64::max);
            for (v, rank) in values.iter().zip(&r) {
                prop_assert_eq!(v.is_some(), rank.is_some());
                if *v == Some(best) {
                    prop_assert_eq!(*rank, Some(1));
                }
            }
        }
    }
}
