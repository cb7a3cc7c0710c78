//! Cached aggregate answers (Section 11 summaries, scrutiny coverage, CDOP
//! regional summaries, benchmark matrices): every table either raises the
//! data generation or is named as untracked, a write through one instance is
//! seen at once by the cached answers of another, an answer is never shared
//! between scopes, and a cached answer is audited for the agreements it
//! relied on and the exact reads it made.
use std::collections::BTreeSet;

use chrono::{Days, Utc};
use entity::PartnershipCode;
use hub::auth::role::Role;
use hub::auth::token::TokenRequest;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{json, Value};

use crate::helpers::TestApp;

pub(crate) const COVERAGE: &str = r#"{ scrutinyCoverage {
  rows { theme { code } partnershipsCovered cells { partnership activities openRecommendations overdueRecommendations } } } }"#;

const MATRIX: &str = r#"query($ms: [String!]!, $p: String!) { benchmarkMatrix(metrics: $ms, period: $p) {
  benchmarks { metric { id } regionalMedian rows { partnership value suppressed rank flags } } } }"#;

const SUMMARY: &str = r#"query($round: ID!, $p: PartnershipCode!) {
  section11Summary(round: $round, partnership: $p) { basis expected received returnRate
    byOverallGrade { grade count } shareGoodOrBetter agenciesWithInadequateGrading
    standards { number graded shareGoodOrBetter } } }"#;

const CDOP_REGION: &str = r#"query($p: String!) { cdopRegionalSummary(period: $p) {
  partnerships { partnership cdopReturn { disclosureControlled figures { deathsNotified { value suppressed ratePer10k } } } }
  region { deathsNotified { value suppressed } } } }"#;

pub(crate) const RECORD: &str = r#"mutation($input: ScrutinyActivityInput!) {
  recordScrutinyActivity(input: $input) { id } }"#;

const MATRIX_METRICS: [&str; 8] = [
    "scrutiny.activities",
    "scrutiny.recommendations_open",
    "s11.return_rate",
    "cdop.notifications",
    "cdop.reviews_completed",
    "cdop.deaths_under_1_per_10k",
    "cdop.modifiable_share",
    "cdop.unexpected_share",
];

async fn rows(app: &TestApp, sql: &str) -> BTreeSet<String> {
    let backend = app.db.get_database_backend();
    app.db
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .expect("query the catalogue")
        .iter()
        .map(|row| row.try_get_by_index::<String>(0).expect("a name"))
        .collect()
}

