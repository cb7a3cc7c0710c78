//! Mints tokens from the local HS256 issuer, for development and tests.
use std::time::Duration;

use entity::PartnershipCode;
use jsonwebtoken::{encode, EncodingKey, Header};

use super::caller::Caller;
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

/// Signs a token with the local issuer's secret; refuses, as the verifier
/// would, claims that make no coherent caller.
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
    // What the verifier would refuse is never minted, with the verifier's words.
    Caller::from_claims(&claims).map_err(|e| e.to_string())?;
    encode(
        &Header::default(),
        &claims,
        &EncodingKey::from_secret(secret),
    )
    .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local_issuer() -> JwtConfig {
        JwtConfig {
            hs256_secret: Some(vec![b'k'; 32]),
            issuer: "safeguarding-hub-dev".into(),
            audience: "safeguarding-hub".into(),
            trust_file: None,
            leeway_secs: 30,
        }
    }

    #[test]
    fn what_the_verifier_would_refuse_is_not_minted() {
        let jwt = local_issuer();
        let lead = TokenRequest::new(Role::AgencyLead, &[PartnershipCode::Somerset]);
        assert_eq!(
            mint(&jwt, &lead).expect_err("no agency"),
            "an agency_lead token must name its agency"
        );
        let scrutineer = TokenRequest::new(Role::Scrutineer, &[]);
        assert_eq!(
            mint(&jwt, &scrutineer).expect_err("no partnership"),
            "a scrutineer token must name at least one partnership"
        );
        let blank = TokenRequest {
            subject: " ".into(),
            ..TokenRequest::new(Role::Analyst, &[])
        };
        assert!(mint(&jwt, &blank).expect_err("blank").contains("sub"));
        let lead_of_an_agency = TokenRequest {
            agency: Some("avon-and-somerset-police".into()),
            ..lead
        };
        assert!(mint(&jwt, &lead_of_an_agency).is_ok());
    }
}
