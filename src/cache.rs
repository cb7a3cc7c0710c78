//! Answers of the costliest aggregate reads, kept in memory and reused while
//! the data they were computed from is unchanged.
//!
//! Dashboards ask for the same Section 11 summary, scrutiny coverage, CDOP
//! regional summary and benchmark matrix on every page view, and each is
//! computed from tens of thousands of rows. An answer is kept under the caller's whole scope
//! ([`Scope::fingerprint`]), the arguments, today's date (overdue counts move
//! with it) and the data generation, which a trigger raises in every writing
//! transaction (migration `m20261203_000010_data_generation`). The generation
//! is read from the database at each use, so a write through any instance is
//! seen by all at once, and it is read before the data, so an answer is never
//! stored under a generation newer than what it saw. A hit still records the
//! sharing agreements the answer relied on and the exact reads it made,
//! exactly as computing it did.
//!
//! Only reads of tracked tables may be cached here: Section 11 returns and
//! grades are untracked, so nothing that reads them goes through this.
use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::Arc;
use std::time::Duration;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection};

use crate::access::{AgreementUse, AuditedRead, Scope};
use crate::error::{AppError, AppResult};

#[derive(Clone)]
struct Entry {
    answer: Arc<dyn Any + Send + Sync>,
    used: Arc<[AgreementUse]>,
    reads: Arc<[AuditedRead]>,
}

/// The cache, shared by every request of one server; `None` inside when
/// disabled (`ANSWER_CACHE_ENTRIES=0`).
#[derive(Clone)]
pub struct AnswerCache(Option<moka::future::Cache<String, Entry>>);

impl AnswerCache {
    /// A cache of at most `entries` answers. An answer of an older
    /// generation is never asked for again; it goes when unused for a while
    /// or when room is needed.
    pub fn new(entries: u64) -> Self {
        AnswerCache((entries > 0).then(|| {
            moka::future::Cache::builder()
                .max_capacity(entries)
                .time_to_idle(Duration::from_secs(600))
                .build()
        }))
    }

    /// The answer of `compute` for `scope`, the read named `read` and its
    /// `arguments` (everything else the answer depends on), from memory when
    /// the data is unchanged since it was computed. Concurrent requests for
    /// the same missing answer wait for one computation. Errors are not kept.
    pub async fn get_or_compute<T, F, Fut>(
        &self,
        db: &DatabaseConnection,
        scope: &Scope,
        read: &'static str,
        arguments: String,
        compute: F,
    ) -> AppResult<T>
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce(Scope) -> Fut,
        Fut: Future<Output = AppResult<T>> + Send,
    {
        let Some(cache) = &self.0 else {
            return compute(scope.clone()).await;
        };
        let generation = generation(db).await?;
        let key = format!(
            "{read}\u{1f}{arguments}\u{1f}{}\u{1f}{generation}\u{1f}{}",
            chrono::Utc::now().date_naive(),
            scope.fingerprint()
        );
        let mut computed = false;
        let entry = cache
            .try_get_with(key, async {
                computed = true;
                let own = scope.isolated();
                let answer = compute(own.clone()).await?;
                Ok::<_, AppError>(Entry {
                    answer: Arc::new(answer),
                    used: own.agreements_used().into(),
                    reads: own.audited_reads().into(),
                })
            })
            .await
            .map_err(|e| (*e).clone())?;
        crate::telemetry::metrics::cache_lookups(
            "answers",
            u64::from(!computed),
            u64::from(computed),
        );
        scope.note_used(&entry.used);
        scope.note_reads(entry.reads.iter().cloned());
        entry.answer.downcast_ref::<T>().cloned().ok_or_else(|| {
            AppError::internal(format!("cached answer of `{read}` has another type"))
        })
    }
}

/// The data generation now.
pub async fn generation(db: &impl ConnectionTrait) -> AppResult<i64> {
    let query = Query::select()
        .column(Alias::new("generation"))
        .from(Alias::new(migration::GENERATION_TABLE))
        .and_where(Expr::col(Alias::new("id")).eq(1))
        .to_owned();
    let row = db
        .query_one(&query)
        .await?
        .ok_or_else(|| AppError::internal("the data generation row is missing"))?;
    Ok(row.try_get_by_index(0)?)
}

/// Rows of a tracked table by id, kept between requests under the data
/// generation they were read at, for reference data that every page of
/// another table shows (a page of 100 Section 11 returns shows 100
/// agencies). A hit costs the generation's one-row read instead of the rows.
/// Whoever reads through it must already have been allowed to reach the ids:
/// the rows are the same for every caller.
#[derive(Clone)]
pub struct RowCache<V>(Option<moka::sync::Cache<(i64, String), V>>);

impl<V: Clone + Send + Sync + 'static> RowCache<V> {
    /// At most `entries` rows; 0 keeps none.
    pub fn new(entries: u64) -> Self {
        RowCache((entries > 0).then(|| {
            moka::sync::Cache::builder()
                .max_capacity(entries)
                .time_to_idle(Duration::from_secs(600))
                .build()
        }))
    }

    /// The rows of `ids` that exist: from memory where read at the current
    /// generation, the rest from `fetch` (given the missing ids, returning
    /// the rows found with their ids). The generation is read before the
    /// rows, so no row is kept under a generation newer than what it saw.
    pub async fn load<F, Fut>(
        &self,
        db: &impl ConnectionTrait,
        ids: &[String],
        fetch: F,
    ) -> AppResult<HashMap<String, V>>
    where
        F: FnOnce(Vec<String>) -> Fut,
        Fut: Future<Output = AppResult<Vec<(String, V)>>>,
    {
        let Some(cache) = &self.0 else {
            return Ok(fetch(ids.to_vec()).await?.into_iter().collect());
        };
        let generation = generation(db).await?;
        let keys: Vec<(i64, String)> = ids.iter().map(|id| (generation, id.clone())).collect();
        let found = read_through("rows", Some(cache), &keys, |missing| async move {
            let missing = missing.into_iter().map(|(_, id)| id).collect();
            let rows = fetch(missing).await?;
            Ok(rows
                .into_iter()
                .map(|(id, row)| ((generation, id), row))
                .collect())
        })
        .await?;
        Ok(found.into_iter().map(|((_, id), row)| (id, row)).collect())
    }
}

/// The values of `keys` that exist: those `cache` holds, the rest from
/// `fetch` (given the missing keys, returning what it found), which are kept.
/// Lookups are counted under `name` (the `hub_cache_lookups_total` metric).
pub async fn read_through<K, V, F, Fut>(
    name: &'static str,
    cache: Option<&moka::sync::Cache<K, V>>,
    keys: &[K],
    fetch: F,
) -> AppResult<HashMap<K, V>>
where
    K: Hash + Eq + Clone + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
    F: FnOnce(Vec<K>) -> Fut,
    Fut: Future<Output = AppResult<Vec<(K, V)>>>,
{
    let mut out = HashMap::with_capacity(keys.len());
    let mut missing = Vec::new();
    for key in keys {
        match cache.and_then(|c| c.get(key)) {
            Some(value) => {
                out.insert(key.clone(), value);
            }
            None => missing.push(key.clone()),
        }
    }
    if cache.is_some() {
        crate::telemetry::metrics::cache_lookups(name, out.len() as u64, missing.len() as u64);
    }
    if missing.is_empty() {
        return Ok(out);
    }
    for (key, value) in fetch(missing).await? {
        if let Some(cache) = cache {
            cache.insert(key.clone(), value.clone());
        }
        out.insert(key, value);
    }
    Ok(out)
}
