//! Logs and traces. Logs are human-readable in development and one JSON
//! object per line in production; the access log ([`ACCESS`] target, one line
//! per request, see [`crate::http::access_log`]) is written flat so that a
//! log pipeline indexes its fields directly. Traces are exported over OTLP
//! only when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (see [`otel`]).
pub mod metrics;
pub mod otel;

use tracing_subscriber::filter::{filter_fn, FilterExt};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

/// The target of access-log events.
pub const ACCESS: &str = "access";

/// What is logged when `RUST_LOG` is unset. The statement spans of sea-orm
/// are for traces only: a log line per SQL statement would drown the rest.
const DEFAULT_FILTER: &str = "info,sea_orm=warn,sqlx=warn";

/// Keeps the trace exporter alive; dropping it sends the spans still queued.
#[must_use = "dropping the guard stops exporting traces"]
pub struct Telemetry {
    traces: Option<otel::Traces>,
}

impl Drop for Telemetry {
    fn drop(&mut self) {
        if let Some(traces) = self.traces.take() {
            traces.shutdown();
        }
    }
}

fn env_filter() -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER))
}

/// Installs the global subscriber. Call it outside any async runtime: the
/// OTLP exporter owns a blocking HTTP client and its own thread. A second
/// call (tests) keeps the first subscriber.
pub fn init(json: bool) -> Telemetry {
    let is_access = filter_fn(|meta| meta.target() == ACCESS);
    let general = env_filter().and(is_access.clone().not());
    let access = env_filter().and(is_access);
    let (logs, access_log) = if json {
        (
            fmt::layer()
                .json()
                .with_writer(std::io::stderr)
                .with_filter(general)
                .boxed(),
            fmt::layer()
                .json()
                .flatten_event(true)
                .with_current_span(false)
                .with_span_list(false)
                .with_writer(std::io::stderr)
                .with_filter(access)
                .boxed(),
        )
    } else {
        (
            fmt::layer()
                .with_writer(std::io::stderr)
                .with_filter(general)
                .boxed(),
            fmt::layer()
                .with_writer(std::io::stderr)
                .with_filter(access)
                .boxed(),
        )
    };
    let mut layers = vec![logs, access_log];
    let traces = match otel::Traces::from_env() {
        Ok(Some((traces, layer))) => {
            layers.push(layer);
            Some(traces)
        }
        Ok(None) => None,
        Err(e) => {
            eprintln!("warning: traces are not exported: {e}");
            None
        }
    };
    let installed = tracing_subscriber::registry()
        .with(layers)
        .try_init()
        .is_ok();
    if installed && traces.is_some() {
        otel::mark_enabled();
    }
    Telemetry { traces }
}

/// Spawns `future` as `tokio::spawn` does, inside the current span when
/// traces are exported, so the statements of a DataLoader's batch (which
/// runs as a task of its own) are traced under the field that asked for it.
pub fn spawn<F>(future: F) -> tokio::task::JoinHandle<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    if otel::enabled() {
        tokio::spawn(tracing::Instrument::in_current_span(future))
    } else {
        tokio::spawn(future)
    }
}
