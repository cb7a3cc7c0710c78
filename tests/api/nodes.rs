//! Object identification: every record with an identity has a global `id`,
//! and `node(id:)` / `nodes(ids:)` find it again within the caller's scope.
use std::collections::BTreeMap;

use entity::PartnershipCode::{Bristol, Somerset};
use hub::auth::role::Role;
use serde_json::{json, Value};

use crate::helpers::TestApp;

/// Every `Node` type of the schema.
const NODE_TYPES: [&str; 23] = [
    "Partnership",
    "ReportingPeriod",
    "ChildPopulation",
    "CdopPanel",
    "ScrutinyTheme",
    "AuditEvent",
    "SharingAgreement",
    "Section11Framework",
    "Section11Standard",
    "Section11Round",
    "Agency",
    "Section11Return",
    "Scrutineer",
    "ScrutineerAppointment",
    "ScrutinyActivity",
    "ScrutinyFinding",
    "ScrutinyRecommendation",
    "RecommendationEvent",
    "CdopReturn",
    "RapidReview",
    "Lcspr",
    "LcsprRecommendation",
    "LearningReview",
];

/// Reaches a record of every `Node` type through the lists.
const EVERY_TYPE: &str = r#"{
  partnerships { __typename id childPopulations { __typename id } }
  reportingPeriods { __typename id }
  cdopPanels { __typename id }
  scrutinyThemes { __typename id }
  auditEvents(first: 2) { edges { node { __typename id } } }
  sharingAgreements(first: 2) { edges { node { __typename id } } }
  section11Frameworks { __typename id standards { __typename id } }
  section11Rounds(first: 2) { edges { node { __typename id } } }
  agencies(first: 2) { edges { node { __typename id } } }
  section11Returns(first: 2) { edges { node { __typename id } } }
  scrutineers(first: 5) { edges { node { __typename id appointments { __typename id } } } }
  scrutinyActivities(first: 30) { edges { node { __typename id
    findings { __typename id } recommendations { __typename id history { __typename id } } } } }
  cdopReturns(first: 2) { edges { node { __typename id } } }
  rapidReviews(first: 2) { edges { node { __typename id } } }
  lcsprs(first: 2) { edges { node { __typename id recommendations { __typename id } } } }
  learningReviews(first: 2) { edges { node { __typename id } } }
}"#;

/// Every object in `value` with a `__typename` and an `id`.
fn collect(value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let (Some(Value::String(t)), Some(Value::String(id))) =
                (map.get("__typename"), map.get("id"))
            {
                out.push((t.clone(), id.clone()));
            }
            map.values().for_each(|v| collect(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        _ => {}
    }
}

const NODE: &str = "query($id: ID!) { node(id: $id) { __typename id } }";
const NODES: &str = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }";

async fn admin_with_audit(app: &TestApp) -> String {
    let admin = app.token(Role::RegionalAdmin, &[]);
    app.ok(
        Some(&admin),
        r#"mutation { registerAgency(input: {name: "Node test trust", sector: HEALTH, partnerships: [BRISTOL]}) { id } }"#,
        json!({}),
    )
    .await;
    admin
}

#[tokio::test]
async fn node_finds_a_record_of_every_type_by_its_global_id() {
    let app = TestApp::with_demo().await;
    let admin = admin_with_audit(&app).await;
    let mut found = Vec::new();
    collect(
        &app.ok(Some(&admin), EVERY_TYPE, json!({})).await,
        &mut found,
    );

    // Global ids: unique across every type.
    let mut seen = BTreeMap::new();
    for (t, id) in &found {
        if let Some(other) = seen.insert(id.clone(), t.clone()) {
            assert_eq!(&other, t, "{id} names a {other} and a {t}");
        }
    }
    let mut one_of_each: BTreeMap<String, String> = BTreeMap::new();
    for (t, id) in &found {
        one_of_each.entry(t.clone()).or_insert_with(|| id.clone());
    }
    for t in NODE_TYPES {
        assert!(
            one_of_each.contains_key(t),
            "no {t} reached: {one_of_each:?}"
        );
    }

    for (t, id) in &one_of_each {
        let got = app.ok(Some(&admin), NODE, json!({ "id": id })).await;
        assert_eq!(got["node"]["__typename"], t.as_str(), "node({id})");
        assert_eq!(got["node"]["id"], id.as_str(), "node({id})");
    }

    // Several at once, in the order asked; an id that names nothing is null.
    let mut ids: Vec<&String> = one_of_each.values().collect();
    let missing = "U2VjdGlvbjExUmV0dXJuOm5vLXN1Y2gtcmV0dXJu".to_string();
    ids.insert(3, &missing);
    let got = app.ok(Some(&admin), NODES, json!({ "ids": ids })).await;
    let nodes = got["nodes"].as_array().expect("nodes");
    assert_eq!(nodes.len(), ids.len());
    for (node, id) in nodes.iter().zip(&ids) {
        if *id == &missing {
            assert!(node.is_null());
        } else {
            assert_eq!(node["id"], id.as_str());
        }
    }
}

