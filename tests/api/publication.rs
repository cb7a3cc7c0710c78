//! Publication-grade figures: the EES export and its metadata file, the
//! government statistics symbols, flags carried from inputs to figures, and
//! the published figures added to the demo data, each read back with its
//! citation.
use entity::PartnershipCode;
use hub::auth::role::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{content_type, TestApp};

const EES_LEADING_COLUMNS: [&str; 9] = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "new_la_code",
    "la_name",
];

/// A CSV file: its header and rows, each row keyed by column name.
struct Csv {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Csv {
    fn parse(text: &str) -> Csv {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header = reader
            .headers()
            .expect("header")
            .iter()
            .map(String::from)
            .collect();
        let rows = reader
            .records()
            .map(|r| r.expect("record").iter().map(String::from).collect())
            .collect();
        Csv { header, rows }
    }

    fn column(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }

    /// The cell of `column` on the row whose `partnership_code` is `p`.
    fn cell(&self, p: &str, column: &str) -> &str {
        let key = self.column("partnership_code");
        let row = self
            .rows
            .iter()
            .find(|r| r[key] == p)
            .unwrap_or_else(|| panic!("no row for {p}"));
        &row[self.column(column)]
    }
}

async fn get_csv(
    app: &TestApp,
    path: &str,
    query: &[(&str, &str)],
    token: Option<&str>,
) -> (StatusCode, String, String) {
    let mut request = app
        .client
        .get(format!("{}{path}", app.address))
        .query(query);
    if let Some(t) = token {
        request = request.bearer_auth(t);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    let content_type = content_type(&response);
    (status, content_type, response.text().await.expect("text"))
}

async fn export(app: &TestApp, metric: &str, period: &str, token: Option<&str>) -> Csv {
    let (status, content_type, text) = get_csv(
        app,
        "/export/benchmark.csv",
        &[("metric", metric), ("period", period)],
        token,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    Csv::parse(&text)
}

const BENCHMARK: &str = r#"query($m: String!, $p: String!) { benchmark(metric: $m, period: $p) {
  regionalMedian comparableCount
  rows { partnership value status ratePer10k rateStatus rank quartile flags estimatedInput illustrative } } }"#;

fn row<'a>(b: &'a Value, p: &str) -> &'a Value {
    b["benchmark"]["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["partnership"] == p)
        .unwrap_or_else(|| panic!("no row for {p}: {b}"))
}

/// Submits a CDOP return as `token` and publishes it.
async fn submit_and_publish(app: &TestApp, token: &str, input: Value) {
    let saved = app
        .ok(
            Some(token),
            r#"mutation($i: CdopReturnInput!) { submitCdopReturn(input: $i) { id version } }"#,
            json!({ "i": input }),
        )
        .await;
    app.ok(
        Some(token),
        r#"mutation($id: ID!, $v: Int!) { publishCdopReturn(id: $id, expectedVersion: $v) { status } }"#,
        json!({ "id": saved["submitCdopReturn"]["id"], "v": saved["submitCdopReturn"]["version"] }),
    )
    .await;
}

