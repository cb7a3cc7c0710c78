//! Disclosure control as LADO applies it: a worked example, and the same
//! property tests CDOP's figures pass, over random LADO returns and viewers.
use proptest::prelude::*;

use super::*;
use crate::disclosure::{exposed, provenance, too_small, Equation};
use crate::lado::cells::BREAKDOWNS;

fn cells(figures: &[(LadoCell, i64)]) -> ReturnCells {
    let mut c = ReturnCells::default();
    for &(cell, n) in figures {
        c.counts[index(cell)] = Some(n);
    }
    c
}

#[test]
fn a_small_category_and_its_companion_are_hidden_from_the_public_only() {
    let population = Some(PopulationUsed {
        children: 110_512,
        year: 2022,
        approximate: false,
    });
    let r = cells(&[
        (LadoCell::Notifications, 700),
        (LadoCell::CategoryPhysical, 300),
        (LadoCell::CategorySexual, 160),
        (LadoCell::CategoryEmotional, 3),
        (LadoCell::CategoryNeglectOrInappropriateBehaviour, 237),
    ]);
    let public = return_figures(&r, false, population, 5);
    assert!(public.get(LadoCell::CategoryEmotional).suppressed);
    assert!(
        public.get(LadoCell::CategorySexual).suppressed,
        "the next smallest goes with it"
    );
    assert_eq!(public.get(LadoCell::CategoryPhysical).value, Some(300));
    assert_eq!(public.get(LadoCell::Notifications).rate_per_10k, Some(63.3));
    let unreported = public.get(LadoCell::SectorPolice);
    assert!(!unreported.reported && !unreported.suppressed && unreported.value.is_none());
    let exact = return_figures(&r, true, population, 5);
    assert_eq!(exact.get(LadoCell::CategoryEmotional).value, Some(3));
}

/// A consistent return (complete breakdowns sum to their totals) with some
/// figures left unreported.
fn a_return() -> impl Strategy<Value = ReturnCells> {
    (counts(4), counts(5), counts(1))
        .prop_flat_map(|(categories, outcomes, advice)| {
            let notifications: i64 = categories.iter().sum();
            let concluded: i64 = outcomes.iter().sum();
            (
                Just((categories, outcomes, advice)),
                partition(notifications, 8),
                partition(notifications, 2),
                partition(concluded, 4),
                prop::collection::vec(prop::bool::weighted(0.15), COUNT),
            )
        })
        .prop_map(
            |((categories, outcomes, advice), sectors, threshold, time, unreported)| {
                let mut c = ReturnCells::default();
                let mut set = |cell: LadoCell, n: i64| c.counts[index(cell)] = Some(n);
                set(LadoCell::Notifications, categories.iter().sum());
                set(LadoCell::Concluded, outcomes.iter().sum());
                set(LadoCell::AdviceEnquiries, advice[0]);
                for (b, values) in [
                    (0usize, &categories[..]),
                    (1, &sectors[..]),
                    (2, &threshold[..]),
                    (3, &outcomes[..]),
                    (4, &time[..]),
                ] {
                    for (cell, n) in BREAKDOWNS[b].parts.iter().zip(values) {
                        set(*cell, *n);
                    }
                }
                for (i, gone) in unreported.into_iter().enumerate() {
                    if gone {
                        c.counts[i] = None;
                    }
                }
                c
            },
        )
}

crate::returns::properties::disclosure_properties!();
