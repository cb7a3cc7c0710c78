//! Primary and secondary suppression within one table (one partnership's
//! return): the cells a viewer without exact rights must not see.
use super::linear::{exposed, Equation};

/// A breakdown: `parts` are the cells of `total`. When the total and every
/// part are reported the breakdown is complete, and a reader knows the parts
/// sum to the total; a partial breakdown states nothing a reader could
/// subtract with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    pub total: usize,
    pub parts: Vec<usize>,
}

impl Breakdown {
    pub fn new(total: usize, parts: impl IntoIterator<Item = usize>) -> Self {
        Breakdown {
            total,
            parts: parts.into_iter().collect(),
        }
    }

    pub fn members(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.total).chain(self.parts.iter().copied())
    }

    pub fn complete(&self, values: &[Option<i64>]) -> bool {
        self.members()
            .all(|c| values.get(c).is_some_and(Option::is_some))
    }

    /// The fact the breakdown states: total minus the parts is zero.
    pub fn equation(&self) -> Equation {
        self.members()
            .map(|c| (c, if c == self.total { 1 } else { -1 }))
            .collect()
    }
}

/// True for a count too small to show: from 1 to the threshold. Zero is shown.
pub fn too_small(value: i64, threshold: i64) -> bool {
    (1..=threshold).contains(&value)
}

/// Which cells of one table a viewer without exact rights must not see.
///
/// Primary suppression hides every count from 1 to `threshold`. Secondary
/// suppression then hides more cells until no hidden cell follows from the
/// shown ones and the complete breakdowns, whether by subtracting within one
/// breakdown or by combining breakdowns that share a total (the reviews
/// total is shared by four). Each extra cell is the smallest positive part of
/// a breakdown that gives a hidden cell away; the breakdown's total is hidden
/// only when no part will do, because totals carry the headline figures.
/// A shown part equal to a hidden total is hidden too, since it would show
/// the total. Unreported cells (`None`) are never hidden: there is nothing to
/// hide.
pub fn suppress(values: &[Option<i64>], breakdowns: &[Breakdown], threshold: i64) -> Vec<bool> {
    let mut hidden: Vec<bool> = values
        .iter()
        .map(|v| v.is_some_and(|n| too_small(n, threshold)))
        .collect();
    let complete: Vec<&Breakdown> = breakdowns.iter().filter(|b| b.complete(values)).collect();
    let equations: Vec<Equation> = complete.iter().map(|b| b.equation()).collect();
    loop {
        let exposed = exposed(&equations, &hidden);
        let at_risk: Vec<usize> = (0..values.len()).filter(|&c| exposed[c]).collect();
        if at_risk.is_empty() {
            match equal_to_hidden_total(values, breakdowns, &hidden) {
                Some(part) => {
                    hidden[part] = true;
                    continue;
                }
                None => return hidden,
            }
        }
        let extra = at_risk
            .iter()
            .find_map(|&cell| companion(cell, &complete, values, &hidden));
        match extra {
            Some(c) => hidden[c] = true,
            None => {
                // Every breakdown holding an exposed cell is already hidden
                // apart from zeros; hiding all of them is the only safe answer.
                for b in complete.iter().filter(|b| b.members().any(|m| exposed[m])) {
                    for m in b.members() {
                        hidden[m] = true;
                    }
                }
            }
        }
    }
}

/// A shown part equal to its breakdown's hidden total shows the total (the
/// other parts can only be zero or unreported), in partial breakdowns too.
fn equal_to_hidden_total(
    values: &[Option<i64>],
    breakdowns: &[Breakdown],
    hidden: &[bool],
) -> Option<usize> {
    breakdowns.iter().filter(|b| hidden[b.total]).find_map(|b| {
        b.parts
            .iter()
            .copied()
            .find(|&p| !hidden[p] && values[p].is_some() && values[p] == values[b.total])
    })
}