#[tokio::test]
async fn a_record_out_of_scope_is_null_exactly_like_one_that_does_not_exist() {
    let app = TestApp::with_demo().await;
    let admin = admin_with_audit(&app).await;
    let ids = app
        .ok(
            Some(&admin),
            r#"{
              returns: section11Returns(first: 1, filter: {partnership: BRISTOL}) { edges { node { id } } }
              audit: auditEvents(first: 1) { edges { node { id } } }
              agreements: sharingAgreements(first: 1) { edges { node { id } } }
              round: section11Rounds(first: 1) { edges { node { id } } }
            }"#,
            json!({}),
        )
        .await;
    let first = |list: &str| ids[list]["edges"][0]["node"]["id"].clone();
    let bristol_return = first("returns");
    let audit_event = first("audit");
    let agreement = first("agreements");
    let round = first("round");

    let somerset_manager = app.token(Role::PartnershipManager, &[Somerset]);
    let bristol_manager = app.token(Role::PartnershipManager, &[Bristol]);
    let analyst = app.token(Role::Analyst, &[]);
    let missing = json!("U2VjdGlvbjExUmV0dXJuOm5vLXN1Y2gtcmV0dXJu");
    let nothing = app
        .post_graphql(Some(&somerset_manager), NODE, json!({ "id": missing }))
        .await
        .1;
    assert_eq!(nothing, json!({ "data": { "node": null } }));

    for (token, id, what) in [
        (
            Some(&somerset_manager),
            &bristol_return,
            "another partnership's return",
        ),
        (Some(&analyst), &bristol_return, "a return, for an analyst"),
        (None, &bristol_return, "a return, for anonymous"),
        (
            Some(&analyst),
            &audit_event,
            "an audit event, for an analyst",
        ),
        (None, &audit_event, "an audit event, for anonymous"),
        (None, &agreement, "an agreement, for anonymous"),
    ] {
        let (_, body) = app
            .post_graphql(token.map(String::as_str), NODE, json!({ "id": id }))
            .await;
        assert_eq!(body, nothing, "{what}");
        let (_, body) = app
            .post_graphql(token.map(String::as_str), NODES, json!({ "ids": [id] }))
            .await;
        assert_eq!(body, json!({ "data": { "nodes": [null] } }), "{what}");
    }

    // In scope, the same ids are found; public records are found by anyone.
    let got = app
        .ok(
            Some(&bristol_manager),
            NODE,
            json!({ "id": bristol_return }),
        )
        .await;
    assert_eq!(got["node"]["id"], bristol_return);
    let got = app.ok(None, NODE, json!({ "id": round })).await;
    assert_eq!(got["node"]["id"], round);
}

#[tokio::test]
async fn nodes_costs_a_statement_per_type_however_many_ids() {
    let app = TestApp::with_demo().await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    let page = app
        .ok(
            Some(&admin),
            "{ agencies(first: 40) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let ids: Vec<Value> = page["agencies"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["node"]["id"].clone())
        .collect();
    assert_eq!(ids.len(), 40, "the demo data has 40 agencies to find");
    let mut cost = Vec::new();
    for n in [2, 40] {
        // Warm up, then count.
        app.ok(Some(&admin), NODES, json!({ "ids": ids[..n] }))
            .await;
        let before = app.statements.get();
        let got = app
            .ok(Some(&admin), NODES, json!({ "ids": ids[..n] }))
            .await;
        cost.push(app.statements.get() - before);
        assert_eq!(got["nodes"].as_array().map(Vec::len), Some(n));
        assert!(got["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .all(|n| !n.is_null()));
    }
    assert_eq!(cost[0], cost[1], "statements for 2 and 40 ids");

    let too_many: Vec<String> = (0..101).map(|i| format!("id-{i}")).collect();
    let (_, body) = app
        .post_graphql(Some(&admin), NODES, json!({ "ids": too_many }))
        .await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "ids");
}
