//! Integration tests through the real HTTP app with real tokens: SQLite by
//! default, PostgreSQL when TEST_DATABASE_URL is set; one fresh database per test.
mod helpers;

mod authorization_matrix;
mod foundation;
mod schema_contract;
mod section11;
mod tokens;
