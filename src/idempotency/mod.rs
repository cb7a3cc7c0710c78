//! Idempotent writes: a request carrying an `Idempotency-Key` header (the
//! IETF httpapi draft) writes at most once, however often it is sent.
//!
//! The first request with a key claims it ([`store::claim`]); its writes mark
//! the key written inside their own transaction ([`mark_written`], called by
//! [`crate::audit::write`]), so "this key has written" commits with the write
//! itself; its response is stored once known, and a retry with the same key
//! and the same request gets that response again, byte for byte, with
//! `Idempotent-Replayed: true`. Keys are per caller (token issuer and
//! subject) and kept for `IDEMPOTENCY_KEY_TTL_HOURS`. The execution runs in
//! a task of its own, so a client that drops the connection does not cancel
//! it: the stored response answers its retry. See docs/idempotency.md.
pub mod fingerprint;
pub mod key;
pub mod purge;
pub mod store;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::json;

use crate::audit::AuditEntry;
use crate::auth::Caller;
use crate::config::Config;
use crate::error::{AppError, AppResult};

pub use key::HEADER;
pub use purge::purge_expired;
pub use store::{Active, Claimed, KeyId, Marked, Stored};

/// `Idempotent-Replayed: true` is set on a response that is a stored one replayed.
pub const REPLAYED_HEADER: header::HeaderName =
    header::HeaderName::from_static("idempotent-replayed");

/// How long a request waits for another one with the same key to finish
/// before it is told to retry.
pub const WAIT: Duration = Duration::from_secs(5);

/// How long past the request timeout a claim is held: time to store the
/// response after the execution ends.
const LEASE_MARGIN: Duration = Duration::from_secs(30);

tokio::task_local! {
    /// The claim of the execution running in this task, if it has a key.
    static ACTIVE: Arc<Active>;
}

/// Marks the current execution's key written, inside the write's
/// transaction `txn`; nothing when the execution has no key. The returned
/// mark is confirmed once `txn` has committed.
pub async fn mark_written(
    txn: &impl ConnectionTrait,
    entry: &AuditEntry,
) -> AppResult<Option<Marked>> {
    let Ok(active) = ACTIVE.try_with(Arc::clone) else {
        return Ok(None);
    };
    let record = match (entry.record_type, entry.record_id.as_deref()) {
        (Some(kind), Some(id)) => format!("{} {kind} {id}", entry.operation),
        _ => entry.operation.to_string(),
    };
    store::mark_written(txn, &active, record).await.map(Some)
}

/// The records the current execution has written and committed under its
/// key; `None` when the execution has no key.
pub fn committed_records() -> Option<Vec<String>> {
    ACTIVE.try_with(|active| active.records()).ok()
}

/// A request's key, scoped to its caller, with the request's fingerprint.
#[derive(Debug, Clone)]
pub struct Keyed {
    pub id: KeyId,
    pub fingerprint: String,
}

/// The key of `req` for `caller`: none when the request has no key, or when
/// the caller is anonymous (an anonymous caller cannot write, and has no
/// identity to keep a key under). A malformed key is refused with
/// `BAD_USER_INPUT` naming the header: answer it with [`malformed`].
pub fn keyed(req: &HttpRequest, caller: &Caller, body: &[u8]) -> AppResult<Option<Keyed>> {
    let Some(key) = key::from_headers(req.headers())? else {
        return Ok(None);
    };
    let Some(identity) = &caller.identity else {
        return Ok(None);
    };
    Ok(Some(Keyed {
        id: KeyId {
            issuer: identity.issuer.clone(),
            subject: identity.subject.clone(),
            key,
        },
        fingerprint: fingerprint::of(req.method().as_str(), req.path(), req.query_string(), body),
    }))
}

/// What became of a keyed request.
pub enum Outcome<T> {
    /// It ran now; its response is stored under the key if it wrote.
    Ran(T),
    /// It had run before: the stored response.
    Replayed(HttpResponse),
    /// It may not run: a `CONFLICT` (or an internal error) to send.
    Refused(HttpResponse),
}

