//! Agency returns: reading them within scope, and the workflow
//! draft → submitted → validated → published. Every write is one audited
//! transaction; permission is checked before anything is written, and a
//! return the caller may not read is `NOT_FOUND` to it, never `FORBIDDEN`.
use chrono::Utc;
use entity::section11_enums::Section11RoundMode;
use entity::section11_enums::{AgencySector, Section11Grade, Section11ReturnStatus as Status};
use entity::{
    section11_action, section11_agency, section11_framework, section11_grade, section11_return,
    section11_round, section11_round_agency, section11_round_partnership, section11_standard,
    PartnershipCode,
};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, ExprTrait, QueryFilter, QuerySelect, Set,
};

use super::grading::{ActionInput, CheckedAction, CheckedGrade, Framework, GradeInput};
use super::{catalogue, return_rows};
use crate::access::Scope;
use crate::audit::{self, AuditEntry};
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::pagination::{self, Order, Page, PageArgs};
use crate::section11::access::{
    readable_returns, require_return_editor, MODERATORS, RETURN_EDITORS,
};
use crate::text::TextKind;

/// Narrows `section11Returns`; a filter never widens what the scope allows.
#[derive(Debug, Clone, Default)]
pub struct ReturnFilter {
    pub round: Option<String>,
    pub partnership: Option<PartnershipCode>,
    pub agency: Option<String>,
    pub status: Option<Status>,
    pub sector: Option<AgencySector>,
}

/// The returns' sort key: when drafted, then which (newest first).
pub type ReturnKey = (chrono::DateTime<chrono::Utc>, String);

/// The returns the scope may read, newest first.
pub async fn list(
    db: &DatabaseConnection,
    scope: &Scope,
    filter: &ReturnFilter,
    page: &PageArgs<ReturnKey>,
) -> AppResult<Page<ReturnKey, section11_return::Model>> {
    let mut query = section11_return::Entity::find().filter(readable_returns(scope));
    if let Some(round) = &filter.round {
        query = query.filter(section11_return::Column::RoundId.eq(round.as_str()));
    }
    if let Some(p) = filter.partnership {
        query = query.filter(section11_return::Column::PartnershipCode.eq(p));
    }
    if let Some(agency) = &filter.agency {
        query = query.filter(section11_return::Column::AgencyId.eq(agency.as_str()));
    }
    if let Some(status) = filter.status {
        query = query.filter(section11_return::Column::Status.eq(status));
    }
    if let Some(sector) = filter.sector {
        query = query.filter(
            section11_return::Column::AgencyId.in_subquery(
                Query::select()
                    .column(section11_agency::Column::Id)
                    .from(section11_agency::Entity)
                    .and_where(section11_agency::Column::Sector.eq(sector))
                    .to_owned(),
            ),
        );
    }
    let page = pagination::fetch(
        db,
        return_rows::select(query),
        (
            section11_return::Column::CreatedAt,
            section11_return::Column::Id,
        ),
        Order::Descending,
        page,
        |r: &return_rows::ByIndex| (r.0.created_at, r.0.id.clone()),
    )
    .await?;
    Ok(page.map(|r| r.0))
}

/// The returns among `ids` the scope may read, under the same rule as [`list`].
pub async fn by_ids(
    db: &DatabaseConnection,
    scope: &Scope,
    ids: &[String],
) -> AppResult<Vec<section11_return::Model>> {
    Ok(section11_return::Entity::find()
        .filter(readable_returns(scope))
        .filter(section11_return::Column::Id.is_in(ids.iter().map(String::as_str)))
        .all(db)
        .await?)
}

/// The return `id` if the scope may read it; `NOT_FOUND` otherwise, exactly
/// as for a return that does not exist.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: &str,
) -> AppResult<section11_return::Model> {
    section11_return::Entity::find_by_id(id.to_owned())
        .filter(readable_returns(scope))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(format!("Section 11 return `{id}`")))
}

/// A return to draft.
#[derive(Debug, Clone)]
pub struct NewReturn {
    pub round: String,
    pub partnership: PartnershipCode,
    pub agency: String,
    pub overall_grade: Option<Section11Grade>,
    pub grades: Vec<GradeInput>,
    pub actions: Vec<ActionInput>,
}

