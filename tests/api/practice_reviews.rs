//! Practice reviews through the real app: Somerset's published yearly
//! counts with their citations, exact for its own manager and through
//! disclosure control for everyone else; the 15-working-day expectation
//! across a bank holiday; record-level visibility and its audit; an LCSPR
//! recommendation answered and closed with its history; the metrics.
use entity::PartnershipCode;
use hub::auth::role::Role;
use serde_json::{json, Value};

use crate::helpers::TestApp;

const FIGURES: &str = r#"query($p: PartnershipCode) { practiceReviewFigures(partnership: $p) {
  partnership period { label startDate endDate standard } citation illustrative disclosureControlled
  rapidReviews { basis figure { value suppressed status ratePer10k } }
  lcsprsCommissioned { basis figure { value suppressed } }
  learningReviews { basis figure { value suppressed } } } }"#;

fn by_period<'a>(rows: &'a Value, label: &str) -> &'a Value {
    rows.as_array()
        .and_then(|rows| rows.iter().find(|r| r["period"]["label"] == label))
        .unwrap_or(&Value::Null)
}

#[tokio::test]
async fn somersets_rapid_reviews_per_year_read_back_as_published_with_citations() {
    let app = TestApp::with_demo().await;
    let manager = app.token(Role::PartnershipManager, &[PartnershipCode::Somerset]);
    let rows = app
        .ok(Some(&manager), FIGURES, json!({ "p": "SOMERSET" }))
        .await["practiceReviewFigures"]
        .clone();
    for (period, rapid, lcsprs) in [
        ("2019-20", json!(3), Value::Null),
        ("2021-22", json!(6), json!(1)),
        ("2022-23", json!(7), json!(0)),
        ("2023-24", json!(3), json!(0)),
        ("2024-25", json!(2), json!(1)),
    ] {
        let r = by_period(&rows, period);
        assert_eq!(r["rapidReviews"]["figure"]["value"], rapid, "{period}");
        assert_eq!(r["rapidReviews"]["basis"], "PUBLISHED_FIGURE", "{period}");
        assert_eq!(
            r["lcsprsCommissioned"]["figure"]["value"], lcsprs,
            "{period}"
        );
        assert_eq!(r["illustrative"], false, "{period}");
        assert_eq!(r["disclosureControlled"], false);
        let citation = r["citation"].as_str().unwrap_or_default();
        assert!(citation.contains("(seed 00"), "{period}: {citation}");
    }
    assert!(by_period(&rows, "2024-25")["citation"]
        .as_str()
        .unwrap_or_default()
        .contains("SSCP annual report 2024-25 (seed 001), Learning from serious incidents"));
    // Two rapid reviews of 2024-25 are also recorded individually: the
    // published 2 is the year's count, never 2 + 2.
    assert_eq!(
        by_period(&rows, "2024-25")["learningReviews"]["figure"]["value"],
        6
    );

    // Anyone else sees the same figures through disclosure control: 6 and 7
    // are shown, 3 and 2 suppressed, and 0 is shown.
    let bristol = app.token(Role::PartnershipManager, &[PartnershipCode::Bristol]);
    for token in [None, Some(bristol.as_str())] {
        let rows = app.ok(token, FIGURES, json!({ "p": "SOMERSET" })).await
            ["practiceReviewFigures"]
            .clone();
        let r = |p: &str| by_period(&rows, p).clone();
        assert_eq!(r("2021-22")["rapidReviews"]["figure"]["value"], 6);
        assert_eq!(r("2022-23")["rapidReviews"]["figure"]["value"], 7);
        assert_eq!(r("2022-23")["lcsprsCommissioned"]["figure"]["value"], 0);
        for p in ["2019-20", "2023-24", "2024-25"] {
            let f = &r(p)["rapidReviews"]["figure"];
            assert_eq!(f["suppressed"], true, "{p}: {f}");
            assert_eq!(f["value"], Value::Null, "{p}");
            assert_eq!(f["ratePer10k"], Value::Null, "{p}");
        }
        assert_eq!(r("2024-25")["disclosureControlled"], true);
        assert!(r("2024-25")["citation"].as_str().is_some());
    }

    let (_, body) = app
        .post_graphql(
            None,
            r#"{ practiceReviewFigures(period: "1999-00") { partnership } }"#,
            json!({}),
        )
        .await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "period");

    // North Somerset's first report keeps its true dates.
    let admin = app.token(Role::RegionalAdmin, &[]);
    let rows = app
        .ok(Some(&admin), FIGURES, json!({ "p": "NORTH_SOMERSET" }))
        .await["practiceReviewFigures"]
        .clone();
    let first = by_period(&rows, "2019-10-01/2020-12-31");
    assert_eq!(first["period"]["standard"], false);
    assert_eq!(first["period"]["startDate"], "2019-10-01");
    assert_eq!(first["period"]["endDate"], "2020-12-31");
    assert_eq!(first["rapidReviews"]["figure"]["value"], 5);
    assert_eq!(first["lcsprsCommissioned"]["figure"]["value"], 2);
}

