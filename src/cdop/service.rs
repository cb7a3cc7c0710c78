//! Reading CDOP returns for a scope: the shared [`crate::returns::service`]
//! over CDOP, with what only CDOP has (its panels).
use entity::{cdop_return, PartnershipCode};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::dataset::Cdop;
use crate::access::Scope;
use crate::error::AppResult;
use crate::pagination::{Page, PageArgs};
pub use crate::returns::service::ReturnKey;
use crate::returns::service::{self, filtered};
use crate::text::TextKind;

pub type ReturnView = service::ReturnView<Cdop>;
pub type PeriodSummary = service::PeriodSummary<Cdop>;

/// Narrows a list of returns; every field is optional.
#[derive(Debug, Clone, Default)]
pub struct ReturnFilter {
    pub partnership: Option<PartnershipCode>,
    pub period: Option<String>,
    pub panel: Option<String>,
}

/// Returns in scope, newest period first, then by partnership.
pub async fn list_returns(
    db: &DatabaseConnection,
    scope: &Scope,
    filter: &ReturnFilter,
    page: &PageArgs<ReturnKey>,
    threshold: i64,
) -> AppResult<Page<ReturnKey, ReturnView>> {
    let mut query = filtered::<Cdop>(scope, filter.partnership, filter.period.as_deref())?;
    if let Some(panel) = &filter.panel {
        TextKind::Key.check("filter.panel", panel)?;
        query = query.filter(cdop_return::Column::PanelCode.eq(panel.as_str()));
    }
    service::list_returns(db, scope, query, page, threshold).await
}

/// The child death overview panels, by name. Reference data: public.
pub async fn panels(db: &DatabaseConnection) -> AppResult<Vec<entity::cdop_panel::Model>> {
    Ok(entity::cdop_panel::Entity::find()
        .order_by_asc(entity::cdop_panel::Column::Name)
        .all(db)
        .await?)
}