/// Edits to a draft; `None` leaves a part as it is, a list replaces the whole part.
#[derive(Debug, Clone)]
pub struct ReturnEdit {
    pub id: String,
    pub expected_version: i32,
    pub overall_grade: Option<Section11Grade>,
    pub grades: Option<Vec<GradeInput>>,
    pub actions: Option<Vec<ActionInput>>,
}

/// A moderated grade from the partnership's peer challenge.
#[derive(Debug, Clone)]
pub struct ModeratedGrade {
    pub standard: String,
    pub grade: Section11Grade,
}

/// A validation of a submitted return.
#[derive(Debug, Clone)]
pub struct Validation {
    pub id: String,
    pub expected_version: i32,
    pub moderated_overall_grade: Option<Section11Grade>,
    pub moderated_grades: Vec<ModeratedGrade>,
    pub note: Option<String>,
}

/// A round's framework with its standards.
struct RoundFramework {
    framework: section11_framework::Model,
    standards: Vec<section11_standard::Model>,
}

impl RoundFramework {
    async fn load(txn: &DatabaseTransaction, round: &section11_round::Model) -> AppResult<Self> {
        let framework = section11_framework::Entity::find_by_id(round.framework_id.clone())
            .one(txn)
            .await?
            .ok_or(AppError::Internal)?;
        let standards = catalogue::standards(txn, &framework.id).await?;
        Ok(RoundFramework {
            framework,
            standards,
        })
    }

    fn view(&self) -> Framework<'_> {
        Framework::new(&self.framework.name, &self.standards)
    }
}

/// Drafts a return: the agency's own lead, a manager of the partnership, or a
/// regional admin.
pub async fn create(
    db: &DatabaseConnection,
    scope: &Scope,
    input: NewReturn,
) -> AppResult<section11_return::Model> {
    let id = uuid::Uuid::new_v4().to_string();
    let entry = create_entry(&id, input.partnership);
    let caller = scope.caller.clone();
    audit::write(db, &caller, entry, move |txn, caller| {
        Box::pin(create_in(txn, caller, id, input))
    })
    .await
}

fn create_entry(id: &str, partnership: PartnershipCode) -> AuditEntry {
    AuditEntry::new("createSection11Return")
        .partnership(partnership)
        .record("section11_return", id)
}

/// Drafts return `id` inside `txn`, with every check [`create`] makes; the
/// caller records the returned audit entry in the same transaction. Bulk
/// import drafts each row through here, so a file meets the same rules as
/// the mutation.
pub async fn create_in(
    txn: &DatabaseTransaction,
    caller: &Caller,
    id: String,
    input: NewReturn,
) -> AppResult<(section11_return::Model, AuditEntry)> {
    let done = create_entry(&id, input.partnership);
    require_return_editor(
        caller,
        input.partnership,
        &input.agency,
        "draft a Section 11 return",
    )?;
    let round = section11_round::Entity::find_by_id(input.round.clone())
        .one(txn)
        .await?
        .ok_or_else(|| AppError::bad_input("input.round", format!("no round `{}`", input.round)))?;
    if round.mode != Section11RoundMode::SelfAssessment {
        return Err(AppError::bad_input(
            "input.round",
            "is a practitioner survey round: it takes survey results, not returns",
        ));
    }
    catalogue::round_partnership(txn, &round, input.partnership, "input.partnership").await?;
    let participant = section11_round_agency::Entity::find()
        .filter(section11_round_agency::Column::RoundId.eq(round.id.as_str()))
        .filter(section11_round_agency::Column::PartnershipCode.eq(input.partnership))
        .filter(section11_round_agency::Column::AgencyId.eq(input.agency.as_str()))
        .one(txn)
        .await?
        .ok_or_else(|| {
            AppError::bad_input(
                "input.agency",
                format!(
                    "agency `{}` is not expected in this round for {}",
                    input.agency, input.partnership
                ),
            )
        })?;
    if participant.nil_return {
        return Err(AppError::bad_input(
            "input.agency",
            "the agency made a nil return in this round",
        ));
    }
    let existing = section11_return::Entity::find()
        .filter(section11_return::Column::RoundId.eq(round.id.as_str()))
        .filter(section11_return::Column::PartnershipCode.eq(input.partnership))
        .filter(section11_return::Column::AgencyId.eq(input.agency.as_str()))
        .one(txn)
        .await?;
    if let Some(existing) = existing {
        return Err(AppError::Conflict(format!(
            "the agency's return for this round and partnership exists: `{}`",
            existing.id
        )));
    }
    let framework = RoundFramework::load(txn, &round).await?;
    let grades = framework.view().grades(&input.grades, "input.grades")?;
    let actions = framework.view().actions(&input.actions, "input.actions")?;
    let now = Utc::now();
    let saved = section11_return::ActiveModel {
        id: Set(id.clone()),
        round_id: Set(round.id.clone()),
        agency_id: Set(input.agency.clone()),
        partnership_code: Set(input.partnership),
        status: Set(Status::Draft),
        overall_grade: Set(input.overall_grade),
        moderated_overall_grade: Set(None),
        validation_note: Set(None),
        source: Set(format!("Submitted through the hub by {}", caller.actor())),
        illustrative: Set(false),
        version: Set(1),
        created_at: Set(now),
        created_by: Set(caller.actor().to_string()),
        updated_at: Set(now),
        updated_by: Set(caller.actor().to_string()),
        submitted_at: Set(None),
        submitted_by: Set(None),
        validated_at: Set(None),
        validated_by: Set(None),
        published_at: Set(None),
        published_by: Set(None),
    }
    .insert(txn)
    .await?;
    insert_grades(txn, &id, &grades).await?;
    insert_actions(txn, &id, &actions).await?;
    let done = done.detail(format!(
        "draft for agency {} in round {}",
        saved.agency_id, saved.round_id
    ));
    Ok((saved, done))
}

