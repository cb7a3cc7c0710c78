//! Compression and what HTTP caches may keep: gzip and brotli when the client
//! accepts them, `no-store` for anything answered to a caller with a token,
//! and ETag revalidation for anonymous GET queries of published data.
use std::io::Read;

use entity::PartnershipCode;
use hub::auth::role::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;

/// Large enough to be compressed: every type of the schema, described.
const LARGE: &str = "{ __schema { types { name description fields { name description } } } }";

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

async fn post_with_encoding(
    app: &TestApp,
    encoding: &str,
    query: &str,
) -> (Option<String>, Vec<u8>) {
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("accept-encoding", encoding)
        .json(&json!({ "query": query }))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let coding = header(&response, "content-encoding");
    let bytes = response.bytes().await.expect("body").to_vec();
    (coding, bytes)
}

#[tokio::test]
async fn gzip_and_brotli_bodies_decode_to_the_same_json() {
    let app = TestApp::spawn().await;
    let (plain_coding, plain) = post_with_encoding(&app, "identity", LARGE).await;
    assert_eq!(plain_coding, None);
    let plain: Value = serde_json::from_slice(&plain).expect("plain JSON");
    assert!(plain["data"]["__schema"]["types"]
        .as_array()
        .is_some_and(|t| t.len() > 50));

    let (coding, gzipped) = post_with_encoding(&app, "gzip", LARGE).await;
    assert_eq!(coding.as_deref(), Some("gzip"));
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(gzipped.as_slice())
        .read_to_end(&mut decoded)
        .expect("gzip");
    assert_eq!(
        serde_json::from_slice::<Value>(&decoded).expect("JSON"),
        plain
    );
    // The schema's descriptions are prose, which gzip shrinks about threefold,
    // a little less with each described type added: half is what says it works.
    assert!(
        gzipped.len() * 2 < decoded.len(),
        "{} of {}",
        gzipped.len(),
        decoded.len()
    );

    let (coding, brotli_bytes) = post_with_encoding(&app, "gzip, deflate, br", LARGE).await;
    assert_eq!(
        coding.as_deref(),
        Some("br"),
        "brotli is preferred when both are accepted"
    );
    let mut decoded = Vec::new();
    brotli::Decompressor::new(brotli_bytes.as_slice(), 4096)
        .read_to_end(&mut decoded)
        .expect("brotli");
    assert_eq!(
        serde_json::from_slice::<Value>(&decoded).expect("JSON"),
        plain
    );

    // A small answer goes as it is: compressing it would save nothing.
    let (coding, small) = post_with_encoding(&app, "gzip, br", "{ me { role } }").await;
    assert_eq!(coding, None);
    assert_eq!(
        serde_json::from_slice::<Value>(&small).expect("JSON")["data"]["me"]["role"],
        "ANONYMOUS"
    );
}

#[tokio::test]
async fn every_answer_to_a_caller_with_a_token_is_no_store() {
    let app = TestApp::spawn().await;
    let token = app.token(Role::PartnershipManager, &[PartnershipCode::Somerset]);
    let url = format!("{}/graphql", app.address);
    let answers = [
        // a query over POST and over GET
        app.client
            .post(&url)
            .bearer_auth(&token)
            .json(&json!({ "query": "{ me { role } }" })),
        app.client
            .get(&url)
            .bearer_auth(&token)
            .query(&[("query", "{ partnerships { code } }")]),
        // a refusal: a document that does not parse
        app.client
            .post(&url)
            .bearer_auth(&token)
            .json(&json!({ "query": "{" })),
        // a token that does not verify
        app.client
            .post(&url)
            .bearer_auth("not-a-token")
            .json(&json!({ "query": "{ me { role } }" })),
        // a CSV export
        app.client
            .get(format!("{}/export/benchmark.csv", app.address))
            .bearer_auth(&token)
            .query(&[("metric", "cdop.notifications"), ("period", "2024-25")]),
    ];
    for request in answers {
        let response = request.send().await.expect("request");
        assert_eq!(
            header(&response, "cache-control").as_deref(),
            Some("no-store"),
            "{} {}",
            response.url(),
            response.status()
        );
        assert_eq!(header(&response, "etag"), None, "{}", response.url());
    }
    // The same anonymous query may be revalidated.
    let anonymous = app
        .client
        .get(&url)
        .query(&[("query", "{ partnerships { code } }")])
        .send()
        .await
        .expect("request");
    assert_eq!(
        header(&anonymous, "cache-control").as_deref(),
        Some("no-cache")
    );
}

#[tokio::test]
async fn a_repeated_anonymous_get_is_304_until_the_data_changes() {
    let app = TestApp::spawn().await;
    let url = format!("{}/graphql", app.address);
    let query = [(
        "query",
        "{ childPopulations(partnership: SOMERSET) { year children } }",
    )];
    let first = app
        .client
        .get(&url)
        .query(&query)
        .send()
        .await
        .expect("request");
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(header(&first, "cache-control").as_deref(), Some("no-cache"));
    let etag = header(&first, "etag").expect("a strong ETag");
    assert!(
        etag.starts_with('"') && etag.ends_with('"'),
        "strong: {etag}"
    );
    let body: Value = first.json().await.expect("json");

    let again = app
        .client
        .get(&url)
        .query(&query)
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(&again, "etag").as_deref(), Some(etag.as_str()));
    assert!(again.bytes().await.expect("body").is_empty());

    // The data changes: the same tag no longer matches, and the new answer has a new one.
    let admin = app.token(Role::RegionalAdmin, &[]);
    app.ok(
        Some(&admin),
        r#"mutation { recordChildPopulation(input: { partnership: SOMERSET, year: 2026, children: 123456, source: "test" }) { year } }"#,
        json!({}),
    )
    .await;
    let changed = app
        .client
        .get(&url)
        .query(&query)
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("request");
    assert_eq!(changed.status(), StatusCode::OK);
    let new_etag = header(&changed, "etag").expect("ETag");
    assert_ne!(new_etag, etag);
    let changed: Value = changed.json().await.expect("json");
    assert_ne!(changed, body);

    // An answer with errors is not tagged.
    let refused = app
        .client
        .get(&url)
        .query(&[("query", "{ partnerships { noSuchField } }")])
        .send()
        .await
        .expect("request");
    assert_eq!(header(&refused, "etag"), None);
}

#[tokio::test]
async fn a_compressed_answer_has_its_own_tag_and_revalidates_with_it() {
    let app = TestApp::spawn().await;
    let url = format!("{}/graphql", app.address);
    let fetch = |encoding: &'static str, tag: Option<String>| {
        let mut request = app
            .client
            .get(&url)
            .query(&[("query", LARGE)])
            .header("accept-encoding", encoding);
        if let Some(tag) = tag {
            request = request.header("if-none-match", tag);
        }
        request.send()
    };
    let plain = fetch("identity", None).await.expect("request");
    let plain_tag = header(&plain, "etag").expect("ETag");
    let brotli = fetch("br", None).await.expect("request");
    assert_eq!(header(&brotli, "content-encoding").as_deref(), Some("br"));
    let brotli_tag = header(&brotli, "etag").expect("ETag");
    assert_eq!(
        brotli_tag,
        format!("{}-br\"", plain_tag.trim_end_matches('"')),
        "one representation, one strong tag"
    );
    let again = fetch("br", Some(brotli_tag.clone()))
        .await
        .expect("request");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(&again, "etag"), Some(brotli_tag));
    let other = fetch("identity", Some("\"0123\"".into()))
        .await
        .expect("request");
    assert_eq!(other.status(), StatusCode::OK);
}
