//! The LADO part of the schema: thin resolvers over [`super::service`] and
//! [`super::submit`].
use std::collections::{BTreeSet, HashMap};

use async_graphql::dataloader::DataLoader;
use async_graphql::{ComplexObject, Context, InputObject, Lookahead, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};
use entity::lado_return::LadoReturnStatus;
use entity::lado_return_cell::LadoCell;
use entity::{reporting_period, PartnershipCode};
use sea_orm::DatabaseConnection;

use super::cells::COUNT;
use super::dataset::Lado;
use super::figures::LadoFigures;
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
use crate::reference::loaders::PeriodByLabel;
use crate::reference::schema::ReportingPeriod;
use crate::returns;

fn threshold(ctx: &Context<'_>) -> i64 {
    ctx.data_unchecked::<DisclosureConfig>()
        .suppression_threshold
}

/// One partnership's LADO figures (allegations against people who work with
/// children) for one reporting period.
/// Callers with exact rights for the partnership see every figure; everyone
/// else sees published returns only, through disclosure control.
#[derive(Clone)]
pub struct LadoReturn {
    view: ReturnView,
    record_level: bool,
    /// The period when the page loaded it already.
    period: Option<reporting_period::Model>,
}

impl LadoReturn {
    fn new(view: ReturnView, scope: &Scope) -> Self {
        Self::with(view, scope, &Related::default())
    }

    fn with(view: ReturnView, scope: &Scope, page: &Related) -> Self {
        let record_level =
            scope.level(Dataset::Lado, view.record.partnership_code) >= AccessLevel::RecordLevel;
        let period = page.periods.get(&view.record.period_label).cloned();
        LadoReturn {
            view,
            record_level,
            period,
        }
    }
}

/// The returns among `ids` the caller may see, by id (for `node` and `nodes`).
pub(crate) async fn by_ids(
    ctx: &Context<'_>,
    ids: &[String],
) -> AppResult<Vec<(String, LadoReturn)>> {
    let scope = ctx.data_unchecked::<Scope>();
    let views = returns::service::returns_by_ids::<Lado>(
        ctx.data_unchecked::<DatabaseConnection>(),
        scope,
        ids,
        threshold(ctx),
    )
    .await?;
    let related = Related::load(ctx, ctx.look_ahead(), views.iter()).await?;
    Ok(views
        .into_iter()
        .map(|v| (v.record.id.clone(), LadoReturn::with(v, scope, &related)))
        .collect())
}

/// A page's periods, loaded through their DataLoader with one
/// call when the query selects them. Letting every node call
/// `load_one` would batch only as far as the loader's timer allows, so a
/// long page could cost a second statement; the page already holds every
/// key, so [`prime`] does not wait that timer either.
#[derive(Default)]
struct Related {
    periods: HashMap<String, reporting_period::Model>,
}

impl Related {
    async fn load(
        ctx: &Context<'_>,
        node: Lookahead<'_>,
        views: impl Iterator<Item = &ReturnView>,
    ) -> AppResult<Related> {
        let mut related = Related::default();
        if node.field("period").exists() {
            let labels: BTreeSet<String> = views.map(|v| v.record.period_label.clone()).collect();
            related.periods =
                prime(ctx.data_unchecked::<DataLoader<PeriodByLabel>>(), labels).await?;
        }
        Ok(related)
    }
}

