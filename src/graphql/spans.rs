//! A trace span per root field of an operation, added to the schema only
//! when traces are exported (see [`crate::telemetry::otel`]).
//!
//! async-graphql's own `Tracing` extension makes a span for every field that
//! is not a scalar: a page of 100 Section 11 returns would be thousands of
//! spans. A root field is where an operation's time goes to one service call
//! (and its SQL statements, whose spans sit under it), which is what a trace
//! needs to show.
use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextResolve, ResolveInfo,
};
use async_graphql::{ServerResult, Value};
use tracing::Instrument;

pub struct RootFieldSpans;

impl ExtensionFactory for RootFieldSpans {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RootFieldSpans)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for RootFieldSpans {
    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        if info.path_node.parent.is_some() || info.is_for_introspection {
            return next.run(ctx, info).await;
        }
        let span = tracing::info_span!(
            target: "hub::graphql",
            "graphql.field",
            otel.name = format!("{}.{}", info.parent_type, info.name).as_str(),
            graphql.field.name = info.name,
            graphql.field.alias = info.alias,
            graphql.field.parent_type = info.parent_type,
        );
        next.run(ctx, info).instrument(span).await
    }
}
