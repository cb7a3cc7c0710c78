//! Independent scrutiny: scrutineers and their dated appointments, scrutiny
//! activities with their findings and recommendations, the recommendations'
//! append-only history of responses, and the regional coverage matrix.
//!
//! Who sees what (from the caller's [`Scope`](crate::access::Scope), never its
//! role): a caller with record-level access to any partnership an activity
//! covers sees the activity with everything under it; everyone else sees only
//! published activities (scrutiny reports are published documents). Scrutiny
//! figures count activities and recommendations, never children, so they are
//! shown exactly, without small-number suppression.
pub mod coverage;
pub mod demo;
pub mod loaders;
pub mod metrics;
pub mod prefetch;
pub mod recording;
pub mod responses;
pub mod schema;
pub mod service;
pub mod types;
pub mod visibility;
