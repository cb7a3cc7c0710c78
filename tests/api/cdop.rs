//! CDOP returns through the real app: exact figures for those with exact
//! rights, disclosure control for everyone else, validation, versions, the
//! regional summary, the audit of exact reads and the statement budget.
use entity::PartnershipCode;
use hub::auth::role::Role;
use serde_json::{json, Value};

use crate::helpers::{Options, TestApp};

const SUBMIT: &str = r#"mutation($input: CdopReturnInput!) {
  submitCdopReturn(input: $input) { id version status disclosureControlled
    figures { deathsNotified { value suppressed } } } }"#;

const PUBLISH: &str = r#"mutation($id: ID!, $v: Int!) {
  publishCdopReturn(id: $id, expectedVersion: $v) { id version status } }"#;

const FIGURE: &str =
    "{ value reported suppressed sharePercent ratePer10k unreliable populationYear }";

fn read_return() -> String {
    format!(
        r#"query($p: PartnershipCode!, $period: String!) {{ cdopReturn(partnership: $p, period: $period) {{
          id version status disclosureControlled partnership period {{ label }} panel {{ code }}
          provenance {{ citation quote source illustrative submittedBy }}
          figures {{ deathsNotified {FIGURE} reviewsCompleted {FIGURE}
            byAgeBand {{ complete age0To27Days {FIGURE} age28To364Days {FIGURE} under1Year {FIGURE}
              age1To4 {FIGURE} age5To9 {FIGURE} age10To14 {FIGURE} age15To17 {FIGURE} }}
            byExpectation {{ complete expected {FIGURE} unexpected {FIGURE} }}
            byTimeToReview {{ complete under6Months {FIGURE} from6To12Months {FIGURE} over12Months {FIGURE} }} }} }} }}"#
    )
}

/// A Somerset return with small cells: 2 deaths aged 1-4 and 3 aged 15-17.
fn somerset_input() -> Value {
    json!({
        "partnership": "SOMERSET", "period": "2025-26",
        "source": "Pan-Dorset and Somerset CDOP case system export",
        "deathsNotified": 26, "reviewsCompleted": 24,
        "byAgeBand": { "age0To27Days": 9, "age28To364Days": 6, "age1To4": 2, "age5To9": 0, "age10To14": 6, "age15To17": 3 },
        "byExpectation": { "expected": 15, "unexpected": 9 },
        "byTimeToReview": { "under6Months": 4, "from6To12Months": 12, "over12Months": 8 }
    })
}

async fn submit(app: &TestApp, token: &str, input: Value) -> Value {
    app.ok(Some(token), SUBMIT, json!({ "input": input })).await["submitCdopReturn"].clone()
}

fn figure<'a>(r: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(&r["figures"], |v, k| &v[*k])
}

fn bad_input_field(body: &Value) -> (&str, &str) {
    let ext = &body["errors"][0]["extensions"];
    (
        ext["code"].as_str().unwrap_or_default(),
        ext["field"].as_str().unwrap_or_default(),
    )
}

