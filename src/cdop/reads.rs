//! The audit of exact reads: every CDOP return a caller sees unsuppressed is
//! logged, in one statement per request however many returns it lists.
use chrono::Utc;
use entity::audit_event;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use super::service::ReturnView;
use crate::access::{Dataset, Scope};
use crate::error::AppResult;

pub const OPERATION: &str = "readCdopReturn";

/// Records one audit row per return in `views` the caller saw exactly, naming
/// the sharing agreement that granted the access where one did. `via` is the
/// query that read them.
pub async fn record_exact_reads<'v>(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    views: impl IntoIterator<Item = &'v ReturnView>,
    via: &str,
) -> AppResult<()> {
    let caller = &scope.caller;
    let now = Utc::now();
    let rows: Vec<audit_event::ActiveModel> = views
        .into_iter()
        .filter(|v| v.exact())
        .map(|v| audit_event::ActiveModel {
            occurred_at: Set(now),
            actor: Set(caller.actor().to_string()),
            actor_name: Set(caller.identity.as_ref().and_then(|i| i.name.clone())),
            issuer: Set(caller.identity.as_ref().map(|i| i.issuer.clone())),
            role: Set(caller.role.as_str().to_string()),
            operation: Set(OPERATION.to_string()),
            partnership_code: Set(Some(v.record.partnership_code)),
            record_type: Set(Some("cdop_return".to_string())),
            record_id: Set(Some(v.record.id.clone())),
            outcome: Set("success".to_string()),
            detail: Set(Some(format!(
                "{via}: {} version {}",
                v.record.period_label, v.record.version
            ))),
            agreement_id: Set(scope
                .grant(Dataset::Cdop, v.record.partnership_code)
                .agreement_id),
            ..Default::default()
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    audit_event::Entity::insert_many(rows)
        .exec_without_returning(conn)
        .await?;
    Ok(())
}
