//! Ranks and quartiles.
//!
//! Ranking is competition ranking ("1, 2, 2, 4"): tied values share the best
//! rank of their group and the next rank is skipped, so a rank always says
//! how many partnerships did better, plus one.
//!
//! A quartile is worked out from the same count: `1 + floor(4 × ahead / n)`,
//! where `ahead` is the number of comparable values strictly better (rank − 1)
//! and `n` the number of comparable values. So:
//! - quartiles never contradict ranks: a better rank is never in a worse
//!   quartile, and tied values share a quartile;
//! - the best value is always in quartile 1, a single value included;
//! - with fewer than four values not every quartile is used (two values are
//!   in quartiles 1 and 3, three in 1, 2 and 3): a quartile says what share
//!   of the values ranked ahead, never more than the values support.
use crate::benchmark::registry::Better;

/// Competition ranking of `values`, best first by `better` (for a metric
/// where neither way is better, rank 1 is the highest). `None` entries (not
/// comparable) get no rank.
pub fn ranks(values: &[Option<f64>], better: Better) -> Vec<Option<u32>> {
    values
        .iter()
        .map(|v| {
            v.map(|mine| {
                let ahead = values
                    .iter()
                    .flatten()
                    .filter(|other| match better {
                        Better::Lower => **other < mine,
                        Better::Higher | Better::Neither => **other > mine,
                    })
                    .count();
                ahead as u32 + 1
            })
        })
        .collect()
}

/// The quartile (1 best to 4 worst) of a competition `rank` among `n`
/// comparable values; `None` for a rank outside 1..=n.
pub fn quartile(rank: u32, n: usize) -> Option<u32> {
    if n == 0 || rank == 0 || rank as usize > n {
        return None;
    }
    let ahead = rank as usize - 1;
    Some((1 + 4 * ahead / n) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ties_share_a_rank_and_the_next_rank_is_skipped() {
        let values = [Some(3.0), Some(5.0), Some(5.0), None, Some(1.0)];
        assert_eq!(
            ranks(&values, Better::Higher),
            vec![Some(3), Some(1), Some(1), None, Some(4)]
        );
        assert_eq!(
            ranks(&values, Better::Lower),
            vec![Some(2), Some(3), Some(3), None, Some(1)]
        );
    }

    #[test]
    fn a_single_value_is_in_the_first_quartile() {
        assert_eq!(quartile(1, 1), Some(1));
        assert_eq!(quartile(1, 0), None);
        assert_eq!(quartile(2, 1), None);
    }

    #[test]
    fn quartiles_of_small_groups() {
        let of = |n: usize| (1..=n as u32).map(|r| quartile(r, n)).collect::<Vec<_>>();
        assert_eq!(of(2), vec![Some(1), Some(3)]);
        assert_eq!(of(3), vec![Some(1), Some(2), Some(3)]);
        assert_eq!(of(4), vec![Some(1), Some(2), Some(3), Some(4)]);
        assert_eq!(of(5), vec![Some(1), Some(1), Some(2), Some(3), Some(4)]);
    }

    fn better() -> impl Strategy<Value = Better> {
        prop_oneof![
            Just(Better::Higher),
            Just(Better::Lower),
            Just(Better::Neither)
        ]
    }

    proptest! {
        #[test]
        fn quartiles_never_contradict_ranks(
            values in proptest::collection::vec(proptest::option::of(0u8..20), 0..12),
            better in better(),
        ) {
            // Small integers, so ties are common.
            let values: Vec<Option<f64>> = values.into_iter().map(|v| v.map(f64::from)).collect();
            let r = ranks(&values, better);
            let n = values.iter().flatten().count();
            let q: Vec<Option<u32>> = r.iter().map(|rank| rank.and_then(|x| quartile(x, n))).collect();
            for i in 0..values.len() {
                prop_assert_eq!(values[i].is_some(), q[i].is_some());
                if let (Some(ri), Some(qi)) = (r[i], q[i]) {
                    prop_assert!((1..=4).contains(&qi));
                    if ri == 1 {
                        prop_assert_eq!(qi, 1, "the best value is always in quartile 1");
                    }
                    for j in 0..values.len() {
                        if let (Some(rj), Some(qj)) = (r[j], q[j]) {
                            if ri < rj {
                                prop_assert!(qi <= qj, "rank {} in quartile {} but rank {} in {}", ri, qi, rj, qj);
                            }
                            if values[i] == values[j] {
                                prop_assert_eq!(ri, rj);
                                prop_assert_eq!(qi, qj);
                            }
                        }
                    }
                }
            }
        }

        #[test]
        fn a_rank_counts_the_values_strictly_better(
            values in proptest::collection::vec(proptest::option::of(0.0f64..1000.0), 1..8),
            better in better(),
        ) {
            let r = ranks(&values, better);
            for (v, rank) in values.iter().zip(&r) {
                prop_assert_eq!(v.is_some(), rank.is_some());
                if let (Some(mine), Some(rank)) = (v, rank) {
                    let ahead = values.iter().flatten().filter(|o| match better {
                        Better::Lower => *o < mine,
                        _ => *o > mine,
                    }).count();
                    prop_assert_eq!(*rank as usize, ahead + 1);
                }
            }
        }
    }
}
