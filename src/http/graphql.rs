//! GraphQL over HTTP: POST with a JSON body, or a multipart body carrying a
//! file (the GraphQL multipart request specification, for the imports); GET
//! for queries only (a mutation over GET is 405 and is never executed);
//! `application/graphql-response+json` when the client accepts it, with 4xx
//! for requests that could not execute.
//! A request may name its document by hash instead of sending its text
//! ([`super::trusted_documents`]).
use actix_web::http::{header, Method, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use async_graphql::parser::types::{DocumentOperations, OperationType};
use serde::Deserialize;
use serde_json::json;

use super::{caching, AppState};
use crate::access;
use crate::audit;
use crate::error::{classify, code, AppError};
use crate::graphql::{limits, with_request_data};
use crate::idempotency;

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

/// The persisted documents proposal's `documentId`, beside the fields
/// async-graphql reads from a POST body.
#[derive(Deserialize)]
struct DocumentId {
    #[serde(rename = "documentId")]
    document_id: Option<String>,
}

pub async fn post(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> HttpResponse {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let multipart = is_multipart(content_type);
    if multipart && !preflighted(&req) {
        return error_response(
            StatusCode::BAD_REQUEST,
            code::BAD_USER_INPUT,
            "a multipart request must carry a `GraphQL-Require-Preflight` header (any value), so that no other site can make a browser send it",
        );
    }
    let body = match read_body(&req, payload, &state, multipart).await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    if multipart {
        return post_multipart(&req, &state, content_type, body).await;
    }
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
    let document_id = serde_json::from_slice::<DocumentId>(&body)
        .ok()
        .and_then(|d| d.document_id);
    execute(&req, &state, request, document_id, &body).await
}

/// The header a multipart request must carry (any value), as Apollo's and
/// async-graphql's servers require: a browser sends a cross-site form post
/// with no custom header without asking first, so this keeps a hostile page
/// from making a signed-in user's browser upload a file (CSRF). CORS lets
/// only the configured origins send it.
pub const PREFLIGHT_HEADER: &str = "graphql-require-preflight";

fn preflighted(req: &HttpRequest) -> bool {
    [PREFLIGHT_HEADER, "apollo-require-preflight"]
        .iter()
        .any(|h| req.headers().contains_key(*h))
}

fn is_multipart(content_type: &str) -> bool {
    content_type
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("multipart/form-data")
}

/// The body within its limit: `MAX_BODY_BYTES` for a JSON request; for a
/// multipart one (a file upload), `IMPORT_MAX_BYTES` and room for the
/// operation beside it.
async fn read_body(
    req: &HttpRequest,
    payload: web::Payload,
    state: &AppState,
    multipart: bool,
) -> Result<web::Bytes, HttpResponse> {
    let (limit, setting) = if multipart {
        (
            state.config.import.max_bytes + state.config.max_body_bytes,
            "IMPORT_MAX_BYTES",
        )
    } else {
        (state.config.max_body_bytes, "MAX_BODY_BYTES")
    };
    super::body::read(req, payload, limit)
        .await
        .map_err(|e| match e {
            super::body::BodyError::TooLarge => error_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                code::BAD_USER_INPUT,
                &format!("the request body is larger than the {limit} bytes accepted ({setting})"),
            ),
            super::body::BodyError::Unreadable(e) => error_response(
                StatusCode::BAD_REQUEST,
                code::BAD_USER_INPUT,
                &format!("the body could not be read: {e}"),
            ),
        })
}

/// A request in the GraphQL multipart request specification's form (a file
/// upload), parsed by async-graphql within the import limits.
async fn post_multipart(
    req: &HttpRequest,
    state: &AppState,
    content_type: &str,
    body: web::Bytes,
) -> HttpResponse {
    let options = async_graphql::http::MultipartOptions::default()
        .max_file_size(state.config.import.max_bytes)
        .max_num_files(1);
    let request = match async_graphql::http::receive_body(
        Some(content_type),
        futures_util::io::Cursor::new(body.clone()),
        options,
    )
    .await
    {
        Ok(request) => request,
        Err(e) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                code::BAD_USER_INPUT,
                &format!("the body is not a GraphQL multipart request: {e}"),
            )
        }
    };
    execute(req, state, request, None, &body).await
}

/// A GET request's parameters, as GraphQL over HTTP and Apollo's links send
/// them (`variables` and `extensions` as JSON text).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GetParameters {
    #[serde(default)]
    query: String,
    #[serde(alias = "operation_name")]
    operation_name: Option<String>,
    variables: Option<String>,
    extensions: Option<String>,
    document_id: Option<String>,
}

