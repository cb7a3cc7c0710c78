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
//! grades (both primed by the page's prefetch), and the list written straight
//! to JSON text as the executor's answer would serialise, with each return's
//! rendered grades copied in as they are. The text reaches the response as a
//! raw JSON value, like the grades (see [`crate::http::wire`]).
//!
//! As with grades, anything the plan does not know (fragments, directives,
//! a field named twice, a relation other than the agency and the grades, a
//! field added to the types later), an agency that is missing or a loader that
//! fails falls back to the executor's own resolution of the same objects,
//! which reports errors as it always has; a test holds the two paths to the
//! same answer for every field the plan knows.
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::parser::types::{Field, SelectionSet};
use async_graphql::registry::Registry;
use async_graphql::resolver_utils::EnumType;
use async_graphql::{
    ContextSelectionSet, Name, OutputType, Positioned, ScalarType, ServerResult, Value,
};
use chrono::{DateTime, Utc};
use entity::section11_enums::Section11Grade;
use entity::{section11_agency, section11_return};
use serde::ser::{Error as _, SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::grades::{leaf, plain_fields, GradeList, GradePlans, GradesJson, Planned};
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

/// What the page's JSON is written with: the relations its returns show,
/// loaded for the whole page at once, and where their grades' JSON is kept.
struct Written<'a> {
    agencies: HashMap<String, section11_agency::Model>,
    grades: HashMap<ReturnVersion, Grades>,
    cache: &'a GradeCache,
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
        let mut written = Written {
            agencies: HashMap::new(),
            grades: HashMap::new(),
            cache: ctx.data_unchecked::<GradeCache>(),
        };
        if asks(|f| matches!(f, NodeField::Agency(_))) {
            written.agencies = ctx
                .data_unchecked::<Cached<AgencyById>>()
                .load_many(edges.iter().map(|e| e.node.0.agency_id.clone()))
                .await
                .ok()?;
        }
        if asks(|f| matches!(f, NodeField::Grades(_))) {
            written.grades = ctx
                .data_unchecked::<Cached<GradesByReturn>>()
                .load_many(edges.iter().map(|e| ReturnVersion::of(&e.node.0)))
                .await
                .ok()?;
        }
        let json = serde_json::to_string(&EdgesJson {
            plan: self,
            edges,
            with: &written,
        })
        .ok()?;
        Some(crate::http::wire::raw_json(json))
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
}

/// The page's edges as the JSON the executor would give: written straight
/// to text rather than built as values (a map entry, with its key hashed,
/// for every field of every edge, return and agency) and then serialised.
struct EdgesJson<'a> {
    plan: &'a EdgePlan,
    edges: &'a [Section11ReturnEdge],
    with: &'a Written<'a>,
}

impl Serialize for EdgesJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut list = serializer.serialize_seq(Some(self.edges.len()))?;
        for edge in self.edges {
            list.serialize_element(&EdgeJson {
                plan: self.plan,
                edge,
                with: self.with,
            })?;
        }
        list.end()
    }
}

struct EdgeJson<'a> {
    plan: &'a EdgePlan,
    edge: &'a Section11ReturnEdge,
    with: &'a Written<'a>,
}

impl Serialize for EdgeJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.plan.fields.len()))?;
        for (key, field) in &self.plan.fields {
            let key = key.as_str();
            match field {
                EdgeField::Typename => {
                    map.serialize_entry(key, &Section11ReturnEdge::type_name())?
                }
                EdgeField::Cursor => map.serialize_entry(key, &self.edge.cursor)?,
                EdgeField::Node(plan) => map.serialize_entry(
                    key,
                    &NodeJson {
                        plan,
                        row: &self.edge.node.0,
                        with: self.with,
                    },
                )?,
            }
        }
        map.end()
    }
}

struct NodeJson<'a> {
    plan: &'a NodePlan,
    row: &'a section11_return::Model,
    with: &'a Written<'a>,
}

