//! Reading a request body up to a limit the handler chooses: `/graphql`
//! takes files beside a multipart request, and the import endpoints take
//! files, larger than `MAX_BODY_BYTES` allows other bodies. A compressed body
//! is decompressed first, as actix-web's own body extractors do, and the
//! limit applies to what it decompresses to.
use actix_web::dev::Decompress;
use actix_web::{web, HttpRequest};
use futures_util::StreamExt;

/// Why a body could not be read.
#[derive(Debug)]
pub enum BodyError {
    /// More than the limit arrived; the rest was not read.
    TooLarge,
    /// The stream failed (a broken connection, a bad encoding).
    Unreadable(String),
}

pub async fn read(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> Result<web::Bytes, BodyError> {
    let mut stream = Decompress::from_headers(payload.into_inner(), req.headers());
    let mut body = web::BytesMut::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| BodyError::Unreadable(e.to_string()))?;
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}
