//! Metrics counted where no request state reaches (the caches), kept
//! process-wide and registered in each server's registry.
use std::sync::LazyLock;

use prometheus::{IntCounterVec, Opts};

/// Cache lookups by cache and result (`hit`, `miss`).
pub static CACHE_LOOKUPS: LazyLock<IntCounterVec> = LazyLock::new(|| {
    IntCounterVec::new(
        Opts::new(
            "cache_lookups_total",
            "Lookups in the server's in-memory caches, by cache and result (hit or miss)",
        ),
        &["cache", "result"],
    )
    .unwrap_or_else(|_| unreachable!("the metric name, help and labels are valid constants"))
});

/// Counts `hits` and `misses` of `cache`.
pub fn cache_lookups(cache: &'static str, hits: u64, misses: u64) {
    if hits > 0 {
        CACHE_LOOKUPS
            .with_label_values(&[cache, "hit"])
            .inc_by(hits);
    }
    if misses > 0 {
        CACHE_LOOKUPS
            .with_label_values(&[cache, "miss"])
            .inc_by(misses);
    }
}
