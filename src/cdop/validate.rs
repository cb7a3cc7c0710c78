//! Checks a submitted CDOP return's figures before anything is written,
//! by [`crate::returns::validate`] with what only CDOP derives.
use std::collections::BTreeMap;

use entity::cdop_return_cell::CdopCell;
#[cfg(test)]
use entity::child_population;

use super::cells::{input_path, INFANT_BANDS};
use crate::error::{AppError, AppResult};
use crate::returns::validate;
pub use crate::returns::validate::Ceiling;

pub type ValidCell = validate::ValidCell<CdopCell>;

/// Validates the counts and shares of a return and derives what follows from
/// them: the count a percentage stands for (when only one count of its base
/// rounds to it) and "under 1 year" from the two infant bands.
pub fn cells(
    counts: &[(CdopCell, i32)],
    shares: &[(CdopCell, f64)],
    ceiling: &Ceiling,
) -> AppResult<Vec<ValidCell>> {
    validate::cells(counts, shares, ceiling, under_1_year)
}

/// "Under 1 year" is the two infant bands together: derived when only the
/// bands are given, refused when it disagrees with them.
fn under_1_year(count: &mut BTreeMap<CdopCell, i32>) -> AppResult<()> {
    if let (Some(a), Some(b)) = (
        count.get(&INFANT_BANDS[0]).copied(),
        count.get(&INFANT_BANDS[1]).copied(),
    ) {
        match count.get(&CdopCell::AgeUnder1Year) {
            None => {
                count.insert(CdopCell::AgeUnder1Year, a + b);
            }
            Some(&under1) if under1 != a + b => {
                return Err(AppError::bad_input(
                    input_path(CdopCell::AgeUnder1Year),
                    format!("is {under1} but age0To27Days + age28To364Days is {}", a + b),
                ))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cells with no population known: the ceiling is the region-wide one.
    fn cells(counts: &[(CdopCell, i32)], shares: &[(CdopCell, f64)]) -> AppResult<Vec<ValidCell>> {
        super::cells(counts, shares, &Ceiling::unknown_population())
    }

    #[test]
    fn no_count_exceeds_the_partnerships_children() {
        let somerset = child_population::Model {
            id: 1,
            partnership_code: entity::PartnershipCode::Somerset,
            year: 2022,
            children: 110_512,
            source: "ONS".into(),
            approximate: false,
            version: 1,
            updated_at: chrono::Utc::now(),
        };
        let ceiling = Ceiling::for_population(Some(&somerset));
        let refused = super::cells(&[(CdopCell::DeathsNotified, 1_000_000)], &[], &ceiling);
        assert_eq!(field_of(refused), "input.deathsNotified");
        let refused = super::cells(&[(CdopCell::ReviewsCompleted, 110_513)], &[], &ceiling);
        assert_eq!(field_of(refused), "input.reviewsCompleted");
        assert!(super::cells(&[(CdopCell::DeathsNotified, 27)], &[], &ceiling).is_ok());
        let unknown = cells(&[(CdopCell::DeathsNotified, i32::MAX)], &[]);
        assert_eq!(field_of(unknown), "input.deathsNotified");
    }

    fn field_of(result: AppResult<Vec<ValidCell>>) -> String {
        match result {
            Err(AppError::BadUserInput { field, .. }) => field,
            other => panic!("expected BAD_USER_INPUT, got {other:?}"),
        }
    }

    #[test]
    fn percentages_become_the_one_count_that_rounds_to_them() {
        // Somerset 2016-17: 59% / 41% of 27 reviews; 4% / 70% / 26% by time to review.
        let valid = cells(
            &[(CdopCell::ReviewsCompleted, 27)],
            &[
                (CdopCell::Expected, 59.0),
                (CdopCell::Unexpected, 41.0),
                (CdopCell::ReviewUnder6Months, 4.0),
                (CdopCell::Review6To12Months, 70.0),
                (CdopCell::ReviewOver12Months, 26.0),
            ],
        )
        .expect("valid");
        let get = |c| valid.iter().find(|v| v.cell == c).map(|v| v.count);
        assert_eq!(get(CdopCell::Expected), Some(16));
        assert_eq!(get(CdopCell::Unexpected), Some(11));
        assert_eq!(get(CdopCell::ReviewUnder6Months), Some(1));
        assert_eq!(get(CdopCell::Review6To12Months), Some(19));
        assert_eq!(get(CdopCell::ReviewOver12Months), Some(7));
        let expected = valid
            .iter()
            .find(|v| v.cell == CdopCell::Expected)
            .expect("cell");
        assert_eq!(expected.share_percent, Some(59.0));
    }

    #[test]
    fn refusals_name_the_cell() {
        assert_eq!(
            field_of(cells(&[(CdopCell::Age1To4, -1)], &[])),
            "input.byAgeBand.age1To4"
        );
        assert_eq!(
            field_of(cells(
                &[
                    (CdopCell::ReviewsCompleted, 10),
                    (CdopCell::Expected, 4),
                    (CdopCell::Unexpected, 5)
                ],
                &[]
            )),
            "input.byExpectation"
        );
        assert_eq!(
            field_of(cells(
                &[(CdopCell::DeathsNotified, 10), (CdopCell::Age15To17, 11)],
                &[]
            )),
            "input.byAgeBand"
        );
        assert_eq!(
            field_of(cells(
                &[
                    (CdopCell::Age0To27Days, 3),
                    (CdopCell::Age28To364Days, 2),
                    (CdopCell::AgeUnder1Year, 6)
                ],
                &[]
            )),
            "input.byAgeBand.under1Year"
        );
        assert_eq!(
            field_of(cells(&[], &[(CdopCell::Expected, 50.0)])),
            "input.shares[0].percent"
        );
        assert_eq!(
            field_of(cells(
                &[(CdopCell::ReviewsCompleted, 250)],
                &[(CdopCell::Expected, 12.0)]
            )),
            "input.shares[0].percent"
        );
        assert_eq!(
            field_of(cells(
                &[(CdopCell::ReviewsCompleted, 20)],
                &[(CdopCell::ReviewsCompleted, 12.0)]
            )),
            "input.shares[0].cell"
        );
    }

    #[test]
    fn under_one_follows_from_the_infant_bands() {
        let valid = cells(
            &[
                (CdopCell::DeathsNotified, 12),
                (CdopCell::Age0To27Days, 5),
                (CdopCell::Age28To364Days, 2),
            ],
            &[],
        )
        .expect("valid");
        assert!(valid
            .iter()
            .any(|v| v.cell == CdopCell::AgeUnder1Year && v.count == 7));
    }
}
