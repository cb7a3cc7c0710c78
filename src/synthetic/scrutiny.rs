//! Synthetic independent scrutiny: a scrutineer per partnership and a
//! regional one, each year a regional peer review workshop and the requested
//! number of activities per partnership on the migrated themes, with findings
//! and recommendations whose status follows their age (old ones mostly
//! closed, some still open and overdue; recent ones open or in progress).
use chrono::{DateTime, NaiveDate, Utc};
use entity::scrutiny_enums::{
    ActivityKind, FindingKind, RecommendationEventKind as EventKind,
    RecommendationStatus as Status, ThemeScope,
};
use entity::{
    scrutiny_activity as activity, scrutiny_activity_partnership as covered,
    scrutiny_activity_theme as activity_theme, scrutiny_appointment as appointment,
    scrutiny_finding as finding, scrutiny_recommendation as recommendation,
    scrutiny_recommendation_event as event, scrutiny_scrutineer as scrutineer, scrutiny_theme,
    PartnershipCode as P,
};
use sea_orm::{EntityTrait, QueryOrder, Set};

use super::insert::Writer;
use super::rng::Synth;
use super::years::FinancialYear;
use super::{abbreviation, Plan, ACTOR};
use crate::error::StartupError;

const KINDS: [(ActivityKind, u32, &str); 7] = [
    (ActivityKind::MultiAgencyAudit, 25, "Multi-agency audit"),
    (ActivityKind::Report, 20, "Scrutiny report"),
    (ActivityKind::InsightVisit, 20, "Insight visit"),
    (ActivityKind::ExecutiveMeeting, 15, "Executive challenge"),
    (ActivityKind::YouthForum, 10, "Youth forum"),
    (ActivityKind::PeerReviewWorkshop, 5, "Peer review workshop"),
    (ActivityKind::Other, 5, "Scrutiny activity"),
];

const STRENGTHS: [&str; 4] = [
    "Practitioners know the local pathway and use it",
    "Leaders have a shared understanding of the risks",
    "Children's views shaped the service changes",
    "Multi-agency meetings are well attended and purposeful",
];

const IMPROVEMENTS: [&str; 4] = [
    "Information sharing between agencies is inconsistent",
    "Escalation is not always used when plans drift",
    "Records do not always show the child's lived experience",
    "Thresholds are applied differently across teams",
];

const CHALLENGES: [&str; 3] = [
    "How do partners know the training has changed practice?",
    "What assurance does the executive have about out-of-hours decisions?",
    "Why has the audit action plan not been reviewed since it was agreed?",
];

const RECOMMENDATIONS: [&str; 5] = [
    "Agree a shared multi-agency approach and report progress to the executive",
    "Audit a sample of cases again in six months",
    "Brief frontline staff on the escalation policy",
    "Set up a data set the executive reviews every quarter",
    "Involve young people in reviewing the pathway",
];

const RESPONSES: [&str; 3] = [
    "Accepted; an action plan is in place (synthetic).",
    "Accepted; a task and finish group is leading the work (synthetic).",
    "Accepted; progress will be reported to the next executive (synthetic).",
];

struct Themes {
    regional: Vec<(String, String)>,
    /// Per partnership (in `P::ALL` order): its local themes.
    local: Vec<Vec<(String, String)>>,
}

pub async fn generate(w: &mut Writer<'_>, plan: &Plan) -> Result<(), StartupError> {
    let mut themes = Themes {
        regional: Vec::new(),
        local: vec![Vec::new(); P::ALL.len()],
    };
    for t in scrutiny_theme::Entity::find()
        .order_by_asc(scrutiny_theme::Column::SortOrder)
        .order_by_asc(scrutiny_theme::Column::Code)
        .all(w.txn)
        .await?
    {
        let entry = (t.code, t.name);
        match (t.scope, t.partnership_code) {
            (ThemeScope::Local, Some(p)) => {
                if let Some(i) = P::ALL.iter().position(|x| *x == p) {
                    themes.local[i].push(entry);
                }
            }
            _ => themes.regional.push(entry),
        }
    }
    if themes.regional.is_empty() {
        return Err(StartupError::Other(
            "synthetic data: no regional scrutiny themes; is the database migrated?".into(),
        ));
    }
    let mut rng = Synth::new(plan.seed, "scrutiny");
    let first_day = plan.years.first().map(|y| y.start).unwrap_or_default();
    let mut people = Vec::new();
    let mut posts = Vec::new();
    let mut appoint = |rng: &mut Synth, name: String, partnership: Option<P>| {
        let id = rng.uuid();
        people.push(scrutineer::ActiveModel {
            id: Set(id.clone()),
            name: Set(name),
            source: Set(plan.source.clone()),
            illustrative: Set(true),
        });
        posts.push(appointment::ActiveModel {
            id: Set(rng.uuid()),
            scrutineer_id: Set(id.clone()),
            partnership_code: Set(partnership),
            start_date: Set(Some(first_day)),
            end_date: Set(None),
            source: Set(plan.source.clone()),
            illustrative: Set(true),
        });
        id
    };
    let regional = appoint(&mut rng, "Regional scrutineer (synthetic)".into(), None);
    let local: Vec<String> = P::ALL
        .iter()
        .map(|p| {
            appoint(
                &mut rng,
                format!("Scrutineer for {} (synthetic)", abbreviation(*p)),
                Some(*p),
            )
        })
        .collect();
    w.insert(people).await?;
    w.insert(posts).await?;

    // Scrutiny is small beside Section 11: all years go in one batch per table.
    let mut rows = Rows::default();
    for year in &plan.years {
        let workshop = Activity {
            kind: ActivityKind::PeerReviewWorkshop,
            label: "Regional peer review workshop".into(),
            partnerships: P::ALL.to_vec(),
            scrutineer: regional.clone(),
        };
        rows.activity(&mut rng, plan, year, workshop, &themes.regional);
        for (p, partnership) in P::ALL.iter().enumerate() {
            let mut choices = themes.regional.clone();
            choices.extend(themes.local[p].iter().cloned());
            let weights: Vec<u32> = KINDS.iter().map(|k| k.1).collect();
            for _ in 0..plan.options.scrutiny_activities_per_partnership_year {
                let (kind, _, words) = KINDS[rng.weighted(&weights)];
                let a = Activity {
                    kind,
                    label: format!("{}: {words}", abbreviation(*partnership)),
                    partnerships: vec![*partnership],
                    scrutineer: local[p].clone(),
                };
                rows.activity(&mut rng, plan, year, a, &choices);
            }
        }
    }
    rows.write(w).await
}

