use async_graphql::{Context, Object, SimpleObject};
use entity::PartnershipCode;
use sea_orm::DatabaseConnection;

use super::assemble::{Flag, Row};
use super::registry::{self, Better, DisclosureRule, Metric, Unit};
use super::service::{self, Benchmark, Trend, TrendPoint};
use super::stats::Direction;
use crate::access::{Dataset, Scope};
use crate::cache::AnswerCache;
use crate::config::DisclosureConfig;
use crate::error::AppResult;
use crate::reference::schema::ReportingPeriod;
use crate::statistics::{round_half_away, FigureStatus, RATE_DECIMALS};

/// A comparable figure: one entry of the metric registry.
#[derive(SimpleObject)]
pub struct MetricDefinition {
    /// Stable id used as an argument, e.g. `cdop.notifications_per_10k`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// What the value measures.
    pub unit: Unit,
    /// Exactly how it is computed.
    pub definition: String,
    /// Which way is better.
    pub better: Better,
    /// The dataset it comes from.
    pub dataset: Dataset,
    /// How its figures are protected for viewers without exact rights.
    pub disclosure: DisclosureRule,
    /// What the value is divided by; empty for a count.
    pub denominator: String,
    /// Decimal places the value is published to (0 for counts, 1 for rates
    /// per 10,000 and percentages).
    pub decimal_places: u32,
    /// True for rates and shares, which are ranked; counts are shown unranked.
    pub ranked: bool,
}

impl From<&Metric> for MetricDefinition {
    fn from(m: &Metric) -> Self {
        MetricDefinition {
            id: m.id.to_string(),
            name: m.name.to_string(),
            unit: m.unit,
            definition: m.definition.to_string(),
            better: m.better,
            dataset: m.dataset,
            disclosure: m.disclosure,
            denominator: m.denominator.to_string(),
            decimal_places: m.decimals(),
            ranked: m.ranked(),
        }
    }
}

/// One partnership's row of a benchmark.
#[derive(SimpleObject)]
pub struct BenchmarkRow {
    /// The partnership.
    pub partnership: PartnershipCode,
    /// The value in the metric's unit, rounded half away from zero to the
    /// metric's `decimalPlaces`; null unless `status` is `SHOWN`.
    pub value: Option<f64>,
    /// The value before rounding, for callers who compute further with it.
    pub unrounded_value: Option<f64>,
    /// Whether the value is shown, and if not, why.
    pub status: FigureStatus,
    /// Per 10,000 children aged 0-17, to one decimal place, for rates and the
    /// CDOP totals; null unless `rateStatus` is `SHOWN`.
    #[graphql(name = "ratePer10k")]
    pub rate_per_10k: Option<f64>,
    /// The rate before rounding.
    #[graphql(name = "ratePer10kUnrounded")]
    pub rate_per_10k_unrounded: Option<f64>,
    /// Whether the rate is shown, and if not, why (`NOT_APPLICABLE` for
    /// metrics without a rate, `LOW_BASE` on fewer than 3 events).
    pub rate_status: FigureStatus,
    /// Competition rank, 1 best (for a metric where neither way is better, 1
    /// is the highest), on the values as published, so equal published
    /// values share a rank. Rates and shares only: null for counts, and when
    /// the value is not comparable.
    pub rank: Option<u32>,
    /// 1 (best quarter) to 4: 1 + floor(4 × (rank − 1) / comparableCount),
    /// so it never contradicts the rank and a single value is quartile 1.
    pub quartile: Option<u32>,
    /// True when disclosure control hides the value (`status` `SUPPRESSED`).
    pub suppressed: bool,
    /// Why the row is shown as it is.
    pub flags: Vec<Flag>,
    /// True when an input is an estimate or placeholder (such as an
    /// approximate population behind a rate).
    pub estimated_input: bool,
    /// True when an input is made up (illustrative demo data).
    pub illustrative: bool,
    /// True when the figure covers a non-standard period: shown, never ranked.
    pub non_standard_period: bool,
    /// True when a rate rests on fewer than 20 events: compare with care.
    pub unreliable: bool,
    /// The year of the population estimate a rate used.
    pub population_year: Option<i32>,
}

impl BenchmarkRow {
    fn new(r: Row, metric: &Metric) -> Self {
        let places = metric.decimals();
        BenchmarkRow {
            suppressed: r.status == FigureStatus::Suppressed,
            partnership: r.partnership,
            value: r.value.map(|v| round_half_away(v, places)),
            unrounded_value: r.value,
            status: r.status,
            rate_per_10k: r.rate_per_10k.map(|v| round_half_away(v, RATE_DECIMALS)),
            rate_per_10k_unrounded: r.rate_per_10k,
            rate_status: r.rate_status,
            rank: r.rank,
            quartile: r.quartile,
            estimated_input: r.qualifiers.estimated_input,
            illustrative: r.qualifiers.illustrative,
            non_standard_period: r.qualifiers.non_standard_period,
            unreliable: r.qualifiers.unreliable,
            flags: r.flags,
            population_year: r.population_year,
        }
    }
}

