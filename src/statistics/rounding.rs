//! Rounding for display: once, at the end, from the unrounded value.
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};

/// Decimal places of a rate per 10,000 children, as DfE publications give them.
pub const RATE_DECIMALS: u32 = 1;
/// Decimal places of a percentage, as DfE publications give them.
pub const SHARE_DECIMALS: u32 = 1;

/// `value` rounded to `places` decimal places, a half rounded away from zero
/// (2.25 to 2.3, -2.25 to -2.3), as the Government Statistical Service
/// rounds. The value is first read as the shortest decimal that stands for
/// the same binary number, so 2.675 (stored as 2.67499999...) rounds to 2.68
/// as a reader of the decimal figure expects.
pub fn round_half_away(value: f64, places: u32) -> f64 {
    if !value.is_finite() {
        return value;
    }
    let Some(decimal) = Decimal::from_f64(value) else {
        // Beyond Decimal's range (about 7.9e28): no figure here is so large.
        return value;
    };
    decimal
        .round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
        .to_f64()
        .unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn halves_round_away_from_zero() {
        assert_eq!(round_half_away(2.25, 1), 2.3);
        assert_eq!(round_half_away(-2.25, 1), -2.3);
        assert_eq!(round_half_away(0.05, 1), 0.1);
        assert_eq!(round_half_away(2.675, 2), 2.68);
        assert_eq!(round_half_away(0.15, 1), 0.2);
        assert_eq!(round_half_away(2.5, 0), 3.0);
    }

    #[test]
    fn the_issue_s_long_decimals_round_to_one_place() {
        assert_eq!(round_half_away(2.2859999999999996, 1), 2.3);
        assert_eq!(round_half_away(33.333333333333336, 1), 33.3);
        assert_eq!(round_half_away(27.0 * 10_000.0 / 110_512.0, 1), 2.4);
    }

    proptest! {
        #[test]
        fn rounding_moves_a_value_by_at_most_half_a_unit(v in -1.0e6f64..1.0e6, places in 0u32..4) {
            let r = round_half_away(v, places);
            let unit = 10f64.powi(-(places as i32));
            prop_assert!((r - v).abs() <= unit / 2.0 + 1e-9, "{v} -> {r}");
            // Rounding a rounded figure again changes nothing.
            prop_assert_eq!(round_half_away(r, places), r);
        }
    }
}
