//! The GraphQL types of the scrutiny dataset. Relations resolve through the
//! request's DataLoaders; who recorded or answered something is shown only to
//! callers who read the partnership's scrutiny records.
use async_graphql::{ComplexObject, Context, Object, SimpleObject, ID};
use chrono::{DateTime, NaiveDate, Utc};
use entity::scrutiny_enums::{
    ActivityKind, FindingKind, RecommendationEventKind, RecommendationStatus, ThemeScope,
};
use entity::{
    scrutiny_activity as activity, scrutiny_appointment as appointment,
    scrutiny_finding as finding, scrutiny_recommendation as recommendation,
    scrutiny_recommendation_event as event, scrutiny_scrutineer as scrutineer,
    scrutiny_theme as theme, PartnershipCode,
};

use super::coverage;
use super::loaders::{
    ActivityById, AppointmentsByScrutineer, Cached, FindingsByActivity, HistoryByRecommendation,
    PartnershipsByActivity, RecommendationsByActivity, ScrutineerById, ThemesByActivity,
};
use super::service::today;
use super::visibility::sees_records_of;
use crate::access::Scope;
use crate::connection_type;
use crate::disclosure::{CountFigure, ShareFigure};
use crate::error::{AppError, AppResult};
use crate::node::Kind;
use crate::statistics::FigureFlags;

/// A scrutiny theme. Regional themes are run consistently across all five
/// areas so they can be benchmarked; local themes are one partnership's own.
#[derive(SimpleObject, Clone)]
pub struct ScrutinyTheme {
    /// Global id, unique across the schema (see `Node`).
    #[graphql(owned)]
    pub id: ID,
    /// Stable code used as an argument, e.g. `MISSING_CHILDREN`.
    pub code: String,
    /// Name of the theme.
    pub name: String,
    /// Regional or local.
    pub scope: ThemeScope,
    /// The partnership that set a local theme; null for regional themes.
    pub partnership: Option<PartnershipCode>,
    /// What the theme covers.
    pub description: String,
    /// Where the theme is documented.
    pub source: String,
}

impl From<theme::Model> for ScrutinyTheme {
    fn from(m: theme::Model) -> Self {
        ScrutinyTheme {
            id: Kind::ScrutinyTheme.id(&m.code),
            code: m.code,
            name: m.name,
            scope: m.scope,
            partnership: m.partnership_code,
            description: m.description,
            source: m.source,
        }
    }
}

/// An independent scrutineer.
#[derive(Clone)]
pub struct Scrutineer(pub scrutineer::Model);

/// An independent scrutineer.
#[Object]
impl Scrutineer {
    /// Global id, unique across the schema (see `Node`).
    pub async fn id(&self) -> ID {
        Kind::Scrutineer.id(&self.0.id)
    }

    /// The scrutineer's own key: what `id` was before global ids, and `scrutineerId` of activities.
    async fn database_id(&self) -> ID {
        ID(self.0.id.clone())
    }

    /// The scrutineer's name, as the partnerships' reports give it.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Where the hub's knowledge of this scrutineer comes from.
    async fn source(&self) -> &str {
        &self.0.source
    }

    /// True for a made-up scrutineer in the demo data.
    async fn illustrative(&self) -> bool {
        self.0.illustrative
    }

    /// The scrutineer's dated appointments, earliest first.
    async fn appointments(&self, ctx: &Context<'_>) -> AppResult<Vec<ScrutineerAppointment>> {
        Ok(ctx
            .data_unchecked::<Cached<AppointmentsByScrutineer>>()
            .load_one(self.0.id.clone())
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(ScrutineerAppointment::from)
            .collect())
    }
}

connection_type!(
    ScrutineerConnection,
    ScrutineerEdge,
    Scrutineer,
    super::service::ScrutineerKey,
    "A page of scrutineers, by name.",
    "A scrutineer and its cursor."
);

