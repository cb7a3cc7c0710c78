//! Practitioner survey results per theme, and the recommendations a round
//! made, for one partnership. Visible to everyone once the partnership has
//! published its part of the round; before that, only to callers with exact
//! access to its Section 11 figures.
use chrono::Utc;
use entity::section11_enums::Section11RoundMode;
use entity::{
    section11_recommendation, section11_round, section11_round_partnership,
    section11_survey_result, PartnershipCode,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::catalogue;
use crate::access::Scope;
use crate::audit::{self, AuditEntry};
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::section11::access::{summary_basis, SummaryBasis, MODERATORS};
use crate::text::TextKind;

/// The most practitioners one survey result may count: several times the
/// whole children's workforce of the five partnerships.
pub const MAX_RESPONDENTS: i32 = 100_000;

/// A partnership's survey results and recommendations for a round.
#[derive(Debug, Clone)]
pub struct SurveyReport {
    pub round: section11_round::Model,
    pub part: section11_round_partnership::Model,
    /// False when the caller may not see them yet: the lists are then empty.
    pub visible: bool,
    pub results: Vec<section11_survey_result::Model>,
    pub recommendations: Vec<section11_recommendation::Model>,
}

/// One theme's result to record.
#[derive(Debug, Clone)]
pub struct ResultInput {
    pub theme: String,
    pub question: Option<String>,
    pub share_positive: Option<f64>,
    pub respondents: Option<i32>,
    pub key_finding: String,
}

/// Survey results and recommendations replacing a partnership's current ones.
#[derive(Debug, Clone)]
pub struct SurveyInput {
    pub round: String,
    pub partnership: PartnershipCode,
    pub expected_version: i32,
    pub source: String,
    pub results: Vec<ResultInput>,
    pub recommendations: Vec<String>,
}

pub async fn report(
    db: &DatabaseConnection,
    scope: &Scope,
    round_id: &str,
    partnership: PartnershipCode,
) -> AppResult<SurveyReport> {
    let round = catalogue::round(db, round_id).await?;
    let part = catalogue::round_partnership(db, &round, partnership, "partnership").await?;
    let visible = summary_basis(scope, partnership) == SummaryBasis::ReceivedReturns
        || part.published_at.is_some();
    load(db, round, part, visible).await
}

async fn load(
    db: &impl ConnectionTrait,
    round: section11_round::Model,
    part: section11_round_partnership::Model,
    visible: bool,
) -> AppResult<SurveyReport> {
    if !visible {
        return Ok(SurveyReport {
            round,
            part,
            visible,
            results: Vec::new(),
            recommendations: Vec::new(),
        });
    }
    let results = section11_survey_result::Entity::find()
        .filter(section11_survey_result::Column::RoundId.eq(round.id.as_str()))
        .filter(section11_survey_result::Column::PartnershipCode.eq(part.partnership_code))
        .order_by_asc(section11_survey_result::Column::SortOrder)
        .all(db)
        .await?;
    let recommendations = section11_recommendation::Entity::find()
        .filter(section11_recommendation::Column::RoundId.eq(round.id.as_str()))
        .filter(section11_recommendation::Column::PartnershipCode.eq(part.partnership_code))
        .order_by_asc(section11_recommendation::Column::Number)
        .all(db)
        .await?;
    Ok(SurveyReport {
        round,
        part,
        visible,
        results,
        recommendations,
    })
}

/// Records a practitioner survey round's results and recommendations for a
/// partnership (a manager of the partnership, or a regional admin), replacing
/// what was recorded before, against the version it was based on.
pub async fn record(
    db: &DatabaseConnection,
    caller: &Caller,
    input: SurveyInput,
) -> AppResult<SurveyReport> {
    let entry = AuditEntry::new("recordSection11SurveyResults")
        .partnership(input.partnership)
        .record("section11_round", &input.round);
    let done = entry.clone();
    audit::write(db, caller, entry, move |txn, caller| {
        Box::pin(async move {
            caller.require_role_in(
                &MODERATORS,
                input.partnership,
                "record Section 11 survey results",
            )?;
            let round = catalogue::round(txn, &input.round).await?;
            if round.mode != Section11RoundMode::PractitionerSurvey {
                return Err(AppError::bad_input(
                    "input.round",
                    "is a self-assessment round: it takes returns, not survey results",
                ));
            }
            let part =
                catalogue::round_partnership(txn, &round, input.partnership, "input.partnership")
                    .await?;
            let source = TextKind::Citation.required("input.source", &input.source)?;
            let mut results = Vec::with_capacity(input.results.len());
            for (i, r) in input.results.iter().enumerate() {
                let field = |f: &str| format!("input.results[{i}].{f}");
                if r.share_positive
                    .is_some_and(|s| !(0.0..=100.0).contains(&s))
                {
                    return Err(AppError::bad_input(
                        field("sharePositive"),
                        "must be a percentage from 0 to 100",
                    ));
                }
                if r.respondents.is_some_and(|n| !(0..=MAX_RESPONDENTS).contains(&n)) {
                    return Err(AppError::bad_input(
                        field("respondents"),
                        format!("must be a count from 0 to {MAX_RESPONDENTS}"),
                    ));
                }
                results.push(section11_survey_result::ActiveModel {
                    round_id: Set(round.id.clone()),
                    partnership_code: Set(input.partnership),
                    theme: Set(TextKind::Name.required(&field("theme"), &r.theme)?),
                    question: Set(TextKind::Long.optional(&field("question"), r.question.as_deref())?),
                    share_positive: Set(r.share_positive),
                    respondents: Set(r.respondents),
                    key_finding: Set(TextKind::Long.required(&field("keyFinding"), &r.key_finding)?),
                    source: Set(source.clone()),
                    illustrative: Set(false),
                    sort_order: Set(i as i32 + 1),
                    ..Default::default()
                });
            }
            let mut recommendations = Vec::with_capacity(input.recommendations.len());
            for (i, text_in) in input.recommendations.iter().enumerate() {
                recommendations.push(section11_recommendation::ActiveModel {
                    round_id: Set(round.id.clone()),
                    partnership_code: Set(input.partnership),
                    number: Set(i as i32 + 1),
                    text: Set(TextKind::Long.required(&format!("input.recommendations[{i}]"), text_in)?),
                    source: Set(source.clone()),
                    illustrative: Set(false),
                    ..Default::default()
                });
            }
            let v = input.expected_version;
            let updated = section11_round_partnership::Entity::update_many()
                .col_expr(section11_round_partnership::Column::Version, (v + 1).into())
                .filter(section11_round_partnership::Column::Id.eq(part.id))
                .filter(section11_round_partnership::Column::Version.eq(v))
                .exec(txn)
                .await?;
            if updated.rows_affected != 1 {
                return Err(AppError::Conflict(format!(
                    "stale version {v}: {}'s part of the round is at version {}",
                    input.partnership, part.version
                )));
            }
            section11_survey_result::Entity::delete_many()
                .filter(section11_survey_result::Column::RoundId.eq(round.id.as_str()))
                .filter(section11_survey_result::Column::PartnershipCode.eq(input.partnership))
                .exec(txn)
                .await?;
            section11_recommendation::Entity::delete_many()
                .filter(section11_recommendation::Column::RoundId.eq(round.id.as_str()))
                .filter(section11_recommendation::Column::PartnershipCode.eq(input.partnership))
                .exec(txn)
                .await?;
            let (n_results, n_recs) = (results.len(), recommendations.len());
            if !results.is_empty() {
                section11_survey_result::Entity::insert_many(results)
                    .exec_without_returning(txn)
                    .await?;
            }
            if !recommendations.is_empty() {
                section11_recommendation::Entity::insert_many(recommendations)
                    .exec_without_returning(txn)
                    .await?;
            }
            let part = section11_round_partnership::Entity::find_by_id(part.id)
                .one(txn)
                .await?
                .ok_or(AppError::Internal)?;
            let report = load(txn, round, part, true).await?;
            let done = done.detail(format!(
                "{n_results} theme result(s), {n_recs} recommendation(s), recorded {}",
                Utc::now().date_naive()
            ));
            Ok((report, done))
        })
    })
    .await
}
