use async_graphql::dataloader::DataLoader;
use async_graphql::{ComplexObject, Context, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{
    cdop_panel, cdop_panel_membership, child_population, partnership, reporting_period,
    PartnershipCode,
};
use sea_orm::DatabaseConnection;

use super::loaders::{MembershipLoader, PanelLoader, PopulationsByPartnership};
use super::service::{self, PeriodInput, PopulationInput};
use crate::auth::Caller;
use crate::batch::prime;
use crate::error::{AppError, AppResult};
use crate::node::Kind;

/// A safeguarding children partnership: the local safeguarding arrangements of
/// one local authority area, led by the council, the ICB and the police.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Partnership {
    /// Global id, unique across the schema (see `Node`).
    #[graphql(owned)]
    pub id: ID,
    /// The code used everywhere in the API, e.g. `SOMERSET`.
    pub code: PartnershipCode,
    /// Full name, e.g. Somerset Safeguarding Children Partnership.
    pub name: String,
    /// Usual abbreviation, e.g. SSCP.
    pub abbreviation: String,
    /// The local authority whose area the partnership covers.
    pub local_authority: LocalAuthority,
    /// The integrated care board (health partner), e.g. BNSSG.
    pub icb: String,
    /// The police force (all five share Avon and Somerset Constabulary).
    pub police_force: String,
}

/// A local authority and its GSS code.
#[derive(SimpleObject, Clone)]
pub struct LocalAuthority {
    /// Name of the council.
    pub name: String,
    /// Current GSS code, e.g. E06000066.
    pub gss_code: String,
    /// Earlier GSS codes with the date they stopped applying, when there are any.
    pub previous_gss_codes: Option<String>,
}

impl From<partnership::Model> for Partnership {
    fn from(m: partnership::Model) -> Self {
        Partnership {
            id: Kind::Partnership.id(m.code.as_str()),
            code: m.code,
            name: m.name,
            abbreviation: m.abbreviation,
            local_authority: LocalAuthority {
                name: m.local_authority_name,
                gss_code: m.local_authority_gss_code,
                previous_gss_codes: m.local_authority_previous_gss_codes,
            },
            icb: m.icb,
            police_force: m.police_force,
        }
    }
}

#[ComplexObject]
impl Partnership {
    /// The child death overview panels this partnership has belonged to, oldest first.
    async fn cdop_panel_memberships(&self, ctx: &Context<'_>) -> AppResult<Vec<PanelMembership>> {
        let rows = ctx
            .data_unchecked::<MembershipLoader>()
            .load_one(self.code)
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(PanelMembership::from).collect())
    }

    /// The panel the partnership belonged to on `on` (default: today).
    async fn cdop_panel(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The date to look at; today when omitted.")] on: Option<NaiveDate>,
    ) -> AppResult<Option<CdopPanel>> {
        let on = on.unwrap_or_else(|| Utc::now().date_naive());
        let rows = ctx
            .data_unchecked::<MembershipLoader>()
            .load_one(self.code)
            .await?
            .unwrap_or_default();
        let Some(m) = rows
            .into_iter()
            .find(|m| m.start_date.is_none_or(|s| s <= on) && m.end_date.is_none_or(|e| e >= on))
        else {
            return Ok(None);
        };
        Ok(ctx
            .data_unchecked::<PanelLoader>()
            .load_one(m.panel_code)
            .await?
            .map(CdopPanel::from))
    }

    /// Child population estimates (aged 0-17) by year, oldest first.
    async fn child_populations(&self, ctx: &Context<'_>) -> AppResult<Vec<ChildPopulation>> {
        let rows = ctx
            .data_unchecked::<DataLoader<PopulationsByPartnership>>()
            .load_one(self.code)
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(ChildPopulation::from).collect())
    }
}

/// Loads the panel memberships, and their panels, of the listed partnerships
/// when the selection asks for them, in one statement each. Left to the
/// loaders, each level would wait their batching delay on another task
/// before sending a statement whose keys are all known here already.
async fn prefetch_panels(
    ctx: &Context<'_>,
    codes: impl Iterator<Item = PartnershipCode>,
) -> AppResult<()> {
    let selection = ctx.look_ahead();
    let memberships = selection.field("cdopPanelMemberships");
    let panel_now = selection.field("cdopPanel");
    if !memberships.exists() && !panel_now.exists() {
        return Ok(());
    }
    let found = prime(ctx.data_unchecked::<MembershipLoader>(), codes).await?;
    if memberships.field("panel").exists() || panel_now.exists() {
        let panels: std::collections::BTreeSet<String> = found
            .values()
            .flatten()
            .map(|m| m.panel_code.clone())
            .collect();
        prime(ctx.data_unchecked::<PanelLoader>(), panels).await?;
    }
    Ok(())
}

