//! Yearly practice review figures per partnership, as one caller may see
//! them. A partnership-period's count is the figure the partnership
//! published where it published one, and otherwise the count of the reviews
//! recorded in the hub: never the two added. Shares (rapid reviews on time,
//! LCSPRs published on time) come from recorded reviews only, since no
//! published count says how timely its reviews were.
//!
//! Rapid reviews are about children, so counts follow the child-count rules
//! of [`crate::disclosure`] for callers without exact rights: small counts
//! are suppressed, and a share or rate on a suppressed count is too.
use std::collections::HashMap;

use async_graphql::{Enum, SimpleObject};
use chrono::NaiveDate;
use entity::{
    child_population, practice_review_annual_figure as annual, practice_review_lcspr as lcspr,
    practice_review_learning_review as learning, practice_review_rapid_review as rapid,
    reporting_period, PartnershipCode,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::working_days::rapid_review_deadline;
use crate::access::{Dataset, Scope};
use crate::disclosure::{rate_per_10k, share_percent, suppress, Figure};
use crate::error::{AppError, AppResult};
use crate::reference::population::population_for_period;
use crate::statistics::{round_half_away, SHARE_DECIMALS};

/// Where a count comes from.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountBasis {
    /// The figure the partnership published for the period (see `citation`).
    PublishedFigure,
    /// Counted from the individual reviews recorded in the hub.
    RecordedReviews,
    /// Neither: the published figures do not give it.
    NotReported,
}

/// One count with where it came from.
#[derive(SimpleObject, Debug, Clone)]
pub struct PracticeReviewCount {
    /// The count as the caller may see it; rates per 10,000 children for
    /// rapid reviews only.
    pub figure: Figure,
    /// Where the count comes from.
    pub basis: CountBasis,
}

/// A share worked out from recorded reviews.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct PracticeReviewShare {
    /// In percent, to one decimal place. Null when there is nothing to
    /// divide by, or when the count or its base is suppressed.
    pub percent: Option<f64>,
    /// The share before rounding.
    pub percent_unrounded: Option<f64>,
    /// True when disclosure control hides the share.
    pub suppressed: bool,
    /// The recorded reviews the share is out of; null when suppressed.
    pub base: Option<i32>,
    /// True when any review it counts is made-up demo data.
    pub illustrative: bool,
}

/// One partnership's exact figures for one period, before disclosure.
#[derive(Debug, Clone)]
struct Exact {
    rapid: (Option<i64>, CountBasis),
    lcsprs: (Option<i64>, CountBasis),
    learning: (Option<i64>, CountBasis),
    rapid_on_time: i64,
    rapid_timed: i64,
    lcspr_on_time: i64,
    lcspr_due: i64,
    citation: Option<String>,
    illustrative: bool,
    rapid_illustrative: bool,
    lcspr_illustrative: bool,
}

/// One partnership's practice review figures for one period, disclosed for the caller.
#[derive(Debug, Clone)]
pub struct YearFigures {
    pub partnership: PartnershipCode,
    pub period: reporting_period::Model,
    pub rapid_reviews: PracticeReviewCount,
    pub lcsprs_commissioned: PracticeReviewCount,
    pub learning_reviews: PracticeReviewCount,
    pub rapid_reviews_within_15_working_days: PracticeReviewShare,
    pub lcsprs_published_on_time: PracticeReviewShare,
    pub citation: Option<String>,
    pub illustrative: bool,
    pub disclosure_controlled: bool,
}

fn within(date: NaiveDate, period: &reporting_period::Model) -> bool {
    period.start_date <= date && date <= period.end_date
}

fn count<T>(rows: &[T], date: impl Fn(&T) -> NaiveDate, period: &reporting_period::Model) -> i64 {
    rows.iter().filter(|r| within(date(r), period)).count() as i64
}

/// The published figure where there is one, else the recorded count.
fn pick(published: Option<Option<i32>>, recorded: i64) -> (Option<i64>, CountBasis) {
    match published {
        Some(Some(v)) => (Some(i64::from(v)), CountBasis::PublishedFigure),
        // A published row that leaves this count out says nothing of it, and
        // recorded reviews are only counted where nothing was published.
        Some(None) if recorded == 0 => (None, CountBasis::NotReported),
        _ => (Some(recorded), CountBasis::RecordedReviews),
    }
}

