//! Regional benchmarking: exact values worked out by hand from the demo data,
//! ranks and ties, suppression exactly as the datasets apply it, missing
//! returns, non-standard periods, trends, the matrix and the CSV export.
use entity::PartnershipCode;
use hub::auth::role::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{first_error_code, TestApp};

const BENCHMARK: &str = r#"query($m: String!, $p: String!) { benchmark(metric: $m, period: $p) {
  metric { id unit better decimalPlaces ranked } nonStandardPeriod
  regionalMedian regionalMedianUnrounded regionalMean regionalMeanUnrounded regionalStatus
  comparableCount suppressedExcludedCount regionalEstimatedInput regionalIllustrative
  rows { partnership value unroundedValue status ratePer10k ratePer10kUnrounded rateStatus rank quartile
         suppressed flags estimatedInput illustrative nonStandardPeriod unreliable populationYear } } }"#;

fn row<'a>(b: &'a Value, p: &str) -> &'a Value {
    b["benchmark"]["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["partnership"] == p)
        .unwrap_or_else(|| panic!("no row for {p}: {b}"))
}

fn close(a: &Value, b: f64) -> bool {
    a.as_f64().is_some_and(|a| (a - b).abs() < 0.006)
}

fn regional_scrutineer(app: &TestApp) -> String {
    app.token(Role::Scrutineer, &PartnershipCode::ALL)
}

#[tokio::test]
async fn cdop_notification_rates_for_2024_25_worked_out_by_hand() {
    let app = TestApp::with_demo().await;
    let token = regional_scrutineer(&app);
    let b = app
        .ok(
            Some(&token),
            BENCHMARK,
            json!({ "m": "cdop.notifications_per_10k", "p": "2024-25" }),
        )
        .await;
    // Somerset: 27 notifications (seed 001) over 110,512 children (ONS 2022,
    // the latest estimate before the period starts in 2024).
    let somerset = row(&b, "SOMERSET");
    assert!(
        close(&somerset["unroundedValue"], 27.0 * 10_000.0 / 110_512.0),
        "{somerset}"
    );
    assert_eq!(somerset["value"], 2.4, "published to one decimal place");
    assert_eq!(somerset["populationYear"], 2022);
    // The illustrative four: Bristol 24 / 93,500; North Somerset 9 / 45,900;
    // South Gloucestershire 14 / 61,000; Bath and North East Somerset 8 / 37,000.
    let expected = [
        ("BRISTOL", 24.0 / 93_500.0),
        ("NORTH_SOMERSET", 9.0 / 45_900.0),
        ("SOUTH_GLOUCESTERSHIRE", 14.0 / 61_000.0),
        ("BATH_NE_SOMERSET", 8.0 / 37_000.0),
        ("SOMERSET", 27.0 / 110_512.0),
    ];
    for (p, rate) in expected {
        assert!(
            close(&row(&b, p)["unroundedValue"], rate * 10_000.0),
            "{p}: {}",
            row(&b, p)
        );
    }
    // Lower is better: North Somerset 1.96 < B&NES 2.16 < South Glos 2.30 < Somerset 2.44 < Bristol 2.57.
    let ranks: Vec<(&str, i64)> = [
        "NORTH_SOMERSET",
        "BATH_NE_SOMERSET",
        "SOUTH_GLOUCESTERSHIRE",
        "SOMERSET",
        "BRISTOL",
    ]
    .into_iter()
    .map(|p| (p, row(&b, p)["rank"].as_i64().unwrap_or(0)))
    .collect();
    assert_eq!(
        ranks,
        [
            ("NORTH_SOMERSET", 1),
            ("BATH_NE_SOMERSET", 2),
            ("SOUTH_GLOUCESTERSHIRE", 3),
            ("SOMERSET", 4),
            ("BRISTOL", 5)
        ]
    );
    assert_eq!(row(&b, "NORTH_SOMERSET")["quartile"], 1);
    assert_eq!(row(&b, "BRISTOL")["quartile"], 4);
    // The median of five is the third: South Gloucestershire's rate.
    assert!(close(
        &b["benchmark"]["regionalMedianUnrounded"],
        14.0 * 10_000.0 / 61_000.0
    ));
    assert_eq!(b["benchmark"]["regionalMedian"], 2.3);
    assert_eq!(b["benchmark"]["comparableCount"], 5);
    // Fewer than 20 events: flagged unreliable; Somerset's published figure is not illustrative.
    assert!(row(&b, "NORTH_SOMERSET")["flags"]
        .as_array()
        .expect("flags")
        .contains(&json!("UNRELIABLE")));
    assert!(!row(&b, "SOMERSET")["flags"]
        .as_array()
        .expect("flags")
        .contains(&json!("ILLUSTRATIVE")));
    assert!(row(&b, "BRISTOL")["flags"]
        .as_array()
        .expect("flags")
        .contains(&json!("ILLUSTRATIVE")));

    // The four placeholder populations are estimates: their rates say so,
    // and so does the regional median over them; Somerset's ONS figure is not.
    assert_eq!(row(&b, "BRISTOL")["estimatedInput"], true);
    assert_eq!(row(&b, "SOMERSET")["estimatedInput"], false);
    assert_eq!(b["benchmark"]["regionalEstimatedInput"], true);
    assert_eq!(b["benchmark"]["regionalIllustrative"], true);
}

