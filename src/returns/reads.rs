//! The audit of exact reads: every return a caller sees unsuppressed is
//! logged. The reads are noted in the request's scope as they happen and
//! written, in one statement, with the request's other audit rows when it
//! ends ([`crate::audit::record_reads`]); an answer served from memory notes
//! the same reads its computation did.
use super::service::ReturnView;
use super::{FigureReturn, ReturnRecord};
use crate::access::{AuditedRead, Scope};

/// Notes one audited read per return in `views` the caller saw exactly,
/// naming the sharing agreement that granted the access where one did.
/// `via` is the query that read them.
pub fn note_exact_reads<'v, R: FigureReturn>(
    scope: &Scope,
    views: impl IntoIterator<Item = &'v ReturnView<R>>,
    via: &str,
) {
    scope.note_reads(views.into_iter().filter(|v| v.exact()).map(|v| {
        let partnership = v.record.partnership();
        AuditedRead {
            operation: R::READ_OPERATION,
            partnership,
            record_type: R::RECORD_TYPE,
            record_id: v.record.id().to_owned(),
            detail: format!(
                "{via}: {} version {}",
                v.record.period_label(),
                v.record.version()
            ),
            agreement_id: scope.grant(R::DATASET, partnership).agreement_id,
        }
    }));
}
