//! The shape of a CDOP return: its figures, the breakdowns they form, and
//! the input field that carries each.
use entity::cdop_return_cell::CdopCell;

use crate::disclosure::Breakdown;

/// Every figure of a return, in the order used to index them.
pub const CELLS: [CdopCell; 27] = [
    CdopCell::DeathsNotified,
    CdopCell::ReviewsCompleted,
    CdopCell::Age0To27Days,
    CdopCell::Age28To364Days,
    CdopCell::AgeUnder1Year,
    CdopCell::Age1To4,
    CdopCell::Age5To9,
    CdopCell::Age10To14,
    CdopCell::Age15To17,
    CdopCell::CategoryDeliberatelyInflictedInjury,
    CdopCell::CategorySuicideOrSelfHarm,
    CdopCell::CategoryTraumaOrExternalFactors,
    CdopCell::CategoryMalignancy,
    CdopCell::CategoryAcuteMedicalOrSurgical,
    CdopCell::CategoryChronicMedical,
    CdopCell::CategoryChromosomalGeneticCongenital,
    CdopCell::CategoryPerinatalNeonatal,
    CdopCell::CategoryInfection,
    CdopCell::CategorySuddenUnexpectedUnexplained,
    CdopCell::Expected,
    CdopCell::Unexpected,
    CdopCell::ModifiableIdentified,
    CdopCell::ModifiableNotIdentified,
    CdopCell::ModifiableInsufficientInformation,
    CdopCell::ReviewUnder6Months,
    CdopCell::Review6To12Months,
    CdopCell::ReviewOver12Months,
];

pub const COUNT: usize = CELLS.len();

/// The infant bands that make up [`CdopCell::AgeUnder1Year`].
pub const INFANT_BANDS: [CdopCell; 2] = [CdopCell::Age0To27Days, CdopCell::Age28To364Days];

pub use crate::returns::index;

pub type BreakdownShape = crate::returns::BreakdownShape<CdopCell>;

/// The breakdowns of a return. Ages are of deaths notified, with the two
/// infant bands also forming their own breakdown of "under 1 year" (a report
/// may give only that); everything else is of reviews completed.
pub const BREAKDOWNS: [BreakdownShape; 6] = [
    BreakdownShape {
        field: "byAgeBand",
        total: CdopCell::DeathsNotified,
        parts: &[
            CdopCell::AgeUnder1Year,
            CdopCell::Age1To4,
            CdopCell::Age5To9,
            CdopCell::Age10To14,
            CdopCell::Age15To17,
        ],
    },
    BreakdownShape {
        field: "byAgeBand.under1Year",
        total: CdopCell::AgeUnder1Year,
        parts: &INFANT_BANDS,
    },
    BreakdownShape {
        field: "byCategory",
        total: CdopCell::ReviewsCompleted,
        parts: &[
            CdopCell::CategoryDeliberatelyInflictedInjury,
            CdopCell::CategorySuicideOrSelfHarm,
            CdopCell::CategoryTraumaOrExternalFactors,
            CdopCell::CategoryMalignancy,
            CdopCell::CategoryAcuteMedicalOrSurgical,
            CdopCell::CategoryChronicMedical,
            CdopCell::CategoryChromosomalGeneticCongenital,
            CdopCell::CategoryPerinatalNeonatal,
            CdopCell::CategoryInfection,
            CdopCell::CategorySuddenUnexpectedUnexplained,
        ],
    },
    BreakdownShape {
        field: "byExpectation",
        total: CdopCell::ReviewsCompleted,
        parts: &[CdopCell::Expected, CdopCell::Unexpected],
    },
    BreakdownShape {
        field: "byModifiableFactors",
        total: CdopCell::ReviewsCompleted,
        parts: &[
            CdopCell::ModifiableIdentified,
            CdopCell::ModifiableNotIdentified,
            CdopCell::ModifiableInsufficientInformation,
        ],
    },
    BreakdownShape {
        field: "byTimeToReview",
        total: CdopCell::ReviewsCompleted,
        parts: &[
            CdopCell::ReviewUnder6Months,
            CdopCell::Review6To12Months,
            CdopCell::ReviewOver12Months,
        ],
    },
];

