//! What a figure is, beyond its value: whether it is shown and why not, and
//! what a reader must know about the inputs it was made from.
use serde::Serialize;

/// Whether a figure is shown, and if not, why: each reason has its own
/// government statistics symbol in exports, so a blank never has three
/// meanings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, async_graphql::Enum)]
pub enum FigureStatus {
    /// The value is given.
    Shown,
    /// Hidden by disclosure control (symbol `c`, confidential).
    Suppressed,
    /// Not available: no return, or the return did not report it, or its
    /// denominator is not held (symbol `x`).
    NotAvailable,
    /// Not applicable: the figure does not exist for this metric, such as a
    /// rate for a percentage or a rank for a count (symbol `z`).
    NotApplicable,
    /// A rate on too few events to show (symbol `low`).
    LowBase,
}

impl FigureStatus {
    /// The symbol written in place of the value in exports; `None` when the
    /// value itself is written.
    pub fn symbol(self) -> Option<&'static str> {
        match self {
            FigureStatus::Shown => None,
            FigureStatus::Suppressed => Some("c"),
            FigureStatus::NotAvailable => Some("x"),
            FigureStatus::NotApplicable => Some("z"),
            FigureStatus::LowBase => Some("low"),
        }
    }
}

/// What a reader must know about the inputs behind a figure. Flags
/// propagate: a figure made from several inputs carries every flag any of
/// them carries ([`FigureFlags::with`]), so a rate on an estimated population
/// is flagged, and so is a regional median over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct FigureFlags {
    /// An input is an estimate or placeholder (a population marked approximate).
    pub estimated_input: bool,
    /// An input is made up (illustrative demo data), not a published figure.
    pub illustrative: bool,
    /// The figure covers a non-standard period.
    pub non_standard_period: bool,
    /// A rate on fewer than 20 events.
    pub unreliable: bool,
}

impl FigureFlags {
    /// The flags of a figure made from inputs flagged `self` and `other`.
    pub fn with(self, other: FigureFlags) -> FigureFlags {
        FigureFlags {
            estimated_input: self.estimated_input || other.estimated_input,
            illustrative: self.illustrative || other.illustrative,
            non_standard_period: self.non_standard_period || other.non_standard_period,
            unreliable: self.unreliable || other.unreliable,
        }
    }

    /// The flags of a figure made from all of `inputs`.
    pub fn all<'a>(inputs: impl IntoIterator<Item = &'a FigureFlags>) -> FigureFlags {
        inputs
            .into_iter()
            .fold(FigureFlags::default(), |acc, f| acc.with(*f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_status_has_its_own_symbol() {
        let symbols: Vec<_> = [
            FigureStatus::Shown,
            FigureStatus::Suppressed,
            FigureStatus::NotAvailable,
            FigureStatus::NotApplicable,
            FigureStatus::LowBase,
        ]
        .map(FigureStatus::symbol)
        .to_vec();
        assert_eq!(
            symbols,
            vec![None, Some("c"), Some("x"), Some("z"), Some("low")]
        );
    }

    fn flags() -> impl Strategy<Value = FigureFlags> {
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(a, b, c, d)| {
            FigureFlags {
                estimated_input: a,
                illustrative: b,
                non_standard_period: c,
                unreliable: d,
            }
        })
    }

    proptest! {
        #[test]
        fn a_flag_on_any_input_reaches_the_figure(inputs in proptest::collection::vec(flags(), 0..6)) {
            let out = FigureFlags::all(&inputs);
            prop_assert_eq!(out.estimated_input, inputs.iter().any(|f| f.estimated_input));
            prop_assert_eq!(out.illustrative, inputs.iter().any(|f| f.illustrative));
            prop_assert_eq!(out.non_standard_period, inputs.iter().any(|f| f.non_standard_period));
            prop_assert_eq!(out.unreliable, inputs.iter().any(|f| f.unreliable));
        }
    }
}
