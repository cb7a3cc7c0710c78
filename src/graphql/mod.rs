//! The GraphQL schema: each domain contributes a query and a mutation root,
//! merged here, with the limits every request runs under.
pub mod limits;
pub mod spans;

use crate::cache::AnswerCache;
use async_graphql::{EmptySubscription, MergedObject, Schema};
use sea_orm::DatabaseConnection;

use crate::access::Scope;
use crate::agreements::schema::{AgreementMutation, AgreementQuery};
use crate::audit::schema::AuditQuery;
use crate::auth::schema::AuthQuery;
use crate::benchmark::schema::BenchmarkQuery;
use crate::cdop::schema::{CdopMutation, CdopQuery};
use crate::config::Config;
use crate::import::schema::ImportMutation;
use crate::lado::schema::{LadoMutation, LadoQuery};
use crate::node::NodeQuery;
use crate::practice_reviews::schema::{PracticeReviewMutation, PracticeReviewQuery};
use crate::reference::schema::{ReferenceMutation, ReferenceQuery};
use crate::scrutiny::schema::{ScrutinyMutation, ScrutinyQuery};
use crate::section11::loaders::Section11Memory;
use crate::section11::schema::{Section11Mutation, Section11Query};

/// Every read operation of the hub.
#[derive(MergedObject, Default)]
pub struct QueryRoot(
    NodeQuery,
    ReferenceQuery,
    AuthQuery,
    AuditQuery,
    AgreementQuery,
    Section11Query,
    BenchmarkQuery,
    ScrutinyQuery,
    CdopQuery,
    LadoQuery,
    PracticeReviewQuery,
);

/// Every write operation of the hub. Each mutation is one transaction and is audited.
#[derive(MergedObject, Default)]
pub struct MutationRoot(
    ReferenceMutation,
    AgreementMutation,
    Section11Mutation,
    ScrutinyMutation,
    CdopMutation,
    ImportMutation,
    LadoMutation,
    PracticeReviewMutation,
);

pub type HubSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

/// Builds the schema with the configured limits. `db` is optional so the SDL
/// can be printed without a database.
pub fn build_schema(config: &Config, db: Option<DatabaseConnection>) -> HubSchema {
    let mut builder = Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        EmptySubscription,
    )
    .limit_depth(config.limits.max_depth)
    .limit_complexity(config.limits.max_complexity)
    .limit_directives(10)
    .disable_suggestions()
    .override_output_type_description::<chrono::DateTime<chrono::Utc>>(DATE_TIME_DESCRIPTION)
    .override_output_type_description::<chrono::NaiveDate>(DATE_DESCRIPTION)
    .override_input_type_description::<async_graphql::Upload>(UPLOAD_DESCRIPTION)
    .data(config.disclosure.clone())
    .data(config.import.clone())
    .data(AnswerCache::new(config.answer_cache_entries));
    if config.is_production() {
        builder = builder.disable_introspection();
    }
    if crate::telemetry::otel::enabled() {
        builder = builder.extension(spans::RootFieldSpans);
    }
    builder = describe_connections(builder);
    if let Some(db) = db {
        builder = builder.data(db);
    }
    builder.finish()
}

const UPLOAD_DESCRIPTION: &str = "A file sent beside the request as the GraphQL multipart request specification has it (`multipart/form-data` with `operations`, `map` and the file; the request needs a `GraphQL-Require-Preflight` header).";

/// Every list's connection and edge types, described (see `crate::pagination`).
fn describe_connections(
    builder: async_graphql::SchemaBuilder<QueryRoot, MutationRoot, EmptySubscription>,
) -> async_graphql::SchemaBuilder<QueryRoot, MutationRoot, EmptySubscription> {
    use crate::pagination::describe;
    let builder = describe::<crate::audit::schema::AuditEvent, _, _, _>(builder);
    let builder = describe::<crate::agreements::schema::SharingAgreement, _, _, _>(builder);
    let builder = describe::<crate::section11::schema::types::Section11Round, _, _, _>(builder);
    let builder = describe::<crate::section11::schema::types::Agency, _, _, _>(builder);
    let builder = describe::<crate::section11::schema::types::Section11Return, _, _, _>(builder);
    let builder = describe::<crate::scrutiny::types::Scrutineer, _, _, _>(builder);
    let builder = describe::<crate::scrutiny::types::ScrutinyActivity, _, _, _>(builder);
    let builder = describe::<crate::scrutiny::types::ScrutinyRecommendation, _, _, _>(builder);
    let builder = describe::<crate::cdop::schema::CdopReturn, _, _, _>(builder);
    let builder = describe::<crate::lado::schema::LadoReturn, _, _, _>(builder);
    let builder = describe::<crate::practice_reviews::schema::RapidReview, _, _, _>(builder);
    let builder = describe::<crate::practice_reviews::schema::Lcspr, _, _, _>(builder);
    describe::<crate::practice_reviews::schema::LearningReview, _, _, _>(builder)
}

const DATE_TIME_DESCRIPTION: &str = "An instant, as an RFC 3339 date-time with its offset, \
e.g. `2026-12-07T09:30:00+00:00`. The hub answers in UTC; an input with \
another offset means the same instant.";

const DATE_DESCRIPTION: &str = "A calendar date without a time or zone, as an RFC 3339 \
full-date (`YYYY-MM-DD`), e.g. `2025-03-31`.";

/// Where `NaiveDate`'s format is specified (RFC 3339's `full-date`).
const DATE_SPECIFIED_BY: &str = "https://www.rfc-editor.org/rfc/rfc3339#section-5.6";

/// The schema's SDL, as checked in to `schema.graphql`, with `@specifiedBy`
/// on the custom scalars. async-graphql's `DateTime` carries its URL itself;
/// its `NaiveDate` carries none and cannot be given one short of a scalar of
/// our own, so the printed SDL adds it.
pub fn sdl() -> String {
    let config = Config::from_lookup(|key| match key {
        "JWT_HS256_SECRET" => Some("x".repeat(32)),
        _ => None,
    })
    .expect("default configuration is valid");
    build_schema(&config, None)
        .sdl_with_options(async_graphql::SDLExportOptions::new().include_specified_by())
        .replacen(
            "scalar NaiveDate\n",
            &format!("scalar NaiveDate @specifiedBy(url: \"{DATE_SPECIFIED_BY}\")\n"),
            1,
        )
}

/// Adds what one request needs beside the schema data: the caller, its
/// resolved scope, and request-scoped DataLoaders (their caches must not
/// outlive the request, since what they return depends on the caller).
pub fn with_request_data(
    request: async_graphql::Request,
    db: &DatabaseConnection,
    section11: &Section11Memory,
    scope: Scope,
) -> async_graphql::Request {
    let request = request.data(scope.caller.clone()).data(scope);
    let request = crate::reference::loaders::register(request, db);
    let request = crate::agreements::loaders::register(request, db);
    let request = crate::section11::loaders::register(request, db, section11);
    let request = crate::practice_reviews::loaders::register(request, db);
    crate::scrutiny::loaders::register(request, db)
}
