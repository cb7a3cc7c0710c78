//! The synthetic dataset: generated into a fresh database, read back through
//! the real HTTP app, and identical for the same seed.
use entity::PartnershipCode;
use hub::auth::role::Role;
use hub::auth::token::TokenRequest;
use hub::error::StartupError;
use hub::synthetic::{generate, SyntheticOptions, SyntheticSummary};
use sea_orm::{DatabaseConnection, EntityTrait};
use serde_json::{json, Value};

use crate::helpers::TestApp;

const STANDARDS: usize = 24;

fn small(seed: u64) -> SyntheticOptions {
    SyntheticOptions {
        years: 2,
        agencies_per_partnership: 5,
        seed,
        scrutiny_activities_per_partnership_year: 4,
    }
}

async fn loaded(options: &SyntheticOptions) -> (TestApp, SyntheticSummary) {
    let app = TestApp::spawn().await;
    let summary = generate(&app.db, options).await.expect("generate");
    (app, summary)
}

const RETURNS: &str = r#"query($after: String) {
  section11Returns(first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id status overallGrade source illustrative version partnership
      round { period { label } }
      grades { standard { number } selfAssessedGrade effectiveGrade }
      actions { standard { number } }
    } }
  }
}"#;

async fn all_returns(app: &TestApp, token: &str) -> (u64, Vec<Value>) {
    let mut after = Value::Null;
    let mut nodes = Vec::new();
    loop {
        let page = app
            .ok(Some(token), RETURNS, json!({ "after": after }))
            .await["section11Returns"]
            .clone();
        let total = page["totalCount"].as_u64().expect("totalCount");
        for edge in page["edges"].as_array().expect("edges") {
            nodes.push(edge["node"].clone());
        }
        if page["pageInfo"]["hasNextPage"] != true {
            return (total, nodes);
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
}

#[tokio::test]
async fn a_small_synthetic_dataset_is_complete_valid_and_queryable() {
    let options = small(1);
    let (app, summary) = loaded(&options).await;
    let expected_returns = 2 * 5 * 5;
    assert_eq!(summary.rows_in("section11_return"), expected_returns);
    assert_eq!(
        summary.rows_in("section11_grade"),
        expected_returns * STANDARDS as u64
    );
    assert_eq!(summary.rows_in("cdop_return"), 2 * 5);
    assert_eq!(summary.rows_in("lado_return"), 2 * 5);
    assert_eq!(summary.rows_in("lado_return_cell"), 2 * 5 * 26);
    assert_eq!(summary.rows_in("scrutiny_activity"), 2 * (5 * 4 + 1));
    // A handful of rapid reviews per partnership and year.
    assert!((10..=2 * 33).contains(&summary.rows_in("practice_review_rapid_review")));
    assert_eq!(summary.periods, vec!["2024-25", "2025-26"]);
    assert!(summary.to_string().contains("section11_grade"));

    // Section 11: every return is there, graded on every standard, with an
    // action for every grade below Good, and marked illustrative.
    let admin = app.token(Role::RegionalAdmin, &[]);
    let (total, returns) = all_returns(&app, &admin).await;
    assert_eq!(total, expected_returns);
    assert_eq!(returns.len() as u64, expected_returns);
    let mut statuses = std::collections::BTreeSet::new();
    for r in &returns {
        statuses.insert(r["status"].as_str().expect("status").to_string());
        assert!(r["overallGrade"].is_string(), "{r}");
        assert_eq!(r["illustrative"], true);
        assert!(r["source"]
            .as_str()
            .expect("source")
            .starts_with("Synthetic dataset, seed 1"));
        let grades = r["grades"].as_array().expect("grades");
        assert_eq!(grades.len(), STANDARDS, "{r}");
        let with_action: Vec<&Value> = r["actions"]
            .as_array()
            .expect("actions")
            .iter()
            .map(|a| &a["standard"]["number"])
            .collect();
        for g in grades {
            let below_good = matches!(
                g["selfAssessedGrade"].as_str(),
                Some("REQUIRES_IMPROVEMENT" | "INADEQUATE")
            );
            assert_eq!(
                below_good,
                with_action.contains(&&g["standard"]["number"]),
                "{r}"
            );
        }
        if r["round"]["period"]["label"] == "2024-25" {
            assert_ne!(r["status"], "DRAFT", "past rounds hold no drafts");
        }
    }
    for status in ["DRAFT", "PUBLISHED"] {
        assert!(statuses.contains(status), "{statuses:?}");
    }

    // A draft of the latest round can be edited and is complete enough to submit.
    let draft = returns
        .iter()
        .find(|r| r["status"] == "DRAFT")
        .expect("a draft");
    let updated = app
        .ok(
            Some(&admin),
            r#"mutation($input: UpdateSection11ReturnInput!) { updateSection11Return(input: $input) { version } }"#,
            json!({ "input": { "id": draft["id"], "expectedVersion": draft["version"], "overallGrade": "GOOD" } }),
        )
        .await;
    let version = updated["updateSection11Return"]["version"].clone();
    assert_eq!(version, draft["version"].as_i64().expect("version") + 1);
    let submitted = app
        .ok(
            Some(&admin),
            r#"mutation($input: SubmitSection11ReturnInput!) { submitSection11Return(input: $input) { status } }"#,
            json!({ "input": { "id": draft["id"], "expectedVersion": version } }),
        )
        .await;
    assert_eq!(submitted["submitSection11Return"]["status"], "SUBMITTED");

    // The summary of the latest round counts every expected agency.
    let rounds = app
        .ok(
            None,
            r#"{ section11Rounds(filter: { period: "2025-26" }) { edges { node { id illustrative } } } }"#,
            json!({}),
        )
        .await;
    let round = rounds["section11Rounds"]["edges"][0]["node"].clone();
    assert_eq!(round["illustrative"], true);
    let manager = app.token(Role::PartnershipManager, &[PartnershipCode::Bristol]);
    let s = app
        .ok(
            Some(&manager),
            r#"query($round: ID!) { section11Summary(round: $round, partnership: BRISTOL) { expected received standards { number graded } } }"#,
            json!({ "round": round["id"] }),
        )
        .await["section11Summary"]
        .clone();
    assert_eq!(s["expected"], 5);
    let standards = s["standards"].as_array().expect("standards");
    assert_eq!(standards.len(), STANDARDS);
    for standard in standards {
        assert_eq!(standard["graded"], s["received"], "{s}");
    }

    // CDOP: complete returns; exact totals add up, and disclosure control
    // has small cells to hide from the public.
    let figure = "{ value suppressed reported }";
    let query = format!(
        r#"{{ cdopRegionalSummary(period: "2025-26") {{ complete disclosureControlled
            region {{ deathsNotified {figure} byAgeBand {{ age1To4 {figure} age5To9 {figure} }} }}
            partnerships {{ partnership cdopReturn {{ figures {{ deathsNotified {figure}
              byAgeBand {{ age1To4 {figure} age5To9 {figure} age10To14 {figure} }} }} }} }} }} }}"#
    );
    let exact = app.ok(Some(&admin), &query, json!({})).await["cdopRegionalSummary"].clone();
    assert_eq!(exact["complete"], true);
    assert_eq!(exact["disclosureControlled"], false);
    let rows = exact["partnerships"].as_array().expect("rows");
    assert_eq!(rows.len(), 5);
    let sum: i64 = rows
        .iter()
        .map(|r| {
            r["cdopReturn"]["figures"]["deathsNotified"]["value"]
                .as_i64()
                .expect("exact value")
        })
        .sum();
    assert_eq!(exact["region"]["deathsNotified"]["value"], sum);
    let public = app.ok(None, &query, json!({})).await["cdopRegionalSummary"].clone();
    assert_eq!(public["disclosureControlled"], true);
    let hidden = public["partnerships"]
        .as_array()
        .expect("rows")
        .iter()
        .flat_map(|r| {
            let bands = &r["cdopReturn"]["figures"]["byAgeBand"];
            ["age1To4", "age5To9", "age10To14"].map(|band| bands[band]["suppressed"] == true)
        })
        .filter(|suppressed| *suppressed)
        .count();
    assert!(hidden > 0, "small cells are suppressed: {public}");

    // Scrutiny: every partnership has activity, and recommendations are open.
    let coverage = app
        .ok(
            Some(&admin),
            r#"{ scrutinyCoverage { rows { cells { partnership activities openRecommendations } } } }"#,
            json!({}),
        )
        .await["scrutinyCoverage"]["rows"]
        .clone();
    let cells: Vec<&Value> = coverage
        .as_array()
        .expect("rows")
        .iter()
        .flat_map(|r| r["cells"].as_array().expect("cells"))
        .collect();
    for p in PartnershipCode::ALL {
        let activities: i64 = cells
            .iter()
            .filter(|c| c["partnership"] == p.as_str())
            .map(|c| c["activities"].as_i64().expect("activities"))
            .sum();
        assert!(activities >= 2 * 4, "{p}: {activities}");
    }

    // An agency lead sees exactly its own agency's returns.
    let own = returns
        .iter()
        .find(|r| r["partnership"] == "SOMERSET")
        .expect("a Somerset return");
    let agency = app
        .ok(
            Some(&admin),
            r#"query($id: ID!) { section11Return(id: $id) { agency { id } } }"#,
            json!({ "id": own["id"] }),
        )
        .await["section11Return"]["agency"]["id"]
        .clone();
    let lead = app.token_with(&TokenRequest {
        agency: agency.as_str().map(str::to_string),
        ..TokenRequest::new(Role::AgencyLead, &[PartnershipCode::Somerset])
    });
    let (total, _) = all_returns(&app, &lead).await;
    assert_eq!(total, 2);
}

