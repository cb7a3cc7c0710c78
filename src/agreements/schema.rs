use async_graphql::dataloader::DataLoader;
use async_graphql::{ComplexObject, Context, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{sharing_agreement as agreement, sharing_agreement_event as event, PartnershipCode};
use sea_orm::DatabaseConnection;

use super::loaders::{
    AgreementById, EventsByAgreement, RecipientsByAgreement, SignaturesByAgreement,
};
use super::rules::{self, AgreementStatus, Recipient};
use super::service::{self, AgreementFilter, Proposal};
use crate::access::{AccessLevel, Dataset, Scope};
use crate::auth::{Caller, Role};
use crate::connection_type;
use crate::error::{AppError, AppResult};
use crate::node::Kind;
use crate::pagination::PageArgs;

/// A signed information sharing agreement decides what one partnership's data
/// another may see beyond published figures: which dataset, at what level, for
/// whom, for what purpose, from when until when.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct SharingAgreement {
    /// Global id, unique across the schema (see `Node`).
    #[graphql(owned)]
    pub id: ID,
    /// The agreement's own key: what `id` was before global ids, and the
    /// `recordId` of its audit events.
    pub database_id: ID,
    /// Short name of the agreement.
    pub title: String,
    /// The partnership whose data is shared.
    pub provider: PartnershipCode,
    /// The dataset shared.
    pub dataset: Dataset,
    /// How much is shared: exact aggregates, or records.
    pub level: AccessLevel,
    /// What the data is shared for.
    pub purpose: String,
    /// First day the agreement may grant access.
    pub start_date: NaiveDate,
    /// Last day it may grant access; null while open-ended.
    pub end_date: Option<NaiveDate>,
    /// Proposed, signed by every party, or revoked.
    pub status: AgreementStatus,
    /// Who proposed it (token subject).
    pub proposed_by: String,
    /// When it was proposed.
    pub proposed_at: DateTime<Utc>,
    /// Who revoked it, if anyone.
    pub revoked_by: Option<String>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// Why it was revoked.
    pub revocation_reason: Option<String>,
    /// True for a made-up agreement in the demo dataset.
    pub illustrative: bool,
    /// Where a demo agreement's basis is documented.
    pub source: Option<String>,
    /// Version, to send back as `expectedVersion` when signing or revoking.
    pub version: i32,
}

impl SharingAgreement {
    pub(crate) fn from_model(m: agreement::Model) -> AppResult<Self> {
        let bad = || {
            AppError::internal(format!(
                "sharing agreement {} has an unreadable column",
                m.id
            ))
        };
        Ok(SharingAgreement {
            id: Kind::SharingAgreement.id(&m.id),
            database_id: ID(m.id.clone()),
            title: m.title,
            provider: m.provider,
            dataset: rules::parse_dataset(&m.dataset).ok_or_else(bad)?,
            level: rules::parse_level(&m.level).ok_or_else(bad)?,
            purpose: m.purpose,
            start_date: m.start_date,
            end_date: m.end_date,
            status: AgreementStatus::parse(&m.status).ok_or_else(bad)?,
            proposed_by: m.proposed_by,
            proposed_at: m.proposed_at,
            revoked_by: m.revoked_by,
            revoked_at: m.revoked_at,
            revocation_reason: m.revocation_reason,
            illustrative: m.illustrative,
            source: m.source,
            version: m.version,
        })
    }

    async fn signature_list(&self, ctx: &Context<'_>) -> AppResult<Vec<AgreementSignature>> {
        let rows = ctx
            .data_unchecked::<DataLoader<SignaturesByAgreement>>()
            .load_one(self.database_id.to_string())
            .await?
            .unwrap_or_default();
        Ok(rows
            .into_iter()
            .map(|s| AgreementSignature {
                partnership: s.partnership,
                signed_by: s.signed_by,
                signed_by_name: s.signed_by_name,
                signed_at: s.signed_at,
            })
            .collect())
    }

    async fn recipient_list(&self, ctx: &Context<'_>) -> AppResult<Vec<Recipient>> {
        Ok(ctx
            .data_unchecked::<DataLoader<RecipientsByAgreement>>()
            .load_one(self.database_id.to_string())
            .await?
            .unwrap_or_default())
    }
}