const RECORD_RAPID: &str = r#"mutation($input: RapidReviewInput!) { recordRapidReview(input: $input) {
  id partnership deadline metExpectation workingDaysAllowed version } }"#;

#[tokio::test]
async fn a_rapid_reviews_fifteen_working_days_skip_easter_and_the_may_bank_holiday() {
    let app = TestApp::spawn().await;
    let manager = app.token(Role::PartnershipManager, &[PartnershipCode::Somerset]);
    let input = |sent: &str| {
        json!({ "input": {
            "partnership": "SOMERSET", "reference": format!("SSCP-RR-test-{sent}"),
            "incidentKnown": "2025-04-11", "notified": "2025-04-14",
            "completed": "2025-05-01", "sentToPanel": sent, "decision": "NO_FURTHER_REVIEW",
            "themes": ["Information sharing"]
        }})
    };
    // Without holidays the 15th working day after Friday 11 April 2025 is
    // Friday 2 May; Good Friday, Easter Monday and 5 May make it 7 May.
    let on_time = app
        .ok(Some(&manager), RECORD_RAPID, input("2025-05-07"))
        .await["recordRapidReview"]
        .clone();
    assert_eq!(on_time["deadline"], "2025-05-07");
    assert_eq!(on_time["metExpectation"], true);
    assert_eq!(on_time["workingDaysAllowed"], 15);
    let late = app
        .ok(Some(&manager), RECORD_RAPID, input("2025-05-08"))
        .await["recordRapidReview"]
        .clone();
    assert_eq!(late["metExpectation"], false);

    // Bad input names its field.
    let (_, body) = app
        .post_graphql(
            Some(&manager),
            RECORD_RAPID,
            json!({ "input": { "partnership": "SOMERSET", "reference": "x", "incidentKnown": "2025-04-11",
                "notified": "2025-04-10" } }),
        )
        .await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "input.notified");

    // An update is versioned: a stale version is a conflict.
    let update = r#"mutation($id: ID!, $v: Int!) { updateRapidReview(input: {id: $id, expectedVersion: $v, panelResponse: "Agreed with the decision"}) { version } }"#;
    let id = on_time["id"].clone();
    let v2 = app
        .ok(Some(&manager), update, json!({ "id": id, "v": 1 }))
        .await;
    assert_eq!(v2["updateRapidReview"]["version"], 2);
    assert_eq!(
        app.error_code(Some(&manager), update, json!({ "id": id, "v": 1 }))
            .await,
        "CONFLICT"
    );
}

const LIST: &str =
    "{ rapidReviews(first: 50) { totalCount edges { node { id partnership reference } } } }";

