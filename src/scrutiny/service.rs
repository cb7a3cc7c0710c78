//! Reads of the scrutiny dataset: plain functions over a connection and the
//! caller's scope. Every query carries the visibility condition, so an
//! activity or recommendation out of scope is absent from lists and filters
//! and `NOT_FOUND` by id, exactly like one that does not exist.
use chrono::{NaiveDate, Utc};
use entity::scrutiny_enums::{ActivityKind, RecommendationStatus};
use entity::{
    scrutiny_activity as activity, scrutiny_activity_theme as activity_theme,
    scrutiny_appointment as appointment, scrutiny_recommendation as recommendation,
    scrutiny_scrutineer as scrutineer, scrutiny_theme as theme, PartnershipCode,
};
use sea_orm::sea_query::{Condition, Query};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::visibility::{covering, visible_activities, visible_activity_ids};
use crate::access::Scope;
use crate::error::{AppError, AppResult};
use crate::pagination::{self, Order, Page, PageArgs};
use crate::text::TextKind;

/// All themes, regional first, in their usual order. Themes are public
/// reference data.
pub async fn themes(db: &DatabaseConnection) -> AppResult<Vec<theme::Model>> {
    Ok(theme::Entity::find()
        .order_by_asc(theme::Column::SortOrder)
        .all(db)
        .await?)
}

/// Filters of `scrutineers`.
#[derive(Debug, Clone, Default)]
pub struct ScrutineerFilter {
    /// Appointed to this partnership, or to the regional post (which covers all five).
    pub partnership: Option<PartnershipCode>,
    /// Holding an appointment on this date.
    pub on: Option<NaiveDate>,
}

/// The scrutineers' sort key: name, then which.
pub type ScrutineerKey = (String, String);

/// Scrutineers by name. Appointments are public: the partnerships' reports
/// name their scrutineers.
pub async fn scrutineers(
    db: &DatabaseConnection,
    filter: &ScrutineerFilter,
    page: &PageArgs<ScrutineerKey>,
) -> AppResult<Page<ScrutineerKey, scrutineer::Model>> {
    let mut query = scrutineer::Entity::find();
    if filter.partnership.is_some() || filter.on.is_some() {
        // One appointment must satisfy every condition at once.
        let mut held = Condition::all();
        if let Some(p) = filter.partnership {
            held = held.add(
                Condition::any()
                    .add(appointment::Column::PartnershipCode.eq(p))
                    .add(appointment::Column::PartnershipCode.is_null()),
            );
        }
        if let Some(on) = filter.on {
            held = held
                .add(
                    Condition::any()
                        .add(appointment::Column::StartDate.is_null())
                        .add(appointment::Column::StartDate.lte(on)),
                )
                .add(
                    Condition::any()
                        .add(appointment::Column::EndDate.is_null())
                        .add(appointment::Column::EndDate.gte(on)),
                );
        }
        query = query.filter(
            scrutineer::Column::Id.in_subquery(
                Query::select()
                    .column(appointment::Column::ScrutineerId)
                    .from(appointment::Entity)
                    .cond_where(held)
                    .to_owned(),
            ),
        );
    }
    pagination::fetch(
        db,
        query,
        (scrutineer::Column::Name, scrutineer::Column::Id),
        Order::Ascending,
        page,
        |m: &scrutineer::Model| (m.name.clone(), m.id.clone()),
    )
    .await
}

/// Filters of `scrutinyActivities`.
#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    pub partnership: Option<PartnershipCode>,
    pub theme: Option<String>,
    pub kind: Option<ActivityKind>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub published: Option<bool>,
}

/// Checks `from <= to`, naming `field` (the `to` argument) when not.
pub fn check_range(from: Option<NaiveDate>, to: Option<NaiveDate>, field: &str) -> AppResult<()> {
    match (from, to) {
        (Some(f), Some(t)) if t < f => Err(AppError::bad_input(field, "must not be before `from`")),
        _ => Ok(()),
    }
}

