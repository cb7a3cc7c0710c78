//! Relay cursor connections, as a client pages them: forwards with
//! `first`/`after`, backwards with `last`/`before`, through every list of
//! the schema; cursors that hold their place when rows come and go.
use entity::{section11_agency, section11_agency_partnership};
use hub::auth::role::Role;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};

use crate::helpers::TestApp;

/// Every connection of the schema, with a filter argument where it needs one.
const CONNECTIONS: [&str; 9] = [
    "auditEvents",
    "sharingAgreements",
    "section11Rounds",
    "agencies",
    "section11Returns",
    "scrutineers",
    "scrutinyActivities",
    "recommendations",
    "cdopReturns",
];

fn page_query(list: &str) -> String {
    format!(
        r#"query($first: Int, $after: String, $last: Int, $before: String) {{
          list: {list}(first: $first, after: $after, last: $last, before: $before) {{
            totalCount
            pageInfo {{ hasPreviousPage hasNextPage startCursor endCursor }}
            edges {{ cursor node {{ id }} }}
          }} }}"#
    )
}

struct Fetched {
    ids: Vec<String>,
    page: Value,
}

async fn fetch(app: &TestApp, token: &str, list: &str, args: Value) -> Fetched {
    let data = app.ok(Some(token), &page_query(list), args).await;
    let page = data["list"].clone();
    let ids = page["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["node"]["id"].as_str().expect("id").to_string())
        .collect();
    Fetched { ids, page }
}

fn flag(page: &Value, name: &str) -> bool {
    page["pageInfo"][name].as_bool().expect("pageInfo flag")
}

/// Registers agencies (which also writes audit events, so the audit log has
/// pages to turn); their global ids.
async fn register_agencies(app: &TestApp, token: &str, names: &[&str]) -> Vec<String> {
    let mut ids = Vec::new();
    for name in names {
        let data = app
            .ok(
                Some(token),
                r#"mutation($name: String!) {
                  registerAgency(input: {name: $name, sector: HEALTH, partnerships: [BRISTOL]}) { id } }"#,
                json!({ "name": name }),
            )
            .await;
        ids.push(
            data["registerAgency"]["id"]
                .as_str()
                .expect("id")
                .to_string(),
        );
    }
    ids
}

/// The agency's own key, for the database.
async fn database_id(app: &TestApp, token: &str, id: &str) -> String {
    let data = app
        .ok(
            Some(token),
            "query($id: ID!) { node(id: $id) { ... on Agency { databaseId } } }",
            json!({ "id": id }),
        )
        .await;
    data["node"]["databaseId"]
        .as_str()
        .expect("databaseId")
        .to_string()
}

#[tokio::test]
async fn every_connection_pages_the_same_rows_forwards_and_backwards() {
    let app = TestApp::with_demo().await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    register_agencies(
        &app,
        &admin,
        &[
            "Paging trust 1",
            "Paging trust 2",
            "Paging trust 3",
            "Paging trust 4",
            "Paging trust 5",
        ],
    )
    .await;
    for list in CONNECTIONS {
        // The whole list, in pages of 100.
        let mut all = fetch(&app, &admin, list, json!({ "first": 100 })).await;
        while flag(&all.page, "hasNextPage") {
            let after = all.page["pageInfo"]["endCursor"].clone();
            let more = fetch(&app, &admin, list, json!({ "first": 100, "after": after })).await;
            all.ids.extend(more.ids);
            all.page = more.page;
        }
        let total = all.page["totalCount"].as_u64().expect("totalCount") as usize;
        // Pages of one where the list is short, of two, or of a quarter
        // where it is long.
        let size = match total {
            0..=4 => 1,
            5..=40 => 2,
            _ => total / 4,
        };
        assert!(
            all.ids.len() > 2 * size && all.ids.len() == total,
            "{list}: the demo data must fill more than two pages: {} of {total}",
            all.ids.len()
        );

        // Forwards, page by page.
        let mut forwards = Vec::new();
        let mut after = Value::Null;
        let mut pages = 0;
        loop {
            let got = fetch(&app, &admin, list, json!({ "first": size, "after": after })).await;
            assert_eq!(got.page["totalCount"], total, "{list}");
            assert_eq!(
                flag(&got.page, "hasPreviousPage"),
                pages > 0,
                "{list} forwards page {pages}"
            );
            let more = flag(&got.page, "hasNextPage");
            assert_eq!(
                more,
                forwards.len() + got.ids.len() < total,
                "{list} forwards page {pages}"
            );
            assert_eq!(
                got.page["pageInfo"]["startCursor"],
                got.page["edges"][0]["cursor"]
            );
            forwards.extend(got.ids);
            after = got.page["pageInfo"]["endCursor"].clone();
            pages += 1;
            if !more {
                break;
            }
        }
        assert_eq!(forwards, all.ids, "{list}: forwards");

        // Past the end: an empty page, with everything before it.
        let past = fetch(&app, &admin, list, json!({ "first": size, "after": after })).await;
        assert!(past.ids.is_empty(), "{list}");
        assert!(
            flag(&past.page, "hasPreviousPage") && !flag(&past.page, "hasNextPage"),
            "{list}"
        );

        // Backwards from the end, page by page.
        let mut backwards: Vec<String> = Vec::new();
        let mut before = Value::Null;
        let mut pages = 0;
        loop {
            let got = fetch(
                &app,
                &admin,
                list,
                json!({ "last": size, "before": before }),
            )
            .await;
            assert_eq!(
                flag(&got.page, "hasNextPage"),
                pages > 0,
                "{list} backwards page {pages}"
            );
            let more = flag(&got.page, "hasPreviousPage");
            assert_eq!(
                more,
                backwards.len() + got.ids.len() < total,
                "{list} backwards page {pages}"
            );
            assert!(
                got.ids.len() == size || !more,
                "{list}: a short page only at the start"
            );
            let mut ids = got.ids;
            ids.extend(backwards);
            backwards = ids;
            before = got.page["pageInfo"]["startCursor"].clone();
            pages += 1;
            if !more {
                break;
            }
        }
        assert_eq!(backwards, all.ids, "{list}: backwards");

        // A cursor from the middle pages both ways from the same place.
        let middle = fetch(&app, &admin, list, json!({ "first": size + 1 })).await;
        let cursor = middle.page["edges"][size]["cursor"].clone();
        let back = fetch(
            &app,
            &admin,
            list,
            json!({ "last": size, "before": cursor }),
        )
        .await;
        assert_eq!(back.ids, all.ids[..size], "{list}: before the middle");
        assert!(
            !flag(&back.page, "hasPreviousPage") && flag(&back.page, "hasNextPage"),
            "{list}"
        );
        let on = fetch(
            &app,
            &admin,
            list,
            json!({ "first": size, "after": cursor }),
        )
        .await;
        assert_eq!(
            on.ids,
            all.ids[size + 1..2 * size + 1],
            "{list}: after the middle"
        );

        // Between two cursors, either way: the rows strictly between them,
        // with rows beyond on both sides (an empty window included).
        let low = middle.page["edges"][0]["cursor"].clone();
        let next = middle.page["edges"][1]["cursor"].clone();
        for (high, upto) in [(next, 1), (cursor, size)] {
            for args in [
                json!({ "first": 100, "after": low, "before": high }),
                json!({ "last": 100, "after": low, "before": high }),
            ] {
                let window = fetch(&app, &admin, list, args.clone()).await;
                assert_eq!(window.ids, all.ids[1..upto], "{list} {args}");
                assert!(flag(&window.page, "hasPreviousPage"), "{list} {args}");
                assert!(flag(&window.page, "hasNextPage"), "{list} {args}");
            }
        }
    }
}