/// Edits a draft against the version it was based on.
pub async fn update(
    db: &DatabaseConnection,
    scope: &Scope,
    edit: ReturnEdit,
) -> AppResult<section11_return::Model> {
    let entry = entry_for(db, "updateSection11Return", &edit.id).await?;
    let scope = scope.clone();
    audit::write(db, &scope.caller.clone(), entry, move |txn, caller| {
        Box::pin(async move { update_in(txn, &scope, caller, edit).await })
    })
    .await
}

/// Edits a draft inside `txn`, with every check [`update`] makes (the
/// version check in the UPDATE itself); the caller records the returned
/// audit entry in the same transaction.
pub async fn update_in(
    txn: &DatabaseTransaction,
    scope: &Scope,
    caller: &Caller,
    edit: ReturnEdit,
) -> AppResult<(section11_return::Model, AuditEntry)> {
    let done = AuditEntry::new("updateSection11Return").record("section11_return", &edit.id);
    caller.require_role(&RETURN_EDITORS, "edit Section 11 returns")?;
    let current = get(txn, scope, &edit.id).await?;
    require_return_editor(
        caller,
        current.partnership_code,
        &current.agency_id,
        "edit this return",
    )?;
    require_status(&current, Status::Draft, "edited")?;
    let round = catalogue::round(txn, &current.round_id).await?;
    let framework = RoundFramework::load(txn, &round).await?;
    let grades = match &edit.grades {
        Some(g) => Some(framework.view().grades(g, "input.grades")?),
        None => None,
    };
    let actions = match &edit.actions {
        Some(a) => Some(framework.view().actions(a, "input.actions")?),
        None => None,
    };
    let overall = edit.overall_grade.or(current.overall_grade);
    bump(
        txn,
        caller,
        &current,
        edit.expected_version,
        Status::Draft,
        |q| q.col_expr(section11_return::Column::OverallGrade, overall.into()),
    )
    .await?;
    if let Some(grades) = grades {
        section11_grade::Entity::delete_many()
            .filter(section11_grade::Column::ReturnId.eq(current.id.as_str()))
            .exec(txn)
            .await?;
        insert_grades(txn, &current.id, &grades).await?;
    }
    if let Some(actions) = actions {
        section11_action::Entity::delete_many()
            .filter(section11_action::Column::ReturnId.eq(current.id.as_str()))
            .exec(txn)
            .await?;
        insert_actions(txn, &current.id, &actions).await?;
    }
    let saved = reload(txn, &current.id).await?;
    let done = done
        .partnership(saved.partnership_code)
        .detail(format!("version {}", saved.version));
    Ok((saved, done))
}

