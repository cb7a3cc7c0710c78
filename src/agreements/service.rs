use std::collections::{BTreeSet, HashMap};

use chrono::{NaiveDate, Utc};
use entity::{
    sharing_agreement as agreement, sharing_agreement_event as event,
    sharing_agreement_recipient as recipient, sharing_agreement_signature as signature,
    PartnershipCode,
};
use sea_orm::sea_query::{Condition, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use super::rules::{self, AgreementStatus, Recipient};
use crate::access::{AccessLevel, Dataset, Grant};
use crate::audit::{self, AuditEntry};
use crate::auth::{Caller, Role};
use crate::error::{AppError, AppResult};
use crate::pagination::{self, Order, Page, PageArgs};
use crate::text::TextKind;

/// The grants the agreements in force on `today` give `caller`, strongest
/// per dataset and provider. Two statements, whatever the number of agreements.
pub async fn grants_in_force(
    db: &impl ConnectionTrait,
    caller: &Caller,
    today: NaiveDate,
) -> AppResult<Vec<(Dataset, PartnershipCode, Grant)>> {
    if caller.is_anonymous() {
        return Ok(Vec::new());
    }
    let candidates = agreement::Entity::find()
        .filter(agreement::Column::Status.eq(AgreementStatus::Signed.as_str()))
        .filter(agreement::Column::StartDate.lte(today))
        .filter(
            Condition::any()
                .add(agreement::Column::EndDate.is_null())
                .add(agreement::Column::EndDate.gte(today)),
        )
        .all(db)
        .await?;
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let mut recipients = recipients_of(db, candidates.iter().map(|a| a.id.clone())).await?;
    let terms: Vec<rules::Terms> = candidates
        .into_iter()
        .filter_map(|a| {
            let (Some(dataset), Some(level), Some(status)) = (
                rules::parse_dataset(&a.dataset),
                rules::parse_level(&a.level),
                AgreementStatus::parse(&a.status),
            ) else {
                tracing::error!(agreement = %a.id, "unreadable sharing agreement row");
                return None;
            };
            Some(rules::Terms {
                recipients: recipients.remove(&a.id).unwrap_or_default(),
                id: a.id,
                provider: a.provider,
                dataset,
                level,
                status,
                start: a.start_date,
                end: a.end_date,
            })
        })
        .collect();
    Ok(rules::grants(&terms, caller, today))
}

/// Recipients of the given agreements, keyed by agreement id.
pub async fn recipients_of(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = String>,
) -> AppResult<HashMap<String, Vec<Recipient>>> {
    let rows = recipient::Entity::find()
        .filter(recipient::Column::AgreementId.is_in(ids))
        .order_by_asc(recipient::Column::Id)
        .all(db)
        .await?;
    let mut out: HashMap<String, Vec<Recipient>> = HashMap::new();
    for row in rows {
        match Recipient::from_row(&row.kind, row.partnership, row.role.as_deref()) {
            Some(r) => out.entry(row.agreement_id).or_default().push(r),
            None => {
                tracing::error!(agreement = %row.agreement_id, "unreadable agreement recipient row")
            }
        }
    }
    Ok(out)
}

/// Restricts a query to the agreements `caller` may see: all for a regional
/// admin; otherwise those with a party in the caller's scope or naming the
/// caller as a recipient by role.
fn visible(caller: &Caller) -> AppResult<Condition> {
    caller.require_role(
        &[
            Role::RegionalAdmin,
            Role::PartnershipManager,
            Role::Scrutineer,
            Role::CdopOfficer,
            Role::AgencyLead,
            Role::Analyst,
        ],
        "read sharing agreements",
    )?;
    if caller.role == Role::RegionalAdmin {
        return Ok(Condition::all());
    }
    let scope: Vec<PartnershipCode> = caller.partnerships.iter().copied().collect();
    let mut by_recipient = Condition::any()
        .add(recipient::Column::Partnership.is_in(scope.clone()))
        .add(
            Condition::all()
                .add(recipient::Column::Kind.eq("ROLE"))
                .add(recipient::Column::Role.eq(caller.role.as_str())),
        );
    if caller.role == Role::Scrutineer && caller.is_regional() {
        by_recipient = by_recipient.add(recipient::Column::Kind.eq("REGIONAL_SCRUTINEER"));
    }
    Ok(Condition::any()
        .add(agreement::Column::Provider.is_in(scope))
        .add(
            agreement::Column::Id.in_subquery(
                Query::select()
                    .column(recipient::Column::AgreementId)
                    .from(recipient::Entity)
                    .cond_where(by_recipient)
                    .to_owned(),
            ),
        ))
}

/// Filters of `sharingAgreements`.
#[derive(Debug, Clone, Default)]
pub struct AgreementFilter {
    pub provider: Option<PartnershipCode>,
    pub dataset: Option<Dataset>,
    pub status: Option<AgreementStatus>,
    pub in_force_on: Option<NaiveDate>,
}

/// The agreements among `ids` the caller may see, under the same rule as
/// [`list`]; a caller who may not read agreements finds none.
pub async fn by_ids(
    db: &DatabaseConnection,
    caller: &Caller,
    ids: &[String],
) -> AppResult<Vec<agreement::Model>> {
    let Ok(visible) = visible(caller) else {
        return Ok(Vec::new());
    };
    Ok(agreement::Entity::find()
        .filter(visible)
        .filter(agreement::Column::Id.is_in(ids.iter().map(String::as_str)))
        .all(db)
        .await?)
}

/// The agreements' sort key: when proposed, then which (newest first).
pub type AgreementKey = (chrono::DateTime<Utc>, String);

pub async fn list(
    db: &DatabaseConnection,
    caller: &Caller,
    filter: &AgreementFilter,
    page: &PageArgs<AgreementKey>,
) -> AppResult<Page<AgreementKey, agreement::Model>> {
    let mut query = agreement::Entity::find().filter(visible(caller)?);
    if let Some(p) = filter.provider {
        query = query.filter(agreement::Column::Provider.eq(p));
    }
    if let Some(d) = filter.dataset {
        query = query.filter(agreement::Column::Dataset.eq(rules::dataset_str(d)));
    }
    if let Some(s) = filter.status {
        query = query.filter(agreement::Column::Status.eq(s.as_str()));
    }
    if let Some(day) = filter.in_force_on {
        query = query
            .filter(agreement::Column::Status.eq(AgreementStatus::Signed.as_str()))
            .filter(agreement::Column::StartDate.lte(day))
            .filter(
                Condition::any()
                    .add(agreement::Column::EndDate.is_null())
                    .add(agreement::Column::EndDate.gte(day)),
            );
    }
    pagination::fetch(
        db,
        query,
        (agreement::Column::ProposedAt, agreement::Column::Id),
        Order::Descending,
        page,
        |m: &agreement::Model| (m.proposed_at, m.id.clone()),
    )
    .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: &str,
) -> AppResult<agreement::Model> {
    agreement::Entity::find_by_id(id.to_owned())
        .filter(visible(caller)?)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(format!("sharing agreement {id}")))
}

