//! DataLoaders for CDOP relations: one query per relation per request,
//! however many returns a page lists. Panels come through the reference
//! domain's `PanelByCode`.
use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};
use entity::reporting_period;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::error::AppError;

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
pub fn register(
    request: async_graphql::Request,
    db: &DatabaseConnection,
) -> async_graphql::Request {
    request.data(DataLoader::new(PeriodByLabel(db.clone()), tokio::spawn))
}
