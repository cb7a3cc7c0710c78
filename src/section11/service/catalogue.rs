//! Frameworks and rounds: organisational facts, readable by everyone.
use entity::section11_enums::Section11RoundMode;
use entity::{
    section11_framework, section11_round, section11_round_agency, section11_round_partnership,
    section11_standard, PartnershipCode,
};
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};

use crate::error::{AppError, AppResult};
use crate::pagination::{self, Order, Page, PageArgs};
use crate::text::TextKind;

pub async fn frameworks(db: &DatabaseConnection) -> AppResult<Vec<section11_framework::Model>> {
    Ok(section11_framework::Entity::find()
        .order_by_asc(section11_framework::Column::Code)
        .order_by_asc(section11_framework::Column::Edition)
        .all(db)
        .await?)
}

/// Every standard and sub-standard of a framework, in framework order.
pub async fn standards(
    db: &impl ConnectionTrait,
    framework_id: &str,
) -> AppResult<Vec<section11_standard::Model>> {
    Ok(section11_standard::Entity::find()
        .filter(section11_standard::Column::FrameworkId.eq(framework_id))
        .order_by_asc(section11_standard::Column::SortOrder)
        .all(db)
        .await?)
}

/// Narrows `section11Rounds`.
#[derive(Debug, Clone, Default)]
pub struct RoundFilter {
    pub partnership: Option<PartnershipCode>,
    pub period: Option<String>,
    pub mode: Option<Section11RoundMode>,
    pub framework: Option<String>,
}

/// The rounds' sort key: the day a round opens, then which (newest first).
pub type RoundKey = (chrono::NaiveDate, String);

/// Rounds, newest first.
pub async fn rounds(
    db: &DatabaseConnection,
    filter: &RoundFilter,
    page: &PageArgs<RoundKey>,
) -> AppResult<Page<RoundKey, section11_round::Model>> {
    let mut query = section11_round::Entity::find();
    if let Some(p) = filter.partnership {
        query = query.filter(
            section11_round::Column::Id.in_subquery(
                Query::select()
                    .column(section11_round_partnership::Column::RoundId)
                    .from(section11_round_partnership::Entity)
                    .and_where(section11_round_partnership::Column::PartnershipCode.eq(p))
                    .to_owned(),
            ),
        );
    }
    if let Some(period) = &filter.period {
        TextKind::Key.check("filter.period", period)?;
        query = query.filter(section11_round::Column::PeriodLabel.eq(period.as_str()));
    }
    if let Some(mode) = filter.mode {
        query = query.filter(section11_round::Column::Mode.eq(mode));
    }
    if let Some(framework) = &filter.framework {
        query = query.filter(section11_round::Column::FrameworkId.eq(framework.as_str()));
    }
    pagination::fetch(
        db,
        query,
        (
            section11_round::Column::OpensOn,
            section11_round::Column::Id,
        ),
        Order::Descending,
        page,
        |m: &section11_round::Model| (m.opens_on, m.id.clone()),
    )
    .await
}

/// The round `id`, or `NOT_FOUND`.
pub async fn round(db: &impl ConnectionTrait, id: &str) -> AppResult<section11_round::Model> {
    section11_round::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(format!("Section 11 round `{id}`")))
}

/// The partnerships taking part in a round, in the usual order.
pub async fn round_partnerships(
    db: &impl ConnectionTrait,
    round_id: &str,
) -> AppResult<Vec<section11_round_partnership::Model>> {
    let mut rows = section11_round_partnership::Entity::find()
        .filter(section11_round_partnership::Column::RoundId.eq(round_id))
        .all(db)
        .await?;
    rows.sort_by_key(|r| {
        PartnershipCode::ALL
            .iter()
            .position(|p| *p == r.partnership_code)
    });
    Ok(rows)
}

/// One partnership's part in a round, or `BAD_USER_INPUT` naming `field` when
/// the partnership does not take part.
pub async fn round_partnership(
    db: &impl ConnectionTrait,
    round: &section11_round::Model,
    partnership: PartnershipCode,
    field: &str,
) -> AppResult<section11_round_partnership::Model> {
    section11_round_partnership::Entity::find()
        .filter(section11_round_partnership::Column::RoundId.eq(round.id.as_str()))
        .filter(section11_round_partnership::Column::PartnershipCode.eq(partnership))
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::bad_input(
                field,
                format!(
                    "{partnership} does not take part in round `{}`",
                    round.title
                ),
            )
        })
}

/// The agencies expected to make a return in a round for a partnership.
pub async fn participants(
    db: &impl ConnectionTrait,
    round_id: &str,
    partnership: PartnershipCode,
) -> AppResult<Vec<section11_round_agency::Model>> {
    Ok(section11_round_agency::Entity::find()
        .filter(section11_round_agency::Column::RoundId.eq(round_id))
        .filter(section11_round_agency::Column::PartnershipCode.eq(partnership))
        .order_by_asc(section11_round_agency::Column::AgencyId)
        .all(db)
        .await?)
}
