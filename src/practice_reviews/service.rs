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
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter,
};

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

/// What differs between the kinds of review in their lists and reads by id.
pub trait Review: EntityTrait {
    /// The table, as the audit log names its records.
    const RECORD_TYPE: &'static str;
    /// What `NOT_FOUND` calls one.
    const NOUN: &'static str;
    const ID: Self::Column;
    const PARTNERSHIP: Self::Column;
    /// The date the list filters and sorts by, newest first.
    const DATE: Self::Column;
    const UPDATED_BY: Self::Column;
    const UPDATED_AT: Self::Column;
    const VERSION: Self::Column;

    fn key(m: &Self::Model) -> ReviewKey;
    fn partnership(m: &Self::Model) -> PartnershipCode;
    fn id(m: &Self::Model) -> &str;
    fn version(m: &Self::Model) -> i32;
}

impl Review for rapid::Entity {
    const RECORD_TYPE: &'static str = "practice_review_rapid_review";
    const NOUN: &'static str = "rapid review";
    const ID: rapid::Column = rapid::Column::Id;
    const PARTNERSHIP: rapid::Column = rapid::Column::PartnershipCode;
    const DATE: rapid::Column = rapid::Column::Notified;
    const UPDATED_BY: rapid::Column = rapid::Column::UpdatedBy;
    const UPDATED_AT: rapid::Column = rapid::Column::UpdatedAt;
    const VERSION: rapid::Column = rapid::Column::Version;

    fn key(m: &rapid::Model) -> ReviewKey {
        (m.notified, m.id.clone())
    }
    fn partnership(m: &rapid::Model) -> PartnershipCode {
        m.partnership_code
    }
    fn id(m: &rapid::Model) -> &str {
        &m.id
    }
    fn version(m: &rapid::Model) -> i32 {
        m.version
    }
}

impl Review for lcspr::Entity {
    const RECORD_TYPE: &'static str = "practice_review_lcspr";
    const NOUN: &'static str = "LCSPR";
    const ID: lcspr::Column = lcspr::Column::Id;
    const PARTNERSHIP: lcspr::Column = lcspr::Column::PartnershipCode;
    const DATE: lcspr::Column = lcspr::Column::Commissioned;
    const UPDATED_BY: lcspr::Column = lcspr::Column::UpdatedBy;
    const UPDATED_AT: lcspr::Column = lcspr::Column::UpdatedAt;
    const VERSION: lcspr::Column = lcspr::Column::Version;

    fn key(m: &lcspr::Model) -> ReviewKey {
        (m.commissioned, m.id.clone())
    }
    fn partnership(m: &lcspr::Model) -> PartnershipCode {
        m.partnership_code
    }
    fn id(m: &lcspr::Model) -> &str {
        &m.id
    }
    fn version(m: &lcspr::Model) -> i32 {
        m.version
    }
}

impl Review for learning::Entity {
    const RECORD_TYPE: &'static str = "practice_review_learning_review";
    const NOUN: &'static str = "learning review";
    const ID: learning::Column = learning::Column::Id;
    const PARTNERSHIP: learning::Column = learning::Column::PartnershipCode;
    const DATE: learning::Column = learning::Column::Completed;
    const UPDATED_BY: learning::Column = learning::Column::UpdatedBy;
    const UPDATED_AT: learning::Column = learning::Column::UpdatedAt;
    const VERSION: learning::Column = learning::Column::Version;

    fn key(m: &learning::Model) -> ReviewKey {
        (m.completed, m.id.clone())
    }
    fn partnership(m: &learning::Model) -> PartnershipCode {
        m.partnership_code
    }
    fn id(m: &learning::Model) -> &str {
        &m.id
    }
    fn version(m: &learning::Model) -> i32 {
        m.version
    }
}

/// Reviews of one kind the caller may read, newest first (rapid reviews by
/// notification, LCSPRs by commissioning, learning reviews by completion).
pub async fn list<R>(
    db: &DatabaseConnection,
    scope: &Scope,
    filter: &ReviewFilter,
    page: &PageArgs<ReviewKey>,
) -> AppResult<Page<ReviewKey, R::Model>>
where
    R: Review,
    R::Model: FromQueryResult + Send + Sync,
{
    filter.check()?;
    let mut query = R::find().filter(R::PARTNERSHIP.is_in(filter.partnerships(scope)));
    if let Some(from) = filter.from {
        query = query.filter(R::DATE.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(R::DATE.lte(to));
    }
    let page =
        pagination::fetch(db, query, (R::DATE, R::ID), Order::Descending, page, R::key).await?;
    note_reads(
        scope,
        R::RECORD_TYPE,
        page.rows().map(|r| (R::partnership(r), R::id(r))),
    );
    Ok(page)
}

/// One review of a kind the caller may read, or `NOT_FOUND`.
pub async fn one<R>(conn: &impl ConnectionTrait, scope: &Scope, id: &str) -> AppResult<R::Model>
where
    R: Review,
{
    R::find()
        .filter(R::ID.eq(id))
        .filter(R::PARTNERSHIP.is_in(readable(scope)))
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found(format!("{} {id}", R::NOUN)))
}

/// One review the caller may read, noted as read for the audit log.
pub async fn read<R>(db: &DatabaseConnection, scope: &Scope, id: &str) -> AppResult<R::Model>
where
    R: Review,
    R::Model: Sync,
{
    let r = one::<R>(db, scope, id).await?;
    note_reads(scope, R::RECORD_TYPE, [(R::partnership(&r), R::id(&r))]);
    Ok(r)
}

/// The reviews of a kind among `ids` the caller may read, each noted as read.
pub async fn by_ids<R>(
    db: &DatabaseConnection,
    scope: &Scope,
    ids: &[String],
) -> AppResult<Vec<R::Model>>
where
    R: Review,
    R::Model: Sync,
{
    let rows = R::find()
        .filter(R::ID.is_in(ids.iter().map(String::as_str)))
        .filter(R::PARTNERSHIP.is_in(readable(scope)))
        .all(db)
        .await?;
    note_reads(
        scope,
        R::RECORD_TYPE,
        rows.iter().map(|r| (R::partnership(r), R::id(r))),
    );
    Ok(rows)
}

/// The LCSPRs the caller may read, as a subquery: their recommendations and
/// histories are visible exactly when they are.
fn readable_lcsprs(scope: &Scope) -> SelectStatement {
    Query::select()
        .column(lcspr::Column::Id)
        .from(lcspr::Entity)
        .and_where(lcspr::Column::PartnershipCode.is_in(readable(scope)))
        .to_owned()
}

/// The LCSPR recommendations among `ids` the caller may read.
pub async fn recommendations_by_ids(
    db: &DatabaseConnection,
    scope: &Scope,
    ids: &[String],
) -> AppResult<Vec<recommendation::Model>> {
    Ok(recommendation::Entity::find()
        .filter(recommendation::Column::Id.is_in(ids.iter().map(String::as_str)))
        .filter(recommendation::Column::LcsprId.in_subquery(readable_lcsprs(scope)))
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
        .filter(recommendation::Column::LcsprId.in_subquery(readable_lcsprs(scope)))
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
        .and_where(recommendation::Column::LcsprId.in_subquery(readable_lcsprs(scope)))
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
