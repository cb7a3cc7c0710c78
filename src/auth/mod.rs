//! Identity and access: verified tokens become a [`Caller`], the one value the
//! service layer turns into query conditions.
pub mod caller;
pub mod claims;
pub mod role;
pub mod schema;
pub mod token;
pub mod trust;
pub mod verifier;

pub use caller::Caller;
pub use role::Role;
pub use verifier::TokenVerifier;
