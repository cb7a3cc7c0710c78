//! The CDOP part of the schema: thin resolvers over [`super::service`] and
//! [`super::submit`].
use std::collections::{BTreeSet, HashMap};

use async_graphql::dataloader::DataLoader;
use async_graphql::{ComplexObject, Context, InputObject, Lookahead, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};
use entity::cdop_return::CdopReturnStatus;
use entity::cdop_return_cell::CdopCell;
use entity::{cdop_panel, reporting_period, PartnershipCode};
use sea_orm::DatabaseConnection;

use super::dataset::Cdop;
use super::figures::CdopFigures;
use super::service::{self, ReturnFilter, ReturnView};
use super::submit::{self, ReturnInput};
use crate::access::{AccessLevel, Dataset, Scope};
use crate::batch::prime;
use crate::cache::AnswerCache;
use crate::config::DisclosureConfig;
use crate::connection_type;
use crate::disclosure::{self, Figure};
use crate::error::{AppError, AppResult};
use crate::node::Kind;
use crate::pagination::PageArgs;
use crate::reference::loaders::PanelLoader;
use crate::reference::loaders::PeriodByLabel;
use crate::reference::schema::{CdopPanel, ReportingPeriod};
use crate::returns;

fn threshold(ctx: &Context<'_>) -> i64 {
    ctx.data_unchecked::<DisclosureConfig>()
        .suppression_threshold
}

/// One partnership's child death overview figures for one reporting period.
/// Callers with exact rights for the partnership see every figure; everyone
/// else sees published returns only, through disclosure control.
#[derive(Clone)]
pub struct CdopReturn {
    view: ReturnView,
    record_level: bool,
    /// The period and panel when the page loaded them already.
    period: Option<reporting_period::Model>,
    panel: Option<cdop_panel::Model>,
}

impl CdopReturn {
    fn new(view: ReturnView, scope: &Scope) -> Self {
        Self::with(view, scope, &Related::default())
    }

    fn with(view: ReturnView, scope: &Scope, page: &Related) -> Self {
        let record_level =
            scope.level(Dataset::Cdop, view.record.partnership_code) >= AccessLevel::RecordLevel;
        let period = page.periods.get(&view.record.period_label).cloned();
        let panel = view
            .record
            .panel_code
            .as_ref()
            .and_then(|c| page.panels.get(c))
            .cloned();
        CdopReturn {
            view,
            record_level,
            period,
            panel,
        }
    }
}

/// The returns among `ids` the caller may see, by id (for `node` and `nodes`).
pub(crate) async fn by_ids(
    ctx: &Context<'_>,
    ids: &[String],
) -> AppResult<Vec<(String, CdopReturn)>> {
    let scope = ctx.data_unchecked::<Scope>();
    let views = returns::service::returns_by_ids::<Cdop>(
        ctx.data_unchecked::<DatabaseConnection>(),
        scope,
        ids,
        threshold(ctx),
    )
    .await?;
    let related = Related::load(ctx, ctx.look_ahead(), views.iter()).await?;
    Ok(views
        .into_iter()
        .map(|v| (v.record.id.clone(), CdopReturn::with(v, scope, &related)))
        .collect())
}

/// A page's periods and panels, loaded through their DataLoaders with one
/// call each when the query selects them. Letting every node call
/// `load_one` would batch only as far as the loader's timer allows, so a
/// long page could cost a second statement; the page already holds every
/// key, so [`prime`] does not wait that timer either.
#[derive(Default)]
struct Related {
    periods: HashMap<String, reporting_period::Model>,
    panels: HashMap<String, cdop_panel::Model>,
}

impl Related {
    async fn load(
        ctx: &Context<'_>,
        node: Lookahead<'_>,
        views: impl Iterator<Item = &ReturnView> + Clone,
    ) -> AppResult<Related> {
        let mut related = Related::default();
        if node.field("period").exists() {
            let labels: BTreeSet<String> = views
                .clone()
                .map(|v| v.record.period_label.clone())
                .collect();
            related.periods =
                prime(ctx.data_unchecked::<DataLoader<PeriodByLabel>>(), labels).await?;
        }
        if node.field("panel").exists() {
            let codes: BTreeSet<String> =
                views.filter_map(|v| v.record.panel_code.clone()).collect();
            related.panels = prime(ctx.data_unchecked::<PanelLoader>(), codes).await?;
        }
        Ok(related)
    }
}

