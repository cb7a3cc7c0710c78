//! The metric registry: every figure the hub compares across partnerships,
//! each with its unit, definition, better direction, dataset and the
//! disclosure rule it falls under. One list, so the benchmark, the matrix,
//! the trend and the CSV export all mean the same thing by a metric id.
use serde::Serialize;

use crate::access::Dataset;

/// What a metric's value measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, async_graphql::Enum)]
pub enum Unit {
    /// A number of things (agencies, activities, deaths).
    Count,
    /// Per 10,000 children aged 0-17 (the reference population).
    RatePer10k,
    /// A share, 0 to 100.
    Percent,
}

/// Which way is better, so ranks and directions of travel mean something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, async_graphql::Enum)]
pub enum Better {
    /// A higher value is better; rank 1 is the highest.
    Higher,
    /// A lower value is better; rank 1 is the lowest.
    Lower,
    /// Neither is better (context, not performance); rank 1 is the highest,
    /// and trends say only up or down.
    Neither,
}

/// How figures of a metric are protected for viewers without exact rights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, async_graphql::Enum)]
pub enum DisclosureRule {
    /// Counts about children (CDOP): small counts suppressed, secondary
    /// suppression, rates on suppressed inputs suppressed, no rate on fewer
    /// than 3 events, rates on fewer than 20 flagged unreliable.
    ChildCounts,
    /// Figures about organisations and activity (Section 11, scrutiny): shown
    /// from published data only, with no small-number suppression, since no
    /// child can be identified from them.
    Organisational,
}

/// One comparable figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metric {
    pub id: &'static str,
    pub name: &'static str,
    pub unit: Unit,
    pub definition: &'static str,
    pub better: Better,
    pub dataset: Dataset,
    pub disclosure: DisclosureRule,
    /// What the value is divided by; empty for a count.
    pub denominator: &'static str,
}

/// The population every rate per 10,000 children divides by.
pub const CHILD_POPULATION: &str = "Children aged 0-17 resident in the area: the ONS mid-year estimate (or a placeholder, flagged estimatedInput) for the year the period starts in, or else the latest earlier estimate.";

impl Metric {
    /// Rates and shares are ranked; counts are shown unranked, since a count
    /// ranks the size of an area rather than its performance.
    pub fn ranked(&self) -> bool {
        self.unit != Unit::Count
    }

    /// Decimal places the value is published to: counts are whole numbers;
    /// rates per 10,000 and percentages have one decimal place, as DfE
    /// publications give them.
    pub fn decimals(&self) -> u32 {
        match self.unit {
            Unit::Count => 0,
            Unit::RatePer10k => crate::statistics::RATE_DECIMALS,
            Unit::Percent => crate::statistics::SHARE_DECIMALS,
        }
    }

    /// True when a rate per 10,000 children is given beside the value: for
    /// rates, and for the CDOP totals a rate is worked out for.
    pub fn has_rate(&self) -> bool {
        self.unit == Unit::RatePer10k
            || matches!(
                self.id,
                "cdop.notifications"
                    | "cdop.reviews_completed"
                    | "lado.notifications"
                    | "practice_reviews.rapid_reviews"
            )
    }

    const fn over(mut self, denominator: &'static str) -> Metric {
        self.denominator = denominator;
        self
    }
}

const fn metric(
    id: &'static str,
    name: &'static str,
    unit: Unit,
    better: Better,
    dataset: Dataset,
    definition: &'static str,
) -> Metric {
    let disclosure = match dataset {
        Dataset::Cdop | Dataset::Lado | Dataset::PracticeReviews => DisclosureRule::ChildCounts,
        _ => DisclosureRule::Organisational,
    };
    let denominator = match unit {
        Unit::RatePer10k => CHILD_POPULATION,
        _ => "",
    };
    Metric {
        id,
        name,
        unit,
        definition,
        better,
        dataset,
        disclosure,
        denominator,
    }
}

use Better::*;
use Dataset::*;
use Unit::*;