#[tokio::test]
async fn the_benchmark_export_is_ees_open_data_with_its_metadata_beside_it() {
    let app = TestApp::with_demo().await;
    let query = [
        ("metric", "cdop.notifications_per_10k"),
        ("period", "2024-25"),
    ];
    let csv = export(&app, query[0].1, query[1].1, None).await;
    assert_eq!(&csv.header[..9], EES_LEADING_COLUMNS);
    assert_eq!(csv.rows.len(), 5, "one row per partnership");
    assert_eq!(csv.cell("SOMERSET", "new_la_code"), "E06000066");
    assert_eq!(csv.cell("SOMERSET", "la_name"), "Somerset Council");
    assert_eq!(csv.cell("SOMERSET", "time_period"), "202425");
    assert_eq!(csv.cell("SOMERSET", "time_identifier"), "Financial year");
    assert_eq!(csv.cell("SOMERSET", "geographic_level"), "Local authority");
    assert_eq!(csv.cell("SOMERSET", "country_code"), "E92000001");
    assert_eq!(csv.cell("SOMERSET", "region_code"), "E12000009");
    assert_eq!(
        csv.cell("SOMERSET", "indicator"),
        "cdop.notifications_per_10k"
    );
    // 27 / 110,512 × 10,000 = 2.443...: one decimal place.
    assert_eq!(csv.cell("SOMERSET", "rate_per_10k"), "2.4");
    assert_eq!(csv.cell("SOMERSET", "value"), "2.4");
    assert_eq!(csv.cell("BRISTOL", "new_la_code"), "E06000023");
    assert_eq!(csv.cell("BRISTOL", "estimated_input"), "Yes");
    assert_eq!(csv.cell("BRISTOL", "illustrative"), "Yes");
    assert_eq!(csv.cell("SOMERSET", "estimated_input"), "No");
    assert_eq!(csv.cell("SOMERSET", "illustrative"), "No");
    for p in PartnershipCode::ALL {
        let rate = csv.cell(p.as_str(), "rate_per_10k");
        let (whole, decimals) = rate.split_once('.').unwrap_or_else(|| panic!("{rate}"));
        assert!(
            whole.parse::<u32>().is_ok() && decimals.len() == 1,
            "{p}: {rate}"
        );
    }

    // The metadata file, at the same path with .meta.csv.
    let (status, content_type, meta) =
        get_csv(&app, "/export/benchmark.meta.csv", &query, None).await;
    assert_eq!(status, StatusCode::OK, "{meta}");
    assert!(content_type.starts_with("text/csv"));
    let meta = Csv::parse(&meta);
    assert_eq!(
        meta.header,
        [
            "col_name",
            "col_type",
            "label",
            "indicator_grouping",
            "indicator_unit",
            "indicator_dp",
            "filter_hint",
            "filter_grouping_column"
        ]
    );
    let described: Vec<&str> = meta.rows.iter().map(|r| r[0].as_str()).collect();
    for column in &csv.header[9..] {
        assert!(
            described.contains(&column.as_str()),
            "{column} is described"
        );
    }
    for column in EES_LEADING_COLUMNS {
        assert!(
            !described.contains(&column),
            "{column} is read by EES by name"
        );
    }
    let value = meta.rows.iter().find(|r| r[0] == "value").expect("value");
    assert_eq!(value[1], "Indicator");
    assert_eq!(value[2], "Child death notifications per 10,000 children");
    assert_eq!(value[5], "1");
    let indicator = meta
        .rows
        .iter()
        .find(|r| r[0] == "indicator")
        .expect("indicator");
    assert_eq!(indicator[1], "Filter");

    // Bad input is named on the metadata file as on the data file.
    let (status, _, body) = get_csv(
        &app,
        "/export/benchmark.meta.csv",
        &[("metric", "no.such"), ("period", "2024-25")],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let body: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(body["errors"][0]["extensions"]["field"], "metric");

    // 2016-17: only Somerset made a return; the other four are `x`, not blank.
    let old = export(&app, "cdop.notifications_per_10k", "2016-17", None).await;
    for p in [
        "BRISTOL",
        "NORTH_SOMERSET",
        "SOUTH_GLOUCESTERSHIRE",
        "BATH_NE_SOMERSET",
    ] {
        for column in ["value", "rate_per_10k", "rank", "quartile"] {
            assert_eq!(old.cell(p, column), "x", "{p} {column}");
        }
    }
    // Somerset's code before the 2023 reorganisation; 24 / 109,657 = 2.19.
    assert_eq!(old.cell("SOMERSET", "new_la_code"), "E10000027");
    assert_eq!(old.cell("SOMERSET", "la_name"), "Somerset County Council");
    assert_eq!(old.cell("SOMERSET", "value"), "2.2");
    // A single comparable value is rank 1, quartile 1.
    assert_eq!(old.cell("SOMERSET", "rank"), "1");
    assert_eq!(old.cell("SOMERSET", "quartile"), "1");
}

#[tokio::test]
async fn every_symbol_has_its_meaning_in_the_csv() {
    let app = TestApp::with_demo().await;
    // c: Bath and North East Somerset's 4 notifications in 2023-24 are hidden from the public.
    let counts = export(&app, "cdop.notifications", "2023-24", None).await;
    assert_eq!(counts.cell("BATH_NE_SOMERSET", "value"), "c");
    assert_eq!(counts.cell("BATH_NE_SOMERSET", "rate_per_10k"), "c");
    // z: a count is never ranked; a percentage has no rate.
    assert_eq!(counts.cell("SOMERSET", "value"), "30");
    assert_eq!(counts.cell("SOMERSET", "rank"), "z");
    assert_eq!(counts.cell("SOMERSET", "quartile"), "z");
    let shares = export(&app, "s11.return_rate", "2016-17", None).await;
    assert_eq!(shares.cell("SOMERSET", "rate_per_10k"), "z");
    assert_eq!(shares.cell("SOMERSET", "value"), "96.2", "25 of 26");
    // x: no return.
    assert_eq!(shares.cell("BRISTOL", "value"), "x");
    // x: deaths under 1 have no rate, for the population under 1 is not held.
    let under1 = export(&app, "cdop.deaths_under_1_per_10k", "2024-25", None).await;
    assert_eq!(under1.cell("SOMERSET", "value"), "x");

    // low: a rate on 2 events, seen exactly by the regional admin.
    let admin = app.token(Role::RegionalAdmin, &[]);
    submit_and_publish(&app, &admin, json!({ "partnership": "BRISTOL", "period": "2022-23", "source": "symbol test", "deathsNotified": 2, "reviewsCompleted": 2 })).await;
    let rates = export(&app, "cdop.notifications_per_10k", "2022-23", Some(&admin)).await;
    assert_eq!(rates.cell("BRISTOL", "value"), "low");
    assert_eq!(rates.cell("BRISTOL", "rank"), "low");
    let b = app
        .ok(
            Some(&admin),
            BENCHMARK,
            json!({ "m": "cdop.notifications_per_10k", "p": "2022-23" }),
        )
        .await;
    assert_eq!(row(&b, "BRISTOL")["status"], "LOW_BASE");
    assert!(row(&b, "BRISTOL")["flags"]
        .as_array()
        .expect("flags")
        .contains(&json!("LOW_BASE")));
    // The count itself is shown to the admin, with its rate marked low.
    let counts = export(&app, "cdop.notifications", "2022-23", Some(&admin)).await;
    assert_eq!(counts.cell("BRISTOL", "value"), "2");
    assert_eq!(counts.cell("BRISTOL", "rate_per_10k"), "low");
}

#[tokio::test]
async fn the_export_suppresses_exactly_what_graphql_shows_the_same_caller() {
    let app = TestApp::with_demo().await;
    let callers = [
        None,
        Some(app.token(Role::Analyst, &[])),
        Some(app.token(Role::PartnershipManager, &[PartnershipCode::BathNeSomerset])),
        Some(app.token(Role::PartnershipManager, &[PartnershipCode::Somerset])),
        Some(app.token(Role::RegionalAdmin, &[])),
    ];
    let mut symbols_seen = std::collections::BTreeSet::new();
    for token in &callers {
        for metric in ["cdop.notifications", "cdop.notifications_per_10k"] {
            let csv = export(&app, metric, "2023-24", token.as_deref()).await;
            let b = app
                .ok(
                    token.as_deref(),
                    BENCHMARK,
                    json!({ "m": metric, "p": "2023-24" }),
                )
                .await;
            for p in PartnershipCode::ALL {
                let r = row(&b, p.as_str());
                let cell = csv.cell(p.as_str(), "value");
                let expected = match r["status"].as_str() {
                    Some("SHOWN") => {
                        let v = r["value"].as_f64().expect("value");
                        if metric.ends_with("per_10k") {
                            format!("{v:.1}")
                        } else {
                            format!("{v:.0}")
                        }
                    }
                    Some("SUPPRESSED") => "c".to_string(),
                    Some("NOT_AVAILABLE") => "x".to_string(),
                    Some("LOW_BASE") => "low".to_string(),
                    other => panic!("unexpected status {other:?}"),
                };
                assert_eq!(cell, expected, "{metric} {p} for {token:?}");
                symbols_seen.insert(cell.to_string());
            }
        }
    }
    assert!(
        symbols_seen.contains("c"),
        "the test must meet a suppressed figure"
    );
    assert!(
        symbols_seen.contains("4"),
        "and the same figure shown exactly"
    );
}

#[tokio::test]
async fn deaths_under_1_are_counted_and_never_divided_by_all_children() {
    let app = TestApp::with_demo().await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    let rate = app
        .ok(
            Some(&admin),
            BENCHMARK,
            json!({ "m": "cdop.deaths_under_1_per_10k", "p": "2024-25" }),
        )
        .await;
    for p in PartnershipCode::ALL {
        let r = row(&rate, p.as_str());
        assert_eq!(r["status"], "NOT_AVAILABLE", "{r}");
        assert!(r["value"].is_null() && r["rank"].is_null());
        assert!(r["flags"]
            .as_array()
            .expect("flags")
            .contains(&json!("NO_DENOMINATOR")));
    }
    let count = app
        .ok(
            Some(&admin),
            BENCHMARK,
            json!({ "m": "cdop.deaths_under_1", "p": "2024-25" }),
        )
        .await;
    // Seed 001: 19 deaths under 1 year; Bristol's illustrative 9 + 4.
    assert_eq!(row(&count, "SOMERSET")["value"], 19.0);
    assert_eq!(row(&count, "BRISTOL")["value"], 13.0);
    assert!(
        row(&count, "SOMERSET")["rank"].is_null(),
        "a count is not ranked"
    );
}

#[tokio::test]
async fn the_added_published_figures_read_back_with_their_citations() {
    let app = TestApp::with_demo().await;
    let admin = app.token(Role::RegionalAdmin, &[]);

    // Somerset CDOP 2015-16, from the 2016-17 report's section 7.2.
    let cdop = app
        .ok(
            Some(&admin),
            r#"{ cdopReturn(partnership: SOMERSET, period: "2015-16") { provenance { citation quote illustrative }
                 figures { deathsNotified { value } reviewsCompleted { value } } } }"#,
            json!({}),
        )
        .await;
    let r = &cdop["cdopReturn"];
    assert_eq!(r["figures"]["deathsNotified"]["value"], 26);
    assert_eq!(r["figures"]["reviewsCompleted"]["value"], 37);
    let source = r["provenance"]["citation"].as_str().unwrap_or_default();
    assert!(
        source.contains("seed 002") && source.contains("section 7.2"),
        "{source}"
    );
    assert!(r["provenance"]["quote"]
        .as_str()
        .is_some_and(|q| q.contains("26 notifications in previous year")));
    assert_eq!(r["provenance"]["illustrative"], false);

    // The four multi-agency casework audits of 2016-17 (seed 002, section 6.9).
    const ACTIVITIES: &str = r#"query($from: NaiveDate!, $to: NaiveDate!) { scrutinyActivities(
        filter: {partnership: SOMERSET, from: $from, to: $to}, first: 50) { totalCount
        edges { node { kind title source illustrative published } } } }"#;
    let audits = app
        .ok(
            Some(&admin),
            ACTIVITIES,
            json!({ "from": "2016-04-01", "to": "2017-03-31" }),
        )
        .await;
    let nodes: Vec<&Value> = audits["scrutinyActivities"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| &e["node"])
        .collect();
    let casework: Vec<&&Value> = nodes
        .iter()
        .filter(|n| n["kind"] == "MULTI_AGENCY_AUDIT")
        .collect();
    assert_eq!(casework.len(), 4, "{audits}");
    for n in casework {
        let source = n["source"].as_str().unwrap_or_default();
        assert!(
            source.contains("seed 002") && source.contains("section 6.9"),
            "{source}"
        );
        assert_eq!(n["illustrative"], false);
        assert_eq!(n["published"], true);
    }

    // 2024-25 quality assurance (seed 001), each of its kind.
    let qa = app
        .ok(
            Some(&admin),
            ACTIVITIES,
            json!({ "from": "2024-04-01", "to": "2025-03-31" }),
        )
        .await;
    let nodes: Vec<&Value> = qa["scrutinyActivities"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| &e["node"])
        .collect();
    for (title, kind) in [
        (
            "Insight visit: Somerset Foundation Trust emergency departments",
            "INSIGHT_VISIT",
        ),
        ("Multi-agency CIN-ROTH audit", "MULTI_AGENCY_AUDIT"),
        (
            "Multi-agency missing notifications audit",
            "MULTI_AGENCY_AUDIT",
        ),
        ("Multi-agency MASH audit", "MULTI_AGENCY_AUDIT"),
    ] {
        let n = nodes
            .iter()
            .find(|n| n["title"] == title)
            .unwrap_or_else(|| panic!("{title} in {qa}"));
        assert_eq!(n["kind"], kind);
        let source = n["source"].as_str().unwrap_or_default();
        assert!(
            source.contains("seed 001") && source.contains("Quality assurance activity"),
            "{source}"
        );
        assert_eq!(n["illustrative"], false);
    }
    // They count in the benchmark: Somerset's 2024-25 activities include them.
    let b = app
        .ok(
            Some(&admin),
            BENCHMARK,
            json!({ "m": "scrutiny.activities", "p": "2024-25" }),
        )
        .await;
    assert!(
        row(&b, "SOMERSET")["value"].as_f64().unwrap_or_default() >= 5.0,
        "{b}"
    );

    // Relevant agencies named in Somerset's 2024 arrangements (seed 003).
    let agencies = app
        .ok(
            None,
            r#"{ agencies(filter: {partnership: SOMERSET}, first: 100) { edges { node { name source illustrative } } } }"#,
            json!({}),
        )
        .await;
    for name in [
        "Somerset NHS Foundation Trust",
        "CAFCASS",
        "British Transport Police",
        "Somerset Drug and Alcohol Service",
    ] {
        let a = agencies["agencies"]["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .map(|e| &e["node"])
            .find(|n| n["name"] == name)
            .unwrap_or_else(|| panic!("{name}"));
        assert!(a["source"]
            .as_str()
            .unwrap_or_default()
            .contains("seed 003"));
        assert_eq!(a["illustrative"], false);
    }
}

