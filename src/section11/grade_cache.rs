//! The grades of Section 11 returns, kept in memory between requests under
//! the return and its version, both as rows and as the JSON a selection of
//! them renders to.
//!
//! A page of 100 returns holds about 2,400 grades. Reading and decoding them
//! was most of what a page cost the server and PostgreSQL, and once they were
//! kept, building and serialising their 4,800 GraphQL objects was most of
//! the rest; dashboards ask for the same pages on every view. Unlike the
//! aggregate answers in [`crate::cache`], nothing here depends on the caller
//! or on other rows: a return's grades change only in a transaction that
//! also raises the return's version (`returns::update` and
//! `returns::validate`, both through `bump`, which refuses a stale version),
//! and a version is never given twice. So the grades read for (return,
//! version) stay the grades of that version, and a newer version is simply
//! another key; an old one is never asked for again and goes when room is
//! needed. The standards a grade shows are reference data that no mutation
//! changes.
//!
//! Keys are only ever taken from a return row read within the caller's
//! scope (see [`crate::section11::loaders::GradesByReturn`] and
//! [`crate::section11::schema::grades`]), so the cache reaches nothing the
//! caller could not read directly.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use entity::section11_grade;
use serde_json::value::RawValue;

use crate::cache::read_through;
use crate::error::AppResult;
use crate::section11::loaders::{ReturnVersion, Shared};

/// A return's grades in framework order, shared by every request that reads them.
pub type Grades = Arc<[Shared<section11_grade::Model>]>;

/// A return's grades as one selection of them renders to JSON.
pub type Rendered = Arc<RawValue>;

/// The caches, shared by every request of one server; empty when disabled
/// (`GRADE_CACHE_MIB=0`).
#[derive(Clone)]
pub struct GradeCache(Option<Caches>);

#[derive(Clone)]
struct Caches {
    rows: moka::sync::Cache<ReturnVersion, Grades>,
    /// Keyed by the selection's signature too: aliases and fields differ.
    rendered: moka::sync::Cache<(ReturnVersion, Arc<str>), Rendered>,
}

impl GradeCache {
    /// Caches holding at most about `mebibytes` in all, half for rows and
    /// half for rendered JSON.
    pub fn new(mebibytes: u64) -> Self {
        let half = mebibytes.saturating_mul(1024 * 1024) / 2;
        GradeCache((mebibytes > 0).then(|| {
            Caches {
                rows: moka::sync::Cache::builder()
                    .max_capacity(half)
                    .weigher(|key: &ReturnVersion, grades: &Grades| {
                        let bytes = key.id.len()
                            + grades.iter().map(|g| weight(&g.row)).sum::<usize>()
                            + std::mem::size_of::<ReturnVersion>();
                        u32::try_from(bytes).unwrap_or(u32::MAX)
                    })
                    .build(),
                rendered: moka::sync::Cache::builder()
                    .max_capacity(half)
                    .weigher(
                        |(key, selection): &(ReturnVersion, Arc<str>), json: &Rendered| {
                            let bytes = key.id.len()
                                + selection.len()
                                + json.get().len()
                                + std::mem::size_of::<(ReturnVersion, Arc<str>, Rendered)>();
                            u32::try_from(bytes).unwrap_or(u32::MAX)
                        },
                    )
                    .build(),
            }
        }))
    }

    /// The JSON the selection with `signature` renders the grades of `key`
    /// to, rendered by `render` when not held; `None` when the cache is
    /// disabled, where rendering to text would only add work.
    pub fn rendered<E: Send + Sync + 'static>(
        &self,
        key: &ReturnVersion,
        signature: Arc<str>,
        render: impl FnOnce() -> Result<Box<RawValue>, E>,
    ) -> Option<Result<Rendered, Arc<E>>> {
        let caches = self.0.as_ref()?;
        Some(
            caches
                .rendered
                .try_get_with((key.clone(), signature), || render().map(Rendered::from)),
        )
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
        read_through(self.0.as_ref().map(|c| &c.rows), keys, fetch).await
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
