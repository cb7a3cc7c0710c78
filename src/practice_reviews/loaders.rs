//! DataLoaders for the practice review relations: one query per relation per
//! request, however many reviews a page holds. They are reached only from
//! reviews already read in the caller's scope, and a review's
//! recommendations and history are visible exactly when it is.
use async_graphql::dataloader::DataLoader;
use entity::{
    practice_review_recommendation as recommendation, practice_review_recommendation_event as event,
};
use sea_orm::DatabaseConnection;

use crate::batch::{Child, Children};

/// Each LCSPR's recommendations, in order.
pub type RecommendationsByLcspr = Children<recommendation::Entity>;

impl Child for recommendation::Entity {
    const PARENT: recommendation::Column = recommendation::Column::LcsprId;
    const ORDER: recommendation::Column = recommendation::Column::Position;

    fn parent(m: &recommendation::Model) -> &str {
        &m.lcspr_id
    }
}

/// Each LCSPR recommendation's history, oldest first.
pub type HistoryByLcsprRecommendation = Children<event::Entity>;

impl Child for event::Entity {
    const PARENT: event::Column = event::Column::RecommendationId;
    const ORDER: event::Column = event::Column::Sequence;

    fn parent(m: &event::Model) -> &str {
        &m.recommendation_id
    }
}

/// Adds this domain's loaders to a request.
pub fn register(
    request: async_graphql::Request,
    db: &DatabaseConnection,
) -> async_graphql::Request {
    request
        .data(DataLoader::new(
            RecommendationsByLcspr::new(db.clone()),
            crate::telemetry::spawn,
        ))
        .data(DataLoader::new(
            HistoryByLcsprRecommendation::new(db.clone()),
            crate::telemetry::spawn,
        ))
}
