//! Traces over OTLP: the server process exports to a receiver in this test
//! (a real HTTP listener decoding the protobuf payloads), and a request that
//! arrives with a `traceparent` is found there under that trace: its span a
//! child of the caller's, a span per root field under it, the SQL statements'
//! spans under those, with the statements' text and never their values.
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpResponse, HttpServer};
use hub::auth::role::Role;
use opentelemetry_proto::tonic::collector::trace::v1::{
    ExportTraceServiceRequest, ExportTraceServiceResponse,
};
use opentelemetry_proto::tonic::common::v1::any_value::Value as AnyValue;
use opentelemetry_proto::tonic::trace::v1::Span;
use prost::Message;
use serde_json::json;

use crate::helpers::TestApp;
use crate::process::ServerProcess;

type Received = Arc<Mutex<Vec<Span>>>;

async fn receive(body: web::Bytes, received: web::Data<Received>) -> HttpResponse {
    let Ok(request) = ExportTraceServiceRequest::decode(body) else {
        return HttpResponse::BadRequest().finish();
    };
    let spans = request
        .resource_spans
        .into_iter()
        .flat_map(|r| r.scope_spans)
        .flat_map(|s| s.spans);
    received.lock().expect("lock").extend(spans);
    HttpResponse::Ok()
        .content_type("application/x-protobuf")
        .body(ExportTraceServiceResponse::default().encode_to_vec())
}

/// An OTLP/HTTP receiver on a free port: its address and what it received.
fn receiver() -> (String, Received) {
    let received = Received::default();
    let data = web::Data::new(received.clone());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .app_data(web::PayloadConfig::new(16 * 1024 * 1024))
            .route("/v1/traces", web::post().to(receive))
    })
    .workers(1)
    .listen(listener)
    .expect("listen")
    .run();
    tokio::spawn(server);
    (address, received)
}

fn attribute(span: &Span, key: &str) -> Option<String> {
    span.attributes
        .iter()
        .find(|a| a.key == key)
        .and_then(|a| a.value.as_ref()?.value.as_ref())
        .map(|v| match v {
            AnyValue::StringValue(s) => s.clone(),
            other => format!("{other:?}"),
        })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn a_request_with_a_traceparent_is_traced_under_it_to_each_sql_statement() {
    let app = TestApp::with_demo().await;
    let (endpoint, received) = receiver();
    let server = ServerProcess::start(
        app.database_url(),
        &[
            ("OTEL_EXPORTER_OTLP_ENDPOINT", &endpoint),
            ("OTEL_BSP_SCHEDULE_DELAY", "100"),
        ],
    )
    .await;
    let trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
    let caller_span = "00f067aa0ba902b7";
    let marker = "MARKER-id-5d2f9a";
    let admin = app.token(Role::RegionalAdmin, &[]);
    let response = app
        .client
        .post(format!("{}/graphql", server.base))
        .bearer_auth(&admin)
        .header("traceparent", format!("00-{trace_id}-{caller_span}-01"))
        .json(&json!({
            "query": "query TraceProbe($id: ID!) { partnerships { code } scrutinyActivity(id: $id) { id } }",
            "variables": { "id": marker },
        }))
        .send()
        .await
        .expect("response");
    assert!(response.status().is_success());

    // The exporter sends in batches; wait for the request's span.
    let started = Instant::now();
    let spans: Vec<Span> = loop {
        let spans: Vec<Span> = received
            .lock()
            .expect("lock")
            .iter()
            .filter(|s| hex(&s.trace_id) == trace_id)
            .cloned()
            .collect();
        let has_root = spans.iter().any(|s| hex(&s.parent_span_id) == caller_span);
        let has_fields = spans
            .iter()
            .filter(|s| s.name.starts_with("QueryRoot."))
            .count()
            == 2;
        if has_root && has_fields {
            // The statements' spans end before their field's: give the batch a moment.
            tokio::time::sleep(Duration::from_millis(300)).await;
            break received
                .lock()
                .expect("lock")
                .iter()
                .filter(|s| hex(&s.trace_id) == trace_id)
                .cloned()
                .collect();
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no complete trace arrived; spans: {:?}; log: {}",
            received
                .lock()
                .expect("lock")
                .iter()
                .map(|s| (s.name.clone(), hex(&s.trace_id)))
                .collect::<Vec<_>>(),
            server.log()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let by_id: HashMap<String, &Span> = spans.iter().map(|s| (hex(&s.span_id), s)).collect();

    // The request's span is the child of the caller's span.
    let roots: Vec<&Span> = spans
        .iter()
        .filter(|s| hex(&s.parent_span_id) == caller_span)
        .collect();
    assert_eq!(roots.len(), 1, "{spans:?}");
    let root = roots[0];
    assert_eq!(root.name, "POST /graphql");
    assert_eq!(
        attribute(root, "graphql.operation.name").as_deref(),
        Some("TraceProbe")
    );
    let root_id = hex(&root.span_id);

    // One span per root field, under the request's.
    let fields: Vec<&Span> = spans
        .iter()
        .filter(|s| s.name.starts_with("QueryRoot."))
        .collect();
    let names: HashSet<&str> = fields.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        HashSet::from(["QueryRoot.partnerships", "QueryRoot.scrutinyActivity"])
    );
    for field in &fields {
        assert_eq!(hex(&field.parent_span_id), root_id, "{}", field.name);
    }

    // Every SQL statement's span is in the request's tree, with its text.
    let statements: Vec<&Span> = spans
        .iter()
        .filter(|s| s.name.starts_with("sea_orm."))
        .collect();
    assert!(!statements.is_empty(), "{spans:?}");
    let field_ids: HashSet<String> = fields.iter().map(|s| hex(&s.span_id)).collect();
    for statement in &statements {
        let mut parent = hex(&statement.parent_span_id);
        while parent != root_id {
            parent = by_id
                .get(&parent)
                .map(|s| hex(&s.parent_span_id))
                .unwrap_or_else(|| panic!("{} is outside the request's tree", statement.name));
        }
        // Transaction control carries no text; queries carry their SQL.
        if statement.name.starts_with("sea_orm.query") {
            let text = attribute(statement, "db.statement").unwrap_or_default();
            assert!(text.contains("SELECT"), "{statement:?}");
        }
    }
    assert!(
        statements
            .iter()
            .any(|s| field_ids.contains(&hex(&s.parent_span_id))),
        "a statement is run by a root field"
    );
    // Never a value: not the variable, not the token.
    let everything = format!("{spans:?}");
    assert!(!everything.contains(marker), "a value was exported");
    assert!(!everything.contains(&admin));
}