/// A proposed agreement.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub title: String,
    pub provider: PartnershipCode,
    pub recipients: Vec<Recipient>,
    pub dataset: Dataset,
    pub level: AccessLevel,
    pub purpose: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
}

/// Proposes an agreement. A manager of any party may propose; the regional
/// admin may too. It grants nothing until every party has signed.
pub async fn propose(
    db: &DatabaseConnection,
    caller: &Caller,
    proposal: Proposal,
) -> AppResult<agreement::Model> {
    let entry = AuditEntry::new("proposeSharingAgreement").partnership(proposal.provider);
    audit::write(db, caller, entry.clone(), move |txn, caller| {
        Box::pin(async move {
            caller.require_role(
                &[Role::RegionalAdmin, Role::PartnershipManager],
                "propose a sharing agreement",
            )?;
            validate(&proposal)?;
            let parties = rules::parties(proposal.provider, &proposal.recipients);
            if caller.role != Role::RegionalAdmin && !parties.iter().any(|p| caller.in_scope(*p)) {
                return Err(AppError::forbidden(
                    "only a manager of a party to the agreement may propose it",
                ));
            }
            let id = uuid::Uuid::new_v4().to_string();
            let now = Utc::now();
            let saved = agreement::ActiveModel {
                id: Set(id.clone()),
                title: Set(proposal.title.trim().to_string()),
                provider: Set(proposal.provider),
                dataset: Set(rules::dataset_str(proposal.dataset).to_string()),
                level: Set(rules::level_str(proposal.level).to_string()),
                purpose: Set(proposal.purpose.trim().to_string()),
                start_date: Set(proposal.start_date),
                end_date: Set(proposal.end_date),
                status: Set(AgreementStatus::Proposed.as_str().to_string()),
                proposed_by: Set(caller.actor().to_string()),
                proposed_at: Set(now),
                revoked_by: Set(None),
                revoked_at: Set(None),
                revocation_reason: Set(None),
                illustrative: Set(false),
                source: Set(None),
                version: Set(1),
            }
            .insert(txn)
            .await?;
            insert_recipients(txn, &id, &proposal.recipients).await?;
            append_event(txn, &id, caller.actor(), "PROPOSED", 1, None).await?;
            let done = entry.record("sharing_agreement", &id).detail(format!(
                "{} {} shared by {} with {} part(ies)",
                rules::dataset_str(proposal.dataset),
                rules::level_str(proposal.level),
                proposal.provider,
                proposal.recipients.len()
            ));
            Ok((saved, done))
        })
    })
    .await
}

