//! Finds the records global ids name: the ids grouped by type, each type's
//! records read in one statement through the same scope conditions as its
//! lists, so `nodes(ids:)` costs a statement per type named, never per id.
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use async_graphql::{Context, ID};
use entity::{
    cdop_panel, child_population, partnership, reporting_period, scrutiny_appointment,
    scrutiny_scrutineer, scrutiny_theme, section11_agency, section11_framework, section11_round,
    section11_standard, PartnershipCode,
};
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::global_id::{decode, Kind};
use super::Node;
use crate::access::Scope;
use crate::auth::Caller;
use crate::error::AppResult;
use crate::reference::schema::{CdopPanel, ChildPopulation, Partnership, ReportingPeriod};
use crate::scrutiny::types::{
    RecommendationEvent, Scrutineer, ScrutineerAppointment, ScrutinyActivity, ScrutinyFinding,
    ScrutinyRecommendation, ScrutinyTheme,
};
use crate::section11::schema::types::{
    Agency, Section11Framework, Section11Return, Section11Round, Section11Standard,
};

/// The records `ids` name, in their order; `None` for an id that names
/// nothing the caller may see (or is no global id at all).
pub async fn nodes(ctx: &Context<'_>, ids: &[ID]) -> AppResult<Vec<Option<Node>>> {
    let wanted: Vec<Option<(Kind, String)>> = ids.iter().map(|id| decode(id)).collect();
    let mut by_kind: BTreeMap<Kind, BTreeSet<String>> = BTreeMap::new();
    for (kind, key) in wanted.iter().flatten() {
        by_kind.entry(*kind).or_default().insert(key.clone());
    }
    let mut found: HashMap<(Kind, String), Node> = HashMap::new();
    for (kind, keys) in by_kind {
        let keys: Vec<String> = keys.into_iter().collect();
        for (key, node) in load(ctx, kind, &keys).await? {
            found.insert((kind, key), node);
        }
    }
    Ok(wanted
        .into_iter()
        .map(|w| w.and_then(|k| found.get(&k).cloned()))
        .collect())
}

