//! All configuration in one typed place, read from the environment once at start.
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::StartupError;

/// Where the service runs: development prints tokens and serves GraphiQL;
/// production refuses anything that would be unsafe with real data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

/// Settings of the local HS256 issuer and of trusted external issuers.
#[derive(Clone, Debug)]
pub struct JwtConfig {
    /// Secret of the local HS256 issuer; `None` disables the local issuer.
    pub hs256_secret: Option<Vec<u8>>,
    pub issuer: String,
    pub audience: String,
    pub trust_file: Option<PathBuf>,
    /// Clock skew tolerated on `exp` and `nbf`, at most 60 seconds.
    pub leeway_secs: u64,
}

/// What one GraphQL document may cost, measured before the library parses
/// (tokens) and validates (everything else) it: see [`crate::graphql::limits`].
#[derive(Clone, Debug)]
pub struct QueryLimits {
    /// Significant tokens in the document's text.
    pub max_tokens: usize,
    /// Levels of nested fields, through fragments.
    pub max_depth: usize,
    /// Fields with fragments expanded; async-graphql then applies the same
    /// number to its complexity, which knows each field's declared cost.
    pub max_complexity: usize,
    /// Aliases with fragments expanded.
    pub max_aliases: usize,
    /// Fragment definitions in the document.
    pub max_fragments: usize,
    /// Variables declared by the document's operations.
    pub max_variables: usize,
    /// Directives with fragments expanded.
    pub max_directives: usize,
}

/// Which GraphQL documents may run (see [`crate::http::trusted_documents`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrustedDocumentsMode {
    /// Full texts only; a hash-only request is `PERSISTED_QUERY_NOT_SUPPORTED`.
    Off,
    /// Full texts, or hashes of the manifest's documents and of texts sent
    /// before with their hash (Apollo's automatic persisted queries).
    Allow,
    /// Only the manifest's documents, by hash or by their exact text.
    Enforce,
}

/// The trusted-documents settings.
#[derive(Clone, Debug)]
pub struct TrustedDocumentsConfig {
    pub mode: TrustedDocumentsMode,
    /// The manifests, one per client: graphql-codegen's
    /// `persisted-documents.json` or Apollo's persisted query manifest.
    pub files: Vec<PathBuf>,
    /// Memory per instance for texts registered with their hash in `allow`
    /// mode, in MiB; 0 turns registration off.
    pub registered_mib: u64,
}

/// Statistical disclosure control settings (the rules themselves are code).
#[derive(Clone, Debug)]
pub struct DisclosureConfig {
    /// Counts from 1 to this value are suppressed for viewers without exact rights.
    pub suppression_threshold: i64,
}

/// Requests per caller on the routes that serve data (see
/// [`crate::http::rate_limit`]); 0 in either turns limiting off.
#[derive(Clone, Debug)]
pub struct RateLimitConfig {
    pub per_minute: u32,
    pub burst: u32,
    /// Key anonymous callers by the client address a reverse proxy reports
    /// (`Forwarded` / `X-Forwarded-For`) instead of the peer's.
    pub trust_forwarded: bool,
}

/// Bounds of one bulk import file (see [`crate::import`]), through the
/// plain endpoints and GraphQL uploads alike.
#[derive(Clone, Debug)]
pub struct ImportLimits {
    /// The most bytes a file may have; the import routes accept bodies this large.
    pub max_bytes: usize,
    /// The most data rows (after the header, blank rows not counted).
    pub max_rows: usize,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub environment: Environment,
    pub database_url: String,
    /// True when the database is the embedded default (nothing configured):
    /// only then is demo data loaded on first start.
    pub embedded_database: bool,
    pub bind_addr: SocketAddr,
    pub jwt: JwtConfig,
    pub cors_origins: Vec<String>,
    pub request_timeout: Duration,
    pub max_body_bytes: usize,
    /// The most bytes a request's header section may hold.
    pub max_header_bytes: usize,
    /// Aggregate answers kept in memory (see [`crate::cache`]); 0 turns the
    /// cache off.
    pub answer_cache_entries: u64,
    /// Memory for Section 11 grades kept between requests (see
    /// [`crate::section11::grade_cache`]), in MiB; 0 turns it off.
    pub grade_cache_mib: u64,
    /// Rows of reference tables (agencies) kept between requests under the
    /// data generation (see [`crate::cache::RowCache`]); 0 turns it off.
    pub row_cache_entries: u64,
    /// Parsed GraphQL documents kept by their query text (see
    /// [`crate::http::documents`]), in MiB; 0 turns it off.
    pub document_cache_mib: u64,
    pub limits: QueryLimits,
    pub trusted_documents: TrustedDocumentsConfig,
    pub disclosure: DisclosureConfig,
    pub shutdown_timeout: Duration,
    pub rate_limit: RateLimitConfig,
    pub import: ImportLimits,
    /// How long an `Idempotency-Key` and its stored response are kept.
    pub idempotency_key_ttl: Duration,
}