#[tokio::test]
async fn an_anonymous_benchmark_suppresses_exactly_what_cdop_returns_suppress() {
    let app = TestApp::with_demo().await;
    // A year with one count small enough to identify a child.
    for (p, n) in [("BRISTOL", 3), ("NORTH_SOMERSET", 12), ("SOMERSET", 30)] {
        cdop_return(&app, p, "2022-23", n).await;
    }
    let mut suppressed_seen = 0;
    for period in ["2024-25", "2022-23"] {
        for metric in ["cdop.notifications", "cdop.notifications_per_10k"] {
            let b = app
                .ok(None, BENCHMARK, json!({ "m": metric, "p": period }))
                .await;
            let returns = app
                .ok(
                    None,
                    r#"query($p: String!) { cdopReturns(filter: {period: $p}, first: 10) { edges { node { partnership
                        figures { deathsNotified { value suppressed ratePer10k } } } } } }"#,
                    json!({ "p": period }),
                )
                .await;
            for edge in returns["cdopReturns"]["edges"].as_array().expect("edges") {
                let p = edge["node"]["partnership"].as_str().expect("code");
                let figure = &edge["node"]["figures"]["deathsNotified"];
                let r = row(&b, p);
                let shown = if metric.ends_with("per_10k") {
                    &figure["ratePer10k"]
                } else {
                    &figure["value"]
                };
                if figure["suppressed"] == true {
                    suppressed_seen += 1;
                    assert_eq!(r["suppressed"], true, "{metric} {period} {p}: {r}");
                    assert!(
                        r["value"].is_null() && r["rank"].is_null() && r["ratePer10k"].is_null()
                    );
                } else {
                    assert_eq!(r["value"].as_f64(), shown.as_f64(), "{metric} {period} {p}");
                }
            }
        }
    }
    assert!(
        suppressed_seen >= 2,
        "the test must meet a suppressed figure"
    );
}

/// Submits and publishes a minimal CDOP return as the regional admin.
async fn cdop_return(app: &TestApp, p: &str, period: &str, notified: i64) {
    let admin = app.token(Role::RegionalAdmin, &[]);
    let saved = app
        .ok(
            Some(&admin),
            r#"mutation($i: CdopReturnInput!) { submitCdopReturn(input: $i) { id version } }"#,
            json!({ "i": { "partnership": p, "period": period, "source": "benchmark test", "deathsNotified": notified, "reviewsCompleted": notified } }),
        )
        .await;
    app.ok(
        Some(&admin),
        r#"mutation($id: ID!, $v: Int!) { publishCdopReturn(id: $id, expectedVersion: $v) { status } }"#,
        json!({ "id": saved["submitCdopReturn"]["id"], "v": saved["submitCdopReturn"]["version"] }),
    )
    .await;
}