/// One partnership's LADO figures (allegations against people who work with
/// children) for one reporting period.
/// Callers with exact rights for the partnership see every figure; everyone
/// else sees published returns only, through disclosure control.
#[Object]
impl LadoReturn {
    /// Global id, unique across the schema (see `Node`).
    pub async fn id(&self) -> ID {
        Kind::LadoReturn.id(&self.view.record.id)
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

    /// Submitted (seen only with exact rights) or published.
    async fn status(&self) -> LadoReturnStatus {
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
    async fn provenance(&self) -> LadoProvenance {
        let r = &self.view.record;
        let shown = disclosure::provenance(&r.source, r.source_quote.as_deref(), self.view.exact());
        LadoProvenance {
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
pub struct LadoProvenance {
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
impl LadoProvenance {
    /// The citation, as `citation` gives it.
    #[graphql(deprecation = "Use `citation`; quoted wording is in `quote`.")]
    async fn source(&self) -> &str {
        &self.citation
    }
}

connection_type!(
    LadoReturnConnection,
    LadoReturnEdge,
    LadoReturn,
    service::ReturnKey,
    "A page of LADO returns, newest period first.",
    "A LADO return and its cursor."
);

/// A return's figures (or the region's). Categories of harm, employment
/// sectors and the threshold decision are of notifications; outcomes and
/// time to resolution are of allegations concluded.
pub struct Figures(pub LadoFigures);

/// A return's figures (or the region's). Categories of harm, employment
/// sectors and the threshold decision are of notifications; outcomes and
/// time to resolution are of allegations concluded.
#[Object(name = "LadoFigures")]
impl Figures {
    /// Notifications (referrals) of allegations made to the LADO in the
    /// period, with a rate per 10,000 children.
    async fn notifications(&self) -> Figure {
        self.0.get(LadoCell::Notifications).clone()
    }

    /// Requests for advice, guidance or information that were not
    /// notifications, with a rate per 10,000 children.
    async fn advice_enquiries(&self) -> Figure {
        self.0.get(LadoCell::AdviceEnquiries).clone()
    }

    /// Allegations concluded in the period: the base of outcomes and time to
    /// resolution.
    async fn concluded(&self) -> Figure {
        self.0.get(LadoCell::Concluded).clone()
    }

    /// Notifications by category of harm alleged.
    async fn by_category(&self) -> LadoCategories {
        let f = |c| self.0.get(c).clone();
        LadoCategories {
            physical: f(LadoCell::CategoryPhysical),
            sexual: f(LadoCell::CategorySexual),
            emotional: f(LadoCell::CategoryEmotional),
            neglect_or_inappropriate_behaviour: f(
                LadoCell::CategoryNeglectOrInappropriateBehaviour,
            ),
            complete: self.0.complete("byCategory"),
        }
    }

    /// Notifications by the employment sector of the person the allegation
    /// is about, where the report gives it.
    async fn by_sector(&self) -> LadoSectors {
        let f = |c| self.0.get(c).clone();
        LadoSectors {
            education: f(LadoCell::SectorEducation),
            early_years: f(LadoCell::SectorEarlyYears),
            health: f(LadoCell::SectorHealth),
            social_care: f(LadoCell::SectorSocialCare),
            police: f(LadoCell::SectorPolice),
            faith_voluntary_community: f(LadoCell::SectorFaithVoluntaryCommunity),
            sport_and_leisure: f(LadoCell::SectorSportAndLeisure),
            other: f(LadoCell::SectorOther),
            complete: self.0.complete("bySector"),
        }
    }

    /// Notifications by whether they met the threshold for the
    /// managing-allegations procedure.
    async fn by_threshold(&self) -> LadoThreshold {
        let f = |c| self.0.get(c).clone();
        LadoThreshold {
            met: f(LadoCell::ThresholdMet),
            not_met: f(LadoCell::ThresholdNotMet),
            complete: self.0.complete("byThreshold"),
        }
    }

    /// Allegations concluded, by outcome.
    async fn by_outcome(&self) -> LadoOutcomes {
        let f = |c| self.0.get(c).clone();
        LadoOutcomes {
            substantiated: f(LadoCell::OutcomeSubstantiated),
            unsubstantiated: f(LadoCell::OutcomeUnsubstantiated),
            unfounded: f(LadoCell::OutcomeUnfounded),
            r#false: f(LadoCell::OutcomeFalse),
            malicious: f(LadoCell::OutcomeMalicious),
            complete: self.0.complete("byOutcome"),
        }
    }

    /// Allegations concluded, by the time from notification to resolution.
    async fn by_time_to_resolution(&self) -> LadoTimeToResolution {
        let f = |c| self.0.get(c).clone();
        LadoTimeToResolution {
            within_1_month: f(LadoCell::ResolvedWithin1Month),
            from_1_to_3_months: f(LadoCell::Resolved1To3Months),
            from_3_to_12_months: f(LadoCell::Resolved3To12Months),
            over_12_months: f(LadoCell::ResolvedOver12Months),
            complete: self.0.complete("byTimeToResolution"),
        }
    }
}

/// Notifications by the category of harm alleged.
#[derive(SimpleObject)]
pub struct LadoCategories {
    /// Physical abuse.
    pub physical: Figure,
    /// Sexual abuse.
    pub sexual: Figure,
    /// Emotional abuse.
    pub emotional: Figure,
    /// Neglect or inappropriate behaviour.
    pub neglect_or_inappropriate_behaviour: Figure,
    /// True when notifications and every category are reported, so the
    /// categories sum to notifications.
    pub complete: bool,
}

/// Notifications by the employment sector of the person the allegation is about.
#[derive(SimpleObject)]
pub struct LadoSectors {
    /// Education: schools and colleges.
    pub education: Figure,
    /// Early years and childcare.
    pub early_years: Figure,
    /// Health services.
    pub health: Figure,
    /// Social care: residential, fostering and children's services.
    pub social_care: Figure,
    /// Police.
    pub police: Figure,
    /// Faith, voluntary and community organisations.
    pub faith_voluntary_community: Figure,
    /// Sport and leisure.
    pub sport_and_leisure: Figure,
    /// Any other sector.
    pub other: Figure,
    /// True when notifications and every sector are reported.
    pub complete: bool,
}

/// Notifications by whether they met the threshold for the
/// managing-allegations procedure.
#[derive(SimpleObject)]
pub struct LadoThreshold {
    /// Met the threshold.
    pub met: Figure,
    /// Did not meet the threshold.
    pub not_met: Figure,
    /// True when notifications and both halves are reported.
    pub complete: bool,
}

/// Allegations concluded, by outcome (the statutory definitions of Keeping
/// Children Safe in Education and Working Together).
#[derive(SimpleObject)]
pub struct LadoOutcomes {
    /// Substantiated: sufficient evidence to prove the allegation.
    pub substantiated: Figure,
    /// Unsubstantiated: insufficient evidence either to prove or disprove it.
    pub unsubstantiated: Figure,
    /// Unfounded: no evidence or proper basis supporting it.
    pub unfounded: Figure,
    /// False: sufficient evidence to disprove it.
    #[graphql(name = "false")]
    pub r#false: Figure,
    /// Malicious: sufficient evidence to disprove it and of a deliberate act to deceive.
    pub malicious: Figure,
    /// True when allegations concluded and every outcome are reported.
    pub complete: bool,
}

/// Allegations concluded, by the time from notification to resolution.
#[derive(SimpleObject)]
pub struct LadoTimeToResolution {
    /// Within one month.
    #[graphql(name = "within1Month")]
    pub within_1_month: Figure,
    /// One to three months.
    #[graphql(name = "from1To3Months")]
    pub from_1_to_3_months: Figure,
    /// Three to twelve months.
    #[graphql(name = "from3To12Months")]
    pub from_3_to_12_months: Figure,
    /// More than twelve months.
    #[graphql(name = "over12Months")]
    pub over_12_months: Figure,
    /// True when allegations concluded and every band are reported.
    pub complete: bool,
}

/// The five partnerships' figures for one period and the regional total,
/// suppressed consistently: a regional figure is shown only when no
/// partnership figure behind it is hidden, so no hidden figure can be worked
/// out by subtracting shown ones, across partnerships or within a breakdown.
pub struct LadoRegionalSummary(service::PeriodSummary, Vec<LadoRegionalRow>);

/// One partnership in the regional summary.
#[derive(SimpleObject)]
pub struct LadoRegionalRow {
    /// The partnership.
    pub partnership: PartnershipCode,
    /// Its return for the period; null when there is none the caller may see.
    pub lado_return: Option<LadoReturn>,
}

/// The five partnerships' figures for one period and the regional total,
/// suppressed consistently: a regional figure is shown only when no
/// partnership figure behind it is hidden, so no hidden figure can be worked
/// out by subtracting shown ones, across partnerships or within a breakdown.
#[Object]
impl LadoRegionalSummary {
    /// The period.
    async fn period(&self) -> ReportingPeriod {
        ReportingPeriod::from(self.0.period.clone())
    }

    /// The five partnerships in their usual order.
    async fn partnerships(&self) -> &[LadoRegionalRow] {
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
        self.1.iter().all(|r| r.lado_return.is_some())
    }
}

/// Narrows `ladoReturns`; every field is optional.
#[derive(InputObject, Default)]
pub struct LadoReturnFilter {
    /// Only this partnership.
    pub partnership: Option<PartnershipCode>,
    /// Only this reporting period, by label, e.g. `2024-25`. At most 64 characters.
    pub period: Option<String>,
}

#[derive(Default)]
pub struct LadoQuery;

#[Object]
impl LadoQuery {
    /// LADO returns the caller may see: published ones through disclosure
    /// control, and every return of a partnership it sees exactly. Exact reads
    /// are audited.
    async fn lado_returns(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the returns; all the caller may see when omitted.")]
        filter: Option<LadoReturnFilter>,
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
    ) -> AppResult<LadoReturnConnection> {
        let page = PageArgs::new(first, after, last, before)?;
        let f = filter.unwrap_or_default();
        let scope = ctx.data_unchecked::<Scope>();
        let page = service::list_returns(
            ctx.data_unchecked::<DatabaseConnection>(),
            scope,
            &ReturnFilter {
                partnership: f.partnership,
                period: f.period,
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
        Ok(page.into_connection(|v| LadoReturn::with(v, scope, &related)))
    }

    /// One partnership's return for one period. NOT_FOUND when there is none
    /// the caller may see (an unpublished return without exact rights).
    async fn lado_return(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The partnership, e.g. SOMERSET.")] partnership: PartnershipCode,
        #[graphql(desc = "The reporting period's label, e.g. `2024-25`.")] period: String,
    ) -> AppResult<LadoReturn> {
        let scope = ctx.data_unchecked::<Scope>();
        let view = returns::service::get_return::<Lado>(
            ctx.data_unchecked::<DatabaseConnection>(),
            scope,
            partnership,
            &period,
            threshold(ctx),
        )
        .await?;
        Ok(LadoReturn::new(view, scope))
    }

    /// The five partnerships' figures for a period beside the regional total,
    /// suppressed so that no hidden figure can be recovered by subtraction.
    async fn lado_regional_summary(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The reporting period's label, e.g. `2024-25`.")] period: String,
    ) -> AppResult<LadoRegionalSummary> {
        let scope = ctx.data_unchecked::<Scope>();
        let db = ctx.data_unchecked::<DatabaseConnection>();
        let threshold = threshold(ctx);
        let mut summary = ctx
            .data_unchecked::<AnswerCache>()
            .get_or_compute(
                db,
                scope,
                "ladoRegionalSummary",
                format!("{threshold}|{period:?}"),
                |scope| {
                    let period = period.clone();
                    async move {
                        returns::service::period_summary::<Lado>(
                            db,
                            &scope,
                            &period,
                            "period",
                            "ladoRegionalSummary",
                            threshold,
                        )
                        .await
                    }
                },
            )
            .await?;
        let related = Related::load(
            ctx,
            ctx.look_ahead().field("partnerships").field("ladoReturn"),
            summary.partnerships.iter().filter_map(|(_, v)| v.as_ref()),
        )
        .await?;
        let rows = std::mem::take(&mut summary.partnerships)
            .into_iter()
            .map(|(partnership, view)| LadoRegionalRow {
                partnership,
                lado_return: view.map(|v| LadoReturn::with(v, scope, &related)),
            })
            .collect();
        Ok(LadoRegionalSummary(summary, rows))
    }
}

/// Notifications by category of harm; omit a category the report does not give.
#[derive(InputObject, Default)]
pub struct LadoCategoriesInput {
    /// Physical abuse.
    pub physical: Option<i32>,
    /// Sexual abuse.
    pub sexual: Option<i32>,
    /// Emotional abuse.
    pub emotional: Option<i32>,
    /// Neglect or inappropriate behaviour.
    pub neglect_or_inappropriate_behaviour: Option<i32>,
}

/// Notifications by employment sector; omit a sector the report does not give.
#[derive(InputObject, Default)]
pub struct LadoSectorsInput {
    /// Education: schools and colleges.
    pub education: Option<i32>,
    /// Early years and childcare.
    pub early_years: Option<i32>,
    /// Health services.
    pub health: Option<i32>,
    /// Social care: residential, fostering and children's services.
    pub social_care: Option<i32>,
    /// Police.
    pub police: Option<i32>,
    /// Faith, voluntary and community organisations.
    pub faith_voluntary_community: Option<i32>,
    /// Sport and leisure.
    pub sport_and_leisure: Option<i32>,
    /// Any other sector.
    pub other: Option<i32>,
}

/// Notifications by the threshold decision. With notifications and one half
/// given, the other half is worked out.
#[derive(InputObject, Default)]
pub struct LadoThresholdInput {
    /// Met the threshold for the managing-allegations procedure.
    pub met: Option<i32>,
    /// Did not meet it.
    pub not_met: Option<i32>,
}

/// Allegations concluded by outcome; omit an outcome the report does not give.
#[derive(InputObject, Default)]
pub struct LadoOutcomesInput {
    /// Substantiated.
    pub substantiated: Option<i32>,
    /// Unsubstantiated.
    pub unsubstantiated: Option<i32>,
    /// Unfounded.
    pub unfounded: Option<i32>,
    /// False.
    #[graphql(name = "false")]
    pub r#false: Option<i32>,
    /// Malicious.
    pub malicious: Option<i32>,
}

/// Allegations concluded by time to resolution; omit a band not given.
#[derive(InputObject, Default)]
pub struct LadoTimeToResolutionInput {
    /// Within one month.
    #[graphql(name = "within1Month")]
    pub within_1_month: Option<i32>,
    /// One to three months.
    #[graphql(name = "from1To3Months")]
    pub from_1_to_3_months: Option<i32>,
    /// Three to twelve months.
    #[graphql(name = "from3To12Months")]
    pub from_3_to_12_months: Option<i32>,
    /// More than twelve months.
    #[graphql(name = "over12Months")]
    pub over_12_months: Option<i32>,
}

/// A percentage as a report gave it, held with its base: the share of
/// notifications (categories, sectors, threshold) or of allegations
/// concluded (outcomes, time to resolution), which must be reported. Without
/// a count for the cell, the one count of the base that rounds to the
/// percentage is stored; when several would, send the count.
#[derive(InputObject)]
pub struct LadoShareInput {
    /// The figure the percentage is for.
    pub cell: LadoCell,
    /// The percentage, 0 to 100.
    pub percent: f64,
}

/// A partnership's LADO figures for one period. Omit what the report does
/// not give: an omitted figure is unreported, never zero.
#[derive(InputObject)]
pub struct LadoReturnInput {
    /// The partnership the figures are for; it must be in the token's scope.
    pub partnership: PartnershipCode,
    /// The reporting period's label, e.g. `2024-25`. At most 64 characters.
    pub period: String,
    /// The citation: the document and section, or the submitting system.
    /// Shown to everyone who can see the return, so it must not quote
    /// figures: put wording from the source in `quote`. At most 500 characters.
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
    /// Notifications of allegations made to the LADO in the period.
    pub notifications: Option<i32>,
    /// Requests for advice, guidance or information that were not notifications.
    pub advice_enquiries: Option<i32>,
    /// Allegations concluded in the period.
    pub concluded: Option<i32>,
    /// Notifications by category of harm.
    pub by_category: Option<LadoCategoriesInput>,
    /// Notifications by employment sector.
    pub by_sector: Option<LadoSectorsInput>,
    /// Notifications by the threshold decision.
    pub by_threshold: Option<LadoThresholdInput>,
    /// Allegations concluded by outcome.
    pub by_outcome: Option<LadoOutcomesInput>,
    /// Allegations concluded by time to resolution.
    pub by_time_to_resolution: Option<LadoTimeToResolutionInput>,
    /// Percentages as the report gave them, each held with its base. At most 26.
    pub shares: Option<Vec<LadoShareInput>>,
}

impl LadoReturnInput {
    fn into_service(self) -> AppResult<ReturnInput> {
        let shares = self.shares.unwrap_or_default();
        if shares.len() > COUNT {
            return Err(AppError::bad_input(
                "input.shares",
                format!("at most {COUNT} shares, one per figure"),
            ));
        }
        let cat = self.by_category.unwrap_or_default();
        let sec = self.by_sector.unwrap_or_default();
        let thr = self.by_threshold.unwrap_or_default();
        let out = self.by_outcome.unwrap_or_default();
        let time = self.by_time_to_resolution.unwrap_or_default();
        let counts = [
            (LadoCell::Notifications, self.notifications),
            (LadoCell::AdviceEnquiries, self.advice_enquiries),
            (LadoCell::Concluded, self.concluded),
            (LadoCell::CategoryPhysical, cat.physical),
            (LadoCell::CategorySexual, cat.sexual),
            (LadoCell::CategoryEmotional, cat.emotional),
            (
                LadoCell::CategoryNeglectOrInappropriateBehaviour,
                cat.neglect_or_inappropriate_behaviour,
            ),
            (LadoCell::SectorEducation, sec.education),
            (LadoCell::SectorEarlyYears, sec.early_years),
            (LadoCell::SectorHealth, sec.health),
            (LadoCell::SectorSocialCare, sec.social_care),
            (LadoCell::SectorPolice, sec.police),
            (
                LadoCell::SectorFaithVoluntaryCommunity,
                sec.faith_voluntary_community,
            ),
            (LadoCell::SectorSportAndLeisure, sec.sport_and_leisure),
            (LadoCell::SectorOther, sec.other),
            (LadoCell::ThresholdMet, thr.met),
            (LadoCell::ThresholdNotMet, thr.not_met),
            (LadoCell::OutcomeSubstantiated, out.substantiated),
            (LadoCell::OutcomeUnsubstantiated, out.unsubstantiated),
            (LadoCell::OutcomeUnfounded, out.unfounded),
            (LadoCell::OutcomeFalse, out.r#false),
            (LadoCell::OutcomeMalicious, out.malicious),
            (LadoCell::ResolvedWithin1Month, time.within_1_month),
            (LadoCell::Resolved1To3Months, time.from_1_to_3_months),
            (LadoCell::Resolved3To12Months, time.from_3_to_12_months),
            (LadoCell::ResolvedOver12Months, time.over_12_months),
        ]
        .into_iter()
        .filter_map(|(cell, n)| n.map(|n| (cell, n)))
        .collect();
        Ok(ReturnInput {
            partnership: self.partnership,
            period: self.period,
            source: self.source,
            quote: self.quote,
            illustrative: self.illustrative,
            expected_version: self.expected_version,
            counts,
            shares: shares.into_iter().map(|s| (s.cell, s.percent)).collect(),
        })
    }
}

#[derive(Default)]
pub struct LadoMutation;

#[Object]
impl LadoMutation {
    /// Submits a partnership's LADO return for a period (partnership_manager
    /// of the partnership, or regional_admin). A second
    /// return for the same partnership and period is an update: send
    /// `expectedVersion` (CONFLICT when stale); an update of a published
    /// return takes it back to submitted until it is published again.
    async fn submit_lado_return(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The figures, their period and where they come from.")]
        input: LadoReturnInput,
    ) -> AppResult<LadoReturn> {
        let scope = ctx.data_unchecked::<Scope>();
        let view = submit::submit_return(
            ctx.data_unchecked::<DatabaseConnection>(),
            scope,
            input.into_service()?,
            threshold(ctx),
        )
        .await?;
        Ok(LadoReturn::new(view, scope))
    }

    /// Publishes a return (partnership_manager of the partnership, or
    /// regional_admin): from then on anyone may read it through disclosure
    /// control. CONFLICT when `expectedVersion` is stale or it is already published.
    async fn publish_lado_return(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The return's id (or, as before, its `databaseId`).")] id: ID,
        #[graphql(desc = "The version being published, as last read.")] expected_version: i32,
    ) -> AppResult<LadoReturn> {
        let scope = ctx.data_unchecked::<Scope>();
        let view = returns::submit::publish_return::<Lado>(
            ctx.data_unchecked::<DatabaseConnection>(),
            scope,
            Kind::LadoReturn.key_of(&id),
            expected_version,
            threshold(ctx),
        )
        .await?;
        Ok(LadoReturn::new(view, scope))
    }
}