#[tokio::test]
async fn an_officer_reads_exact_figures_and_others_read_the_published_return_suppressed() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CdopOfficer, &[PartnershipCode::Somerset]);
    let bristol = app.token(Role::PartnershipManager, &[PartnershipCode::Bristol]);
    let somerset_manager = app.token(Role::PartnershipManager, &[PartnershipCode::Somerset]);
    let vars = json!({ "p": "SOMERSET", "period": "2025-26" });

    let saved = submit(&app, &officer, somerset_input()).await;
    assert_eq!(saved["status"], "SUBMITTED");
    assert_eq!(saved["disclosureControlled"], false);

    let exact = app.ok(Some(&officer), &read_return(), vars.clone()).await["cdopReturn"].clone();
    assert_eq!(exact["disclosureControlled"], false);
    assert_eq!(figure(&exact, &["byAgeBand", "age1To4", "value"]), 2);
    assert_eq!(
        figure(&exact, &["byAgeBand", "under1Year", "value"]),
        15,
        "worked out from the infant bands"
    );
    assert_eq!(
        figure(&exact, &["byTimeToReview", "under6Months", "value"]),
        4
    );
    assert_eq!(exact["panel"]["code"], "PAN_DORSET_AND_SOMERSET");
    assert_eq!(exact["provenance"]["submittedBy"], "dev-cdop_officer");
    assert_eq!(figure(&exact, &["deathsNotified", "populationYear"]), 2022);
    assert_eq!(
        figure(&exact, &["deathsNotified", "ratePer10k"]),
        2.4,
        "one decimal place, as DfE publishes rates"
    );

    // Unpublished: as absent for a Bristol manager and the public as a return never submitted.
    for token in [Some(bristol.as_str()), None] {
        assert_eq!(
            app.error_code(token, &read_return(), vars.clone()).await,
            "NOT_FOUND"
        );
    }

    app.ok(
        Some(&somerset_manager),
        PUBLISH,
        json!({ "id": saved["id"], "v": saved["version"] }),
    )
    .await;

    for token in [Some(bristol.as_str()), None] {
        let seen = app.ok(token, &read_return(), vars.clone()).await["cdopReturn"].clone();
        assert_eq!(seen["disclosureControlled"], true);
        assert_eq!(seen["provenance"]["submittedBy"], Value::Null);
        // Primary: 2 and 3 are hidden; 0 is shown.
        let age = figure(&seen, &["byAgeBand"]);
        for band in ["age1To4", "age15To17"] {
            assert_eq!(age[band]["suppressed"], true, "{band}");
            assert_eq!(age[band]["value"], Value::Null);
            assert_eq!(age[band]["reported"], true);
            assert_eq!(age[band]["sharePercent"], Value::Null);
        }
        assert_eq!(age["age5To9"]["value"], 0);
        // Time to review: the 4 alone would be 24 - 12 - 8, so the next
        // smallest (8) is hidden with it.
        let time = figure(&seen, &["byTimeToReview"]);
        assert_eq!(time["under6Months"]["suppressed"], true);
        assert_eq!(time["over12Months"]["suppressed"], true);
        assert_eq!(time["from6To12Months"]["value"], 12);
        assert_eq!(time["from6To12Months"]["sharePercent"], 50.0);
        assert_eq!(figure(&seen, &["deathsNotified", "value"]), 26);
        assert_no_breakdown_gives_a_cell_away(&seen["figures"]);
    }
}

/// Within each breakdown shown with its total, the hidden cells never come
/// back by subtraction.
fn assert_no_breakdown_gives_a_cell_away(figures: &Value) {
    for (breakdown, total, parts) in [
        (
            "byAgeBand",
            "deathsNotified",
            vec!["under1Year", "age1To4", "age5To9", "age10To14", "age15To17"],
        ),
        (
            "byExpectation",
            "reviewsCompleted",
            vec!["expected", "unexpected"],
        ),
        (
            "byTimeToReview",
            "reviewsCompleted",
            vec!["under6Months", "from6To12Months", "over12Months"],
        ),
    ] {
        let b = &figures[breakdown];
        if b["complete"] != true || figures[total]["value"].is_null() {
            continue;
        }
        let hidden = parts
            .iter()
            .filter(|p| b[**p]["suppressed"] == true)
            .count();
        assert_ne!(
            hidden, 1,
            "{breakdown}: a single hidden cell is total minus the rest: {b}"
        );
    }
}