#[tokio::test]
async fn ties_share_a_rank_and_a_missing_return_is_flagged() {
    let app = TestApp::with_demo().await;
    // 2021-22 rates use the latest estimates before 2021: Bristol 23 / 90,000
    // = 2.56 and North Somerset 12 / 45,671 = 2.63 are both 2.6 as
    // published; Somerset 35 / 109,657 = 3.19.
    for (p, n) in [("BRISTOL", 23), ("NORTH_SOMERSET", 12), ("SOMERSET", 35)] {
        cdop_return(&app, p, "2021-22", n).await;
    }
    let admin = app.token(Role::RegionalAdmin, &[]);
    let b = app
        .ok(
            Some(&admin),
            BENCHMARK,
            json!({ "m": "cdop.notifications_per_10k", "p": "2021-22" }),
        )
        .await;
    assert_eq!(row(&b, "BRISTOL")["value"], 2.6);
    assert_eq!(row(&b, "NORTH_SOMERSET")["value"], 2.6);
    assert_eq!(row(&b, "BRISTOL")["rank"], 1);
    assert_eq!(
        row(&b, "NORTH_SOMERSET")["rank"],
        1,
        "equal as published, equal in rank"
    );
    assert_eq!(
        row(&b, "SOMERSET")["rank"],
        3,
        "after a tie the next rank is skipped"
    );
    assert_eq!(row(&b, "BRISTOL")["quartile"], 1);
    assert_eq!(row(&b, "NORTH_SOMERSET")["quartile"], 1);
    assert_eq!(row(&b, "SOMERSET")["quartile"], 3);
    for p in ["SOUTH_GLOUCESTERSHIRE", "BATH_NE_SOMERSET"] {
        assert_eq!(row(&b, p)["flags"], json!(["NO_RETURN"]));
        assert_eq!(row(&b, p)["status"], "NOT_AVAILABLE");
        assert!(row(&b, p)["value"].is_null() && row(&b, p)["rank"].is_null());
    }
    // The median and mean are of the unrounded rates, then rounded once.
    let rates = [23.0 / 90_000.0, 12.0 / 45_671.0, 35.0 / 109_657.0].map(|r| r * 10_000.0);
    let mean = rates.iter().sum::<f64>() / 3.0;
    assert!(close(&b["benchmark"]["regionalMeanUnrounded"], mean));
    assert_eq!(b["benchmark"]["regionalMean"], 2.8);
    assert!(close(&b["benchmark"]["regionalMedianUnrounded"], rates[1]));
    assert_eq!(b["benchmark"]["regionalMedian"], 2.6);

    // Counts are shown unranked: they rank the size of an area.
    let counts = app
        .ok(
            Some(&admin),
            BENCHMARK,
            json!({ "m": "cdop.notifications", "p": "2021-22" }),
        )
        .await;
    assert_eq!(counts["benchmark"]["metric"]["ranked"], false);
    for p in ["BRISTOL", "NORTH_SOMERSET", "SOMERSET"] {
        assert_eq!(row(&counts, p)["status"], "SHOWN");
        assert!(row(&counts, p)["rank"].is_null() && row(&counts, p)["quartile"].is_null());
    }
    assert_eq!(counts["benchmark"]["regionalMedian"], 23.0);
}

#[tokio::test]
async fn an_all_suppressed_metric_has_no_ranks_and_no_median() {
    let app = TestApp::with_demo().await;
    for (p, n) in [
        ("BRISTOL", 2),
        ("NORTH_SOMERSET", 3),
        ("SOUTH_GLOUCESTERSHIRE", 4),
        ("BATH_NE_SOMERSET", 1),
        ("SOMERSET", 5),
    ] {
        cdop_return(&app, p, "2020-21", n).await;
    }
    let analyst = app.token(Role::Analyst, &[]);
    let b = app
        .ok(
            Some(&analyst),
            BENCHMARK,
            json!({ "m": "cdop.notifications", "p": "2020-21" }),
        )
        .await;
    for r in b["benchmark"]["rows"].as_array().expect("rows") {
        assert_eq!(r["suppressed"], true, "{r}");
        assert!(r["value"].is_null() && r["rank"].is_null() && r["quartile"].is_null());
    }
    assert!(b["benchmark"]["regionalMedian"].is_null());
    assert!(b["benchmark"]["regionalMean"].is_null());
    assert_eq!(b["benchmark"]["comparableCount"], 0);
    assert_eq!(b["benchmark"]["suppressedExcludedCount"], 5);
    assert_eq!(b["benchmark"]["regionalStatus"], "SUPPRESSED");
    // The same caller with no suppression on its side sees them all: a regional admin.
    let admin = app.token(Role::RegionalAdmin, &[]);
    let exact = app
        .ok(
            Some(&admin),
            BENCHMARK,
            json!({ "m": "cdop.notifications", "p": "2020-21" }),
        )
        .await;
    assert_eq!(exact["benchmark"]["comparableCount"], 5);
}

