//! Two server processes over one database, as behind a load balancer: what
//! is written through one is read through the other at once, cached answers
//! included, and an agreement signed through one grants access through the
//! other. On PostgreSQL when TEST_DATABASE_URL is set (as CI runs it).
use chrono::{Days, Utc};
use entity::PartnershipCode;
use hub::auth::role::Role;
use serde_json::json;

use crate::agreements::{MY_ACCESS, PROPOSE, SIGN};
use crate::answer_cache::{activities, COVERAGE, RECORD};
use crate::helpers::TestApp;
use crate::process::ServerProcess;

#[tokio::test]
async fn two_server_processes_on_one_database_never_disagree() {
    let app = TestApp::with_demo().await;
    let first = ServerProcess::start(app.database_url(), &[]).await;
    let second = ServerProcess::start(app.database_url(), &[]).await;
    let (first, second) = (first.base.as_str(), second.base.as_str());
    let admin = app.token(Role::RegionalAdmin, &[]);

    // The second instance answers twice, the second time from its memory.
    let before = app.ok_at(second, Some(&admin), COVERAGE, json!({})).await;
    assert_eq!(
        app.ok_at(second, Some(&admin), COVERAGE, json!({})).await,
        before
    );
    let metrics = app
        .client
        .get(format!("{second}/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    assert!(
        metrics.contains(r#"hub_cache_lookups_total{cache="answers",result="hit"}"#),
        "the second answer came from the cache: {metrics}"
    );

    // A published activity is recorded through the first.
    let date = Utc::now().date_naive() - Days::new(30);
    let scrutineer = app.token(Role::Scrutineer, &[PartnershipCode::Bristol]);
    app.ok_at(
        first,
        Some(&scrutineer),
        RECORD,
        json!({ "input": {
            "kind": "MULTI_AGENCY_AUDIT",
            "date": date.to_string(),
            "title": "Audit of return home interviews",
            "summary": "Ten cases audited.",
            "partnerships": ["BRISTOL"],
            "themes": ["MISSING_CHILDREN"],
            "published": true,
            "findings": [{ "kind": "CHALLENGE", "text": "Interviews are late." }],
            "recommendations": [],
        } }),
    )
    .await;
    // The second's cached answer shows it at once.
    let after = app.ok_at(second, Some(&admin), COVERAGE, json!({})).await;
    assert_eq!(
        activities(&after, "MISSING_CHILDREN", "BRISTOL"),
        activities(&before, "MISSING_CHILDREN", "BRISTOL") + 1
    );

    // An agreement proposed and signed through the first grants access
    // through the second at once.
    let bristol = app.token(Role::PartnershipManager, &[PartnershipCode::Bristol]);
    let north_somerset = app.token(Role::PartnershipManager, &[PartnershipCode::NorthSomerset]);
    assert_eq!(ns_cdop_level(&app, second, &bristol).await, "PUBLISHED");
    let proposed = app
        .ok_at(
            first,
            Some(&bristol),
            PROPOSE,
            json!({ "start": "2020-01-01", "end": null }),
        )
        .await;
    let id = proposed["proposeSharingAgreement"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    app.ok_at(
        second,
        Some(&north_somerset),
        SIGN,
        json!({ "id": id, "p": "NORTH_SOMERSET", "v": 1 }),
    )
    .await;
    assert_eq!(
        ns_cdop_level(&app, second, &bristol).await,
        "PUBLISHED",
        "one signature grants nothing"
    );
    app.ok_at(
        first,
        Some(&bristol),
        SIGN,
        json!({ "id": id, "p": "BRISTOL", "v": 2 }),
    )
    .await;
    assert_eq!(
        ns_cdop_level(&app, second, &bristol).await,
        "EXACT_AGGREGATES"
    );
    assert_eq!(
        ns_cdop_level(&app, first, &bristol).await,
        "EXACT_AGGREGATES"
    );
}

/// The level `token` has on North Somerset's CDOP data, asked at `address`.
async fn ns_cdop_level(app: &TestApp, address: &str, token: &str) -> String {
    let data = app.ok_at(address, Some(token), MY_ACCESS, json!({})).await;
    data["myAccess"]
        .as_array()
        .and_then(|entries| {
            entries
                .iter()
                .find(|e| e["partnership"] == "NORTH_SOMERSET" && e["dataset"] == "CDOP")
        })
        .and_then(|e| e["level"].as_str())
        .expect("an entry per partnership and dataset")
        .to_string()
}
