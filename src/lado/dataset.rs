//! LADO as the machinery it shares with the other figure returns sees it
//! ([`crate::returns`]): its tables, its cells and its names.
use chrono::{DateTime, NaiveDate, Utc};
use entity::lado_return::{self, LadoReturnStatus};
use entity::lado_return_cell::{self, LadoCell};
use entity::PartnershipCode;
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{ColumnTrait, Set};

use super::cells;
use crate::access::Dataset;
use crate::auth::Role;
use crate::returns::validate::ValidCell;
use crate::returns::{BreakdownShape, CellRecord, FigureReturn, ReturnCell, ReturnRecord};

/// The LADO dataset, as a type to name the shared functions by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lado;

impl FigureReturn for Lado {
    type Entity = lado_return::Entity;
    type Model = lado_return::Model;
    type CellEntity = lado_return_cell::Entity;
    type CellModel = lado_return_cell::Model;
    type Cell = LadoCell;
    type ActiveModel = lado_return::ActiveModel;
    type CellActiveModel = lado_return_cell::ActiveModel;

    const DATASET: Dataset = Dataset::Lado;
    const NAME: &'static str = "LADO";
    const LIST_QUERY: &'static str = "ladoReturns";
    const ONE_QUERY: &'static str = "ladoReturn";
    const READ_OPERATION: &'static str = super::reads::OPERATION;
    const RECORD_TYPE: &'static str = "lado_return";
    const PUBLISH_OPERATION: &'static str = "publishLadoReturn";
    const PUBLISHERS: &'static [Role] = &super::submit::PUBLISHERS;

    const ID: lado_return::Column = lado_return::Column::Id;
    const PARTNERSHIP_CODE: lado_return::Column = lado_return::Column::PartnershipCode;
    const PERIOD_LABEL: lado_return::Column = lado_return::Column::PeriodLabel;
    const PERIOD_START: lado_return::Column = lado_return::Column::PeriodStart;
    const VERSION: lado_return::Column = lado_return::Column::Version;
    const CELL_RETURN_ID: lado_return_cell::Column = lado_return_cell::Column::ReturnId;

    fn published() -> SimpleExpr {
        lado_return::Column::Status.eq(LadoReturnStatus::Published)
    }

    fn publication(by: String, at: DateTime<Utc>, version: i32) -> Self::ActiveModel {
        lado_return::ActiveModel {
            status: Set(LadoReturnStatus::Published),
            published_by: Set(Some(by)),
            published_at: Set(Some(at)),
            version: Set(version),
            ..Default::default()
        }
    }

    fn cell_row(return_id: &str, cell: &ValidCell<LadoCell>) -> Self::CellActiveModel {
        lado_return_cell::ActiveModel {
            return_id: Set(return_id.to_string()),
            cell: Set(cell.cell),
            count: Set(cell.count),
            share_percent: Set(cell.share_percent),
        }
    }
}

impl ReturnCell for LadoCell {
    const CELLS: &'static [Self] = &cells::CELLS;
    const BREAKDOWNS: &'static [BreakdownShape<Self>] = &cells::BREAKDOWNS;

    fn share_base(self) -> Option<Self> {
        cells::share_base(self)
    }

    fn has_rate(self) -> bool {
        cells::has_rate(self)
    }

    fn input_path(self) -> &'static str {
        cells::input_path(self)
    }
}

impl ReturnRecord for lado_return::Model {
    fn id(&self) -> &str {
        &self.id
    }
    fn partnership(&self) -> PartnershipCode {
        self.partnership_code
    }
    fn period_label(&self) -> &str {
        &self.period_label
    }
    fn period_start(&self) -> NaiveDate {
        self.period_start
    }
    fn version(&self) -> i32 {
        self.version
    }
    fn published(&self) -> bool {
        self.status == LadoReturnStatus::Published
    }
}

impl CellRecord<LadoCell> for lado_return_cell::Model {
    fn return_id(&self) -> &str {
        &self.return_id
    }
    fn cell(&self) -> LadoCell {
        self.cell
    }
    fn count(&self) -> i32 {
        self.count
    }
    fn share_percent(&self) -> Option<f64> {
        self.share_percent
    }
}