/// A child death overview panel, which reviews the death of every child under 18
/// resident in the areas it serves.
#[derive(SimpleObject, Clone)]
pub struct CdopPanel {
    /// Global id, unique across the schema (see `Node`).
    #[graphql(owned)]
    pub id: ID,
    /// Stable code, e.g. `WEST_OF_ENGLAND`.
    pub code: String,
    /// Name of the panel.
    pub name: String,
    /// Where the hub's knowledge of this panel comes from.
    pub source: String,
}

impl From<cdop_panel::Model> for CdopPanel {
    fn from(m: cdop_panel::Model) -> Self {
        CdopPanel {
            id: Kind::CdopPanel.id(&m.code),
            code: m.code,
            name: m.name,
            source: m.source,
        }
    }
}

/// A partnership's membership of a CDOP panel over a span of dates.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct PanelMembership {
    #[graphql(skip)]
    pub panel_code: String,
    /// The member partnership.
    pub partnership: PartnershipCode,
    /// First day of membership; null when it predates the records.
    pub start_date: Option<NaiveDate>,
    /// Last day of membership; null while it continues.
    pub end_date: Option<NaiveDate>,
    /// Where the membership is documented.
    pub source: String,
}

impl From<cdop_panel_membership::Model> for PanelMembership {
    fn from(m: cdop_panel_membership::Model) -> Self {
        PanelMembership {
            panel_code: m.panel_code,
            partnership: m.partnership_code,
            start_date: m.start_date,
            end_date: m.end_date,
            source: m.source,
        }
    }
}

#[ComplexObject]
impl PanelMembership {
    /// The panel.
    async fn panel(&self, ctx: &Context<'_>) -> AppResult<CdopPanel> {
        ctx.data_unchecked::<PanelLoader>()
            .load_one(self.panel_code.clone())
            .await?
            .map(CdopPanel::from)
            .ok_or_else(|| AppError::not_found(format!("panel {}", self.panel_code)))
    }
}

/// A reporting period. Standard periods are UK financial years (1 April to
/// 31 March) labelled like `2024-25`; others keep their true dates, are
/// labelled `start/end` (ISO 8601), and are never silently compared with a
/// standard year.
#[derive(SimpleObject, Clone)]
pub struct ReportingPeriod {
    /// Global id, unique across the schema (see `Node`).
    #[graphql(owned)]
    pub id: ID,
    /// The label used as an argument everywhere, e.g. `2024-25`.
    pub label: String,
    /// First day of the period.
    pub start_date: NaiveDate,
    /// Last day of the period.
    pub end_date: NaiveDate,
    /// True for a financial year; false for a period with its own dates.
    pub standard: bool,
    /// What the period is.
    pub description: String,
}

impl From<reporting_period::Model> for ReportingPeriod {
    fn from(m: reporting_period::Model) -> Self {
        ReportingPeriod {
            id: Kind::ReportingPeriod.id(&m.label),
            label: m.label,
            start_date: m.start_date,
            end_date: m.end_date,
            standard: m.standard,
            description: m.description,
        }
    }
}

/// The estimated number of children (aged 0-17) in a partnership's area in one
/// year: the denominator of every rate per 10,000 children.
#[derive(SimpleObject, Clone)]
pub struct ChildPopulation {
    /// Global id, unique across the schema (see `Node`).
    #[graphql(owned)]
    pub id: ID,
    /// The partnership whose area is counted.
    pub partnership: PartnershipCode,
    /// The mid-year of the estimate.
    pub year: i32,
    /// Children aged 0-17.
    pub children: i32,
    /// Where the figure comes from.
    pub source: String,
    /// True for a placeholder awaiting the official estimate.
    pub approximate: bool,
    /// Version, to send back as `expectedVersion` when correcting the figure.
    pub version: i32,
    /// When the figure was last recorded.
    pub updated_at: DateTime<Utc>,
}

impl ChildPopulation {
    /// What its global id names: the partnership and the year.
    pub fn key(partnership: PartnershipCode, year: i32) -> String {
        format!("{}:{year}", partnership.as_str())
    }
}

impl From<child_population::Model> for ChildPopulation {
    fn from(m: child_population::Model) -> Self {
        ChildPopulation {
            id: Kind::ChildPopulation.id(ChildPopulation::key(m.partnership_code, m.year)),
            partnership: m.partnership_code,
            year: m.year,
            children: m.children,
            source: m.source,
            approximate: m.approximate,
            version: m.version,
            updated_at: m.updated_at,
        }
    }
}

