//! Practice review demo data: every figure the seed reports publish on
//! learning from serious incidents, each citing its report and section, and
//! illustrative records (marked as such) for the other partnerships, so the
//! record-level queries and the benchmarks have something to show.
