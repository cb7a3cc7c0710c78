//! LADO returns through the real app: Somerset's published figures read back
//! with their citations, disclosure control for callers without exact
//! rights, validation naming the field, versions, the audit of exact reads,
//! and the LADO metrics in the registry and the benchmark.
use entity::PartnershipCode;
use hub::auth::role::Role;
use serde_json::{json, Value};

use crate::helpers::TestApp;

const FIGURE: &str = "{ value reported suppressed sharePercent ratePer10k }";

fn read_return() -> String {
    format!(
        r#"query($p: PartnershipCode!, $period: String!) {{ ladoReturn(partnership: $p, period: $period) {{
          id version status disclosureControlled partnership period {{ label standard startDate endDate }}
          provenance {{ citation quote illustrative submittedBy }}
          figures {{ notifications {FIGURE} adviceEnquiries {FIGURE}
            byCategory {{ complete physical {FIGURE} sexual {FIGURE} emotional {FIGURE} neglectOrInappropriateBehaviour {FIGURE} }}
            bySector {{ complete education {FIGURE} health {FIGURE} police {FIGURE} other {FIGURE} }}
            byThreshold {{ complete met {FIGURE} notMet {FIGURE} }} }} }} }}"#
    )
}

const SUBMIT: &str = r#"mutation($input: LadoReturnInput!) {
  submitLadoReturn(input: $input) { id version status disclosureControlled } }"#;

const PUBLISH: &str = r#"mutation($id: ID!, $v: Int!) {
  publishLadoReturn(id: $id, expectedVersion: $v) { id version status } }"#;

fn figure<'a>(r: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(&r["figures"], |v, k| &v[*k])
}

async fn read(app: &TestApp, token: Option<&str>, p: &str, period: &str) -> Value {
    app.ok(token, &read_return(), json!({ "p": p, "period": period }))
        .await["ladoReturn"]
        .clone()
}

