//! Recording and amending scrutiny activities with their findings and
//! recommendations: a scrutineer whose scope covers every partnership the
//! activity covers, or a regional admin. One audited transaction each;
//! amendments are versioned.
use chrono::{DateTime, NaiveDate, Utc};
use entity::scrutiny_enums::{ActivityKind, FindingKind, RecommendationStatus};
use entity::{
    scrutiny_activity as activity, scrutiny_activity_partnership as covered,
    scrutiny_activity_theme as activity_theme, scrutiny_finding as finding,
    scrutiny_recommendation as recommendation, scrutiny_scrutineer as scrutineer,
    scrutiny_theme as theme, PartnershipCode,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::service;
use crate::access::Scope;
use crate::audit::{self, AuditEntry};
use crate::auth::{Caller, Role};
use crate::error::{AppError, AppResult};
use crate::text::{at_most, TextKind, MAX_ITEMS};

/// A finding to record.
#[derive(Debug, Clone)]
pub struct FindingInput {
    pub kind: FindingKind,
    pub text: String,
}

/// A recommendation to record; it starts `OPEN`.
#[derive(Debug, Clone)]
pub struct RecommendationInput {
    pub text: String,
    pub owner_partnership: PartnershipCode,
    pub owner_agency: Option<String>,
    /// May already be past: historic activity is sometimes entered late.
    pub due_date: NaiveDate,
}

/// A scrutiny activity to record, with everything it found and recommended.
#[derive(Debug, Clone)]
pub struct ActivityInput {
    pub kind: ActivityKind,
    pub date: NaiveDate,
    pub title: String,
    pub summary: String,
    pub partnerships: Vec<PartnershipCode>,
    pub themes: Vec<String>,
    pub report_reference: Option<String>,
    pub scrutineer_id: Option<String>,
    pub published: bool,
    pub source: Option<String>,
    pub findings: Vec<FindingInput>,
    pub recommendations: Vec<RecommendationInput>,
}

/// Changes to an activity; `None` leaves a field as it is. Existing
/// recommendations are never rewritten here: they change only through
/// responses and status changes, which keep their history.
#[derive(Debug, Clone, Default)]
pub struct ActivityAmendment {
    pub kind: Option<ActivityKind>,
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub partnerships: Option<Vec<PartnershipCode>>,
    pub themes: Option<Vec<String>>,
    /// `Some(None)` clears it.
    pub report_reference: Option<Option<String>>,
    /// `Some(None)` clears it.
    pub scrutineer_id: Option<Option<String>>,
    pub published: Option<bool>,
    pub source: Option<String>,
    /// Replaces all findings when given.
    pub findings: Option<Vec<FindingInput>>,
    /// Added after the existing recommendations.
    pub add_recommendations: Vec<RecommendationInput>,
}

const WRITERS: [Role; 2] = [Role::Scrutineer, Role::RegionalAdmin];

/// A scrutineer may write only activities whose partnerships are all in its scope.
fn permit(caller: &Caller, partnerships: &[PartnershipCode]) -> AppResult<()> {
    for p in partnerships {
        caller.require_role_in(&WRITERS, *p, "record scrutiny activity")?;
    }
    Ok(())
}

fn distinct_partnerships(
    field: &str,
    partnerships: &[PartnershipCode],
) -> AppResult<Vec<PartnershipCode>> {
    if partnerships.is_empty() {
        return Err(AppError::bad_input(
            field,
            "name at least one partnership the activity covers",
        ));
    }
    let mut out = Vec::new();
    for (i, p) in partnerships.iter().enumerate() {
        if out.contains(p) {
            return Err(AppError::bad_input(
                format!("{field}[{i}]"),
                format!("{p} is listed twice"),
            ));
        }
        out.push(*p);
    }
    Ok(out)
}

async fn known_themes(
    txn: &DatabaseTransaction,
    field: &str,
    codes: &[String],
) -> AppResult<Vec<String>> {
    if codes.is_empty() {
        return Err(AppError::bad_input(field, "name at least one theme"));
    }
    at_most(field, codes)?;
    for (i, code) in codes.iter().enumerate() {
        TextKind::Key.check(&format!("{field}[{i}]"), code)?;
    }
    let known: Vec<String> = theme::Entity::find()
        .filter(theme::Column::Code.is_in(codes.iter().cloned()))
        .all(txn)
        .await?
        .into_iter()
        .map(|t| t.code)
        .collect();
    let mut out: Vec<String> = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        if !known.contains(code) {
            return Err(AppError::bad_input(
                format!("{field}[{i}]"),
                format!("unknown scrutiny theme `{code}`"),
            ));
        }
        if out.contains(code) {
            return Err(AppError::bad_input(
                format!("{field}[{i}]"),
                format!("`{code}` is listed twice"),
            ));
        }
        out.push(code.clone());
    }
    Ok(out)
}

