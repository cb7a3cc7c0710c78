//! Mints tokens from the local HS256 issuer, for development and tests.
use std::time::Duration;

use entity::PartnershipCode;
use jsonwebtoken::{encode, EncodingKey, Header};

use super::claims::Claims;
use super::role::Role;
use crate::config::JwtConfig;

/// What a minted token says about its holder.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    pub subject: String,
    pub name: Option<String>,
    pub role: Role,
    pub partnerships: Vec<PartnershipCode>,
    pub agency: Option<String>,
    pub ttl: Duration,
}

impl TokenRequest {
    pub fn new(role: Role, partnerships: &[PartnershipCode]) -> Self {
        TokenRequest {
            subject: format!("dev-{}", role.as_str()),
            name: None,
            role,
            partnerships: partnerships.to_vec(),
            agency: None,
            ttl: Duration::from_secs(8 * 3600),
        }
    }
}

/// Signs a token with the local issuer's secret.
pub fn mint(jwt: &JwtConfig, request: &TokenRequest) -> Result<String, String> {
    let secret = jwt
        .hs256_secret
        .as_ref()
        .ok_or("no local issuer: JWT_HS256_SECRET is not set")?;
    let now = jsonwebtoken::get_current_timestamp();
    let claims = Claims {
        iss: jwt.issuer.clone(),
        aud: serde_json::Value::String(jwt.audience.clone()),
        sub: request.subject.clone(),
        exp: now + request.ttl.as_secs(),
        iat: Some(now),
        nbf: None,
        name: request.name.clone(),
        role: request.role.as_str().to_string(),
        partnerships: request
            .partnerships
            .iter()
            .map(|p| p.as_str().to_string())
            .collect(),
        agency: request.agency.clone(),
    };
    encode(
        &Header::default(),
        &claims,
        &EncodingKey::from_secret(secret),
    )
    .map_err(|e| e.to_string())
}
