//! Section 11 output types: thin wrappers over the stored rows, with every
//! relation resolved through a DataLoader.
//!
//! The objects a page repeats hundreds or thousands of times (returns,
//! grades, actions, standards, agencies, grade counts) resolve their fields
//! in sequence (`#[Object(serial)]`). Their fields read what is already
//! loaded, or relations that a prefetch primes (a list's, or a single
//! return's), so running them concurrently gained nothing, while it made
//! every field of every such object a future of its own: about a tenth of
//! the server's CPU on a page of 100 returns for the small objects, and a
//! twentieth for the returns. Lists of them are still resolved
//! concurrently, so DataLoaders still batch across a list's items.
use async_graphql::{Context, Object, ID};
use chrono::{DateTime, NaiveDate, Utc};
use entity::section11_enums::{
    AgencySector, Section11Grade, Section11ReturnStatus, Section11RoundMode,
};
use entity::{
    section11_action, section11_agency, section11_framework, section11_recommendation,
    section11_return, section11_round, section11_round_partnership, section11_standard,
    section11_survey_result, PartnershipCode,
};
use std::sync::Arc;

use crate::connection_type;
use crate::disclosure::{CountFigure, ShareFigure};
use crate::error::{AppError, AppResult};
use crate::node::Kind;
use crate::reference::schema::ReportingPeriod;
use crate::section11::access::SummaryBasis;
use crate::section11::loaders::{
    ActionsByReturn, AgencyById, Cached, EvidenceByReturn, FrameworkById, GradeRow, GradesByReturn,
    PartnershipsByAgency, PartsByRound, PeriodByLabel, ReturnVersion, RoundById, Shared,
    StandardsByFramework,
};
use crate::section11::service::returns::Publication;
use crate::section11::service::survey::SurveyReport;
use crate::section11::service::{StandardSummary, Summary};
use crate::statistics::FigureFlags;

async fn framework(ctx: &Context<'_>, id: &str) -> AppResult<Section11Framework> {
    ctx.data_unchecked::<Cached<FrameworkById>>()
        .load_one(id.to_string())
        .await?
        .map(Section11Framework)
        .ok_or_else(|| AppError::not_found(format!("framework `{id}`")))
}

async fn round(ctx: &Context<'_>, id: &str) -> AppResult<Section11Round> {
    ctx.data_unchecked::<Cached<RoundById>>()
        .load_one(id.to_string())
        .await?
        .map(Section11Round)
        .ok_or_else(|| AppError::not_found(format!("Section 11 round `{id}`")))
}

#[derive(Clone)]
pub struct Section11Framework(pub section11_framework::Model);

/// A versioned Section 11 framework: the standards, each with sub-standards,
/// that agencies grade themselves against.
#[Object]
impl Section11Framework {
    /// Global id, unique across the schema (see `Node`).
    pub async fn id(&self) -> ID {
        Kind::Section11Framework.id(&self.0.id)
    }

    /// The framework's own key, e.g. `regional-v1`: what `id` was before global ids.
    async fn database_id(&self) -> ID {
        ID(self.0.id.clone())
    }
    /// The framework family; editions of one family share it, e.g. `REGIONAL`.
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// The edition within the family, from 1.
    async fn edition(&self) -> i32 {
        self.0.edition
    }
    /// Name of the tool.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// What the tool is and who used it.
    async fn description(&self) -> &str {
        &self.0.description
    }
    /// Where the standards' wording comes from.
    async fn source(&self) -> &str {
        &self.0.source
    }
    /// True when any of the wording is illustrative rather than from the published tool.
    async fn illustrative(&self) -> bool {
        self.0.illustrative
    }
    /// The standards, in order, each with its sub-standards.
    async fn standards(&self, ctx: &Context<'_>) -> AppResult<Vec<Section11Standard>> {
        let all = ctx
            .data_unchecked::<Cached<StandardsByFramework>>()
            .load_one(self.0.id.clone())
            .await?
            .unwrap_or_default();
        Ok(all
            .into_iter()
            .filter(|s| s.parent_number.is_none())
            .map(|s| Section11Standard(Arc::new(s)))
            .collect())
    }
}

/// Shared: a page of returns names a standard in every one of its thousands
/// of grades, and copying the model for each was measurable.
#[derive(Clone)]
pub struct Section11Standard(pub Arc<section11_standard::Model>);

