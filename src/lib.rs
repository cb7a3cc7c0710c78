//! The regional safeguarding data hub: a GraphQL API through which the five
//! safeguarding children partnerships of the Avon and Somerset police area
//! share Section 11, independent scrutiny and CDOP data, each caller seeing
//! exactly what its role allows.
pub mod access;
pub mod agreements;
pub mod audit;
pub mod auth;
pub mod batch;
pub mod benchmark;
pub mod cache;
pub mod cdop;
pub mod config;
pub mod db;
pub mod demo;
pub mod disclosure;
pub mod error;
pub mod graphql;
pub mod http;
pub mod idempotency;
pub mod import;
pub mod lado;
pub mod node;
pub mod pagination;
pub mod practice_reviews;
pub mod recommendations;
pub mod reference;
pub mod returns;
pub mod scrutiny;
pub mod section11;
pub mod startup;
pub mod statistics;
pub mod synthetic;
pub mod telemetry;
pub mod text;
