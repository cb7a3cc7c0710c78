//! Parsed GraphQL documents, kept by their query text.
//!
//! Dashboards and partner systems send the same few query texts on every
//! page view, and parsing one (async-graphql's pest grammar) was a twentieth
//! of the server's CPU for a page of 100 Section 11 returns, more than its
//! validation. A document depends on nothing but its text, so one parsed for
//! any caller serves every caller; validation and execution still run on
//! every request. Only documents that parse and pass the limits of
//! [`crate::graphql::limits`] are kept, so those limits need not be measured
//! again for a document found here.
use async_graphql::parser::types::ExecutableDocument;
use std::sync::Arc;

/// The documents of one server; empty when disabled (`DOCUMENT_CACHE_MIB=0`).
#[derive(Clone)]
pub struct Documents(Option<moka::sync::Cache<Arc<str>, Arc<ExecutableDocument>>>);

/// About what a parsed document holds for each byte of its text (positions,
/// names and vectors of its nodes; measured on the hub's own queries, with
/// room to spare), so that memory stays bounded however long the texts.
const BYTES_PER_TEXT_BYTE: usize = 16;

impl Documents {
    /// At most about `mebibytes` of documents; 0 keeps none.
    pub fn new(mebibytes: u64) -> Self {
        Documents((mebibytes > 0).then(|| {
            moka::sync::Cache::builder()
                .max_capacity(mebibytes.saturating_mul(1024 * 1024))
                .weigher(|text: &Arc<str>, _: &Arc<ExecutableDocument>| {
                    u32::try_from(text.len().saturating_mul(BYTES_PER_TEXT_BYTE + 1))
                        .unwrap_or(u32::MAX)
                })
                .build()
        }))
    }

    /// Gives `request` its parsed document when its text was admitted before
    /// (see [`crate::graphql::limits::admit`]); false when it was not.
    pub fn recall(&self, request: &mut async_graphql::Request) -> bool {
        let Some(cache) = &self.0 else {
            return false;
        };
        match cache.get(request.query.as_str()) {
            Some(document) => {
                crate::telemetry::metrics::cache_lookups("documents", 1, 0);
                request.set_parsed_query(ExecutableDocument::clone(&document));
                true
            }
            None => {
                crate::telemetry::metrics::cache_lookups("documents", 0, 1);
                false
            }
        }
    }

    /// Keeps the document `request` parsed to, once it has been admitted.
    pub fn keep(&self, request: &mut async_graphql::Request) {
        let Some(cache) = &self.0 else {
            return;
        };
        if let Ok(document) = request.parsed_query() {
            let document = Arc::new(document.clone());
            cache.insert(Arc::from(request.query.as_str()), document);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(documents: &Documents, query: &str) -> Option<ExecutableDocument> {
        let mut request = async_graphql::Request::new(query);
        if !documents.recall(&mut request) {
            documents.keep(&mut request);
        }
        request.parsed_query().ok().cloned()
    }

    #[test]
    fn a_text_seen_before_gets_the_document_it_parsed_to() {
        let documents = Documents::new(10);
        let query = "query($id: ID!) { section11Return(id: $id) { id grades { moderatedGrade } } }";
        let first = parsed(&documents, query).expect("parses");
        assert_eq!(
            documents.0.as_ref().map(|c| c.get(query).is_some()),
            Some(true)
        );
        let again = parsed(&documents, query).expect("from memory");
        assert_eq!(format!("{again:?}"), format!("{first:?}"));
        let other = parsed(&documents, "{ partnerships { code } }").expect("parses");
        assert_ne!(format!("{other:?}"), format!("{first:?}"));
    }

    #[test]
    fn a_text_that_does_not_parse_is_not_kept() {
        let documents = Documents::new(10);
        assert!(parsed(&documents, "{ not closed").is_none());
        assert_eq!(
            documents
                .0
                .as_ref()
                .map(|c| c.get("{ not closed").is_some()),
            Some(false)
        );
        assert!(parsed(&Documents::new(0), "{ partnerships { code } }").is_some());
    }
}
