//! DataLoaders for every scrutiny relation: one query per relation per
//! request, however many activities or recommendations a page holds.
//!
//! Loaders are reached only from records already filtered by the caller's
//! scope, and the children of a visible activity are visible by the same rule,
//! so they load by key without a scope of their own.
use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use entity::{
    scrutiny_activity as activity, scrutiny_activity_partnership as covered,
    scrutiny_activity_theme as activity_theme, scrutiny_appointment as appointment,
    scrutiny_finding as finding, scrutiny_recommendation as recommendation,
    scrutiny_recommendation_event as event, scrutiny_scrutineer as scrutineer,
    scrutiny_theme as theme, PartnershipCode,
};
use sea_orm::sea_query::NullOrdering;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, Order, QueryFilter, QueryOrder};

use crate::batch::{group_keys, Child, Children};
use crate::error::AppError;

/// The request's loader of `T`. Loaders cache within a request only once a
/// page resolver has primed them (see [`super::prefetch`]); mutations never do,
/// so what a mutation returns is read after its write.
pub type Cached<T> = DataLoader<T, HashMapCache>;

pub struct ActivityById(pub DatabaseConnection);

impl Loader<String> for ActivityById {
    type Value = activity::Model;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = activity::Entity::find()
            .filter(activity::Column::Id.is_in(keys.iter().cloned()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|r| (r.id.clone(), r)).collect())
    }
}

pub struct PartnershipsByActivity(pub DatabaseConnection);

impl Loader<String> for PartnershipsByActivity {
    type Value = Vec<PartnershipCode>;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = covered::Entity::find()
            .filter(covered::Column::ActivityId.is_in(keys.iter().cloned()))
            .all(&self.0)
            .await?;
        let mut out = group_keys(
            keys,
            rows.into_iter()
                .map(|r| (r.activity_id, r.partnership_code)),
        );
        // The usual order of the five, whatever order the rows came in.
        for codes in out.values_mut() {
            codes.sort_by_key(|p| PartnershipCode::ALL.iter().position(|q| q == p));
        }
        Ok(out)
    }
}

pub struct ThemesByActivity(pub DatabaseConnection);

impl Loader<String> for ThemesByActivity {
    type Value = Vec<theme::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let links = activity_theme::Entity::find()
            .filter(activity_theme::Column::ActivityId.is_in(keys.iter().cloned()))
            .all(&self.0)
            .await?;
        let mut codes: Vec<String> = links.iter().map(|l| l.theme_code.clone()).collect();
        codes.sort();
        codes.dedup();
        let themes: HashMap<String, theme::Model> = theme::Entity::find()
            .filter(theme::Column::Code.is_in(codes))
            .all(&self.0)
            .await?
            .into_iter()
            .map(|t| (t.code.clone(), t))
            .collect();
        let mut out = group_keys(
            keys,
            links.into_iter().filter_map(|l| {
                themes
                    .get(&l.theme_code)
                    .map(|t| (l.activity_id, t.clone()))
            }),
        );
        for list in out.values_mut() {
            list.sort_by_key(|t| t.sort_order);
        }
        Ok(out)
    }
}

/// Each activity's findings, in order.
pub type FindingsByActivity = Children<finding::Entity>;

impl Child for finding::Entity {
    const PARENT: finding::Column = finding::Column::ActivityId;
    const ORDER: finding::Column = finding::Column::Position;

    fn parent(m: &finding::Model) -> &str {
        &m.activity_id
    }
}

/// Each activity's recommendations, in order.
pub type RecommendationsByActivity = Children<recommendation::Entity>;

impl Child for recommendation::Entity {
    const PARENT: recommendation::Column = recommendation::Column::ActivityId;
    const ORDER: recommendation::Column = recommendation::Column::Position;

    fn parent(m: &recommendation::Model) -> &str {
        &m.activity_id
    }
}

/// Each recommendation's history, oldest first.
pub type HistoryByRecommendation = Children<event::Entity>;

impl Child for event::Entity {
    const PARENT: event::Column = event::Column::RecommendationId;
    const ORDER: event::Column = event::Column::Sequence;

    fn parent(m: &event::Model) -> &str {
        &m.recommendation_id
    }
}

pub struct ScrutineerById(pub DatabaseConnection);

impl Loader<String> for ScrutineerById {
    type Value = scrutineer::Model;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = scrutineer::Entity::find()
            .filter(scrutineer::Column::Id.is_in(keys.iter().cloned()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|r| (r.id.clone(), r)).collect())
    }
}

pub struct AppointmentsByScrutineer(pub DatabaseConnection);

impl Loader<String> for AppointmentsByScrutineer {
    type Value = Vec<appointment::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = appointment::Entity::find()
            .filter(appointment::Column::ScrutineerId.is_in(keys.iter().cloned()))
            // Appointments whose start the sources do not give come first on
            // every database: SQLite and PostgreSQL disagree on where NULLs sort.
            .order_by_with_nulls(
                appointment::Column::StartDate,
                Order::Asc,
                NullOrdering::First,
            )
            .order_by_asc(appointment::Column::Id)
            .all(&self.0)
            .await?;
        Ok(group_keys(
            keys,
            rows.into_iter().map(|r| (r.scrutineer_id.clone(), r)),
        ))
    }
}

fn cached<T: Loader<String>>(loader: T) -> Cached<T> {
    let loader = DataLoader::with_cache(loader, crate::telemetry::spawn, HashMapCache::default());
    loader.enable_all_cache(false);
    loader
}

/// Adds this domain's loaders to a request.
pub fn register(
    request: async_graphql::Request,
    db: &DatabaseConnection,
) -> async_graphql::Request {
    request
        .data(cached(ActivityById(db.clone())))
        .data(cached(PartnershipsByActivity(db.clone())))
        .data(cached(ThemesByActivity(db.clone())))
        .data(cached(FindingsByActivity::new(db.clone())))
        .data(cached(RecommendationsByActivity::new(db.clone())))
        .data(cached(HistoryByRecommendation::new(db.clone())))
        .data(cached(ScrutineerById(db.clone())))
        .data(cached(AppointmentsByScrutineer(db.clone())))
}
