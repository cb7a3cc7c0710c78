//! Demo returns as a dataset's demo loader lists them: which partnership and
//! period, where the figures come from, and the counts and shares, over the
//! dataset's cells.
use entity::PartnershipCode;

/// Where a published return's figures come from: the citation everyone may
/// see, and the report's wording, which states figures disclosure control
/// may hide, for callers with exact rights only.
pub struct Source {
    pub citation: &'static str,
    pub quote: Option<&'static str>,
}

pub const ILLUSTRATIVE: Source = Source {
    citation: "Illustrative demo figures, made up: not from any published report",
    quote: None,
};

/// One demo return; `published` and `illustrative` make them.
pub struct DemoReturn<C: 'static> {
    pub partnership: PartnershipCode,
    pub period: &'static str,
    pub source: Source,
    pub illustrative: bool,
    pub published: bool,
    pub counts: &'static [(C, i32)],
    pub shares: &'static [(C, f64)],
}

/// A return from a published report, citing it.
pub const fn published<C>(
    partnership: PartnershipCode,
    period: &'static str,
    source: Source,
    counts: &'static [(C, i32)],
    shares: &'static [(C, f64)],
) -> DemoReturn<C> {
    DemoReturn {
        partnership,
        period,
        source,
        illustrative: false,
        published: true,
        counts,
        shares,
    }
}

/// A made-up return, marked illustrative, with counts only.
pub const fn illustrative<C>(
    partnership: PartnershipCode,
    period: &'static str,
    published: bool,
    counts: &'static [(C, i32)],
) -> DemoReturn<C> {
    DemoReturn {
        partnership,
        period,
        source: ILLUSTRATIVE,
        illustrative: true,
        published,
        counts,
        shares: &[],
    }
}
