//! Independent scrutiny through the real HTTP app: recording activity with
//! findings and recommendations, answering recommendations with an
//! append-only history, who sees what, the coverage matrix, and the cost of
//! a page in SQL statements.
use std::collections::BTreeSet;

use chrono::{Days, Utc};
use entity::PartnershipCode::{self, Bristol, NorthSomerset, Somerset, SouthGloucestershire};
use hub::access::{AccessLevel, Dataset, Grant, Scope};
use hub::auth::caller::{Caller, Identity};
use hub::auth::role::Role;
use hub::auth::token::TokenRequest;
use hub::pagination::PageArgs;
use hub::scrutiny::{coverage, service};
use serde_json::{json, Value};

use crate::helpers::TestApp;

pub const RECORD: &str = r#"mutation($input: ScrutinyActivityInput!) {
  recordScrutinyActivity(input: $input) {
    id version published recordedBy partnerships
    themes { code } findings { kind text }
    recommendations { id text ownerPartnership ownerAgency dueDate status overdue version }
  } }"#;

const AMEND: &str = r#"mutation($input: ScrutinyActivityAmendment!) {
  amendScrutinyActivity(input: $input) {
    id version published title updatedBy partnerships findings { kind text }
    recommendations { id status }
  } }"#;

const RESPOND: &str = r#"mutation($input: RecommendationResponseInput!) {
  respondToRecommendation(input: $input) {
    id status version overdue
    history { sequence kind actor actorRole fromStatus toStatus text occurredAt }
  } }"#;

const CLOSE: &str = r#"mutation($input: RecommendationClosureInput!) {
  closeRecommendation(input: $input) {
    id status version history { sequence kind actor actorRole fromStatus toStatus text }
  } }"#;

const RECOMMENDATIONS: &str = r#"query($filter: RecommendationFilterInput) {
  recommendations(filter: $filter, first: 100) {
    totalCount edges { node { id text status overdue ownerPartnership activity { id } } }
  } }"#;

const COVERAGE: &str = r#"query($from: NaiveDate, $to: NaiveDate) {
  scrutinyCoverage(from: $from, to: $to) {
    asOf rows { theme { code scope } partnershipsCovered
      cells { partnership activities openRecommendations overdueRecommendations } }
  } }"#;

fn token(app: &TestApp, role: Role, partnerships: &[PartnershipCode], subject: &str) -> String {
    app.token_with(&TokenRequest {
        subject: subject.to_string(),
        ..TokenRequest::new(role, partnerships)
    })
}

fn days_ago(n: u64) -> String {
    (Utc::now().date_naive() - Days::new(n)).to_string()
}

fn days_ahead(n: u64) -> String {
    (Utc::now().date_naive() + Days::new(n)).to_string()
}

/// An activity input covering `partnerships` on `theme`, with one
/// recommendation per owner in `owners` (due as given).
pub fn activity_input(
    partnerships: &[PartnershipCode],
    theme: &str,
    published: bool,
    recommendations: &[(PartnershipCode, String)],
) -> Value {
    json!({
        "kind": "MULTI_AGENCY_AUDIT",
        "date": days_ago(60),
        "title": "Multi-agency audit of missing episodes",
        "summary": "Twelve cases audited across police, health and children's services.",
        "partnerships": partnerships,
        "themes": [theme],
        "published": published,
        "findings": [
            { "kind": "STRENGTH", "text": "Return home interviews happen promptly." },
            { "kind": "CHALLENGE", "text": "Patterns across episodes are not analysed." }
        ],
        "recommendations": recommendations.iter().enumerate().map(|(i, (owner, due))| json!({
            "text": format!("Recommendation {i}"),
            "ownerPartnership": owner,
            "dueDate": due,
        })).collect::<Vec<_>>(),
    })
}

fn cell<'a>(coverage: &'a Value, theme: &str, partnership: &str) -> &'a Value {
    let row = coverage["scrutinyCoverage"]["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["theme"]["code"] == theme))
        .unwrap_or_else(|| panic!("no row for {theme}: {coverage}"));
    row["cells"]
        .as_array()
        .and_then(|cells| cells.iter().find(|c| c["partnership"] == partnership))
        .unwrap_or_else(|| panic!("no cell for {partnership}: {row}"))
}

