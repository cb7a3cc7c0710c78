//! A parsed document's cost, with each fragment's cost computed once.
//!
//! The cost of a selection set is what executing it would visit: its fields
//! (each counted as async-graphql's default complexity of 1), their aliases
//! and directives, and its depth, with every fragment spread standing for its
//! fragment's whole cost. Fragments are costed on first use and remembered, so
//! a fragment spread a million times over is still walked once, and the
//! counts saturate instead of overflowing. The walk stops at the first limit
//! passed. Every operation and every fragment definition is held to the
//! limits, since validation walks unused fragments too.
use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

use super::{FragmentCycle, Limit, Refusal};
use crate::config::QueryLimits;

#[derive(Debug)]
pub(super) enum Refused {
    Limit(Refusal),
    Cycle(FragmentCycle),
}

/// What a selection set costs once its fragments are expanded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Cost {
    fields: u64,
    aliases: u64,
    directives: u64,
    depth: u64,
}

impl Cost {
    fn then(self, other: Cost) -> Cost {
        Cost {
            fields: self.fields.saturating_add(other.fields),
            aliases: self.aliases.saturating_add(other.aliases),
            directives: self.directives.saturating_add(other.directives),
            depth: self.depth.max(other.depth),
        }
    }
}

enum Memo {
    InProgress,
    Done(Cost),
}

struct Walk<'a> {
    document: &'a ExecutableDocument,
    limits: &'a QueryLimits,
    fragments: HashMap<&'a str, Memo>,
}

pub(super) fn check(document: &ExecutableDocument, limits: &QueryLimits) -> Result<(), Refused> {
    let refuse =
        |limit, counted: usize| Err(Refused::Limit(Refusal::new(limit, counted as u64, limits)));
    if document.fragments.len() > limits.max_fragments {
        return refuse(Limit::Fragments, document.fragments.len());
    }
    let variables: usize = document
        .operations
        .iter()
        .map(|(_, op)| op.node.variable_definitions.len())
        .sum();
    if variables > limits.max_variables {
        return refuse(Limit::Variables, variables);
    }
    let mut walk = Walk {
        document,
        limits,
        fragments: HashMap::new(),
    };
    for (_, operation) in document.operations.iter() {
        let own = operation.node.directives.len()
            + operation
                .node
                .variable_definitions
                .iter()
                .map(|v| v.node.directives.len())
                .sum::<usize>();
        let cost = walk.selection_set(&operation.node.selection_set.node, 0)?;
        walk.within(cost.then(Cost {
            directives: own as u64,
            ..Cost::default()
        }))?;
    }
    for name in document.fragments.keys() {
        walk.fragment(name, 0)?;
    }
    Ok(())
}

impl<'a> Walk<'a> {
    fn within(&self, cost: Cost) -> Result<Cost, Refused> {
        let limits = self.limits;
        let over = |limit: Limit, counted: u64| {
            (counted > limit.max(limits) as u64)
                .then(|| Refused::Limit(Refusal::new(limit, counted, limits)))
        };
        match over(Limit::Fields, cost.fields)
            .or_else(|| over(Limit::Aliases, cost.aliases))
            .or_else(|| over(Limit::Directives, cost.directives))
            .or_else(|| over(Limit::Depth, cost.depth))
        {
            Some(refused) => Err(refused),
            None => Ok(cost),
        }
    }

