//! A page's Section 11 returns as one GraphQL list of edges, built directly
//! when the selection asks only for what the page already holds.
//!
//! Once a page's agencies and grades were in memory and its grades rendered
//! to JSON once (see [`super::grades`]), what was left of the server's CPU
//! for a page of 100 returns was mostly the executor's own work per return:
//! a future, a context and a map entry for every field of every edge, node
//! and agency, and a DataLoader call for each return's agency and grades.
//! Every field this module knows reads the return's row, its agency or its
//! grades, so when a selection asks for nothing else, the list is built
//! directly: one DataLoader call for all the page's agencies, one for all its
//! grades (both primed by the page's prefetch), and the values as the
//! executor would give them.
//!
//! As with grades, anything the plan does not know (fragments, directives,
//! a field named twice, a relation other than the agency and the grades, a
//! field added to the types later), an agency that is missing or a loader that
//! fails falls back to the executor's own resolution of the same objects,
//! which reports errors as it always has; a test holds the two paths to the
//! same answer for every field the plan knows.
use std::borrow::Cow;
use std::collections::HashMap;

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{Field, SelectionSet};
use async_graphql::registry::Registry;
use async_graphql::resolver_utils::enum_value;
use async_graphql::{
    ContextSelectionSet, Name, OutputType, Positioned, ScalarType, ServerResult, Value,
};
use chrono::{DateTime, Utc};
use entity::{section11_agency, section11_return};
use std::sync::Arc;

use super::grades::{grade_value, leaf, plain_fields, typename, GradeList, GradePlans, Planned};
use super::types::{Agency, Section11Return, Section11ReturnEdge};
use crate::section11::grade_cache::{GradeCache, Grades};
use crate::section11::loaders::{AgencyById, Cached, GradesByReturn, ReturnVersion};

/// The edges of a page of returns: `[Section11ReturnEdge!]!` in the schema,
/// exactly as a `Vec<Section11ReturnEdge>` would be.
pub struct ReturnEdges(Vec<Section11ReturnEdge>);

impl From<Vec<Section11ReturnEdge>> for ReturnEdges {
    fn from(edges: Vec<Section11ReturnEdge>) -> Self {
        ReturnEdges(edges)
    }
}

impl OutputType for ReturnEdges {
    fn type_name() -> Cow<'static, str> {
        <Vec<Section11ReturnEdge> as OutputType>::type_name()
    }

    fn qualified_type_name() -> String {
        <Vec<Section11ReturnEdge> as OutputType>::qualified_type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        <Vec<Section11ReturnEdge> as OutputType>::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        let plans = ctx.data_unchecked::<GradePlans>();
        if let Some(plan) = EdgePlan::of(&ctx.item.node, plans) {
            if let Some(value) = plan.list(ctx, &self.0).await {
                return Ok(value);
            }
        }
        self.0.resolve(ctx, field).await
    }
}

/// What a selection asks of each edge, in the order it asks.
struct EdgePlan {
    fields: Vec<(Name, EdgeField)>,
}

enum EdgeField {
    Typename,
    Cursor,
    Node(NodePlan),
}

/// What a selection asks of each return.
struct NodePlan {
    fields: Vec<(Name, NodeField)>,
}

enum NodeField {
    Typename,
    Id,
    Partnership,
    Status,
    OverallGrade,
    ModeratedOverallGrade,
    EffectiveOverallGrade,
    ValidationNote,
    Source,
    Illustrative,
    Version,
    CreatedAt,
    CreatedBy,
    UpdatedAt,
    UpdatedBy,
    SubmittedAt,
    SubmittedBy,
    ValidatedAt,
    ValidatedBy,
    PublishedAt,
    PublishedBy,
    Agency(AgencyPlan),
    Grades(Arc<Planned>),
}

/// What a selection asks of a return's agency.
struct AgencyPlan {
    fields: Vec<(Name, AgencyField)>,
}

enum AgencyField {
    Typename,
    Id,
    Name,
    Sector,
    Source,
    Illustrative,
    CreatedAt,
}

/// The relations a page's returns show, loaded for the whole page at once.
struct Loaded {
    agencies: HashMap<String, section11_agency::Model>,
    grades: HashMap<ReturnVersion, Grades>,
}

