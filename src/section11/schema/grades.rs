//! A return's grades as one GraphQL list, resolved without a future per field.
//!
//! A page of 100 returns holds about 2,400 grades, each with its standard.
//! Resolved as ordinary objects, every field of every grade is a boxed
//! future, a context and an entry looked up by name, and every enum value a
//! fresh allocation: on a page of 100 returns that was the largest single
//! part of the server's CPU. Every field of a grade and of its standard only
//! reads what the loader already holds, so when a selection asks for nothing
//! else, the list's value is built directly from a plan made once per list.
//!
//! Anything the plan does not know (fragments, custom directives, a field
//! named twice, a standard's `framework` or `subStandards`, a field added to
//! the object types later) falls back to async-graphql's own resolution of
//! the same objects, so the fast path can only ever be a shortcut to the
//! value the objects would give; a test holds the two paths to the same
//! answer for every field the plan knows.
//!
//! A plan's answer for a return at one version is kept as JSON in the
//! server's [`GradeCache`], under the plan's signature (its response keys
//! and fields), and handed to the response as a raw JSON value
//! (async-graphql's `raw_value`): a page read again copies 100 pieces of text
//! instead of building and serialising 4,800 objects. The schema has no JSON
//! scalar, so no other value can take the raw form.
//!
//! The hub's schema has no extensions (see [`crate::graphql::build_schema`]);
//! one that observes each field's resolution would not see a grade's fields
//! resolved here.
use std::borrow::Cow;
use std::sync::{Arc, LazyLock, Mutex};

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{Field, Selection, SelectionSet};
use async_graphql::registry::Registry;
use async_graphql::{
    ContextSelectionSet, Name, OutputType, Pos, Positioned, ServerError, ServerResult, Value,
};
use entity::section11_enums::Section11Grade;
use entity::{section11_grade, section11_standard};

use super::types::{Section11Standard, Section11StandardGrade};
use crate::section11::grade_cache::{GradeCache, Grades, Rendered};
use crate::section11::loaders::{ReturnVersion, Shared};

/// The grades of one return, in framework order, as read at its version.
pub struct GradeList {
    pub of: ReturnVersion,
    pub grades: Grades,
}

/// The list is `[Section11StandardGrade!]!` in the schema, exactly as a
/// `Vec<Section11StandardGrade>` would be: the contract does not change.
impl OutputType for GradeList {
    fn type_name() -> Cow<'static, str> {
        <Vec<Section11StandardGrade> as OutputType>::type_name()
    }

    fn qualified_type_name() -> String {
        <Vec<Section11StandardGrade> as OutputType>::qualified_type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        <Vec<Section11StandardGrade> as OutputType>::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        let Some(plan) = ctx.data_unchecked::<GradePlans>().of(ctx.item) else {
            let grades: Vec<Section11StandardGrade> = self
                .grades
                .iter()
                .cloned()
                .map(Section11StandardGrade)
                .collect();
            return grades.resolve(ctx, field).await;
        };
        plan.render(ctx.data_unchecked::<GradeCache>(), self)
            .map_err(|e| ServerError::new(e, Some(field.pos)))
    }
}

/// The plans made in one request, by the position of the selection they
/// were made from: every return of a page asks the same selection of its
/// grades, so it is planned once, not once per return.
#[derive(Default)]
pub struct GradePlans(Mutex<Vec<(Pos, Option<Arc<Planned>>)>>);

/// A plan with its signature.
pub struct Planned {
    plan: GradePlan,
    signature: Arc<str>,
}

/// The JSON of one return's grades for one selection.
pub enum GradesJson {
    /// Rendered once and kept (see [`GradeCache`]).
    Rendered(Rendered),
    /// Built for this answer: the cache is disabled.
    Plain(Value),
}

