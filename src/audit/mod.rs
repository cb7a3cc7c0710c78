//! The audit log: who did what, when, to which partnership's record, with
//! what outcome. Rows are only ever inserted; no operation changes or deletes them.
pub mod schema;
pub mod service;

pub use service::{
    record, record_agreement_use, record_reads, record_refusal, record_request, write, AuditEntry,
    Work,
};
