//! Text shown beside disclosed figures.
//!
//! A report's own sentence often states the very figures suppression hides
//! ("... 5 between 15-17 years of age"), and a percentage quoted beside a
//! suppressed count recovers it. So the wording quoted from a source reaches
//! only a viewer with exact figures; everyone else gets the citation
//! (document, section, page or table), which names where the figures are
//! without repeating them.

/// Where figures come from, as one viewer receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance<'a> {
    pub citation: &'a str,
    /// The quoted wording; `None` for a viewer without exact figures.
    pub quote: Option<&'a str>,
}

/// The provenance `exact` (the viewer sees these figures unsuppressed)
/// allows: the citation always, the quoted wording only with exact figures.
pub fn provenance<'a>(citation: &'a str, quote: Option<&'a str>, exact: bool) -> Provenance<'a> {
    Provenance {
        citation,
        quote: quote.filter(|_| exact),
    }
}