fn validate(p: &Proposal) -> AppResult<()> {
    TextKind::Name.required("input.title", &p.title)?;
    TextKind::Long
        .optional("input.purpose", Some(&p.purpose))?
        .ok_or_else(|| {
            AppError::bad_input("input.purpose", "must say what the data is shared for")
        })?;
    if p.level == AccessLevel::Published {
        return Err(AppError::bad_input(
            "input.level",
            "published figures are shared without an agreement; choose EXACT_AGGREGATES or RECORD_LEVEL",
        ));
    }
    if p.end_date.is_some_and(|e| e < p.start_date) {
        return Err(AppError::bad_input(
            "input.endDate",
            "must not be before startDate",
        ));
    }
    if p.recipients.is_empty() {
        return Err(AppError::bad_input(
            "input.recipients",
            "name at least one recipient",
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, r) in p.recipients.iter().enumerate() {
        let field = format!("input.recipients[{i}]");
        if !seen.insert(r.clone()) {
            return Err(AppError::bad_input(field, "is listed twice"));
        }
        match r {
            Recipient::Partnership { partnership, .. } if *partnership == p.provider => {
                return Err(AppError::bad_input(
                    format!("{field}.partnership"),
                    "is the provider: a partnership already sees its own data",
                ))
            }
            Recipient::Partnership {
                role: Some(Role::Anonymous),
                ..
            }
            | Recipient::Role(Role::Anonymous) => {
                return Err(AppError::bad_input(
                    format!("{field}.role"),
                    "anonymous callers cannot receive data under an agreement",
                ))
            }
            _ => {}
        }
    }
    Ok(())
}

async fn insert_recipients(
    txn: &impl ConnectionTrait,
    id: &str,
    recipients: &[Recipient],
) -> AppResult<()> {
    let rows = recipients.iter().map(|r| {
        let (partnership, role) = match r {
            Recipient::Partnership { partnership, role } => {
                (Some(*partnership), role.map(|r| r.as_str().to_string()))
            }
            Recipient::Role(role) => (None, Some(role.as_str().to_string())),
            Recipient::RegionalScrutineer => (None, None),
        };
        recipient::ActiveModel {
            agreement_id: Set(id.to_string()),
            kind: Set(r.kind().to_string()),
            partnership: Set(partnership),
            role: Set(role),
            ..Default::default()
        }
    });
    recipient::Entity::insert_many(rows).exec(txn).await?;
    Ok(())
}

async fn append_event(
    txn: &impl ConnectionTrait,
    id: &str,
    actor: &str,
    action: &str,
    version: i32,
    detail: Option<String>,
) -> AppResult<()> {
    event::ActiveModel {
        agreement_id: Set(id.to_string()),
        occurred_at: Set(Utc::now()),
        actor: Set(actor.to_string()),
        action: Set(action.to_string()),
        version: Set(version),
        detail: Set(detail),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// An agreement the caller may see, with the partnerships that must sign it.
async fn with_parties(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    id: &str,
) -> AppResult<(agreement::Model, BTreeSet<PartnershipCode>)> {
    let current = get(txn, caller, id).await?;
    let recipients = recipients_of(txn, [id.to_string()])
        .await?
        .remove(id)
        .unwrap_or_default();
    let parties = rules::parties(current.provider, &recipients);
    Ok((current, parties))
}

/// Moves an agreement to its next version, refusing a stale one.
async fn bump_version(
    txn: &impl ConnectionTrait,
    current: &agreement::Model,
    expected: i32,
    changes: impl FnOnce(
        sea_orm::UpdateMany<agreement::Entity>,
    ) -> sea_orm::UpdateMany<agreement::Entity>,
) -> AppResult<i32> {
    if current.version != expected {
        return Err(AppError::Conflict(format!(
            "stale version {expected}: the agreement is now at version {}",
            current.version
        )));
    }
    let next = expected + 1;
    let update = agreement::Entity::update_many()
        .col_expr(agreement::Column::Version, next.into())
        .filter(agreement::Column::Id.eq(current.id.as_str()))
        .filter(agreement::Column::Version.eq(expected));
    let result = changes(update).exec(txn).await?;
    if result.rows_affected != 1 {
        return Err(AppError::Conflict(format!(
            "stale version {expected}: the agreement changed meanwhile"
        )));
    }
    Ok(next)
}

/// Signs an agreement for one party. The last party's signature puts it in force.
pub async fn sign(
    db: &DatabaseConnection,
    caller: &Caller,
    id: String,
    partnership: PartnershipCode,
    expected_version: i32,
) -> AppResult<agreement::Model> {
    let entry = AuditEntry::new("signSharingAgreement")
        .partnership(partnership)
        .record("sharing_agreement", &id);
    audit::write(db, caller, entry.clone(), move |txn, caller| {
        Box::pin(async move {
            caller.require_role_in(
                &[Role::PartnershipManager],
                partnership,
                "sign for this partnership",
            )?;
            let (current, parties) = with_parties(txn, caller, &id).await?;
            if !parties.contains(&partnership) {
                return Err(AppError::bad_input(
                    "partnership",
                    format!("{partnership} is not a party to this agreement"),
                ));
            }
            if current.status != AgreementStatus::Proposed.as_str() {
                return Err(AppError::bad_input(
                    "id",
                    format!(
                        "the agreement is {}; only a proposed agreement can be signed",
                        current.status.to_lowercase()
                    ),
                ));
            }
            let signed: BTreeSet<PartnershipCode> = signature::Entity::find()
                .filter(signature::Column::AgreementId.eq(id.as_str()))
                .all(txn)
                .await?
                .into_iter()
                .map(|s| s.partnership)
                .collect();
            if signed.contains(&partnership) {
                return Err(AppError::Conflict(format!(
                    "{partnership} has already signed"
                )));
            }
            let complete = parties
                .iter()
                .all(|p| *p == partnership || signed.contains(p));
            let version = bump_version(txn, &current, expected_version, |u| {
                if complete {
                    u.col_expr(
                        agreement::Column::Status,
                        AgreementStatus::Signed.as_str().into(),
                    )
                } else {
                    u
                }
            })
            .await?;
            signature::ActiveModel {
                agreement_id: Set(id.clone()),
                partnership: Set(partnership),
                signed_by: Set(caller.actor().to_string()),
                signed_by_name: Set(caller.identity.as_ref().and_then(|i| i.name.clone())),
                signed_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            append_event(
                txn,
                &id,
                caller.actor(),
                "SIGNED",
                version,
                Some(format!("signed for {partnership}")),
            )
            .await?;
            if complete {
                append_event(
                    txn,
                    &id,
                    caller.actor(),
                    "IN_FORCE",
                    version,
                    Some("signed by every party".into()),
                )
                .await?;
            }
            let saved = get(txn, caller, &id).await?;
            let done = entry.detail(if complete {
                "signed by every party"
            } else {
                "awaiting other parties"
            });
            Ok((saved, done))
        })
    })
    .await
}

/// Revokes an agreement: it grants nothing from this moment on.
pub async fn revoke(
    db: &DatabaseConnection,
    caller: &Caller,
    id: String,
    reason: String,
    expected_version: i32,
) -> AppResult<agreement::Model> {
    let entry = AuditEntry::new("revokeSharingAgreement").record("sharing_agreement", &id);
    audit::write(db, caller, entry.clone(), move |txn, caller| {
        Box::pin(async move {
            caller.require_role(
                &[Role::RegionalAdmin, Role::PartnershipManager],
                "revoke a sharing agreement",
            )?;
            let (current, parties) = with_parties(txn, caller, &id).await?;
            if caller.role != Role::RegionalAdmin && !parties.iter().any(|p| caller.in_scope(*p)) {
                return Err(AppError::forbidden(
                    "only a party's manager may revoke this agreement",
                ));
            }
            let why = TextKind::Long
                .optional("reason", Some(&reason))?
                .ok_or_else(|| AppError::bad_input("reason", "say why the agreement is revoked"))?;
            if current.status == AgreementStatus::Revoked.as_str() {
                return Err(AppError::bad_input(
                    "id",
                    "the agreement is already revoked",
                ));
            }
            let actor = caller.actor().to_string();
            let version = bump_version(txn, &current, expected_version, |u| {
                u.col_expr(
                    agreement::Column::Status,
                    AgreementStatus::Revoked.as_str().into(),
                )
                .col_expr(agreement::Column::RevokedBy, actor.clone().into())
                .col_expr(agreement::Column::RevokedAt, Utc::now().into())
                .col_expr(agreement::Column::RevocationReason, why.clone().into())
            })
            .await?;
            append_event(txn, &id, caller.actor(), "REVOKED", version, Some(why)).await?;
            let saved = get(txn, caller, &id).await?;
            let done = entry.partnership(saved.provider);
            Ok((saved, done))
        })
    })
    .await
}

/// Inserts a signed, illustrative agreement as demo data (no caller: it is
/// part of the dataset, not an action).
pub async fn insert_demo(
    txn: &impl ConnectionTrait,
    proposal: &Proposal,
    source: &str,
    signed_on: chrono::DateTime<Utc>,
) -> AppResult<String> {
    let id = uuid::Uuid::new_v4().to_string();
    agreement::ActiveModel {
        id: Set(id.clone()),
        title: Set(proposal.title.clone()),
        provider: Set(proposal.provider),
        dataset: Set(rules::dataset_str(proposal.dataset).to_string()),
        level: Set(rules::level_str(proposal.level).to_string()),
        purpose: Set(proposal.purpose.clone()),
        start_date: Set(proposal.start_date),
        end_date: Set(proposal.end_date),
        status: Set(AgreementStatus::Signed.as_str().to_string()),
        proposed_by: Set("demo-data".into()),
        proposed_at: Set(signed_on),
        revoked_by: Set(None),
        revoked_at: Set(None),
        revocation_reason: Set(None),
        illustrative: Set(true),
        source: Set(Some(source.to_string())),
        version: Set(1),
    }
    .insert(txn)
    .await?;
    insert_recipients(txn, &id, &proposal.recipients).await?;
    for p in rules::parties(proposal.provider, &proposal.recipients) {
        signature::ActiveModel {
            agreement_id: Set(id.clone()),
            partnership: Set(p),
            signed_by: Set("demo-data".into()),
            signed_by_name: Set(Some("Illustrative signatory".into())),
            signed_at: Set(signed_on),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    append_event(
        txn,
        &id,
        "demo-data",
        "IN_FORCE",
        1,
        Some("illustrative demo agreement".into()),
    )
    .await?;
    Ok(id)
}