#[tokio::test]
async fn individual_reviews_stay_within_the_partnership_and_each_read_is_audited() {
    let app = TestApp::with_demo().await;
    let somerset = app.token(Role::PartnershipManager, &[PartnershipCode::Somerset]);
    let bristol = app.token(Role::PartnershipManager, &[PartnershipCode::Bristol]);
    let analyst = app.token(Role::Analyst, &[]);
    let admin = app.token(Role::RegionalAdmin, &[]);
    let own = app.ok(Some(&somerset), LIST, json!({})).await;
    let edges = own["rapidReviews"]["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(edges.len(), 2);
    assert!(edges.iter().all(|e| e["node"]["partnership"] == "SOMERSET"));
    let somerset_id = edges[0]["node"]["id"].clone();
    for token in [None, Some(analyst.as_str())] {
        assert_eq!(
            app.ok(token, LIST, json!({})).await["rapidReviews"]["totalCount"],
            0
        );
    }
    let theirs = app.ok(Some(&bristol), LIST, json!({})).await;
    assert!(theirs["rapidReviews"]["edges"]
        .as_array()
        .is_some_and(|e| e.iter().all(|e| e["node"]["partnership"] == "BRISTOL")));
    let one = "query($id: ID!) { rapidReview(id: $id) { id } }";
    assert_eq!(
        app.error_code(Some(&bristol), one, json!({ "id": somerset_id }))
            .await,
        "NOT_FOUND"
    );

    let audit = r#"{ auditEvents(filter: {operation: "readPracticeReview"}) { totalCount edges { node { partnership recordType recordId } } } }"#;
    let events = app.ok(Some(&admin), audit, json!({})).await["auditEvents"].clone();
    let somerset_reads = events["edges"]
        .as_array()
        .map(|e| {
            e.iter()
                .filter(|e| e["node"]["partnership"] == "SOMERSET")
                .count()
        })
        .unwrap_or_default();
    assert!(somerset_reads >= 2, "{events}");
}

#[tokio::test]
async fn an_lcspr_recommendation_is_answered_and_closed_with_its_history() {
    let app = TestApp::spawn().await;
    let manager = app.token(Role::PartnershipManager, &[PartnershipCode::Somerset]);
    let bristol = app.token(Role::PartnershipManager, &[PartnershipCode::Bristol]);
    let recorded = app
        .ok(
            Some(&manager),
            r#"mutation($input: LcsprInput!) { recordLcspr(input: $input) { id version
                recommendations { id status version history { sequence kind toStatus } } } }"#,
            json!({ "input": {
                "partnership": "SOMERSET", "title": "Thematic review: non-accidental injury",
                "commissioned": "2022-01-10", "independentReviewer": true,
                "expectedCompletion": "2022-07-10", "completed": "2022-09-01", "published": "2022-10-03",
                "themes": ["Non-accidental injury"],
                "recommendations": [{ "text": "Embed the ICON programme across all agencies.", "dueDate": "2023-03-31" }]
            }}),
        )
        .await["recordLcspr"]
        .clone();
    let rec = recorded["recommendations"][0].clone();
    assert_eq!(rec["status"], "OPEN");
    assert_eq!(rec["history"][0]["kind"], "RECORDED");
    let id = rec["id"].clone();

    let respond = r#"mutation($id: ID!, $v: Int!) { respondToLcsprRecommendation(input: {id: $id, expectedVersion: $v,
        response: "ICON training delivered to health visitors and midwives", status: IN_PROGRESS}) { status version } }"#;
    // Another partnership's manager cannot even see it.
    assert_eq!(
        app.error_code(Some(&bristol), respond, json!({ "id": id, "v": 1 }))
            .await,
        "NOT_FOUND"
    );
    let answered = app
        .ok(Some(&manager), respond, json!({ "id": id, "v": 1 }))
        .await;
    assert_eq!(
        answered["respondToLcsprRecommendation"]["status"],
        "IN_PROGRESS"
    );
    assert_eq!(
        app.error_code(Some(&manager), respond, json!({ "id": id, "v": 1 }))
            .await,
        "CONFLICT"
    );

    let close = r#"mutation($id: ID!, $v: Int!) { closeLcsprRecommendation(input: {id: $id, expectedVersion: $v,
        status: COMPLETED, note: "Audit shows ICON embedded in all agencies"}) { status version
        history { id sequence kind fromStatus toStatus text actorRole } } }"#;
    let closed = app
        .ok(Some(&manager), close, json!({ "id": id, "v": 2 }))
        .await["closeLcsprRecommendation"]
        .clone();
    assert_eq!(closed["status"], "COMPLETED");
    assert_eq!(closed["version"], 3);
    let history = closed["history"].as_array().cloned().unwrap_or_default();
    assert_eq!(history.len(), 3);
    assert_eq!(history[1]["kind"], "RESPONSE");
    assert_eq!(history[1]["toStatus"], "IN_PROGRESS");
    assert_eq!(history[2]["fromStatus"], "IN_PROGRESS");
    assert_eq!(history[2]["toStatus"], "COMPLETED");
    assert_eq!(
        history[2]["text"],
        "Audit shows ICON embedded in all agencies"
    );
    assert_eq!(history[2]["actorRole"], "partnership_manager");
    // Each entry is a node, found by its global id within the partnership only.
    let node =
        "query($id: ID!) { node(id: $id) { __typename ... on RecommendationEvent { kind } } }";
    let entry = json!({ "id": history[2]["id"] });
    let own = app.ok(Some(&manager), node, entry.clone()).await;
    assert_eq!(own["node"]["__typename"], "RecommendationEvent");
    assert_eq!(own["node"]["kind"], "STATUS_CHANGE");
    assert_eq!(
        app.ok(Some(&bristol), node, entry).await["node"],
        Value::Null
    );
    // Closed means closed.
    let (_, body) = app
        .post_graphql(Some(&manager), respond, json!({ "id": id, "v": 3 }))
        .await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
}

