//! The trust file: external token issuers, their keys and what they may assert.
//!
//! ```toml
//! [[issuer]]
//! issuer = "https://login.somerset.gov.uk"
//! algorithms = ["RS256"]
//! jwks_url = "https://login.somerset.gov.uk/.well-known/jwks.json"   # or jwks_file = "somerset.jwks.json"
//! partnerships = ["SOMERSET"]
//! # audience = "safeguarding-hub"   (defaults to JWT_AUDIENCE)
//! ```
use std::path::{Path, PathBuf};

use entity::PartnershipCode;
use jsonwebtoken::Algorithm;
use serde::Deserialize;

use crate::error::StartupError;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrustFile {
    #[serde(default)]
    issuer: Vec<RawIssuer>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIssuer {
    issuer: String,
    algorithms: Vec<String>,
    jwks_file: Option<PathBuf>,
    jwks_url: Option<String>,
    partnerships: Vec<String>,
    audience: Option<String>,
}

/// Where an external issuer's public keys come from.
#[derive(Debug, Clone)]
pub enum JwksSource {
    File(PathBuf),
    Url(String),
}

/// One trusted external issuer.
#[derive(Debug, Clone)]
pub struct TrustedIssuer {
    pub issuer: String,
    pub algorithms: Vec<Algorithm>,
    pub jwks: JwksSource,
    pub partnerships: Vec<PartnershipCode>,
    pub audience: Option<String>,
}

/// Reads and checks a trust file; relative `jwks_file` paths are resolved
/// against the trust file's folder.
pub fn load(path: &Path) -> Result<Vec<TrustedIssuer>, StartupError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        StartupError::config(
            "JWT_TRUST_FILE",
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    parse(&text, path.parent().unwrap_or(Path::new(".")))
}

pub fn parse(text: &str, base: &Path) -> Result<Vec<TrustedIssuer>, StartupError> {
    let bad = |m: String| StartupError::config("JWT_TRUST_FILE", m);
    let file: TrustFile = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
    let mut out = Vec::new();
    for raw in file.issuer {
        let name = raw.issuer.clone();
        if raw.algorithms.is_empty() {
            return Err(bad(format!(
                "issuer `{name}`: algorithms must not be empty"
            )));
        }
        let algorithms = raw
            .algorithms
            .iter()
            .map(|a| match a.as_str() {
                "RS256" => Ok(Algorithm::RS256),
                "ES256" => Ok(Algorithm::ES256),
                other => Err(bad(format!(
                    "issuer `{name}`: algorithm `{other}` is not allowed (RS256 or ES256)"
                ))),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let jwks = match (raw.jwks_file, raw.jwks_url) {
            (Some(file), None) => JwksSource::File(base.join(file)),
            (None, Some(url)) if url.starts_with("https://") || url.starts_with("http://") => {
                JwksSource::Url(url)
            }
            (None, Some(url)) => {
                return Err(bad(format!(
                    "issuer `{name}`: jwks_url `{url}` is not http(s)"
                )))
            }
            _ => {
                return Err(bad(format!(
                    "issuer `{name}`: give exactly one of jwks_file and jwks_url"
                )))
            }
        };
        let partnerships = raw
            .partnerships
            .iter()
            .map(|p| {
                PartnershipCode::parse(p)
                    .ok_or_else(|| bad(format!("issuer `{name}`: unknown partnership `{p}`")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        out.push(TrustedIssuer {
            issuer: name,
            algorithms,
            jwks,
            partnerships,
            audience: raw.audience,
        });
    }
    Ok(out)
}