impl Planned {
    /// What this selection renders the grades of `list` to, from memory
    /// when rendered before; the error's message when rendering failed.
    pub fn json(&self, cache: &GradeCache, list: &GradeList) -> Result<GradesJson, String> {
        let rendered = cache.rendered(&list.of, self.signature.clone(), || {
            serde_json::value::to_raw_value(&self.plan.list(&list.grades))
        });
        match rendered {
            Some(Ok(json)) => Ok(GradesJson::Rendered(json)),
            Some(Err(e)) => Err(e.to_string()),
            None => Ok(GradesJson::Plain(self.plan.list(&list.grades))),
        }
    }

    /// The list's value for `list`, as [`Planned::json`] gives it.
    pub fn render(&self, cache: &GradeCache, list: &GradeList) -> Result<Value, String> {
        Ok(match self.json(cache, list)? {
            GradesJson::Rendered(json) => crate::http::wire::raw_value(json.get()),
            GradesJson::Plain(value) => value,
        })
    }
}

impl GradePlans {
    /// The plan of the grades' `selection`; `None` when it has none. A
    /// position names one selection of the request's one document, so two
    /// selections never share a plan.
    pub fn of(&self, selection: &Positioned<SelectionSet>) -> Option<Arc<Planned>> {
        let pos = selection.pos;
        let mut plans = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, planned)) = plans.iter().find(|(p, _)| *p == pos) {
            return planned.clone();
        }
        let planned = GradePlan::of(&selection.node).map(|plan| {
            let signature = Arc::from(plan.signature());
            Arc::new(Planned { plan, signature })
        });
        plans.push((pos, planned.clone()));
        planned
    }
}

/// What a selection asks of each grade, in the order it asks.
struct GradePlan {
    fields: Vec<(Name, GradeField)>,
}

enum GradeField {
    Typename,
    SelfAssessedGrade,
    ModeratedGrade,
    EffectiveGrade,
    Evidence,
    Standard(StandardPlan),
}

/// What a selection asks of a grade's standard.
struct StandardPlan {
    fields: Vec<(Name, StandardField)>,
}

enum StandardField {
    Typename,
    Id,
    Number,
    Title,
    ParentNumber,
}

/// The plain fields of a selection, each with its response key, or `None`
/// when it holds anything else or names one response key twice (which
/// GraphQL merges: left to the executor).
pub(super) fn plain_fields(set: &SelectionSet) -> Option<Vec<(&Name, &Field)>> {
    let mut out: Vec<(&Name, &Field)> = Vec::with_capacity(set.items.len());
    for selection in &set.items {
        let Selection::Field(field) = &selection.node else {
            return None;
        };
        let field = &field.node;
        if !field.directives.is_empty() || !field.arguments.is_empty() {
            return None;
        }
        let key = &field.response_key().node;
        if out.iter().any(|(k, _)| *k == key) {
            return None;
        }
        out.push((key, field));
    }
    Some(out)
}

pub(super) fn leaf(field: &Field) -> Option<()> {
    field.selection_set.node.items.is_empty().then_some(())
}

impl GradePlan {
    fn of(set: &SelectionSet) -> Option<GradePlan> {
        let mut fields = Vec::new();
        for (key, field) in plain_fields(set)? {
            let step = match field.name.node.as_str() {
                "__typename" => leaf(field).map(|_| GradeField::Typename),
                "selfAssessedGrade" => leaf(field).map(|_| GradeField::SelfAssessedGrade),
                "moderatedGrade" => leaf(field).map(|_| GradeField::ModeratedGrade),
                "effectiveGrade" => leaf(field).map(|_| GradeField::EffectiveGrade),
                "evidence" => leaf(field).map(|_| GradeField::Evidence),
                "standard" => StandardPlan::of(&field.selection_set.node).map(GradeField::Standard),
                _ => None,
            }?;
            fields.push((key.clone(), step));
        }
        Some(GradePlan { fields })
    }

    /// The list's value, as the executor would resolve it.
    fn list(&self, grades: &Grades) -> Value {
        Value::List(grades.iter().map(|g| self.value(g)).collect())
    }

