//! Direction of travel over a trend. Ranks, quartiles, the median and the
//! mean are in [`crate::statistics`].
use super::registry::Better;

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
}
