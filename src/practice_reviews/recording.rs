//! Recording practice reviews: the partnership's manager, or a regional
//! admin. One audited transaction each; updates carry the version they were
//! based on. LCSPR recommendations are answered and closed through the
//! shared mechanism of [`crate::recommendations`].
use std::future::Future;

use chrono::{NaiveDate, Utc};
use entity::practice_review_enums::RapidReviewDecision;
use entity::scrutiny_enums::RecommendationStatus;
use entity::{
    practice_review_annual_figure as annual, practice_review_lcspr as lcspr,
    practice_review_learning_review as learning, practice_review_rapid_review as rapid,
    practice_review_recommendation as recommendation, reporting_period, PartnershipCode,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, Set, UpdateMany,
};
use uuid::Uuid;

use super::service::{self, Review};
use crate::access::Scope;
use crate::audit::{self, AuditEntry};
use crate::auth::{Caller, Role};
use crate::error::{AppError, AppResult};
use crate::recommendations::{self as shared, Answer, Current, Dataset, Store};
use crate::text::{at_most, TextKind, MAX_ITEMS};

/// Who records practice reviews: the safeguarding partners, through their
/// partnership's manager, or a regional admin.
const WRITERS: [Role; 2] = [Role::PartnershipManager, Role::RegionalAdmin];

/// Where LCSPR recommendations live. The safeguarding partners who
/// commissioned the review sign its actions off, so they close them too.
pub const STORE: Store = Store {
    recommendations: "practice_review_recommendation",
    events: "practice_review_recommendation_event",
    closers: &[Role::PartnershipManager, Role::RegionalAdmin],
};

/// A notification and its rapid review, as far as it has gone.
#[derive(Debug, Clone)]
pub struct RapidReviewInput {
    pub partnership: PartnershipCode,
    pub reference: String,
    pub incident_known: NaiveDate,
    pub notified: NaiveDate,
    pub completed: Option<NaiveDate>,
    pub sent_to_panel: Option<NaiveDate>,
    pub decision: Option<RapidReviewDecision>,
    pub panel_response: Option<String>,
    pub themes: Vec<String>,
    pub source: Option<String>,
}

/// Later progress of a rapid review; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct RapidReviewUpdate {
    pub completed: Option<NaiveDate>,
    pub sent_to_panel: Option<NaiveDate>,
    pub decision: Option<RapidReviewDecision>,
    pub panel_response: Option<String>,
    pub themes: Option<Vec<String>>,
}

/// A recommendation of an LCSPR; it starts `OPEN`.
#[derive(Debug, Clone)]
pub struct RecommendationInput {
    pub text: String,
    pub owner_agency: Option<String>,
    pub due_date: NaiveDate,
}

/// An LCSPR as commissioned (and, when recorded late, as far as it has gone).
#[derive(Debug, Clone)]
pub struct LcsprInput {
    pub partnership: PartnershipCode,
    pub rapid_review_id: Option<String>,
    pub title: String,
    pub commissioned: NaiveDate,
    pub independent_reviewer: bool,
    pub reviewer: Option<String>,
    pub expected_completion: NaiveDate,
    pub completed: Option<NaiveDate>,
    pub published: Option<NaiveDate>,
    pub not_published_reason: Option<String>,
    pub themes: Vec<String>,
    pub source: Option<String>,
    pub recommendations: Vec<RecommendationInput>,
}

/// Later progress of an LCSPR; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct LcsprUpdate {
    pub completed: Option<NaiveDate>,
    pub published: Option<NaiveDate>,
    pub not_published_reason: Option<String>,
    pub themes: Option<Vec<String>>,
    pub add_recommendations: Vec<RecommendationInput>,
}

/// A non-statutory learning review.
#[derive(Debug, Clone)]
pub struct LearningReviewInput {
    pub partnership: PartnershipCode,
    pub title: String,
    pub completed: NaiveDate,
    pub themes: Vec<String>,
    pub source: Option<String>,
}

/// Counts a partnership published for a period without individual reviews.
#[derive(Debug, Clone)]
pub struct AnnualFigureInput {
    pub partnership: PartnershipCode,
    pub period: String,
    pub rapid_reviews: Option<i32>,
    pub lcsprs_commissioned: Option<i32>,
    pub learning_reviews: Option<i32>,
    pub source: String,
}

