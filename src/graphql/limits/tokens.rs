//! Counting a document's tokens before anything parses it.
//!
//! Parsing builds a tree of every definition, so a 1 MB document of 100,000
//! variable definitions cost seconds and hundreds of MiB before validation
//! refused it. Lexing is linear and allocates nothing, and stops one token past
//! the limit. Only significant tokens count, as in the GraphQL specification
//! and graphql-armor: white space, commas and comments are ignored tokens.
use apollo_parser::{Lexer, TokenKind};

use super::{Limit, Refusal};
use crate::config::QueryLimits;

pub(super) fn check(text: &str, limits: &QueryLimits) -> Result<(), Refusal> {
    let counted = count(text, limits.max_tokens);
    if counted > limits.max_tokens {
        return Err(Refusal::new(Limit::Tokens, counted as u64, limits));
    }
    Ok(())
}

/// Significant tokens in `text`, counting no further than `max + 1`. A
/// character the lexer does not know counts as a token; the parser reports it.
fn count(text: &str, max: usize) -> usize {
    let mut counted = 0;
    for token in Lexer::new(text) {
        let significant = match token {
            Ok(token) => !matches!(
                token.kind(),
                TokenKind::Whitespace | TokenKind::Comment | TokenKind::Comma | TokenKind::Eof
            ),
            Err(_) => true,
        };
        if significant {
            counted += 1;
            if counted > max {
                break;
            }
        }
    }
    counted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_significant_tokens_count() {
        // `query`, `(`, `$a`(2), `:`, `Int`, `)`, `{`, `me`, `{`, `role`, `}`, `}`
        let text = "query($a: Int) {\n  # a comment\n  me , { role } }";
        assert_eq!(count(text, 100), 13);
    }

    #[test]
    fn counting_stops_one_past_the_limit() {
        let flood: String = (0..100_000).map(|i| format!("$v{i}: Int ")).collect();
        assert_eq!(
            count(&format!("query({flood}) {{ me {{ role }} }}"), 1_000),
            1_001
        );
    }

    #[test]
    fn strings_are_one_token_however_long() {
        let text = format!("{{ a(text: \"{}\") }}", "x".repeat(10_000));
        assert_eq!(count(&text, 100), 8);
    }
}
