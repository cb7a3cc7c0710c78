//! A LADO return's figures as one viewer may see them: the shared
//! [`crate::returns::figures`] over LADO's cells.
use entity::lado_return_cell::LadoCell;

#[cfg(test)]
use super::cells::{breakdowns, index, CELLS, COUNT};
#[cfg(test)]
use crate::disclosure::Figure;
pub use crate::returns::figures::{period_figures, return_figures, PopulationUsed};

pub type ReturnCells = crate::returns::figures::ReturnCells<LadoCell>;
pub type LadoFigures = crate::returns::figures::Figures<LadoCell>;
pub type PeriodEntry = crate::returns::figures::PeriodEntry<LadoCell>;
pub type PeriodFigures = crate::returns::figures::PeriodFigures<LadoCell>;

#[cfg(test)]
mod tests;