impl EdgePlan {
    fn of(set: &SelectionSet, plans: &GradePlans) -> Option<EdgePlan> {
        let mut fields = Vec::new();
        for (key, field) in plain_fields(set)? {
            let step = match field.name.node.as_str() {
                "__typename" => leaf(field).map(|_| EdgeField::Typename),
                "cursor" => leaf(field).map(|_| EdgeField::Cursor),
                "node" => NodePlan::of(&field.selection_set.node, plans).map(EdgeField::Node),
                _ => None,
            }?;
            fields.push((key.clone(), step));
        }
        Some(EdgePlan { fields })
    }

    fn node(&self) -> Option<&NodePlan> {
        self.fields.iter().find_map(|(_, f)| match f {
            EdgeField::Node(plan) => Some(plan),
            _ => None,
        })
    }

    /// The list's value, or `None` when the executor must give it.
    async fn list(
        &self,
        ctx: &ContextSelectionSet<'_>,
        edges: &[Section11ReturnEdge],
    ) -> Option<Value> {
        let node = self.node();
        let asks = |wanted: fn(&NodeField) -> bool| {
            node.is_some_and(|n| n.fields.iter().any(|(_, f)| wanted(f)))
        };
        let mut loaded = Loaded {
            agencies: HashMap::new(),
            grades: HashMap::new(),
        };
        if asks(|f| matches!(f, NodeField::Agency(_))) {
            loaded.agencies = ctx
                .data_unchecked::<Cached<AgencyById>>()
                .load_many(edges.iter().map(|e| e.node.0.agency_id.clone()))
                .await
                .ok()?;
        }
        if asks(|f| matches!(f, NodeField::Grades(_))) {
            loaded.grades = ctx
                .data_unchecked::<Cached<GradesByReturn>>()
                .load_many(edges.iter().map(|e| ReturnVersion::of(&e.node.0)))
                .await
                .ok()?;
        }
        let cache = ctx.data_unchecked::<GradeCache>();
        let items = edges
            .iter()
            .map(|edge| self.value(edge, &loaded, cache))
            .collect::<Option<Vec<Value>>>()?;
        Some(Value::List(items))
    }

    fn value(
        &self,
        edge: &Section11ReturnEdge,
        loaded: &Loaded,
        cache: &GradeCache,
    ) -> Option<Value> {
        object(&self.fields, |field| {
            Some(match field {
                EdgeField::Typename => typename::<Section11ReturnEdge>(),
                EdgeField::Cursor => Value::String(edge.cursor.clone()),
                EdgeField::Node(plan) => plan.value(&edge.node.0, loaded, cache)?,
            })
        })
    }
}

impl NodePlan {
    fn of(set: &SelectionSet, plans: &GradePlans) -> Option<NodePlan> {
        let mut fields = Vec::new();
        for (key, field) in plain_fields(set)? {
            let name = field.name.node.as_str();
            let step = match name {
                "agency" => AgencyPlan::of(&field.selection_set.node).map(NodeField::Agency),
                "grades" => plans.of(&field.selection_set).map(NodeField::Grades),
                _ => leaf(field).and_then(|_| NodeField::scalar(name)),
            }?;
            fields.push((key.clone(), step));
        }
        // An empty selection does not validate; leave it to the executor.
        (!fields.is_empty()).then_some(NodePlan { fields })
    }

    fn value(
        &self,
        row: &section11_return::Model,
        loaded: &Loaded,
        cache: &GradeCache,
    ) -> Option<Value> {
        object(&self.fields, |field| {
            Some(match field {
                NodeField::Typename => typename::<Section11Return>(),
                NodeField::Id => Value::String(row.id.clone()),
                NodeField::Partnership => enum_value(row.partnership_code),
                NodeField::Status => enum_value(row.status),
                NodeField::OverallGrade => row.overall_grade.map_or(Value::Null, grade_value),
                NodeField::ModeratedOverallGrade => {
                    row.moderated_overall_grade.map_or(Value::Null, grade_value)
                }
                NodeField::EffectiveOverallGrade => row
                    .moderated_overall_grade
                    .or(row.overall_grade)
                    .map_or(Value::Null, grade_value),
                NodeField::ValidationNote => text(row.validation_note.as_deref()),
                NodeField::Source => Value::String(row.source.clone()),
                NodeField::Illustrative => Value::Boolean(row.illustrative),
                NodeField::Version => Value::Number(row.version.into()),
                NodeField::CreatedAt => time(Some(&row.created_at)),
                NodeField::CreatedBy => Value::String(row.created_by.clone()),
                NodeField::UpdatedAt => time(Some(&row.updated_at)),
                NodeField::UpdatedBy => Value::String(row.updated_by.clone()),
                NodeField::SubmittedAt => time(row.submitted_at.as_ref()),
                NodeField::SubmittedBy => text(row.submitted_by.as_deref()),
                NodeField::ValidatedAt => time(row.validated_at.as_ref()),
                NodeField::ValidatedBy => text(row.validated_by.as_deref()),
                NodeField::PublishedAt => time(row.published_at.as_ref()),
                NodeField::PublishedBy => text(row.published_by.as_deref()),
                NodeField::Agency(plan) => plan.value(loaded.agencies.get(&row.agency_id)?)?,
                NodeField::Grades(planned) => {
                    let of = ReturnVersion::of(row);
                    let grades = loaded.grades.get(&of).cloned().unwrap_or_default();
                    planned.render(cache, &GradeList { of, grades }).ok()?
                }
            })
        })
    }
}