/// Every partnership-period with practice review figures, among
/// `partnerships` and (when given) the one period, in the partnerships'
/// usual order and then by period start.
pub async fn figures(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    partnerships: &[PartnershipCode],
    period: Option<&str>,
    threshold: i64,
    today: NaiveDate,
) -> AppResult<Vec<YearFigures>> {
    let codes = partnerships.to_vec();
    let mut periods =
        reporting_period::Entity::find().order_by_asc(reporting_period::Column::StartDate);
    if let Some(label) = period {
        periods = periods.filter(reporting_period::Column::Label.eq(label));
    }
    let (periods, published, rapids, lcsprs, learnings, populations) = futures_util::try_join!(
        periods.all(conn),
        annual::Entity::find()
            .filter(annual::Column::PartnershipCode.is_in(codes.clone()))
            .all(conn),
        rapid::Entity::find()
            .filter(rapid::Column::PartnershipCode.is_in(codes.clone()))
            .all(conn),
        lcspr::Entity::find()
            .filter(lcspr::Column::PartnershipCode.is_in(codes.clone()))
            .all(conn),
        learning::Entity::find()
            .filter(learning::Column::PartnershipCode.is_in(codes.clone()))
            .all(conn),
        child_population::Entity::find()
            .filter(child_population::Column::PartnershipCode.is_in(codes.clone()))
            .all(conn),
    )?;
    if let (Some(label), true) = (period, periods.is_empty()) {
        return Err(AppError::bad_input(
            "period",
            format!("unknown reporting period `{label}`"),
        ));
    }
    let published: HashMap<(PartnershipCode, &str), &annual::Model> = published
        .iter()
        .map(|a| ((a.partnership_code, a.period_label.as_str()), a))
        .collect();
    let mut out = Vec::new();
    for p in PartnershipCode::ALL
        .into_iter()
        .filter(|p| codes.contains(p))
    {
        let rapids: Vec<&rapid::Model> =
            rapids.iter().filter(|r| r.partnership_code == p).collect();
        let lcsprs: Vec<&lcspr::Model> =
            lcsprs.iter().filter(|r| r.partnership_code == p).collect();
        let learnings: Vec<&learning::Model> = learnings
            .iter()
            .filter(|r| r.partnership_code == p)
            .collect();
        for period in &periods {
            let row = published.get(&(p, period.label.as_str())).copied();
            // Recorded reviews belong to the standard years their dates fall
            // in; a non-standard period shows only what was published for it,
            // so one review never counts towards two overlapping periods.
            let (in_rapid, in_lcspr, in_learning): (
                Vec<&rapid::Model>,
                Vec<&lcspr::Model>,
                Vec<&learning::Model>,
            ) = if period.standard {
                (
                    rapids
                        .iter()
                        .copied()
                        .filter(|r| within(r.notified, period))
                        .collect(),
                    lcsprs
                        .iter()
                        .copied()
                        .filter(|r| within(r.commissioned, period))
                        .collect(),
                    learnings
                        .iter()
                        .copied()
                        .filter(|r| within(r.completed, period))
                        .collect(),
                )
            } else {
                (Vec::new(), Vec::new(), Vec::new())
            };
            if row.is_none() && in_rapid.is_empty() && in_lcspr.is_empty() && in_learning.is_empty()
            {
                continue;
            }
            let timed: Vec<bool> = in_rapid
                .iter()
                .filter_map(|r| {
                    let deadline = rapid_review_deadline(r.incident_known)?;
                    r.sent_to_panel.map(|sent| sent <= deadline)
                })
                .collect();
            let due: Vec<bool> = in_lcspr
                .iter()
                .filter(|l| l.published.is_some() || l.expected_completion < today)
                .map(|l| l.published.is_some_and(|d| d <= l.expected_completion))
                .collect();
            let rapid = pick(
                row.map(|a| a.rapid_reviews),
                count(&in_rapid, |r| r.notified, period),
            );
            let lcsprs = pick(
                row.map(|a| a.lcsprs_commissioned),
                count(&in_lcspr, |r| r.commissioned, period),
            );
            let learning = pick(
                row.map(|a| a.learning_reviews),
                count(&in_learning, |r| r.completed, period),
            );
            let rapid_illustrative = in_rapid.iter().any(|r| r.illustrative);
            let lcspr_illustrative = in_lcspr.iter().any(|r| r.illustrative);
            // A count is illustrative when what it was taken from is.
            let from = |basis: CountBasis, recorded: bool| match basis {
                CountBasis::PublishedFigure => row.is_some_and(|a| a.illustrative),
                CountBasis::RecordedReviews => recorded,
                CountBasis::NotReported => false,
            };
            let illustrative = from(rapid.1, rapid_illustrative)
                || from(lcsprs.1, lcspr_illustrative)
                || from(learning.1, in_learning.iter().any(|r| r.illustrative));
            let exact = Exact {
                rapid,
                lcsprs,
                learning,
                rapid_on_time: timed.iter().filter(|m| **m).count() as i64,
                rapid_timed: timed.len() as i64,
                lcspr_on_time: due.iter().filter(|m| **m).count() as i64,
                lcspr_due: due.len() as i64,
                citation: row.map(|a| a.source.clone()),
                illustrative,
                rapid_illustrative,
                lcspr_illustrative,
            };
            let population = population_for_period(&populations, p, period.start_date);
            out.push(disclose(
                p,
                period.clone(),
                exact,
                scope.exact(Dataset::PracticeReviews, p),
                population,
                threshold,
            ));
        }
    }
    Ok(out)
}

