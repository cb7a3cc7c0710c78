//! Writing CDOP returns: submitting (or updating against a version) and
//! publishing. Each is one audited transaction; nothing is written unless
//! every check passes.
use chrono::{NaiveDate, Utc};
use entity::cdop_return::{self, CdopReturnStatus};
use entity::cdop_return_cell::CdopCell;
use entity::{cdop_panel_membership, child_population, PartnershipCode};
use sea_orm::sea_query::NullOrdering;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    Order, QueryFilter, QueryOrder, Set,
};

use super::dataset::Cdop;
use super::service::ReturnView;
use super::validate;
use crate::access::Scope;
use crate::audit::{self, AuditEntry};
use crate::auth::{Caller, Role};
use crate::error::{AppError, AppResult};
use crate::reference;
use crate::reference::population::population_for_period;
use crate::returns::submit::{reload, save_return, store_cells};
use crate::text::TextKind;

/// Roles that may submit a return for a partnership in their scope.
pub const SUBMITTERS: [Role; 3] = [
    Role::CdopOfficer,
    Role::PartnershipManager,
    Role::RegionalAdmin,
];
/// Roles that may publish a return of a partnership in their scope: publishing
/// is the partnership's decision, as the design's role table has it.
pub const PUBLISHERS: [Role; 2] = [Role::PartnershipManager, Role::RegionalAdmin];

/// A return to submit.
#[derive(Debug, Clone)]
pub struct ReturnInput {
    pub partnership: PartnershipCode,
    pub period: String,
    /// The citation: document and section, or the submitting system.
    pub source: String,
    /// Wording quoted from the source, for callers with exact rights only.
    pub quote: Option<String>,
    pub illustrative: bool,
    /// The version being updated; `None` for a first return.
    pub expected_version: Option<i32>,
    /// The counts given, by figure.
    pub counts: Vec<(CdopCell, i32)>,
    /// The percentages given, in input order.
    pub shares: Vec<(CdopCell, f64)>,
}

/// Submits a return, or updates the partnership's return for the period
/// against its version. An update takes a published return back to
/// submitted: changed figures are not public until published again.
pub async fn submit_return(
    db: &DatabaseConnection,
    scope: &Scope,
    input: ReturnInput,
    threshold: i64,
) -> AppResult<ReturnView> {
    let entry = submit_entry(&input);
    let caller = scope.caller.clone();
    let scope = scope.clone();
    audit::write(db, &caller, entry, move |txn, caller| {
        Box::pin(async move { submit_in(txn, &scope, caller, input, threshold).await })
    })
    .await
}

fn submit_entry(input: &ReturnInput) -> AuditEntry {
    AuditEntry::new("submitCdopReturn")
        .partnership(input.partnership)
        .record(
            "cdop_return",
            format!("{}/{}", input.partnership, input.period),
        )
}

/// Submits or updates a return inside `txn`, with every check
/// [`submit_return`] makes; the caller records the returned audit entry in
/// the same transaction. Bulk import submits each row through here.
pub async fn submit_in(
    txn: &DatabaseTransaction,
    scope: &Scope,
    caller: &Caller,
    input: ReturnInput,
    threshold: i64,
) -> AppResult<(ReturnView, AuditEntry)> {
    let entry = submit_entry(&input);
    caller.require_role(&SUBMITTERS, "submit CDOP returns")?;
    if !caller.in_scope(input.partnership) {
        return Err(AppError::bad_input(
            "input.partnership",
            format!("{} is outside this token's scope", input.partnership),
        ));
    }
    let source = TextKind::Citation
        .optional("input.source", Some(&input.source))?
        .ok_or_else(|| {
            AppError::bad_input(
                "input.source",
                "must say where the figures come from (document and section, or the submitting system)",
            )
        })?;
    let quote = TextKind::Long.optional("input.quote", input.quote.as_deref())?;
    let period = reference::service::period_by_label(txn, &input.period, "input.period").await?;
    let populations = child_population::Entity::find()
        .filter(child_population::Column::PartnershipCode.eq(input.partnership))
        .all(txn)
        .await?;
    let ceiling = validate::Ceiling::for_population(population_for_period(
        &populations,
        input.partnership,
        period.start_date,
    ));
    let cells = validate::cells(&input.counts, &input.shares, &ceiling)?;
    let panel = panel_serving(txn, input.partnership, period.start_date, period.end_date).await?;
    let now = Utc::now();
    let fields = cdop_return::ActiveModel {
        panel_code: Set(panel),
        status: Set(CdopReturnStatus::Submitted),
        source: Set(source),
        source_quote: Set(quote),
        illustrative: Set(input.illustrative),
        submitted_by: Set(caller.actor().to_string()),
        submitted_at: Set(now),
        published_by: Set(None),
        published_at: Set(None),
        ..Default::default()
    };
    let id = save_return::<Cdop>(
        txn,
        input.partnership,
        &period,
        input.expected_version,
        fields,
    )
    .await?;
    store_cells::<Cdop>(txn, &id, &cells).await?;
    let view = reload::<Cdop>(txn, scope, &id, threshold).await?;
    let done = entry.record("cdop_return", &id).detail(format!(
        "{} version {}, {} figures",
        view.record.period_label,
        view.record.version,
        cells.len()
    ));
    Ok((view, done))
}

/// The panel that served `partnership` at the end of the period (the panel
/// that reviews the period's deaths), else the latest one serving it at any
/// time in the period.
pub async fn panel_serving(
    conn: &impl ConnectionTrait,
    partnership: PartnershipCode,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Option<String>, DbErr> {
    let memberships = cdop_panel_membership::Entity::find()
        .filter(cdop_panel_membership::Column::PartnershipCode.eq(partnership))
        .order_by_with_nulls(
            cdop_panel_membership::Column::StartDate,
            Order::Desc,
            NullOrdering::Last,
        )
        .all(conn)
        .await?;
    let covers = |m: &cdop_panel_membership::Model, from: NaiveDate, to: NaiveDate| {
        m.start_date.is_none_or(|s| s <= to) && m.end_date.is_none_or(|e| e >= from)
    };
    Ok(memberships
        .iter()
        .find(|m| covers(m, end, end))
        .or_else(|| memberships.iter().find(|m| covers(m, start, end)))
        .map(|m| m.panel_code.clone()))
}