struct Activity {
    kind: ActivityKind,
    label: String,
    partnerships: Vec<P>,
    scrutineer: String,
}

#[derive(Default)]
struct Rows {
    activities: Vec<activity::ActiveModel>,
    covered: Vec<covered::ActiveModel>,
    themes: Vec<activity_theme::ActiveModel>,
    findings: Vec<finding::ActiveModel>,
    recommendations: Vec<recommendation::ActiveModel>,
    events: Vec<event::ActiveModel>,
}

impl Rows {
    fn activity(
        &mut self,
        rng: &mut Synth,
        plan: &Plan,
        year: &FinancialYear,
        a: Activity,
        themes: &[(String, String)],
    ) {
        let id = rng.uuid();
        let day = rng.day(year.start, year.end);
        let lag = rng.between(0, 14);
        let recorded = rng.during(Synth::after(day, lag));
        let first = rng.between(0, themes.len() as i64 - 1) as usize;
        let mut chosen = vec![first];
        if themes.len() > 1 && rng.chance(0.2) {
            chosen.push(
                (first + 1 + rng.between(0, themes.len() as i64 - 2) as usize) % themes.len(),
            );
        }
        let theme_names: Vec<&str> = chosen.iter().map(|i| themes[*i].1.as_str()).collect();
        let title = format!(
            "{} on {} (synthetic)",
            a.label,
            theme_names.join(" and ").to_lowercase()
        );
        let published = rng.chance(0.75);
        let reference =
            (a.kind == ActivityKind::Report).then(|| format!("SYN-{}-{}", year.label, &id[..8]));
        self.activities.push(activity::ActiveModel {
            id: Set(id.clone()),
            kind: Set(a.kind),
            activity_date: Set(day),
            title: Set(title),
            summary: Set(format!(
                "{}: an illustrative activity made up for load and benchmark testing.",
                plan.source
            )),
            report_reference: Set(reference),
            scrutineer_id: Set(Some(a.scrutineer)),
            published: Set(published),
            source: Set(plan.source.clone()),
            illustrative: Set(true),
            recorded_by: Set(ACTOR.into()),
            recorded_at: Set(recorded),
            updated_by: Set(ACTOR.into()),
            updated_at: Set(recorded),
            version: Set(1),
        });
        for p in &a.partnerships {
            self.covered.push(covered::ActiveModel {
                activity_id: Set(id.clone()),
                partnership_code: Set(*p),
            });
        }
        for i in &chosen {
            self.themes.push(activity_theme::ActiveModel {
                activity_id: Set(id.clone()),
                theme_code: Set(themes[*i].0.clone()),
            });
        }
        for position in 0..rng.between(1, 4) {
            let (kind, text) = match rng.weighted(&[40, 40, 20]) {
                0 => (FindingKind::Strength, rng.pick(&STRENGTHS)),
                1 => (FindingKind::AreaForImprovement, rng.pick(&IMPROVEMENTS)),
                _ => (FindingKind::Challenge, rng.pick(&CHALLENGES)),
            };
            self.findings.push(finding::ActiveModel {
                id: Set(rng.uuid()),
                activity_id: Set(id.clone()),
                position: Set(position as i32),
                kind: Set(kind),
                text: Set(format!("{text} (synthetic)")),
            });
        }
        for position in 0..rng.weighted(&[20, 35, 30, 15]) {
            let owner = *rng.pick(&a.partnerships);
            self.recommendation(rng, plan, &id, position as i32, day, recorded, owner);
        }
    }

