//! sea-orm entities of the regional safeguarding data hub.
//!
//! One module per table. Enumerations shared by the database and the GraphQL
//! schema live in [`enums`], so a value has one spelling everywhere.

pub mod enums;

pub mod audit_event;
pub mod cdop_panel;
pub mod cdop_panel_membership;
pub mod child_population;
pub mod hub_meta;
pub mod partnership;
pub mod reporting_period;
pub mod section11_action;
pub mod section11_agency;
pub mod section11_agency_partnership;
pub mod section11_enums;
pub mod section11_framework;
pub mod section11_grade;
pub mod section11_recommendation;
pub mod section11_return;
pub mod section11_round;
pub mod section11_round_agency;
pub mod section11_round_partnership;
pub mod section11_standard;
pub mod section11_survey_result;

pub use enums::PartnershipCode;
