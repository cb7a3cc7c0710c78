//! Where a metric's per-partnership values come from: each dataset's own
//! service functions, called with the caller's scope, so a benchmark shows
//! exactly what that dataset's queries would show the same caller, suppressed
//! where they suppress. Each dataset is read once per period per request,
//! however many of its metrics are asked for.
use std::collections::{BTreeMap, HashMap};

use entity::cdop_return_cell::CdopCell;
use entity::lado_return_cell::LadoCell;
use entity::{child_population, reporting_period, PartnershipCode};
use sea_orm::DatabaseConnection;

use super::assemble::SourceValue;
use super::comparability::{population_for, ranks_with_standard_years};
use super::registry::{scrutiny_theme, Metric};
use crate::access::{Dataset, Scope};
use crate::cdop::dataset::Cdop;
use crate::cdop::service::{PeriodSummary, ReturnView};
use crate::disclosure::{rate_per_10k, Figure};
use crate::error::AppResult;
use crate::returns::service::period_summary;
use crate::scrutiny::metrics::{window, PartnershipScrutiny};
use crate::statistics::FigureFlags;

/// One dataset's figures for one period, as the caller may see them.
enum Snapshot {
    Cdop(Box<PeriodSummary>),
    Lado(Box<crate::lado::service::PeriodSummary>),
    Scrutiny(HashMap<PartnershipCode, PartnershipScrutiny>),
    Section11(HashMap<PartnershipCode, crate::section11::service::summary::Summary>),
    PracticeReviews(HashMap<PartnershipCode, crate::practice_reviews::figures::YearFigures>),
}

/// Reads metric values for one request, caching each dataset's figures per period.
pub struct Sources<'a> {
    db: &'a DatabaseConnection,
    scope: &'a Scope,
    threshold: i64,
    today: chrono::NaiveDate,
    cache: HashMap<(Dataset, String), Snapshot>,
    /// True when a per-standard Section 11 metric is among those asked for.
    standards_needed: bool,
    /// True when a per-theme scrutiny metric is among those asked for.
    themes_needed: bool,
}

impl<'a> Sources<'a> {
    /// Sources for `metrics`, the metrics the request will ask values of: a
    /// dataset is then read once, with what all of them need and no more.
    /// Taken here rather than told later, so that no caller can forget it and
    /// be given a figure its dataset was never asked to count.
    pub fn new(
        db: &'a DatabaseConnection,
        scope: &'a Scope,
        threshold: i64,
        metrics: &[&Metric],
    ) -> Self {
        Sources {
            db,
            scope,
            threshold,
            today: chrono::Utc::now().date_naive(),
            cache: HashMap::new(),
            standards_needed: metrics
                .iter()
                .any(|m| m.id.starts_with("s11.good_or_better.standard_")),
            themes_needed: metrics.iter().any(|m| scrutiny_theme(m).is_some()),
        }
    }

    /// Reads, all at once, every dataset `metrics` draw on for `period`. The
    /// datasets are independent, so a matrix waits for the slowest of them
    /// rather than for the sum; [`Sources::values`] then finds them read.
    pub async fn prefetch(
        &mut self,
        metrics: &[&Metric],
        period: &reporting_period::Model,
    ) -> AppResult<()> {
        let mut datasets: Vec<Dataset> = metrics.iter().map(|m| m.dataset).collect();
        datasets.sort();
        datasets.dedup();
        datasets.retain(|d| !self.cache.contains_key(&(*d, period.label.clone())));
        let this = &*self;
        let snapshots =
            futures_util::future::try_join_all(datasets.iter().map(|d| this.load(*d, period)))
                .await?;
        for (dataset, snapshot) in datasets.into_iter().zip(snapshots) {
            self.cache.insert((dataset, period.label.clone()), snapshot);
        }
        Ok(())
    }