impl NodeField {
    /// The leaf field `name` of a return, if the plan knows it.
    fn scalar(name: &str) -> Option<NodeField> {
        Some(match name {
            "__typename" => NodeField::Typename,
            "id" => NodeField::Id,
            "partnership" => NodeField::Partnership,
            "status" => NodeField::Status,
            "overallGrade" => NodeField::OverallGrade,
            "moderatedOverallGrade" => NodeField::ModeratedOverallGrade,
            "effectiveOverallGrade" => NodeField::EffectiveOverallGrade,
            "validationNote" => NodeField::ValidationNote,
            "source" => NodeField::Source,
            "illustrative" => NodeField::Illustrative,
            "version" => NodeField::Version,
            "createdAt" => NodeField::CreatedAt,
            "createdBy" => NodeField::CreatedBy,
            "updatedAt" => NodeField::UpdatedAt,
            "updatedBy" => NodeField::UpdatedBy,
            "submittedAt" => NodeField::SubmittedAt,
            "submittedBy" => NodeField::SubmittedBy,
            "validatedAt" => NodeField::ValidatedAt,
            "validatedBy" => NodeField::ValidatedBy,
            "publishedAt" => NodeField::PublishedAt,
            "publishedBy" => NodeField::PublishedBy,
            _ => return None,
        })
    }
}

impl AgencyPlan {
    fn of(set: &SelectionSet) -> Option<AgencyPlan> {
        let mut fields = Vec::new();
        for (key, field) in plain_fields(set)? {
            leaf(field)?;
            let step = match field.name.node.as_str() {
                "__typename" => AgencyField::Typename,
                "id" => AgencyField::Id,
                "name" => AgencyField::Name,
                "sector" => AgencyField::Sector,
                "source" => AgencyField::Source,
                "illustrative" => AgencyField::Illustrative,
                "createdAt" => AgencyField::CreatedAt,
                _ => return None,
            };
            fields.push((key.clone(), step));
        }
        (!fields.is_empty()).then_some(AgencyPlan { fields })
    }

    fn value(&self, agency: &section11_agency::Model) -> Option<Value> {
        object(&self.fields, |field| {
            Some(match field {
                AgencyField::Typename => typename::<Agency>(),
                AgencyField::Id => Value::String(agency.id.clone()),
                AgencyField::Name => Value::String(agency.name.clone()),
                AgencyField::Sector => enum_value(agency.sector),
                AgencyField::Source => Value::String(agency.source.clone()),
                AgencyField::Illustrative => Value::Boolean(agency.illustrative),
                AgencyField::CreatedAt => time(Some(&agency.created_at)),
            })
        })
    }
}

/// The object of the planned `fields`, in order, each valued by `value`;
/// `None` as soon as one has none.
fn object<F>(fields: &[(Name, F)], mut value: impl FnMut(&F) -> Option<Value>) -> Option<Value> {
    let mut map = IndexMap::with_capacity(fields.len());
    for (key, field) in fields {
        map.insert(key.clone(), value(field)?);
    }
    Some(Value::Object(map))
}

fn text(value: Option<&str>) -> Value {
    value.map_or(Value::Null, |s| Value::String(s.to_owned()))
}

fn time(value: Option<&DateTime<Utc>>) -> Value {
    value.map_or(Value::Null, ScalarType::to_value)
}
