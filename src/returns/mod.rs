//! The machinery CDOP and LADO share: a return is one partnership's figures
//! for one period, stored as a row and its cells, read exactly by those with
//! exact rights and through disclosure control by everyone else. Each dataset
//! says only what differs (its tables, cells, dataset and names) by
//! implementing [`FigureReturn`].
pub mod declare;
pub mod demo;
pub mod figures;
#[cfg(test)]
pub(crate) mod properties;
pub mod reads;
pub mod service;
pub mod submit;
pub mod validate;

use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use entity::PartnershipCode;
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, EntityTrait, FromQueryResult, IntoActiveModel,
};

use crate::access::Dataset;
use crate::auth::Role;
use crate::disclosure::Breakdown;

/// One figure of a return, and the shape the figures form.
pub trait ReturnCell: Copy + Eq + std::fmt::Debug + Send + Sync + 'static {
    /// Every figure, in the order used to index them.
    const CELLS: &'static [Self];
    const BREAKDOWNS: &'static [BreakdownShape<Self>];

    /// The total this figure's share is of; `None` for a total.
    fn share_base(self) -> Option<Self>;

    /// True for the figures a rate per 10,000 children is given for.
    fn has_rate(self) -> bool;

    /// The input path of a figure, as validation errors name it.
    fn input_path(self) -> &'static str;
}

/// Where `cell` stands in [`ReturnCell::CELLS`].
pub fn index<C: ReturnCell>(cell: C) -> usize {
    C::CELLS.iter().position(|c| *c == cell).unwrap_or(0)
}

/// The breakdowns as disclosure control reads them.
pub fn breakdowns<C: ReturnCell>() -> Vec<Breakdown> {
    C::BREAKDOWNS
        .iter()
        .map(|b| Breakdown::new(index(b.total), b.parts.iter().map(|p| index(*p))))
        .collect()
}

/// One breakdown of a return, as the input and the schema name it.
pub struct BreakdownShape<C: 'static> {
    /// The input field holding the cells, e.g. `byCategory`.
    pub field: &'static str,
    pub total: C,
    pub parts: &'static [C],
}

/// What the shared code reads of a return's row.
pub trait ReturnRecord {
    fn id(&self) -> &str;
    fn partnership(&self) -> PartnershipCode;
    fn period_label(&self) -> &str;
    fn period_start(&self) -> NaiveDate;
    fn version(&self) -> i32;
    fn published(&self) -> bool;
}

/// What the shared code reads of one stored figure.
pub trait CellRecord<C> {
    fn return_id(&self) -> &str;
    fn cell(&self) -> C;
    fn count(&self) -> i32;
    fn share_percent(&self) -> Option<f64>;
}

type ColumnOf<E> = <E as EntityTrait>::Column;

/// A dataset of returns: its tables, its cells and the names it goes by in
/// messages and the audit.
pub trait FigureReturn: Clone + std::fmt::Debug + PartialEq + Send + Sync + 'static {
    type Entity: EntityTrait<Model = Self::Model>;
    type Model: ReturnRecord
        + FromQueryResult
        + IntoActiveModel<Self::ActiveModel>
        + Clone
        + std::fmt::Debug
        + PartialEq
        + Send
        + Sync;
    type CellEntity: EntityTrait<Model = Self::CellModel>;
    type CellModel: CellRecord<Self::Cell> + FromQueryResult + Send + Sync;
    type Cell: ReturnCell;
    type ActiveModel: ActiveModelTrait<Entity = Self::Entity> + ActiveModelBehavior + Send;
    type CellActiveModel: ActiveModelTrait<Entity = Self::CellEntity> + Send;

    const DATASET: Dataset;
    /// As messages name it, e.g. `CDOP`.
    const NAME: &'static str;
    /// The queries that list returns and read one, as the audit names them.
    const LIST_QUERY: &'static str;
    const ONE_QUERY: &'static str;
    /// The audit's operation and record type for an exact read.
    const READ_OPERATION: &'static str;
    const RECORD_TYPE: &'static str;
    /// The audit's operation for publishing, and who may publish.
    const PUBLISH_OPERATION: &'static str;
    const PUBLISHERS: &'static [Role];

    const ID: ColumnOf<Self::Entity>;
    const PARTNERSHIP_CODE: ColumnOf<Self::Entity>;
    const PERIOD_LABEL: ColumnOf<Self::Entity>;
    const PERIOD_START: ColumnOf<Self::Entity>;
    const VERSION: ColumnOf<Self::Entity>;
    const CELL_RETURN_ID: ColumnOf<Self::CellEntity>;

    /// True of a published return.
    fn published() -> sea_orm::sea_query::SimpleExpr;

    /// A submitted return's row, as a submitter gives it.
    fn submission(
        source: String,
        quote: Option<String>,
        illustrative: bool,
        by: String,
        at: DateTime<Utc>,
    ) -> Self::ActiveModel;

    /// The change that publishes a return at `version`.
    fn publication(by: String, at: DateTime<Utc>, version: i32) -> Self::ActiveModel;

    /// A validated figure as a row of `return_id`.
    fn cell_row(return_id: &str, cell: &validate::ValidCell<Self::Cell>) -> Self::CellActiveModel;
}
