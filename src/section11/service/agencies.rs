//! Agencies: who they are, their sector and the partnerships they work in.
//! Organisational facts, readable by everyone.
use std::collections::BTreeSet;

use chrono::Utc;
use entity::section11_enums::AgencySector;
use entity::{
    section11_agency, section11_agency_partnership, section11_round_agency, PartnershipCode,
};
use sea_orm::sea_query::{Expr, Func, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, ExprTrait, QueryFilter, Set,
};

use crate::audit::{self, AuditEntry};
use crate::auth::{Caller, Role};
use crate::error::{AppError, AppResult};
use crate::pagination::{self, Order, Page, PageArgs};
use crate::text::TextKind;

/// Narrows `agencies`.
#[derive(Debug, Clone, Default)]
pub struct AgencyFilter {
    pub partnership: Option<PartnershipCode>,
    pub sector: Option<AgencySector>,
    /// Only agencies expected to make a return in this round.
    pub round: Option<String>,
}

/// The agencies' sort key: name, then which.
pub type AgencyKey = (String, String);

/// Agencies by name.
pub async fn list(
    db: &DatabaseConnection,
    filter: &AgencyFilter,
    page: &PageArgs<AgencyKey>,
) -> AppResult<Page<AgencyKey, section11_agency::Model>> {
    let mut query = section11_agency::Entity::find();
    if let Some(p) = filter.partnership {
        query = query.filter(
            section11_agency::Column::Id.in_subquery(
                Query::select()
                    .column(section11_agency_partnership::Column::AgencyId)
                    .from(section11_agency_partnership::Entity)
                    .and_where(section11_agency_partnership::Column::PartnershipCode.eq(p))
                    .to_owned(),
            ),
        );
    }
    if let Some(sector) = filter.sector {
        query = query.filter(section11_agency::Column::Sector.eq(sector));
    }
    if let Some(round) = &filter.round {
        query = query.filter(
            section11_agency::Column::Id.in_subquery(
                Query::select()
                    .column(section11_round_agency::Column::AgencyId)
                    .from(section11_round_agency::Entity)
                    .and_where(section11_round_agency::Column::RoundId.eq(round.as_str()))
                    .to_owned(),
            ),
        );
    }
    pagination::fetch(
        db,
        query,
        (section11_agency::Column::Name, section11_agency::Column::Id),
        Order::Ascending,
        page,
        |m: &section11_agency::Model| (m.name.clone(), m.id.clone()),
    )
    .await
}

/// An agency to register.
#[derive(Debug, Clone)]
pub struct AgencyInput {
    pub name: String,
    pub sector: AgencySector,
    pub partnerships: Vec<PartnershipCode>,
    pub source: Option<String>,
}

/// Registers an agency: a regional admin, or a partnership manager for
/// agencies working only in its partnerships.
pub async fn register(
    db: &DatabaseConnection,
    caller: &Caller,
    input: AgencyInput,
) -> AppResult<section11_agency::Model> {
    let id = uuid::Uuid::new_v4().to_string();
    let mut entry = AuditEntry::new("registerAgency").record("section11_agency", &id);
    if let [only] = input.partnerships.as_slice() {
        entry = entry.partnership(*only);
    }
    let done = entry.clone();
    audit::write(db, caller, entry, move |txn, caller| {
        Box::pin(async move {
            caller.require_role(
                &[Role::RegionalAdmin, Role::PartnershipManager],
                "register agencies",
            )?;
            let partnerships = distinct_partnerships(&input.partnerships, "input.partnerships")?;
            for p in &partnerships {
                caller.require_role_in(
                    &[Role::RegionalAdmin, Role::PartnershipManager],
                    *p,
                    "register an agency working there",
                )?;
            }
            let name = TextKind::Name.required("input.name", &input.name)?;
            let source = TextKind::Citation
                .optional("input.source", input.source.as_deref())?
                .unwrap_or_else(|| format!("Registered through the hub by {}", caller.actor()));
            // Names are compared without case on both databases, so one agency
            // is not registered twice under two spellings.
            let same_name = section11_agency::Entity::find()
                .filter(
                    Expr::expr(Func::lower(Expr::col(section11_agency::Column::Name)))
                        .eq(name.to_lowercase()),
                )
                .one(txn)
                .await?;
            if let Some(existing) = same_name {
                return Err(AppError::Conflict(format!(
                    "an agency named `{}` is registered as `{}`",
                    existing.name, existing.id
                )));
            }
            let saved = section11_agency::ActiveModel {
                id: Set(id.clone()),
                name: Set(name),
                sector: Set(input.sector),
                source: Set(source),
                illustrative: Set(false),
                created_at: Set(Utc::now()),
                created_by: Set(caller.actor().to_string()),
            }
            .insert(txn)
            .await?;
            section11_agency_partnership::Entity::insert_many(partnerships.iter().map(|p| {
                section11_agency_partnership::ActiveModel {
                    agency_id: Set(id.clone()),
                    partnership_code: Set(*p),
                    ..Default::default()
                }
            }))
            .exec_without_returning(txn)
            .await?;
            let done = done.detail(format!(
                "{} ({:?}) in {}",
                saved.name,
                saved.sector,
                partnerships
                    .iter()
                    .map(|p| p.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            Ok((saved, done))
        })
    })
    .await
}

/// The partnerships of an input list, refusing an empty list or a repeat.
pub fn distinct_partnerships(
    partnerships: &[PartnershipCode],
    field: &str,
) -> AppResult<BTreeSet<PartnershipCode>> {
    let mut seen = BTreeSet::new();
    for (i, p) in partnerships.iter().enumerate() {
        if !seen.insert(*p) {
            return Err(AppError::bad_input(
                format!("{field}[{i}]"),
                format!("{p} is listed twice"),
            ));
        }
    }
    if seen.is_empty() {
        return Err(AppError::bad_input(
            field,
            "must name at least one partnership",
        ));
    }
    Ok(seen)
}
