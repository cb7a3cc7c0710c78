//! Benchmarks, trends and the one-screen matrix, for a caller's scope.
use entity::{reporting_period, PartnershipCode};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::assemble::{assemble, Assembled, Flag, SourceValue};
use super::registry::{self, Metric};
use super::sources::Sources;
use super::stats::{direction, Direction};
use crate::access::Scope;
use crate::error::{AppError, AppResult};
use crate::reference;
use crate::statistics::{FigureFlags, FigureStatus};

/// At most this many metrics in one matrix: each may read a dataset.
pub const MAX_MATRIX_METRICS: usize = 40;

pub fn metric(id: &str, field: &str) -> AppResult<&'static Metric> {
    registry::find(id)
        .ok_or_else(|| AppError::bad_input(field, format!("unknown metric `{id}`; see `metrics`")))
}

/// A metric compared across the five partnerships for one period.
#[derive(Debug, Clone)]
pub struct Benchmark {
    pub metric: &'static Metric,
    pub period: reporting_period::Model,
    pub assembled: Assembled,
}

impl Benchmark {
    /// `metric` for `period`, read from `sources` and assembled.
    async fn read(
        sources: &mut Sources<'_>,
        metric: &'static Metric,
        period: reporting_period::Model,
    ) -> AppResult<Benchmark> {
        let values = sources.values(metric, &period).await?;
        Ok(Benchmark {
            metric,
            assembled: assemble(metric, &values),
            period,
        })
    }
}

pub async fn benchmark(
    db: &DatabaseConnection,
    scope: &Scope,
    threshold: i64,
    metric_id: &str,
    period: &str,
) -> AppResult<Benchmark> {
    let metric = self::metric(metric_id, "metric")?;
    let period = reference::service::period_by_label(db, period, "period").await?;
    let mut sources = Sources::new(db, scope, threshold, &[metric]);
    Benchmark::read(&mut sources, metric, period).await
}

/// Several metrics for one period: each dataset is read once.
pub async fn matrix(
    db: &DatabaseConnection,
    scope: &Scope,
    threshold: i64,
    metric_ids: &[String],
    period: &str,
) -> AppResult<Vec<Benchmark>> {
    if metric_ids.is_empty() || metric_ids.len() > MAX_MATRIX_METRICS {
        return Err(AppError::bad_input(
            "metrics",
            format!("name between 1 and {MAX_MATRIX_METRICS} metrics"),
        ));
    }
    let metrics = metric_ids
        .iter()
        .enumerate()
        .map(|(i, id)| metric(id, &format!("metrics[{i}]")))
        .collect::<AppResult<Vec<_>>>()?;
    let period = reference::service::period_by_label(db, period, "period").await?;
    let mut sources = Sources::new(db, scope, threshold, &metrics);
    sources.prefetch(&metrics, &period).await?;
    let mut out = Vec::with_capacity(metrics.len());
    for metric in metrics {
        out.push(Benchmark::read(&mut sources, metric, period.clone()).await?);
    }
    Ok(out)
}

/// One period of a trend.
#[derive(Debug, Clone)]
pub struct TrendPoint {
    pub period: reporting_period::Model,
    pub value: Option<SourceValue>,
}

impl TrendPoint {
    /// Counts toward the direction of travel: a shown value for a standard period.
    pub fn comparable(&self) -> Option<f64> {
        self.value
            .as_ref()
            .filter(|v| v.status() == FigureStatus::Shown && !v.flags.non_standard_period)
            .and_then(|v| v.value)
    }

    pub fn status(&self) -> FigureStatus {
        self.value
            .as_ref()
            .map_or(FigureStatus::NotAvailable, SourceValue::status)
    }

    pub fn qualifiers(&self) -> FigureFlags {
        self.value.as_ref().map(|v| v.flags).unwrap_or_default()
    }

    pub fn flags(&self) -> Vec<Flag> {
        match &self.value {
            None => vec![Flag::NoReturn],
            Some(v) => v.flag_list(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Trend {
    pub metric: &'static Metric,
    pub partnership: PartnershipCode,
    pub points: Vec<TrendPoint>,
    pub direction: Direction,
}

/// A metric for one partnership over the periods starting from `from`'s start
/// to `to`'s start, oldest first; non-standard periods in that span are shown
/// but do not count toward the direction of travel.
pub async fn trend(
    db: &DatabaseConnection,
    scope: &Scope,
    threshold: i64,
    metric_id: &str,
    partnership: PartnershipCode,
    from: &str,
    to: &str,
) -> AppResult<Trend> {
    let metric = self::metric(metric_id, "metric")?;
    let periods = periods_between(db, from, to).await?;
    let mut sources = Sources::new(db, scope, threshold, &[metric]);
    let mut points = Vec::with_capacity(periods.len());
    for period in periods {
        let mut values = sources.values(metric, &period).await?;
        points.push(TrendPoint {
            value: values.remove(&partnership),
            period,
        });
    }
    let comparable: Vec<f64> = points.iter().filter_map(TrendPoint::comparable).collect();
    let direction = if comparable.len() < 2 {
        Direction::NotComparable
    } else {
        direction(
            comparable.first().copied(),
            comparable.last().copied(),
            metric.better,
        )
    };
    Ok(Trend {
        metric,
        partnership,
        points,
        direction,
    })
}

/// The periods starting from `from`'s start to `to`'s start, oldest first:
/// the span of a trend.
async fn periods_between(
    db: &DatabaseConnection,
    from: &str,
    to: &str,
) -> AppResult<Vec<reporting_period::Model>> {
    let first = reference::service::period_by_label(db, from, "from").await?;
    let last = reference::service::period_by_label(db, to, "to").await?;
    if last.start_date < first.start_date {
        return Err(AppError::bad_input("to", "must not start before `from`"));
    }
    Ok(reporting_period::Entity::find()
        .filter(reporting_period::Column::StartDate.gte(first.start_date))
        .filter(reporting_period::Column::StartDate.lte(last.start_date))
        .order_by_asc(reporting_period::Column::StartDate)
        .order_by_asc(reporting_period::Column::EndDate)
        .all(db)
        .await?)
}

/// A metric benchmarked in every period of a trend's span, oldest first: what
/// the trend export writes, one tidy row per partnership and period. The
/// values are the trend's own (the same sources, scope and suppression).
pub async fn benchmarks_between(
    db: &DatabaseConnection,
    scope: &Scope,
    threshold: i64,
    metric_id: &str,
    from: &str,
    to: &str,
) -> AppResult<Vec<Benchmark>> {
    let metric = self::metric(metric_id, "metric")?;
    let periods = periods_between(db, from, to).await?;
    let mut sources = Sources::new(db, scope, threshold, &[metric]);
    let mut out = Vec::with_capacity(periods.len());
    for period in periods {
        out.push(Benchmark::read(&mut sources, metric, period).await?);
    }
    Ok(out)
}
