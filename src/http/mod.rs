//! The HTTP surface: GraphQL over HTTP, the workspace and GraphiQL, health and readiness.
pub mod access_log;
pub mod auth;
pub mod body;
pub mod caching;
pub mod compression;
pub mod documents;
pub mod export;
pub mod graphql;
pub mod health;
pub mod import;
pub mod metrics;
pub mod rate_limit;
pub mod refusals;
pub mod request_id;
pub mod trusted_documents;
pub mod workspace;

use std::sync::Arc;

use actix_cors::Cors;
use actix_web::{http::header, web};
use sea_orm::DatabaseConnection;

use crate::auth::TokenVerifier;
use crate::config::Config;
use crate::graphql::HubSchema;
use crate::section11::loaders::Section11Memory;

/// What every handler shares.
pub struct AppState {
    pub schema: HubSchema,
    pub db: DatabaseConnection,
    /// Section 11 grades and agencies kept between requests.
    pub section11: Section11Memory,
    /// Parsed documents kept by their query text.
    pub documents: documents::Documents,
    /// Documents known by their hash, and which documents may run.
    pub trusted_documents: trusted_documents::TrustedDocuments,
    pub verifier: Arc<TokenVerifier>,
    pub config: Arc<Config>,
    pub metrics: metrics::Metrics,
}

/// Registers the routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/graphql", web::post().to(graphql::post))
        .route("/graphql", web::get().to(graphql::get))
        .route("/graphiql", web::get().to(workspace::graphiql))
        .route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/metrics", web::get().to(metrics::metrics))
        .route("/export/benchmark.csv", web::get().to(export::benchmark))
        .route(
            "/export/benchmark.meta.csv",
            web::get().to(export::benchmark_meta),
        )
        .route("/export/trend.csv", web::get().to(export::trend))
        .route("/export/trend.meta.csv", web::get().to(export::trend_meta))
        .route(
            "/export/benchmark-matrix.csv",
            web::get().to(export::matrix),
        )
        .route(
            "/import/section11-returns",
            web::post().to(import::section11_returns),
        )
        .route("/import/cdop-returns", web::post().to(import::cdop_returns))
        .route("/import/templates/{name}", web::get().to(import::template))
        .route("/", web::get().to(workspace::page))
        .route("/compare", web::get().to(workspace::page))
        .route("/trend", web::get().to(workspace::page))
        .route("/scrutiny-coverage", web::get().to(workspace::page))
        .route("/cdop", web::get().to(workspace::page))
        .route("/section-11", web::get().to(workspace::page))
        .route("/static/{path:.*}", web::get().to(workspace::asset))
        .route(
            "/workspace/development-token",
            web::get().to(workspace::development_token),
        );
}

/// CORS for exactly the configured origins; with none, cross-origin requests
/// are refused.
pub fn cors(config: &Config) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods(vec!["GET", "POST"])
        .allowed_headers(vec![
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            request_id::HEADER,
            header::HeaderName::from_static("traceparent"),
            header::HeaderName::from_static("tracestate"),
            header::HeaderName::from_static(graphql::PREFLIGHT_HEADER),
            header::HeaderName::from_static("apollo-require-preflight"),
            header::HeaderName::from_static("idempotency-key"),
        ])
        // A page may show the id of a failed request, and wait as told.
        .expose_headers(vec![
            request_id::HEADER,
            header::RETRY_AFTER,
            crate::idempotency::REPLAYED_HEADER,
        ])
        .max_age(3600);
    for origin in &config.cors_origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}
