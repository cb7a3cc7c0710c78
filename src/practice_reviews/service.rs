//! Reads of individual practice reviews: plain functions over a connection
//! and the caller's scope. Every query is limited to the partnerships whose
//! practice review records the caller may read, so a review out of scope is
//! absent from lists and `NOT_FOUND` by id, like one that does not exist;
//! every review read is noted for the audit log.
use chrono::NaiveDate;
use entity::{
    practice_review_lcspr as lcspr, practice_review_learning_review as learning,
    practice_review_rapid_review as rapid, practice_review_recommendation as recommendation,
    PartnershipCode,
};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::access::{AuditedRead, Dataset, Scope};
use crate::error::{AppError, AppResult};
use crate::pagination::{self, Order, Page, PageArgs};

/// The operation the audit log names for a read of individual reviews.
pub const READ_OPERATION: &str = "readPracticeReview";

/// The partnerships whose individual reviews the caller may read.
pub fn readable(scope: &Scope) -> Vec<PartnershipCode> {
    scope.record_level(Dataset::PracticeReviews)
}

/// Filters of the review lists.
#[derive(Debug, Clone, Default)]
pub struct ReviewFilter {
    pub partnership: Option<PartnershipCode>,
    /// On or after this date (notified, commissioned or completed, by list).
    pub from: Option<NaiveDate>,
    /// On or before this date.
    pub to: Option<NaiveDate>,
}

impl ReviewFilter {
    fn check(&self) -> AppResult<()> {
        crate::scrutiny::service::check_range(self.from, self.to, "filter.to")
    }

    /// The partnerships to read: those in scope, narrowed by the filter.
    fn partnerships(&self, scope: &Scope) -> Vec<PartnershipCode> {
        readable(scope)
            .into_iter()
            .filter(|p| self.partnership.is_none_or(|q| q == *p))
            .collect()
    }
}

/// A review list's sort key: its date, then which (newest first).
pub type ReviewKey = (NaiveDate, String);

/// Notes one audited read per review the caller was shown.
pub fn note_reads<'a>(
    scope: &Scope,
    record_type: &'static str,
    rows: impl IntoIterator<Item = (PartnershipCode, &'a str)>,
) {
    scope.note_reads(rows.into_iter().map(|(partnership, id)| {
        AuditedRead {
            operation: READ_OPERATION,
            partnership,
            record_type,
            record_id: id.to_owned(),
            detail: format!("{record_type} read at record level"),
            agreement_id: scope
                .grant(Dataset::PracticeReviews, partnership)
                .agreement_id,
        }
    }));
}

/// Rapid reviews the caller may read, newest notification first.
pub async fn rapid_reviews(
    db: &DatabaseConnection,
    scope: &Scope,
    filter: &ReviewFilter,
    page: &PageArgs<ReviewKey>,
) -> AppResult<Page<ReviewKey, rapid::Model>> {
    filter.check()?;
    let mut query = rapid::Entity::find()
        .filter(rapid::Column::PartnershipCode.is_in(filter.partnerships(scope)));
    if let Some(from) = filter.from {
        query = query.filter(rapid::Column::Notified.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(rapid::Column::Notified.lte(to));
    }
    let page = pagination::fetch(
        db,
        query,
        (rapid::Column::Notified, rapid::Column::Id),
        Order::Descending,
        page,
        |m: &rapid::Model| (m.notified, m.id.clone()),
    )
    .await?;
    note_reads(
        scope,
        "practice_review_rapid_review",
        page.rows().map(|r| (r.partnership_code, r.id.as_str())),
    );
    Ok(page)
}

/// LCSPRs the caller may read, most recently commissioned first.
pub async fn lcsprs(
    db: &DatabaseConnection,
    scope: &Scope,
    filter: &ReviewFilter,
    page: &PageArgs<ReviewKey>,
) -> AppResult<Page<ReviewKey, lcspr::Model>> {
    filter.check()?;
    let mut query = lcspr::Entity::find()
        .filter(lcspr::Column::PartnershipCode.is_in(filter.partnerships(scope)));
    if let Some(from) = filter.from {
        query = query.filter(lcspr::Column::Commissioned.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(lcspr::Column::Commissioned.lte(to));
    }
    let page = pagination::fetch(
        db,
        query,
        (lcspr::Column::Commissioned, lcspr::Column::Id),
        Order::Descending,
        page,
        |m: &lcspr::Model| (m.commissioned, m.id.clone()),
    )
    .await?;
    note_reads(
        scope,
        "practice_review_lcspr",
        page.rows().map(|r| (r.partnership_code, r.id.as_str())),
    );
    Ok(page)
}

/// Learning reviews the caller may read, most recently completed first.
pub async fn learning_reviews(
    db: &DatabaseConnection,
    scope: &Scope,
    filter: &ReviewFilter,
    page: &PageArgs<ReviewKey>,
) -> AppResult<Page<ReviewKey, learning::Model>> {
    filter.check()?;
    let mut query = learning::Entity::find()
        .filter(learning::Column::PartnershipCode.is_in(filter.partnerships(scope)));
    if let Some(from) = filter.from {
        query = query.filter(learning::Column::Completed.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(learning::Column::Completed.lte(to));
    }
    let page = pagination::fetch(
        db,
        query,
        (learning::Column::Completed, learning::Column::Id),
        Order::Descending,
        page,
        |m: &learning::Model| (m.completed, m.id.clone()),
    )
    .await?;
    note_reads(
        scope,
        "practice_review_learning_review",
        page.rows().map(|r| (r.partnership_code, r.id.as_str())),
    );
    Ok(page)
}

/// One rapid review the caller may read, or `NOT_FOUND`.
pub async fn rapid_review(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    id: &str,
) -> AppResult<rapid::Model> {
    rapid::Entity::find_by_id(id.to_owned())
        .filter(rapid::Column::PartnershipCode.is_in(readable(scope)))
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found(format!("rapid review {id}")))
}

/// One LCSPR the caller may read, or `NOT_FOUND`.
pub async fn lcspr(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    id: &str,
) -> AppResult<lcspr::Model> {
    lcspr::Entity::find_by_id(id.to_owned())
        .filter(lcspr::Column::PartnershipCode.is_in(readable(scope)))
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found(format!("LCSPR {id}")))
}

/// One learning review the caller may read, or `NOT_FOUND`.
pub async fn learning_review(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    id: &str,
) -> AppResult<learning::Model> {
    learning::Entity::find_by_id(id.to_owned())
        .filter(learning::Column::PartnershipCode.is_in(readable(scope)))
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found(format!("learning review {id}")))
}

