//! Building and running the application: used by `main`, the tests and the
//! benchmark alike, so they all exercise the same server.
use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::{web, App, HttpServer};
use sea_orm::DatabaseConnection;
use tracing_actix_web::TracingLogger;

use crate::auth::TokenVerifier;
use crate::config::Config;
use crate::db::{self, StatementCounter};
use crate::demo;
use crate::error::StartupError;
use crate::graphql::build_schema;
use crate::http::metrics::Metrics;
use crate::http::{self, AppState};
use crate::section11::loaders::Section11Memory;

pub struct Application {
    port: u16,
    server: Server,
    db: DatabaseConnection,
    statements: StatementCounter,
}

impl Application {
    /// Connects, migrates, loads demo data into a fresh embedded database,
    /// and binds (`BIND_ADDR` may use port 0 for any free port).
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        let (db, statements) = db::connect(&config.database_url).await?;
        db::migrate(&db).await?;
        if config.embedded_database && !config.is_production() && demo::load(&db).await? {
            tracing::info!("loaded the demo dataset into the embedded database");
        }
        Self::build_with(config, db, statements).await
    }

    /// Builds the server over an already connected and migrated database.
    pub async fn build_with(
        config: Config,
        db: DatabaseConnection,
        statements: StatementCounter,
    ) -> Result<Self, StartupError> {
        let verifier = Arc::new(TokenVerifier::new(&config.jwt).await?);
        crate::idempotency::purge::spawn(db.clone());
        let schema = build_schema(&config, Some(db.clone()));
        let config = Arc::new(config);
        let listener = TcpListener::bind(config.bind_addr)?;
        let port = listener.local_addr()?.port();
        let trusted_documents =
            http::trusted_documents::TrustedDocuments::load(&config.trusted_documents)?;
        tracing::info!(
            mode = ?config.trusted_documents.mode,
            manifest_documents = trusted_documents.manifest_len(),
            "trusted documents"
        );
        let metrics =
            Metrics::new(&statements).map_err(|e| StartupError::Other(format!("metrics: {e}")))?;
        let state = web::Data::new(AppState {
            schema,
            db: db.clone(),
            section11: Section11Memory::new(&config),
            documents: http::documents::Documents::new(config.document_cache_mib),
            trusted_documents,
            verifier,
            config: config.clone(),
            metrics,
        });
        let rate_limits = web::Data::new(http::rate_limit::RateLimits::new(&config.rate_limit));
        let body_limit = config.max_body_bytes;
        let cors_config = config.clone();
        let server = HttpServer::new(move || {
            App::new()
                .wrap(actix_web::middleware::from_fn(http::rate_limit::limit))
                .wrap(actix_web::middleware::from_fn(
                    http::refusals::limit_headers,
                ))
                .wrap(http::refusals::json_error_bodies())
                // Compression and what caches may keep (src/http/compression.rs, caching.rs).
                .wrap(actix_web::middleware::from_fn(
                    http::compression::leave_small_bodies,
                ))
                .wrap(actix_web::middleware::Compress::default())
                .wrap(actix_web::middleware::from_fn(http::compression::finish))
                .wrap(actix_web::middleware::from_fn(
                    http::caching::no_store_when_authenticated,
                ))
                .wrap(http::cors(&cors_config))
                .wrap(actix_web::middleware::from_fn(http::request_id::echo))
                .wrap(TracingLogger::<http::access_log::AccessLog>::new())
                .app_data(state.clone())
                .app_data(rate_limits.clone())
                .app_data(web::PayloadConfig::new(body_limit))
                .configure(http::routes)
        })
        .listen(listener)?
        // On SIGTERM or Ctrl-C, stop accepting and let requests in flight finish.
        .shutdown_timeout(config.shutdown_timeout.as_secs())
        .run();
        Ok(Application {
            port,
            server,
            db,
            statements,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Counts SQL statements this server has sent since it started.
    pub fn statements(&self) -> StatementCounter {
        self.statements.clone()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
