//! Spawns the application on a free port over a fresh database and talks to it
//! over HTTP, as a partner system would.
use std::time::Duration;

use entity::PartnershipCode;
use hub::auth::role::Role;
use hub::auth::token::{mint, TokenRequest};
use hub::config::{Config, JwtConfig};
use hub::db::StatementCounter;
use hub::startup::Application;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{json, Value};

pub const TEST_SECRET: &str = "test-secret-that-is-long-enough-for-hs256-0123456789";

/// Where a test's database lives; dropped with the test.
enum TestDatabase {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let TestDatabase::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs outside async context; a short-lived runtime on its own
            // thread removes the database even when the test failed.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()?;
                rt.block_on(async {
                    if let Ok(db) = Database::connect(&admin_url).await {
                        let _ = db
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                            ))
                            .await;
                        let _ = db.close().await;
                    }
                });
                Ok::<_, std::io::Error>(())
            })
            .join();
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    pub jwt: JwtConfig,
    pub statements: StatementCounter,
    database_url: String,
    _database: TestDatabase,
}

/// Settings a test may change before the app starts.
#[derive(Default, Clone)]
pub struct Options {
    pub env: Vec<(&'static str, String)>,
    pub demo_data: bool,
    /// PostgreSQL only: the app reaches the database through this local port
    /// (a proxy the test controls) instead of the server's own.
    pub database_port: Option<u16>,
}

impl TestApp {
    /// A fresh app over an empty (migrated) database.
    pub async fn spawn() -> TestApp {
        Self::spawn_with(Options::default()).await
    }

    /// A fresh app with the demo dataset loaded.
    pub async fn with_demo() -> TestApp {
        Self::spawn_with(Options {
            demo_data: true,
            ..Default::default()
        })
        .await
    }