/// A scrutineer's appointment to one partnership, or to the regional post.
#[derive(SimpleObject, Clone)]
pub struct ScrutineerAppointment {
    /// Global id, unique across the schema (see `Node`).
    #[graphql(owned)]
    pub id: ID,
    /// The appointment's own key: what `id` was before global ids.
    pub database_id: ID,
    /// The partnership appointed to; null for the regional post.
    pub partnership: Option<PartnershipCode>,
    /// True for the regional post, which covers all five partnerships.
    pub regional: bool,
    /// First day; null when the source does not give it.
    pub start_date: Option<NaiveDate>,
    /// Last day; null while the appointment continues.
    pub end_date: Option<NaiveDate>,
    /// Where the appointment is documented.
    pub source: String,
    /// True for a made-up appointment in the demo data.
    pub illustrative: bool,
}

impl From<appointment::Model> for ScrutineerAppointment {
    fn from(m: appointment::Model) -> Self {
        ScrutineerAppointment {
            id: Kind::ScrutineerAppointment.id(&m.id),
            database_id: ID(m.id),
            regional: m.partnership_code.is_none(),
            partnership: m.partnership_code,
            start_date: m.start_date,
            end_date: m.end_date,
            source: m.source,
            illustrative: m.illustrative,
        }
    }
}

/// A scrutiny activity: a report, an executive meeting attended, a peer review
/// workshop, an insight visit, a multi-agency audit or a youth forum.
#[derive(Clone)]
pub struct ScrutinyActivity(pub activity::Model);

impl ScrutinyActivity {
    async fn covered(&self, ctx: &Context<'_>) -> AppResult<Vec<PartnershipCode>> {
        Ok(ctx
            .data_unchecked::<Cached<PartnershipsByActivity>>()
            .load_one(self.0.id.clone())
            .await?
            .unwrap_or_default())
    }

    /// Identities are for callers who read one of the covered partnerships' records.
    async fn reveal(&self, ctx: &Context<'_>, subject: &str) -> AppResult<Option<String>> {
        let scope = ctx.data_unchecked::<Scope>();
        let shown = self
            .covered(ctx)
            .await?
            .into_iter()
            .any(|p| sees_records_of(scope, p));
        Ok(shown.then(|| subject.to_string()))
    }
}

/// A scrutiny activity: a report, an executive meeting attended, a peer review
/// workshop, an insight visit, a multi-agency audit or a youth forum, with the
/// partnerships it covers, its themes, findings and recommendations.
#[Object]
impl ScrutinyActivity {
    /// Global id, unique across the schema (see `Node`).
    pub async fn id(&self) -> ID {
        Kind::ScrutinyActivity.id(&self.0.id)
    }

    /// The activity's own key: what `id` was before global ids.
    async fn database_id(&self) -> ID {
        ID(self.0.id.clone())
    }

    /// What kind of activity it was.
    async fn kind(&self) -> ActivityKind {
        self.0.kind
    }

    /// When it took place (or, for a report, when it was presented).
    async fn date(&self) -> NaiveDate {
        self.0.activity_date
    }

    /// Title.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// What was done and concluded.
    async fn summary(&self) -> &str {
        &self.0.summary
    }

    /// Reference of the published report, when there is one.
    async fn report_reference(&self) -> Option<&str> {
        self.0.report_reference.as_deref()
    }

    /// True when its report is published; only published activities are
    /// visible outside the partnerships' own scrutiny records.
    async fn published(&self) -> bool {
        self.0.published
    }

    /// Where the record comes from: document and section, or who recorded it.
    async fn source(&self) -> &str {
        &self.0.source
    }

    /// True for made-up demo activity.
    async fn illustrative(&self) -> bool {
        self.0.illustrative
    }

    /// The partnerships the activity covers.
    async fn partnerships(&self, ctx: &Context<'_>) -> AppResult<Vec<PartnershipCode>> {
        self.covered(ctx).await
    }

    /// The themes the activity addresses, regional first.
    async fn themes(&self, ctx: &Context<'_>) -> AppResult<Vec<ScrutinyTheme>> {
        Ok(ctx
            .data_unchecked::<Cached<ThemesByActivity>>()
            .load_one(self.0.id.clone())
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(ScrutinyTheme::from)
            .collect())
    }