#[tokio::test]
async fn corrections_no_return_and_illustrative_inputs_are_said() {
    let app = TestApp::with_demo().await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    // Somerset made a CDOP return for 2019-20 (32 reviews, seed 000) that
    // does not give notifications: not reported, not "no return".
    let b = app
        .ok(
            Some(&admin),
            BENCHMARK,
            json!({ "m": "cdop.notifications", "p": "2019-20" }),
        )
        .await;
    assert_eq!(row(&b, "SOMERSET")["flags"], json!(["NOT_REPORTED"]));
    assert_eq!(row(&b, "SOMERSET")["status"], "NOT_AVAILABLE");
    let reviews = app
        .ok(
            Some(&admin),
            BENCHMARK,
            json!({ "m": "cdop.reviews_completed", "p": "2019-20" }),
        )
        .await;
    assert_eq!(row(&reviews, "SOMERSET")["value"], 32.0);
    assert_eq!(row(&reviews, "SOMERSET")["status"], "SHOWN");

    // Somerset 2019-20 Section 11: that 19 were expected is made up.
    let rate = app
        .ok(
            None,
            BENCHMARK,
            json!({ "m": "s11.return_rate", "p": "2019-20" }),
        )
        .await;
    assert_eq!(row(&rate, "SOMERSET")["illustrative"], true, "{rate}");

    // A single comparable value is quartile 1.
    let single = app
        .ok(
            None,
            BENCHMARK,
            json!({ "m": "s11.good_or_better", "p": "2016-17" }),
        )
        .await;
    assert_eq!(row(&single, "SOMERSET")["rank"], 1);
    assert_eq!(row(&single, "SOMERSET")["quartile"], 1);
    assert_eq!(single["benchmark"]["comparableCount"], 1);
    // Built on the illustrative placement of published totals: said so.
    assert_eq!(row(&single, "SOMERSET")["illustrative"], true);
}