/// Submits a complete draft: every standard graded, an action for every
/// grade below Good.
pub async fn submit(
    db: &DatabaseConnection,
    scope: &Scope,
    id: String,
    expected_version: i32,
) -> AppResult<section11_return::Model> {
    let entry = entry_for(db, "submitSection11Return", &id).await?;
    let done = entry.clone();
    let scope = scope.clone();
    audit::write(db, &scope.caller.clone(), entry, move |txn, caller| {
        Box::pin(async move {
            caller.require_role(&RETURN_EDITORS, "submit Section 11 returns")?;
            let current = get(txn, &scope, &id).await?;
            require_return_editor(
                caller,
                current.partnership_code,
                &current.agency_id,
                "submit this return",
            )?;
            require_status(&current, Status::Draft, "submitted")?;
            let round = catalogue::round(txn, &current.round_id).await?;
            let framework = RoundFramework::load(txn, &round).await?;
            let grades = grades_of(txn, &current.id).await?;
            let actions = section11_action::Entity::find()
                .filter(section11_action::Column::ReturnId.eq(current.id.as_str()))
                .all(txn)
                .await?;
            framework
                .view()
                .require_complete(current.overall_grade, &grades, &actions)?;
            let now = Utc::now();
            bump(
                txn,
                caller,
                &current,
                expected_version,
                Status::Draft,
                |q| {
                    q.col_expr(section11_return::Column::Status, Status::Submitted.into())
                        .col_expr(section11_return::Column::SubmittedAt, Some(now).into())
                        .col_expr(
                            section11_return::Column::SubmittedBy,
                            Some(caller.actor().to_string()).into(),
                        )
                },
            )
            .await?;
            super::tally::recount(txn, &current.round_id, current.partnership_code).await?;
            let saved = reload(txn, &current.id).await?;
            let done = done
                .partnership(saved.partnership_code)
                .detail(format!("submitted, version {}", saved.version));
            Ok((saved, done))
        })
    })
    .await
}

/// Validates a submitted return (a manager of its partnership, or a regional
/// admin), keeping moderated grades beside the self-assessed ones.
pub async fn validate(
    db: &DatabaseConnection,
    scope: &Scope,
    input: Validation,
) -> AppResult<section11_return::Model> {
    let entry = entry_for(db, "validateSection11Return", &input.id).await?;
    let done = entry.clone();
    let scope = scope.clone();
    audit::write(db, &scope.caller.clone(), entry, move |txn, caller| {
        Box::pin(async move {
            caller.require_role(&MODERATORS, "validate Section 11 returns")?;
            let current = get(txn, &scope, &input.id).await?;
            caller.require_role_in(
                &MODERATORS,
                current.partnership_code,
                "validate this return",
            )?;
            require_status(&current, Status::Submitted, "validated")?;
            let note = TextKind::Long.optional("input.note", input.note.as_deref())?;
            let round = catalogue::round(txn, &current.round_id).await?;
            let framework = RoundFramework::load(txn, &round).await?;
            let grades = grades_of(txn, &current.id).await?;
            let mut moderated = Vec::new();
            let mut seen = std::collections::BTreeSet::new();
            for (i, m) in input.moderated_grades.iter().enumerate() {
                let field = format!("input.moderatedGrades[{i}].standard");
                let standard = framework.view().standard(&m.standard, &field)?;
                let Some(row) = grades.iter().find(|g| g.standard_id == standard.id) else {
                    return Err(AppError::bad_input(
                        field,
                        format!(
                            "standard `{}` was not graded in this return",
                            standard.number
                        ),
                    ));
                };
                if !seen.insert(row.id) {
                    return Err(AppError::bad_input(
                        field,
                        format!("standard `{}` is moderated twice", standard.number),
                    ));
                }
                moderated.push((row.id, m.grade));
            }
            let now = Utc::now();
            bump(
                txn,
                caller,
                &current,
                input.expected_version,
                Status::Submitted,
                |q| {
                    q.col_expr(section11_return::Column::Status, Status::Validated.into())
                        .col_expr(section11_return::Column::ValidatedAt, Some(now).into())
                        .col_expr(
                            section11_return::Column::ValidatedBy,
                            Some(caller.actor().to_string()).into(),
                        )
                        .col_expr(
                            section11_return::Column::ValidationNote,
                            note.clone().into(),
                        )
                        .col_expr(
                            section11_return::Column::ModeratedOverallGrade,
                            input.moderated_overall_grade.into(),
                        )
                },
            )
            .await?;
            for (grade_id, grade) in &moderated {
                section11_grade::Entity::update_many()
                    .col_expr(section11_grade::Column::ModeratedGrade, Some(*grade).into())
                    .filter(section11_grade::Column::Id.eq(*grade_id))
                    .exec(txn)
                    .await?;
            }
            super::tally::recount(txn, &current.round_id, current.partnership_code).await?;
            let saved = reload(txn, &current.id).await?;
            let done = done.partnership(saved.partnership_code).detail(format!(
                "validated with {} moderated grade(s){}",
                moderated.len() + usize::from(input.moderated_overall_grade.is_some()),
                if input.moderated_overall_grade.is_some() {
                    " including the overall grade"
                } else {
                    ""
                }
            ));
            Ok((saved, done))
        })
    })
    .await
}