fn permit(caller: &Caller, partnership: PartnershipCode) -> AppResult<()> {
    caller.require_role_in(&WRITERS, partnership, "record practice reviews")
}

fn not_in_future(field: &str, date: Option<NaiveDate>) -> AppResult<()> {
    if date.is_some_and(|d| d > Utc::now().date_naive()) {
        return Err(AppError::bad_input(field, "must not be in the future"));
    }
    Ok(())
}

fn not_before(
    field: &str,
    date: Option<NaiveDate>,
    earlier: NaiveDate,
    what: &str,
) -> AppResult<()> {
    if date.is_some_and(|d| d < earlier) {
        return Err(AppError::bad_input(
            field,
            format!("must not be before {what}"),
        ));
    }
    Ok(())
}

/// Themes as stored: trimmed, bounded, each given once.
fn themes(field: &str, themes: &[String]) -> AppResult<serde_json::Value> {
    at_most(field, themes)?;
    let mut out: Vec<String> = Vec::new();
    for (i, t) in themes.iter().enumerate() {
        let t = TextKind::Name.required(&format!("{field}[{i}]"), t)?;
        if out.contains(&t) {
            return Err(AppError::bad_input(format!("{field}[{i}]"), "listed twice"));
        }
        out.push(t);
    }
    Ok(serde_json::Value::from(out))
}

fn source(caller: &Caller, source: Option<&str>) -> AppResult<String> {
    Ok(TextKind::Citation
        .optional("input.source", source)?
        .unwrap_or_else(|| format!("Recorded through the hub by {}", caller.actor())))
}

fn check_rapid_dates(
    known: NaiveDate,
    notified: NaiveDate,
    completed: Option<NaiveDate>,
    sent: Option<NaiveDate>,
) -> AppResult<()> {
    not_in_future("input.incidentKnown", Some(known))?;
    not_in_future("input.notified", Some(notified))?;
    not_in_future("input.completed", completed)?;
    not_in_future("input.sentToPanel", sent)?;
    not_before("input.notified", Some(notified), known, "incidentKnown")?;
    not_before("input.completed", completed, known, "incidentKnown")?;
    match completed {
        Some(c) => not_before("input.sentToPanel", sent, c, "completed"),
        None if sent.is_some() => Err(AppError::bad_input(
            "input.completed",
            "a rapid review is sent to the National Panel once completed: give the completion date",
        )),
        None => Ok(()),
    }
}

/// One audited transaction around recording something new for a
/// partnership, by a writer in its scope; `work` gets the audit entry to
/// complete.
async fn create<T: Send>(
    db: &DatabaseConnection,
    caller: &Caller,
    operation: &'static str,
    partnership: PartnershipCode,
    work: impl for<'c> FnOnce(&'c DatabaseTransaction, &'c Caller, AuditEntry) -> audit::Work<'c, T>
        + Send
        + 'static,
) -> AppResult<T> {
    let entry = AuditEntry::new(operation).partnership(partnership);
    let done = entry.clone();
    audit::write(db, caller, entry, move |txn, caller| {
        Box::pin(async move {
            permit(caller, partnership)?;
            work(txn, caller, done).await
        })
    })
    .await
}