#[tokio::test]
async fn a_non_standard_period_is_written_with_its_true_dates() {
    let app = TestApp::with_demo().await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    submit_and_publish(&app, &admin, json!({ "partnership": "NORTH_SOMERSET", "period": "2019-10-01/2020-12-31", "source": "period test", "deathsNotified": 14, "reviewsCompleted": 14 })).await;
    let csv = export(&app, "cdop.notifications", "2019-10-01/2020-12-31", None).await;
    assert_eq!(
        csv.cell("NORTH_SOMERSET", "time_period"),
        "2019-10-01 to 2020-12-31"
    );
    assert_eq!(
        csv.cell("NORTH_SOMERSET", "time_identifier"),
        "Non-standard period"
    );
    assert_eq!(csv.cell("NORTH_SOMERSET", "period_start"), "2019-10-01");
    assert_eq!(csv.cell("NORTH_SOMERSET", "period_end"), "2020-12-31");
    assert_eq!(csv.cell("NORTH_SOMERSET", "non_standard_period"), "Yes");
    assert_eq!(csv.cell("NORTH_SOMERSET", "value"), "14");
    assert_eq!(csv.cell("BRISTOL", "value"), "x");
}

#[tokio::test]
async fn a_rate_on_a_placeholder_population_says_so_wherever_it_is_shown() {
    let app = TestApp::with_demo().await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    let s = app
        .ok(
            Some(&admin),
            r#"{ cdopRegionalSummary(period: "2024-25") {
                 partnerships { partnership cdopReturn { figures { deathsNotified { ratePer10k status estimatedInput } } } }
                 region { deathsNotified { ratePer10k status estimatedInput } } } }"#,
            json!({}),
        )
        .await;
    let figure = |p: &str| {
        s["cdopRegionalSummary"]["partnerships"]
            .as_array()
            .expect("partnerships")
            .iter()
            .find(|e| e["partnership"] == p)
            .map(|e| e["cdopReturn"]["figures"]["deathsNotified"].clone())
            .unwrap_or_default()
    };
    // Bristol's population is a placeholder; Somerset's is the ONS estimate (seed 001).
    assert_eq!(figure("BRISTOL")["estimatedInput"], true);
    assert_eq!(figure("BRISTOL")["status"], "SHOWN");
    assert_eq!(figure("SOMERSET")["estimatedInput"], false);
    assert_eq!(figure("SOMERSET")["ratePer10k"], 2.4);
    // The regional rate adds up all five populations, four of them placeholders.
    let region = &s["cdopRegionalSummary"]["region"]["deathsNotified"];
    assert!(region["ratePer10k"].is_number(), "{region}");
    assert_eq!(region["estimatedInput"], true);
}