/// A metric compared across the five partnerships for one period.
#[derive(SimpleObject)]
pub struct BenchmarkResult {
    /// The metric.
    pub metric: MetricDefinition,
    /// The period compared.
    pub period: ReportingPeriod,
    /// True for a non-standard period: rows are shown but never ranked.
    pub non_standard_period: bool,
    /// The five partnerships, in their usual order.
    pub rows: Vec<BenchmarkRow>,
    /// Median of the comparable values shown to this caller, taken from the
    /// unrounded values and rounded to the metric's `decimalPlaces`; null
    /// when there are none. It covers `comparableCount` partnerships.
    pub regional_median: Option<f64>,
    /// The median before rounding.
    pub regional_median_unrounded: Option<f64>,
    /// Mean of the same values, from the unrounded values, rounded likewise.
    pub regional_mean: Option<f64>,
    /// The mean before rounding.
    pub regional_mean_unrounded: Option<f64>,
    /// `SHOWN` when there is a median; otherwise `SUPPRESSED` when disclosure
    /// control hides every value, or `NOT_AVAILABLE`.
    pub regional_status: FigureStatus,
    /// How many partnerships the median and mean cover (ranked, for rates and shares).
    pub comparable_count: usize,
    /// How many partnerships the median and mean leave out because their
    /// values are hidden from this caller: a median over fewer partnerships
    /// than another caller's says so here.
    pub suppressed_excluded_count: usize,
    /// True when a value behind the median rests on an estimate.
    pub regional_estimated_input: bool,
    /// True when a value behind the median is illustrative.
    pub regional_illustrative: bool,
}

impl From<Benchmark> for BenchmarkResult {
    fn from(b: Benchmark) -> Self {
        let places = b.metric.decimals();
        let summary = b.assembled.summary;
        let regional_status = b.assembled.regional_status();
        BenchmarkResult {
            metric: b.metric.into(),
            non_standard_period: !b.period.standard,
            period: b.period.into(),
            rows: b
                .assembled
                .rows
                .into_iter()
                .map(|r| BenchmarkRow::new(r, b.metric))
                .collect(),
            regional_median: summary.median.map(|v| round_half_away(v, places)),
            regional_median_unrounded: summary.median,
            regional_mean: summary.mean.map(|v| round_half_away(v, places)),
            regional_mean_unrounded: summary.mean,
            regional_status,
            comparable_count: summary.count,
            suppressed_excluded_count: b.assembled.suppressed_excluded,
            regional_estimated_input: b.assembled.summary_flags.estimated_input,
            regional_illustrative: b.assembled.summary_flags.illustrative,
        }
    }
}

/// One period of a trend.
#[derive(SimpleObject)]
pub struct TrendPointResult {
    /// The period.
    pub period: ReportingPeriod,
    /// The value, rounded to the metric's `decimalPlaces`; null unless
    /// `status` is `SHOWN`.
    pub value: Option<f64>,
    /// The value before rounding.
    pub unrounded_value: Option<f64>,
    /// Whether the value is shown, and if not, why.
    pub status: FigureStatus,
    /// Per 10,000 children, to one decimal place, where meaningful.
    #[graphql(name = "ratePer10k")]
    pub rate_per_10k: Option<f64>,
    /// True when the value counts toward the direction of travel.
    pub comparable: bool,
    /// Why the point is shown as it is.
    pub flags: Vec<Flag>,
    /// True when an input is an estimate or placeholder.
    pub estimated_input: bool,
    /// True when an input is made up (illustrative demo data).
    pub illustrative: bool,
    /// True for a non-standard period.
    pub non_standard_period: bool,
    /// True when a rate rests on fewer than 20 events.
    pub unreliable: bool,
}

