//! Object identification, as Relay specifies it: every record with an
//! identity implements the `Node` interface with a global `id`, and
//! `node(id:)` / `nodes(ids:)` find records by it, within the caller's scope.
//! A record out of scope is `null`, exactly like one that does not exist.
mod global_id;
mod resolve;

use async_graphql::{Context, Interface, Object, ID};

pub use global_id::{decode, Kind};

use crate::agreements::schema::SharingAgreement;
use crate::audit::schema::AuditEvent;
use crate::cdop::schema::CdopReturn;
use crate::error::{AppError, AppResult};
use crate::lado::schema::LadoReturn;
use crate::reference::schema::{CdopPanel, ChildPopulation, Partnership, ReportingPeriod};
use crate::scrutiny::types::{
    RecommendationEvent, Scrutineer, ScrutineerAppointment, ScrutinyActivity, ScrutinyFinding,
    ScrutinyRecommendation, ScrutinyTheme,
};
use crate::section11::schema::types::{
    Agency, Section11Framework, Section11Return, Section11Round, Section11Standard,
};

/// At most this many ids in one `nodes` call.
pub const MAX_IDS: usize = 100;

/// A record with an identity. Its `id` is unique across the whole schema, so
/// clients may cache records by it and find any again with `node(id:)`.
#[derive(Interface, Clone)]
#[graphql(field(
    name = "id",
    ty = "ID",
    desc = "The record's global id: unique across the schema and opaque. Arguments that name a record of this type accept it."
))]
pub enum Node {
    Partnership(Partnership),
    ReportingPeriod(ReportingPeriod),
    ChildPopulation(ChildPopulation),
    CdopPanel(CdopPanel),
    ScrutinyTheme(ScrutinyTheme),
    AuditEvent(AuditEvent),
    SharingAgreement(SharingAgreement),
    Section11Framework(Section11Framework),
    Section11Standard(Section11Standard),
    Section11Round(Section11Round),
    Agency(Agency),
    Section11Return(Section11Return),
    Scrutineer(Scrutineer),
    ScrutineerAppointment(ScrutineerAppointment),
    ScrutinyActivity(ScrutinyActivity),
    ScrutinyFinding(ScrutinyFinding),
    ScrutinyRecommendation(ScrutinyRecommendation),
    RecommendationEvent(RecommendationEvent),
    CdopReturn(CdopReturn),
    LadoReturn(LadoReturn),
    RapidReview(crate::practice_reviews::schema::RapidReview),
    Lcspr(crate::practice_reviews::schema::Lcspr),
    LcsprRecommendation(crate::practice_reviews::schema::LcsprRecommendation),
    LearningReview(crate::practice_reviews::schema::LearningReview),
}

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// The record with this global id, when the caller may see it; `null`
    /// when it does not exist or lies outside the caller's scope (the two
    /// are not told apart).
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id, as the `id` of any `Node` gives it.")] id: ID,
    ) -> AppResult<Option<Node>> {
        Ok(resolve::nodes(ctx, std::slice::from_ref(&id))
            .await?
            .pop()
            .flatten())
    }

    /// The records with these global ids, in the order asked, each `null`
    /// as `node` would be. Found in one statement per type named, however
    /// many ids.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global ids, at most 100.")] ids: Vec<ID>,
    ) -> AppResult<Vec<Option<Node>>> {
        if ids.len() > MAX_IDS {
            return Err(AppError::bad_input(
                "ids",
                format!("at most {MAX_IDS} ids, not {}", ids.len()),
            ));
        }
        resolve::nodes(ctx, &ids).await
    }
}
