//! Verifies bearer tokens from the local HS256 issuer and from trusted
//! external issuers. Any presented token that fails is refused: a bad token
//! never falls back to anonymous.
use std::collections::HashMap;
use std::time::{Duration, Instant};

use entity::PartnershipCode;
use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use tokio::sync::RwLock;

use super::caller::Caller;
use super::claims::Claims;
use super::role::Role;
use super::trust::{self, JwksSource, TrustedIssuer};
use crate::config::JwtConfig;
use crate::error::{AppError, AppResult, StartupError};

/// An unknown `kid` triggers a JWKS refresh at most this often per issuer, so
/// a stream of made-up key ids cannot hammer an identity provider.
const MIN_REFRESH_INTERVAL: Duration = Duration::from_secs(60);
const JWKS_FETCH_TIMEOUT: Duration = Duration::from_secs(5);

struct LocalIssuer {
    issuer: String,
    key: DecodingKey,
}

struct ExternalIssuer {
    trust: TrustedIssuer,
    keys: RwLock<KeyCache>,
}

#[derive(Default)]
struct KeyCache {
    set: Option<JwkSet>,
    fetched_at: Option<Instant>,
}

pub struct TokenVerifier {
    audience: String,
    leeway: u64,
    local: Option<LocalIssuer>,
    external: HashMap<String, ExternalIssuer>,
    http: reqwest::Client,
}

#[derive(Deserialize)]
struct IssuerOnly {
    iss: Option<serde_json::Value>,
}

fn refuse(message: impl Into<String>) -> AppError {
    AppError::Unauthenticated(message.into())
}

impl TokenVerifier {
    /// Builds the verifier; key files are read now so a broken trust file
    /// stops the start rather than the first request.
    pub async fn new(config: &JwtConfig) -> Result<Self, StartupError> {
        let local = config.hs256_secret.as_ref().map(|secret| LocalIssuer {
            issuer: config.issuer.clone(),
            key: DecodingKey::from_secret(secret),
        });
        let http = reqwest::Client::builder()
            .timeout(JWKS_FETCH_TIMEOUT)
            .build()
            .map_err(|e| StartupError::Other(format!("HTTP client: {e}")))?;
        let mut external = HashMap::new();
        if let Some(path) = &config.trust_file {
            for trust in trust::load(path)? {
                if local.as_ref().is_some_and(|l| l.issuer == trust.issuer) {
                    return Err(StartupError::config(
                        "JWT_TRUST_FILE",
                        format!("issuer `{}` is also the local issuer", trust.issuer),
                    ));
                }
                let mut cache = KeyCache::default();
                match &trust.jwks {
                    JwksSource::File(path) => {
                        cache.set = Some(read_jwks_file(path).map_err(|e| {
                            StartupError::config(
                                "JWT_TRUST_FILE",
                                format!("issuer `{}`: {e}", trust.issuer),
                            )
                        })?);
                        cache.fetched_at = Some(Instant::now());
                    }
                    // Fetched on first use: an identity provider that is briefly
                    // down must not stop the hub from starting.
                    JwksSource::Url(_) => {}
                }
                external.insert(
                    trust.issuer.clone(),
                    ExternalIssuer {
                        trust,
                        keys: RwLock::new(cache),
                    },
                );
            }
        }
        Ok(TokenVerifier {
            audience: config.audience.clone(),
            leeway: config.leeway_secs,
            local,
            external,
            http,
        })
    }

