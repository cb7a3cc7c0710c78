//! What HTTP caches may keep. Safeguarding data must never sit in a shared
//! cache, so an answer to a request that carries credentials is `no-store`;
//! anonymous GraphQL GET answers (published data only, the same for every
//! anonymous caller) carry a strong `ETag` and `no-cache`, so a client keeps
//! them and revalidates, getting `304 Not Modified` while nothing changed.
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse};
use sha2::{Digest, Sha256};

use super::compression::ENCODED_TAG_SUFFIXES;

/// `Cache-Control: no-store` on every answer to a request with an
/// `Authorization` header, whatever answered it (GraphQL, the exports, a
/// refusal).
pub async fn no_store_when_authenticated(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let authenticated = req.headers().contains_key(header::AUTHORIZATION);
    let mut res = next.call(req).await?;
    if authenticated {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res)
}

/// An anonymous GET answer with `Cache-Control: no-cache` and, when it is a
/// whole answer (200 without errors), a strong `ETag` from its body's SHA-256;
/// `304 Not Modified` when the request's `If-None-Match` holds that tag. The
/// query still runs: the saving is the body on the wire, and the tag is right
/// whatever changed the data.
pub fn revalidated(req: &HttpRequest, mut answer: HttpResponse, whole: bool) -> HttpResponse {
    answer
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if !whole || answer.status() != StatusCode::OK {
        return answer;
    }
    let (answer, body) = answer.into_parts();
    let body = match body.try_into_bytes() {
        Ok(body) => body,
        Err(body) => return answer.set_body(body),
    };
    let mut answer = answer.set_body(BoxBody::new(body.clone()));
    let digest = Sha256::digest(&body);
    let tag = hex::encode(&digest[..16]);
    let etag = format!("\"{tag}\"");
    let Ok(etag_value) = HeaderValue::from_str(&etag) else {
        return answer;
    };
    if let Some(held) = matching_etag(req, &tag) {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, held))
            .insert_header((header::CACHE_CONTROL, "no-cache"))
            .finish();
    }
    answer.headers_mut().insert(header::ETAG, etag_value);
    answer
}

/// The entity tag to answer `304 Not Modified` with when `If-None-Match`
/// lists `tag` (weak comparison, as RFC 9110 asks for this header), also as
/// sent with a content coding's suffix (see [`super::compression`]), or is
/// `*`: the tag as the client holds it, which is what a 200 with the same
/// `Accept-Encoding` would have carried.
pub fn matching_etag(req: &HttpRequest, tag: &str) -> Option<String> {
    req.headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .find_map(|candidate| {
            if candidate == "*" {
                return Some(format!("\"{tag}\""));
            }
            let opaque = candidate.strip_prefix("W/").unwrap_or(candidate);
            let opaque = opaque.strip_prefix('"')?.strip_suffix('"')?;
            let same = opaque == tag
                || ENCODED_TAG_SUFFIXES
                    .iter()
                    .any(|suffix| opaque.strip_suffix(suffix) == Some(tag));
            same.then(|| format!("\"{opaque}\""))
        })
}