/// What publishing a partnership's part of a round did.
#[derive(Debug, Clone)]
pub struct Publication {
    pub round: section11_round::Model,
    pub part: section11_round_partnership::Model,
    /// Validated returns published by this call.
    pub returns_published: u64,
}

/// Publishes a partnership's part of a round (a manager of the partnership, or
/// a regional admin): its validated returns become published and count in
/// everyone's summaries, and its survey results become visible to all.
/// Publishing again publishes returns validated since.
pub async fn publish(
    db: &DatabaseConnection,
    caller: &Caller,
    round_id: String,
    partnership: PartnershipCode,
) -> AppResult<Publication> {
    let entry = AuditEntry::new("publishSection11Round")
        .partnership(partnership)
        .record("section11_round", &round_id);
    let done = entry.clone();
    audit::write(db, caller, entry, move |txn, caller| {
        Box::pin(async move {
            caller.require_role_in(&MODERATORS, partnership, "publish Section 11 rounds")?;
            let round = catalogue::round(txn, &round_id).await?;
            let part =
                catalogue::round_partnership(txn, &round, partnership, "input.partnership").await?;
            let now = Utc::now();
            let actor = caller.actor().to_string();
            let published = section11_return::Entity::update_many()
                .col_expr(section11_return::Column::Status, Status::Published.into())
                .col_expr(section11_return::Column::PublishedAt, Some(now).into())
                .col_expr(
                    section11_return::Column::PublishedBy,
                    Some(actor.clone()).into(),
                )
                .col_expr(
                    section11_return::Column::Version,
                    Expr::col(section11_return::Column::Version).add(1),
                )
                .filter(section11_return::Column::RoundId.eq(round.id.as_str()))
                .filter(section11_return::Column::PartnershipCode.eq(partnership))
                .filter(section11_return::Column::Status.eq(Status::Validated))
                .exec(txn)
                .await?
                .rows_affected;
            section11_round_partnership::Entity::update_many()
                .col_expr(
                    section11_round_partnership::Column::PublishedAt,
                    Some(now).into(),
                )
                .col_expr(
                    section11_round_partnership::Column::PublishedBy,
                    Some(actor).into(),
                )
                .col_expr(
                    section11_round_partnership::Column::Version,
                    Expr::col(section11_round_partnership::Column::Version).add(1),
                )
                .filter(section11_round_partnership::Column::Id.eq(part.id))
                .exec(txn)
                .await?;
            super::tally::recount(txn, &round.id, partnership).await?;
            let part = section11_round_partnership::Entity::find_by_id(part.id)
                .one(txn)
                .await?
                .ok_or(AppError::Internal)?;
            let done = done.detail(format!("{published} return(s) published"));
            Ok((
                Publication {
                    round,
                    part,
                    returns_published: published,
                },
                done,
            ))
        })
    })
    .await
}

