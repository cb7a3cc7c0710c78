//! Disclosure control as CDOP applies it: worked examples from the seeds,
//! and a property test over random returns and viewers.
use proptest::prelude::*;

use super::*;
use crate::cdop::cells::BREAKDOWNS;
use crate::disclosure::{exposed, too_small, Equation};

fn cells(figures: &[(CdopCell, i64)]) -> ReturnCells {
    let mut c = ReturnCells::default();
    for &(cell, n) in figures {
        c.counts[index(cell)] = Some(n);
    }
    c
}

/// Somerset 2016-17 (seed 002, section 7.2): 27 reviews, 4% / 70% / 26% by
/// time to review, i.e. 1, 19 and 7.
fn somerset_2016() -> ReturnCells {
    let mut c = cells(&[
        (CdopCell::DeathsNotified, 24),
        (CdopCell::ReviewsCompleted, 27),
        (CdopCell::Expected, 16),
        (CdopCell::Unexpected, 11),
        (CdopCell::ModifiableIdentified, 11),
        (CdopCell::ReviewUnder6Months, 1),
        (CdopCell::Review6To12Months, 19),
        (CdopCell::ReviewOver12Months, 7),
    ]);
    c.shares[index(CdopCell::ReviewUnder6Months)] = Some(4.0);
    c.shares[index(CdopCell::Review6To12Months)] = Some(70.0);
    c.shares[index(CdopCell::ReviewOver12Months)] = Some(26.0);
    c
}

#[test]
fn the_public_sees_a_small_cell_and_its_companion_suppressed_with_their_shares() {
    let population = Some(PopulationUsed {
        children: 109_657,
        year: 2016,
        approximate: false,
    });
    let public = return_figures(&somerset_2016(), false, population, 5);
    assert!(public.controlled);
    let under6 = public.get(CdopCell::ReviewUnder6Months);
    assert!(under6.suppressed && under6.value.is_none() && under6.share_percent.is_none());
    let over12 = public.get(CdopCell::ReviewOver12Months);
    assert!(over12.suppressed, "the next smallest goes with it");
    let middle = public.get(CdopCell::Review6To12Months);
    assert_eq!((middle.value, middle.share_percent), (Some(19), Some(70.0)));
    let notified = public.get(CdopCell::DeathsNotified);
    assert_eq!(notified.value, Some(24));
    assert_eq!(notified.rate_per_10k, Some(2.2));
    assert_eq!(notified.population_year, Some(2016));
    assert!(!notified.unreliable);
    let unreported = public.get(CdopCell::Age1To4);
    assert!(!unreported.reported && !unreported.suppressed && unreported.value.is_none());

    let exact = return_figures(&somerset_2016(), true, population, 5);
    assert!(!exact.controlled);
    assert_eq!(exact.get(CdopCell::ReviewUnder6Months).value, Some(1));
    assert_eq!(
        exact.get(CdopCell::ReviewUnder6Months).share_percent,
        Some(4.0)
    );
}

#[test]
fn the_regional_total_hides_every_column_with_a_hidden_partnership_figure() {
    let mut entries: Vec<PeriodEntry> = (0..5)
        .map(|i| PeriodEntry {
            cells: Some(cells(&[
                (CdopCell::DeathsNotified, 20 + i),
                (CdopCell::Expected, 10 + i),
                (CdopCell::Unexpected, 10),
                (CdopCell::ReviewsCompleted, 20 + i),
            ])),
            exact: false,
            population: Some(PopulationUsed {
                children: 50_000,
                year: 2022,
                approximate: false,
            }),
        })
        .collect();
    entries[2].cells = Some(cells(&[
        (CdopCell::DeathsNotified, 9),
        (CdopCell::Expected, 6),
        (CdopCell::Unexpected, 3),
        (CdopCell::ReviewsCompleted, 9),
    ]));
    let period = period_figures(&entries, 5);
    assert_eq!(period.region.get(CdopCell::DeathsNotified).value, Some(97));
    assert_eq!(
        period.region.get(CdopCell::DeathsNotified).rate_per_10k,
        Some(3.9)
    );
    assert!(period.region.get(CdopCell::Unexpected).suppressed);
    assert!(period.region.get(CdopCell::Expected).suppressed);
    let third = period.partnerships[2].as_ref().expect("row");
    assert!(third.get(CdopCell::Unexpected).suppressed);
    // A viewer who sees every partnership exactly sees the region exactly.
    for e in &mut entries {
        e.exact = true;
    }
    let exact = period_figures(&entries, 5);
    assert_eq!(exact.region.get(CdopCell::Unexpected).value, Some(43));
    assert!(!exact.region.controlled);
}

