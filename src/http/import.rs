//! The plain import endpoints, for scripts: `POST /import/section11-returns`
//! and `POST /import/cdop-returns` with the file as the body (`text/csv` or
//! the XLSX media type), `?mode=dry-run` (the default) or `?mode=commit`,
//! answering with the import report as JSON; and the templates at
//! `GET /import/templates/{dataset}.csv` and `.xlsx`.
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use super::auth::authenticate;
use super::AppState;
use crate::access;
use crate::auth::Caller;
use crate::error::{code, AppError};
use crate::idempotency::{self, Stored};
use crate::import::report::ImportReport;
use crate::import::{self, columns, template, Dataset, FileFormat, ImportMode, XLSX_MEDIA_TYPE};
use crate::section11::REGIONAL_FRAMEWORK;

#[derive(Deserialize)]
pub struct ImportParams {
    mode: Option<String>,
}

#[derive(Deserialize)]
pub struct TemplateParams {
    framework: Option<String>,
}

/// `POST /import/section11-returns`.
pub async fn section11_returns(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> HttpResponse {
    endpoint(req, payload, state, Dataset::Section11Returns).await
}

/// `POST /import/cdop-returns`.
pub async fn cdop_returns(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> HttpResponse {
    endpoint(req, payload, state, Dataset::CdopReturns).await
}

/// An import is a write like any mutation, so it honours an
/// `Idempotency-Key`: a retried commit is answered with the first report and
/// writes nothing again (docs/idempotency.md).
async fn endpoint(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
    dataset: Dataset,
) -> HttpResponse {
    let body = match file(&req, payload, &state).await {
        Ok(body) => body,
        Err((status, body)) => return answer(status, body),
    };
    let caller = match authenticate(&req, &state).await {
        Ok(caller) => caller,
        Err(e) => {
            let (status, body) = error(&e);
            return answer(status, body);
        }
    };
    let request = match ImportRequest::of(&req) {
        Ok(request) => request,
        Err(e) => {
            let (status, body) = error(&e);
            return answer(status, body);
        }
    };
    let (owned_state, owned_body, owned_caller) = (state.clone(), body.clone(), caller.clone());
    idempotency::respond_once(
        &req,
        &state.db,
        &state.config,
        &caller,
        &body,
        move || async move {
            let (status, value) =
                import_request(&owned_state, owned_caller, request, dataset, &owned_body).await;
            Stored {
                status: status.as_u16(),
                content_type: "application/json".to_string(),
                body: value.to_string(),
            }
        },
    )
    .await
}

/// The request body, up to `IMPORT_MAX_BYTES` (not the smaller
/// `MAX_BODY_BYTES` of other requests): larger is refused with 413 before
/// the rest arrives.
async fn file(
    req: &HttpRequest,
    payload: web::Payload,
    state: &AppState,
) -> Result<web::Bytes, (StatusCode, Value)> {
    let limits = &state.config.import;
    super::body::read(req, payload, limits.max_bytes)
        .await
        .map_err(|e| match e {
            super::body::BodyError::TooLarge => error(&AppError::bad_input(
                "file",
                format!(
                    "the file is larger than the {} bytes accepted (IMPORT_MAX_BYTES)",
                    limits.max_bytes
                ),
            )),
            super::body::BodyError::Unreadable(e) => error(&AppError::bad_input(
                "file",
                format!("the body could not be read: {e}"),
            )),
        })
}

fn answer(status: StatusCode, body: Value) -> HttpResponse {
    let mut response = HttpResponse::build(status).json(body);
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer error=\"invalid_token\""),
        );
    }
    response
}

/// What an import request asks for, read from its query string and media
/// type before anything runs.
#[derive(Debug, Clone, Copy)]
pub struct ImportRequest {
    pub mode: ImportMode,
    pub format: FileFormat,
}

impl ImportRequest {
    pub fn of(req: &HttpRequest) -> Result<ImportRequest, AppError> {
        let params = web::Query::<ImportParams>::from_query(req.query_string())
            .map_err(|e| AppError::bad_input("mode", e.to_string()))?;
        let mode = ImportMode::parse(params.mode.as_deref())?;
        let media_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let format = FileFormat::from_media_type(media_type).ok_or_else(|| {
            AppError::bad_input(
                "Content-Type",
                format!("send the file as `text/csv` or `{XLSX_MEDIA_TYPE}`"),
            )
        })?;
        Ok(ImportRequest { mode, format })
    }
}

