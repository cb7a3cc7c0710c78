//! Matrix rows for `node` and `nodes`: a record reached by global id is
//! visible exactly when its own query shows it, and otherwise `null` — never
//! refused, so a caller cannot tell a record out of scope from a missing one.
use hub::auth::role::Role;
use serde_json::{json, Value};

use super::{present, Expect, Fixtures, Operation, Target, OTHER, OWN};
use crate::helpers::TestApp;

/// Ids the other seeds do not keep: an audit event, an unpublished CDOP
/// return and a history entry of a hidden scrutiny recommendation of each
/// partnership (run after the other seeds).
pub async fn seed(app: &TestApp, fixtures: &mut Fixtures) {
    let admin = app.token(Role::RegionalAdmin, &[]);
    for (hidden, entry) in [
        ("scrutiny_hidden_own", "node_history_own"),
        ("scrutiny_hidden_other", "node_history_other"),
    ] {
        let data = app
            .ok(
                Some(&admin),
                "query($id: ID!) { scrutinyActivity(id: $id) { recommendations { history { id } } } }",
                json!({ "id": fixtures[hidden] }),
            )
            .await;
        let id = data["scrutinyActivity"]["recommendations"][0]["history"][0]["id"].clone();
        assert!(id.is_string(), "{data}");
        fixtures.insert(entry, id);
    }
    for (p, audit, cdop) in [
        (OWN, "node_audit_own", "node_cdop_own"),
        (OTHER, "node_audit_other", "node_cdop_other"),
    ] {
        let data = app
            .ok(
                Some(&admin),
                r#"query($p: PartnershipCode!) {
                  auditEvents(first: 1, filter: {partnership: $p}) { edges { node { id } } }
                  cdopReturn(partnership: $p, period: "2026-27") { id status } }"#,
                json!({ "p": p }),
            )
            .await;
        assert_eq!(data["cdopReturn"]["status"], "SUBMITTED", "{data}");
        fixtures.insert(audit, data["auditEvents"]["edges"][0]["node"]["id"].clone());
        fixtures.insert(cdop, data["cdopReturn"]["id"].clone());
    }
}

fn pick(f: &Fixtures, p: entity::PartnershipCode, own: &str, other: &str) -> Value {
    f[if p == OWN { own } else { other }].clone()
}

/// How many of `nodes` were found.
fn found(d: &Value) -> usize {
    d["nodes"]
        .as_array()
        .map(|a| a.iter().filter(|n| !n.is_null()).count())
        .unwrap_or(0)
}

/// What a node query gives where the record's own query refuses: nothing.
fn or_null(expect: Expect) -> Expect {
    match expect {
        Expect::Denied(_) => Expect::Empty,
        other => other,
    }
}

const NODE: &str = "query($id: ID!) { node(id: $id) { id __typename } }";
const NODES: &str = "query($id: ID!) { nodes(ids: [$id, $id]) { id } }";

pub fn operations() -> Vec<Operation> {
    vec![
        Operation {
            name: "node (Section 11 return)",
            query: "query($id: ID!) { node(id: $id) { id ... on Section11Return { status agency { name } } } }",
            variables: |f, p, _| json!({ "id": pick(f, p, "s11_read_own", "s11_read_other") }),
            count: |d| present(&d["node"]),
            expect: super::section11::record_readers,
        },
        Operation {
            name: "nodes (Section 11 returns)",
            query: NODES,
            variables: |f, p, _| json!({ "id": pick(f, p, "s11_read_own", "s11_read_other") }),
            count: found,
            expect: super::section11::record_readers,
        },
        Operation {
            name: "node (Section 11 round)",
            query: NODE,
            variables: |f, _, _| json!({ "id": f["s11_read_round"] }),
            count: |d| present(&d["node"]),
            expect: super::public,
        },
        Operation {
            name: "node (unpublished scrutiny activity)",
            query: "query($id: ID!) { node(id: $id) { id ... on ScrutinyActivity { findings { kind } } } }",
            variables: |f, p, _| {
                json!({ "id": pick(f, p, "scrutiny_hidden_own", "scrutiny_hidden_other") })
            },
            count: |d| present(&d["node"]),
            expect: super::scrutiny::record_level,
        },
        Operation {
            name: "nodes (unpublished scrutiny activities)",
            query: NODES,
            variables: |f, p, _| {
                json!({ "id": pick(f, p, "scrutiny_hidden_own", "scrutiny_hidden_other") })
            },
            count: found,
            expect: super::scrutiny::record_level,
        },
        Operation {
            name: "node (history of a hidden scrutiny recommendation)",
            query: "query($id: ID!) { node(id: $id) { id ... on RecommendationEvent { kind actor } } }",
            variables: |f, p, _| {
                json!({ "id": pick(f, p, "node_history_own", "node_history_other") })
            },
            count: |d| present(&d["node"]),
            expect: super::scrutiny::record_level,
        },
        Operation {
            name: "node (sharing agreement)",
            query: NODE,
            variables: |f, p, _| json!({ "id": pick(f, p, "own_agreement", "other_agreement") }),
            count: |d| present(&d["node"]),
            expect: |role, target| or_null(super::agreements::visible(role, target)),
        },
        Operation {
            name: "node (audit event)",
            query: NODE,
            variables: |f, p, _| json!({ "id": pick(f, p, "node_audit_own", "node_audit_other") }),
            count: |d| present(&d["node"]),
            expect: |role, target| match (role, target) {
                (Role::RegionalAdmin, _) | (Role::PartnershipManager, Target::Own) => {
                    Expect::Allowed
                }
                _ => Expect::Empty,
            },
        },
        Operation {
            name: "nodes (audit events)",
            query: NODES,
            variables: |f, p, _| json!({ "id": pick(f, p, "node_audit_own", "node_audit_other") }),
            count: found,
            expect: |role, target| match (role, target) {
                (Role::RegionalAdmin, _) | (Role::PartnershipManager, Target::Own) => {
                    Expect::Allowed
                }
                _ => Expect::Empty,
            },
        },
        Operation {
            name: "node (unpublished CDOP return)",
            query: "query($id: ID!) { node(id: $id) { id ... on CdopReturn { period { label } figures { deathsNotified { value } } } } }",
            variables: |f, p, _| json!({ "id": pick(f, p, "node_cdop_own", "node_cdop_other") }),
            count: |d| present(&d["node"]),
            expect: super::cdop::exact_reader,
        },
        Operation {
            name: "nodes (unpublished CDOP returns)",
            query: NODES,
            variables: |f, p, _| json!({ "id": pick(f, p, "node_cdop_own", "node_cdop_other") }),
            count: found,
            expect: super::cdop::exact_reader,
        },
    ]
}
