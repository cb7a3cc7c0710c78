//! SIGTERM: the real binary stops taking requests and lets those in flight finish.
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hub::auth::role::Role;
use hub::auth::token::{mint, TokenRequest};
use hub::config::JwtConfig;
use sea_orm::{ConnectionTrait, Database, TransactionTrait};
use serde_json::{json, Value};

use crate::helpers::TEST_SECRET;

#[tokio::test]
async fn sigterm_finishes_requests_in_flight_and_refuses_new_ones() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("hub.db").display());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_safeguarding-hub"))
        .arg("serve")
        .env("DATABASE_URL", &url)
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("JWT_HS256_SECRET", TEST_SECRET)
        .env("SHUTDOWN_TIMEOUT_SECS", "20")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server");
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let started = Instant::now();
    while !client
        .get(format!("{base}/readyz"))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "server did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let jwt = JwtConfig {
        hs256_secret: Some(TEST_SECRET.as_bytes().to_vec()),
        issuer: hub::config::DEFAULT_ISSUER.into(),
        audience: hub::config::DEFAULT_AUDIENCE.into(),
        trust_file: None,
        leeway_secs: 30,
    };
    let token = mint(&jwt, &TokenRequest::new(Role::RegionalAdmin, &[])).expect("mint");

    // Another writer holds the database, so the request stays in flight.
    let db = Database::connect(&url).await.expect("connect");
    let blocker = db.begin().await.expect("begin");
    blocker
        .execute_unprepared("UPDATE child_population SET children = children WHERE year = 2016")
        .await
        .expect("take the write lock");
    let in_flight = tokio::spawn({
        let (client, base, token) = (client.clone(), base.clone(), token.clone());
        async move {
            client
                .post(format!("{base}/graphql"))
                .bearer_auth(token)
                .json(&json!({ "query": r#"mutation { recordChildPopulation(input: {partnership: BRISTOL, year: 2016, children: 90001, source: "shutdown test", expectedVersion: 1}) { version } }"# }))
                .send()
                .await
        }
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    let status = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    tokio::time::sleep(Duration::from_millis(500)).await;

    // No new requests are taken once shutdown has begun.
    let refused = reqwest::Client::new()
        .get(format!("{base}/healthz"))
        .timeout(Duration::from_secs(2))
        .send()
        .await;
    assert!(refused.is_err(), "a new request was served after SIGTERM");

    blocker.rollback().await.expect("release the lock");
    let response = in_flight
        .await
        .expect("task")
        .expect("the in-flight request was answered");
    assert!(response.status().is_success());
    let body: Value = response.json().await.expect("json");
    assert_eq!(
        body["data"]["recordChildPopulation"]["version"], 2,
        "{body}"
    );
    let exit = server.wait().expect("server exits");
    assert!(exit.success(), "server exit: {exit:?}");
}
