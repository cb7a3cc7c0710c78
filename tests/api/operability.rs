//! What an operations team relies on: a request id on every response, an
//! access-log line per request that never holds variables or tokens,
//! metrics to alert on, and per-caller rate limits.
use std::time::Duration;

use hub::auth::role::Role;
use hub::auth::token::TokenRequest;
use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};

use crate::helpers::{first_error_code, Options, TestApp};
use crate::process::ServerProcess;

/// A named operation whose variable reaches the service (and comes back in
/// the error message), so a log that held variables would show it.
const TREND: &str = r#"query WorkspaceTrend($metric: String!, $from: String!, $to: String!) {
  trend(metric: $metric, partnership: BRISTOL, from: $from, to: $to) { __typename } }"#;

const ME: &str = "query WorkspaceMe { me { authenticated role } }";

fn request_id(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| {
            panic!(
                "no x-request-id on {} {:?}",
                response.status(),
                response.url()
            )
        })
        .to_string()
}

#[tokio::test]
async fn every_response_carries_a_request_id_errors_and_refusals_included() {
    let app = TestApp::spawn_with(Options {
        env: vec![
            ("CORS_ORIGINS", "https://dash.example.org".into()),
            ("MAX_HEADER_BYTES", "4096".into()),
            ("MAX_BODY_BYTES", "1024".into()),
        ],
        ..Default::default()
    })
    .await;
    let client = &app.client;
    let url = |path: &str| format!("{}{path}", app.address);
    let responses = vec![
        client.get(url("/healthz")).send().await,
        client.get(url("/metrics")).send().await,
        client
            .post(url("/graphql"))
            .json(&json!({ "query": ME }))
            .send()
            .await,
        // 415, 400, 413, 404, 405, 431, 401: each refusal has the id too.
        client
            .post(url("/graphql"))
            .header("content-type", "text/plain")
            .body("{}")
            .send()
            .await,
        client
            .post(url("/graphql"))
            .header("content-type", "application/json")
            .body("not json")
            .send()
            .await,
        client
            .post(url("/graphql"))
            .header("content-type", "application/json")
            .body("x".repeat(4096))
            .send()
            .await,
        client.get(url("/no/such/path")).send().await,
        client.delete(url("/graphql")).send().await,
        client
            .get(url("/healthz"))
            .header("x-padding", "p".repeat(8192))
            .send()
            .await,
        client
            .post(url("/graphql"))
            .bearer_auth("not-a-token")
            .json(&json!({ "query": ME }))
            .send()
            .await,
    ];
    let mut ids = std::collections::HashSet::new();
    for response in responses {
        let response = response.expect("response");
        let id = request_id(&response);
        assert!(ids.insert(id.clone()), "ids are unique: {id} repeated");
    }
    assert_eq!(ids.len(), 10);

    // The caller's (or a proxy's) id is kept; one that could forge a log
    // line is replaced.
    let kept = client
        .get(url("/healthz"))
        .header("x-request-id", "lb-7f3a:42")
        .send()
        .await
        .expect("response");
    assert_eq!(request_id(&kept), "lb-7f3a:42");
    for hostile in ["a b", "\"}{\"level\":\"ERROR\"", &"x".repeat(200)] {
        let replaced = client
            .get(url("/healthz"))
            .header("x-request-id", hostile)
            .send()
            .await
            .expect("response");
        let id = request_id(&replaced);
        assert_ne!(id, hostile);
        assert_eq!(id.len(), 36, "a new UUID: {id}");
    }

    // Browsers may send both headers cross-origin and read the id back.
    let preflight = client
        .request(reqwest::Method::OPTIONS, url("/graphql"))
        .header("origin", "https://dash.example.org")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type, x-request-id, traceparent",
        )
        .send()
        .await
        .expect("preflight");
    assert!(preflight.status().is_success(), "{}", preflight.status());
    request_id(&preflight);
    let allowed = preflight
        .headers()
        .get("access-control-allow-headers")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(
        allowed.contains("x-request-id") && allowed.contains("traceparent"),
        "{allowed}"
    );
    let cross_origin = client
        .post(url("/graphql"))
        .header("origin", "https://dash.example.org")
        .json(&json!({ "query": ME }))
        .send()
        .await
        .expect("response");
    let exposed = cross_origin
        .headers()
        .get("access-control-expose-headers")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(exposed.contains("x-request-id"), "{exposed}");
}

