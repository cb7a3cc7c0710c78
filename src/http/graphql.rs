//! GraphQL over HTTP: POST with a JSON body; GET for queries only (a mutation
//! over GET is 405 and is never executed); `application/graphql-response+json`
//! when the client accepts it, with 4xx for requests that could not execute.
use actix_web::http::{header, Method, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use async_graphql::parser::types::{DocumentOperations, OperationType};
use serde_json::json;

use super::AppState;
use crate::access;
use crate::audit;
use crate::error::{classify, code};
use crate::graphql::{limits, with_request_data};

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

pub async fn post(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("application/json")
    {
        return error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code::BAD_USER_INPUT,
            "send the request as `Content-Type: application/json`",
        );
    }
    let request: async_graphql::Request = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                code::BAD_USER_INPUT,
                &format!("the body is not a GraphQL request: {e}"),
            )
        }
    };
    execute(&req, &state, request).await
}

pub async fn get(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let request = match async_graphql::http::parse_query_string(req.query_string()) {
        Ok(r) => r,
        Err(e) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                code::BAD_USER_INPUT,
                &format!("the query string is not a GraphQL request: {e}"),
            )
        }
    };
    execute(&req, &state, request).await
}

/// True when the operation the request selects is a mutation. A document that
/// does not parse is left to the executor, which reports it as a request error.
fn is_mutation(request: &mut async_graphql::Request) -> bool {
    let name = request.operation_name.clone();
    let Ok(doc) = request.parsed_query() else {
        return false;
    };
    match (&doc.operations, name) {
        (DocumentOperations::Single(op), _) => op.node.ty == OperationType::Mutation,
        (DocumentOperations::Multiple(ops), Some(name)) => ops
            .iter()
            .find(|(n, _)| n.as_str() == name)
            .is_some_and(|(_, op)| op.node.ty == OperationType::Mutation),
        (DocumentOperations::Multiple(ops), None) => {
            ops.values().any(|op| op.node.ty == OperationType::Mutation)
        }
    }
}

async fn execute(
    req: &HttpRequest,
    state: &AppState,
    mut request: async_graphql::Request,
) -> HttpResponse {
    // A hostile document is refused before anything else is spent on it: no
    // token check, no database, no validation.
    if let Err(refusal) = limits::admit(&mut request, &state.config.limits, &state.documents) {
        state.metrics.count("rejected");
        return respond(req, async_graphql::Response::from_errors(vec![refusal]));
    }
    super::access_log::note_operation(req, &mut request);
    if req.method() == Method::GET && is_mutation(&mut request) {
        let mut response = error_response(
            StatusCode::METHOD_NOT_ALLOWED,
            code::BAD_USER_INPUT,
            "mutations are only accepted over POST",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, header::HeaderValue::from_static("POST"));
        return response;
    }
    let caller = match super::auth::authenticate(req, state).await {
        Ok(c) => c,
        Err(e) => {
            state.metrics.count("rejected");
            return super::auth::unauthorized(&e);
        }
    };
    let scope = match access::resolve(&state.db, caller).await {
        Ok(scope) => scope,
        Err(_) => {
            return error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                code::INTERNAL,
                "internal error",
            );
        }
    };
    let request = with_request_data(request, &state.db, &state.section11, scope.clone());
    let response =
        match tokio::time::timeout(state.config.request_timeout, state.schema.execute(request))
            .await
        {
            Ok(r) => r,
            Err(_) => {
                state.metrics.count("rejected");
                // Dropping the execution rolls back any open transaction.
                tracing::warn!(timeout = ?state.config.request_timeout, "request timed out");
                return error_response(
                    StatusCode::SERVICE_UNAVAILABLE,
                    code::INTERNAL,
                    "the request took too long and was cancelled; nothing was written",
                );
            }
        };
    audit::record_request(&state.db, &scope).await;
    state.metrics.count(if response.errors.is_empty() {
        "ok"
    } else {
        "error"
    });
    respond(req, response)
}

/// The HTTP answer for a GraphQL response: the media type the client accepts,
/// and 400 for a request that never executed when it accepts
/// `application/graphql-response+json`.
fn respond(req: &HttpRequest, mut response: async_graphql::Response) -> HttpResponse {
    for err in &mut response.errors {
        classify(err);
    }
    cap_errors(&mut response.errors);
    // A request error (it did not parse or validate) has errors and no data at all.
    let request_error = response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty());

    let accepts_graphql_response = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains(GRAPHQL_RESPONSE_JSON));
    let (status, content_type) = if accepts_graphql_response {
        let status = if request_error {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        };
        (status, GRAPHQL_RESPONSE_JSON)
    } else {
        (StatusCode::OK, "application/json")
    };
    // Serialized once, straight to bytes: a page of returns is tens of
    // thousands of values, and an intermediate JSON tree doubled the cost.
    let body = if request_error {
        // Per GraphQL over HTTP, a request that never executed has no `data` key.
        serde_json::to_vec(&json!({ "errors": response.errors }))
    } else {
        serde_json::to_vec(&response)
    };
    match body {
        Ok(body) => {
            let mut http = HttpResponse::build(status)
                .insert_header((header::CONTENT_TYPE, content_type))
                .body(body);
            let codes = response.errors.iter().filter_map(|e| {
                match e.extensions.as_ref()?.get("code")? {
                    async_graphql::Value::String(code) => Some(code.as_str()),
                    _ => None,
                }
            });
            super::access_log::attach_codes(&mut http, codes, !request_error);
            http
        }
        Err(e) => {
            tracing::error!(error = %e, "could not serialize a response");
            error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                code::INTERNAL,
                "internal error",
            )
        }
    }
}

/// The most errors one response carries. A document can be written to
/// produce an error per variable or per field, and 100,000 of them were
/// 12.7 MB of response; what is left out is counted in one last error.
pub const MAX_ERRORS: usize = 20;

fn cap_errors(errors: &mut Vec<async_graphql::ServerError>) {
    if errors.len() <= MAX_ERRORS {
        return;
    }
    let omitted = errors.split_off(MAX_ERRORS);
    let mut summary = async_graphql::ServerError::new(
        format!(
            "{} more errors are not shown; at most {MAX_ERRORS} are listed",
            omitted.len()
        ),
        None,
    );
    summary.extensions = omitted[0].extensions.clone();
    errors.push(summary);
}

pub(crate) fn error_response(status: StatusCode, code: &str, message: &str) -> HttpResponse {
    let mut response = HttpResponse::build(status).json(json!({
        "errors": [{ "message": message, "extensions": { "code": code } }]
    }));
    super::access_log::attach_codes(&mut response, [code], false);
    response
}
