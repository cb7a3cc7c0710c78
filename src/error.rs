//! One error enum with stable codes. Every error a client sees carries
//! `extensions.code`; database and other internal failures are logged in full
//! and reach the client only as `INTERNAL`.
use async_graphql::{ErrorExtensions, ServerError};

/// The stable error codes of the API contract.
pub mod code {
    pub const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
    pub const FORBIDDEN: &str = "FORBIDDEN";
    pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
    pub const NOT_FOUND: &str = "NOT_FOUND";
    pub const CONFLICT: &str = "CONFLICT";
    pub const INTERNAL: &str = "INTERNAL";
    /// The caller sent more requests than its rate limit allows (HTTP 429).
    pub const RATE_LIMITED: &str = "RATE_LIMITED";
    /// The text is not a GraphQL document (Apollo Server's code).
    pub const GRAPHQL_PARSE_FAILED: &str = "GRAPHQL_PARSE_FAILED";
    /// The document does not validate against the schema (Apollo Server's code).
    pub const GRAPHQL_VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";
    /// A hash-only request names a document this server does not hold; the
    /// client sends the full text again (Apollo's persisted-query protocol).
    pub const PERSISTED_QUERY_NOT_FOUND: &str = "PERSISTED_QUERY_NOT_FOUND";
    /// A hash-only request to a server with trusted documents turned off.
    pub const PERSISTED_QUERY_NOT_SUPPORTED: &str = "PERSISTED_QUERY_NOT_SUPPORTED";
    /// Under `TRUSTED_DOCUMENTS=enforce`, a document not in the manifest.
    pub const PERSISTED_QUERY_NOT_ALLOWED: &str = "PERSISTED_QUERY_NOT_ALLOWED";
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum AppError {
    /// The presented token could not be verified.
    #[error("{0}")]
    Unauthenticated(String),
    /// The caller is known but may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// The input is wrong; `field` names the offending argument or input field
    /// as a dotted path (`input.grades[2].grade`).
    #[error("{field}: {message}")]
    BadUserInput { field: String, message: String },
    /// No such record, or none the caller may see: the two are indistinguishable.
    #[error("{0}")]
    NotFound(String),
    /// The write was based on a stale version, or collides with existing data.
    #[error("{0}")]
    Conflict(String),
    /// Something failed inside the service; the detail is in the log only.
    #[error("internal error")]
    Internal,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn bad_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::BadUserInput {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn not_found(what: impl std::fmt::Display) -> Self {
        AppError::NotFound(format!("{what} not found"))
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        AppError::Forbidden(message.into())
    }

    /// Logs `err` in full and hides it behind `INTERNAL`.
    pub fn internal(err: impl std::fmt::Display) -> Self {
        tracing::error!(error = %err, "internal error");
        AppError::Internal
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated(_) => code::UNAUTHENTICATED,
            AppError::Forbidden(_) => code::FORBIDDEN,
            AppError::BadUserInput { .. } => code::BAD_USER_INPUT,
            AppError::NotFound(_) => code::NOT_FOUND,
            AppError::Conflict(_) => code::CONFLICT,
            AppError::Internal => code::INTERNAL,
        }
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        AppError::internal(format!("database: {err}"))
    }
}

impl<E: std::error::Error> From<sea_orm::TransactionError<E>> for AppError
where
    AppError: From<E>,
{
    fn from(err: sea_orm::TransactionError<E>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(e) => e.into(),
        }
    }
}

impl ErrorExtensions for AppError {
    fn extend(&self) -> async_graphql::Error {
        async_graphql::Error::new(self.to_string()).extend_with(|_, ext| {
            ext.set("code", self.code());
            if let AppError::BadUserInput { field, .. } = self {
                ext.set("field", field.as_str());
            }
        })
    }
}

/// Gives every error in a response its `extensions.code`, in one place.
///
/// Resolvers return [`AppError`] through `?`; async-graphql keeps it as the
/// error's source, and here it becomes the code (and `field`). Errors raised by
/// async-graphql itself outside any field (parse, validation, limits) and
/// argument-coercion errors are `BAD_USER_INPUT`; anything else is logged and
/// shown as `INTERNAL`.
pub fn classify(err: &mut ServerError) {
    if let Some(app) = err.source::<AppError>().cloned() {
        let extensions = err.extensions.get_or_insert_with(Default::default);
        extensions.set("code", app.code());
        if let AppError::BadUserInput { field, .. } = &app {
            extensions.set("field", field.as_str());
        }
        return;
    }
    if err
        .extensions
        .as_ref()
        .is_some_and(|ext| ext.get("code").is_some())
    {
        return;
    }
    let user_error = err.path.is_empty()
        || err.message.starts_with("Failed to parse")
        || err.message.starts_with("Invalid value");
    let code = if user_error {
        code::BAD_USER_INPUT
    } else {
        tracing::error!(message = %err.message, path = ?err.path, "unclassified resolver error");
        err.message = "internal error".into();
        code::INTERNAL
    };
    err.extensions
        .get_or_insert_with(Default::default)
        .set("code", code);
}

/// A reason the service refuses to start, naming the setting at fault.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("configuration {key}: {message}")]
    Config { key: &'static str, message: String },
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Other(String),
}

impl StartupError {
    pub fn config(key: &'static str, message: impl Into<String>) -> Self {
        StartupError::Config {
            key,
            message: message.into(),
        }
    }
}
