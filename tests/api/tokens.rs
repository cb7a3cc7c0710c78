//! Token verification: the local issuer, external issuers from a trust file,
//! and the attacks none of which may yield data or a 500.
use std::sync::{Arc, Mutex};

use actix_web::{web, App, HttpResponse, HttpServer};
use base64::Engine;
use entity::PartnershipCode;
use hub::auth::role::Role;
use hub::auth::token::TokenRequest;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{first_error_code, Options, TestApp, TEST_SECRET};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
const SOMERSET_IDP: &str = "https://login.somerset.example";
const BNSSG_IDP: &str = "https://login.bnssg.example";
const ME: &str = "{ me { authenticated subject role partnerships agency issuer } }";

fn now() -> u64 {
    jsonwebtoken::get_current_timestamp()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).expect("fixture")
}

fn claims(iss: &str, role: &str, partnerships: &[&str]) -> Value {
    json!({
        "iss": iss, "aud": "safeguarding-hub", "sub": "user-1",
        "exp": now() + 600, "iat": now(), "role": role, "partnerships": partnerships,
    })
}

fn rs256(claims: &Value, kid: Option<&str>, key: &str) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = kid.map(str::to_string);
    encode(
        &header,
        claims,
        &EncodingKey::from_rsa_pem(&fixture(key)).expect("rsa key"),
    )
    .expect("sign")
}

fn hs256(claims: &Value, secret: &[u8]) -> String {
    encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret),
    )
    .expect("sign")
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// An app trusting Somerset's identity provider (RS256, keys in a file, may
/// speak for SOMERSET only) and BNSSG's (ES256, may speak for the three BNSSG
/// partnerships), beside the local issuer.
async fn app_with_trust(extra: &str) -> (TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let trust = format!(
        r#"
[[issuer]]
issuer = "{SOMERSET_IDP}"
algorithms = ["RS256"]
jwks_file = "{FIXTURES}/somerset.jwks.json"
partnerships = ["SOMERSET"]

[[issuer]]
issuer = "{BNSSG_IDP}"
algorithms = ["ES256"]
jwks_file = "{FIXTURES}/bnssg.jwks.json"
partnerships = ["BRISTOL", "NORTH_SOMERSET", "SOUTH_GLOUCESTERSHIRE"]
{extra}"#
    );
    let path = dir.path().join("trust.toml");
    std::fs::write(&path, trust).expect("write trust file");
    let app = TestApp::spawn_with(Options {
        env: vec![("JWT_TRUST_FILE", path.display().to_string())],
        ..Default::default()
    })
    .await;
    (app, dir)
}

async fn assert_refused(app: &TestApp, token: &str, what: &str) {
    let (status, body) = app.post_graphql(Some(token), ME, json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}: {body}");
    assert_eq!(
        first_error_code(&body).as_deref(),
        Some("UNAUTHENTICATED"),
        "{what}: {body}"
    );
    assert!(body.get("data").is_none(), "{what} yielded data: {body}");
}

#[tokio::test]
async fn a_local_token_gives_its_role_and_scope_in_me() {
    let app = TestApp::spawn().await;
    let token = app.token(Role::PartnershipManager, &[PartnershipCode::Bristol]);
    let data = app.ok(Some(&token), ME, json!({})).await;
    assert_eq!(
        data["me"],
        json!({ "authenticated": true, "subject": "dev-partnership_manager", "role": "PARTNERSHIP_MANAGER",
                "partnerships": ["BRISTOL"], "agency": null, "issuer": "safeguarding-hub-dev" })
    );
    let admin = app
        .ok(Some(&app.token(Role::RegionalAdmin, &[])), ME, json!({}))
        .await;
    assert_eq!(
        admin["me"]["partnerships"].as_array().map(Vec::len),
        Some(5)
    );
    let anonymous = app.ok(None, ME, json!({})).await;
    assert_eq!(anonymous["me"]["role"], "ANONYMOUS");
    assert_eq!(anonymous["me"]["authenticated"], false);
}

