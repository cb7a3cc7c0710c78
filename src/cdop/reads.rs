//! The audit of CDOP's exact reads, by [`crate::returns::reads`].

pub const OPERATION: &str = "readCdopReturn";
