//! sea-orm entities of the regional safeguarding data hub.
//!
//! One module per table. Enumerations shared by the database and the GraphQL
//! schema live in [`enums`], so a value has one spelling everywhere.

pub mod enums;

pub mod audit_event;
pub mod cdop_panel;
pub mod cdop_panel_membership;
pub mod cdop_return;
pub mod cdop_return_cell;
pub mod child_population;
pub mod hub_meta;
pub mod idempotency_key;
pub mod lado_return;
pub mod lado_return_cell;
pub mod partnership;
pub mod practice_review_annual_figure;
pub mod practice_review_enums;
pub mod practice_review_lcspr;
pub mod practice_review_learning_review;
pub mod practice_review_rapid_review;
pub mod practice_review_recommendation;
pub mod practice_review_recommendation_event;
pub mod reporting_period;
pub mod scrutiny_activity;
pub mod scrutiny_activity_partnership;
pub mod scrutiny_activity_theme;
pub mod scrutiny_appointment;
pub mod scrutiny_enums;
pub mod scrutiny_finding;
pub mod scrutiny_recommendation;
pub mod scrutiny_recommendation_event;
pub mod scrutiny_scrutineer;
pub mod scrutiny_theme;
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
pub mod sharing_agreement;
pub mod sharing_agreement_event;
pub mod sharing_agreement_recipient;
pub mod sharing_agreement_signature;
