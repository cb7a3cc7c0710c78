//! Matrix rows for sharing agreements.
use entity::PartnershipCode;
use hub::auth::role::Role;
use serde_json::{json, Value};

use super::{list_len, present, public, Expect, Fixtures, Operation, Target, OTHER, OWN};
use crate::helpers::TestApp;

const PROPOSE: &str = r#"mutation($provider: PartnershipCode!, $to: PartnershipCode!) {
  proposeSharingAgreement(input: { title: "matrix", provider: $provider, recipients: [{partnership: $to}],
    dataset: SCRUTINY, level: EXACT_AGGREGATES, purpose: "matrix", startDate: "2025-01-01" }) { id } }"#;

/// A provider none of the "own" fixtures involve, for rows about another
/// partnership's agreements.
const UNRELATED: PartnershipCode = PartnershipCode::Somerset;

async fn proposal(app: &TestApp, provider: PartnershipCode, to: PartnershipCode) -> Value {
    let admin = app.token(Role::RegionalAdmin, &[]);
    app.ok(
        Some(&admin),
        PROPOSE,
        json!({ "provider": provider, "to": to }),
    )
    .await["proposeSharingAgreement"]["id"]
        .clone()
}

/// `own_agreement`: Bristol shares with North Somerset (Bristol is a party).
/// `other_agreement`: Somerset shares with South Gloucestershire (Bristol is not a party).
/// `signable`: Bristol and North Somerset, for the sign rows.
/// `revocable_own` / `revocable_other`: one agreement per role, so each revoke row has its own.
pub async fn seed(app: &TestApp, fixtures: &mut Fixtures) {
    fixtures.insert("own_agreement", proposal(app, OWN, OTHER).await);
    fixtures.insert(
        "other_agreement",
        proposal(app, UNRELATED, PartnershipCode::SouthGloucestershire).await,
    );
    fixtures.insert("signable", proposal(app, OTHER, OWN).await);
    let mut own = Vec::new();
    let mut other = Vec::new();
    for _ in Role::ALL {
        own.push(proposal(app, OTHER, OWN).await);
        other.push(proposal(app, UNRELATED, PartnershipCode::SouthGloucestershire).await);
    }
    fixtures.insert("revocable_own", Value::Array(own));
    fixtures.insert("revocable_other", Value::Array(other));
}

fn pick(f: &Fixtures, p: PartnershipCode, own: &str, other: &str) -> Value {
    f[if p == OWN { own } else { other }].clone()
}

fn visible(role: Role, target: Target) -> Expect {
    match (role, target) {
        (Role::Anonymous, _) => Expect::Denied("UNAUTHENTICATED"),
        (Role::RegionalAdmin, _) => Expect::Allowed,
        (Role::Analyst, _) => Expect::Empty,
        (_, Target::Own) => Expect::Allowed,
        (_, Target::Other) => Expect::Empty,
    }
}

pub fn operations() -> Vec<Operation> {
    vec![
        Operation {
            name: "sharingAgreements",
            query: "query($p: PartnershipCode) { sharingAgreements(filter: {provider: $p}) { edges { node { id } } } }",
            variables: |_, p, _| json!({ "p": if p == OWN { OWN } else { UNRELATED } }),
            count: |d| list_len(&d["sharingAgreements"]["edges"]),
            expect: visible,
        },
        Operation {
            name: "sharingAgreement",
            query: "query($id: ID!) { sharingAgreement(id: $id) { id recipients { kind } signatures { partnership } history { action } } }",
            variables: |f, p, _| json!({ "id": pick(f, p, "own_agreement", "other_agreement") }),
            count: |d| present(&d["sharingAgreement"]),
            expect: visible,
        },
        Operation {
            name: "myAccess",
            query: "{ myAccess { partnership dataset level } }",
            variables: |_, _, _| json!({}),
            count: |d| list_len(&d["myAccess"]),
            expect: public,
        },
        Operation {
            name: "proposeSharingAgreement",
            query: PROPOSE,
            variables: |_, p, _| json!({ "provider": p, "to": PartnershipCode::Somerset }),
            count: |d| present(&d["proposeSharingAgreement"]),
            expect: |role, target| match (role, target) {
                (Role::RegionalAdmin, _) | (Role::PartnershipManager, Target::Own) => Expect::Allowed,
                (Role::Anonymous, _) => Expect::Denied("UNAUTHENTICATED"),
                _ => Expect::Denied("FORBIDDEN"),
            },
        },
        Operation {
            name: "signSharingAgreement",
            query: "mutation($id: ID!, $p: PartnershipCode!) { signSharingAgreement(id: $id, partnership: $p, expectedVersion: 1) { version } }",
            variables: |f, p, _| json!({ "id": f["signable"], "p": p }),
            count: |d| present(&d["signSharingAgreement"]),
            expect: |role, target| match (role, target) {
                (Role::PartnershipManager, Target::Own) => Expect::Allowed,
                (Role::Anonymous, _) => Expect::Denied("UNAUTHENTICATED"),
                _ => Expect::Denied("FORBIDDEN"),
            },
        },
        Operation {
            name: "revokeSharingAgreement",
            query: r#"mutation($id: ID!) { revokeSharingAgreement(id: $id, reason: "matrix", expectedVersion: 1) { status } }"#,
            variables: |f, p, row| {
                let role_index = (row % 14) / 2;
                json!({ "id": pick(f, p, "revocable_own", "revocable_other")[role_index] })
            },
            count: |d| present(&d["revokeSharingAgreement"]),
            expect: |role, target| match (role, target) {
                (Role::RegionalAdmin, _) | (Role::PartnershipManager, Target::Own) => Expect::Allowed,
                (Role::PartnershipManager, Target::Other) => Expect::Empty,
                (Role::Anonymous, _) => Expect::Denied("UNAUTHENTICATED"),
                _ => Expect::Denied("FORBIDDEN"),
            },
        },
    ]
}