/// `BAD_USER_INPUT` naming `field` unless `code` is a theme.
pub async fn require_theme(
    db: &impl sea_orm::ConnectionTrait,
    code: &str,
    field: &str,
) -> AppResult<()> {
    TextKind::Key.check(field, code)?;
    match theme::Entity::find_by_id(code.to_owned()).one(db).await? {
        Some(_) => Ok(()),
        None => Err(AppError::bad_input(
            field,
            format!("unknown scrutiny theme `{code}`"),
        )),
    }
}

/// The activities' sort key: the activity's date, then which (newest first).
pub type ActivityKey = (NaiveDate, String);

/// Activities the caller may see, newest first.
pub async fn activities(
    db: &DatabaseConnection,
    scope: &Scope,
    filter: &ActivityFilter,
    page: &PageArgs<ActivityKey>,
) -> AppResult<Page<ActivityKey, activity::Model>> {
    check_range(filter.from, filter.to, "filter.to")?;
    if let Some(code) = &filter.theme {
        require_theme(db, code, "filter.theme").await?;
    }
    let mut query = activity::Entity::find().filter(visible_activities(scope));
    if let Some(p) = filter.partnership {
        query = query.filter(activity::Column::Id.in_subquery(covering([p])));
    }
    if let Some(code) = &filter.theme {
        query = query.filter(
            activity::Column::Id.in_subquery(
                Query::select()
                    .column(activity_theme::Column::ActivityId)
                    .from(activity_theme::Entity)
                    .and_where(activity_theme::Column::ThemeCode.eq(code.as_str()))
                    .to_owned(),
            ),
        );
    }
    if let Some(kind) = filter.kind {
        query = query.filter(activity::Column::Kind.eq(kind));
    }
    if let Some(from) = filter.from {
        query = query.filter(activity::Column::ActivityDate.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(activity::Column::ActivityDate.lte(to));
    }
    if let Some(published) = filter.published {
        query = query.filter(activity::Column::Published.eq(published));
    }
    pagination::fetch(
        db,
        query,
        (activity::Column::ActivityDate, activity::Column::Id),
        Order::Descending,
        page,
        |m: &activity::Model| (m.activity_date, m.id.clone()),
    )
    .await
}

/// The activities among `ids` the caller may see.
pub async fn activities_by_ids(
    db: &DatabaseConnection,
    scope: &Scope,
    ids: &[String],
) -> AppResult<Vec<activity::Model>> {
    Ok(activity::Entity::find()
        .filter(visible_activities(scope))
        .filter(activity::Column::Id.is_in(ids.iter().map(String::as_str)))
        .all(db)
        .await?)
}

/// The findings among `ids` of activities the caller may see.
pub async fn findings_by_ids(
    db: &DatabaseConnection,
    scope: &Scope,
    ids: &[String],
) -> AppResult<Vec<entity::scrutiny_finding::Model>> {
    use entity::scrutiny_finding as finding;
    Ok(finding::Entity::find()
        .filter(finding::Column::ActivityId.in_subquery(visible_activity_ids(scope)))
        .filter(finding::Column::Id.is_in(ids.iter().map(String::as_str)))
        .all(db)
        .await?)
}

/// The recommendations among `ids` of activities the caller may see.
pub async fn recommendations_by_ids(
    db: &DatabaseConnection,
    scope: &Scope,
    ids: &[String],
) -> AppResult<Vec<recommendation::Model>> {
    Ok(recommendation::Entity::find()
        .filter(recommendation::Column::ActivityId.in_subquery(visible_activity_ids(scope)))
        .filter(recommendation::Column::Id.is_in(ids.iter().map(String::as_str)))
        .all(db)
        .await?)
}

/// The history entries among `ids` of recommendations the caller may see,
/// each with the partnership owning its recommendation (which decides who
/// sees the entry's actor).
pub async fn recommendation_events_by_ids(
    db: &DatabaseConnection,
    scope: &Scope,
    ids: &[String],
) -> AppResult<
    Vec<(
        entity::scrutiny_recommendation_event::Model,
        PartnershipCode,
    )>,
> {
    use entity::scrutiny_recommendation_event as event;
    let events = event::Entity::find()
        .filter(
            event::Column::RecommendationId.in_subquery(
                Query::select()
                    .column(recommendation::Column::Id)
                    .from(recommendation::Entity)
                    .and_where(
                        recommendation::Column::ActivityId.in_subquery(visible_activity_ids(scope)),
                    )
                    .to_owned(),
            ),
        )
        .filter(event::Column::Id.is_in(ids.iter().map(String::as_str)))
        .all(db)
        .await?;
    if events.is_empty() {
        return Ok(Vec::new());
    }
    let owners: std::collections::HashMap<String, PartnershipCode> = recommendation::Entity::find()
        .filter(
            recommendation::Column::Id.is_in(events.iter().map(|e| e.recommendation_id.as_str())),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.owner_partnership_code))
        .collect();
    Ok(events
        .into_iter()
        .filter_map(|e| {
            let owner = *owners.get(&e.recommendation_id)?;
            Some((e, owner))
        })
        .collect())
}