/// The cell to hide beside the exposed `cell`. Breakdowns where `cell` is the
/// only hidden member give it away by plain subtraction, so they are mended
/// first; otherwise any breakdown holding it will do.
fn companion(
    cell: usize,
    complete: &[&Breakdown],
    values: &[Option<i64>],
    hidden: &[bool],
) -> Option<usize> {
    let holding: Vec<&Breakdown> = complete
        .iter()
        .copied()
        .filter(|b| b.members().any(|m| m == cell))
        .collect();
    let direct: Vec<&Breakdown> = holding
        .iter()
        .copied()
        .filter(|b| b.members().filter(|&m| hidden[m]).count() == 1)
        .collect();
    let pool = if direct.is_empty() { holding } else { direct };
    pool.iter()
        .flat_map(|b| {
            b.members().filter_map(move |m| {
                let value = values[m]?;
                if hidden[m] || value <= 0 {
                    return None;
                }
                // Parts before totals, then the smallest, then the first.
                Some(((m == b.total) as u8, value, m))
            })
        })
        .min()
        .map(|(_, _, m)| m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_breakdown() -> Vec<Breakdown> {
        vec![Breakdown::new(0, [1, 2, 3, 4])]
    }

    #[test]
    fn counts_from_one_to_the_threshold_are_hidden_and_zero_is_shown() {
        let values = [Some(40), Some(0), Some(3), Some(5), Some(6)];
        let hidden = suppress(&values, &[], 5);
        assert_eq!(hidden, vec![false, false, true, true, false]);
        // The threshold is configuration.
        assert_eq!(
            suppress(&values, &[], 3),
            vec![false, false, true, false, false]
        );
    }

    #[test]
    fn a_single_hidden_cell_takes_the_next_smallest_with_it() {
        // 30 = 0 + 3 + 12 + 15: the 3 alone would be 30 - 0 - 12 - 15.
        let values = [Some(30), Some(0), Some(3), Some(12), Some(15)];
        let hidden = suppress(&values, &one_breakdown(), 5);
        assert_eq!(hidden, vec![false, false, true, true, false]);
    }

    #[test]
    fn two_small_cells_protect_each_other() {
        let values = [Some(20), Some(2), Some(3), Some(15), Some(0)];
        let hidden = suppress(&values, &one_breakdown(), 5);
        assert_eq!(hidden, vec![false, true, true, false, false]);
    }

    #[test]
    fn a_partial_breakdown_states_nothing_to_subtract() {
        let values = [Some(27), Some(19), Some(5), None, None];
        let hidden = suppress(&values, &one_breakdown(), 5);
        assert_eq!(hidden, vec![false, false, true, false, false]);
    }

    #[test]
    fn a_hidden_total_is_not_left_recoverable_by_adding_its_parts() {
        // 4 = 0 + 4 + 0 + 0: the total and the 4 are both too small, and the
        // shown zeros cannot give either away.
        let values = [Some(4), Some(0), Some(4), Some(0), Some(0)];
        let hidden = suppress(&values, &one_breakdown(), 5);
        assert_eq!(hidden, vec![true, false, true, false, false]);
    }

    #[test]
    fn a_part_equal_to_a_hidden_total_would_show_it() {
        // A total of 12 hidden beside a partial breakdown whose one reported part is 12.
        let breakdowns = vec![Breakdown::new(0, [1, 2])];
        let values = [Some(12), Some(12), None];
        assert_eq!(
            equal_to_hidden_total(&values, &breakdowns, &[true, false, false]),
            Some(1)
        );
        assert_eq!(
            equal_to_hidden_total(&values, &breakdowns, &[false, false, false]),
            None
        );
        assert_eq!(
            equal_to_hidden_total(
                &[Some(12), Some(11), None],
                &breakdowns,
                &[true, false, false]
            ),
            None
        );
    }

    #[test]
    fn a_total_shared_by_breakdowns_stays_hidden_in_all_of_them() {
        // reviews (0) = expected (1) + unexpected (2) = under 6m (3) + 6-12m (4) + over 12m (5)
        let breakdowns = vec![Breakdown::new(0, [1, 2]), Breakdown::new(0, [3, 4, 5])];
        // A total of 5 is hidden; 5 = 5 + 0 by expectation means the 5 part is hidden too,
        // and the timeliness parts 1 + 4 + 0 are hidden where small.
        let values = [Some(5), Some(5), Some(0), Some(1), Some(4), Some(0)];
        let hidden = suppress(&values, &breakdowns, 5);
        assert_eq!(hidden, vec![true, true, false, true, true, false]);
        let equations: Vec<Equation> = breakdowns.iter().map(|b| b.equation()).collect();
        assert!(exposed(&equations, &hidden).iter().all(|e| !e));
    }

    #[test]
    fn secondary_suppression_follows_a_total_hidden_in_one_breakdown_into_another() {
        // reviews (0) = a (1) + b (2) = c (3) + d (4). b = 3 is hidden; its
        // companion must come from the same breakdown, and nothing may be
        // pinned through the other.
        let breakdowns = vec![Breakdown::new(0, [1, 2]), Breakdown::new(0, [3, 4])];
        let values = [Some(20), Some(17), Some(3), Some(10), Some(10)];
        let hidden = suppress(&values, &breakdowns, 5);
        assert!(hidden[2]);
        let equations: Vec<Equation> = breakdowns.iter().map(|b| b.equation()).collect();
        assert!(exposed(&equations, &hidden).iter().all(|e| !e));
        assert_eq!(hidden, vec![false, true, true, false, false]);
    }
}