#[tokio::test]
async fn the_regional_summary_shows_a_regional_total_with_no_recoverable_cell() {
    let app = TestApp::with_demo().await;
    let query = format!(
        r#"{{ cdopRegionalSummary(period: "2024-25") {{ complete disclosureControlled period {{ label }}
            region {{ deathsNotified {FIGURE} reviewsCompleted {FIGURE} byAgeBand {{ under1Year {FIGURE} age15To17 {FIGURE} age1To4 {FIGURE} }}
              byExpectation {{ expected {FIGURE} unexpected {FIGURE} }} }}
            partnerships {{ partnership cdopReturn {{ disclosureControlled figures {{ deathsNotified {FIGURE} reviewsCompleted {FIGURE}
              byAgeBand {{ under1Year {FIGURE} age15To17 {FIGURE} age1To4 {FIGURE} }}
              byExpectation {{ expected {FIGURE} unexpected {FIGURE} }} }} }} }} }} }}"#
    );
    let analyst = app.token(Role::Analyst, &[]);
    for token in [None, Some(analyst.as_str())] {
        let s = app.ok(token, &query, json!({})).await["cdopRegionalSummary"].clone();
        assert_eq!(s["complete"], true);
        assert_eq!(s["disclosureControlled"], true);
        let region = &s["region"];
        // 24 + 9 + 14 + 8 + 27 deaths notified: every figure behind it is shown.
        assert_eq!(region["deathsNotified"]["value"], 82);
        assert_eq!(region["deathsNotified"]["populationYear"], 2022);
        // Somerset's 5 aged 15-17 is hidden, so the regional 15-17 is too;
        // Somerset did not report 1-4, so there is no regional 1-4.
        assert_eq!(region["byAgeBand"]["age15To17"]["suppressed"], true);
        assert_eq!(region["byAgeBand"]["age1To4"]["reported"], false);
        let rows = s["partnerships"].as_array().expect("rows");
        assert_eq!(rows.len(), 5);
        // No column: a shown regional figure never stands beside a hidden one.
        for path in [
            vec!["deathsNotified"],
            vec!["reviewsCompleted"],
            vec!["byAgeBand", "under1Year"],
            vec!["byAgeBand", "age15To17"],
            vec!["byExpectation", "expected"],
            vec!["byExpectation", "unexpected"],
        ] {
            let get = |v: &Value| path.iter().fold(v, |v, k| &v[*k]).clone();
            let total = get(region);
            let cells: Vec<Value> = rows
                .iter()
                .map(|r| get(&r["cdopReturn"]["figures"]))
                .collect();
            if total["value"].is_number() {
                assert!(
                    cells.iter().all(|c| c["suppressed"] == false),
                    "{path:?}: {cells:?}"
                );
                let sum: i64 = cells.iter().filter_map(|c| c["value"].as_i64()).sum();
                assert_eq!(total["value"].as_i64(), Some(sum));
            }
            for c in &cells {
                if let Some(v) = c["value"].as_i64() {
                    assert!(!(1..=5).contains(&v), "{path:?} shows {v}");
                }
            }
        }
    }
    // A regional admin sees all five exactly, and the region exactly.
    let admin = app.token(Role::RegionalAdmin, &[]);
    let s = app.ok(Some(&admin), &query, json!({})).await["cdopRegionalSummary"].clone();
    assert_eq!(s["disclosureControlled"], false);
    assert_eq!(
        s["region"]["byAgeBand"]["age15To17"]["value"],
        5 + 4 + 3 + 3 + 3
    );
    assert_eq!(
        app.error_code(
            None,
            r#"{ cdopRegionalSummary(period: "1999-00") { complete } }"#,
            json!({})
        )
        .await,
        "BAD_USER_INPUT"
    );
}

#[tokio::test]
async fn invalid_returns_are_refused_naming_the_cell_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CdopOfficer, &[PartnershipCode::Somerset]);
    let with = |patch: Value| {
        let mut input = somerset_input();
        for (k, v) in patch.as_object().expect("object") {
            input[k] = v.clone();
        }
        json!({ "input": input })
    };
    let cases = [
        (
            with(json!({ "byAgeBand": { "age1To4": -1 } })),
            "input.byAgeBand.age1To4",
        ),
        (
            with(json!({ "byExpectation": { "expected": 15, "unexpected": 8 } })),
            "input.byExpectation",
        ),
        (
            with(
                json!({ "byAgeBand": { "age0To27Days": 9, "age28To364Days": 6, "under1Year": 14 } }),
            ),
            "input.byAgeBand.under1Year",
        ),
        (with(json!({ "period": "2031-32" })), "input.period"),
        (
            with(json!({ "partnership": "BRISTOL" })),
            "input.partnership",
        ),
        (with(json!({ "source": "  " })), "input.source"),
        (with(json!({ "source": "x".repeat(501) })), "input.source"),
        (with(json!({ "quote": "x".repeat(20_001) })), "input.quote"),
        // More deaths than Somerset has children, and the largest Int.
        (
            with(json!({ "deathsNotified": 1_000_000 })),
            "input.deathsNotified",
        ),
        (
            with(json!({ "deathsNotified": 2_147_483_647 })),
            "input.deathsNotified",
        ),
        (
            with(json!({ "reviewsCompleted": 200_000 })),
            "input.reviewsCompleted",
        ),
        (
            with(json!({ "shares": [{ "cell": "EXPECTED", "percent": 101 }] })),
            "input.shares[0].percent",
        ),
        (
            with(json!({ "shares": [{ "cell": "EXPECTED", "percent": 10 }] })),
            "input.shares[0].percent",
        ),
    ];
    for (vars, field) in cases {
        let (_, body) = app.post_graphql(Some(&officer), SUBMIT, vars).await;
        assert_eq!(bad_input_field(&body), ("BAD_USER_INPUT", field), "{body}");
    }
    let admin = app.token(Role::RegionalAdmin, &[]);
    let listed = app
        .ok(Some(&admin), "{ cdopReturns { totalCount } }", json!({}))
        .await;
    assert_eq!(listed["cdopReturns"]["totalCount"], 0);
    // Refusals are audited too.
    let audit = app
        .ok(
            Some(&admin),
            r#"{ auditEvents(filter: {operation: "submitCdopReturn"}) { totalCount edges { node { outcome } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(audit["auditEvents"]["totalCount"], 13);
    assert_eq!(
        audit["auditEvents"]["edges"][0]["node"]["outcome"],
        "BAD_USER_INPUT"
    );
}

