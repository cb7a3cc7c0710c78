//! Which hidden cells a reader could work out. A reader knows every shown
//! cell and every linear fact the table states (a complete breakdown sums to
//! its total); a hidden cell is exposed when those facts pin it to one value,
//! whether by plain subtraction or by combining several breakdowns.
use std::collections::HashMap;

/// A linear fact a reader knows: the sum of `coefficient × cell` over the
/// terms is a number the reader can compute.
pub type Equation = Vec<(usize, i64)>;

/// For each of `hidden.len()` cells: true when it is hidden and yet follows
/// from `equations` and the shown cells.
///
/// Shown cells are constants, so only the hidden columns matter. A hidden cell
/// is determined exactly when its unit vector lies in the row space of the
/// equations restricted to the hidden columns; in reduced row echelon form
/// that means some row has that cell as its only non-zero entry.
pub fn exposed(equations: &[Equation], hidden: &[bool]) -> Vec<bool> {
    let columns: Vec<usize> = (0..hidden.len()).filter(|&i| hidden[i]).collect();
    let position: HashMap<usize, usize> =
        columns.iter().enumerate().map(|(p, &c)| (c, p)).collect();
    let mut rows: Vec<Vec<i128>> = equations
        .iter()
        .map(|equation| {
            let mut row = vec![0i128; columns.len()];
            for &(cell, coefficient) in equation {
                if let Some(&p) = position.get(&cell) {
                    row[p] += i128::from(coefficient);
                }
            }
            row
        })
        .filter(|row| row.iter().any(|&v| v != 0))
        .collect();
    reduce(&mut rows, columns.len());
    let mut out = vec![false; hidden.len()];
    for row in &rows {
        let mut nonzero = row.iter().enumerate().filter(|(_, &v)| v != 0);
        if let (Some((p, _)), None) = (nonzero.next(), nonzero.next()) {
            out[columns[p]] = true;
        }
    }
    out
}

/// Gauss-Jordan elimination over the integers: every pivot column ends up
/// non-zero in its pivot row only. Rows are divided by their gcd as they go,
/// so entries stay small; only the zero pattern matters to the caller.
fn reduce(rows: &mut Vec<Vec<i128>>, width: usize) {
    let mut pivot_row = 0;
    for column in 0..width {
        let Some(found) = (pivot_row..rows.len()).find(|&r| rows[r][column] != 0) else {
            continue;
        };
        rows.swap(pivot_row, found);
        let pivot = rows[pivot_row].clone();
        for (r, row) in rows.iter_mut().enumerate() {
            if r == pivot_row || row[column] == 0 {
                continue;
            }
            let (a, b) = (pivot[column], row[column]);
            for (value, p) in row.iter_mut().zip(&pivot) {
                *value = a * *value - b * p;
            }
            normalise(row);
        }
        pivot_row += 1;
        if pivot_row == rows.len() {
            break;
        }
    }
    rows.retain(|row| row.iter().any(|&v| v != 0));
}

fn normalise(row: &mut [i128]) {
    let g = row.iter().fold(0i128, |g, &v| gcd(g, v.abs()));
    if g > 1 {
        for v in row.iter_mut() {
            *v /= g;
        }
    }
}

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// total (0) = a (1) + b (2) + c (3)
    fn breakdown() -> Vec<Equation> {
        vec![vec![(0, 1), (1, -1), (2, -1), (3, -1)]]
    }

    #[test]
    fn one_hidden_cell_in_a_breakdown_follows_by_subtraction() {
        assert_eq!(
            exposed(&breakdown(), &[false, true, false, false]),
            vec![false, true, false, false]
        );
    }

    #[test]
    fn two_hidden_cells_in_a_breakdown_do_not() {
        assert_eq!(
            exposed(&breakdown(), &[false, true, true, false]),
            vec![false; 4]
        );
        assert_eq!(
            exposed(&breakdown(), &[true, true, false, false]),
            vec![false; 4]
        );
    }

    #[test]
    fn breakdowns_sharing_a_hidden_total_pin_it_when_one_is_fully_shown() {
        // total (0) = a (1) + b (2); total (0) = c (3) + d (4)
        let equations = vec![
            vec![(0, 1), (1, -1), (2, -1)],
            vec![(0, 1), (3, -1), (4, -1)],
        ];
        // total and a hidden: the second breakdown gives the total, then a follows.
        assert_eq!(
            exposed(&equations, &[true, true, false, false, false]),
            vec![true, true, false, false, false]
        );
        // total, a and c hidden: a - c is known, neither alone.
        assert_eq!(
            exposed(&equations, &[true, true, false, true, false]),
            vec![false; 5]
        );
    }

    #[test]
    fn a_grid_with_four_hidden_corners_holds() {
        // 2x2 grid with row totals r0 (4), r1 (5) and column totals c0 (6), c1 (7).
        // cells x00 (0) x01 (1) x10 (2) x11 (3), all hidden, totals shown.
        let equations = vec![
            vec![(4, 1), (0, -1), (1, -1)],
            vec![(5, 1), (2, -1), (3, -1)],
            vec![(6, 1), (0, -1), (2, -1)],
            vec![(7, 1), (1, -1), (3, -1)],
        ];
        let hidden = [true, true, true, true, false, false, false, false];
        assert_eq!(exposed(&equations, &hidden), vec![false; 8]);
        // With three corners hidden, each follows.
        let hidden = [true, true, true, false, false, false, false, false];
        assert_eq!(
            exposed(&equations, &hidden),
            vec![true, true, true, false, false, false, false, false]
        );
    }
}
