use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The five safeguarding children partnerships of the Avon and Somerset police area.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    async_graphql::Enum,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[graphql(rename_items = "SCREAMING_SNAKE_CASE")]
pub enum PartnershipCode {
    /// Keeping Bristol Safe Partnership (KBSP).
    #[sea_orm(string_value = "BRISTOL")]
    Bristol,
    /// North Somerset Safeguarding Children Partnership (NSSCP).
    #[sea_orm(string_value = "NORTH_SOMERSET")]
    NorthSomerset,
    /// South Gloucestershire Safeguarding Children Partnership (SGSCP).
    #[sea_orm(string_value = "SOUTH_GLOUCESTERSHIRE")]
    SouthGloucestershire,
    /// Bath and North East Somerset Community Safety and Safeguarding Partnership (BCSSP).
    #[sea_orm(string_value = "BATH_NE_SOMERSET")]
    BathNeSomerset,
    /// Somerset Safeguarding Children Partnership (SSCP).
    #[sea_orm(string_value = "SOMERSET")]
    Somerset,
}

impl PartnershipCode {
    /// All five, in the order the partnerships are usually listed.
    pub const ALL: [PartnershipCode; 5] = [
        PartnershipCode::Bristol,
        PartnershipCode::NorthSomerset,
        PartnershipCode::SouthGloucestershire,
        PartnershipCode::BathNeSomerset,
        PartnershipCode::Somerset,
    ];

    /// The code as stored and as written in tokens (`SOMERSET`).
    pub fn as_str(self) -> &'static str {
        match self {
            PartnershipCode::Bristol => "BRISTOL",
            PartnershipCode::NorthSomerset => "NORTH_SOMERSET",
            PartnershipCode::SouthGloucestershire => "SOUTH_GLOUCESTERSHIRE",
            PartnershipCode::BathNeSomerset => "BATH_NE_SOMERSET",
            PartnershipCode::Somerset => "SOMERSET",
        }
    }

    /// The area the partnership covers, as names of local agencies use it
    /// ("Bath and North East Somerset Council").
    pub fn area_name(self) -> &'static str {
        match self {
            PartnershipCode::Bristol => "Bristol",
            PartnershipCode::NorthSomerset => "North Somerset",
            PartnershipCode::SouthGloucestershire => "South Gloucestershire",
            PartnershipCode::BathNeSomerset => "Bath and North East Somerset",
            PartnershipCode::Somerset => "Somerset",
        }
    }

    /// Parses a code as written in tokens and trust files.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == code)
    }
}

impl std::fmt::Display for PartnershipCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