/// Applies disclosure control to one partnership-period.
fn disclose(
    partnership: PartnershipCode,
    period: reporting_period::Model,
    e: Exact,
    exact: bool,
    population: Option<&child_population::Model>,
    threshold: i64,
) -> YearFigures {
    let values = [
        e.rapid.0,
        e.lcsprs.0,
        e.learning.0,
        Some(e.rapid_on_time),
        Some(e.rapid_timed),
        Some(e.lcspr_on_time),
        Some(e.lcspr_due),
    ];
    // No breakdown is shown with its total here, so primary suppression is
    // all there is to do; shares are hidden with their inputs below.
    let hidden = if exact {
        vec![false; values.len()]
    } else {
        suppress(&values, &[], threshold)
    };
    let children = population.map(|p| i64::from(p.children));
    let count_of = |i: usize, basis: CountBasis, rate: bool| {
        let r = if rate {
            rate_per_10k(values[i], hidden[i], children)
        } else {
            None
        };
        PracticeReviewCount {
            figure: Figure::new(
                values[i],
                hidden[i],
                None,
                r,
                population.filter(|_| r.is_some()).map(|p| p.year),
                population.is_some_and(|p| p.approximate),
            ),
            basis,
        }
    };
    let share_of = |part: usize, base: usize, illustrative: bool| {
        let s = share_percent(values[part], hidden[part], values[base], hidden[base], None);
        let suppressed = hidden[part] || hidden[base];
        PracticeReviewShare {
            percent: s.map(|v| round_half_away(v, SHARE_DECIMALS)),
            percent_unrounded: s,
            suppressed,
            base: (!hidden[base])
                .then_some(values[base])
                .flatten()
                .map(|v| v as i32),
            illustrative,
        }
    };
    YearFigures {
        partnership,
        period,
        rapid_reviews: count_of(0, e.rapid.1, true),
        lcsprs_commissioned: count_of(1, e.lcsprs.1, false),
        learning_reviews: count_of(2, e.learning.1, false),
        rapid_reviews_within_15_working_days: share_of(3, 4, e.rapid_illustrative),
        lcsprs_published_on_time: share_of(5, 6, e.lcspr_illustrative),
        citation: e.citation,
        illustrative: e.illustrative,
        disclosure_controlled: !exact,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period() -> reporting_period::Model {
        reporting_period::Model {
            label: "2024-25".into(),
            start_date: NaiveDate::from_ymd_opt(2024, 4, 1).expect("date"),
            end_date: NaiveDate::from_ymd_opt(2025, 3, 31).expect("date"),
            standard: true,
            description: "test".into(),
        }
    }

    fn exact(rapid: i64, on_time: i64, timed: i64) -> Exact {
        Exact {
            rapid: (Some(rapid), CountBasis::PublishedFigure),
            lcsprs: (Some(0), CountBasis::PublishedFigure),
            learning: (None, CountBasis::NotReported),
            rapid_on_time: on_time,
            rapid_timed: timed,
            lcspr_on_time: 0,
            lcspr_due: 0,
            citation: Some("report".into()),
            illustrative: false,
            rapid_illustrative: false,
            lcspr_illustrative: false,
        }
    }

    #[test]
    fn small_counts_and_shares_on_them_are_hidden_from_viewers_without_exact_rights() {
        let public = disclose(
            PartnershipCode::Somerset,
            period(),
            exact(3, 2, 3),
            false,
            None,
            5,
        );
        assert!(public.rapid_reviews.figure.suppressed);
        assert_eq!(public.rapid_reviews.figure.value, None);
        assert!(public.rapid_reviews_within_15_working_days.suppressed);
        assert_eq!(public.rapid_reviews_within_15_working_days.percent, None);
        assert_eq!(public.rapid_reviews_within_15_working_days.base, None);
        // Zero is shown; an unreported count is not available, not zero.
        assert_eq!(public.lcsprs_commissioned.figure.value, Some(0));
        assert!(!public.learning_reviews.figure.reported);
        assert!(public.disclosure_controlled);

        let own = disclose(
            PartnershipCode::Somerset,
            period(),
            exact(3, 2, 3),
            true,
            None,
            5,
        );
        assert_eq!(own.rapid_reviews.figure.value, Some(3));
        assert_eq!(own.rapid_reviews_within_15_working_days.percent, Some(66.7));
        assert!(!own.disclosure_controlled);

        let large = disclose(
            PartnershipCode::Somerset,
            period(),
            exact(7, 6, 7),
            false,
            None,
            5,
        );
        assert_eq!(large.rapid_reviews.figure.value, Some(7));
        assert_eq!(
            large.rapid_reviews_within_15_working_days.percent,
            Some(85.7)
        );
    }

    #[test]
    fn a_published_figure_is_never_added_to_recorded_reviews() {
        assert_eq!(
            pick(Some(Some(6)), 2),
            (Some(6), CountBasis::PublishedFigure)
        );
        assert_eq!(pick(None, 2), (Some(2), CountBasis::RecordedReviews));
        assert_eq!(pick(Some(None), 0), (None, CountBasis::NotReported));
        assert_eq!(pick(Some(None), 3), (Some(3), CountBasis::RecordedReviews));
    }
}
