//! The reference parts of `docs/statistics.md`, written from the metric
//! registry and the export's column list, so the page cannot drift from the
//! code: a test compares them (`BLESS_DOCS=1 cargo test --lib methodology`
//! rewrites them after a deliberate change).
use std::fmt::Write;

use super::ees::{Kind, COLUMNS};
use super::registry::{Better, DisclosureRule, Unit, METRICS};
use crate::statistics::FigureStatus;

pub const METRICS_BEGIN: &str = "<!-- metrics: generated from src/benchmark/registry.rs -->";
pub const METRICS_END: &str = "<!-- end of metrics -->";
pub const COLUMNS_BEGIN: &str = "<!-- columns: generated from src/benchmark/ees.rs -->";
pub const COLUMNS_END: &str = "<!-- end of columns -->";

/// One section per metric: what is counted, what it is divided by, how it
/// is rounded, ranked and protected.
pub fn metrics_section() -> String {
    let mut out = String::new();
    for m in METRICS {
        let _ = writeln!(out, "### `{}`: {}\n", m.id, m.name);
        let _ = writeln!(out, "- **Definition (numerator):** {}", m.definition);
        let denominator = if m.denominator.is_empty() {
            "none: a count.".to_string()
        } else {
            m.denominator.to_string()
        };
        let _ = writeln!(out, "- **Denominator:** {denominator}");
        let unit = match m.unit {
            Unit::Count => "count",
            Unit::RatePer10k => "rate per 10,000",
            Unit::Percent => "percentage",
        };
        let _ = writeln!(
            out,
            "- **Unit and rounding:** {unit}, published to {} decimal place{}; the unrounded value is available in GraphQL.",
            m.decimals(),
            if m.decimals() == 1 { "" } else { "s" }
        );
        let better = match m.better {
            Better::Higher => "higher is better",
            Better::Lower => "lower is better",
            Better::Neither => {
                "neither way is better (context, not performance); rank 1 is the highest"
            }
        };
        let ranking = if m.ranked() {
            format!("ranked and placed in quartiles; {better}.")
        } else {
            format!("shown unranked (a count ranks the size of an area, not its performance); rank and quartile are `z`; {better} for the direction of travel.")
        };
        let _ = writeln!(out, "- **Ranking:** {ranking}");
        let disclosure = match m.disclosure {
            DisclosureRule::ChildCounts => "child counts: counts from 1 to the threshold suppressed (`c`), secondary suppression, rates and shares on suppressed inputs suppressed, no rate on fewer than 3 events (`low`), rates on fewer than 20 flagged unreliable.",
            DisclosureRule::Organisational => "organisational figures: published data only, no small-number suppression.",
        };
        let _ = writeln!(out, "- **Disclosure control:** {disclosure}");
        let rate = if m.has_rate() {
            "given, per 10,000 children aged 0-17 where that population is the one the figure is about; `low`, `x` or `c` otherwise."
        } else {
            "not applicable (`z`)."
        };
        let _ = writeln!(out, "- **Rate column:** {rate}\n");
    }
    out
}

/// The export's columns, with their EES role.
pub fn columns_section() -> String {
    let mut out = String::from("| column | EES role | meaning |\n|---|---|---|\n");
    for c in COLUMNS {
        let kind = match c.kind {
            Kind::Standard => "time / geography",
            Kind::Filter => "filter",
            Kind::Indicator => "indicator",
        };
        let _ = writeln!(out, "| `{}` | {kind} | {} |", c.name, c.label);
    }
    out.push_str("\n| symbol | status | meaning |\n|---|---|---|\n");
    for (status, name, meaning) in [
        (FigureStatus::Suppressed, "SUPPRESSED", "confidential: hidden by disclosure control"),
        (FigureStatus::NotAvailable, "NOT_AVAILABLE", "not available: no return, not reported, or the denominator is not held"),
        (FigureStatus::NotApplicable, "NOT_APPLICABLE", "not applicable: no such figure for this metric (a rate for a percentage, a rank for a count)"),
        (FigureStatus::LowBase, "LOW_BASE", "a rate on fewer than 3 events: too few to show"),
    ] {
        let _ = writeln!(
            out,
            "| `{}` | `{name}` | {meaning} |",
            status.symbol().unwrap_or_default(),
        );
    }
    out
}

/// `text` with the part between `begin` and `end` replaced by `body`.
fn splice(text: &str, begin: &str, end: &str, body: &str) -> Option<String> {
    let start = text.find(begin)? + begin.len();
    let stop = text[start..].find(end)? + start;
    Some(format!(
        "{}\n\n{}\n{}",
        &text[..start],
        body.trim_end(),
        &text[stop..]
    ))
}

/// The page as it should read, given its current text.
pub fn expected_page(current: &str) -> Option<String> {
    let page = splice(current, METRICS_BEGIN, METRICS_END, &metrics_section())?;
    splice(&page, COLUMNS_BEGIN, COLUMNS_END, &columns_section())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_statistics_md_matches_the_registry() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/statistics.md");
        let current = std::fs::read_to_string(path).expect("docs/statistics.md");
        let expected = expected_page(&current).expect("the page keeps both generated markers");
        if std::env::var_os("BLESS_DOCS").is_some() {
            std::fs::write(path, &expected).expect("write docs/statistics.md");
            return;
        }
        assert!(
            current == expected,
            "docs/statistics.md has drifted from the metric registry or the export columns: \
             run `BLESS_DOCS=1 cargo test --lib methodology` and review the diff"
        );
        for m in METRICS {
            assert!(
                current.contains(&format!("`{}`", m.id)),
                "{} is documented",
                m.id
            );
        }
    }
}
