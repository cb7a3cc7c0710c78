//! Response compression: actix-web's `Compress` (gzip or brotli, as the
//! client's `Accept-Encoding` asks) for bodies of at least
//! [`MIN_COMPRESSED_BYTES`]. A page of Section 11 returns is hundreds of
//! kilobytes of JSON; below a kilobyte compressing saves no packet and costs
//! the CPU.
//!
//! `Compress` leaves alone a response that already names a content coding, so
//! [`leave_small_bodies`], inside it, names `identity` for a small body, and
//! [`finish`], outside it, takes that name off again.
use actix_web::body::{BodySize, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;

/// The smallest body that is compressed.
pub const MIN_COMPRESSED_BYTES: u64 = 1024;

/// What [`finish`] appends to the entity tag of an encoded body: a strong tag
/// names one representation, and the gzip, brotli and plain bodies are three.
pub const ENCODED_TAG_SUFFIXES: [&str; 2] = ["-gzip", "-br"];

/// Inside `Compress`: marks a small body of known size as not to be encoded.
pub async fn leave_small_bodies(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    let small =
        matches!(res.response().body().size(), BodySize::Sized(n) if n < MIN_COMPRESSED_BYTES);
    if small && !res.headers().contains_key(header::CONTENT_ENCODING) {
        res.headers_mut().insert(
            header::CONTENT_ENCODING,
            HeaderValue::from_static("identity"),
        );
    }
    Ok(res)
}

/// Outside `Compress`: takes off the `identity` mark (it is not a content
/// coding to send), and gives an encoded body's entity tag its coding.
pub async fn finish(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    let coding = headers
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    match coding.as_deref() {
        Some("identity") => {
            headers.remove(header::CONTENT_ENCODING);
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        Some(coding @ ("gzip" | "br")) => {
            let tagged = headers
                .get(header::ETAG)
                .and_then(|v| v.to_str().ok())
                .and_then(|tag| tag.strip_suffix('"'))
                .and_then(|tag| HeaderValue::from_str(&format!("{tag}-{coding}\"")).ok());
            if let Some(tagged) = tagged {
                headers.insert(header::ETAG, tagged);
            }
        }
        _ => {}
    }
    Ok(res)
}
