//! The practice reviews part of the schema: thin resolvers over
//! [`super::service`], [`super::figures`] and [`super::recording`].
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, InputObject, Object, ID};
use chrono::{DateTime, NaiveDate, Utc};
use entity::practice_review_enums::RapidReviewDecision;
use entity::scrutiny_enums::RecommendationStatus;
use entity::{
    practice_review_lcspr as lcspr, practice_review_learning_review as learning,
    practice_review_rapid_review as rapid, practice_review_recommendation as recommendation,
    PartnershipCode,
};
use sea_orm::DatabaseConnection;

use super::figures::{self, PracticeReviewCount, PracticeReviewShare, YearFigures};
use super::loaders::{HistoryByLcsprRecommendation, RecommendationsByLcspr};
use super::recording::{self, AnnualFigureInput, LcsprUpdate, RapidReviewUpdate};
use super::service::{self, ReviewFilter};
use super::working_days::{rapid_review_deadline, RAPID_REVIEW_WORKING_DAYS};
use crate::access::Scope;
use crate::auth::Caller;
use crate::config::DisclosureConfig;
use crate::connection_type;
use crate::error::AppResult;
use crate::node::Kind;
use crate::pagination::PageArgs;
use crate::reference::schema::ReportingPeriod;
use crate::scrutiny::schema::{RecommendationClosureInput, RecommendationResponseInput};
use crate::scrutiny::types::RecommendationEvent;