    /// Verifies `token` and returns the caller it stands for.
    pub async fn verify(&self, token: &str) -> AppResult<Caller> {
        let header = decode_header(token).map_err(|_| refuse("malformed token"))?;
        let unverified = jsonwebtoken::dangerous::insecure_decode::<IssuerOnly>(token)
            .map_err(|_| refuse("malformed token"))?;
        let issuer = match unverified.claims.iss {
            Some(serde_json::Value::String(iss)) => iss,
            _ => return Err(refuse("token has no issuer")),
        };

        let (key, algorithms, audience, trusted_for): (
            DecodingKey,
            Vec<Algorithm>,
            String,
            Option<&[PartnershipCode]>,
        ) = match (&self.local, self.external.get(&issuer)) {
            (Some(local), _) if local.issuer == issuer => (
                local.key.clone(),
                vec![Algorithm::HS256],
                self.audience.clone(),
                None,
            ),
            (_, Some(ext)) => {
                if !ext.trust.algorithms.contains(&header.alg) {
                    return Err(refuse(format!(
                        "algorithm {:?} is not accepted from this issuer",
                        header.alg
                    )));
                }
                let key = self
                    .external_key(ext, header.kid.as_deref(), header.alg)
                    .await?;
                (
                    key,
                    ext.trust.algorithms.clone(),
                    ext.trust
                        .audience
                        .clone()
                        .unwrap_or_else(|| self.audience.clone()),
                    Some(ext.trust.partnerships.as_slice()),
                )
            }
            _ => return Err(refuse("token issuer is not trusted")),
        };
        if !algorithms.contains(&header.alg) {
            return Err(refuse(format!(
                "algorithm {:?} is not accepted from this issuer",
                header.alg
            )));
        }

        let mut validation = Validation::new(header.alg);
        validation.algorithms = algorithms;
        validation.leeway = self.leeway;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.set_issuer(&[issuer.as_str()]);
        validation.set_audience(&[audience.as_str()]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        let data = decode::<Claims>(token, &key, &validation).map_err(|e| {
            use jsonwebtoken::errors::ErrorKind;
            refuse(match e.kind() {
                ErrorKind::ExpiredSignature => "token has expired",
                ErrorKind::ImmatureSignature => "token is not valid yet",
                ErrorKind::InvalidAudience => "token is for another audience",
                ErrorKind::InvalidIssuer => "token issuer is not trusted",
                ErrorKind::InvalidSignature => "token signature is not valid",
                ErrorKind::MissingRequiredClaim(_) => "token lacks a required claim",
                ErrorKind::InvalidAlgorithm => "token algorithm is not accepted",
                _ => "token is not valid",
            })
        })?;
        let caller = Caller::from_claims(&data.claims)?;

        if let Some(allowed) = trusted_for {
            // A regional admin's scope is all five, so it asserts all five.
            if let Some(p) = caller.partnerships.iter().find(|p| !allowed.contains(p)) {
                return Err(refuse(format!("issuer is not trusted to speak for {p}")));
            }
            if caller.role == Role::RegionalAdmin && allowed.len() < PartnershipCode::ALL.len() {
                return Err(refuse("issuer is not trusted to grant regional access"));
            }
        }
        Ok(caller)
    }

    async fn external_key(
        &self,
        ext: &ExternalIssuer,
        kid: Option<&str>,
        alg: Algorithm,
    ) -> AppResult<DecodingKey> {
        if let Some(set) = &ext.keys.read().await.set {
            if let Some(key) = select_key(set, kid, alg)? {
                return Ok(key);
            }
        }
        // Unknown key: the issuer may have rotated its keys.
        let mut cache = ext.keys.write().await;
        let stale = cache
            .fetched_at
            .is_none_or(|at| at.elapsed() >= MIN_REFRESH_INTERVAL);
        if stale {
            match self.fetch(&ext.trust.jwks).await {
                Ok(set) => {
                    cache.set = Some(set);
                    cache.fetched_at = Some(Instant::now());
                }
                Err(e) => {
                    tracing::warn!(issuer = %ext.trust.issuer, error = %e, "could not refresh JWKS");
                    cache.fetched_at = Some(Instant::now());
                }
            }
        }
        match &cache.set {
            Some(set) => {
                select_key(set, kid, alg)?.ok_or_else(|| refuse("token key id is not known"))
            }
            None => Err(refuse("issuer keys are unavailable")),
        }
    }

    async fn fetch(&self, source: &JwksSource) -> Result<JwkSet, String> {
        match source {
            JwksSource::File(path) => read_jwks_file(path),
            JwksSource::Url(url) => self
                .http
                .get(url)
                .send()
                .await
                .and_then(|r| r.error_for_status())
                .map_err(|e| e.to_string())?
                .json::<JwkSet>()
                .await
                .map_err(|e| e.to_string()),
        }
    }
}

fn read_jwks_file(path: &std::path::Path) -> Result<JwkSet, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: not a JWKS: {e}", path.display()))
}

/// The key a token names by `kid`; with no `kid`, the issuer's only key.
fn select_key(set: &JwkSet, kid: Option<&str>, alg: Algorithm) -> AppResult<Option<DecodingKey>> {
    let jwk: Option<&Jwk> = match kid {
        Some(kid) => set.find(kid),
        None if set.keys.len() == 1 => set.keys.first(),
        None => {
            return Err(refuse(
                "token names no key id and the issuer has several keys",
            ))
        }
    };
    let Some(jwk) = jwk else { return Ok(None) };
    if let Some(key_alg) = jwk.common.key_algorithm {
        if key_alg.to_string() != format!("{alg:?}") {
            return Err(refuse("token algorithm does not match its key"));
        }
    }
    DecodingKey::from_jwk(jwk)
        .map(Some)
        .map_err(|_| refuse("issuer key is not usable"))
}