/// The LCSPR recommendations among `ids` the caller may read.
pub async fn recommendations_by_ids(
    db: &DatabaseConnection,
    scope: &Scope,
    ids: &[String],
) -> AppResult<Vec<recommendation::Model>> {
    Ok(recommendation::Entity::find()
        .filter(recommendation::Column::Id.is_in(ids.iter().map(String::as_str)))
        .filter(
            recommendation::Column::LcsprId.in_subquery(
                Query::select()
                    .column(lcspr::Column::Id)
                    .from(lcspr::Entity)
                    .and_where(lcspr::Column::PartnershipCode.is_in(readable(scope)))
                    .to_owned(),
            ),
        )
        .all(db)
        .await?)
}

/// One recommendation of an LCSPR the caller may read, or `NOT_FOUND`.
pub async fn recommendation(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    id: &str,
) -> AppResult<recommendation::Model> {
    recommendation::Entity::find_by_id(id.to_owned())
        .filter(
            recommendation::Column::LcsprId.in_subquery(
                Query::select()
                    .column(lcspr::Column::Id)
                    .from(lcspr::Entity)
                    .and_where(lcspr::Column::PartnershipCode.is_in(readable(scope)))
                    .to_owned(),
            ),
        )
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found(format!("recommendation {id}")))
}

/// The history entries among `ids` of LCSPR recommendations the caller may
/// read, in the shape every recommendation history shares, so the one
/// `RecommendationEvent` global id finds them as it finds scrutiny's.
pub async fn recommendation_events_by_ids(
    db: &DatabaseConnection,
    scope: &Scope,
    ids: &[String],
) -> AppResult<Vec<entity::scrutiny_recommendation_event::Model>> {
    use entity::practice_review_recommendation_event as event;
    let readable_recommendations = Query::select()
        .column(recommendation::Column::Id)
        .from(recommendation::Entity)
        .and_where(
            recommendation::Column::LcsprId.in_subquery(
                Query::select()
                    .column(lcspr::Column::Id)
                    .from(lcspr::Entity)
                    .and_where(lcspr::Column::PartnershipCode.is_in(readable(scope)))
                    .to_owned(),
            ),
        )
        .to_owned();
    Ok(event::Entity::find()
        .filter(event::Column::Id.is_in(ids.iter().map(String::as_str)))
        .filter(event::Column::RecommendationId.in_subquery(readable_recommendations))
        .all(db)
        .await?
        .into_iter()
        .map(shared_event)
        .collect())
}

/// An LCSPR history entry in the shape every recommendation history shares.
pub fn shared_event(
    e: entity::practice_review_recommendation_event::Model,
) -> entity::scrutiny_recommendation_event::Model {
    entity::scrutiny_recommendation_event::Model {
        id: e.id,
        recommendation_id: e.recommendation_id,
        sequence: e.sequence,
        kind: e.kind,
        occurred_at: e.occurred_at,
        actor: e.actor,
        actor_role: e.actor_role,
        from_status: e.from_status,
        to_status: e.to_status,
        text: e.text,
    }
}
