use serde::{Deserialize, Serialize};

/// The claims of a hub token, as the design's token contract fixes them.
///
/// `exp`, `iss`, `aud` and `sub` are required and checked by the verifier;
/// a claim of the wrong type (an `exp` sent as a string) fails to decode.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    /// One audience or a list, as RFC 7519 allows.
    pub aud: serde_json::Value,
    pub sub: String,
    pub exp: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Kept as text so an unknown role is refused with a message naming it.
    pub role: String,
    #[serde(default)]
    pub partnerships: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
}
