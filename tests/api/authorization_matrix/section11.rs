//! Matrix rows for Section 11: frameworks, rounds, agencies, returns and their
//! workflow, summaries and survey results.
//!
//! Rows that change a versioned record each get their own record: the seed
//! creates one per role "slot" and target, and a row finds its slot from its
//! row number (every operation has one row per role and target, in
//! `Role::ALL` order, own before other).
use entity::PartnershipCode;
use hub::auth::role::Role;
use serde_json::{json, Value};

use super::{
    list_len, present, public, Expect, Fixtures, Operation, Target, AGENCY_KEY, OTHER, OWN,
};
use crate::helpers::TestApp;

const SLOTS: usize = 7;
/// The agency lead's slot: its records belong to `own_agency`.
const LEAD_SLOT: usize = 2;

fn slot(row: usize) -> usize {
    (row % (SLOTS * 2)) / 2
}

fn side(p: PartnershipCode) -> &'static str {
    if p == OWN {
        "own"
    } else {
        "other"
    }
}

/// The slot's record among those the seed stored under `{base}_own` / `{base}_other`.
fn pick(f: &Fixtures, base: &str, p: PartnershipCode, row: usize) -> Value {
    f.get(format!("{base}_{}", side(p)).as_str())
        .and_then(|list| list.get(slot(row)))
        .cloned()
        .unwrap_or(Value::Null)
}

fn fixture(f: &Fixtures, key: &str) -> Value {
    f.get(key).cloned().unwrap_or(Value::Null)
}

fn grades() -> Vec<Value> {
    [
        "1", "1.1", "1.2", "2", "2.1", "2.2", "3", "3.1", "3.2", "4", "4.1", "4.2", "5", "5.1",
        "5.2", "6", "6.1", "6.2", "7", "7.1", "7.2", "8", "8.1", "8.2",
    ]
    .iter()
    .map(|n| json!({ "standard": n, "grade": "GOOD" }))
    .collect()
}

async fn id_of(app: &TestApp, token: &str, query: &str, variables: Value, field: &str) -> Value {
    app.ok(Some(token), query, variables).await[field]["id"].clone()
}

const ROUND: &str = r#"mutation($title: String!, $p: [PartnershipCode!]!, $mode: Section11RoundMode!, $agencies: [Section11ParticipantInput!]) {
    createSection11Round(input: {title: $title, period: "2026-27", partnerships: $p, framework: "regional-v1", mode: $mode,
      opensOn: "2026-09-01", closesOn: "2027-01-31", agencies: $agencies}) { id } }"#;
const RETURN: &str = r#"mutation($input: CreateSection11ReturnInput!) { createSection11Return(input: $input) { id } }"#;
const SUBMIT: &str = r#"mutation($id: ID!, $v: Int!) { submitSection11Return(input: {id: $id, expectedVersion: $v}) { id } }"#;
const VALIDATE: &str = r#"mutation($id: ID!, $v: Int!) { validateSection11Return(input: {id: $id, expectedVersion: $v}) { id } }"#;
const SURVEY: &str = r#"mutation($round: ID!, $p: PartnershipCode!) {
    recordSection11SurveyResults(input: {round: $round, partnership: $p, expectedVersion: 1, source: "matrix seed",
      results: [{theme: "Supervision and Support", sharePositive: 90, keyFinding: "seeded"}]}) { version } }"#;