fn ids(data: &Value, list: &str) -> Vec<String> {
    data[list]["edges"]
        .as_array()
        .map(|edges| {
            edges
                .iter()
                .filter_map(|e| e["node"]["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn recommendations_are_answered_tracked_and_overdue_shows_everywhere() {
    let app = TestApp::spawn().await;
    let scrutineer = token(&app, Role::Scrutineer, &[Bristol], "scrutineer-bristol");
    let manager = token(
        &app,
        Role::PartnershipManager,
        &[Bristol],
        "manager-bristol",
    );
    let other_manager = token(
        &app,
        Role::PartnershipManager,
        &[NorthSomerset],
        "manager-ns",
    );

    // The scrutineer records an activity with two recommendations; the second
    // was entered late and is already past its due date.
    let input = activity_input(
        &[Bristol],
        "MISSING_CHILDREN",
        false,
        &[(Bristol, days_ahead(90)), (Bristol, days_ago(1))],
    );
    let data = app
        .ok(Some(&scrutineer), RECORD, json!({ "input": input }))
        .await;
    let activity = &data["recordScrutinyActivity"];
    let activity_id = activity["id"].as_str().expect("id").to_string();
    assert_eq!(activity["recordedBy"], "scrutineer-bristol");
    assert_eq!(activity["findings"].as_array().map(Vec::len), Some(2));
    let recs = activity["recommendations"]
        .as_array()
        .expect("recommendations");
    assert_eq!(recs.len(), 2);
    let (kept, lapsed) = (
        recs[0]["id"].as_str().expect("id").to_string(),
        recs[1]["id"].as_str().expect("id").to_string(),
    );
    assert_eq!(recs[0]["status"], "OPEN");
    assert_eq!(recs[0]["overdue"], false);
    assert_eq!(recs[1]["overdue"], true);

    // The owning manager responds to one and then completes it.
    let data = app
        .ok(
            Some(&manager),
            RESPOND,
            json!({ "input": { "id": kept, "expectedVersion": 1, "response": "Action plan agreed at the executive.", "status": "IN_PROGRESS" } }),
        )
        .await;
    assert_eq!(data["respondToRecommendation"]["status"], "IN_PROGRESS");
    assert_eq!(data["respondToRecommendation"]["version"], 2);
    let data = app
        .ok(
            Some(&manager),
            RESPOND,
            json!({ "input": { "id": kept, "expectedVersion": 2, "status": "COMPLETED" } }),
        )
        .await;
    let completed = &data["respondToRecommendation"];
    assert_eq!(completed["status"], "COMPLETED");
    let history: Vec<(String, String, String, Value, Value)> = completed["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|h| {
            (
                h["kind"].as_str().unwrap_or_default().to_string(),
                h["actor"].as_str().unwrap_or_default().to_string(),
                h["actorRole"].as_str().unwrap_or_default().to_string(),
                h["fromStatus"].clone(),
                h["toStatus"].clone(),
            )
        })
        .collect();
    assert_eq!(
        history,
        vec![
            (
                "RECORDED".into(),
                "scrutineer-bristol".into(),
                "scrutineer".into(),
                Value::Null,
                json!("OPEN")
            ),
            (
                "RESPONSE".into(),
                "manager-bristol".into(),
                "partnership_manager".into(),
                json!("OPEN"),
                json!("IN_PROGRESS")
            ),
            (
                "STATUS_CHANGE".into(),
                "manager-bristol".into(),
                "partnership_manager".into(),
                json!("IN_PROGRESS"),
                json!("COMPLETED")
            ),
        ]
    );
    assert_eq!(
        completed["history"][1]["text"],
        "Action plan agreed at the executive."
    );

    // A stale version is refused and nothing is appended.
    let code = app
        .error_code(
            Some(&manager),
            RESPOND,
            json!({ "input": { "id": kept, "expectedVersion": 2, "response": "late" } }),
        )
        .await;
    assert_eq!(code, "CONFLICT");

    // The other is overdue, in the filter and in the coverage matrix.
    for who in [&manager, &scrutineer] {
        let data = app
            .ok(
                Some(who),
                RECOMMENDATIONS,
                json!({ "filter": { "overdue": true } }),
            )
            .await;
        assert_eq!(ids(&data, "recommendations"), vec![lapsed.clone()]);
        assert_eq!(data["recommendations"]["edges"][0]["node"]["overdue"], true);
        let data = app
            .ok(
                Some(who),
                RECOMMENDATIONS,
                json!({ "filter": { "overdue": false } }),
            )
            .await;
        assert_eq!(ids(&data, "recommendations"), vec![kept.clone()]);
        let coverage = app.ok(Some(who), COVERAGE, json!({})).await;
        let c = cell(&coverage, "MISSING_CHILDREN", "BRISTOL");
        assert_eq!(c["activities"], 1);
        assert_eq!(c["openRecommendations"], 1);
        assert_eq!(c["overdueRecommendations"], 1);
    }

    // Another partnership's manager can neither amend nor respond: while the
    // activity is unpublished it does not exist for them, and once published
    // they may read it but still not write.
    let amend =
        json!({ "input": { "id": activity_id, "expectedVersion": 1, "title": "rewritten" } });
    let respond = json!({ "input": { "id": lapsed, "expectedVersion": 1, "response": "not ours", "status": "COMPLETED" } });
    assert_eq!(
        app.error_code(Some(&other_manager), AMEND, amend.clone())
            .await,
        "FORBIDDEN"
    );
    assert_eq!(
        app.error_code(Some(&other_manager), RESPOND, respond.clone())
            .await,
        "NOT_FOUND"
    );
    let data = app
        .ok(
            Some(&scrutineer),
            AMEND,
            json!({ "input": { "id": activity_id, "expectedVersion": 1, "published": true } }),
        )
        .await;
    assert_eq!(data["amendScrutinyActivity"]["version"], 2);
    let amend =
        json!({ "input": { "id": activity_id, "expectedVersion": 2, "title": "rewritten" } });
    assert_eq!(
        app.error_code(Some(&other_manager), AMEND, amend).await,
        "FORBIDDEN"
    );
    assert_eq!(
        app.error_code(Some(&other_manager), RESPOND, respond).await,
        "FORBIDDEN"
    );
    let data = app
        .ok(
            Some(&manager),
            r#"query($id: ID!) { scrutinyActivity(id: $id) { title version recommendations { status version history { sequence } } } }"#,
            json!({ "id": activity_id }),
        )
        .await;
    let a = &data["scrutinyActivity"];
    assert_eq!(a["title"], "Multi-agency audit of missing episodes");
    assert_eq!(a["version"], 2);
    assert_eq!(a["recommendations"][1]["status"], "OPEN");
    assert_eq!(a["recommendations"][1]["version"], 1);
    assert_eq!(
        a["recommendations"][1]["history"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(
        a["recommendations"][0]["history"].as_array().map(Vec::len),
        Some(3)
    );
}

#[tokio::test]
async fn the_scrutineer_closes_or_declines_and_history_is_only_appended() {
    let app = TestApp::spawn().await;
    let scrutineer = token(&app, Role::Scrutineer, &[Bristol], "scrutineer-bristol");
    let manager = token(
        &app,
        Role::PartnershipManager,
        &[Bristol],
        "manager-bristol",
    );
    let input = activity_input(
        &[Bristol],
        "RESPONSE_TO_DOMESTIC_ABUSE",
        false,
        &[(Bristol, days_ahead(30)), (Bristol, days_ahead(30))],
    );
    let data = app
        .ok(Some(&scrutineer), RECORD, json!({ "input": input }))
        .await;
    let recs = &data["recordScrutinyActivity"]["recommendations"];
    let (a, b) = (recs[0]["id"].clone(), recs[1]["id"].clone());

    // The manager may not decline; the scrutineer may.
    let code = app
        .error_code(
            Some(&manager),
            RESPOND,
            json!({ "input": { "id": a, "expectedVersion": 1, "status": "NOT_ACCEPTED" } }),
        )
        .await;
    assert_eq!(code, "BAD_USER_INPUT");
    let code = app
        .error_code(Some(&manager), CLOSE, json!({ "input": { "id": a, "expectedVersion": 1, "status": "NOT_ACCEPTED", "note": "no" } }))
        .await;
    assert_eq!(code, "FORBIDDEN");
    let code = app
        .error_code(
            Some(&scrutineer),
            RESPOND,
            json!({ "input": { "id": a, "expectedVersion": 1, "response": "x" } }),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");
    let data = app
        .ok(Some(&scrutineer), CLOSE, json!({ "input": { "id": a, "expectedVersion": 1, "status": "NOT_ACCEPTED", "note": "The partnership gave reasons the executive accepted." } }))
        .await;
    let closed = &data["closeRecommendation"];
    assert_eq!(closed["status"], "NOT_ACCEPTED");
    assert_eq!(closed["history"][1]["kind"], "STATUS_CHANGE");
    assert_eq!(closed["history"][1]["actor"], "scrutineer-bristol");
    assert_eq!(closed["history"][1]["fromStatus"], "OPEN");

    // A closed recommendation takes no further entries; closing needs a closing status.
    let code = app
        .error_code(
            Some(&manager),
            RESPOND,
            json!({ "input": { "id": a, "expectedVersion": 2, "response": "reopen" } }),
        )
        .await;
    assert_eq!(code, "BAD_USER_INPUT");
    let code = app
        .error_code(Some(&scrutineer), CLOSE, json!({ "input": { "id": b, "expectedVersion": 1, "status": "IN_PROGRESS", "note": "x" } }))
        .await;
    assert_eq!(code, "BAD_USER_INPUT");
    let (_, body) = app
        .post_graphql(
            Some(&manager),
            RESPOND,
            json!({ "input": { "id": b, "expectedVersion": 1 } }),
        )
        .await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "input.response");
    let data = app
        .ok(Some(&scrutineer), CLOSE, json!({ "input": { "id": b, "expectedVersion": 1, "status": "COMPLETED", "note": "Evidence seen." } }))
        .await;
    assert_eq!(data["closeRecommendation"]["status"], "COMPLETED");

    // Every entry is still there, in order, with who and when.
    let data = app
        .ok(
            Some(&manager),
            RECOMMENDATIONS,
            json!({ "filter": { "status": "NOT_ACCEPTED" } }),
        )
        .await;
    assert_eq!(
        ids(&data, "recommendations"),
        vec![a.as_str().unwrap_or_default().to_string()]
    );

    // Audited: the successful writes and the refusals.
    let admin = app.token(Role::RegionalAdmin, &[]);
    let data = app
        .ok(
            Some(&admin),
            r#"{ auditEvents(filter: {operation: "closeRecommendation"}) { edges { node { outcome partnership actor } } } }"#,
            json!({}),
        )
        .await;
    let outcomes: BTreeSet<String> = data["auditEvents"]["edges"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            e["node"]["outcome"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(
        outcomes,
        ["BAD_USER_INPUT", "FORBIDDEN", "success"]
            .map(String::from)
            .into_iter()
            .collect()
    );
}

#[tokio::test]
async fn amending_replaces_findings_adds_recommendations_and_checks_versions() {
    let app = TestApp::spawn().await;
    let scrutineer = token(
        &app,
        Role::Scrutineer,
        &[Bristol, NorthSomerset],
        "scrutineer-ns-bristol",
    );
    let input = activity_input(
        &[Bristol, NorthSomerset],
        "MISSING_CHILDREN",
        false,
        &[(NorthSomerset, days_ahead(10))],
    );
    let data = app
        .ok(Some(&scrutineer), RECORD, json!({ "input": input }))
        .await;
    let id = data["recordScrutinyActivity"]["id"].clone();

    let data = app
        .ok(
            Some(&scrutineer),
            AMEND,
            json!({ "input": {
                "id": id, "expectedVersion": 1, "title": "Audit of missing episodes (revised)",
                "findings": [{ "kind": "AREA_FOR_IMPROVEMENT", "text": "Return interviews are not shared." }],
                "addRecommendations": [{ "text": "Share return interviews", "ownerPartnership": "BRISTOL", "ownerAgency": "Bristol City Council", "dueDate": days_ahead(40) }]
            } }),
        )
        .await;
    let amended = &data["amendScrutinyActivity"];
    assert_eq!(amended["version"], 2);
    assert_eq!(amended["updatedBy"], "scrutineer-ns-bristol");
    assert_eq!(
        amended["findings"],
        json!([{ "kind": "AREA_FOR_IMPROVEMENT", "text": "Return interviews are not shared." }])
    );
    assert_eq!(amended["recommendations"].as_array().map(Vec::len), Some(2));

    // Stale version: CONFLICT, nothing changes.
    let code = app
        .error_code(
            Some(&scrutineer),
            AMEND,
            json!({ "input": { "id": id, "expectedVersion": 1, "title": "lost update" } }),
        )
        .await;
    assert_eq!(code, "CONFLICT");
    // Dropping a partnership that owns a recommendation is refused, naming the field.
    let (_, body) = app
        .post_graphql(
            Some(&scrutineer),
            AMEND,
            json!({ "input": { "id": id, "expectedVersion": 2, "partnerships": ["BRISTOL"] } }),
        )
        .await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(
        body["errors"][0]["extensions"]["field"],
        "input.partnerships"
    );
    // A Bristol-only scrutineer sees the activity (it covers Bristol) but may
    // not amend it (it also covers North Somerset).
    let bristol_only = token(&app, Role::Scrutineer, &[Bristol], "scrutineer-bristol");
    let code = app
        .error_code(
            Some(&bristol_only),
            AMEND,
            json!({ "input": { "id": id, "expectedVersion": 2, "title": "x" } }),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");
    let data = app
        .ok(
            Some(&bristol_only),
            r#"query($id: ID!) { scrutinyActivity(id: $id) { title version } }"#,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        data["scrutinyActivity"]["title"],
        "Audit of missing episodes (revised)"
    );
    assert_eq!(data["scrutinyActivity"]["version"], 2);
}

/// Spoils one field of a valid input.
type Change = Box<dyn Fn(&mut Value)>;

#[tokio::test]
async fn recording_names_the_field_at_fault() {
    let app = TestApp::spawn().await;
    let scrutineer = token(&app, Role::Scrutineer, &[Bristol], "s");
    let base = activity_input(
        &[Bristol],
        "MISSING_CHILDREN",
        false,
        &[(Bristol, days_ahead(5))],
    );
    let cases: Vec<(&str, Change)> = vec![
        (
            "input.partnerships",
            Box::new(|v| v["partnerships"] = json!([])),
        ),
        (
            "input.partnerships[1]",
            Box::new(|v| v["partnerships"] = json!(["BRISTOL", "BRISTOL"])),
        ),
        (
            "input.themes[0]",
            Box::new(|v| v["themes"] = json!(["KNITTING"])),
        ),
        ("input.themes", Box::new(|v| v["themes"] = json!([]))),
        ("input.title", Box::new(|v| v["title"] = json!("   "))),
        ("input.date", Box::new(|v| v["date"] = json!(days_ahead(3)))),
        (
            "input.scrutineerId",
            Box::new(|v| v["scrutineerId"] = json!("nobody")),
        ),
        (
            "input.findings[1].text",
            Box::new(|v| v["findings"][1]["text"] = json!("")),
        ),
        (
            "input.recommendations[0].ownerPartnership",
            Box::new(|v| v["recommendations"][0]["ownerPartnership"] = json!("SOMERSET")),
        ),
        (
            "input.recommendations[0].dueDate",
            Box::new(|v| v["recommendations"][0]["dueDate"] = json!(days_ago(400))),
        ),
    ];
    for (field, change) in cases {
        let mut input = base.clone();
        change(&mut input);
        let (_, body) = app
            .post_graphql(Some(&scrutineer), RECORD, json!({ "input": input }))
            .await;
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{field}: {body}"
        );
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
    }
    // A scrutineer may not record for a partnership outside its scope, even
    // alongside its own.
    let input = activity_input(&[Bristol, Somerset], "MISSING_CHILDREN", false, &[]);
    assert_eq!(
        app.error_code(Some(&scrutineer), RECORD, json!({ "input": input }))
            .await,
        "FORBIDDEN"
    );
    let data = app
        .ok(
            Some(&scrutineer),
            "{ scrutinyActivities { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(data["scrutinyActivities"]["totalCount"], 0);
}

#[tokio::test]
async fn unpublished_activity_is_invisible_outside_its_partnerships_everywhere() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    // Covers Bristol and North Somerset; one recommendation each.
    let input = activity_input(
        &[Bristol, NorthSomerset],
        "CHILDREN_MISSING_FROM_EDUCATION",
        false,
        &[(Bristol, days_ago(2)), (NorthSomerset, days_ahead(20))],
    );
    let data = app
        .ok(Some(&admin), RECORD, json!({ "input": input }))
        .await;
    let id = data["recordScrutinyActivity"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let published = activity_input(
        &[SouthGloucestershire],
        "MISSING_CHILDREN",
        true,
        &[(SouthGloucestershire, days_ago(3))],
    );
    let data = app
        .ok(Some(&admin), RECORD, json!({ "input": published }))
        .await;
    let published_id = data["recordScrutinyActivity"]["id"]
        .as_str()
        .expect("id")
        .to_string();

    let bristol_manager = app.token(Role::PartnershipManager, &[Bristol]);
    let ns_scrutineer = app.token(Role::Scrutineer, &[NorthSomerset]);
    let sg_manager = app.token(Role::PartnershipManager, &[SouthGloucestershire]);
    let analyst = app.token(Role::Analyst, &[]);
    let officer = app.token(Role::CdopOfficer, &[Bristol]);
    let lead = app.token_with(&TokenRequest {
        agency: Some("a".into()),
        ..TokenRequest::new(Role::AgencyLead, &[Bristol])
    });

    let by_id = r#"query($id: ID!) { scrutinyActivity(id: $id) { id recordedBy recommendations { recordedBy history { actor actorRole } } } }"#;
    let list = r#"query($f: ScrutinyActivityFilter) { scrutinyActivities(filter: $f) { totalCount edges { node { id } } } }"#;
    // Either covered partnership sees all of it, identities included.
    for who in [&bristol_manager, &ns_scrutineer] {
        let data = app.ok(Some(who), by_id, json!({ "id": id })).await;
        assert_eq!(data["scrutinyActivity"]["recordedBy"], "dev-regional_admin");
        let data = app
            .ok(
                Some(who),
                list,
                json!({ "f": { "theme": "CHILDREN_MISSING_FROM_EDUCATION" } }),
            )
            .await;
        assert_eq!(ids(&data, "scrutinyActivities"), vec![id.clone()]);
        let data = app
            .ok(
                Some(who),
                RECOMMENDATIONS,
                json!({ "filter": { "partnership": "BRISTOL" } }),
            )
            .await;
        assert_eq!(data["recommendations"]["totalCount"], 2);
    }
    // Everyone else: not found by id, absent from lists, filters, nested fields and counts.
    for who in [
        Some(&sg_manager),
        Some(&analyst),
        Some(&officer),
        Some(&lead),
        None,
    ] {
        let who = who.map(String::as_str);
        assert_eq!(
            app.error_code(who, by_id, json!({ "id": id })).await,
            "NOT_FOUND"
        );
        let data = app.ok(who, list, json!({})).await;
        assert_eq!(ids(&data, "scrutinyActivities"), vec![published_id.clone()]);
        let data = app
            .ok(who, list, json!({ "f": { "partnership": "BRISTOL" } }))
            .await;
        assert_eq!(data["scrutinyActivities"]["totalCount"], 0);
        let data = app
            .ok(
                who,
                RECOMMENDATIONS,
                json!({ "filter": { "overdue": true } }),
            )
            .await;
        let visible: Vec<Value> = data["recommendations"]["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .map(|e| e["node"]["activity"]["id"].clone())
            .collect();
        assert_eq!(visible, vec![json!(published_id)]);
        let coverage = app.ok(who, COVERAGE, json!({})).await;
        assert_eq!(
            cell(&coverage, "CHILDREN_MISSING_FROM_EDUCATION", "BRISTOL")["activities"],
            0
        );
        assert_eq!(
            cell(&coverage, "CHILDREN_MISSING_FROM_EDUCATION", "BRISTOL")["overdueRecommendations"],
            0
        );
        let c = cell(&coverage, "MISSING_CHILDREN", "SOUTH_GLOUCESTERSHIRE");
        assert_eq!(
            (c["activities"].clone(), c["overdueRecommendations"].clone()),
            (json!(1), json!(1))
        );
    }
    // The published activity is readable by all, but identities are only for
    // those who read the partnership's records.
    let data = app
        .ok(Some(&analyst), by_id, json!({ "id": published_id }))
        .await;
    assert_eq!(data["scrutinyActivity"]["recordedBy"], Value::Null);
    assert_eq!(
        data["scrutinyActivity"]["recommendations"][0]["recordedBy"],
        Value::Null
    );
    assert_eq!(
        data["scrutinyActivity"]["recommendations"][0]["history"][0]["actor"],
        Value::Null
    );
    assert_eq!(
        data["scrutinyActivity"]["recommendations"][0]["history"][0]["actorRole"],
        "regional_admin"
    );
    let data = app
        .ok(Some(&sg_manager), by_id, json!({ "id": published_id }))
        .await;
    assert_eq!(
        data["scrutinyActivity"]["recommendations"][0]["history"][0]["actor"],
        "dev-regional_admin"
    );
}

#[tokio::test]
async fn coverage_and_lists_honour_access_raised_by_an_agreement() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    let input = activity_input(
        &[NorthSomerset],
        "MISSING_CHILDREN",
        false,
        &[(NorthSomerset, days_ago(1))],
    );
    app.ok(Some(&admin), RECORD, json!({ "input": input }))
        .await;

    let analyst = Caller {
        identity: Some(Identity {
            subject: "a".into(),
            name: None,
            issuer: "i".into(),
        }),
        role: Role::Analyst,
        partnerships: BTreeSet::new(),
        agency: None,
    };
    let today = Utc::now().date_naive();
    let missing_ns = |rows: &[coverage::Row]| {
        rows.iter()
            .find(|r| r.theme.code == "MISSING_CHILDREN")
            .and_then(|r| {
                r.cells
                    .iter()
                    .find(|c| c.partnership == NorthSomerset)
                    .copied()
            })
            .expect("cell")
    };
    let mut scope = Scope::for_caller(analyst);
    let rows = coverage::coverage(&app.db, &scope, None, None, today)
        .await
        .expect("coverage");
    assert_eq!(missing_ns(&rows).activities, 0);

    // Exact aggregates for North Somerset: counted, but still not listed.
    scope.raise(
        Dataset::Scrutiny,
        NorthSomerset,
        Grant {
            level: AccessLevel::ExactAggregates,
            agreement_id: Some("dsa-1".into()),
        },
    );
    let rows = coverage::coverage(&app.db, &scope, None, None, today)
        .await
        .expect("coverage");
    let c = missing_ns(&rows);
    assert_eq!(
        (
            c.activities,
            c.open_recommendations,
            c.overdue_recommendations
        ),
        (1, 1, 1)
    );
    let listed = service::activities(&app.db, &scope, &Default::default(), &PageArgs::default())
        .await
        .expect("list");
    assert!(listed.edges.is_empty());

    // Record level: listed too.
    scope.raise(
        Dataset::Scrutiny,
        NorthSomerset,
        Grant {
            level: AccessLevel::RecordLevel,
            agreement_id: Some("dsa-2".into()),
        },
    );
    let listed = service::activities(&app.db, &scope, &Default::default(), &PageArgs::default())
        .await
        .expect("list");
    assert_eq!((listed.edges.len(), listed.total_count), (1, 1));
}

#[tokio::test]
async fn a_page_of_100_costs_the_same_statements_as_a_page_of_10() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    for i in 0..105 {
        let partnerships = if i % 2 == 0 {
            vec![Bristol]
        } else {
            vec![Bristol, Somerset]
        };
        let input = activity_input(
            &partnerships,
            "MISSING_CHILDREN",
            i % 3 == 0,
            &[(Bristol, days_ahead(5)), (Bristol, days_ago(1))],
        );
        app.ok(Some(&admin), RECORD, json!({ "input": input }))
            .await;
    }
    let query = r#"query($first: Int) { scrutinyActivities(first: $first) { totalCount edges { node {
        id partnerships recordedBy themes { code } scrutineer { name appointments { startDate } }
        findings { kind text }
        recommendations { id status overdue recordedBy history { kind actor } activity { id title partnerships } }
    } } } }"#;
    let manager = app.token(Role::PartnershipManager, &[Somerset]);
    for who in [&admin, &manager] {
        app.ok(Some(who), query, json!({ "first": 1 })).await;
        let before = app.statements.get();
        let ten = app.ok(Some(who), query, json!({ "first": 10 })).await;
        let ten_cost = app.statements.get() - before;
        let before = app.statements.get();
        let hundred = app.ok(Some(who), query, json!({ "first": 100 })).await;
        let hundred_cost = app.statements.get() - before;
        assert_eq!(
            ten["scrutinyActivities"]["edges"].as_array().map(Vec::len),
            Some(10)
        );
        let expected = if *who == admin { 100 } else { 52 + 18 };
        assert_eq!(
            hundred["scrutinyActivities"]["edges"]
                .as_array()
                .map(Vec::len),
            Some(expected)
        );
        assert_eq!(
            ten_cost, hundred_cost,
            "a page of 10 cost {ten_cost} statements, a page of 100 {hundred_cost}"
        );
    }
    let before = app.statements.get();
    app.ok(Some(&admin), COVERAGE, json!({})).await;
    // Three for coverage and one for the data generation its cached answer
    // is kept under. A regional admin already reads everything, so no
    // agreement could add to its scope and they are not read.
    assert!(
        app.statements.get() - before <= 4,
        "coverage is three queries, not one per cell"
    );
    // Asked again with nothing written, it comes from memory.
    let before = app.statements.get();
    app.ok(Some(&admin), COVERAGE, json!({})).await;
    assert_eq!(app.statements.get() - before, 1, "the data generation only");
    // A partnership manager's scope may be raised by an agreement, so its
    // request reads the agreements in force as well.
    let manager = app.token(Role::PartnershipManager, &[PartnershipCode::Bristol]);
    app.ok(Some(&manager), COVERAGE, json!({})).await;
    let before = app.statements.get();
    app.ok(Some(&manager), COVERAGE, json!({})).await;
    assert_eq!(
        app.statements.get() - before,
        2,
        "the agreements in force and the data generation"
    );
}

#[tokio::test]
async fn demo_data_cites_its_sources_and_fills_the_matrix() {
    let app = TestApp::with_demo().await;
    let data = app
        .ok(None, r#"{ scrutineers(filter: {partnership: SOMERSET, on: "2020-02-01"}) { edges { node { name illustrative appointments { partnership regional startDate endDate source } } } } }"#, json!({}))
        .await;
    let names: Vec<&str> = data["scrutineers"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .filter_map(|e| e["node"]["name"].as_str())
        .collect();
    assert_eq!(names, vec!["Dr Mark Peel", "Victoria Caple"]);
    let peel = &data["scrutineers"]["edges"][0]["node"]["appointments"][0];
    assert_eq!(peel["partnership"], "SOMERSET");
    assert_eq!(peel["startDate"], "2020-01-01");
    assert!(peel["source"]
        .as_str()
        .is_some_and(|s| s.contains("seed 000")));
    assert_eq!(
        data["scrutineers"]["edges"][1]["node"]["appointments"][0]["regional"],
        true
    );
    let before = app
        .ok(
            None,
            r#"{ scrutineers(filter: {partnership: SOMERSET, on: "2019-12-31"}) { totalCount } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        before["scrutineers"]["totalCount"], 1,
        "only the regional post, whose start is not published"
    );

    let data = app
        .ok(None, r#"{ scrutinyActivities(filter: {theme: "SERIOUS_YOUTH_VIOLENCE", kind: REPORT}) { edges { node { date kind source illustrative partnerships scrutineer { name } findings { kind text } } } } }"#, json!({}))
        .await;
    let syv = &data["scrutinyActivities"]["edges"][0]["node"];
    assert_eq!(syv["date"], "2025-01-01");
    assert_eq!(syv["kind"], "REPORT");
    assert_eq!(syv["illustrative"], false);
    assert_eq!(syv["scrutineer"]["name"], "Dr Mark Peel");
    assert!(syv["source"]
        .as_str()
        .is_some_and(|s| s.contains("seed 001") && s.contains("Independent scrutiny")));
    let kinds: Vec<&str> = syv["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        vec!["STRENGTH", "AREA_FOR_IMPROVEMENT", "STRENGTH", "CHALLENGE"]
    );

    let data = app
        .ok(None, r#"{ scrutinyActivities(filter: {kind: PEER_REVIEW_WORKSHOP}) { edges { node { date partnerships source themes { code scope source } } } } }"#, json!({}))
        .await;
    let workshop = &data["scrutinyActivities"]["edges"][0]["node"];
    assert_eq!(workshop["date"], "2019-10-01");
    assert_eq!(workshop["partnerships"].as_array().map(Vec::len), Some(5));
    assert_eq!(workshop["themes"].as_array().map(Vec::len), Some(8));
    assert!(workshop["source"]
        .as_str()
        .is_some_and(|s| s.contains("seed 004")));
    assert!(workshop["themes"]
        .as_array()
        .expect("themes")
        .iter()
        .all(|t| t["scope"] == "REGIONAL"));

    // Every made-up activity says so.
    let admin = app.token(Role::RegionalAdmin, &[]);
    let data = app.ok(Some(&admin), "{ scrutinyActivities(first: 100) { totalCount edges { node { illustrative source } } } }", json!({})).await;
    for edge in data["scrutinyActivities"]["edges"]
        .as_array()
        .expect("edges")
    {
        let source = edge["node"]["source"].as_str().unwrap_or_default();
        assert_eq!(
            edge["node"]["illustrative"] == true,
            source.starts_with("Illustrative"),
            "{edge}"
        );
    }
    let coverage = app.ok(Some(&admin), COVERAGE, json!({})).await;
    let rows = coverage["scrutinyCoverage"]["rows"]
        .as_array()
        .expect("rows");
    let regional: Vec<&Value> = rows
        .iter()
        .filter(|r| r["theme"]["scope"] == "REGIONAL")
        .collect();
    assert_eq!(regional.len(), 8);
    for row in regional {
        assert_eq!(row["partnershipsCovered"], 5, "{row}");
    }
    let overdue: i64 = rows
        .iter()
        .flat_map(|r| r["cells"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| c["overdueRecommendations"].as_i64())
        .sum();
    assert!(overdue > 0, "the demo shows overdue recommendations");
    let themes = app
        .ok(
            None,
            "{ scrutinyThemes(scope: LOCAL) { code partnership source } }",
            json!({}),
        )
        .await;
    assert!(themes["scrutinyThemes"]
        .as_array()
        .expect("themes")
        .iter()
        .any(|t| t["code"] == "SERIOUS_YOUTH_VIOLENCE" && t["partnership"] == "SOMERSET"));
}

#[tokio::test]
async fn two_answers_on_the_same_version_cannot_both_land() {
    let app = TestApp::spawn().await;
    let scrutineer = token(&app, Role::Scrutineer, &[Bristol], "scrutineer-bristol");
    let manager = token(
        &app,
        Role::PartnershipManager,
        &[Bristol],
        "manager-bristol",
    );
    let input = activity_input(
        &[Bristol],
        "MISSING_CHILDREN",
        false,
        &[(Bristol, days_ahead(9))],
    );
    let data = app
        .ok(Some(&scrutineer), RECORD, json!({ "input": input }))
        .await;
    let id = data["recordScrutinyActivity"]["recommendations"][0]["id"].clone();
    let answer =
        |text: &str| json!({ "input": { "id": id, "expectedVersion": 1, "response": text } });
    let (first, second) = tokio::join!(
        app.post_graphql(Some(&manager), RESPOND, answer("first")),
        app.post_graphql(Some(&scrutineer), CLOSE, json!({ "input": { "id": id, "expectedVersion": 1, "status": "COMPLETED", "note": "second" } })),
    );
    let codes: Vec<String> = [first.1, second.1]
        .iter()
        .map(|b| crate::helpers::first_error_code(b).unwrap_or_else(|| "ok".into()))
        .collect();
    assert_eq!(
        codes.iter().filter(|c| *c == "ok").count(),
        1,
        "exactly one lands: {codes:?}"
    );
    // The loser is refused on its stale version on both databases: writes
    // take SQLite's lock at BEGIN, so the second waits and then sees the first.
    let refused = codes
        .iter()
        .find(|c| *c != "ok")
        .cloned()
        .unwrap_or_default();
    assert_eq!(refused, "CONFLICT");
    let data = app.ok(Some(&manager), RECOMMENDATIONS, json!({})).await;
    assert_eq!(data["recommendations"]["totalCount"], 1);
    let data = app
        .ok(
            Some(&manager),
            r#"{ recommendations { edges { node { version history { sequence } } } } }"#,
            json!({}),
        )
        .await;
    let node = &data["recommendations"]["edges"][0]["node"];
    assert_eq!(node["version"], 2);
    assert_eq!(node["history"].as_array().map(Vec::len), Some(2));
}

const COVERAGE_FIGURES: &str = r#"{ scrutinyCoverage {
    rows { theme { code } cells { partnership activities openRecommendations overdueRecommendations illustrative
      activitiesFigure { value status illustrative }
      openRecommendationsFigure { value status illustrative }
      overdueShare { value unroundedValue status estimatedInput illustrative nonStandardPeriod unreliable } } }
  } }"#;

#[tokio::test]
async fn coverage_figures_carry_a_status_and_say_when_they_count_made_up_activity() {
    let app = TestApp::spawn().await;
    let scrutineer = token(&app, Role::Scrutineer, &[Bristol], "scrutineer-bristol");
    // Three Bristol recommendations, one already past its due date.
    let input = activity_input(
        &[Bristol],
        "MISSING_CHILDREN",
        true,
        &[
            (Bristol, days_ahead(90)),
            (Bristol, days_ahead(30)),
            (Bristol, days_ago(1)),
        ],
    );
    app.ok(Some(&scrutineer), RECORD, json!({ "input": input }))
        .await;
    let coverage = app.ok(None, COVERAGE_FIGURES, json!({})).await;
    let bristol = cell(&coverage, "MISSING_CHILDREN", "BRISTOL");
    let share = &bristol["overdueShare"];
    assert_eq!(share["status"], "SHOWN", "{bristol}");
    assert_eq!(share["value"], 33.3);
    assert!((share["unroundedValue"].as_f64().unwrap_or_default() - 100.0 / 3.0).abs() < 1e-9);
    assert_eq!(share["illustrative"], false, "recorded activity is real");
    assert_eq!(bristol["activitiesFigure"]["value"], 1);
    assert_eq!(bristol["activitiesFigure"]["status"], "SHOWN");
    // Nothing open in North Somerset: a share of nothing is not available.
    let none_open = &cell(&coverage, "MISSING_CHILDREN", "NORTH_SOMERSET")["overdueShare"];
    assert_eq!(none_open["status"], "NOT_AVAILABLE");
    assert!(none_open["value"].is_null());

    // In the demo data, cells that count made-up activity say so on every figure.
    let app = TestApp::with_demo().await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    let coverage = app.ok(Some(&admin), COVERAGE_FIGURES, json!({})).await;
    let cells: Vec<Value> = coverage["scrutinyCoverage"]["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .flat_map(|r| r["cells"].as_array().cloned().unwrap_or_default())
        .collect();
    assert!(cells.iter().any(|c| c["illustrative"] == true));
    assert!(cells
        .iter()
        .any(|c| c["illustrative"] == false && c["activities"].as_i64() > Some(0)));
    for c in &cells {
        assert_eq!(c["activitiesFigure"]["value"], c["activities"], "{c}");
        assert_eq!(
            c["activitiesFigure"]["illustrative"], c["illustrative"],
            "{c}"
        );
        assert_eq!(c["overdueShare"]["illustrative"], c["illustrative"], "{c}");
        assert_eq!(
            c["overdueShare"]["status"],
            if c["openRecommendations"] == 0 {
                "NOT_AVAILABLE"
            } else {
                "SHOWN"
            },
            "{c}"
        );
    }
}
