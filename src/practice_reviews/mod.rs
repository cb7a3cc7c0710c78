//! Practice reviews: learning from serious incidents. Serious incident
//! notifications with their rapid reviews (due within 15 working days, see
//! [`working_days`]), local child safeguarding practice reviews (LCSPRs) with
//! recommendations answered through the shared mechanism of
//! [`crate::recommendations`], non-statutory learning reviews, and the annual
//! counts partnerships publish without individual reviews.
//!
//! Who sees what: a rapid review is about one child, so individual reviews
//! are visible only to callers with record-level access to the partnership's
//! practice reviews (its manager, its scrutineer, a regional admin, or a
//! sharing agreement on `PRACTICE_REVIEWS`), and each such read is audited.
//! Everyone else sees the yearly counts, through disclosure control
//! ([`figures`]).
pub mod demo;
pub mod figures;
pub mod loaders;
pub mod recording;
pub mod schema;
pub mod service;
pub mod working_days;