pub async fn get(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let refuse = |message: String| {
        error_response(
            StatusCode::BAD_REQUEST,
            code::BAD_USER_INPUT,
            &format!("the query string is not a GraphQL request: {message}"),
        )
    };
    let parameters = match web::Query::<GetParameters>::from_query(req.query_string()) {
        Ok(p) => p.into_inner(),
        Err(e) => return refuse(e.to_string()),
    };
    let mut request = async_graphql::Request::new(parameters.query);
    request.operation_name = parameters.operation_name.filter(|n| !n.is_empty());
    if let Some(variables) = parameters.variables.filter(|v| !v.is_empty()) {
        match serde_json::from_str(&variables) {
            Ok(variables) => request.variables = variables,
            Err(e) => return refuse(format!("`variables` is not a JSON object: {e}")),
        }
    }
    if let Some(extensions) = parameters.extensions.filter(|v| !v.is_empty()) {
        match serde_json::from_str(&extensions) {
            Ok(extensions) => request.extensions = extensions,
            Err(e) => return refuse(format!("`extensions` is not a JSON object: {e}")),
        }
    }
    execute(&req, &state, request, parameters.document_id, &[]).await
}

/// The type of the operation the request selects, or why none is selected.
/// Decided before execution, so that what async-graphql refuses afterwards
/// without running anything can only be its validation.
fn operation_type(request: &mut async_graphql::Request) -> Result<OperationType, AppError> {
    let name = request.operation_name.clone();
    let doc = request
        .parsed_query()
        .map_err(|e| AppError::bad_input("query", e.message))?;
    let unknown = |name: &str| {
        AppError::bad_input(
            "operationName",
            format!("the document has no operation named `{name}`"),
        )
    };
    match (&doc.operations, name) {
        (DocumentOperations::Single(op), None) => Ok(op.node.ty),
        (DocumentOperations::Single(_), Some(name)) => Err(unknown(&name)),
        (DocumentOperations::Multiple(ops), Some(name)) => ops
            .iter()
            .find(|(n, _)| n.as_str() == name)
            .map(|(_, op)| op.node.ty)
            .ok_or_else(|| unknown(&name)),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => Ok(ops
            .values()
            .next()
            .map_or(OperationType::Query, |op| op.node.ty)),
        (DocumentOperations::Multiple(_), None) => Err(AppError::bad_input(
            "operationName",
            "the document holds several operations; name the one to run",
        )),
    }
}

/// A request error from `error`, as the client receives it.
fn request_error(error: AppError) -> async_graphql::Response {
    use async_graphql::ErrorExtensions;
    let mut error = error
        .extend()
        .into_server_error(async_graphql::Pos::default());
    error.locations.clear();
    async_graphql::Response::from_errors(vec![error])
}

/// Gives the errors of a response that never executed, for a document that
/// parsed and selected an operation, `GRAPHQL_VALIDATION_FAILED`: at that
/// point async-graphql refuses a request only in its validation (its rules,
/// and its depth and complexity limits).
fn mark_validation_failures(response: &mut async_graphql::Response) {
    if response.data != async_graphql::Value::Null
        || response.errors.iter().any(|e| !e.path.is_empty())
    {
        return;
    }
    for error in &mut response.errors {
        let extensions = error.extensions.get_or_insert_with(Default::default);
        if extensions.get("code").is_none() {
            extensions.set("code", code::GRAPHQL_VALIDATION_FAILED);
        }
    }
}