#[tokio::test]
async fn tokens_that_do_not_make_a_coherent_scope_are_refused() {
    let app = TestApp::spawn().await;
    let lead_without_agency = hs256(
        &claims("safeguarding-hub-dev", "agency_lead", &["SOMERSET"]),
        TEST_SECRET.as_bytes(),
    );
    assert_refused(&app, &lead_without_agency, "agency_lead with no agency").await;
    let manager_of_nothing = hs256(
        &claims("safeguarding-hub-dev", "partnership_manager", &[]),
        TEST_SECRET.as_bytes(),
    );
    assert_refused(&app, &manager_of_nothing, "manager with no partnership").await;
    let unknown_role = hs256(
        &claims("safeguarding-hub-dev", "superuser", &["SOMERSET"]),
        TEST_SECRET.as_bytes(),
    );
    assert_refused(&app, &unknown_role, "unknown role").await;
    let unknown_partnership = hs256(
        &claims("safeguarding-hub-dev", "scrutineer", &["DEVON"]),
        TEST_SECRET.as_bytes(),
    );
    assert_refused(&app, &unknown_partnership, "unknown partnership").await;
    let lead = app.token_with(&TokenRequest {
        agency: Some("avon-and-somerset-police".into()),
        ..TokenRequest::new(Role::AgencyLead, &[PartnershipCode::Somerset])
    });
    let data = app.ok(Some(&lead), ME, json!({})).await;
    assert_eq!(data["me"]["agency"], "avon-and-somerset-police");
}

#[tokio::test]
async fn external_issuers_are_trusted_for_their_own_partnerships_only() {
    let (app, _dir) = app_with_trust("").await;
    let somerset = rs256(
        &claims(SOMERSET_IDP, "partnership_manager", &["SOMERSET"]),
        Some("somerset-2026"),
        "rsa_private.pem",
    );
    let data = app.ok(Some(&somerset), ME, json!({})).await;
    assert_eq!(data["me"]["issuer"], SOMERSET_IDP);
    assert_eq!(data["me"]["partnerships"], json!(["SOMERSET"]));

    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some("bnssg-ec-1".into());
    let bnssg = encode(
        &header,
        &claims(BNSSG_IDP, "scrutineer", &["BRISTOL", "NORTH_SOMERSET"]),
        &EncodingKey::from_ec_pem(&fixture("ec_private.pem")).expect("ec key"),
    )
    .expect("sign");
    let data = app.ok(Some(&bnssg), ME, json!({})).await;
    assert_eq!(
        data["me"]["partnerships"],
        json!(["BRISTOL", "NORTH_SOMERSET"])
    );

    let claims_bristol = rs256(
        &claims(
            SOMERSET_IDP,
            "partnership_manager",
            &["SOMERSET", "BRISTOL"],
        ),
        Some("somerset-2026"),
        "rsa_private.pem",
    );
    assert_refused(
        &app,
        &claims_bristol,
        "Somerset's provider claiming Bristol",
    )
    .await;
    let regional = rs256(
        &claims(SOMERSET_IDP, "regional_admin", &[]),
        Some("somerset-2026"),
        "rsa_private.pem",
    );
    assert_refused(
        &app,
        &regional,
        "Somerset's provider granting regional admin",
    )
    .await;
}

