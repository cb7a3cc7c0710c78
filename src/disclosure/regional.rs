//! Figures across partnerships: a regional total beside the partnerships'
//! own figures.
use super::table::too_small;

/// One partnership's figure behind a regional figure, as a viewer without
/// exact rights for it would see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contribution {
    /// The count; `None` when the partnership did not report it.
    pub value: Option<i64>,
    /// True when disclosure control hides it from the public.
    pub hidden: bool,
}

/// A regional figure and whether it is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionalCell {
    /// The sum; `None` unless every partnership reported the figure (a
    /// regional total with a partnership missing would mislead).
    pub value: Option<i64>,
    pub hidden: bool,
}

/// The regional figure of one cell from every partnership's contribution
/// (`None` for a partnership with no return the viewer may see).
///
/// A regional total beside the partnerships' figures is a column sum: if it
/// were shown while a partnership's figure is hidden, subtracting the shown
/// figures would give the hidden one back, and a partnership knowing its own
/// figure could do the same with two hidden. So a regional figure is shown
/// only when every figure behind it is shown to the public (or the viewer
/// sees all five exactly); then it adds nothing a reader could not already
/// add up, for any viewer and any combination of partnerships, and the
/// partnerships' own suppression stays sufficient. The rows of the regional
/// breakdowns need no extra suppression either: a hidden regional cell means
/// a hidden partnership cell, whose own breakdown hides a second cell, so the
/// regional breakdown has two hidden cells too.
pub fn region_cell(
    contributions: &[Option<Contribution>],
    viewer_exact_for_all: bool,
    threshold: i64,
) -> RegionalCell {
    let mut sum = 0i64;
    let mut any_hidden = false;
    for c in contributions {
        match c {
            Some(Contribution {
                value: Some(v),
                hidden,
            }) => {
                sum += v;
                any_hidden |= hidden;
            }
            _ => {
                return RegionalCell {
                    value: None,
                    hidden: false,
                }
            }
        }
    }
    let hidden = !viewer_exact_for_all && (any_hidden || too_small(sum, threshold));
    RegionalCell {
        value: Some(sum),
        hidden,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(v: i64) -> Option<Contribution> {
        Some(Contribution {
            value: Some(v),
            hidden: false,
        })
    }

    #[test]
    fn a_regional_figure_is_hidden_while_any_figure_behind_it_is() {
        let mut column = vec![shown(10), shown(8), shown(0), shown(12), shown(20)];
        assert_eq!(
            region_cell(&column, false, 5),
            RegionalCell {
                value: Some(50),
                hidden: false
            }
        );
        column[2] = Some(Contribution {
            value: Some(3),
            hidden: true,
        });
        assert!(region_cell(&column, false, 5).hidden);
        // A viewer who sees all five exactly sees the region exactly.
        assert!(!region_cell(&column, true, 5).hidden);
    }

    #[test]
    fn a_partnership_missing_leaves_the_regional_figure_unreported() {
        let column = vec![shown(10), shown(8), None, shown(12), shown(20)];
        assert_eq!(region_cell(&column, true, 5).value, None);
        let unreported = vec![
            shown(10),
            shown(8),
            Some(Contribution {
                value: None,
                hidden: false,
            }),
        ];
        assert_eq!(region_cell(&unreported, false, 5).value, None);
    }
}
