//! CDOP as the machinery it shares with the other figure returns sees it
//! ([`crate::returns`]): its tables, its cells and its names.
use chrono::{DateTime, NaiveDate, Utc};
use entity::cdop_return::{self, CdopReturnStatus};
use entity::cdop_return_cell::{self, CdopCell};
use entity::PartnershipCode;
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{ColumnTrait, Set};

use super::cells;
use crate::access::Dataset;
use crate::auth::Role;
use crate::returns::validate::ValidCell;
use crate::returns::{BreakdownShape, CellRecord, FigureReturn, ReturnCell, ReturnRecord};

/// The CDOP dataset, as a type to name the shared functions by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cdop;

impl FigureReturn for Cdop {
    type Entity = cdop_return::Entity;
    type Model = cdop_return::Model;
    type CellEntity = cdop_return_cell::Entity;
    type CellModel = cdop_return_cell::Model;
    type Cell = CdopCell;
    type ActiveModel = cdop_return::ActiveModel;
    type CellActiveModel = cdop_return_cell::ActiveModel;

    const DATASET: Dataset = Dataset::Cdop;
    const NAME: &'static str = "CDOP";
    const LIST_QUERY: &'static str = "cdopReturns";
    const ONE_QUERY: &'static str = "cdopReturn";
    const READ_OPERATION: &'static str = super::reads::OPERATION;
    const RECORD_TYPE: &'static str = "cdop_return";
    const PUBLISH_OPERATION: &'static str = "publishCdopReturn";
    const PUBLISHERS: &'static [Role] = &super::submit::PUBLISHERS;

    const ID: cdop_return::Column = cdop_return::Column::Id;
    const PARTNERSHIP_CODE: cdop_return::Column = cdop_return::Column::PartnershipCode;
    const PERIOD_LABEL: cdop_return::Column = cdop_return::Column::PeriodLabel;
    const PERIOD_START: cdop_return::Column = cdop_return::Column::PeriodStart;
    const VERSION: cdop_return::Column = cdop_return::Column::Version;
    const CELL_RETURN_ID: cdop_return_cell::Column = cdop_return_cell::Column::ReturnId;

    fn published() -> SimpleExpr {
        cdop_return::Column::Status.eq(CdopReturnStatus::Published)
    }

    fn publication(by: String, at: DateTime<Utc>, version: i32) -> Self::ActiveModel {
        cdop_return::ActiveModel {
            status: Set(CdopReturnStatus::Published),
            published_by: Set(Some(by)),
            published_at: Set(Some(at)),
            version: Set(version),
            ..Default::default()
        }
    }

    fn cell_row(return_id: &str, cell: &ValidCell<CdopCell>) -> Self::CellActiveModel {
        cdop_return_cell::ActiveModel {
            return_id: Set(return_id.to_string()),
            cell: Set(cell.cell),
            count: Set(cell.count),
            share_percent: Set(cell.share_percent),
        }
    }
}

impl ReturnCell for CdopCell {
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

impl ReturnRecord for cdop_return::Model {
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
        self.status == CdopReturnStatus::Published
    }
}

impl CellRecord<CdopCell> for cdop_return_cell::Model {
    fn return_id(&self) -> &str {
        &self.return_id
    }
    fn cell(&self) -> CdopCell {
        self.cell
    }
    fn count(&self) -> i32 {
        self.count
    }
    fn share_percent(&self) -> Option<f64> {
        self.share_percent
    }
}
