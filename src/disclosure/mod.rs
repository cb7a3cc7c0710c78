//! Statistical disclosure control: the one place its rules live. Figures
//! shown to a caller without exact rights for a partnership go through here
//! (the threshold is configuration, `SUPPRESSION_THRESHOLD`; the rules are
//! this code):
//!
//! - a count from 1 to the threshold is suppressed; zero is shown
//!   ([`suppress`]);
//! - secondary suppression: in every complete breakdown shown with its
//!   total, cells are hidden until no hidden cell can be worked out from the
//!   shown ones, by subtraction or by combining breakdowns ([`suppress`]);
//! - across partnerships: a regional total is shown only when no figure
//!   behind it is hidden, so subtraction across partnerships recovers
//!   nothing ([`region_cell`]);
//! - a share or rate with a hidden input is hidden; no rate on fewer than 3
//!   events; a rate on fewer than 20 is flagged unreliable
//!   ([`rate_per_10k`], [`share_percent`]);
//! - wording quoted from a source reaches only a viewer with exact figures;
//!   everyone else gets the citation ([`provenance`]);
//! - figures about organisations and activity (Section 11, scrutiny) are
//!   never suppressed, but carry a status and their inputs' flags
//!   ([`CountFigure`], [`ShareFigure`]).
//!
//! The functions are pure: datasets describe their tables as [`Breakdown`]s
//! and call them; [`Figure`] is how a disclosed figure reaches the schema.
mod figure;
mod linear;
mod organisational;
mod rates;
mod regional;
mod table;
mod text;

pub use figure::Figure;
pub use linear::{exposed, Equation};
pub use organisational::{CountFigure, ShareFigure};
pub use rates::{rate_per_10k, share_percent, Rate, MIN_RATE_EVENTS, RELIABLE_RATE_EVENTS};
pub use regional::{region_cell, Contribution, RegionalCell};
pub use table::{suppress, too_small, Breakdown};
pub use text::{provenance, Provenance};
