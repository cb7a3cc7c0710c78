//! The bearer token of an HTTP request, for every endpoint that serves data.
use actix_web::http::{header, StatusCode};
use actix_web::{HttpMessage, HttpRequest, HttpResponse};

use super::graphql::error_response;
use super::AppState;
use crate::auth::Caller;
use crate::error::{code, AppError};

/// The verdict on a request's token, kept in the request's extensions: the
/// rate limit keys on it before the handler runs, the handler uses it, and
/// the access log names the caller, with one verification.
#[derive(Clone, Debug)]
pub struct Authenticated(pub Result<Caller, AppError>);

/// No `Authorization` header: anonymous. Anything else must verify, and a
/// request with several is refused: a proxy reading another of them than the
/// hub would disagree with it about who is calling.
pub async fn authenticate(req: &HttpRequest, state: &AppState) -> Result<Caller, AppError> {
    if let Some(Authenticated(verdict)) = req.extensions().get::<Authenticated>() {
        return verdict.clone();
    }
    let verdict = verify(req, state).await;
    req.extensions_mut().insert(Authenticated(verdict.clone()));
    verdict
}

async fn verify(req: &HttpRequest, state: &AppState) -> Result<Caller, AppError> {
    let mut headers = req.headers().get_all(header::AUTHORIZATION);
    let Some(value) = headers.next() else {
        return Ok(Caller::anonymous());
    };
    if headers.next().is_some() {
        return Err(AppError::Unauthenticated(
            "the request has more than one Authorization header; send exactly one".into(),
        ));
    }
    let value = value
        .to_str()
        .map_err(|_| AppError::Unauthenticated("the Authorization header is not text".into()))?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            AppError::Unauthenticated("expected `Authorization: Bearer <token>`".into())
        })?;
    state.verifier.verify(token).await
}

/// 401 with `UNAUTHENTICATED`: a presented token that fails is never anonymous.
pub fn unauthorized(error: &AppError) -> HttpResponse {
    let mut response = error_response(
        StatusCode::UNAUTHORIZED,
        code::UNAUTHENTICATED,
        &error.to_string(),
    );
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        header::HeaderValue::from_static("Bearer error=\"invalid_token\""),
    );
    response
}
