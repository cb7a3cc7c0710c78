//! What an attacker without a token can send: documents that cost far more
//! than they weigh, floods of variables and errors, malformed credentials and
//! oversized requests. Each is refused before it costs the server anything,
//! with a GraphQL error body, while other callers are still answered.
use std::time::Duration;

use hub::graphql::limits::shapes::{fragment_bomb, variable_flood};
use jsonwebtoken::{encode, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{content_type, first_error_code, TestApp, TEST_SECRET};

fn refused_before_execution(body: &Value, limit: &str) {
    assert!(
        body.get("data").is_none(),
        "a refused document never executes: {body}"
    );
    assert_eq!(first_error_code(body).as_deref(), Some("BAD_USER_INPUT"));
    assert_eq!(
        body["errors"][0]["extensions"]["limit"], limit,
        "refused by {limit}: {body}"
    );
}

/// Guards against a hang, not a speed assertion: before the limits, 30 levels
/// took minutes of CPU and never answered within this.
const HANG: Duration = Duration::from_secs(60);

#[tokio::test]
async fn a_fragment_bomb_is_refused_while_others_are_still_answered() {
    let app = TestApp::spawn().await;
    let bomb = fragment_bomb(30);
    assert!(bomb.len() < 1_500, "about a kilobyte: {}", bomb.len());
    let (status, body) = tokio::time::timeout(HANG, app.post_graphql(None, &bomb, json!({})))
        .await
        .expect("refused without expanding the fragments");
    assert_eq!(status, StatusCode::OK);
    refused_before_execution(&body, "GRAPHQL_MAX_COMPLEXITY");

    // Eight at once, and a plain query among them.
    let bombs = (0..8).map(|_| app.post_graphql(None, &bomb, json!({})));
    let plain = app.ok(None, "{ partnerships { code } }", json!({}));
    let (refusals, plain) = tokio::time::timeout(
        HANG,
        futures_util::future::join(futures_util::future::join_all(bombs), plain),
    )
    .await
    .expect("nothing stalls");
    for (_, body) in refusals {
        refused_before_execution(&body, "GRAPHQL_MAX_COMPLEXITY");
    }
    assert_eq!(plain["partnerships"].as_array().map(Vec::len), Some(5));
}

#[tokio::test]
async fn variable_floods_are_refused_before_validation() {
    let app = TestApp::spawn().await;
    // 100,000 variables, 1.2 MB: past the token limit, so never even parsed.
    let flood = variable_flood(100_000);
    assert!(flood.len() > 1_000_000);
    let (_, body) = tokio::time::timeout(HANG, app.post_graphql(None, &flood, json!({})))
        .await
        .expect("refused");
    refused_before_execution(&body, "GRAPHQL_MAX_TOKENS");
    assert_eq!(body["errors"].as_array().map(Vec::len), Some(1));

    // Within the token limit, the declared variables are counted.
    let (_, body) = app.post_graphql(None, &variable_flood(51), json!({})).await;
    refused_before_execution(&body, "GRAPHQL_MAX_VARIABLES");
    let used = app
        .ok(
            None,
            "query($code: PartnershipCode!) { partnership(code: $code) { code } }",
            json!({ "code": "SOMERSET" }),
        )
        .await;
    assert_eq!(used["partnership"]["code"], "SOMERSET");
}

#[tokio::test]
async fn no_response_lists_more_than_twenty_errors() {
    let app = TestApp::spawn().await;
    let unknown: String = (0..45).map(|i| format!("unknown{i} ")).collect();
    let (_, body) = app
        .post_graphql(None, &format!("{{ {unknown} }}"), json!({}))
        .await;
    let errors = body["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 21, "{body}");
    assert!(errors[..20]
        .iter()
        .all(|e| e["message"].as_str().unwrap_or("").contains("unknown")));
    assert_eq!(
        errors[20]["message"],
        "25 more errors are not shown; at most 20 are listed"
    );
    assert_eq!(
        errors[20]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
}

#[tokio::test]
async fn hostile_documents_are_refused_by_each_limit_a_client_can_read() {
    let app = TestApp::spawn().await;
    let tokens = "{ partnerships { code } } ".repeat(500);
    let (_, body) = app.post_graphql(None, &tokens, json!({})).await;
    refused_before_execution(&body, "GRAPHQL_MAX_TOKENS");

    let fragments: String = (0..51)
        .map(|i| format!("fragment P{i} on QueryRoot {{ partnerships {{ code }} }} "))
        .collect();
    let (_, body) = app
        .post_graphql(None, &format!("{{ ...P0 }} {fragments}"), json!({}))
        .await;
    refused_before_execution(&body, "GRAPHQL_MAX_FRAGMENTS");

    let directives = "@include(if: true) ".repeat(51);
    let (_, body) = app
        .post_graphql(
            None,
            &format!("{{ partnerships {{ code {directives} }} }}"),
            json!({}),
        )
        .await;
    refused_before_execution(&body, "GRAPHQL_MAX_DIRECTIVES");

    // Aliases multiply through fragments: 4 aliases spread 4 times.
    let (_, body) = app
        .post_graphql(
            None,
            "{ ...A ...A ...A ...A } fragment A on QueryRoot { a: me { role } b: me { role } c: me { role } d: me { role } }",
            json!({}),
        )
        .await;
    refused_before_execution(&body, "GRAPHQL_MAX_ALIASES");

    let (_, body) = app
        .post_graphql(
            None,
            "{ ...A } fragment A on QueryRoot { ...B } fragment B on QueryRoot { ...A }",
            json!({}),
        )
        .await;
    assert!(body.get("data").is_none(), "{body}");
    assert!(body["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("cycles"));

    // The same limits hold over GET.
    let response = app
        .client
        .get(format!("{}/graphql", app.address))
        .query(&[("query", fragment_bomb(30))])
        .send()
        .await
        .expect("request");
    let body: Value = response.json().await.expect("json");
    refused_before_execution(&body, "GRAPHQL_MAX_COMPLEXITY");
}

fn claims_with_subject(sub: &str) -> String {
    let now = jsonwebtoken::get_current_timestamp();
    encode(
        &Header::default(),
        &json!({
            "iss": "safeguarding-hub-dev", "aud": "safeguarding-hub", "sub": sub,
            "exp": now + 600, "iat": now, "role": "regional_admin", "partnerships": [],
        }),
        &EncodingKey::from_secret(TEST_SECRET.as_bytes()),
    )
    .expect("sign")
}

#[tokio::test]
async fn a_token_with_a_blank_subject_is_refused_and_audits_nothing() {
    let app = TestApp::spawn().await;
    let write = r#"mutation { recordChildPopulation(input: { partnership: BRISTOL, year: 2030,
        children: 90000, source: "test" }) { year } }"#;
    for sub in ["", "   "] {
        let token = claims_with_subject(sub);
        let (status, body) = app.post_graphql(Some(&token), write, json!({})).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "sub {sub:?}: {body}");
        assert_eq!(first_error_code(&body).as_deref(), Some("UNAUTHENTICATED"));
        assert!(body["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("sub"));
    }
    let admin = app.token(hub::auth::role::Role::RegionalAdmin, &[]);
    let data = app
        .ok(Some(&admin), "{ auditEvents { totalCount } }", json!({}))
        .await;
    assert_eq!(data["auditEvents"]["totalCount"], 0, "nothing was written");
}

#[tokio::test]
async fn a_request_with_two_authorization_headers_is_refused() {
    let app = TestApp::spawn().await;
    let admin = app.token(hub::auth::role::Role::RegionalAdmin, &[]);
    for (first, second) in [
        (format!("Bearer {admin}"), "Bearer other".to_string()),
        (format!("Bearer {admin}"), format!("Bearer {admin}")),
    ] {
        let response = app
            .client
            .post(format!("{}/graphql", app.address))
            .header("authorization", first)
            .header("authorization", second)
            .json(&json!({ "query": "{ me { role } }" }))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let body: Value = response.json().await.expect("a JSON body");
        assert_eq!(first_error_code(&body).as_deref(), Some("UNAUTHENTICATED"));
        assert!(body.get("data").is_none());
    }
    // The exports read the caller the same way.
    let response = app
        .client
        .get(format!(
            "{}/export/benchmark.csv?metric=cdop.notifications_per_10k&period=2024-25",
            app.address
        ))
        .header("authorization", format!("Bearer {admin}"))
        .header("authorization", format!("Bearer {admin}"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

async fn assert_json_error(response: reqwest::Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status);
    let content_type = content_type(&response);
    assert!(
        content_type.starts_with("application/json"),
        "{status}: {content_type}"
    );
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(
        first_error_code(&body).as_deref(),
        Some(code),
        "{status}: {body}"
    );
    body
}

#[tokio::test]
async fn oversized_and_unsupported_requests_get_json_error_bodies() {
    let app = TestApp::spawn_with(crate::helpers::Options {
        env: vec![("MAX_BODY_BYTES", "4096".into())],
        ..Default::default()
    })
    .await;
    let graphql = format!("{}/graphql", app.address);
    let padding = " ".repeat(10_000);
    let too_large = app
        .client
        .post(&graphql)
        .json(&json!({ "query": format!("{{ partnerships {{ code }} {padding}}}") }))
        .send()
        .await
        .expect("request");
    let body = assert_json_error(too_large, StatusCode::PAYLOAD_TOO_LARGE, "BAD_USER_INPUT").await;
    assert!(body["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("4096"));

    let unsupported = app
        .client
        .post(&graphql)
        .header("content-type", "text/plain")
        .body("{ partnerships { code } }")
        .send()
        .await
        .expect("request");
    assert_json_error(
        unsupported,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "BAD_USER_INPUT",
    )
    .await;

    let headers_too_large = app
        .client
        .post(&graphql)
        .header("x-padding", "p".repeat(20_000))
        .json(&json!({ "query": "{ partnerships { code } }" }))
        .send()
        .await
        .expect("request");
    assert_json_error(
        headers_too_large,
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
        "BAD_USER_INPUT",
    )
    .await;

    let nowhere = app.get("/no-such-path").await;
    assert_json_error(nowhere, StatusCode::NOT_FOUND, "NOT_FOUND").await;

    let mutation_over_get = app
        .client
        .get(&graphql)
        .query(&[(
            "query",
            "mutation { publishCdopReturn(id: \"x\", expectedVersion: 1) { id } }",
        )])
        .send()
        .await
        .expect("request");
    assert_eq!(mutation_over_get.headers()["allow"], "POST");
    assert_json_error(
        mutation_over_get,
        StatusCode::METHOD_NOT_ALLOWED,
        "BAD_USER_INPUT",
    )
    .await;
}

/// The field a refusal names, with its code.
fn refused_field(body: &Value) -> (String, String) {
    let ext = &body["errors"][0]["extensions"];
    (
        ext["code"].as_str().unwrap_or_default().to_string(),
        ext["field"].as_str().unwrap_or_default().to_string(),
    )
}

#[tokio::test]
async fn a_megabyte_of_text_is_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let admin = app.token(hub::auth::role::Role::RegionalAdmin, &[]);
    let megabyte = "x".repeat(1_000_000);
    let cases = [
        (
            r#"mutation($t: String!) { proposeSharingAgreement(input: { title: $t, provider: BRISTOL,
                recipients: [{partnership: SOMERSET}], dataset: CDOP, level: EXACT_AGGREGATES,
                purpose: "p", startDate: "2025-01-01" }) { id } }"#,
            "input.title",
        ),
        (
            r#"mutation($t: String!) { proposeSharingAgreement(input: { title: "t", provider: BRISTOL,
                recipients: [{partnership: SOMERSET}], dataset: CDOP, level: EXACT_AGGREGATES,
                purpose: $t, startDate: "2025-01-01" }) { id } }"#,
            "input.purpose",
        ),
        (
            r#"mutation($t: String!) { recordChildPopulation(input: { partnership: BRISTOL, year: 2030,
                children: 90000, source: $t }) { year } }"#,
            "input.source",
        ),
        (
            r#"mutation($t: String!) { createReportingPeriod(input: { label: "2025-10-01/2026-12-31",
                startDate: "2025-10-01", endDate: "2026-12-31", description: $t }) { label } }"#,
            "input.description",
        ),
        (
            r#"mutation($t: String!) { submitCdopReturn(input: { partnership: SOMERSET, period: "2024-25",
                source: $t, deathsNotified: 3 }) { id } }"#,
            "input.source",
        ),
        (
            r#"query($t: String!) { cdopReturns(filter: { period: $t }) { totalCount } }"#,
            "filter.period",
        ),
    ];
    for (query, field) in cases {
        let (_, body) = app
            .post_graphql(Some(&admin), query, json!({ "t": megabyte }))
            .await;
        assert_eq!(
            refused_field(&body),
            ("BAD_USER_INPUT".to_string(), field.to_string()),
            "{query}"
        );
        assert!(
            body.to_string().len() < 2_000,
            "the refusal does not echo the text back"
        );
    }
    // Nothing was written.
    let data = app
        .ok(
            Some(&admin),
            "{ sharingAgreements { totalCount } childPopulations(partnership: BRISTOL) { year } cdopReturns { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(data["sharingAgreements"]["totalCount"], 0);
    assert_eq!(data["cdopReturns"]["totalCount"], 0);
    assert!(!data["childPopulations"]
        .as_array()
        .expect("list")
        .iter()
        .any(|p| p["year"] == 2030));

    let huge_count = app
        .post_graphql(
            Some(&admin),
            r#"mutation { recordChildPopulation(input: { partnership: BRISTOL, year: 2030,
                children: 2147483647, source: "ONS" }) { year } }"#,
            json!({}),
        )
        .await
        .1;
    assert_eq!(
        refused_field(&huge_count),
        ("BAD_USER_INPUT".to_string(), "input.children".to_string())
    );
}
