//! The service foundation: reference data, HTTP behaviour, limits, error codes.
use hub::auth::role::Role;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, TransactionTrait};
use serde_json::{json, Value};

use crate::helpers::{first_error_code, postgres_port, DatabaseProxy, Options, TestApp};

#[tokio::test]
async fn partnerships_come_back_with_the_design_gss_codes() {
    let app = TestApp::spawn().await;
    let data = app
        .ok(None, "{ partnerships { code name abbreviation icb localAuthority { gssCode previousGssCodes } } }", json!({}))
        .await;
    let got: Vec<(String, String)> = data["partnerships"]
        .as_array()
        .expect("list")
        .iter()
        .map(|p| {
            (
                p["code"].as_str().unwrap_or_default().to_string(),
                p["localAuthority"]["gssCode"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    let expected = [
        ("BRISTOL", "E06000023"),
        ("NORTH_SOMERSET", "E06000024"),
        ("SOUTH_GLOUCESTERSHIRE", "E06000025"),
        ("BATH_NE_SOMERSET", "E06000022"),
        ("SOMERSET", "E06000066"),
    ]
    .map(|(c, g)| (c.to_string(), g.to_string()));
    assert_eq!(got, expected);
    let somerset = &data["partnerships"][4];
    assert_eq!(somerset["abbreviation"], "SSCP");
    assert_eq!(somerset["icb"], "Somerset");
    assert!(somerset["localAuthority"]["previousGssCodes"]
        .as_str()
        .is_some_and(|s| s.contains("E10000027")));
}

#[tokio::test]
async fn panel_memberships_are_dated_and_periods_keep_their_true_dates() {
    let app = TestApp::spawn().await;
    let data = app
        .ok(
            None,
            r#"{ partnership(code: SOMERSET) {
                   cdopPanelMemberships { panel { code } startDate endDate }
                   before: cdopPanel(on: "2019-06-30") { code }
                   after: cdopPanel(on: "2019-07-01") { code }
                   childPopulations { year children approximate source } }
                 nonStandard: reportingPeriods(standard: false) { label startDate endDate standard }
                 standard: reportingPeriods(standard: true) { label } }"#,
            json!({}),
        )
        .await;
    let somerset = &data["partnership"];
    assert_eq!(somerset["before"]["code"], "SOMERSET");
    assert_eq!(somerset["after"]["code"], "PAN_DORSET_AND_SOMERSET");
    assert_eq!(
        somerset["cdopPanelMemberships"][1]["startDate"],
        "2019-07-01"
    );
    let populations = somerset["childPopulations"].as_array().expect("list");
    assert!(populations
        .iter()
        .any(|p| p["year"] == 2022 && p["children"] == 110_512 && p["approximate"] == false));
    assert!(populations
        .iter()
        .any(|p| p["year"] == 2016 && p["children"] == 109_657));
    assert_eq!(
        data["nonStandard"],
        json!([{ "label": "2019-10-01/2020-12-31", "startDate": "2019-10-01", "endDate": "2020-12-31", "standard": false }])
    );
    let labels: Vec<&str> = data["standard"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|p| p["label"].as_str())
        .collect();
    assert_eq!(labels.first(), Some(&"2015-16"));
    assert_eq!(labels.last(), Some(&"2026-27"));
    assert_eq!(labels.len(), 12);
}

#[tokio::test]
async fn relations_cost_the_same_statements_for_one_partnership_or_five() {
    let app = TestApp::spawn().await;
    let query_one = "{ partnership(code: BRISTOL) { cdopPanelMemberships { panel { name } } childPopulations { year } } }";
    let query_all =
        "{ partnerships { cdopPanelMemberships { panel { name } } childPopulations { year } } }";
    // Warm up pools so connection set-up statements are not counted.
    app.ok(None, query_all, json!({})).await;
    let before = app.statements.get();
    app.ok(None, query_one, json!({})).await;
    let one = app.statements.get() - before;
    let before = app.statements.get();
    app.ok(None, query_all, json!({})).await;
    let all = app.statements.get() - before;
    assert_eq!(
        one, all,
        "statements for one partnership ({one}) and for five ({all}) differ"
    );
    assert_eq!(all, 4, "one query per root and per relation");

    // The list loads its panels ahead of resolving them (and the panel of a
    // date through the same memberships): the answers are those of each
    // partnership asked for alone.
    let list = app
        .ok(
            None,
            r#"{ partnerships { code cdopPanelMemberships { panel { code name } startDate endDate }
                 before: cdopPanel(on: "2019-06-30") { code } after: cdopPanel(on: "2019-07-01") { code } } }"#,
            json!({}),
        )
        .await;
    let listed = list["partnerships"].as_array().expect("list");
    assert_eq!(listed.len(), 5);
    for entry in listed {
        let alone = app
            .ok(
                None,
                r#"query($c: PartnershipCode!) { partnership(code: $c) { code cdopPanelMemberships { panel { code name } startDate endDate }
                     before: cdopPanel(on: "2019-06-30") { code } after: cdopPanel(on: "2019-07-01") { code } } }"#,
                json!({ "c": entry["code"] }),
            )
            .await;
        assert_eq!(&alone["partnership"], entry);
    }
    let somerset = listed
        .iter()
        .find(|p| p["code"] == "SOMERSET")
        .expect("Somerset");
    assert_eq!(somerset["after"]["code"], "PAN_DORSET_AND_SOMERSET");
}

