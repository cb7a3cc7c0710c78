//! CSV export of benchmarks: the same authentication, scope and suppression
//! as the GraphQL queries (it calls the same service). The benchmark is in
//! the explore-education-statistics open data format, its metadata file
//! beside it at `.meta.csv`; the matrix is a wide sheet with plain headers
//! for spreadsheets. Both write `c`, `x`, `z` and `low` where there is no
//! value (see `docs/statistics.md`).
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use super::auth::{authenticate, unauthorized};
use super::graphql::error_response;
use super::AppState;
use crate::access::{self, Scope};
use crate::benchmark::ees;
use crate::benchmark::service::{self, Benchmark};
use crate::error::{code, AppError};

#[derive(Deserialize)]
pub struct BenchmarkParams {
    metric: Option<String>,
    period: Option<String>,
}

#[derive(Deserialize)]
pub struct TrendParams {
    metric: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

#[derive(Deserialize)]
pub struct MatrixParams {
    /// Comma-separated metric ids.
    metrics: Option<String>,
    period: Option<String>,
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

/// `GET /export/benchmark.csv?metric=…&period=…`: the EES tidy data file.
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
        let partnerships = crate::reference::service::partnerships(&state.db).await?;
        let filename = format!(
            "benchmark-{}-{}.csv",
            b.metric.id,
            file_period(&b.period.label)
        );
        Ok::<_, AppError>(csv_response(
            &filename,
            write(ees::data_rows(&b, &partnerships))?,
        ))
    }
    .await;
    result.unwrap_or_else(|e| failure(&e))
}

/// `GET /export/benchmark.meta.csv?metric=…&period=…`: the EES metadata file
/// of the data file at the same path, with the same arguments.
pub async fn benchmark_meta(
    req: HttpRequest,
    state: web::Data<AppState>,
    params: web::Query<BenchmarkParams>,
) -> HttpResponse {
    let result = async {
        // Authenticated like the data file, so a bad token is refused alike.
        scope(&req, &state).await?;
        let metric = required(params.metric.clone(), "metric")?;
        let period = required(params.period.clone(), "period")?;
        let metric = service::metric(&metric, "metric")?;
        let period =
            crate::reference::service::period_by_label(&state.db, &period, "period").await?;
        let filename = format!(
            "benchmark-{}-{}.meta.csv",
            metric.id,
            file_period(&period.label)
        );
        Ok::<_, AppError>(csv_response(&filename, write(ees::meta_rows(metric))?))
    }
    .await;
    result.unwrap_or_else(|e| failure(&e))
}

/// `GET /export/trend.csv?metric=…&from=…&to=…`: the EES tidy data file of
/// a trend, one row per partnership and period, oldest period first.
pub async fn trend(
    req: HttpRequest,
    state: web::Data<AppState>,
    params: web::Query<TrendParams>,
) -> HttpResponse {
    let result = async {
        let scope = scope(&req, &state).await?;
        let metric = required(params.metric.clone(), "metric")?;
        let from = required(params.from.clone(), "from")?;
        let to = required(params.to.clone(), "to")?;
        let benchmarks = service::benchmarks_between(
            &state.db,
            &scope,
            state.config.disclosure.suppression_threshold,
            &metric,
            &from,
            &to,
        )
        .await?;
        crate::audit::record_request(&state.db, &scope).await;
        let partnerships = crate::reference::service::partnerships(&state.db).await?;
        let filename = trend_file(&metric, &from, &to, "csv");
        Ok::<_, AppError>(csv_response(
            &filename,
            write(ees::series_rows(&benchmarks, &partnerships))?,
        ))
    }
    .await;
    result.unwrap_or_else(|e| failure(&e))
}

/// `GET /export/trend.meta.csv?metric=…&from=…&to=…`: the EES metadata file
/// of the trend data file with the same arguments.
pub async fn trend_meta(
    req: HttpRequest,
    state: web::Data<AppState>,
    params: web::Query<TrendParams>,
) -> HttpResponse {
    let result = async {
        scope(&req, &state).await?;
        let metric = required(params.metric.clone(), "metric")?;
        let from = required(params.from.clone(), "from")?;
        let to = required(params.to.clone(), "to")?;
        let metric = service::metric(&metric, "metric")?;
        // The same arguments as the data file, refused alike.
        crate::reference::service::period_by_label(&state.db, &from, "from").await?;
        crate::reference::service::period_by_label(&state.db, &to, "to").await?;
        let filename = trend_file(metric.id, &from, &to, "meta.csv");
        Ok::<_, AppError>(csv_response(&filename, write(ees::meta_rows(metric))?))
    }
    .await;
    result.unwrap_or_else(|e| failure(&e))
}

fn trend_file(metric: &str, from: &str, to: &str, extension: &str) -> String {
    format!(
        "trend-{metric}-{}-to-{}.{extension}",
        file_period(from),
        file_period(to)
    )
}

fn file_period(label: &str) -> String {
    label.replace('/', "_")
}

/// `GET /export/benchmark-matrix.csv?metrics=a,b,c&period=…`: one row per
/// partnership, with its local authority, and a value and a rank column per
/// metric, headed by the metric's name.
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
        let partnerships = crate::reference::service::partnerships(&state.db).await?;
        let mut header = vec![
            "Partnership".to_string(),
            "Local authority code".to_string(),
            "Local authority".to_string(),
        ];
        for b in &benchmarks {
            header.push(b.metric.name.to_string());
            header.push(format!("{}: rank", b.metric.name));
        }
        let mut rows = vec![header];
        for (i, p) in entity::PartnershipCode::ALL.into_iter().enumerate() {
            let reference = partnerships.iter().find(|r| r.code == p);
            let (code, la) = match (reference, benchmarks.first()) {
                (Some(r), Some(b)) => ees::local_authority(r, b.period.start_date),
                _ => Default::default(),
            };
            let mut row = vec![
                reference
                    .map(|r| r.name.clone())
                    .unwrap_or_else(|| p.to_string()),
                code,
                la,
            ];
            for b in &benchmarks {
                let r = &b.assembled.rows[i];
                row.push(ees::cell(r.value, r.status, b.metric.decimals()));
                row.push(match r.rank {
                    Some(rank) => rank.to_string(),
                    None => r.rank_status(b.metric).symbol().unwrap_or("x").to_string(),
                });
            }
            rows.push(row);
        }
        let filename = format!("benchmark-matrix-{}.csv", file_period(&period));
        Ok::<_, AppError>(csv_response(&filename, write(rows)?))
    }
    .await;
    result.unwrap_or_else(|e| failure(&e))
}
