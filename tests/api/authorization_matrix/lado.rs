//! Matrix rows for LADO: returns, the regional summary, submission and publication.
use entity::PartnershipCode;
use hub::auth::role::Role;
use serde_json::{json, Value};

use super::{list_len, present, public, Expect, Fixtures, Operation, Target, OTHER, OWN};
use crate::helpers::TestApp;

/// Unpublished returns are read in this period.
const UNPUBLISHED: &str = "2026-27";
/// Rows per operation (7 roles x own/other): rows that write pick a period by
/// `row % ROWS`, so no two rows of one operation touch the same return.
const ROWS: usize = 14;

fn period(kind: u32, i: usize) -> String {
    // Non-standard periods in a range no other seed uses.
    let year = 1700 + kind as usize * 20 + i;
    format!("{year}-02-01/{year}-02-28")
}

fn return_input(p: PartnershipCode, period: &str) -> Value {
    json!({
        "partnership": p, "period": period, "source": "matrix seed",
        "notifications": 40, "adviceEnquiries": 12,
        "byCategory": { "physical": 20, "sexual": 9, "emotional": 3, "neglectOrInappropriateBehaviour": 8 }
    })
}

/// An unpublished return for both partnerships in `UNPUBLISHED`; periods for
/// the submission rows; and one unpublished return per publication row.
pub async fn seed(app: &TestApp, fixtures: &mut Fixtures) {
    let admin = app.token(Role::RegionalAdmin, &[]);
    let submit =
        "mutation($input: LadoReturnInput!) { submitLadoReturn(input: $input) { id version } }";
    for kind in [0, 1] {
        for i in 0..ROWS {
            let label = period(kind, i);
            let (start, end) = label.split_once('/').unwrap_or_default();
            app.ok(
                Some(&admin),
                r#"mutation($label: String!, $start: NaiveDate!, $end: NaiveDate!) { createReportingPeriod(input: {label: $label, startDate: $start, endDate: $end, description: "LADO matrix rows"}) { label } }"#,
                json!({ "label": label, "start": start, "end": end }),
            )
            .await;
        }
    }
    let mut to_publish = serde_json::Map::new();
    for p in [OWN, OTHER] {
        app.ok(
            Some(&admin),
            submit,
            json!({ "input": return_input(p, UNPUBLISHED) }),
        )
        .await;
        let mut ids = Vec::new();
        for i in 0..ROWS {
            let saved = app
                .ok(
                    Some(&admin),
                    submit,
                    json!({ "input": return_input(p, &period(1, i)) }),
                )
                .await;
            ids.push(saved["submitLadoReturn"]["id"].clone());
        }
        to_publish.insert(p.as_str().to_string(), Value::Array(ids));
    }
    fixtures.insert("lado_to_publish", Value::Object(to_publish));
}

/// 1 when the summary shows a return for `p`.
fn summary_row(d: &Value, p: PartnershipCode) -> usize {
    d["ladoRegionalSummary"]["partnerships"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .filter(|r| r["partnership"] == p.as_str() && !r["ladoReturn"].is_null())
                .count()
        })
        .unwrap_or(0)
}

/// Who sees a partnership's unpublished LADO returns: those with exact
/// rights for it (a CDOP officer has none here).
fn exact_reader(role: Role, target: Target) -> Expect {
    match (role, target) {
        (Role::RegionalAdmin, _) => Expect::Allowed,
        (Role::PartnershipManager | Role::Scrutineer, Target::Own) => Expect::Allowed,
        _ => Expect::Empty,
    }
}

pub fn operations() -> Vec<Operation> {
    vec![
        Operation {
            name: "ladoReturns (unpublished)",
            query: "query($p: PartnershipCode!, $period: String!) { ladoReturns(filter: {partnership: $p, period: $period}) { totalCount edges { node { id figures { notifications { value } } } } } }",
            variables: |_, p, _| json!({ "p": p, "period": UNPUBLISHED }),
            count: |d| list_len(&d["ladoReturns"]["edges"]),
            expect: exact_reader,
        },
        Operation {
            name: "ladoReturn (unpublished)",
            query: "query($p: PartnershipCode!, $period: String!) { ladoReturn(partnership: $p, period: $period) { id figures { byCategory { emotional { value suppressed } } } } }",
            variables: |_, p, _| json!({ "p": p, "period": UNPUBLISHED }),
            count: |d| present(&d["ladoReturn"]),
            expect: exact_reader,
        },
        Operation {
            name: "ladoReturn (published)",
            query: r#"query($p: PartnershipCode!) { ladoReturn(partnership: $p, period: "2024-25") { id figures { notifications { value suppressed } } } }"#,
            variables: |_, p, _| json!({ "p": p }),
            count: |d| present(&d["ladoReturn"]),
            expect: public,
        },
        Operation {
            name: "ladoRegionalSummary (own partnership's unpublished row)",
            query: "query($period: String!) { ladoRegionalSummary(period: $period) { partnerships { partnership ladoReturn { id } } } }",
            variables: |_, _, _| json!({ "period": UNPUBLISHED }),
            count: |d| summary_row(d, OWN),
            // The caller's own partnership is OWN whatever the row's target.
            expect: |role, _| exact_reader(role, Target::Own),
        },
        Operation {
            name: "ladoRegionalSummary (other partnership's unpublished row)",
            query: "query($period: String!) { ladoRegionalSummary(period: $period) { partnerships { partnership ladoReturn { id } } } }",
            variables: |_, _, _| json!({ "period": UNPUBLISHED }),
            count: |d| summary_row(d, OTHER),
            expect: |role, _| exact_reader(role, Target::Other),
        },
        Operation {
            name: "submitLadoReturn",
            query: "mutation($input: LadoReturnInput!) { submitLadoReturn(input: $input) { id } }",
            variables: |_, p, row| json!({ "input": return_input(p, &period(0, row % ROWS)) }),
            count: |d| present(&d["submitLadoReturn"]),
            expect: |role, target| match (role, target) {
                (Role::RegionalAdmin, _) => Expect::Allowed,
                (Role::PartnershipManager, Target::Own) => Expect::Allowed,
                (Role::PartnershipManager, Target::Other) => Expect::Denied("BAD_USER_INPUT"),
                (Role::Anonymous, _) => Expect::Denied("UNAUTHENTICATED"),
                _ => Expect::Denied("FORBIDDEN"),
            },
        },
        Operation {
            name: "publishLadoReturn",
            query: "mutation($id: ID!) { publishLadoReturn(id: $id, expectedVersion: 1) { id status } }",
            variables: |f, p, row| json!({ "id": f["lado_to_publish"][p.as_str()][row % ROWS] }),
            count: |d| present(&d["publishLadoReturn"]),
            expect: |role, target| match (role, target) {
                (Role::RegionalAdmin, _) => Expect::Allowed,
                (Role::PartnershipManager, Target::Own) => Expect::Allowed,
                // Another partnership's unpublished return is as absent as a missing one.
                (Role::PartnershipManager, Target::Other) => Expect::Empty,
                (Role::Anonymous, _) => Expect::Denied("UNAUTHENTICATED"),
                _ => Expect::Denied("FORBIDDEN"),
            },
        },
    ]
}