/// Random counts for `k` cells, mostly small, sometimes not.
fn counts(k: usize) -> impl Strategy<Value = Vec<i64>> {
    prop::collection::vec(
        prop_oneof![4 => 0i64..=7, 2 => 0i64..=15, 1 => 0i64..=60],
        k,
    )
}

/// Splits `total` into `k` parts by random cut points.
fn partition(total: i64, k: usize) -> impl Strategy<Value = Vec<i64>> {
    prop::collection::vec(0..=total, k - 1).prop_map(move |mut cuts| {
        cuts.sort_unstable();
        let mut parts = Vec::with_capacity(k);
        let mut last = 0;
        for c in cuts {
            parts.push(c - last);
            last = c;
        }
        parts.push(total - last);
        parts
    })
}

/// A consistent return (complete breakdowns sum to their totals) with some
/// figures left unreported.
fn a_return() -> impl Strategy<Value = ReturnCells> {
    (counts(2), counts(4), counts(10))
        .prop_flat_map(|(infant, older, categories)| {
            let reviews: i64 = categories.iter().sum();
            (
                Just((infant, older, categories)),
                partition(reviews, 2),
                partition(reviews, 3),
                partition(reviews, 3),
                prop::collection::vec(prop::bool::weighted(0.15), COUNT),
            )
        })
        .prop_map(
            |((infant, older, categories), expectation, modifiable, timeliness, unreported)| {
                let mut c = ReturnCells::default();
                let mut set = |cell: CdopCell, n: i64| c.counts[index(cell)] = Some(n);
                let under1 = infant.iter().sum::<i64>();
                set(CdopCell::Age0To27Days, infant[0]);
                set(CdopCell::Age28To364Days, infant[1]);
                set(CdopCell::AgeUnder1Year, under1);
                set(CdopCell::DeathsNotified, under1 + older.iter().sum::<i64>());
                set(CdopCell::ReviewsCompleted, categories.iter().sum());
                for (b, values) in [
                    (0usize, &older[..]),
                    (2, &categories[..]),
                    (3, &expectation[..]),
                    (4, &modifiable[..]),
                    (5, &timeliness[..]),
                ] {
                    let parts = if b == 0 {
                        &BREAKDOWNS[0].parts[1..]
                    } else {
                        BREAKDOWNS[b].parts
                    };
                    for (cell, n) in parts.iter().zip(values) {
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

fn an_entry() -> impl Strategy<Value = PeriodEntry> {
    (
        prop::option::weighted(0.85, a_return()),
        any::<bool>(),
        prop::option::weighted(0.9, (20_000i64..120_000, 2016i32..2024)),
    )
        .prop_map(|(cells, exact, population)| PeriodEntry {
            cells,
            exact,
            population: population.map(|(children, year)| PopulationUsed {
                children,
                year,
                approximate: false,
            }),
        })
}

fn is_hidden(f: &Figure) -> bool {
    f.suppressed
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// For every viewer without exact rights for a partnership: no figure
    /// from 1 to the threshold is shown; no suppressed figure equals a shown
    /// total minus the shown figures of its breakdown, nor the shown regional
    /// total minus the shown partnership figures; and no suppressed figure
    /// follows from everything the viewer sees by any linear combination.
    #[test]
    fn no_viewer_can_recover_a_suppressed_figure(
        entries in prop::collection::vec(an_entry(), 5),
        threshold in 1i64..=7,
    ) {
        let period = period_figures(&entries, threshold);
        let exact_for_all = entries.iter().all(|e| e.exact);

        // Variables of the viewer's equation system: every hidden figure of a
        // partnership the viewer does not see exactly.
        let var = |p: usize, i: usize| p * COUNT + i;
        let mut hidden_vars = vec![false; entries.len() * COUNT];
        let mut equations: Vec<Equation> = Vec::new();

        for (p, (entry, shown)) in entries.iter().zip(&period.partnerships).enumerate() {
            let (Some(cells), Some(shown)) = (&entry.cells, shown) else {
                prop_assert!(shown.is_none());
                continue;
            };
            for (i, figure) in shown.cells.iter().enumerate() {
                let value = cells.counts[i];
                prop_assert_eq!(figure.reported, value.is_some());
                if entry.exact {
                    prop_assert!(!figure.suppressed);
                    prop_assert_eq!(figure.value.map(i64::from), value);
                    continue;
                }
                if let Some(v) = figure.value {
                    prop_assert!(!too_small(i64::from(v), threshold), "{} shown", v);
                }
                if figure.suppressed {
                    prop_assert!(figure.share_percent.is_none() && figure.rate_per_10k.is_none());
                    hidden_vars[var(p, i)] = true;
                }
                if figure.rate_per_10k.is_some() {
                    prop_assert!(value.is_some_and(|v| v >= 3));
                    prop_assert_eq!(figure.unreliable, value.is_some_and(|v| v < 20));
                }
            }
            if entry.exact {
                continue;
            }
            for b in breakdowns() {
                if shown.cells[b.total].suppressed {
                    for &m in &b.parts {
                        if let Some(v) = shown.cells[m].value {
                            prop_assert_ne!(Some(i64::from(v)), cells.counts[b.total], "cell {} shows its hidden total", m);
                        }
                    }
                }
                if !b.complete(&cells.counts) {
                    continue;
                }
                equations.push(b.members().map(|m| (var(p, m), if m == b.total { 1 } else { -1 })).collect());
                let total = &shown.cells[b.total];
                let Some(total_value) = total.value else { continue };
                let residual = i64::from(total_value)
                    - b.parts.iter().filter_map(|&m| shown.cells[m].value).map(i64::from).sum::<i64>();
                for &m in &b.parts {
                    if is_hidden(&shown.cells[m]) {
                        prop_assert_ne!(cells.counts[m], Some(residual), "cell {} given away by its breakdown", m);
                    }
                }
            }
        }

        for i in 0..COUNT {
            let region = &period.region.cells[i];
            if exact_for_all {
                prop_assert!(!region.suppressed);
                continue;
            }
            let Some(total) = region.value else { continue };
            prop_assert!(!too_small(i64::from(total), threshold), "regional {} shown", total);
            // What the viewer can subtract: shown figures, and exact ones.
            let mut known = 0i64;
            let mut hidden = Vec::new();
            let mut equation: Equation = Vec::new();
            for (p, (entry, shown)) in entries.iter().zip(&period.partnerships).enumerate() {
                let (Some(cells), Some(shown)) = (&entry.cells, shown) else { continue };
                let figure = &shown.cells[i];
                equation.push((var(p, i), -1));
                match figure.value {
                    Some(v) => known += i64::from(v),
                    None => hidden.push(cells.counts[i]),
                }
            }
            for h in hidden {
                prop_assert_ne!(h, Some(i64::from(total) - known), "regional subtraction gives cell {} away", i);
            }
            equations.push(equation);
        }

        // The regional row's own breakdowns.
        for b in breakdowns() {
            let total = &period.region.cells[b.total];
            let (Some(t), true) = (total.value, b.complete(&period.region.cells.iter().map(|f| f.reported.then_some(0)).collect::<Vec<_>>())) else { continue };
            let hidden: Vec<usize> = b.parts.iter().copied().filter(|&m| period.region.cells[m].suppressed).collect();
            let shown_sum: i64 = b.parts.iter().filter_map(|&m| period.region.cells[m].value).map(i64::from).sum();
            if hidden.len() == 1 {
                prop_assert!(false, "regional cell {} is the only hidden one beside its total {}", hidden[0], i64::from(t) - shown_sum);
            }
        }

        let given_away = exposed(&equations, &hidden_vars);
        prop_assert!(given_away.iter().all(|g| !g), "a combination of shown figures gives a hidden one away: {:?}",
            given_away.iter().enumerate().filter(|(_, g)| **g).map(|(v, _)| (v / COUNT, CELLS[v % COUNT])).collect::<Vec<_>>());
    }
}

mod agreement_granted {
    //! Exact CDOP figures reach a viewer only through its role or a data
    //! sharing agreement in force that names it: the scope is built exactly
    //! as a request builds it, and checked against the design written out
    //! independently below.
    use chrono::NaiveDate;
    use entity::PartnershipCode;
    use proptest::prelude::*;

    use super::super::*;
    use super::a_return;
    use crate::access::{AccessLevel, Dataset, Scope};
    use crate::agreements::rules::{grants, AgreementStatus, Recipient, Terms};
    use crate::auth::{Caller, Role};
    use crate::disclosure::too_small;

    const TODAY: (i32, u32, u32) = (2025, 6, 1);

    fn a_partnership() -> impl Strategy<Value = PartnershipCode> {
        prop::sample::select(PartnershipCode::ALL.to_vec())
    }

    fn a_role() -> impl Strategy<Value = Role> {
        prop::sample::select(Role::ALL.to_vec())
    }

    fn a_caller() -> impl Strategy<Value = Caller> {
        (
            a_role(),
            prop::collection::btree_set(a_partnership(), 1..=5),
        )
            .prop_map(|(role, ps)| {
                if role == Role::Anonymous {
                    return Caller::anonymous();
                }
                let ps: Vec<_> = ps.into_iter().collect();
                let mut c = Caller::for_tests(role, &ps);
                match role {
                    Role::RegionalAdmin => {
                        c.partnerships = PartnershipCode::ALL.into_iter().collect()
                    }
                    Role::Analyst => c.partnerships.clear(),
                    _ => {}
                }
                c
            })
    }

    fn a_recipient() -> impl Strategy<Value = Recipient> {
        prop_oneof![
            (a_partnership(), prop::option::of(a_role()))
                .prop_map(|(partnership, role)| Recipient::Partnership { partnership, role }),
            a_role().prop_map(Recipient::Role),
            Just(Recipient::RegionalScrutineer),
        ]
    }

    /// Agreements that often concern the caller (its partnerships, its role),
    /// so the interesting cases (in force or just not, naming it or just not)
    /// come up in most runs rather than rarely.
    fn an_agreement(caller: &Caller) -> impl Strategy<Value = Terms> {
        let day = |offset: i64| {
            NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap_or_default()
                + chrono::Duration::days(offset)
        };
        let mine: Vec<PartnershipCode> = if caller.partnerships.is_empty() {
            PartnershipCode::ALL.to_vec()
        } else {
            caller.partnerships.iter().copied().collect()
        };
        let near_caller = prop_oneof![
            3 => (prop::sample::select(mine), prop::option::of(Just(caller.role)))
                .prop_map(|(partnership, role)| Recipient::Partnership { partnership, role }),
            1 => Just(Recipient::Role(caller.role)),
            1 => Just(Recipient::RegionalScrutineer),
            2 => a_recipient(),
        ];
        (
            a_partnership(),
            prop_oneof![4 => Just(Dataset::Cdop), 1 => prop::sample::select(Dataset::ALL.to_vec())],
            prop::sample::select(vec![AccessLevel::Published, AccessLevel::ExactAggregates, AccessLevel::RecordLevel]),
            prop_oneof![3 => Just(AgreementStatus::Signed), 1 => Just(AgreementStatus::Proposed), 1 => Just(AgreementStatus::Revoked)],
            -400i64..400,
            prop::option::of(0i64..600),
            prop::collection::vec(near_caller, 1..3),
        )
            .prop_map(move |(provider, dataset, level, status, start, length, recipients)| Terms {
                id: format!("a-{provider}-{start}"),
                provider,
                dataset,
                level,
                status,
                start: day(start),
                end: length.map(|l| day(start + l)),
                recipients,
            })
    }

    /// The design, written out: exact by role (admin everywhere; a manager,
    /// scrutineer or CDOP officer in its own partnerships), or by a signed CDOP
    /// agreement above published level, within its dates, naming the viewer.
    fn should_see_exactly(
        caller: &Caller,
        agreements: &[Terms],
        p: PartnershipCode,
        today: NaiveDate,
    ) -> bool {
        let own = caller.partnerships.contains(&p);
        let by_role = match caller.role {
            Role::RegionalAdmin => true,
            Role::PartnershipManager | Role::Scrutineer | Role::CdopOfficer => own,
            _ => false,
        };
        by_role
            || (caller.role != Role::Anonymous
                && agreements.iter().any(|a| {
                    a.dataset == Dataset::Cdop
                        && a.provider == p
                        && a.level != AccessLevel::Published
                        && a.status == AgreementStatus::Signed
                        && a.start <= today
                        && a.end.is_none_or(|e| today <= e)
                        && a.recipients.iter().any(|r| match r {
                            Recipient::Partnership { partnership, role } => {
                                caller.partnerships.contains(partnership)
                                    && match role {
                                        Some(r) => *r == caller.role,
                                        None => matches!(
                                            caller.role,
                                            Role::PartnershipManager
                                                | Role::Scrutineer
                                                | Role::CdopOfficer
                                        ),
                                    }
                            }
                            Recipient::Role(r) => *r == caller.role,
                            Recipient::RegionalScrutineer => {
                                caller.role == Role::Scrutineer && caller.partnerships.len() == 5
                            }
                        })
                }))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn only_role_or_agreement_granted_viewers_see_exact_figures(
            (caller, agreements) in a_caller().prop_flat_map(|c| {
                let agreements = prop::collection::vec(an_agreement(&c), 0..6);
                (Just(c), agreements)
            }),
            returns in prop::collection::vec(a_return(), 5),
            threshold in 1i64..=7,
        ) {
            let today = NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap_or_default();
            let mut scope = Scope::for_caller(caller.clone());
            for (dataset, partnership, grant) in grants(&agreements, &caller, today) {
                scope.raise(dataset, partnership, grant);
            }
            let entries: Vec<PeriodEntry> = PartnershipCode::ALL
                .into_iter()
                .zip(returns.iter().cloned())
                .map(|(p, cells)| PeriodEntry { cells: Some(cells), exact: scope.exact(Dataset::Cdop, p), population: None })
                .collect();
            let seen = period_figures(&entries, threshold);
            for ((p, entry), shown) in PartnershipCode::ALL.into_iter().zip(&entries).zip(&seen.partnerships) {
                let expected = should_see_exactly(&caller, &agreements, p, today);
                prop_assert_eq!(entry.exact, expected, "{} as {} with {:?}", p, caller.role, agreements);
                let (Some(cells), Some(shown)) = (&entry.cells, shown) else { continue };
                for (i, figure) in shown.cells.iter().enumerate() {
                    if expected {
                        prop_assert_eq!(figure.value.map(i64::from), cells.counts[i]);
                    } else if let Some(v) = figure.value {
                        prop_assert!(!too_small(i64::from(v), threshold), "{} shown to a viewer without exact rights", v);
                    }
                }
            }
        }
    }
}
