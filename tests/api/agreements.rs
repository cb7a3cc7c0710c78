//! Data sharing agreements: proposing, signing by every party, revoking, and
//! their effect on what a caller may see, at once and with no restart.
use entity::PartnershipCode::{self, Bristol, NorthSomerset, Somerset};
use hub::auth::role::Role;
use serde_json::{json, Value};

use crate::helpers::{first_error_code, TestApp};

pub(crate) const PROPOSE: &str = r#"mutation($start: NaiveDate!, $end: NaiveDate) {
  proposeSharingAgreement(input: {
    title: "North Somerset CDOP figures for Bristol's panel review",
    provider: NORTH_SOMERSET, recipients: [{partnership: BRISTOL}],
    dataset: CDOP, level: EXACT_AGGREGATES,
    purpose: "Joint learning review across the West of England panel",
    startDate: $start, endDate: $end }) {
    id databaseId version status parties awaitingSignatureFrom inForce } }"#;

pub(crate) const SIGN: &str = r#"mutation($id: ID!, $p: PartnershipCode!, $v: Int!) {
  signSharingAgreement(id: $id, partnership: $p, expectedVersion: $v) { version status inForce awaitingSignatureFrom } }"#;

pub(crate) const REVOKE: &str = r#"mutation($id: ID!, $v: Int!) {
  revokeSharingAgreement(id: $id, reason: "review finished", expectedVersion: $v) { version status inForce revokedBy } }"#;

pub(crate) const MY_ACCESS: &str =
    "{ myAccess { partnership dataset level agreement { id title } } }";

fn manager(app: &TestApp, p: PartnershipCode) -> String {
    app.token(Role::PartnershipManager, &[p])
}

/// The level `token` has on North Somerset's CDOP data, and the agreement granting it.
async fn ns_cdop_access(app: &TestApp, token: &str) -> (String, Option<String>) {
    let data = app.ok(Some(token), MY_ACCESS, json!({})).await;
    let entry = data["myAccess"]
        .as_array()
        .expect("list")
        .iter()
        .find(|e| e["partnership"] == "NORTH_SOMERSET" && e["dataset"] == "CDOP")
        .cloned()
        .expect("an entry per partnership and dataset");
    (
        entry["level"].as_str().unwrap_or_default().to_string(),
        entry["agreement"]["id"].as_str().map(str::to_string),
    )
}

pub(crate) async fn propose(app: &TestApp, by: &str, start: &str, end: Option<&str>) -> Value {
    app.ok(Some(by), PROPOSE, json!({ "start": start, "end": end }))
        .await["proposeSharingAgreement"]
        .clone()
}