const TREND: &str = r#"query($m: String!, $p: PartnershipCode!, $from: String!, $to: String!) {
  trend(metric: $m, partnership: $p, from: $from, to: $to) {
    points { period { label startDate } value status illustrative } } }"#;

/// A figure of the GraphQL answer as the CSV writes it.
fn written(point: &Value, places: usize) -> String {
    match point["status"].as_str() {
        Some("SHOWN") => format!("{:.*}", places, point["value"].as_f64().expect("value")),
        Some("SUPPRESSED") => "c".to_string(),
        Some("NOT_AVAILABLE") => "x".to_string(),
        Some("LOW_BASE") => "low".to_string(),
        other => panic!("unexpected status {other:?}"),
    }
}

#[tokio::test]
async fn the_trend_export_is_the_trend_a_row_per_partnership_and_period() {
    let app = TestApp::with_demo().await;
    let manager = app.token(Role::PartnershipManager, &[PartnershipCode::BathNeSomerset]);
    let (from, to) = ("2019-20", "2024-25");
    let mut symbols_seen = std::collections::BTreeSet::new();
    for token in [None, Some(manager.as_str())] {
        for (metric, places) in [("cdop.notifications", 0), ("cdop.notifications_per_10k", 1)] {
            let query = [("metric", metric), ("from", from), ("to", to)];
            let (status, content_type, text) =
                get_csv(&app, "/export/trend.csv", &query, token).await;
            assert_eq!(status, StatusCode::OK, "{text}");
            assert!(content_type.starts_with("text/csv"), "{content_type}");
            let csv = Csv::parse(&text);
            assert_eq!(&csv.header[..9], EES_LEADING_COLUMNS);
            let (code, start, value, indicator) = (
                csv.column("partnership_code"),
                csv.column("period_start"),
                csv.column("value"),
                csv.column("indicator"),
            );
            assert!(csv.rows.iter().all(|r| r[indicator] == metric));
            for p in PartnershipCode::ALL {
                let trend = app
                    .ok(
                        token,
                        TREND,
                        json!({ "m": metric, "p": p.as_str(), "from": from, "to": to }),
                    )
                    .await;
                let points = trend["trend"]["points"].as_array().expect("points");
                let own: Vec<&Vec<String>> =
                    csv.rows.iter().filter(|r| r[code] == p.as_str()).collect();
                assert_eq!(own.len(), points.len(), "{metric} {p}: a row per period");
                for (row, point) in own.iter().zip(points) {
                    assert_eq!(
                        row[start],
                        point["period"]["startDate"].as_str().expect("start"),
                        "{metric} {p}: oldest period first"
                    );
                    let expected = written(point, places);
                    assert_eq!(
                        row[value], expected,
                        "{metric} {p} {}",
                        point["period"]["label"]
                    );
                    symbols_seen.insert(expected);
                }
            }
        }
    }
    assert!(
        symbols_seen.contains("c"),
        "the test must meet a suppressed figure"
    );

    let (status, _, meta) = get_csv(
        &app,
        "/export/trend.meta.csv",
        &[("metric", "cdop.notifications"), ("from", from), ("to", to)],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{meta}");
    assert!(meta.starts_with("col_name,col_type"), "{meta}");

    let (status, _, body) = get_csv(
        &app,
        "/export/trend.csv",
        &[("metric", "cdop.notifications"), ("from", to), ("to", from)],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let body: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(body["errors"][0]["extensions"]["field"], "to", "{body}");
}
