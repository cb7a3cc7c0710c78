//! The access log: one line per HTTP request, written when its response is
//! ready, with its request id and trace id, method, path (never the query
//! string, which may carry GraphQL variables), status, duration, the GraphQL
//! operation's name and type, the outcome and error codes, and who called
//! (role, issuer, subject). Never variables, response data or the token.
//!
//! The request's span (made here, for `tracing-actix-web`) holds the same
//! fields, so every other line logged while serving the request (an internal
//! error's cause, say) names its request id, and the span exported as a
//! trace carries them. Handlers leave what only they know in the request's
//! extensions ([`note_operation`], [`crate::http::auth::authenticate`]) or
//! the response's ([`attach_codes`]); the line and the request metrics are
//! made from them here, in one place.
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use async_graphql::parser::types::{DocumentOperations, OperationType};
use opentelemetry::trace::TraceContextExt;
use tracing::field::Empty;
use tracing::Span;
use tracing_actix_web::RootSpanBuilder;
use tracing_opentelemetry::OpenTelemetrySpanExt;

use super::auth::Authenticated;
use super::request_id::RequestId;
use super::AppState;
use crate::error::code;
use crate::telemetry::{otel, ACCESS};

/// The root span builder of [`tracing_actix_web::TracingLogger`].
pub struct AccessLog;

/// What is known of a request from its start.
struct Start {
    request_id: RequestId,
    trace_id: String,
    started: Instant,
}

/// The GraphQL operation a request selected.
#[derive(Clone, Debug)]
pub struct Operation {
    pub name: Option<String>,
    pub kind: &'static str,
}

/// The error codes a response carries, attached by whoever built it.
#[derive(Clone, Debug, Default)]
pub struct ErrorCodes {
    pub codes: Vec<String>,
    /// False when the request was refused before it could execute.
    pub executed: bool,
}

/// Notes the operation `request` selects, once the document has parsed.
pub fn note_operation(req: &HttpRequest, request: &mut async_graphql::Request) {
    let wanted = request.operation_name.clone();
    let Ok(doc) = request.parsed_query() else {
        return;
    };
    let (name, ty) = match (&doc.operations, wanted) {
        (DocumentOperations::Single(op), _) => (None, op.node.ty),
        (DocumentOperations::Multiple(ops), Some(wanted)) => {
            match ops.iter().find(|(n, _)| n.as_str() == wanted) {
                Some((n, op)) => (Some(n.to_string()), op.node.ty),
                None => return,
            }
        }
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => match ops.iter().next() {
            Some((n, op)) => (Some(n.to_string()), op.node.ty),
            None => return,
        },
        (DocumentOperations::Multiple(_), None) => return,
    };
    let kind = match ty {
        OperationType::Query => "query",
        OperationType::Mutation => "mutation",
        OperationType::Subscription => "subscription",
    };
    req.extensions_mut().insert(Operation { name, kind });
}

/// Attaches the codes of a GraphQL response's errors to its HTTP response.
pub fn attach_codes<'a>(
    response: &mut HttpResponse,
    codes: impl IntoIterator<Item = &'a str>,
    executed: bool,
) {
    let mut found: Vec<String> = Vec::new();
    for code in codes {
        if !found.iter().any(|c| c == code) {
            found.push(code.to_string());
        }
    }
    if !found.is_empty() || !executed {
        response.extensions_mut().insert(ErrorCodes {
            codes: found,
            executed,
        });
    }
}

impl RootSpanBuilder for AccessLog {
    fn on_request_start(req: &ServiceRequest) -> Span {
        let request_id = RequestId::of(req);
        let parent = otel::remote_parent(req.headers());
        let span = tracing::info_span!(
            target: "hub::request",
            "request",
            otel.name = Empty,
            otel.kind = "server",
            request_id = request_id.as_str(),
            trace_id = Empty,
            http.request.method = req.method().as_str(),
            url.path = req.path(),
            http.response.status_code = Empty,
            graphql.operation.name = Empty,
            "graphql.operation.type" = Empty,
            outcome = Empty,
            enduser.role = Empty,
        );
        let trace_id = if otel::enabled() {
            span.record(
                "otel.name",
                format!("{} {}", req.method(), req.path()).as_str(),
            );
            let _ = span.set_parent(parent);
            span.context().span().span_context().trace_id()
        } else {
            otel::trace_id_of(&parent)
        }
        .to_string();
        span.record("trace_id", trace_id.as_str());
        req.extensions_mut().insert(Start {
            request_id,
            trace_id,
            started: Instant::now(),
        });
        span
    }

    fn on_request_end<B: MessageBody>(
        span: Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        let response = match outcome {
            Ok(response) => response,
            Err(error) => {
                // Only a middleware's own failure gets here (handlers' errors
                // are responses by now); the request's extensions went with
                // it, and this line names the request by its span.
                let status = error.as_response_error().status_code();
                span.record("http.response.status_code", status.as_u16());
                span.record("outcome", "failed");
                tracing::error!(parent: &span, status = status.as_u16(), error = %error, "a request failed before its response was made");
                return;
            }
        };
        let req = response.request();
        let status = response.status();
        let codes = response
            .response()
            .extensions()
            .get::<ErrorCodes>()
            .cloned()
            .unwrap_or_else(|| ErrorCodes {
                codes: Vec::new(),
                executed: true,
            });
        let extensions = req.extensions();
        let Some(start) = extensions.get::<Start>() else {
            return;
        };
        let elapsed = start.started.elapsed();
        let operation = extensions.get::<Operation>();
        let caller = match extensions.get::<Authenticated>() {
            Some(Authenticated(Ok(caller))) => Some(caller),
            _ => None,
        };
        let outcome = if status.is_server_error() || codes.codes.iter().any(|c| c == code::INTERNAL)
        {
            "failed"
        } else if status.is_client_error() || !codes.executed {
            "refused"
        } else if !codes.codes.is_empty() {
            "error"
        } else {
            "ok"
        };
        let error_codes = codes.codes.join(",");
        let operation_name = operation.and_then(|o| o.name.as_deref());
        let operation_type = operation.map(|o| o.kind);
        let role = caller.map(|c| c.role.as_str());
        let issuer = caller.and_then(|c| c.identity.as_ref().map(|i| i.issuer.as_str()));
        let subject = caller.and_then(|c| c.identity.as_ref().map(|i| i.subject.as_str()));

        span.record("http.response.status_code", status.as_u16());
        span.record("outcome", outcome);
        if let Some(op) = operation {
            span.record("graphql.operation.type", op.kind);
            if let Some(name) = &op.name {
                span.record("graphql.operation.name", name.as_str());
            }
        }
        if let Some(role) = role {
            span.record("enduser.role", role);
        }
        if let Some(state) = req.app_data::<web::Data<AppState>>() {
            state.metrics.observe_request(
                req.path(),
                status,
                operation_name,
                operation_type,
                &codes.codes,
                elapsed,
            );
        }
        let client = req.peer_addr().map(|a| a.ip().to_string());
        tracing::info!(
            target: ACCESS,
            parent: None,
            request_id = start.request_id.as_str(),
            trace_id = start.trace_id.as_str(),
            method = req.method().as_str(),
            path = req.path(),
            status = status.as_u16(),
            duration_ms = (elapsed.as_secs_f64() * 1e6).round() / 1e3,
            operation_name,
            operation_type,
            outcome,
            error_codes = (!error_codes.is_empty()).then_some(error_codes.as_str()),
            caller_role = role,
            caller_issuer = issuer,
            caller_sub = subject,
            client = client.as_deref(),
            "request"
        );
    }
}
