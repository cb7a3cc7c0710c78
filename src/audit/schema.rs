use async_graphql::{Context, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};
use entity::{audit_event, PartnershipCode};
use sea_orm::DatabaseConnection;

use super::service::{self, AuditFilter};
use crate::auth::Caller;
use crate::connection_type;
use crate::error::AppResult;
use crate::node::Kind;
use crate::pagination::PageArgs;

/// One audited action. Audit events are append-only.
#[derive(SimpleObject, Clone)]
pub struct AuditEvent {
    /// Global id, unique across the schema (see `Node`).
    #[graphql(owned)]
    pub id: ID,
    /// The event's own key: what `id` was before global ids.
    pub database_id: ID,
    /// When it happened (UTC).
    pub occurred_at: DateTime<Utc>,
    /// The token subject that acted (`anonymous` without a token).
    pub actor: String,
    /// The actor's display name, when the token gave one.
    pub actor_name: Option<String>,
    /// The issuer that vouched for the actor.
    pub issuer: Option<String>,
    /// The role the actor acted in.
    pub role: String,
    /// The operation, e.g. `recordChildPopulation`.
    pub operation: String,
    /// The partnership whose data was touched.
    pub partnership: Option<PartnershipCode>,
    /// The kind of record touched.
    pub record_type: Option<String>,
    /// The identifier of the record touched.
    pub record_id: Option<String>,
    /// `success`, or the error code the operation was refused with.
    pub outcome: String,
    /// Further detail, such as what changed.
    pub detail: Option<String>,
    /// The sharing agreement that granted the access, where one did.
    pub agreement_id: Option<String>,
}

connection_type!(
    AuditEventConnection,
    AuditEventEdge,
    AuditEvent,
    service::AuditKey,
    "A page of audit events, newest first.",
    "An audit event and its cursor."
);

impl From<audit_event::Model> for AuditEvent {
    fn from(m: audit_event::Model) -> Self {
        AuditEvent {
            id: Kind::AuditEvent.id(m.id),
            database_id: ID(m.id.to_string()),
            occurred_at: m.occurred_at,
            actor: m.actor,
            actor_name: m.actor_name,
            issuer: m.issuer,
            role: m.role,
            operation: m.operation,
            partnership: m.partnership_code,
            record_type: m.record_type,
            record_id: m.record_id,
            outcome: m.outcome,
            detail: m.detail,
            agreement_id: m.agreement_id,
        }
    }
}

/// Narrows `auditEvents`; every field is optional.
#[derive(InputObject, Default)]
pub struct AuditEventFilter {
    /// Only events touching this partnership.
    pub partnership: Option<PartnershipCode>,
    /// Only events by this token subject. At most 300 characters.
    pub actor: Option<String>,
    /// Only this operation, e.g. `recordChildPopulation`. At most 64 characters.
    pub operation: Option<String>,
    /// Events at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Events before this time.
    pub to: Option<DateTime<Utc>>,
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// The audit log, newest first: every write, and every read of exact CDOP
    /// figures. Regional admins see all of it; partnership managers see their
    /// partnerships' events.
    async fn audit_events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the events; all in scope when omitted.")] filter: Option<
            AuditEventFilter,
        >,
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
    ) -> AppResult<AuditEventConnection> {
        let page = PageArgs::new(first, after, last, before)?;
        let f = filter.unwrap_or_default();
        let filter = AuditFilter {
            partnership: f.partnership,
            actor: f.actor,
            operation: f.operation,
            from: f.from,
            to: f.to,
        };
        Ok(service::list(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Caller>(),
            &filter,
            &page,
        )
        .await?
        .into_connection(AuditEvent::from))
    }
}