/// One partnership's child death overview figures for one reporting period.
/// Callers with exact rights for the partnership see every figure; everyone
/// else sees published returns only, through disclosure control.
#[Object]
impl CdopReturn {
    /// Global id, unique across the schema (see `Node`).
    pub async fn id(&self) -> ID {
        Kind::CdopReturn.id(&self.view.record.id)
    }

    /// The return's own key: what `id` was before global ids, and the `recordId` of its audit events.
    async fn database_id(&self) -> ID {
        ID(self.view.record.id.clone())
    }

    /// The partnership the figures are for.
    async fn partnership(&self) -> PartnershipCode {
        self.view.record.partnership_code
    }

    /// The reporting period.
    async fn period(&self, ctx: &Context<'_>) -> AppResult<ReportingPeriod> {
        let period = match &self.period {
            Some(p) => Some(p.clone()),
            None => {
                ctx.data_unchecked::<DataLoader<PeriodByLabel>>()
                    .load_one(self.view.record.period_label.clone())
                    .await?
            }
        };
        period.map(ReportingPeriod::from).ok_or(AppError::Internal)
    }

    /// The panel that served the partnership at the end of the period.
    async fn panel(&self, ctx: &Context<'_>) -> AppResult<Option<CdopPanel>> {
        let Some(code) = self.view.record.panel_code.clone() else {
            return Ok(None);
        };
        let panel = match &self.panel {
            Some(p) => Some(p.clone()),
            None => ctx.data_unchecked::<PanelLoader>().load_one(code).await?,
        };
        Ok(panel.map(CdopPanel::from))
    }

    /// Submitted (seen only with exact rights) or published.
    async fn status(&self) -> CdopReturnStatus {
        self.view.record.status
    }

    /// Version, to send back as `expectedVersion` when updating or publishing.
    async fn version(&self) -> i32 {
        self.view.record.version
    }

    /// When the figures were last submitted.
    async fn submitted_at(&self) -> DateTime<Utc> {
        self.view.record.submitted_at
    }

    /// When the return was published; null while it is not.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.view.record.published_at
    }

    /// Where the figures come from.
    async fn provenance(&self) -> CdopProvenance {
        let r = &self.view.record;
        let shown = disclosure::provenance(&r.source, r.source_quote.as_deref(), self.view.exact());
        CdopProvenance {
            citation: shown.citation.to_string(),
            quote: shown.quote.map(str::to_string),
            illustrative: r.illustrative,
            submitted_by: self.record_level.then(|| r.submitted_by.clone()),
        }
    }

    /// True when the figures went through disclosure control (the caller has
    /// no exact rights for this partnership); false when they are exact.
    async fn disclosure_controlled(&self) -> bool {
        self.view.figures.controlled
    }

    /// The figures.
    async fn figures(&self) -> Figures {
        Figures(self.view.figures.clone())
    }
}

/// Where a return's figures come from.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct CdopProvenance {
    /// The citation: document and section (page or table where known), or the
    /// submitting system. Shown to everyone who can see the return.
    pub citation: String,
    /// Wording quoted from the source. It may state figures that disclosure
    /// control hides, so it is null for callers without exact figures for the
    /// partnership (and when nothing was quoted).
    pub quote: Option<String>,
    /// True for figures made up to fill gaps in the published reports (demo data).
    pub illustrative: bool,
    /// The user who submitted the figures; shown only to callers with
    /// record-level access to the partnership.
    pub submitted_by: Option<String>,
}

#[ComplexObject]
impl CdopProvenance {
    /// The citation, as `citation` gives it.
    #[graphql(deprecation = "Use `citation`; quoted wording is in `quote`.")]
    async fn source(&self) -> &str {
        &self.citation
    }
}

