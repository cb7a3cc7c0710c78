//! The audit of exact reads: every LADO return a caller sees unsuppressed is
//! logged. The reads are noted in the request's scope as they happen and
//! written, in one statement, with the request's other audit rows when it
//! ends ([`crate::audit::record_reads`]); an answer served from memory notes
//! the same reads its computation did.
use crate::access::{AuditedRead, Dataset, Scope};

use super::service::ReturnView;

pub const OPERATION: &str = "readLadoReturn";

/// Notes one audited read per return in `views` the caller saw exactly,
/// naming the sharing agreement that granted the access where one did.
/// `via` is the query that read them.
pub fn note_exact_reads<'v>(
    scope: &Scope,
    views: impl IntoIterator<Item = &'v ReturnView>,
    via: &str,
) {
    scope.note_reads(views.into_iter().filter(|v| v.exact()).map(|v| {
        AuditedRead {
            operation: OPERATION,
            partnership: v.record.partnership_code,
            record_type: "lado_return",
            record_id: v.record.id.clone(),
            detail: format!(
                "{via}: {} version {}",
                v.record.period_label, v.record.version
            ),
            agreement_id: scope
                .grant(Dataset::Lado, v.record.partnership_code)
                .agreement_id,
        }
    }));
}