#[tokio::test]
async fn signing_by_every_party_grants_and_revoking_withdraws_at_once() {
    let app = TestApp::spawn().await;
    let bristol = manager(&app, Bristol);
    let north_somerset = manager(&app, NorthSomerset);
    assert_eq!(
        ns_cdop_access(&app, &bristol).await,
        ("PUBLISHED".into(), None)
    );

    let proposed = propose(&app, &bristol, "2020-01-01", None).await;
    assert_eq!(proposed["status"], "PROPOSED");
    assert_eq!(proposed["parties"], json!(["BRISTOL", "NORTH_SOMERSET"]));
    let id = proposed["id"].as_str().expect("id").to_string();
    // What the audit log names the agreement by.
    let key = proposed["databaseId"]
        .as_str()
        .expect("databaseId")
        .to_string();

    // One party's signature is not enough.
    let signed = app
        .ok(
            Some(&north_somerset),
            SIGN,
            json!({ "id": id, "p": "NORTH_SOMERSET", "v": 1 }),
        )
        .await;
    assert_eq!(
        signed["signSharingAgreement"]["awaitingSignatureFrom"],
        json!(["BRISTOL"])
    );
    assert_eq!(signed["signSharingAgreement"]["inForce"], false);
    assert_eq!(ns_cdop_access(&app, &bristol).await.0, "PUBLISHED");

    // A stale version is refused; nothing changes.
    assert_eq!(
        app.error_code(
            Some(&bristol),
            SIGN,
            json!({ "id": id, "p": "BRISTOL", "v": 1 })
        )
        .await,
        "CONFLICT"
    );
    let signed = app
        .ok(
            Some(&bristol),
            SIGN,
            json!({ "id": id, "p": "BRISTOL", "v": 2 }),
        )
        .await;
    assert_eq!(signed["signSharingAgreement"]["status"], "SIGNED");
    assert_eq!(signed["signSharingAgreement"]["inForce"], true);
    assert_eq!(
        ns_cdop_access(&app, &bristol).await,
        ("EXACT_AGGREGATES".into(), Some(id.clone()))
    );
    // Only the recipient gains: Somerset's manager, outside the agreement, does not.
    assert_eq!(
        ns_cdop_access(&app, &manager(&app, Somerset)).await.0,
        "PUBLISHED"
    );
    // Nor does Bristol's agency lead (an agency is not partnership staff).
    let lead = app.token_with(&hub::auth::token::TokenRequest {
        agency: Some("an-agency".into()),
        ..hub::auth::token::TokenRequest::new(Role::AgencyLead, &[Bristol])
    });
    assert_eq!(ns_cdop_access(&app, &lead).await.0, "PUBLISHED");

    let revoked = app
        .ok(Some(&north_somerset), REVOKE, json!({ "id": id, "v": 3 }))
        .await;
    assert_eq!(revoked["revokeSharingAgreement"]["status"], "REVOKED");
    assert_eq!(
        revoked["revokeSharingAgreement"]["revokedBy"],
        "dev-partnership_manager"
    );
    assert_eq!(
        ns_cdop_access(&app, &bristol).await,
        ("PUBLISHED".into(), None)
    );
    // A revoked agreement cannot be signed back into force.
    assert_eq!(
        app.error_code(
            Some(&bristol),
            SIGN,
            json!({ "id": id, "p": "BRISTOL", "v": 4 })
        )
        .await,
        "BAD_USER_INPUT"
    );

    // Its history is whole, and every step is in the audit log.
    let admin = app.token(Role::RegionalAdmin, &[]);
    let data = app
        .ok(
            Some(&admin),
            r#"query($id: ID!) { sharingAgreement(id: $id) { history { action version } }
                 auditEvents(first: 100) { edges { node { operation outcome recordId } } } }"#,
            json!({ "id": id }),
        )
        .await;
    let actions: Vec<&str> = data["sharingAgreement"]["history"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(
        actions,
        ["PROPOSED", "SIGNED", "SIGNED", "IN_FORCE", "REVOKED"]
    );
    let audited: Vec<(String, String)> = data["auditEvents"]["edges"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|e| e["node"]["recordId"] == key.as_str())
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
    for expected in [
        ("proposeSharingAgreement", "success"),
        ("signSharingAgreement", "success"),
        ("signSharingAgreement", "CONFLICT"),
        ("revokeSharingAgreement", "success"),
    ] {
        assert!(
            audited
                .iter()
                .any(|(o, r)| o == expected.0 && r == expected.1),
            "{expected:?} missing from {audited:?}"
        );
    }
}

#[tokio::test]
async fn an_expired_or_future_agreement_grants_nothing() {
    let app = TestApp::spawn().await;
    let bristol = manager(&app, Bristol);
    let north_somerset = manager(&app, NorthSomerset);
    for (start, end) in [("2020-01-01", Some("2020-12-31")), ("2099-01-01", None)] {
        let id = propose(&app, &bristol, start, end).await["id"]
            .as_str()
            .expect("id")
            .to_string();
        app.ok(
            Some(&north_somerset),
            SIGN,
            json!({ "id": id, "p": "NORTH_SOMERSET", "v": 1 }),
        )
        .await;
        let signed = app
            .ok(
                Some(&bristol),
                SIGN,
                json!({ "id": id, "p": "BRISTOL", "v": 2 }),
            )
            .await;
        assert_eq!(signed["signSharingAgreement"]["status"], "SIGNED");
        assert_eq!(signed["signSharingAgreement"]["inForce"], false);
    }
    assert_eq!(
        ns_cdop_access(&app, &bristol).await,
        ("PUBLISHED".into(), None)
    );
}