connection_type!(
    CdopReturnConnection,
    CdopReturnEdge,
    CdopReturn,
    service::ReturnKey,
    "A page of CDOP returns, newest period first.",
    "A CDOP return and its cursor."
);

/// A return's figures (or the region's). Breakdowns by age are of deaths
/// notified; every other breakdown is of reviews completed.
pub struct Figures(pub CdopFigures);

/// A return's figures (or the region's). Breakdowns by age are of deaths
/// notified; every other breakdown is of reviews completed.
#[Object(name = "CdopFigures")]
impl Figures {
    /// Deaths of children notified to the panel in the period, with a rate per
    /// 10,000 children.
    async fn deaths_notified(&self) -> Figure {
        self.0.get(CdopCell::DeathsNotified).clone()
    }

    /// Reviews the panel completed in the period, with a rate per 10,000 children.
    async fn reviews_completed(&self) -> Figure {
        self.0.get(CdopCell::ReviewsCompleted).clone()
    }

    /// Deaths notified, by the child's age.
    async fn by_age_band(&self) -> CdopAgeBands {
        let f = |c| self.0.get(c).clone();
        CdopAgeBands {
            age_0_to_27_days: f(CdopCell::Age0To27Days),
            age_28_to_364_days: f(CdopCell::Age28To364Days),
            under_1_year: f(CdopCell::AgeUnder1Year),
            age_1_to_4: f(CdopCell::Age1To4),
            age_5_to_9: f(CdopCell::Age5To9),
            age_10_to_14: f(CdopCell::Age10To14),
            age_15_to_17: f(CdopCell::Age15To17),
            complete: self.0.complete("byAgeBand"),
        }
    }

    /// Reviews completed, by the category of death.
    async fn by_category(&self) -> CdopCategories {
        let f = |c| self.0.get(c).clone();
        CdopCategories {
            deliberately_inflicted_injury: f(CdopCell::CategoryDeliberatelyInflictedInjury),
            suicide_or_self_harm: f(CdopCell::CategorySuicideOrSelfHarm),
            trauma_or_external_factors: f(CdopCell::CategoryTraumaOrExternalFactors),
            malignancy: f(CdopCell::CategoryMalignancy),
            acute_medical_or_surgical: f(CdopCell::CategoryAcuteMedicalOrSurgical),
            chronic_medical: f(CdopCell::CategoryChronicMedical),
            chromosomal_genetic_congenital: f(CdopCell::CategoryChromosomalGeneticCongenital),
            perinatal_neonatal: f(CdopCell::CategoryPerinatalNeonatal),
            infection: f(CdopCell::CategoryInfection),
            sudden_unexpected_unexplained: f(CdopCell::CategorySuddenUnexpectedUnexplained),
            complete: self.0.complete("byCategory"),
        }
    }

    /// Reviews completed, by whether the death was expected.
    async fn by_expectation(&self) -> CdopExpectation {
        let f = |c| self.0.get(c).clone();
        CdopExpectation {
            expected: f(CdopCell::Expected),
            unexpected: f(CdopCell::Unexpected),
            complete: self.0.complete("byExpectation"),
        }
    }

    /// Reviews completed, by whether modifiable factors were identified.
    async fn by_modifiable_factors(&self) -> CdopModifiableFactors {
        let f = |c| self.0.get(c).clone();
        CdopModifiableFactors {
            identified: f(CdopCell::ModifiableIdentified),
            not_identified: f(CdopCell::ModifiableNotIdentified),
            insufficient_information: f(CdopCell::ModifiableInsufficientInformation),
            complete: self.0.complete("byModifiableFactors"),
        }
    }

    /// Reviews completed, by the time from death to review.
    async fn by_time_to_review(&self) -> CdopTimeToReview {
        let f = |c| self.0.get(c).clone();
        CdopTimeToReview {
            under_6_months: f(CdopCell::ReviewUnder6Months),
            from_6_to_12_months: f(CdopCell::Review6To12Months),
            over_12_months: f(CdopCell::ReviewOver12Months),
            complete: self.0.complete("byTimeToReview"),
        }
    }
}

