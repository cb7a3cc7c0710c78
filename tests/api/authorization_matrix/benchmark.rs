//! Matrix rows for benchmarking. A benchmark shows every partnership, so the
//! rows ask whether the target partnership's figure reaches the caller
//! exactly: they read a year whose counts are small enough to be suppressed.
use hub::auth::role::Role;
use serde_json::{json, Value};

use super::{list_len, public, Expect, Fixtures, Operation, Target, OTHER, OWN};
use crate::helpers::TestApp;

/// Published CDOP returns with small counts, in a year no other seed uses.
const SMALL_YEAR: &str = "2018-19";

pub async fn seed(app: &TestApp, _fixtures: &mut Fixtures) {
    let admin = app.token(Role::RegionalAdmin, &[]);
    for p in [OWN, OTHER] {
        let saved = app
            .ok(
                Some(&admin),
                r#"mutation($i: CdopReturnInput!) { submitCdopReturn(input: $i) { id version } }"#,
                json!({ "i": { "partnership": p, "period": SMALL_YEAR, "source": "matrix seed", "deathsNotified": 3, "reviewsCompleted": 4 } }),
            )
            .await;
        app.ok(
            Some(&admin),
            r#"mutation($id: ID!, $v: Int!) { publishCdopReturn(id: $id, expectedVersion: $v) { status } }"#,
            json!({ "id": saved["submitCdopReturn"]["id"], "v": saved["submitCdopReturn"]["version"] }),
        )
        .await;
    }
}

/// 1 when the target partnership's row carries its value (exact), else 0.
fn target_exact(rows: &Value, target: &str) -> usize {
    rows.as_array()
        .and_then(|rows| rows.iter().find(|r| r["partnership"] == target))
        .map(|r| usize::from(!r["value"].is_null()))
        .unwrap_or(0)
}

/// Own partnership: staff with exact CDOP rights by role; another: only the regional admin.
fn exact_cdop(role: Role, target: Target) -> Expect {
    let staff = [
        Role::RegionalAdmin,
        Role::PartnershipManager,
        Role::Scrutineer,
        Role::CdopOfficer,
    ];
    match target {
        Target::Own if staff.contains(&role) => Expect::Allowed,
        Target::Other if role == Role::RegionalAdmin => Expect::Allowed,
        _ => Expect::Empty,
    }
}

pub fn operations() -> Vec<Operation> {
    vec![
        Operation {
            name: "metrics",
            query: "{ metrics { id } }",
            variables: |_, _, _| json!({}),
            count: |d| list_len(&d["metrics"]),
            expect: public,
        },
        Operation {
            name: "benchmark",
            query: r#"query($m: String!, $p: String!, $target: PartnershipCode!) { benchmark(metric: $m, period: $p) { rows { partnership value } } target: partnership(code: $target) { code } }"#,
            variables: |_, p, _| json!({ "m": "cdop.notifications", "p": SMALL_YEAR, "target": p }),
            count: |d| {
                let target = d["target"]["code"].as_str().unwrap_or_default().to_string();
                target_exact(&d["benchmark"]["rows"], &target)
            },
            expect: exact_cdop,
        },
        Operation {
            name: "benchmarkMatrix",
            query: r#"query($p: String!, $target: PartnershipCode!) { benchmarkMatrix(metrics: ["cdop.notifications", "scrutiny.activities"], period: $p) { benchmarks { rows { partnership value } } } target: partnership(code: $target) { code } }"#,
            variables: |_, p, _| json!({ "p": SMALL_YEAR, "target": p }),
            count: |d| {
                let target = d["target"]["code"].as_str().unwrap_or_default().to_string();
                target_exact(&d["benchmarkMatrix"]["benchmarks"][0]["rows"], &target)
            },
            expect: exact_cdop,
        },
        Operation {
            name: "trend",
            query: r#"query($target: PartnershipCode!) { trend(metric: "cdop.notifications", partnership: $target, from: "2018-19", to: "2018-19") { points { value } } }"#,
            variables: |_, p, _| json!({ "target": p }),
            count: |d| usize::from(!d["trend"]["points"][0]["value"].is_null()),
            expect: exact_cdop,
        },
    ]
}