#[tokio::test]
async fn only_parties_propose_sign_revoke_or_even_see_an_agreement() {
    let app = TestApp::spawn().await;
    let bristol = manager(&app, Bristol);
    let somerset = manager(&app, Somerset);
    // Somerset is not a party: it may not propose North Somerset's data to Bristol...
    assert_eq!(
        app.error_code(Some(&somerset), PROPOSE, json!({ "start": "2020-01-01" }))
            .await,
        "FORBIDDEN"
    );
    let id = propose(&app, &bristol, "2020-01-01", None).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    // ...cannot see it, sign it or revoke it: to Somerset it does not exist.
    assert_eq!(
        app.error_code(
            Some(&somerset),
            "query($id: ID!) { sharingAgreement(id: $id) { id } }",
            json!({ "id": id })
        )
        .await,
        "NOT_FOUND"
    );
    let listed = app
        .ok(
            Some(&somerset),
            "{ sharingAgreements { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(listed["sharingAgreements"]["totalCount"], 0);
    assert_eq!(
        app.error_code(Some(&somerset), REVOKE, json!({ "id": id, "v": 1 }))
            .await,
        "NOT_FOUND"
    );
    // Bristol's manager cannot sign for North Somerset.
    assert_eq!(
        app.error_code(
            Some(&bristol),
            SIGN,
            json!({ "id": id, "p": "NORTH_SOMERSET", "v": 1 })
        )
        .await,
        "FORBIDDEN"
    );
    // A regional admin sees it but signs for no one.
    let admin = app.token(Role::RegionalAdmin, &[]);
    assert_eq!(
        app.error_code(
            Some(&admin),
            SIGN,
            json!({ "id": id, "p": "BRISTOL", "v": 1 })
        )
        .await,
        "FORBIDDEN"
    );
    let listed = app
        .ok(
            Some(&admin),
            "{ sharingAgreements { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(listed["sharingAgreements"]["totalCount"], 1);
}

#[tokio::test]
async fn proposals_are_checked_field_by_field() {
    let app = TestApp::spawn().await;
    let bristol = manager(&app, Bristol);
    let propose_with = |recipients: &'static str, level: &'static str| {
        format!(
            r#"mutation {{ proposeSharingAgreement(input: {{ title: "t", provider: BRISTOL, recipients: {recipients},
                dataset: CDOP, level: {level}, purpose: "p", startDate: "2025-01-01" }}) {{ id }} }}"#
        )
    };
    for (recipients, level, field) in [
        (
            "[{partnership: BRISTOL}]",
            "EXACT_AGGREGATES",
            "input.recipients[0].partnership",
        ),
        ("[]", "EXACT_AGGREGATES", "input.recipients"),
        ("[{partnership: SOMERSET}]", "PUBLISHED", "input.level"),
        (
            "[{partnership: SOMERSET, regionalScrutineer: true}]",
            "EXACT_AGGREGATES",
            "input.recipients[0]",
        ),
        (
            "[{role: ANONYMOUS}]",
            "EXACT_AGGREGATES",
            "input.recipients[0].role",
        ),
    ] {
        let (_, body) = app
            .post_graphql(Some(&bristol), &propose_with(recipients, level), json!({}))
            .await;
        assert_eq!(
            first_error_code(&body).as_deref(),
            Some("BAD_USER_INPUT"),
            "{recipients} {level}: {body}"
        );
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
    }
    let listed = app
        .ok(
            Some(&bristol),
            "{ sharingAgreements { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(
        listed["sharingAgreements"]["totalCount"], 0,
        "nothing half-written"
    );
}

#[tokio::test]
async fn the_demo_agreement_lets_the_regional_scrutineer_see_west_of_england_cdop_exactly() {
    let app = TestApp::with_demo().await;
    // A scrutineer appointed to Somerset alone is not the regional scrutineer.
    let local = app.token(Role::Scrutineer, &[Somerset]);
    assert_eq!(ns_cdop_access(&app, &local).await.0, "PUBLISHED");
    let regional = app.token(Role::Scrutineer, &PartnershipCode::ALL);
    let data = app
        .ok(Some(&regional), "{ sharingAgreements(filter: {dataset: CDOP}) { totalCount edges { node { illustrative inForce provider source } } } }", json!({}))
        .await;
    assert_eq!(data["sharingAgreements"]["totalCount"], 4);
    for edge in data["sharingAgreements"]["edges"].as_array().expect("list") {
        assert_eq!(edge["node"]["illustrative"], true);
        assert_eq!(edge["node"]["inForce"], true);
        assert!(edge["node"]["source"]
            .as_str()
            .is_some_and(|s| s.contains("seed 004")));
    }
}