/// A standard of a framework, or one of its sub-standards.
#[Object(serial)]
impl Section11Standard {
    /// Global id, unique across the schema (see `Node`).
    pub async fn id(&self) -> ID {
        Kind::Section11Standard.id(&self.0.id)
    }

    /// The standard's own key, `{framework key}/{number}`: what `id` was before global ids.
    async fn database_id(&self) -> ID {
        ID(self.0.id.clone())
    }
    /// The number agencies and reports use, e.g. `8` or `8.3`: grades and
    /// actions name standards by it.
    async fn number(&self) -> &str {
        &self.0.number
    }
    /// What the standard asks of an agency.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// For a sub-standard, the number of its standard; null for a standard.
    async fn parent_number(&self) -> Option<&str> {
        self.0.parent_number.as_deref()
    }
    /// The framework the standard belongs to.
    async fn framework(&self, ctx: &Context<'_>) -> AppResult<Section11Framework> {
        framework(ctx, &self.0.framework_id).await
    }
    /// The sub-standards of a standard, in order; empty for a sub-standard.
    async fn sub_standards(&self, ctx: &Context<'_>) -> AppResult<Vec<Section11Standard>> {
        let all = ctx
            .data_unchecked::<Cached<StandardsByFramework>>()
            .load_one(self.0.framework_id.clone())
            .await?
            .unwrap_or_default();
        Ok(all
            .into_iter()
            .filter(|s| s.parent_number.as_deref() == Some(self.0.number.as_str()))
            .map(|s| Section11Standard(Arc::new(s)))
            .collect())
    }
}

#[derive(Clone)]
pub struct Section11Round(pub section11_round::Model);

/// One Section 11 audit cycle: its period, the partnerships taking part, the
/// framework and how evidence is collected. Rounds are organisational facts,
/// readable by everyone; returns are not.
#[Object]
impl Section11Round {
    /// Global id, unique across the schema (see `Node`).
    pub async fn id(&self) -> ID {
        Kind::Section11Round.id(&self.0.id)
    }

    /// The round's own key: what `id` was before global ids.
    async fn database_id(&self) -> ID {
        ID(self.0.id.clone())
    }
    /// Title, e.g. "Somerset Section 11 audit 2016-17".
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// The reporting period the round belongs to.
    async fn period(&self, ctx: &Context<'_>) -> AppResult<ReportingPeriod> {
        ctx.data_unchecked::<Cached<PeriodByLabel>>()
            .load_one(self.0.period_label.clone())
            .await?
            .map(ReportingPeriod::from)
            .ok_or_else(|| AppError::not_found(format!("period `{}`", self.0.period_label)))
    }
    /// The framework returns are graded against.
    async fn framework(&self, ctx: &Context<'_>) -> AppResult<Section11Framework> {
        framework(ctx, &self.0.framework_id).await
    }
    /// Self-assessment (returns) or practitioner survey (results per theme).
    async fn mode(&self) -> Section11RoundMode {
        self.0.mode
    }
    /// When the round opened.
    async fn opens_on(&self) -> NaiveDate {
        self.0.opens_on
    }
    /// When returns were due; a return submitted later is marked late.
    async fn closes_on(&self) -> NaiveDate {
        self.0.closes_on
    }
    /// What happened in the round (peer review workshops, how the tool was sent).
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// Where the round is documented.
    async fn source(&self) -> &str {
        &self.0.source
    }
    /// True for a round made up for the demo dataset.
    async fn illustrative(&self) -> bool {
        self.0.illustrative
    }
    /// The partnerships taking part, each with its publication.
    async fn partnerships(&self, ctx: &Context<'_>) -> AppResult<Vec<Section11RoundPartnership>> {
        Ok(ctx
            .data_unchecked::<Cached<PartsByRound>>()
            .load_one(self.0.id.clone())
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(Section11RoundPartnership)
            .collect())
    }
    /// Version, to send back as `expectedVersion` when updating the round.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// When the round was recorded.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// The token subject that recorded the round.
    async fn created_by(&self) -> &str {
        &self.0.created_by
    }
    /// When the round last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// The token subject that last changed the round.
    async fn updated_by(&self) -> &str {
        &self.0.updated_by
    }
}

