//! The fixed mix of realistic operations, each a GraphQL request a partner
//! system or a dashboard makes, with the tokens and ids it needs.
use std::sync::Arc;

use entity::section11_enums::{Section11ReturnStatus, Section11RoundMode};
use entity::{cdop_return, section11_return, section11_round, PartnershipCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{json, Value};
use tokio::sync::Mutex;

use hub::auth::token::{mint, TokenRequest};
use hub::auth::{Caller, Role};
use hub::config::JwtConfig;
use hub::error::StartupError;

/// What the operations need from the data: tokens and ids found in it.
pub struct Context {
    pub admin: String,
    pub regional_scrutineer: String,
    pub manager: String,
    pub round_id: String,
    /// The latest period with CDOP returns.
    pub period: String,
    pub period_from: String,
    pub period_to: String,
    /// Draft returns the mutation edits, each with its current version.
    pub drafts: Vec<Arc<Mutex<(String, i32)>>>,
}

impl Context {
    pub async fn discover(url: &str, jwt: &JwtConfig) -> Result<Context, StartupError> {
        let (db, _) = hub::db::connect(url).await?;
        let token = |role: Role, partnerships: &[PartnershipCode]| {
            mint(jwt, &TokenRequest::new(role, partnerships)).map_err(StartupError::Other)
        };
        let period = cdop_return::Entity::find()
            .order_by_desc(cdop_return::Column::PeriodStart)
            .one(&db)
            .await?
            .map(|r| r.period_label)
            .ok_or_else(|| {
                StartupError::Other("no CDOP returns: load the synthetic data".into())
            })?;
        let round = section11_round::Entity::find()
            .filter(section11_round::Column::Mode.eq(Section11RoundMode::SelfAssessment))
            .filter(
                section11_round::Column::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(section11_return::Column::RoundId)
                        .from(section11_return::Entity)
                        .and_where(
                            section11_return::Column::Status.eq(Section11ReturnStatus::Draft),
                        )
                        .to_owned(),
                ),
            )
            .order_by_desc(section11_round::Column::OpensOn)
            .one(&db)
            .await?
            .ok_or_else(|| StartupError::Other("no Section 11 round with drafts".into()))?;
        let drafts = section11_return::Entity::find()
            .filter(section11_return::Column::RoundId.eq(round.id.as_str()))
            .filter(section11_return::Column::Status.eq(Section11ReturnStatus::Draft))
            .order_by_asc(section11_return::Column::Id)
            .limit(64)
            .all(&db)
            .await?;
        if drafts.is_empty() {
            return Err(StartupError::Other("no draft returns to edit".into()));
        }
        let from_year: i32 = period.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2024);
        db.close().await?;
        Ok(Context {
            admin: token(Role::RegionalAdmin, &[])?,
            regional_scrutineer: token(Role::Scrutineer, &PartnershipCode::ALL)?,
            manager: token(Role::PartnershipManager, &[PartnershipCode::Bristol])?,
            round_id: round.id,
            period_from: format!("{from_year}-04-01"),
            period_to: format!("{}-03-31", from_year + 1),
            period,
            drafts: drafts
                .into_iter()
                .map(|d| Arc::new(Mutex::new((d.id, d.version))))
                .collect(),
        })
    }

    /// The caller the service-layer comparison reads as.
    pub fn admin_caller(&self) -> Caller {
        let mut caller = Caller::anonymous();
        caller.identity = Some(hub::auth::caller::Identity {
            subject: "loadbench".into(),
            name: None,
            issuer: hub::config::DEFAULT_ISSUER.into(),
        });
        caller.role = Role::RegionalAdmin;
        caller.partnerships = PartnershipCode::ALL.into_iter().collect();
        caller
    }
}

/// How one request went.
pub enum Outcome {
    Ok,
    Failed(String),
}

enum Kind {
    /// The request body, serialised once.
    Query {
        body: Vec<u8>,
        token: Option<String>,
    },
    UpdateDraft {
        token: String,
        drafts: Vec<Arc<Mutex<(String, i32)>>>,
    },
}

/// One operation of the mix.
pub struct Operation {
    pub name: &'static str,
    /// Its share of the mix.
    pub weight: usize,
    /// Reads are held to the read targets; the mutation is not.
    pub read: bool,
    kind: Kind,
}