/// A digest of every row the generator writes, independent of the order the
/// database returns them in.
async fn digest(db: &DatabaseConnection) -> u64 {
    use entity::*;
    let mut rows: Vec<String> = Vec::new();
    macro_rules! dump {
        ($($table:ident),*) => {$(
            for row in $table::Entity::find().all(db).await.expect(stringify!($table)) {
                rows.push(format!("{}:{row:?}", stringify!($table)));
            }
        )*};
    }
    dump!(
        hub_meta,
        section11_agency,
        section11_agency_partnership,
        section11_round,
        section11_round_partnership,
        section11_round_agency,
        section11_return,
        section11_grade,
        section11_action,
        scrutiny_scrutineer,
        scrutiny_appointment,
        scrutiny_activity,
        scrutiny_activity_partnership,
        scrutiny_activity_theme,
        scrutiny_finding,
        scrutiny_recommendation,
        scrutiny_recommendation_event,
        cdop_return,
        cdop_return_cell
    );
    rows.sort();
    rows.iter().fold(0xcbf2_9ce4_8422_2325, |h, row| {
        row.bytes()
            .chain(std::iter::once(b'\n'))
            .fold(h, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
    })
}

#[tokio::test]
async fn the_same_seed_gives_identical_rows_and_another_seed_does_not() {
    let (first, _) = loaded(&small(7)).await;
    let (second, _) = loaded(&small(7)).await;
    let (other, _) = loaded(&small(8)).await;
    let a = digest(&first.db).await;
    assert_eq!(a, digest(&second.db).await);
    assert_ne!(a, digest(&other.db).await);
}

/// `demo::load` answers a bool; a refusal is what the test looks at.
fn unreachable_summary() -> SyntheticSummary {
    panic!("the demo dataset loaded over a synthetic one")
}

fn refusal(result: Result<SyntheticSummary, StartupError>) -> String {
    match result {
        Err(StartupError::Other(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn generation_is_refused_over_existing_data_and_writes_nothing() {
    let (app, _) = loaded(&small(1)).await;
    let before = digest(&app.db).await;
    let message = refusal(generate(&app.db, &small(2)).await);
    assert!(
        message.contains("already holds a synthetic dataset"),
        "{message}"
    );
    assert_eq!(before, digest(&app.db).await);
    // Nor can the demo dataset be loaded over a synthetic one.
    let message = refusal(
        hub::demo::load(&app.db)
            .await
            .map(|_| unreachable_summary()),
    );
    assert!(message.contains("synthetic dataset"), "{message}");
    assert_eq!(before, digest(&app.db).await);

    let demo = TestApp::with_demo().await;
    let before = digest(&demo.db).await;
    let message = refusal(generate(&demo.db, &small(1)).await);
    assert!(message.contains("demo dataset"), "{message}");
    assert_eq!(before, digest(&demo.db).await);

    let empty = TestApp::spawn().await;
    let too_many_years = SyntheticOptions {
        years: 40,
        ..small(1)
    };
    let message = refusal(generate(&empty.db, &too_many_years).await);
    assert!(message.contains("no reporting period"), "{message}");
    assert_eq!(hub::synthetic::loaded(&empty.db).await.expect("read"), None);
    let message = refusal(
        generate(
            &empty.db,
            &SyntheticOptions {
                agencies_per_partnership: 0,
                ..small(1)
            },
        )
        .await,
    );
    assert!(message.contains("agencies per partnership"), "{message}");
}
