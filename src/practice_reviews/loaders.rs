//! DataLoaders for the practice review relations: one query per relation per
//! request, however many reviews a page holds. They are reached only from
//! reviews already read in the caller's scope, and a review's
//! recommendations and history are visible exactly when it is.
use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};
use entity::{
    practice_review_recommendation as recommendation, practice_review_recommendation_event as event,
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::error::AppError;

/// Groups rows by key, with an empty list for every key that has none.
fn group<V>(
    keys: &[String],
    rows: impl IntoIterator<Item = (String, V)>,
) -> HashMap<String, Vec<V>> {
    let mut out: HashMap<String, Vec<V>> = keys.iter().map(|k| (k.clone(), Vec::new())).collect();
    for (k, v) in rows {
        out.entry(k).or_default().push(v);
    }
    out
}

/// Each LCSPR's recommendations, in order.
pub struct RecommendationsByLcspr(pub DatabaseConnection);

impl Loader<String> for RecommendationsByLcspr {
    type Value = Vec<recommendation::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = recommendation::Entity::find()
            .filter(recommendation::Column::LcsprId.is_in(keys.iter().cloned()))
            .order_by_asc(recommendation::Column::LcsprId)
            .order_by_asc(recommendation::Column::Position)
            .all(&self.0)
            .await?;
        Ok(group(
            keys,
            rows.into_iter().map(|r| (r.lcspr_id.clone(), r)),
        ))
    }
}

/// Each LCSPR recommendation's history, oldest first.
pub struct HistoryByLcsprRecommendation(pub DatabaseConnection);

impl Loader<String> for HistoryByLcsprRecommendation {
    type Value = Vec<event::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = event::Entity::find()
            .filter(event::Column::RecommendationId.is_in(keys.iter().cloned()))
            .order_by_asc(event::Column::RecommendationId)
            .order_by_asc(event::Column::Sequence)
            .all(&self.0)
            .await?;
        Ok(group(
            keys,
            rows.into_iter().map(|r| (r.recommendation_id.clone(), r)),
        ))
    }
}

/// Adds this domain's loaders to a request.
pub fn register(
    request: async_graphql::Request,
    db: &DatabaseConnection,
) -> async_graphql::Request {
    request
        .data(DataLoader::new(
            RecommendationsByLcspr(db.clone()),
            crate::telemetry::spawn,
        ))
        .data(DataLoader::new(
            HistoryByLcsprRecommendation(db.clone()),
            crate::telemetry::spawn,
        ))
}