/// Agencies, rounds and returns in every state the rows need, for Bristol
/// (own) and North Somerset (other).
pub async fn seed(app: &TestApp, fixtures: &mut Fixtures) {
    let admin = app.token(Role::RegionalAdmin, &[]);
    let register = r#"mutation($name: String!, $p: PartnershipCode!) {
        registerAgency(input: {name: $name, sector: HEALTH, partnerships: [$p]}) { id } }"#;
    let own_agency = id_of(
        app,
        &admin,
        register,
        json!({ "name": "Matrix own agency", "p": OWN }),
        "registerAgency",
    )
    .await;
    let mut agencies = [Vec::new(), Vec::new()];
    for (i, p) in [OWN, OTHER].into_iter().enumerate() {
        for s in 0..SLOTS {
            let id = if p == OWN && s == LEAD_SLOT {
                own_agency.clone()
            } else {
                id_of(
                    app,
                    &admin,
                    register,
                    json!({ "name": format!("Matrix {} agency {s}", side(p)), "p": p }),
                    "registerAgency",
                )
                .await
            };
            agencies[i].push(id);
        }
    }
    let both = json!([OWN, OTHER]);
    let new_round =
        |title: &str, p: Value, mode: &str| json!({ "title": title, "p": p, "mode": mode });
    let mut rounds = Vec::new();
    for title in ["create", "update", "submit", "validate", "read", "publish"] {
        rounds.push(
            id_of(
                app,
                &admin,
                ROUND,
                new_round(title, both.clone(), "SELF_ASSESSMENT"),
                "createSection11Round",
            )
            .await,
        );
    }
    let [create, update, submit, validate, read, publish] = rounds.try_into().expect("six rounds");

    let draft = |round: &Value, p: PartnershipCode, agency: &Value, complete: bool| {
        let mut input = json!({ "round": round, "partnership": p, "agency": agency });
        if complete {
            input["overallGrade"] = json!("GOOD");
            input["grades"] = json!(grades());
        }
        json!({ "input": input })
    };
    let mut drafts = [Vec::new(), Vec::new()];
    let mut complete = [Vec::new(), Vec::new()];
    let mut submitted = [Vec::new(), Vec::new()];
    for (i, p) in [OWN, OTHER].into_iter().enumerate() {
        for agency in &agencies[i] {
            drafts[i].push(
                id_of(
                    app,
                    &admin,
                    RETURN,
                    draft(&update, p, agency, false),
                    "createSection11Return",
                )
                .await,
            );
            complete[i].push(
                id_of(
                    app,
                    &admin,
                    RETURN,
                    draft(&submit, p, agency, true),
                    "createSection11Return",
                )
                .await,
            );
            let id = id_of(
                app,
                &admin,
                RETURN,
                draft(&validate, p, agency, true),
                "createSection11Return",
            )
            .await;
            app.ok(Some(&admin), SUBMIT, json!({ "id": id, "v": 1 }))
                .await;
            submitted[i].push(id);
        }
        // One submitted return to read, unpublished; one validated to publish.
        let reader = &agencies[i][LEAD_SLOT];
        let id = id_of(
            app,
            &admin,
            RETURN,
            draft(&read, p, reader, true),
            "createSection11Return",
        )
        .await;
        app.ok(Some(&admin), SUBMIT, json!({ "id": id, "v": 1 }))
            .await;
        fixtures.insert(
            if p == OWN {
                "s11_read_own"
            } else {
                "s11_read_other"
            },
            id,
        );
        let id = id_of(
            app,
            &admin,
            RETURN,
            draft(&publish, p, reader, true),
            "createSection11Return",
        )
        .await;
        app.ok(Some(&admin), SUBMIT, json!({ "id": id, "v": 1 }))
            .await;
        app.ok(Some(&admin), VALIDATE, json!({ "id": id, "v": 2 }))
            .await;
    }

    // Survey rounds: one recorded and unpublished to read, one per slot to record into.
    let survey_read = id_of(
        app,
        &admin,
        ROUND,
        new_round("survey read", both.clone(), "PRACTITIONER_SURVEY"),
        "createSection11Round",
    )
    .await;
    for p in [OWN, OTHER] {
        app.ok(
            Some(&admin),
            SURVEY,
            json!({ "round": survey_read, "p": p }),
        )
        .await;
    }
    let mut surveys = Vec::new();
    let mut round_updates = [Vec::new(), Vec::new()];
    for s in 0..SLOTS {
        surveys.push(
            id_of(
                app,
                &admin,
                ROUND,
                new_round(&format!("survey {s}"), both.clone(), "PRACTITIONER_SURVEY"),
                "createSection11Round",
            )
            .await,
        );
        for (i, p) in [OWN, OTHER].into_iter().enumerate() {
            let mut vars = new_round(&format!("update {s}"), json!([p]), "SELF_ASSESSMENT");
            vars["agencies"] = json!([]);
            round_updates[i].push(id_of(app, &admin, ROUND, vars, "createSection11Round").await);
        }
    }

    fixtures.insert(AGENCY_KEY, own_agency);
    let [own_agencies, other_agencies] = agencies;
    fixtures.insert("s11_agencies_own", Value::Array(own_agencies));
    fixtures.insert("s11_agencies_other", Value::Array(other_agencies));
    let [own, other] = drafts;
    fixtures.insert("s11_drafts_own", Value::Array(own));
    fixtures.insert("s11_drafts_other", Value::Array(other));
    let [own, other] = complete;
    fixtures.insert("s11_complete_own", Value::Array(own));
    fixtures.insert("s11_complete_other", Value::Array(other));
    let [own, other] = submitted;
    fixtures.insert("s11_submitted_own", Value::Array(own));
    fixtures.insert("s11_submitted_other", Value::Array(other));
    let [own, other] = round_updates;
    fixtures.insert("s11_round_updates_own", Value::Array(own));
    fixtures.insert("s11_round_updates_other", Value::Array(other));
    fixtures.insert("s11_surveys_own", Value::Array(surveys.clone()));
    fixtures.insert("s11_surveys_other", Value::Array(surveys));
    fixtures.insert("s11_create_round", create);
    fixtures.insert("s11_read_round", read);
    fixtures.insert("s11_publish_round", publish);
    fixtures.insert("s11_survey_read_round", survey_read);
}