#[tokio::test]
async fn a_non_standard_period_is_shown_but_never_ranked() {
    let app = TestApp::with_demo().await;
    cdop_return(&app, "NORTH_SOMERSET", "2019-10-01/2020-12-31", 14).await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    let b = app
        .ok(
            Some(&admin),
            BENCHMARK,
            json!({ "m": "cdop.notifications", "p": "2019-10-01/2020-12-31" }),
        )
        .await;
    assert_eq!(b["benchmark"]["nonStandardPeriod"], true);
    let ns = row(&b, "NORTH_SOMERSET");
    assert_eq!(ns["value"], 14.0);
    assert!(ns["rank"].is_null());
    assert!(ns["flags"]
        .as_array()
        .expect("flags")
        .contains(&json!("NON_STANDARD_PERIOD")));
    assert!(b["benchmark"]["regionalMedian"].is_null());
}

#[tokio::test]
async fn section11_and_scrutiny_metrics_come_from_their_datasets() {
    let app = TestApp::with_demo().await;
    // Somerset 2016-17 (seed 002): 26 agencies expected, one nil return, so 25
    // received; 4 Outstanding + 16 Good of 25 graded.
    let b = app
        .ok(
            None,
            BENCHMARK,
            json!({ "m": "s11.return_rate", "p": "2016-17" }),
        )
        .await;
    assert!(
        close(&row(&b, "SOMERSET")["unroundedValue"], 25.0 * 100.0 / 26.0),
        "{b}"
    );
    assert_eq!(row(&b, "SOMERSET")["value"], 96.2);
    assert_eq!(row(&b, "BRISTOL")["flags"], json!(["NO_RETURN"]));
    let b = app
        .ok(
            None,
            BENCHMARK,
            json!({ "m": "s11.good_or_better", "p": "2016-17" }),
        )
        .await;
    assert!(close(&row(&b, "SOMERSET")["value"], 80.0), "{b}");

    // Scrutiny activity counts equal what each partnership's own list shows.
    let admin = app.token(Role::RegionalAdmin, &[]);
    let b = app
        .ok(
            Some(&admin),
            BENCHMARK,
            json!({ "m": "scrutiny.activities", "p": "2024-25" }),
        )
        .await;
    for p in PartnershipCode::ALL {
        let listed = app
            .ok(
                Some(&admin),
                r#"query($p: PartnershipCode!) { scrutinyActivities(filter: {partnership: $p, from: "2024-04-01", to: "2025-03-31"}) { totalCount } }"#,
                json!({ "p": p }),
            )
            .await;
        assert_eq!(
            row(&b, p.as_str())["value"].as_f64(),
            listed["scrutinyActivities"]["totalCount"].as_f64(),
            "{p}"
        );
    }
}

#[tokio::test]
async fn a_trend_knows_which_way_is_better() {
    let app = TestApp::with_demo().await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    let t = app
        .ok(
            Some(&admin),
            r#"{ trend(metric: "cdop.notifications", partnership: SOMERSET, from: "2016-17", to: "2024-25") {
                 direction points { period { label } value comparable flags } } }"#,
            json!({}),
        )
        .await;
    let points = t["trend"]["points"].as_array().expect("points");
    let value = |label: &str| {
        points
            .iter()
            .find(|p| p["period"]["label"] == label)
            .map(|p| p["value"].clone())
    };
    // Seed 002: 24 in 2016-17; seed 001: 30 in 2023-24 and 27 in 2024-25.
    assert_eq!(value("2016-17"), Some(json!(24.0)));
    assert_eq!(value("2023-24"), Some(json!(30.0)));
    assert_eq!(value("2024-25"), Some(json!(27.0)));
    // The non-standard period within the span is listed, flagged, not compared.
    let ns = points
        .iter()
        .find(|p| p["period"]["label"] == "2019-10-01/2020-12-31")
        .expect("listed");
    assert_eq!(ns["comparable"], false);
    // 24 then 27 notifications: fewer deaths are better, so this is worsening.
    assert_eq!(t["trend"]["direction"], "WORSENING");
}

#[tokio::test]
async fn the_matrix_gives_the_same_numbers_as_each_benchmark_and_its_csv() {
    let app = TestApp::with_demo().await;
    let token = regional_scrutineer(&app);
    let metrics = [
        "s11.return_rate",
        "s11.good_or_better",
        "s11.agencies_with_inadequate",
        "scrutiny.activities",
        "scrutiny.recommendations_open",
        "scrutiny.overdue_share",
        "cdop.notifications",
        "cdop.notifications_per_10k",
        "cdop.reviews_completed",
        "cdop.reviewed_within_12_months",
        "cdop.unexpected_share",
        "cdop.deaths_under_1_per_10k",
    ];
    let benchmarks = matrix_agreeing_with_each_benchmark(&app, &token, &metrics, "2024-25").await;
    assert_eq!(benchmarks.len(), 12);
    let csv = app
        .client
        .get(format!("{}/export/benchmark-matrix.csv", app.address))
        .query(&[("metrics", metrics.join(",")), ("period", "2024-25".into())])
        .bearer_auth(&token)
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("text");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines.len(),
        6,
        "a header and one row per partnership: {csv}"
    );
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header.len(), 3 + 2 * 12);
    // Plain headers: the metric's name, and its rank beside it.
    assert_eq!(header[3], "Section 11 return rate");
    assert_eq!(header[4], "Section 11 return rate: rank");
    assert!(
        !lines[0].contains("cdop.") && !lines[0].contains("s11."),
        "{}",
        lines[0]
    );
}