#[ComplexObject]
impl SharingAgreement {
    /// Who receives the data.
    async fn recipients(&self, ctx: &Context<'_>) -> AppResult<Vec<AgreementRecipient>> {
        Ok(self
            .recipient_list(ctx)
            .await?
            .into_iter()
            .map(AgreementRecipient::from)
            .collect())
    }

    /// The partnerships that must sign: the provider and each recipient partnership.
    async fn parties(&self, ctx: &Context<'_>) -> AppResult<Vec<PartnershipCode>> {
        Ok(
            rules::parties(self.provider, &self.recipient_list(ctx).await?)
                .into_iter()
                .collect(),
        )
    }

    /// Each party's signature so far.
    async fn signatures(&self, ctx: &Context<'_>) -> AppResult<Vec<AgreementSignature>> {
        self.signature_list(ctx).await
    }

    /// Parties that have not signed yet.
    async fn awaiting_signature_from(&self, ctx: &Context<'_>) -> AppResult<Vec<PartnershipCode>> {
        let signed: Vec<PartnershipCode> = self
            .signature_list(ctx)
            .await?
            .into_iter()
            .map(|s| s.partnership)
            .collect();
        Ok(
            rules::parties(self.provider, &self.recipient_list(ctx).await?)
                .into_iter()
                .filter(|p| !signed.contains(p))
                .collect(),
        )
    }

    /// True when the agreement grants access today: signed by every party,
    /// within its dates and not revoked.
    async fn in_force(&self) -> bool {
        rules::in_force(
            self.status,
            self.start_date,
            self.end_date,
            Utc::now().date_naive(),
        )
    }

    /// What happened to the agreement, oldest first. Never rewritten.
    async fn history(&self, ctx: &Context<'_>) -> AppResult<Vec<AgreementEvent>> {
        let rows = ctx
            .data_unchecked::<DataLoader<EventsByAgreement>>()
            .load_one(self.database_id.to_string())
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(AgreementEvent::from).collect())
    }
}

/// One recipient of an agreement.
#[derive(SimpleObject)]
pub struct AgreementRecipient {
    /// `PARTNERSHIP` (its managers, scrutineers and CDOP officers, or one role
    /// there), `ROLE` (every holder of the role) or `REGIONAL_SCRUTINEER`.
    pub kind: String,
    /// The recipient partnership, for `PARTNERSHIP`.
    pub partnership: Option<PartnershipCode>,
    /// The role the recipient is narrowed to, if any.
    pub role: Option<Role>,
}

impl From<Recipient> for AgreementRecipient {
    fn from(r: Recipient) -> Self {
        let kind = r.kind().to_string();
        match r {
            Recipient::Partnership { partnership, role } => AgreementRecipient {
                kind,
                partnership: Some(partnership),
                role,
            },
            Recipient::Role(role) => AgreementRecipient {
                kind,
                partnership: None,
                role: Some(role),
            },
            Recipient::RegionalScrutineer => AgreementRecipient {
                kind,
                partnership: None,
                role: None,
            },
        }
    }
}

/// One party's signature.
#[derive(SimpleObject)]
pub struct AgreementSignature {
    /// The party that signed.
    pub partnership: PartnershipCode,
    /// Who signed (token subject).
    pub signed_by: String,
    /// The signatory's display name.
    pub signed_by_name: Option<String>,
    /// When.
    pub signed_at: DateTime<Utc>,
}

/// One event in an agreement's history.
#[derive(SimpleObject)]
pub struct AgreementEvent {
    /// `PROPOSED`, `SIGNED`, `IN_FORCE` or `REVOKED`.
    pub action: String,
    /// Who acted (token subject).
    pub actor: String,
    /// When.
    pub occurred_at: DateTime<Utc>,
    /// The agreement's version after the event.
    pub version: i32,
    /// Further detail, e.g. which party signed or why it was revoked.
    pub detail: Option<String>,
}

