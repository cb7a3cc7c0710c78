//! Rate limits per caller on the routes that serve data (`/graphql`, imports and the
//! exports), so one noisy caller is refused without stopping the rest:
//! `RATE_LIMIT_PER_MINUTE` requests a minute with bursts of
//! `RATE_LIMIT_BURST` (GCRA, from `governor`). Health, readiness, metrics and
//! the workspace's pages are never limited.
//!
//! A caller is keyed by its *verified* token's issuer and subject: keying on
//! the unverified header would let anyone who writes a token with someone
//! else's `sub` spend that person's budget. The token is verified here once
//! and the verdict kept for the handler ([`super::auth::Authenticated`]), so
//! limiting costs no second verification. Anonymous callers, and callers
//! whose token fails, are keyed by their address: the peer's, or with
//! `RATE_LIMIT_TRUST_FORWARDED=true` the client address a trusted reverse
//! proxy put in `Forwarded` / `X-Forwarded-For` (the proxy must overwrite,
//! not append to, what the client sent).
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, StatusCode};
use actix_web::middleware::Next;
use actix_web::web;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::graphql::error_response;
use super::AppState;
use crate::config::RateLimitConfig;
use crate::error::code;

/// Whom a budget belongs to.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
enum Key {
    Caller {
        issuer: String,
        subject: String,
    },
    Address(IpAddr),
    /// No address could be learnt (never over TCP): one shared budget.
    Unknown,
}

/// Every caller's budget; `None` inside when limiting is off.
pub struct RateLimits {
    limiter: Option<DefaultKeyedRateLimiter<Key>>,
    config: RateLimitConfig,
    checks: AtomicU64,
}

/// How often (in checks) budgets that are full again are forgotten, so the
/// table holds only callers seen lately.
const FORGET_EVERY: u64 = 4096;

impl RateLimits {
    pub fn new(config: &RateLimitConfig) -> Self {
        let limiter = match (
            NonZeroU32::new(config.per_minute),
            NonZeroU32::new(config.burst),
        ) {
            (Some(per_minute), Some(burst)) => Some(RateLimiter::keyed(
                Quota::per_minute(per_minute).allow_burst(burst),
            )),
            _ => None,
        };
        RateLimits {
            limiter,
            config: config.clone(),
            checks: AtomicU64::new(0),
        }
    }

    /// `Err(seconds to wait)` when `key` has spent its budget.
    fn check(&self, key: &Key) -> Result<(), u64> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        if self.checks.fetch_add(1, Ordering::Relaxed) % FORGET_EVERY == FORGET_EVERY - 1 {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        limiter.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
        })
    }
}

fn is_limited(path: &str) -> bool {
    path == "/graphql" || path.starts_with("/export/") || path.starts_with("/import/")
}

async fn key_of(req: &ServiceRequest, state: &AppState, trust_forwarded: bool) -> Key {
    if let Ok(caller) = super::auth::authenticate(req.request(), state).await {
        if let Some(identity) = caller.identity {
            return Key::Caller {
                issuer: identity.issuer,
                subject: identity.subject,
            };
        }
    }
    let address = if trust_forwarded {
        req.connection_info().realip_remote_addr().and_then(|a| {
            a.parse::<std::net::SocketAddr>()
                .map(|s| s.ip())
                .ok()
                .or_else(|| a.parse().ok())
        })
    } else {
        req.peer_addr().map(|a| a.ip())
    };
    address.map(Key::Address).unwrap_or(Key::Unknown)
}

/// Refuses a request past its caller's budget with 429, `Retry-After` and a
/// GraphQL error body.
pub async fn limit(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let limits = req.app_data::<web::Data<RateLimits>>().cloned();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    if let (Some(limits), Some(state)) = (limits, state) {
        if limits.limiter.is_some() && is_limited(req.path()) {
            let key = key_of(&req, &state, limits.config.trust_forwarded).await;
            if let Err(retry_after) = limits.check(&key) {
                let mut response = error_response(
                    StatusCode::TOO_MANY_REQUESTS,
                    code::RATE_LIMITED,
                    &format!(
                        "too many requests: at most {} a minute, in bursts of at most {}; retry after {retry_after} s",
                        limits.config.per_minute, limits.config.burst
                    ),
                );
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, header::HeaderValue::from(retry_after));
                return Ok(req.into_response(response).map_into_right_body());
            }
        }
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}