/// Deaths notified by age band. "Under 1 year" is the two infant bands
/// together; a report may give only it.
#[derive(SimpleObject)]
pub struct CdopAgeBands {
    /// Babies aged 0 to 27 days.
    #[graphql(name = "age0To27Days")]
    pub age_0_to_27_days: Figure,
    /// Babies aged 28 to 364 days.
    #[graphql(name = "age28To364Days")]
    pub age_28_to_364_days: Figure,
    /// Children under 1 year: the two bands above together.
    #[graphql(name = "under1Year")]
    pub under_1_year: Figure,
    /// Children aged 1 to 4.
    #[graphql(name = "age1To4")]
    pub age_1_to_4: Figure,
    /// Children aged 5 to 9.
    #[graphql(name = "age5To9")]
    pub age_5_to_9: Figure,
    /// Children aged 10 to 14.
    #[graphql(name = "age10To14")]
    pub age_10_to_14: Figure,
    /// Young people aged 15 to 17.
    #[graphql(name = "age15To17")]
    pub age_15_to_17: Figure,
    /// True when deaths notified and every band are reported, so the bands
    /// (with under 1 year standing for the infant bands) sum to deaths notified.
    pub complete: bool,
}

/// Reviews completed by the ten categories of death.
#[derive(SimpleObject)]
pub struct CdopCategories {
    /// 1: deliberately inflicted injury, abuse or neglect.
    pub deliberately_inflicted_injury: Figure,
    /// 2: suicide or deliberate self-inflicted harm.
    pub suicide_or_self_harm: Figure,
    /// 3: trauma and other external factors.
    pub trauma_or_external_factors: Figure,
    /// 4: malignancy.
    pub malignancy: Figure,
    /// 5: acute medical or surgical condition.
    pub acute_medical_or_surgical: Figure,
    /// 6: chronic medical condition.
    pub chronic_medical: Figure,
    /// 7: chromosomal, genetic and congenital anomalies.
    pub chromosomal_genetic_congenital: Figure,
    /// 8: perinatal/neonatal event.
    pub perinatal_neonatal: Figure,
    /// 9: infection.
    pub infection: Figure,
    /// 10: sudden unexpected, unexplained death.
    pub sudden_unexpected_unexplained: Figure,
    /// True when reviews completed and every category are reported.
    pub complete: bool,
}

/// Reviews completed by whether the death was expected.
#[derive(SimpleObject)]
pub struct CdopExpectation {
    /// Expected deaths.
    pub expected: Figure,
    /// Unexpected deaths.
    pub unexpected: Figure,
    /// True when reviews completed and both cells are reported.
    pub complete: bool,
}

/// Reviews completed by whether modifiable factors were identified.
#[derive(SimpleObject)]
pub struct CdopModifiableFactors {
    /// Modifiable factors identified.
    pub identified: Figure,
    /// No modifiable factors identified.
    pub not_identified: Figure,
    /// Insufficient information to decide.
    pub insufficient_information: Figure,
    /// True when reviews completed and every cell are reported.
    pub complete: bool,
}

/// Reviews completed by the time from death to review.
#[derive(SimpleObject)]
pub struct CdopTimeToReview {
    /// Under 6 months.
    #[graphql(name = "under6Months")]
    pub under_6_months: Figure,
    /// 6 to 12 months.
    #[graphql(name = "from6To12Months")]
    pub from_6_to_12_months: Figure,
    /// Over 12 months.
    #[graphql(name = "over12Months")]
    pub over_12_months: Figure,
    /// True when reviews completed and every band are reported.
    pub complete: bool,
}

/// The five partnerships' figures for one period and the regional total,
/// suppressed consistently: a regional figure is shown only when no
/// partnership figure behind it is hidden, so no hidden figure can be worked
/// out by subtracting shown ones, across partnerships or within a breakdown.
pub struct CdopRegionalSummary(service::PeriodSummary, Vec<CdopRegionalRow>);

