//! The grades of Section 11 returns, kept in memory between requests under
//! the return and its version.
//!
//! A page of 100 returns holds about 2,400 grades. Reading and decoding them
//! was most of what a page cost the server and PostgreSQL, and dashboards
//! ask for the same pages on every view. Unlike the aggregate answers in
//! [`crate::cache`], nothing here depends on the caller or on other rows: a
//! return's grades change only in a transaction that also raises the
//! return's version (`returns::update` and `returns::validate`, both through
//! `bump`, which refuses a stale version), and a version is never given
//! twice. So the grades read for (return, version) stay the grades of that
//! version, and a newer version is simply another key; an old one is never
//! asked for again and goes when room is needed.
//!
//! Keys are only ever taken from a return row read within the caller's
//! scope (see [`crate::section11::loaders::GradesByReturn`]), so the cache
//! reaches nothing the caller could not read directly.
use std::sync::Arc;

use entity::section11_grade;

use crate::section11::loaders::{ReturnVersion, Shared};

/// A return's grades in framework order, shared by every request that reads them.
pub type Grades = Arc<[Shared<section11_grade::Model>]>;

/// The cache, shared by every request of one server; `None` inside when
/// disabled (`GRADE_CACHE_MIB=0`).
#[derive(Clone)]
pub struct GradeCache(Option<moka::sync::Cache<ReturnVersion, Grades>>);

impl GradeCache {
    /// A cache holding at most about `mebibytes` of grades.
    pub fn new(mebibytes: u64) -> Self {
        GradeCache((mebibytes > 0).then(|| {
            moka::sync::Cache::builder()
                .max_capacity(mebibytes.saturating_mul(1024 * 1024))
                .weigher(|key: &ReturnVersion, grades: &Grades| {
                    let bytes = key.id.len()
                        + grades.iter().map(|g| weight(&g.row)).sum::<usize>()
                        + std::mem::size_of::<ReturnVersion>();
                    u32::try_from(bytes).unwrap_or(u32::MAX)
                })
                .build()
        }))
    }

    /// The grades of every key held, and the keys that are not.
    pub fn split<'k>(
        &self,
        keys: &'k [ReturnVersion],
    ) -> (Vec<(ReturnVersion, Grades)>, Vec<&'k ReturnVersion>) {
        let Some(cache) = &self.0 else {
            return (Vec::new(), keys.iter().collect());
        };
        let mut held = Vec::with_capacity(keys.len());
        let mut missing = Vec::new();
        for key in keys {
            match cache.get(key) {
                Some(grades) => held.push((key.clone(), grades)),
                None => missing.push(key),
            }
        }
        (held, missing)
    }

    /// Keeps grades just read from the database.
    pub fn keep(&self, key: ReturnVersion, grades: Grades) {
        if let Some(cache) = &self.0 {
            cache.insert(key, grades);
        }
    }
}

/// About what one grade holds in memory; its standard is shared by every
/// grade of the framework and counted with none.
fn weight(grade: &section11_grade::Model) -> usize {
    std::mem::size_of::<crate::section11::loaders::WithStandard<section11_grade::Model>>()
        + 2 * std::mem::size_of::<usize>()
        + grade.return_id.len()
        + grade.standard_id.len()
        + grade.evidence.as_ref().map_or(0, String::len)
}
