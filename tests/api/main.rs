//! Integration tests through the real HTTP app with real tokens: SQLite by
//! default, PostgreSQL when TEST_DATABASE_URL is set; one fresh database per test.
mod helpers;

mod agreements;
mod answer_cache;
mod authorization_matrix;
mod benchmark;
mod cdop;
mod compression_and_caching;
mod error_codes;
mod foundation;
mod hostile;
mod idempotency;
mod import;
mod lado;
mod nodes;
mod operability;
mod paging;
mod practice_reviews;
mod process;
mod publication;
mod schema_contract;
mod scrutiny;
mod section11;
mod shutdown;
mod synthetic;
mod tokens;
mod traces;
mod trusted_documents;
mod two_instances;
mod workspace;