#[derive(Default)]
pub struct ReferenceQuery;

#[Object]
impl ReferenceQuery {
    /// The five partnerships of the Avon and Somerset police area.
    async fn partnerships(&self, ctx: &Context<'_>) -> AppResult<Vec<Partnership>> {
        let rows = service::partnerships(ctx.data_unchecked::<DatabaseConnection>()).await?;
        prefetch_panels(ctx, rows.iter().map(|r| r.code)).await?;
        Ok(rows.into_iter().map(Partnership::from).collect())
    }

    /// One partnership by its code.
    async fn partnership(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The partnership's code, e.g. SOMERSET.")] code: PartnershipCode,
    ) -> AppResult<Partnership> {
        Ok(
            service::partnership(ctx.data_unchecked::<DatabaseConnection>(), code)
                .await?
                .into(),
        )
    }

    /// Reporting periods in date order: the financial years 2015-16 to 2026-27
    /// and any non-standard periods.
    async fn reporting_periods(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "True for financial years only, false for non-standard periods only.")]
        standard: Option<bool>,
    ) -> AppResult<Vec<ReportingPeriod>> {
        let rows = service::reporting_periods(ctx.data_unchecked::<DatabaseConnection>(), standard)
            .await?;
        Ok(rows.into_iter().map(ReportingPeriod::from).collect())
    }

    /// One reporting period by its label, e.g. `2024-25`.
    async fn reporting_period(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The period's label, e.g. `2024-25` or `2019-10-01/2020-12-31`.")]
        label: String,
    ) -> AppResult<ReportingPeriod> {
        service::period_by_label(ctx.data_unchecked::<DatabaseConnection>(), &label, "label")
            .await
            .map(ReportingPeriod::from)
            .map_err(|_| AppError::not_found(format!("reporting period `{label}`")))
    }

    /// Child population estimates, for one partnership or all.
    async fn child_populations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this partnership; all five when omitted.")] partnership: Option<
            PartnershipCode,
        >,
    ) -> AppResult<Vec<ChildPopulation>> {
        let rows =
            service::child_populations(ctx.data_unchecked::<DatabaseConnection>(), partnership)
                .await?;
        Ok(rows.into_iter().map(ChildPopulation::from).collect())
    }
}

/// A child population figure to record or correct.
#[derive(InputObject)]
pub struct ChildPopulationInput {
    /// The partnership whose area is counted.
    pub partnership: PartnershipCode,
    /// The mid-year of the estimate.
    pub year: i32,
    /// Children aged 0-17.
    pub children: i32,
    /// Where the figure comes from, e.g. "ONS mid-year estimate 2023". At most 500 characters.
    pub source: String,
    /// True for a placeholder awaiting the official estimate.
    #[graphql(default = false)]
    pub approximate: bool,
    /// The version being corrected; omit to record a year with no figure yet.
    pub expected_version: Option<i32>,
}

/// A non-standard reporting period to create.
#[derive(InputObject)]
pub struct ReportingPeriodInput {
    /// `start/end` in ISO 8601, e.g. `2019-10-01/2020-12-31`. At most 64 characters.
    pub label: String,
    /// First day.
    pub start_date: NaiveDate,
    /// Last day.
    pub end_date: NaiveDate,
    /// What the period is and which report uses it. At most 300 characters.
    pub description: String,
}

#[derive(Default)]
pub struct ReferenceMutation;

#[Object]
impl ReferenceMutation {
    /// Records a child population figure, or corrects one against its version
    /// (regional admin).
    async fn record_child_population(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The figure and where it comes from.")] input: ChildPopulationInput,
    ) -> AppResult<ChildPopulation> {
        service::record_child_population(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Caller>(),
            PopulationInput {
                partnership: input.partnership,
                year: input.year,
                children: input.children,
                source: input.source,
                approximate: input.approximate,
                expected_version: input.expected_version,
            },
        )
        .await
        .map(ChildPopulation::from)
    }

    /// Creates a non-standard reporting period with its true dates (regional admin).
    async fn create_reporting_period(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The period's label, dates and description.")] input: ReportingPeriodInput,
    ) -> AppResult<ReportingPeriod> {
        service::create_reporting_period(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Caller>(),
            PeriodInput {
                label: input.label,
                start_date: input.start_date,
                end_date: input.end_date,
                description: input.description,
            },
        )
        .await
        .map(ReportingPeriod::from)
    }
}
