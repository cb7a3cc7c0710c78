//! Synthetic Section 11 data: agencies across the five partnerships, one
//! regional self-assessment round a year on the regional framework, and a
//! return per agency per round graded on every standard and sub-standard.
//!
//! Grades follow a latent score per agency, nudged by partnership, standard
//! and year (arrangements improve slowly), so summaries and the benchmark
//! matrix show differences worth looking at. Past rounds are published, with
//! a few returns validated or submitted after publication; the latest round
//! is mid-cycle, with drafts an agency can still edit.
use chrono::{DateTime, Days, NaiveDate, Utc};
use entity::section11_enums::{
    AgencySector as Sector, Section11Grade as Grade, Section11ReturnStatus as Status,
    Section11RoundMode,
};
use entity::{
    section11_action, section11_agency, section11_agency_partnership, section11_grade,
    section11_return, section11_round, section11_round_agency, section11_round_partnership,
    section11_standard, PartnershipCode as P,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::insert::Writer;
use super::rng::Synth;
use super::years::FinancialYear;
use super::{Plan, ACTOR};
use crate::error::StartupError;

const REGIONAL_FRAMEWORK: &str = "regional-v1";

/// Agencies that work in all five partnerships, when there are enough
/// agencies per partnership to share some.
const REGIONAL_AGENCIES: [(Sector, &str); 3] = [
    (Sector::Police, "Avon and Somerset police force (synthetic)"),
    (Sector::Probation, "Regional probation service (synthetic)"),
    (Sector::Health, "Regional ambulance trust (synthetic)"),
];

/// Sectors of local agencies and their weights: schools and the voluntary
/// sector are most of a partnership's agencies.
const LOCAL_SECTORS: [(Sector, u32, &[&str]); 7] = [
    (
        Sector::Education,
        36,
        &[
            "primary school",
            "secondary school",
            "academy trust",
            "college",
            "nursery",
        ],
    ),
    (
        Sector::VoluntaryCommunityFaith,
        24,
        &[
            "youth charity",
            "faith group",
            "family support charity",
            "sports club",
        ],
    ),
    (
        Sector::Health,
        16,
        &[
            "GP practice",
            "community health service",
            "NHS trust",
            "dental practice",
        ],
    ),
    (
        Sector::LocalAuthority,
        11,
        &[
            "children's services",
            "housing service",
            "leisure service",
            "district council",
        ],
    ),
    (Sector::YouthJustice, 3, &["youth justice service"]),
    (Sector::Police, 1, &["transport police unit"]),
    (
        Sector::Other,
        9,
        &[
            "private fostering agency",
            "national agency",
            "transport operator",
        ],
    ),
];

const EVIDENCE: [&str; 6] = [
    "Synthetic evidence: policy reviewed by the board this year",
    "Synthetic evidence: training records for all staff",
    "Synthetic evidence: audit of a sample of case files",
    "Synthetic evidence: supervision records and staff survey",
    "Synthetic evidence: minutes of the safeguarding group",
    "Synthetic evidence: recruitment file checks",
];

const ACTIONS: [&str; 5] = [
    "Synthetic: refresh the policy and brief every team",
    "Synthetic: close the training gap and report completion to the board",
    "Synthetic: audit a sample of cases and act on what it finds",
    "Synthetic: agree an escalation route with partner agencies",
    "Synthetic: add safeguarding checks to commissioning and contracts",
];

const OWNERS: [&str; 4] = [
    "Designated safeguarding lead",
    "Head of service",
    "Training lead",
    "Chief executive",
];

struct Agency {
    id: String,
    /// Latent quality of its arrangements, -1 to 1.
    quality: f64,
}

/// What the rounds need of the agencies: who is in each partnership.
struct Agencies {
    all: Vec<Agency>,
    /// Per partnership (in `P::ALL` order), indexes into `all`.
    by_partnership: Vec<Vec<usize>>,
}

pub async fn generate(w: &mut Writer<'_>, plan: &Plan) -> Result<(), StartupError> {
    let standards = section11_standard::Entity::find()
        .filter(section11_standard::Column::FrameworkId.eq(REGIONAL_FRAMEWORK))
        .order_by_asc(section11_standard::Column::SortOrder)
        .all(w.txn)
        .await?;
    if standards.is_empty() {
        return Err(StartupError::Other(format!(
            "synthetic data: the framework `{REGIONAL_FRAMEWORK}` has no standards; is the database migrated?"
        )));
    }
    let mut rng = Synth::new(plan.seed, "section11");
    let agencies = agencies(w, &mut rng, plan).await?;
    let offsets: Vec<f64> = P::ALL.iter().map(|_| rng.real(-0.25, 0.25)).collect();
    let bias: Vec<f64> = standards.iter().map(|_| rng.real(-0.3, 0.3)).collect();
    let grading = Grading {
        standards: &standards,
        offsets: &offsets,
        bias: &bias,
        years: plan.years.len(),
    };
    for year in &plan.years {
        round(w, &mut rng, plan, year, &agencies, &grading).await?;
    }
    Ok(())
}

async fn agencies(
    w: &mut Writer<'_>,
    rng: &mut Synth,
    plan: &Plan,
) -> Result<Agencies, StartupError> {
    let per_partnership = plan.options.agencies_per_partnership as usize;
    let shared = (per_partnership / 4).min(REGIONAL_AGENCIES.len());
    let created = plan.years.first().map(|y| y.start).unwrap_or_default();
    let mut all = Vec::new();
    let mut rows = Vec::new();
    let mut links = Vec::new();
    let mut by_partnership: Vec<Vec<usize>> = vec![Vec::new(); P::ALL.len()];
    let mut add = |rng: &mut Synth, name: String, sector: Sector, ps: &[usize]| {
        let id = rng.uuid();
        rows.push(section11_agency::ActiveModel {
            id: Set(id.clone()),
            name: Set(name),
            sector: Set(sector),
            source: Set(plan.source.clone()),
            illustrative: Set(true),
            created_at: Set(rng.during(created)),
            created_by: Set(ACTOR.into()),
        });
        for &p in ps {
            links.push(section11_agency_partnership::ActiveModel {
                agency_id: Set(id.clone()),
                partnership_code: Set(P::ALL[p]),
                ..Default::default()
            });
            by_partnership[p].push(all.len());
        }
        all.push(Agency {
            id,
            quality: rng.real(-1.0, 1.0),
        });
    };
    let everywhere: Vec<usize> = (0..P::ALL.len()).collect();
    for (sector, name) in REGIONAL_AGENCIES.iter().take(shared) {
        add(rng, (*name).to_string(), *sector, &everywhere);
    }
    let weights: Vec<u32> = LOCAL_SECTORS.iter().map(|s| s.1).collect();
    for (p, partnership) in P::ALL.iter().enumerate() {
        for n in 1..=per_partnership - shared {
            let (sector, _, kinds) = LOCAL_SECTORS[rng.weighted(&weights)];
            let kind = rng.pick(kinds);
            let name = format!("{} {kind} {n:03} (synthetic)", partnership.area_name());
            add(rng, name, sector, &[p]);
        }
    }
    w.insert(rows).await?;
    w.insert(links).await?;
    Ok(Agencies {
        all,
        by_partnership,
    })
}

/// How grades are drawn.
struct Grading<'a> {
    standards: &'a [section11_standard::Model],
    /// Per partnership.
    offsets: &'a [f64],
    /// Per standard.
    bias: &'a [f64],
    years: usize,
}

