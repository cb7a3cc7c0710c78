//! Request errors carry Apollo Server's codes, which client tooling
//! recognises: `GRAPHQL_PARSE_FAILED` for a text that is not a document,
//! `GRAPHQL_VALIDATION_FAILED` for a document the schema refuses.
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{first_error_code, TestApp};

fn codes(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| e["extensions"]["code"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_text_that_is_not_a_document_is_graphql_parse_failed() {
    let app = TestApp::spawn().await;
    for text in [
        "{ partnerships { code }",
        "query {",
        "",
        "{ partnership(code: ) { code } }",
    ] {
        let (status, body) = app.post_graphql(None, text, json!({})).await;
        assert_eq!(status, StatusCode::OK, "{text:?}: {body}");
        assert!(
            body.get("data").is_none(),
            "{text:?} never executes: {body}"
        );
        assert_eq!(codes(&body), ["GRAPHQL_PARSE_FAILED"], "{text:?}: {body}");
        assert!(
            body["errors"][0]["locations"][0]["line"].is_number(),
            "{text:?}: the error says where: {body}"
        );
    }
    // Over GET, and with the GraphQL-over-HTTP media type: 400.
    let response = app
        .client
        .get(format!("{}/graphql", app.address))
        .query(&[("query", "{ partnerships { code ")])
        .header("accept", "application/graphql-response+json")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.expect("json");
    assert_eq!(
        first_error_code(&body).as_deref(),
        Some("GRAPHQL_PARSE_FAILED")
    );
}

#[tokio::test]
async fn a_document_the_schema_refuses_is_graphql_validation_failed() {
    let app = TestApp::spawn().await;
    let refused = [
        // an unknown field
        ("{ partnerships { code noSuchField } }", json!({})),
        // an argument of the wrong type
        ("{ partnership(code: 5) { code } }", json!({})),
        // a variable that is used but never declared
        ("query { partnership(code: $code) { code } }", json!({})),
        // a fragment on a type that does not exist
        ("{ ...F } fragment F on NoSuchType { code }", json!({})),
    ];
    for (text, variables) in refused {
        let (status, body) = app.post_graphql(None, text, variables).await;
        assert_eq!(status, StatusCode::OK, "{text}: {body}");
        assert!(body.get("data").is_none(), "{text} never executes: {body}");
        let codes = codes(&body);
        assert!(!codes.is_empty(), "{text}: {body}");
        assert!(
            codes.iter().all(|c| c == "GRAPHQL_VALIDATION_FAILED"),
            "{text}: {body}"
        );
    }
}

#[tokio::test]
async fn other_refusals_keep_their_own_codes() {
    let app = TestApp::spawn().await;
    // A document over a limit is refused before validation, naming the limit.
    let aliases: String = (0..20).map(|i| format!("a{i}: me {{ role }} ")).collect();
    let (_, body) = app
        .post_graphql(None, &format!("{{ {aliases} }}"), json!({}))
        .await;
    assert_eq!(first_error_code(&body).as_deref(), Some("BAD_USER_INPUT"));
    assert_eq!(
        body["errors"][0]["extensions"]["limit"],
        "GRAPHQL_MAX_ALIASES"
    );
    // An operation name the document does not hold names the field at fault.
    let body: Value = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "query": "query A { me { role } }", "operationName": "B" }))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert_eq!(first_error_code(&body).as_deref(), Some("BAD_USER_INPUT"));
    assert_eq!(body["errors"][0]["extensions"]["field"], "operationName");
    assert!(body.get("data").is_none(), "{body}");
    // An error raised while executing keeps the resolver's code.
    let (_, body) = app
        .post_graphql(
            None,
            r#"{ reportingPeriod(label: "1999-00") { label } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        first_error_code(&body).as_deref(),
        Some("NOT_FOUND"),
        "{body}"
    );
}
