//! Reference data every dataset hangs on: partnerships, CDOP panels and their
//! dated memberships, reporting periods, child populations.
pub mod loaders;
pub mod population;
pub mod schema;
pub mod service;
