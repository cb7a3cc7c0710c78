//! The disclosure properties every figure return must have, as tests: a
//! dataset's `figures::tests` defines `a_return()`, a strategy for its
//! consistent returns, and invokes [`disclosure_properties`] so that the same
//! proofs run over its cells.

/// Expands to the property tests (and their strategies) in the invoking
/// module, over its `a_return()`, `ReturnCells`, `PeriodEntry` and cells.
macro_rules! disclosure_properties {
    () => {

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

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

            /// The strings a viewer without exact figures receives beside a return's
            /// figures are the same whatever the source's quoted wording says, and no
            /// suppressed figure can be read from them: the wording, which a report
            /// writes with its figures in it, reaches only viewers of exact figures.
            #[test]
            fn no_string_a_viewer_receives_gives_a_suppressed_figure_away(
                entry in an_entry(),
                threshold in 1i64..=7,
                citation in "[A-Za-z][A-Za-z ,.()-]{0,60}",
                other_wording in "[ -~]{0,80}",
            ) {
                let period = period_figures(std::slice::from_ref(&entry), threshold);
                let (Some(cells), Some(shown)) = (&entry.cells, &period.partnerships[0]) else {
                    return Ok(());
                };
                // The report's sentence: every figure the return holds, by name.
                let wording = cells
                    .counts
                    .iter()
                    .zip(CELLS)
                    .filter_map(|(n, cell)| n.map(|n| format!("{n} {cell:?}")))
                    .collect::<Vec<_>>()
                    .join(", ");
                let seen = provenance(&citation, Some(&wording), !shown.controlled);
                if !shown.controlled {
                    prop_assert_eq!(seen.quote, Some(wording.as_str()));
                    return Ok(());
                }
                prop_assert_eq!(&seen, &provenance(&citation, Some(&other_wording), false));
                prop_assert_eq!(seen.quote, None);
                let strings = [seen.citation];
                for (figure, (n, cell)) in shown.cells.iter().zip(cells.counts.iter().zip(CELLS)) {
                    if let (true, Some(n)) = (figure.suppressed, n) {
                        let stated = format!("{n} {cell:?}");
                        prop_assert!(strings.iter().all(|s| !s.contains(&stated)), "{} is given away", stated);
                    }
                }
            }
        }
    };
}

pub(crate) use disclosure_properties;