async fn known_scrutineer(
    txn: &DatabaseTransaction,
    field: &str,
    id: Option<&str>,
) -> AppResult<Option<String>> {
    let Some(id) = id else { return Ok(None) };
    match scrutineer::Entity::find_by_id(id.to_owned())
        .one(txn)
        .await?
    {
        Some(s) => Ok(Some(s.id)),
        None => Err(AppError::bad_input(
            field,
            format!("unknown scrutineer `{id}`"),
        )),
    }
}

fn not_in_future(field: &str, date: NaiveDate) -> AppResult<()> {
    if date > service::today() {
        return Err(AppError::bad_input(field, "a scrutiny activity is recorded once it has taken place: the date must not be in the future"));
    }
    Ok(())
}

fn check_findings(field: &str, findings: &[FindingInput]) -> AppResult<Vec<FindingInput>> {
    at_most(field, findings)?;
    findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            Ok(FindingInput {
                kind: f.kind,
                text: TextKind::Long.required(&format!("{field}[{i}].text"), &f.text)?,
            })
        })
        .collect()
}

fn check_recommendations(
    field: &str,
    recommendations: &[RecommendationInput],
    partnerships: &[PartnershipCode],
    date: NaiveDate,
) -> AppResult<Vec<RecommendationInput>> {
    at_most(field, recommendations)?;
    recommendations
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let at = |name: &str| format!("{field}[{i}].{name}");
            if !partnerships.contains(&r.owner_partnership) {
                return Err(AppError::bad_input(
                    at("ownerPartnership"),
                    format!(
                        "{} is not among the partnerships the activity covers",
                        r.owner_partnership
                    ),
                ));
            }
            if r.due_date < date {
                return Err(AppError::bad_input(
                    at("dueDate"),
                    "must not be before the activity's date",
                ));
            }
            Ok(RecommendationInput {
                text: TextKind::Long.required(&at("text"), &r.text)?,
                owner_partnership: r.owner_partnership,
                owner_agency: TextKind::Key
                    .optional(&at("ownerAgency"), r.owner_agency.as_deref())?,
                due_date: r.due_date,
            })
        })
        .collect()
}

