//! LADO: allegations against people who work with children, as each
//! partnership's Local Authority Designated Officer reports them, one return
//! per partnership and period. Read exactly by those with exact rights and
//! through disclosure control by everyone else; the rules themselves live in
//! `crate::disclosure`, shared with CDOP.
pub mod cells;
pub mod dataset;
pub mod demo;
pub mod figures;
pub mod reads;
pub mod schema;
pub mod service;
pub mod submit;
pub mod validate;