/// Lines of `log` that are access-log records, parsed.
fn access_lines(log: &str) -> Vec<Value> {
    log.lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|line| line["target"] == "access")
        .collect()
}

#[tokio::test]
async fn production_writes_one_json_access_line_per_request_without_variables_or_tokens() {
    let app = TestApp::spawn().await;
    let server = ServerProcess::start(
        app.database_url(),
        &[("HUB_ENV", "production"), ("RUST_LOG", "info")],
    )
    .await;
    let marker = "MARKER-variable-7c1e5b";
    let token = app.token_with(&TokenRequest {
        subject: "admin-0042".into(),
        ..TokenRequest::new(Role::RegionalAdmin, &[])
    });
    let mut sent = Vec::new();
    for variables in [
        json!({ "metric": marker, "from": "2019-20", "to": "2023-24" }),
        json!({ "metric": format!("{marker}-again"), "from": "2019-20", "to": "2023-24" }),
    ] {
        let response = app
            .client
            .post(format!("{}/graphql", server.base))
            .bearer_auth(&token)
            .json(&json!({ "query": TREND, "variables": variables }))
            .send()
            .await
            .expect("response");
        let id = request_id(&response);
        let body: Value = response.json().await.expect("JSON");
        sent.push((id, body));
    }
    // The same through GET, where the variables travel in the query string.
    let response = app
        .client
        .get(format!("{}/graphql", server.base))
        .bearer_auth(&token)
        .query(&[
            ("query", TREND),
            (
                "variables",
                &json!({ "metric": marker, "from": "2019-20", "to": "2023-24" }).to_string(),
            ),
        ])
        .send()
        .await
        .expect("response");
    let get_id = request_id(&response);
    let anonymous = app
        .client
        .post(format!("{}/graphql", server.base))
        .json(&json!({ "query": "{ me { role } }" }))
        .send()
        .await
        .expect("response");
    let anonymous_id = request_id(&anonymous);

    // A fault the caller sees only as INTERNAL: its cause is logged under
    // the same request id.
    app.db
        .execute_unprepared("ALTER TABLE scrutiny_theme RENAME TO scrutiny_theme_gone")
        .await
        .expect("rename");
    let failed = app
        .client
        .post(format!("{}/graphql", server.base))
        .json(&json!({ "query": "{ scrutinyThemes { code } }" }))
        .send()
        .await
        .expect("response");
    let failed_id = request_id(&failed);
    let body: Value = failed.json().await.expect("JSON");
    assert_eq!(
        first_error_code(&body).as_deref(),
        Some("INTERNAL"),
        "{body}"
    );
    assert!(!body.to_string().contains("scrutiny_theme"), "{body}");

    // The line is written as the response goes; give the writer a moment.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let log = server.log();
    assert!(!log.contains(marker), "a variable reached the log:\n{log}");
    assert!(!log.contains(&token), "the token reached the log");
    let lines = access_lines(&log);
    for (id, body) in &sent {
        // The error names the variable's value to the caller, never to the log.
        assert!(body.to_string().contains(marker), "{body}");
        let code = first_error_code(body).expect("an error");
        let mine: Vec<&Value> = lines.iter().filter(|l| l["request_id"] == *id).collect();
        assert_eq!(mine.len(), 1, "one line per request: {mine:?}");
        let line = mine[0];
        assert_eq!(line["method"], "POST");
        assert_eq!(line["path"], "/graphql");
        assert_eq!(line["status"], 200);
        assert_eq!(line["operation_name"], "WorkspaceTrend");
        assert_eq!(line["operation_type"], "query");
        assert_eq!(line["outcome"], "error");
        assert_eq!(line["error_codes"], code.as_str());
        assert_eq!(line["caller_role"], "regional_admin");
        assert_eq!(line["caller_issuer"], hub::config::DEFAULT_ISSUER);
        assert_eq!(line["caller_sub"], "admin-0042");
        assert_eq!(line["trace_id"].as_str().map(str::len), Some(32));
        assert!(line["duration_ms"].as_f64().is_some_and(|d| d >= 0.0));
    }
    let get_line: Vec<&Value> = lines.iter().filter(|l| l["request_id"] == get_id).collect();
    assert_eq!(get_line.len(), 1);
    assert_eq!(get_line[0]["method"], "GET");
    assert_eq!(get_line[0]["path"], "/graphql", "never the query string");
    let anonymous_line: Vec<&Value> = lines
        .iter()
        .filter(|l| l["request_id"] == anonymous_id)
        .collect();
    assert_eq!(anonymous_line.len(), 1);
    assert_eq!(anonymous_line[0]["outcome"], "ok");
    assert_eq!(anonymous_line[0]["caller_role"], "anonymous");
    assert!(anonymous_line[0].get("operation_name").is_none());
    assert!(anonymous_line[0].get("caller_sub").is_none());
    let failed_line: Vec<&Value> = lines
        .iter()
        .filter(|l| l["request_id"] == failed_id)
        .collect();
    assert_eq!(failed_line.len(), 1);
    assert_eq!(failed_line[0]["outcome"], "failed");
    assert_eq!(failed_line[0]["error_codes"], "INTERNAL");
    let causes: Vec<Value> = log
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|line| line["level"] == "ERROR")
        .filter(|line| {
            line["spans"]
                .as_array()
                .is_some_and(|spans| spans.iter().any(|span| span["request_id"] == failed_id))
        })
        .collect();
    assert!(
        causes
            .iter()
            .any(|c| c.to_string().contains("scrutiny_theme")),
        "the cause is logged with the request id: {causes:?}\n{log}"
    );
    // Readiness probes are requests too: every request has its line.
    let all_ids: Vec<&str> = lines
        .iter()
        .filter_map(|l| l["request_id"].as_str())
        .collect();
    let unique: std::collections::HashSet<&&str> = all_ids.iter().collect();
    assert_eq!(unique.len(), all_ids.len(), "one line per request");
}

