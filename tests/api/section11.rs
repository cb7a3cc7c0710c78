//! Section 11 audits through GraphQL: the return workflow end to end, the
//! published Somerset figures, refusals, who sees which returns, and the cost
//! of a page of returns.
use entity::PartnershipCode::{self, Bristol, NorthSomerset, Somerset};
use hub::auth::role::Role;
use hub::auth::token::TokenRequest;
use serde_json::{json, Value};

use crate::helpers::TestApp;

/// Every standard and sub-standard of the regional framework.
const REGIONAL: [&str; 24] = [
    "1", "1.1", "1.2", "2", "2.1", "2.2", "3", "3.1", "3.2", "4", "4.1", "4.2", "5", "5.1", "5.2",
    "6", "6.1", "6.2", "7", "7.1", "7.2", "8", "8.1", "8.2",
];

fn all_good() -> Vec<Value> {
    REGIONAL
        .iter()
        .map(|n| json!({ "standard": n, "grade": "GOOD", "evidence": format!("evidence for {n}") }))
        .collect()
}

fn lead_token(app: &TestApp, agency: &str, partnership: PartnershipCode) -> String {
    app.token_with(&TokenRequest {
        subject: format!("lead-of-{agency}"),
        agency: Some(agency.to_string()),
        ..TokenRequest::new(Role::AgencyLead, &[partnership])
    })
}

fn manager_token(app: &TestApp, partnership: PartnershipCode, subject: &str) -> String {
    app.token_with(&TokenRequest {
        subject: subject.to_string(),
        ..TokenRequest::new(Role::PartnershipManager, &[partnership])
    })
}

const REGISTER: &str = r#"mutation($name: String!, $p: [PartnershipCode!]!) {
    registerAgency(input: {name: $name, sector: HEALTH, partnerships: $p}) { id partnerships } }"#;

const CREATE_ROUND: &str = r#"mutation($p: [PartnershipCode!]!) {
    createSection11Round(input: {title: "Test round", period: "2026-27", partnerships: $p,
      framework: "regional-v1", mode: SELF_ASSESSMENT, opensOn: "2026-09-01", closesOn: "2027-01-31"}) {
      id version partnerships { partnership version } } }"#;

const CREATE_RETURN: &str = r#"mutation($input: CreateSection11ReturnInput!) {
    createSection11Return(input: $input) { id version status } }"#;

const UPDATE_RETURN: &str = r#"mutation($input: UpdateSection11ReturnInput!) {
    updateSection11Return(input: $input) { id version status overallGrade grades { standard { number } selfAssessedGrade } } }"#;

const SUBMIT: &str = r#"mutation($id: ID!, $v: Int!) {
    submitSection11Return(input: {id: $id, expectedVersion: $v}) { version status submittedBy submittedAt } }"#;

const VALIDATE: &str = r#"mutation($input: ValidateSection11ReturnInput!) {
    validateSection11Return(input: $input) { version status validatedBy validationNote moderatedOverallGrade effectiveOverallGrade
      grades { standard { number } selfAssessedGrade moderatedGrade effectiveGrade } } }"#;

const PUBLISH: &str = r#"mutation($round: ID!, $p: PartnershipCode!) {
    publishSection11Round(input: {round: $round, partnership: $p}) { returnsPublished partnership { published publishedBy } } }"#;

const SUMMARY: &str = r#"query($round: ID!, $p: PartnershipCode!) {
    section11Summary(round: $round, partnership: $p) { basis expected received nilReturns notReceived returnRate returnRateUnrounded
      byOverallGrade { grade count } withoutOverallGrade shareGoodOrBetter agenciesWithInadequateGrading illustrative
      standards { number graded goodOrBetter shareGoodOrBetter } } }"#;

const RETURN_BY_ID: &str = r#"query($id: ID!) { section11Return(id: $id) { id status } }"#;

const RETURNS: &str = r#"query($f: Section11ReturnFilter, $first: Int) {
    section11Returns(filter: $f, first: $first) { totalCount edges { node { id status partnership agency { id databaseId } } } } }"#;

fn grade_count(summary: &Value, grade: &str) -> u64 {
    summary["byOverallGrade"]
        .as_array()
        .and_then(|l| l.iter().find(|c| c["grade"] == grade))
        .and_then(|c| c["count"].as_u64())
        .unwrap_or(u64::MAX)
}

fn standard<'a>(summary: &'a Value, number: &str) -> &'a Value {
    summary["standards"]
        .as_array()
        .and_then(|l| l.iter().find(|s| s["number"] == number))
        .unwrap_or(&Value::Null)
}

