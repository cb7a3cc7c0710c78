//! Global ids: `id` of every record with an identity, unique across the whole
//! schema (what Relay's `node(id:)` and Apollo's and urql's normalised caches
//! rely on). Opaque to clients: base64url of `Type:key`, where `key` is the
//! record's own key (its `databaseId`, or the code or label that names it).
use async_graphql::ID;
use base64::Engine;

/// Every type that is a `Node`, by its GraphQL name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Partnership,
    ReportingPeriod,
    ChildPopulation,
    CdopPanel,
    ScrutinyTheme,
    AuditEvent,
    SharingAgreement,
    Section11Framework,
    Section11Standard,
    Section11Round,
    Agency,
    Section11Return,
    Scrutineer,
    ScrutineerAppointment,
    ScrutinyActivity,
    ScrutinyFinding,
    ScrutinyRecommendation,
    RecommendationEvent,
    CdopReturn,
    LadoReturn,
    RapidReview,
    Lcspr,
    LcsprRecommendation,
    LearningReview,
}

impl Kind {
    pub const ALL: [Kind; 24] = [
        Kind::Partnership,
        Kind::ReportingPeriod,
        Kind::ChildPopulation,
        Kind::CdopPanel,
        Kind::ScrutinyTheme,
        Kind::AuditEvent,
        Kind::SharingAgreement,
        Kind::Section11Framework,
        Kind::Section11Standard,
        Kind::Section11Round,
        Kind::Agency,
        Kind::Section11Return,
        Kind::Scrutineer,
        Kind::ScrutineerAppointment,
        Kind::ScrutinyActivity,
        Kind::ScrutinyFinding,
        Kind::ScrutinyRecommendation,
        Kind::RecommendationEvent,
        Kind::CdopReturn,
        Kind::LadoReturn,
        Kind::RapidReview,
        Kind::Lcspr,
        Kind::LcsprRecommendation,
        Kind::LearningReview,
    ];

    /// The GraphQL type's name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Partnership => "Partnership",
            Kind::ReportingPeriod => "ReportingPeriod",
            Kind::ChildPopulation => "ChildPopulation",
            Kind::CdopPanel => "CdopPanel",
            Kind::ScrutinyTheme => "ScrutinyTheme",
            Kind::AuditEvent => "AuditEvent",
            Kind::SharingAgreement => "SharingAgreement",
            Kind::Section11Framework => "Section11Framework",
            Kind::Section11Standard => "Section11Standard",
            Kind::Section11Round => "Section11Round",
            Kind::Agency => "Agency",
            Kind::Section11Return => "Section11Return",
            Kind::Scrutineer => "Scrutineer",
            Kind::ScrutineerAppointment => "ScrutineerAppointment",
            Kind::ScrutinyActivity => "ScrutinyActivity",
            Kind::ScrutinyFinding => "ScrutinyFinding",
            Kind::ScrutinyRecommendation => "ScrutinyRecommendation",
            Kind::RecommendationEvent => "RecommendationEvent",
            Kind::CdopReturn => "CdopReturn",
            Kind::LadoReturn => "LadoReturn",
            Kind::RapidReview => "RapidReview",
            Kind::Lcspr => "Lcspr",
            Kind::LcsprRecommendation => "LcsprRecommendation",
            Kind::LearningReview => "LearningReview",
        }
    }

    fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The global id of the record of this kind keyed `key`.
    pub fn id(self, key: impl std::fmt::Display) -> ID {
        ID(base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(format!("{}:{key}", self.name())))
    }

    /// The record key an argument names: the argument is either a global id
    /// of this kind or, as in earlier releases, the key itself.
    pub fn key_of(self, id: &str) -> String {
        match decode(id) {
            Some((kind, key)) if kind == self => key,
            _ => id.to_string(),
        }
    }
}

/// The kind and key a global id names; `None` for anything else.
pub fn decode(id: &str) -> Option<(Kind, String)> {
    // Longer than any id the hub gives: not decoded at all.
    if id.len() > 400 {
        return None;
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(id)
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (name, key) = text.split_once(':')?;
    Some((Kind::from_name(name)?, key.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_arguments_take_either_form() {
        for kind in Kind::ALL {
            let id = kind.id("BRISTOL:2023");
            assert_eq!(decode(&id), Some((kind, "BRISTOL:2023".to_string())));
            assert_eq!(kind.key_of(&id), "BRISTOL:2023");
        }
        let raw = "4c1f6a2e-93c1-4d7f-9a53-0d1b0f4b8b11";
        assert_eq!(Kind::Section11Return.key_of(raw), raw);
        // Another kind's id is not this kind's key.
        let round = Kind::Section11Round.id("r1");
        assert_eq!(Kind::Section11Return.key_of(&round), round.to_string());
        assert_eq!(decode("not an id"), None);
    }
}