async fn insert_partnerships(
    txn: &DatabaseTransaction,
    activity_id: &str,
    partnerships: &[PartnershipCode],
) -> AppResult<()> {
    covered::Entity::insert_many(partnerships.iter().map(|p| covered::ActiveModel {
        activity_id: Set(activity_id.to_owned()),
        partnership_code: Set(*p),
    }))
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

async fn insert_themes(
    txn: &DatabaseTransaction,
    activity_id: &str,
    themes: &[String],
) -> AppResult<()> {
    activity_theme::Entity::insert_many(themes.iter().map(|t| activity_theme::ActiveModel {
        activity_id: Set(activity_id.to_owned()),
        theme_code: Set(t.clone()),
    }))
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

async fn insert_findings(
    txn: &DatabaseTransaction,
    activity_id: &str,
    findings: &[FindingInput],
) -> AppResult<()> {
    finding::Entity::insert_many(
        findings
            .iter()
            .enumerate()
            .map(|(i, f)| finding::ActiveModel {
                id: Set(Uuid::new_v4().to_string()),
                activity_id: Set(activity_id.to_owned()),
                position: Set(i as i32),
                kind: Set(f.kind),
                text: Set(f.text.clone()),
            }),
    )
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// Inserts recommendations (from `first_position` on), each with the first
/// entry of its history.
async fn insert_recommendations(
    txn: &DatabaseTransaction,
    caller: &Caller,
    activity_id: &str,
    first_position: i32,
    recommendations: &[RecommendationInput],
    now: DateTime<Utc>,
) -> AppResult<()> {
    let rows: Vec<recommendation::ActiveModel> = recommendations
        .iter()
        .enumerate()
        .map(|(i, r)| recommendation::ActiveModel {
            id: Set(Uuid::new_v4().to_string()),
            activity_id: Set(activity_id.to_owned()),
            position: Set(first_position + i as i32),
            text: Set(r.text.clone()),
            owner_partnership_code: Set(r.owner_partnership),
            owner_agency: Set(r.owner_agency.clone()),
            due_date: Set(r.due_date),
            status: Set(RecommendationStatus::Open),
            recorded_by: Set(caller.actor().to_string()),
            recorded_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        })
        .collect();
    let ids: Vec<String> = recommendations_ids(&rows);
    recommendation::Entity::insert_many(rows)
        .exec_without_returning(txn)
        .await?;
    crate::recommendations::record_history(txn, &super::responses::STORE, caller, &ids, now)
        .await?;
    Ok(())
}

fn recommendations_ids(rows: &[recommendation::ActiveModel]) -> Vec<String> {
    rows.iter()
        .filter_map(|r| match &r.id {
            sea_orm::ActiveValue::Set(id) => Some(id.clone()),
            _ => None,
        })
        .collect()
}

fn first_of(partnerships: &[PartnershipCode]) -> Option<PartnershipCode> {
    partnerships.first().copied()
}

fn list(partnerships: &[PartnershipCode]) -> String {
    partnerships
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Records an activity with its findings and recommendations.
pub async fn record_activity(
    db: &DatabaseConnection,
    caller: &Caller,
    input: ActivityInput,
) -> AppResult<activity::Model> {
    let mut entry = AuditEntry::new("recordScrutinyActivity");
    if let Some(p) = first_of(&input.partnerships) {
        entry = entry.partnership(p);
    }
    let done = entry.clone();
    audit::write(db, caller, entry, move |txn, caller| {
        Box::pin(async move {
            caller.require_role(&WRITERS, "record scrutiny activity")?;
            let partnerships = distinct_partnerships("input.partnerships", &input.partnerships)?;
            permit(caller, &partnerships)?;
            not_in_future("input.date", input.date)?;
            let title = TextKind::Name.required("input.title", &input.title)?;
            let summary = TextKind::Long.required("input.summary", &input.summary)?;
            let themes = known_themes(txn, "input.themes", &input.themes).await?;
            let report_reference = TextKind::Citation
                .optional("input.reportReference", input.report_reference.as_deref())?;
            let scrutineer_id =
                known_scrutineer(txn, "input.scrutineerId", input.scrutineer_id.as_deref()).await?;
            let source = TextKind::Citation
                .optional("input.source", input.source.as_deref())?
                .unwrap_or_else(|| format!("Recorded through the hub by {}", caller.actor()));
            let findings = check_findings("input.findings", &input.findings)?;
            let recommendations = check_recommendations(
                "input.recommendations",
                &input.recommendations,
                &partnerships,
                input.date,
            )?;

            let now = Utc::now();
            let id = Uuid::new_v4().to_string();
            let saved = activity::ActiveModel {
                id: Set(id.clone()),
                kind: Set(input.kind),
                activity_date: Set(input.date),
                title: Set(title),
                summary: Set(summary),
                report_reference: Set(report_reference),
                scrutineer_id: Set(scrutineer_id),
                published: Set(input.published),
                source: Set(source),
                illustrative: Set(false),
                recorded_by: Set(caller.actor().to_string()),
                recorded_at: Set(now),
                updated_by: Set(caller.actor().to_string()),
                updated_at: Set(now),
                version: Set(1),
            }
            .insert(txn)
            .await?;
            insert_partnerships(txn, &id, &partnerships).await?;
            insert_themes(txn, &id, &themes).await?;
            insert_findings(txn, &id, &findings).await?;
            insert_recommendations(txn, caller, &id, 0, &recommendations, now).await?;
            let done = done.record("scrutiny_activity", &id).detail(format!(
                "{:?} on {} covering {}; {} findings, {} recommendations",
                input.kind,
                input.date,
                list(&partnerships),
                findings.len(),
                recommendations.len()
            ));
            Ok((saved, done))
        })
    })
    .await
}

/// Amends an activity the caller may see, against the version it was based on.
pub async fn amend_activity(
    db: &DatabaseConnection,
    scope: &Scope,
    id: String,
    expected_version: i32,
    change: ActivityAmendment,
) -> AppResult<activity::Model> {
    let entry = AuditEntry::new("amendScrutinyActivity").record("scrutiny_activity", &id);
    let done = entry.clone();
    let scope = scope.clone();
    let caller = scope.caller.clone();
    audit::write(db, &caller, entry, move |txn, caller| {
        Box::pin(async move {
            caller.require_role(&WRITERS, "amend scrutiny activity")?;
            let current = service::activity(txn, &scope, &id).await?;
            let current_partnerships: Vec<PartnershipCode> = covered::Entity::find()
                .filter(covered::Column::ActivityId.eq(id.as_str()))
                .all(txn)
                .await?
                .into_iter()
                .map(|c| c.partnership_code)
                .collect();
            permit(caller, &current_partnerships)?;
            let partnerships = match &change.partnerships {
                Some(new) => {
                    let new = distinct_partnerships("input.partnerships", new)?;
                    permit(caller, &new)?;
                    new
                }
                None => current_partnerships.clone(),
            };
            if current.version != expected_version {
                return Err(AppError::Conflict(format!(
                    "stale version {expected_version}: the activity is now at version {}",
                    current.version
                )));
            }
            let date = change.date.unwrap_or(current.activity_date);
            not_in_future("input.date", date)?;
            let title = match &change.title {
                Some(t) => TextKind::Name.required("input.title", t)?,
                None => current.title.clone(),
            };
            let summary = match &change.summary {
                Some(s) => TextKind::Long.required("input.summary", s)?,
                None => current.summary.clone(),
            };
            let themes = match &change.themes {
                Some(t) => Some(known_themes(txn, "input.themes", t).await?),
                None => None,
            };
            let report_reference = match &change.report_reference {
                Some(r) => TextKind::Citation.optional("input.reportReference", r.as_deref())?,
                None => current.report_reference.clone(),
            };
            let scrutineer_id = match &change.scrutineer_id {
                Some(s) => known_scrutineer(txn, "input.scrutineerId", s.as_deref()).await?,
                None => current.scrutineer_id.clone(),
            };
            let source = match &change.source {
                Some(s) => TextKind::Citation.required("input.source", s)?,
                None => current.source.clone(),
            };
            let findings = match &change.findings {
                Some(f) => Some(check_findings("input.findings", f)?),
                None => None,
            };
            let existing = recommendation::Entity::find()
                .filter(recommendation::Column::ActivityId.eq(id.as_str()))
                .order_by_asc(recommendation::Column::Position)
                .all(txn)
                .await?;
            for r in &existing {
                if !partnerships.contains(&r.owner_partnership_code) {
                    return Err(AppError::bad_input(
                        "input.partnerships",
                        format!(
                            "{} owns recommendation {}: the activity must keep covering it",
                            r.owner_partnership_code, r.id
                        ),
                    ));
                }
                if r.due_date < date {
                    return Err(AppError::bad_input(
                        "input.date",
                        format!(
                            "recommendation {} is due {}, before that date",
                            r.id, r.due_date
                        ),
                    ));
                }
            }
            let added = check_recommendations(
                "input.addRecommendations",
                &change.add_recommendations,
                &partnerships,
                date,
            )?;
            // Recommendations are listed whole under their activity, so the
            // list stays bounded across amendments too.
            if existing.len() + added.len() > MAX_ITEMS {
                return Err(AppError::bad_input(
                    "input.addRecommendations",
                    format!(
                        "an activity holds at most {MAX_ITEMS} recommendations; it has {}",
                        existing.len()
                    ),
                ));
            }

            let now = Utc::now();
            // The version check is in the UPDATE itself, so two writers racing
            // on the same version cannot both succeed.
            let updated = activity::Entity::update_many()
                .col_expr(
                    activity::Column::Kind,
                    change.kind.unwrap_or(current.kind).into(),
                )
                .col_expr(activity::Column::ActivityDate, date.into())
                .col_expr(activity::Column::Title, title.into())
                .col_expr(activity::Column::Summary, summary.into())
                .col_expr(activity::Column::ReportReference, report_reference.into())
                .col_expr(activity::Column::ScrutineerId, scrutineer_id.into())
                .col_expr(
                    activity::Column::Published,
                    change.published.unwrap_or(current.published).into(),
                )
                .col_expr(activity::Column::Source, source.into())
                .col_expr(activity::Column::UpdatedBy, caller.actor().into())
                .col_expr(activity::Column::UpdatedAt, now.into())
                .col_expr(activity::Column::Version, (expected_version + 1).into())
                .filter(activity::Column::Id.eq(id.as_str()))
                .filter(activity::Column::Version.eq(expected_version))
                .exec(txn)
                .await?;
            if updated.rows_affected != 1 {
                return Err(AppError::Conflict(format!(
                    "stale version {expected_version}: the activity changed meanwhile"
                )));
            }
            if change.partnerships.is_some() {
                covered::Entity::delete_many()
                    .filter(covered::Column::ActivityId.eq(id.as_str()))
                    .exec(txn)
                    .await?;
                insert_partnerships(txn, &id, &partnerships).await?;
            }
            if let Some(themes) = &themes {
                activity_theme::Entity::delete_many()
                    .filter(activity_theme::Column::ActivityId.eq(id.as_str()))
                    .exec(txn)
                    .await?;
                insert_themes(txn, &id, themes).await?;
            }
            if let Some(findings) = &findings {
                finding::Entity::delete_many()
                    .filter(finding::Column::ActivityId.eq(id.as_str()))
                    .exec(txn)
                    .await?;
                insert_findings(txn, &id, findings).await?;
            }
            let next_position = existing.last().map(|r| r.position + 1).unwrap_or(0);
            insert_recommendations(txn, caller, &id, next_position, &added, now).await?;
            let saved = activity::Entity::find_by_id(id.clone())
                .one(txn)
                .await?
                .ok_or(AppError::Internal)?;
            let mut done = done.detail(format!(
                "version {}; covering {}; {} recommendations added",
                saved.version,
                list(&partnerships),
                added.len()
            ));
            if let Some(p) = first_of(&partnerships) {
                done = done.partnership(p);
            }
            Ok((saved, done))
        })
    })
    .await
}