#[tokio::test]
async fn health_readiness_and_graphiql_answer() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(
        ready.json::<Value>().await.expect("json")["status"],
        "ready"
    );
    let graphiql = app.get("/graphiql").await;
    assert_eq!(graphiql.status(), StatusCode::OK);
    assert!(graphiql.text().await.expect("text").contains("graphiql"));
}

#[tokio::test]
async fn metrics_count_statements_and_requests_but_no_data() {
    let app = TestApp::spawn().await;
    app.ok(None, "{ partnerships { code } }", json!({})).await;
    let text = app.get("/metrics").await.text().await.expect("text");
    let value = |name: &str| -> f64 {
        text.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{name} missing from {text}"))
    };
    assert!(value("hub_sql_statements_total") >= 1.0);
    assert_eq!(value("hub_graphql_requests_total{outcome=\"ok\"}"), 1.0);
    assert!(!text.contains("BRISTOL"));
}

/// On PostgreSQL the database is a server that can go away and come back:
/// readiness follows it. (On SQLite, embedded, the next test covers a closed pool.)
#[tokio::test]
async fn readiness_follows_the_database_going_away_and_coming_back() {
    let Some(upstream) = postgres_port() else {
        eprintln!("runs on PostgreSQL only (set TEST_DATABASE_URL)");
        return;
    };
    let proxy = DatabaseProxy::start(upstream).await;
    let app = TestApp::spawn_with(Options {
        database_port: Some(proxy.port),
        ..Default::default()
    })
    .await;
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
    proxy.cut();
    assert_eq!(
        app.get("/readyz").await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    // A query meanwhile fails cleanly, as INTERNAL, not as a hang or a 500 page.
    let (_, body) = app
        .post_graphql(None, "{ childPopulations { year } }", json!({}))
        .await;
    assert_eq!(
        first_error_code(&body).as_deref(),
        Some("INTERNAL"),
        "{body}"
    );
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    proxy.restore();
    let mut ready = false;
    for _ in 0..50 {
        if app.get("/readyz").await.status() == StatusCode::OK {
            ready = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(ready, "readyz did not recover after the database came back");
    app.ok(None, "{ childPopulations { year } }", json!({}))
        .await;
}

#[tokio::test]
async fn readiness_fails_while_the_database_is_closed() {
    let app = TestApp::spawn().await;
    app.db.clone().close().await.expect("close pool");
    assert_eq!(
        app.get("/readyz").await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn production_turns_off_introspection_and_graphiql() {
    let app = TestApp::spawn_with(Options {
        env: vec![("HUB_ENV", "production".into())],
        ..Default::default()
    })
    .await;
    assert_eq!(app.get("/graphiql").await.status(), StatusCode::NOT_FOUND);
    let (_, body) = app
        .post_graphql(None, "{ __schema { types { name } } }", json!({}))
        .await;
    assert!(
        body["data"]["__schema"].is_null(),
        "introspection answered in production: {body}"
    );
    // Ordinary queries still work.
    app.ok(None, "{ partnerships { code } }", json!({})).await;
}

#[tokio::test]
async fn get_serves_queries_and_refuses_mutations_with_405() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    let response = app
        .client
        .get(format!("{}/graphql", app.address))
        .query(&[("query", "{ partnerships { code } }")])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    assert_eq!(
        body["data"]["partnerships"].as_array().map(Vec::len),
        Some(5)
    );

    let mutation = r#"mutation { recordChildPopulation(input: {partnership: BRISTOL, year: 2023, children: 1, source: "x"}) { version } }"#;
    let response = app
        .client
        .get(format!("{}/graphql", app.address))
        .bearer_auth(&admin)
        .query(&[("query", mutation)])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers()["allow"], "POST");
    // Nothing was written, and nothing was even attempted.
    let data = app
        .ok(
            Some(&admin),
            "{ childPopulations(partnership: BRISTOL) { year } auditEvents { totalCount } }",
            json!({}),
        )
        .await;
    assert!(!data["childPopulations"]
        .as_array()
        .expect("list")
        .iter()
        .any(|p| p["year"] == 2023));
    assert_eq!(data["auditEvents"]["totalCount"], 0);
}

#[tokio::test]
async fn graphiqls_introspection_works_but_deeper_queries_and_many_aliases_are_refused() {
    let app = TestApp::spawn().await;
    let introspection = include_str!("../fixtures/introspection.graphql");
    let data = app.ok(None, introspection, json!({})).await;
    assert_eq!(data["__schema"]["queryType"]["name"], "QueryRoot");

    let mut deep = String::from("{ __schema { types { fields { type ");
    for _ in 0..20 {
        deep.push_str("{ ofType ");
    }
    deep.push_str("{ name }");
    for _ in 0..20 {
        deep.push('}');
    }
    deep.push_str(" } } } }");
    let (status, body) = app.post_graphql(None, &deep, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.get("data").is_none(),
        "a refused request never executes: {body}"
    );
    assert_eq!(first_error_code(&body).as_deref(), Some("BAD_USER_INPUT"));

    let aliases: String = (0..20)
        .map(|i| format!("a{i}: partnerships {{ code }} "))
        .collect();
    let (_, body) = app
        .post_graphql(None, &format!("{{ {aliases} }}"), json!({}))
        .await;
    assert!(body.get("data").is_none(), "{body}");
    assert!(body["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("aliases"));
    assert_eq!(first_error_code(&body).as_deref(), Some("BAD_USER_INPUT"));

    // A handful of aliases is legitimate.
    let few: String = (0..5)
        .map(|i| format!("a{i}: partnerships {{ code }} "))
        .collect();
    app.ok(None, &format!("{{ {few} }}"), json!({})).await;
}

#[tokio::test]
async fn graphql_response_media_type_is_honoured() {
    let app = TestApp::spawn().await;
    let send = |accept: &'static str, query: &'static str| {
        app.client
            .post(format!("{}/graphql", app.address))
            .header("accept", accept)
            .json(&json!({ "query": query }))
            .send()
    };
    let ok = send(
        "application/graphql-response+json",
        "{ partnerships { code } }",
    )
    .await
    .expect("request");
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(
        ok.headers()["content-type"],
        "application/graphql-response+json"
    );
    let broken = send(
        "application/graphql-response+json",
        "{ partnerships { code ",
    )
    .await
    .expect("request");
    assert_eq!(broken.status(), StatusCode::BAD_REQUEST);
    let broken_json = send("application/json", "{ partnerships { code ")
        .await
        .expect("request");
    assert_eq!(broken_json.status(), StatusCode::OK);
    assert_eq!(broken_json.headers()["content-type"], "application/json");

    let not_json = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("content-type", "text/plain")
        .body("{ partnerships { code } }")
        .send()
        .await
        .expect("request");
    assert_eq!(not_json.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = TestApp::spawn_with(Options {
        env: vec![("MAX_BODY_BYTES", "4096".into())],
        ..Default::default()
    })
    .await;
    let padding = " ".repeat(10_000);
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "query": format!("{{ partnerships {{ code }} {padding}}}") }))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_database_error_is_internal_and_reveals_no_sql() {
    let app = TestApp::spawn().await;
    app.db
        .execute_unprepared("DROP TABLE child_population")
        .await
        .expect("drop");
    let (status, body) = app
        .post_graphql(None, "{ childPopulations { year } }", json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first_error_code(&body).as_deref(), Some("INTERNAL"));
    let text = body.to_string().to_lowercase();
    for leak in [
        "select",
        "child_population",
        "sqlx",
        "no such table",
        "relation",
    ] {
        assert!(!text.contains(leak), "the error leaks `{leak}`: {body}");
    }
}

#[tokio::test]
async fn cors_allows_exactly_the_configured_origins() {
    let app = TestApp::spawn_with(Options {
        env: vec![(
            "CORS_ORIGINS",
            "https://dashboards.example.org, https://other.example.org".into(),
        )],
        ..Default::default()
    })
    .await;
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, format!("{}/graphql", app.address))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization, content-type",
            )
            .send()
    };
    let allowed = preflight("https://dashboards.example.org")
        .await
        .expect("request");
    assert!(allowed.status().is_success());
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://dashboards.example.org"
    );
    let refused = preflight("https://evil.example.com")
        .await
        .expect("request");
    assert!(refused
        .headers()
        .get("access-control-allow-origin")
        .is_none());
}

