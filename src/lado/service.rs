//! Reading LADO returns for a scope: the shared [`crate::returns::service`]
//! over LADO.
use entity::PartnershipCode;
use sea_orm::DatabaseConnection;

use super::dataset::Lado;
use crate::access::Scope;
use crate::error::AppResult;
use crate::pagination::{Page, PageArgs};
pub use crate::returns::service::ReturnKey;
use crate::returns::service::{self, filtered};

pub type ReturnView = service::ReturnView<Lado>;
pub type PeriodSummary = service::PeriodSummary<Lado>;

/// Narrows a list of returns; every field is optional.
#[derive(Debug, Clone, Default)]
pub struct ReturnFilter {
    pub partnership: Option<PartnershipCode>,
    pub period: Option<String>,
}

/// Returns in scope, newest period first, then by partnership.
pub async fn list_returns(
    db: &DatabaseConnection,
    scope: &Scope,
    filter: &ReturnFilter,
    page: &PageArgs<ReturnKey>,
    threshold: i64,
) -> AppResult<Page<ReturnKey, ReturnView>> {
    let query = filtered::<Lado>(scope, filter.partnership, filter.period.as_deref())?;
    service::list_returns(db, scope, query, page, threshold).await
}
