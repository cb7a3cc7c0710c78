//! LADO as the machinery it shares with the other figure returns sees it
//! ([`crate::returns`]): its tables, its cells and its names.
use entity::lado_return::{self, LadoReturnStatus};
use entity::lado_return_cell::{self, LadoCell};

use super::cells;
use crate::access::Dataset;
use crate::returns::declare::figure_return;

figure_return! {
    /// The LADO dataset, as a type to name the shared functions by.
    Lado {
        table: lado_return,
        cells: lado_return_cell,
        status: LadoReturnStatus,
        cell: LadoCell,
        shape: cells,
        dataset: Dataset::Lado,
        name: "LADO",
        list_query: "ladoReturns",
        one_query: "ladoReturn",
        read_operation: super::reads::OPERATION,
        record_type: "lado_return",
        publish_operation: "publishLadoReturn",
        publishers: &super::submit::PUBLISHERS,
    }
}
