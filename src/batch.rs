//! Grouping the rows of one batched query by the key a DataLoader asked for.
use std::collections::HashMap;
use std::hash::Hash;

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
