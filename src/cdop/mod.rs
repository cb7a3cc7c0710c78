//! CDOP: child death overview panel returns, one per partnership and period,
//! read exactly by those with exact rights and through disclosure control by
//! everyone else. The disclosure rules themselves live in `crate::disclosure`.
pub mod cells;
pub mod dataset;
pub mod demo;
pub mod figures;
pub mod reads;
pub mod schema;
pub mod service;
pub mod submit;
pub mod validate;
