//! The comparability rules, in one place: which periods compare, and which
//! population a rate uses.
use entity::{child_population, reporting_period};

use crate::reference::population::population_for_period;

/// The population a rate for a period uses: the estimate for the year the
/// period starts in, or else the latest earlier one.
pub fn population_for<'a>(
    populations: &'a [child_population::Model],
    partnership: entity::PartnershipCode,
    period: &reporting_period::Model,
) -> Option<&'a child_population::Model> {
    population_for_period(populations, partnership, period.start_date)
}

/// A period compares with the others in rank and median only when it is a
/// standard financial year: a report covering Oct 2019 - Dec 2020 is shown,
/// flagged, but never silently ranked against 2019-20.
pub fn ranks_with_standard_years(period: &reporting_period::Model) -> bool {
    period.standard
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, Utc};
    use entity::PartnershipCode;

    fn pop(p: PartnershipCode, year: i32, children: i32) -> child_population::Model {
        child_population::Model {
            id: year,
            partnership_code: p,
            year,
            children,
            source: "s".into(),
            approximate: false,
            version: 1,
            updated_at: Utc::now(),
        }
    }

    fn fy(start: i32) -> reporting_period::Model {
        reporting_period::Model {
            label: format!("{start}-{:02}", (start + 1) % 100),
            start_date: NaiveDate::from_ymd_opt(start, 4, 1).unwrap_or_default(),
            end_date: NaiveDate::from_ymd_opt(start + 1, 3, 31).unwrap_or_default(),
            standard: true,
            description: String::new(),
        }
    }

    #[test]
    fn uses_the_start_year_or_the_latest_earlier_estimate() {
        let pops = vec![
            pop(PartnershipCode::Somerset, 2016, 109_657),
            pop(PartnershipCode::Somerset, 2022, 110_512),
            pop(PartnershipCode::Bristol, 2024, 1),
        ];
        assert_eq!(
            population_for(&pops, PartnershipCode::Somerset, &fy(2024)).map(|p| p.year),
            Some(2022)
        );
        assert_eq!(
            population_for(&pops, PartnershipCode::Somerset, &fy(2016)).map(|p| p.year),
            Some(2016)
        );
        assert_eq!(
            population_for(&pops, PartnershipCode::Somerset, &fy(2019)).map(|p| p.year),
            Some(2016)
        );
        assert_eq!(
            population_for(&pops, PartnershipCode::Somerset, &fy(2015)),
            None
        );
    }
}
