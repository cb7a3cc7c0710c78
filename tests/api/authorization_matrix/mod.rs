//! The authorization matrix: each role × each root operation × own partnership
//! vs another, asserting what the caller gets. Each domain lists its rows in
//! its own file here; adding an operation is adding rows there.
mod agreements;
mod benchmark;
mod cdop;
mod import;
mod lado;
mod nodes;
mod practice_reviews;
mod reference;
mod scrutiny;
mod section11;

use std::collections::HashMap;

use entity::PartnershipCode;
use hub::auth::role::Role;
use hub::auth::token::TokenRequest;
use serde_json::Value;

use crate::helpers::{first_error_code, TestApp};

/// What a caller should get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Data, with at least one item where the operation lists.
    Allowed,
    /// Allowed, but the scope leaves nothing to see (or a single record
    /// reached by id is absent: `NOT_FOUND` counts as Empty too).
    Empty,
    /// Refused with this code.
    Denied(&'static str),
}

/// Whose data the row touches, relative to the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Own,
    Other,
}

/// The caller's own partnership in every row; "another" is North Somerset.
pub const OWN: PartnershipCode = PartnershipCode::Bristol;
pub const OTHER: PartnershipCode = PartnershipCode::NorthSomerset;

/// Ids and values the seeds created, for rows to refer to: a seed stores
/// e.g. `"own_draft_return"` and a row's variables read it back.
pub type Fixtures = HashMap<&'static str, Value>;

/// The agency an `agency_lead` token names, when a seed registered one
/// (`fixtures["own_agency"]`).
pub const AGENCY_KEY: &str = "own_agency";

pub struct Operation {
    pub name: &'static str,
    pub query: &'static str,
    /// Variables for a target partnership and a row number (unique per row,
    /// so rows that write never collide with each other; every operation has
    /// 14 rows, so `row % 14 / 2` is the role's index in `Role::ALL`).
    pub variables: fn(&Fixtures, PartnershipCode, usize) -> Value,
    /// How many items the answer holds, to tell Allowed from Empty.
    pub count: fn(&Value) -> usize,
    pub expect: fn(Role, Target) -> Expect,
}

pub fn list_len(v: &Value) -> usize {
    v.as_array().map(Vec::len).unwrap_or(0)
}

pub fn present(v: &Value) -> usize {
    usize::from(!v.is_null())
}

pub fn public(_: Role, _: Target) -> Expect {
    Expect::Allowed
}

/// Only a regional admin; everyone else is refused.
pub fn admin_only(role: Role, _: Target) -> Expect {
    match role {
        Role::RegionalAdmin => Expect::Allowed,
        Role::Anonymous => Expect::Denied("UNAUTHENTICATED"),
        _ => Expect::Denied("FORBIDDEN"),
    }
}

fn token_for(app: &TestApp, role: Role, fixtures: &Fixtures) -> Option<String> {
    match role {
        Role::Anonymous => None,
        Role::AgencyLead => Some(
            app.token_with(&TokenRequest {
                agency: Some(
                    fixtures
                        .get(AGENCY_KEY)
                        .and_then(Value::as_str)
                        .unwrap_or("matrix-agency")
                        .to_string(),
                ),
                ..TokenRequest::new(role, &[OWN])
            }),
        ),
        _ => Some(app.token(role, &[OWN])),
    }
}

#[tokio::test]
async fn every_role_gets_exactly_what_its_scope_allows() {
    // One app for the whole matrix: rows that write use variables unique to
    // the row, and no read row depends on what a write row leaves behind.
    let app = TestApp::with_demo().await;
    let mut fixtures = Fixtures::new();
    reference::seed(&app, &mut fixtures).await;
    agreements::seed(&app, &mut fixtures).await;
    section11::seed(&app, &mut fixtures).await;
    scrutiny::seed(&app, &mut fixtures).await;
    cdop::seed(&app, &mut fixtures).await;
    lado::seed(&app, &mut fixtures).await;
    benchmark::seed(&app, &mut fixtures).await;
    nodes::seed(&app, &mut fixtures).await;
    practice_reviews::seed(&app, &mut fixtures).await;
    let mut operations: Vec<Operation> = reference::operations();
    operations.extend(agreements::operations());
    operations.extend(section11::operations());
    operations.extend(scrutiny::operations());
    operations.extend(cdop::operations());
    operations.extend(lado::operations());
    operations.extend(benchmark::operations());
    operations.extend(nodes::operations());
    operations.extend(practice_reviews::operations());
    run(&app, &fixtures, &operations).await;
}

/// Runs every row of `operations` for every role, on the caller's own
/// partnership and on another, and fails listing every row that differs.
pub async fn run(app: &TestApp, fixtures: &Fixtures, operations: &[Operation]) {
    let mut failures = Vec::new();
    let mut rows = 0;
    for op in operations {
        for role in Role::ALL {
            for target in [Target::Own, Target::Other] {
                let partnership = match target {
                    Target::Own => OWN,
                    Target::Other => OTHER,
                };
                let expected = (op.expect)(role, target);
                let token = token_for(app, role, fixtures);
                let (_, body) = app
                    .post_graphql(
                        token.as_deref(),
                        op.query,
                        (op.variables)(fixtures, partnership, rows),
                    )
                    .await;
                rows += 1;
                let got = match first_error_code(&body).as_deref() {
                    Some("NOT_FOUND") => Expect::Empty,
                    Some(code) => match expected {
                        Expect::Denied(c) if c == code => expected,
                        _ => {
                            failures.push(format!(
                                "{} as {role} on {target:?}: expected {expected:?}, got error {code}: {body}",
                                op.name
                            ));
                            continue;
                        }
                    },
                    None if (op.count)(&body["data"]) > 0 => Expect::Allowed,
                    None => Expect::Empty,
                };
                if got != expected {
                    failures.push(format!(
                        "{} as {role} on {target:?}: expected {expected:?}, got {got:?}: {body}",
                        op.name
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {rows} matrix rows failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(rows, operations.len() * Role::ALL.len() * 2);
}