#[tokio::test]
async fn somersets_lado_notifications_read_back_as_published_with_their_citations() {
    let app = TestApp::with_demo().await;
    let page = app
        .ok(
            None,
            r#"{ ladoReturns(filter: {partnership: SOMERSET}) { totalCount edges { node {
                 period { label } provenance { citation illustrative }
                 figures { notifications { value } adviceEnquiries { value reported } } } } } }"#,
            json!({}),
        )
        .await;
    let rows: Vec<(String, Value, Value, String)> = page["ladoReturns"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| {
            let n = &e["node"];
            assert_eq!(n["provenance"]["illustrative"], false);
            (
                n["period"]["label"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                n["figures"]["notifications"]["value"].clone(),
                n["figures"]["adviceEnquiries"]["value"].clone(),
                n["provenance"]["citation"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    let sscb = "Somerset Safeguarding Children Board annual report 2016-17 (seed 002), section 11.1 LADO - Allegations management";
    let first = "SSCP first report 2019-20 (seed 000), Allegations Management";
    let latest = "SSCP annual report 2024-25 (seed 001), Allegations management";
    let expected = [
        ("2024-25", json!(772), Value::Null, latest),
        ("2023-24", json!(742), Value::Null, latest),
        ("2019-20", json!(493), json!(33), first),
        ("2018-19", json!(501), json!(47), first),
        ("2016-17", json!(478), Value::Null, sscb),
        ("2015-16", json!(353), Value::Null, sscb),
    ];
    assert_eq!(rows.len(), expected.len(), "{rows:?}");
    for ((period, n, advice, citation), (ep, en, ea, ec)) in rows.iter().zip(expected) {
        assert_eq!(
            (period.as_str(), n, advice, citation.as_str()),
            (ep, &en, &ea, ec)
        );
    }

    // 2016-17 categories exactly as the report gives them, with its percentages.
    let y2016 = read(&app, None, "SOMERSET", "2016-17").await;
    for (cell, count, share) in [
        ("physical", 220, 46.0),
        ("sexual", 110, 23.0),
        ("neglectOrInappropriateBehaviour", 98, 21.0),
        ("emotional", 50, 10.0),
    ] {
        assert_eq!(
            figure(&y2016, &["byCategory", cell, "value"]),
            count,
            "{cell}"
        );
        assert_eq!(
            figure(&y2016, &["byCategory", cell, "sharePercent"]),
            share,
            "{cell}"
        );
    }
    assert_eq!(figure(&y2016, &["byCategory", "complete"]), true);

    // 2019-20: the threshold decision as published; categories not guessed.
    let y2019 = read(&app, None, "SOMERSET", "2019-20").await;
    assert_eq!(figure(&y2019, &["byThreshold", "met", "value"]), 222);
    assert_eq!(figure(&y2019, &["byThreshold", "notMet", "value"]), 271);
    let physical = figure(&y2019, &["byCategory", "physical"]);
    assert_eq!(
        (
            &physical["reported"],
            &physical["value"],
            &physical["suppressed"]
        ),
        (&json!(false), &Value::Null, &json!(false)),
        "unreported, never zero"
    );

    // 2024-25: 476 not meeting the criteria, so 296 met.
    let y2024 = read(&app, None, "SOMERSET", "2024-25").await;
    assert_eq!(figure(&y2024, &["byThreshold", "notMet", "value"]), 476);
    assert_eq!(figure(&y2024, &["byThreshold", "met", "value"]), 296);
    assert_eq!(
        y2024["provenance"]["quote"],
        Value::Null,
        "quotes need exact rights"
    );
    let somerset = app.token(Role::PartnershipManager, &[PartnershipCode::Somerset]);
    let exact = read(&app, Some(&somerset), "SOMERSET", "2024-25").await;
    assert!(exact["provenance"]["quote"]
        .as_str()
        .is_some_and(|q| q.contains("476 notifications (61%)")));

    // North Somerset's non-standard period keeps its true dates.
    let ns = read(&app, None, "NORTH_SOMERSET", "2019-10-01/2020-12-31").await;
    assert_eq!(ns["period"]["standard"], false);
    assert_eq!(ns["period"]["startDate"], "2019-10-01");
    assert_eq!(ns["period"]["endDate"], "2020-12-31");
    assert_eq!(figure(&ns, &["notifications", "value"]), 18);
    assert_eq!(figure(&ns, &["adviceEnquiries", "value"]), 58);
    assert!(ns["provenance"]["citation"]
        .as_str()
        .is_some_and(|c| c.contains("(seed 004), data snapshot")));
}

/// Somerset's manager records a year with a small category: 3 allegations of
/// emotional abuse and 2 about police staff.
fn somerset_small_input() -> Value {
    json!({
        "partnership": "SOMERSET", "period": "2022-23",
        "source": "Somerset LADO case system export (test)",
        "quote": "3 allegations of emotional abuse",
        "illustrative": true,
        "notifications": 700, "adviceEnquiries": 60,
        "byCategory": { "physical": 300, "sexual": 160, "emotional": 3, "neglectOrInappropriateBehaviour": 237 },
        "bySector": { "education": 400, "health": 100, "police": 2 },
        "byThreshold": { "met": 280 }
    })
}

#[tokio::test]
async fn a_small_category_is_suppressed_for_the_public_and_other_partnerships_and_exact_for_somerset(
) {
    let app = TestApp::with_demo().await;
    let somerset = app.token(Role::PartnershipManager, &[PartnershipCode::Somerset]);
    let bristol = app.token(Role::PartnershipManager, &[PartnershipCode::Bristol]);
    let admin = app.token(Role::RegionalAdmin, &[]);

    let saved = app
        .ok(
            Some(&somerset),
            SUBMIT,
            json!({ "input": somerset_small_input() }),
        )
        .await["submitLadoReturn"]
        .clone();
    assert_eq!(saved["status"], "SUBMITTED");
    // Unpublished: the public and Bristol cannot see it at all.
    assert_eq!(
        app.error_code(
            None,
            &read_return(),
            json!({ "p": "SOMERSET", "period": "2022-23" })
        )
        .await,
        "NOT_FOUND"
    );
    let published = app
        .ok(
            Some(&somerset),
            PUBLISH,
            json!({ "id": saved["id"], "v": saved["version"] }),
        )
        .await;
    assert_eq!(published["publishLadoReturn"]["status"], "PUBLISHED");

    for token in [None, Some(bristol.as_str())] {
        let r = read(&app, token, "SOMERSET", "2022-23").await;
        assert_eq!(r["disclosureControlled"], true);
        let emotional = figure(&r, &["byCategory", "emotional"]);
        assert_eq!(
            (
                &emotional["value"],
                &emotional["suppressed"],
                &emotional["sharePercent"]
            ),
            (&Value::Null, &json!(true), &Value::Null)
        );
        // Secondary suppression: the next smallest category goes with it, so
        // the hidden 3 cannot be worked out from 700 minus the rest.
        let hidden: Vec<&str> = ["physical", "sexual", "neglectOrInappropriateBehaviour"]
            .into_iter()
            .filter(|c| figure(&r, &["byCategory", c, "suppressed"]) == true)
            .collect();
        assert_eq!(hidden, vec!["sexual"]);
        assert_eq!(figure(&r, &["byCategory", "physical", "value"]), 300);
        // A partial sector breakdown: the small police figure is hidden, the
        // sectors not reported stay unreported.
        assert_eq!(figure(&r, &["bySector", "police", "suppressed"]), true);
        assert_eq!(figure(&r, &["bySector", "other", "reported"]), false);
        assert_eq!(figure(&r, &["notifications", "value"]), 700);
        assert_eq!(r["provenance"]["quote"], Value::Null);
        assert_eq!(r["provenance"]["submittedBy"], Value::Null);
    }

    let exact = read(&app, Some(&somerset), "SOMERSET", "2022-23").await;
    assert_eq!(exact["disclosureControlled"], false);
    assert_eq!(figure(&exact, &["byCategory", "emotional", "value"]), 3);
    assert_eq!(figure(&exact, &["byCategory", "sexual", "value"]), 160);
    assert_eq!(figure(&exact, &["bySector", "police", "value"]), 2);
    assert_eq!(figure(&exact, &["byThreshold", "notMet", "value"]), 420);
    assert_eq!(
        exact["provenance"]["quote"],
        "3 allegations of emotional abuse"
    );

    // The exact read is audited, the public ones are not.
    let audit = app
        .ok(
            Some(&admin),
            r#"{ auditEvents(filter: {operation: "readLadoReturn"}) { totalCount edges { node { partnership recordType detail } } } }"#,
            json!({}),
        )
        .await;
    let events = audit["auditEvents"]["edges"].as_array().expect("edges");
    assert!(events.iter().any(|e| e["node"]["partnership"] == "SOMERSET"
        && e["node"]["recordType"] == "lado_return"
        && e["node"]["detail"]
            .as_str()
            .is_some_and(|d| d.starts_with("ladoReturn: 2022-23"))));
    assert!(events
        .iter()
        .all(|e| e["node"]["partnership"] == "SOMERSET"));
}

#[tokio::test]
async fn the_regional_summary_never_counts_an_unreported_figure_as_zero() {
    let app = TestApp::with_demo().await;
    let q = r#"{ ladoRegionalSummary(period: "2024-25") { complete disclosureControlled
        region { notifications { value } byCategory { emotional { value suppressed } physical { value suppressed } } }
        partnerships { partnership ladoReturn { figures { byCategory { emotional { value suppressed } } } } } } }"#;
    let s = app.ok(None, q, json!({})).await["ladoRegionalSummary"].clone();
    assert_eq!(s["complete"], true);
    assert_eq!(
        s["region"]["notifications"]["value"],
        772 + 520 + 210 + 300 + 160
    );
    // Somerset publishes no categories for 2024-25: the regional category
    // totals are unreported, not the sum of the other four.
    assert_eq!(s["region"]["byCategory"]["physical"]["value"], Value::Null);
    assert_eq!(s["region"]["byCategory"]["emotional"]["value"], Value::Null);
    let banes = s["partnerships"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["partnership"] == "BATH_NE_SOMERSET")
        .expect("row")
        .clone();
    assert_eq!(
        banes["ladoReturn"]["figures"]["byCategory"]["emotional"]["suppressed"],
        true
    );
}

#[tokio::test]
async fn refusals_name_the_field_and_a_stale_version_is_a_conflict() {
    let app = TestApp::spawn().await;
    let somerset = app.token(Role::PartnershipManager, &[PartnershipCode::Somerset]);
    let officer = app.token(Role::CdopOfficer, &[PartnershipCode::Somerset]);
    let mut bad = somerset_small_input();
    bad["byCategory"]["physical"] = json!(301);
    let (_, body) = app
        .post_graphql(Some(&somerset), SUBMIT, json!({ "input": bad }))
        .await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "input.byCategory");
    let mut negative = somerset_small_input();
    negative["adviceEnquiries"] = json!(-1);
    let (_, body) = app
        .post_graphql(Some(&somerset), SUBMIT, json!({ "input": negative }))
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["field"],
        "input.adviceEnquiries"
    );
    assert_eq!(
        app.error_code(
            Some(&officer),
            SUBMIT,
            json!({ "input": somerset_small_input() })
        )
        .await,
        "FORBIDDEN",
        "a CDOP officer does not write LADO figures"
    );

    let first = app
        .ok(
            Some(&somerset),
            SUBMIT,
            json!({ "input": somerset_small_input() }),
        )
        .await["submitLadoReturn"]
        .clone();
    assert_eq!(
        app.error_code(
            Some(&somerset),
            SUBMIT,
            json!({ "input": somerset_small_input() })
        )
        .await,
        "CONFLICT",
        "a second first return does not overwrite"
    );
    let mut update = somerset_small_input();
    update["expectedVersion"] = first["version"].clone();
    update["adviceEnquiries"] = json!(61);
    let second = app
        .ok(Some(&somerset), SUBMIT, json!({ "input": update.clone() }))
        .await["submitLadoReturn"]
        .clone();
    assert_eq!(second["version"], 2);
    assert_eq!(
        app.error_code(Some(&somerset), SUBMIT, json!({ "input": update }))
            .await,
        "CONFLICT",
        "stale version"
    );
}