async fn execute(
    req: &HttpRequest,
    state: &AppState,
    mut request: async_graphql::Request,
    document_id: Option<String>,
    body: &[u8],
) -> HttpResponse {
    // A document named by hash gets its text, and under `enforce` one outside
    // the manifest goes no further.
    let registration = match state
        .trusted_documents
        .resolve(&mut request, document_id.as_deref())
    {
        Ok(registration) => registration,
        Err(refusal) => {
            state.metrics.count("rejected");
            return respond(req, async_graphql::Response::from_errors(vec![refusal]));
        }
    };
    // A hostile document is refused before anything else is spent on it: no
    // database, no validation. (The token was verified once already, by the
    // rate limit, which must key on a verified caller.)
    if let Err(refusal) = limits::admit(&mut request, &state.config.limits, &state.documents) {
        state.metrics.count("rejected");
        return respond(req, async_graphql::Response::from_errors(vec![refusal]));
    }
    if let Some(registration) = registration {
        state.trusted_documents.register(registration, &request);
    }
    super::access_log::note_operation(req, &mut request);
    let operation = match operation_type(&mut request) {
        Ok(operation) => operation,
        Err(e) => {
            state.metrics.count("rejected");
            return respond(req, request_error(e));
        }
    };
    if req.method() == Method::GET && operation == OperationType::Mutation {
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
    // Only a mutation writes, so only a mutation's key means anything.
    let keyed = if operation == OperationType::Mutation {
        match idempotency::keyed(req, &scope.caller, body) {
            Ok(keyed) => keyed,
            Err(e) => {
                state.metrics.count("rejected");
                return idempotency::malformed(&e);
            }
        }
    } else {
        None
    };
    let anonymous = scope.caller.identity.is_none();
    let accepts = accepts_graphql_response(req);
    let run = run(
        state,
        with_request_data(request, &state.db, &state.section11, scope.clone()),
        scope,
        accepts,
    );
    let rendered = match keyed {
        None => run.await,
        Some(keyed) => {
            match idempotency::run(&state.db, &state.config, &keyed, run, Rendered::stored).await {
                idempotency::Outcome::Ran(rendered) => rendered,
                idempotency::Outcome::Replayed(response) => {
                    state.metrics.count("replayed");
                    return response;
                }
                idempotency::Outcome::Refused(response) => {
                    state.metrics.count("rejected");
                    return response;
                }
            }
        }
    };
    state.metrics.count(rendered.outcome);
    let without_errors = rendered.outcome == "ok";
    let answer = rendered.into_response();
    // Anonymous callers see published data only, the same for every one of
    // them: such an answer may be revalidated by its ETag.
    if req.method() == Method::GET && anonymous {
        caching::revalidated(req, answer, without_errors)
    } else {
        answer
    }
}

/// Executes `request` within the request timeout and renders its answer.
/// Everything it holds is owned, so it can run in a task of its own (a keyed
/// mutation does, to finish even if the client goes away).
fn run(
    state: &AppState,
    request: async_graphql::Request,
    scope: access::Scope,
    accepts_graphql_response: bool,
) -> impl std::future::Future<Output = Rendered> + Send + 'static {
    let schema = state.schema.clone();
    let db = state.db.clone();
    let timeout = state.config.request_timeout;
    async move {
        let rendered = match tokio::time::timeout(timeout, schema.execute(request)).await {
            Ok(mut response) => {
                mark_validation_failures(&mut response);
                let outcome = if response.errors.is_empty() {
                    "ok"
                } else {
                    "error"
                };
                Rendered {
                    outcome,
                    ..render(accepts_graphql_response, response)
                }
            }
            Err(_) => {
                // Dropping the execution rolls back any open transaction; a
                // write that had committed before (its payload's fields were
                // still resolving) stands, and a keyed request knows which.
                tracing::warn!(?timeout, "request timed out");
                let message = match idempotency::committed_records() {
                    Some(records) if !records.is_empty() => format!(
                        "the request took too long and was cancelled after its write committed \
                         ({}): read the records back rather than sending it again",
                        records.join("; ")
                    ),
                    Some(_) => "the request took too long and was cancelled; nothing was written"
                        .to_string(),
                    None => "the request took too long and was cancelled; anything it had not \
                             committed was rolled back"
                        .to_string(),
                };
                Rendered::error(StatusCode::SERVICE_UNAVAILABLE, code::INTERNAL, &message)
            }
        };
        audit::record_request(&db, &scope).await;
        rendered
    }
}

/// A response ready to send (or to store under an `Idempotency-Key`).
struct Rendered {
    status: StatusCode,
    content_type: &'static str,
    body: String,
    /// The error codes it carries, for the access log.
    codes: Vec<String>,
    /// Whether the request executed (the access log tells refusals apart).
    executed: bool,
    /// `ok`, `error` or `rejected`, for the request metrics.
    outcome: &'static str,
}

impl Rendered {
    fn error(status: StatusCode, code: &str, message: &str) -> Self {
        Rendered {
            status,
            content_type: "application/json",
            body: json!({ "errors": [{ "message": message, "extensions": { "code": code } }] })
                .to_string(),
            codes: vec![code.to_string()],
            executed: false,
            outcome: "rejected",
        }
    }

    fn stored(&self) -> idempotency::Stored {
        idempotency::Stored {
            status: self.status.as_u16(),
            content_type: self.content_type.to_string(),
            body: self.body.clone(),
        }
    }

    fn into_response(self) -> HttpResponse {
        let mut http = HttpResponse::build(self.status)
            .insert_header((header::CONTENT_TYPE, self.content_type))
            .body(self.body);
        super::access_log::attach_codes(
            &mut http,
            self.codes.iter().map(String::as_str),
            self.executed,
        );
        http
    }
}

fn accepts_graphql_response(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains(GRAPHQL_RESPONSE_JSON))
}

/// The HTTP answer for a GraphQL response: the media type the client accepts,
/// and 400 for a request that never executed when it accepts
/// `application/graphql-response+json`.
fn respond(req: &HttpRequest, response: async_graphql::Response) -> HttpResponse {
    render(accepts_graphql_response(req), response).into_response()
}

fn render(accepts_graphql_response: bool, mut response: async_graphql::Response) -> Rendered {
    for err in &mut response.errors {
        classify(err);
    }
    cap_errors(&mut response.errors);
    // A request error (it did not parse or validate) has errors and no data at all.
    let request_error = response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty());

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
    // Serialized once, straight to text: a page of returns is tens of
    // thousands of values, and an intermediate JSON tree doubled the cost.
    let body = if request_error {
        // Per GraphQL over HTTP, a request that never executed has no `data` key.
        serde_json::to_string(&json!({ "errors": response.errors }))
    } else {
        serde_json::to_string(&response)
    };
    match body {
        Ok(body) => Rendered {
            status,
            content_type,
            body,
            codes: response
                .errors
                .iter()
                .filter_map(|e| match e.extensions.as_ref()?.get("code")? {
                    async_graphql::Value::String(code) => Some(code.clone()),
                    _ => None,
                })
                .collect(),
            executed: !request_error,
            outcome: "rejected",
        },
        Err(e) => {
            tracing::error!(error = %e, "could not serialize a response");
            Rendered::error(
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
