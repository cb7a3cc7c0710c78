//! A return's figures as one viewer may see them, and a period's figures
//! across the five partnerships with the regional total. Pure functions over
//! the rules in [`crate::disclosure`]; the service feeds them from the database.
use std::marker::PhantomData;

use super::{breakdowns, index, CellRecord, ReturnCell};
use crate::disclosure::{rate_per_10k, region_cell, share_percent, suppress, Contribution, Figure};

/// A return's figures as stored: counts and the percentages the report gave,
/// indexed like [`ReturnCell::CELLS`].
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnCells<C> {
    pub counts: Vec<Option<i64>>,
    pub shares: Vec<Option<f64>>,
    cell: PhantomData<C>,
}

impl<C: ReturnCell> Default for ReturnCells<C> {
    fn default() -> Self {
        ReturnCells {
            counts: vec![None; C::CELLS.len()],
            shares: vec![None; C::CELLS.len()],
            cell: PhantomData,
        }
    }
}

impl<C: ReturnCell> ReturnCells<C> {
    pub fn from_rows<'a, R: CellRecord<C> + 'a>(rows: impl IntoIterator<Item = &'a R>) -> Self {
        let mut cells = ReturnCells::default();
        for row in rows {
            let i = index(row.cell());
            cells.counts[i] = Some(i64::from(row.count()));
            cells.shares[i] = row.share_percent();
        }
        cells
    }

    pub fn count(&self, cell: C) -> Option<i64> {
        self.counts[index(cell)]
    }

    /// The cells a viewer without exact rights may not see. It depends on the
    /// return alone, never on who asks, so every view of a return (alone, in
    /// a list, in the regional summary) hides the same cells and no two views
    /// can be combined to undo each other.
    pub fn public_suppression(&self, threshold: i64) -> Vec<bool> {
        suppress(&self.counts, &breakdowns::<C>(), threshold)
    }
}

/// The population a rate divides by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PopulationUsed {
    pub children: i64,
    pub year: i32,
    /// True when the population is an estimate or placeholder (marked approximate).
    pub approximate: bool,
}

/// A return's (or the region's) figures as one viewer may see them, indexed
/// like [`ReturnCell::CELLS`].
#[derive(Debug, Clone, PartialEq)]
pub struct Figures<C> {
    pub cells: Vec<Figure>,
    /// True when disclosure control was applied (the viewer lacks exact rights).
    pub controlled: bool,
    cell: PhantomData<C>,
}

impl<C: ReturnCell> Figures<C> {
    pub fn get(&self, cell: C) -> &Figure {
        &self.cells[index(cell)]
    }

    /// True when every figure of the breakdown headed by `field` is reported.
    pub fn complete(&self, field: &str) -> bool {
        C::BREAKDOWNS.iter().filter(|b| b.field == field).all(|b| {
            std::iter::once(b.total)
                .chain(b.parts.iter().copied())
                .all(|c| self.get(c).reported)
        })
    }
}

/// Builds the figures from counts and what is hidden.
fn assemble<C: ReturnCell>(
    counts: &[Option<i64>],
    shares: &[Option<f64>],
    hidden: &[bool],
    population: Option<PopulationUsed>,
    controlled: bool,
) -> Figures<C> {
    let cells = C::CELLS
        .iter()
        .enumerate()
        .map(|(i, &cell)| {
            let share = cell.share_base().and_then(|base| {
                let b = index(base);
                share_percent(counts[i], hidden[i], counts[b], hidden[b], shares[i])
            });
            let (rate, year) = if cell.has_rate() {
                (
                    rate_per_10k(counts[i], hidden[i], population.map(|p| p.children)),
                    population.map(|p| p.year),
                )
            } else {
                (None, None)
            };
            let estimated = rate.is_some() && population.is_some_and(|p| p.approximate);
            Figure::new(counts[i], hidden[i], share, rate, year, estimated)
        })
        .collect();
    Figures {
        cells,
        controlled,
        cell: PhantomData,
    }
}

/// One return's figures: exactly for a viewer with exact rights for its
/// partnership, through disclosure control for anyone else.
pub fn return_figures<C: ReturnCell>(
    cells: &ReturnCells<C>,
    exact: bool,
    population: Option<PopulationUsed>,
    threshold: i64,
) -> Figures<C> {
    let hidden = if exact {
        vec![false; C::CELLS.len()]
    } else {
        cells.public_suppression(threshold)
    };
    assemble(&cells.counts, &cells.shares, &hidden, population, !exact)
}

/// One partnership's return in a period, as the service found it for a viewer.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodEntry<C> {
    /// `None` when the viewer may see no return for the partnership.
    pub cells: Option<ReturnCells<C>>,
    pub exact: bool,
    pub population: Option<PopulationUsed>,
}

/// A period across the partnerships.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodFigures<C> {
    /// In the order of the entries given.
    pub partnerships: Vec<Option<Figures<C>>>,
    pub region: Figures<C>,
}

/// Every partnership's figures for a period and the regional total, for one
/// viewer. Each partnership hides what its own return hides from the public
/// (unless the viewer sees it exactly); a regional figure is shown only where
/// [`region_cell`] allows. Regional rates divide by the sum of the
/// partnerships' populations and name the oldest year among them.
pub fn period_figures<C: ReturnCell>(
    entries: &[PeriodEntry<C>],
    threshold: i64,
) -> PeriodFigures<C> {
    let count = C::CELLS.len();
    let public: Vec<Option<Vec<bool>>> = entries
        .iter()
        .map(|e| e.cells.as_ref().map(|c| c.public_suppression(threshold)))
        .collect();
    let partnerships = entries
        .iter()
        .zip(&public)
        .map(|(e, hidden)| {
            let (cells, hidden) = (e.cells.as_ref()?, hidden.as_ref()?);
            let none = vec![false; count];
            let shown = if e.exact { &none } else { hidden };
            Some(assemble(
                &cells.counts,
                &cells.shares,
                shown,
                e.population,
                !e.exact,
            ))
        })
        .collect();
    let exact_for_all = entries.iter().all(|e| e.exact);
    let mut counts = vec![None; count];
    let mut hidden = vec![false; count];
    for i in 0..count {
        let column: Vec<Option<Contribution>> = entries
            .iter()
            .zip(&public)
            .map(|(e, h)| {
                Some(Contribution {
                    value: e.cells.as_ref()?.counts[i],
                    hidden: h.as_ref()?[i],
                })
            })
            .collect();
        let cell = region_cell(&column, exact_for_all, threshold);
        counts[i] = cell.value;
        hidden[i] = cell.hidden;
    }
    let population = entries
        .iter()
        .map(|e| e.population)
        .collect::<Option<Vec<_>>>()
        .filter(|p| !p.is_empty())
        .map(|p| PopulationUsed {
            children: p.iter().map(|x| x.children).sum(),
            year: p.iter().map(|x| x.year).min().unwrap_or_default(),
            // A regional rate is on an estimate when any area's population is.
            approximate: p.iter().any(|x| x.approximate),
        });
    let region = assemble(
        &counts,
        &vec![None; count],
        &hidden,
        population,
        !exact_for_all,
    );
    PeriodFigures {
        partnerships,
        region,
    }
}