impl Grading<'_> {
    fn grade(&self, rng: &mut Synth, agency: &Agency, p: usize, s: usize, year: usize) -> Grade {
        let trend = 0.3 * year as f64 / self.years.max(1) as f64;
        let score =
            0.9 * agency.quality + self.offsets[p] + self.bias[s] + trend + rng.real(-0.7, 0.7);
        if score > 0.95 {
            Grade::Outstanding
        } else if score > -0.6 {
            Grade::Good
        } else if score > -1.2 {
            Grade::RequiresImprovement
        } else {
            Grade::Inadequate
        }
    }
}

fn rank(g: Grade) -> usize {
    Grade::ALL.iter().position(|x| *x == g).unwrap_or(1)
}

/// The middle of the standards' grades, as the demo and the partnerships'
/// own tools derive an overall grade.
fn overall(grades: impl Iterator<Item = Grade>) -> Grade {
    let mut all: Vec<Grade> = grades.collect();
    all.sort_by_key(|g| rank(*g));
    all.get(all.len() / 2).copied().unwrap_or(Grade::Good)
}

/// Peer challenge moves a grade one step, mostly down.
fn moderate(rng: &mut Synth, g: Grade) -> Grade {
    let r = rank(g);
    let moved = if r == 0 || (r < 3 && rng.chance(0.7)) {
        r + 1
    } else {
        r - 1
    };
    Grade::ALL[moved.min(3)]
}

/// Where each return of the year ends up: past rounds are nearly all
/// published; the latest is mid-cycle.
fn status(rng: &mut Synth, latest: bool) -> Status {
    let weights: [u32; 4] = if latest {
        [30, 25, 25, 20]
    } else {
        [0, 2, 3, 95]
    };
    [
        Status::Draft,
        Status::Submitted,
        Status::Validated,
        Status::Published,
    ][rng.weighted(&weights)]
}

