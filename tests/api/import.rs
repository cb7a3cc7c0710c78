//! Bulk import through the real HTTP app: Section 11 and CDOP returns from
//! CSV and XLSX files, by the plain endpoints and by GraphQL uploads; dry
//! runs, all-or-nothing commits, authorization row by row, the templates,
//! and a readable refusal for each kind of file that cannot be read.
use entity::PartnershipCode::{self, Bristol};
use hub::auth::role::Role;
use hub::auth::token::TokenRequest;
use hub::import::XLSX_MEDIA_TYPE;
use reqwest::StatusCode;
use rust_xlsxwriter::Workbook;
use serde_json::{json, Value};

use crate::helpers::{Options, TestApp};

/// Every standard and sub-standard of the regional framework.
pub const REGIONAL: [&str; 24] = [
    "1", "1.1", "1.2", "2", "2.1", "2.2", "3", "3.1", "3.2", "4", "4.1", "4.2", "5", "5.1", "5.2",
    "6", "6.1", "6.2", "7", "7.1", "7.2", "8", "8.1", "8.2",
];

const REGISTER: &str = r#"mutation($name: String!, $p: [PartnershipCode!]!) {
    registerAgency(input: {name: $name, sector: HEALTH, partnerships: $p}) { id } }"#;

const CREATE_ROUND: &str = r#"mutation($p: [PartnershipCode!]!) {
    createSection11Round(input: {title: "Import round", period: "2026-27", partnerships: $p,
      framework: "regional-v1", mode: SELF_ASSESSMENT, opensOn: "2026-09-01", closesOn: "2027-01-31"}) { id } }"#;

const RETURNS: &str = r#"query($f: Section11ReturnFilter) {
    section11Returns(filter: $f, first: 100) { totalCount edges { node { id version overallGrade agency { id }
      grades { standard { number } selfAssessedGrade evidence } actions { standard { number } what owner dueDate } } } } }"#;

const IMPORT_S11: &str = r#"mutation($file: Upload!, $mode: ImportMode) {
    importSection11Returns(file: $file, mode: $mode) { mode committed rows created updated
      problems { row column field code message } records { row action id partnership version } } }"#;

pub fn manager(app: &TestApp, p: PartnershipCode) -> String {
    app.token_with(&TokenRequest {
        subject: format!("manager-{p}"),
        ..TokenRequest::new(Role::PartnershipManager, &[p])
    })
}

pub fn lead(app: &TestApp, agency: &str, p: PartnershipCode) -> String {
    app.token_with(&TokenRequest {
        subject: format!("lead-{agency}"),
        agency: Some(agency.to_string()),
        ..TokenRequest::new(Role::AgencyLead, &[p])
    })
}

/// A round for `partnerships` expecting `per_partnership` new agencies in
/// each; returns the round's id and the agencies' ids, by partnership.
pub async fn round_with(
    app: &TestApp,
    partnerships: &[PartnershipCode],
    per_partnership: usize,
) -> (String, Vec<Vec<String>>) {
    let admin = app.token(Role::RegionalAdmin, &[]);
    let mut agencies = Vec::new();
    for p in partnerships {
        let mut ids = Vec::new();
        for i in 0..per_partnership {
            let data = app
                .ok(
                    Some(&admin),
                    REGISTER,
                    json!({ "name": format!("{p} import trust {i}"), "p": [p] }),
                )
                .await;
            ids.push(
                data["registerAgency"]["id"]
                    .as_str()
                    .expect("id")
                    .to_string(),
            );
        }
        agencies.push(ids);
    }
    let round = app
        .ok(Some(&admin), CREATE_ROUND, json!({ "p": partnerships }))
        .await["createSection11Round"]["id"]
        .as_str()
        .expect("round id")
        .to_string();
    (round, agencies)
}

/// The header of the test files: the fixed columns, a grade and evidence for
/// every standard, and an action for 5.1.
pub fn header() -> Vec<String> {
    let mut h: Vec<String> = ["round", "partnership", "agency", "overallGrade"]
        .map(String::from)
        .to_vec();
    for n in REGIONAL {
        h.push(format!("grade {n}"));
        h.push(format!("evidence {n}"));
    }
    h.extend(["action 5.1", "actionOwner 5.1", "actionDueDate 5.1"].map(String::from));
    h
}

