//! Matrix rows for practice reviews: individual reviews only within the
//! partnership, yearly figures for everyone, writes by the partnership's
//! manager, LCSPR recommendations answered through the shared mechanism.
use entity::PartnershipCode;
use hub::auth::role::Role;
use serde_json::{json, Value};

use super::{list_len, present, public, Expect, Fixtures, Operation, Target, OTHER, OWN};
use crate::helpers::TestApp;

/// Rows per operation (7 roles x own/other): rows that write pick a
/// recommendation by `row % ROWS`, so no two rows answer the same one.
const ROWS: usize = 14;

/// A rapid review, an LCSPR with recommendations to answer and close, and a
/// learning review, for both partnerships.
pub async fn seed(app: &TestApp, fixtures: &mut Fixtures) {
    let admin = app.token(Role::RegionalAdmin, &[]);
    let mut to_answer = serde_json::Map::new();
    let mut to_close = serde_json::Map::new();
    for p in [OWN, OTHER] {
        app.ok(
            Some(&admin),
            r#"mutation($p: PartnershipCode!) { recordRapidReview(input: {partnership: $p, reference: "matrix",
                incidentKnown: "2025-02-03", notified: "2025-02-04"}) { id } }"#,
            json!({ "p": p }),
        )
        .await;
        app.ok(
            Some(&admin),
            r#"mutation($p: PartnershipCode!) { recordLearningReview(input: {partnership: $p, title: "matrix",
                completed: "2025-02-03"}) { id } }"#,
            json!({ "p": p }),
        )
        .await;
        let recommendations: Vec<Value> = (0..2 * ROWS)
            .map(|i| json!({ "text": format!("matrix recommendation {i}"), "dueDate": "2026-03-31" }))
            .collect();
        let saved = app
            .ok(
                Some(&admin),
                r#"mutation($input: LcsprInput!) { recordLcspr(input: $input) { recommendations { id } } }"#,
                json!({ "input": { "partnership": p, "title": "matrix", "commissioned": "2025-03-03",
                    "independentReviewer": true, "expectedCompletion": "2025-09-03",
                    "recommendations": recommendations } }),
            )
            .await;
        let ids: Vec<Value> = saved["recordLcspr"]["recommendations"]
            .as_array()
            .map(|r| r.iter().map(|r| r["id"].clone()).collect())
            .unwrap_or_default();
        to_answer.insert(p.as_str().into(), Value::Array(ids[..ROWS].to_vec()));
        to_close.insert(p.as_str().into(), Value::Array(ids[ROWS..].to_vec()));
    }
    fixtures.insert("lcspr_to_answer", Value::Object(to_answer));
    fixtures.insert("lcspr_to_close", Value::Object(to_close));
}

/// Who reads a partnership's individual reviews: record-level access.
fn record_reader(role: Role, target: Target) -> Expect {
    match (role, target) {
        (Role::RegionalAdmin, _) => Expect::Allowed,
        (Role::PartnershipManager | Role::Scrutineer, Target::Own) => Expect::Allowed,
        _ => Expect::Empty,
    }
}

/// Who answers a partnership's LCSPR recommendations: its manager, or a regional admin.
fn answerer(role: Role, target: Target) -> Expect {
    match (role, target) {
        (Role::RegionalAdmin, _) => Expect::Allowed,
        (Role::PartnershipManager, Target::Own) => Expect::Allowed,
        // Another partnership's review is as absent as a missing one.
        (Role::PartnershipManager, Target::Other) => Expect::Empty,
        (Role::Anonymous, _) => Expect::Denied("UNAUTHENTICATED"),
        _ => Expect::Denied("FORBIDDEN"),
    }
}

fn list(name: &'static str, query: &'static str) -> Operation {
    Operation {
        name,
        query,
        variables: |_, p: PartnershipCode, _| json!({ "p": p }),
        count: match name {
            "rapidReviews" => |d| list_len(&d["rapidReviews"]["edges"]),
            "lcsprs" => |d| list_len(&d["lcsprs"]["edges"]),
            _ => |d| list_len(&d["learningReviews"]["edges"]),
        },
        expect: record_reader,
    }
}

pub fn operations() -> Vec<Operation> {
    vec![
        list(
            "rapidReviews",
            "query($p: PartnershipCode!) { rapidReviews(filter: {partnership: $p}) { edges { node { id deadline } } } }",
        ),
        list(
            "lcsprs",
            "query($p: PartnershipCode!) { lcsprs(filter: {partnership: $p}) { edges { node { id recommendations { id history { kind } } } } } }",
        ),
        list(
            "learningReviews",
            "query($p: PartnershipCode!) { learningReviews(filter: {partnership: $p}) { edges { node { id } } } }",
        ),
        Operation {
            name: "practiceReviewFigures",
            query: "query($p: PartnershipCode!) { practiceReviewFigures(partnership: $p) { rapidReviews { figure { value suppressed } } } }",
            variables: |_, p, _| json!({ "p": p }),
            count: |d| list_len(&d["practiceReviewFigures"]),
            expect: public,
        },
        Operation {
            name: "recordRapidReview",
            query: r#"mutation($p: PartnershipCode!) { recordRapidReview(input: {partnership: $p, reference: "matrix row", incidentKnown: "2025-03-03", notified: "2025-03-04"}) { id } }"#,
            variables: |_, p, _| json!({ "p": p }),
            count: |d| present(&d["recordRapidReview"]),
            expect: |role, target| match (role, target) {
                (Role::RegionalAdmin, _) => Expect::Allowed,
                (Role::PartnershipManager, Target::Own) => Expect::Allowed,
                (Role::Anonymous, _) => Expect::Denied("UNAUTHENTICATED"),
                _ => Expect::Denied("FORBIDDEN"),
            },
        },
        Operation {
            name: "respondToLcsprRecommendation",
            query: r#"mutation($id: ID!) { respondToLcsprRecommendation(input: {id: $id, expectedVersion: 1, response: "matrix", status: IN_PROGRESS}) { id status } }"#,
            variables: |f: &Fixtures, p, row| json!({ "id": f["lcspr_to_answer"][p.as_str()][row % ROWS] }),
            count: |d| present(&d["respondToLcsprRecommendation"]),
            expect: answerer,
        },
        Operation {
            name: "closeLcsprRecommendation",
            query: r#"mutation($id: ID!) { closeLcsprRecommendation(input: {id: $id, expectedVersion: 1, status: NOT_ACCEPTED, note: "matrix"}) { id status } }"#,
            variables: |f: &Fixtures, p, row| json!({ "id": f["lcspr_to_close"][p.as_str()][row % ROWS] }),
            count: |d| present(&d["closeLcsprRecommendation"]),
            expect: answerer,
        },
    ]
}