fn denied(role: Role) -> Expect {
    match role {
        Role::Anonymous => Expect::Denied("UNAUTHENTICATED"),
        _ => Expect::Denied("FORBIDDEN"),
    }
}

/// Regional admins anywhere, partnership managers in their own partnership.
fn runners(role: Role, target: Target) -> Expect {
    match (role, target) {
        (Role::RegionalAdmin, _) | (Role::PartnershipManager, Target::Own) => Expect::Allowed,
        _ => denied(role),
    }
}

/// Drafting a return: runners, and the agency lead for its own agency.
fn drafters(role: Role, target: Target) -> Expect {
    match (role, target) {
        (Role::AgencyLead, Target::Own) => Expect::Allowed,
        _ => runners(role, target),
    }
}

/// Editing or submitting an existing draft: another partnership's draft is
/// not there for a manager or agency lead (`NOT_FOUND`), never `FORBIDDEN`.
fn editors(role: Role, target: Target) -> Expect {
    match (role, target) {
        (Role::PartnershipManager | Role::AgencyLead, Target::Other) => Expect::Empty,
        _ => drafters(role, target),
    }
}

/// Validating: runners; another partnership's return is not there for a manager.
fn validators(role: Role, target: Target) -> Expect {
    match (role, target) {
        (Role::PartnershipManager, Target::Other) => Expect::Empty,
        _ => runners(role, target),
    }
}

/// Reading a submitted return (records): the partnership's own editors and
/// scrutineer; nobody else sees it.
pub(super) fn record_readers(role: Role, target: Target) -> Expect {
    match (role, target) {
        (Role::RegionalAdmin, _) => Expect::Allowed,
        (Role::PartnershipManager | Role::AgencyLead | Role::Scrutineer, Target::Own) => {
            Expect::Allowed
        }
        _ => Expect::Empty,
    }
}

/// Unpublished figures: exact access to the partnership's Section 11 figures,
/// which an agency lead (narrowed to its agency) does not have.
fn exact_readers(role: Role, target: Target) -> Expect {
    match (role, target) {
        (Role::AgencyLead, _) => Expect::Empty,
        _ => record_readers(role, target),
    }
}

