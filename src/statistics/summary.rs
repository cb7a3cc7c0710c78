//! The regional median and mean.

/// The median and mean of the comparable values, from the unrounded values,
/// with the number of partnerships they cover (a median of three says so).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Summary {
    pub median: Option<f64>,
    pub mean: Option<f64>,
    /// How many values the median and mean are taken over.
    pub count: usize,
}

/// The median (the middle value, or the mean of the two middle values) and
/// the mean of `values`. Pass unrounded values: a mean of rounded rates
/// carries every rounding error into the regional figure.
pub fn summarise(values: &[f64]) -> Summary {
    if values.is_empty() {
        return Summary::default();
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    let median = if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    };
    Summary {
        median: Some(median),
        mean: Some(values.iter().sum::<f64>() / values.len() as f64),
        count: values.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::statistics::round_half_away;
    use proptest::prelude::*;

    #[test]
    fn median_and_mean_with_their_count() {
        let s = summarise(&[3.0, 1.0, 2.0]);
        assert_eq!((s.median, s.mean, s.count), (Some(2.0), Some(2.0), 3));
        assert_eq!(summarise(&[4.0, 1.0, 2.0, 3.0]).median, Some(2.5));
        assert_eq!(summarise(&[]), Summary::default());
    }

    #[test]
    fn the_mean_is_of_unrounded_values() {
        // Rounded first, 1.05, 1.05 and 1.0 become 1.1, 1.1 and 1.0, whose
        // mean shows as 1.1; the mean of the values themselves is 1.033...,
        // which shows as 1.0.
        let rates = [1.05, 1.05, 1.0];
        let mean = summarise(&rates).mean.expect("mean");
        assert!((mean - 3.1 / 3.0).abs() < 1e-12);
        assert_eq!(round_half_away(mean, 1), 1.0);
        let rounded_first: Vec<f64> = rates.iter().map(|r| round_half_away(*r, 1)).collect();
        let wrong = summarise(&rounded_first).mean.expect("mean");
        assert_eq!(round_half_away(wrong, 1), 1.1);
    }

    proptest! {
        #[test]
        fn the_median_lies_within_the_values_and_counts_them(values in proptest::collection::vec(-1.0e4f64..1.0e4, 1..12)) {
            let s = summarise(&values);
            let (lo, hi) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| (l.min(*v), h.max(*v)));
            let median = s.median.expect("median");
            let mean = s.mean.expect("mean");
            prop_assert!(median >= lo && median <= hi);
            prop_assert!(mean >= lo - 1e-9 && mean <= hi + 1e-9);
            prop_assert_eq!(s.count, values.len());
        }
    }
}
