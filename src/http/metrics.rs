//! `/metrics`: Prometheus counters for operators and the load benchmark. Only
//! counts (statements, requests), never data.
use actix_web::{web, HttpResponse};
use prometheus::{Encoder, IntCounterVec, Opts, Registry, TextEncoder};

use super::AppState;
use crate::db::StatementCounter;

/// The counters the server keeps.
#[derive(Clone)]
pub struct Metrics {
    pub registry: Registry,
    /// GraphQL requests by outcome: `ok`, `error` (some errors), `rejected`
    /// (refused before execution: bad token, bad request, timeout).
    pub graphql_requests: IntCounterVec,
}

impl Metrics {
    pub fn new(statements: &StatementCounter) -> Result<Self, prometheus::Error> {
        let registry = Registry::new_custom(Some("hub".into()), None)?;
        registry.register(Box::new(statements.metric()))?;
        let graphql_requests = IntCounterVec::new(
            Opts::new("graphql_requests_total", "GraphQL requests by outcome"),
            &["outcome"],
        )?;
        registry.register(Box::new(graphql_requests.clone()))?;
        Ok(Metrics {
            registry,
            graphql_requests,
        })
    }

    pub fn count(&self, outcome: &str) {
        self.graphql_requests.with_label_values(&[outcome]).inc();
    }
}

pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    let mut buffer = Vec::new();
    match TextEncoder::new().encode(&state.metrics.registry.gather(), &mut buffer) {
        Ok(()) => HttpResponse::Ok()
            .content_type(prometheus::TEXT_FORMAT)
            .body(buffer),
        Err(e) => {
            tracing::error!(error = %e, "could not encode metrics");
            HttpResponse::InternalServerError().finish()
        }
    }
}