/// Records a serious incident notification and its rapid review.
pub async fn record_rapid_review(
    db: &DatabaseConnection,
    caller: &Caller,
    input: RapidReviewInput,
) -> AppResult<rapid::Model> {
    create(
        db,
        caller,
        "recordRapidReview",
        input.partnership,
        move |txn, caller, done| {
            Box::pin(async move {
                let reference = TextKind::Name.required("input.reference", &input.reference)?;
                check_rapid_dates(
                    input.incident_known,
                    input.notified,
                    input.completed,
                    input.sent_to_panel,
                )?;
                let panel_response = TextKind::Long
                    .optional("input.panelResponse", input.panel_response.as_deref())?;
                let themes = themes("input.themes", &input.themes)?;
                let source = source(caller, input.source.as_deref())?;
                let now = Utc::now();
                let saved = rapid::ActiveModel {
                    id: Set(Uuid::new_v4().to_string()),
                    partnership_code: Set(input.partnership),
                    reference: Set(reference),
                    incident_known: Set(input.incident_known),
                    notified: Set(input.notified),
                    completed: Set(input.completed),
                    sent_to_panel: Set(input.sent_to_panel),
                    decision: Set(input.decision),
                    panel_response: Set(panel_response),
                    themes: Set(themes),
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
                let done = done
                    .record("practice_review_rapid_review", &saved.id)
                    .detail(format!("notified {}", saved.notified));
                Ok((saved, done))
            })
        },
    )
    .await
}

/// One audited transaction around a change to a review: the writer's role,
/// the review found in the caller's scope (`NOT_FOUND` otherwise), and the
/// role again in the review's partnership, before `work` runs.
async fn amend<R, T>(
    db: &DatabaseConnection,
    scope: &Scope,
    operation: &'static str,
    id: String,
    work: impl for<'c> FnOnce(
            &'c DatabaseTransaction,
            &'c Caller,
            R::Model,
            AuditEntry,
        ) -> audit::Work<'c, T>
        + Send
        + 'static,
) -> AppResult<T>
where
    R: Review,
    T: Send,
{
    let entry = AuditEntry::new(operation).record(R::RECORD_TYPE, &id);
    let done = entry.clone();
    let scope = scope.clone();
    let caller = scope.caller.clone();
    audit::write(db, &caller, entry, move |txn, caller| {
        Box::pin(async move {
            caller.require_role(&WRITERS, "record practice reviews")?;
            let current = service::one::<R>(txn, &scope, &id).await?;
            permit(caller, R::partnership(&current))?;
            work(txn, caller, current, done).await
        })
    })
    .await
}

/// Applies `change` to a review, with who made it and when, if the review is
/// still at `expected_version` (checked in the UPDATE, so two writers racing
/// on one version cannot both succeed); returns the review as saved.
async fn save<R: Review>(
    txn: &DatabaseTransaction,
    caller: &Caller,
    current: &R::Model,
    expected_version: i32,
    change: UpdateMany<R>,
) -> AppResult<R::Model> {
    let updated = change
        .col_expr(R::UPDATED_BY, caller.actor().into())
        .col_expr(R::UPDATED_AT, Utc::now().into())
        .col_expr(R::VERSION, (expected_version + 1).into())
        .filter(R::ID.eq(R::id(current)))
        .filter(R::VERSION.eq(expected_version))
        .exec(txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(AppError::Conflict(format!(
            "stale version {expected_version}: the {} is now at version {}",
            R::NOUN,
            R::version(current)
        )));
    }
    R::find()
        .filter(R::ID.eq(R::id(current)))
        .one(txn)
        .await?
        .ok_or(AppError::Internal)
}

/// Records a rapid review's later progress against the version it was based on.
pub async fn update_rapid_review(
    db: &DatabaseConnection,
    scope: &Scope,
    id: String,
    expected_version: i32,
    change: RapidReviewUpdate,
) -> AppResult<rapid::Model> {
    amend::<rapid::Entity, _>(
        db,
        scope,
        "updateRapidReview",
        id,
        move |txn, caller, current, done| {
            Box::pin(async move {
                let completed = change.completed.or(current.completed);
                let sent = change.sent_to_panel.or(current.sent_to_panel);
                check_rapid_dates(current.incident_known, current.notified, completed, sent)?;
                let panel_response = match &change.panel_response {
                    Some(r) => Some(TextKind::Long.required("input.panelResponse", r)?),
                    None => current.panel_response.clone(),
                };
                let themes = match &change.themes {
                    Some(t) => themes("input.themes", t)?,
                    None => current.themes.clone(),
                };
                let changed = rapid::Entity::update_many()
                    .col_expr(rapid::Column::Completed, completed.into())
                    .col_expr(rapid::Column::SentToPanel, sent.into())
                    .col_expr(
                        rapid::Column::Decision,
                        change.decision.or(current.decision).into(),
                    )
                    .col_expr(rapid::Column::PanelResponse, panel_response.into())
                    .col_expr(rapid::Column::Themes, themes.into());
                let saved = save(txn, caller, &current, expected_version, changed).await?;
                let done = done
                    .partnership(saved.partnership_code)
                    .detail(format!("version {}", saved.version));
                Ok((saved, done))
            })
        },
    )
    .await
}

