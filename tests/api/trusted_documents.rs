//! Trusted documents in their three modes, as Apollo's persisted-query link
//! and a trusted-documents deployment use them.
use std::path::PathBuf;

use entity::PartnershipCode;
use hub::auth::role::Role;
use hub::config::Config;
use hub::http::trusted_documents::sha256_hex;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{first_error_code, Options, TestApp, TEST_SECRET};

const PARTNERSHIPS: &str = "query Partnerships { partnerships { code } }";
const TYPES: &str = "query Types { __schema { types { name } } }";
const OTHER: &str = "query Me { me { role } }";

fn persisted(hash: &str) -> Value {
    json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } })
}

async fn post(app: &TestApp, token: Option<&str>, body: Value) -> (StatusCode, Value) {
    let mut request = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("request");
    (response.status(), response.json().await.expect("json"))
}

async fn get(app: &TestApp, query: &[(&str, String)]) -> Value {
    app.client
        .get(format!("{}/graphql", app.address))
        .query(query)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json")
}

/// A manifest file in graphql-codegen's form (hash to text) or Apollo's.
fn manifest(dir: &tempfile::TempDir, apollo: bool, documents: &[&str]) -> PathBuf {
    let json = if apollo {
        json!({
            "format": "apollo-persisted-query-manifest",
            "version": 1,
            "operations": documents.iter().map(|d| json!({
                "id": sha256_hex(d), "name": "x", "type": "query", "body": d,
            })).collect::<Vec<_>>(),
        })
    } else {
        Value::Object(
            documents
                .iter()
                .map(|d| (sha256_hex(d), Value::from(*d)))
                .collect(),
        )
    };
    let path = dir.path().join("manifest.json");
    std::fs::write(&path, json.to_string()).expect("write the manifest");
    path
}

async fn app(mode: &str, manifest: Option<PathBuf>) -> TestApp {
    let mut env = vec![("TRUSTED_DOCUMENTS", mode.to_string())];
    if let Some(path) = manifest {
        env.push(("TRUSTED_DOCUMENTS_FILE", path.display().to_string()));
    }
    TestApp::spawn_with(Options {
        env,
        ..Default::default()
    })
    .await
}

