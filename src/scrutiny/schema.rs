//! Root queries and mutations of the scrutiny dataset: thin resolvers over
//! the service functions.
use async_graphql::{Context, InputObject, MaybeUndefined, Object, ID};
use chrono::NaiveDate;
use entity::scrutiny_enums::{ActivityKind, FindingKind, RecommendationStatus, ThemeScope};
use entity::PartnershipCode;
use sea_orm::DatabaseConnection;

use super::recording::{self, ActivityAmendment, ActivityInput, FindingInput, RecommendationInput};
use super::responses;
use super::service::{self, ActivityFilter, RecommendationFilter, ScrutineerFilter};
use super::types::{
    Scrutineer, ScrutineerConnection, ScrutinyActivity, ScrutinyActivityConnection,
    ScrutinyCoverage, ScrutinyCoverageRow, ScrutinyRecommendation,
    ScrutinyRecommendationConnection, ScrutinyTheme,
};
use super::{coverage, prefetch};
use crate::access::Scope;
use crate::auth::Caller;
use crate::cache::AnswerCache;
use crate::error::AppResult;
use crate::node::Kind;
use crate::pagination::PageArgs;
use crate::recommendations::{answer, Answer, Closure, Dataset, Recommendation, Response};

/// Narrows `scrutineers`; every field is optional.
#[derive(InputObject, Default)]
pub struct ScrutineerFilterInput {
    /// Appointed to this partnership, or to the regional post (which covers all five).
    pub partnership: Option<PartnershipCode>,
    /// Holding an appointment on this date.
    pub on: Option<NaiveDate>,
}

/// Narrows `scrutinyActivities`; every field is optional.
#[derive(InputObject, Default)]
pub struct ScrutinyActivityFilter {
    /// Only activities covering this partnership.
    pub partnership: Option<PartnershipCode>,
    /// Only activities on this theme (its code, e.g. `MISSING_CHILDREN`). At most 64 characters.
    pub theme: Option<String>,
    /// Only this kind of activity.
    pub kind: Option<ActivityKind>,
    /// Activities on or after this date.
    pub from: Option<NaiveDate>,
    /// Activities on or before this date.
    pub to: Option<NaiveDate>,
    /// Only published (true) or unpublished (false) activities.
    pub published: Option<bool>,
}

/// Narrows `recommendations`; every field is optional.
#[derive(InputObject, Default)]
pub struct RecommendationFilterInput {
    /// Only recommendations of activities covering this partnership.
    pub partnership: Option<PartnershipCode>,
    /// Only recommendations owned by this partnership (or an agency within it).
    pub owner: Option<PartnershipCode>,
    /// Only this status.
    pub status: Option<RecommendationStatus>,
    /// True: only overdue ones (past due, not closed); false: only those not overdue.
    pub overdue: Option<bool>,
}

#[derive(Default)]
pub struct ScrutinyQuery;