#[tokio::test]
async fn a_second_return_is_an_update_against_its_version() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CdopOfficer, &[PartnershipCode::Somerset]);
    let manager = app.token(Role::PartnershipManager, &[PartnershipCode::Somerset]);
    let first = submit(&app, &officer, somerset_input()).await;
    assert_eq!(first["version"], 1);
    // Without a version: CONFLICT, nothing overwritten.
    assert_eq!(
        app.error_code(Some(&officer), SUBMIT, json!({ "input": somerset_input() }))
            .await,
        "CONFLICT"
    );
    let mut update = somerset_input();
    update["expectedVersion"] = json!(1);
    update["deathsNotified"] = json!(27);
    update["byAgeBand"]["age10To14"] = json!(7);
    let second = submit(&app, &manager, update.clone()).await;
    assert_eq!(second["version"], 2);
    assert_eq!(second["id"], first["id"]);
    assert_eq!(second["figures"]["deathsNotified"]["value"], 27);
    // The same stale version again: CONFLICT.
    assert_eq!(
        app.error_code(Some(&officer), SUBMIT, json!({ "input": update }))
            .await,
        "CONFLICT"
    );
    // Publishing is versioned too, and an update takes the return back to submitted.
    assert_eq!(
        app.error_code(
            Some(&manager),
            PUBLISH,
            json!({ "id": second["id"], "v": 1 })
        )
        .await,
        "CONFLICT"
    );
    assert_eq!(
        app.error_code(
            Some(&officer),
            PUBLISH,
            json!({ "id": second["id"], "v": 2 })
        )
        .await,
        "FORBIDDEN",
        "a cdop_officer submits; the partnership publishes"
    );
    let published = app
        .ok(
            Some(&manager),
            PUBLISH,
            json!({ "id": second["id"], "v": 2 }),
        )
        .await["publishCdopReturn"]
        .clone();
    assert_eq!(published["status"], "PUBLISHED");
    assert_eq!(
        app.error_code(
            Some(&manager),
            PUBLISH,
            json!({ "id": second["id"], "v": 3 })
        )
        .await,
        "CONFLICT",
        "already published"
    );
    let vars = json!({ "p": "SOMERSET", "period": "2025-26" });
    app.ok(None, &read_return(), vars.clone()).await;
    let mut correction = somerset_input();
    correction["expectedVersion"] = json!(3);
    let corrected = submit(&app, &officer, correction).await;
    assert_eq!(corrected["status"], "SUBMITTED");
    assert_eq!(
        app.error_code(None, &read_return(), vars).await,
        "NOT_FOUND"
    );
}

