//! Which child population a rate for a period divides by: the one rule
//! every rate per 10,000 children uses (CDOP figures and benchmarks alike).
use chrono::{Datelike, NaiveDate};
use entity::{child_population, PartnershipCode};

/// The most children a partnership's area may be recorded as having, and so
/// the most of anything counted about them: several times the child
/// population of England's largest local authority area (about 330,000).
pub const MAX_CHILDREN: i32 = 1_000_000;

/// The estimate for `partnership` in the year `period_start` falls in, or
/// else the latest earlier one; `None` when every estimate is later. A later
/// estimate is never used: it would describe children the period did not have.
pub fn population_for_period(
    populations: &[child_population::Model],
    partnership: PartnershipCode,
    period_start: NaiveDate,
) -> Option<&child_population::Model> {
    populations
        .iter()
        .filter(|p| p.partnership_code == partnership && p.year <= period_start.year())
        .max_by_key(|p| p.year)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn estimate(partnership: PartnershipCode, year: i32, children: i32) -> child_population::Model {
        child_population::Model {
            id: year,
            partnership_code: partnership,
            year,
            children,
            source: "test".into(),
            approximate: false,
            version: 1,
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn the_start_year_or_the_latest_earlier_estimate_is_used() {
        let rows = vec![
            estimate(PartnershipCode::Somerset, 2016, 109_657),
            estimate(PartnershipCode::Somerset, 2022, 110_512),
            estimate(PartnershipCode::Bristol, 2023, 90_000),
        ];
        let on = |y, m| NaiveDate::from_ymd_opt(y, m, 1).expect("date");
        let pick = |p, d| population_for_period(&rows, p, d).map(|m| m.year);
        assert_eq!(pick(PartnershipCode::Somerset, on(2016, 4)), Some(2016));
        assert_eq!(pick(PartnershipCode::Somerset, on(2019, 4)), Some(2016));
        assert_eq!(pick(PartnershipCode::Somerset, on(2024, 4)), Some(2022));
        assert_eq!(pick(PartnershipCode::Somerset, on(2015, 4)), None);
        assert_eq!(pick(PartnershipCode::Bristol, on(2022, 4)), None);
    }
}
