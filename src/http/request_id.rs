//! Request ids: a request keeps the `x-request-id` its caller or a proxy gave
//! it, or gets a new one, and every response carries it back, whatever
//! produced the response (a handler, a refusal, an error handler, routing).
use std::sync::Arc;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::InternalError;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::HttpMessage;

pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The longest id accepted from a caller; a longer one is replaced.
pub const MAX_CHARS: usize = 128;

/// The id of one request, as the access log, the error log and the response
/// show it.
#[derive(Clone, Debug)]
pub struct RequestId(Arc<str>);

impl RequestId {
    /// The request's id, given to it on first use.
    pub fn of(req: &ServiceRequest) -> Self {
        if let Some(id) = req.extensions().get::<RequestId>() {
            return id.clone();
        }
        let id = req
            .headers()
            .get(&HEADER)
            .and_then(|v| v.to_str().ok())
            .filter(|v| acceptable(v))
            .map(Arc::from)
            .unwrap_or_else(|| Arc::from(uuid::Uuid::new_v4().to_string()));
        let id = RequestId(id);
        req.extensions_mut().insert(id.clone());
        id
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An id from outside is written into every log line of its request, so it
/// may only hold characters that cannot break a line or a JSON string, and is
/// bounded like every other input.
fn acceptable(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_CHARS
        && id.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':' | b'/' | b'+' | b'=')
        })
}

/// Puts `x-request-id` on every response. An error that reached this far
/// as an `Err` (rather than as an error response) gets it in the response
/// it will become.
pub async fn echo(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let id = RequestId::of(&req);
    let value = HeaderValue::from_str(id.as_str()).ok();
    match next.call(req).await {
        Ok(response) => {
            let mut response = response.map_into_boxed_body();
            if let Some(value) = value {
                response.headers_mut().insert(HEADER, value);
            }
            Ok(response)
        }
        Err(error) => {
            let mut response = error.error_response();
            if let Some(value) = value {
                response.headers_mut().insert(HEADER, value);
            }
            Err(InternalError::from_response(error.to_string(), response).into())
        }
    }
}