/// One partnership in the regional summary.
#[derive(SimpleObject)]
pub struct CdopRegionalRow {
    /// The partnership.
    pub partnership: PartnershipCode,
    /// Its return for the period; null when there is none the caller may see.
    pub cdop_return: Option<CdopReturn>,
}

/// The five partnerships' figures for one period and the regional total,
/// suppressed consistently: a regional figure is shown only when no
/// partnership figure behind it is hidden, so no hidden figure can be worked
/// out by subtracting shown ones, across partnerships or within a breakdown.
#[Object]
impl CdopRegionalSummary {
    /// The period.
    async fn period(&self) -> ReportingPeriod {
        ReportingPeriod::from(self.0.period.clone())
    }

    /// The five partnerships in their usual order.
    async fn partnerships(&self) -> &[CdopRegionalRow] {
        &self.1
    }

    /// The regional total of every figure. A figure is unreported unless all
    /// five partnerships reported it; its rate divides by the sum of the five
    /// populations and names the oldest estimate year among them.
    async fn region(&self) -> Figures {
        Figures(self.0.region.clone())
    }

    /// True when the regional figures went through disclosure control.
    async fn disclosure_controlled(&self) -> bool {
        self.0.region.controlled
    }

    /// True when every partnership has a return the caller may see.
    async fn complete(&self) -> bool {
        self.1.iter().all(|r| r.cdop_return.is_some())
    }
}

/// Narrows `cdopReturns`; every field is optional.
#[derive(InputObject, Default)]
pub struct CdopReturnFilter {
    /// Only this partnership.
    pub partnership: Option<PartnershipCode>,
    /// Only this reporting period, by label, e.g. `2024-25`. At most 64 characters.
    pub period: Option<String>,
    /// Only returns of partnerships served by this panel at the end of the
    /// period, by code, e.g. `WEST_OF_ENGLAND`. At most 64 characters.
    pub panel: Option<String>,
}

#[derive(Default)]
pub struct CdopQuery;

#[Object]
impl CdopQuery {
    /// The child death overview panels. Which partnerships a panel serves, and
    /// since when, is on `Partnership.cdopPanelMemberships`.
    async fn cdop_panels(&self, ctx: &Context<'_>) -> AppResult<Vec<CdopPanel>> {
        let rows = service::panels(ctx.data_unchecked::<DatabaseConnection>()).await?;
        Ok(rows.into_iter().map(CdopPanel::from).collect())
    }

    /// CDOP returns the caller may see: published ones through disclosure
    /// control, and every return of a partnership it sees exactly. Exact reads
    /// are audited.
    async fn cdop_returns(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the returns; all the caller may see when omitted.")]
        filter: Option<CdopReturnFilter>,
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
    ) -> AppResult<CdopReturnConnection> {
        let page = PageArgs::new(first, after, last, before)?;
        let f = filter.unwrap_or_default();
        let scope = ctx.data_unchecked::<Scope>();
        let page = service::list_returns(
            ctx.data_unchecked::<DatabaseConnection>(),
            scope,
            &ReturnFilter {
                partnership: f.partnership,
                period: f.period,
                panel: f.panel,
            },
            &page,
            threshold(ctx),
        )
        .await?;
        let related = Related::load(
            ctx,
            ctx.look_ahead().field("edges").field("node"),
            page.rows(),
        )
        .await?;
        Ok(page.into_connection(|v| CdopReturn::with(v, scope, &related)))
    }

    /// One partnership's return for one period. NOT_FOUND when there is none
    /// the caller may see (an unpublished return without exact rights).
    async fn cdop_return(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The partnership, e.g. SOMERSET.")] partnership: PartnershipCode,
        #[graphql(desc = "The reporting period's label, e.g. `2024-25`.")] period: String,
    ) -> AppResult<CdopReturn> {
        let scope = ctx.data_unchecked::<Scope>();
        let view = returns::service::get_return::<Cdop>(
            ctx.data_unchecked::<DatabaseConnection>(),
            scope,
            partnership,
            &period,
            threshold(ctx),
        )
        .await?;
        Ok(CdopReturn::new(view, scope))
    }

