//! The regional safeguarding data hub: a GraphQL API through which the five
//! safeguarding children partnerships of the Avon and Somerset police area
//! share Section 11, independent scrutiny and CDOP data, each caller seeing
//! exactly what its role allows.
pub mod access;
pub mod audit;
pub mod auth;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod graphql;
pub mod http;
pub mod pagination;
pub mod reference;
pub mod section11;
pub mod startup;
pub mod telemetry;