pub struct Section11RoundPartnership(pub section11_round_partnership::Model);

/// A partnership taking part in a round, and its publication.
#[Object]
impl Section11RoundPartnership {
    /// The partnership.
    async fn partnership(&self) -> PartnershipCode {
        self.0.partnership_code
    }
    /// True once the partnership has published its part of the round.
    async fn published(&self) -> bool {
        self.0.published_at.is_some()
    }
    /// When the partnership last published its part.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }
    /// The token subject that last published it.
    async fn published_by(&self) -> Option<&str> {
        self.0.published_by.as_deref()
    }
    /// Version, to send back as `expectedVersion` when recording survey results.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

#[derive(Clone)]
pub struct Agency(pub section11_agency::Model);

/// An agency with a duty under Section 11 (police, NHS trust, council service,
/// school, charity...). Agencies are organisational facts, readable by everyone.
#[Object(serial)]
impl Agency {
    /// Global id, unique across the schema (see `Node`).
    pub async fn id(&self) -> ID {
        Kind::Agency.id(&self.0.id)
    }

    /// The agency's own key: the one an `agency_lead` token names in its `agency` claim, and what `id` was before global ids.
    async fn database_id(&self) -> ID {
        ID(self.0.id.clone())
    }
    /// Name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Sector.
    async fn sector(&self) -> AgencySector {
        self.0.sector
    }
    /// The partnerships the agency works in.
    async fn partnerships(&self, ctx: &Context<'_>) -> AppResult<Vec<PartnershipCode>> {
        Ok(ctx
            .data_unchecked::<Cached<PartnershipsByAgency>>()
            .load_one(self.0.id.clone())
            .await?
            .unwrap_or_default())
    }
    /// Where the hub's knowledge of the agency comes from.
    async fn source(&self) -> &str {
        &self.0.source
    }
    /// True for an agency made up (or anonymised) for the demo dataset.
    async fn illustrative(&self) -> bool {
        self.0.illustrative
    }
    /// When the agency was registered.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

#[derive(Clone)]
pub struct Section11Return(pub section11_return::Model);

/// One agency's Section 11 self-assessment in one round for one partnership,
/// with its workflow: draft → submitted → validated → published.
#[Object(serial)]
impl Section11Return {
    /// Global id, unique across the schema (see `Node`).
    pub async fn id(&self) -> ID {
        Kind::Section11Return.id(&self.0.id)
    }