/// A complete return's row: every standard Good but 5.1, which requires
/// improvement and has its action.
pub fn row(round: &str, p: PartnershipCode, agency: &str) -> Vec<String> {
    let mut r = vec![
        round.to_string(),
        p.as_str().to_string(),
        agency.to_string(),
        "GOOD".to_string(),
    ];
    for n in REGIONAL {
        r.push(
            if n == "5.1" {
                "Requires improvement"
            } else {
                "GOOD"
            }
            .to_string(),
        );
        r.push(format!("evidence for {n}, with a comma"));
    }
    r.extend([
        "Refresh safer recruitment training".to_string(),
        "HR lead".to_string(),
        "2027-03-31".to_string(),
    ]);
    r
}

pub fn csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r).expect("csv row");
    }
    w.into_inner().expect("csv")
}

/// The same rows as a workbook; the action's due date is a real date cell,
/// as a spreadsheet keeps it.
pub fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (i, r) in rows.iter().enumerate() {
        for (j, v) in r.iter().enumerate() {
            let (row, col) = (i as u32, j as u16);
            match rust_xlsxwriter::ExcelDateTime::parse_from_str(v) {
                Ok(d) if i > 0 && v.len() == 10 && v.as_bytes()[4] == b'-' => {
                    sheet
                        .write_datetime_with_format(row, col, &d, &date)
                        .expect("date");
                }
                _ => {
                    sheet.write_string(row, col, v).expect("cell");
                }
            }
        }
    }
    book.save_to_buffer().expect("xlsx")
}

/// POSTs a file to a plain import endpoint.
pub async fn post_file(
    app: &TestApp,
    token: Option<&str>,
    path: &str,
    body: Vec<u8>,
    media_type: &str,
) -> (StatusCode, Value) {
    let mut request = app
        .client
        .post(format!("{}{path}", app.address))
        .header("content-type", media_type)
        .body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    (status, response.json().await.expect("JSON body"))
}

