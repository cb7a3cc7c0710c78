//! Relay cursor connections for lists that grow: `first`/`after` forwards,
//! `last`/`before` backwards (at most 100), `pageInfo` and `totalCount`.
//!
//! The types are async-graphql's (`Connection`, `Edge`, `PageInfo`), the
//! cursors its `OpaqueCursor` over a list's sort key, and a page is read with
//! sea-orm's keyset `Cursor`: a cursor names a place in the order, not a
//! position, so a row inserted or deleted between two fetches neither repeats
//! nor skips one. Each list declares its types with [`connection_type!`],
//! which also gives them their own descriptions.
use async_graphql::connection::{
    Connection, CursorType, DefaultConnectionName, DefaultEdgeName, DisableNodesField, Edge,
    EmptyFields, OpaqueCursor,
};
use async_graphql::{ObjectType, OutputType, SchemaBuilder, SimpleObject, SubscriptionType};
use sea_orm::sea_query::IntoValueTuple;
use sea_orm::{
    ConnectionTrait, EntityTrait, FromQueryResult, IntoIdentity, PaginatorTrait, Select,
};
use serde::{de::DeserializeOwned, Serialize};

use crate::error::{AppError, AppResult};

pub const DEFAULT_PAGE_SIZE: u64 = 20;
pub const MAX_PAGE_SIZE: u64 = 100;
/// Longer than any cursor a list gives; a longer one is refused unread.
const MAX_CURSOR_CHARS: usize = 512;

/// The values of a list's order columns for one row: what its cursors hold.
pub trait SortKey:
    Serialize + DeserializeOwned + IntoValueTuple + Clone + Send + Sync + 'static
{
}

impl<T> SortKey for T where
    T: Serialize + DeserializeOwned + IntoValueTuple + Clone + Send + Sync + 'static
{
}

/// A node type listed through a connection, with its sort key and the
/// descriptions of its connection and edge types.
pub trait Listed: OutputType + Sized {
    type Key: SortKey;
    const CONNECTION_DESCRIPTION: &'static str;
    const EDGE_DESCRIPTION: &'static str;
}

/// The connection type of `N`, named `<N>Connection`. Without the library's
/// `nodes` shortcut: resolvers look ahead at `edges { node }` to load what
/// the page's nodes need in one batch.
pub type ConnectionOf<N> = Connection<
    OpaqueCursor<<N as Listed>::Key>,
    N,
    TotalCount,
    EmptyFields,
    DefaultConnectionName,
    DefaultEdgeName,
    DisableNodesField,
>;

/// The edge type of `N`, named `<N>Edge`.
pub type EdgeOf<N> = Edge<OpaqueCursor<<N as Listed>::Key>, N, EmptyFields, DefaultEdgeName>;

/// Gives `N`'s connection and edge types their descriptions (the library's
/// generic types carry none of their own).
pub fn describe<N, Q, M, S>(builder: SchemaBuilder<Q, M, S>) -> SchemaBuilder<Q, M, S>
where
    N: Listed,
    Q: ObjectType + 'static,
    M: ObjectType + 'static,
    S: SubscriptionType + 'static,
{
    builder
        .override_output_type_description::<ConnectionOf<N>>(N::CONNECTION_DESCRIPTION)
        .override_output_type_description::<EdgeOf<N>>(N::EDGE_DESCRIPTION)
}

/// The field every connection adds to Relay's `pageInfo` and `edges`.
#[derive(SimpleObject, Debug, Clone, Copy)]
pub struct TotalCount {
    /// How many items match the filter, across all pages.
    pub total_count: u64,
}

/// Which way a list is ordered: every one of its order columns the same way,
/// which is what a keyset cursor can follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Ascending,
    Descending,
}

/// The page a client asked for, its arguments checked.
#[derive(Debug, Clone)]
pub struct PageArgs<K> {
    after: Option<K>,
    before: Option<K>,
    size: u64,
    /// `last` was given: the page ends at `before` (or the end of the list).
    backward: bool,
}

impl<K: SortKey> Default for PageArgs<K> {
    /// The first page of the default size.
    fn default() -> Self {
        PageArgs {
            after: None,
            before: None,
            size: DEFAULT_PAGE_SIZE,
            backward: false,
        }
    }
}