/// The value of the series of `metrics` whose name and labels start with
/// `prefix`, summed.
fn series(metrics: &str, prefix: &str) -> f64 {
    metrics
        .lines()
        .filter(|l| l.starts_with(prefix))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

#[tokio::test]
async fn metrics_show_latency_by_operation_errors_caches_the_pool_and_the_process() {
    let app = TestApp::with_demo().await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    for _ in 0..2 {
        app.ok(Some(&admin), ME, json!({})).await;
    }
    app.ok(None, "{ partnerships { code } }", json!({})).await;
    app.error_code(
        Some(&admin),
        TREND,
        json!({ "metric": "no-such-metric", "from": "2019-20", "to": "2023-24" }),
    )
    .await;
    // Names beyond the workspace's are counted one by one up to a cap, then
    // together: a caller inventing names cannot grow the series.
    for i in 0..(hub::http::metrics::MAX_OTHER_NAMES + 5) {
        app.ok(
            None,
            &format!("query Invented{i} {{ partnerships {{ code }} }}"),
            json!({}),
        )
        .await;
    }
    let metrics = app.get("/metrics").await.text().await.expect("text");

    assert_eq!(
        series(
            &metrics,
            r#"hub_graphql_request_duration_seconds_count{operation="WorkspaceMe",type="query"}"#
        ),
        2.0,
        "{metrics}"
    );
    assert!(metrics.contains(
        r#"hub_graphql_request_duration_seconds_bucket{operation="WorkspaceMe",type="query",le="0.1"}"#
    ));
    // The anonymous operation and the names past the cap share `other`.
    assert_eq!(
        series(
            &metrics,
            r#"hub_graphql_request_duration_seconds_count{operation="other",type="query"}"#
        ),
        6.0
    );
    let operations: std::collections::HashSet<&str> = metrics
        .lines()
        .filter(|l| l.starts_with("hub_graphql_request_duration_seconds_count"))
        .filter_map(|l| l.split("operation=\"").nth(1)?.split('"').next())
        .collect();
    assert!(
        operations.len() <= hub::http::metrics::MAX_OTHER_NAMES + 3,
        "{operations:?}"
    );
    assert!(series(&metrics, r#"hub_graphql_errors_total{code="#) >= 1.0);
    assert!(series(&metrics, r#"hub_http_responses_total{class="2xx"}"#) >= 4.0);
    assert!(metrics.contains(r#"hub_db_pool_connections{state="idle"}"#));
    assert!(metrics.contains(r#"hub_db_pool_connections{state="in_use"}"#));
    assert!(series(&metrics, "hub_sql_statement_duration_seconds_count") >= 1.0);
    assert!(metrics.contains("hub_sql_statement_duration_seconds_bucket{le="));
    // The same document twice: parsed once, then from the document cache.
    assert!(
        series(
            &metrics,
            r#"hub_cache_lookups_total{cache="documents",result="hit"}"#
        ) >= 1.0
    );
    for process in ["process_resident_memory_bytes", "process_open_fds"] {
        assert!(series(&metrics, process) > 0.0, "{process} in {metrics}");
    }
    // Whole seconds: a young process may not have used one yet.
    assert!(
        metrics.contains("\nprocess_cpu_seconds_total "),
        "{metrics}"
    );
}

#[tokio::test]
async fn a_caller_past_its_limit_gets_429_with_retry_after_and_is_served_again_after() {
    let app = TestApp::spawn_with(Options {
        env: vec![
            ("RATE_LIMIT_PER_MINUTE", "60".into()),
            ("RATE_LIMIT_BURST", "3".into()),
        ],
        ..Default::default()
    })
    .await;
    let noisy = app.token_with(&TokenRequest {
        subject: "noisy".into(),
        ..TokenRequest::new(Role::Analyst, &[])
    });
    let quiet = app.token_with(&TokenRequest {
        subject: "quiet".into(),
        ..TokenRequest::new(Role::Analyst, &[])
    });
    let post = |token: Option<String>| {
        let mut request = app
            .client
            .post(format!("{}/graphql", app.address))
            .json(&json!({ "query": ME }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };

    // Tokens that fail verification are keyed by address, never by the sub
    // they claim: a forger cannot spend the real "noisy"'s budget.
    let signature = |token: &str| token.rsplit_once('.').map(|(_, s)| s.to_string());
    let forged = format!(
        "{}.{}",
        noisy.rsplit_once('.').expect("a JWT").0,
        signature(&quiet).expect("a JWT")
    );
    for _ in 0..5 {
        let status = post(Some(forged.clone())).await.expect("response").status();
        assert!(
            status == StatusCode::UNAUTHORIZED || status == StatusCode::TOO_MANY_REQUESTS,
            "{status}"
        );
    }
    for _ in 0..3 {
        let response = post(Some(noisy.clone())).await.expect("response");
        assert_eq!(response.status(), StatusCode::OK);
    }
    let refused = post(Some(noisy.clone())).await.expect("response");
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = refused
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds");
    assert!((1..=2).contains(&retry_after), "{retry_after}");
    request_id(&refused);
    let body: Value = refused.json().await.expect("a JSON body");
    assert_eq!(first_error_code(&body).as_deref(), Some("RATE_LIMITED"));

    // Another caller is not stopped with it; nor are health, readiness and metrics.
    assert_eq!(
        post(Some(quiet)).await.expect("response").status(),
        StatusCode::OK
    );
    for path in ["/healthz", "/readyz", "/metrics"] {
        for _ in 0..5 {
            assert!(app.get(path).await.status().is_success(), "{path}");
        }
    }

    // After the wait it was told, it is served again.
    tokio::time::sleep(Duration::from_secs(retry_after) + Duration::from_millis(100)).await;
    assert_eq!(
        post(Some(noisy)).await.expect("response").status(),
        StatusCode::OK
    );
    // The refusals are counted.
    let metrics = app.get("/metrics").await.text().await.expect("text");
    assert!(series(&metrics, r#"hub_http_responses_total{class="4xx"}"#) >= 2.0);
}
