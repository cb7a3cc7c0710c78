//! Matrix rows for independent scrutiny. The seeded records are unpublished,
//! so only callers reading the partnership's scrutiny records see them; rows
//! that write each get their own record (picked by the row's position within
//! its operation), so no write depends on another.
use entity::PartnershipCode;
use hub::auth::role::Role;
use serde_json::{json, Value};

use super::{list_len, present, public, Expect, Fixtures, Operation, Target, OTHER, OWN};
use crate::helpers::TestApp;

/// Rows per operation: 7 roles × own/other, in `Role::ALL` order.
const ROWS_PER_OPERATION: usize = 14;

/// The record for this row: one per role, per target partnership.
fn pick(fixtures: &Fixtures, key: &'static str, row: usize) -> Value {
    fixtures[key][(row % ROWS_PER_OPERATION) / 2].clone()
}

fn hidden_year(p: PartnershipCode) -> i32 {
    if p == OWN {
        2001
    } else {
        2002
    }
}

const RECORD: &str = r#"mutation($input: ScrutinyActivityInput!) { recordScrutinyActivity(input: $input) { id recommendations { id } } }"#;

fn input(p: PartnershipCode, date: &str, recommendations: usize, text: &str) -> Value {
    json!({
        "kind": "REPORT", "date": date, "title": "matrix", "summary": "matrix",
        "partnerships": [p], "themes": ["MISSING_CHILDREN"],
        "recommendations": (0..recommendations).map(|_| json!({
            "text": text, "ownerPartnership": p, "dueDate": date,
        })).collect::<Vec<_>>(),
    })
}

pub async fn seed(app: &TestApp, fixtures: &mut Fixtures) {
    let admin = app.token(Role::RegionalAdmin, &[]);
    for p in [OWN, OTHER] {
        let year = hidden_year(p);
        let data = app
            .ok(
                Some(&admin),
                RECORD,
                json!({ "input": input(p, &format!("{year}-06-01"), 1, "MATRIX hidden") }),
            )
            .await;
        let hidden = data["recordScrutinyActivity"]["id"].clone();
        let mut amendable = Vec::new();
        for _ in 0..7 {
            let data = app
                .ok(
                    Some(&admin),
                    RECORD,
                    json!({ "input": input(p, "2003-01-01", 0, "") }),
                )
                .await;
            amendable.push(data["recordScrutinyActivity"]["id"].clone());
        }
        let data = app
            .ok(
                Some(&admin),
                RECORD,
                json!({ "input": input(p, "2004-01-01", 14, "MATRIX answerable") }),
            )
            .await;
        let recs: Vec<Value> = data["recordScrutinyActivity"]["recommendations"]
            .as_array()
            .map(|r| r.iter().map(|r| r["id"].clone()).collect())
            .unwrap_or_default();
        let (respond, close) = recs.split_at(7);
        let keys: [(&'static str, Value); 4] = if p == OWN {
            [
                ("scrutiny_hidden_own", hidden),
                ("scrutiny_amend_own", Value::from(amendable)),
                ("scrutiny_respond_own", Value::from(respond.to_vec())),
                ("scrutiny_close_own", Value::from(close.to_vec())),
            ]
        } else {
            [
                ("scrutiny_hidden_other", hidden),
                ("scrutiny_amend_other", Value::from(amendable)),
                ("scrutiny_respond_other", Value::from(respond.to_vec())),
                ("scrutiny_close_other", Value::from(close.to_vec())),
            ]
        };
        fixtures.extend(keys);
    }
}

/// Records of the partnership: its manager, its scrutineer, a regional admin.
pub(super) fn record_level(role: Role, target: Target) -> Expect {
    match (role, target) {
        (Role::RegionalAdmin, _) => Expect::Allowed,
        (Role::PartnershipManager | Role::Scrutineer, Target::Own) => Expect::Allowed,
        _ => Expect::Empty,
    }
}

/// A write by `writers`; others are refused, and a writer outside the
/// partnership finds nothing (the record is unpublished).
fn write_by(role: Role, target: Target, writer: Role) -> Expect {
    match (role, target) {
        (Role::RegionalAdmin, _) => Expect::Allowed,
        (r, Target::Own) if r == writer => Expect::Allowed,
        (r, Target::Other) if r == writer => Expect::Empty,
        (Role::Anonymous, _) => Expect::Denied("UNAUTHENTICATED"),
        _ => Expect::Denied("FORBIDDEN"),
    }
}

fn hidden(v: &Value) -> usize {
    v["recommendations"]["edges"]
        .as_array()
        .map(|edges| {
            edges
                .iter()
                .filter(|e| e["node"]["text"] == "MATRIX hidden")
                .count()
        })
        .unwrap_or(0)
}

fn coverage_count(v: &Value) -> usize {
    v["scrutinyCoverage"]["rows"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .flat_map(|r| r["cells"].as_array().cloned().unwrap_or_default())
                .filter_map(|c| c["activities"].as_u64())
                .sum::<u64>() as usize
        })
        .unwrap_or(0)
}