/// Runs `work` once for `keyed`: claims the key, runs `work` in a task of
/// its own under the claim (a dropped connection does not cancel it), and
/// stores `stored(&result)` when it wrote. A repeat gets the stored response,
/// or a `CONFLICT` saying why it cannot.
pub async fn run<T, Fut>(
    db: &DatabaseConnection,
    config: &Config,
    keyed: &Keyed,
    work: Fut,
    stored: fn(&T) -> Stored,
) -> Outcome<T>
where
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let claimed = store::claim(
        db,
        &keyed.id,
        &keyed.fingerprint,
        config.idempotency_key_ttl,
        config.request_timeout + LEASE_MARGIN,
        WAIT,
    )
    .await;
    let key = &keyed.id.key;
    let conflict = |status: StatusCode, message: String| {
        Outcome::Refused(refusal(status, &AppError::Conflict(message)))
    };
    match claimed {
        Ok(Claimed::Run(active)) => {
            let db = db.clone();
            let task = tokio::spawn(ACTIVE.scope(active.clone(), async move {
                let result = work.await;
                if let Err(e) = store::finish(&db, &active, &stored(&result)).await {
                    tracing::error!(error = %e, "could not store an idempotent response");
                }
                result
            }));
            match task.await {
                Ok(result) => Outcome::Ran(result),
                Err(e) => {
                    tracing::error!(error = %e, "an idempotent execution failed");
                    Outcome::Refused(refusal(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        &AppError::Internal,
                    ))
                }
            }
        }
        Ok(Claimed::Replay(stored)) => Outcome::Replayed(replay(&stored)),
        // The draft: 422 for a key reused with another payload, 409 while the
        // first request is still being processed.
        Ok(Claimed::DifferentRequest) => conflict(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "the Idempotency-Key `{key}` was already used for a different request \
                 (another body, path or query); send a new key with a new request"
            ),
        ),
        Ok(Claimed::StillRunning) => {
            let mut response = refusal(
                StatusCode::CONFLICT,
                &AppError::Conflict(format!(
                    "the request with Idempotency-Key `{key}` is still running; \
                     retry shortly to get its response"
                )),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
            Outcome::Refused(response)
        }
        Ok(Claimed::WrittenWithoutAnswer(records)) => conflict(
            StatusCode::CONFLICT,
            format!(
                "the request with Idempotency-Key `{key}` already wrote ({}) but its response \
                 was lost; it was not run again: read those records back instead",
                records.join("; ")
            ),
        ),
        Err(e) => Outcome::Refused(refusal(StatusCode::INTERNAL_SERVER_ERROR, &e)),
    }
}

/// Makes a plain HTTP POST handler idempotent like any mutation: with an
/// `Idempotency-Key`, `handler` runs once per key and caller, and a retry
/// gets its stored response; without one it simply runs. `body` is the
/// request body as received (it is part of what makes a retry the same
/// request). `handler` answers with what is stored: status, content type
/// and body text. Its writes must go through [`crate::audit::write`], which
/// marks the key written in the same transaction: a handler that wrote
/// nothing has nothing stored, and its retry runs again.
///
/// ```text
/// async fn commit(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
///     let caller = match http::auth::authenticate(&req, &state).await { ... };
///     let (db, owned) = (state.db.clone(), body.clone());
///     idempotency::respond_once(&req, &state.db, &state.config, &caller, &body, move || async move {
///         import::commit(&db, &caller, &owned).await.into_stored()
///     }).await
/// }
/// ```
pub async fn respond_once<F, Fut>(
    req: &HttpRequest,
    db: &DatabaseConnection,
    config: &Config,
    caller: &Caller,
    body: &[u8],
    handler: F,
) -> HttpResponse
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Stored> + Send + 'static,
{
    let keyed = match keyed(req, caller, body) {
        Ok(Some(keyed)) => keyed,
        Ok(None) => return answer(&handler().await),
        Err(e) => return malformed(&e),
    };
    match run(db, config, &keyed, handler(), Stored::clone).await {
        Outcome::Ran(stored) => answer(&stored),
        Outcome::Replayed(response) | Outcome::Refused(response) => response,
    }
}

/// The HTTP response for a stored answer.
pub fn answer(stored: &Stored) -> HttpResponse {
    HttpResponse::build(StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK))
        .insert_header((header::CONTENT_TYPE, stored.content_type.as_str()))
        .body(stored.body.clone())
}

/// A stored answer, replayed.
fn replay(stored: &Stored) -> HttpResponse {
    let mut response = answer(stored);
    response
        .headers_mut()
        .insert(REPLAYED_HEADER, header::HeaderValue::from_static("true"));
    response
}

/// The 400 answer to a malformed key ([`keyed`]).
pub fn malformed(error: &AppError) -> HttpResponse {
    refusal(StatusCode::BAD_REQUEST, error)
}

/// A refusal in the hub's error shape, with the header named as the field
/// of a malformed key.
fn refusal(status: StatusCode, error: &AppError) -> HttpResponse {
    let mut extensions = json!({ "code": error.code() });
    if let AppError::BadUserInput { field, .. } = error {
        extensions["field"] = json!(field);
    }
    let mut response = HttpResponse::build(status).json(json!({
        "errors": [{ "message": error.to_string(), "extensions": extensions }]
    }));
    crate::http::access_log::attach_codes(&mut response, [error.code()], false);
    response
}
