//! Writing LADO returns: submitting (or updating against a version) and
//! publishing. Each is one audited transaction; nothing is written unless
//! every check passes.
use chrono::Utc;
use entity::lado_return::{self, LadoReturnStatus};
use entity::lado_return_cell::LadoCell;
use entity::{child_population, PartnershipCode};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::dataset::Lado;
use super::service::ReturnView;
use super::validate;
use crate::access::Scope;
use crate::audit::{self, AuditEntry};
use crate::auth::Role;
use crate::error::{AppError, AppResult};
use crate::reference;
use crate::reference::population::population_for_period;
use crate::returns::submit::{reload, save_return, store_cells};
use crate::text::TextKind;

/// Roles that may submit a return for a partnership in their scope: the LADO
/// service reports through its partnership's business unit.
pub const SUBMITTERS: [Role; 2] = [Role::PartnershipManager, Role::RegionalAdmin];
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
    pub counts: Vec<(LadoCell, i32)>,
    /// The percentages given, in input order.
    pub shares: Vec<(LadoCell, f64)>,
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
            caller.require_role(&SUBMITTERS, "submit LADO returns")?;
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
            let period =
                reference::service::period_by_label(txn, &input.period, "input.period").await?;
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
            let now = Utc::now();
            let fields = lado_return::ActiveModel {
                status: Set(LadoReturnStatus::Submitted),
                source: Set(source),
                source_quote: Set(quote),
                illustrative: Set(input.illustrative),
                submitted_by: Set(caller.actor().to_string()),
                submitted_at: Set(now),
                published_by: Set(None),
                published_at: Set(None),
                ..Default::default()
            };
            let id = save_return::<Lado>(txn, input.partnership, &period, input.expected_version, fields).await?;
            store_cells::<Lado>(txn, &id, &cells).await?;
            let view = reload::<Lado>(txn, &scope, &id, threshold).await?;
            let done = entry.record("lado_return", &id).detail(format!(
                "{} version {}, {} figures",
                view.record.period_label,
                view.record.version,
                cells.len()
            ));
            Ok((view, done))
        })
    })
    .await
}
