//! CDOP: child death overview panel returns, one per partnership and period,
//! read exactly by those with exact rights and through disclosure control by
//! everyone else.
pub mod cells;
pub mod figures;