impl TrendPointResult {
    fn new(p: TrendPoint, metric: &Metric) -> Self {
        let flags = p.flags();
        let comparable = p.comparable().is_some();
        let status = p.status();
        let q = p.qualifiers();
        let shown = status == FigureStatus::Shown;
        let unrounded = p.value.as_ref().and_then(|v| v.value).filter(|_| shown);
        TrendPointResult {
            value: unrounded.map(|v| round_half_away(v, metric.decimals())),
            unrounded_value: unrounded,
            status,
            rate_per_10k: p
                .value
                .as_ref()
                .and_then(|v| v.rate_per_10k)
                .filter(|_| shown)
                .map(|v| round_half_away(v, RATE_DECIMALS)),
            comparable,
            flags,
            estimated_input: q.estimated_input,
            illustrative: q.illustrative,
            non_standard_period: q.non_standard_period,
            unreliable: q.unreliable,
            period: p.period.into(),
        }
    }
}

/// A metric for one partnership over time.
#[derive(SimpleObject)]
pub struct TrendResult {
    /// The metric.
    pub metric: MetricDefinition,
    /// The partnership.
    pub partnership: PartnershipCode,
    /// Oldest first.
    pub points: Vec<TrendPointResult>,
    /// From the first to the last comparable value, knowing which way is better.
    pub direction: Direction,
}

impl From<Trend> for TrendResult {
    fn from(t: Trend) -> Self {
        TrendResult {
            metric: t.metric.into(),
            partnership: t.partnership,
            points: t
                .points
                .into_iter()
                .map(|p| TrendPointResult::new(p, t.metric))
                .collect(),
            direction: t.direction,
        }
    }
}

/// Several metrics for one period, for a one-screen view.
#[derive(SimpleObject)]
pub struct BenchmarkMatrix {
    /// The period compared.
    pub period: ReportingPeriod,
    /// One benchmark per metric asked for, in that order.
    pub benchmarks: Vec<BenchmarkResult>,
}

fn threshold(ctx: &Context<'_>) -> i64 {
    ctx.data_unchecked::<DisclosureConfig>()
        .suppression_threshold
}

#[derive(Default)]
pub struct BenchmarkQuery;

#[Object]
impl BenchmarkQuery {
    /// The metric registry: every figure the hub compares across partnerships.
    async fn metrics(
        &self,
        #[graphql(desc = "Only this dataset's metrics; all when omitted.")] dataset: Option<
            Dataset,
        >,
    ) -> Vec<MetricDefinition> {
        registry::METRICS
            .iter()
            .filter(|m| dataset.is_none_or(|d| m.dataset == d))
            .map(MetricDefinition::from)
            .collect()
    }

    /// A metric for the five partnerships for one period: value, rate, rank,
    /// quartile and flags, with the regional median and mean over comparable
    /// values. Scope and disclosure control apply exactly as on the dataset.
    async fn benchmark(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The metric's id, e.g. `cdop.notifications_per_10k`.")] metric: String,
        #[graphql(desc = "The period's label, e.g. `2024-25`.")] period: String,
    ) -> AppResult<BenchmarkResult> {
        service::benchmark(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Scope>(),
            threshold(ctx),
            &metric,
            &period,
        )
        .await
        .map(BenchmarkResult::from)
    }

    /// A metric for one partnership over the periods from `from` to `to`, with
    /// its direction of travel.
    async fn trend(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The metric's id.")] metric: String,
        #[graphql(desc = "The partnership.")] partnership: PartnershipCode,
        #[graphql(desc = "The first period's label.")] from: String,
        #[graphql(desc = "The last period's label.")] to: String,
    ) -> AppResult<TrendResult> {
        service::trend(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Scope>(),
            threshold(ctx),
            &metric,
            partnership,
            &from,
            &to,
        )
        .await
        .map(TrendResult::from)
    }

    /// Several metrics for one period at once (at most 40).
    async fn benchmark_matrix(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The metrics' ids, in the order to show them.")] metrics: Vec<String>,
        #[graphql(desc = "The period's label.")] period: String,
    ) -> AppResult<BenchmarkMatrix> {
        let db = ctx.data_unchecked::<DatabaseConnection>();
        let threshold = threshold(ctx);
        let benchmarks = ctx
            .data_unchecked::<AnswerCache>()
            .get_or_compute(
                db,
                ctx.data_unchecked::<Scope>(),
                "benchmarkMatrix",
                format!("{threshold}|{metrics:?}|{period:?}"),
                |scope| {
                    let (metrics, period) = (metrics.clone(), period.clone());
                    async move { service::matrix(db, &scope, threshold, &metrics, &period).await }
                },
            )
            .await?;
        let period = match benchmarks.first() {
            Some(b) => b.period.clone().into(),
            None => crate::reference::service::period_by_label(
                ctx.data_unchecked::<DatabaseConnection>(),
                &period,
                "period",
            )
            .await?
            .into(),
        };
        Ok(BenchmarkMatrix {
            period,
            benchmarks: benchmarks.into_iter().map(BenchmarkResult::from).collect(),
        })
    }
}