#[tokio::test]
async fn a_row_inserted_or_deleted_between_two_fetches_neither_repeats_nor_skips() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    // Agencies are listed by name.
    let ids = register_agencies(
        &app,
        &admin,
        &["B agency", "D agency", "F agency", "H agency"],
    )
    .await;
    let first = fetch(&app, &admin, "agencies", json!({ "first": 2 })).await;
    assert_eq!(first.ids, ids[..2]);

    // One sorting before the page just read, one after it; and the page's
    // last row deleted.
    let inserted = register_agencies(&app, &admin, &["A agency", "E agency"]).await;
    let deleted = database_id(&app, &admin, &ids[1]).await;
    section11_agency_partnership::Entity::delete_many()
        .filter(section11_agency_partnership::Column::AgencyId.eq(deleted.as_str()))
        .exec(&app.db)
        .await
        .expect("delete links");
    let gone = section11_agency::Entity::delete_by_id(deleted)
        .exec(&app.db)
        .await
        .expect("delete");
    assert_eq!(gone.rows_affected, 1);
    let next = fetch(
        &app,
        &admin,
        "agencies",
        json!({ "first": 2, "after": first.page["pageInfo"]["endCursor"] }),
    )
    .await;
    assert_eq!(
        next.ids,
        vec![inserted[1].clone(), ids[2].clone()],
        "E then F, nothing again"
    );
    assert_eq!(next.page["totalCount"], 5);
    assert!(flag(&next.page, "hasPreviousPage") && flag(&next.page, "hasNextPage"));

    // Backwards the same: a row inserted after the page read is not read again.
    let last = fetch(&app, &admin, "agencies", json!({ "last": 2 })).await;
    assert_eq!(last.ids, vec![ids[2].clone(), ids[3].clone()]);
    register_agencies(&app, &admin, &["G agency", "Z agency"]).await;
    let earlier = fetch(
        &app,
        &admin,
        "agencies",
        json!({ "last": 2, "before": last.page["pageInfo"]["startCursor"] }),
    )
    .await;
    assert_eq!(
        earlier.ids,
        vec![ids[0].clone(), inserted[1].clone()],
        "B then E"
    );
    assert!(flag(&earlier.page, "hasPreviousPage") && flag(&earlier.page, "hasNextPage"));
}

#[tokio::test]
async fn page_arguments_are_refused_naming_the_one_at_fault() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::RegionalAdmin, &[]);
    let cases = [
        (json!({ "first": 2, "last": 2 }), "last"),
        (json!({ "first": 101 }), "first"),
        (json!({ "last": 0 }), "last"),
        (json!({ "after": "cG9zOjE" }), "after"),
        (json!({ "before": "not a cursor" }), "before"),
    ];
    for list in CONNECTIONS {
        for (args, field) in &cases {
            let (_, body) = app
                .post_graphql(Some(&admin), &page_query(list), args.clone())
                .await;
            let error = &body["errors"][0];
            assert_eq!(
                error["extensions"]["code"], "BAD_USER_INPUT",
                "{list} {args}: {body}"
            );
            assert_eq!(
                error["extensions"]["field"], *field,
                "{list} {args}: {body}"
            );
        }
    }
}