#[tokio::test]
async fn the_lado_metrics_are_listed_and_benchmarked_for_the_five_partnerships() {
    let app = TestApp::with_demo().await;
    let listed = app
        .ok(
            None,
            "{ metrics(dataset: LADO) { id unit better definition } }",
            json!({}),
        )
        .await;
    let metrics = listed["metrics"].as_array().expect("list");
    let ids: Vec<&str> = metrics.iter().filter_map(|m| m["id"].as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "lado.notifications",
            "lado.notifications_per_10k",
            "lado.threshold_met_share",
            "lado.category_physical_share",
            "lado.category_sexual_share",
            "lado.category_emotional_share",
            "lado.category_neglect_or_inappropriate_behaviour_share",
        ]
    );
    assert!(metrics
        .iter()
        .all(|m| m["definition"].as_str().is_some_and(|d| !d.is_empty())));

    let m = app
        .ok(
            None,
            r#"query($ms: [String!]!) { benchmarkMatrix(metrics: $ms, period: "2024-25") {
                 benchmarks { metric { id } rows { partnership value status suppressed illustrative } } } }"#,
            json!({ "ms": ids }),
        )
        .await;
    let benchmarks = m["benchmarkMatrix"]["benchmarks"].as_array().expect("list");
    assert_eq!(benchmarks.len(), ids.len());
    let row = |metric: &str, p: &str| -> Value {
        benchmarks
            .iter()
            .find(|b| b["metric"]["id"] == metric)
            .and_then(|b| b["rows"].as_array())
            .and_then(|rows| rows.iter().find(|r| r["partnership"] == p))
            .cloned()
            .unwrap_or(Value::Null)
    };
    for b in benchmarks {
        assert_eq!(
            b["rows"].as_array().map(Vec::len),
            Some(5),
            "{}",
            b["metric"]["id"]
        );
    }
    assert_eq!(row("lado.notifications", "SOMERSET")["value"], 772.0);
    assert_eq!(row("lado.notifications", "SOMERSET")["illustrative"], false);
    // 772 per 110,512 children (ONS 2022) is 69.9 per 10,000.
    assert_eq!(row("lado.notifications_per_10k", "SOMERSET")["value"], 69.9);
    // 296 of 772 met the threshold: 38.3%.
    assert_eq!(row("lado.threshold_met_share", "SOMERSET")["value"], 38.3);
    assert_eq!(
        row("lado.threshold_met_share", "BRISTOL")["illustrative"],
        true
    );
    // Bath and North East Somerset's 4 allegations of emotional abuse are hidden.
    assert_eq!(
        row("lado.category_emotional_share", "BATH_NE_SOMERSET")["suppressed"],
        true
    );
    assert_eq!(
        row("lado.category_emotional_share", "BATH_NE_SOMERSET")["value"],
        Value::Null
    );
}

