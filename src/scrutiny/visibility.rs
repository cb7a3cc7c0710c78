//! The one rule deciding which scrutiny activities a caller may see, as query
//! conditions. Findings, recommendations and history are visible exactly when
//! their activity is, so every read goes through [`visible_activities`].
use entity::PartnershipCode;
use entity::{scrutiny_activity as activity, scrutiny_activity_partnership as covered};
use sea_orm::sea_query::{Condition, Query, SelectStatement};
use sea_orm::ColumnTrait;

use crate::access::{Dataset, Scope};

/// Activities the caller may see: published ones, and any covering a
/// partnership whose scrutiny records the caller may read. An activity covering
/// several partnerships is visible when any one of them is.
pub fn visible_activities(scope: &Scope) -> Condition {
    let record = scope.record_level(Dataset::Scrutiny);
    if record.len() == PartnershipCode::ALL.len() {
        // Every activity covers at least one partnership, so none is hidden.
        return Condition::all();
    }
    let mut condition = Condition::any().add(activity::Column::Published.eq(true));
    if !record.is_empty() {
        condition = condition.add(activity::Column::Id.in_subquery(covering(record)));
    }
    condition
}

/// The ids of the visible activities, for filtering their children.
pub fn visible_activity_ids(scope: &Scope) -> SelectStatement {
    Query::select()
        .column(activity::Column::Id)
        .from(activity::Entity)
        .cond_where(visible_activities(scope))
        .to_owned()
}

/// The ids of activities covering any of `partnerships`.
pub fn covering(partnerships: impl IntoIterator<Item = PartnershipCode>) -> SelectStatement {
    Query::select()
        .column(covered::Column::ActivityId)
        .from(covered::Entity)
        .and_where(covered::Column::PartnershipCode.is_in(partnerships))
        .to_owned()
}

/// True when the caller reads this partnership's scrutiny records, and so
/// may see who recorded and answered them.
pub fn sees_records_of(scope: &Scope, partnership: PartnershipCode) -> bool {
    scope.record_level(Dataset::Scrutiny).contains(&partnership)
}
