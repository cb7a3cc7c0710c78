//! Plain Section 11 service functions: each takes a connection and the
//! caller's scope (or, for writes, runs as one audited transaction), so the
//! GraphQL layer stays thin and other domains (benchmarking) can reuse them.
pub mod agencies;
pub mod catalogue;
pub mod grading;
mod return_rows;
pub mod returns;
pub mod rounds;
pub mod summary;
pub mod survey;
pub mod tally;

pub use summary::{summary, StandardSummary, Summary};
