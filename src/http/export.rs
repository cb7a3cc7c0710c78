//! CSV export of benchmarks for spreadsheet users: the same authentication,
//! scope and suppression as the GraphQL queries (it calls the same service),
//! a header row, one row per partnership, suppressed cells written as `c`.
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use super::auth::{authenticate, unauthorized};
use super::graphql::error_response;
use super::AppState;
use crate::access::{self, Scope};
use crate::benchmark::assemble::{Flag, Row};
use crate::benchmark::service::{self, Benchmark};
use crate::error::{code, AppError};

#[derive(Deserialize)]
pub struct BenchmarkParams {
    metric: Option<String>,
    period: Option<String>,
}

#[derive(Deserialize)]
pub struct MatrixParams {
    /// Comma-separated metric ids.
    metrics: Option<String>,
    period: Option<String>,
}

/// The written form of a figure: empty when there is none, `c` when suppressed.
fn cell(value: Option<f64>, suppressed: bool) -> String {
    if suppressed {
        "c".into()
    } else {
        value.map(|v| v.to_string()).unwrap_or_default()
    }
}

fn flags(row: &Row) -> String {
    row.flags
        .iter()
        .map(|f| match f {
            Flag::Suppressed => "suppressed",
            Flag::NoReturn => "no return",
            Flag::NonStandardPeriod => "non-standard period",
            Flag::Unreliable => "unreliable",
            Flag::Illustrative => "illustrative",
        })
        .collect::<Vec<_>>()
        .join("; ")
}

async fn scope(req: &HttpRequest, state: &AppState) -> Result<Scope, AppError> {
    let caller = authenticate(req, state).await?;
    access::resolve(&state.db, caller).await
}

fn failure(error: &AppError) -> HttpResponse {
    if let AppError::Unauthenticated(_) = error {
        return unauthorized(error);
    }
    let status = match error {
        AppError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::BadUserInput { .. } => StatusCode::BAD_REQUEST,
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    };
    match error {
        AppError::BadUserInput { field, message } => HttpResponse::build(status).json(json!({
            "errors": [{ "message": format!("{field}: {message}"), "extensions": { "code": code::BAD_USER_INPUT, "field": field } }]
        })),
        _ => error_response(status, error.code(), &error.to_string()),
    }
}

fn required(value: Option<String>, field: &str) -> Result<String, AppError> {
    value
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| AppError::bad_input(field, "is required"))
}

fn csv_response(filename: &str, body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "content-disposition",
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(body)
}

fn write(rows: Vec<Vec<String>>) -> Result<Vec<u8>, AppError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer
            .write_record(&row)
            .map_err(|e| AppError::internal(format!("csv: {e}")))?;
    }
    writer
        .into_inner()
        .map_err(|e| AppError::internal(format!("csv: {e}")))
}

/// `GET /export/benchmark.csv?metric=…&period=…`
pub async fn benchmark(
    req: HttpRequest,
    state: web::Data<AppState>,
    params: web::Query<BenchmarkParams>,
) -> HttpResponse {
    let result = async {
        let scope = scope(&req, &state).await?;
        let metric = required(params.metric.clone(), "metric")?;
        let period = required(params.period.clone(), "period")?;
        let b: Benchmark = service::benchmark(
            &state.db,
            &scope,
            state.config.disclosure.suppression_threshold,
            &metric,
            &period,
        )
        .await?;
        crate::audit::record_request(&state.db, &scope).await;
        let mut rows = vec![[
            "metric",
            "period",
            "partnership",
            "value",
            "rate_per_10k",
            "rank",
            "quartile",
            "flags",
            "regional_median",
            "regional_mean",
            "population_year",
        ]
        .map(String::from)
        .to_vec()];
        for row in &b.assembled.rows {
            let suppressed = row.has(Flag::Suppressed);
            rows.push(vec![
                b.metric.id.to_string(),
                b.period.label.clone(),
                row.partnership.to_string(),
                cell(row.value, suppressed),
                cell(row.rate_per_10k, suppressed),
                row.rank.map(|r| r.to_string()).unwrap_or_default(),
                row.quartile.map(|q| q.to_string()).unwrap_or_default(),
                flags(row),
                cell(b.assembled.median, false),
                cell(b.assembled.mean, false),
                row.population_year
                    .map(|y| y.to_string())
                    .unwrap_or_default(),
            ]);
        }
        let filename = format!(
            "benchmark-{}-{}.csv",
            b.metric.id,
            b.period.label.replace('/', "_")
        );
        Ok::<_, AppError>(csv_response(&filename, write(rows)?))
    }
    .await;
    result.unwrap_or_else(|e| failure(&e))
}

/// `GET /export/benchmark-matrix.csv?metrics=a,b,c&period=…`: one row per
/// partnership, a value and a rank column per metric.
pub async fn matrix(
    req: HttpRequest,
    state: web::Data<AppState>,
    params: web::Query<MatrixParams>,
) -> HttpResponse {
    let result = async {
        let scope = scope(&req, &state).await?;
        let metrics: Vec<String> = required(params.metrics.clone(), "metrics")?
            .split(',')
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty())
            .collect();
        let period = required(params.period.clone(), "period")?;
        let benchmarks = service::matrix(
            &state.db,
            &scope,
            state.config.disclosure.suppression_threshold,
            &metrics,
            &period,
        )
        .await?;
        crate::audit::record_request(&state.db, &scope).await;
        let mut header = vec!["partnership".to_string()];
        for b in &benchmarks {
            header.push(b.metric.id.to_string());
            header.push(format!("{} rank", b.metric.id));
        }
        let mut rows = vec![header];
        for (i, p) in entity::PartnershipCode::ALL.into_iter().enumerate() {
            let mut row = vec![p.to_string()];
            for b in &benchmarks {
                let r = &b.assembled.rows[i];
                row.push(cell(r.value, r.has(Flag::Suppressed)));
                row.push(r.rank.map(|x| x.to_string()).unwrap_or_default());
            }
            rows.push(row);
        }
        let filename = format!("benchmark-matrix-{}.csv", period.replace('/', "_"));
        Ok::<_, AppError>(csv_response(&filename, write(rows)?))
    }
    .await;
    result.unwrap_or_else(|e| failure(&e))
}