#[Object]
impl ScrutinyQuery {
    /// Scrutiny themes: the eight regional themes, then local ones.
    async fn scrutiny_themes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only regional or only local themes; all when omitted.")] scope: Option<
            ThemeScope,
        >,
    ) -> AppResult<Vec<ScrutinyTheme>> {
        let rows = service::themes(ctx.data_unchecked::<DatabaseConnection>()).await?;
        Ok(rows
            .into_iter()
            .filter(|t| scope.is_none_or(|s| t.scope == s))
            .map(ScrutinyTheme::from)
            .collect())
    }

    /// Independent scrutineers and their dated appointments, by name. Public:
    /// the partnerships' reports name their scrutineers.
    async fn scrutineers(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the scrutineers; all when omitted.")] filter: Option<
            ScrutineerFilterInput,
        >,
        #[graphql(
            desc = "Forwards: how many items from the start, or from `after`; 1 to 100 (20 when neither `first` nor `last` is given)."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "Forwards: only items after this cursor, such as `pageInfo.endCursor` of the page before."
        )]
        after: Option<String>,
        #[graphql(
            desc = "Backwards: how many items from the end, or from `before`; 1 to 100. Not together with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "Backwards: only items before this cursor, such as `pageInfo.startCursor` of the page after."
        )]
        before: Option<String>,
    ) -> AppResult<ScrutineerConnection> {
        let page = PageArgs::new(first, after, last, before)?;
        let f = filter.unwrap_or_default();
        let (page, rows) = service::scrutineers(
            ctx.data_unchecked::<DatabaseConnection>(),
            &ScrutineerFilter {
                partnership: f.partnership,
                on: f.on,
            },
            &page,
        )
        .await?
        .take_rows();
        prefetch::scrutineers(ctx, &rows, ctx.look_ahead().field("edges").field("node")).await?;
        Ok(page.with_nodes(rows).into_connection(Scrutineer))
    }

    /// Scrutiny activities the caller may see, newest first: all of them for
    /// partnerships whose scrutiny records it reads, published ones otherwise.
    async fn scrutiny_activities(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the activities; all visible ones when omitted.")] filter: Option<
            ScrutinyActivityFilter,
        >,
        #[graphql(
            desc = "Forwards: how many items from the start, or from `after`; 1 to 100 (20 when neither `first` nor `last` is given)."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "Forwards: only items after this cursor, such as `pageInfo.endCursor` of the page before."
        )]
        after: Option<String>,
        #[graphql(
            desc = "Backwards: how many items from the end, or from `before`; 1 to 100. Not together with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "Backwards: only items before this cursor, such as `pageInfo.startCursor` of the page after."
        )]
        before: Option<String>,
    ) -> AppResult<ScrutinyActivityConnection> {
        let page = PageArgs::new(first, after, last, before)?;
        let f = filter.unwrap_or_default();
        let (page, rows) = service::activities(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Scope>(),
            &ActivityFilter {
                partnership: f.partnership,
                theme: f.theme,
                kind: f.kind,
                from: f.from,
                to: f.to,
                published: f.published,
            },
            &page,
        )
        .await?
        .take_rows();
        prefetch::activities(ctx, &rows, ctx.look_ahead().field("edges").field("node")).await?;
        Ok(page.with_nodes(rows).into_connection(ScrutinyActivity))
    }

    /// One scrutiny activity by id; `NOT_FOUND` when it does not exist or the
    /// caller may not see it.
    async fn scrutiny_activity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The activity's id (or, as before, its `databaseId`).")] id: ID,
    ) -> AppResult<ScrutinyActivity> {
        service::activity(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Scope>(),
            &Kind::ScrutinyActivity.key_of(&id),
        )
        .await
        .map(ScrutinyActivity)
    }

    /// Recommendations of the activities the caller may see, soonest due first.
    async fn recommendations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the recommendations; all visible ones when omitted.")]
        filter: Option<RecommendationFilterInput>,
        #[graphql(
            desc = "Forwards: how many items from the start, or from `after`; 1 to 100 (20 when neither `first` nor `last` is given)."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "Forwards: only items after this cursor, such as `pageInfo.endCursor` of the page before."
        )]
        after: Option<String>,
        #[graphql(
            desc = "Backwards: how many items from the end, or from `before`; 1 to 100. Not together with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "Backwards: only items before this cursor, such as `pageInfo.startCursor` of the page after."
        )]
        before: Option<String>,
    ) -> AppResult<ScrutinyRecommendationConnection> {
        let page = PageArgs::new(first, after, last, before)?;
        let f = filter.unwrap_or_default();
        let (page, rows) = service::recommendations(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Scope>(),
            &RecommendationFilter {
                partnership: f.partnership,
                owner: f.owner,
                status: f.status,
                overdue: f.overdue,
            },
            &page,
        )
        .await?
        .take_rows();
        prefetch::recommendations(ctx, &rows, ctx.look_ahead().field("edges").field("node"))
            .await?;
        Ok(page
            .with_nodes(rows)
            .into_connection(ScrutinyRecommendation))
    }

    /// The theme × partnership matrix of activity counts, open and overdue
    /// recommendations: whether the five areas are scrutinised consistently.
    /// Counts only what the caller may see.
    async fn scrutiny_coverage(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "First activity date to count; open-ended when omitted.")] from: Option<
            NaiveDate,
        >,
        #[graphql(desc = "Last activity date to count; open-ended when omitted.")] to: Option<
            NaiveDate,
        >,
    ) -> AppResult<ScrutinyCoverage> {
        let as_of = service::today();
        let db = ctx.data_unchecked::<DatabaseConnection>();
        let rows = ctx
            .data_unchecked::<AnswerCache>()
            .get_or_compute(
                db,
                ctx.data_unchecked::<Scope>(),
                "scrutinyCoverage",
                format!("{from:?}|{to:?}|{as_of}"),
                |scope| async move { coverage::coverage(db, &scope, from, to, as_of).await },
            )
            .await?;
        Ok(ScrutinyCoverage {
            from,
            to,
            as_of,
            rows: rows.into_iter().map(ScrutinyCoverageRow::from).collect(),
        })
    }
}

/// A finding to record.
#[derive(InputObject)]
pub struct ScrutinyFindingInput {
    /// Strength, area for improvement or challenge.
    pub kind: FindingKind,
    /// What was found. At most 20000 characters.
    pub text: String,
}