fn check_recommendations(
    field: &str,
    recommendations: &[RecommendationInput],
    commissioned: NaiveDate,
) -> AppResult<Vec<RecommendationInput>> {
    at_most(field, recommendations)?;
    recommendations
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let at = |name: &str| format!("{field}[{i}].{name}");
            if r.due_date < commissioned {
                return Err(AppError::bad_input(
                    at("dueDate"),
                    "must not be before the review was commissioned",
                ));
            }
            Ok(RecommendationInput {
                text: TextKind::Long.required(&at("text"), &r.text)?,
                owner_agency: TextKind::Key
                    .optional(&at("ownerAgency"), r.owner_agency.as_deref())?,
                due_date: r.due_date,
            })
        })
        .collect()
}

/// Inserts recommendations (from `first_position` on), each with the first
/// entry of its history, through the shared mechanism.
async fn insert_recommendations(
    txn: &DatabaseTransaction,
    caller: &Caller,
    review: &lcspr::Model,
    first_position: i32,
    recommendations: &[RecommendationInput],
) -> AppResult<()> {
    if recommendations.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    let rows: Vec<recommendation::ActiveModel> = recommendations
        .iter()
        .enumerate()
        .map(|(i, r)| recommendation::ActiveModel {
            id: Set(Uuid::new_v4().to_string()),
            lcspr_id: Set(review.id.clone()),
            position: Set(first_position + i as i32),
            text: Set(r.text.clone()),
            owner_partnership_code: Set(review.partnership_code),
            owner_agency: Set(r.owner_agency.clone()),
            due_date: Set(r.due_date),
            status: Set(RecommendationStatus::Open),
            recorded_by: Set(caller.actor().to_string()),
            recorded_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        })
        .collect();
    let ids: Vec<String> = rows
        .iter()
        .filter_map(|r| match &r.id {
            sea_orm::ActiveValue::Set(id) => Some(id.clone()),
            _ => None,
        })
        .collect();
    recommendation::Entity::insert_many(rows)
        .exec_without_returning(txn)
        .await?;
    shared::record_history(txn, &STORE, caller, &ids, now).await
}

fn check_lcspr_dates(
    commissioned: NaiveDate,
    expected: NaiveDate,
    completed: Option<NaiveDate>,
    published: Option<NaiveDate>,
) -> AppResult<()> {
    not_in_future("input.commissioned", Some(commissioned))?;
    not_in_future("input.completed", completed)?;
    not_in_future("input.published", published)?;
    not_before(
        "input.expectedCompletion",
        Some(expected),
        commissioned,
        "commissioned",
    )?;
    not_before("input.completed", completed, commissioned, "commissioned")?;
    match completed {
        Some(c) => not_before("input.published", published, c, "completed"),
        None if published.is_some() => Err(AppError::bad_input(
            "input.completed",
            "a review is published once completed: give the completion date",
        )),
        None => Ok(()),
    }
}