pub fn operations() -> Vec<Operation> {
    vec![
        Operation {
            name: "section11Frameworks",
            query: "{ section11Frameworks { id standards { number subStandards { number } } } }",
            variables: |_, _, _| json!({}),
            count: |d| list_len(&d["section11Frameworks"]),
            expect: public,
        },
        Operation {
            name: "section11Rounds",
            query: "query($p: PartnershipCode) { section11Rounds(filter: {partnership: $p}) { totalCount edges { node { id framework { id } partnerships { partnership } } } } }",
            variables: |_, p, _| json!({ "p": p }),
            count: |d| list_len(&d["section11Rounds"]["edges"]),
            expect: public,
        },
        Operation {
            name: "section11Round",
            query: "query($id: ID!) { section11Round(id: $id) { id period { label } } }",
            variables: |f, _, _| json!({ "id": fixture(f, "s11_read_round") }),
            count: |d| present(&d["section11Round"]),
            expect: public,
        },
        Operation {
            name: "agencies",
            query: "query($p: PartnershipCode) { agencies(filter: {partnership: $p}) { totalCount edges { node { id sector partnerships } } } }",
            variables: |_, p, _| json!({ "p": p }),
            count: |d| list_len(&d["agencies"]["edges"]),
            expect: public,
        },
        Operation {
            name: "section11Returns",
            query: "query($p: PartnershipCode) { section11Returns(filter: {partnership: $p}) { totalCount edges { node { id agency { id } grades { effectiveGrade } } } } }",
            variables: |_, p, _| json!({ "p": p }),
            count: |d| list_len(&d["section11Returns"]["edges"]),
            expect: record_readers,
        },
        Operation {
            name: "section11Return",
            query: "query($id: ID!) { section11Return(id: $id) { id status } }",
            variables: |f, p, _| json!({ "id": fixture(f, if p == OWN { "s11_read_own" } else { "s11_read_other" }) }),
            count: |d| present(&d["section11Return"]),
            expect: record_readers,
        },
        Operation {
            name: "section11Summary",
            query: "query($round: ID!, $p: PartnershipCode!) { section11Summary(round: $round, partnership: $p) { basis received } }",
            variables: |f, p, _| json!({ "round": fixture(f, "s11_read_round"), "p": p }),
            count: |d| d["section11Summary"]["received"].as_u64().unwrap_or(0) as usize,
            expect: exact_readers,
        },
        Operation {
            name: "section11SurveyResults",
            query: "query($round: ID!, $p: PartnershipCode!) { section11SurveyResults(round: $round, partnership: $p) { visible results { theme } } }",
            variables: |f, p, _| json!({ "round": fixture(f, "s11_survey_read_round"), "p": p }),
            count: |d| list_len(&d["section11SurveyResults"]["results"]),
            expect: exact_readers,
        },
        Operation {
            name: "createSection11Round",
            query: r#"mutation($p: PartnershipCode!) { createSection11Round(input: {title: "matrix", period: "2026-27", partnerships: [$p],
                framework: "regional-v1", mode: SELF_ASSESSMENT, opensOn: "2026-09-01", closesOn: "2027-01-31", agencies: []}) { id } }"#,
            variables: |_, p, _| json!({ "p": p }),
            count: |d| present(&d["createSection11Round"]),
            expect: runners,
        },
        Operation {
            name: "updateSection11Round",
            query: r#"mutation($id: ID!) { updateSection11Round(input: {id: $id, expectedVersion: 1, title: "matrix renamed"}) { version } }"#,
            variables: |f, p, row| json!({ "id": pick(f, "s11_round_updates", p, row) }),
            count: |d| present(&d["updateSection11Round"]),
            expect: runners,
        },
        Operation {
            name: "registerAgency",
            query: r#"mutation($name: String!, $p: PartnershipCode!) { registerAgency(input: {name: $name, sector: EDUCATION, partnerships: [$p]}) { id } }"#,
            variables: |_, p, row| json!({ "name": format!("Matrix registered agency {row}"), "p": p }),
            count: |d| present(&d["registerAgency"]),
            expect: runners,
        },
        Operation {
            name: "createSection11Return",
            query: r#"mutation($round: ID!, $p: PartnershipCode!, $agency: ID!) { createSection11Return(input: {round: $round, partnership: $p, agency: $agency}) { id } }"#,
            variables: |f, p, row| json!({ "round": fixture(f, "s11_create_round"), "p": p, "agency": pick(f, "s11_agencies", p, row) }),
            count: |d| present(&d["createSection11Return"]),
            expect: drafters,
        },
        Operation {
            name: "updateSection11Return",
            query: r#"mutation($id: ID!) { updateSection11Return(input: {id: $id, expectedVersion: 1, overallGrade: GOOD}) { version } }"#,
            variables: |f, p, row| json!({ "id": pick(f, "s11_drafts", p, row) }),
            count: |d| present(&d["updateSection11Return"]),
            expect: editors,
        },
        Operation {
            name: "submitSection11Return",
            query: r#"mutation($id: ID!) { submitSection11Return(input: {id: $id, expectedVersion: 1}) { status } }"#,
            variables: |f, p, row| json!({ "id": pick(f, "s11_complete", p, row) }),
            count: |d| present(&d["submitSection11Return"]),
            expect: editors,
        },
        Operation {
            name: "validateSection11Return",
            query: r#"mutation($id: ID!) { validateSection11Return(input: {id: $id, expectedVersion: 2, moderatedOverallGrade: REQUIRES_IMPROVEMENT, note: "matrix"}) { status } }"#,
            variables: |f, p, row| json!({ "id": pick(f, "s11_submitted", p, row) }),
            count: |d| present(&d["validateSection11Return"]),
            expect: validators,
        },
        Operation {
            name: "publishSection11Round",
            query: r#"mutation($round: ID!, $p: PartnershipCode!) { publishSection11Round(input: {round: $round, partnership: $p}) { returnsPublished } }"#,
            variables: |f, p, _| json!({ "round": fixture(f, "s11_publish_round"), "p": p }),
            count: |d| present(&d["publishSection11Round"]),
            expect: runners,
        },
        Operation {
            name: "recordSection11SurveyResults",
            query: r#"mutation($round: ID!, $p: PartnershipCode!) { recordSection11SurveyResults(input: {round: $round, partnership: $p, expectedVersion: 1,
                source: "matrix", results: [{theme: "Policy Awareness", keyFinding: "matrix"}]}) { version } }"#,
            variables: |f, p, row| json!({ "round": pick(f, "s11_surveys", p, row), "p": p }),
            count: |d| present(&d["recordSection11SurveyResults"]),
            expect: runners,
        },
    ]
}