    /// A recommendation and the history that brought it to its status, every
    /// entry on or before the dataset's horizon.
    #[allow(clippy::too_many_arguments)]
    fn recommendation(
        &mut self,
        rng: &mut Synth,
        plan: &Plan,
        activity_id: &str,
        position: i32,
        made: NaiveDate,
        recorded: DateTime<Utc>,
        owner: P,
    ) {
        let id = rng.uuid();
        let due = Synth::after(made, rng.between(60, 365));
        let owner_agency = rng.chance(0.25).then(|| {
            format!(
                "{} {} (synthetic)",
                owner.area_name(),
                rng.pick(&[
                    "children's services",
                    "NHS trust",
                    "police area",
                    "education service"
                ])
            )
        });
        let manager = format!(
            "{ACTOR}:partnership-manager:{}",
            owner.as_str().to_lowercase()
        );
        let room = (plan.horizon - made).num_days();
        let mut history: Vec<Entry> = vec![Entry {
            at: recorded,
            kind: EventKind::Recorded,
            actor: ACTOR.to_string(),
            role: "scrutineer",
            from: None,
            to: Some(Status::Open),
            text: None,
        }];
        let closed_share = (room as f64 / 730.0).min(0.9);
        let target = if room < 30 {
            Status::Open
        } else if rng.chance(closed_share) {
            if rng.chance(0.15) {
                Status::NotAccepted
            } else {
                Status::Completed
            }
        } else if rng.chance(0.55) {
            Status::InProgress
        } else {
            Status::Open
        };
        let mut day = recorded.date_naive();
        let mut step = |rng: &mut Synth, longest: i64| -> DateTime<Utc> {
            let left = (plan.horizon - day).num_days().max(1);
            day = Synth::after(day, rng.between(1, longest.min(left)));
            rng.during(day)
        };
        if target == Status::NotAccepted {
            history.push(Entry {
                at: step(rng, 120),
                kind: EventKind::StatusChange,
                actor: ACTOR.to_string(),
                role: "scrutineer",
                from: Some(Status::Open),
                to: Some(Status::NotAccepted),
                text: Some(
                    "Not accepted: the partnership gave its reasons to the executive (synthetic)."
                        .into(),
                ),
            });
        }
        if matches!(target, Status::InProgress | Status::Completed) {
            history.push(Entry {
                at: step(rng, 60),
                kind: EventKind::Response,
                actor: manager.clone(),
                role: "partnership_manager",
                from: Some(Status::Open),
                to: Some(Status::InProgress),
                text: Some(rng.pick(&RESPONSES).to_string()),
            });
        }
        if target == Status::Completed {
            history.push(Entry {
                at: step(rng, 300),
                kind: EventKind::Response,
                actor: manager,
                role: "partnership_manager",
                from: Some(Status::InProgress),
                to: Some(Status::Completed),
                text: Some("Actions complete and evidenced to the executive (synthetic).".into()),
            });
        }
        // Some recommendations still awaiting action had their due date
        // moved on, so not every open one is overdue.
        let due = if !target.is_closed() && rng.chance(0.4) {
            Synth::after(plan.horizon, rng.between(120, 720))
        } else {
            due
        };
        let updated = history.last().map(|e| e.at).unwrap_or(recorded);
        self.recommendations.push(recommendation::ActiveModel {
            id: Set(id.clone()),
            activity_id: Set(activity_id.to_string()),
            position: Set(position),
            text: Set(format!("{} (synthetic)", rng.pick(&RECOMMENDATIONS))),
            owner_partnership_code: Set(owner),
            owner_agency: Set(owner_agency),
            due_date: Set(due),
            status: Set(target),
            recorded_by: Set(ACTOR.into()),
            recorded_at: Set(recorded),
            updated_at: Set(updated),
            version: Set(history.len() as i32),
        });
        for (i, e) in history.into_iter().enumerate() {
            self.events.push(event::ActiveModel {
                id: Set(rng.uuid()),
                recommendation_id: Set(id.clone()),
                sequence: Set(i as i32 + 1),
                kind: Set(e.kind),
                occurred_at: Set(e.at),
                actor: Set(e.actor),
                actor_role: Set(e.role.to_string()),
                from_status: Set(e.from),
                to_status: Set(e.to),
                text: Set(e.text),
            });
        }
    }

    async fn write(self, w: &mut Writer<'_>) -> Result<(), StartupError> {
        w.insert(self.activities).await?;
        w.insert(self.covered).await?;
        w.insert(self.themes).await?;
        w.insert(self.findings).await?;
        w.insert(self.recommendations).await?;
        w.insert(self.events).await?;
        Ok(())
    }
}

/// One entry of a recommendation's history.
struct Entry {
    at: DateTime<Utc>,
    kind: EventKind,
    actor: String,
    role: &'static str,
    from: Option<Status>,
    to: Option<Status>,
    text: Option<String>,
}