fn codes_of(data: &Value) -> usize {
    data["data"]["partnerships"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn allow_answers_an_unknown_hash_so_the_client_falls_back_then_knows_it() {
    let app = TestApp::spawn().await; // `allow` is the default
    let hash = sha256_hex(PARTNERSHIPS);
    // As Apollo's link does: the hash alone first.
    let (status, body) = post(&app, None, json!({ "extensions": persisted(&hash) })).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        first_error_code(&body).as_deref(),
        Some("PERSISTED_QUERY_NOT_FOUND")
    );
    assert_eq!(body["errors"][0]["message"], "PersistedQueryNotFound");
    assert!(body.get("data").is_none(), "{body}");
    // Then the text with its hash: it runs and is registered.
    let (_, body) = post(
        &app,
        None,
        json!({ "query": PARTNERSHIPS, "extensions": persisted(&hash) }),
    )
    .await;
    assert_eq!(codes_of(&body), 5, "{body}");
    // From now on the hash alone is enough, over POST and over GET.
    let (_, body) = post(&app, None, json!({ "extensions": persisted(&hash) })).await;
    assert_eq!(codes_of(&body), 5, "{body}");
    let body = get(
        &app,
        &[
            ("operationName", "Partnerships".into()),
            ("extensions", persisted(&hash).to_string()),
        ],
    )
    .await;
    assert_eq!(codes_of(&body), 5, "{body}");
    // Full texts still run without a hash.
    let (_, body) = post(&app, None, json!({ "query": OTHER })).await;
    assert_eq!(body["data"]["me"]["role"], "ANONYMOUS");
    // A hash that is not the text's is refused, naming the field.
    let (_, body) = post(
        &app,
        None,
        json!({ "query": OTHER, "extensions": persisted(&hash) }),
    )
    .await;
    assert_eq!(first_error_code(&body).as_deref(), Some("BAD_USER_INPUT"));
    assert_eq!(
        body["errors"][0]["extensions"]["field"],
        "extensions.persistedQuery.sha256Hash"
    );
}

#[tokio::test]
async fn allow_serves_an_apollo_manifest_by_hash_and_by_document_id() {
    let dir = tempfile::tempdir().expect("dir");
    let app = app("allow", Some(manifest(&dir, true, &[PARTNERSHIPS]))).await;
    let hash = sha256_hex(PARTNERSHIPS);
    let (_, body) = post(&app, None, json!({ "extensions": persisted(&hash) })).await;
    assert_eq!(codes_of(&body), 5, "{body}");
    let (_, body) = post(
        &app,
        None,
        json!({ "documentId": format!("sha256:{hash}") }),
    )
    .await;
    assert_eq!(codes_of(&body), 5, "{body}");
    let body = get(&app, &[("documentId", format!("sha256:{hash}"))]).await;
    assert_eq!(codes_of(&body), 5, "{body}");
}

#[tokio::test]
async fn enforce_runs_the_manifest_documents_and_nothing_else() {
    let dir = tempfile::tempdir().expect("dir");
    let app = app(
        "enforce",
        Some(manifest(&dir, false, &[PARTNERSHIPS, TYPES])),
    )
    .await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    let manager = app.token(Role::PartnershipManager, &[PartnershipCode::Somerset]);
    // A manifest document runs by hash, by documentId and by its exact text.
    let hash = sha256_hex(PARTNERSHIPS);
    for body in [
        json!({ "extensions": persisted(&hash) }),
        json!({ "documentId": hash }),
        json!({ "query": PARTNERSHIPS }),
    ] {
        let (_, answer) = post(&app, Some(&manager), body.clone()).await;
        assert_eq!(codes_of(&answer), 5, "{body}: {answer}");
    }
    // Introspection runs only as the manifest holds it.
    let (_, answer) = post(&app, None, json!({ "query": TYPES })).await;
    assert!(answer["data"]["__schema"]["types"].is_array(), "{answer}");
    // Anything else is refused before it runs, whoever asks: another text,
    // an unknown hash, a text sent with its own hash (nothing is registered),
    // a mutation, other introspection.
    let refused = [
        json!({ "query": OTHER }),
        json!({ "extensions": persisted(&sha256_hex(OTHER)) }),
        json!({ "query": OTHER, "extensions": persisted(&sha256_hex(OTHER)) }),
        json!({ "documentId": "sha256:0000000000000000000000000000000000000000000000000000000000000000" }),
        json!({ "query": "mutation { recordChildPopulation(input: { partnership: SOMERSET, year: 2026, children: 1, source: \"x\" }) { year } }" }),
        json!({ "query": "{ __schema { queryType { name } } }" }),
        json!({ "query": format!("{PARTNERSHIPS} ") }),
    ];
    for body in refused {
        let (status, answer) = post(&app, Some(&admin), body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            first_error_code(&answer).as_deref(),
            Some("PERSISTED_QUERY_NOT_ALLOWED"),
            "{body}: {answer}"
        );
        assert!(answer.get("data").is_none(), "{body} never runs: {answer}");
    }
}

#[tokio::test]
async fn off_takes_full_texts_only() {
    let app = app("off", None).await;
    let (_, body) = post(
        &app,
        None,
        json!({ "extensions": persisted(&sha256_hex(PARTNERSHIPS)) }),
    )
    .await;
    assert_eq!(
        first_error_code(&body).as_deref(),
        Some("PERSISTED_QUERY_NOT_SUPPORTED")
    );
    let (_, body) = post(&app, None, json!({ "query": PARTNERSHIPS })).await;
    assert_eq!(codes_of(&body), 5, "{body}");
}

#[test]
fn enforce_needs_a_manifest_that_matches_its_hashes() {
    let config = |file: Option<String>| {
        Config::from_lookup(move |key| match key {
            "JWT_HS256_SECRET" => Some(TEST_SECRET.into()),
            "TRUSTED_DOCUMENTS" => Some("enforce".into()),
            "TRUSTED_DOCUMENTS_FILE" => file.clone(),
            _ => None,
        })
    };
    let refused = config(None).expect_err("no manifest").to_string();
    assert!(refused.contains("TRUSTED_DOCUMENTS_FILE"), "{refused}");

    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("wrong.json");
    std::fs::write(
        &path,
        json!({ sha256_hex(OTHER): PARTNERSHIPS }).to_string(),
    )
    .expect("write");
    let config = config(Some(path.display().to_string())).expect("configuration");
    let refused = hub::http::trusted_documents::TrustedDocuments::load(&config.trusted_documents)
        .expect_err("a hash that is not its text's")
        .to_string();
    assert!(refused.contains("not the SHA-256"), "{refused}");
}