impl From<event::Model> for AgreementEvent {
    fn from(m: event::Model) -> Self {
        AgreementEvent {
            action: m.action,
            actor: m.actor,
            occurred_at: m.occurred_at,
            version: m.version,
            detail: m.detail,
        }
    }
}

connection_type!(
    SharingAgreementConnection,
    SharingAgreementEdge,
    SharingAgreement,
    service::AgreementKey,
    "A page of sharing agreements, newest first.",
    "A sharing agreement and its cursor."
);

/// What the caller may see of one partnership's data in one dataset right now.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct AccessEntry {
    /// The partnership whose data it is.
    pub partnership: PartnershipCode,
    /// The dataset.
    pub dataset: Dataset,
    /// The level the caller has now.
    pub level: AccessLevel,
    #[graphql(skip)]
    pub agreement_id: Option<String>,
}

#[ComplexObject]
impl AccessEntry {
    /// The agreement that grants this level; null when the caller's role does.
    async fn agreement(&self, ctx: &Context<'_>) -> AppResult<Option<SharingAgreement>> {
        let Some(id) = &self.agreement_id else {
            return Ok(None);
        };
        ctx.data_unchecked::<DataLoader<AgreementById>>()
            .load_one(id.clone())
            .await?
            .map(SharingAgreement::from_model)
            .transpose()
    }
}

/// Narrows `sharingAgreements`; every field is optional.
#[derive(InputObject, Default)]
pub struct SharingAgreementFilter {
    /// Only agreements sharing this partnership's data.
    pub provider: Option<PartnershipCode>,
    /// Only this dataset.
    pub dataset: Option<Dataset>,
    /// Only this status.
    pub status: Option<AgreementStatus>,
    /// Only agreements in force on this date.
    pub in_force_on: Option<NaiveDate>,
}

/// The agreements among `ids` the caller may see (for `node` and `nodes`).
pub(crate) async fn by_ids(
    db: &DatabaseConnection,
    caller: &Caller,
    ids: &[String],
) -> AppResult<Vec<SharingAgreement>> {
    service::by_ids(db, caller, ids)
        .await?
        .into_iter()
        .map(SharingAgreement::from_model)
        .collect()
}

#[derive(Default)]
pub struct AgreementQuery;

#[Object]
impl AgreementQuery {
    /// Sharing agreements the caller is party to or named in (all of them for
    /// a regional admin), newest first.
    async fn sharing_agreements(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the agreements; all visible ones when omitted.")] filter: Option<
            SharingAgreementFilter,
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
    ) -> AppResult<SharingAgreementConnection> {
        let page = PageArgs::new(first, after, last, before)?;
        let f = filter.unwrap_or_default();
        let page = service::list(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Caller>(),
            &AgreementFilter {
                provider: f.provider,
                dataset: f.dataset,
                status: f.status,
                in_force_on: f.in_force_on,
            },
            &page,
        )
        .await?;
        Ok(page
            .try_map(SharingAgreement::from_model)?
            .into_connection(|a| a))
    }

    /// One sharing agreement by id.
    async fn sharing_agreement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The agreement's id (or, as before, its `databaseId`).")] id: ID,
    ) -> AppResult<SharingAgreement> {
        SharingAgreement::from_model(
            service::get(
                ctx.data_unchecked::<DatabaseConnection>(),
                ctx.data_unchecked::<Caller>(),
                &Kind::SharingAgreement.key_of(&id),
            )
            .await?,
        )
    }

    /// For the caller, per partnership and dataset: the level it has now and
    /// the agreement that grants it, if one does.
    async fn my_access(&self, ctx: &Context<'_>) -> Vec<AccessEntry> {
        let scope = ctx.data_unchecked::<Scope>();
        let mut out = Vec::new();
        for partnership in PartnershipCode::ALL {
            for dataset in Dataset::ALL {
                let grant = scope.peek(dataset, partnership);
                out.push(AccessEntry {
                    partnership,
                    dataset,
                    level: grant.level,
                    agreement_id: grant.agreement_id,
                });
            }
        }
        out
    }
}

