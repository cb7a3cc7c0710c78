//! Batched loading: grouping the rows of one batched query by the key a
//! DataLoader asked for, and priming a request's loaders from a prefetch.
use std::collections::HashMap;
use std::hash::Hash;

use async_graphql::dataloader::{CacheFactory, DataLoader, Loader};

/// Groups `rows` by `key`, keeping each group in the order the rows came.
pub fn group_by<K: Eq + Hash, V>(
    rows: impl IntoIterator<Item = V>,
    key: impl Fn(&V) -> K,
) -> HashMap<K, Vec<V>> {
    let mut out: HashMap<K, Vec<V>> = HashMap::new();
    for row in rows {
        out.entry(key(&row)).or_default().push(row);
    }
    out
}

/// Loads `keys` through a request's `loader` in one call and keeps what it
/// found in the loader's cache, if it has one, returning it.
///
/// For prefetches, which already hold every key their list will ask for:
/// `load_many` would wait the DataLoader's batching delay for more keys, on
/// another task, before the statement is even sent, and a page's
/// prefetches run in sequence with the rest of the request.
pub async fn prime<L, K, C>(
    loader: &DataLoader<L, C>,
    keys: impl IntoIterator<Item = K>,
) -> Result<HashMap<K, L::Value>, L::Error>
where
    L: Loader<K>,
    C: CacheFactory,
    K: Send + Sync + Hash + Eq + Clone + 'static,
{
    let keys: Vec<K> = keys.into_iter().collect();
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let found = loader.loader().load(&keys).await?;
    loader
        .feed_many(found.iter().map(|(k, v)| (k.clone(), v.clone())))
        .await;
    Ok(found)
}
