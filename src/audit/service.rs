use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Utc};
use entity::{audit_event, PartnershipCode};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, Set,
};

use crate::auth::{Caller, Role};
use crate::error::{AppError, AppResult};
use crate::pagination::{self, Order, Page, PageArgs};
use crate::text::TextKind;

/// What one audited action touched.
#[derive(Debug, Clone, Default)]
pub struct AuditEntry {
    pub operation: &'static str,
    pub partnership: Option<PartnershipCode>,
    pub record_type: Option<&'static str>,
    pub record_id: Option<String>,
    pub detail: Option<String>,
    pub agreement_id: Option<String>,
}

impl AuditEntry {
    pub fn new(operation: &'static str) -> Self {
        AuditEntry {
            operation,
            ..Default::default()
        }
    }

    pub fn partnership(mut self, p: PartnershipCode) -> Self {
        self.partnership = Some(p);
        self
    }

    pub fn record(mut self, record_type: &'static str, id: impl ToString) -> Self {
        self.record_type = Some(record_type);
        self.record_id = Some(id.to_string());
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

/// The work of one audited write: it runs inside the transaction and returns
/// its result with the audit entry completed (record id, detail).
pub type Work<'c, T> = Pin<Box<dyn Future<Output = AppResult<(T, AuditEntry)>> + Send + 'c>>;

/// Runs `work` as one transaction with its audit row: both commit, or
/// neither does. A refused or failed write is audited afterwards with its
/// error code, under `entry` as known before the work began.
///
/// ```text
/// audit::write(db, caller, AuditEntry::new("submitThing"), |txn, caller| Box::pin(async move {
///     caller.require_role(&[Role::RegionalAdmin], "submit things")?;
///     let saved = insert(txn).await?;
///     Ok((saved.clone(), AuditEntry::new("submitThing").record("thing", &saved.id)))
/// })).await
/// ```
pub async fn write<T, F>(
    db: &DatabaseConnection,
    caller: &Caller,
    entry: AuditEntry,
    work: F,
) -> AppResult<T>
where
    T: Send,
    F: for<'c> FnOnce(&'c DatabaseTransaction, &'c Caller) -> Work<'c, T>,
{
    let result = async {
        let txn = crate::db::begin_write(db).await?;
        let (value, done) = work(&txn, caller).await?;
        // A request with an Idempotency-Key is marked written in this same
        // transaction: the key never claims a write that did not commit.
        let marked = crate::idempotency::mark_written(&txn, &done).await?;
        record(&txn, caller, done).await?;
        txn.commit().await?;
        if let Some(marked) = marked {
            marked.committed();
        }
        Ok(value)
    }
    .await;
    if let Err(e) = &result {
        record_refusal(db, caller, entry, e).await;
    }
    result
}

/// Records a successful action; call it inside the transaction doing the
/// work, so the audit row and the work commit or roll back together.
pub async fn record(
    conn: &impl ConnectionTrait,
    caller: &Caller,
    entry: AuditEntry,
) -> AppResult<()> {
    insert(conn, caller, entry, "success").await
}

/// Records a refused write after its transaction rolled back, so refused
/// attempts are visible too. Failure to write it is logged, not raised: the
/// caller's own error is the one that matters.
pub async fn record_refusal(
    db: &DatabaseConnection,
    caller: &Caller,
    entry: AuditEntry,
    error: &AppError,
) {
    if let Err(e) = insert(db, caller, entry, error.code()).await {
        tracing::error!(error = %e, "could not audit a refused operation");
    }
}

async fn insert(
    conn: &impl ConnectionTrait,
    caller: &Caller,
    entry: AuditEntry,
    outcome: &str,
) -> AppResult<()> {
    audit_event::ActiveModel {
        occurred_at: Set(Utc::now()),
        actor: Set(caller.actor().to_string()),
        actor_name: Set(caller.identity.as_ref().and_then(|i| i.name.clone())),
        issuer: Set(caller.identity.as_ref().map(|i| i.issuer.clone())),
        role: Set(caller.role.as_str().to_string()),
        operation: Set(entry.operation.to_string()),
        partnership_code: Set(entry.partnership),
        record_type: Set(entry.record_type.map(str::to_string)),
        record_id: Set(entry.record_id),
        outcome: Set(outcome.to_string()),
        detail: Set(entry.detail),
        agreement_id: Set(entry.agreement_id),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// An audit row with who acted and when filled in, for the request-end rows.
fn by(caller: &Caller, now: DateTime<Utc>) -> audit_event::ActiveModel {
    audit_event::ActiveModel {
        occurred_at: Set(now),
        actor: Set(caller.actor().to_string()),
        actor_name: Set(caller.identity.as_ref().and_then(|i| i.name.clone())),
        issuer: Set(caller.identity.as_ref().map(|i| i.issuer.clone())),
        role: Set(caller.role.as_str().to_string()),
        ..Default::default()
    }
}

/// Records the agreement-granted access a request relied on, one row per
/// agreement, dataset and partnership, in one statement.
pub async fn record_agreement_use(
    db: &DatabaseConnection,
    caller: &Caller,
    uses: &[crate::access::AgreementUse],
) {
    if uses.is_empty() {
        return;
    }
    let now = Utc::now();
    let rows = uses.iter().map(|u| audit_event::ActiveModel {
        operation: Set("agreementAccess".to_string()),
        partnership_code: Set(Some(u.partnership)),
        record_type: Set(Some("sharing_agreement".to_string())),
        record_id: Set(Some(u.agreement_id.clone())),
        outcome: Set("success".to_string()),
        detail: Set(Some(format!(
            "{} at {} granted by agreement",
            crate::agreements::rules::dataset_str(u.dataset),
            crate::agreements::rules::level_str(u.level)
        ))),
        agreement_id: Set(Some(u.agreement_id.clone())),
        ..by(caller, now)
    });
    if let Err(e) = audit_event::Entity::insert_many(rows).exec(db).await {
        tracing::error!(error = %e, "could not audit agreement-granted access");
    }
}

/// Writes the audited reads a request noted ([`crate::access::AuditedRead`]),
/// one row each, in one statement. Like agreement use, a failure to write is
/// logged and does not take the answer away from the caller.
pub async fn record_reads(
    db: &DatabaseConnection,
    caller: &Caller,
    reads: &[crate::access::AuditedRead],
) {
    if reads.is_empty() {
        return;
    }
    let now = Utc::now();
    let rows = reads.iter().map(|r| audit_event::ActiveModel {
        operation: Set(r.operation.to_string()),
        partnership_code: Set(Some(r.partnership)),
        record_type: Set(Some(r.record_type.to_string())),
        record_id: Set(Some(r.record_id.clone())),
        outcome: Set("success".to_string()),
        detail: Set(Some(r.detail.clone())),
        agreement_id: Set(r.agreement_id.clone()),
        ..by(caller, now)
    });
    if let Err(e) = audit_event::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await
    {
        tracing::error!(error = %e, "could not audit the records a request read");
    }
}

/// Writes what a request's scope noted for the audit log as it ran (the
/// agreements it relied on, the records it read exactly), when the request
/// has ended.
pub async fn record_request(db: &DatabaseConnection, scope: &crate::access::Scope) {
    record_agreement_use(db, &scope.caller, &scope.agreements_used()).await;
    record_reads(db, &scope.caller, &scope.audited_reads()).await;
}

/// Filters of `auditEvents`.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub partnership: Option<PartnershipCode>,
    pub actor: Option<String>,
    pub operation: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// The events among `ids` the caller may read, under the same rule as
/// [`list`]; a caller who may not read the audit log finds none.
pub async fn by_ids(
    db: &DatabaseConnection,
    caller: &Caller,
    ids: &[i64],
) -> AppResult<Vec<audit_event::Model>> {
    let mut query = audit_event::Entity::find().filter(audit_event::Column::Id.is_in(ids.to_vec()));
    match caller.role {
        Role::RegionalAdmin => {}
        Role::PartnershipManager => {
            query = query.filter(
                audit_event::Column::PartnershipCode.is_in(caller.partnerships.iter().copied()),
            )
        }
        _ => return Ok(Vec::new()),
    }
    Ok(query.all(db).await?)
}

/// The audit log's sort key: when, then which event (newest first).
pub type AuditKey = (DateTime<Utc>, i64);

/// Lists audit events in the caller's scope, newest first. A regional admin
/// sees all; a partnership manager sees its partnerships' events only.
pub async fn list(
    db: &DatabaseConnection,
    caller: &Caller,
    filter: &AuditFilter,
    page: &PageArgs<AuditKey>,
) -> AppResult<Page<AuditKey, audit_event::Model>> {
    caller.require_role(
        &[Role::RegionalAdmin, Role::PartnershipManager],
        "read the audit log",
    )?;
    let mut query = audit_event::Entity::find();
    if caller.role != Role::RegionalAdmin {
        query = query.filter(
            audit_event::Column::PartnershipCode.is_in(caller.partnerships.iter().copied()),
        );
    }
    if let Some(p) = filter.partnership {
        query = query.filter(audit_event::Column::PartnershipCode.eq(p));
    }
    if let Some(actor) = &filter.actor {
        TextKind::Name.check("filter.actor", actor)?;
        query = query.filter(audit_event::Column::Actor.eq(actor.as_str()));
    }
    if let Some(op) = &filter.operation {
        TextKind::Key.check("filter.operation", op)?;
        query = query.filter(audit_event::Column::Operation.eq(op.as_str()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_event::Column::OccurredAt.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(audit_event::Column::OccurredAt.lt(to));
    }
    pagination::fetch(
        db,
        query,
        (audit_event::Column::OccurredAt, audit_event::Column::Id),
        Order::Descending,
        page,
        |m: &audit_event::Model| (m.occurred_at, m.id),
    )
    .await
}