    /// The return's own key: what `id` was before global ids, and the `recordId` of its audit events.
    async fn database_id(&self) -> ID {
        ID(self.0.id.clone())
    }
    /// The round.
    async fn round(&self, ctx: &Context<'_>) -> AppResult<Section11Round> {
        round(ctx, &self.0.round_id).await
    }
    /// The partnership the return is made to.
    async fn partnership(&self) -> PartnershipCode {
        self.0.partnership_code
    }
    /// The agency assessing itself.
    async fn agency(&self, ctx: &Context<'_>) -> AppResult<Agency> {
        ctx.data_unchecked::<Cached<AgencyById>>()
            .load_one(self.0.agency_id.clone())
            .await?
            .map(Agency)
            .ok_or_else(|| AppError::not_found(format!("agency `{}`", self.0.agency_id)))
    }
    /// Where the return is in its workflow.
    async fn status(&self) -> Section11ReturnStatus {
        self.0.status
    }
    /// The agency's own overall grade.
    async fn overall_grade(&self) -> Option<Section11Grade> {
        self.0.overall_grade
    }
    /// The overall grade after peer challenge, when validation moderated it.
    async fn moderated_overall_grade(&self) -> Option<Section11Grade> {
        self.0.moderated_overall_grade
    }
    /// The overall grade summaries count: the moderated one where there is one.
    async fn effective_overall_grade(&self) -> Option<Section11Grade> {
        self.0.moderated_overall_grade.or(self.0.overall_grade)
    }
    /// Grades per standard and sub-standard, self-assessed and moderated.
    async fn grades(&self, ctx: &Context<'_>) -> AppResult<Vec<Section11StandardGrade>> {
        let grades = ctx
            .data_unchecked::<Cached<GradesByReturn>>()
            .load_one(ReturnVersion::of(&self.0))
            .await?
            .unwrap_or_default();
        let of = Arc::new(ReturnVersion::of(&self.0));
        Ok(grades
            .iter()
            .map(|grade| Section11StandardGrade {
                grade: grade.clone(),
                of: of.clone(),
            })
            .collect())
    }
    /// The action plan for standards graded below Good.
    async fn actions(&self, ctx: &Context<'_>) -> AppResult<Vec<Section11Action>> {
        Ok(ctx
            .data_unchecked::<Cached<ActionsByReturn>>()
            .load_one(self.0.id.clone())
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(Section11Action)
            .collect())
    }
    /// The partnership's note at validation.
    async fn validation_note(&self) -> Option<&str> {
        self.0.validation_note.as_deref()
    }
    /// True when the return was submitted after the round's closing date.
    async fn late(&self, ctx: &Context<'_>) -> AppResult<bool> {
        let Some(submitted) = self.0.submitted_at else {
            return Ok(false);
        };
        let round = round(ctx, &self.0.round_id).await?;
        Ok(submitted.date_naive() > round.0.closes_on)
    }
    /// Where the return comes from: the submitting user, or the report it is taken from.
    async fn source(&self) -> &str {
        &self.0.source
    }
    /// True for a return made up for the demo dataset.
    async fn illustrative(&self) -> bool {
        self.0.illustrative
    }
    /// Version, to send back as `expectedVersion` with the next change.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// When the draft was started.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// The token subject that started the draft.
    async fn created_by(&self) -> &str {
        &self.0.created_by
    }
    /// When the return last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// The token subject that last changed it.
    async fn updated_by(&self) -> &str {
        &self.0.updated_by
    }
    /// When it was submitted.
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.submitted_at
    }
    /// The token subject that submitted it (the agency lead, or a manager on its behalf).
    async fn submitted_by(&self) -> Option<&str> {
        self.0.submitted_by.as_deref()
    }
    /// When it was validated.
    async fn validated_at(&self) -> Option<DateTime<Utc>> {
        self.0.validated_at
    }
    /// The token subject that validated it.
    async fn validated_by(&self) -> Option<&str> {
        self.0.validated_by.as_deref()
    }
    /// When it was published.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }
    /// The token subject that published it.
    async fn published_by(&self) -> Option<&str> {
        self.0.published_by.as_deref()
    }
}

connection_type!(
    Section11ReturnConnection,
    Section11ReturnEdge,
    Section11Return,
    crate::section11::service::returns::ReturnKey,
    "A page of Section 11 returns the caller may read, newest first.",
    "A Section 11 return and its cursor."
);

connection_type!(
    Section11RoundConnection,
    Section11RoundEdge,
    Section11Round,
    crate::section11::service::catalogue::RoundKey,
    "A page of Section 11 rounds, newest first.",
    "A Section 11 round and its cursor."
);

connection_type!(
    AgencyConnection,
    AgencyEdge,
    Agency,
    crate::section11::service::agencies::AgencyKey,
    "A page of agencies, by name.",
    "An agency and its cursor."
);

pub struct Section11StandardGrade {
    pub grade: Shared<GradeRow>,
    /// The return at the version the grade was read at, for its evidence.
    pub of: Arc<ReturnVersion>,
}

/// A return's grade for one standard or sub-standard.
#[Object(serial)]
impl Section11StandardGrade {
    /// The standard graded.
    async fn standard(&self) -> Section11Standard {
        Section11Standard(self.grade.standard.clone())
    }
    /// The agency's own grade.
    async fn self_assessed_grade(&self) -> Section11Grade {
        self.grade.row.self_grade
    }
    /// The grade after peer challenge, when validation moderated it.
    async fn moderated_grade(&self) -> Option<Section11Grade> {
        self.grade.row.moderated_grade
    }
    /// The grade summaries count: the moderated one where there is one.
    async fn effective_grade(&self) -> Section11Grade {
        self.grade.row.effective_grade()
    }
    /// The agency's evidence for the grade.
    async fn evidence(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        let evidence = ctx
            .data_unchecked::<Cached<EvidenceByReturn>>()
            .load_one((*self.of).clone())
            .await?;
        Ok(evidence.and_then(|e| e.get(&self.grade.row.id).cloned()))
    }
}

pub struct Section11Action(pub Shared<section11_action::Model>);

/// An action a return commits to for a standard graded below Good.
#[Object(serial)]
impl Section11Action {
    /// The standard the action addresses.
    async fn standard(&self) -> Section11Standard {
        Section11Standard(self.0.standard.clone())
    }
    /// What will be done.
    async fn what(&self) -> &str {
        &self.0.row.what
    }
    /// Who is responsible (a role or team).
    async fn owner(&self) -> &str {
        &self.0.row.owner
    }
    /// When it is due.
    async fn due_date(&self) -> NaiveDate {
        self.0.row.due_date
    }
}

pub struct Section11GradeCount(pub Section11Grade, pub u64, pub FigureFlags);

/// How many counted returns have a grade.
#[Object(serial)]
impl Section11GradeCount {
    /// The grade.
    async fn grade(&self) -> Section11Grade {
        self.0
    }
    /// How many returns (agencies) have it.
    async fn count(&self) -> u64 {
        self.1
    }
    /// `count` with its status and flags.
    async fn count_figure(&self) -> CountFigure {
        CountFigure::organisational(self.1, self.2)
    }
}

fn counts(list: &[(Section11Grade, u64)], flags: FigureFlags) -> Vec<Section11GradeCount> {
    list.iter()
        .map(|(g, n)| Section11GradeCount(*g, *n, flags))
        .collect()
}

/// A standard's figures, with the flags of the summary they belong to.
pub struct Section11StandardSummary(pub StandardSummary, pub FigureFlags);

/// One standard's (or sub-standard's) figures in a summary.
#[Object(serial)]
impl Section11StandardSummary {
    /// The standard's number, e.g. `8.3`.
    async fn number(&self) -> &str {
        &self.0.standard.number
    }
    /// What the standard asks of an agency.
    async fn title(&self) -> &str {
        &self.0.standard.title
    }
    /// For a sub-standard, the number of its standard.
    async fn parent_number(&self) -> Option<&str> {
        self.0.standard.parent_number.as_deref()
    }
    /// Counted returns with a grade for this standard.
    async fn graded(&self) -> u64 {
        self.0.graded
    }
    /// Of those, graded Outstanding or Good (moderated grade where there is one).
    async fn good_or_better(&self) -> u64 {
        self.0.good_or_better
    }
    /// `goodOrBetter` as a percentage of `graded`, to one decimal place;
    /// null when nothing was graded.
    async fn share_good_or_better(&self) -> Option<f64> {
        self.0.share_good_or_better().map(published_share)
    }
    /// `shareGoodOrBetter` before rounding.
    async fn share_good_or_better_unrounded(&self) -> Option<f64> {
        self.0.share_good_or_better()
    }
    /// `shareGoodOrBetter` with its status (`NOT_AVAILABLE` when nothing
    /// was graded) and flags (`illustrative` when a counted return is).
    async fn share_good_or_better_figure(&self) -> ShareFigure {
        ShareFigure::organisational(self.0.good_or_better, self.0.graded, self.1)
    }
    /// `graded` with its status and flags.
    async fn graded_figure(&self) -> CountFigure {
        CountFigure::organisational(self.0.graded, self.1)
    }
    /// `goodOrBetter` with its status and flags.
    async fn good_or_better_figure(&self) -> CountFigure {
        CountFigure::organisational(self.0.good_or_better, self.1)
    }
    /// Counts by grade, best first.
    async fn by_grade(&self) -> Vec<Section11GradeCount> {
        counts(&self.0.by_grade, self.1)
    }
}

pub struct Section11Summary(pub Summary);

/// A partnership's Section 11 figures for one round. The disclosure rule for
/// Section 11: organisational figures, published rounds only. The figures
/// count agencies, not children, so none is suppressed; callers without exact
/// access to the partnership's Section 11 figures see published returns only
/// (see `basis`).
#[Object]
impl Section11Summary {
    /// The round.
    async fn round(&self) -> Section11Round {
        Section11Round(self.0.round.clone())
    }
    /// The partnership.
    async fn partnership(&self) -> PartnershipCode {
        self.0.partnership
    }
    /// Which returns the figures count, for this caller.
    async fn basis(&self) -> SummaryBasis {
        self.0.basis
    }
    /// When the partnership last published its part of the round; null if never.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }
    /// Agencies expected to make a return, nil returns included.
    async fn expected(&self) -> u64 {
        self.0.expected
    }
    /// Returns counted on this basis: received (or, on the published basis, published).
    async fn received(&self) -> u64 {
        self.0.received
    }
    /// Expected agencies that made a nil return: expected, but no return received.
    async fn nil_returns(&self) -> u64 {
        self.0.nil_returns
    }
    /// Expected agencies neither counted nor nil.
    async fn not_received(&self) -> u64 {
        self.0.not_received()
    }
    /// `received` as a percentage of `expected`, to one decimal place; null
    /// when none was expected.
    async fn return_rate(&self) -> Option<f64> {
        self.0.return_rate().map(published_share)
    }
    /// `returnRate` before rounding.
    async fn return_rate_unrounded(&self) -> Option<f64> {
        self.0.return_rate()
    }
    /// `returnRate` with its status (`NOT_AVAILABLE` when none was expected)
    /// and flags (`illustrative` when a counted return is).
    async fn return_rate_figure(&self) -> ShareFigure {
        ShareFigure::organisational(self.0.received, self.0.expected, self.0.flags())
    }
    /// `expected` with its status and flags.
    async fn expected_figure(&self) -> CountFigure {
        CountFigure::organisational(self.0.expected, self.0.flags())
    }
    /// `received` with its status and flags.
    async fn received_figure(&self) -> CountFigure {
        CountFigure::organisational(self.0.received, self.0.flags())
    }
    /// `nilReturns` with its status and flags.
    async fn nil_returns_figure(&self) -> CountFigure {
        CountFigure::organisational(self.0.nil_returns, self.0.flags())
    }
    /// `notReceived` with its status and flags.
    async fn not_received_figure(&self) -> CountFigure {
        CountFigure::organisational(self.0.not_received(), self.0.flags())
    }
    /// Counted returns by overall grade, best first (moderated grade where there is one).
    async fn by_overall_grade(&self) -> Vec<Section11GradeCount> {
        counts(&self.0.by_overall_grade, self.0.flags())
    }
    /// Counted returns whose overall grade is not held (the source did not publish it).
    async fn without_overall_grade(&self) -> u64 {
        self.0.without_overall_grade
    }
    /// Overall grades Good or better as a percentage of overall grades held,
    /// to one decimal place.
    async fn share_good_or_better(&self) -> Option<f64> {
        self.0.share_good_or_better_overall().map(published_share)
    }
    /// `shareGoodOrBetter` before rounding.
    async fn share_good_or_better_unrounded(&self) -> Option<f64> {
        self.0.share_good_or_better_overall()
    }
    /// `shareGoodOrBetter` with its status (`NOT_AVAILABLE` without overall
    /// grades) and flags (`illustrative` when a counted return is).
    async fn share_good_or_better_figure(&self) -> ShareFigure {
        let (good, graded) = self.0.good_or_better_overall();
        ShareFigure::organisational(good, graded, self.0.flags())
    }
    /// `withoutOverallGrade` with its status and flags.
    async fn without_overall_grade_figure(&self) -> CountFigure {
        CountFigure::organisational(self.0.without_overall_grade, self.0.flags())
    }
    /// Every standard and sub-standard of the framework, in order.
    async fn standards(&self) -> Vec<Section11StandardSummary> {
        let flags = self.0.flags();
        self.0
            .standards
            .iter()
            .cloned()
            .map(|s| Section11StandardSummary(s, flags))
            .collect()
    }
    /// Agencies with at least one Inadequate grading, at standard or
    /// sub-standard level (moderated grade where there is one).
    async fn agencies_with_inadequate_grading(&self) -> u64 {
        self.0.agencies_with_inadequate
    }
    /// `agenciesWithInadequateGrading` with its status and flags.
    async fn agencies_with_inadequate_grading_figure(&self) -> CountFigure {
        CountFigure::organisational(self.0.agencies_with_inadequate, self.0.flags())
    }
    /// True when any counted return is illustrative.
    async fn illustrative(&self) -> bool {
        self.0.illustrative
    }
}

pub struct Section11SurveyResults(pub SurveyReport);

/// A partnership's practitioner survey results and recommendations for a round.
#[Object]
impl Section11SurveyResults {
    /// The round.
    async fn round(&self) -> Section11Round {
        Section11Round(self.0.round.clone())
    }
    /// The partnership.
    async fn partnership(&self) -> PartnershipCode {
        self.0.part.partnership_code
    }
    /// True once the partnership has published its part of the round.
    async fn published(&self) -> bool {
        self.0.part.published_at.is_some()
    }
    /// False when the results are not yet published and the caller has no
    /// exact access to them: the lists are then empty.
    async fn visible(&self) -> bool {
        self.0.visible
    }
    /// Version, to send back as `expectedVersion` when recording results.
    async fn version(&self) -> i32 {
        self.0.part.version
    }
    /// Results per theme, in the order recorded.
    async fn results(&self) -> Vec<Section11SurveyResult> {
        self.0
            .results
            .iter()
            .cloned()
            .map(Section11SurveyResult)
            .collect()
    }
    /// The recommendations the round made, numbered.
    async fn recommendations(&self) -> Vec<Section11Recommendation> {
        self.0
            .recommendations
            .iter()
            .cloned()
            .map(Section11Recommendation)
            .collect()
    }
}

pub struct Section11SurveyResult(pub section11_survey_result::Model);

impl Section11SurveyResult {
    fn flags(&self) -> FigureFlags {
        FigureFlags {
            illustrative: self.0.illustrative,
            ..Default::default()
        }
    }
}

/// One theme's result of a practitioner survey.
#[Object]
impl Section11SurveyResult {
    /// The theme, e.g. "Supervision and Support".
    async fn theme(&self) -> &str {
        &self.0.theme
    }
    /// The question asked, when the source gives it.
    async fn question(&self) -> Option<&str> {
        self.0.question.as_deref()
    }
    /// Percentage (0-100) of respondents answering positively, when published.
    async fn share_positive(&self) -> Option<f64> {
        self.0.share_positive
    }
    /// `sharePositive` to one decimal place, with its status (`NOT_AVAILABLE`
    /// when the source did not publish it) and flags (`illustrative` for a
    /// made-up result).
    async fn share_positive_figure(&self) -> ShareFigure {
        ShareFigure::published(self.0.share_positive, self.flags())
    }
    /// How many practitioners answered, when published.
    async fn respondents(&self) -> Option<i32> {
        self.0.respondents
    }
    /// `respondents` with its status (`NOT_AVAILABLE` when not published) and flags.
    async fn respondents_figure(&self) -> CountFigure {
        match self.0.respondents.and_then(|n| u64::try_from(n).ok()) {
            Some(n) => CountFigure::organisational(n, self.flags()),
            None => CountFigure::not_available(self.flags()),
        }
    }
    /// The key finding for the theme.
    async fn key_finding(&self) -> &str {
        &self.0.key_finding
    }
    /// Where the result comes from.
    async fn source(&self) -> &str {
        &self.0.source
    }
    /// True for a result made up for the demo dataset.
    async fn illustrative(&self) -> bool {
        self.0.illustrative
    }
}

pub struct Section11Recommendation(pub section11_recommendation::Model);

/// A recommendation a round made for a partnership.
#[Object]
impl Section11Recommendation {
    /// Its number, from 1.
    async fn number(&self) -> i32 {
        self.0.number
    }
    /// What is recommended.
    async fn text(&self) -> &str {
        &self.0.text
    }
    /// Where it comes from.
    async fn source(&self) -> &str {
        &self.0.source
    }
    /// True for a recommendation made up for the demo dataset.
    async fn illustrative(&self) -> bool {
        self.0.illustrative
    }
}

pub struct Section11Publication(pub Publication);

/// What publishing a partnership's part of a round did.
#[Object]
impl Section11Publication {
    /// The round.
    async fn round(&self) -> Section11Round {
        Section11Round(self.0.round.clone())
    }
    /// The partnership's part of the round, now published.
    async fn partnership(&self) -> Section11RoundPartnership {
        Section11RoundPartnership(self.0.part.clone())
    }
    /// Validated returns published by this call.
    async fn returns_published(&self) -> u64 {
        self.0.returns_published
    }
}

/// A percentage as published: one decimal place, half away from zero.
fn published_share(percent: f64) -> f64 {
    crate::statistics::round_half_away(percent, crate::statistics::SHARE_DECIMALS)
}
