//! Creating and changing rounds. A partnership manager runs rounds for its own
//! partnerships; a round taking in any partnership outside its scope (such as
//! the regional round across all five) is for a regional admin.
use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, Utc};
use entity::section11_enums::Section11RoundMode;
use entity::{
    section11_agency, section11_agency_partnership, section11_framework, section11_return,
    section11_round, section11_round_agency, section11_round_partnership, PartnershipCode,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use super::agencies::distinct_partnerships;
use super::catalogue;
use crate::audit::{self, AuditEntry};
use crate::auth::{Caller, Role};
use crate::error::{AppError, AppResult};
use crate::reference::service::period_by_label;
use crate::text::TextKind;

/// An agency expected to make a return in a round for a partnership.
#[derive(Debug, Clone)]
pub struct ParticipantInput {
    pub agency: String,
    pub partnership: PartnershipCode,
    pub nil_return: bool,
}

/// A round to create.
#[derive(Debug, Clone)]
pub struct NewRound {
    pub title: String,
    pub period: String,
    pub partnerships: Vec<PartnershipCode>,
    pub framework: String,
    pub mode: Section11RoundMode,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub description: Option<String>,
    pub source: Option<String>,
    /// `None`: every agency registered in the partnerships taking part is
    /// expected (self-assessment rounds only).
    pub agencies: Option<Vec<ParticipantInput>>,
}

/// Changes to a round; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct RoundChanges {
    pub title: Option<String>,
    pub period: Option<String>,
    pub partnerships: Option<Vec<PartnershipCode>>,
    pub framework: Option<String>,
    pub mode: Option<Section11RoundMode>,
    pub opens_on: Option<NaiveDate>,
    pub closes_on: Option<NaiveDate>,
    pub description: Option<String>,
    /// Replaces the expected agencies.
    pub agencies: Option<Vec<ParticipantInput>>,
}

const ROUND_RUNNERS: [Role; 2] = [Role::RegionalAdmin, Role::PartnershipManager];

fn require_runner(caller: &Caller, partnerships: &BTreeSet<PartnershipCode>) -> AppResult<()> {
    caller.require_role(&ROUND_RUNNERS, "run Section 11 rounds")?;
    for p in partnerships {
        caller.require_role_in(&ROUND_RUNNERS, *p, "run a Section 11 round taking it in")?;
    }
    Ok(())
}

async fn framework(txn: &DatabaseTransaction, id: &str) -> AppResult<section11_framework::Model> {
    section11_framework::Entity::find_by_id(id.to_owned())
        .one(txn)
        .await?
        .ok_or_else(|| AppError::bad_input("input.framework", format!("no framework `{id}`")))
}

pub async fn create(
    db: &sea_orm::DatabaseConnection,
    caller: &Caller,
    input: NewRound,
) -> AppResult<section11_round::Model> {
    let id = uuid::Uuid::new_v4().to_string();
    let mut entry = AuditEntry::new("createSection11Round").record("section11_round", &id);
    if let [only] = input.partnerships.as_slice() {
        entry = entry.partnership(*only);
    }
    let done = entry.clone();
    audit::write(db, caller, entry, move |txn, caller| {
        Box::pin(async move {
            caller.require_role(&ROUND_RUNNERS, "run Section 11 rounds")?;
            let partnerships = distinct_partnerships(&input.partnerships, "input.partnerships")?;
            require_runner(caller, &partnerships)?;
            let title = TextKind::Name.required("input.title", &input.title)?;
            let description =
                TextKind::Long.optional("input.description", input.description.as_deref())?;
            let source = TextKind::Citation
                .optional("input.source", input.source.as_deref())?
                .unwrap_or_else(|| format!("Recorded through the hub by {}", caller.actor()));
            period_by_label(txn, &input.period, "input.period").await?;
            framework(txn, &input.framework).await?;
            check_dates(input.opens_on, input.closes_on)?;
            let participants = match input.agencies {
                Some(list) => checked_participants(txn, &list, &partnerships).await?,
                None if input.mode == Section11RoundMode::SelfAssessment => {
                    registered_agencies(txn, &partnerships).await?
                }
                None => Vec::new(),
            };
            let now = Utc::now();
            let saved = section11_round::ActiveModel {
                id: Set(id.clone()),
                title: Set(title),
                period_label: Set(input.period.clone()),
                framework_id: Set(input.framework.clone()),
                mode: Set(input.mode),
                opens_on: Set(input.opens_on),
                closes_on: Set(input.closes_on),
                description: Set(description),
                source: Set(source),
                illustrative: Set(false),
                version: Set(1),
                created_at: Set(now),
                created_by: Set(caller.actor().to_string()),
                updated_at: Set(now),
                updated_by: Set(caller.actor().to_string()),
            }
            .insert(txn)
            .await?;
            add_partnerships(txn, &id, &partnerships).await?;
            add_participants(txn, &id, &participants).await?;
            let done = done.detail(format!(
                "{} ({}), {} expected returns",
                saved.title,
                saved.period_label,
                participants.len()
            ));
            Ok((saved, done))
        })
    })
    .await
}