/// A recipient to name in a proposal: a partnership (optionally narrowed to
/// one role there), a role on its own, or the regional scrutineer.
#[derive(InputObject)]
pub struct RecipientInput {
    /// A recipient partnership.
    pub partnership: Option<PartnershipCode>,
    /// A role: with `partnership`, only that role there; alone, every holder of it.
    pub role: Option<Role>,
    /// True for the regional scrutineer (a scrutineer covering all five partnerships).
    #[graphql(default = false)]
    pub regional_scrutineer: bool,
}

/// A sharing agreement to propose.
#[derive(InputObject)]
pub struct ProposeSharingAgreementInput {
    /// Short name. At most 300 characters.
    pub title: String,
    /// The partnership whose data would be shared.
    pub provider: PartnershipCode,
    /// Who would receive it.
    pub recipients: Vec<RecipientInput>,
    /// The dataset.
    pub dataset: Dataset,
    /// `EXACT_AGGREGATES` or `RECORD_LEVEL`.
    pub level: AccessLevel,
    /// What it is shared for. At most 20000 characters.
    pub purpose: String,
    /// First day it may grant access.
    pub start_date: NaiveDate,
    /// Last day; omit for open-ended.
    pub end_date: Option<NaiveDate>,
}

fn recipient(i: usize, r: RecipientInput) -> AppResult<Recipient> {
    let field = format!("input.recipients[{i}]");
    match (r.partnership, r.role, r.regional_scrutineer) {
        (Some(partnership), role, false) => Ok(Recipient::Partnership { partnership, role }),
        (None, Some(role), false) => Ok(Recipient::Role(role)),
        (None, None, true) => Ok(Recipient::RegionalScrutineer),
        _ => Err(AppError::bad_input(
            field,
            "give a partnership (optionally with a role), a role alone, or regionalScrutineer: true",
        )),
    }
}

#[derive(Default)]
pub struct AgreementMutation;

#[Object]
impl AgreementMutation {
    /// Proposes a sharing agreement (a party's partnership manager, or the
    /// regional admin). It grants nothing until every party has signed.
    async fn propose_sharing_agreement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What is shared, with whom, for what, and when.")]
        input: ProposeSharingAgreementInput,
    ) -> AppResult<SharingAgreement> {
        let recipients = input
            .recipients
            .into_iter()
            .enumerate()
            .map(|(i, r)| recipient(i, r))
            .collect::<AppResult<Vec<_>>>()?;
        let saved = service::propose(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Caller>(),
            Proposal {
                title: input.title,
                provider: input.provider,
                recipients,
                dataset: input.dataset,
                level: input.level,
                purpose: input.purpose,
                start_date: input.start_date,
                end_date: input.end_date,
            },
        )
        .await?;
        SharingAgreement::from_model(saved)
    }

    /// Signs an agreement for one party (that partnership's manager). The last
    /// signature puts it in force, at once.
    async fn sign_sharing_agreement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The agreement's id (or, as before, its `databaseId`).")] id: ID,
        #[graphql(desc = "The party signing.")] partnership: PartnershipCode,
        #[graphql(desc = "The version the signatory read.")] expected_version: i32,
    ) -> AppResult<SharingAgreement> {
        SharingAgreement::from_model(
            service::sign(
                ctx.data_unchecked::<DatabaseConnection>(),
                ctx.data_unchecked::<Caller>(),
                Kind::SharingAgreement.key_of(&id),
                partnership,
                expected_version,
            )
            .await?,
        )
    }

    /// Revokes an agreement (a party's manager, or the regional admin); it
    /// grants nothing from this moment on.
    async fn revoke_sharing_agreement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The agreement's id (or, as before, its `databaseId`).")] id: ID,
        #[graphql(desc = "Why it is revoked. At most 20000 characters.")] reason: String,
        #[graphql(desc = "The version the revoker read.")] expected_version: i32,
    ) -> AppResult<SharingAgreement> {
        SharingAgreement::from_model(
            service::revoke(
                ctx.data_unchecked::<DatabaseConnection>(),
                ctx.data_unchecked::<Caller>(),
                Kind::SharingAgreement.key_of(&id),
                reason,
                expected_version,
            )
            .await?,
        )
    }
}