    /// The five partnerships' figures for a period beside the regional total,
    /// suppressed so that no hidden figure can be recovered by subtraction.
    async fn cdop_regional_summary(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The reporting period's label, e.g. `2024-25`.")] period: String,
    ) -> AppResult<CdopRegionalSummary> {
        let scope = ctx.data_unchecked::<Scope>();
        let db = ctx.data_unchecked::<DatabaseConnection>();
        let threshold = threshold(ctx);
        let mut summary = ctx
            .data_unchecked::<AnswerCache>()
            .get_or_compute(
                db,
                scope,
                "cdopRegionalSummary",
                format!("{threshold}|{period:?}"),
                |scope| {
                    let period = period.clone();
                    async move {
                        returns::service::period_summary::<Cdop>(
                            db,
                            &scope,
                            &period,
                            "period",
                            "cdopRegionalSummary",
                            threshold,
                        )
                        .await
                    }
                },
            )
            .await?;
        let related = Related::load(
            ctx,
            ctx.look_ahead().field("partnerships").field("cdopReturn"),
            summary.partnerships.iter().filter_map(|(_, v)| v.as_ref()),
        )
        .await?;
        let rows = std::mem::take(&mut summary.partnerships)
            .into_iter()
            .map(|(partnership, view)| CdopRegionalRow {
                partnership,
                cdop_return: view.map(|v| CdopReturn::with(v, scope, &related)),
            })
            .collect();
        Ok(CdopRegionalSummary(summary, rows))
    }
}

/// Deaths notified by age band; omit a band the report does not give.
#[derive(InputObject, Default)]
pub struct CdopAgeBandsInput {
    /// Babies aged 0 to 27 days.
    #[graphql(name = "age0To27Days")]
    pub age_0_to_27_days: Option<i32>,
    /// Babies aged 28 to 364 days.
    #[graphql(name = "age28To364Days")]
    pub age_28_to_364_days: Option<i32>,
    /// Children under 1 year, when the report gives only that; worked out from
    /// the two infant bands when both are given.
    #[graphql(name = "under1Year")]
    pub under_1_year: Option<i32>,
    /// Children aged 1 to 4.
    #[graphql(name = "age1To4")]
    pub age_1_to_4: Option<i32>,
    /// Children aged 5 to 9.
    #[graphql(name = "age5To9")]
    pub age_5_to_9: Option<i32>,
    /// Children aged 10 to 14.
    #[graphql(name = "age10To14")]
    pub age_10_to_14: Option<i32>,
    /// Young people aged 15 to 17.
    #[graphql(name = "age15To17")]
    pub age_15_to_17: Option<i32>,
}

/// Reviews completed by category of death; omit a category not given.
#[derive(InputObject, Default)]
pub struct CdopCategoriesInput {
    /// 1: deliberately inflicted injury, abuse or neglect.
    pub deliberately_inflicted_injury: Option<i32>,
    /// 2: suicide or deliberate self-inflicted harm.
    pub suicide_or_self_harm: Option<i32>,
    /// 3: trauma and other external factors.
    pub trauma_or_external_factors: Option<i32>,
    /// 4: malignancy.
    pub malignancy: Option<i32>,
    /// 5: acute medical or surgical condition.
    pub acute_medical_or_surgical: Option<i32>,
    /// 6: chronic medical condition.
    pub chronic_medical: Option<i32>,
    /// 7: chromosomal, genetic and congenital anomalies.
    pub chromosomal_genetic_congenital: Option<i32>,
    /// 8: perinatal/neonatal event.
    pub perinatal_neonatal: Option<i32>,
    /// 9: infection.
    pub infection: Option<i32>,
    /// 10: sudden unexpected, unexplained death.
    pub sudden_unexpected_unexplained: Option<i32>,
}