async fn round(
    w: &mut Writer<'_>,
    rng: &mut Synth,
    plan: &Plan,
    year: &FinancialYear,
    agencies: &Agencies,
    grading: &Grading<'_>,
) -> Result<(), StartupError> {
    let latest = year.index + 1 == plan.years.len();
    let opens = year.in_first_calendar_year(6, 1);
    let closes = year.in_first_calendar_year(9, 30);
    let publication_day = closes + Days::new(120);
    let round_id = rng.uuid();
    let created = rng.during(opens - Days::new(14));
    w.insert(vec![section11_round::ActiveModel {
        id: Set(round_id.clone()),
        title: Set(format!(
            "Regional Section 11 self-assessment {} (synthetic)",
            year.label
        )),
        period_label: Set(year.label.clone()),
        framework_id: Set(REGIONAL_FRAMEWORK.into()),
        mode: Set(Section11RoundMode::SelfAssessment),
        opens_on: Set(opens),
        closes_on: Set(closes),
        description: Set(Some(format!(
            "{}: every agency of the five partnerships grades itself on every standard and sub-standard of the regional framework.",
            plan.source
        ))),
        source: Set(plan.source.clone()),
        illustrative: Set(true),
        version: Set(1),
        created_at: Set(created),
        created_by: Set(ACTOR.into()),
        updated_at: Set(created),
        updated_by: Set(ACTOR.into()),
    }])
    .await?;
    let mut parts = Vec::new();
    let mut expected = Vec::new();
    let mut returns = Vec::new();
    let mut grades = Vec::new();
    let mut actions = Vec::new();
    for (p, partnership) in P::ALL.iter().enumerate() {
        let published = rng.during(publication_day);
        parts.push(section11_round_partnership::ActiveModel {
            round_id: Set(round_id.clone()),
            partnership_code: Set(*partnership),
            version: Set(2),
            published_at: Set(Some(published)),
            published_by: Set(Some(ACTOR.into())),
            ..Default::default()
        });
        for (n, &a) in agencies.by_partnership[p].iter().enumerate() {
            let agency = &agencies.all[a];
            expected.push(section11_round_agency::ActiveModel {
                round_id: Set(round_id.clone()),
                agency_id: Set(agency.id.clone()),
                partnership_code: Set(*partnership),
                nil_return: Set(false),
                ..Default::default()
            });
            let return_id = rng.uuid();
            // However small the dataset, the latest round has a draft per
            // partnership for a load test to edit.
            let status = if latest && n == 0 {
                Status::Draft
            } else {
                status(rng, latest)
            };
            let reviewed = status >= Status::Validated;
            let mut drawn = Vec::with_capacity(grading.standards.len());
            let mut planned = 0;
            for (s, standard) in grading.standards.iter().enumerate() {
                let own = grading.grade(rng, agency, p, s, year.index);
                let moderated = (reviewed && rng.chance(0.06)).then(|| moderate(rng, own));
                let evidence = rng.chance(0.3).then(|| rng.pick(&EVIDENCE).to_string());
                if !own.good_or_better() {
                    actions.push(section11_action::ActiveModel {
                        return_id: Set(return_id.clone()),
                        standard_id: Set(standard.id.clone()),
                        what: Set(format!(
                            "{} (standard {})",
                            rng.pick(&ACTIONS),
                            standard.number
                        )),
                        owner: Set(rng.pick(&OWNERS).to_string()),
                        due_date: Set(closes + Days::new(rng.between(90, 270) as u64)),
                        sort_order: Set(planned),
                        ..Default::default()
                    });
                    planned += 1;
                }
                grades.push(section11_grade::ActiveModel {
                    return_id: Set(return_id.clone()),
                    standard_id: Set(standard.id.clone()),
                    self_grade: Set(own),
                    moderated_grade: Set(moderated),
                    evidence: Set(evidence),
                    ..Default::default()
                });
                drawn.push((standard.parent_number.is_none(), own, moderated));
            }
            let own_overall = overall(drawn.iter().filter(|d| d.0).map(|d| d.1));
            let effective = overall(drawn.iter().filter(|d| d.0).map(|d| d.2.unwrap_or(d.1)));
            let timeline = Timeline::draw(rng, status, opens, closes, published);
            returns.push(section11_return::ActiveModel {
                id: Set(return_id),
                round_id: Set(round_id.clone()),
                agency_id: Set(agency.id.clone()),
                partnership_code: Set(*partnership),
                status: Set(status),
                overall_grade: Set(Some(own_overall)),
                moderated_overall_grade: Set((effective != own_overall).then_some(effective)),
                validation_note: Set((reviewed && rng.chance(0.3)).then(|| {
                    "Synthetic: checked at the partnership's peer challenge panel".to_string()
                })),
                source: Set(plan.source.clone()),
                illustrative: Set(true),
                version: Set(timeline.version),
                created_at: Set(timeline.created),
                created_by: Set(ACTOR.into()),
                updated_at: Set(timeline.updated),
                updated_by: Set(ACTOR.into()),
                submitted_at: Set(timeline.submitted),
                submitted_by: Set(timeline.submitted.map(|_| ACTOR.to_string())),
                validated_at: Set(timeline.validated),
                validated_by: Set(timeline.validated.map(|_| ACTOR.to_string())),
                published_at: Set(timeline.published),
                published_by: Set(timeline.published.map(|_| ACTOR.to_string())),
            });
        }
    }
    w.insert(parts).await?;
    w.insert(expected).await?;
    w.insert(returns).await?;
    w.insert(grades).await?;
    crate::section11::service::tally::recount_all(w.txn).await?;
    w.insert(actions).await?;
    Ok(())
}

