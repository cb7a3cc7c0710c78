//! Disclosure control as CDOP applies it: worked examples from the seeds,
//! and a property test over random returns and viewers.
use proptest::prelude::*;

use super::*;
use crate::cdop::cells::BREAKDOWNS;
use crate::disclosure::{exposed, provenance, too_small, Equation};

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

crate::returns::properties::disclosure_properties!();

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
