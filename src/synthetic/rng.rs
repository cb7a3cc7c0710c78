//! The seeded randomness every synthetic row is drawn from. Each dataset draws
//! from its own stream, so a change to how one dataset is generated leaves the
//! others' rows as they were for the same seed.
use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub struct Synth {
    rng: StdRng,
}

/// FNV-1a: mixes a stream's name into the seed, stable across builds.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Synth {
    /// The stream named `stream` of `seed`.
    pub fn new(seed: u64, stream: &str) -> Self {
        Synth {
            rng: StdRng::seed_from_u64(seed ^ fnv(stream)),
        }
    }

    /// An id shaped like the uuid v4 the services mint, drawn from the stream
    /// so that the same seed gives the same ids.
    pub fn uuid(&mut self) -> String {
        let bytes: [u8; 16] = self.rng.random();
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }

    /// True with probability `p` (0 to 1).
    pub fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p.clamp(0.0, 1.0))
    }

    /// A whole number from `low` to `high`, both included.
    pub fn between(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            return low;
        }
        self.rng.random_range(low..=high)
    }

    /// A number from `low` to `high`.
    pub fn real(&mut self, low: f64, high: f64) -> f64 {
        if high <= low {
            return low;
        }
        self.rng.random_range(low..high)
    }

    /// An index into `weights`, each chosen in proportion to its weight.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        if total == 0 {
            return 0;
        }
        let mut ticket = self.rng.random_range(0..total);
        for (i, w) in weights.iter().enumerate() {
            let w = u64::from(*w);
            if ticket < w {
                return i;
            }
            ticket -= w;
        }
        weights.len().saturating_sub(1)
    }

    /// One of `items`; `items` must not be empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.random_range(0..items.len())]
    }

    /// Splits `total` into counts over `weights`, each unit placed on its own
    /// draw: the counts always sum to `total`, and small totals leave small
    /// (often zero) cells, as real small-area figures do.
    pub fn split(&mut self, total: i32, weights: &[u32]) -> Vec<i32> {
        let mut counts = vec![0; weights.len()];
        for _ in 0..total.max(0) {
            counts[self.weighted(weights)] += 1;
        }
        counts
    }

    /// A day from `from` to `to`, both included.
    pub fn day(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0);
        from + Days::new(self.between(0, span) as u64)
    }

    /// `days` days after `day`.
    pub fn after(day: NaiveDate, days: i64) -> NaiveDate {
        day + Days::new(days.max(0) as u64)
    }

    /// A moment in office hours (08:00 to 17:59, whole seconds) on `day`.
    pub fn during(&mut self, day: NaiveDate) -> DateTime<Utc> {
        let seconds = self.between(8 * 3600, 18 * 3600 - 1) as u32;
        let time =
            NaiveTime::from_num_seconds_from_midnight_opt(seconds, 0).unwrap_or(NaiveTime::MIN);
        day.and_time(time).and_utc()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_and_stream_draw_the_same_and_streams_differ() {
        let draw = |seed, stream| {
            let mut s = Synth::new(seed, stream);
            (s.uuid(), s.between(0, 1_000_000), s.weighted(&[1, 2, 3]))
        };
        assert_eq!(draw(1, "a"), draw(1, "a"));
        assert_ne!(draw(1, "a"), draw(2, "a"));
        assert_ne!(draw(1, "a"), draw(1, "b"));
    }

    #[test]
    fn ids_look_like_uuid_v4() {
        let id = Synth::new(7, "ids").uuid();
        let parsed = uuid::Uuid::parse_str(&id).expect("a uuid");
        assert_eq!(parsed.get_version_num(), 4);
    }

    #[test]
    fn a_split_sums_to_its_total() {
        let mut s = Synth::new(3, "split");
        for total in [0, 1, 7, 40] {
            assert_eq!(s.split(total, &[5, 1, 0, 3]).iter().sum::<i32>(), total);
        }
        assert_eq!(s.split(50, &[1, 0])[1], 0);
    }
}