pub async fn update(
    db: &sea_orm::DatabaseConnection,
    caller: &Caller,
    id: String,
    expected_version: i32,
    changes: RoundChanges,
) -> AppResult<section11_round::Model> {
    let entry = AuditEntry::new("updateSection11Round").record("section11_round", &id);
    let done = entry.clone();
    audit::write(db, caller, entry, move |txn, caller| {
        Box::pin(async move {
            caller.require_role(&ROUND_RUNNERS, "run Section 11 rounds")?;
            let round = catalogue::round(txn, &id).await?;
            let current: BTreeSet<PartnershipCode> = catalogue::round_partnerships(txn, &id)
                .await?
                .into_iter()
                .map(|r| r.partnership_code)
                .collect();
            require_runner(caller, &current)?;
            let partnerships = match &changes.partnerships {
                Some(list) => distinct_partnerships(list, "input.partnerships")?,
                None => current.clone(),
            };
            require_runner(caller, &partnerships)?;
            let returns = section11_return::Entity::find()
                .filter(section11_return::Column::RoundId.eq(id.as_str()))
                .all(txn)
                .await?;
            let title = match &changes.title {
                Some(t) => TextKind::Name.required("input.title", t)?,
                None => round.title.clone(),
            };
            let description = match &changes.description {
                Some(d) => TextKind::Long.optional("input.description", Some(d))?,
                None => round.description.clone(),
            };
            let period = changes.period.clone().unwrap_or(round.period_label.clone());
            period_by_label(txn, &period, "input.period").await?;
            let framework_id = changes
                .framework
                .clone()
                .unwrap_or(round.framework_id.clone());
            if framework_id != round.framework_id {
                framework(txn, &framework_id).await?;
                if !returns.is_empty() {
                    return Err(AppError::bad_input(
                        "input.framework",
                        "returns graded against the current framework exist",
                    ));
                }
            }
            let mode = changes.mode.unwrap_or(round.mode);
            if mode != round.mode && !returns.is_empty() {
                return Err(AppError::bad_input("input.mode", "the round has returns"));
            }
            let opens_on = changes.opens_on.unwrap_or(round.opens_on);
            let closes_on = changes.closes_on.unwrap_or(round.closes_on);
            check_dates(opens_on, closes_on)?;
            for removed in current.difference(&partnerships) {
                if returns.iter().any(|r| r.partnership_code == *removed) {
                    return Err(AppError::bad_input(
                        "input.partnerships",
                        format!("{removed} has returns in this round and cannot be removed"),
                    ));
                }
            }
            let participants = match &changes.agencies {
                Some(list) => Some(checked_participants(txn, list, &partnerships).await?),
                None => None,
            };
            if let Some(list) = &participants {
                let kept: BTreeMap<(String, PartnershipCode), bool> = list
                    .iter()
                    .map(|p| ((p.agency.clone(), p.partnership), p.nil_return))
                    .collect();
                for r in &returns {
                    match kept.get(&(r.agency_id.clone(), r.partnership_code)) {
                        None => {
                            return Err(AppError::bad_input(
                                "input.agencies",
                                format!(
                                    "agency `{}` has a return for {} and must stay expected",
                                    r.agency_id, r.partnership_code
                                ),
                            ))
                        }
                        Some(true) => {
                            return Err(AppError::bad_input(
                                "input.agencies",
                                format!(
                                    "agency `{}` has a return for {}: it cannot be a nil return",
                                    r.agency_id, r.partnership_code
                                ),
                            ))
                        }
                        Some(false) => {}
                    }
                }
            }
            // The version check is in the UPDATE itself, so of two writers
            // starting from the same version only one succeeds.
            let updated = section11_round::Entity::update_many()
                .col_expr(section11_round::Column::Title, title.into())
                .col_expr(section11_round::Column::PeriodLabel, period.into())
                .col_expr(section11_round::Column::FrameworkId, framework_id.into())
                .col_expr(section11_round::Column::Mode, mode.into())
                .col_expr(section11_round::Column::OpensOn, opens_on.into())
                .col_expr(section11_round::Column::ClosesOn, closes_on.into())
                .col_expr(section11_round::Column::Description, description.into())
                .col_expr(
                    section11_round::Column::Version,
                    (expected_version + 1).into(),
                )
                .col_expr(section11_round::Column::UpdatedAt, Utc::now().into())
                .col_expr(
                    section11_round::Column::UpdatedBy,
                    caller.actor().to_string().into(),
                )
                .filter(section11_round::Column::Id.eq(id.as_str()))
                .filter(section11_round::Column::Version.eq(expected_version))
                .exec(txn)
                .await?;
            if updated.rows_affected != 1 {
                return Err(AppError::Conflict(format!(
                    "stale version {expected_version}: the round is at version {}",
                    round.version
                )));
            }
            let added: BTreeSet<PartnershipCode> =
                partnerships.difference(&current).copied().collect();
            let removed: Vec<PartnershipCode> =
                current.difference(&partnerships).copied().collect();
            if !removed.is_empty() {
                section11_round_partnership::Entity::delete_many()
                    .filter(section11_round_partnership::Column::RoundId.eq(id.as_str()))
                    .filter(
                        section11_round_partnership::Column::PartnershipCode.is_in(removed.clone()),
                    )
                    .exec(txn)
                    .await?;
                section11_round_agency::Entity::delete_many()
                    .filter(section11_round_agency::Column::RoundId.eq(id.as_str()))
                    .filter(section11_round_agency::Column::PartnershipCode.is_in(removed))
                    .exec(txn)
                    .await?;
            }
            add_partnerships(txn, &id, &added).await?;
            match participants {
                Some(list) => {
                    section11_round_agency::Entity::delete_many()
                        .filter(section11_round_agency::Column::RoundId.eq(id.as_str()))
                        .exec(txn)
                        .await?;
                    add_participants(txn, &id, &list).await?;
                }
                None if mode == Section11RoundMode::SelfAssessment => {
                    let defaults = registered_agencies(txn, &added).await?;
                    add_participants(txn, &id, &defaults).await?;
                }
                None => {}
            }
            let saved = catalogue::round(txn, &id).await?;
            let done = done.detail(format!("version {}", saved.version));
            Ok((saved, done))
        })
    })
    .await
}