    /// Each partnership's value of `metric` (one of those the sources were
    /// made for) for `period`; a partnership with nothing to show is absent.
    pub async fn values(
        &mut self,
        metric: &Metric,
        period: &reporting_period::Model,
    ) -> AppResult<BTreeMap<PartnershipCode, SourceValue>> {
        let key = (metric.dataset, period.label.clone());
        if !self.cache.contains_key(&key) {
            let snapshot = self.load(metric.dataset, period).await?;
            self.cache.insert(key.clone(), snapshot);
        }
        let Some(snapshot) = self.cache.get(&key) else {
            return Ok(BTreeMap::new());
        };
        let mut out = BTreeMap::new();
        for p in PartnershipCode::ALL {
            let value = match snapshot {
                Snapshot::Cdop(summary) => summary
                    .partnerships
                    .iter()
                    .find(|(code, _)| *code == p)
                    .and_then(|(_, view)| view.as_ref())
                    .map(|view| cdop_value(metric, view, &summary.populations, period)),
                Snapshot::Lado(summary) => summary
                    .partnerships
                    .iter()
                    .find(|(code, _)| *code == p)
                    .and_then(|(_, view)| view.as_ref())
                    .map(|view| lado_value(metric, view, &summary.populations, period)),
                Snapshot::Scrutiny(figures) => Some(scrutiny_value(metric, figures.get(&p))),
                Snapshot::Section11(summaries) => {
                    summaries.get(&p).map(|s| section11_value(metric, s))
                }
                Snapshot::PracticeReviews(figures) => {
                    figures.get(&p).map(|f| practice_review_value(metric, f))
                }
            };
            if let Some(mut v) = value {
                v.period_label = period.label.clone();
                v.flags.non_standard_period = !ranks_with_standard_years(period);
                out.insert(p, v);
            }
        }
        Ok(out)
    }

    async fn load(
        &self,
        dataset: Dataset,
        period: &reporting_period::Model,
    ) -> AppResult<Snapshot> {
        Ok(match dataset {
            Dataset::Cdop => Snapshot::Cdop(Box::new(
                period_summary::<Cdop>(
                    self.db,
                    self.scope,
                    &period.label,
                    "period",
                    "benchmark",
                    self.threshold,
                )
                .await?,
            )),
            Dataset::Lado => Snapshot::Lado(Box::new(
                period_summary::<crate::lado::dataset::Lado>(
                    self.db,
                    self.scope,
                    &period.label,
                    "period",
                    "benchmark",
                    self.threshold,
                )
                .await?,
            )),
            Dataset::Scrutiny => Snapshot::Scrutiny(
                window(
                    self.db,
                    self.scope,
                    period.start_date,
                    period.end_date,
                    self.today,
                    self.themes_needed,
                )
                .await?,
            ),
            Dataset::PracticeReviews => Snapshot::PracticeReviews(
                crate::practice_reviews::figures::figures(
                    self.db,
                    self.scope,
                    &PartnershipCode::ALL,
                    Some(&period.label),
                    self.threshold,
                    self.today,
                )
                .await?
                .into_iter()
                .map(|f| (f.partnership, f))
                .collect(),
            ),
            // Per-standard figures cost a pass over every grade of the round:
            // counted only when a per-standard metric is asked for.
            Dataset::Section11 => Snapshot::Section11(
                crate::section11::service::summary::for_period(
                    self.db,
                    self.scope,
                    &period.label,
                    self.standards_needed,
                )
                .await?,
            ),
        })
    }
}

/// A CDOP count, with the rate beside it worked out here from the unrounded
/// count and population (the dataset's own rate is rounded for display).
fn count_value(f: &Figure, population: Option<&child_population::Model>) -> SourceValue {
    let rate = rate_per_10k(
        f.value.map(i64::from),
        f.suppressed,
        population.map(|p| i64::from(p.children)),
    );
    SourceValue {
        value: f.value.map(f64::from),
        rate_per_10k: rate.map(|r| r.per_10k),
        suppressed: f.suppressed,
        low_base: f.value.is_some() && rate.is_none() && population.is_some(),
        no_denominator: f.value.is_some() && population.is_none(),
        flags: FigureFlags {
            // The count is exact whatever the population; the rate beside it
            // is on an estimate when the population is one.
            estimated_input: rate.is_some() && population.is_some_and(|p| p.approximate),
            unreliable: rate.is_some_and(|r| r.unreliable),
            ..Default::default()
        },
        population_year: population.map(|p| p.year),
        ..Default::default()
    }
}