    /// The scrutineer who carried it out, when known.
    async fn scrutineer(&self, ctx: &Context<'_>) -> AppResult<Option<Scrutineer>> {
        let Some(id) = &self.0.scrutineer_id else {
            return Ok(None);
        };
        Ok(ctx
            .data_unchecked::<Cached<ScrutineerById>>()
            .load_one(id.clone())
            .await?
            .map(Scrutineer))
    }

    /// Its findings, in the order recorded.
    async fn findings(&self, ctx: &Context<'_>) -> AppResult<Vec<ScrutinyFinding>> {
        Ok(ctx
            .data_unchecked::<Cached<FindingsByActivity>>()
            .load_one(self.0.id.clone())
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(ScrutinyFinding::from)
            .collect())
    }

    /// Its recommendations, in the order recorded.
    async fn recommendations(&self, ctx: &Context<'_>) -> AppResult<Vec<ScrutinyRecommendation>> {
        Ok(ctx
            .data_unchecked::<Cached<RecommendationsByActivity>>()
            .load_one(self.0.id.clone())
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(ScrutinyRecommendation)
            .collect())
    }

    /// Token subject of whoever recorded it; null unless the caller reads one
    /// of the covered partnerships' scrutiny records.
    async fn recorded_by(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        self.reveal(ctx, &self.0.recorded_by).await
    }

    /// When it was recorded in the hub.
    async fn recorded_at(&self) -> DateTime<Utc> {
        self.0.recorded_at
    }

    /// Token subject of the last amendment; null unless the caller reads one
    /// of the covered partnerships' scrutiny records.
    async fn updated_by(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        self.reveal(ctx, &self.0.updated_by).await
    }

    /// When it was last amended (or recorded).
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    /// Version, to send back as `expectedVersion` when amending.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

connection_type!(
    ScrutinyActivityConnection,
    ScrutinyActivityEdge,
    ScrutinyActivity,
    super::service::ActivityKey,
    "A page of scrutiny activities, newest first.",
    "A scrutiny activity and its cursor."
);

/// One finding of a scrutiny activity.
#[derive(SimpleObject, Clone)]
pub struct ScrutinyFinding {
    /// Global id, unique across the schema (see `Node`).
    #[graphql(owned)]
    pub id: ID,
    /// The finding's own key: what `id` was before global ids.
    pub database_id: ID,
    /// Strength, area for improvement or challenge.
    pub kind: FindingKind,
    /// What was found.
    pub text: String,
}

impl From<finding::Model> for ScrutinyFinding {
    fn from(m: finding::Model) -> Self {
        ScrutinyFinding {
            id: Kind::ScrutinyFinding.id(&m.id),
            database_id: ID(m.id),
            kind: m.kind,
            text: m.text,
        }
    }
}

/// A recommendation made by a scrutiny activity, owned by a partnership or an
/// agency within it, with the dated history of responses and status changes.
#[derive(Clone)]
pub struct ScrutinyRecommendation(pub recommendation::Model);

impl ScrutinyRecommendation {
    fn reveal(&self, ctx: &Context<'_>, subject: &str) -> Option<String> {
        sees_records_of(ctx.data_unchecked::<Scope>(), self.0.owner_partnership_code)
            .then(|| subject.to_string())
    }
}

/// A recommendation made by a scrutiny activity, owned by a partnership or an
/// agency within it, with the dated history of responses and status changes.
#[Object]
impl ScrutinyRecommendation {
    /// Global id, unique across the schema (see `Node`).
    pub async fn id(&self) -> ID {
        Kind::ScrutinyRecommendation.id(&self.0.id)
    }

    /// The recommendation's own key: what `id` was before global ids.
    async fn database_id(&self) -> ID {
        ID(self.0.id.clone())
    }

    /// What is recommended.
    async fn text(&self) -> &str {
        &self.0.text
    }

    /// The partnership that must answer it (directly or through `ownerAgency`).
    async fn owner_partnership(&self) -> PartnershipCode {
        self.0.owner_partnership_code
    }