impl<K: SortKey> PageArgs<K> {
    /// Reads Relay's four arguments, naming the one at fault. `first` and
    /// `last` together are refused: the page would be ambiguous.
    pub fn new(
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> AppResult<Self> {
        let size = |name: &str, n: i32| {
            if n >= 1 && (n as u64) <= MAX_PAGE_SIZE {
                Ok(n as u64)
            } else {
                Err(AppError::bad_input(
                    name,
                    format!("must be between 1 and {MAX_PAGE_SIZE}, not {n}"),
                ))
            }
        };
        let (size, backward) = match (first, last) {
            (Some(_), Some(_)) => {
                return Err(AppError::bad_input(
                    "last",
                    "cannot be given with `first`: page forwards with `first` and `after`, \
                     or backwards with `last` and `before`",
                ))
            }
            (Some(n), None) => (size("first", n)?, false),
            (None, Some(n)) => (size("last", n)?, true),
            (None, None) => (DEFAULT_PAGE_SIZE, false),
        };
        Ok(PageArgs {
            after: after.map(|c| decode("after", &c)).transpose()?,
            before: before.map(|c| decode("before", &c)).transpose()?,
            size,
            backward,
        })
    }
}

fn decode<K: SortKey>(argument: &str, cursor: &str) -> AppResult<K> {
    let refused = || AppError::bad_input(argument, "is not a cursor this list gave");
    if cursor.len() > MAX_CURSOR_CHARS {
        return Err(refused());
    }
    OpaqueCursor::<K>::decode_cursor(cursor)
        .map(|c| c.0)
        .map_err(|_| refused())
}

/// One page of a list: its rows with their sort keys, where it sits, and the
/// count of everything the list's filter matches.
#[derive(Debug, Clone)]
pub struct Page<K, M> {
    pub edges: Vec<(K, M)>,
    pub has_previous_page: bool,
    pub has_next_page: bool,
    pub total_count: u64,
}

impl<K, M> Page<K, M> {
    /// The rows of this page.
    pub fn rows(&self) -> impl Iterator<Item = &M> + Clone {
        self.edges.iter().map(|(_, m)| m)
    }

    /// The same page with each row turned into `N`.
    pub fn map<N>(self, mut f: impl FnMut(M) -> N) -> Page<K, N> {
        Page {
            edges: self.edges.into_iter().map(|(k, m)| (k, f(m))).collect(),
            has_previous_page: self.has_previous_page,
            has_next_page: self.has_next_page,
            total_count: self.total_count,
        }
    }

    /// [`Page::map`] with a conversion that may fail.
    pub fn try_map<N, E>(self, mut f: impl FnMut(M) -> Result<N, E>) -> Result<Page<K, N>, E> {
        Ok(Page {
            edges: self
                .edges
                .into_iter()
                .map(|(k, m)| Ok((k, f(m)?)))
                .collect::<Result<_, E>>()?,
            has_previous_page: self.has_previous_page,
            has_next_page: self.has_next_page,
            total_count: self.total_count,
        })
    }

    /// The rows, taken out to be made into nodes as a batch; give those back
    /// with [`Page::with_nodes`].
    pub fn take_rows(self) -> (Page<K, ()>, Vec<M>) {
        let (keys, rows): (Vec<K>, Vec<M>) = self.edges.into_iter().unzip();
        let page = Page {
            edges: keys.into_iter().map(|k| (k, ())).collect(),
            has_previous_page: self.has_previous_page,
            has_next_page: self.has_next_page,
            total_count: self.total_count,
        };
        (page, rows)
    }

    /// The same page with its rows replaced by `nodes`, one per row in order
    /// (say, the rows as a batch made them into views).
    pub fn with_nodes<N>(self, nodes: Vec<N>) -> Page<K, N> {
        debug_assert_eq!(self.edges.len(), nodes.len());
        Page {
            edges: self.edges.into_iter().map(|(k, _)| k).zip(nodes).collect(),
            has_previous_page: self.has_previous_page,
            has_next_page: self.has_next_page,
            total_count: self.total_count,
        }
    }