/// One activity the caller may see, or `NOT_FOUND`.
pub async fn activity(
    db: &impl sea_orm::ConnectionTrait,
    scope: &Scope,
    id: &str,
) -> AppResult<activity::Model> {
    activity::Entity::find_by_id(id.to_owned())
        .filter(visible_activities(scope))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(format!("scrutiny activity {id}")))
}

/// Filters of `recommendations`.
#[derive(Debug, Clone, Default)]
pub struct RecommendationFilter {
    /// Made by an activity covering this partnership.
    pub partnership: Option<PartnershipCode>,
    /// Owned by this partnership (directly or through one of its agencies).
    pub owner: Option<PartnershipCode>,
    pub status: Option<RecommendationStatus>,
    pub overdue: Option<bool>,
}

/// Overdue: due before `today` and not closed.
pub fn overdue_condition(today: NaiveDate) -> Condition {
    Condition::all()
        .add(recommendation::Column::DueDate.lt(today))
        .add(recommendation::Column::Status.is_in(RecommendationStatus::NOT_CLOSED))
}

/// The day overdue is judged against: today in UTC.
pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// The recommendations' sort key: due date, then which (soonest first).
pub type RecommendationKey = (NaiveDate, String);

/// Recommendations of activities the caller may see, soonest due first.
pub async fn recommendations(
    db: &DatabaseConnection,
    scope: &Scope,
    filter: &RecommendationFilter,
    page: &PageArgs<RecommendationKey>,
) -> AppResult<Page<RecommendationKey, recommendation::Model>> {
    let mut query = recommendation::Entity::find()
        .filter(recommendation::Column::ActivityId.in_subquery(visible_activity_ids(scope)));
    if let Some(p) = filter.partnership {
        query = query.filter(recommendation::Column::ActivityId.in_subquery(covering([p])));
    }
    if let Some(owner) = filter.owner {
        query = query.filter(recommendation::Column::OwnerPartnershipCode.eq(owner));
    }
    if let Some(status) = filter.status {
        query = query.filter(recommendation::Column::Status.eq(status));
    }
    match filter.overdue {
        Some(true) => query = query.filter(overdue_condition(today())),
        Some(false) => query = query.filter(overdue_condition(today()).not()),
        None => {}
    }
    pagination::fetch(
        db,
        query,
        (recommendation::Column::DueDate, recommendation::Column::Id),
        Order::Ascending,
        page,
        |m: &recommendation::Model| (m.due_date, m.id.clone()),
    )
    .await
}

/// One recommendation of an activity the caller may see, or `NOT_FOUND`.
pub async fn recommendation(
    db: &impl sea_orm::ConnectionTrait,
    scope: &Scope,
    id: &str,
) -> AppResult<recommendation::Model> {
    recommendation::Entity::find_by_id(id.to_owned())
        .filter(recommendation::Column::ActivityId.in_subquery(visible_activity_ids(scope)))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(format!("recommendation {id}")))
}
