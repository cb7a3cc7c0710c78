//! Matrix rows for reference data, `me` and the audit log.
use hub::auth::role::Role;
use serde_json::json;

use super::{
    admin_only, list_len, present, public, Expect, Fixtures, Operation, Target, OTHER, OWN,
};
use crate::helpers::TestApp;

/// Audit events for both partnerships, so `auditEvents` has something to hide.
pub async fn seed(app: &TestApp, _fixtures: &mut Fixtures) {
    let admin = app.token(Role::RegionalAdmin, &[]);
    for p in [OWN, OTHER] {
        app.ok(
            Some(&admin),
            r#"mutation($p: PartnershipCode!) { recordChildPopulation(input: {partnership: $p, year: 2029, children: 5000, source: "seed"}) { version } }"#,
            json!({ "p": p }),
        )
        .await;
    }
}

pub fn operations() -> Vec<Operation> {
    vec![
        Operation {
            name: "partnerships",
            query: "{ partnerships { code cdopPanelMemberships { panel { code } } childPopulations { year } } }",
            variables: |_, _, _| json!({}),
            count: |d| list_len(&d["partnerships"]),
            expect: public,
        },
        Operation {
            name: "partnership",
            query: "query($p: PartnershipCode!) { partnership(code: $p) { code } }",
            variables: |_, p, _| json!({ "p": p }),
            count: |d| present(&d["partnership"]),
            expect: public,
        },
        Operation {
            name: "reportingPeriods",
            query: "{ reportingPeriods { label } }",
            variables: |_, _, _| json!({}),
            count: |d| list_len(&d["reportingPeriods"]),
            expect: public,
        },
        Operation {
            name: "reportingPeriod",
            query: r#"{ reportingPeriod(label: "2024-25") { label } }"#,
            variables: |_, _, _| json!({}),
            count: |d| present(&d["reportingPeriod"]),
            expect: public,
        },
        Operation {
            name: "childPopulations",
            query: "query($p: PartnershipCode) { childPopulations(partnership: $p) { year } }",
            variables: |_, p, _| json!({ "p": p }),
            count: |d| list_len(&d["childPopulations"]),
            expect: public,
        },
        Operation {
            name: "me",
            query: "{ me { role } }",
            variables: |_, _, _| json!({}),
            count: |d| present(&d["me"]),
            expect: public,
        },
        Operation {
            name: "auditEvents",
            query: "query($p: PartnershipCode) { auditEvents(filter: {partnership: $p}) { totalCount edges { node { operation } } } }",
            variables: |_, p, _| json!({ "p": p }),
            count: |d| list_len(&d["auditEvents"]["edges"]),
            expect: |role, target| match (role, target) {
                (Role::RegionalAdmin, _) => Expect::Allowed,
                (Role::PartnershipManager, Target::Own) => Expect::Allowed,
                (Role::PartnershipManager, Target::Other) => Expect::Empty,
                (Role::Anonymous, _) => Expect::Denied("UNAUTHENTICATED"),
                _ => Expect::Denied("FORBIDDEN"),
            },
        },
        Operation {
            name: "recordChildPopulation",
            query: r#"mutation($p: PartnershipCode!, $year: Int!) { recordChildPopulation(input: {partnership: $p, year: $year, children: 1000, source: "matrix"}) { version } }"#,
            variables: |_, p, row| json!({ "p": p, "year": 1990 + row % 100 }),
            count: |d| present(&d["recordChildPopulation"]),
            expect: admin_only,
        },
        Operation {
            name: "createReportingPeriod",
            query: r#"mutation($label: String!, $start: NaiveDate!, $end: NaiveDate!) { createReportingPeriod(input: {label: $label, startDate: $start, endDate: $end, description: "a calendar year"}) { label } }"#,
            variables: |_, _, row| {
                let year = 1900 + row;
                json!({ "label": format!("{year}-01-01/{year}-12-31"), "start": format!("{year}-01-01"), "end": format!("{year}-12-31") })
            },
            count: |d| present(&d["createReportingPeriod"]),
            expect: admin_only,
        },
    ]
}
