//! Refusals made before a handler runs, and the one shape every error answer
//! has: a GraphQL error body with `extensions.code`, whatever produced it
//! (a handler, an extractor such as the body limit, or routing).
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, StatusCode};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers, Next};
use actix_web::web;

use super::graphql::error_response;
use super::AppState;
use crate::error::code;

/// Refuses a request whose header section is larger than `MAX_HEADER_BYTES`,
/// with 431 and a JSON body. actix-web itself answers 431 with an empty body,
/// before any of the hub's code runs, only past 128 KiB or 96 headers; this
/// limit sits well below that, so what a client meets is the hub's answer.
pub async fn limit_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let max = req
        .app_data::<web::Data<AppState>>()
        .map(|state| state.config.max_header_bytes)
        .unwrap_or(usize::MAX);
    // As the header lines travel: name, ": ", value, CRLF.
    let size: usize = req
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if size > max {
        let response = error_response(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            code::BAD_USER_INPUT,
            &format!(
                "the request's headers are {size} bytes; at most {max} are accepted (MAX_HEADER_BYTES)"
            ),
        );
        return Ok(req.into_response(response).map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

/// Gives every error answer that is not already JSON (or a page) the JSON
/// GraphQL error body the README promises.
pub fn json_error_bodies<B: MessageBody + 'static>() -> ErrorHandlers<B> {
    ErrorHandlers::new().default_handler(to_json)
}

fn to_json<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let keeps_its_body = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json") || v.starts_with("text/html"));
    if keeps_its_body {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let message = match status {
        StatusCode::PAYLOAD_TOO_LARGE => {
            let max = res
                .request()
                .app_data::<web::Data<AppState>>()
                .map(|state| state.config.max_body_bytes);
            match max {
                Some(max) => format!(
                    "the request body is larger than the {max} bytes accepted (MAX_BODY_BYTES)"
                ),
                None => "the request body is too large".to_string(),
            }
        }
        StatusCode::NOT_FOUND => "there is nothing at this path".to_string(),
        StatusCode::METHOD_NOT_ALLOWED => "this path does not accept that method".to_string(),
        other => other
            .canonical_reason()
            .unwrap_or("the request was refused")
            .to_string(),
    };
    let code = match status {
        StatusCode::UNAUTHORIZED => code::UNAUTHENTICATED,
        StatusCode::FORBIDDEN => code::FORBIDDEN,
        StatusCode::NOT_FOUND => code::NOT_FOUND,
        StatusCode::CONFLICT => code::CONFLICT,
        s if s.is_server_error() => code::INTERNAL,
        _ => code::BAD_USER_INPUT,
    };
    let mut response = error_response(status, code, &message);
    // Keep what the refusal told the client beside its body (Allow,
    // WWW-Authenticate, Retry-After).
    for (name, value) in res.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            response.headers_mut().append(name.clone(), value.clone());
        }
    }
    let (req, _) = res.into_parts();
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, response).map_into_right_body(),
    ))
}