#[tokio::test]
async fn a_sharing_agreement_for_lado_gives_another_partnership_exact_figures_audited_under_it() {
    let app = TestApp::with_demo().await;
    let bristol = app.token(Role::PartnershipManager, &[PartnershipCode::Bristol]);
    let banes = app.token(Role::PartnershipManager, &[PartnershipCode::BathNeSomerset]);
    let admin = app.token(Role::RegionalAdmin, &[]);
    let emotional = |r: &Value| figure(r, &["byCategory", "emotional"]).clone();
    let before = read(&app, Some(&bristol), "BATH_NE_SOMERSET", "2024-25").await;
    assert_eq!(emotional(&before)["suppressed"], true);

    let proposed = app
        .ok(
            Some(&bristol),
            r#"mutation { proposeSharingAgreement(input: {
                 title: "B&NES LADO figures for Bristol's allegations review",
                 provider: BATH_NE_SOMERSET, recipients: [{partnership: BRISTOL}],
                 dataset: LADO, level: EXACT_AGGREGATES,
                 purpose: "Comparing managing-allegations practice", startDate: "2024-01-01" }) {
                 id databaseId version } }"#,
            json!({}),
        )
        .await["proposeSharingAgreement"]
        .clone();
    let mut version = proposed["version"].as_i64().expect("version");
    for (token, p) in [(&banes, "BATH_NE_SOMERSET"), (&bristol, "BRISTOL")] {
        let signed = app
            .ok(
                Some(token),
                r#"mutation($id: ID!, $p: PartnershipCode!, $v: Int!) {
                     signSharingAgreement(id: $id, partnership: $p, expectedVersion: $v) { version inForce } }"#,
                json!({ "id": proposed["id"], "p": p, "v": version }),
            )
            .await;
        version = signed["signSharingAgreement"]["version"]
            .as_i64()
            .expect("version");
    }

    let after = read(&app, Some(&bristol), "BATH_NE_SOMERSET", "2024-25").await;
    assert_eq!(after["disclosureControlled"], false);
    assert_eq!(emotional(&after)["value"], 4);
    let audit = app
        .ok(
            Some(&admin),
            r#"{ auditEvents(filter: {operation: "readLadoReturn"}) { edges { node { partnership agreementId } } } }"#,
            json!({}),
        )
        .await;
    assert!(audit["auditEvents"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .any(|e| e["node"]["partnership"] == "BATH_NE_SOMERSET"
            && e["node"]["agreementId"] == proposed["databaseId"]));
    // Another partnership's manager, outside the agreement, still sees it suppressed.
    let ns = app.token(Role::PartnershipManager, &[PartnershipCode::NorthSomerset]);
    let other = read(&app, Some(&ns), "BATH_NE_SOMERSET", "2024-25").await;
    assert_eq!(emotional(&other)["suppressed"], true);
}