const PAGE: &str = r#"query($round: ID!, $first: Int!) { section11Returns(filter: {round: $round}, first: $first) {
  totalCount edges { node { id status overallGrade agency { name sector } grades { standard { number } selfAssessedGrade moderatedGrade } } } } }"#;

const UPDATE: &str = r#"mutation($id: ID!, $v: Int!, $g: Section11Grade!) {
  updateSection11Return(input: {id: $id, expectedVersion: $v, overallGrade: $g}) { version } }"#;

pub const MATRIX_METRICS: [&str; 12] = [
    "s11.return_rate",
    "s11.good_or_better",
    "s11.agencies_with_inadequate",
    "scrutiny.activities",
    "scrutiny.recommendations_open",
    "scrutiny.overdue_share",
    "scrutiny.completed_within_due_date",
    "cdop.notifications",
    "cdop.notifications_per_10k",
    "cdop.reviews_completed",
    "cdop.reviewed_within_12_months",
    "cdop.deaths_under_1_per_10k",
];

/// The LADO metrics, benchmarked as their own matrix so the twelve above
/// stay comparable with earlier runs.
pub const LADO_METRICS: [&str; 4] = [
    "lado.notifications_per_10k",
    "lado.threshold_met_share",
    "lado.category_physical_share",
    "lado.category_emotional_share",
];

/// The mix: what dashboards and partner systems do most, weighted.
pub fn operations(c: &Context) -> Vec<Operation> {
    let query = |name, weight, query: &str, variables: Value, token: Option<&String>| Operation {
        name,
        weight,
        read: true,
        kind: Kind::Query {
            body: json!({ "query": query, "variables": variables })
                .to_string()
                .into_bytes(),
            token: token.cloned(),
        },
    };
    vec![
        query(
            "partnerships",
            4,
            "{ partnerships { code name abbreviation localAuthority { gssCode } cdopPanelMemberships { panel { name } startDate endDate } } }",
            json!({}),
            None,
        ),
        query("section11Returns page of 100", 3, PAGE, json!({ "round": c.round_id, "first": 100 }), Some(&c.admin)),
        query(
            "section11Summary",
            3,
            r#"query($round: ID!) { section11Summary(round: $round, partnership: SOMERSET) { expected received returnRate shareGoodOrBetter agenciesWithInadequateGrading byOverallGrade { grade count } standards { number shareGoodOrBetter } } }"#,
            json!({ "round": c.round_id }),
            Some(&c.manager),
        ),
        query(
            "scrutinyCoverage",
            2,
            r#"query($from: NaiveDate!, $to: NaiveDate!) { scrutinyCoverage(from: $from, to: $to) { rows { theme { code } cells { partnership activities openRecommendations overdueRecommendations } partnershipsCovered } } }"#,
            json!({ "from": c.period_from, "to": c.period_to }),
            Some(&c.regional_scrutineer),
        ),
        query(
            "cdopRegionalSummary",
            2,
            r#"query($p: String!) { cdopRegionalSummary(period: $p) { partnerships { partnership cdopReturn { figures { deathsNotified { value suppressed ratePer10k } } } } region { deathsNotified { value suppressed } } } }"#,
            json!({ "p": c.period }),
            None,
        ),
        query(
            "ladoRegionalSummary",
            1,
            r#"query($p: String!) { ladoRegionalSummary(period: $p) { partnerships { partnership ladoReturn { figures { notifications { value suppressed ratePer10k } byCategory { emotional { value suppressed } } } } } region { notifications { value suppressed } } } }"#,
            json!({ "p": c.period }),
            None,
        ),
        query(
            "practiceReviewFigures",
            2,
            r#"query($p: String!) { practiceReviewFigures(period: $p) { partnership rapidReviews { basis figure { value suppressed ratePer10k } } lcsprsCommissioned { figure { value suppressed } } rapidReviewsWithin15WorkingDays { percent suppressed } } }"#,
            json!({ "p": c.period }),
            None,
        ),
        query(
            "benchmarkMatrix (LADO metrics)",
            1,
            r#"query($ms: [String!]!, $p: String!) { benchmarkMatrix(metrics: $ms, period: $p) { benchmarks { metric { id } regionalMedian rows { partnership value rank quartile flags } } } }"#,
            json!({ "ms": LADO_METRICS, "p": c.period }),
            Some(&c.regional_scrutineer),
        ),
        query(
            "rapidReviews page of 50",
            1,
            "{ rapidReviews(first: 50) { totalCount edges { node { id reference deadline metExpectation decision } } } }",
            json!({}),
            Some(&c.manager),
        ),
        query(
            "lcsprs page of 20 with recommendations",
            1,
            "{ lcsprs(first: 20) { totalCount edges { node { id title publishedOnTime recommendations { status overdue history { kind } } } } } }",
            json!({}),
            Some(&c.manager),
        ),
        query(
            "benchmarkMatrix (12 metrics)",
            2,
            r#"query($ms: [String!]!, $p: String!) { benchmarkMatrix(metrics: $ms, period: $p) { benchmarks { metric { id } regionalMedian rows { partnership value rank quartile flags } } } }"#,
            json!({ "ms": MATRIX_METRICS, "p": c.period }),
            Some(&c.regional_scrutineer),
        ),
        Operation {
            name: "updateSection11Return (draft)",
            weight: 1,
            read: false,
            kind: Kind::UpdateDraft { token: c.admin.clone(), drafts: c.drafts.clone() },
        },
    ]
}

