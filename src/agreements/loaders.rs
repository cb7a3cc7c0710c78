//! DataLoaders for agreement relations: one statement per relation per request.
use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};
use entity::{
    sharing_agreement as agreement, sharing_agreement_event as event,
    sharing_agreement_signature as signature,
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::rules::Recipient;
use super::service;
use crate::batch::group_by;
use crate::error::AppError;

pub struct RecipientsByAgreement(pub DatabaseConnection);

impl Loader<String> for RecipientsByAgreement {
    type Value = Vec<Recipient>;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        service::recipients_of(&self.0, keys.iter().cloned()).await
    }
}

pub struct SignaturesByAgreement(pub DatabaseConnection);

impl Loader<String> for SignaturesByAgreement {
    type Value = Vec<signature::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = signature::Entity::find()
            .filter(signature::Column::AgreementId.is_in(keys.iter().cloned()))
            .order_by_asc(signature::Column::Id)
            .all(&self.0)
            .await?;
        Ok(group_by(rows, |r| r.agreement_id.clone()))
    }
}

pub struct EventsByAgreement(pub DatabaseConnection);

impl Loader<String> for EventsByAgreement {
    type Value = Vec<event::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = event::Entity::find()
            .filter(event::Column::AgreementId.is_in(keys.iter().cloned()))
            .order_by_asc(event::Column::Id)
            .all(&self.0)
            .await?;
        Ok(group_by(rows, |r| r.agreement_id.clone()))
    }
}

/// Agreements by id, for `myAccess`. Visibility is not re-checked here: the
/// ids come from the caller's own grants, which it may always see.
pub struct AgreementById(pub DatabaseConnection);

impl Loader<String> for AgreementById {
    type Value = agreement::Model;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = agreement::Entity::find()
            .filter(agreement::Column::Id.is_in(keys.iter().cloned()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|r| (r.id.clone(), r)).collect())
    }
}

/// Adds this domain's loaders to a request.
pub fn register(
    request: async_graphql::Request,
    db: &DatabaseConnection,
) -> async_graphql::Request {
    request
        .data(DataLoader::new(
            RecipientsByAgreement(db.clone()),
            crate::telemetry::spawn,
        ))
        .data(DataLoader::new(
            SignaturesByAgreement(db.clone()),
            crate::telemetry::spawn,
        ))
        .data(DataLoader::new(
            EventsByAgreement(db.clone()),
            crate::telemetry::spawn,
        ))
        .data(DataLoader::new(
            AgreementById(db.clone()),
            crate::telemetry::spawn,
        ))
}
