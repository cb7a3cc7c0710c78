//! The workspace and GraphiQL pages: served from the binary, with a policy
//! that keeps them on this origin; the development token in development only.
use reqwest::{header, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{Options, TestApp};

fn production() -> Options {
    Options {
        env: vec![("HUB_ENV", "production".into())],
        ..Default::default()
    }
}

#[tokio::test]
async fn every_view_has_its_page_with_a_same_origin_policy() {
    let app = TestApp::spawn().await;
    for path in [
        "/",
        "/compare",
        "/trend",
        "/scrutiny-coverage",
        "/cdop",
        "/section-11",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let csp = response.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .expect("text")
            .to_string();
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        assert!(csp.contains("script-src 'self';"), "{path}: {csp}");
        assert!(csp.contains("connect-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("http"), "{path} names no other origin: {csp}");
        assert!(!csp.contains("unsafe-"), "{path}: {csp}");
        let body = response.text().await.expect("text");
        assert!(body.contains("/static/app/main.js"), "{path}");
        assert!(
            !body.contains("https://"),
            "{path} loads nothing from elsewhere"
        );
    }
}

#[tokio::test]
async fn assets_are_served_with_their_type_and_revalidated_by_hash() {
    let app = TestApp::spawn().await;
    let script = app.get("/static/app/main.js").await;
    assert_eq!(script.status(), StatusCode::OK);
    assert!(script.headers()[header::CONTENT_TYPE]
        .to_str()
        .expect("text")
        .contains("javascript"));
    let etag = script.headers()[header::ETAG].clone();
    let again = app
        .client
        .get(format!("{}/static/app/main.js", app.address))
        .header(header::IF_NONE_MATCH, etag)
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    let css = app.get("/static/build/workspace.css").await;
    assert_eq!(css.status(), StatusCode::OK);
    assert!(css.headers()[header::CONTENT_TYPE]
        .to_str()
        .expect("text")
        .starts_with("text/css"));

    for missing in [
        "/static/app/none.js",
        "/static/index.html",
        "/static/../Cargo.toml",
        "/static/%2e%2e/%2e%2e/Cargo.toml",
    ] {
        assert_eq!(
            app.get(missing).await.status(),
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
}

#[tokio::test]
async fn graphiql_loads_its_editor_from_this_origin() {
    let app = TestApp::spawn().await;
    let page = app.get("/graphiql").await;
    assert_eq!(page.status(), StatusCode::OK);
    let csp = page.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("text")
        .to_string();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-"), "no inline script or style: {csp}");
    assert!(!csp.contains("http"), "no other origin: {csp}");
    let body = page.text().await.expect("text");
    for asset in [
        "/static/vendor/graphiql/graphiql.min.js",
        "/static/vendor/react/react.production.min.js",
        "/static/vendor/react-dom/react-dom.production.min.js",
    ] {
        assert!(body.contains(asset), "{asset}");
        assert_eq!(app.get(asset).await.status(), StatusCode::OK, "{asset}");
    }
    assert!(!body.contains("https://"), "no CDN");
}

#[tokio::test]
async fn the_development_token_is_offered_in_development_and_works() {
    let app = TestApp::spawn().await;
    let response = app.get("/workspace/development-token").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "no-store",
        "never cached"
    );
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["role"], "regional_admin");
    let token = body["token"].as_str().expect("a token");
    let me = app
        .ok(Some(token), "{ me { authenticated role } }", json!({}))
        .await;
    assert_eq!(
        me["me"],
        json!({ "authenticated": true, "role": "REGIONAL_ADMIN" })
    );
}

#[tokio::test]
async fn production_offers_no_development_token_and_no_graphiql_but_serves_the_workspace() {
    let app = TestApp::spawn_with(production()).await;
    assert_eq!(
        app.get("/workspace/development-token").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get("/graphiql").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get("/").await.status(), StatusCode::OK);
    assert_eq!(
        app.get("/static/app/main.js").await.status(),
        StatusCode::OK
    );
}
