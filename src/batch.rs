//! Batched loading: grouping the rows of one batched query by the key a
//! DataLoader asked for, and priming a request's loaders from a prefetch.
use std::collections::HashMap;
use std::hash::Hash;
use std::marker::PhantomData;

use async_graphql::dataloader::{CacheFactory, DataLoader, Loader};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::error::AppError;

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

/// Groups rows by key, with an empty list for every key that has none, so a
/// primed cache also knows which parents have no children.
pub fn group_keys<V>(
    keys: &[String],
    rows: impl IntoIterator<Item = (String, V)>,
) -> HashMap<String, Vec<V>> {
    let mut out: HashMap<String, Vec<V>> = keys.iter().map(|k| (k.clone(), Vec::new())).collect();
    for (k, v) in rows {
        out.entry(k).or_default().push(v);
    }
    out
}

/// A table whose rows belong to a parent and are listed in one column's order.
pub trait Child: EntityTrait {
    /// The column holding the parent's id.
    const PARENT: Self::Column;
    /// The order within one parent.
    const ORDER: Self::Column;

    fn parent(m: &Self::Model) -> &str;
}

/// Each parent's children, in order: one query per request, however many
/// parents a page holds. It has no scope of its own: it is reached only from
/// parents already read in the caller's scope.
pub struct Children<E>(DatabaseConnection, PhantomData<fn() -> E>);

impl<E> Children<E> {
    pub fn new(db: DatabaseConnection) -> Self {
        Self(db, PhantomData)
    }
}

impl<E> Loader<String> for Children<E>
where
    E: Child + 'static,
    E::Model: Sync,
{
    type Value = Vec<E::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, AppError> {
        let rows = E::find()
            .filter(E::PARENT.is_in(keys.iter().cloned()))
            .order_by_asc(E::PARENT)
            .order_by_asc(E::ORDER)
            .all(&self.0)
            .await?;
        Ok(group_keys(
            keys,
            rows.into_iter().map(|r| (E::parent(&r).to_owned(), r)),
        ))
    }
}