#[tokio::test]
async fn a_page_of_ten_and_a_page_of_a_hundred_cost_the_same_statements() {
    let app = TestApp::spawn().await;
    seed_many_returns(&app, 110).await;
    let query = format!(
        "query($first: Int!) {{ ladoReturns(first: $first) {{ totalCount edges {{ node {{ id period {{ label startDate }} provenance {{ citation }} figures {{ notifications {FIGURE} byCategory {{ emotional {FIGURE} }} }} }} }} }} }}"
    );
    let admin = app.token(Role::RegionalAdmin, &[]);
    // count, page, figures, populations, periods; and for the admin, being
    // an exact reader, the one audit insert.
    for (token, expected) in [(None, 5), (Some(admin.as_str()), 6)] {
        app.ok(token, &query, json!({ "first": 10 })).await;
        let mut cost = Vec::new();
        for first in [10, 100] {
            let before = app.statements.get();
            let data = app.ok(token, &query, json!({ "first": first })).await;
            cost.push(app.statements.get() - before);
            assert_eq!(
                data["ladoReturns"]["edges"].as_array().map(Vec::len),
                Some(first)
            );
        }
        assert_eq!(
            cost,
            [expected, expected],
            "statements for 10 and 100 returns"
        );
    }
}

/// Inserts `n` published returns across the five partnerships and enough
/// non-standard periods to hold them.
async fn seed_many_returns(app: &TestApp, n: usize) {
    use chrono::NaiveDate;
    use entity::lado_return::{self, LadoReturnStatus};
    use entity::lado_return_cell::{self, LadoCell};
    use entity::reporting_period;
    use sea_orm::{EntityTrait, Set};

    let periods = n.div_ceil(PartnershipCode::ALL.len());
    let mut period_rows = Vec::new();
    let mut returns = Vec::new();
    let mut cells = Vec::new();
    for i in 0..periods {
        let year = 1700 + i as i32;
        let start = NaiveDate::from_ymd_opt(year, 1, 1).expect("date");
        let end = NaiveDate::from_ymd_opt(year, 12, 31).expect("date");
        let label = format!("{start}/{end}");
        period_rows.push(reporting_period::ActiveModel {
            label: Set(label.clone()),
            start_date: Set(start),
            end_date: Set(end),
            standard: Set(false),
            description: Set("statement budget test".into()),
        });
        for p in PartnershipCode::ALL {
            let id = uuid::Uuid::new_v4().to_string();
            returns.push(lado_return::ActiveModel {
                id: Set(id.clone()),
                partnership_code: Set(p),
                period_label: Set(label.clone()),
                period_start: Set(start),
                status: Set(LadoReturnStatus::Published),
                source: Set("test".into()),
                source_quote: Set(None),
                illustrative: Set(true),
                submitted_by: Set("test".into()),
                submitted_at: Set(chrono::Utc::now()),
                published_by: Set(Some("test".into())),
                published_at: Set(Some(chrono::Utc::now())),
                version: Set(2),
            });
            for (cell, count) in [
                (LadoCell::Notifications, 120),
                (LadoCell::CategoryEmotional, 3),
            ] {
                cells.push(lado_return_cell::ActiveModel {
                    return_id: Set(id.clone()),
                    cell: Set(cell),
                    count: Set(count),
                    share_percent: Set(None),
                });
            }
        }
    }
    reporting_period::Entity::insert_many(period_rows)
        .exec_without_returning(&app.db)
        .await
        .expect("periods");
    for chunk in returns.chunks(50) {
        lado_return::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&app.db)
            .await
            .expect("returns");
    }
    for chunk in cells.chunks(100) {
        lado_return_cell::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&app.db)
            .await
            .expect("cells");
    }
}

