//! The grades of Section 11 returns, kept in memory between requests under
//! the return and its version.
//!
//! A page of 100 returns holds about 2,400 grades. Reading and decoding them
//! was most of what a page cost the server and PostgreSQL, and dashboards ask
//! for the same pages on every view. Unlike the aggregate answers in
//! [`crate::cache`], nothing here depends on the caller or on other rows: a
//! return's grades change only in a transaction that also raises the
//! return's version (`returns::update` and `returns::validate`, both through
//! `bump`, which refuses a stale version), and a version is never given
//! twice. So the grades read for (return, version) stay the grades of that
//! version, and a newer version is simply another key; an old one is never
//! asked for again and goes when room is needed. The standards a grade shows
//! are reference data that no mutation changes. Evidence text is not kept:
//! a page rarely asks for it (see [`crate::section11::loaders::EvidenceByReturn`]).
//!
//! Keys are only ever taken from a return row read within the caller's
//! scope (see [`crate::section11::loaders::GradesByReturn`]), so the cache
//! reaches nothing the caller could not read directly.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use crate::cache::read_through;
use crate::error::AppResult;
use crate::section11::loaders::{GradeRow, ReturnVersion, Shared, WithStandard};

/// A return's grades in framework order, shared by every request that reads them.
pub type Grades = Arc<[Shared<GradeRow>]>;

/// The cache, shared by every request of one server; empty when disabled
/// (`GRADE_CACHE_MIB=0`).
#[derive(Clone)]
pub struct GradeCache(Option<moka::sync::Cache<ReturnVersion, Grades>>);

impl GradeCache {
    /// A cache holding at most about `mebibytes`.
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

    /// The grades of `keys`: those held, the rest from `fetch`, which are kept.
    pub async fn load<F, Fut>(
        &self,
        keys: &[ReturnVersion],
        fetch: F,
    ) -> AppResult<HashMap<ReturnVersion, Grades>>
    where
        F: FnOnce(Vec<ReturnVersion>) -> Fut,
        Fut: Future<Output = AppResult<Vec<(ReturnVersion, Grades)>>>,
    {
        read_through("grades", self.0.as_ref(), keys, fetch).await
    }
}

/// About what one grade holds in memory; its standard is shared by every
/// grade of the framework and counted with none.
fn weight(grade: &GradeRow) -> usize {
    std::mem::size_of::<WithStandard<GradeRow>>()
        + 2 * std::mem::size_of::<usize>()
        + grade.return_id.len()
        + grade.standard_id.len()
}