fn themes(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A serious incident notified to the Child Safeguarding Practice Review
/// Panel and the rapid review that followed. About one child: visible only
/// to callers with record-level access to the partnership's practice reviews.
#[derive(Clone)]
pub struct RapidReview(pub rapid::Model);

/// A serious incident notified to the Child Safeguarding Practice Review
/// Panel and the rapid review that followed. About one child: visible only
/// to callers with record-level access to the partnership's practice reviews.
#[Object]
impl RapidReview {
    /// Global id, unique across the schema (see `Node`).
    pub async fn id(&self) -> ID {
        Kind::RapidReview.id(&self.0.id)
    }
    /// The partnership that carried out the review.
    async fn partnership(&self) -> PartnershipCode {
        self.0.partnership_code
    }
    /// The partnership's own reference for the case (never a child's name).
    async fn reference(&self) -> &str {
        &self.0.reference
    }
    /// When the partnership became aware of the incident: the 15 working days run from here.
    async fn incident_known(&self) -> NaiveDate {
        self.0.incident_known
    }
    /// When the serious incident notification was sent to the National Panel.
    async fn notified(&self) -> NaiveDate {
        self.0.notified
    }
    /// When the rapid review was completed; null while under way.
    async fn completed(&self) -> Option<NaiveDate> {
        self.0.completed
    }
    /// When the rapid review was sent to the National Panel; null until it is.
    async fn sent_to_panel(&self) -> Option<NaiveDate> {
        self.0.sent_to_panel
    }
    /// Working days a rapid review is expected to take (Working Together to Safeguard Children 2023).
    async fn working_days_allowed(&self) -> u32 {
        RAPID_REVIEW_WORKING_DAYS
    }
    /// The day the review is due with the National Panel: 15 working days
    /// after `incidentKnown`, skipping weekends and England's bank holidays.
    /// Null outside the years the hub's bank holiday table covers (2018 to 2027).
    async fn deadline(&self) -> Option<NaiveDate> {
        rapid_review_deadline(self.0.incident_known)
    }
    /// True when it was sent to the National Panel by the deadline, false
    /// when sent later or not sent and the deadline has passed; null while
    /// it can still be met, or when there is no deadline.
    async fn met_expectation(&self) -> Option<bool> {
        let deadline = rapid_review_deadline(self.0.incident_known)?;
        match self.0.sent_to_panel {
            Some(sent) => Some(sent <= deadline),
            None => (Utc::now().date_naive() > deadline).then_some(false),
        }
    }
    /// What the safeguarding partners decided; null until decided.
    async fn decision(&self) -> Option<RapidReviewDecision> {
        self.0.decision
    }
    /// The National Panel's response, when it has given one.
    async fn panel_response(&self) -> Option<&str> {
        self.0.panel_response.as_deref()
    }
    /// The review's themes.
    async fn themes(&self) -> Vec<String> {
        themes(&self.0.themes)
    }
    /// Where the record comes from: a report and section, or who recorded it.
    async fn source(&self) -> &str {
        &self.0.source
    }
    /// True for made-up demo data, not from any published report.
    async fn illustrative(&self) -> bool {
        self.0.illustrative
    }
    /// When it was last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Version, to send back as `expectedVersion` when updating.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A local child safeguarding practice review: commissioned, written and
/// published, or held back with the reason. Record-level access only.
#[derive(Clone)]
pub struct Lcspr(pub lcspr::Model);

/// A local child safeguarding practice review: commissioned, written and
/// published, or held back with the reason. Record-level access only.
#[Object]
impl Lcspr {
    /// Global id, unique across the schema (see `Node`).
    pub async fn id(&self) -> ID {
        Kind::Lcspr.id(&self.0.id)
    }
    /// The partnership that commissioned it.
    async fn partnership(&self) -> PartnershipCode {
        self.0.partnership_code
    }
    /// The rapid review that led to it, when recorded.
    async fn rapid_review_id(&self) -> Option<ID> {
        self.0
            .rapid_review_id
            .as_ref()
            .map(|id| Kind::RapidReview.id(id))
    }
    /// The review's title.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// When it was commissioned.
    async fn commissioned(&self) -> NaiveDate {
        self.0.commissioned
    }
    /// True when an independent reviewer writes it.
    async fn independent_reviewer(&self) -> bool {
        self.0.independent_reviewer
    }
    /// Who writes it, when named.
    async fn reviewer(&self) -> Option<&str> {
        self.0.reviewer.as_deref()
    }
    /// When it was expected to be completed.
    async fn expected_completion(&self) -> NaiveDate {
        self.0.expected_completion
    }
    /// When it was completed; null while under way.
    async fn completed(&self) -> Option<NaiveDate> {
        self.0.completed
    }
    /// When it was published; null until it is.
    async fn published(&self) -> Option<NaiveDate> {
        self.0.published
    }
    /// Why it is not (yet) published, such as criminal proceedings.
    async fn not_published_reason(&self) -> Option<&str> {
        self.0.not_published_reason.as_deref()
    }
    /// True when published by its expected completion date, false when
    /// published later or still unpublished after it; null before then.
    async fn published_on_time(&self) -> Option<bool> {
        match self.0.published {
            Some(p) => Some(p <= self.0.expected_completion),
            None => (Utc::now().date_naive() > self.0.expected_completion).then_some(false),
        }
    }
    /// The review's themes.
    async fn themes(&self) -> Vec<String> {
        themes(&self.0.themes)
    }
    /// Its recommendations, in order, each with its owner, due date, status and history.
    async fn recommendations(&self, ctx: &Context<'_>) -> AppResult<Vec<LcsprRecommendation>> {
        Ok(ctx
            .data_unchecked::<DataLoader<RecommendationsByLcspr>>()
            .load_one(self.0.id.clone())
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(LcsprRecommendation)
            .collect())
    }
    /// Where the record comes from: a report and section, or who recorded it.
    async fn source(&self) -> &str {
        &self.0.source
    }
    /// True for made-up demo data, not from any published report.
    async fn illustrative(&self) -> bool {
        self.0.illustrative
    }
    /// When it was last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Version, to send back as `expectedVersion` when updating.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A recommendation of an LCSPR, tracked exactly like a scrutiny
/// recommendation: an owner, a due date, a status and an append-only history.
#[derive(Clone)]
pub struct LcsprRecommendation(pub recommendation::Model);

/// A recommendation of an LCSPR, tracked exactly like a scrutiny
/// recommendation: an owner, a due date, a status and an append-only history.
#[Object]
impl LcsprRecommendation {
    /// Global id, unique across the schema (see `Node`); `respondToLcsprRecommendation` and `closeLcsprRecommendation` take it.
    pub async fn id(&self) -> ID {
        Kind::LcsprRecommendation.id(&self.0.id)
    }
    /// What it asks.
    async fn text(&self) -> &str {
        &self.0.text
    }
    /// The partnership that must answer it.
    async fn owner_partnership(&self) -> PartnershipCode {
        self.0.owner_partnership_code
    }
    /// The agency within it that owns it, when not the partnership itself.
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
    /// True when past due and not closed.
    async fn overdue(&self) -> bool {
        !self.0.status.is_closed() && self.0.due_date < Utc::now().date_naive()
    }
    /// Every response and status change, oldest first, starting with its recording.
    async fn history(&self, ctx: &Context<'_>) -> AppResult<Vec<RecommendationEvent>> {
        Ok(ctx
            .data_unchecked::<DataLoader<HistoryByLcsprRecommendation>>()
            .load_one(self.0.id.clone())
            .await?
            .unwrap_or_default()
            .into_iter()
            // Only readers of the review's records reach it at all, so the
            // actor is shown.
            .map(|e| RecommendationEvent::shared(service::shared_event(e), true))
            .collect())
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

/// A non-statutory learning review: an incident that did not meet the
/// criteria for a rapid review or LCSPR but held learning for two or more
/// agencies. Record-level access only.
#[derive(Clone)]
pub struct LearningReview(pub learning::Model);

/// A non-statutory learning review: an incident that did not meet the
/// criteria for a rapid review or LCSPR but held learning for two or more
/// agencies. Record-level access only.
#[Object]
impl LearningReview {
    /// Global id, unique across the schema (see `Node`).
    pub async fn id(&self) -> ID {
        Kind::LearningReview.id(&self.0.id)
    }
    /// The partnership that carried it out.
    async fn partnership(&self) -> PartnershipCode {
        self.0.partnership_code
    }
    /// The review's title.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// When it was completed.
    async fn completed(&self) -> NaiveDate {
        self.0.completed
    }
    /// The review's themes.
    async fn themes(&self) -> Vec<String> {
        themes(&self.0.themes)
    }
    /// Where the record comes from: a report and section, or who recorded it.
    async fn source(&self) -> &str {
        &self.0.source
    }
    /// True for made-up demo data, not from any published report.
    async fn illustrative(&self) -> bool {
        self.0.illustrative
    }
    /// Version.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

connection_type!(
    RapidReviewConnection,
    RapidReviewEdge,
    RapidReview,
    service::ReviewKey,
    "A page of rapid reviews, newest notification first.",
    "A rapid review and its cursor."
);
connection_type!(
    LcsprConnection,
    LcsprEdge,
    Lcspr,
    service::ReviewKey,
    "A page of LCSPRs, most recently commissioned first.",
    "An LCSPR and its cursor."
);
connection_type!(
    LearningReviewConnection,
    LearningReviewEdge,
    LearningReview,
    service::ReviewKey,
    "A page of learning reviews, most recently completed first.",
    "A learning review and its cursor."
);

/// One partnership's practice review figures for one period, as the caller
/// may see them. Each count is the partnership's published figure where it
/// published one, and otherwise counted from recorded reviews: never both.
pub struct PracticeReviewFigures(YearFigures);

/// One partnership's practice review figures for one period, as the caller
/// may see them: each count is the partnership's published figure where it
/// published one, and otherwise counted from recorded reviews, never both.
#[Object]
impl PracticeReviewFigures {
    /// The partnership.
    async fn partnership(&self) -> PartnershipCode {
        self.0.partnership
    }
    /// The period, with its true dates (a non-standard period is never merged into a financial year).
    async fn period(&self) -> ReportingPeriod {
        ReportingPeriod::from(self.0.period.clone())
    }
    /// Rapid reviews, with a rate per 10,000 children.
    async fn rapid_reviews(&self) -> &PracticeReviewCount {
        &self.0.rapid_reviews
    }
    /// Local child safeguarding practice reviews commissioned.
    async fn lcsprs_commissioned(&self) -> &PracticeReviewCount {
        &self.0.lcsprs_commissioned
    }
    /// Non-statutory learning reviews completed.
    async fn learning_reviews(&self) -> &PracticeReviewCount {
        &self.0.learning_reviews
    }
    /// Recorded rapid reviews sent to the National Panel within 15 working
    /// days, as a share of those sent.
    #[graphql(name = "rapidReviewsWithin15WorkingDays")]
    async fn rapid_reviews_within_15_working_days(&self) -> &PracticeReviewShare {
        &self.0.rapid_reviews_within_15_working_days
    }
    /// Recorded LCSPRs published by their expected completion date, as a
    /// share of those published or past that date.
    async fn lcsprs_published_on_time(&self) -> &PracticeReviewShare {
        &self.0.lcsprs_published_on_time
    }
    /// The report and section the published figures come from; null when
    /// every count is from recorded reviews.
    async fn citation(&self) -> Option<&str> {
        self.0.citation.as_deref()
    }
    /// True when any count is taken from made-up demo data (each share says so of its own).
    async fn illustrative(&self) -> bool {
        self.0.illustrative
    }
    /// True when disclosure control applies: the caller lacks exact rights to this partnership's practice reviews.
    async fn disclosure_controlled(&self) -> bool {
        self.0.disclosure_controlled
    }
}

/// Narrows the review lists; every field is optional.
#[derive(InputObject, Default)]
pub struct PracticeReviewFilterInput {
    /// Only this partnership's reviews.
    pub partnership: Option<PartnershipCode>,
    /// On or after this date (notified, commissioned or completed, by list).
    pub from: Option<NaiveDate>,
    /// On or before this date.
    pub to: Option<NaiveDate>,
}

impl From<PracticeReviewFilterInput> for ReviewFilter {
    fn from(f: PracticeReviewFilterInput) -> Self {
        ReviewFilter {
            partnership: f.partnership,
            from: f.from,
            to: f.to,
        }
    }
}

#[derive(Default)]
pub struct PracticeReviewQuery;

#[Object]
impl PracticeReviewQuery {
    /// Rapid reviews the caller may read (record-level access to the
    /// partnership's practice reviews), newest notification first. Every
    /// review returned is recorded in the audit log.
    async fn rapid_reviews(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the reviews; all readable ones when omitted.")] filter: Option<
            PracticeReviewFilterInput,
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
    ) -> AppResult<RapidReviewConnection> {
        let page = PageArgs::new(first, after, last, before)?;
        Ok(service::list::<rapid::Entity>(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Scope>(),
            &filter.unwrap_or_default().into(),
            &page,
        )
        .await?
        .into_connection(RapidReview))
    }

    /// One rapid review by id; `NOT_FOUND` unless the caller may read it. Audited.
    async fn rapid_review(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The review's id.")] id: ID,
    ) -> AppResult<RapidReview> {
        service::read::<rapid::Entity>(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Scope>(),
            &id,
        )
        .await
        .map(RapidReview)
    }

    /// Local child safeguarding practice reviews the caller may read, most
    /// recently commissioned first, with their recommendations. Audited.
    async fn lcsprs(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the reviews; all readable ones when omitted.")] filter: Option<
            PracticeReviewFilterInput,
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
    ) -> AppResult<LcsprConnection> {
        let page = PageArgs::new(first, after, last, before)?;
        Ok(service::list::<lcspr::Entity>(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Scope>(),
            &filter.unwrap_or_default().into(),
            &page,
        )
        .await?
        .into_connection(Lcspr))
    }

    /// One LCSPR by id; `NOT_FOUND` unless the caller may read it. Audited.
    async fn lcspr(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The review's id.")] id: ID,
    ) -> AppResult<Lcspr> {
        service::read::<lcspr::Entity>(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Scope>(),
            &Kind::Lcspr.key_of(&id),
        )
        .await
        .map(Lcspr)
    }

    /// Non-statutory learning reviews the caller may read, most recently completed first. Audited.
    async fn learning_reviews(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the reviews; all readable ones when omitted.")] filter: Option<
            PracticeReviewFilterInput,
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
    ) -> AppResult<LearningReviewConnection> {
        let page = PageArgs::new(first, after, last, before)?;
        Ok(service::list::<learning::Entity>(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Scope>(),
            &filter.unwrap_or_default().into(),
            &page,
        )
        .await?
        .into_connection(LearningReview))
    }

    /// Yearly practice review figures per partnership, for everyone: exact
    /// for callers with exact rights to a partnership's practice reviews,
    /// through disclosure control for everyone else. One row per
    /// partnership and period with any figure, by partnership then period.
    async fn practice_review_figures(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this partnership; all five when omitted.")] partnership: Option<
            PartnershipCode,
        >,
        #[graphql(
            desc = "Only this period, by label (e.g. `2024-25`); every period when omitted."
        )]
        period: Option<String>,
    ) -> AppResult<Vec<PracticeReviewFigures>> {
        if let Some(label) = &period {
            crate::text::TextKind::Key.check("period", label)?;
        }
        let partnerships: Vec<PartnershipCode> = match partnership {
            Some(p) => vec![p],
            None => PartnershipCode::ALL.to_vec(),
        };
        let rows = figures::figures(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Scope>(),
            &partnerships,
            period.as_deref(),
            ctx.data_unchecked::<DisclosureConfig>()
                .suppression_threshold,
            Utc::now().date_naive(),
        )
        .await?;
        Ok(rows.into_iter().map(PracticeReviewFigures).collect())
    }
}

/// A serious incident notification and its rapid review, as far as it has gone.
#[derive(InputObject)]
pub struct RapidReviewInput {
    /// The partnership carrying out the review.
    pub partnership: PartnershipCode,
    /// The partnership's own reference for the case, never a child's name. At most 300 characters.
    pub reference: String,
    /// When the partnership became aware of the incident.
    pub incident_known: NaiveDate,
    /// When the notification was sent to the National Panel; not before `incidentKnown`.
    pub notified: NaiveDate,
    /// When the rapid review was completed.
    pub completed: Option<NaiveDate>,
    /// When it was sent to the National Panel; needs `completed`, and not before it.
    pub sent_to_panel: Option<NaiveDate>,
    /// What the safeguarding partners decided.
    pub decision: Option<RapidReviewDecision>,
    /// The National Panel's response. At most 20000 characters.
    pub panel_response: Option<String>,
    /// The review's themes. Each at most 300 characters; at most 100 items.
    #[graphql(default)]
    pub themes: Vec<String>,
    /// Where the record comes from; who recorded it when omitted. At most 500 characters.
    pub source: Option<String>,
}

/// Later progress of a rapid review; omitted fields stay as they are.
#[derive(InputObject)]
pub struct RapidReviewUpdateInput {
    /// The review.
    pub id: ID,
    /// The version the update is based on; a stale one is a `CONFLICT`.
    pub expected_version: i32,
    /// When the rapid review was completed.
    pub completed: Option<NaiveDate>,
    /// When it was sent to the National Panel.
    pub sent_to_panel: Option<NaiveDate>,
    /// What the safeguarding partners decided.
    pub decision: Option<RapidReviewDecision>,
    /// The National Panel's response. At most 20000 characters.
    pub panel_response: Option<String>,
    /// Replaces the themes when given. Each at most 300 characters; at most 100 items.
    pub themes: Option<Vec<String>>,
}

/// A recommendation of an LCSPR; it starts `OPEN`, owned by the review's partnership.
#[derive(InputObject)]
pub struct LcsprRecommendationInput {
    /// What it asks. At most 20000 characters.
    pub text: String,
    /// The agency within the partnership that owns it, when not the partnership itself. At most 64 characters.
    pub owner_agency: Option<String>,
    /// When it is due; not before the review was commissioned.
    pub due_date: NaiveDate,
}

impl From<LcsprRecommendationInput> for recording::RecommendationInput {
    fn from(r: LcsprRecommendationInput) -> Self {
        recording::RecommendationInput {
            text: r.text,
            owner_agency: r.owner_agency,
            due_date: r.due_date,
        }
    }
}

/// An LCSPR as commissioned, with its recommendations.
#[derive(InputObject)]
pub struct LcsprInput {
    /// The partnership commissioning it.
    pub partnership: PartnershipCode,
    /// The rapid review that led to it, when recorded.
    pub rapid_review_id: Option<ID>,
    /// The review's title. At most 300 characters.
    pub title: String,
    /// When it was commissioned.
    pub commissioned: NaiveDate,
    /// True when an independent reviewer writes it.
    pub independent_reviewer: bool,
    /// Who writes it. At most 300 characters.
    pub reviewer: Option<String>,
    /// When it is expected to be completed; not before `commissioned`.
    pub expected_completion: NaiveDate,
    /// When it was completed.
    pub completed: Option<NaiveDate>,
    /// When it was published; needs `completed`.
    pub published: Option<NaiveDate>,
    /// Why it is not (yet) published. At most 20000 characters.
    pub not_published_reason: Option<String>,
    /// The review's themes. Each at most 300 characters; at most 100 items.
    #[graphql(default)]
    pub themes: Vec<String>,
    /// Where the record comes from; who recorded it when omitted. At most 500 characters.
    pub source: Option<String>,
    /// Its recommendations, at most 100.
    #[graphql(default)]
    pub recommendations: Vec<LcsprRecommendationInput>,
}

/// Later progress of an LCSPR; omitted fields stay as they are.
#[derive(InputObject)]
pub struct LcsprUpdateInput {
    /// The review.
    pub id: ID,
    /// The version the update is based on; a stale one is a `CONFLICT`.
    pub expected_version: i32,
    /// When it was completed.
    pub completed: Option<NaiveDate>,
    /// When it was published.
    pub published: Option<NaiveDate>,
    /// Why it is not (yet) published. At most 20000 characters.
    pub not_published_reason: Option<String>,
    /// Replaces the themes when given. Each at most 300 characters; at most 100 items.
    pub themes: Option<Vec<String>>,
    /// Recommendations added after the existing ones.
    #[graphql(default)]
    pub add_recommendations: Vec<LcsprRecommendationInput>,
}

/// A non-statutory learning review.
#[derive(InputObject)]
pub struct LearningReviewInput {
    /// The partnership that carried it out.
    pub partnership: PartnershipCode,
    /// The review's title. At most 300 characters.
    pub title: String,
    /// When it was completed.
    pub completed: NaiveDate,
    /// The review's themes. Each at most 300 characters; at most 100 items.
    #[graphql(default)]
    pub themes: Vec<String>,
    /// Where the record comes from; who recorded it when omitted. At most 500 characters.
    pub source: Option<String>,
}

/// Counts a partnership published for a period without individual reviews.
#[derive(InputObject)]
pub struct PracticeReviewFiguresInput {
    /// The partnership.
    pub partnership: PartnershipCode,
    /// The period's label, e.g. `2024-25`. At most 64 characters.
    pub period: String,
    /// Rapid reviews, as published.
    pub rapid_reviews: Option<i32>,
    /// LCSPRs commissioned, as published.
    pub lcsprs_commissioned: Option<i32>,
    /// Learning reviews, as published.
    pub learning_reviews: Option<i32>,
    /// The report and section the figures come from. At most 500 characters.
    pub source: String,
}

#[derive(Default)]
pub struct PracticeReviewMutation;

#[Object]
impl PracticeReviewMutation {
    /// Records a serious incident notification and its rapid review (the
    /// partnership's manager, or a regional admin).
    async fn record_rapid_review(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The notification and review.")] input: RapidReviewInput,
    ) -> AppResult<RapidReview> {
        recording::record_rapid_review(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Caller>(),
            recording::RapidReviewInput {
                partnership: input.partnership,
                reference: input.reference,
                incident_known: input.incident_known,
                notified: input.notified,
                completed: input.completed,
                sent_to_panel: input.sent_to_panel,
                decision: input.decision,
                panel_response: input.panel_response,
                themes: input.themes,
                source: input.source,
            },
        )
        .await
        .map(RapidReview)
    }

    /// Records a rapid review's later progress against its version.
    async fn update_rapid_review(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The review, its version, and what changes.")]
        input: RapidReviewUpdateInput,
    ) -> AppResult<RapidReview> {
        recording::update_rapid_review(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Scope>(),
            Kind::RapidReview.key_of(&input.id),
            input.expected_version,
            RapidReviewUpdate {
                completed: input.completed,
                sent_to_panel: input.sent_to_panel,
                decision: input.decision,
                panel_response: input.panel_response,
                themes: input.themes,
            },
        )
        .await
        .map(RapidReview)
    }

    /// Records a local child safeguarding practice review with its recommendations.
    async fn record_lcspr(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The review and its recommendations.")] input: LcsprInput,
    ) -> AppResult<Lcspr> {
        recording::record_lcspr(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Scope>(),
            recording::LcsprInput {
                partnership: input.partnership,
                rapid_review_id: input
                    .rapid_review_id
                    .map(|id| Kind::RapidReview.key_of(&id)),
                title: input.title,
                commissioned: input.commissioned,
                independent_reviewer: input.independent_reviewer,
                reviewer: input.reviewer,
                expected_completion: input.expected_completion,
                completed: input.completed,
                published: input.published,
                not_published_reason: input.not_published_reason,
                themes: input.themes,
                source: input.source,
                recommendations: input.recommendations.into_iter().map(Into::into).collect(),
            },
        )
        .await
        .map(Lcspr)
    }

    /// Records an LCSPR's later progress, and adds recommendations, against its version.
    async fn update_lcspr(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The review, its version, and what changes.")] input: LcsprUpdateInput,
    ) -> AppResult<Lcspr> {
        recording::update_lcspr(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Scope>(),
            Kind::Lcspr.key_of(&input.id),
            input.expected_version,
            LcsprUpdate {
                completed: input.completed,
                published: input.published,
                not_published_reason: input.not_published_reason,
                themes: input.themes,
                add_recommendations: input
                    .add_recommendations
                    .into_iter()
                    .map(Into::into)
                    .collect(),
            },
        )
        .await
        .map(Lcspr)
    }

    /// Records a non-statutory learning review.
    async fn record_learning_review(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The review.")] input: LearningReviewInput,
    ) -> AppResult<LearningReview> {
        recording::record_learning_review(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Caller>(),
            recording::LearningReviewInput {
                partnership: input.partnership,
                title: input.title,
                completed: input.completed,
                themes: input.themes,
                source: input.source,
            },
        )
        .await
        .map(LearningReview)
    }

    /// Records the practice review counts a partnership published for a
    /// period; they stand in for recorded reviews in that period's figures.
    async fn record_practice_review_figures(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The published counts and their citation.")]
        input: PracticeReviewFiguresInput,
    ) -> AppResult<PracticeReviewFigures> {
        let db = ctx.data_unchecked::<DatabaseConnection>();
        let scope = ctx.data_unchecked::<Scope>();
        let saved = recording::record_annual_figure(
            db,
            &scope.caller,
            AnnualFigureInput {
                partnership: input.partnership,
                period: input.period,
                rapid_reviews: input.rapid_reviews,
                lcsprs_commissioned: input.lcsprs_commissioned,
                learning_reviews: input.learning_reviews,
                source: input.source,
            },
        )
        .await?;
        let rows = figures::figures(
            db,
            scope,
            &[saved.partnership_code],
            Some(&saved.period_label),
            ctx.data_unchecked::<DisclosureConfig>()
                .suppression_threshold,
            Utc::now().date_naive(),
        )
        .await?;
        rows.into_iter()
            .next()
            .map(PracticeReviewFigures)
            .ok_or(crate::error::AppError::Internal)
    }

    /// Responds to an LCSPR recommendation and may move it forward: open ->
    /// in progress -> completed (the owning partnership's manager, or a
    /// regional admin). Appends to its history.
    async fn respond_to_lcspr_recommendation(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The recommendation (its `id` as `LcsprRecommendation.id` gives it), its version, the response and new status."
        )]
        input: RecommendationResponseInput,
    ) -> AppResult<LcsprRecommendation> {
        input
            .submit::<recording::Recommendations>(ctx, Kind::LcsprRecommendation)
            .await
            .map(LcsprRecommendation)
    }

    /// Closes an LCSPR recommendation as completed or not accepted (the
    /// owning partnership's manager, signing off for the safeguarding
    /// partners, or a regional admin). Appends to its history.
    async fn close_lcspr_recommendation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The recommendation, its version, the closing status and why.")]
        input: RecommendationClosureInput,
    ) -> AppResult<LcsprRecommendation> {
        input
            .submit::<recording::Recommendations>(ctx, Kind::LcsprRecommendation)
            .await
            .map(LcsprRecommendation)
    }
}

/// The records of one practice review kind among `keys` the caller may read
/// (the same condition as the lists), for `node`/`nodes`; every review found
/// is a read the audit log shows.
pub(crate) async fn by_ids(
    db: &DatabaseConnection,
    scope: &Scope,
    kind: Kind,
    keys: &[String],
) -> AppResult<Vec<(String, crate::node::Node)>> {
    use crate::node::Node;
    Ok(match kind {
        Kind::RapidReview => service::by_ids::<rapid::Entity>(db, scope, keys)
            .await?
            .into_iter()
            .map(|r| (r.id.clone(), Node::RapidReview(RapidReview(r))))
            .collect(),
        Kind::Lcspr => service::by_ids::<lcspr::Entity>(db, scope, keys)
            .await?
            .into_iter()
            .map(|r| (r.id.clone(), Node::Lcspr(Lcspr(r))))
            .collect(),
        Kind::LearningReview => service::by_ids::<learning::Entity>(db, scope, keys)
            .await?
            .into_iter()
            .map(|r| (r.id.clone(), Node::LearningReview(LearningReview(r))))
            .collect(),
        Kind::LcsprRecommendation => service::recommendations_by_ids(db, scope, keys)
            .await?
            .into_iter()
            .map(|r| {
                (
                    r.id.clone(),
                    Node::LcsprRecommendation(LcsprRecommendation(r)),
                )
            })
            .collect(),
        _ => Vec::new(),
    })
}