impl From<ScrutinyFindingInput> for FindingInput {
    fn from(f: ScrutinyFindingInput) -> Self {
        FindingInput {
            kind: f.kind,
            text: f.text,
        }
    }
}

/// A recommendation to record; it starts `OPEN`.
#[derive(InputObject)]
pub struct ScrutinyRecommendationInput {
    /// What is recommended. At most 20000 characters.
    pub text: String,
    /// The partnership that must answer it; one of the partnerships the activity covers.
    pub owner_partnership: PartnershipCode,
    /// The agency within that partnership that owns it, when not the partnership itself. At most 64 characters.
    pub owner_agency: Option<String>,
    /// When it is due; may already be past for activity entered late, and
    /// then it is overdue at once.
    pub due_date: NaiveDate,
}

impl From<ScrutinyRecommendationInput> for RecommendationInput {
    fn from(r: ScrutinyRecommendationInput) -> Self {
        RecommendationInput {
            text: r.text,
            owner_partnership: r.owner_partnership,
            owner_agency: r.owner_agency,
            due_date: r.due_date,
        }
    }
}

/// A scrutiny activity to record, with its findings and recommendations.
#[derive(InputObject)]
pub struct ScrutinyActivityInput {
    /// What kind of activity.
    pub kind: ActivityKind,
    /// When it took place; not in the future.
    pub date: NaiveDate,
    /// Title. At most 300 characters.
    pub title: String,
    /// What was done and concluded. At most 20000 characters.
    pub summary: String,
    /// The partnerships it covers; a scrutineer's scope must include all of them.
    pub partnerships: Vec<PartnershipCode>,
    /// Codes of the themes it addresses (see `scrutinyThemes`). Each at most 64 characters; at most 100 items.
    pub themes: Vec<String>,
    /// Reference of the published report, if any. At most 500 characters.
    pub report_reference: Option<String>,
    /// The scrutineer who carried it out, if registered (see `scrutineers`).
    pub scrutineer_id: Option<ID>,
    /// True when its report is published, making it visible to everyone.
    #[graphql(default = false)]
    pub published: bool,
    /// Where the record comes from; defaults to the recording user. At most 500 characters.
    pub source: Option<String>,
    /// Its findings.
    #[graphql(default)]
    pub findings: Vec<ScrutinyFindingInput>,
    /// Its recommendations.
    #[graphql(default)]
    pub recommendations: Vec<ScrutinyRecommendationInput>,
}

/// Changes to a scrutiny activity; omitted fields stay as they are.
/// Existing recommendations are never rewritten: they change through
/// `respondToRecommendation` and `closeRecommendation`, which keep their history.
#[derive(InputObject)]
pub struct ScrutinyActivityAmendment {
    /// The activity to amend.
    pub id: ID,
    /// The version the amendment is based on; a stale one is a `CONFLICT`.
    pub expected_version: i32,
    /// New kind.
    pub kind: Option<ActivityKind>,
    /// New date.
    pub date: Option<NaiveDate>,
    /// New title. At most 300 characters.
    pub title: Option<String>,
    /// New summary. At most 20000 characters.
    pub summary: Option<String>,
    /// Replaces the partnerships covered; must keep every recommendation's owner.
    pub partnerships: Option<Vec<PartnershipCode>>,
    /// Replaces the themes. Each at most 64 characters; at most 100 items.
    pub themes: Option<Vec<String>>,
    /// New report reference; null clears it. At most 500 characters.
    pub report_reference: MaybeUndefined<String>,
    /// New scrutineer; null clears it.
    pub scrutineer_id: MaybeUndefined<ID>,
    /// Publish (true) or withdraw (false) its report.
    pub published: Option<bool>,
    /// New provenance. At most 500 characters.
    pub source: Option<String>,
    /// Replaces all findings.
    pub findings: Option<Vec<ScrutinyFindingInput>>,
    /// Recommendations to add after the existing ones.
    #[graphql(default)]
    pub add_recommendations: Vec<ScrutinyRecommendationInput>,
}

fn maybe<T, U>(value: MaybeUndefined<T>, f: impl FnOnce(T) -> U) -> Option<Option<U>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(f(v))),
    }
}

/// The owning partnership's response to a recommendation.
#[derive(InputObject)]
pub struct RecommendationResponseInput {
    /// The recommendation.
    pub id: ID,
    /// The version the response is based on; a stale one is a `CONFLICT`.
    pub expected_version: i32,
    /// What the owner says; may be omitted when only the status moves. At most 20000 characters.
    pub response: Option<String>,
    /// `IN_PROGRESS` or `COMPLETED`; omit to keep the status.
    pub status: Option<RecommendationStatus>,
}