    /// `depth` is how deep the selection set stands in what is being costed;
    /// it only guards against a document nested past the limit before any
    /// cost is known (the parser allows 64 levels).
    fn selection_set(&mut self, set: &'a SelectionSet, depth: u64) -> Result<Cost, Refused> {
        if depth > self.limits.max_depth as u64 {
            return Err(Refused::Limit(Refusal::new(
                Limit::Depth,
                depth,
                self.limits,
            )));
        }
        let mut total = Cost::default();
        for item in &set.items {
            let cost = match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let inner = self.selection_set(&field.selection_set.node, depth + 1)?;
                    Cost {
                        fields: inner.fields.saturating_add(1),
                        aliases: inner
                            .aliases
                            .saturating_add(u64::from(field.alias.is_some())),
                        directives: inner
                            .directives
                            .saturating_add(field.directives.len() as u64),
                        depth: inner.depth + 1,
                    }
                }
                Selection::FragmentSpread(spread) => {
                    let spread = &spread.node;
                    self.fragment(&spread.fragment_name.node, depth)?
                        .then(Cost {
                            directives: spread.directives.len() as u64,
                            ..Cost::default()
                        })
                }
                Selection::InlineFragment(inline) => {
                    let inline = &inline.node;
                    self.selection_set(&inline.selection_set.node, depth)?
                        .then(Cost {
                            directives: inline.directives.len() as u64,
                            ..Cost::default()
                        })
                }
            };
            total = self.within(total.then(cost))?;
        }
        Ok(total)
    }

    /// A fragment's cost, from memory after its first use. An unknown
    /// fragment costs nothing here; validation reports it.
    fn fragment(&mut self, name: &'a str, depth: u64) -> Result<Cost, Refused> {
        match self.fragments.get(name) {
            Some(Memo::Done(cost)) => return Ok(*cost),
            Some(Memo::InProgress) => return Err(Refused::Cycle(FragmentCycle(name.to_string()))),
            None => {}
        }
        let Some((key, definition)) = self.document.fragments.get_key_value(name) else {
            return Ok(Cost::default());
        };
        self.fragments.insert(key.as_str(), Memo::InProgress);
        let cost = self
            .selection_set(&definition.node.selection_set.node, depth)?
            .then(Cost {
                directives: definition.node.directives.len() as u64,
                ..Cost::default()
            });
        let cost = self.within(cost)?;
        self.fragments.insert(key.as_str(), Memo::Done(cost));
        Ok(cost)
    }
}

#[cfg(test)]
mod tests {
    use super::super::shapes::fragment_bomb;
    use super::super::tests::limits;
    use super::*;
    use async_graphql::parser::parse_query;

    fn cost_of(query: &str, limits: &QueryLimits) -> Result<(), Refused> {
        check(&parse_query(query).expect("parses"), limits)
    }

    fn refused_by(query: &str, limits: &QueryLimits) -> Option<Limit> {
        match cost_of(query, limits) {
            Err(Refused::Limit(r)) => Some(r.limit),
            _ => None,
        }
    }

    #[test]
    fn a_fragment_bomb_is_refused_on_its_field_count() {
        let mut limits = limits();
        limits.max_fragments = 100;
        for levels in [13, 30, 60] {
            assert_eq!(
                refused_by(&fragment_bomb(levels), &limits),
                Some(Limit::Fields),
                "{levels} levels"
            );
        }
        // 2^10 spreads of a 2-field fragment is within 5,000 fields.
        assert!(cost_of(&fragment_bomb(10), &limits).is_ok());
    }

    #[test]
    fn depth_counts_through_fragments_and_inline_fragments() {
        let mut limits = limits();
        limits.max_depth = 3;
        let three = "{ a { b { c } } }";
        assert!(cost_of(three, &limits).is_ok());
        let four_through_fragments =
            "{ a { ...B } } fragment B on X { b { ... on Y { c { d } } } }";
        assert_eq!(
            refused_by(four_through_fragments, &limits),
            Some(Limit::Depth)
        );
    }

    #[test]
    fn fields_aliases_and_directives_multiply_with_each_spread() {
        let mut limits = limits();
        limits.max_aliases = 3;
        let twice = "{ ...A ...A } fragment A on Q { x: a y: b }";
        assert_eq!(refused_by(twice, &limits), Some(Limit::Aliases));
        limits.max_aliases = 4;
        assert!(cost_of(twice, &limits).is_ok());

        limits.max_directives = 2;
        let directives = "{ ...A @include(if: true) ...A } fragment A on Q { a @skip(if: false) }";
        assert_eq!(refused_by(directives, &limits), Some(Limit::Directives));
    }

    #[test]
    fn fragment_and_variable_definitions_are_counted() {
        let mut limits = limits();
        limits.max_fragments = 2;
        let three = "{ a } fragment A on Q { a } fragment B on Q { b } fragment C on Q { c }";
        assert_eq!(refused_by(three, &limits), Some(Limit::Fragments));
        limits.max_variables = 2;
        assert_eq!(
            refused_by("query($a: Int, $b: Int, $c: Int) { a }", &limits),
            Some(Limit::Variables)
        );
        assert!(cost_of("query($a: Int, $b: Int) { a }", &limits).is_ok());
    }

    #[test]
    fn an_unused_fragment_is_held_to_the_limits_too() {
        let mut limits = limits();
        limits.max_fragments = 100;
        let unused = fragment_bomb(30).replacen("query { ...F0 }", "query { me { role } }", 1);
        assert_eq!(refused_by(&unused, &limits), Some(Limit::Fields));
    }
}