    /// The connection of this page, each row made a node by `node`.
    pub fn into_connection<N>(self, mut node: impl FnMut(M) -> N) -> ConnectionOf<N>
    where
        N: Listed<Key = K>,
        K: SortKey,
    {
        let mut connection = Connection::with_additional_fields(
            self.has_previous_page,
            self.has_next_page,
            TotalCount {
                total_count: self.total_count,
            },
        );
        connection.edges.extend(
            self.edges
                .into_iter()
                .map(|(key, row)| Edge::new(OpaqueCursor(key), node(row))),
        );
        connection
    }
}

/// Reads the page `args` asks for of `query` (filtered by the caller's scope),
/// ordered by `columns` one way, each row read as `M` and keyed by `key`.
///
/// Two statements sent together (the page, with one row more to tell whether
/// the list goes on, and the total count) and, only when the page was asked
/// for from a cursor, one more (two with both `after` and `before`) to tell
/// whether rows lie beyond it the other way: never more as the page grows.
pub async fn fetch<E, M, C, K>(
    db: &impl ConnectionTrait,
    query: Select<E>,
    columns: C,
    order: Order,
    args: &PageArgs<K>,
    key: impl Fn(&M) -> K,
) -> AppResult<Page<K, M>>
where
    E: EntityTrait,
    E::Model: FromQueryResult + Send + Sync,
    M: FromQueryResult + Send + Sync,
    C: IntoIdentity + Copy,
    K: SortKey,
{
    let keyset = || {
        let mut cursor = query.clone().cursor_by(columns).into_model::<M>();
        if order == Order::Descending {
            cursor.desc();
        }
        cursor
    };
    let mut page = keyset();
    if let Some(after) = &args.after {
        page.after(after.clone());
    }
    if let Some(before) = &args.before {
        page.before(before.clone());
    }
    if args.backward {
        page.last(args.size + 1);
    } else {
        page.first(args.size + 1);
    }
    let (total_count, mut rows) = futures_util::try_join!(query.clone().count(db), page.all(db))?;
    let more = rows.len() as u64 > args.size;
    if more {
        // The extra row lies beyond the page, on the side it was read towards.
        if args.backward {
            rows.remove(0);
        } else {
            rows.pop();
        }
    }
    // Whether any row lies before `before` (any at all: `None`), or after `after`.
    let any_before = |bound: Option<K>| {
        let mut probe = keyset();
        if let Some(bound) = bound {
            probe.before(bound);
        }
        async move { AppResult::Ok(!probe.last(1).all(db).await?.is_empty()) }
    };
    let any_after = |bound: Option<K>| {
        let mut probe = keyset();
        if let Some(bound) = bound {
            probe.after(bound);
        }
        async move { AppResult::Ok(!probe.first(1).all(db).await?.is_empty()) }
    };
    let (has_previous_page, has_next_page) = match (rows.first(), rows.last()) {
        (Some(first), Some(last)) => {
            // Known without asking: the page reached the end it was read
            // towards, or began at the list's own start or end.
            let previous = if args.backward && more {
                Some(true)
            } else if args.after.is_none() {
                Some(false)
            } else {
                None
            };
            let next = if !args.backward && more {
                Some(true)
            } else if args.before.is_none() {
                Some(false)
            } else {
                None
            };
            let previous = async {
                match previous {
                    Some(known) => Ok(known),
                    None => any_before(Some(key(first))).await,
                }
            };
            let next = async {
                match next {
                    Some(known) => Ok(known),
                    None => any_after(Some(key(last))).await,
                }
            };
            futures_util::try_join!(previous, next)?
        }
        _ => {
            // An empty page between `after` and `before`: the rows before
            // `before` are exactly those up to `after`, and the other way round.
            let previous = async {
                match &args.after {
                    None => Ok(false),
                    Some(_) => any_before(args.before.clone()).await,
                }
            };
            let next = async {
                match &args.before {
                    None => Ok(false),
                    Some(_) => any_after(args.after.clone()).await,
                }
            };
            futures_util::try_join!(previous, next)?
        }
    };
    Ok(Page {
        edges: rows.into_iter().map(|row| (key(&row), row)).collect(),
        has_previous_page,
        has_next_page,
        total_count,
    })
}

/// Declares the connection and edge types of a listed node type, keyed by
/// `$key` (the values of the list's order columns), with their descriptions:
/// `connection_type!(AuditEventConnection, AuditEventEdge, AuditEvent, AuditKey, "A page of audit events.", "An audit event and its cursor.");`
/// The descriptions reach the schema through [`describe`], called for every
/// listed type in `crate::graphql::build_schema`.
#[macro_export]
macro_rules! connection_type {
    ($conn:ident, $edge:ident, $node:ty, $key:ty, $conn_doc:literal, $edge_doc:literal) => {
        #[doc = $conn_doc]
        pub type $conn = $crate::pagination::ConnectionOf<$node>;

        #[doc = $edge_doc]
        pub type $edge = $crate::pagination::EdgeOf<$node>;

        impl $crate::pagination::Listed for $node {
            type Key = $key;
            const CONNECTION_DESCRIPTION: &'static str = $conn_doc;
            const EDGE_DESCRIPTION: &'static str = $edge_doc;
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    type Key = (chrono::NaiveDate, String);

    fn cursor(key: Key) -> String {
        OpaqueCursor(key).encode_cursor()
    }

    #[test]
    fn arguments_are_checked_naming_the_one_at_fault() {
        let day = chrono::NaiveDate::from_ymd_opt(2024, 4, 1).expect("date");
        let args = PageArgs::<Key>::new(Some(10), Some(cursor((day, "a".into()))), None, None)
            .expect("valid");
        assert_eq!(args.after, Some((day, "a".to_string())));
        assert_eq!((args.size, args.backward), (10, false));
        let args = PageArgs::<Key>::new(None, None, Some(5), Some(cursor((day, "b".into()))))
            .expect("valid");
        assert_eq!((args.size, args.backward), (5, true));

        let field = |r: AppResult<PageArgs<Key>>| match r {
            Err(AppError::BadUserInput { field, .. }) => field,
            other => panic!("expected a refusal, got {other:?}"),
        };
        assert_eq!(field(PageArgs::new(Some(101), None, None, None)), "first");
        assert_eq!(field(PageArgs::new(Some(0), None, None, None)), "first");
        assert_eq!(field(PageArgs::new(None, None, Some(-1), None)), "last");
        assert_eq!(field(PageArgs::new(Some(1), None, Some(1), None)), "last");
        assert_eq!(
            field(PageArgs::new(None, Some("not-a-cursor".into()), None, None)),
            "after"
        );
        // The offset cursors of earlier releases are refused, not misread.
        assert_eq!(
            field(PageArgs::new(None, None, None, Some("cG9zOjk".into()))),
            "before"
        );
        assert_eq!(
            field(PageArgs::new(None, Some("x".repeat(600)), None, None)),
            "after"
        );
    }
}
