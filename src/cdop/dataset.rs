//! CDOP as the machinery it shares with the other figure returns sees it
//! ([`crate::returns`]): its tables, its cells and its names.
use entity::cdop_return::{self, CdopReturnStatus};
use entity::cdop_return_cell::{self, CdopCell};

use super::cells;
use crate::access::Dataset;
use crate::returns::declare::figure_return;

figure_return! {
    /// The CDOP dataset, as a type to name the shared functions by.
    Cdop {
        table: cdop_return,
        cells: cdop_return_cell,
        status: CdopReturnStatus,
        cell: CdopCell,
        shape: cells,
        dataset: Dataset::Cdop,
        name: "CDOP",
        list_query: "cdopReturns",
        one_query: "cdopReturn",
        read_operation: super::reads::OPERATION,
        record_type: "cdop_return",
        publish_operation: "publishCdopReturn",
        publishers: &super::submit::PUBLISHERS,
    }
}