#[tokio::test]
async fn attack_tokens_yield_401_and_no_data() {
    let (app, _dir) = app_with_trust("").await;
    let local = "safeguarding-hub-dev";
    let secret = TEST_SECRET.as_bytes();
    let good = hs256(&claims(local, "regional_admin", &[]), secret);
    app.ok(Some(&good), ME, json!({})).await;

    // alg: none, with and without a trailing signature segment.
    let payload = b64(claims(local, "regional_admin", &[]).to_string().as_bytes());
    let none_header = b64(br#"{"alg":"none","typ":"JWT"}"#);
    assert_refused(&app, &format!("{none_header}.{payload}."), "alg none").await;
    assert_refused(
        &app,
        &format!("{none_header}.{payload}"),
        "alg none without signature",
    )
    .await;

    // HS256 signed with the RSA public key of a trusted RS256 issuer.
    let public_pem = fixture("rsa_public.pem");
    assert_refused(
        &app,
        &hs256(
            &claims(SOMERSET_IDP, "partnership_manager", &["SOMERSET"]),
            &public_pem,
        ),
        "HS256 with an RSA public key",
    )
    .await;
    assert_refused(
        &app,
        &hs256(&claims(local, "regional_admin", &[]), &public_pem),
        "HS256 with an RSA public key, local issuer",
    )
    .await;

    let mut expired = claims(local, "regional_admin", &[]);
    expired["exp"] = json!(now() - 3600);
    assert_refused(&app, &hs256(&expired, secret), "expired").await;
    let mut early = claims(local, "regional_admin", &[]);
    early["nbf"] = json!(now() + 3600);
    assert_refused(&app, &hs256(&early, secret), "not yet valid").await;
    let mut audience = claims(local, "regional_admin", &[]);
    audience["aud"] = json!("another-service");
    assert_refused(&app, &hs256(&audience, secret), "wrong audience").await;
    assert_refused(
        &app,
        &hs256(
            &claims("https://evil.example", "regional_admin", &[]),
            secret,
        ),
        "wrong issuer",
    )
    .await;
    let mut string_exp = claims(local, "regional_admin", &[]);
    string_exp["exp"] = json!((now() + 600).to_string());
    assert_refused(&app, &hs256(&string_exp, secret), "exp as a string").await;
    for missing in ["exp", "sub", "aud", "iss"] {
        let mut c = claims(local, "regional_admin", &[]);
        c.as_object_mut().expect("object").remove(missing);
        assert_refused(&app, &hs256(&c, secret), &format!("no {missing}")).await;
    }

    let mut tampered = good.clone();
    let last = tampered.pop().expect("non-empty");
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    assert_refused(&app, &tampered, "tampered signature").await;
    let (head, rest) = good.split_once('.').expect("three parts");
    let (_, sig) = rest.split_once('.').expect("three parts");
    let escalated = b64(claims(local, "regional_admin", &["SOMERSET"])
        .to_string()
        .replace("user-1", "user-2")
        .as_bytes());
    assert_refused(
        &app,
        &format!("{head}.{escalated}.{sig}"),
        "payload swapped under a valid signature",
    )
    .await;

    let traversal = rs256(
        &claims(SOMERSET_IDP, "partnership_manager", &["SOMERSET"]),
        Some("../../etc/passwd"),
        "rsa_private.pem",
    );
    assert_refused(&app, &traversal, "kid path traversal").await;

    for malformed in [
        "not-a-token",
        "a.b.c",
        &format!("{}.{payload}.sig", b64(b"{not json")),
        &format!("{}.{payload}.sig", b64(br#"{"alg":"HS999"}"#)),
        "",
    ] {
        assert_refused(&app, &format!("{malformed} "), "malformed").await;
    }
    let (status, _) = {
        let response = app
            .client
            .post(format!("{}/graphql", app.address))
            .header("authorization", "Basic dXNlcjpwYXNz")
            .json(&json!({ "query": ME }))
            .send()
            .await
            .expect("request");
        (response.status(), ())
    };
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a non-bearer Authorization header"
    );
}

/// A JWKS served over HTTP, rotated mid-test: the hub refreshes on an unknown `kid`.
#[tokio::test]
async fn jwks_urls_are_fetched_and_refreshed_on_an_unknown_key() {
    let served = Arc::new(Mutex::new(
        String::from_utf8(fixture("somerset.jwks.json")).expect("utf8"),
    ));
    let state = served.clone();
    let server = HttpServer::new(move || {
        let state = state.clone();
        App::new().route(
            "/jwks.json",
            web::get().to(move || {
                let body = state.lock().expect("lock").clone();
                async move {
                    HttpResponse::Ok()
                        .content_type("application/json")
                        .body(body)
                }
            }),
        )
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .expect("bind");
    let port = server.addrs()[0].port();
    tokio::spawn(server.run());

    let extra = format!(
        "\n[[issuer]]\nissuer = \"https://login.rotating.example\"\nalgorithms = [\"RS256\"]\njwks_url = \"http://127.0.0.1:{port}/jwks.json\"\npartnerships = [\"SOMERSET\"]\n"
    );
    let (app, _dir) = app_with_trust(&extra).await;
    let first = rs256(
        &claims(
            "https://login.rotating.example",
            "cdop_officer",
            &["SOMERSET"],
        ),
        Some("somerset-2026"),
        "rsa_private.pem",
    );
    app.ok(Some(&first), ME, json!({})).await;

    // The provider rotates to a new key; a token signed with it names a kid the hub has not seen.
    *served.lock().expect("lock") =
        String::from_utf8(fixture("somerset-rotated.jwks.json")).expect("utf8");
    let rotated = rs256(
        &claims(
            "https://login.rotating.example",
            "cdop_officer",
            &["SOMERSET"],
        ),
        Some("somerset-2027"),
        "rsa_rotated_private.pem",
    );
    // Within the minimum refresh interval of the first fetch, an unknown kid is refused...
    assert_refused(&app, &rotated, "unknown kid within the refresh interval").await;
    // ...which is what stops made-up kids from hammering the provider. The
    // refresh itself is shown by a fresh hub whose first fetch has the new key.
    let (fresh, _dir2) = app_with_trust(&extra).await;
    fresh.ok(Some(&rotated), ME, json!({})).await;
}
