//! OpenTelemetry traces over OTLP (HTTP, protobuf), bridged from `tracing`:
//! a span per request (its parent taken from the caller's `traceparent`), a
//! span per root field of a GraphQL operation, and sea-orm's span per SQL
//! statement, which carries the statement's parameterised text and never its
//! values. Configured by the standard variables (`OTEL_EXPORTER_OTLP_ENDPOINT`,
//! `OTEL_SERVICE_NAME`, `OTEL_BSP_*`); with no endpoint nothing is set up,
//! and the spans that exist only for traces are never created.
use std::sync::atomic::{AtomicBool, Ordering};

use actix_web::http::header::HeaderMap;
use opentelemetry::propagation::{Extractor, TextMapPropagator};
use opentelemetry::trace::{TraceContextExt, TraceId, TracerProvider as _};
use opentelemetry::Context;
use opentelemetry_otlp::{Protocol, SpanExporter, WithExportConfig};
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::{IdGenerator, RandomIdGenerator, SdkTracerProvider};
use opentelemetry_sdk::Resource;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::{Layer, Registry};

static ENABLED: AtomicBool = AtomicBool::new(false);

/// True once spans are exported: only then are trace-only spans made.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

pub(super) fn mark_enabled() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// The tracer provider; shut down to flush what is queued.
pub struct Traces {
    provider: SdkTracerProvider,
}

/// A layer of the global subscriber.
pub type BoxedLayer = Box<dyn Layer<Registry> + Send + Sync>;

impl Traces {
    /// The exporter and its `tracing` layer when an OTLP endpoint is
    /// configured; `None` when not.
    pub fn from_env() -> Result<Option<(Self, BoxedLayer)>, String> {
        let configured = [
            "OTEL_EXPORTER_OTLP_ENDPOINT",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        ]
        .iter()
        .any(|key| std::env::var(key).is_ok_and(|v| !v.trim().is_empty()));
        if !configured {
            return Ok(None);
        }
        // The exporter reads the endpoint itself, adding `/v1/traces` to
        // OTEL_EXPORTER_OTLP_ENDPOINT as the specification says.
        let exporter = SpanExporter::builder()
            .with_http()
            .with_protocol(Protocol::HttpBinary)
            .build()
            .map_err(|e| format!("OTEL_EXPORTER_OTLP_ENDPOINT: {e}"))?;
        let service = std::env::var("OTEL_SERVICE_NAME")
            .ok()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| env!("CARGO_PKG_NAME").to_string());
        let provider = SdkTracerProvider::builder()
            .with_batch_exporter(exporter)
            .with_resource(Resource::builder().with_service_name(service).build())
            .build();
        let tracer = provider.tracer(env!("CARGO_PKG_NAME"));
        opentelemetry::global::set_text_map_propagator(TraceContextPropagator::new());
        let layer = tracing_opentelemetry::layer()
            .with_tracer(tracer)
            .with_filter(LevelFilter::INFO)
            .boxed();
        Ok(Some((Traces { provider }, layer)))
    }

    pub fn shutdown(self) {
        if let Err(e) = self.provider.shutdown() {
            eprintln!("warning: could not flush traces: {e}");
        }
    }
}

struct Headers<'a>(&'a HeaderMap);

impl Extractor for Headers<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|v| v.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(|k| k.as_str()).collect()
    }
}

/// The caller's trace context (W3C `traceparent`, `tracestate`), empty when
/// absent or malformed.
pub fn remote_parent(headers: &HeaderMap) -> Context {
    TraceContextPropagator::new().extract(&Headers(headers))
}

/// The trace id of `parent`, or a new one when the caller sent none: the
/// access log names a trace either way, so requests can be followed across
/// instances and proxies that propagate it.
pub fn trace_id_of(parent: &Context) -> TraceId {
    let span = parent.span();
    let context = span.span_context();
    if context.is_valid() {
        context.trace_id()
    } else {
        RandomIdGenerator::default().new_trace_id()
    }
}
