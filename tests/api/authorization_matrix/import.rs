//! Matrix rows for the import mutations. A file travels as a GraphQL upload,
//! which the JSON rows of the other tables cannot carry, so these rows run in
//! a test of their own, over the same roles, targets and expectations. Each
//! row is a dry run of a one-row file: the authorization is the same as a
//! commit's and nothing is written, so the rows stay independent. A refusal
//! of the file's only row counts as that row's code.
use hub::auth::role::Role;
use hub::auth::token::TokenRequest;
use serde_json::{json, Value};

use super::{Expect, Target, OTHER, OWN};
use crate::helpers::{first_error_code, TestApp};
use crate::import::{csv, header, round_with, row, upload};

const SECTION11: &str = r#"mutation($file: Upload!) {
    importSection11Returns(file: $file) { created updated problems { code } } }"#;

const CDOP: &str = r#"mutation($file: Upload!) {
    importCdopReturns(file: $file) { created updated problems { code } } }"#;

fn section11_expect(role: Role, target: Target) -> Expect {
    match (role, target) {
        (Role::RegionalAdmin, _) => Expect::Allowed,
        (Role::PartnershipManager | Role::AgencyLead, Target::Own) => Expect::Allowed,
        (Role::Anonymous, _) => Expect::Denied("UNAUTHENTICATED"),
        _ => Expect::Denied("FORBIDDEN"),
    }
}

/// As submitCdopReturn: a partnership outside the token's scope is a bad input.
fn cdop_expect(role: Role, target: Target) -> Expect {
    match (role, target) {
        (Role::RegionalAdmin, _) => Expect::Allowed,
        (Role::PartnershipManager | Role::CdopOfficer, Target::Own) => Expect::Allowed,
        (Role::PartnershipManager | Role::CdopOfficer, Target::Other) => {
            Expect::Denied("BAD_USER_INPUT")
        }
        (Role::Anonymous, _) => Expect::Denied("UNAUTHENTICATED"),
        _ => Expect::Denied("FORBIDDEN"),
    }
}

fn outcome(body: &Value, field: &str) -> Result<Expect, String> {
    if let Some(code) = first_error_code(body) {
        return Ok(match code.as_str() {
            "UNAUTHENTICATED" => Expect::Denied("UNAUTHENTICATED"),
            "FORBIDDEN" => Expect::Denied("FORBIDDEN"),
            "BAD_USER_INPUT" => Expect::Denied("BAD_USER_INPUT"),
            other => return Err(format!("error {other}")),
        });
    }
    let report = &body["data"][field];
    Ok(match report["problems"][0]["code"].as_str() {
        Some("FORBIDDEN") => Expect::Denied("FORBIDDEN"),
        Some("BAD_USER_INPUT") => Expect::Denied("BAD_USER_INPUT"),
        Some(other) => return Err(format!("problem {other}")),
        None if report["created"].as_u64().unwrap_or(0)
            + report["updated"].as_u64().unwrap_or(0)
            > 0 =>
        {
            Expect::Allowed
        }
        None => Expect::Empty,
    })
}

#[tokio::test]
async fn every_role_imports_exactly_what_the_mutations_let_it_write() {
    let app = TestApp::spawn().await;
    let (round, agencies) = round_with(&app, &[OWN, OTHER], 1).await;
    let own_agency = agencies[0][0].clone();
    let mut failures = Vec::new();
    let mut rows = 0;
    for role in Role::ALL {
        let token = match role {
            Role::Anonymous => None,
            Role::AgencyLead => Some(app.token_with(&TokenRequest {
                agency: Some(own_agency.clone()),
                ..TokenRequest::new(role, &[OWN])
            })),
            _ => Some(app.token(role, &[OWN])),
        };
        for target in [Target::Own, Target::Other] {
            let (partnership, agency) = match target {
                Target::Own => (OWN, &agencies[0][0]),
                Target::Other => (OTHER, &agencies[1][0]),
            };
            let section11 = csv(&[header(), row(&round, partnership, agency)]);
            let cdop = format!(
                "partnership,period,source,deathsNotified\n{partnership},2025-26,matrix row,4\n"
            )
            .into_bytes();
            for (name, query, file, expected) in [
                (
                    "importSection11Returns",
                    SECTION11,
                    section11,
                    section11_expect(role, target),
                ),
                ("importCdopReturns", CDOP, cdop, cdop_expect(role, target)),
            ] {
                rows += 1;
                let (_, body) = upload(
                    &app,
                    token.as_deref(),
                    query,
                    json!({}),
                    ("file.csv", "text/csv", file),
                    true,
                )
                .await;
                match outcome(&body, name) {
                    Ok(got) if got == expected => {}
                    Ok(got) => failures.push(format!(
                        "{name} as {role} on {target:?}: expected {expected:?}, got {got:?}: {body}"
                    )),
                    Err(got) => failures.push(format!(
                        "{name} as {role} on {target:?}: expected {expected:?}, got {got}: {body}"
                    )),
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {rows} import matrix rows failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(rows, Role::ALL.len() * 2 * 2);
}
