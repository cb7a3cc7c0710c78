//! `/metrics`: what an operations team alerts on, in Prometheus' text format.
//! Only counts and durations, never data. Request metrics are observed once
//! per request, by the access log ([`super::access_log`]); the pool's gauges
//! are read when scraped.
use std::collections::HashSet;
use std::sync::{LazyLock, RwLock};
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder,
};
use sea_orm::{DatabaseBackend, DatabaseConnection};

use super::AppState;
use crate::db::StatementCounter;

/// The label of operations that are anonymous or not among the names
/// counted one by one.
pub const OTHER_OPERATIONS: &str = "other";

/// Operation names counted one by one besides the workspace's own, first
/// come first counted: a caller inventing names cannot grow the series.
pub const MAX_OTHER_NAMES: usize = 50;

/// The operations the workspace sends, by name.
static WORKSPACE_OPERATIONS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("../../web/public/app/queries.js")
        .lines()
        .filter_map(|line| {
            let rest = line
                .strip_prefix("query ")
                .or_else(|| line.strip_prefix("mutation "))?;
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            (!name.is_empty()).then_some(name)
        })
        .collect()
});

/// The metrics of one server.
#[derive(Clone)]
pub struct Metrics {
    /// The hub's own metrics, named `hub_*`.
    pub registry: Registry,
    /// The process metrics, under their conventional `process_*` names.
    process: Registry,
    /// GraphQL requests by outcome: `ok`, `error` (some errors), `rejected`
    /// (refused before execution: bad token, bad request, timeout).
    pub graphql_requests: IntCounterVec,
    graphql_duration: HistogramVec,
    graphql_errors: IntCounterVec,
    http_responses: IntCounterVec,
    pool: IntGaugeVec,
    other_names: std::sync::Arc<RwLock<HashSet<String>>>,
}

impl Metrics {
    pub fn new(statements: &StatementCounter) -> Result<Self, prometheus::Error> {
        let registry = Registry::new_custom(Some("hub".into()), None)?;
        registry.register(Box::new(statements.metric()))?;
        registry.register(Box::new(statements.duration_metric()))?;
        registry.register(Box::new(crate::telemetry::metrics::CACHE_LOOKUPS.clone()))?;
        let graphql_requests = IntCounterVec::new(
            Opts::new("graphql_requests_total", "GraphQL requests by outcome"),
            &["outcome"],
        )?;
        registry.register(Box::new(graphql_requests.clone()))?;
        let graphql_duration = HistogramVec::new(
            HistogramOpts::new(
                "graphql_request_duration_seconds",
                "Time to answer a GraphQL request, by operation name (the workspace's \
                 operations and the first other names seen; `other` for the rest and for \
                 anonymous operations) and operation type",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
            ]),
            &["operation", "type"],
        )?;
        registry.register(Box::new(graphql_duration.clone()))?;
        let graphql_errors = IntCounterVec::new(
            Opts::new(
                "graphql_errors_total",
                "Errors in GraphQL responses, by extensions.code",
            ),
            &["code"],
        )?;
        registry.register(Box::new(graphql_errors.clone()))?;
        let http_responses = IntCounterVec::new(
            Opts::new(
                "http_responses_total",
                "HTTP responses by status class (2xx, 4xx, 5xx...)",
            ),
            &["class"],
        )?;
        registry.register(Box::new(http_responses.clone()))?;
        let pool = IntGaugeVec::new(
            Opts::new(
                "db_pool_connections",
                "Database pool connections by state (in_use, idle), read when scraped",
            ),
            &["state"],
        )?;
        registry.register(Box::new(pool.clone()))?;
        let process = Registry::new();
        // prometheus reads these from /proc, so it offers them on Linux only;
        // elsewhere the server builds and serves every other metric.
        #[cfg(target_os = "linux")]
        process.register(Box::new(
            prometheus::process_collector::ProcessCollector::for_self(),
        ))?;
        Ok(Metrics {
            registry,
            process,
            graphql_requests,
            graphql_duration,
            graphql_errors,
            http_responses,
            pool,
            other_names: Default::default(),
        })
    }

    pub fn count(&self, outcome: &str) {
        self.graphql_requests.with_label_values(&[outcome]).inc();
    }

    /// The label of operation `name`: bounded, whatever callers send.
    fn operation_label<'a>(&self, name: Option<&'a str>) -> &'a str {
        let Some(name) = name else {
            return OTHER_OPERATIONS;
        };
        if WORKSPACE_OPERATIONS.contains(name) {
            return name;
        }
        // Once the set is full, unknown names never take the write lock.
        let (known, full) = self
            .other_names
            .read()
            .map(|names| (names.contains(name), names.len() >= MAX_OTHER_NAMES))
            .unwrap_or((false, true));
        if known {
            return name;
        }
        if full {
            return OTHER_OPERATIONS;
        }
        match self.other_names.write() {
            Ok(mut names) if names.len() < MAX_OTHER_NAMES && name.len() <= 64 => {
                names.insert(name.to_string());
                name
            }
            _ => OTHER_OPERATIONS,
        }
    }

    /// Counts one answered request.
    pub fn observe_request(
        &self,
        path: &str,
        status: StatusCode,
        operation: Option<&str>,
        operation_type: Option<&str>,
        codes: &[String],
        elapsed: Duration,
    ) {
        let class = match status.as_u16() / 100 {
            1 => "1xx",
            2 => "2xx",
            3 => "3xx",
            4 => "4xx",
            _ => "5xx",
        };
        self.http_responses.with_label_values(&[class]).inc();
        if path != "/graphql" {
            return;
        }
        let label = self.operation_label(operation);
        self.graphql_duration
            .with_label_values(&[label, operation_type.unwrap_or("unknown")])
            .observe(elapsed.as_secs_f64());
        for code in codes {
            self.graphql_errors
                .with_label_values(&[code.as_str()])
                .inc();
        }
    }

    fn read_pool(&self, db: &DatabaseConnection) {
        let (size, idle) = match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                let pool = db.get_postgres_connection_pool();
                (pool.size(), pool.num_idle())
            }
            DatabaseBackend::Sqlite => {
                let pool = db.get_sqlite_connection_pool();
                (pool.size(), pool.num_idle())
            }
            _ => return,
        };
        let idle = i64::try_from(idle).unwrap_or(i64::MAX);
        self.pool.with_label_values(&["idle"]).set(idle);
        self.pool
            .with_label_values(&["in_use"])
            .set((i64::from(size) - idle).max(0));
    }
}

pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    state.metrics.read_pool(&state.db);
    let mut families = state.metrics.registry.gather();
    families.extend(state.metrics.process.gather());
    let mut buffer = Vec::new();
    match TextEncoder::new().encode(&families, &mut buffer) {
        Ok(()) => HttpResponse::Ok()
            .content_type(prometheus::TEXT_FORMAT)
            .body(buffer),
        Err(e) => {
            tracing::error!(error = %e, "could not encode metrics");
            HttpResponse::InternalServerError().finish()
        }
    }
}
