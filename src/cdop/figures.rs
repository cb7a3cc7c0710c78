//! A CDOP return's figures as one viewer may see them: the shared
//! [`crate::returns::figures`] over CDOP's cells.
use entity::cdop_return_cell::CdopCell;

#[cfg(test)]
use super::cells::{breakdowns, index, CELLS, COUNT};
#[cfg(test)]
use crate::disclosure::Figure;
pub use crate::returns::figures::{period_figures, return_figures, PopulationUsed};

pub type ReturnCells = crate::returns::figures::ReturnCells<CdopCell>;
pub type CdopFigures = crate::returns::figures::Figures<CdopCell>;
pub type PeriodEntry = crate::returns::figures::PeriodEntry<CdopCell>;
pub type PeriodFigures = crate::returns::figures::PeriodFigures<CdopCell>;

#[cfg(test)]
mod tests;
