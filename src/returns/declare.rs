//! One macro to declare a dataset of figure returns: its tables share the
//! column names every figure return has, so implementing [`FigureReturn`] and
//! friends differs between datasets only in the names it is given.
#[cfg(doc)]
use super::FigureReturn;

/// Declares `$marker` as a [`FigureReturn`] over the return table `$table`
/// and the cell table `$cells`, and the traits the shared code reads its
/// rows and cells through. `$shape` is the module holding the cells' order,
/// breakdowns, share bases, rates and input paths.
macro_rules! figure_return {
    (
        $(#[$doc:meta])*
        $marker:ident {
            table: $table:ident,
            cells: $cells:ident,
            status: $status:ident,
            cell: $cell:ident,
            shape: $shape:ident,
            dataset: $dataset:expr,
            name: $name:literal,
            list_query: $list_query:literal,
            one_query: $one_query:literal,
            read_operation: $read_operation:expr,
            record_type: $record_type:literal,
            publish_operation: $publish_operation:literal,
            publishers: $publishers:expr $(,)?
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $marker;

        impl $crate::returns::FigureReturn for $marker {
            type Entity = $table::Entity;
            type Model = $table::Model;
            type CellEntity = $cells::Entity;
            type CellModel = $cells::Model;
            type Cell = $cell;
            type ActiveModel = $table::ActiveModel;
            type CellActiveModel = $cells::ActiveModel;

            const DATASET: $crate::access::Dataset = $dataset;
            const NAME: &'static str = $name;
            const LIST_QUERY: &'static str = $list_query;
            const ONE_QUERY: &'static str = $one_query;
            const READ_OPERATION: &'static str = $read_operation;
            const RECORD_TYPE: &'static str = $record_type;
            const PUBLISH_OPERATION: &'static str = $publish_operation;
            const PUBLISHERS: &'static [$crate::auth::Role] = $publishers;

            const ID: $table::Column = $table::Column::Id;
            const PARTNERSHIP_CODE: $table::Column = $table::Column::PartnershipCode;
            const PERIOD_LABEL: $table::Column = $table::Column::PeriodLabel;
            const PERIOD_START: $table::Column = $table::Column::PeriodStart;
            const VERSION: $table::Column = $table::Column::Version;
            const CELL_RETURN_ID: $cells::Column = $cells::Column::ReturnId;

            fn published() -> sea_orm::sea_query::SimpleExpr {
                sea_orm::ColumnTrait::eq(&$table::Column::Status, $status::Published)
            }

            fn submission(
                source: String,
                quote: Option<String>,
                illustrative: bool,
                by: String,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Self::ActiveModel {
                $table::ActiveModel {
                    status: sea_orm::Set($status::Submitted),
                    source: sea_orm::Set(source),
                    source_quote: sea_orm::Set(quote),
                    illustrative: sea_orm::Set(illustrative),
                    submitted_by: sea_orm::Set(by),
                    submitted_at: sea_orm::Set(at),
                    published_by: sea_orm::Set(None),
                    published_at: sea_orm::Set(None),
                    ..Default::default()
                }
            }

            fn publication(by: String, at: chrono::DateTime<chrono::Utc>, version: i32) -> Self::ActiveModel {
                $table::ActiveModel {
                    status: sea_orm::Set($status::Published),
                    published_by: sea_orm::Set(Some(by)),
                    published_at: sea_orm::Set(Some(at)),
                    version: sea_orm::Set(version),
                    ..Default::default()
                }
            }

            fn cell_row(return_id: &str, cell: &$crate::returns::validate::ValidCell<$cell>) -> Self::CellActiveModel {
                $cells::ActiveModel {
                    return_id: sea_orm::Set(return_id.to_string()),
                    cell: sea_orm::Set(cell.cell),
                    count: sea_orm::Set(cell.count),
                    share_percent: sea_orm::Set(cell.share_percent),
                }
            }
        }

        impl $crate::returns::ReturnCell for $cell {
            const CELLS: &'static [Self] = &$shape::CELLS;
            const BREAKDOWNS: &'static [$crate::returns::BreakdownShape<Self>] = &$shape::BREAKDOWNS;

            fn share_base(self) -> Option<Self> {
                $shape::share_base(self)
            }

            fn has_rate(self) -> bool {
                $shape::has_rate(self)
            }

            fn input_path(self) -> &'static str {
                $shape::input_path(self)
            }
        }

        impl $crate::returns::ReturnRecord for $table::Model {
            fn id(&self) -> &str {
                &self.id
            }
            fn partnership(&self) -> entity::PartnershipCode {
                self.partnership_code
            }
            fn period_label(&self) -> &str {
                &self.period_label
            }
            fn period_start(&self) -> chrono::NaiveDate {
                self.period_start
            }
            fn version(&self) -> i32 {
                self.version
            }
            fn published(&self) -> bool {
                self.status == $status::Published
            }
        }

        impl $crate::returns::CellRecord<$cell> for $cells::Model {
            fn return_id(&self) -> &str {
                &self.return_id
            }
            fn cell(&self) -> $cell {
                self.cell
            }
            fn count(&self) -> i32 {
                self.count
            }
            fn share_percent(&self) -> Option<f64> {
                self.share_percent
            }
        }
    };
}

pub(crate) use figure_return;