/// The records of one kind among `keys` the caller may see, by key.
async fn load(ctx: &Context<'_>, kind: Kind, keys: &[String]) -> AppResult<Vec<(String, Node)>> {
    let db = ctx.data_unchecked::<DatabaseConnection>();
    let scope = ctx.data_unchecked::<Scope>();
    let caller = ctx.data_unchecked::<Caller>();
    let keyed = keys.iter().map(String::as_str);
    Ok(match kind {
        // Reference data, Section 11 rounds, frameworks and agencies, and
        // scrutineers are public: every caller reads them through the lists.
        Kind::Partnership => {
            let codes: Vec<PartnershipCode> = keys
                .iter()
                .filter_map(|k| PartnershipCode::parse(k))
                .collect();
            partnership::Entity::find()
                .filter(partnership::Column::Code.is_in(codes))
                .all(db)
                .await?
                .into_iter()
                .map(|m| {
                    (
                        m.code.as_str().to_string(),
                        Node::Partnership(Partnership::from(m)),
                    )
                })
                .collect()
        }
        Kind::ReportingPeriod => reporting_period::Entity::find()
            .filter(reporting_period::Column::Label.is_in(keyed))
            .all(db)
            .await?
            .into_iter()
            .map(|m| {
                (
                    m.label.clone(),
                    Node::ReportingPeriod(ReportingPeriod::from(m)),
                )
            })
            .collect(),
        Kind::ChildPopulation => {
            let mut any = Condition::any();
            let mut named = false;
            for key in keys {
                let Some((code, year)) = key.split_once(':') else {
                    continue;
                };
                let (Some(code), Ok(year)) = (PartnershipCode::parse(code), year.parse::<i32>())
                else {
                    continue;
                };
                named = true;
                any = any.add(
                    Condition::all()
                        .add(child_population::Column::PartnershipCode.eq(code))
                        .add(child_population::Column::Year.eq(year)),
                );
            }
            if !named {
                return Ok(Vec::new());
            }
            child_population::Entity::find()
                .filter(any)
                .all(db)
                .await?
                .into_iter()
                .map(|m| {
                    let key = ChildPopulation::key(m.partnership_code, m.year);
                    (key, Node::ChildPopulation(ChildPopulation::from(m)))
                })
                .collect()
        }
        Kind::CdopPanel => cdop_panel::Entity::find()
            .filter(cdop_panel::Column::Code.is_in(keyed))
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.code.clone(), Node::CdopPanel(CdopPanel::from(m))))
            .collect(),
        Kind::ScrutinyTheme => scrutiny_theme::Entity::find()
            .filter(scrutiny_theme::Column::Code.is_in(keyed))
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.code.clone(), Node::ScrutinyTheme(ScrutinyTheme::from(m))))
            .collect(),
        Kind::Section11Framework => section11_framework::Entity::find()
            .filter(section11_framework::Column::Id.is_in(keyed))
            .all(db)
            .await?
            .into_iter()
            .map(|m| {
                (
                    m.id.clone(),
                    Node::Section11Framework(Section11Framework(m)),
                )
            })
            .collect(),
        Kind::Section11Standard => section11_standard::Entity::find()
            .filter(section11_standard::Column::Id.is_in(keyed))
            .all(db)
            .await?
            .into_iter()
            .map(|m| {
                (
                    m.id.clone(),
                    Node::Section11Standard(Section11Standard(Arc::new(m))),
                )
            })
            .collect(),
        Kind::Section11Round => section11_round::Entity::find()
            .filter(section11_round::Column::Id.is_in(keyed))
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.id.clone(), Node::Section11Round(Section11Round(m))))
            .collect(),
        Kind::Agency => section11_agency::Entity::find()
            .filter(section11_agency::Column::Id.is_in(keyed))
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.id.clone(), Node::Agency(Agency(m))))
            .collect(),
        Kind::Scrutineer => scrutiny_scrutineer::Entity::find()
            .filter(scrutiny_scrutineer::Column::Id.is_in(keyed))
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.id.clone(), Node::Scrutineer(Scrutineer(m))))
            .collect(),
        Kind::ScrutineerAppointment => scrutiny_appointment::Entity::find()
            .filter(scrutiny_appointment::Column::Id.is_in(keyed))
            .all(db)
            .await?
            .into_iter()
            .map(|m| {
                (
                    m.id.clone(),
                    Node::ScrutineerAppointment(ScrutineerAppointment::from(m)),
                )
            })
            .collect(),
        // Records in scope only: the lists' own conditions.
        Kind::AuditEvent => {
            let ids: Vec<i64> = keys.iter().filter_map(|k| k.parse().ok()).collect();
            crate::audit::service::by_ids(db, caller, &ids)
                .await?
                .into_iter()
                .map(|m| (m.id.to_string(), Node::AuditEvent(m.into())))
                .collect()
        }
        Kind::SharingAgreement => crate::agreements::schema::by_ids(db, caller, keys)
            .await?
            .into_iter()
            .map(|a| (a.database_id.to_string(), Node::SharingAgreement(a)))
            .collect(),
        Kind::Section11Return => crate::section11::service::returns::by_ids(db, scope, keys)
            .await?
            .into_iter()
            .map(|m| (m.id.clone(), Node::Section11Return(Section11Return(m))))
            .collect(),
        Kind::ScrutinyActivity => crate::scrutiny::service::activities_by_ids(db, scope, keys)
            .await?
            .into_iter()
            .map(|m| (m.id.clone(), Node::ScrutinyActivity(ScrutinyActivity(m))))
            .collect(),
        Kind::ScrutinyFinding => crate::scrutiny::service::findings_by_ids(db, scope, keys)
            .await?
            .into_iter()
            .map(|m| {
                (
                    m.id.clone(),
                    Node::ScrutinyFinding(ScrutinyFinding::from(m)),
                )
            })
            .collect(),
        Kind::ScrutinyRecommendation => {
            crate::scrutiny::service::recommendations_by_ids(db, scope, keys)
                .await?
                .into_iter()
                .map(|m| {
                    (
                        m.id.clone(),
                        Node::ScrutinyRecommendation(ScrutinyRecommendation(m)),
                    )
                })
                .collect()
        }
        Kind::RecommendationEvent => {
            let mut found: Vec<(String, Node)> =
                crate::scrutiny::service::recommendation_events_by_ids(db, scope, keys)
                    .await?
                    .into_iter()
                    .map(|(e, owner)| {
                        (
                            e.id.clone(),
                            Node::RecommendationEvent(RecommendationEvent::new(e, scope, owner)),
                        )
                    })
                    .collect();
            // LCSPR recommendations keep their history the same way; only
            // readers of the review's records find it, with its actor.
            found.extend(
                crate::practice_reviews::service::recommendation_events_by_ids(db, scope, keys)
                    .await?
                    .into_iter()
                    .map(|e| {
                        (
                            e.id.clone(),
                            Node::RecommendationEvent(RecommendationEvent::shared(e, true)),
                        )
                    }),
            );
            found
        }
        Kind::CdopReturn => crate::cdop::schema::by_ids(ctx, keys)
            .await?
            .into_iter()
            .map(|(key, r)| (key, Node::CdopReturn(r)))
            .collect(),
        Kind::LadoReturn => crate::lado::schema::by_ids(ctx, keys)
            .await?
            .into_iter()
            .map(|(key, r)| (key, Node::LadoReturn(r)))
            .collect(),
        Kind::RapidReview | Kind::Lcspr | Kind::LcsprRecommendation | Kind::LearningReview => {
            crate::practice_reviews::schema::by_ids(db, scope, kind, keys).await?
        }
    })
}