/// A rate per 10,000 children: the value is the rate, so its status is the
/// rate's (a rate on fewer than 3 events is `LOW_BASE`).
fn rate_value(f: &Figure, population: Option<&child_population::Model>) -> SourceValue {
    let count = count_value(f, population);
    SourceValue {
        value: count.rate_per_10k,
        flags: FigureFlags {
            estimated_input: population.is_some_and(|p| p.approximate),
            ..count.flags
        },
        ..count
    }
}

fn share_value(share: Option<f64>, inputs: &[&Figure]) -> SourceValue {
    SourceValue {
        value: share,
        suppressed: inputs.iter().any(|f| f.suppressed),
        ..Default::default()
    }
}

fn cdop_value(
    metric: &Metric,
    view: &ReturnView,
    populations: &[child_population::Model],
    period: &reporting_period::Model,
) -> SourceValue {
    let f = &view.figures;
    let population = population_for(populations, view.record.partnership_code, period);
    let mut v = match metric.id {
        "cdop.notifications" => count_value(f.get(CdopCell::DeathsNotified), population),
        "cdop.reviews_completed" => count_value(f.get(CdopCell::ReviewsCompleted), population),
        "cdop.notifications_per_10k" => rate_value(f.get(CdopCell::DeathsNotified), population),
        "cdop.deaths_under_1" => {
            let figure = f.get(CdopCell::AgeUnder1Year);
            SourceValue {
                value: figure.value.map(f64::from),
                suppressed: figure.suppressed,
                ..Default::default()
            }
        }
        "cdop.deaths_under_1_per_10k" => {
            // The population of children under 1 is not held: no rate, and
            // never one over all children 0-17, which would mislead.
            let figure = f.get(CdopCell::AgeUnder1Year);
            SourceValue {
                suppressed: figure.suppressed,
                no_denominator: true,
                ..Default::default()
            }
        }
        "cdop.reviewed_within_12_months" => {
            let (a, b) = (
                f.get(CdopCell::ReviewUnder6Months),
                f.get(CdopCell::Review6To12Months),
            );
            share_value(
                a.share_percent.zip(b.share_percent).map(|(x, y)| x + y),
                &[a, b],
            )
        }
        "cdop.unexpected_share" => {
            let u = f.get(CdopCell::Unexpected);
            share_value(u.share_percent, &[u])
        }
        "cdop.modifiable_share" => {
            let m = f.get(CdopCell::ModifiableIdentified);
            share_value(m.share_percent, &[m])
        }
        _ => SourceValue::default(),
    };
    if v.suppressed {
        v.value = None;
        v.rate_per_10k = None;
    }
    v.flags.illustrative = view.record.illustrative;
    v
}

fn lado_value(
    metric: &Metric,
    view: &crate::lado::service::ReturnView,
    populations: &[child_population::Model],
    period: &reporting_period::Model,
) -> SourceValue {
    let f = &view.figures;
    let population = population_for(populations, view.record.partnership_code, period);
    let share = |cell| {
        let figure = f.get(cell);
        share_value(figure.share_percent, &[figure])
    };
    let mut v = match metric.id {
        "lado.notifications" => count_value(f.get(LadoCell::Notifications), population),
        "lado.notifications_per_10k" => rate_value(f.get(LadoCell::Notifications), population),
        "lado.threshold_met_share" => share(LadoCell::ThresholdMet),
        "lado.category_physical_share" => share(LadoCell::CategoryPhysical),
        "lado.category_sexual_share" => share(LadoCell::CategorySexual),
        "lado.category_emotional_share" => share(LadoCell::CategoryEmotional),
        "lado.category_neglect_or_inappropriate_behaviour_share" => {
            share(LadoCell::CategoryNeglectOrInappropriateBehaviour)
        }
        _ => SourceValue::default(),
    };
    if v.suppressed {
        v.value = None;
        v.rate_per_10k = None;
    }
    v.flags.illustrative = view.record.illustrative;
    v
}