/// The scrutineer's decision closing a recommendation.
#[derive(InputObject)]
pub struct RecommendationClosureInput {
    /// The recommendation.
    pub id: ID,
    /// The version the decision is based on; a stale one is a `CONFLICT`.
    pub expected_version: i32,
    /// `COMPLETED` or `NOT_ACCEPTED`.
    pub status: RecommendationStatus,
    /// Why. At most 20000 characters.
    pub note: String,
}

impl RecommendationResponseInput {
    /// Gives the response to the recommendation of `kind` it names, among
    /// dataset `D`'s.
    pub async fn submit<D: Dataset + 'static>(
        self,
        ctx: &Context<'_>,
        kind: Kind,
    ) -> AppResult<Recommendation<D>> {
        answer::<D>(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Scope>(),
            kind.key_of(&self.id),
            self.expected_version,
            Answer::Respond(Response {
                text: self.response,
                status: self.status,
            }),
        )
        .await
    }
}

impl RecommendationClosureInput {
    /// Closes the recommendation of `kind` it names, among dataset `D`'s.
    pub async fn submit<D: Dataset + 'static>(
        self,
        ctx: &Context<'_>,
        kind: Kind,
    ) -> AppResult<Recommendation<D>> {
        answer::<D>(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Scope>(),
            kind.key_of(&self.id),
            self.expected_version,
            Answer::Close(Closure {
                status: self.status,
                note: self.note,
            }),
        )
        .await
    }
}

#[derive(Default)]
pub struct ScrutinyMutation;

#[Object]
impl ScrutinyMutation {
    /// Records a scrutiny activity with its findings and recommendations in one
    /// go (a scrutineer whose scope covers all its partnerships, or a regional admin).
    async fn record_scrutiny_activity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The activity, its findings and recommendations.")]
        input: ScrutinyActivityInput,
    ) -> AppResult<ScrutinyActivity> {
        recording::record_activity(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Caller>(),
            ActivityInput {
                kind: input.kind,
                date: input.date,
                title: input.title,
                summary: input.summary,
                partnerships: input.partnerships,
                themes: input.themes,
                report_reference: input.report_reference,
                scrutineer_id: input.scrutineer_id.map(|id| Kind::Scrutineer.key_of(&id)),
                published: input.published,
                source: input.source,
                findings: input.findings.into_iter().map(Into::into).collect(),
                recommendations: input.recommendations.into_iter().map(Into::into).collect(),
            },
        )
        .await
        .map(ScrutinyActivity)
    }

    /// Amends a scrutiny activity against its version (a scrutineer whose
    /// scope covers all its partnerships, or a regional admin).
    async fn amend_scrutiny_activity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The activity, its version, and what changes.")]
        input: ScrutinyActivityAmendment,
    ) -> AppResult<ScrutinyActivity> {
        recording::amend_activity(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Scope>(),
            Kind::ScrutinyActivity.key_of(&input.id),
            input.expected_version,
            ActivityAmendment {
                kind: input.kind,
                date: input.date,
                title: input.title,
                summary: input.summary,
                partnerships: input.partnerships,
                themes: input.themes,
                report_reference: maybe(input.report_reference, |r| r),
                scrutineer_id: maybe(input.scrutineer_id, |id| Kind::Scrutineer.key_of(&id)),
                published: input.published,
                source: input.source,
                findings: input
                    .findings
                    .map(|f| f.into_iter().map(Into::into).collect()),
                add_recommendations: input
                    .add_recommendations
                    .into_iter()
                    .map(Into::into)
                    .collect(),
            },
        )
        .await
        .map(ScrutinyActivity)
    }

    /// Responds to a recommendation and may move it forward: open -> in
    /// progress -> completed (the owning partnership's manager, or a regional
    /// admin). Appends to its history.
    async fn respond_to_recommendation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The recommendation, its version, the response and new status.")]
        input: RecommendationResponseInput,
    ) -> AppResult<ScrutinyRecommendation> {
        input
            .submit::<responses::Recommendations>(ctx, Kind::ScrutinyRecommendation)
            .await
            .map(ScrutinyRecommendation)
    }

    /// Closes a recommendation as completed or not accepted (the scrutineer
    /// whose scope includes its owner, or a regional admin). Appends to its history.
    async fn close_recommendation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The recommendation, its version, the closing status and why.")]
        input: RecommendationClosureInput,
    ) -> AppResult<ScrutinyRecommendation> {
        input
            .submit::<responses::Recommendations>(ctx, Kind::ScrutinyRecommendation)
            .await
            .map(ScrutinyRecommendation)
    }
}
