//! A limit on field aliases, which async-graphql does not have built in: many
//! aliases of one expensive field multiply its cost past the complexity limit's
//! view of one field each.
//!
//! Checked by the HTTP layer before execution rather than as a schema
//! extension: any registered extension makes async-graphql route every field
//! of every response through its extension chain, which cost about 6% of the
//! CPU of a page of returns.
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, Selection, SelectionSet,
};
use async_graphql::ServerError;

/// The refusal for a request using more than `max` aliases; `None` when it is
/// within the limit or does not parse (the executor reports that itself).
/// The document is parsed through the request, which keeps it: the executor
/// then uses it rather than parsing the query a second time.
pub fn check_aliases(request: &mut async_graphql::Request, max: usize) -> Option<ServerError> {
    let count = count_aliases(request.parsed_query().ok()?);
    (count > max).then(|| {
        ServerError::new(
            format!("the query uses {count} aliases; at most {max} are allowed"),
            None,
        )
    })
}

fn count_aliases(document: &ExecutableDocument) -> usize {
    let operations: usize = match &document.operations {
        DocumentOperations::Single(op) => in_selection_set(&op.node.selection_set.node),
        DocumentOperations::Multiple(ops) => ops
            .values()
            .map(|op| in_selection_set(&op.node.selection_set.node))
            .sum(),
    };
    let fragments: usize = document
        .fragments
        .values()
        .map(|f| in_selection_set(&f.node.selection_set.node))
        .sum();
    operations + fragments
}

fn in_selection_set(set: &SelectionSet) -> usize {
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(field) => {
                usize::from(field.node.alias.is_some())
                    + in_selection_set(&field.node.selection_set.node)
            }
            Selection::InlineFragment(fragment) => {
                in_selection_set(&fragment.node.selection_set.node)
            }
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_in_fields_fragments_and_inline_fragments_all_count() {
        let query = "query { a: partnerships { b: code } ...F ... on QueryRoot { c: me { role } } }
                     fragment F on QueryRoot { d: partnerships { code } }";
        let request = || async_graphql::Request::new(query);
        assert!(check_aliases(&mut request(), 4).is_none());
        let refusal = check_aliases(&mut request(), 3).expect("refused");
        assert!(refusal.message.contains("4 aliases"));
        assert!(
            check_aliases(&mut async_graphql::Request::new("{ not closed"), 0).is_none(),
            "left to the executor"
        );
    }
}
