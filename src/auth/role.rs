use serde::{Deserialize, Serialize};

/// What a caller may do. Scope (which partnerships) comes with it in the token.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything in every partnership, including reference data.
    RegionalAdmin,
    /// Reads and writes all of its partnerships' data; validates and publishes;
    /// answers recommendations it owns.
    PartnershipManager,
    /// Drafts, edits and submits one agency's Section 11 returns.
    AgencyLead,
    /// Reads all data in scope with exact figures (drafts excepted); records
    /// scrutiny activity, findings and recommendations.
    Scrutineer,
    /// Writes and reads CDOP returns of the partnerships its panel serves.
    CdopOfficer,
    /// Published figures only, with disclosure control.
    Analyst,
    /// No token: reference data and published figures with disclosure control.
    Anonymous,
}

impl Role {
    /// The spelling used in tokens and in the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::RegionalAdmin => "regional_admin",
            Role::PartnershipManager => "partnership_manager",
            Role::AgencyLead => "agency_lead",
            Role::Scrutineer => "scrutineer",
            Role::CdopOfficer => "cdop_officer",
            Role::Analyst => "analyst",
            Role::Anonymous => "anonymous",
        }
    }

    pub const ALL: [Role; 7] = [
        Role::RegionalAdmin,
        Role::PartnershipManager,
        Role::AgencyLead,
        Role::Scrutineer,
        Role::CdopOfficer,
        Role::Analyst,
        Role::Anonymous,
    ];

    pub fn parse(s: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