#[tokio::test]
async fn the_registry_lists_the_practice_review_metrics_and_the_matrix_answers_for_all_five() {
    let app = TestApp::with_demo().await;
    let listed = app
        .ok(
            None,
            "{ metrics(dataset: PRACTICE_REVIEWS) { id unit better definition } }",
            json!({}),
        )
        .await;
    let ids: Vec<&str> = listed["metrics"]
        .as_array()
        .map(|m| m.iter().filter_map(|m| m["id"].as_str()).collect())
        .unwrap_or_default();
    let expected = [
        "practice_reviews.rapid_reviews",
        "practice_reviews.rapid_reviews_per_10k",
        "practice_reviews.rapid_reviews_within_15_working_days",
        "practice_reviews.lcsprs_commissioned",
        "practice_reviews.lcsprs_published_on_time",
    ];
    assert_eq!(ids, expected);
    let admin = app.token(Role::RegionalAdmin, &[]);
    let m = app
        .ok(
            Some(&admin),
            r#"query($ms: [String!]!) { benchmarkMatrix(metrics: $ms, period: "2024-25") {
                 benchmarks { metric { id } rows { partnership value status } } } }"#,
            json!({ "ms": ["practice_reviews.rapid_reviews", "practice_reviews.lcsprs_commissioned"] }),
        )
        .await;
    let rapid = &m["benchmarkMatrix"]["benchmarks"][0]["rows"];
    let value = |p: &str| {
        rapid
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["partnership"] == p))
            .map(|r| r["value"].clone())
            .unwrap_or(Value::Null)
    };
    for p in PartnershipCode::ALL {
        assert!(value(p.as_str()).is_number(), "{p}: {m}");
    }
    assert_eq!(value("SOMERSET"), json!(2.0));
}

#[tokio::test]
async fn a_sharing_agreement_on_practice_reviews_opens_somersets_reviews_to_bristol() {
    let app = TestApp::with_demo().await;
    let bristol = app.token(Role::PartnershipManager, &[PartnershipCode::Bristol]);
    let somerset = app.token(Role::PartnershipManager, &[PartnershipCode::Somerset]);
    let somerset_reviews = r#"{ rapidReviews(filter: {partnership: SOMERSET}) { totalCount } }"#;
    assert_eq!(
        app.ok(Some(&bristol), somerset_reviews, json!({})).await["rapidReviews"]["totalCount"],
        0
    );
    let proposed = app
        .ok(
            Some(&bristol),
            r#"mutation { proposeSharingAgreement(input: {
                title: "Somerset rapid reviews for a joint thematic review",
                provider: SOMERSET, recipients: [{partnership: BRISTOL}],
                dataset: PRACTICE_REVIEWS, level: RECORD_LEVEL,
                purpose: "Joint thematic review of non-accidental injury",
                startDate: "2024-04-01" }) { id } }"#,
            json!({}),
        )
        .await;
    let id = proposed["proposeSharingAgreement"]["id"].clone();
    let sign = r#"mutation($id: ID!, $p: PartnershipCode!, $v: Int!) {
      signSharingAgreement(id: $id, partnership: $p, expectedVersion: $v) { inForce } }"#;
    app.ok(
        Some(&somerset),
        sign,
        json!({ "id": id, "p": "SOMERSET", "v": 1 }),
    )
    .await;
    let signed = app
        .ok(
            Some(&bristol),
            sign,
            json!({ "id": id, "p": "BRISTOL", "v": 2 }),
        )
        .await;
    assert_eq!(signed["signSharingAgreement"]["inForce"], true);
    assert_eq!(
        app.ok(Some(&bristol), somerset_reviews, json!({})).await["rapidReviews"]["totalCount"],
        2
    );
    // And Somerset's yearly figures are exact for Bristol now.
    let rows = app
        .ok(Some(&bristol), FIGURES, json!({ "p": "SOMERSET" }))
        .await["practiceReviewFigures"]
        .clone();
    assert_eq!(
        by_period(&rows, "2024-25")["rapidReviews"]["figure"]["value"],
        2
    );
    assert_eq!(by_period(&rows, "2024-25")["disclosureControlled"], false);
}