/// Every metric, in the order dashboards list them.
pub static METRICS: &[Metric] = &[
    metric("s11.return_rate", "Section 11 return rate", Percent, Higher, Section11,
        "Returns received (submitted or later) as a share of returns expected, in the partnership's Section 11 round(s) for the period.").over("Returns expected in the round(s)."),
    metric("s11.good_or_better", "Section 11: share rated Good or better", Percent, Higher, Section11,
        "Received returns whose overall grade (the moderated grade where peer challenge moderated it) is Outstanding or Good, as a share of received returns with an overall grade.").over("Received returns with an overall grade."),
    metric("s11.good_or_better.standard_1", "Section 11 standard 1 (senior management commitment): Good or better", Percent, Higher, Section11,
        "Share of received returns graded Good or better on standard 1 of the regional framework.").over("Received returns graded on the standard."),
    metric("s11.good_or_better.standard_2", "Section 11 standard 2 (statement of responsibilities): Good or better", Percent, Higher, Section11,
        "Share of received returns graded Good or better on standard 2 of the regional framework.").over("Received returns graded on the standard."),
    metric("s11.good_or_better.standard_3", "Section 11 standard 3 (line of accountability): Good or better", Percent, Higher, Section11,
        "Share of received returns graded Good or better on standard 3 of the regional framework.").over("Received returns graded on the standard."),
    metric("s11.good_or_better.standard_4", "Section 11 standard 4 (service development informed by children's views): Good or better", Percent, Higher, Section11,
        "Share of received returns graded Good or better on standard 4 of the regional framework.").over("Received returns graded on the standard."),
    metric("s11.good_or_better.standard_5", "Section 11 standard 5 (training): Good or better", Percent, Higher, Section11,
        "Share of received returns graded Good or better on standard 5 of the regional framework.").over("Received returns graded on the standard."),
    metric("s11.good_or_better.standard_6", "Section 11 standard 6 (safer recruitment): Good or better", Percent, Higher, Section11,
        "Share of received returns graded Good or better on standard 6 of the regional framework.").over("Received returns graded on the standard."),
    metric("s11.good_or_better.standard_7", "Section 11 standard 7 (inter-agency working): Good or better", Percent, Higher, Section11,
        "Share of received returns graded Good or better on standard 7 of the regional framework.").over("Received returns graded on the standard."),
    metric("s11.good_or_better.standard_8", "Section 11 standard 8 (information sharing): Good or better", Percent, Higher, Section11,
        "Share of received returns graded Good or better on standard 8 of the regional framework.").over("Received returns graded on the standard."),
    metric("s11.agencies_with_inadequate", "Section 11: agencies with an Inadequate sub-standard", Count, Lower, Section11,
        "Agencies whose received return grades any sub-standard Inadequate (moderated grade where there is one)."),
    metric("scrutiny.activities", "Scrutiny activities", Count, Higher, Scrutiny,
        "Scrutiny activities dated within the period that cover the partnership, of any kind and theme."),
    metric("scrutiny.activities.contextual_safeguarding", "Scrutiny activities: contextual safeguarding", Count, Higher, Scrutiny,
        "Scrutiny activities dated within the period that cover the partnership and the regional theme contextual safeguarding."),
    metric("scrutiny.activities.early_help_and_relationship_building", "Scrutiny activities: early help and relationship building", Count, Higher, Scrutiny,
        "Scrutiny activities dated within the period that cover the partnership and the regional theme early help and relationship building."),
    metric("scrutiny.activities.transition_into_young_adulthood", "Scrutiny activities: transition into young adulthood", Count, Higher, Scrutiny,
        "Scrutiny activities dated within the period that cover the partnership and the regional theme transition into young adulthood."),
    metric("scrutiny.activities.response_to_domestic_abuse", "Scrutiny activities: response to domestic abuse", Count, Higher, Scrutiny,
        "Scrutiny activities dated within the period that cover the partnership and the regional theme response to domestic abuse."),
    metric("scrutiny.activities.effective_partnership_arrangements", "Scrutiny activities: effective partnership arrangements", Count, Higher, Scrutiny,
        "Scrutiny activities dated within the period that cover the partnership and the regional theme effective partnership arrangements."),
    metric("scrutiny.activities.placing_children_out_of_hours", "Scrutiny activities: placing children out of hours", Count, Higher, Scrutiny,
        "Scrutiny activities dated within the period that cover the partnership and the regional theme placing children out of hours."),
    metric("scrutiny.activities.missing_children", "Scrutiny activities: missing children", Count, Higher, Scrutiny,
        "Scrutiny activities dated within the period that cover the partnership and the regional theme missing children."),
    metric("scrutiny.activities.children_missing_from_education", "Scrutiny activities: children missing from education", Count, Higher, Scrutiny,
        "Scrutiny activities dated within the period that cover the partnership and the regional theme children missing from education."),
    metric("scrutiny.recommendations_open", "Scrutiny recommendations open", Count, Lower, Scrutiny,
        "Recommendations owned by the partnership (or an agency in it), made by activities dated within the period, that are open or in progress today."),
    metric("scrutiny.overdue_share", "Scrutiny recommendations overdue", Percent, Lower, Scrutiny,
        "Of the recommendations made by activities dated within the period and still open or in progress today, the share past their due date.").over("Recommendations made by activities in the period that are open or in progress today."),
    metric("scrutiny.completed_within_due_date", "Scrutiny recommendations completed by their due date", Percent, Higher, Scrutiny,
        "Of the recommendations made by activities dated within the period and completed, the share completed on or before their due date.").over("Recommendations made by activities in the period that are completed."),
    metric("cdop.notifications", "Child death notifications", Count, Lower, Cdop,
        "Deaths of children under 18 resident in the area notified to the child death overview panel in the period."),
    metric("cdop.notifications_per_10k", "Child death notifications per 10,000 children", RatePer10k, Lower, Cdop,
        "Notifications per 10,000 children aged 0-17, using the population of the year the period starts in or the latest earlier estimate."),
    metric("cdop.reviews_completed", "Child death reviews completed", Count, Higher, Cdop,
        "Child death reviews the panel completed in the period."),
    metric("cdop.reviewed_within_12_months", "Child death reviews completed within 12 months", Percent, Higher, Cdop,
        "Reviews completed within 12 months of the death (under 6 months plus 6-12 months), as a share of reviews completed; the report's own percentages where it gave them.").over("Reviews completed in the period."),
    metric("cdop.unexpected_share", "Reviewed deaths that were unexpected", Percent, Neither, Cdop,
        "Reviewed deaths categorised unexpected, as a share of reviews completed; the report's own percentage where it gave one.").over("Reviews completed in the period."),
    metric("cdop.modifiable_share", "Reviewed deaths with modifiable factors", Percent, Neither, Cdop,
        "Reviewed deaths in which the panel identified modifiable factors, as a share of reviews completed; the report's own percentage where it gave one.").over("Reviews completed in the period."),
    metric("cdop.deaths_under_1", "Deaths under 1 year", Count, Lower, Cdop,
        "Notified deaths of children aged under 1 (0-27 days and 28-364 days, or the report's own under-1 figure)."),
    metric("cdop.deaths_under_1_per_10k", "Deaths under 1 year per 10,000 children aged under 1", RatePer10k, Lower, Cdop,
        "Notified deaths of children aged under 1 per 10,000 children aged under 1. A rate must divide by the population it is about, and the hub holds no population of children under 1 (nor live births): no rate is given, and the figure is not available (x) for every partnership. The count is cdop.deaths_under_1.")
        .over("Children aged under 1 resident in the area: not held, so no rate is given."),
    metric("lado.notifications", "LADO notifications of allegations", Count, Neither, Lado,
        "Notifications (referrals) to the Local Authority Designated Officer of allegations against people who work with children, in the period. Neither direction is better: a rise often reflects awareness of the procedure rather than more harm."),
    metric("lado.notifications_per_10k", "LADO notifications per 10,000 children", RatePer10k, Neither, Lado,
        "LADO notifications per 10,000 children aged 0-17, using the population of the year the period starts in or the latest earlier estimate. Neither direction is better: a higher rate can mean better awareness of the managing-allegations procedure."),
    metric("lado.threshold_met_share", "LADO notifications meeting the threshold", Percent, Higher, Lado,
        "Notifications that met the threshold for the managing-allegations procedure, as a share of notifications. Higher is better: partnerships read a low share as agencies needing help to understand the criteria (SSCP annual report 2024-25, Allegations management).").over("LADO notifications in the period."),
    metric("lado.category_physical_share", "LADO notifications: physical abuse", Percent, Neither, Lado,
        "Notifications alleging physical abuse, as a share of notifications; the report's own percentage where it gave one.").over("LADO notifications in the period."),
    metric("lado.category_sexual_share", "LADO notifications: sexual abuse", Percent, Neither, Lado,
        "Notifications alleging sexual abuse, as a share of notifications; the report's own percentage where it gave one.").over("LADO notifications in the period."),
    metric("lado.category_emotional_share", "LADO notifications: emotional abuse", Percent, Neither, Lado,
        "Notifications alleging emotional abuse, as a share of notifications; the report's own percentage where it gave one.").over("LADO notifications in the period."),
    metric("lado.category_neglect_or_inappropriate_behaviour_share", "LADO notifications: neglect or inappropriate behaviour", Percent, Neither, Lado,
        "Notifications alleging neglect or inappropriate behaviour, as a share of notifications; the report's own percentage where it gave one.").over("LADO notifications in the period."),
    metric("practice_reviews.rapid_reviews", "Rapid reviews", Count, Neither, PracticeReviews,
        "Rapid reviews of serious incidents notified to the Child Safeguarding Practice Review Panel in the period: the partnership's published figure where it published one, otherwise the rapid reviews recorded in the hub with a notification date in the period, never both. More reviews is neither better nor worse: it reflects incidents and thresholds."),
    metric("practice_reviews.rapid_reviews_per_10k", "Rapid reviews per 10,000 children", RatePer10k, Neither, PracticeReviews,
        "Rapid reviews in the period (as practice_reviews.rapid_reviews) per 10,000 children aged 0-17, using the population of the year the period starts in or the latest earlier estimate."),
    metric("practice_reviews.rapid_reviews_within_15_working_days", "Rapid reviews sent to the National Panel within 15 working days", Percent, Higher, PracticeReviews,
        "Of the rapid reviews recorded in the hub with a notification date in the period and sent to the National Panel, the share sent within 15 working days of the partnership becoming aware of the incident (working days exclude weekends and England's bank holidays). Published counts say nothing of timeliness, so only recorded reviews count.").over("Recorded rapid reviews notified in the period and sent to the National Panel."),
    metric("practice_reviews.lcsprs_commissioned", "Local child safeguarding practice reviews commissioned", Count, Neither, PracticeReviews,
        "LCSPRs commissioned in the period: the partnership's published figure where it published one, otherwise the LCSPRs recorded in the hub commissioned in the period, never both."),
    metric("practice_reviews.lcsprs_published_on_time", "LCSPRs published within the expected time", Percent, Higher, PracticeReviews,
        "Of the LCSPRs recorded in the hub as commissioned in the period that are published or past their expected completion date, the share published by that date.").over("Recorded LCSPRs commissioned in the period, published or past their expected completion date."),
];

/// The scrutiny theme a per-theme activity metric counts, e.g.
/// `scrutiny.activities.missing_children` -> `MISSING_CHILDREN`.
pub fn scrutiny_theme(metric: &Metric) -> Option<String> {
    metric
        .id
        .strip_prefix("scrutiny.activities.")
        .map(str::to_uppercase)
}

/// The metric with this id.
pub fn find(id: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_cover_every_dataset() {
        let mut ids: Vec<&str> = METRICS.iter().map(|m| m.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), METRICS.len());
        for dataset in Dataset::ALL {
            assert!(METRICS.iter().any(|m| m.dataset == dataset));
        }
        assert_eq!(
            find("cdop.notifications_per_10k").map(|m| m.unit),
            Some(Unit::RatePer10k)
        );
        assert_eq!(
            find("cdop.notifications_per_10k").map(|m| m.disclosure),
            Some(DisclosureRule::ChildCounts)
        );
    }
}