const NS_CDOP: &str = r#"{ cdopReturn(partnership: NORTH_SOMERSET, period: "2024-25") {
  disclosureControlled
  figures { deathsNotified { value suppressed } byAgeBand { age0To27Days { value suppressed } age1To4 { value suppressed } age15To17 { value suppressed } } } } }"#;

/// The issue's "done when": a Bristol manager sees North Somerset's CDOP
/// figures suppressed, exact once both partnerships sign, suppressed again
/// after revocation; each step is in the audit log.
#[tokio::test]
async fn a_bristol_manager_sees_north_somersets_cdop_figures_exact_only_while_an_agreement_is_in_force(
) {
    let app = TestApp::with_demo().await;
    let bristol = manager(&app, Bristol);
    let north_somerset = manager(&app, NorthSomerset);
    let age_1_to_4 = |d: &Value| d["cdopReturn"]["figures"]["byAgeBand"]["age1To4"].clone();

    let before = app.ok(Some(&bristol), NS_CDOP, json!({})).await;
    assert_eq!(before["cdopReturn"]["disclosureControlled"], true);
    assert_eq!(
        age_1_to_4(&before),
        json!({ "value": null, "suppressed": true })
    );
    // North Somerset's own manager sees the exact figure all along.
    let own = app.ok(Some(&north_somerset), NS_CDOP, json!({})).await;
    let exact_cell = age_1_to_4(&own);
    assert_eq!(exact_cell["suppressed"], false);

    let proposed = propose(&app, &bristol, "2024-04-01", None).await;
    let id = proposed["id"].as_str().expect("id").to_string();
    let key = proposed["databaseId"]
        .as_str()
        .expect("databaseId")
        .to_string();
    app.ok(
        Some(&north_somerset),
        SIGN,
        json!({ "id": id, "p": "NORTH_SOMERSET", "v": 1 }),
    )
    .await;
    let half_signed = app.ok(Some(&bristol), NS_CDOP, json!({})).await;
    assert_eq!(
        age_1_to_4(&half_signed)["suppressed"],
        true,
        "one signature grants nothing"
    );
    app.ok(
        Some(&bristol),
        SIGN,
        json!({ "id": id, "p": "BRISTOL", "v": 2 }),
    )
    .await;

    let during = app.ok(Some(&bristol), NS_CDOP, json!({})).await;
    assert_eq!(during["cdopReturn"]["disclosureControlled"], false);
    assert_eq!(
        during["cdopReturn"]["figures"], own["cdopReturn"]["figures"],
        "exact, as North Somerset sees it"
    );
    // Somerset's manager, not a recipient, still sees suppressed figures.
    let somerset = app
        .ok(Some(&manager(&app, Somerset)), NS_CDOP, json!({}))
        .await;
    assert_eq!(age_1_to_4(&somerset)["suppressed"], true);

    app.ok(Some(&north_somerset), REVOKE, json!({ "id": id, "v": 3 }))
        .await;
    let after = app.ok(Some(&bristol), NS_CDOP, json!({})).await;
    assert_eq!(
        after, before,
        "suppressed again, exactly as before the agreement"
    );

    let admin = app.token(Role::RegionalAdmin, &[]);
    let audit = app
        .ok(
            Some(&admin),
            r#"{ auditEvents(first: 100) { edges { node { operation actor partnership agreementId outcome } } } }"#,
            json!({}),
        )
        .await;
    let events: Vec<Value> = audit["auditEvents"]["edges"]
        .as_array()
        .expect("list")
        .iter()
        .map(|e| e["node"].clone())
        .collect();
    let with = |op: &str| events.iter().filter(|e| e["operation"] == op).count();
    assert_eq!(with("proposeSharingAgreement"), 1);
    assert_eq!(with("signSharingAgreement"), 2);
    assert_eq!(with("revokeSharingAgreement"), 1);
    // The exact read while in force is audited with the agreement that granted it.
    assert!(
        events.iter().any(|e| e["operation"] == "readCdopReturn"
            && e["partnership"] == "NORTH_SOMERSET"
            && e["agreementId"] == key.as_str()),
        "no exact read audited under the agreement: {events:?}"
    );
    assert!(events
        .iter()
        .any(|e| e["operation"] == "agreementAccess" && e["agreementId"] == key.as_str()));
}