/// The audit entry for a write to return `id`, naming its partnership when
/// the return exists, so that a refused attempt shows in that partnership's
/// audit log too.
async fn entry_for(
    db: &DatabaseConnection,
    operation: &'static str,
    id: &str,
) -> AppResult<AuditEntry> {
    let entry = AuditEntry::new(operation).record("section11_return", id);
    let partnership = section11_return::Entity::find_by_id(id.to_owned())
        .select_only()
        .column(section11_return::Column::PartnershipCode)
        .into_tuple::<PartnershipCode>()
        .one(db)
        .await?;
    Ok(match partnership {
        Some(p) => entry.partnership(p),
        None => entry,
    })
}

fn require_status(current: &section11_return::Model, wanted: Status, verb: &str) -> AppResult<()> {
    if current.status == wanted {
        return Ok(());
    }
    Err(AppError::bad_input(
        "input.id",
        format!(
            "the return is {}: only a {} return can be {verb}",
            current.status.as_str(),
            wanted.as_str()
        ),
    ))
}

/// Moves a return on from `from` against `expected_version`, applying `set`.
/// The version and status are checked in the UPDATE itself, so of two writers
/// starting from the same version only one succeeds.
async fn bump(
    txn: &DatabaseTransaction,
    caller: &Caller,
    current: &section11_return::Model,
    expected_version: i32,
    from: Status,
    set: impl FnOnce(
        sea_orm::UpdateMany<section11_return::Entity>,
    ) -> sea_orm::UpdateMany<section11_return::Entity>,
) -> AppResult<()> {
    let query = section11_return::Entity::update_many()
        .col_expr(
            section11_return::Column::Version,
            (expected_version + 1).into(),
        )
        .col_expr(section11_return::Column::UpdatedAt, Utc::now().into())
        .col_expr(
            section11_return::Column::UpdatedBy,
            caller.actor().to_string().into(),
        )
        .filter(section11_return::Column::Id.eq(current.id.as_str()))
        .filter(section11_return::Column::Version.eq(expected_version))
        .filter(section11_return::Column::Status.eq(from));
    let updated = set(query).exec(txn).await?;
    if updated.rows_affected != 1 {
        return Err(AppError::Conflict(format!(
            "stale version {expected_version}: the return is at version {}",
            current.version
        )));
    }
    Ok(())
}

async fn reload(txn: &DatabaseTransaction, id: &str) -> AppResult<section11_return::Model> {
    section11_return::Entity::find_by_id(id.to_owned())
        .one(txn)
        .await?
        .ok_or(AppError::Internal)
}

async fn grades_of(
    txn: &DatabaseTransaction,
    return_id: &str,
) -> AppResult<Vec<section11_grade::Model>> {
    Ok(section11_grade::Entity::find()
        .filter(section11_grade::Column::ReturnId.eq(return_id))
        .all(txn)
        .await?)
}

async fn insert_grades(
    txn: &DatabaseTransaction,
    return_id: &str,
    grades: &[CheckedGrade],
) -> AppResult<()> {
    for chunk in grades.chunks(200) {
        section11_grade::Entity::insert_many(chunk.iter().map(|g| section11_grade::ActiveModel {
            return_id: Set(return_id.to_string()),
            standard_id: Set(g.standard_id.clone()),
            self_grade: Set(g.grade),
            moderated_grade: Set(None),
            evidence: Set(g.evidence.clone()),
            ..Default::default()
        }))
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}

async fn insert_actions(
    txn: &DatabaseTransaction,
    return_id: &str,
    actions: &[CheckedAction],
) -> AppResult<()> {
    for (chunk_no, chunk) in actions.chunks(200).enumerate() {
        section11_action::Entity::insert_many(chunk.iter().enumerate().map(|(i, a)| {
            section11_action::ActiveModel {
                return_id: Set(return_id.to_string()),
                standard_id: Set(a.standard_id.clone()),
                what: Set(a.what.clone()),
                owner: Set(a.owner.clone()),
                due_date: Set(a.due_date),
                sort_order: Set((chunk_no * 200 + i) as i32),
                ..Default::default()
            }
        }))
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}
