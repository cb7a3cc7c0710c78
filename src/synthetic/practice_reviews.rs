//! Synthetic practice reviews: rapid reviews per partnership and year in
//! proportion to its size (a handful a year, so disclosure control has small
//! counts to hide), some late against the 15 working days; LCSPRs for some
//! of them, with recommendations and the first entry of each history;
//! learning reviews. No published annual figures: every count comes from
//! the records, as it does for a partnership recording through the hub.
use chrono::{Days, NaiveDate};
use entity::practice_review_enums::RapidReviewDecision;
use entity::scrutiny_enums::{RecommendationEventKind, RecommendationStatus};
use entity::{
    practice_review_lcspr as lcspr, practice_review_learning_review as learning,
    practice_review_rapid_review as rapid, practice_review_recommendation as recommendation,
    practice_review_recommendation_event as event, PartnershipCode as P,
};
use sea_orm::Set;

use super::insert::Writer;
use super::rng::Synth;
use super::{Plan, ACTOR};
use crate::error::StartupError;
use crate::practice_reviews::working_days::add_working_days;

/// Typical rapid reviews a year, per partnership in `P::ALL` order.
const TYPICAL_RAPID: [i64; 5] = [8, 3, 4, 2, 6];

const THEMES: [&str; 6] = [
    "Non-accidental injury",
    "Information sharing",
    "Neglect",
    "Child sexual abuse within the family",
    "Exploitation and missing episodes",
    "Pre-birth assessment",
];

fn themes(rng: &mut Synth) -> serde_json::Value {
    let first = rng.between(0, THEMES.len() as i64 - 1) as usize;
    let mut out = vec![THEMES[first].to_string()];
    if rng.chance(0.5) {
        out.push(THEMES[(first + 1) % THEMES.len()].to_string());
    }
    serde_json::Value::from(out)
}

fn clip(day: NaiveDate, horizon: NaiveDate) -> Option<NaiveDate> {
    (day <= horizon).then_some(day)
}

pub async fn generate(w: &mut Writer<'_>, plan: &Plan) -> Result<(), StartupError> {
    let mut rng = Synth::new(plan.seed, "practice_reviews");
    let (mut rapids, mut lcsprs, mut learnings, mut recs, mut events) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for year in &plan.years {
        for (p, partnership) in P::ALL.iter().enumerate() {
            let typical = TYPICAL_RAPID[p];
            let n = rng.between((typical - 2).max(0), typical + 2);
            for i in 0..n {
                let known = rng.day(year.start, year.end - Days::new(20));
                let notified = known + Days::new(rng.between(1, 5) as u64);
                // Most within 15 working days; some late.
                let days = if rng.chance(0.8) {
                    rng.between(10, 15)
                } else {
                    rng.between(16, 25)
                };
                let completed = add_working_days(known, days as u32)
                    .unwrap_or(known + Days::new(days as u64 * 7 / 5));
                let completed = clip(completed, plan.horizon);
                let decision = match rng.weighted(&[70, 25, 5]) {
                    0 => RapidReviewDecision::NoFurtherReview,
                    1 => RapidReviewDecision::Lcspr,
                    _ => RapidReviewDecision::NationalReview,
                };
                let id = rng.uuid();
                let now = rng.during(completed.unwrap_or(notified));
                rapids.push(rapid::ActiveModel {
                    id: Set(id.clone()),
                    partnership_code: Set(*partnership),
                    reference: Set(format!(
                        "{}-RR-{}-{:02}",
                        partnership.as_str(),
                        year.label,
                        i + 1
                    )),
                    incident_known: Set(known),
                    notified: Set(notified),
                    completed: Set(completed),
                    sent_to_panel: Set(completed),
                    decision: Set(completed.map(|_| decision)),
                    panel_response: Set(None),
                    themes: Set(themes(&mut rng)),
                    source: Set(plan.source.clone()),
                    illustrative: Set(true),
                    recorded_by: Set(ACTOR.into()),
                    recorded_at: Set(now),
                    updated_by: Set(ACTOR.into()),
                    updated_at: Set(now),
                    version: Set(1),
                });
                let Some(done) = completed.filter(|_| decision == RapidReviewDecision::Lcspr)
                else {
                    continue;
                };
                let commissioned = done + Days::new(rng.between(7, 40) as u64);
                let Some(commissioned) = clip(commissioned, plan.horizon) else {
                    continue;
                };
                let expected = commissioned + Days::new(183);
                let published = clip(
                    commissioned + Days::new(rng.between(150, 330) as u64),
                    plan.horizon,
                );
                let review_id = rng.uuid();
                lcsprs.push(lcspr::ActiveModel {
                    id: Set(review_id.clone()),
                    partnership_code: Set(*partnership),
                    rapid_review_id: Set(Some(id)),
                    title: Set(format!(
                        "{} LCSPR {}-{}",
                        partnership.as_str(),
                        year.label,
                        i + 1
                    )),
                    commissioned: Set(commissioned),
                    independent_reviewer: Set(rng.chance(0.8)),
                    reviewer: Set(None),
                    expected_completion: Set(expected),
                    completed: Set(published.map(|d| d - Days::new(14))),
                    published: Set(published),
                    not_published_reason: Set(None),
                    themes: Set(themes(&mut rng)),
                    source: Set(plan.source.clone()),
                    illustrative: Set(true),
                    recorded_by: Set(ACTOR.into()),
                    recorded_at: Set(now),
                    updated_by: Set(ACTOR.into()),
                    updated_at: Set(now),
                    version: Set(1),
                });
                for position in 0..rng.between(2, 6) {
                    let rec_id = rng.uuid();
                    recs.push(recommendation::ActiveModel {
                        id: Set(rec_id.clone()),
                        lcspr_id: Set(review_id.clone()),
                        position: Set(position as i32),
                        text: Set(format!("Recommendation {} of the review", position + 1)),
                        owner_partnership_code: Set(*partnership),
                        owner_agency: Set(None),
                        due_date: Set(expected + Days::new(rng.between(90, 365) as u64)),
                        status: Set(RecommendationStatus::Open),
                        recorded_by: Set(ACTOR.into()),
                        recorded_at: Set(now),
                        updated_at: Set(now),
                        version: Set(1),
                    });
                    events.push(event::ActiveModel {
                        id: Set(rng.uuid()),
                        recommendation_id: Set(rec_id),
                        sequence: Set(1),
                        kind: Set(RecommendationEventKind::Recorded),
                        occurred_at: Set(now),
                        actor: Set(ACTOR.into()),
                        actor_role: Set("regional_admin".into()),
                        from_status: Set(None),
                        to_status: Set(Some(RecommendationStatus::Open)),
                        text: Set(None),
                    });
                }
            }
            for _ in 0..rng.between(0, 3) {
                let completed = rng.day(year.start, year.end);
                learnings.push(learning::ActiveModel {
                    id: Set(rng.uuid()),
                    partnership_code: Set(*partnership),
                    title: Set(format!(
                        "{} learning review {}",
                        partnership.as_str(),
                        year.label
                    )),
                    completed: Set(completed),
                    themes: Set(themes(&mut rng)),
                    source: Set(plan.source.clone()),
                    illustrative: Set(true),
                    recorded_by: Set(ACTOR.into()),
                    recorded_at: Set(rng.during(completed)),
                    updated_by: Set(ACTOR.into()),
                    updated_at: Set(rng.during(completed)),
                    version: Set(1),
                });
            }
        }
    }
    w.insert(rapids).await?;
    w.insert(lcsprs).await?;
    w.insert(recs).await?;
    w.insert(events).await?;
    w.insert(learnings).await?;
    Ok(())
}