#[tokio::test]
async fn every_table_raises_the_data_generation_or_is_named_as_untracked() {
    let app = TestApp::spawn().await;
    let (tables, triggered) = match app.db.get_database_backend() {
        DbBackend::Postgres => (
            rows(
                &app,
                "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()",
            )
            .await,
            rows(
                &app,
                "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger \
                 WHERE tgname LIKE 'bump_generation_%'",
            )
            .await,
        ),
        _ => (
            rows(
                &app,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .await,
            rows(
                &app,
                "SELECT DISTINCT tbl_name FROM sqlite_master \
                 WHERE type = 'trigger' AND name LIKE 'bump_generation_%'",
            )
            .await,
        ),
    };
    let tracked: BTreeSet<String> = migration::TRACKED_TABLES
        .iter()
        .chain(migration::LADO_TRACKED_TABLES.iter())
        .chain(migration::PRACTICE_REVIEW_TABLES.iter())
        .map(|t| t.to_string())
        .collect();
    let untracked: BTreeSet<String> = migration::UNTRACKED_TABLES
        .iter()
        .map(|t| t.to_string())
        .collect();
    let named: BTreeSet<String> = tracked.union(&untracked).cloned().collect();
    assert_eq!(
        tables, named,
        "a new table must either raise the data generation or be named untracked, with why"
    );
    assert_eq!(triggered, tracked, "each tracked table has its trigger");

    // A write to a tracked table raises it, once committed.
    let before = hub::cache::generation(&app.db).await.expect("generation");
    let admin = app.token(Role::RegionalAdmin, &[]);
    app.ok(
        Some(&admin),
        r#"mutation { registerAgency(input: {name: "Generation test trust", sector: HEALTH, partnerships: [BRISTOL]}) { id } }"#,
        json!({}),
    )
    .await;
    let after = hub::cache::generation(&app.db).await.expect("generation");
    assert!(after > before, "{before} -> {after}");
}

pub(crate) fn activities(coverage: &Value, theme: &str, partnership: &str) -> i64 {
    coverage["scrutinyCoverage"]["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["theme"]["code"] == theme))
        .and_then(|row| row["cells"].as_array())
        .and_then(|cells| cells.iter().find(|c| c["partnership"] == partnership))
        .and_then(|c| c["activities"].as_i64())
        .unwrap_or_else(|| panic!("no {theme} / {partnership} cell: {coverage}"))
}

fn matrix_value(matrix: &Value, metric: &str, partnership: &str) -> Value {
    matrix["benchmarkMatrix"]["benchmarks"]
        .as_array()
        .and_then(|b| b.iter().find(|b| b["metric"]["id"] == metric))
        .and_then(|b| b["rows"].as_array())
        .and_then(|rows| rows.iter().find(|r| r["partnership"] == partnership))
        .map(|r| r["value"].clone())
        .unwrap_or_else(|| panic!("no {metric} / {partnership} row: {matrix}"))
}

#[tokio::test]
async fn a_write_through_one_instance_is_seen_at_once_by_the_cached_answers_of_another() {
    let app = TestApp::with_demo().await;
    let cached = app.another_instance(&[]).await;
    let uncached = app.another_instance(&[("ANSWER_CACHE_ENTRIES", "0")]).await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    let scrutineer = app.token(Role::Scrutineer, &PartnershipCode::ALL);
    let date = Utc::now().date_naive() - Days::new(30);
    let period = reporting_year(date);
    let matrix_vars = json!({ "ms": MATRIX_METRICS, "p": period });

    // Asked twice, the second from memory: the same answer as computed afresh.
    let coverage_before = app.ok_at(&cached, Some(&admin), COVERAGE, json!({})).await;
    assert_eq!(
        app.ok_at(&cached, Some(&admin), COVERAGE, json!({})).await,
        coverage_before
    );
    assert_eq!(
        app.ok_at(&uncached, Some(&admin), COVERAGE, json!({}))
            .await,
        coverage_before
    );
    let matrix_before = app
        .ok_at(&cached, Some(&scrutineer), MATRIX, matrix_vars.clone())
        .await;
    assert_eq!(
        app.ok_at(&cached, Some(&scrutineer), MATRIX, matrix_vars.clone())
            .await,
        matrix_before
    );

    // A scrutineer records a published activity through the first instance.
    let bristol_scrutineer = app.token(Role::Scrutineer, &[PartnershipCode::Bristol]);
    app.ok(
        Some(&bristol_scrutineer),
        RECORD,
        json!({ "input": {
            "kind": "MULTI_AGENCY_AUDIT",
            "date": date.to_string(),
            "title": "Audit of return home interviews",
            "summary": "Ten cases audited.",
            "partnerships": ["BRISTOL"],
            "themes": ["MISSING_CHILDREN"],
            "published": true,
            "findings": [{ "kind": "CHALLENGE", "text": "Interviews are late." }],
            "recommendations": [{ "text": "Offer interviews within 72 hours",
                "ownerPartnership": "BRISTOL", "dueDate": (date + Days::new(180)).to_string() }],
        } }),
    )
    .await;

    // The other instance's cached answers show it, exactly as computed afresh.
    let coverage_after = app.ok_at(&cached, Some(&admin), COVERAGE, json!({})).await;
    assert_eq!(
        activities(&coverage_after, "MISSING_CHILDREN", "BRISTOL"),
        activities(&coverage_before, "MISSING_CHILDREN", "BRISTOL") + 1
    );
    assert_eq!(
        app.ok_at(&uncached, Some(&admin), COVERAGE, json!({}))
            .await,
        coverage_after
    );
    let matrix_after = app
        .ok_at(&cached, Some(&scrutineer), MATRIX, matrix_vars.clone())
        .await;
    assert_eq!(
        matrix_value(&matrix_after, "scrutiny.activities", "BRISTOL")
            .as_f64()
            .unwrap_or_default(),
        matrix_value(&matrix_before, "scrutiny.activities", "BRISTOL")
            .as_f64()
            .unwrap_or_default()
            + 1.0,
        "{matrix_before} -> {matrix_after}"
    );
    assert_eq!(
        app.ok_at(&uncached, Some(&scrutineer), MATRIX, matrix_vars)
            .await,
        matrix_after
    );
}

/// The financial year (April to March) holding `date`, as a period label.
fn reporting_year(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let start = if date.month() >= 4 {
        date.year()
    } else {
        date.year() - 1
    };
    format!("{start}-{:02}", (start + 1) % 100)
}

#[tokio::test]
async fn each_scope_gets_its_own_answer_from_the_cache_as_it_would_afresh() {
    let app = TestApp::with_demo().await;
    let uncached = app.another_instance(&[("ANSWER_CACHE_ENTRIES", "0")]).await;
    let mut callers: Vec<(String, Option<String>)> = vec![("anonymous".into(), None)];
    for role in Role::ALL {
        if role == Role::Anonymous {
            continue;
        }
        for partnerships in [
            &[PartnershipCode::Somerset][..],
            &[PartnershipCode::Bristol][..],
        ] {
            // An agency lead's token names its agency, or it is never minted.
            let agency = (role == Role::AgencyLead).then(|| "avon-and-somerset-police".to_string());
            callers.push((
                format!("{role:?} of {partnerships:?}"),
                Some(app.token_with(&TokenRequest {
                    agency,
                    ..TokenRequest::new(role, partnerships)
                })),
            ));
        }
    }
    callers.push((
        "regional scrutineer".into(),
        Some(app.token(Role::Scrutineer, &PartnershipCode::ALL)),
    ));
    let reads = [
        (
            SUMMARY,
            json!({ "round": "somerset-2019-20", "p": "SOMERSET" }),
        ),
        (COVERAGE, json!({})),
        (CDOP_REGION, json!({ "p": "2024-25" })),
        (MATRIX, json!({ "ms": MATRIX_METRICS, "p": "2024-25" })),
    ];
    // Every caller asks every read twice, interleaved with the others, so
    // that an answer kept for one scope would be handed to the next.
    let mut distinct = BTreeSet::new();
    for round in 0..2 {
        for (query, variables) in &reads {
            for (who, token) in &callers {
                let (_, cached) = app
                    .post_graphql(token.as_deref(), query, variables.clone())
                    .await;
                let (_, afresh) = app
                    .post_at(&uncached, token.as_deref(), query, variables.clone())
                    .await;
                assert_eq!(cached, afresh, "{who}, round {round}: {query}");
                distinct.insert(cached.to_string());
            }
        }
    }
    // The callers do not all see the same: the comparison could tell a leak.
    assert!(distinct.len() > reads.len(), "{distinct:?}");
}

#[tokio::test]
async fn a_cached_answer_is_audited_for_the_agreements_it_relied_on() {
    use crate::agreements::{propose, REVOKE, SIGN};
    let app = TestApp::with_demo().await;
    let bristol = app.token(Role::PartnershipManager, &[PartnershipCode::Bristol]);
    let north_somerset = app.token(Role::PartnershipManager, &[PartnershipCode::NorthSomerset]);
    let admin = app.token(Role::RegionalAdmin, &[]);
    let vars = json!({ "ms": MATRIX_METRICS, "p": "2024-25" });
    let audited = |operation: &'static str| {
        let admin = admin.clone();
        let app = &app;
        async move {
            let audit = app
                .ok(
                    Some(&admin),
                    r#"query($op: String!) { auditEvents(filter: {operation: $op}) { totalCount } }"#,
                    json!({ "op": operation }),
                )
                .await;
            audit["auditEvents"]["totalCount"]
                .as_u64()
                .expect("a count")
        }
    };
    let agreement_reads = || audited("agreementAccess");
    let without = app.ok(Some(&bristol), MATRIX, vars.clone()).await;
    assert_eq!(agreement_reads().await, 0);
    // Bristol's own return is read exactly, and audited, from memory too.
    let exact_reads = audited("readCdopReturn").await;
    assert!(exact_reads > 0, "the matrix read Bristol's return exactly");
    assert_eq!(app.ok(Some(&bristol), MATRIX, vars.clone()).await, without);
    assert_eq!(audited("readCdopReturn").await, 2 * exact_reads);

    // North Somerset shares its exact CDOP figures with Bristol.
    let id = propose(&app, &bristol, "2024-04-01", None).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    app.ok(
        Some(&north_somerset),
        SIGN,
        json!({ "id": id, "p": "NORTH_SOMERSET", "v": 1 }),
    )
    .await;
    app.ok(
        Some(&bristol),
        SIGN,
        json!({ "id": id, "p": "BRISTOL", "v": 2 }),
    )
    .await;

    let first = app.ok(Some(&bristol), MATRIX, vars.clone()).await;
    assert_ne!(first, without, "the agreement shows North Somerset exactly");
    let after_first = agreement_reads().await;
    assert!(after_first > 0, "the matrix relied on the agreement");
    let second = app.ok(Some(&bristol), MATRIX, vars.clone()).await;
    assert_eq!(second, first);
    assert_eq!(
        agreement_reads().await,
        2 * after_first,
        "the answer from memory is audited as the computed one was"
    );

    // Revoked, the same question gets the answer of the narrower scope again.
    app.ok(Some(&north_somerset), REVOKE, json!({ "id": id, "v": 3 }))
        .await;
    assert_eq!(app.ok(Some(&bristol), MATRIX, vars).await, without);
}