/// Per-standard Section 11 figures and per-theme scrutiny counts are read
/// only when such a metric is asked for; asked for alone, each must still be
/// read, and give what the matrix gives.
#[tokio::test]
async fn a_per_standard_or_per_theme_metric_alone_gives_what_the_matrix_gives() {
    let app = TestApp::with_demo().await;
    let token = regional_scrutineer(&app);
    // 2019-20: the West of England round graded every regional standard, and
    // the regional workshop of October 2019 covered all eight themes.
    let metrics = [
        "s11.good_or_better.standard_8",
        "scrutiny.activities.missing_children",
    ];
    let benchmarks = matrix_agreeing_with_each_benchmark(&app, &token, &metrics, "2019-20").await;
    for (metric, from_matrix) in metrics.iter().zip(&benchmarks) {
        assert!(
            from_matrix["rows"]
                .as_array()
                .expect("rows")
                .iter()
                .any(|r| r["value"].as_f64().is_some_and(|v| v > 0.0)),
            "{metric} has a value in 2019-20: {from_matrix}"
        );
    }
}

/// Asks for `metrics` as one matrix and then each on its own, asserts that
/// every partnership's value and rank agree, and returns the matrix's
/// benchmarks.
async fn matrix_agreeing_with_each_benchmark(
    app: &TestApp,
    token: &str,
    metrics: &[&str],
    period: &str,
) -> Vec<Value> {
    let m = app
        .ok(
            Some(token),
            r#"query($ms: [String!]!, $p: String!) { benchmarkMatrix(metrics: $ms, period: $p) {
                 benchmarks { metric { id } rows { partnership value rank } } } }"#,
            json!({ "ms": metrics, "p": period }),
        )
        .await;
    let benchmarks = m["benchmarkMatrix"]["benchmarks"]
        .as_array()
        .expect("list")
        .clone();
    for (metric, from_matrix) in metrics.iter().zip(&benchmarks) {
        let single = app
            .ok(Some(token), BENCHMARK, json!({ "m": metric, "p": period }))
            .await;
        for r in from_matrix["rows"].as_array().expect("rows") {
            let p = r["partnership"].as_str().expect("code");
            assert_eq!(r["value"], row(&single, p)["value"], "{metric} {p}");
            assert_eq!(r["rank"], row(&single, p)["rank"], "{metric} {p}");
        }
    }
    benchmarks
}

#[tokio::test]
async fn the_export_authenticates_and_names_bad_input() {
    let app = TestApp::with_demo().await;
    let get = |query: &'static [(&'static str, &'static str)], token: Option<&'static str>| {
        let mut r = app
            .client
            .get(format!("{}/export/benchmark.csv", app.address))
            .query(query);
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        r.send()
    };
    let bad_token = get(
        &[("metric", "cdop.notifications"), ("period", "2024-25")],
        Some("not-a-token"),
    )
    .await
    .expect("request");
    assert_eq!(bad_token.status(), StatusCode::UNAUTHORIZED);
    let missing = get(&[("metric", "cdop.notifications")], None)
        .await
        .expect("request");
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    let body: Value = missing.json().await.expect("json");
    assert_eq!(body["errors"][0]["extensions"]["field"], "period");
    let unknown = get(&[("metric", "no.such.metric"), ("period", "2024-25")], None)
        .await
        .expect("request");
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    let body: Value = unknown.json().await.expect("json");
    assert_eq!(first_error_code(&body).as_deref(), Some("BAD_USER_INPUT"));
    assert_eq!(body["errors"][0]["extensions"]["field"], "metric");
    // Anonymous callers get published figures, suppressed cells written `c`.
    let public = get(
        &[("metric", "cdop.notifications"), ("period", "2024-25")],
        None,
    )
    .await
    .expect("request")
    .text()
    .await
    .expect("text");
    assert_eq!(public.lines().count(), 6);
}
