//! What a GraphQL document may cost, measured before async-graphql validates
//! or executes it.
//!
//! async-graphql's own depth and complexity checks and several of its
//! validation rules follow every fragment spread afresh, so a document of a
//! kilobyte whose fragments each spread the next one twice costs 2^n steps
//! before any limit refuses it (the class of GHSA-mfj6-6p54-m98c). Here a
//! document is refused in time linear in its length: its significant tokens
//! are counted before it is parsed ([`tokens`]), and once parsed its cost is
//! computed with each fragment's cost worked out once and reused ([`cost`]),
//! stopping at the first limit passed. Only then does the library see it; its
//! own depth and complexity limits stay as a second line (they know each
//! field's declared complexity).
//!
//! Checked by the HTTP layer rather than as a schema extension: any
//! registered extension makes async-graphql route every field of every
//! response through its extension chain.
mod cost;
pub mod shapes;
mod tokens;

use async_graphql::ServerError;

use crate::config::QueryLimits;
use crate::http::documents::Documents;

/// One limit a document passed, for the refusal's message and
/// `extensions.limit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Tokens,
    Depth,
    Fields,
    Aliases,
    Fragments,
    Variables,
    Directives,
}

impl Limit {
    /// The setting that configures the limit.
    pub fn setting(self) -> &'static str {
        match self {
            Limit::Tokens => "GRAPHQL_MAX_TOKENS",
            Limit::Depth => "GRAPHQL_MAX_DEPTH",
            Limit::Fields => "GRAPHQL_MAX_COMPLEXITY",
            Limit::Aliases => "GRAPHQL_MAX_ALIASES",
            Limit::Fragments => "GRAPHQL_MAX_FRAGMENTS",
            Limit::Variables => "GRAPHQL_MAX_VARIABLES",
            Limit::Directives => "GRAPHQL_MAX_DIRECTIVES",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Limit::Tokens => "tokens",
            Limit::Depth => "levels of nesting",
            Limit::Fields => "fields once its fragments are expanded",
            Limit::Aliases => "aliases once its fragments are expanded",
            Limit::Fragments => "fragment definitions",
            Limit::Variables => "declared variables",
            Limit::Directives => "directives once its fragments are expanded",
        }
    }

    fn max(self, limits: &QueryLimits) -> usize {
        match self {
            Limit::Tokens => limits.max_tokens,
            Limit::Depth => limits.max_depth,
            Limit::Fields => limits.max_complexity,
            Limit::Aliases => limits.max_aliases,
            Limit::Fragments => limits.max_fragments,
            Limit::Variables => limits.max_variables,
            Limit::Directives => limits.max_directives,
        }
    }
}

/// A document over one of the limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub limit: Limit,
    /// What was counted when the check stopped: at least `max + 1`, not
    /// necessarily the document's whole count (counting stops early).
    pub counted: u64,
    pub max: usize,
}

impl Refusal {
    fn new(limit: Limit, counted: u64, limits: &QueryLimits) -> Self {
        Refusal {
            limit,
            counted,
            max: limit.max(limits),
        }
    }

    /// The refusal as the request error the client receives.
    pub fn into_server_error(self) -> ServerError {
        let message = if self.limit == Limit::Depth || self.counted == self.max as u64 + 1 {
            format!(
                "the document has more than {} {}; at most {} are allowed",
                self.max,
                self.limit.what(),
                self.max
            )
        } else {
            format!(
                "the document has at least {} {}; at most {} are allowed",
                self.counted,
                self.limit.what(),
                self.max
            )
        };
        let mut error = ServerError::new(message, None);
        let extensions = error.extensions.get_or_insert_with(Default::default);
        extensions.set("limit", self.limit.setting());
        error
    }
}

/// A fragment that spreads itself, directly or through others: the document
/// cannot be valid, and walking it would never end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FragmentCycle(pub String);