/// When a return was created, edited and moved through its workflow.
struct Timeline {
    created: DateTime<Utc>,
    updated: DateTime<Utc>,
    submitted: Option<DateTime<Utc>>,
    validated: Option<DateTime<Utc>>,
    published: Option<DateTime<Utc>>,
    version: i32,
}

impl Timeline {
    /// Submitted around the closing date (a few late), validated before the
    /// partnership published its part, or after it for returns still
    /// validated but unpublished.
    fn draw(
        rng: &mut Synth,
        status: Status,
        opens: NaiveDate,
        closes: NaiveDate,
        publication: DateTime<Utc>,
    ) -> Timeline {
        let created_day = Synth::after(opens, rng.between(0, 40));
        let created = rng.during(created_day);
        let edits = rng.between(0, 3) as i32;
        let mut version = 1 + edits;
        if status == Status::Draft {
            let last_edit = rng.day(created_day, closes);
            let updated = rng.during(last_edit);
            return Timeline {
                created,
                updated: updated.max(created),
                submitted: None,
                validated: None,
                published: None,
                version,
            };
        }
        let submitted_day = if rng.chance(0.06) {
            Synth::after(closes, rng.between(1, 25))
        } else {
            closes - Days::new(rng.between(0, 45) as u64)
        };
        let submitted = rng.during(submitted_day).max(created);
        version += 1;
        let publication_day = publication.date_naive();
        let validated = match status {
            Status::Published => {
                let latest = publication_day - Days::new(1);
                let day = rng.day(Synth::after(submitted_day, 7), latest);
                Some(rng.during(day))
            }
            Status::Validated => {
                let lag = rng.between(1, 90);
                Some(rng.during(Synth::after(publication_day, lag)))
            }
            _ => None,
        };
        let validated = validated.map(|v| v.max(submitted));
        if validated.is_some() {
            version += 1;
        }
        let published = (status == Status::Published).then_some(publication);
        if published.is_some() {
            version += 1;
        }
        Timeline {
            created,
            updated: published.or(validated).unwrap_or(submitted),
            submitted: Some(submitted),
            validated,
            published,
            version,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_are_mostly_good_with_some_below() {
        let standards: Vec<section11_standard::Model> = (0..24)
            .map(|i| section11_standard::Model {
                id: format!("f/{i}"),
                framework_id: "f".into(),
                number: i.to_string(),
                parent_number: None,
                title: String::new(),
                sort_order: i,
            })
            .collect();
        let offsets = [0.0; 5];
        let bias = vec![0.0; 24];
        let grading = Grading {
            standards: &standards,
            offsets: &offsets,
            bias: &bias,
            years: 10,
        };
        let mut rng = Synth::new(1, "test");
        let mut counts = [0usize; 4];
        for _ in 0..2000 {
            let agency = Agency {
                id: String::new(),
                quality: rng.real(-1.0, 1.0),
            };
            for s in 0..24 {
                counts[rank(grading.grade(&mut rng, &agency, 0, s, 5))] += 1;
            }
        }
        let total: usize = counts.iter().sum();
        let share = |i: usize| counts[i] as f64 / total as f64;
        assert!((0.08..0.25).contains(&share(0)), "{counts:?}");
        assert!((0.5..0.75).contains(&share(1)), "{counts:?}");
        assert!((0.08..0.25).contains(&share(2)), "{counts:?}");
        assert!((0.005..0.08).contains(&share(3)), "{counts:?}");
    }

    #[test]
    fn moderation_always_changes_the_grade() {
        let mut rng = Synth::new(2, "test");
        for g in Grade::ALL {
            for _ in 0..20 {
                assert_ne!(moderate(&mut rng, g), g);
            }
        }
    }
}
