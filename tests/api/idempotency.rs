//! `Idempotency-Key` on mutations: a retry never writes twice, and gets the
//! first answer back byte for byte; a key is its caller's alone.
use std::time::Duration;

use chrono::Utc;
use hub::auth::role::Role;
use hub::auth::token::TokenRequest;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::Value;

use crate::helpers::TestApp;

fn register(name: &str) -> String {
    format!(
        r#"{{"query":"mutation {{ registerAgency(input: {{name: \"{name}\", sector: HEALTH, partnerships: [BRISTOL]}}) {{ id name }} }}"}}"#
    )
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    fn replayed(&self) -> bool {
        self.headers
            .get("idempotent-replayed")
            .is_some_and(|v| v == "true")
    }

    fn code(&self) -> String {
        self.json()["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn message(&self) -> String {
        self.json()["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

async fn send(app: &TestApp, address: &str, token: &str, key: Option<&str>, body: &str) -> Answer {
    let mut request = app
        .client
        .post(format!("{address}/graphql"))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    let response = request.send().await.expect("request");
    Answer {
        status: response.status(),
        headers: response.headers().clone(),
        body: response.bytes().await.expect("body").to_vec(),
    }
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let backend = app.db.get_database_backend();
    app.db
        .query_one_raw(Statement::from_string(backend, sql))
        .await
        .expect("count")
        .expect("a row")
        .try_get_by_index::<i64>(0)
        .expect("a count")
}

async fn agencies_named(app: &TestApp, name: &str) -> i64 {
    count(
        app,
        &format!("SELECT COUNT(*) FROM section11_agency WHERE name = '{name}'"),
    )
    .await
}

async fn audited_registrations(app: &TestApp) -> i64 {
    count(
        app,
        "SELECT COUNT(*) FROM audit_event WHERE operation = 'registerAgency' AND outcome = 'success'",
    )
    .await
}

fn admin(app: &TestApp, subject: &str) -> String {
    app.token_with(&TokenRequest {
        subject: subject.into(),
        ..TokenRequest::new(Role::RegionalAdmin, &[])
    })
}

#[tokio::test]
async fn a_replayed_mutation_writes_once_and_returns_the_identical_body() {
    let app = TestApp::spawn().await;
    let token = admin(&app, "partner-system-a");
    let body = register("Replay Trust");

    let first = send(&app, &app.address, &token, Some("key-0001"), &body).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(
        first.json()["data"]["registerAgency"]["id"].is_string(),
        "{:?}",
        first.json()
    );
    assert!(!first.replayed());

    // The quoted (Structured Field) form is the same key.
    let again = send(&app, &app.address, &token, Some("\"key-0001\""), &body).await;
    assert_eq!(again.status, first.status);
    assert_eq!(again.body, first.body, "byte-identical body");
    assert_eq!(again.headers["content-type"], first.headers["content-type"]);
    assert!(again.replayed());

    // Another instance over the same database knows the key too.
    let other = app.another_instance(&[]).await;
    let elsewhere = send(&app, &other, &token, Some("key-0001"), &body).await;
    assert_eq!(elsewhere.body, first.body);
    assert!(elsewhere.replayed());

    assert_eq!(agencies_named(&app, "Replay Trust").await, 1);
    assert_eq!(audited_registrations(&app).await, 1);

    // Without a key, the same request is simply a new request.
    let unkeyed = send(&app, &app.address, &token, None, &body).await;
    assert!(!unkeyed.replayed());
    assert_eq!(
        unkeyed.code(),
        "CONFLICT",
        "the name is taken: {:?}",
        unkeyed.json()
    );
}

#[tokio::test]
async fn the_same_key_with_a_different_body_is_a_conflict_naming_the_key() {
    let app = TestApp::spawn().await;
    let token = admin(&app, "partner-system-a");
    let first = send(
        &app,
        &app.address,
        &token,
        Some("key-0002"),
        &register("First Trust"),
    )
    .await;
    assert_eq!(first.status, StatusCode::OK);

    let second = send(
        &app,
        &app.address,
        &token,
        Some("key-0002"),
        &register("Second Trust"),
    )
    .await;
    assert_eq!(second.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(second.code(), "CONFLICT");
    assert!(
        second.message().contains("`key-0002`"),
        "{}",
        second.message()
    );
    assert!(!second.replayed());
    assert_eq!(agencies_named(&app, "Second Trust").await, 0);
}

#[tokio::test]
async fn another_callers_key_is_unknown_to_it() {
    let app = TestApp::spawn().await;
    let a = admin(&app, "partner-system-a");
    let b = admin(&app, "partner-system-b");
    let for_a = send(
        &app,
        &app.address,
        &a,
        Some("shared-key"),
        &register("Trust of A"),
    )
    .await;
    assert_eq!(for_a.status, StatusCode::OK);

    // B's request under the same key neither conflicts with A's nor gets A's answer.
    let for_b = send(
        &app,
        &app.address,
        &b,
        Some("shared-key"),
        &register("Trust of B"),
    )
    .await;
    assert_eq!(for_b.status, StatusCode::OK, "{:?}", for_b.json());
    assert!(!for_b.replayed());
    assert_eq!(for_b.json()["data"]["registerAgency"]["name"], "Trust of B");
    assert_eq!(agencies_named(&app, "Trust of B").await, 1);

    // And B sending A's very request under that key runs it as B's own.
    let copy = send(
        &app,
        &app.address,
        &b,
        Some("shared-key-2"),
        &register("Trust of A"),
    )
    .await;
    assert!(!copy.replayed());
    let b_replay = send(
        &app,
        &app.address,
        &b,
        Some("shared-key"),
        &register("Trust of B"),
    )
    .await;
    assert_eq!(b_replay.body, for_b.body);
    assert_ne!(b_replay.body, for_a.body);
}

#[tokio::test]
async fn concurrent_duplicates_write_once() {
    let app = TestApp::spawn().await;
    let token = admin(&app, "partner-system-a");
    let body = register("Concurrent Trust");
    let answers = futures_util::future::join_all(
        (0..4).map(|_| send(&app, &app.address, &token, Some("key-concurrent"), &body)),
    )
    .await;
    assert_eq!(agencies_named(&app, "Concurrent Trust").await, 1);
    assert_eq!(audited_registrations(&app).await, 1);
    let ran: Vec<&Answer> = answers
        .iter()
        .filter(|a| a.status == StatusCode::OK)
        .collect();
    assert!(!ran.is_empty());
    for answer in &answers {
        if answer.status == StatusCode::OK {
            assert_eq!(answer.body, ran[0].body, "every answer is the one write's");
        } else {
            // Only a request that gave up waiting is refused, and told to retry.
            assert_eq!(answer.status, StatusCode::CONFLICT);
            assert_eq!(answer.code(), "CONFLICT");
            assert!(answer.headers.contains_key("retry-after"));
        }
    }
    assert_eq!(
        answers
            .iter()
            .filter(|a| a.status == StatusCode::OK && !a.replayed())
            .count(),
        1
    );
}

#[tokio::test]
async fn a_retry_after_a_lost_response_gets_the_stored_answer() {
    use tokio::io::AsyncWriteExt;
    let app = TestApp::spawn().await;
    let token = admin(&app, "partner-system-a");
    let body = register("Lost Answer Trust");

    // The client sends the whole request and goes away without reading.
    let port = app.address.rsplit(':').next().expect("port");
    let mut stream = tokio::net::TcpStream::connect(format!("127.0.0.1:{port}"))
        .await
        .expect("connect");
    let request = format!(
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nIdempotency-Key: key-lost\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("send");
    // Gone as soon as the server has taken the request on.
    let mut taken_on = false;
    for _ in 0..200 {
        let claims = "SELECT COUNT(*) FROM idempotency_key WHERE key = 'key-lost'";
        taken_on = count(&app, claims).await > 0;
        if taken_on {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(taken_on, "the server claimed the key");
    drop(stream);

    // The retry waits for the first if it is still running, or replays it.
    let mut retry = send(&app, &app.address, &token, Some("key-lost"), &body).await;
    for _ in 0..50 {
        if retry.status != StatusCode::CONFLICT {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        retry = send(&app, &app.address, &token, Some("key-lost"), &body).await;
    }
    assert_eq!(retry.status, StatusCode::OK, "{:?}", retry.json());
    assert!(
        retry.replayed(),
        "the answer is the first request's, stored"
    );
    assert_eq!(
        retry.json()["data"]["registerAgency"]["name"],
        "Lost Answer Trust"
    );
    assert_eq!(agencies_named(&app, "Lost Answer Trust").await, 1);
    assert_eq!(audited_registrations(&app).await, 1);
}

#[tokio::test]
async fn a_request_that_wrote_nothing_is_not_kept_and_a_corrected_retry_runs() {
    let app = TestApp::spawn().await;
    let token = admin(&app, "partner-system-a");
    let refused = send(&app, &app.address, &token, Some("key-fix"), &register("")).await;
    assert_eq!(refused.code(), "BAD_USER_INPUT");
    // The same request again runs again (nothing was stored to replay).
    let again = send(&app, &app.address, &token, Some("key-fix"), &register("")).await;
    assert_eq!(again.code(), "BAD_USER_INPUT");
    assert!(!again.replayed());
    // Corrected under the same key, it runs and is kept from then on.
    let fixed = send(
        &app,
        &app.address,
        &token,
        Some("key-fix"),
        &register("Fixed Trust"),
    )
    .await;
    assert_eq!(fixed.status, StatusCode::OK);
    assert!(fixed.json()["errors"].is_null(), "{:?}", fixed.json());
    let replay = send(
        &app,
        &app.address,
        &token,
        Some("key-fix"),
        &register("Fixed Trust"),
    )
    .await;
    assert!(replay.replayed());
    assert_eq!(agencies_named(&app, "Fixed Trust").await, 1);
}

#[tokio::test]
async fn a_write_whose_answer_was_never_stored_is_not_run_again() {
    let app = TestApp::spawn().await;
    let token = admin(&app, "partner-system-a");
    let body = register("Orphan Trust");
    let first = send(&app, &app.address, &token, Some("key-orphan"), &body).await;
    assert_eq!(first.status, StatusCode::OK);
    // As if the server stopped between the write's commit and storing its
    // answer, and the claim's lease has run out.
    app.db
        .execute_unprepared(
            "UPDATE idempotency_key SET state = 'written', response_body = NULL, \
             lease_until = created_at WHERE key = 'key-orphan'",
        )
        .await
        .expect("forget the answer");
    let retry = send(&app, &app.address, &token, Some("key-orphan"), &body).await;
    assert_eq!(retry.status, StatusCode::CONFLICT);
    assert_eq!(retry.code(), "CONFLICT");
    assert!(
        retry.message().contains("registerAgency section11_agency"),
        "{}",
        retry.message()
    );
    assert!(
        retry.message().contains("`key-orphan`"),
        "{}",
        retry.message()
    );
    assert_eq!(agencies_named(&app, "Orphan Trust").await, 1);
}

#[tokio::test]
async fn malformed_keys_are_refused_naming_the_header_and_queries_ignore_keys() {
    let app = TestApp::spawn().await;
    let token = admin(&app, "partner-system-a");
    for bad in ["two words", "\"unterminated", &"k".repeat(256)] {
        let answer = send(
            &app,
            &app.address,
            &token,
            Some(bad),
            &register("Bad Key Trust"),
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(answer.code(), "BAD_USER_INPUT");
        assert_eq!(
            answer.json()["errors"][0]["extensions"]["field"],
            "Idempotency-Key"
        );
    }
    assert_eq!(agencies_named(&app, "Bad Key Trust").await, 0);
    let query = r#"{"query":"{ partnerships { code } }"}"#;
    let read = send(&app, &app.address, &token, Some("two words"), query).await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(read.json()["errors"].is_null());
    assert_eq!(count(&app, "SELECT COUNT(*) FROM idempotency_key").await, 0);
}

#[tokio::test]
async fn expired_keys_are_purged_and_an_expired_key_names_a_new_request() {
    let app = TestApp::spawn().await;
    let token = admin(&app, "partner-system-a");
    let body = register("Expiring Trust");
    send(&app, &app.address, &token, Some("key-old"), &body).await;
    send(
        &app,
        &app.address,
        &token,
        Some("key-other"),
        &register("Other Trust"),
    )
    .await;

    let now = Utc::now();
    assert_eq!(
        hub::idempotency::purge_expired(&app.db, now)
            .await
            .expect("purge"),
        0
    );
    // Kept 24 hours by default, then purged.
    let later = now + chrono::Duration::hours(25);
    assert_eq!(
        hub::idempotency::purge_expired(&app.db, later)
            .await
            .expect("purge"),
        2
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM idempotency_key").await, 0);

    // With the key gone, the same request is a new one.
    let again = send(&app, &app.address, &token, Some("key-old"), &body).await;
    assert!(!again.replayed());
    assert_eq!(
        again.code(),
        "CONFLICT",
        "the agency exists: {:?}",
        again.json()
    );
}

/// A plain HTTP handler wrapped by `respond_once`, as bulk import's commit is.
#[tokio::test]
async fn a_plain_handler_wrapped_by_respond_once_writes_once() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use hub::audit::AuditEntry;
    use hub::auth::caller::Identity;
    use hub::auth::Caller;
    use hub::idempotency::{respond_once, Stored};

    let app = TestApp::spawn().await;
    let config = hub::config::Config::from_lookup(|key| match key {
        "JWT_HS256_SECRET" => Some(crate::helpers::TEST_SECRET.to_string()),
        "DATABASE_URL" => Some(app.database_url().to_string()),
        _ => None,
    })
    .expect("config");
    let caller = Caller {
        identity: Some(Identity {
            subject: "bulk-importer".into(),
            name: None,
            issuer: "safeguarding-hub-dev".into(),
        }),
        role: Role::RegionalAdmin,
        partnerships: entity::PartnershipCode::ALL.into_iter().collect(),
        agency: None,
    };
    let runs = Arc::new(AtomicUsize::new(0));
    let commit = |body: &'static str, key: &'static str| {
        let (db, caller, runs, config) = (app.db.clone(), caller.clone(), runs.clone(), &config);
        async move {
            let req = actix_web::test::TestRequest::post()
                .uri("/import/commit")
                .insert_header(("Idempotency-Key", key))
                .to_http_request();
            let (db2, caller2) = (db.clone(), caller.clone());
            let response = respond_once(
                &req,
                &db,
                config,
                &caller,
                body.as_bytes(),
                move || async move {
                    runs.fetch_add(1, Ordering::SeqCst);
                    hub::audit::write(
                        &db2,
                        &caller2,
                        AuditEntry::new("importTest"),
                        |_txn, _caller| {
                            Box::pin(async move {
                                Ok((
                                    (),
                                    AuditEntry::new("importTest").record("import_batch", "batch-1"),
                                ))
                            })
                        },
                    )
                    .await
                    .expect("the import writes");
                    Stored {
                        status: 201,
                        content_type: "application/json".into(),
                        body: r#"{"imported":3}"#.into(),
                    }
                },
            )
            .await;
            let status = response.status().as_u16();
            let replayed = response.headers().contains_key("idempotent-replayed");
            let body = actix_web::body::to_bytes(response.into_body())
                .await
                .unwrap_or_default();
            (status, replayed, String::from_utf8_lossy(&body).to_string())
        }
    };
    let first = commit("rows=3", "\"batch-1\"").await;
    assert_eq!(first, (201, false, r#"{"imported":3}"#.to_string()));
    let retry = commit("rows=3", "batch-1").await;
    assert_eq!(retry, (201, true, r#"{"imported":3}"#.to_string()));
    let other = commit("rows=4", "batch-1").await;
    assert_eq!(other.0, 422);
    assert!(other.2.contains("CONFLICT"), "{}", other.2);
    assert_eq!(runs.load(Ordering::SeqCst), 1, "the handler ran once");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_event WHERE operation = 'importTest'"
        )
        .await,
        1
    );
}