pub fn operations() -> Vec<Operation> {
    vec![
        Operation {
            name: "scrutinyThemes",
            query: "{ scrutinyThemes { code } }",
            variables: |_, _, _| json!({}),
            count: |d| list_len(&d["scrutinyThemes"]),
            expect: public,
        },
        Operation {
            name: "scrutineers",
            query: "query($p: PartnershipCode) { scrutineers(filter: {partnership: $p}) { edges { node { name appointments { partnership } } } } }",
            variables: |_, p, _| json!({ "p": p }),
            count: |d| list_len(&d["scrutineers"]["edges"]),
            expect: public,
        },
        Operation {
            name: "scrutinyActivities",
            query: "query($p: PartnershipCode) { scrutinyActivities(filter: {partnership: $p, published: false}) { totalCount edges { node { id findings { kind } recommendations { status } } } } }",
            variables: |_, p, _| json!({ "p": p }),
            count: |d| list_len(&d["scrutinyActivities"]["edges"]),
            expect: record_level,
        },
        Operation {
            name: "scrutinyActivity",
            query: "query($id: ID!) { scrutinyActivity(id: $id) { id partnerships } }",
            variables: |f, p, _| json!({ "id": f[if p == OWN { "scrutiny_hidden_own" } else { "scrutiny_hidden_other" }] }),
            count: |d| present(&d["scrutinyActivity"]),
            expect: record_level,
        },
        Operation {
            name: "recommendations",
            query: "query($p: PartnershipCode) { recommendations(filter: {owner: $p, overdue: true}, first: 100) { edges { node { text overdue history { kind } } } } }",
            variables: |_, p, _| json!({ "p": p }),
            count: hidden,
            expect: record_level,
        },
        Operation {
            name: "scrutinyCoverage",
            query: "query($from: NaiveDate, $to: NaiveDate) { scrutinyCoverage(from: $from, to: $to) { rows { cells { activities } } } }",
            variables: |_, p, _| {
                let year = hidden_year(p);
                json!({ "from": format!("{year}-01-01"), "to": format!("{year}-12-31") })
            },
            count: coverage_count,
            expect: record_level,
        },
        Operation {
            name: "recordScrutinyActivity",
            query: RECORD,
            variables: |_, p, _| json!({ "input": input(p, "2005-01-01", 1, "matrix row") }),
            count: |d| present(&d["recordScrutinyActivity"]),
            expect: |role, target| match (role, target) {
                (Role::Scrutineer, Target::Other) => Expect::Denied("FORBIDDEN"),
                _ => write_by(role, target, Role::Scrutineer),
            },
        },
        Operation {
            name: "amendScrutinyActivity",
            query: "mutation($id: ID!) { amendScrutinyActivity(input: {id: $id, expectedVersion: 1, title: \"amended\"}) { version } }",
            variables: |f, p, row| json!({ "id": pick(f, if p == OWN { "scrutiny_amend_own" } else { "scrutiny_amend_other" }, row) }),
            count: |d| present(&d["amendScrutinyActivity"]),
            expect: |role, target| write_by(role, target, Role::Scrutineer),
        },
        Operation {
            name: "respondToRecommendation",
            query: "mutation($id: ID!) { respondToRecommendation(input: {id: $id, expectedVersion: 1, response: \"on it\", status: IN_PROGRESS}) { status } }",
            variables: |f, p, row| json!({ "id": pick(f, if p == OWN { "scrutiny_respond_own" } else { "scrutiny_respond_other" }, row) }),
            count: |d| present(&d["respondToRecommendation"]),
            expect: |role, target| write_by(role, target, Role::PartnershipManager),
        },
        Operation {
            name: "closeRecommendation",
            query: "mutation($id: ID!) { closeRecommendation(input: {id: $id, expectedVersion: 1, status: NOT_ACCEPTED, note: \"declined\"}) { status } }",
            variables: |f, p, row| json!({ "id": pick(f, if p == OWN { "scrutiny_close_own" } else { "scrutiny_close_other" }, row) }),
            count: |d| present(&d["closeRecommendation"]),
            expect: |role, target| write_by(role, target, Role::Scrutineer),
        },
    ]
}
