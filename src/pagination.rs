//! Cursor connections for lists that grow: `first` (at most 100), `after`,
//! `pageInfo` and `totalCount`. Connection types are declared with
//! [`connection_type!`] so each carries its own description in the schema.
use async_graphql::SimpleObject;
use base64::Engine;

use crate::error::{AppError, AppResult};

pub const DEFAULT_PAGE_SIZE: u64 = 20;
pub const MAX_PAGE_SIZE: u64 = 100;

/// Where a page starts and how long it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub offset: u64,
    pub limit: u64,
}

impl Page {
    /// Reads `first` and `after`, naming the argument at fault.
    pub fn from_args(first: Option<i32>, after: Option<&str>) -> AppResult<Page> {
        let limit = match first {
            None => DEFAULT_PAGE_SIZE,
            Some(n) if n >= 1 && (n as u64) <= MAX_PAGE_SIZE => n as u64,
            Some(n) => {
                return Err(AppError::bad_input(
                    "first",
                    format!("must be between 1 and {MAX_PAGE_SIZE}, not {n}"),
                ))
            }
        };
        let offset = match after {
            None => 0,
            Some(cursor) => {
                decode_cursor(cursor)
                    .ok_or_else(|| AppError::bad_input("after", "is not a cursor this list gave"))?
                    + 1
            }
        };
        Ok(Page { offset, limit })
    }
}

impl Page {
    /// This page of `query` (ordered by the caller, so pages are stable) and
    /// the count of everything it matches: two statements, whatever the size.
    pub async fn fetch<E>(
        self,
        db: &impl sea_orm::ConnectionTrait,
        query: sea_orm::Select<E>,
    ) -> AppResult<(Vec<E::Model>, u64)>
    where
        E: sea_orm::EntityTrait,
        E::Model: Sync,
    {
        use sea_orm::{PaginatorTrait, QuerySelect};
        // Independent statements: sent together, the page waits for one round
        // trip instead of two (under load, each round trip queues).
        let (total, rows) = futures_util::try_join!(
            query.clone().count(db),
            query.offset(self.offset).limit(self.limit).all(db)
        )?;
        Ok((rows, total))
    }

    /// [`Page::fetch`], with the rows read as `M` (say, decoded by position
    /// from the columns `query` selects).
    pub async fn fetch_into<E, M>(
        self,
        db: &impl sea_orm::ConnectionTrait,
        query: sea_orm::Select<E>,
    ) -> AppResult<(Vec<M>, u64)>
    where
        E: sea_orm::EntityTrait,
        E::Model: Sync,
        M: sea_orm::FromQueryResult + Send + Sync,
    {
        use sea_orm::{PaginatorTrait, QuerySelect};
        let (total, rows) = futures_util::try_join!(
            query.clone().count(db),
            query
                .offset(self.offset)
                .limit(self.limit)
                .into_model::<M>()
                .all(db)
        )?;
        Ok((rows, total))
    }
}

/// The cursor is opaque to clients; today it holds a position in the ordered list.
fn encode_cursor(position: u64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("pos:{position}"))
}

fn decode_cursor(cursor: &str) -> Option<u64> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("pos:")?
        .parse()
        .ok()
}

/// Where a page sits in the whole list.
#[derive(SimpleObject, Debug, Clone)]
pub struct PageInfo {
    /// True when items come before this page.
    pub has_previous_page: bool,
    /// True when items follow this page: ask again with `after: endCursor`.
    pub has_next_page: bool,
    /// The cursor of the first item of this page.
    pub start_cursor: Option<String>,
    /// The cursor of the last item of this page.
    pub end_cursor: Option<String>,
}

/// A connection type declared with [`connection_type!`].
pub trait ConnectionType {
    type Node;
    fn assemble(page_info: PageInfo, edges: Vec<(String, Self::Node)>, total_count: u64) -> Self;
}

/// Builds a connection from one page of items and the total matching count.
pub fn connection<C: ConnectionType>(page: Page, items: Vec<C::Node>, total: u64) -> C {
    let edges: Vec<(String, C::Node)> = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| (encode_cursor(page.offset + i as u64), item))
        .collect();
    let page_info = PageInfo {
        has_previous_page: page.offset > 0,
        has_next_page: page.offset + (edges.len() as u64) < total,
        start_cursor: edges.first().map(|(c, _)| c.clone()),
        end_cursor: edges.last().map(|(c, _)| c.clone()),
    };
    C::assemble(page_info, edges, total)
}

/// Declares a described connection and edge type for a node type:
/// `connection_type!(AuditEventConnection, AuditEventEdge, AuditEvent, "A page of audit events.", "An audit event and its cursor.");`
#[macro_export]
macro_rules! connection_type {
    ($conn:ident, $edge:ident, $node:ty, $conn_doc:literal, $edge_doc:literal) => {
        #[doc = $conn_doc]
        #[derive(async_graphql::SimpleObject)]
        pub struct $conn {
            /// Where this page sits in the whole list.
            pub page_info: $crate::pagination::PageInfo,
            /// The items of this page, each with its cursor.
            pub edges: Vec<$edge>,
            /// How many items match the filter, across all pages.
            pub total_count: u64,
        }

        #[doc = $edge_doc]
        #[derive(async_graphql::SimpleObject)]
        pub struct $edge {
            /// Pass as `after` to get the items that follow this one.
            pub cursor: String,
            /// The item.
            pub node: $node,
        }

        impl $crate::pagination::ConnectionType for $conn {
            type Node = $node;
            fn assemble(
                page_info: $crate::pagination::PageInfo,
                edges: Vec<(String, $node)>,
                total_count: u64,
            ) -> Self {
                $conn {
                    page_info,
                    edges: edges
                        .into_iter()
                        .map(|(cursor, node)| $edge { cursor, node })
                        .collect(),
                    total_count,
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_rejects_foreign_text() {
        assert_eq!(decode_cursor(&encode_cursor(41)), Some(41));
        assert_eq!(decode_cursor("not-a-cursor"), None);
        let page = Page::from_args(Some(10), Some(&encode_cursor(9))).expect("valid");
        assert_eq!(
            page,
            Page {
                offset: 10,
                limit: 10
            }
        );
        assert!(Page::from_args(Some(101), None).is_err());
        assert!(Page::from_args(Some(0), None).is_err());
    }
}
