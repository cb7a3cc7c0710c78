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
        }
    }
}

/// One partnership's row of a benchmark.
#[derive(SimpleObject)]
pub struct BenchmarkRow {
    /// The partnership.
    pub partnership: PartnershipCode,
    /// The value in the metric's unit; null when suppressed or when there is no return.
    pub value: Option<f64>,
    /// Per 10,000 children where meaningful (CDOP counts); null when suppressed.
    #[graphql(name = "ratePer10k")]
    pub rate_per_10k: Option<f64>,
    /// 1 is best (for a metric where neither way is better, 1 is the highest);
    /// ties share a rank. Null when the value is not comparable.
    pub rank: Option<u32>,
    /// 1 (best quarter) to 4, among the comparable values.
    pub quartile: Option<u32>,
    /// True when disclosure control hides the value.
    pub suppressed: bool,
    /// Why the row is shown as it is.
    pub flags: Vec<Flag>,
    /// The year of the population estimate a rate used.
    pub population_year: Option<i32>,
}

impl From<Row> for BenchmarkRow {
    fn from(r: Row) -> Self {
        BenchmarkRow {
            suppressed: r.has(Flag::Suppressed),
            partnership: r.partnership,
            value: r.value,
            rate_per_10k: r.rate_per_10k,
            rank: r.rank,
            quartile: r.quartile,
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
    /// Median of the comparable, unsuppressed values; null when there are none.
    pub regional_median: Option<f64>,
    /// Mean of the same values.
    pub regional_mean: Option<f64>,
    /// How many values were comparable (ranked and in the median).
    pub comparable_count: usize,
}

impl From<Benchmark> for BenchmarkResult {
    fn from(b: Benchmark) -> Self {
        BenchmarkResult {
            metric: b.metric.into(),
            non_standard_period: !b.period.standard,
            period: b.period.into(),
            rows: b
                .assembled
                .rows
                .into_iter()
                .map(BenchmarkRow::from)
                .collect(),
            regional_median: b.assembled.median,
            regional_mean: b.assembled.mean,
            comparable_count: b.assembled.comparable,
        }
    }
}

/// One period of a trend.
#[derive(SimpleObject)]
pub struct TrendPointResult {
    /// The period.
    pub period: ReportingPeriod,
    /// The value; null when suppressed or when there is no return.
    pub value: Option<f64>,
    /// Per 10,000 children where meaningful.
    #[graphql(name = "ratePer10k")]
    pub rate_per_10k: Option<f64>,
    /// True when the value counts toward the direction of travel.
    pub comparable: bool,
    /// Why the point is shown as it is.
    pub flags: Vec<Flag>,
}

impl From<TrendPoint> for TrendPointResult {
    fn from(p: TrendPoint) -> Self {
        let flags = p.flags();
        let comparable = p.comparable().is_some();
        let suppressed = flags.contains(&Flag::Suppressed);
        TrendPointResult {
            value: p
                .value
                .as_ref()
                .and_then(|v| v.value)
                .filter(|_| !suppressed),
            rate_per_10k: p
                .value
                .as_ref()
                .and_then(|v| v.rate_per_10k)
                .filter(|_| !suppressed),
            comparable,
            flags,
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
            points: t.points.into_iter().map(TrendPointResult::from).collect(),
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
