//! DataLoaders for reference relations: one query per relation per request,
//! however many partnerships are listed.
use std::collections::HashMap;

use async_graphql::dataloader::Loader;
use entity::{
    cdop_panel, cdop_panel_membership, child_population, reporting_period, PartnershipCode,
};
use sea_orm::sea_query::NullOrdering;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, Order, QueryFilter, QueryOrder};

use crate::batch::group_by;
use crate::error::AppError;

pub struct PanelMembershipsByPartnership(pub DatabaseConnection);

impl Loader<PartnershipCode> for PanelMembershipsByPartnership {
    type Value = Vec<cdop_panel_membership::Model>;
    type Error = AppError;

    async fn load(
        &self,
        keys: &[PartnershipCode],
    ) -> Result<HashMap<PartnershipCode, Self::Value>, AppError> {
        let rows = cdop_panel_membership::Entity::find()
            .filter(cdop_panel_membership::Column::PartnershipCode.is_in(keys.iter().copied()))
            // Memberships that predate the records (no start date) come first on
            // every database: SQLite and PostgreSQL disagree on where NULLs sort.
            .order_by_with_nulls(
                cdop_panel_membership::Column::StartDate,
                Order::Asc,
                NullOrdering::First,
            )
            .order_by_asc(cdop_panel_membership::Column::Id)
            .all(&self.0)
            .await?;
        Ok(group_by(rows, |r| r.partnership_code))
    }
}

pub struct PopulationsByPartnership(pub DatabaseConnection);

impl Loader<PartnershipCode> for PopulationsByPartnership {
    type Value = Vec<child_population::Model>;
    type Error = AppError;

    async fn load(
        &self,
        keys: &[PartnershipCode],
    ) -> Result<HashMap<PartnershipCode, Self::Value>, AppError> {
        let rows = child_population::Entity::find()
            .filter(child_population::Column::PartnershipCode.is_in(keys.iter().copied()))
            .order_by_asc(child_population::Column::Year)
            .all(&self.0)
            .await?;
        Ok(group_by(rows, |r| r.partnership_code))
    }
}

pub struct PanelByCode(pub DatabaseConnection);

impl Loader<String> for PanelByCode {
    type Value = cdop_panel::Model;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = cdop_panel::Entity::find()
            .filter(cdop_panel::Column::Code.is_in(keys.iter().cloned()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|r| (r.code.clone(), r)).collect())
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

/// A request's loader of partnerships' panel memberships; it keeps what it
/// loaded, so a prefetch can fill it before the list resolves.
pub type MembershipLoader = async_graphql::dataloader::DataLoader<
    PanelMembershipsByPartnership,
    async_graphql::dataloader::HashMapCache,
>;

/// A request's loader of panels by code, keeping what it loaded.
pub type PanelLoader =
    async_graphql::dataloader::DataLoader<PanelByCode, async_graphql::dataloader::HashMapCache>;

/// Adds this domain's loaders to a request.
pub fn register(
    request: async_graphql::Request,
    db: &DatabaseConnection,
) -> async_graphql::Request {
    use async_graphql::dataloader::{DataLoader, HashMapCache};
    request
        .data(DataLoader::with_cache(
            PanelMembershipsByPartnership(db.clone()),
            crate::telemetry::spawn,
            HashMapCache::default(),
        ))
        .data(DataLoader::new(
            PopulationsByPartnership(db.clone()),
            crate::telemetry::spawn,
        ))
        .data(DataLoader::with_cache(
            PanelByCode(db.clone()),
            crate::telemetry::spawn,
            HashMapCache::default(),
        ))
        .data(DataLoader::new(
            PeriodByLabel(db.clone()),
            crate::telemetry::spawn,
        ))
}
