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

pub(super) fn visible(role: Role, target: Target) -> Expect {
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

/// Reads the caller's own partnership's CDOP return (target Own) or another's
/// (target Other, mapped per row to the partnership whose agreement is in the
/// state the row tests). Allowed = exact figures; Empty = disclosure-controlled.
const CDOP_EXACTNESS: &str = r#"query($p: PartnershipCode!) { cdopReturn(partnership: $p, period: "2024-25") { disclosureControlled } }"#;

fn exact(d: &Value) -> usize {
    usize::from(d["cdopReturn"]["disclosureControlled"] == Value::Bool(false))
}

/// Own partnership: its staff see exact figures by role. Other: only the
/// regional admin, unless `granted` says a role gets them by agreement.
fn exact_for(role: Role, target: Target, granted: &[Role]) -> Expect {
    let staff = [
        Role::RegionalAdmin,
        Role::PartnershipManager,
        Role::Scrutineer,
        Role::CdopOfficer,
    ];
    match target {
        Target::Own if staff.contains(&role) => Expect::Allowed,
        Target::Other if role == Role::RegionalAdmin || granted.contains(&role) => Expect::Allowed,
        _ => Expect::Empty,
    }
}

fn state_rows() -> Vec<Operation> {
    fn row(
        name: &'static str,
        other: PartnershipCode,
        expect: fn(Role, Target) -> Expect,
    ) -> Operation {
        Operation {
            name,
            query: CDOP_EXACTNESS,
            variables: match other {
                PartnershipCode::NorthSomerset => |_, p, _| json!({ "p": p }),
                PartnershipCode::SouthGloucestershire => {
                    |_, p, _| json!({ "p": if p == OWN { OWN } else { PartnershipCode::SouthGloucestershire } })
                }
                PartnershipCode::BathNeSomerset => {
                    |_, p, _| json!({ "p": if p == OWN { OWN } else { PartnershipCode::BathNeSomerset } })
                }
                _ => {
                    |_, p, _| json!({ "p": if p == OWN { OWN } else { PartnershipCode::Somerset } })
                }
            },
            count: exact,
            expect,
        }
    }
    vec![
        // Signed by both, in force, for Bristol's partnership managers only:
        // Bristol's scrutineer and CDOP officer are recipients outside it.
        row("cdopReturn under an agreement in force", OTHER, |r, t| {
            exact_for(r, t, &[Role::PartnershipManager])
        }),
        row(
            "cdopReturn under an agreement not signed by every party",
            PartnershipCode::SouthGloucestershire,
            |r, t| exact_for(r, t, &[]),
        ),
        row(
            "cdopReturn under an expired agreement",
            PartnershipCode::BathNeSomerset,
            |r, t| exact_for(r, t, &[]),
        ),
        row(
            "cdopReturn under a revoked agreement",
            PartnershipCode::Somerset,
            |r, t| exact_for(r, t, &[]),
        ),
    ]
}

/// The agreement states, on an app of their own so they cannot change what
/// the main matrix's rows see.
#[tokio::test]
async fn agreements_decide_cross_partnership_access_in_every_state() {
    let app = TestApp::with_demo().await;
    let manager = |p: PartnershipCode| app.token(Role::PartnershipManager, &[p]);
    let propose = |provider: PartnershipCode, start: &'static str, end: Option<&'static str>| {
        let admin = app.token(Role::RegionalAdmin, &[]);
        let app = &app;
        async move {
            app.ok(
                Some(&admin),
                r#"mutation($provider: PartnershipCode!, $start: NaiveDate!, $end: NaiveDate) {
                  proposeSharingAgreement(input: { title: "matrix", provider: $provider,
                    recipients: [{partnership: BRISTOL, role: PARTNERSHIP_MANAGER}],
                    dataset: CDOP, level: EXACT_AGGREGATES, purpose: "matrix", startDate: $start, endDate: $end }) { id } }"#,
                json!({ "provider": provider, "start": start, "end": end }),
            )
            .await["proposeSharingAgreement"]["id"]
                .as_str()
                .expect("id")
                .to_string()
        }
    };
    let sign = |id: String, p: PartnershipCode, v: i32| {
        let token = manager(p);
        let app = &app;
        async move {
            app.ok(
                Some(&token),
                "mutation($id: ID!, $p: PartnershipCode!, $v: Int!) { signSharingAgreement(id: $id, partnership: $p, expectedVersion: $v) { version } }",
                json!({ "id": id, "p": p, "v": v }),
            )
            .await;
        }
    };
    let in_force = propose(OTHER, "2024-04-01", None).await;
    sign(in_force.clone(), OTHER, 1).await;
    sign(in_force, OWN, 2).await;
    let half = propose(PartnershipCode::SouthGloucestershire, "2024-04-01", None).await;
    sign(half, PartnershipCode::SouthGloucestershire, 1).await;
    let expired = propose(
        PartnershipCode::BathNeSomerset,
        "2020-04-01",
        Some("2021-03-31"),
    )
    .await;
    sign(expired.clone(), PartnershipCode::BathNeSomerset, 1).await;
    sign(expired, OWN, 2).await;
    let revoked = propose(PartnershipCode::Somerset, "2024-04-01", None).await;
    sign(revoked.clone(), PartnershipCode::Somerset, 1).await;
    sign(revoked.clone(), OWN, 2).await;
    app.ok(
        Some(&manager(PartnershipCode::Somerset)),
        r#"mutation($id: ID!) { revokeSharingAgreement(id: $id, reason: "matrix", expectedVersion: 3) { status } }"#,
        json!({ "id": revoked }),
    )
    .await;
    // Every row's "Empty" must mean disclosure-controlled figures, not a
    // missing return: each return is there for a caller outside the agreement.
    let scrutineer = app.token(Role::Scrutineer, &[OWN]);
    for p in [
        OTHER,
        PartnershipCode::SouthGloucestershire,
        PartnershipCode::BathNeSomerset,
        PartnershipCode::Somerset,
    ] {
        let seen = app
            .ok(Some(&scrutineer), CDOP_EXACTNESS, json!({ "p": p }))
            .await;
        assert_eq!(
            seen["cdopReturn"]["disclosureControlled"], true,
            "{p}: {seen}"
        );
    }
    super::run(&app, &Fixtures::new(), &state_rows()).await;
}