    pub async fn spawn_with(options: Options) -> TestApp {
        if std::env::var_os("TEST_LOG").is_some() {
            // Kept for the whole test run: dropping it would stop exporting traces.
            std::mem::forget(hub::telemetry::init(false));
        }
        let (database_url, database) = match std::env::var("TEST_DATABASE_URL")
            .ok()
            .filter(|s| !s.is_empty())
        {
            Some(admin_url) => {
                let name = format!("hub_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(&admin_url)
                    .await
                    .expect("connect to TEST_DATABASE_URL");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .expect("create test database");
                admin.close().await.expect("close admin connection");
                let base = admin_url
                    .rsplit_once('/')
                    .map(|(b, _)| b)
                    .unwrap_or(&admin_url);
                let base = match options.database_port {
                    Some(port) => match base.rsplit_once(':') {
                        Some((host, old)) if old.chars().all(|c| c.is_ascii_digit()) => {
                            format!("{host}:{port}")
                        }
                        _ => format!("{base}:{port}"),
                    },
                    None => base.to_string(),
                };
                (
                    format!("{base}/{name}"),
                    TestDatabase::Postgres { admin_url, name },
                )
            }
            None => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("hub.db").display());
                (url, TestDatabase::Sqlite(dir))
            }
        };
        let mut env: Vec<(&'static str, String)> = vec![
            ("DATABASE_URL", database_url.clone()),
            ("BIND_ADDR", "127.0.0.1:0".into()),
            ("JWT_HS256_SECRET", TEST_SECRET.into()),
            // A test is one caller sending hundreds of requests in a burst
            // (the authorization matrix sends one per row); the rate-limit
            // test sets its own limits.
            ("RATE_LIMIT_PER_MINUTE", "0".into()),
        ];
        env.extend(options.env.iter().cloned());
        let config = Config::from_lookup(|key| {
            env.iter()
                .rev()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
        })
        .expect("test configuration is valid");
        let jwt = config.jwt.clone();
        let database_url = config.database_url.clone();
        let (db, statements) = hub::db::connect(&config.database_url)
            .await
            .expect("connect");
        hub::db::migrate(&db).await.expect("migrate");
        if options.demo_data {
            assert!(hub::demo::load(&db).await.expect("load demo data"));
        }
        let app = Application::build_with(config, db.clone(), statements.clone())
            .await
            .expect("build app");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        TestApp {
            address,
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(60))
                .build()
                .expect("client"),
            db,
            jwt,
            statements,
            database_url,
            _database: database,
        }
    }

    /// The address of another server over this app's database, as a second
    /// instance behind a load balancer would be: the same data, its own
    /// memory (caches), its own settings from `env`.
    pub async fn another_instance(&self, env: &[(&'static str, &str)]) -> String {
        let config = Config::from_lookup(|key| {
            env.iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
                .or_else(|| match key {
                    "DATABASE_URL" => Some(self.database_url.clone()),
                    "BIND_ADDR" => Some("127.0.0.1:0".into()),
                    "JWT_HS256_SECRET" => Some(TEST_SECRET.into()),
                    _ => None,
                })
        })
        .expect("instance configuration is valid");
        let (db, statements) = hub::db::connect(&self.database_url)
            .await
            .expect("connect the second instance");
        let app = Application::build_with(config, db, statements)
            .await
            .expect("build the second instance");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        address
    }

    /// POSTs a GraphQL request to the server at `address` (see
    /// [`TestApp::another_instance`]); returns the status and the JSON body.
    pub async fn post_at(
        &self,
        address: &str,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> (StatusCode, Value) {
        let mut request = self
            .client
            .post(format!("{address}/graphql"))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let body = response.json::<Value>().await.expect("JSON body");
        (status, body)
    }

    /// As [`TestApp::post_at`], for a request that must succeed; returns `data`.
    pub async fn ok_at(
        &self,
        address: &str,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> Value {
        let (_, body) = self.post_at(address, token, query, variables).await;
        assert!(body.get("errors").is_none(), "unexpected errors: {body}");
        body["data"].clone()
    }

    /// The database this app (and any instance beside it) works on.
    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// A token from the local issuer.
    pub fn token(&self, role: Role, partnerships: &[PartnershipCode]) -> String {
        mint(&self.jwt, &TokenRequest::new(role, partnerships)).expect("mint")
    }

    pub fn token_with(&self, request: &TokenRequest) -> String {
        mint(&self.jwt, request).expect("mint")
    }

    /// POSTs a GraphQL request; returns the status and the JSON body.
    pub async fn post_graphql(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> (StatusCode, Value) {
        self.post_at(&self.address, token, query, variables).await
    }

    /// Runs a GraphQL operation that must succeed; returns `data`.
    pub async fn ok(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let (status, body) = self.post_graphql(token, query, variables).await;
        assert_eq!(status, StatusCode::OK, "body: {body}");
        assert!(body.get("errors").is_none(), "unexpected errors: {body}");
        body["data"].clone()
    }

    /// Runs a GraphQL operation that must fail; returns the first error's code.
    pub async fn error_code(&self, token: Option<&str>, query: &str, variables: Value) -> String {
        let (_, body) = self.post_graphql(token, query, variables).await;
        first_error_code(&body).unwrap_or_else(|| panic!("expected an error: {body}"))
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{}", self.address, path))
            .send()
            .await
            .expect("request")
    }
}

/// The PostgreSQL server's port from TEST_DATABASE_URL, when tests run on PostgreSQL.
pub fn postgres_port() -> Option<u16> {
    let url = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|s| !s.is_empty())?;
    let authority = url.split("://").nth(1)?.split('/').next()?;
    authority
        .rsplit_once(':')
        .and_then(|(_, p)| p.parse().ok())
        .or(Some(5432))
}

/// A TCP proxy to the database that a test can cut and restore, to see the
/// service lose its database and get it back.
pub struct DatabaseProxy {
    pub port: u16,
    up: std::sync::Arc<std::sync::atomic::AtomicBool>,
    connections: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>>,
}

impl DatabaseProxy {
    pub async fn start(upstream_port: u16) -> DatabaseProxy {
        use std::sync::atomic::Ordering;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind proxy");
        let port = listener.local_addr().expect("address").port();
        let up = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let connections = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (flag, conns) = (up.clone(), connections.clone());
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !flag.load(Ordering::SeqCst) {
                    continue; // dropped: the database is "unreachable"
                }
                let task = tokio::spawn(async move {
                    if let Ok(mut outbound) =
                        tokio::net::TcpStream::connect(("127.0.0.1", upstream_port)).await
                    {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                conns.lock().expect("lock").push(task);
            }
        });
        DatabaseProxy {
            port,
            up,
            connections,
        }
    }

    /// Cuts every connection and refuses new ones.
    pub fn cut(&self) {
        self.up.store(false, std::sync::atomic::Ordering::SeqCst);
        for task in self.connections.lock().expect("lock").drain(..) {
            task.abort();
        }
    }

    pub fn restore(&self) {
        self.up.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

pub fn first_error_code(body: &Value) -> Option<String> {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .map(str::to_string)
}

/// A response's media type, as sent (empty when it has none).
pub fn content_type(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}