#[tokio::test]
async fn a_timed_out_request_is_cancelled_and_writes_nothing() {
    let app = TestApp::spawn_with(Options {
        env: vec![("REQUEST_TIMEOUT_SECS", "1".into())],
        ..Default::default()
    })
    .await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    // Another writer holds the row, so the mutation blocks past the timeout.
    let blocker = app.db.begin().await.expect("begin");
    blocker
        .execute_unprepared("UPDATE child_population SET children = children WHERE partnership_code = 'BRISTOL' AND year = 2016")
        .await
        .expect("lock row");
    let (status, body) = app
        .post_graphql(
            Some(&admin),
            r#"mutation { recordChildPopulation(input: {partnership: BRISTOL, year: 2016, children: 1, source: "x", expectedVersion: 1}) { version } }"#,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(first_error_code(&body).as_deref(), Some("INTERNAL"));
    blocker.rollback().await.expect("release");
    let data = app
        .ok(
            Some(&admin),
            "{ childPopulations(partnership: BRISTOL) { year children version } }",
            json!({}),
        )
        .await;
    let row = data["childPopulations"]
        .as_array()
        .expect("list")
        .iter()
        .find(|p| p["year"] == 2016)
        .cloned()
        .expect("2016 figure");
    assert_eq!(
        row["version"], 1,
        "the cancelled write must not land: {row}"
    );
    assert_ne!(row["children"], 1);
}

#[tokio::test]
async fn reference_data_is_corrected_against_its_version() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    let record = r#"mutation($v: Int, $n: Int!) { recordChildPopulation(input: {partnership: BRISTOL, year: 2023, children: $n, source: "ONS mid-year estimate 2023", expectedVersion: $v}) { children version } }"#;
    let created = app
        .ok(Some(&admin), record, json!({ "v": null, "n": 94000 }))
        .await;
    assert_eq!(created["recordChildPopulation"]["version"], 1);
    // Recording the same year again without a version would overwrite silently: refused.
    assert_eq!(
        app.error_code(Some(&admin), record, json!({ "v": null, "n": 1 }))
            .await,
        "CONFLICT"
    );
    let updated = app
        .ok(Some(&admin), record, json!({ "v": 1, "n": 94100 }))
        .await;
    assert_eq!(
        updated["recordChildPopulation"],
        json!({ "children": 94100, "version": 2 })
    );
    // A second writer still holding version 1 is refused; the first write stands.
    assert_eq!(
        app.error_code(Some(&admin), record, json!({ "v": 1, "n": 90000 }))
            .await,
        "CONFLICT"
    );
    let (_, body) = app
        .post_graphql(Some(&admin), record, json!({ "v": 2, "n": -5 }))
        .await;
    assert_eq!(first_error_code(&body).as_deref(), Some("BAD_USER_INPUT"));
    assert_eq!(body["errors"][0]["extensions"]["field"], "input.children");
    let data = app
        .ok(
            Some(&admin),
            "{ childPopulations(partnership: BRISTOL) { year children version } }",
            json!({}),
        )
        .await;
    assert!(data["childPopulations"]
        .as_array()
        .expect("list")
        .iter()
        .any(|p| p["year"] == 2023 && p["children"] == 94100 && p["version"] == 2));
}