/// The page of 10, for the statements-per-request comparison only.
pub fn page_of(c: &Context, first: i32) -> (String, Value, String) {
    (
        PAGE.to_string(),
        json!({ "round": c.round_id, "first": first }),
        c.admin.clone(),
    )
}

/// What the load generator reads of an answer: whether it has errors, and the
/// updated version after a mutation. The rest (a page of returns is about
/// 200 KB) is skipped by serde's unknown-field path without building it, so the generator, which shares the
/// machine with the server, spends as little of it as it can.
#[derive(serde::Deserialize)]
struct Answer {
    #[serde(default)]
    errors: Option<Value>,
    #[serde(default)]
    data: Option<AnswerData>,
}

#[derive(serde::Deserialize)]
struct AnswerData {
    #[serde(rename = "updateSection11Return", default)]
    update: Option<Updated>,
}

#[derive(serde::Deserialize)]
struct Updated {
    version: i64,
}

async fn post(
    client: &reqwest::Client,
    base: &str,
    token: Option<&str>,
    body: &[u8],
) -> Result<Answer, String> {
    let mut request = client
        .post(format!("{base}/graphql"))
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body.to_vec());
    if let Some(t) = token {
        request = request.bearer_auth(t);
    }
    let response = request.send().await.map_err(|e| e.to_string())?;
    let status = response.status();
    let bytes = response.bytes().await.map_err(|e| e.to_string())?;
    let answer: Answer = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    if !status.is_success() || answer.errors.is_some() {
        return Err(format!(
            "{status}: {}",
            answer.errors.unwrap_or(Value::Null)
        ));
    }
    Ok(answer)
}

impl Operation {
    /// Runs the operation once; `n` varies what it picks (which draft).
    pub async fn run(&self, client: &reqwest::Client, base: &str, n: usize) -> Outcome {
        let result = match &self.kind {
            Kind::Query { body, token } => {
                post(client, base, token.as_deref(), body).await.map(|_| ())
            }
            Kind::UpdateDraft { token, drafts } => {
                // One writer per draft at a time, so versions never collide.
                let mut draft = drafts[n % drafts.len()].lock().await;
                let grade = if n.is_multiple_of(2) {
                    "GOOD"
                } else {
                    "REQUIRES_IMPROVEMENT"
                };
                let vars = json!({ "id": draft.0, "v": draft.1, "g": grade });
                let body = json!({ "query": UPDATE, "variables": vars }).to_string();
                post(client, base, Some(token), body.as_bytes())
                    .await
                    .and_then(|answer| {
                        answer
                            .data
                            .and_then(|d| d.update)
                            .map(|u| draft.1 = u.version as i32)
                            .ok_or_else(|| "no version in the answer".to_string())
                    })
            }
        };
        match result {
            Ok(()) => Outcome::Ok,
            Err(e) => Outcome::Failed(e),
        }
    }
}