#[tokio::test]
async fn somersets_notifications_trend_over_the_published_years_with_no_better_direction() {
    let app = TestApp::with_demo().await;
    let t = app
        .ok(
            None,
            r#"{ trend(metric: "lado.notifications", partnership: SOMERSET, from: "2015-16", to: "2024-25") {
                 direction points { period { label } value comparable } } }"#,
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
    for (label, n) in [
        ("2015-16", 353.0),
        ("2016-17", 478.0),
        ("2018-19", 501.0),
        ("2019-20", 493.0),
        ("2023-24", 742.0),
        ("2024-25", 772.0),
    ] {
        assert_eq!(value(label), Some(json!(n)), "{label}");
    }
    // Neither way is better for notifications: the trend says only up or down.
    assert_eq!(t["trend"]["direction"], "INCREASING");
}

#[tokio::test]
async fn the_export_writes_a_suppressed_lado_share_as_c() {
    let app = TestApp::with_demo().await;
    let csv = app
        .client
        .get(format!("{}/export/benchmark.csv", app.address))
        .query(&[
            ("metric", "lado.category_emotional_share"),
            ("period", "2024-25"),
        ])
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("text");
    assert_eq!(
        csv.lines().count(),
        6,
        "a header and five partnerships: {csv}"
    );
    let banes = csv
        .lines()
        .find(|l| l.contains("E06000022"))
        .expect("Bath and North East Somerset's row");
    assert!(banes.split(',').any(|cell| cell == "c"), "{banes}");
    assert!(!banes.contains(",4,") && !banes.contains("2.5"), "{banes}");
}