pub const DEFAULT_BIND_ADDR: &str = "127.0.0.1:8080";
pub const DEFAULT_ISSUER: &str = "safeguarding-hub-dev";
pub const DEFAULT_AUDIENCE: &str = "safeguarding-hub";
pub const MIN_SECRET_BYTES: usize = 32;
pub const MAX_LEEWAY_SECS: u64 = 60;
/// A month: a partner system retries within hours, and every key is a row.
pub const MAX_IDEMPOTENCY_KEY_TTL_HOURS: u64 = 720;

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Self, StartupError> {
        Self::from_lookup(|key| std::env::var(key).ok().filter(|v| !v.is_empty()))
    }

    /// Reads the configuration through `lookup`, so tests can supply their own.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, StartupError> {
        let environment = match lookup("HUB_ENV").as_deref() {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => {
                return Err(StartupError::config(
                    "HUB_ENV",
                    format!("must be `development` or `production`, not `{other}`"),
                ))
            }
        };
        let data_dir = PathBuf::from(lookup("DATA_DIR").unwrap_or_else(|| "data".into()));
        let (database_url, embedded_database) = match lookup("DATABASE_URL") {
            Some(url) => (url, false),
            None => (embedded_sqlite_url(&data_dir), true),
        };
        let bind_addr = lookup("BIND_ADDR")
            .unwrap_or_else(|| DEFAULT_BIND_ADDR.into())
            .parse()
            .map_err(|e| StartupError::config("BIND_ADDR", format!("not a socket address: {e}")))?;

        let hs256_secret = match lookup("JWT_HS256_SECRET") {
            Some(secret) => Some(secret.into_bytes()),
            None if environment == Environment::Development => Some(development_secret(&data_dir)?),
            None => None,
        };
        if let Some(secret) = &hs256_secret {
            if secret.len() < MIN_SECRET_BYTES {
                return Err(StartupError::config(
                    "JWT_HS256_SECRET",
                    format!(
                        "is {} bytes; at least {MIN_SECRET_BYTES} are required",
                        secret.len()
                    ),
                ));
            }
        }
        let trust_file = lookup("JWT_TRUST_FILE").map(PathBuf::from);
        if hs256_secret.is_none() && trust_file.is_none() {
            return Err(StartupError::config(
                "JWT_HS256_SECRET",
                "production needs JWT_HS256_SECRET or JWT_TRUST_FILE: no token could be verified",
            ));
        }
        let leeway_secs = parse_or(&lookup, "JWT_LEEWAY_SECS", 30u64)?;
        if leeway_secs > MAX_LEEWAY_SECS {
            return Err(StartupError::config(
                "JWT_LEEWAY_SECS",
                format!("must be at most {MAX_LEEWAY_SECS}"),
            ));
        }
        let cors_origins = lookup("CORS_ORIGINS")
            .map(|v| {
                v.split(',')
                    .map(|o| o.trim().trim_end_matches('/').to_string())
                    .filter(|o| !o.is_empty())
                    .collect()
            })
            .unwrap_or_default();

        let trusted_documents = TrustedDocumentsConfig {
            mode: match lookup("TRUSTED_DOCUMENTS").as_deref() {
                Some("off") => TrustedDocumentsMode::Off,
                None | Some("allow") => TrustedDocumentsMode::Allow,
                Some("enforce") => TrustedDocumentsMode::Enforce,
                Some(other) => {
                    return Err(StartupError::config(
                        "TRUSTED_DOCUMENTS",
                        format!("must be `off`, `allow` or `enforce`, not `{other}`"),
                    ))
                }
            },
            files: lookup("TRUSTED_DOCUMENTS_FILE")
                .map(|v| {
                    v.split(',')
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(PathBuf::from)
                        .collect()
                })
                .unwrap_or_default(),
            registered_mib: parse_or(&lookup, "PERSISTED_QUERY_CACHE_MIB", 4u64)?,
        };
        if trusted_documents.mode == TrustedDocumentsMode::Enforce
            && trusted_documents.files.is_empty()
        {
            return Err(StartupError::config(
                "TRUSTED_DOCUMENTS_FILE",
                "TRUSTED_DOCUMENTS=enforce needs a manifest: without one no document could run",
            ));
        }

        let idempotency_ttl_hours = parse_or(&lookup, "IDEMPOTENCY_KEY_TTL_HOURS", 24u64)?;
        if !(1..=MAX_IDEMPOTENCY_KEY_TTL_HOURS).contains(&idempotency_ttl_hours) {
            return Err(StartupError::config(
                "IDEMPOTENCY_KEY_TTL_HOURS",
                format!("must be from 1 to {MAX_IDEMPOTENCY_KEY_TTL_HOURS} hours"),
            ));
        }

        Ok(Config {
            environment,
            database_url,
            embedded_database,
            bind_addr,
            jwt: JwtConfig {
                hs256_secret,
                issuer: lookup("JWT_ISSUER").unwrap_or_else(|| DEFAULT_ISSUER.into()),
                audience: lookup("JWT_AUDIENCE").unwrap_or_else(|| DEFAULT_AUDIENCE.into()),
                trust_file,
                leeway_secs,
            },
            cors_origins,
            request_timeout: Duration::from_secs(parse_or(&lookup, "REQUEST_TIMEOUT_SECS", 30u64)?),
            max_body_bytes: parse_or(&lookup, "MAX_BODY_BYTES", 2 * 1024 * 1024usize)?,
            max_header_bytes: parse_or(&lookup, "MAX_HEADER_BYTES", 16 * 1024usize)?,
            answer_cache_entries: parse_or(&lookup, "ANSWER_CACHE_ENTRIES", 1_000u64)?,
            grade_cache_mib: parse_or(&lookup, "GRADE_CACHE_MIB", 32u64)?,
            row_cache_entries: parse_or(&lookup, "ROW_CACHE_ENTRIES", 20_000u64)?,
            document_cache_mib: parse_or(&lookup, "DOCUMENT_CACHE_MIB", 8u64)?,
            limits: QueryLimits {
                max_tokens: parse_or(&lookup, "GRAPHQL_MAX_TOKENS", 2_000usize)?,
                max_depth: parse_or(&lookup, "GRAPHQL_MAX_DEPTH", 16usize)?,
                max_complexity: parse_or(&lookup, "GRAPHQL_MAX_COMPLEXITY", 5000usize)?,
                max_aliases: parse_or(&lookup, "GRAPHQL_MAX_ALIASES", 15usize)?,
                max_fragments: parse_or(&lookup, "GRAPHQL_MAX_FRAGMENTS", 50usize)?,
                max_variables: parse_or(&lookup, "GRAPHQL_MAX_VARIABLES", 50usize)?,
                max_directives: parse_or(&lookup, "GRAPHQL_MAX_DIRECTIVES", 50usize)?,
            },
            trusted_documents,
            disclosure: DisclosureConfig {
                suppression_threshold: parse_or(&lookup, "SUPPRESSION_THRESHOLD", 5i64)?,
            },
            shutdown_timeout: Duration::from_secs(parse_or(
                &lookup,
                "SHUTDOWN_TIMEOUT_SECS",
                30u64,
            )?),
            rate_limit: RateLimitConfig {
                per_minute: parse_or(&lookup, "RATE_LIMIT_PER_MINUTE", 1_200u32)?,
                burst: parse_or(&lookup, "RATE_LIMIT_BURST", 200u32)?,
                trust_forwarded: parse_or(&lookup, "RATE_LIMIT_TRUST_FORWARDED", false)?,
            },
            import: ImportLimits {
                max_bytes: parse_or(&lookup, "IMPORT_MAX_BYTES", 10 * 1024 * 1024usize)?,
                max_rows: parse_or(&lookup, "IMPORT_MAX_ROWS", 5_000usize)?,
            },
            idempotency_key_ttl: Duration::from_secs(idempotency_ttl_hours * 3600),
        })
    }

    pub fn is_production(&self) -> bool {
        self.environment == Environment::Production
    }
}

fn parse_or<T: std::str::FromStr>(
    lookup: &impl Fn(&str) -> Option<String>,
    key: &'static str,
    default: T,
) -> Result<T, StartupError>
where
    T::Err: std::fmt::Display,
{
    match lookup(key) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|e| StartupError::config(key, format!("`{v}` is not valid: {e}"))),
    }
}

fn embedded_sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("hub.db").display())
}

/// In development with no secret configured, one is generated once and kept
/// beside the embedded database, so tokens minted by `token` keep working
/// across restarts.
fn development_secret(data_dir: &Path) -> Result<Vec<u8>, StartupError> {
    let path = data_dir.join("dev-jwt-secret");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let trimmed = existing.trim();
        if trimmed.len() >= MIN_SECRET_BYTES {
            return Ok(trimmed.as_bytes().to_vec());
        }
    }
    std::fs::create_dir_all(data_dir)
        .map_err(|e| StartupError::config("DATA_DIR", format!("cannot create: {e}")))?;
    let bytes: [u8; 32] = rand::random();
    let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    std::fs::write(&path, &secret).map_err(|e| {
        StartupError::config(
            "DATA_DIR",
            format!("cannot write the development secret: {e}"),
        )
    })?;
    Ok(secret.into_bytes())
}