impl Serialize for NodeJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let row = self.row;
        let mut map = serializer.serialize_map(Some(self.plan.fields.len()))?;
        for (key, field) in &self.plan.fields {
            let key = key.as_str();
            match field {
                NodeField::Typename => map.serialize_entry(key, &Section11Return::type_name())?,
                NodeField::Id => map.serialize_entry(key, &row.id)?,
                NodeField::Partnership => {
                    map.serialize_entry(key, name_of::<_, S>(row.partnership_code)?)?
                }
                NodeField::Status => map.serialize_entry(key, name_of::<_, S>(row.status)?)?,
                NodeField::OverallGrade => {
                    map.serialize_entry(key, &grade::<S>(row.overall_grade)?)?
                }
                NodeField::ModeratedOverallGrade => {
                    map.serialize_entry(key, &grade::<S>(row.moderated_overall_grade)?)?
                }
                NodeField::EffectiveOverallGrade => map.serialize_entry(
                    key,
                    &grade::<S>(row.moderated_overall_grade.or(row.overall_grade))?,
                )?,
                NodeField::ValidationNote => map.serialize_entry(key, &row.validation_note)?,
                NodeField::Source => map.serialize_entry(key, &row.source)?,
                NodeField::Illustrative => map.serialize_entry(key, &row.illustrative)?,
                NodeField::Version => map.serialize_entry(key, &row.version)?,
                NodeField::CreatedAt => map.serialize_entry(key, &time(Some(&row.created_at)))?,
                NodeField::CreatedBy => map.serialize_entry(key, &row.created_by)?,
                NodeField::UpdatedAt => map.serialize_entry(key, &time(Some(&row.updated_at)))?,
                NodeField::UpdatedBy => map.serialize_entry(key, &row.updated_by)?,
                NodeField::SubmittedAt => {
                    map.serialize_entry(key, &time(row.submitted_at.as_ref()))?
                }
                NodeField::SubmittedBy => map.serialize_entry(key, &row.submitted_by)?,
                NodeField::ValidatedAt => {
                    map.serialize_entry(key, &time(row.validated_at.as_ref()))?
                }
                NodeField::ValidatedBy => map.serialize_entry(key, &row.validated_by)?,
                NodeField::PublishedAt => {
                    map.serialize_entry(key, &time(row.published_at.as_ref()))?
                }
                NodeField::PublishedBy => map.serialize_entry(key, &row.published_by)?,
                NodeField::Agency(plan) => {
                    let agency = self
                        .with
                        .agencies
                        .get(&row.agency_id)
                        .ok_or_else(|| S::Error::custom("the agency is not loaded"))?;
                    map.serialize_entry(key, &AgencyJson { plan, agency })?
                }
                NodeField::Grades(planned) => {
                    let of = ReturnVersion::of(row);
                    let grades = self.with.grades.get(&of).cloned().unwrap_or_default();
                    match planned
                        .json(self.with.cache, &GradeList { of, grades })
                        .map_err(S::Error::custom)?
                    {
                        GradesJson::Rendered(json) => map.serialize_entry(key, &*json)?,
                        GradesJson::Plain(value) => map.serialize_entry(key, &value)?,
                    }
                }
            }
        }
        map.end()
    }
}

struct AgencyJson<'a> {
    plan: &'a AgencyPlan,
    agency: &'a section11_agency::Model,
}

impl Serialize for AgencyJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let agency = self.agency;
        let mut map = serializer.serialize_map(Some(self.plan.fields.len()))?;
        for (key, field) in &self.plan.fields {
            let key = key.as_str();
            match field {
                AgencyField::Typename => map.serialize_entry(key, &Agency::type_name())?,
                AgencyField::Id => map.serialize_entry(key, &agency.id)?,
                AgencyField::Name => map.serialize_entry(key, &agency.name)?,
                AgencyField::Sector => map.serialize_entry(key, name_of::<_, S>(agency.sector)?)?,
                AgencyField::Source => map.serialize_entry(key, &agency.source)?,
                AgencyField::Illustrative => map.serialize_entry(key, &agency.illustrative)?,
                AgencyField::CreatedAt => {
                    map.serialize_entry(key, &time(Some(&agency.created_at)))?
                }
            }
        }
        map.end()
    }
}

/// An enum value's GraphQL name, as the executor writes it.
fn name_of<T: EnumType, S: Serializer>(value: T) -> Result<&'static str, S::Error> {
    T::items()
        .iter()
        .find(|item| item.value == value)
        .map(|item| item.name)
        .ok_or_else(|| S::Error::custom("an enum value without a GraphQL name"))
}

fn grade<S: Serializer>(value: Option<Section11Grade>) -> Result<Option<&'static str>, S::Error> {
    value.map(name_of::<_, S>).transpose()
}

/// A date and time as the executor writes it.
fn time(value: Option<&DateTime<Utc>>) -> Value {
    value.map_or(Value::Null, ScalarType::to_value)
}