/// Sends `query` with `file` as its `$file` variable, as the GraphQL
/// multipart request specification has it.
pub async fn upload(
    app: &TestApp,
    token: Option<&str>,
    query: &str,
    variables: Value,
    file: (&str, &str, Vec<u8>),
    preflight: bool,
) -> (StatusCode, Value) {
    let boundary = "hub-import-boundary";
    let mut variables = variables;
    variables["file"] = Value::Null;
    let (filename, media_type, bytes) = file;
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{{\"0\": [\"variables.file\"]}}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"0\"; filename=\"{filename}\"\r\nContent-Type: {media_type}\r\n\r\n",
        json!({ "query": query, "variables": variables })
    )
    .into_bytes();
    body.extend(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").into_bytes());
    let mut request = app
        .client
        .post(format!("{}/graphql", app.address))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body);
    if preflight {
        request = request.header("GraphQL-Require-Preflight", "1");
    }
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    (status, response.json().await.expect("JSON body"))
}

async fn return_count(app: &TestApp, round: &str) -> u64 {
    let admin = app.token(Role::RegionalAdmin, &[]);
    app.ok(Some(&admin), RETURNS, json!({ "f": { "round": round } }))
        .await["section11Returns"]["totalCount"]
        .as_u64()
        .expect("count")
}

const S11: &str = "/import/section11-returns";
const S11_COMMIT: &str = "/import/section11-returns?mode=commit";

#[tokio::test]
async fn a_40_row_section_11_csv_imports_in_one_request_and_the_same_workbook_reads_the_same() {
    let app = TestApp::spawn().await;
    let (round, agencies) = round_with(&app, &[Bristol], 40).await;
    let token = manager(&app, Bristol);
    let mut rows = vec![header()];
    rows.extend(agencies[0].iter().map(|a| row(&round, Bristol, a)));

    // A dry run (the default) reports all 40 and writes nothing.
    let (status, dry) = post_file(&app, Some(&token), S11, csv(&rows), "text/csv").await;
    assert_eq!(status, StatusCode::OK, "{dry}");
    assert_eq!(dry["mode"], "DRY_RUN");
    assert_eq!(dry["committed"], false);
    assert_eq!(
        (dry["rows"].as_u64(), dry["created"].as_u64()),
        (Some(40), Some(40))
    );
    assert_eq!(dry["problems"], json!([]));
    assert_eq!(
        dry["records"][0],
        json!({ "row": 2, "action": "CREATE", "id": null, "partnership": "BRISTOL", "version": 1 })
    );
    assert_eq!(return_count(&app, &round).await, 0);

    // The workbook of the same rows gives the same report.
    let (status, from_xlsx) =
        post_file(&app, Some(&token), S11, xlsx(&rows), XLSX_MEDIA_TYPE).await;
    assert_eq!(status, StatusCode::OK, "{from_xlsx}");
    assert_eq!(from_xlsx, dry);

    // Committed: 40 drafts, each with its grades, evidence and action.
    let (status, done) = post_file(
        &app,
        Some(&token),
        S11_COMMIT,
        csv(&rows),
        "text/csv; charset=utf-8",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(
        (done["committed"].as_bool(), done["created"].as_u64()),
        (Some(true), Some(40))
    );
    assert!(done["records"]
        .as_array()
        .expect("records")
        .iter()
        .all(|r| r["id"].is_string()));
    assert_eq!(return_count(&app, &round).await, 40);
    let admin = app.token(Role::RegionalAdmin, &[]);
    let read = app
        .ok(
            Some(&admin),
            RETURNS,
            json!({ "f": { "round": round, "agency": agencies[0][7] } }),
        )
        .await;
    let saved = &read["section11Returns"]["edges"][0]["node"];
    assert_eq!(saved["id"], done["records"][7]["id"]);
    assert_eq!(saved["overallGrade"], "GOOD");
    assert_eq!(saved["grades"].as_array().map(Vec::len), Some(24));
    let grade_51 = saved["grades"]
        .as_array()
        .and_then(|g| g.iter().find(|g| g["standard"]["number"] == "5.1"))
        .expect("5.1 graded");
    assert_eq!(grade_51["selfAssessedGrade"], "REQUIRES_IMPROVEMENT");
    assert_eq!(grade_51["evidence"], "evidence for 5.1, with a comma");
    assert_eq!(
        saved["actions"],
        json!([{ "standard": { "number": "5.1" }, "what": "Refresh safer recruitment training", "owner": "HR lead", "dueDate": "2027-03-31" }])
    );

    // One import event with the row count, and an event per record, in the audit log.
    let events = app
        .ok(
            Some(&admin),
            r#"{ auditEvents(first: 100) { edges { node { operation outcome detail partnership } } } }"#,
            json!({}),
        )
        .await;
    let events = events["auditEvents"]["edges"]
        .as_array()
        .expect("events")
        .clone();
    let imports: Vec<&Value> = events
        .iter()
        .filter(|e| e["node"]["operation"] == "importSection11Returns")
        .collect();
    assert_eq!(imports.len(), 1, "{events:?}");
    assert_eq!(imports[0]["node"]["partnership"], "BRISTOL");
    assert!(imports[0]["node"]["detail"]
        .as_str()
        .expect("detail")
        .starts_with("40 rows"));
    let created = events
        .iter()
        .filter(|e| e["node"]["operation"] == "createSection11Return")
        .count();
    assert_eq!(created, 40);

    // Sending the same file again writes nothing twice: every row is a CONFLICT.
    let (status, again) = post_file(&app, Some(&token), S11_COMMIT, csv(&rows), "text/csv").await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    assert_eq!(again["problems"].as_array().map(Vec::len), Some(40));
    assert_eq!(again["problems"][0]["column"], "agency");
    assert_eq!(return_count(&app, &round).await, 40);
}

#[tokio::test]
async fn a_retried_commit_with_an_idempotency_key_writes_once_and_gets_the_first_report() {
    let app = TestApp::spawn().await;
    let (round, agencies) = round_with(&app, &[Bristol], 5).await;
    let token = manager(&app, Bristol);
    let mut rows = vec![header()];
    rows.extend(agencies[0].iter().map(|a| row(&round, Bristol, a)));
    let send = |key: &'static str| {
        app.client
            .post(format!("{}{S11_COMMIT}", app.address))
            .header("content-type", "text/csv")
            .header("Idempotency-Key", key)
            .bearer_auth(&token)
            .body(csv(&rows))
            .send()
    };

    let first = send("spreadsheet-2026-12-07").await.expect("first");
    assert_eq!(first.status(), StatusCode::OK);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first = first.text().await.expect("body");
    assert_eq!(return_count(&app, &round).await, 5);

    // The retry of a commit whose answer was lost: the first report, byte
    // for byte, and nothing written again (without the key it would be five
    // CONFLICT rows).
    let retry = send("spreadsheet-2026-12-07").await.expect("retry");
    assert_eq!(retry.status(), StatusCode::OK);
    assert_eq!(
        retry
            .headers()
            .get("idempotent-replayed")
            .map(|v| v.as_bytes()),
        Some(&b"true"[..])
    );
    assert_eq!(retry.text().await.expect("body"), first);
    assert_eq!(return_count(&app, &round).await, 5);

    // Another file under the same key is a conflict naming the key.
    let other = app
        .client
        .post(format!("{}{S11_COMMIT}", app.address))
        .header("content-type", "text/csv")
        .header("Idempotency-Key", "spreadsheet-2026-12-07")
        .bearer_auth(&token)
        .body(csv(&rows[..3]))
        .send()
        .await
        .expect("other");
    assert_eq!(other.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let other: Value = other.json().await.expect("JSON");
    assert_eq!(other["errors"][0]["extensions"]["code"], "CONFLICT");
    assert!(other["errors"][0]["message"]
        .as_str()
        .expect("message")
        .contains("spreadsheet-2026-12-07"));
    assert_eq!(return_count(&app, &round).await, 5);
}

#[tokio::test]
async fn one_bad_row_among_40_writes_nothing_and_the_report_names_its_row_and_column() {
    let app = TestApp::spawn().await;
    let (round, agencies) = round_with(&app, &[Bristol], 40).await;
    let token = manager(&app, Bristol);
    let mut rows = vec![header()];
    rows.extend(agencies[0].iter().map(|a| row(&round, Bristol, a)));
    let grade_32 = rows[0]
        .iter()
        .position(|h| h == "grade 3.2")
        .expect("column");
    rows[17][grade_32] = "EXCELLENT".into();

    for (path, mode) in [(S11_COMMIT, "COMMIT"), (S11, "DRY_RUN")] {
        let (status, report) = post_file(&app, Some(&token), path, csv(&rows), "text/csv").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{report}");
        assert_eq!(report["mode"], mode);
        assert_eq!(report["committed"], false);
        assert_eq!(
            report["problems"],
            json!([{ "row": 18, "column": "grade 3.2", "field": "input.grades[8].grade", "code": "BAD_USER_INPUT",
                     "message": "`EXCELLENT` is not a grade: one of OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE" }])
        );
        assert_eq!(report["records"].as_array().map(Vec::len), Some(39));
        assert_eq!(return_count(&app, &round).await, 0);
    }

    // The workbook of the same rows is reported the same, at the same row and column.
    let (_, from_csv) = post_file(&app, Some(&token), S11, csv(&rows), "text/csv").await;
    let (status, from_xlsx) =
        post_file(&app, Some(&token), S11, xlsx(&rows), XLSX_MEDIA_TYPE).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(from_xlsx, from_csv);

    // A problem the mutation finds is reported with the mutation's own field
    // and message, placed in its column.
    rows.truncate(3);
    let owner = rows[0]
        .iter()
        .position(|h| h == "actionOwner 5.1")
        .expect("column");
    rows[2][owner] = String::new();
    rows[0].push("grade 9.9".into());
    rows[1].push("GOOD".into());
    rows[2].push(String::new());
    let (status, report) = post_file(&app, Some(&token), S11, csv(&rows), "text/csv").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{report}");
    let problems = report["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 2, "{report}");
    assert_eq!(
        (problems[0]["row"].as_u64(), problems[0]["column"].as_str()),
        (Some(2), Some("grade 9.9"))
    );
    assert_eq!(
        (problems[1]["row"].as_u64(), problems[1]["column"].as_str()),
        (Some(3), Some("actionOwner 5.1"))
    );
    let (_, mutation) = app
        .post_graphql(
            Some(&token),
            r#"mutation($input: CreateSection11ReturnInput!) { createSection11Return(input: $input) { id } }"#,
            json!({ "input": { "round": round, "partnership": "BRISTOL", "agency": agencies[0][2],
                "actions": [{ "standard": "5.1", "what": "w", "owner": "", "dueDate": "2027-03-31" }] } }),
        )
        .await;
    assert_eq!(
        problems[1]["field"],
        mutation["errors"][0]["extensions"]["field"]
    );
    assert_eq!(
        format!(
            "{}: {}",
            problems[1]["field"].as_str().unwrap_or_default(),
            problems[1]["message"].as_str().unwrap_or_default()
        ),
        mutation["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
    );
    assert!(problems[0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("standard `9.9` is not in the round's framework"));
}

#[tokio::test]
async fn an_agency_leads_file_holding_another_agencys_row_is_refused_whole() {
    let app = TestApp::spawn().await;
    let (round, agencies) = round_with(&app, &[Bristol], 3).await;
    let (own, other) = (&agencies[0][0], &agencies[0][1]);
    let token = lead(&app, own, Bristol);
    let rows = vec![
        header(),
        row(&round, Bristol, own),
        row(&round, Bristol, other),
        row(&round, Bristol, own),
    ];
    let mut rows = rows;
    rows.pop();
    for (body, media_type) in [(csv(&rows), "text/csv"), (xlsx(&rows), XLSX_MEDIA_TYPE)] {
        let (status, report) = post_file(&app, Some(&token), S11_COMMIT, body, media_type).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{report}");
        assert_eq!(report["committed"], false);
        let problems = report["problems"].as_array().expect("problems");
        assert_eq!(problems.len(), 1, "{report}");
        assert_eq!(problems[0]["row"], 3);
        assert_eq!(problems[0]["column"], "agency");
        assert_eq!(problems[0]["code"], "FORBIDDEN");
        assert_eq!(
            return_count(&app, &round).await,
            0,
            "the lead's own row is not written either"
        );
    }
    // Its own row alone goes in, by a GraphQL upload too.
    rows.pop();
    let (status, body) = upload(
        &app,
        Some(&token),
        IMPORT_S11,
        json!({ "mode": "COMMIT" }),
        ("returns.xlsx", "application/octet-stream", xlsx(&rows)),
        true,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let report = &body["data"]["importSection11Returns"];
    assert_eq!(
        (report["committed"].as_bool(), report["created"].as_u64()),
        (Some(true), Some(1)),
        "{body}"
    );
    assert_eq!(return_count(&app, &round).await, 1);
}

#[tokio::test]
async fn a_draft_is_updated_from_a_file_against_its_version_and_a_stale_version_writes_nothing() {
    let app = TestApp::spawn().await;
    let (round, agencies) = round_with(&app, &[Bristol], 1).await;
    let token = manager(&app, Bristol);
    let agency = &agencies[0][0];
    let rows = vec![header(), row(&round, Bristol, agency)];
    let (_, created) = post_file(&app, Some(&token), S11_COMMIT, csv(&rows), "text/csv").await;
    let id = created["records"][0]["id"]
        .as_str()
        .expect("id")
        .to_string();

    let mut update = rows.clone();
    update[0].extend(["returnId", "expectedVersion"].map(String::from));
    update[1].extend([id.clone(), "1".into()]);
    update[1][3] = "OUTSTANDING".into();
    let (status, report) =
        post_file(&app, Some(&token), S11_COMMIT, csv(&update), "text/csv").await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        report["records"][0],
        json!({ "row": 2, "action": "UPDATE", "id": id, "partnership": "BRISTOL", "version": 2 })
    );

    // The same file again is based on version 1, which is stale now.
    let (status, report) =
        post_file(&app, Some(&token), S11_COMMIT, csv(&update), "text/csv").await;
    assert_eq!(status, StatusCode::CONFLICT, "{report}");
    assert_eq!(report["problems"][0]["column"], "expectedVersion");
    assert!(report["problems"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("stale version 1"));
}

#[tokio::test]
async fn graphql_uploads_need_the_preflight_header_and_report_like_the_endpoint() {
    let app = TestApp::spawn().await;
    let (round, agencies) = round_with(&app, &[Bristol], 2).await;
    let token = manager(&app, Bristol);
    let mut rows = vec![header()];
    rows.extend(agencies[0].iter().map(|a| row(&round, Bristol, a)));
    let file = || ("returns.csv", "text/csv", csv(&rows));

    let (status, body) = upload(&app, Some(&token), IMPORT_S11, json!({}), file(), false).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("GraphQL-Require-Preflight"));

    let (_, body) = upload(&app, Some(&token), IMPORT_S11, json!({}), file(), true).await;
    let report = &body["data"]["importSection11Returns"];
    assert_eq!(
        (report["mode"].as_str(), report["created"].as_u64()),
        (Some("DRY_RUN"), Some(2)),
        "{body}"
    );
    let (_, plain) = post_file(&app, Some(&token), S11, csv(&rows), "text/csv").await;
    assert_eq!(report["records"], plain["records"]);
    assert_eq!(return_count(&app, &round).await, 0);

    // A file that cannot be read is BAD_USER_INPUT on `file`.
    let (_, body) = upload(
        &app,
        Some(&token),
        IMPORT_S11,
        json!({}),
        ("returns.csv", "text/csv", b"round\n\xff\n".to_vec()),
        true,
    )
    .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body}"
    );
    assert_eq!(body["errors"][0]["extensions"]["field"], "file");
}

#[tokio::test]
async fn cdop_returns_import_with_their_breakdowns_and_a_bad_breakdown_writes_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    let header = "partnership,period,source,illustrative,deathsNotified,reviewsCompleted,byAgeBand.under1Year,byAgeBand.age1To4,byAgeBand.age5To9,byAgeBand.age10To14,byAgeBand.age15To17,byExpectation.expected,byExpectation.unexpected";
    let good = format!("{header}\nSOMERSET,2025-26,Import test,TRUE,12,10,6,2,1,1,2,6,4\nBRISTOL,2025-26,Import test,TRUE,8,,,,,,,,\n");
    let (status, report) = post_file(
        &app,
        Some(&admin),
        "/import/cdop-returns?mode=commit",
        good.into_bytes(),
        "text/csv",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["created"], 2);
    let read = app
        .ok(
            Some(&admin),
            r#"{ cdopReturn(partnership: SOMERSET, period: "2025-26") { version figures { deathsNotified { value } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(read["cdopReturn"]["figures"]["deathsNotified"]["value"], 12);

    // An update whose age bands no longer sum to the deaths notified.
    let bad = format!("{header},expectedVersion\nSOMERSET,2025-26,Import test,TRUE,13,10,6,2,1,1,2,6,4,1\nBRISTOL,2025-26,Import test,TRUE,9,,,,,,,,,1\n");
    let (status, report) = post_file(
        &app,
        Some(&admin),
        "/import/cdop-returns?mode=commit",
        bad.into_bytes(),
        "text/csv",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{report}");
    assert_eq!(
        report["problems"].as_array().map(Vec::len),
        Some(1),
        "{report}"
    );
    assert_eq!(
        report["problems"][0],
        json!({ "row": 2, "column": "deathsNotified", "field": "input.byAgeBand", "code": "BAD_USER_INPUT",
                "message": "the cells sum to 12 but deathsNotified is 13" })
    );
    assert_eq!(report["records"][0]["row"], 3);
    let read = app
        .ok(
            Some(&admin),
            r#"{ cdopReturn(partnership: BRISTOL, period: "2025-26") { version figures { deathsNotified { value } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        read["cdopReturn"]["figures"]["deathsNotified"]["value"], 8,
        "Bristol's good row was not written either"
    );
}

#[tokio::test]
async fn the_templates_have_the_documented_columns_and_read_back() {
    let app = TestApp::spawn().await;
    let response = app.get("/import/templates/section11-returns.csv").await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.expect("text");
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header[..11],
        [
            "round",
            "partnership",
            "agency",
            "returnId",
            "expectedVersion",
            "overallGrade",
            "grade 1",
            "evidence 1",
            "action 1",
            "actionOwner 1",
            "actionDueDate 1"
        ]
    );
    assert_eq!(header.len(), 6 + 5 * REGIONAL.len());
    assert!(text.contains(
        "# overallGrade: optional; OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE."
    ));
    assert_eq!(reader.records().count(), 1, "one example row");

    let response = app.get("/import/templates/section11-returns.xlsx").await;
    assert_eq!(crate::helpers::content_type(&response), XLSX_MEDIA_TYPE);
    let bytes = response.bytes().await.expect("bytes").to_vec();
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::Xlsx::new(std::io::Cursor::new(bytes)).expect("workbook");
    assert_eq!(book.sheet_names(), ["returns", "columns"]);
    let data = book.worksheet_range("returns").expect("sheet");
    let first: Vec<String> = data
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(first, header);
    let columns = book.worksheet_range("columns").expect("columns sheet");
    assert_eq!(columns.height(), header.len() + 1);

    // Read back, the template's only problems are its example's placeholders.
    let admin = app.token(Role::RegionalAdmin, &[]);
    let (_, report) = post_file(&app, Some(&admin), S11, text.into_bytes(), "text/csv").await;
    assert!(
        report["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .all(|p| p["row"] == 2),
        "{report}"
    );

    // The CDOP template's example row is a valid (illustrative) return.
    let text = app
        .get("/import/templates/cdop-returns.csv")
        .await
        .text()
        .await
        .expect("text");
    let (status, report) = post_file(
        &app,
        Some(&admin),
        "/import/cdop-returns",
        text.into_bytes(),
        "text/csv",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["created"], 1);
    let bytes = app
        .get("/import/templates/cdop-returns.xlsx")
        .await
        .bytes()
        .await
        .expect("bytes")
        .to_vec();
    let (status, from_xlsx) = post_file(
        &app,
        Some(&admin),
        "/import/cdop-returns",
        bytes,
        XLSX_MEDIA_TYPE,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{from_xlsx}");
    assert_eq!(from_xlsx, report);

    assert_eq!(
        app.get("/import/templates/lado.csv").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/import/templates/section11-returns.csv?framework=nope")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

/// A workbook of `rows` changed by `edit` before it is saved.
fn workbook(rows: &[Vec<String>], edit: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (i, r) in rows.iter().enumerate() {
        for (j, v) in r.iter().enumerate() {
            sheet.write_string(i as u32, j as u16, v).expect("cell");
        }
    }
    edit(sheet);
    book.save_to_buffer().expect("xlsx")
}

#[tokio::test]
async fn files_that_cannot_be_read_are_refused_with_a_readable_message() {
    let app = TestApp::spawn_with(Options {
        env: vec![
            ("IMPORT_MAX_ROWS", "3".into()),
            ("IMPORT_MAX_BYTES", "20000".into()),
        ],
        ..Default::default()
    })
    .await;
    let (round, agencies) = round_with(&app, &[Bristol], 1).await;
    let token = manager(&app, Bristol);
    let rows = vec![header(), row(&round, Bristol, &agencies[0][0])];
    let plain = csv(&rows);

    // A byte order mark is fine.
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend(&plain);
    let (status, report) = post_file(&app, Some(&token), S11, with_bom, "text/csv").await;
    assert_eq!(status, StatusCode::OK, "{report}");

    let mut latin1 = plain.clone();
    latin1.extend(b"\xe9t\xe9\n");
    let mut long = rows.clone();
    long.extend(std::iter::repeat_n(row(&round, Bristol, "x"), 3));
    let corrupt = b"PK\x03\x04 not really a workbook".to_vec();
    let mut protected = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    protected.extend([0u8; 504]);
    let formula = workbook(&rows, |s| {
        s.write_formula(1, 4, "=1+1").expect("formula");
    });
    let merged = workbook(&rows, |s| {
        s.merge_range(2, 0, 2, 2, "merged", &rust_xlsxwriter::Format::new())
            .expect("merge");
    });
    let cases: Vec<(Vec<u8>, &str, StatusCode, &str)> = vec![
        (
            latin1,
            "text/csv",
            StatusCode::BAD_REQUEST,
            "the file is not UTF-8 text (line 3",
        ),
        (
            csv(&long),
            "text/csv",
            StatusCode::BAD_REQUEST,
            "at most 3 are accepted at once (IMPORT_MAX_ROWS)",
        ),
        (
            vec![b'a'; 20001],
            "text/csv",
            StatusCode::PAYLOAD_TOO_LARGE,
            "IMPORT_MAX_BYTES",
        ),
        (
            corrupt,
            XLSX_MEDIA_TYPE,
            StatusCode::BAD_REQUEST,
            "the workbook could not be read",
        ),
        (
            protected,
            XLSX_MEDIA_TYPE,
            StatusCode::BAD_REQUEST,
            "the workbook is password-protected",
        ),
        (
            formula,
            XLSX_MEDIA_TYPE,
            StatusCode::BAD_REQUEST,
            "cell E2 of sheet `Sheet1` holds a formula (=1+1)",
        ),
        (
            merged,
            XLSX_MEDIA_TYPE,
            StatusCode::BAD_REQUEST,
            "cells A3:C3 of sheet `Sheet1` are merged",
        ),
        (
            plain.clone(),
            "application/json",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the file as `text/csv`",
        ),
        (
            csv(&rows),
            XLSX_MEDIA_TYPE,
            StatusCode::BAD_REQUEST,
            "the workbook could not be read",
        ),
    ];
    for (body, media_type, status, message) in cases {
        let (got, answer) = post_file(&app, Some(&token), S11, body, media_type).await;
        assert_eq!(got, status, "{message}: {answer}");
        let text = answer["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(text.contains(message), "expected `{message}` in {answer}");
    }

    // Headers: an unknown column and a missing one, each named at row 1.
    let mut wrong = rows.clone();
    wrong[0][0] = "rund".into();
    let (status, report) = post_file(&app, Some(&token), S11, csv(&wrong), "text/csv").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{report}");
    let problems = report["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 2, "{report}");
    assert!(problems.iter().all(|p| p["row"] == 1));
    assert_eq!(problems[0]["column"], "rund");
    assert!(problems[0]["message"]
        .as_str()
        .unwrap_or_default()
        .starts_with("unknown column `rund`"));
    assert_eq!(problems[1]["message"], "the header has no `round` column");

    // Without a token.
    let (status, body) = post_file(&app, None, S11, plain, "text/csv").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
}

/// 1,000 Section 11 returns with every grade, evidence and an action, from
/// CSV, committed in one request; see docs/performance.md. Run with
/// `cargo test --release --test api import::benchmark -- --ignored --nocapture`.
#[tokio::test]
#[ignore = "a measurement, not a check: run it on its own"]
async fn benchmark_importing_1000_section_11_returns_from_csv() {
    let app = TestApp::spawn().await;
    let (round, agencies) = round_with(&app, &[Bristol], 1000).await;
    let token = manager(&app, Bristol);
    let mut rows = vec![header()];
    rows.extend(agencies[0].iter().map(|a| row(&round, Bristol, a)));
    let body = csv(&rows);
    let size = body.len();
    let started = std::time::Instant::now();
    let (status, report) = post_file(&app, Some(&token), S11_COMMIT, body, "text/csv").await;
    let elapsed = started.elapsed();
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["created"], 1000);
    println!(
        "imported 1000 Section 11 returns (24 grades with evidence and 1 action each; {size} bytes of CSV) in {:.2} s",
        elapsed.as_secs_f64()
    );
}

#[tokio::test]
async fn json_requests_keep_their_own_limit_and_may_be_compressed_beside_uploads() {
    use std::io::Write;
    let app = TestApp::spawn_with(Options {
        env: vec![("MAX_BODY_BYTES", "4096".into())],
        ..Default::default()
    })
    .await;
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gzip.write_all(
        json!({ "query": "{ partnerships { code } }" })
            .to_string()
            .as_bytes(),
    )
    .expect("gzip");
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("content-type", "application/json")
        .header("content-encoding", "gzip")
        .body(gzip.finish().expect("gzip"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(
        body["data"]["partnerships"].as_array().map(Vec::len),
        Some(5)
    );

    let padding = " ".repeat(5000);
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("content-type", "application/json")
        .body(format!(
            "{{\"query\": \"{{ partnerships {{ code }} }}\"{padding}}}"
        ))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = response.json().await.expect("JSON");
    assert!(body["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("4096 bytes accepted (MAX_BODY_BYTES)"));
}
