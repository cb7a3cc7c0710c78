//! Section 11 audits (Children Act 2004, s.11: each agency's duty to
//! safeguard): versioned frameworks of standards, rounds, agencies, agency
//! returns with a draft → submitted → validated → published workflow,
//! practitioner survey results and summaries.
//!
//! Who sees what is decided in [`access`]; everything else builds on it.

/// The id of the regional eight-standard framework the migration puts in.
pub const REGIONAL_FRAMEWORK: &str = "regional-v1";

pub mod access;
pub mod demo;
pub mod grade_cache;
pub mod loaders;
pub mod schema;
pub mod service;
