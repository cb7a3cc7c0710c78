//! Rates per 10,000 children and shares, with the rules on when they are shown.

/// No rate is given on fewer events than this.
pub const MIN_RATE_EVENTS: i64 = 3;
/// A rate on fewer events than this is flagged unreliable.
pub const RELIABLE_RATE_EVENTS: i64 = 20;

/// A rate per 10,000 children.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    pub per_10k: f64,
    pub unreliable: bool,
}

/// The rate of `count` events per 10,000 of `children`: none when the count is
/// unreported or hidden (a rate gives its numerator back), when there is no
/// population, or on fewer than [`MIN_RATE_EVENTS`] events.
pub fn rate_per_10k(count: Option<i64>, count_hidden: bool, children: Option<i64>) -> Option<Rate> {
    let count = count.filter(|_| !count_hidden)?;
    let children = children.filter(|c| *c > 0)?;
    if count < MIN_RATE_EVENTS {
        return None;
    }
    Some(Rate {
        // Unrounded: a figure is rounded once, for display (`Figure`).
        per_10k: count as f64 * 10_000.0 / children as f64,
        unreliable: count < RELIABLE_RATE_EVENTS,
    })
}

/// The share of `base` that `count` is, in percent: the report's own
/// percentage where it gave one, else worked out. None when either side is
/// unreported or hidden (a share and its base give the count back), or the
/// base is zero.
pub fn share_percent(
    count: Option<i64>,
    count_hidden: bool,
    base: Option<i64>,
    base_hidden: bool,
    published: Option<f64>,
) -> Option<f64> {
    if count_hidden || base_hidden {
        return None;
    }
    let (count, base) = (count?, base?);
    if base <= 0 {
        return None;
    }
    // Unrounded when worked out: a figure is rounded once, for display (`Figure`).
    Some(published.unwrap_or_else(|| count as f64 * 100.0 / base as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_need_three_events_and_are_unreliable_under_twenty() {
        assert_eq!(rate_per_10k(Some(2), false, Some(100_000)), None);
        let r = rate_per_10k(Some(3), false, Some(100_000)).expect("rate");
        assert!(r.unreliable);
        assert!((r.per_10k - 0.3).abs() < 1e-12);
        let r = rate_per_10k(Some(27), false, Some(110_512)).expect("rate");
        assert!(!r.unreliable);
        assert!(
            (r.per_10k - 2.443_173).abs() < 1e-6,
            "unrounded: {}",
            r.per_10k
        );
        assert_eq!(rate_per_10k(Some(27), true, Some(110_512)), None);
        assert_eq!(rate_per_10k(Some(27), false, None), None);
        assert_eq!(rate_per_10k(None, false, Some(1)), None);
    }

    #[test]
    fn shares_fall_with_either_side_hidden() {
        assert_eq!(
            share_percent(Some(16), false, Some(27), false, Some(59.0)),
            Some(59.0)
        );
        assert_eq!(
            share_percent(Some(7), false, Some(27), false, None),
            Some(700.0 / 27.0)
        );
        assert_eq!(share_percent(Some(7), true, Some(27), false, None), None);
        assert_eq!(share_percent(Some(7), false, Some(27), true, None), None);
        assert_eq!(share_percent(Some(0), false, Some(0), false, None), None);
    }
}