/// Reviews completed by whether the death was expected.
#[derive(InputObject, Default)]
pub struct CdopExpectationInput {
    /// Expected deaths.
    pub expected: Option<i32>,
    /// Unexpected deaths.
    pub unexpected: Option<i32>,
}

/// Reviews completed by whether modifiable factors were identified.
#[derive(InputObject, Default)]
pub struct CdopModifiableFactorsInput {
    /// Modifiable factors identified.
    pub identified: Option<i32>,
    /// No modifiable factors identified.
    pub not_identified: Option<i32>,
    /// Insufficient information to decide.
    pub insufficient_information: Option<i32>,
}

/// Reviews completed by the time from death to review.
#[derive(InputObject, Default)]
pub struct CdopTimeToReviewInput {
    /// Under 6 months.
    #[graphql(name = "under6Months")]
    pub under_6_months: Option<i32>,
    /// 6 to 12 months.
    #[graphql(name = "from6To12Months")]
    pub from_6_to_12_months: Option<i32>,
    /// Over 12 months.
    #[graphql(name = "over12Months")]
    pub over_12_months: Option<i32>,
}

/// A percentage as a report gave it, held with its base: the share of deaths
/// notified (age bands) or of reviews completed (everything else), which must
/// be reported. Without a count for the cell, the one count of the base that
/// rounds to the percentage is stored; when several would, send the count.
#[derive(InputObject)]
pub struct CdopShareInput {
    /// The figure the percentage is for.
    pub cell: CdopCell,
    /// The percentage, 0 to 100.
    pub percent: f64,
}

/// A partnership's CDOP figures for one period. Omit what the report does
/// not give: an omitted figure is unreported, never zero.
#[derive(InputObject)]
pub struct CdopReturnInput {
    /// The partnership the figures are for; it must be in the token's scope.
    pub partnership: PartnershipCode,
    /// The reporting period's label, e.g. `2024-25`. At most 64 characters.
    pub period: String,
    /// The citation: the document and section (page or table where known), or
    /// the submitting system. Shown to everyone who can see the return, so it
    /// must not quote figures: put wording from the source in `quote`. At
    /// most 500 characters. At most 500 characters.
    pub source: String,
    /// Wording quoted from the source, shown only to callers with exact
    /// figures for the partnership. At most 20000 characters.
    pub quote: Option<String>,
    /// True for figures made up for demonstration or testing.
    #[graphql(default = false)]
    pub illustrative: bool,
    /// The version being updated; omit for the partnership's first return for
    /// the period.
    pub expected_version: Option<i32>,
    /// Deaths of children notified to the panel in the period.
    pub deaths_notified: Option<i32>,
    /// Reviews the panel completed in the period.
    pub reviews_completed: Option<i32>,
    /// Deaths notified by age band.
    pub by_age_band: Option<CdopAgeBandsInput>,
    /// Reviews completed by category of death.
    pub by_category: Option<CdopCategoriesInput>,
    /// Reviews completed by whether the death was expected.
    pub by_expectation: Option<CdopExpectationInput>,
    /// Reviews completed by whether modifiable factors were identified.
    pub by_modifiable_factors: Option<CdopModifiableFactorsInput>,
    /// Reviews completed by the time from death to review.
    pub by_time_to_review: Option<CdopTimeToReviewInput>,
    /// Percentages as the report gave them, each held with its base.
    pub shares: Option<Vec<CdopShareInput>>,
}