fn percent(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

fn scrutiny_value(metric: &Metric, figures: Option<&PartnershipScrutiny>) -> SourceValue {
    let empty = PartnershipScrutiny::default();
    let s = figures.unwrap_or(&empty);
    let value = match metric.id {
        "scrutiny.activities" => Some(s.activities as f64),
        "scrutiny.recommendations_open" => Some(s.open as f64),
        "scrutiny.overdue_share" => percent(s.overdue, s.open),
        "scrutiny.completed_within_due_date" => percent(s.completed_on_time, s.completed),
        _ => {
            scrutiny_theme(metric).map(|theme| s.by_theme.get(&theme).copied().unwrap_or(0) as f64)
        }
    };
    SourceValue {
        value,
        flags: FigureFlags {
            illustrative: s.illustrative,
            ..Default::default()
        },
        ..Default::default()
    }
}

fn section11_value(
    metric: &Metric,
    s: &crate::section11::service::summary::Summary,
) -> SourceValue {
    let value = match metric.id {
        "s11.return_rate" => s.return_rate(),
        "s11.good_or_better" => s.share_good_or_better_overall(),
        "s11.agencies_with_inadequate" => Some(s.agencies_with_inadequate as f64),
        id => id
            .strip_prefix("s11.good_or_better.standard_")
            .and_then(|n| {
                crate::section11::service::summary::regional_standard(s, n)
                    .and_then(|st| st.share_good_or_better())
            }),
    };
    SourceValue {
        value,
        flags: FigureFlags {
            illustrative: s.illustrative,
            ..Default::default()
        },
        ..Default::default()
    }
}

/// A practice review figure: counts with the rate their figure carries (the
/// dataset applies disclosure control and the rate rules), shares as given.
fn practice_review_value(
    metric: &Metric,
    f: &crate::practice_reviews::figures::YearFigures,
) -> SourceValue {
    let count = |figure: &Figure| SourceValue {
        value: figure.value.map(f64::from),
        rate_per_10k: figure.rate_per_10k_unrounded,
        suppressed: figure.suppressed,
        low_base: figure.value.is_some() && figure.rate_per_10k.is_none(),
        flags: FigureFlags {
            estimated_input: figure.estimated_input,
            unreliable: figure.unreliable,
            ..Default::default()
        },
        population_year: figure.population_year,
        ..Default::default()
    };
    let share = |s: &crate::practice_reviews::figures::PracticeReviewShare| SourceValue {
        value: s.percent_unrounded,
        suppressed: s.suppressed,
        flags: FigureFlags {
            illustrative: s.illustrative,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut v = match metric.id {
        "practice_reviews.rapid_reviews" => SourceValue {
            low_base: false,
            ..count(&f.rapid_reviews.figure)
        },
        "practice_reviews.rapid_reviews_per_10k" => {
            let c = count(&f.rapid_reviews.figure);
            SourceValue {
                value: c.rate_per_10k,
                ..c
            }
        }
        "practice_reviews.rapid_reviews_within_15_working_days" => {
            share(&f.rapid_reviews_within_15_working_days)
        }
        "practice_reviews.lcsprs_commissioned" => SourceValue {
            low_base: false,
            rate_per_10k: None,
            ..count(&f.lcsprs_commissioned.figure)
        },
        "practice_reviews.lcsprs_published_on_time" => share(&f.lcsprs_published_on_time),
        _ => SourceValue::default(),
    };
    if v.suppressed {
        v.value = None;
        v.rate_per_10k = None;
    }
    v.flags.illustrative |= f.illustrative;
    v
}