/// One import from start to end, as the status and JSON body of its answer:
/// nothing else of the answer depends on what happened, so it can be kept
/// and sent again as it is for a retried request.
///
/// 200 with the report when the file is clean (written under `mode=commit`);
/// with problems, the report under 403 when a row is out of the caller's
/// scope, 409 when a row is based on a stale version or exists already, 422
/// otherwise; a file that cannot be read is 400 (413 when too large), 415 for
/// another media type, 401 without a valid token.
pub async fn import_request(
    state: &AppState,
    caller: Caller,
    request: ImportRequest,
    dataset: Dataset,
    body: &[u8],
) -> (StatusCode, Value) {
    match run(state, caller, request, dataset, body).await {
        Ok(report) => (report_status(&report), json!(report)),
        Err(e) => error(&e),
    }
}

async fn run(
    state: &AppState,
    caller: Caller,
    ImportRequest { mode, format }: ImportRequest,
    dataset: Dataset,
    body: &[u8],
) -> Result<ImportReport, AppError> {
    let scope = access::resolve(&state.db, caller).await?;
    let limits = &state.config.import;
    match dataset {
        Dataset::Section11Returns => {
            import::section11::import(&state.db, &scope, limits, body, format, mode).await
        }
        Dataset::CdopReturns => {
            import::cdop::import(
                &state.db,
                &scope,
                limits,
                state.config.disclosure.suppression_threshold,
                body,
                format,
                mode,
            )
            .await
        }
    }
}

fn report_status(report: &ImportReport) -> StatusCode {
    let has = |c: &str| report.problems.iter().any(|p| p.code == c);
    if report.problems.is_empty() {
        StatusCode::OK
    } else if has(code::FORBIDDEN) {
        StatusCode::FORBIDDEN
    } else if has(code::CONFLICT) {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

fn error(error: &AppError) -> (StatusCode, Value) {
    let status = match error {
        AppError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::BadUserInput { field, .. } if field == "Content-Type" => {
            StatusCode::UNSUPPORTED_MEDIA_TYPE
        }
        AppError::BadUserInput { field, message }
            if field == "file" && message.contains("IMPORT_MAX_BYTES") =>
        {
            StatusCode::PAYLOAD_TOO_LARGE
        }
        AppError::BadUserInput { .. } => StatusCode::BAD_REQUEST,
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let mut extensions = json!({ "code": error.code() });
    if let AppError::BadUserInput { field, .. } = error {
        extensions["field"] = json!(field);
    }
    (
        status,
        json!({ "errors": [{ "message": error.to_string(), "extensions": extensions }] }),
    )
}

/// `GET /import/templates/{name}`: `section11-returns.csv` or `.xlsx` (for
/// the framework named by `?framework=`, the regional one by default), and
/// `cdop-returns.csv` or `.xlsx`.
pub async fn template(
    path: web::Path<String>,
    params: web::Query<TemplateParams>,
    state: web::Data<AppState>,
) -> HttpResponse {
    let name = path.into_inner();
    let Some((dataset, extension)) = name.rsplit_once('.') else {
        return not_found();
    };
    let columns = match dataset {
        "section11-returns" => {
            let framework = params.framework.as_deref().unwrap_or(REGIONAL_FRAMEWORK);
            match import::section11::template_columns(&state.db, framework).await {
                Ok(columns) => columns,
                Err(e) => {
                    let (status, body) = error(&e);
                    return HttpResponse::build(status).json(body);
                }
            }
        }
        "cdop-returns" => columns::cdop(),
        _ => return not_found(),
    };
    let title = match dataset {
        "section11-returns" => "Section 11 returns import template",
        _ => "CDOP returns import template",
    };
    let (media_type, body) = match extension {
        "csv" => ("text/csv; charset=utf-8", template::csv(title, &columns)),
        "xlsx" => (XLSX_MEDIA_TYPE, template::xlsx(&columns)),
        _ => return not_found(),
    };
    match body {
        Ok(body) => HttpResponse::Ok()
            .content_type(media_type)
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ))
            .body(body),
        Err(e) => {
            let (status, body) = error(&e);
            HttpResponse::build(status).json(body)
        }
    }
}

fn not_found() -> HttpResponse {
    super::graphql::error_response(
        StatusCode::NOT_FOUND,
        code::NOT_FOUND,
        "no such template: section11-returns.csv, section11-returns.xlsx, cdop-returns.csv or cdop-returns.xlsx",
    )
}
