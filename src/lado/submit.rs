//! Writing LADO returns: submitting (or updating against a version) and
//! publishing. Each is one audited transaction; nothing is written unless
//! every check passes.
use entity::lado_return_cell::LadoCell;
use sea_orm::DatabaseConnection;

use super::dataset::Lado;
use super::service::ReturnView;
use super::validate;
use crate::access::Scope;
use crate::audit::{self, AuditEntry};
use crate::auth::Role;
use crate::error::AppResult;
use crate::returns::submit::{check_submission, write_submission};

/// Roles that may submit a return for a partnership in their scope: the LADO
/// service reports through its partnership's business unit.
pub const SUBMITTERS: [Role; 2] = [Role::PartnershipManager, Role::RegionalAdmin];
/// Roles that may publish a return of a partnership in their scope: publishing
/// is the partnership's decision, as the design's role table has it.
pub const PUBLISHERS: [Role; 2] = [Role::PartnershipManager, Role::RegionalAdmin];

pub type ReturnInput = crate::returns::submit::ReturnInput<LadoCell>;

/// Submits a return, or updates the partnership's return for the period
/// against its version. An update takes a published return back to
/// submitted: changed figures are not public until published again.
pub async fn submit_return(
    db: &DatabaseConnection,
    scope: &Scope,
    input: ReturnInput,
    threshold: i64,
) -> AppResult<ReturnView> {
    let entry = AuditEntry::new("submitLadoReturn")
        .partnership(input.partnership)
        .record(
            "lado_return",
            format!("{}/{}", input.partnership, input.period),
        );
    let caller = scope.caller.clone();
    let scope = scope.clone();
    audit::write(db, &caller, entry.clone(), move |txn, caller| {
        Box::pin(async move {
            let checked =
                check_submission::<Lado>(txn, caller, &SUBMITTERS, &input, validate::cells).await?;
            write_submission::<Lado>(
                txn,
                &scope,
                caller,
                entry,
                &input,
                checked,
                |_| {},
                threshold,
            )
            .await
        })
    })
    .await
}
