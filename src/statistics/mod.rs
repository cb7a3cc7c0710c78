//! The statistical method every published figure follows, in one place:
//! competition ranking, quartiles that agree with ranks, the median and mean
//! of unrounded values with the number of partnerships they cover, rounding
//! half away from zero to the published precision, and the status and flags
//! a figure carries (the government statistics symbols `c`, `x`, `z`, `low`).
//!
//! Pure functions, so the rules are easy to test and to read; the benchmark,
//! the exports and `docs/statistics.md` all describe these.
mod ranking;
mod rounding;
mod status;
mod summary;

pub use ranking::{quartile, ranks};
pub use rounding::{round_half_away, RATE_DECIMALS, SHARE_DECIMALS};
pub use status::{FigureFlags, FigureStatus};
pub use summary::{summarise, Summary};
