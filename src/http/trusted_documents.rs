//! Trusted documents: GraphQL documents known by their SHA-256 hash.
//!
//! A client may send a hash in place of a document's text, as Apollo's
//! persisted-query link does (`extensions.persistedQuery.sha256Hash`) or as
//! the GraphQL-over-HTTP persisted documents proposal does (`documentId`,
//! optionally prefixed `sha256:`). The documents come from a manifest written
//! by the client's build (`TRUSTED_DOCUMENTS_FILE`) and, in `allow` mode, from
//! texts a client sent once with their hash. `TRUSTED_DOCUMENTS=enforce` runs
//! nothing but the manifest's documents, so a deployment can restrict the API
//! to the operations its known clients send.
//!
//! Resolved in the HTTP layer, before the document's limits are measured:
//! async-graphql's own `ApolloPersistedQueries` extension registers texts but
//! cannot hold a manifest or refuse what is not in one, and any registered
//! extension routes every field of every response through its chain.
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use async_graphql::{ServerError, Value};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::config::{TrustedDocumentsConfig, TrustedDocumentsMode};
use crate::error::{code, StartupError};

/// The documents of one server and the mode they are used in.
#[derive(Clone)]
pub struct TrustedDocuments {
    mode: TrustedDocumentsMode,
    /// The manifest's documents by the SHA-256 of their text (hex), and by
    /// the manifest's own id when that is something else (a SHA-1, a name).
    manifest: Arc<HashMap<String, Arc<str>>>,
    /// Texts registered with their hash (`allow` mode), bounded by their size.
    registered: Option<moka::sync::Cache<String, Arc<str>>>,
}

impl std::fmt::Debug for TrustedDocuments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrustedDocuments")
            .field("mode", &self.mode)
            .field("manifest_documents", &self.manifest_len())
            .finish_non_exhaustive()
    }
}

/// A text sent with its hash, to be registered once the text is admitted.
#[derive(Debug)]
pub struct Registration(String);

/// The manifest formats of the common client tooling.
#[derive(Deserialize)]
#[serde(untagged)]
enum Manifest {
    /// Apollo's `generate-persisted-query-manifest`.
    Apollo {
        format: String,
        version: u32,
        operations: Vec<ApolloOperation>,
    },
    /// graphql-codegen's client preset `persisted-documents.json`: hash to text.
    Codegen(HashMap<String, String>),
}

#[derive(Deserialize)]
struct ApolloOperation {
    id: String,
    body: String,
}