/// Admits `request`'s document or refuses it. An admitted document is parsed
/// and handed to the request (from memory when its text was admitted before),
/// so the executor does not parse it again. A text that does not parse is
/// refused here with `GRAPHQL_PARSE_FAILED`, decided by the parser's own error
/// type rather than by its message.
pub fn admit(
    request: &mut async_graphql::Request,
    limits: &QueryLimits,
    documents: &Documents,
) -> Result<(), ServerError> {
    if documents.recall(request) {
        return Ok(());
    }
    tokens::check(&request.query, limits).map_err(Refusal::into_server_error)?;
    let document = async_graphql::parser::parse_query(&request.query).map_err(parse_failed)?;
    match cost::check(&document, limits) {
        Ok(()) => {}
        Err(cost::Refused::Limit(refusal)) => return Err(refusal.into_server_error()),
        Err(cost::Refused::Cycle(FragmentCycle(name))) => {
            return Err(ServerError::new(
                format!("fragment `{name}` spreads itself; fragments must not form cycles"),
                None,
            ))
        }
    }
    request.set_parsed_query(document);
    documents.keep(request);
    Ok(())
}

/// The request error for a text that is not a GraphQL document.
fn parse_failed(error: async_graphql::parser::Error) -> ServerError {
    let mut error = ServerError::from(error);
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", crate::error::code::GRAPHQL_PARSE_FAILED);
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn limits() -> QueryLimits {
        QueryLimits {
            max_tokens: 1_000,
            max_depth: 16,
            max_complexity: 5_000,
            max_aliases: 15,
            max_fragments: 50,
            max_variables: 50,
            max_directives: 50,
        }
    }

    fn admit_text(query: &str, limits: &QueryLimits) -> Result<(), ServerError> {
        admit(
            &mut async_graphql::Request::new(query),
            limits,
            &Documents::new(1),
        )
    }

    #[test]
    fn a_refusal_names_its_setting_and_the_limit() {
        let refused = admit_text(&"{ a }".repeat(600), &limits()).expect_err("too many tokens");
        assert!(
            refused.message.contains("at most 1000 are allowed"),
            "{refused:?}"
        );
        let ext = refused.extensions.expect("extensions");
        assert_eq!(
            ext.get("limit"),
            Some(&async_graphql::Value::from("GRAPHQL_MAX_TOKENS"))
        );
    }

    #[test]
    fn aliases_in_fields_fragments_and_inline_fragments_all_count() {
        let query = "query { a: partnerships { b: code } ...F ... on QueryRoot { c: me { role } } }
                     fragment F on QueryRoot { d: partnerships { code } }";
        let mut four = limits();
        four.max_aliases = 4;
        assert!(admit_text(query, &four).is_ok());
        four.max_aliases = 3;
        let refused = admit_text(query, &four).expect_err("refused");
        assert!(refused.message.contains("aliases"), "{refused:?}");
    }

    #[test]
    fn a_text_that_does_not_parse_is_refused_as_a_parse_failure() {
        for text in ["{ not closed", "", "query { a(x: ) }"] {
            let refused = admit_text(text, &limits()).expect_err("does not parse");
            assert_eq!(
                refused.extensions.and_then(|e| e.get("code").cloned()),
                Some(async_graphql::Value::from("GRAPHQL_PARSE_FAILED")),
                "{text:?}"
            );
            assert!(!refused.locations.is_empty(), "{text:?}: says where");
        }
    }

    #[test]
    fn a_fragment_cycle_is_refused_without_walking_it_forever() {
        let refused = admit_text(
            "{ ...A } fragment A on QueryRoot { ...B } fragment B on QueryRoot { ...A }",
            &limits(),
        )
        .expect_err("cycle");
        assert!(refused.message.contains("cycles"), "{refused:?}");
    }

    #[test]
    fn a_document_admitted_once_is_admitted_from_memory() {
        let documents = Documents::new(1);
        let query = "{ partnerships { code } }";
        admit(
            &mut async_graphql::Request::new(query),
            &limits(),
            &documents,
        )
        .expect("admitted");
        let mut again = async_graphql::Request::new(query);
        assert!(documents.recall(&mut again), "kept");
    }
}