fn check_dates(opens_on: NaiveDate, closes_on: NaiveDate) -> AppResult<()> {
    if closes_on < opens_on {
        return Err(AppError::bad_input(
            "input.closesOn",
            "must not be before opensOn",
        ));
    }
    Ok(())
}

/// Checks listed participants: each agency registered, working in a
/// partnership of the round, listed once.
async fn checked_participants(
    txn: &DatabaseTransaction,
    list: &[ParticipantInput],
    partnerships: &BTreeSet<PartnershipCode>,
) -> AppResult<Vec<ParticipantInput>> {
    let ids: Vec<String> = list.iter().map(|p| p.agency.clone()).collect();
    let works_in: BTreeSet<(String, PartnershipCode)> =
        section11_agency_partnership::Entity::find()
            .filter(section11_agency_partnership::Column::AgencyId.is_in(ids.clone()))
            .all(txn)
            .await?
            .into_iter()
            .map(|r| (r.agency_id, r.partnership_code))
            .collect();
    let known: BTreeSet<String> = section11_agency::Entity::find()
        .filter(section11_agency::Column::Id.is_in(ids))
        .all(txn)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    let mut seen = BTreeSet::new();
    for (i, p) in list.iter().enumerate() {
        let field = format!("input.agencies[{i}]");
        if !known.contains(&p.agency) {
            return Err(AppError::bad_input(
                format!("{field}.agency"),
                format!("no agency `{}`", p.agency),
            ));
        }
        if !partnerships.contains(&p.partnership) {
            return Err(AppError::bad_input(
                format!("{field}.partnership"),
                format!("{} does not take part in the round", p.partnership),
            ));
        }
        if !works_in.contains(&(p.agency.clone(), p.partnership)) {
            return Err(AppError::bad_input(
                format!("{field}.partnership"),
                format!("agency `{}` does not work in {}", p.agency, p.partnership),
            ));
        }
        if !seen.insert((p.agency.clone(), p.partnership)) {
            return Err(AppError::bad_input(field, "is listed twice"));
        }
    }
    Ok(list.to_vec())
}

/// Every agency registered in `partnerships`, expected to make a return for each.
async fn registered_agencies(
    txn: &DatabaseTransaction,
    partnerships: &BTreeSet<PartnershipCode>,
) -> AppResult<Vec<ParticipantInput>> {
    if partnerships.is_empty() {
        return Ok(Vec::new());
    }
    Ok(section11_agency_partnership::Entity::find()
        .filter(
            section11_agency_partnership::Column::PartnershipCode
                .is_in(partnerships.iter().copied()),
        )
        .all(txn)
        .await?
        .into_iter()
        .map(|r| ParticipantInput {
            agency: r.agency_id,
            partnership: r.partnership_code,
            nil_return: false,
        })
        .collect())
}

async fn add_partnerships(
    txn: &DatabaseTransaction,
    round_id: &str,
    partnerships: &BTreeSet<PartnershipCode>,
) -> AppResult<()> {
    section11_round_partnership::Entity::insert_many(partnerships.iter().map(|p| {
        section11_round_partnership::ActiveModel {
            round_id: Set(round_id.to_string()),
            partnership_code: Set(*p),
            version: Set(1),
            published_at: Set(None),
            published_by: Set(None),
            ..Default::default()
        }
    }))
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

async fn add_participants(
    txn: &DatabaseTransaction,
    round_id: &str,
    participants: &[ParticipantInput],
) -> AppResult<()> {
    // Chunked so a large round stays within every database's bind limits.
    for chunk in participants.chunks(200) {
        section11_round_agency::Entity::insert_many(chunk.iter().map(|p| {
            section11_round_agency::ActiveModel {
                round_id: Set(round_id.to_string()),
                agency_id: Set(p.agency.clone()),
                partnership_code: Set(p.partnership),
                nil_return: Set(p.nil_return),
                ..Default::default()
            }
        }))
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}