/// The hex SHA-256 of a document's text.
pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn is_sha256_hex(id: &str) -> bool {
    id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

impl TrustedDocuments {
    /// Reads the configured manifests, one per client. A manifest that cannot
    /// be read, or whose SHA-256 ids do not match their texts, stops the start.
    pub fn load(config: &TrustedDocumentsConfig) -> Result<Self, StartupError> {
        let mut manifest = HashMap::new();
        for path in &config.files {
            manifest.extend(read_manifest(path)?);
        }
        Ok(Self::new(config.mode, manifest, config.registered_mib))
    }

    /// Documents from a manifest's JSON text (`manifest`), for tests and `load`.
    pub fn from_json(
        mode: TrustedDocumentsMode,
        manifest: &str,
        registered_mib: u64,
    ) -> Result<Self, String> {
        Ok(Self::new(mode, parse_manifest(manifest)?, registered_mib))
    }

    fn new(
        mode: TrustedDocumentsMode,
        manifest: HashMap<String, Arc<str>>,
        registered_mib: u64,
    ) -> Self {
        let registered = (mode == TrustedDocumentsMode::Allow && registered_mib > 0).then(|| {
            moka::sync::Cache::builder()
                .max_capacity(registered_mib.saturating_mul(1024 * 1024))
                .weigher(|hash: &String, text: &Arc<str>| {
                    u32::try_from(hash.len() + text.len()).unwrap_or(u32::MAX)
                })
                .build()
        });
        TrustedDocuments {
            mode,
            manifest: Arc::new(manifest),
            registered,
        }
    }

    /// How many documents the manifest holds.
    pub fn manifest_len(&self) -> usize {
        // Every document is held under its hash; other ids are extra keys.
        self.manifest.keys().filter(|id| is_sha256_hex(id)).count()
    }

    /// Gives `request` the text of the document it names by hash, or checks
    /// the text it carries, according to the mode. `document_id` is the
    /// request's `documentId`. Returns a registration to make once the text
    /// has been admitted by the limits.
    pub fn resolve(
        &self,
        request: &mut async_graphql::Request,
        document_id: Option<&str>,
    ) -> Result<Option<Registration>, ServerError> {
        let hash = requested_hash(request, document_id)?;
        if self.mode == TrustedDocumentsMode::Off {
            return match hash {
                Some(_) if request.query.is_empty() => Err(refusal(
                    code::PERSISTED_QUERY_NOT_SUPPORTED,
                    "PersistedQueryNotSupported: this server takes the full text of a document (TRUSTED_DOCUMENTS=off)",
                )),
                _ => Ok(None),
            };
        }
        if request.query.is_empty() {
            let Some(hash) = hash else {
                return self.check_text(request).map(|()| None);
            };
            let found = self.manifest.get(&hash).cloned().or_else(|| {
                self.registered
                    .as_ref()
                    .and_then(|registered| registered.get(&hash))
            });
            return match found {
                Some(text) => {
                    request.query = text.to_string();
                    Ok(None)
                }
                None if self.mode == TrustedDocumentsMode::Enforce => Err(refusal(
                    code::PERSISTED_QUERY_NOT_ALLOWED,
                    "this server runs only the documents of its trusted-documents manifest, and it holds no document with this hash",
                )),
                None => Err(refusal(
                    code::PERSISTED_QUERY_NOT_FOUND,
                    "PersistedQueryNotFound",
                )),
            };
        }
        if let Some(hash) = &hash {
            if is_sha256_hex(hash) && sha256_hex(&request.query) != *hash {
                let mut error = refusal(
                    code::BAD_USER_INPUT,
                    "the hash sent is not the SHA-256 of the query sent with it",
                );
                if let Some(extensions) = &mut error.extensions {
                    extensions.set("field", "extensions.persistedQuery.sha256Hash");
                }
                return Err(error);
            }
        }
        self.check_text(request)?;
        Ok(match hash {
            Some(hash) if is_sha256_hex(&hash) && self.registered.is_some() => {
                Some(Registration(hash))
            }
            _ => None,
        })
    }

    /// Under `enforce`, a full text runs only when it is exactly one of the
    /// manifest's documents.
    fn check_text(&self, request: &async_graphql::Request) -> Result<(), ServerError> {
        if self.mode != TrustedDocumentsMode::Enforce
            || self.manifest.contains_key(&sha256_hex(&request.query))
        {
            return Ok(());
        }
        Err(refusal(
            code::PERSISTED_QUERY_NOT_ALLOWED,
            "this server runs only the documents of its trusted-documents manifest, and this document is not one of them",
        ))
    }

    /// Keeps the text of an admitted request under the hash it was sent with.
    pub fn register(&self, registration: Registration, request: &async_graphql::Request) {
        if let Some(registered) = &self.registered {
            registered.insert(registration.0, Arc::from(request.query.as_str()));
        }
    }
}

/// The hash a request names its document by: Apollo's
/// `extensions.persistedQuery` or `documentId`.
fn requested_hash(
    request: &async_graphql::Request,
    document_id: Option<&str>,
) -> Result<Option<String>, ServerError> {
    let bad = |field: &str, message: &str| {
        let mut error = refusal(code::BAD_USER_INPUT, message);
        if let Some(extensions) = &mut error.extensions {
            extensions.set("field", field);
        }
        error
    };
    if let Some(persisted) = request.extensions.get("persistedQuery") {
        let Value::Object(persisted) = persisted else {
            return Err(bad(
                "extensions.persistedQuery",
                "must be an object with `version` and `sha256Hash`",
            ));
        };
        if persisted.get("version") != Some(&Value::from(1)) {
            return Err(bad(
                "extensions.persistedQuery.version",
                "only version 1 of the persisted-query protocol is supported",
            ));
        }
        return match persisted.get("sha256Hash") {
            Some(Value::String(hash)) if is_sha256_hex(hash) => Ok(Some(hash.to_ascii_lowercase())),
            _ => Err(bad(
                "extensions.persistedQuery.sha256Hash",
                "must be the 64 hexadecimal digits of the document's SHA-256",
            )),
        };
    }
    Ok(document_id.map(|id| {
        let id = id.strip_prefix("sha256:").unwrap_or(id);
        if is_sha256_hex(id) {
            id.to_ascii_lowercase()
        } else {
            id.to_string()
        }
    }))
}

fn refusal(code: &str, message: &str) -> ServerError {
    let mut error = ServerError::new(message, None);
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", code);
    error
}

fn read_manifest(path: &Path) -> Result<HashMap<String, Arc<str>>, StartupError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        StartupError::config(
            "TRUSTED_DOCUMENTS_FILE",
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    parse_manifest(&text).map_err(|message| {
        StartupError::config(
            "TRUSTED_DOCUMENTS_FILE",
            format!("{}: {message}", path.display()),
        )
    })
}

/// The documents of a manifest by the SHA-256 of their text, and by the
/// manifest's id when that differs.
fn parse_manifest(text: &str) -> Result<HashMap<String, Arc<str>>, String> {
    let entries: Vec<(String, String)> = match serde_json::from_str::<Manifest>(text) {
        Ok(Manifest::Apollo {
            format,
            version,
            operations,
        }) => {
            if format != "apollo-persisted-query-manifest" || version != 1 {
                return Err(format!(
                    "an Apollo manifest must be format `apollo-persisted-query-manifest` version 1, not `{format}` version {version}"
                ));
            }
            operations.into_iter().map(|op| (op.id, op.body)).collect()
        }
        Ok(Manifest::Codegen(documents)) => documents.into_iter().collect(),
        Err(_) => {
            return Err(
                "is neither graphql-codegen's persisted documents (an object of hash to document) nor Apollo's persisted query manifest".into(),
            )
        }
    };
    let mut documents = HashMap::with_capacity(entries.len() * 2);
    for (id, body) in entries {
        let hash = sha256_hex(&body);
        if is_sha256_hex(&id) && !id.eq_ignore_ascii_case(&hash) {
            return Err(format!(
                "document `{id}` is not the SHA-256 of its text ({hash}); regenerate the manifest"
            ));
        }
        let body: Arc<str> = Arc::from(body);
        if !is_sha256_hex(&id) {
            documents.insert(id, body.clone());
        }
        documents.insert(hash, body);
    }
    Ok(documents)
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUERY: &str = "{ partnerships { code } }";

    fn with_manifest(mode: TrustedDocumentsMode) -> TrustedDocuments {
        let manifest = serde_json::json!({ sha256_hex(QUERY): QUERY }).to_string();
        TrustedDocuments::from_json(mode, &manifest, 1).expect("manifest")
    }

    fn by_hash(hash: &str) -> async_graphql::Request {
        let mut request = async_graphql::Request::new("");
        request.extensions.insert(
            "persistedQuery".into(),
            Value::from_json(serde_json::json!({ "version": 1, "sha256Hash": hash }))
                .expect("value"),
        );
        request
    }

    fn code_of(error: &ServerError) -> Option<Value> {
        error
            .extensions
            .as_ref()
            .and_then(|e| e.get("code").cloned())
    }

    #[test]
    fn both_manifest_formats_are_read_and_ids_must_match_their_texts() {
        let apollo = serde_json::json!({
            "format": "apollo-persisted-query-manifest",
            "version": 1,
            "operations": [{ "id": sha256_hex(QUERY), "name": "P", "type": "query", "body": QUERY }],
        })
        .to_string();
        let sha1_keyed = serde_json::json!({ "0123abcd": QUERY }).to_string();
        for manifest in [apollo, sha1_keyed] {
            let documents =
                TrustedDocuments::from_json(TrustedDocumentsMode::Enforce, &manifest, 0)
                    .expect("read");
            assert_eq!(documents.manifest_len(), 1);
            let mut request = by_hash(&sha256_hex(QUERY));
            documents.resolve(&mut request, None).expect("found");
            assert_eq!(request.query, QUERY);
        }
        let wrong = serde_json::json!({ sha256_hex("{ me { role } }"): QUERY }).to_string();
        let refused = TrustedDocuments::from_json(TrustedDocumentsMode::Allow, &wrong, 0)
            .expect_err("refused");
        assert!(refused.contains("not the SHA-256"), "{refused}");
    }

    #[test]
    fn a_document_id_names_a_manifest_document_with_or_without_its_prefix() {
        let documents = with_manifest(TrustedDocumentsMode::Enforce);
        for id in [sha256_hex(QUERY), format!("sha256:{}", sha256_hex(QUERY))] {
            let mut request = async_graphql::Request::new("");
            documents.resolve(&mut request, Some(&id)).expect("found");
            assert_eq!(request.query, QUERY);
        }
    }

    #[test]
    fn allow_registers_a_text_sent_with_its_hash_and_refuses_a_wrong_hash() {
        let documents = with_manifest(TrustedDocumentsMode::Allow);
        let other = "{ me { role } }";
        let unknown = documents
            .resolve(&mut by_hash(&sha256_hex(other)), None)
            .expect_err("not yet known");
        assert_eq!(
            code_of(&unknown),
            Some(Value::from("PERSISTED_QUERY_NOT_FOUND"))
        );
        assert_eq!(unknown.message, "PersistedQueryNotFound");

        let mut with_text = by_hash(&sha256_hex(other));
        with_text.query = other.into();
        let registration = documents.resolve(&mut with_text, None).expect("ok");
        documents.register(registration.expect("to register"), &with_text);
        let mut again = by_hash(&sha256_hex(other));
        documents.resolve(&mut again, None).expect("registered");
        assert_eq!(again.query, other);

        let mut mismatched = by_hash(&sha256_hex(QUERY));
        mismatched.query = other.into();
        let refused = documents
            .resolve(&mut mismatched, None)
            .expect_err("refused");
        assert_eq!(code_of(&refused), Some(Value::from("BAD_USER_INPUT")));
    }

    #[test]
    fn enforce_runs_only_the_manifest_and_off_takes_no_hashes() {
        let documents = with_manifest(TrustedDocumentsMode::Enforce);
        let mut text = async_graphql::Request::new(QUERY);
        assert!(documents.resolve(&mut text, None).is_ok());
        let mut other = async_graphql::Request::new("{ me { role } }");
        let refused = documents.resolve(&mut other, None).expect_err("refused");
        assert_eq!(
            code_of(&refused),
            Some(Value::from("PERSISTED_QUERY_NOT_ALLOWED"))
        );
        let refused = documents
            .resolve(&mut by_hash(&sha256_hex("{ me { role } }")), None)
            .expect_err("refused");
        assert_eq!(
            code_of(&refused),
            Some(Value::from("PERSISTED_QUERY_NOT_ALLOWED"))
        );

        let off = with_manifest(TrustedDocumentsMode::Off);
        let refused = off
            .resolve(&mut by_hash(&sha256_hex(QUERY)), None)
            .expect_err("refused");
        assert_eq!(
            code_of(&refused),
            Some(Value::from("PERSISTED_QUERY_NOT_SUPPORTED"))
        );
        assert!(off
            .resolve(&mut async_graphql::Request::new("{ me { role } }"), None)
            .is_ok());
    }
}