    /// The agency within the owning partnership that owns it; null when the
    /// partnership itself does.
    async fn owner_agency(&self) -> Option<&str> {
        self.0.owner_agency.as_deref()
    }

    /// When it is due.
    async fn due_date(&self) -> NaiveDate {
        self.0.due_date
    }

    /// Where it stands.
    async fn status(&self) -> RecommendationStatus {
        self.0.status
    }

    /// True when past its due date (today, UTC) and not closed: status
    /// `OPEN` or `IN_PROGRESS`.
    async fn overdue(&self) -> bool {
        self.0.due_date < today() && !self.0.status.is_closed()
    }

    /// The activity that made it.
    async fn activity(&self, ctx: &Context<'_>) -> AppResult<ScrutinyActivity> {
        ctx.data_unchecked::<Cached<ActivityById>>()
            .load_one(self.0.activity_id.clone())
            .await?
            .map(ScrutinyActivity)
            .ok_or_else(|| AppError::not_found(format!("scrutiny activity {}", self.0.activity_id)))
    }

    /// Every response and status change, oldest first, starting with its recording.
    async fn history(&self, ctx: &Context<'_>) -> AppResult<Vec<RecommendationEvent>> {
        let shown = sees_records_of(ctx.data_unchecked::<Scope>(), self.0.owner_partnership_code);
        Ok(ctx
            .data_unchecked::<Cached<HistoryByRecommendation>>()
            .load_one(self.0.id.clone())
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(|e| RecommendationEvent { event: e, shown })
            .collect())
    }

    /// Token subject of whoever recorded it; null unless the caller reads the
    /// owning partnership's scrutiny records.
    async fn recorded_by(&self, ctx: &Context<'_>) -> Option<String> {
        self.reveal(ctx, &self.0.recorded_by)
    }

    /// When it was recorded.
    async fn recorded_at(&self) -> DateTime<Utc> {
        self.0.recorded_at
    }

    /// When its status or history last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    /// Version, to send back as `expectedVersion` when responding or closing.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

connection_type!(
    ScrutinyRecommendationConnection,
    ScrutinyRecommendationEdge,
    ScrutinyRecommendation,
    super::service::RecommendationKey,
    "A page of recommendations, soonest due first.",
    "A recommendation and its cursor."
);

/// One entry of a recommendation's history. Entries are only ever appended.
#[derive(Clone)]
pub struct RecommendationEvent {
    event: event::Model,
    shown: bool,
}

impl RecommendationEvent {
    /// The entry, its actor shown when the caller reads the owning
    /// partnership's scrutiny records.
    pub fn new(event: event::Model, scope: &Scope, owner: PartnershipCode) -> Self {
        RecommendationEvent {
            event,
            shown: sees_records_of(scope, owner),
        }
    }

    /// An entry of another dataset's recommendation history, which the
    /// shared mechanism ([`crate::recommendations`]) keeps in the same
    /// shape; `shown` says whether the caller may see who made it.
    pub fn shared(event: event::Model, shown: bool) -> Self {
        RecommendationEvent { event, shown }
    }
}

/// One entry of a recommendation's history. Entries are only ever appended.
#[Object]
impl RecommendationEvent {
    /// Global id, unique across the schema (see `Node`).
    pub async fn id(&self) -> ID {
        Kind::RecommendationEvent.id(&self.event.id)
    }

    /// Position in the history, from 1.
    async fn sequence(&self) -> i32 {
        self.event.sequence
    }

    /// What the entry records.
    async fn kind(&self) -> RecommendationEventKind {
        self.event.kind
    }

    /// When it was made (UTC).
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.event.occurred_at
    }

    /// Token subject of who made it; null unless the caller reads the owning
    /// partnership's scrutiny records.
    async fn actor(&self) -> Option<&str> {
        self.shown.then_some(self.event.actor.as_str())
    }

    /// The role they acted in, e.g. `partnership_manager`.
    async fn actor_role(&self) -> &str {
        &self.event.actor_role
    }

