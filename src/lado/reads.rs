//! The audit of LADO's exact reads, by [`crate::returns::reads`].

pub const OPERATION: &str = "readLadoReturn";
