//! Data sharing agreements: what one partnership shares with whom, at what
//! level, for what purpose and until when. Signed agreements in force raise
//! a caller's [`crate::access::Scope`] for the request; nothing else lets data
//! cross partnership lines beyond published figures.
pub mod demo;
pub mod loaders;
pub mod rules;
pub mod schema;
pub mod service;