fn field_of(body: &Value) -> String {
    body["errors"][0]["extensions"]["field"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// A Bristol round with one registered agency; returns (round id, agency id).
async fn bristol_round(app: &TestApp) -> (String, String) {
    let (round, mut agencies) = bristol_round_of(app, 1).await;
    (round, agencies.remove(0))
}

/// A Bristol round expecting `agencies` newly registered agencies; returns
/// (round id, agency ids).
async fn bristol_round_of(app: &TestApp, agencies: usize) -> (String, Vec<String>) {
    let admin = app.token(Role::RegionalAdmin, &[]);
    let manager = manager_token(app, Bristol, "bristol-manager");
    // Agencies registered before the round is created are the ones it expects.
    let mut ids = Vec::new();
    for i in 0..agencies {
        let name = if agencies == 1 {
            "Bristol test trust".to_string()
        } else {
            format!("Bristol test trust {i}")
        };
        ids.push(
            app.ok(
                Some(&admin),
                REGISTER,
                json!({ "name": name, "p": ["BRISTOL"] }),
            )
            .await["registerAgency"]["id"]
                .as_str()
                .expect("agency id")
                .to_string(),
        );
    }
    let round = app
        .ok(Some(&manager), CREATE_ROUND, json!({ "p": ["BRISTOL"] }))
        .await;
    let round = round["createSection11Round"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    (round, ids)
}

/// A complete Bristol draft, every standard graded Good, made by `token`;
/// returns its id.
async fn good_draft(app: &TestApp, token: &str, round: &str, agency: &str) -> String {
    app.ok(Some(token), CREATE_RETURN, json!({ "input": { "round": round, "partnership": "BRISTOL", "agency": agency, "overallGrade": "GOOD", "grades": all_good() } }))
        .await["createSection11Return"]["id"]
        .as_str()
        .expect("id")
        .to_string()
}

#[tokio::test]
async fn an_agency_return_goes_from_draft_to_published_with_its_moderated_grade_counted() {
    let app = TestApp::spawn().await;
    let (round, agency) = bristol_round(&app).await;
    let lead = lead_token(&app, &agency, Bristol);
    let manager = manager_token(&app, Bristol, "bristol-manager");
    let other_manager = manager_token(&app, NorthSomerset, "north-somerset-manager");
    let scrutineer = app.token(Role::Scrutineer, &[Bristol]);

    // The agency lead drafts with a few grades, then edits.
    let draft = app
        .ok(
            Some(&lead),
            CREATE_RETURN,
            json!({ "input": { "round": round, "partnership": "BRISTOL", "agency": agency,
                "grades": [{ "standard": "1", "grade": "GOOD" }] } }),
        )
        .await;
    let id = draft["createSection11Return"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    assert_eq!(draft["createSection11Return"]["status"], "DRAFT");

    // Another partnership's manager cannot see the draft by id, list, filter or summary.
    let code = app
        .error_code(Some(&other_manager), RETURN_BY_ID, json!({ "id": id }))
        .await;
    assert_eq!(code, "NOT_FOUND");
    for filter in [
        json!(null),
        json!({ "partnership": "BRISTOL" }),
        json!({ "round": round }),
    ] {
        let list = app
            .ok(Some(&other_manager), RETURNS, json!({ "f": filter }))
            .await;
        assert_eq!(list["section11Returns"]["totalCount"], 0, "{filter}");
    }
    let hidden = app
        .ok(
            Some(&other_manager),
            SUMMARY,
            json!({ "round": round, "p": "BRISTOL" }),
        )
        .await;
    assert_eq!(hidden["section11Summary"]["basis"], "PUBLISHED_RETURNS");
    assert_eq!(hidden["section11Summary"]["received"], 0);
    // Neither can the scrutineer of the partnership: drafts are for their editors.
    let code = app
        .error_code(Some(&scrutineer), RETURN_BY_ID, json!({ "id": id }))
        .await;
    assert_eq!(code, "NOT_FOUND");

    // Submitting an incomplete draft is refused, naming what is missing.
    let (_, body) = app
        .post_graphql(Some(&lead), SUBMIT, json!({ "id": id, "v": 1 }))
        .await;
    assert_eq!(field_of(&body), "overallGrade", "{body}");

    let mut grades = all_good();
    grades[10] = json!({ "standard": "4.1", "grade": "REQUIRES_IMPROVEMENT", "evidence": "children's views not yet routinely sought" });
    let edited = app
        .ok(
            Some(&lead),
            UPDATE_RETURN,
            json!({ "input": { "id": id, "expectedVersion": 1, "overallGrade": "GOOD", "grades": grades } }),
        )
        .await;
    assert_eq!(edited["updateSection11Return"]["version"], 2);
    let (_, body) = app
        .post_graphql(Some(&lead), SUBMIT, json!({ "id": id, "v": 2 }))
        .await;
    assert_eq!(
        field_of(&body),
        "actions",
        "a grade below Good needs an action: {body}"
    );
    app.ok(
        Some(&lead),
        UPDATE_RETURN,
        json!({ "input": { "id": id, "expectedVersion": 2, "actions": [
            { "standard": "4.1", "what": "Add a children's feedback loop to service reviews", "owner": "Head of quality", "dueDate": "2027-06-30" }
        ] } }),
    )
    .await;
    let submitted = app
        .ok(Some(&lead), SUBMIT, json!({ "id": id, "v": 3 }))
        .await;
    let submitted = &submitted["submitSection11Return"];
    assert_eq!(submitted["status"], "SUBMITTED");
    assert_eq!(submitted["submittedBy"], format!("lead-of-{agency}"));
    assert!(submitted["submittedAt"].is_string());

    // A submitted return cannot be edited, and the scrutineer now sees it.
    let (_, body) = app
        .post_graphql(
            Some(&lead),
            UPDATE_RETURN,
            json!({ "input": { "id": id, "expectedVersion": 4, "overallGrade": "OUTSTANDING" } }),
        )
        .await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(field_of(&body), "input.id");
    assert!(body["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("SUBMITTED"));
    app.ok(Some(&scrutineer), RETURN_BY_ID, json!({ "id": id }))
        .await;

    // The manager validates with one moderated grade; a stale version is a conflict.
    let validation = |v: i32| {
        json!({ "input": { "id": id, "expectedVersion": v, "moderatedOverallGrade": "REQUIRES_IMPROVEMENT",
            "note": "Peer challenge: evidence for standard 4 is thin" } })
    };
    let code = app
        .error_code(Some(&manager), VALIDATE, validation(3))
        .await;
    assert_eq!(code, "CONFLICT");
    let validated = app.ok(Some(&manager), VALIDATE, validation(4)).await;
    let validated = &validated["validateSection11Return"];
    assert_eq!(validated["status"], "VALIDATED");
    assert_eq!(validated["validatedBy"], "bristol-manager");
    assert_eq!(validated["moderatedOverallGrade"], "REQUIRES_IMPROVEMENT");
    assert_eq!(validated["effectiveOverallGrade"], "REQUIRES_IMPROVEMENT");

    // Before publication: the manager counts it, everyone else does not.
    let live = app
        .ok(
            Some(&manager),
            SUMMARY,
            json!({ "round": round, "p": "BRISTOL" }),
        )
        .await;
    assert_eq!(live["section11Summary"]["basis"], "RECEIVED_RETURNS");
    assert_eq!(live["section11Summary"]["received"], 1);
    let public = app
        .ok(None, SUMMARY, json!({ "round": round, "p": "BRISTOL" }))
        .await;
    assert_eq!(public["section11Summary"]["received"], 0);

    let published = app
        .ok(
            Some(&manager),
            PUBLISH,
            json!({ "round": round, "p": "BRISTOL" }),
        )
        .await;
    assert_eq!(published["publishSection11Round"]["returnsPublished"], 1);
    assert_eq!(
        published["publishSection11Round"]["partnership"]["publishedBy"],
        "bristol-manager"
    );

    // Published: the moderated grade is what everyone's summary counts.
    for token in [None, Some(other_manager.as_str()), Some(manager.as_str())] {
        let s = app
            .ok(token, SUMMARY, json!({ "round": round, "p": "BRISTOL" }))
            .await;
        let s = &s["section11Summary"];
        assert_eq!(s["expected"], 1);
        assert_eq!(s["received"], 1);
        assert_eq!(grade_count(s, "REQUIRES_IMPROVEMENT"), 1, "{s}");
        assert_eq!(grade_count(s, "GOOD"), 0, "{s}");
        assert_eq!(standard(s, "4.1")["goodOrBetter"], 0);
        assert_eq!(standard(s, "4")["goodOrBetter"], 1);
    }
    // Published returns stay record-level: the other manager still cannot read it.
    let code = app
        .error_code(Some(&other_manager), RETURN_BY_ID, json!({ "id": id }))
        .await;
    assert_eq!(code, "NOT_FOUND");

    // Every step is audited with its actor.
    let audit = app
        .ok(
            Some(&app.token(Role::RegionalAdmin, &[])),
            r#"{ auditEvents(filter: {partnership: BRISTOL}, first: 50) { edges { node { operation actor outcome } } } }"#,
            json!({}),
        )
        .await;
    let events: Vec<(String, String)> = audit["auditEvents"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| {
            (
                e["node"]["operation"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                e["node"]["outcome"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    for op in [
        "createSection11Return",
        "updateSection11Return",
        "submitSection11Return",
        "validateSection11Return",
        "publishSection11Round",
    ] {
        assert!(
            events.contains(&(op.to_string(), "success".to_string())),
            "{op}: {events:?}"
        );
    }
    assert!(events.contains(&(
        "submitSection11Return".to_string(),
        "BAD_USER_INPUT".to_string()
    )));
    assert!(events.contains(&(
        "validateSection11Return".to_string(),
        "CONFLICT".to_string()
    )));
}

#[tokio::test]
async fn somerset_2016_17_published_counts_come_back_from_the_summary() {
    let app = TestApp::with_demo().await;
    let s = app
        .ok(
            None,
            SUMMARY,
            json!({ "round": "somerset-2016-17", "p": "SOMERSET" }),
        )
        .await;
    let s = &s["section11Summary"];
    assert_eq!(s["basis"], "PUBLISHED_RETURNS");
    assert_eq!(
        [
            grade_count(s, "OUTSTANDING"),
            grade_count(s, "GOOD"),
            grade_count(s, "REQUIRES_IMPROVEMENT"),
            grade_count(s, "INADEQUATE")
        ],
        [4, 16, 5, 0]
    );
    assert_eq!(s["nilReturns"], 1);
    assert_eq!(s["expected"], 26);
    assert_eq!(s["received"], 25);
    assert_eq!(s["notReceived"], 0);
    // 25 of 26, published to one decimal place; the unrounded share beside it.
    assert_eq!(s["returnRate"], 96.2);
    assert!((s["returnRateUnrounded"].as_f64().unwrap_or_default() - 2500.0 / 26.0).abs() < 1e-9);
    assert_eq!(s["agenciesWithInadequateGrading"], 7);
    assert_eq!(
        s["illustrative"], true,
        "which agency holds which grade is placed to fit the published totals: illustrative"
    );
    assert_eq!(
        (
            standard(s, "8.3")["goodOrBetter"].as_u64(),
            standard(s, "8.3")["graded"].as_u64()
        ),
        (Some(21), Some(25))
    );
    assert_eq!(
        (
            standard(s, "11.4")["goodOrBetter"].as_u64(),
            standard(s, "11.4")["graded"].as_u64()
        ),
        (Some(22), Some(25))
    );
    assert_eq!(standard(s, "8.3")["shareGoodOrBetter"], 84.0);
    assert_eq!(standard(s, "11.4")["shareGoodOrBetter"], 88.0);
    // The standards the report does not grade are held, with nothing graded.
    assert_eq!(standard(s, "3")["graded"], 0);
    assert!(standard(s, "3")["shareGoodOrBetter"].is_null());

    let round = app
        .ok(None, r#"{ section11Round(id: "somerset-2016-17") { source framework { id standards { number subStandards { number title } } } period { label } } }"#, json!({}))
        .await;
    let round = &round["section11Round"];
    assert!(round["source"]
        .as_str()
        .unwrap_or_default()
        .contains("seed 002"));
    assert_eq!(
        round["framework"]["standards"].as_array().map(Vec::len),
        Some(11)
    );
    assert_eq!(
        round["framework"]["standards"][7]["subStandards"][0]["number"],
        "8.3"
    );
}

#[tokio::test]
async fn the_2019_20_rounds_and_the_2024_practitioner_survey_are_held_with_their_sources() {
    let app = TestApp::with_demo().await;
    let somerset = app
        .ok(
            None,
            SUMMARY,
            json!({ "round": "somerset-2019-20", "p": "SOMERSET" }),
        )
        .await;
    assert_eq!(somerset["section11Summary"]["received"], 19);
    assert_eq!(somerset["section11Summary"]["withoutOverallGrade"], 19);
    let rounds = app
        .ok(
            None,
            r#"{ section11Rounds(filter: {period: "2019-20"}) { totalCount edges { node { id: databaseId description source partnerships { partnership published } } } } }"#,
            json!({}),
        )
        .await;
    let rounds = rounds["section11Rounds"]["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let woe = rounds
        .iter()
        .find(|r| r["node"]["id"] == "west-of-england-2019-20")
        .expect("the four-partnership round");
    let parts: Vec<&str> = woe["node"]["partnerships"]
        .as_array()
        .expect("partnerships")
        .iter()
        .filter_map(|p| p["partnership"].as_str())
        .collect();
    assert_eq!(
        parts,
        [
            "BRISTOL",
            "NORTH_SOMERSET",
            "SOUTH_GLOUCESTERSHIRE",
            "BATH_NE_SOMERSET"
        ]
    );
    assert!(woe["node"]["source"]
        .as_str()
        .unwrap_or_default()
        .contains("seed 004"));
    let workshops = rounds
        .iter()
        .find(|r| r["node"]["id"] == "somerset-2019-20")
        .expect("Somerset's round");
    assert!(workshops["node"]["description"]
        .as_str()
        .unwrap_or_default()
        .contains("March 2020"));

    let survey = app
        .ok(
            None,
            r#"{ section11SurveyResults(round: "regional-practitioner-survey-2024-25", partnership: SOMERSET) {
                 published visible results { theme sharePositive keyFinding illustrative } recommendations { number text } } }"#,
            json!({}),
        )
        .await;
    let survey = &survey["section11SurveyResults"];
    let results = survey["results"].as_array().expect("results");
    let themes: std::collections::BTreeSet<&str> =
        results.iter().filter_map(|r| r["theme"].as_str()).collect();
    assert_eq!(themes.len(), 8);
    let shares: Vec<f64> = results
        .iter()
        .filter_map(|r| r["sharePositive"].as_f64())
        .collect();
    assert_eq!(shares, [97.0, 72.0]);
    assert!(results.iter().all(|r| r["illustrative"] == false));
    assert_eq!(survey["recommendations"].as_array().map(Vec::len), Some(7));

    // Every partnership's summary of every published self-assessment round shows something.
    let admin = app.token(Role::RegionalAdmin, &[]);
    let all = app
        .ok(Some(&admin), r#"{ section11Rounds(filter: {mode: SELF_ASSESSMENT}) { edges { node { id partnerships { partnership published } } } } }"#, json!({}))
        .await;
    for round in all["section11Rounds"]["edges"].as_array().expect("rounds") {
        for part in round["node"]["partnerships"].as_array().expect("parts") {
            let id = &round["node"]["id"];
            let s = app
                .ok(
                    None,
                    SUMMARY,
                    json!({ "round": id, "p": part["partnership"] }),
                )
                .await;
            if part["published"] == true {
                assert!(
                    s["section11Summary"]["received"].as_u64() > Some(0),
                    "{id} {part}"
                );
            } else {
                let live = app
                    .ok(
                        Some(&admin),
                        SUMMARY,
                        json!({ "round": id, "p": part["partnership"] }),
                    )
                    .await;
                assert!(
                    live["section11Summary"]["received"].as_u64() > Some(0),
                    "{id} {part}"
                );
                assert_eq!(
                    s["section11Summary"]["received"], 0,
                    "unpublished: {id} {part}"
                );
            }
        }
    }
}

#[tokio::test]
async fn bad_returns_are_refused_naming_the_field_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let (round, agency) = bristol_round(&app).await;
    let lead = lead_token(&app, &agency, Bristol);
    let manager = manager_token(&app, Bristol, "bristol-manager");
    let admin = app.token(Role::RegionalAdmin, &[]);
    let outsider = app
        .ok(
            Some(&admin),
            REGISTER,
            json!({ "name": "Somerset only", "p": ["SOMERSET"] }),
        )
        .await["registerAgency"]["id"]
        .as_str()
        .expect("id")
        .to_string();

    let mut grades = all_good();
    grades[3] = json!({ "standard": "9.9", "grade": "GOOD" });
    let cases = [
        (
            json!({ "round": round, "partnership": "BRISTOL", "agency": agency, "grades": grades }),
            "input.grades[3].standard",
        ),
        (
            json!({ "round": round, "partnership": "BRISTOL", "agency": outsider }),
            "input.agency",
        ),
        (
            json!({ "round": round, "partnership": "BRISTOL", "agency": agency,
                 "actions": [{ "standard": "2", "what": " ", "owner": "x", "dueDate": "2027-01-01" }] }),
            "input.actions[0].what",
        ),
        (
            json!({ "round": "no-such-round", "partnership": "BRISTOL", "agency": agency }),
            "input.round",
        ),
    ];
    for (input, field) in cases {
        let (_, body) = app
            .post_graphql(Some(&manager), CREATE_RETURN, json!({ "input": input }))
            .await;
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{body}"
        );
        assert_eq!(field_of(&body), field, "{body}");
    }
    // A partnership not in the round: the regional admin may write anywhere, so
    // the refusal is about the round, not the caller.
    let (_, body) = app
        .post_graphql(
            Some(&admin),
            CREATE_RETURN,
            json!({ "input": { "round": round, "partnership": "SOMERSET", "agency": outsider } }),
        )
        .await;
    assert_eq!(field_of(&body), "input.partnership", "{body}");
    let none = app.ok(Some(&admin), RETURNS, json!({})).await;
    assert_eq!(none["section11Returns"]["totalCount"], 0, "nothing written");

    // An agency lead may not draft for another agency, nor for another partnership.
    let other = lead_token(&app, "someone-else", Bristol);
    let code = app
        .error_code(
            Some(&other),
            CREATE_RETURN,
            json!({ "input": { "round": round, "partnership": "BRISTOL", "agency": agency } }),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");

    let created = app
        .ok(Some(&lead), CREATE_RETURN, json!({ "input": { "round": round, "partnership": "BRISTOL", "agency": agency, "overallGrade": "GOOD", "grades": all_good() } }))
        .await;
    let id = created["createSection11Return"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let code = app
        .error_code(
            Some(&lead),
            CREATE_RETURN,
            json!({ "input": { "round": round, "partnership": "BRISTOL", "agency": agency } }),
        )
        .await;
    assert_eq!(
        code, "CONFLICT",
        "one return per agency, round and partnership"
    );

    // A stale version is a conflict and changes nothing.
    let code = app
        .error_code(
            Some(&lead),
            UPDATE_RETURN,
            json!({ "input": { "id": id, "expectedVersion": 7, "overallGrade": "INADEQUATE" } }),
        )
        .await;
    assert_eq!(code, "CONFLICT");
    let mut bad = all_good();
    bad.push(json!({ "standard": "1", "grade": "GOOD" }));
    let (_, body) = app
        .post_graphql(Some(&lead), UPDATE_RETURN, json!({ "input": { "id": id, "expectedVersion": 1, "overallGrade": "INADEQUATE", "grades": bad } }))
        .await;
    assert_eq!(
        field_of(&body),
        "input.grades[24].standard",
        "graded twice: {body}"
    );
    let unchanged = app
        .ok(Some(&lead), r#"query($id: ID!) { section11Return(id: $id) { version overallGrade grades { selfAssessedGrade } } }"#, json!({ "id": id }))
        .await;
    assert_eq!(unchanged["section11Return"]["version"], 1);
    assert_eq!(unchanged["section11Return"]["overallGrade"], "GOOD");
    assert_eq!(
        unchanged["section11Return"]["grades"]
            .as_array()
            .map(Vec::len),
        Some(24)
    );

    // A manager submits on the agency's behalf; validation names a standard
    // outside the framework by its position.
    app.ok(Some(&manager), SUBMIT, json!({ "id": id, "v": 1 }))
        .await;
    let (_, body) = app
        .post_graphql(
            Some(&manager),
            VALIDATE,
            json!({ "input": { "id": id, "expectedVersion": 2, "moderatedGrades": [
            { "standard": "5.1", "grade": "GOOD" }, { "standard": "12", "grade": "GOOD" }] } }),
        )
        .await;
    assert_eq!(
        field_of(&body),
        "input.moderatedGrades[1].standard",
        "{body}"
    );
    // The agency lead cannot validate its own return.
    let code = app
        .error_code(
            Some(&lead),
            VALIDATE,
            json!({ "input": { "id": id, "expectedVersion": 2 } }),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");
    let moderated = app
        .ok(Some(&manager), VALIDATE, json!({ "input": { "id": id, "expectedVersion": 2, "moderatedGrades": [{ "standard": "5.1", "grade": "INADEQUATE" }] } }))
        .await;
    let grades = moderated["validateSection11Return"]["grades"]
        .as_array()
        .expect("grades");
    let g51 = grades
        .iter()
        .find(|g| g["standard"]["number"] == "5.1")
        .expect("5.1");
    assert_eq!(
        (
            g51["selfAssessedGrade"].as_str(),
            g51["moderatedGrade"].as_str(),
            g51["effectiveGrade"].as_str()
        ),
        (Some("GOOD"), Some("INADEQUATE"), Some("INADEQUATE"))
    );
    let s = app
        .ok(
            Some(&manager),
            SUMMARY,
            json!({ "round": round, "p": "BRISTOL" }),
        )
        .await;
    assert_eq!(s["section11Summary"]["agenciesWithInadequateGrading"], 1);
    assert_eq!(grade_count(&s["section11Summary"], "GOOD"), 1);
}

#[tokio::test]
async fn rounds_are_run_by_their_partnerships_and_regional_rounds_by_the_regional_admin() {
    let app = TestApp::spawn().await;
    let manager = manager_token(&app, Bristol, "bristol-manager");
    let admin = app.token(Role::RegionalAdmin, &[]);
    let (_, body) = app
        .post_graphql(
            Some(&manager),
            CREATE_ROUND,
            json!({ "p": ["BRISTOL", "NORTH_SOMERSET"] }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{body}"
    );
    let regional = app
        .ok(
            Some(&admin),
            CREATE_ROUND,
            json!({ "p": ["BRISTOL", "NORTH_SOMERSET", "SOMERSET"] }),
        )
        .await;
    let regional_id = regional["createSection11Round"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    const UPDATE: &str = r#"mutation($id: ID!, $v: Int!, $title: String) {
        updateSection11Round(input: {id: $id, expectedVersion: $v, title: $title}) { version title } }"#;
    let code = app
        .error_code(
            Some(&manager),
            UPDATE,
            json!({ "id": regional_id, "v": 1, "title": "mine" }),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");
    let own = app
        .ok(Some(&manager), CREATE_ROUND, json!({ "p": ["BRISTOL"] }))
        .await;
    let own_id = own["createSection11Round"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let updated = app
        .ok(
            Some(&manager),
            UPDATE,
            json!({ "id": own_id, "v": 1, "title": "Bristol 2026-27" }),
        )
        .await;
    assert_eq!(updated["updateSection11Round"]["version"], 2);
    let code = app
        .error_code(
            Some(&manager),
            UPDATE,
            json!({ "id": own_id, "v": 1, "title": "again" }),
        )
        .await;
    assert_eq!(code, "CONFLICT");
    let (_, body) = app
        .post_graphql(Some(&manager), r#"mutation($id: ID!) { updateSection11Round(input: {id: $id, expectedVersion: 2, closesOn: "2020-01-01"}) { version } }"#, json!({ "id": own_id }))
        .await;
    assert_eq!(field_of(&body), "input.closesOn", "{body}");
    // A manager registers agencies in its own partnerships only.
    let code = app
        .error_code(
            Some(&manager),
            REGISTER,
            json!({ "name": "Elsewhere", "p": ["SOMERSET"] }),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");
    app.ok(
        Some(&manager),
        REGISTER,
        json!({ "name": "Bristol charity", "p": ["BRISTOL"] }),
    )
    .await;
    let code = app
        .error_code(
            Some(&manager),
            REGISTER,
            json!({ "name": "BRISTOL CHARITY", "p": ["BRISTOL"] }),
        )
        .await;
    assert_eq!(code, "CONFLICT", "names are unique without regard to case");
}

#[tokio::test]
async fn each_role_reads_the_returns_its_scope_allows_in_the_demo_data() {
    let app = TestApp::with_demo().await;
    let count = |v: &Value| {
        v["section11Returns"]["totalCount"]
            .as_u64()
            .unwrap_or(u64::MAX)
    };
    let in_progress = json!({ "f": { "round": "regional-2026-27" } });

    // The Bristol agency lead: its own draft only.
    let lead = lead_token(&app, "bristol-agency-01", Bristol);
    let mine = app.ok(Some(&lead), RETURNS, in_progress.clone()).await;
    assert_eq!(count(&mine), 1);
    assert_eq!(
        mine["section11Returns"]["edges"][0]["node"]["status"],
        "DRAFT"
    );
    assert_eq!(
        mine["section11Returns"]["edges"][0]["node"]["agency"]["databaseId"],
        "bristol-agency-01"
    );
    let code = app
        .error_code(
            Some(&lead),
            RETURN_BY_ID,
            json!({ "id": "regional-2026-27.bristol.regional-agency-01" }),
        )
        .await;
    assert_eq!(
        code, "NOT_FOUND",
        "another agency's return is not there for it"
    );

    // Bristol's manager: all three; its scrutineer: submitted and validated only.
    let manager = manager_token(&app, Bristol, "m");
    let all = app
        .ok(
            Some(&manager),
            RETURNS,
            json!({ "f": { "round": "regional-2026-27" }, "first": 100 }),
        )
        .await;
    assert_eq!(count(&all), 3);
    let scrutineer = app.token(Role::Scrutineer, &[Bristol]);
    let seen = app
        .ok(Some(&scrutineer), RETURNS, in_progress.clone())
        .await;
    assert_eq!(count(&seen), 2);
    let drafts = app
        .ok(
            Some(&scrutineer),
            RETURNS,
            json!({ "f": { "status": "DRAFT" } }),
        )
        .await;
    assert_eq!(count(&drafts), 0);

    // Outside their scope, and for analysts and the public: no returns at all.
    for token in [
        Some(manager_token(&app, Somerset, "s")),
        Some(app.token(Role::Analyst, &[])),
        Some(app.token(Role::CdopOfficer, &[Bristol])),
        None,
    ] {
        let none = app
            .ok(
                token.as_deref(),
                RETURNS,
                json!({ "f": { "partnership": "BRISTOL" } }),
            )
            .await;
        assert_eq!(count(&none), 0);
    }
    // The regional scrutineer reads every partnership's submitted returns.
    let regional = app.token(Role::Scrutineer, &PartnershipCode::ALL);
    let seen = app.ok(Some(&regional), RETURNS, in_progress).await;
    assert_eq!(count(&seen), 10);
    // A sector filter narrows, never widens.
    let police = app
        .ok(
            Some(&manager),
            RETURNS,
            json!({ "f": { "sector": "POLICE", "round": "regional-2026-27" } }),
        )
        .await;
    assert_eq!(count(&police), 1);
}

#[tokio::test]
async fn a_page_of_100_returns_costs_the_same_statements_as_a_page_of_10() {
    let app = TestApp::with_demo().await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    let query = r#"query($first: Int) { section11Returns(first: $first) { totalCount edges { node {
        id late agency { name sector partnerships }
        round { title period { label } framework { name standards { number subStandards { number } } } partnerships { partnership } }
        grades { effectiveGrade evidence standard { number title } } actions { what standard { number } } } } } }"#;
    let mut costs = Vec::new();
    for first in [10, 100] {
        let before = app.statements.get();
        let data = app.ok(Some(&admin), query, json!({ "first": first })).await;
        costs.push(app.statements.get() - before);
        assert_eq!(
            data["section11Returns"]["edges"].as_array().map(Vec::len),
            Some(first)
        );
    }
    assert_eq!(
        costs[0], costs[1],
        "statements for 10 and 100 returns: {costs:?}"
    );
}

#[tokio::test]
async fn survey_results_wait_for_publication_and_are_replaced_against_their_version() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    let manager = manager_token(&app, Bristol, "m");
    let round = app
        .ok(
            Some(&admin),
            r#"mutation { createSection11Round(input: {title: "Survey", period: "2026-27", partnerships: [BRISTOL, SOMERSET],
                framework: "regional-v1", mode: PRACTITIONER_SURVEY, opensOn: "2026-06-01", closesOn: "2026-08-31"}) { id } }"#,
            json!({}),
        )
        .await["createSection11Round"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    const RECORD: &str = r#"mutation($round: ID!, $v: Int!, $share: Float) {
        recordSection11SurveyResults(input: {round: $round, partnership: BRISTOL, expectedVersion: $v, source: "test survey",
          results: [{theme: "Supervision and Support", sharePositive: $share, respondents: 120, keyFinding: "Most have supervision"}],
          recommendations: ["Keep it up"]}) { version results { sharePositive } recommendations { number text } } }"#;
    const READ: &str = r#"query($round: ID!) { section11SurveyResults(round: $round, partnership: BRISTOL) { visible published results { theme } } }"#;
    let (_, body) = app
        .post_graphql(
            Some(&manager),
            RECORD,
            json!({ "round": round, "v": 1, "share": 101.0 }),
        )
        .await;
    assert_eq!(field_of(&body), "input.results[0].sharePositive", "{body}");
    let (_, body) = app
        .post_graphql(
            Some(&manager),
            &RECORD.replace("respondents: 120", "respondents: 2147483647"),
            json!({ "round": round, "v": 1, "share": 91.0 }),
        )
        .await;
    assert_eq!(field_of(&body), "input.results[0].respondents", "{body}");
    let recorded = app
        .ok(
            Some(&manager),
            RECORD,
            json!({ "round": round, "v": 1, "share": 91.0 }),
        )
        .await;
    assert_eq!(recorded["recordSection11SurveyResults"]["version"], 2);
    let code = app
        .error_code(
            Some(&manager),
            RECORD,
            json!({ "round": round, "v": 1, "share": 90.0 }),
        )
        .await;
    assert_eq!(code, "CONFLICT");
    let code = app
        .error_code(
            Some(&manager_token(&app, Somerset, "s")),
            RECORD,
            json!({ "round": round, "v": 2, "share": 90.0 }),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");
    let public = app.ok(None, READ, json!({ "round": round })).await;
    assert_eq!(public["section11SurveyResults"]["visible"], false);
    assert_eq!(public["section11SurveyResults"]["results"], json!([]));
    let own = app
        .ok(Some(&manager), READ, json!({ "round": round }))
        .await;
    assert_eq!(
        own["section11SurveyResults"]["results"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    app.ok(
        Some(&manager),
        PUBLISH,
        json!({ "round": round, "p": "BRISTOL" }),
    )
    .await;
    let public = app.ok(None, READ, json!({ "round": round })).await;
    assert_eq!(public["section11SurveyResults"]["published"], true);
    assert_eq!(
        public["section11SurveyResults"]["results"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    // A survey round takes no returns.
    let agency = app
        .ok(
            Some(&admin),
            REGISTER,
            json!({ "name": "A", "p": ["BRISTOL"] }),
        )
        .await["registerAgency"]["id"]
        .clone();
    let (_, body) = app
        .post_graphql(
            Some(&manager),
            CREATE_RETURN,
            json!({ "input": { "round": round, "partnership": "BRISTOL", "agency": agency } }),
        )
        .await;
    assert_eq!(field_of(&body), "input.round", "{body}");
}

/// "Agencies with an Inadequate grading" is kept on each return as its grades
/// change; it must follow every change: a draft's edit, and moderation both
/// into and out of Inadequate.
#[tokio::test]
async fn agencies_with_an_inadequate_grading_follow_edits_and_moderation() {
    let app = TestApp::spawn().await;
    let manager = manager_token(&app, Bristol, "bristol-manager");
    let (round, agency) = bristol_round(&app).await;
    let lead = lead_token(&app, &agency, Bristol);
    let inadequate = |s: &Value| s["section11Summary"]["agenciesWithInadequateGrading"].clone();
    let summary = || {
        app.ok(
            Some(&manager),
            SUMMARY,
            json!({ "round": round, "p": "BRISTOL" }),
        )
    };

    let id = good_draft(&app, &lead, &round, &agency).await;
    // The draft is edited to grade 3.2 Inadequate (with the action a grade
    // below Good needs), then submitted: it counts.
    let mut grades = all_good();
    grades[8] = json!({ "standard": "3.2", "grade": "INADEQUATE" });
    app.ok(Some(&lead), UPDATE_RETURN, json!({ "input": { "id": id, "expectedVersion": 1, "grades": grades,
        "actions": [{ "standard": "3.2", "what": "Refresh safer recruitment training", "owner": "HR lead", "dueDate": "2027-03-31" }] } }))
        .await;
    app.ok(Some(&manager), SUBMIT, json!({ "id": id, "v": 2 }))
        .await;
    assert_eq!(inadequate(&summary().await), 1, "the edited grade counts");

    // The panel moderates 3.2 up to Good: the agency no longer counts.
    let validated = app
        .ok(Some(&manager), VALIDATE, json!({ "input": { "id": id, "expectedVersion": 3, "moderatedGrades": [{ "standard": "3.2", "grade": "GOOD" }] } }))
        .await;
    assert_eq!(validated["validateSection11Return"]["status"], "VALIDATED");
    assert_eq!(
        inadequate(&summary().await),
        0,
        "moderated out of Inadequate"
    );
}

/// Returns of one part submitted at the same moment are each counted: the
/// part's tallies are recounted by one writer after another, never from a
/// view that misses a concurrent submission.
#[tokio::test]
async fn returns_submitted_together_are_all_counted() {
    let app = TestApp::spawn().await;
    let manager = manager_token(&app, Bristol, "bristol-manager");
    let (round, agencies) = bristol_round_of(&app, 6).await;
    let mut drafts = Vec::new();
    for agency in &agencies {
        let lead = lead_token(&app, agency, Bristol);
        let id = good_draft(&app, &lead, &round, agency).await;
        drafts.push((lead, id));
    }
    let submissions = drafts
        .iter()
        .map(|(lead, id)| app.ok(Some(lead), SUBMIT, json!({ "id": id, "v": 1 })));
    for submitted in futures_util::future::join_all(submissions).await {
        assert_eq!(submitted["submitSection11Return"]["status"], "SUBMITTED");
    }
    let s = app
        .ok(
            Some(&manager),
            SUMMARY,
            json!({ "round": round, "p": "BRISTOL" }),
        )
        .await;
    assert_eq!(s["section11Summary"]["received"], 6, "{s}");
    assert_eq!(grade_count(&s["section11Summary"], "GOOD"), 6);
    assert_eq!(standard(&s["section11Summary"], "8.2")["graded"], 6);
}

/// A Bristol return submitted and validated with moderated grades, graded
/// Good on every standard but a few; returns the manager's token and its id.
async fn moderated_return(app: &TestApp) -> (String, String) {
    let (round, agency) = bristol_round(app).await;
    let manager = manager_token(app, Bristol, "bristol-manager");
    let mut grades = all_good();
    grades[0] = json!({ "standard": "1", "grade": "OUTSTANDING" });
    grades[1] = json!({ "standard": "1.1", "grade": "REQUIRES_IMPROVEMENT", "evidence": "training records \"incomplete\"" });
    grades[2] = json!({ "standard": "1.2", "grade": "INADEQUATE" });
    let id = app
        .ok(Some(&manager), CREATE_RETURN, json!({ "input": { "round": round, "partnership": "BRISTOL", "agency": agency, "overallGrade": "GOOD", "grades": grades,
            "actions": [
                { "standard": "1.1", "what": "Complete the training records", "owner": "Training lead", "dueDate": "2027-03-31" },
                { "standard": "1.2", "what": "Review the safeguarding lead's role", "owner": "Director", "dueDate": "2027-03-31" }] } }))
        .await["createSection11Return"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    app.ok(Some(&manager), SUBMIT, json!({ "id": id, "v": 1 }))
        .await;
    app.ok(
        Some(&manager),
        VALIDATE,
        json!({ "input": { "id": id, "expectedVersion": 2, "moderatedGrades": [
        { "standard": "1.1", "grade": "GOOD" }, { "standard": "8.2", "grade": "INADEQUATE" }] } }),
    )
    .await;

    (manager, id)
}

/// A return's grades read the same however the selection is written: plain
/// fields, or the same fields inside an inline fragment (the grade loader
/// reads evidence only when the selection asks for it, fragments included).
/// A frontend must get the same answer either way, for every grade, every
/// field, aliases and `__typename` included.
#[tokio::test]
async fn grades_read_the_same_whichever_way_the_selection_is_written() {
    let app = TestApp::spawn().await;
    let (manager, id) = moderated_return(&app).await;

    let fields = "__typename selfAssessedGrade moderatedGrade effectiveGrade evidence \
        peer: moderatedGrade standard { __typename databaseId number title parentNumber n: number }";
    let read = |selection: String| {
        let app = &app;
        let manager = &manager;
        let id = &id;
        async move {
            let query = format!(
                "query($id: ID!) {{ section11Return(id: $id) {{ grades {{ {selection} }} }} }}"
            );
            app.ok(Some(manager), &query, json!({ "id": id })).await["section11Return"]["grades"]
                .clone()
        }
    };
    let direct = read(fields.to_string()).await;
    let executed = read(format!("... on Section11StandardGrade {{ {fields} }}")).await;
    pretty_assertions::assert_eq!(direct, executed);

    let list = direct.as_array().expect("grades");
    assert_eq!(list.len(), 24);
    let by_number = |n: &str| {
        list.iter()
            .find(|g| g["standard"]["number"] == n)
            .unwrap_or(&Value::Null)
    };
    assert_eq!(
        by_number("1.1"),
        &json!({
            "__typename": "Section11StandardGrade",
            "selfAssessedGrade": "REQUIRES_IMPROVEMENT",
            "moderatedGrade": "GOOD",
            "effectiveGrade": "GOOD",
            "evidence": "training records \"incomplete\"",
            "peer": "GOOD",
            "standard": {
                "__typename": "Section11Standard",
                "databaseId": "regional-v1/1.1",
                "number": "1.1",
                "title": by_number("1.1")["standard"]["title"],
                "parentNumber": "1",
                "n": "1.1"
            }
        })
    );
    assert_eq!(
        (
            by_number("1")["selfAssessedGrade"].as_str(),
            by_number("1")["standard"]["parentNumber"].is_null(),
            by_number("1.2")["effectiveGrade"].as_str(),
            by_number("8.2")["effectiveGrade"].as_str(),
            by_number("2")["moderatedGrade"].is_null(),
        ),
        (
            Some("OUTSTANDING"),
            true,
            Some("INADEQUATE"),
            Some("INADEQUATE"),
            true
        )
    );
    assert!(
        by_number("1.1")["standard"]["title"]
            .as_str()
            .is_some_and(|t| !t.is_empty()),
        "{direct}"
    );

    // A standard's relations answer too.
    let linked =
        read("standard { number framework { databaseId } subStandards { number } }".into()).await;
    assert_eq!(
        linked[0],
        json!({ "standard": { "number": "1", "framework": { "databaseId": "regional-v1" },
            "subStandards": [{ "number": "1.1" }, { "number": "1.2" }] } })
    );
}

/// A page's returns read the same however the selection is written: plain
/// fields, or the same fields inside inline fragments, which the page's
/// prefetch must see through to load the agencies and grades it asks for.
/// A frontend must get the same answer either way, for every field of the
/// edge, the return, its agency and its grades, nulls, aliases and
/// `__typename` included.
#[tokio::test]
async fn a_page_of_returns_reads_the_same_whichever_way_the_selection_is_written() {
    let app = TestApp::spawn().await;
    let (manager, id) = moderated_return(&app).await;
    let node = "__typename id partnership status overallGrade moderatedOverallGrade \
        effectiveOverallGrade validationNote source illustrative version createdAt createdBy \
        updatedAt updatedBy submittedAt submittedBy validatedAt validatedBy publishedAt \
        publishedBy v: version \
        agency { __typename id name sector source illustrative createdAt n: name } \
        grades { standard { number } selfAssessedGrade moderatedGrade }";
    let page = |edge: String| {
        let app = &app;
        let manager = &manager;
        async move {
            let query =
                format!("{{ section11Returns(first: 10) {{ totalCount edges {{ {edge} }} }} }}");
            app.ok(Some(manager), &query, json!({})).await["section11Returns"].clone()
        }
    };
    let direct = page(format!("__typename cursor node {{ {node} }}")).await;
    let executed = page(format!(
        "... on Section11ReturnEdge {{ __typename cursor node {{ ... on Section11Return {{ {node} }} }} }}"
    ))
    .await;
    pretty_assertions::assert_eq!(direct, executed);
    let agency_in_fragment = page(
        "cursor node { id agency { ... on Agency { name sector } } grades { moderatedGrade } }"
            .into(),
    )
    .await;
    let agency_direct =
        page("cursor node { id agency { name sector } grades { moderatedGrade } }".into()).await;
    pretty_assertions::assert_eq!(agency_direct, agency_in_fragment);

    let edges = direct["edges"].as_array().expect("edges");
    assert_eq!((direct["totalCount"].as_i64(), edges.len()), (Some(1), 1));
    let edge = &edges[0];
    assert_eq!(edge["__typename"], "Section11ReturnEdge");
    assert!(
        edge["cursor"].as_str().is_some_and(|c| !c.is_empty()),
        "{edge}"
    );
    let node = &edge["node"];
    assert_eq!(
        (
            &node["__typename"],
            &node["id"],
            &node["partnership"],
            &node["status"],
            &node["overallGrade"],
            &node["moderatedOverallGrade"],
            &node["effectiveOverallGrade"],
            &node["version"],
            &node["v"],
        ),
        (
            &json!("Section11Return"),
            &json!(id),
            &json!("BRISTOL"),
            &json!("VALIDATED"),
            &json!("GOOD"),
            &Value::Null,
            &json!("GOOD"),
            &json!(3),
            &json!(3),
        )
    );
    assert!(
        node["submittedAt"].is_string() && node["validatedAt"].is_string(),
        "{node}"
    );
    assert!(
        node["publishedAt"].is_null() && node["publishedBy"].is_null(),
        "{node}"
    );
    assert_eq!(node["agency"]["__typename"], "Agency");
    assert_eq!(node["agency"]["n"], node["agency"]["name"]);
    assert!(
        node["agency"]["name"]
            .as_str()
            .is_some_and(|n| !n.is_empty()),
        "{node}"
    );
    let grades = node["grades"].as_array().expect("grades");
    assert_eq!(grades.len(), 24);
    assert_eq!(
        grades.iter().find(|g| g["standard"]["number"] == "1.1"),
        Some(&json!({ "standard": { "number": "1.1" },
            "selfAssessedGrade": "REQUIRES_IMPROVEMENT", "moderatedGrade": "GOOD" }))
    );
}

const PAGE_WITH_GRADES: &str = r#"query($f: Section11ReturnFilter) {
    section11Returns(filter: $f, first: 100) { totalCount edges { node { id version agency { name }
      grades { standard { number } selfAssessedGrade moderatedGrade effectiveGrade evidence } } } } }"#;

/// The grades of `standard` on the only return of a page.
fn grade_of(page: &Value, standard: &str) -> Value {
    page["section11Returns"]["edges"][0]["node"]["grades"]
        .as_array()
        .and_then(|grades| grades.iter().find(|g| g["standard"]["number"] == standard))
        .cloned()
        .unwrap_or_else(|| panic!("no grade for {standard}: {page}"))
}

#[tokio::test]
async fn grades_read_again_come_from_memory_and_follow_every_edit_through_any_instance() {
    let app = TestApp::spawn().await;
    let other = app.another_instance(&[]).await;
    let uncached = app.another_instance(&[("GRADE_CACHE_MIB", "0")]).await;
    let (round, agency) = bristol_round(&app).await;
    let lead = lead_token(&app, &agency, Bristol);
    let manager = manager_token(&app, Bristol, "bristol-manager");
    let id = good_draft(&app, &lead, &round, &agency).await;
    let page = json!({ "f": { "round": round } });

    // Read twice here: the second time the grades, their standards and the
    // agency are not read from the database again, and the answer is the same.
    let before = app.statements.get();
    let first = app.ok(Some(&manager), PAGE_WITH_GRADES, page.clone()).await;
    let cold = app.statements.get() - before;
    let before = app.statements.get();
    let again = app.ok(Some(&manager), PAGE_WITH_GRADES, page.clone()).await;
    let warm = app.statements.get() - before;
    assert_eq!(again, first);
    assert_eq!(
        warm + 3,
        cold,
        "grades, standards and agency from memory: {cold} -> {warm}"
    );
    assert_eq!(grade_of(&first, "4.1")["selfAssessedGrade"], "GOOD");
    // Another selection of the same grades is its own answer, not the one kept.
    let aliased = app
        .ok(
            Some(&manager),
            r#"query($f: Section11ReturnFilter) { section11Returns(filter: $f) { edges { node {
                grades { s: selfAssessedGrade n: standard { number } } } } } }"#,
            page.clone(),
        )
        .await;
    assert_eq!(
        aliased["section11Returns"]["edges"][0]["node"]["grades"][0],
        json!({ "s": "GOOD", "n": { "number": "1" } })
    );
    // The other instance has them in its memory too.
    app.ok_at(&other, Some(&manager), PAGE_WITH_GRADES, page.clone())
        .await;

    // Edited through the other instance, the draft reads with its new grades here.
    let mut grades = all_good();
    grades[10] = json!({ "standard": "4.1", "grade": "REQUIRES_IMPROVEMENT", "evidence": "children's views not yet routinely sought" });
    app.ok_at(
        &other,
        Some(&lead),
        UPDATE_RETURN,
        json!({ "input": { "id": id, "expectedVersion": 1, "grades": grades } }),
    )
    .await;
    let edited = app.ok(Some(&manager), PAGE_WITH_GRADES, page.clone()).await;
    assert_eq!(
        grade_of(&edited, "4.1"),
        json!({ "standard": { "number": "4.1" }, "selfAssessedGrade": "REQUIRES_IMPROVEMENT",
            "moderatedGrade": null, "effectiveGrade": "REQUIRES_IMPROVEMENT",
            "evidence": "children's views not yet routinely sought" })
    );
    assert_eq!(
        app.ok_at(&uncached, Some(&manager), PAGE_WITH_GRADES, page.clone())
            .await,
        edited
    );

    // Moderated here, the other instance shows the moderated grade.
    app.ok(
        Some(&lead),
        UPDATE_RETURN,
        json!({ "input": { "id": id, "expectedVersion": 2, "actions": [
            { "standard": "4.1", "what": "Add a children's feedback loop", "owner": "Head of quality", "dueDate": "2027-06-30" }
        ] } }),
    )
    .await;
    app.ok(Some(&lead), SUBMIT, json!({ "id": id, "v": 3 }))
        .await;
    app.ok(
        Some(&manager),
        VALIDATE,
        json!({ "input": { "id": id, "expectedVersion": 4, "moderatedGrades": [{ "standard": "5.1", "grade": "INADEQUATE" }] } }),
    )
    .await;
    let moderated = app
        .ok_at(&other, Some(&manager), PAGE_WITH_GRADES, page.clone())
        .await;
    assert_eq!(
        moderated["section11Returns"]["edges"][0]["node"]["version"],
        5
    );
    assert_eq!(grade_of(&moderated, "5.1")["moderatedGrade"], "INADEQUATE");
    assert_eq!(grade_of(&moderated, "5.1")["effectiveGrade"], "INADEQUATE");
    assert_eq!(
        app.ok_at(&uncached, Some(&manager), PAGE_WITH_GRADES, page)
            .await,
        moderated
    );
}

const FIGURE: &str =
    "value unroundedValue status estimatedInput illustrative nonStandardPeriod unreliable";

#[tokio::test]
async fn every_section_11_figure_carries_its_status_and_the_flags_of_its_returns() {
    let app = TestApp::with_demo().await;
    let count = "value status estimatedInput illustrative nonStandardPeriod unreliable";
    let query = format!(
        r#"query($round: ID!, $p: PartnershipCode!) {{ section11Summary(round: $round, partnership: $p) {{
             returnRate returnRateFigure {{ {FIGURE} }} shareGoodOrBetterFigure {{ {FIGURE} }}
             expectedFigure {{ {count} }} receivedFigure {{ {count} }} nilReturnsFigure {{ {count} }}
             notReceivedFigure {{ {count} }} withoutOverallGradeFigure {{ {count} }}
             agenciesWithInadequateGradingFigure {{ {count} }}
             byOverallGrade {{ grade count countFigure {{ {count} }} }}
             standards {{ number graded gradedFigure {{ {count} }} goodOrBetterFigure {{ {count} }}
               shareGoodOrBetterFigure {{ {FIGURE} }} }} }} }}"#
    );

    // Somerset 2016-17: published totals, but which agency holds which grade
    // is placed to fit them, so every figure built on the returns says so.
    let s = app
        .ok(
            None,
            &query,
            json!({ "round": "somerset-2016-17", "p": "SOMERSET" }),
        )
        .await;
    let s = &s["section11Summary"];
    let rate = &s["returnRateFigure"];
    assert_eq!(rate["status"], "SHOWN");
    assert_eq!(rate["value"], s["returnRate"]);
    assert_eq!(rate["value"], 96.2);
    assert!((rate["unroundedValue"].as_f64().unwrap_or_default() - 2500.0 / 26.0).abs() < 1e-9);
    assert_eq!(rate["illustrative"], true, "{rate}");
    assert_eq!(rate["estimatedInput"], false);
    assert_eq!(s["receivedFigure"]["value"], 25);
    assert_eq!(s["receivedFigure"]["status"], "SHOWN");
    assert_eq!(s["receivedFigure"]["illustrative"], true);
    assert_eq!(s["agenciesWithInadequateGradingFigure"]["value"], 7);
    assert!(s["byOverallGrade"]
        .as_array()
        .expect("grades")
        .iter()
        .all(
            |g| g["countFigure"]["value"] == g["count"] && g["countFigure"]["illustrative"] == true
        ));
    let sub = standard(s, "8.3");
    assert_eq!(sub["shareGoodOrBetterFigure"]["value"], 84.0);
    assert_eq!(sub["shareGoodOrBetterFigure"]["status"], "SHOWN");
    assert_eq!(sub["shareGoodOrBetterFigure"]["illustrative"], true);
    assert_eq!(sub["goodOrBetterFigure"]["value"], 21);
    // A standard the report does not grade: not available, not a bare null.
    let ungraded = &standard(s, "3")["shareGoodOrBetterFigure"];
    assert_eq!(ungraded["status"], "NOT_AVAILABLE");
    assert!(ungraded["value"].is_null());
    assert_eq!(standard(s, "3")["gradedFigure"]["value"], 0);

    // A round of the hub's own, with no return yet: nothing made up, and no
    // grades to take a share of.
    let (round, _) = bristol_round_of(&app, 2).await;
    let manager = manager_token(&app, Bristol, "bristol-manager");
    let s = app
        .ok(
            Some(&manager),
            &query,
            json!({ "round": round, "p": "BRISTOL" }),
        )
        .await;
    let s = &s["section11Summary"];
    // The demo's Bristol agencies and the two registered here, none returned.
    assert_eq!(s["expectedFigure"]["status"], "SHOWN");
    assert!(s["expectedFigure"]["value"].as_u64() >= Some(2), "{s}");
    assert_eq!(s["returnRateFigure"]["status"], "SHOWN");
    assert_eq!(s["returnRateFigure"]["value"], 0.0);
    assert_eq!(s["returnRateFigure"]["illustrative"], false);
    assert_eq!(s["shareGoodOrBetterFigure"]["status"], "NOT_AVAILABLE");
    assert_eq!(s["shareGoodOrBetterFigure"]["illustrative"], false);
    assert_eq!(
        s["notReceivedFigure"]["value"],
        s["expectedFigure"]["value"]
    );
}

#[tokio::test]
async fn a_survey_share_says_whether_it_was_published_and_whether_it_is_made_up() {
    let app = TestApp::with_demo().await;
    let survey = app
        .ok(
            None,
            &format!(
                r#"{{ section11SurveyResults(round: "regional-practitioner-survey-2024-25", partnership: SOMERSET) {{
                   results {{ theme sharePositive sharePositiveFigure {{ {FIGURE} }} respondents respondentsFigure {{ value status }} illustrative }} }} }}"#
            ),
            json!({}),
        )
        .await;
    let results = survey["section11SurveyResults"]["results"]
        .as_array()
        .expect("results")
        .clone();
    assert!(!results.is_empty());
    for r in &results {
        let figure = &r["sharePositiveFigure"];
        let published = !r["sharePositive"].is_null();
        assert_eq!(
            figure["status"],
            if published { "SHOWN" } else { "NOT_AVAILABLE" },
            "{r}"
        );
        assert_eq!(figure["value"], r["sharePositive"], "{r}");
        assert_eq!(figure["illustrative"], r["illustrative"], "{r}");
        assert_eq!(
            r["respondentsFigure"]["status"],
            if r["respondents"].is_null() {
                "NOT_AVAILABLE"
            } else {
                "SHOWN"
            },
            "{r}"
        );
    }
    let shown: Vec<f64> = results
        .iter()
        .filter(|r| r["sharePositiveFigure"]["status"] == "SHOWN")
        .filter_map(|r| r["sharePositiveFigure"]["value"].as_f64())
        .collect();
    assert_eq!(shown, [97.0, 72.0]);
}
