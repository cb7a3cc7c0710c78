//! Regional benchmarking: one metric registry over the three datasets,
//! comparisons of the five partnerships for a period, trends, and CSV export.
pub mod assemble;
pub mod comparability;
pub mod ees;
pub mod methodology;
pub mod registry;
pub mod schema;
pub mod service;
pub mod sources;
pub mod stats;