impl CdopReturnInput {
    fn into_service(self) -> ReturnInput {
        let age = self.by_age_band.unwrap_or_default();
        let cat = self.by_category.unwrap_or_default();
        let exp = self.by_expectation.unwrap_or_default();
        let modf = self.by_modifiable_factors.unwrap_or_default();
        let time = self.by_time_to_review.unwrap_or_default();
        let counts = [
            (CdopCell::DeathsNotified, self.deaths_notified),
            (CdopCell::ReviewsCompleted, self.reviews_completed),
            (CdopCell::Age0To27Days, age.age_0_to_27_days),
            (CdopCell::Age28To364Days, age.age_28_to_364_days),
            (CdopCell::AgeUnder1Year, age.under_1_year),
            (CdopCell::Age1To4, age.age_1_to_4),
            (CdopCell::Age5To9, age.age_5_to_9),
            (CdopCell::Age10To14, age.age_10_to_14),
            (CdopCell::Age15To17, age.age_15_to_17),
            (
                CdopCell::CategoryDeliberatelyInflictedInjury,
                cat.deliberately_inflicted_injury,
            ),
            (
                CdopCell::CategorySuicideOrSelfHarm,
                cat.suicide_or_self_harm,
            ),
            (
                CdopCell::CategoryTraumaOrExternalFactors,
                cat.trauma_or_external_factors,
            ),
            (CdopCell::CategoryMalignancy, cat.malignancy),
            (
                CdopCell::CategoryAcuteMedicalOrSurgical,
                cat.acute_medical_or_surgical,
            ),
            (CdopCell::CategoryChronicMedical, cat.chronic_medical),
            (
                CdopCell::CategoryChromosomalGeneticCongenital,
                cat.chromosomal_genetic_congenital,
            ),
            (CdopCell::CategoryPerinatalNeonatal, cat.perinatal_neonatal),
            (CdopCell::CategoryInfection, cat.infection),
            (
                CdopCell::CategorySuddenUnexpectedUnexplained,
                cat.sudden_unexpected_unexplained,
            ),
            (CdopCell::Expected, exp.expected),
            (CdopCell::Unexpected, exp.unexpected),
            (CdopCell::ModifiableIdentified, modf.identified),
            (CdopCell::ModifiableNotIdentified, modf.not_identified),
            (
                CdopCell::ModifiableInsufficientInformation,
                modf.insufficient_information,
            ),
            (CdopCell::ReviewUnder6Months, time.under_6_months),
            (CdopCell::Review6To12Months, time.from_6_to_12_months),
            (CdopCell::ReviewOver12Months, time.over_12_months),
        ]
        .into_iter()
        .filter_map(|(cell, n)| n.map(|n| (cell, n)))
        .collect();
        ReturnInput {
            partnership: self.partnership,
            period: self.period,
            source: self.source,
            quote: self.quote,
            illustrative: self.illustrative,
            expected_version: self.expected_version,
            counts,
            shares: self
                .shares
                .unwrap_or_default()
                .into_iter()
                .map(|s| (s.cell, s.percent))
                .collect(),
        }
    }
}

#[derive(Default)]
pub struct CdopMutation;

#[Object]
impl CdopMutation {
    /// Submits a partnership's CDOP return for a period (cdop_officer or
    /// partnership_manager of the partnership, or regional_admin). A second
    /// return for the same partnership and period is an update: send
    /// `expectedVersion` (CONFLICT when stale); an update of a published
    /// return takes it back to submitted until it is published again.
    async fn submit_cdop_return(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The figures, their period and where they come from.")]
        input: CdopReturnInput,
    ) -> AppResult<CdopReturn> {
        let scope = ctx.data_unchecked::<Scope>();
        let view = submit::submit_return(
            ctx.data_unchecked::<DatabaseConnection>(),
            scope,
            input.into_service(),
            threshold(ctx),
        )
        .await?;
        Ok(CdopReturn::new(view, scope))
    }

    /// Publishes a return (partnership_manager of the partnership, or
    /// regional_admin): from then on anyone may read it through disclosure
    /// control. CONFLICT when `expectedVersion` is stale or it is already published.
    async fn publish_cdop_return(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The return's id (or, as before, its `databaseId`).")] id: ID,
        #[graphql(desc = "The version being published, as last read.")] expected_version: i32,
    ) -> AppResult<CdopReturn> {
        let scope = ctx.data_unchecked::<Scope>();
        let view = returns::submit::publish_return::<Cdop>(
            ctx.data_unchecked::<DatabaseConnection>(),
            scope,
            Kind::CdopReturn.key_of(&id),
            expected_version,
            threshold(ctx),
        )
        .await?;
        Ok(CdopReturn::new(view, scope))
    }
}
