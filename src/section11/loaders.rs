//! DataLoaders for Section 11 relations: one query per relation per request,
//! however many returns, rounds or agencies a page holds.
//!
//! Loaders keyed by return id (grades, actions) are only reached from a
//! return the caller was already allowed to read.
use std::collections::HashMap;
use std::hash::Hash;

use async_graphql::dataloader::{DataLoader, Loader};
use entity::{
    reporting_period, section11_action, section11_agency, section11_agency_partnership,
    section11_framework, section11_grade, section11_round, section11_round_partnership,
    section11_standard, PartnershipCode,
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::error::AppError;

fn group<K: Eq + Hash, V>(rows: Vec<V>, key: impl Fn(&V) -> K) -> HashMap<K, Vec<V>> {
    let mut out: HashMap<K, Vec<V>> = HashMap::new();
    for row in rows {
        out.entry(key(&row)).or_default().push(row);
    }
    out
}

pub struct AgencyById(pub DatabaseConnection);

impl Loader<String> for AgencyById {
    type Value = section11_agency::Model;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = section11_agency::Entity::find()
            .filter(section11_agency::Column::Id.is_in(keys.iter().cloned()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|r| (r.id.clone(), r)).collect())
    }
}

pub struct PartnershipsByAgency(pub DatabaseConnection);

impl Loader<String> for PartnershipsByAgency {
    type Value = Vec<PartnershipCode>;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = section11_agency_partnership::Entity::find()
            .filter(section11_agency_partnership::Column::AgencyId.is_in(keys.iter().cloned()))
            .all(&self.0)
            .await?;
        let mut out = HashMap::new();
        for (agency, rows) in group(rows, |r| r.agency_id.clone()) {
            let mut codes: Vec<PartnershipCode> = rows.into_iter().map(|r| r.partnership_code).collect();
            codes.sort_by_key(|p| PartnershipCode::ALL.iter().position(|q| q == p));
            out.insert(agency, codes);
        }
        Ok(out)
    }
}

pub struct RoundById(pub DatabaseConnection);

impl Loader<String> for RoundById {
    type Value = section11_round::Model;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = section11_round::Entity::find()
            .filter(section11_round::Column::Id.is_in(keys.iter().cloned()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|r| (r.id.clone(), r)).collect())
    }
}

pub struct PartsByRound(pub DatabaseConnection);

impl Loader<String> for PartsByRound {
    type Value = Vec<section11_round_partnership::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = section11_round_partnership::Entity::find()
            .filter(section11_round_partnership::Column::RoundId.is_in(keys.iter().cloned()))
            .all(&self.0)
            .await?;
        let mut out = group(rows, |r| r.round_id.clone());
        for parts in out.values_mut() {
            parts.sort_by_key(|r| PartnershipCode::ALL.iter().position(|p| *p == r.partnership_code));
        }
        Ok(out)
    }
}

pub struct FrameworkById(pub DatabaseConnection);

impl Loader<String> for FrameworkById {
    type Value = section11_framework::Model;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = section11_framework::Entity::find()
            .filter(section11_framework::Column::Id.is_in(keys.iter().cloned()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|r| (r.id.clone(), r)).collect())
    }
}

pub struct StandardsByFramework(pub DatabaseConnection);

impl Loader<String> for StandardsByFramework {
    type Value = Vec<section11_standard::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = section11_standard::Entity::find()
            .filter(section11_standard::Column::FrameworkId.is_in(keys.iter().cloned()))
            .order_by_asc(section11_standard::Column::SortOrder)
            .all(&self.0)
            .await?;
        Ok(group(rows, |r| r.framework_id.clone()))
    }
}

pub struct StandardById(pub DatabaseConnection);

impl Loader<String> for StandardById {
    type Value = section11_standard::Model;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = section11_standard::Entity::find()
            .filter(section11_standard::Column::Id.is_in(keys.iter().cloned()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|r| (r.id.clone(), r)).collect())
    }
}

pub struct GradesByReturn(pub DatabaseConnection);

impl Loader<String> for GradesByReturn {
    type Value = Vec<section11_grade::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = section11_grade::Entity::find()
            .filter(section11_grade::Column::ReturnId.is_in(keys.iter().cloned()))
            .order_by_asc(section11_grade::Column::Id)
            .all(&self.0)
            .await?;
        Ok(group(rows, |r| r.return_id.clone()))
    }
}

pub struct ActionsByReturn(pub DatabaseConnection);

impl Loader<String> for ActionsByReturn {
    type Value = Vec<section11_action::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = section11_action::Entity::find()
            .filter(section11_action::Column::ReturnId.is_in(keys.iter().cloned()))
            .order_by_asc(section11_action::Column::SortOrder)
            .all(&self.0)
            .await?;
        Ok(group(rows, |r| r.return_id.clone()))
    }
}

pub struct PeriodByLabel(pub DatabaseConnection);

impl Loader<String> for PeriodByLabel {
    type Value = reporting_period::Model;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = reporting_period::Entity::find()
            .filter(reporting_period::Column::Label.is_in(keys.iter().cloned()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|r| (r.label.clone(), r)).collect())
    }
}

/// Adds this domain's loaders to a request.
pub fn register(request: async_graphql::Request, db: &DatabaseConnection) -> async_graphql::Request {
    request
        .data(DataLoader::new(AgencyById(db.clone()), tokio::spawn))
        .data(DataLoader::new(PartnershipsByAgency(db.clone()), tokio::spawn))
        .data(DataLoader::new(RoundById(db.clone()), tokio::spawn))
        .data(DataLoader::new(PartsByRound(db.clone()), tokio::spawn))
        .data(DataLoader::new(FrameworkById(db.clone()), tokio::spawn))
        .data(DataLoader::new(StandardsByFramework(db.clone()), tokio::spawn))
        .data(DataLoader::new(StandardById(db.clone()), tokio::spawn))
        .data(DataLoader::new(GradesByReturn(db.clone()), tokio::spawn))
        .data(DataLoader::new(ActionsByReturn(db.clone()), tokio::spawn))
        .data(DataLoader::new(PeriodByLabel(db.clone()), tokio::spawn))
}