/// The breakdowns as disclosure control reads them.
pub fn breakdowns() -> Vec<Breakdown> {
    crate::returns::breakdowns::<CdopCell>()
}

/// The total a figure's share is of: deaths notified for ages, reviews
/// completed for the rest; none for the two totals themselves.
pub fn share_base(cell: CdopCell) -> Option<CdopCell> {
    match cell {
        CdopCell::DeathsNotified | CdopCell::ReviewsCompleted => None,
        CdopCell::Age0To27Days
        | CdopCell::Age28To364Days
        | CdopCell::AgeUnder1Year
        | CdopCell::Age1To4
        | CdopCell::Age5To9
        | CdopCell::Age10To14
        | CdopCell::Age15To17 => Some(CdopCell::DeathsNotified),
        _ => Some(CdopCell::ReviewsCompleted),
    }
}

/// True for the figures a rate per 10,000 children is given for.
pub fn has_rate(cell: CdopCell) -> bool {
    matches!(cell, CdopCell::DeathsNotified | CdopCell::ReviewsCompleted)
}

/// The input path of a figure, as validation errors name it
/// (`input.byAgeBand.age1To4`).
pub fn input_path(cell: CdopCell) -> &'static str {
    match cell {
        CdopCell::DeathsNotified => "input.deathsNotified",
        CdopCell::ReviewsCompleted => "input.reviewsCompleted",
        CdopCell::Age0To27Days => "input.byAgeBand.age0To27Days",
        CdopCell::Age28To364Days => "input.byAgeBand.age28To364Days",
        CdopCell::AgeUnder1Year => "input.byAgeBand.under1Year",
        CdopCell::Age1To4 => "input.byAgeBand.age1To4",
        CdopCell::Age5To9 => "input.byAgeBand.age5To9",
        CdopCell::Age10To14 => "input.byAgeBand.age10To14",
        CdopCell::Age15To17 => "input.byAgeBand.age15To17",
        CdopCell::CategoryDeliberatelyInflictedInjury => {
            "input.byCategory.deliberatelyInflictedInjury"
        }
        CdopCell::CategorySuicideOrSelfHarm => "input.byCategory.suicideOrSelfHarm",
        CdopCell::CategoryTraumaOrExternalFactors => "input.byCategory.traumaOrExternalFactors",
        CdopCell::CategoryMalignancy => "input.byCategory.malignancy",
        CdopCell::CategoryAcuteMedicalOrSurgical => "input.byCategory.acuteMedicalOrSurgical",
        CdopCell::CategoryChronicMedical => "input.byCategory.chronicMedical",
        CdopCell::CategoryChromosomalGeneticCongenital => {
            "input.byCategory.chromosomalGeneticCongenital"
        }
        CdopCell::CategoryPerinatalNeonatal => "input.byCategory.perinatalNeonatal",
        CdopCell::CategoryInfection => "input.byCategory.infection",
        CdopCell::CategorySuddenUnexpectedUnexplained => {
            "input.byCategory.suddenUnexpectedUnexplained"
        }
        CdopCell::Expected => "input.byExpectation.expected",
        CdopCell::Unexpected => "input.byExpectation.unexpected",
        CdopCell::ModifiableIdentified => "input.byModifiableFactors.identified",
        CdopCell::ModifiableNotIdentified => "input.byModifiableFactors.notIdentified",
        CdopCell::ModifiableInsufficientInformation => {
            "input.byModifiableFactors.insufficientInformation"
        }
        CdopCell::ReviewUnder6Months => "input.byTimeToReview.under6Months",
        CdopCell::Review6To12Months => "input.byTimeToReview.from6To12Months",
        CdopCell::ReviewOver12Months => "input.byTimeToReview.over12Months",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::Iterable;

    #[test]
    fn every_cell_is_listed_once_and_belongs_to_a_breakdown_or_is_a_total() {
        let all: Vec<CdopCell> = CdopCell::iter().collect();
        assert_eq!(all.len(), COUNT);
        for cell in all {
            assert_eq!(CELLS.iter().filter(|c| **c == cell).count(), 1, "{cell:?}");
            let in_breakdown = BREAKDOWNS
                .iter()
                .any(|b| b.total == cell || b.parts.contains(&cell));
            assert!(in_breakdown, "{cell:?}");
        }
    }
}
