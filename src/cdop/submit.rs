//! Writing CDOP returns: submitting (or updating against a version) and
//! publishing. Each is one audited transaction; nothing is written unless
//! every check passes.
use chrono::NaiveDate;
use entity::cdop_panel_membership;
use entity::cdop_return_cell::CdopCell;
use entity::PartnershipCode;
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
use crate::error::AppResult;
use crate::returns::submit::{check_submission, write_submission};

/// Roles that may submit a return for a partnership in their scope.
pub const SUBMITTERS: [Role; 3] = [
    Role::CdopOfficer,
    Role::PartnershipManager,
    Role::RegionalAdmin,
];
/// Roles that may publish a return of a partnership in their scope: publishing
/// is the partnership's decision, as the design's role table has it.
pub const PUBLISHERS: [Role; 2] = [Role::PartnershipManager, Role::RegionalAdmin];

pub type ReturnInput = crate::returns::submit::ReturnInput<CdopCell>;

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
    let checked =
        check_submission::<Cdop>(txn, caller, &SUBMITTERS, &input, validate::cells).await?;
    let period = &checked.period;
    let panel = panel_serving(txn, input.partnership, period.start_date, period.end_date).await?;
    write_submission::<Cdop>(
        txn,
        scope,
        caller,
        entry,
        &input,
        checked,
        |fields| fields.panel_code = Set(panel),
        threshold,
    )
    .await
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