/// Records an LCSPR with its recommendations.
pub async fn record_lcspr(
    db: &DatabaseConnection,
    scope: &Scope,
    input: LcsprInput,
) -> AppResult<lcspr::Model> {
    let scope = scope.clone();
    let caller = scope.caller.clone();
    create(
        db,
        &caller,
        "recordLcspr",
        input.partnership,
        move |txn, caller, done| {
            Box::pin(async move {
                let title = TextKind::Name.required("input.title", &input.title)?;
                check_lcspr_dates(
                    input.commissioned,
                    input.expected_completion,
                    input.completed,
                    input.published,
                )?;
                let rapid_review_id = match &input.rapid_review_id {
                    Some(id) => {
                        let r = service::one::<rapid::Entity>(txn, &scope, id)
                            .await
                            .map_err(|_| {
                                AppError::bad_input(
                                    "input.rapidReviewId",
                                    format!("unknown rapid review `{id}`"),
                                )
                            })?;
                        if r.partnership_code != input.partnership {
                            return Err(AppError::bad_input(
                                "input.rapidReviewId",
                                "the rapid review belongs to another partnership",
                            ));
                        }
                        Some(r.id)
                    }
                    None => None,
                };
                let reviewer =
                    TextKind::Name.optional("input.reviewer", input.reviewer.as_deref())?;
                let reason = TextKind::Long.optional(
                    "input.notPublishedReason",
                    input.not_published_reason.as_deref(),
                )?;
                let themes = themes("input.themes", &input.themes)?;
                let source = source(caller, input.source.as_deref())?;
                let recommendations = check_recommendations(
                    "input.recommendations",
                    &input.recommendations,
                    input.commissioned,
                )?;
                let now = Utc::now();
                let saved = lcspr::ActiveModel {
                    id: Set(Uuid::new_v4().to_string()),
                    partnership_code: Set(input.partnership),
                    rapid_review_id: Set(rapid_review_id),
                    title: Set(title),
                    commissioned: Set(input.commissioned),
                    independent_reviewer: Set(input.independent_reviewer),
                    reviewer: Set(reviewer),
                    expected_completion: Set(input.expected_completion),
                    completed: Set(input.completed),
                    published: Set(input.published),
                    not_published_reason: Set(reason),
                    themes: Set(themes),
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
                insert_recommendations(txn, caller, &saved, 0, &recommendations).await?;
                let done = done
                    .record("practice_review_lcspr", &saved.id)
                    .detail(format!(
                        "commissioned {}; {} recommendations",
                        saved.commissioned,
                        recommendations.len()
                    ));
                Ok((saved, done))
            })
        },
    )
    .await
}

/// Records an LCSPR's later progress, and adds recommendations, against its version.
pub async fn update_lcspr(
    db: &DatabaseConnection,
    scope: &Scope,
    id: String,
    expected_version: i32,
    change: LcsprUpdate,
) -> AppResult<lcspr::Model> {
    amend::<lcspr::Entity, _>(
        db,
        scope,
        "updateLcspr",
        id,
        move |txn, caller, current, done| {
            Box::pin(async move {
                let completed = change.completed.or(current.completed);
                let published = change.published.or(current.published);
                check_lcspr_dates(
                    current.commissioned,
                    current.expected_completion,
                    completed,
                    published,
                )?;
                let reason = match &change.not_published_reason {
                    Some(r) => Some(TextKind::Long.required("input.notPublishedReason", r)?),
                    None => current.not_published_reason.clone(),
                };
                let themes = match &change.themes {
                    Some(t) => themes("input.themes", t)?,
                    None => current.themes.clone(),
                };
                let added = check_recommendations(
                    "input.addRecommendations",
                    &change.add_recommendations,
                    current.commissioned,
                )?;
                let existing = recommendation::Entity::find()
                    .filter(recommendation::Column::LcsprId.eq(current.id.as_str()))
                    .order_by_desc(recommendation::Column::Position)
                    .all(txn)
                    .await?;
                // Recommendations are listed whole under their review, so the
                // list stays bounded across updates too.
                if existing.len() + added.len() > MAX_ITEMS {
                    return Err(AppError::bad_input(
                        "input.addRecommendations",
                        format!(
                            "a review holds at most {MAX_ITEMS} recommendations; it has {}",
                            existing.len()
                        ),
                    ));
                }
                let changed = lcspr::Entity::update_many()
                    .col_expr(lcspr::Column::Completed, completed.into())
                    .col_expr(lcspr::Column::Published, published.into())
                    .col_expr(lcspr::Column::NotPublishedReason, reason.into())
                    .col_expr(lcspr::Column::Themes, themes.into());
                let saved = save(txn, caller, &current, expected_version, changed).await?;
                let next = existing.first().map(|r| r.position + 1).unwrap_or(0);
                insert_recommendations(txn, caller, &saved, next, &added).await?;
                let done = done.partnership(saved.partnership_code).detail(format!(
                    "version {}; {} recommendations added",
                    saved.version,
                    added.len()
                ));
                Ok((saved, done))
            })
        },
    )
    .await
}

/// Records a non-statutory learning review.
pub async fn record_learning_review(
    db: &DatabaseConnection,
    caller: &Caller,
    input: LearningReviewInput,
) -> AppResult<learning::Model> {
    create(
        db,
        caller,
        "recordLearningReview",
        input.partnership,
        move |txn, caller, done| {
            Box::pin(async move {
                let title = TextKind::Name.required("input.title", &input.title)?;
                not_in_future("input.completed", Some(input.completed))?;
                let themes = themes("input.themes", &input.themes)?;
                let source = source(caller, input.source.as_deref())?;
                let now = Utc::now();
                let saved = learning::ActiveModel {
                    id: Set(Uuid::new_v4().to_string()),
                    partnership_code: Set(input.partnership),
                    title: Set(title),
                    completed: Set(input.completed),
                    themes: Set(themes),
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
                let done = done
                    .record("practice_review_learning_review", &saved.id)
                    .detail(format!("completed {}", saved.completed));
                Ok((saved, done))
            })
        },
    )
    .await
}

/// Records the counts a partnership published for a period. One row per
/// partnership and period: a second is a `CONFLICT`.
pub async fn record_annual_figure(
    db: &DatabaseConnection,
    caller: &Caller,
    input: AnnualFigureInput,
) -> AppResult<annual::Model> {
    create(
        db,
        caller,
        "recordPracticeReviewFigures",
        input.partnership,
        move |txn, caller, done| {
            Box::pin(async move {
                TextKind::Key.check("input.period", &input.period)?;
                if reporting_period::Entity::find_by_id(input.period.clone())
                    .one(txn)
                    .await?
                    .is_none()
                {
                    return Err(AppError::bad_input(
                        "input.period",
                        format!("unknown reporting period `{}`", input.period),
                    ));
                }
                for (field, v) in [
                    ("input.rapidReviews", input.rapid_reviews),
                    ("input.lcsprsCommissioned", input.lcsprs_commissioned),
                    ("input.learningReviews", input.learning_reviews),
                ] {
                    if v.is_some_and(|n| !(0..=10_000).contains(&n)) {
                        return Err(AppError::bad_input(field, "must be from 0 to 10000"));
                    }
                }
                if input.rapid_reviews.is_none()
                    && input.lcsprs_commissioned.is_none()
                    && input.learning_reviews.is_none()
                {
                    return Err(AppError::bad_input(
                        "input.rapidReviews",
                        "give at least one count",
                    ));
                }
                let source = TextKind::Citation.required("input.source", &input.source)?;
                let exists = annual::Entity::find()
                    .filter(annual::Column::PartnershipCode.eq(input.partnership))
                    .filter(annual::Column::PeriodLabel.eq(input.period.as_str()))
                    .one(txn)
                    .await?;
                if exists.is_some() {
                    return Err(AppError::Conflict(format!(
                        "{} already has published practice review figures for {}",
                        input.partnership, input.period
                    )));
                }
                let now = Utc::now();
                let saved = annual::ActiveModel {
                    id: Set(Uuid::new_v4().to_string()),
                    partnership_code: Set(input.partnership),
                    period_label: Set(input.period.clone()),
                    rapid_reviews: Set(input.rapid_reviews),
                    lcsprs_commissioned: Set(input.lcsprs_commissioned),
                    learning_reviews: Set(input.learning_reviews),
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
                let done = done
                    .record("practice_review_annual_figure", &saved.id)
                    .detail(format!("published figures for {}", saved.period_label));
                Ok((saved, done))
            })
        },
    )
    .await
}

/// LCSPR recommendations: visible with their review; the partnership's
/// writers both answer and close them.
pub struct Recommendations;

impl Dataset for Recommendations {
    type Entity = recommendation::Entity;
    const STORE: Store = STORE;

    fn current(r: &recommendation::Model) -> Current {
        Current {
            id: r.id.clone(),
            owner: r.owner_partnership_code,
            status: r.status,
            version: r.version,
        }
    }

    fn find<'a>(
        txn: &'a DatabaseTransaction,
        scope: &'a Scope,
        id: &'a str,
    ) -> impl Future<Output = AppResult<recommendation::Model>> + Send + 'a {
        service::recommendation(txn, scope, id)
    }

    fn gate(_: &Answer) -> (&'static [Role], &'static str) {
        (&WRITERS, "answer LCSPR recommendations")
    }

    fn operation(step: &Answer) -> &'static str {
        match step {
            Answer::Respond(_) => "respondToLcsprRecommendation",
            Answer::Close(_) => "closeLcsprRecommendation",
        }
    }
}
