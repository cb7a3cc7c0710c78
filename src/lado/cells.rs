//! The shape of a LADO return: its figures, the breakdowns they form, and
//! the input field that carries each.
use entity::lado_return_cell::LadoCell::{self, *};

use crate::disclosure::Breakdown;

/// Every figure of a return, in the order used to index them.
pub const CELLS: [LadoCell; 26] = [
    Notifications,
    AdviceEnquiries,
    CategoryPhysical,
    CategorySexual,
    CategoryEmotional,
    CategoryNeglectOrInappropriateBehaviour,
    SectorEducation,
    SectorEarlyYears,
    SectorHealth,
    SectorSocialCare,
    SectorPolice,
    SectorFaithVoluntaryCommunity,
    SectorSportAndLeisure,
    SectorOther,
    ThresholdMet,
    ThresholdNotMet,
    Concluded,
    OutcomeSubstantiated,
    OutcomeUnsubstantiated,
    OutcomeUnfounded,
    OutcomeFalse,
    OutcomeMalicious,
    ResolvedWithin1Month,
    Resolved1To3Months,
    Resolved3To12Months,
    ResolvedOver12Months,
];

pub const COUNT: usize = CELLS.len();

pub use crate::returns::index;

pub type BreakdownShape = crate::returns::BreakdownShape<LadoCell>;

/// The two halves of the threshold decision: a notification either met the
/// threshold for the managing-allegations procedure or did not, so when the
/// total and one half are reported the other follows exactly.
pub const THRESHOLD: [LadoCell; 2] = [ThresholdMet, ThresholdNotMet];

/// The breakdowns of a return. Category, sector and threshold are of
/// notifications; outcome and time to resolution are of allegations
/// concluded. Advice enquiries stand alone.
pub const BREAKDOWNS: [BreakdownShape; 5] = [
    BreakdownShape {
        field: "byCategory",
        total: Notifications,
        parts: &[
            CategoryPhysical,
            CategorySexual,
            CategoryEmotional,
            CategoryNeglectOrInappropriateBehaviour,
        ],
    },
    BreakdownShape {
        field: "bySector",
        total: Notifications,
        parts: &[
            SectorEducation,
            SectorEarlyYears,
            SectorHealth,
            SectorSocialCare,
            SectorPolice,
            SectorFaithVoluntaryCommunity,
            SectorSportAndLeisure,
            SectorOther,
        ],
    },
    BreakdownShape {
        field: "byThreshold",
        total: Notifications,
        parts: &THRESHOLD,
    },
    BreakdownShape {
        field: "byOutcome",
        total: Concluded,
        parts: &[
            OutcomeSubstantiated,
            OutcomeUnsubstantiated,
            OutcomeUnfounded,
            OutcomeFalse,
            OutcomeMalicious,
        ],
    },
    BreakdownShape {
        field: "byTimeToResolution",
        total: Concluded,
        parts: &[
            ResolvedWithin1Month,
            Resolved1To3Months,
            Resolved3To12Months,
            ResolvedOver12Months,
        ],
    },
];

/// Figures that head no breakdown and belong to none.
pub const STANDALONE: [LadoCell; 1] = [AdviceEnquiries];

/// The breakdowns as disclosure control reads them.
pub fn breakdowns() -> Vec<Breakdown> {
    crate::returns::breakdowns::<LadoCell>()
}

/// The total a figure's share is of; none for the totals themselves.
pub fn share_base(cell: LadoCell) -> Option<LadoCell> {
    if matches!(cell, Notifications | AdviceEnquiries | Concluded) {
        return None;
    }
    BREAKDOWNS
        .iter()
        .find(|b| b.parts.contains(&cell))
        .map(|b| b.total)
}

/// True for the figures a rate per 10,000 children is given for.
pub fn has_rate(cell: LadoCell) -> bool {
    matches!(cell, Notifications | AdviceEnquiries)
}

/// The input path of a figure, as validation errors name it
/// (`input.byCategory.physical`).
pub fn input_path(cell: LadoCell) -> &'static str {
    match cell {
        Notifications => "input.notifications",
        AdviceEnquiries => "input.adviceEnquiries",
        CategoryPhysical => "input.byCategory.physical",
        CategorySexual => "input.byCategory.sexual",
        CategoryEmotional => "input.byCategory.emotional",
        CategoryNeglectOrInappropriateBehaviour => {
            "input.byCategory.neglectOrInappropriateBehaviour"
        }
        SectorEducation => "input.bySector.education",
        SectorEarlyYears => "input.bySector.earlyYears",
        SectorHealth => "input.bySector.health",
        SectorSocialCare => "input.bySector.socialCare",
        SectorPolice => "input.bySector.police",
        SectorFaithVoluntaryCommunity => "input.bySector.faithVoluntaryCommunity",
        SectorSportAndLeisure => "input.bySector.sportAndLeisure",
        SectorOther => "input.bySector.other",
        ThresholdMet => "input.byThreshold.met",
        ThresholdNotMet => "input.byThreshold.notMet",
        Concluded => "input.concluded",
        OutcomeSubstantiated => "input.byOutcome.substantiated",
        OutcomeUnsubstantiated => "input.byOutcome.unsubstantiated",
        OutcomeUnfounded => "input.byOutcome.unfounded",
        OutcomeFalse => "input.byOutcome.false",
        OutcomeMalicious => "input.byOutcome.malicious",
        ResolvedWithin1Month => "input.byTimeToResolution.within1Month",
        Resolved1To3Months => "input.byTimeToResolution.from1To3Months",
        Resolved3To12Months => "input.byTimeToResolution.from3To12Months",
        ResolvedOver12Months => "input.byTimeToResolution.over12Months",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::Iterable;

    #[test]
    fn every_cell_is_listed_once_and_belongs_to_a_breakdown_or_stands_alone() {
        let all: Vec<LadoCell> = LadoCell::iter().collect();
        assert_eq!(all.len(), COUNT);
        for cell in all {
            assert_eq!(CELLS.iter().filter(|c| **c == cell).count(), 1, "{cell:?}");
            let placed = STANDALONE.contains(&cell)
                || BREAKDOWNS
                    .iter()
                    .any(|b| b.total == cell || b.parts.contains(&cell));
            assert!(placed, "{cell:?}");
        }
    }
}