    /// What the plan asks, in order, with its response keys: plans with
    /// the same signature give the same answer for the same grades.
    fn signature(&self) -> String {
        let mut out = String::new();
        for (key, field) in &self.fields {
            out.push_str(key);
            out.push(':');
            match field {
                GradeField::Typename => out.push_str("__typename"),
                GradeField::SelfAssessedGrade => out.push_str("selfAssessedGrade"),
                GradeField::ModeratedGrade => out.push_str("moderatedGrade"),
                GradeField::EffectiveGrade => out.push_str("effectiveGrade"),
                GradeField::Evidence => out.push_str("evidence"),
                GradeField::Standard(plan) => {
                    out.push_str("standard{");
                    for (key, field) in &plan.fields {
                        out.push_str(key);
                        out.push(':');
                        out.push_str(match field {
                            StandardField::Typename => "__typename",
                            StandardField::Id => "id",
                            StandardField::Number => "number",
                            StandardField::Title => "title",
                            StandardField::ParentNumber => "parentNumber",
                        });
                        out.push(' ');
                    }
                    out.push('}');
                }
            }
            out.push(' ');
        }
        out
    }

    fn value(&self, grade: &Shared<section11_grade::Model>) -> Value {
        let row = &grade.row;
        let mut map = IndexMap::with_capacity(self.fields.len());
        for (key, field) in &self.fields {
            let value = match field {
                GradeField::Typename => typename::<Section11StandardGrade>(),
                GradeField::SelfAssessedGrade => grade_value(row.self_grade),
                GradeField::ModeratedGrade => row.moderated_grade.map_or(Value::Null, grade_value),
                GradeField::EffectiveGrade => grade_value(row.effective_grade()),
                GradeField::Evidence => row
                    .evidence
                    .as_ref()
                    .map_or(Value::Null, |e| Value::String(e.clone())),
                GradeField::Standard(plan) => plan.value(&grade.standard),
            };
            map.insert(key.clone(), value);
        }
        Value::Object(map)
    }
}

impl StandardPlan {
    fn of(set: &SelectionSet) -> Option<StandardPlan> {
        let mut fields = Vec::new();
        for (key, field) in plain_fields(set)? {
            leaf(field)?;
            let step = match field.name.node.as_str() {
                "__typename" => StandardField::Typename,
                "id" => StandardField::Id,
                "number" => StandardField::Number,
                "title" => StandardField::Title,
                "parentNumber" => StandardField::ParentNumber,
                _ => return None,
            };
            fields.push((key.clone(), step));
        }
        // An empty selection does not validate; leave it to the executor.
        (!fields.is_empty()).then_some(StandardPlan { fields })
    }

    fn value(&self, standard: &section11_standard::Model) -> Value {
        let mut map = IndexMap::with_capacity(self.fields.len());
        for (key, field) in &self.fields {
            let value = match field {
                StandardField::Typename => typename::<Section11Standard>(),
                StandardField::Id => Value::String(standard.id.clone()),
                StandardField::Number => Value::String(standard.number.clone()),
                StandardField::Title => Value::String(standard.title.clone()),
                StandardField::ParentNumber => standard
                    .parent_number
                    .as_ref()
                    .map_or(Value::Null, |n| Value::String(n.clone())),
            };
            map.insert(key.clone(), value);
        }
        Value::Object(map)
    }
}

/// The four grades' enum values, made once: the executor allocates a new
/// name for every enum value it resolves.
static GRADE_NAMES: LazyLock<[Value; 4]> =
    LazyLock::new(|| Section11Grade::ALL.map(async_graphql::resolver_utils::enum_value));

fn grade_value(grade: Section11Grade) -> Value {
    let index = Section11Grade::ALL
        .iter()
        .position(|g| *g == grade)
        .expect("Section11Grade::ALL holds every grade");
    GRADE_NAMES[index].clone()
}

fn typename<T: OutputType>() -> Value {
    Value::String(T::type_name().into_owned())
}