    /// The status before, when the entry changed it.
    async fn from_status(&self) -> Option<RecommendationStatus> {
        self.event.from_status
    }

    /// The status after, when the entry set it.
    async fn to_status(&self) -> Option<RecommendationStatus> {
        self.event.to_status
    }

    /// The response or note, when there is one.
    async fn text(&self) -> Option<&str> {
        self.event.text.as_deref()
    }
}

/// The theme × partnership matrix of scrutiny activity: whether the five areas
/// are scrutinised consistently. Counts are of activities and recommendations
/// (never of children), so they are exact, without small-number suppression;
/// they include only what the caller may see.
#[derive(SimpleObject)]
pub struct ScrutinyCoverage {
    /// First activity date counted; null when open-ended.
    pub from: Option<NaiveDate>,
    /// Last activity date counted; null when open-ended.
    pub to: Option<NaiveDate>,
    /// The day overdue is judged against (today, UTC).
    pub as_of: NaiveDate,
    /// One row per theme, regional themes first.
    pub rows: Vec<ScrutinyCoverageRow>,
}

/// One theme's row of the coverage matrix.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct ScrutinyCoverageRow {
    /// The theme.
    pub theme: ScrutinyTheme,
    /// One cell per partnership, in the usual order of the five.
    pub cells: Vec<ScrutinyCoverageCell>,
}

#[ComplexObject]
impl ScrutinyCoverageRow {
    /// How many of the five partnerships have at least one activity on the theme.
    async fn partnerships_covered(&self) -> i32 {
        self.cells.iter().filter(|c| c.activities > 0).count() as i32
    }
}

/// One theme and partnership of the coverage matrix.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct ScrutinyCoverageCell {
    /// The partnership.
    pub partnership: PartnershipCode,
    /// Activities in the window on the theme covering the partnership.
    pub activities: i32,
    /// Recommendations of those activities owned by the partnership and not
    /// yet closed (`OPEN` or `IN_PROGRESS`).
    pub open_recommendations: i32,
    /// Of those, the ones past their due date.
    pub overdue_recommendations: i32,
    /// True when an activity or recommendation counted is illustrative demo
    /// data: every figure of the cell is then flagged `illustrative`.
    pub illustrative: bool,
}

#[ComplexObject]
impl ScrutinyCoverageCell {
    /// `activities` with its status and flags.
    async fn activities_figure(&self) -> CountFigure {
        CountFigure::organisational(unsigned(self.activities), self.flags())
    }
    /// `openRecommendations` with its status and flags.
    async fn open_recommendations_figure(&self) -> CountFigure {
        CountFigure::organisational(unsigned(self.open_recommendations), self.flags())
    }
    /// `overdueRecommendations` with its status and flags.
    async fn overdue_recommendations_figure(&self) -> CountFigure {
        CountFigure::organisational(unsigned(self.overdue_recommendations), self.flags())
    }
    /// Overdue recommendations as a percentage of open ones, to one decimal
    /// place, with its status (`NOT_AVAILABLE` when none is open) and flags.
    async fn overdue_share(&self) -> ShareFigure {
        ShareFigure::organisational(
            unsigned(self.overdue_recommendations),
            unsigned(self.open_recommendations),
            self.flags(),
        )
    }
}

impl ScrutinyCoverageCell {
    fn flags(&self) -> FigureFlags {
        FigureFlags {
            illustrative: self.illustrative,
            ..Default::default()
        }
    }
}

fn unsigned(n: i32) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn count(n: i64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl From<coverage::Row> for ScrutinyCoverageRow {
    fn from(row: coverage::Row) -> Self {
        ScrutinyCoverageRow {
            theme: row.theme.into(),
            cells: row
                .cells
                .into_iter()
                .map(|c| ScrutinyCoverageCell {
                    partnership: c.partnership,
                    activities: count(c.activities),
                    open_recommendations: count(c.open_recommendations),
                    overdue_recommendations: count(c.overdue_recommendations),
                    illustrative: c.illustrative,
                })
                .collect(),
        }
    }
}