#[tokio::test]
async fn every_exact_read_is_audited_in_one_statement_and_public_reads_are_not() {
    let app = TestApp::with_demo().await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    let officer = app.token(Role::CdopOfficer, &[PartnershipCode::Somerset]);
    let audit_query = r#"{ auditEvents(filter: {operation: "readCdopReturn"}) { totalCount edges { node { actor partnership recordType recordId agreementId detail } } } }"#;
    let before = app.ok(Some(&admin), audit_query, json!({})).await["auditEvents"]["totalCount"]
        .as_u64()
        .unwrap_or_default();
    assert_eq!(before, 0);

    // Anonymous and analyst reads of published returns are controlled: not audited.
    app.ok(
        None,
        "{ cdopReturns(first: 100) { totalCount edges { node { id } } } }",
        json!({}),
    )
    .await;
    let after_public = app.ok(Some(&admin), audit_query, json!({})).await;
    assert_eq!(after_public["auditEvents"]["totalCount"], 0);

    // The Somerset officer's list: five Somerset returns exact (audited), the rest controlled.
    let listed = app
        .ok(
            Some(&officer),
            "{ cdopReturns(first: 100) { totalCount edges { node { id: databaseId partnership disclosureControlled } } } }",
            json!({}),
        )
        .await;
    let exact_ids: Vec<String> = listed["cdopReturns"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .filter(|e| e["node"]["disclosureControlled"] == false)
        .map(|e| e["node"]["id"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(exact_ids.len(), 5);
    let audit = app.ok(Some(&admin), audit_query, json!({})).await;
    assert_eq!(audit["auditEvents"]["totalCount"], 5);
    for edge in audit["auditEvents"]["edges"].as_array().expect("edges") {
        let node = &edge["node"];
        assert_eq!(node["actor"], "dev-cdop_officer");
        assert_eq!(node["partnership"], "SOMERSET");
        assert_eq!(node["recordType"], "cdop_return");
        assert_eq!(node["agreementId"], Value::Null);
        assert!(exact_ids.contains(&node["recordId"].as_str().unwrap_or_default().to_string()));
    }
    // The regional summary and the single return are audited the same way.
    app.ok(
        Some(&officer),
        r#"{ cdopRegionalSummary(period: "2024-25") { complete } }"#,
        json!({}),
    )
    .await;
    let audit = app.ok(Some(&admin), audit_query, json!({})).await;
    assert_eq!(audit["auditEvents"]["totalCount"], 6);
    assert!(audit["auditEvents"]["edges"][0]["node"]["detail"]
        .as_str()
        .is_some_and(|d| d.starts_with("cdopRegionalSummary: 2024-25")));
}

#[tokio::test]
async fn demo_data_cites_the_seeds_and_shows_published_percentages_with_their_base() {
    let app = TestApp::with_demo().await;
    let vars = json!({ "p": "SOMERSET", "period": "2016-17" });
    let admin = app.token(Role::RegionalAdmin, &[]);
    let exact = app.ok(Some(&admin), &read_return(), vars.clone()).await["cdopReturn"].clone();
    assert!(exact["provenance"]["citation"]
        .as_str()
        .is_some_and(|s| s.contains("seed 002") && s.contains("7.2")));
    assert_eq!(
        exact["provenance"]["source"], exact["provenance"]["citation"],
        "the deprecated field gives the citation"
    );
    assert!(exact["provenance"]["quote"]
        .as_str()
        .is_some_and(|q| q.contains("4% of reviews within 6 months")));
    assert_eq!(exact["provenance"]["illustrative"], false);
    assert_eq!(exact["panel"]["code"], "SOMERSET");
    assert_eq!(figure(&exact, &["deathsNotified", "value"]), 24);
    assert_eq!(figure(&exact, &["deathsNotified", "ratePer10k"]), 2.2);
    assert_eq!(figure(&exact, &["deathsNotified", "populationYear"]), 2016);
    assert_eq!(figure(&exact, &["byExpectation", "expected", "value"]), 16);
    assert_eq!(
        figure(&exact, &["byExpectation", "expected", "sharePercent"]),
        59.0
    );
    assert_eq!(
        figure(&exact, &["byTimeToReview", "under6Months", "value"]),
        1
    );
    assert_eq!(
        figure(&exact, &["byTimeToReview", "under6Months", "sharePercent"]),
        4.0
    );

    let public = app.ok(None, &read_return(), vars).await["cdopReturn"].clone();
    assert_eq!(
        figure(&public, &["byTimeToReview", "under6Months", "suppressed"]),
        true
    );
    assert_eq!(
        figure(&public, &["byTimeToReview", "over12Months", "suppressed"]),
        true
    );
    assert_eq!(
        figure(
            &public,
            &["byTimeToReview", "from6To12Months", "sharePercent"]
        ),
        70.0
    );
    assert_eq!(
        figure(&public, &["byExpectation", "unexpected", "sharePercent"]),
        41.0
    );

    let y2024 = app
        .ok(
            None,
            &read_return(),
            json!({ "p": "SOMERSET", "period": "2024-25" }),
        )
        .await["cdopReturn"]
        .clone();
    assert_eq!(figure(&y2024, &["byAgeBand", "under1Year", "value"]), 19);
    assert_eq!(
        figure(&y2024, &["byAgeBand", "age15To17", "suppressed"]),
        true
    );
    assert_eq!(figure(&y2024, &["byAgeBand", "complete"]), false);
    assert_eq!(figure(&y2024, &["reviewsCompleted", "value"]), 28);
    assert_eq!(figure(&y2024, &["reviewsCompleted", "ratePer10k"]), 2.5);
    assert!(y2024["provenance"]["citation"]
        .as_str()
        .is_some_and(|s| s.contains("seed 001")));

    let y2019 = app
        .ok(
            None,
            &read_return(),
            json!({ "p": "SOMERSET", "period": "2019-20" }),
        )
        .await["cdopReturn"]
        .clone();
    assert_eq!(figure(&y2019, &["reviewsCompleted", "value"]), 32);
    assert_eq!(figure(&y2019, &["deathsNotified", "reported"]), false);
    assert_eq!(y2019["panel"]["code"], "PAN_DORSET_AND_SOMERSET");

    let panels = app
        .ok(None, "{ cdopPanels { code } westOfEngland: cdopReturns(filter: {panel: \"WEST_OF_ENGLAND\"}, first: 100) { totalCount edges { node { partnership provenance { illustrative } } } } }", json!({}))
        .await;
    assert_eq!(panels["cdopPanels"].as_array().map(Vec::len), Some(3));
    let west = panels["westOfEngland"]["edges"].as_array().expect("edges");
    assert_eq!(
        west.len(),
        8,
        "the published illustrative returns of the four former Avon areas"
    );
    assert!(west.iter().all(|e| e["node"]["partnership"] != "SOMERSET"
        && e["node"]["provenance"]["illustrative"] == true));
}

#[tokio::test]
async fn the_suppression_threshold_is_configuration() {
    let app = TestApp::spawn_with(Options {
        env: vec![("SUPPRESSION_THRESHOLD", "2".into())],
        demo_data: true,
        ..Default::default()
    })
    .await;
    let seen = app
        .ok(
            None,
            &read_return(),
            json!({ "p": "SOMERSET", "period": "2024-25" }),
        )
        .await["cdopReturn"]
        .clone();
    assert_eq!(figure(&seen, &["byAgeBand", "age15To17", "value"]), 5);
}

#[tokio::test]
async fn a_page_of_ten_and_a_page_of_a_hundred_cost_the_same_statements() {
    let app = TestApp::spawn().await;
    seed_many_returns(&app, 110).await;
    let query = format!(
        "query($first: Int!) {{ cdopReturns(first: $first) {{ totalCount edges {{ node {{ id period {{ label startDate }} panel {{ name }} provenance {{ source }} figures {{ deathsNotified {FIGURE} byAgeBand {{ age1To4 {FIGURE} }} }} }} }} }} }}"
    );
    let admin = app.token(Role::RegionalAdmin, &[]);
    // count, page, figures, populations, periods, panels; and for the
    // admin, being an exact reader, the one audit insert. (It reads every
    // record already, so no agreement is read to resolve its scope.)
    for (token, expected) in [(None, 6), (Some(admin.as_str()), 7)] {
        app.ok(token, &query, json!({ "first": 10 })).await;
        let mut cost = Vec::new();
        for first in [10, 100] {
            let before = app.statements.get();
            let data = app.ok(token, &query, json!({ "first": first })).await;
            cost.push(app.statements.get() - before);
            assert_eq!(
                data["cdopReturns"]["edges"].as_array().map(Vec::len),
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
    use entity::cdop_return::{self, CdopReturnStatus};
    use entity::cdop_return_cell::{self, CdopCell};
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
            returns.push(cdop_return::ActiveModel {
                id: Set(id.clone()),
                partnership_code: Set(p),
                period_label: Set(label.clone()),
                period_start: Set(start),
                panel_code: Set(Some("WEST_OF_ENGLAND".into())),
                status: Set(CdopReturnStatus::Published),
                source: Set("test".into()),
                source_quote: Set(None),
                illustrative: Set(true),
                submitted_by: Set("test".into()),
                submitted_at: Set(chrono::Utc::now()),
                published_by: Set(Some("test".into())),
                published_at: Set(Some(chrono::Utc::now())),
                version: Set(2),
            });
            for (cell, count) in [(CdopCell::DeathsNotified, 12), (CdopCell::Age1To4, 3)] {
                cells.push(cdop_return_cell::ActiveModel {
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
        cdop_return::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&app.db)
            .await
            .expect("returns");
    }
    for chunk in cells.chunks(100) {
        cdop_return_cell::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&app.db)
            .await
            .expect("cells");
    }
}

#[tokio::test]
async fn racing_writers_never_both_land() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CdopOfficer, &[PartnershipCode::Somerset]);
    let manager = app.token(Role::PartnershipManager, &[PartnershipCode::Somerset]);
    let vars = json!({ "input": somerset_input() });
    let (a, b) = tokio::join!(
        app.post_graphql(Some(&officer), SUBMIT, vars.clone()),
        app.post_graphql(Some(&manager), SUBMIT, vars.clone()),
    );
    let mut outcomes: Vec<String> = [a.1, b.1]
        .iter()
        .map(|body| crate::helpers::first_error_code(body).unwrap_or_else(|| "ok".into()))
        .collect();
    outcomes.sort();
    assert_eq!(outcomes, ["CONFLICT", "ok"]);

    // Two updates against the same version: one lands, the other is stale.
    let mut update = somerset_input();
    update["expectedVersion"] = json!(1);
    let vars = json!({ "input": update });
    let (a, b) = tokio::join!(
        app.post_graphql(Some(&officer), SUBMIT, vars.clone()),
        app.post_graphql(Some(&manager), SUBMIT, vars.clone()),
    );
    let mut outcomes: Vec<String> = [a.1, b.1]
        .iter()
        .map(|body| crate::helpers::first_error_code(body).unwrap_or_else(|| "ok".into()))
        .collect();
    outcomes.sort();
    assert_eq!(outcomes, ["CONFLICT", "ok"]);
}

#[tokio::test]
async fn quoted_wording_that_states_suppressed_figures_reaches_only_exact_viewers() {
    let app = TestApp::with_demo().await;
    let bristol_manager = app.token(Role::PartnershipManager, &[PartnershipCode::Bristol]);
    let somerset_manager = app.token(Role::PartnershipManager, &[PartnershipCode::Somerset]);
    // 2024-25: "5 between 15-17 years of age" beside a suppressed 5; 2016-17:
    // percentages that recover the two suppressed timeliness cells.
    for (period, wording) in [
        ("2024-25", "5 between 15-17 years of age"),
        ("2016-17", "4% of reviews within 6 months"),
    ] {
        let vars = json!({ "p": "SOMERSET", "period": period });
        for viewer in [None, Some(bristol_manager.as_str())] {
            let (_, body) = app.post_graphql(viewer, &read_return(), vars.clone()).await;
            let seen = &body["data"]["cdopReturn"];
            assert_eq!(seen["disclosureControlled"], true);
            assert_eq!(seen["provenance"]["quote"], Value::Null, "{period}");
            assert!(seen["provenance"]["citation"]
                .as_str()
                .is_some_and(|c| c.contains("seed 00")));
            // Nothing anywhere in the answer repeats the report's wording.
            let text = body.to_string();
            assert!(!text.contains(wording), "{period}: {text}");
            assert!(!text.contains("15-17 years"), "{period}: {text}");
        }
        let exact =
            app.ok(Some(&somerset_manager), &read_return(), vars).await["cdopReturn"].clone();
        assert_eq!(exact["disclosureControlled"], false);
        assert!(exact["provenance"]["quote"]
            .as_str()
            .is_some_and(|q| q.contains(wording)));
    }
}
