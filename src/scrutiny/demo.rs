//! Demo scrutiny data. Published facts cite their seed file and section: the
//! Somerset scrutineer's appointment from January 2020, the January 2025
//! scrutiny of the response to serious youth violence with its findings, and
//! the regional post with the October 2019 peer review workshop that set the
//! eight regional themes. Everything else is illustrative (marked so): one
//! activity per regional theme for each of the other four partnerships, with
//! findings and recommendations in every status, so `scrutinyCoverage` has a
//! full matrix.
use chrono::{DateTime, Days, NaiveDate, Utc};
use entity::scrutiny_enums::{
    ActivityKind, FindingKind, RecommendationEventKind, RecommendationStatus,
};
use entity::{
    scrutiny_activity as activity, scrutiny_activity_partnership as covered,
    scrutiny_activity_theme as activity_theme, scrutiny_appointment as appointment,
    scrutiny_finding as finding, scrutiny_recommendation as recommendation,
    scrutiny_recommendation_event as event, scrutiny_scrutineer as scrutineer, PartnershipCode,
};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, DbErr, EntityTrait, Set};
use uuid::Uuid;

const DEMO_ACTOR: &str = "demo-data";
const ILLUSTRATIVE: &str =
    "Illustrative demo data: made up to fill the matrix, not from a published report";

const SRC_PEEL: &str = "SSCP first report 2019-20 (seed 000), Introduction and Independent Scrutiny: Dr Mark Peel appointed as Somerset's Independent Scrutineer in December 2019, in post from January 2020; SSCP multi-agency arrangements 2024 (seed 003): the Partnership Independent Scrutineer is Dr Mark Peel";
const SRC_PEEL_APPOINTMENT: &str = "SSCP first report 2019-20 (seed 000), Independent Scrutiny: appointed in December 2019, took up post in January 2020 (the day is not given: stored as 1 January); still in post in SSCP annual report 2024-25 (seed 001), Independent scrutiny";
const SRC_REGIONAL_POST: &str = "NSSCP report October 2019 - December 2020 (seed 004), Independent Scrutiny: a post jointly funded across the Avon & Somerset footprint via the Avon and Somerset Strategic Safeguarding Partnership; Victoria Caple holds this post (start date not published)";
const SRC_WORKSHOP: &str = "NSSCP report October 2019 - December 2020 (seed 004), Independent Scrutiny and Avon and Somerset Strategic Safeguarding Partnership (ASSSP); SSCP first report 2019-20 (seed 000), Independent Scrutiny";
const SRC_AUDITS_2016: &str = "Somerset Safeguarding Children Board annual report 2016-17 (seed 002), section 6.9 SSCB audits of Multi-agency casework: in 2016/17 four multi-agency case work audits took place; section 10.1 Priority 2: audits included contacts and referrals for unborn babies, initial child protection conferences (ICPC) and core groups, strategy discussions involving young people, and cases of children who have a parent in custody. Dates are not published: each is stored as 31 March 2017, the end of the year";
const SRC_QA_2024: &str = "SSCP annual report 2024-25 (seed 001), Quality assurance activity: activities of the Quality Assurance Group in 2024-2025. Dates are not published: each is stored as 31 March 2025, the end of the year";
const SRC_SYV: &str = "SSCP annual report 2024-25 (seed 001), Independent scrutiny: January 2025 - Scrutiny around partnership responses to serious youth violence";

const REGIONAL_THEMES: [(&str, &str); 8] = [
    ("CONTEXTUAL_SAFEGUARDING", "contextual safeguarding"),
    (
        "EARLY_HELP_AND_RELATIONSHIP_BUILDING",
        "early help and relationship building",
    ),
    (
        "TRANSITION_INTO_YOUNG_ADULTHOOD",
        "transition into young adulthood",
    ),
    (
        "RESPONSE_TO_DOMESTIC_ABUSE",
        "the response to domestic abuse",
    ),
    (
        "EFFECTIVE_PARTNERSHIP_ARRANGEMENTS",
        "effective partnership arrangements",
    ),
    (
        "PLACING_CHILDREN_OUT_OF_HOURS",
        "placing children out of hours",
    ),
    ("MISSING_CHILDREN", "missing children"),
    (
        "CHILDREN_MISSING_FROM_EDUCATION",
        "children missing from education",
    ),
];

const KINDS: [ActivityKind; 5] = [
    ActivityKind::MultiAgencyAudit,
    ActivityKind::InsightVisit,
    ActivityKind::Report,
    ActivityKind::ExecutiveMeeting,
    ActivityKind::YouthForum,
];

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate, DbErr> {
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| DbErr::Custom(format!("bad demo date {y}-{m}-{d}")))
}

fn at(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN).and_utc()
}

fn id() -> String {
    Uuid::new_v4().to_string()
}

async fn add_scrutineer(
    txn: &DatabaseTransaction,
    name: &str,
    source: &str,
    illustrative: bool,
    partnership: Option<PartnershipCode>,
    start: Option<NaiveDate>,
    appointment_source: &str,
) -> Result<String, DbErr> {
    let scrutineer_id = id();
    scrutineer::ActiveModel {
        id: Set(scrutineer_id.clone()),
        name: Set(name.to_string()),
        source: Set(source.to_string()),
        illustrative: Set(illustrative),
    }
    .insert(txn)
    .await?;
    appointment::ActiveModel {
        id: Set(id()),
        scrutineer_id: Set(scrutineer_id.clone()),
        partnership_code: Set(partnership),
        start_date: Set(start),
        end_date: Set(None),
        source: Set(appointment_source.to_string()),
        illustrative: Set(illustrative),
    }
    .insert(txn)
    .await?;
    Ok(scrutineer_id)
}

/// An activity as the demo stores it.
struct Activity<'a> {
    kind: ActivityKind,
    date: NaiveDate,
    title: String,
    summary: String,
    partnerships: &'a [PartnershipCode],
    themes: &'a [&'a str],
    scrutineer: Option<String>,
    published: bool,
    source: &'a str,
    illustrative: bool,
    findings: Vec<(FindingKind, String)>,
}

async fn add_activity(txn: &DatabaseTransaction, a: Activity<'_>) -> Result<String, DbErr> {
    let activity_id = id();
    let recorded = at(a.date);
    activity::ActiveModel {
        id: Set(activity_id.clone()),
        kind: Set(a.kind),
        activity_date: Set(a.date),
        title: Set(a.title),
        summary: Set(a.summary),
        report_reference: Set(None),
        scrutineer_id: Set(a.scrutineer),
        published: Set(a.published),
        source: Set(a.source.to_string()),
        illustrative: Set(a.illustrative),
        recorded_by: Set(DEMO_ACTOR.to_string()),
        recorded_at: Set(recorded),
        updated_by: Set(DEMO_ACTOR.to_string()),
        updated_at: Set(recorded),
        version: Set(1),
    }
    .insert(txn)
    .await?;
    covered::Entity::insert_many(a.partnerships.iter().map(|p| covered::ActiveModel {
        activity_id: Set(activity_id.clone()),
        partnership_code: Set(*p),
    }))
    .exec_without_returning(txn)
    .await?;
    activity_theme::Entity::insert_many(a.themes.iter().map(|t| activity_theme::ActiveModel {
        activity_id: Set(activity_id.clone()),
        theme_code: Set(t.to_string()),
    }))
    .exec_without_returning(txn)
    .await?;
    finding::Entity::insert_many(a.findings.into_iter().enumerate().map(|(i, (kind, text))| {
        finding::ActiveModel {
            id: Set(id()),
            activity_id: Set(activity_id.clone()),
            position: Set(i as i32),
            kind: Set(kind),
            text: Set(text),
        }
    }))
    .exec_without_returning(txn)
    .await?;
    Ok(activity_id)
}

/// An illustrative recommendation with the history that brought it to `status`.
#[allow(clippy::too_many_arguments)]
async fn add_recommendation(
    txn: &DatabaseTransaction,
    activity_id: &str,
    position: i32,
    made: NaiveDate,
    text: String,
    owner: PartnershipCode,
    owner_agency: Option<&str>,
    due: NaiveDate,
    status: RecommendationStatus,
) -> Result<(), DbErr> {
    let recommendation_id = id();
    let manager = format!("demo-manager-{}", owner.as_str().to_lowercase());
    let mut history = vec![(
        made,
        RecommendationEventKind::Recorded,
        DEMO_ACTOR.to_string(),
        "scrutineer",
        None,
        Some(RecommendationStatus::Open),
        None,
    )];
    if status != RecommendationStatus::Open {
        history.push((
            made + Days::new(30),
            RecommendationEventKind::Response,
            manager.clone(),
            "partnership_manager",
            Some(RecommendationStatus::Open),
            Some(RecommendationStatus::InProgress),
            Some("Accepted; an action plan is in place (illustrative).".to_string()),
        ));
    }
    if status == RecommendationStatus::Completed {
        history.push((
            made + Days::new(150),
            RecommendationEventKind::Response,
            manager,
            "partnership_manager",
            Some(RecommendationStatus::InProgress),
            Some(RecommendationStatus::Completed),
            Some("Actions complete and evidenced to the executive (illustrative).".to_string()),
        ));
    }
    let updated = history.last().map(|h| at(h.0)).unwrap_or_else(|| at(made));
    recommendation::ActiveModel {
        id: Set(recommendation_id.clone()),
        activity_id: Set(activity_id.to_string()),
        position: Set(position),
        text: Set(text),
        owner_partnership_code: Set(owner),
        owner_agency: Set(owner_agency.map(str::to_string)),
        due_date: Set(due),
        status: Set(status),
        recorded_by: Set(DEMO_ACTOR.to_string()),
        recorded_at: Set(at(made)),
        updated_at: Set(updated),
        version: Set(history.len() as i32),
    }
    .insert(txn)
    .await?;
    event::Entity::insert_many(history.into_iter().enumerate().map(
        |(i, (day, kind, actor, role, from, to, text))| event::ActiveModel {
            id: Set(id()),
            recommendation_id: Set(recommendation_id.clone()),
            sequence: Set(i as i32 + 1),
            kind: Set(kind),
            occurred_at: Set(at(day)),
            actor: Set(actor),
            actor_role: Set(role.to_string()),
            from_status: Set(from),
            to_status: Set(to),
            text: Set(text),
        },
    ))
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// Loads the scrutiny demo data inside the demo transaction.
pub async fn load(txn: &DatabaseTransaction) -> Result<(), DbErr> {
    let peel = add_scrutineer(
        txn,
        "Dr Mark Peel",
        SRC_PEEL,
        false,
        Some(PartnershipCode::Somerset),
        Some(date(2020, 1, 1)?),
        SRC_PEEL_APPOINTMENT,
    )
    .await?;
    add_scrutineer(
        txn,
        "Victoria Caple",
        SRC_REGIONAL_POST,
        false,
        None,
        None,
        SRC_REGIONAL_POST,
    )
    .await?;

    let themes: Vec<&str> = REGIONAL_THEMES.iter().map(|(code, _)| *code).collect();
    add_activity(
        txn,
        Activity {
            kind: ActivityKind::PeerReviewWorkshop,
            date: date(2019, 10, 1)?,
            title: "Regional peer review workshop: the regional scrutiny themes".into(),
            summary: "An early activity of the regional independent scrutiny post, jointly funded across the Avon & Somerset footprint via the Avon and Somerset Strategic Safeguarding Partnership. The workshop identified eight key priorities: contextualised safeguarding; early help and relationship building; transition into young adulthood; response to domestic abuse; effective partnership arrangements; placing children out of hours; missing children; children missing from education. Within each theme a bespoke piece of activity is developed, consistent across all five local authority areas so they can be benchmarked, while allowing for local nuances. Held in October 2019; the day is not published, so the date is stored as 1 October.".into(),
            partnerships: &PartnershipCode::ALL,
            themes: &themes,
            scrutineer: None,
            published: true,
            source: SRC_WORKSHOP,
            illustrative: false,
            findings: Vec::new(),
        },
    )
    .await?;
    add_activity(
        txn,
        Activity {
            kind: ActivityKind::Report,
            date: date(2025, 1, 1)?,
            title: "Scrutiny around partnership responses to serious youth violence".into(),
            summary: "Summary report by the Independent Scrutineer on progress made against the JTAI theme of serious youth violence (joint targeted area inspection, May 2024). Presented in January 2025; the day is not published, so the date is stored as 1 January.".into(),
            partnerships: &[PartnershipCode::Somerset],
            themes: &["SERIOUS_YOUTH_VIOLENCE"],
            scrutineer: Some(peel),
            published: true,
            source: SRC_SYV,
            illustrative: false,
            findings: vec![
                (FindingKind::Strength, "Considerable progress has been made in developing a strategic response to serious youth violence.".into()),
                (FindingKind::AreaForImprovement, "A disconnect between the strategic response and frontline practitioners' awareness and understanding.".into()),
                (FindingKind::Strength, "The learning opportunities available to support practitioners' understanding of serious youth violence.".into()),
                (FindingKind::Challenge, "Limited evidence of significant improvement in integrating the voice of the child into serious youth violence safeguarding provision, and in professional curiosity.".into()),
            ],
        },
    )
    .await?;

    published_audits(txn).await?;

    let others = [
        (PartnershipCode::Bristol, "KBSP"),
        (PartnershipCode::NorthSomerset, "NSSCP"),
        (PartnershipCode::SouthGloucestershire, "SGSCP"),
        (PartnershipCode::BathNeSomerset, "BCSSP"),
    ];
    let first_day = date(2023, 5, 2)?;
    for (pi, (partnership, abbreviation)) in others.into_iter().enumerate() {
        let scrutineer_id = add_scrutineer(
            txn,
            &format!("Illustrative scrutineer ({abbreviation})"),
            ILLUSTRATIVE,
            true,
            Some(partnership),
            Some(date(2021, 4, 1)?),
            ILLUSTRATIVE,
        )
        .await?;
        for (ti, (code, name)) in REGIONAL_THEMES.iter().enumerate() {
            let day = first_day + Days::new((ti * 80 + pi * 13) as u64);
            let kind = KINDS[(ti + pi) % KINDS.len()];
            let activity_id = add_activity(
                txn,
                Activity {
                    kind,
                    date: day,
                    title: format!("{abbreviation}: scrutiny of {name} (illustrative)"),
                    summary: format!("Illustrative activity on the regional theme of {name} in {abbreviation}, made up for the demo so every theme has activity in every area."),
                    partnerships: &[partnership],
                    themes: &[code],
                    scrutineer: Some(scrutineer_id.clone()),
                    published: ti % 2 == 0,
                    source: ILLUSTRATIVE,
                    illustrative: true,
                    findings: vec![
                        (FindingKind::Strength, format!("Practitioners know the local pathway for {name} (illustrative).")),
                        (FindingKind::AreaForImprovement, format!("Information sharing on {name} between agencies is inconsistent (illustrative).")),
                    ],
                },
            )
            .await?;
            // Every status appears, and some open ones are already past due.
            let (status, due) = match (ti + pi) % 4 {
                0 => (RecommendationStatus::Open, day + Days::new(120)),
                1 => (RecommendationStatus::InProgress, day + Days::new(240)),
                2 => (RecommendationStatus::Completed, day + Days::new(180)),
                _ => (RecommendationStatus::Open, date(2027, 3, 31)?),
            };
            add_recommendation(
                txn,
                &activity_id,
                0,
                day,
                format!("Agree a shared multi-agency approach to {name} and report progress to the executive (illustrative)."),
                partnership,
                None,
                due,
                status,
            )
            .await?;
            if ti % 3 == 0 {
                add_recommendation(
                    txn,
                    &activity_id,
                    1,
                    day,
                    format!("Brief frontline officers on {name} referrals (illustrative)."),
                    partnership,
                    Some("Avon and Somerset Constabulary"),
                    date(2027, 6, 30)?,
                    RecommendationStatus::Open,
                )
                .await?;
            }
        }
    }
    Ok(())
}

/// A quality-assurance activity: kind, title, summary, themes, findings.
type QaActivity = (
    ActivityKind,
    &'static str,
    &'static str,
    &'static [&'static str],
    Vec<(FindingKind, String)>,
);

/// The multi-agency audits and the insight visit Somerset's reports publish:
/// activities of the partnership's own quality assurance, recorded as
/// scrutiny activities of their kind so they count in the benchmark.
async fn published_audits(txn: &DatabaseTransaction) -> Result<(), DbErr> {
    let somerset = &[PartnershipCode::Somerset];
    for (title, summary) in [
        ("Multi-agency casework audit: contacts and referrals for unborn babies", "One of the four multi-agency case work audits of 2016/17 carried out by the SSCB multi-agency audit subgroups to assess progress on Priority 2 (children are safeguarded through effective multi-agency partnership working)."),
        ("Multi-agency casework audit: initial child protection conferences and core groups", "One of the four multi-agency case work audits of 2016/17 carried out by the SSCB multi-agency audit subgroups to assess progress on Priority 2."),
        ("Multi-agency casework audit: strategy discussions involving young people", "One of the four multi-agency case work audits of 2016/17 carried out by the SSCB multi-agency audit subgroups to assess progress on Priority 2."),
        ("Multi-agency casework audit: children who have a parent in custody", "One of the four multi-agency case work audits of 2016/17 carried out by the SSCB multi-agency audit subgroups to assess progress on Priority 2."),
    ] {
        add_activity(
            txn,
            Activity {
                kind: ActivityKind::MultiAgencyAudit,
                date: date(2017, 3, 31)?,
                title: title.into(),
                summary: format!("{summary} The audits resulted in outcome-focused action plans monitored by the Quality and Performance subgroup. The date is not published: stored as 31 March 2017."),
                partnerships: somerset,
                themes: &[],
                scrutineer: None,
                published: true,
                source: SRC_AUDITS_2016,
                illustrative: false,
                findings: vec![(FindingKind::AreaForImprovement, "The audits highlighted aspects of both positive practice and specific areas requiring improvement, and areas where increased Board focus was required.".into())],
            },
        )
        .await?;
    }
    let qa: [QaActivity; 4] = [
        (
            ActivityKind::InsightVisit,
            "Insight visit: Somerset Foundation Trust emergency departments",
            "An assurance visit in the partnership's programme of insight visits to partner organisations, with a particular focus on serious youth violence in response to the JTAI inspection findings.",
            &["SERIOUS_YOUTH_VIOLENCE"],
            vec![
                (FindingKind::Strength, "Effective triangulation of safeguarding messages: Emergency Department staff were confident in accessing relevant policies and engaging with Somerset Foundation Trust safeguarding leads for support.".into()),
                (FindingKind::Strength, "Strong awareness and understanding among staff of the indicators of serious youth violence.".into()),
            ],
        ),
        (
            ActivityKind::MultiAgencyAudit,
            "Multi-agency CIN-ROTH audit",
            "Evaluated the quality and effectiveness of the Child in Need (CIN) Risks Outside the Home (ROTH) pathway, with a particular focus on children supported through it receiving the same level of professional commitment as those with a Child Protection Plan.",
            &["CONTEXTUAL_SAFEGUARDING"],
            vec![
                (FindingKind::Strength, "Strong engagement from both parents and children, contributing positively to safeguarding outcomes.".into()),
                (FindingKind::AreaForImprovement, "A more robust and shared understanding of the CIN ROTH pathway is needed across all partner agencies; not all agencies were consistently invited to CIN ROTH meetings.".into()),
            ],
        ),
        (
            ActivityKind::MultiAgencyAudit,
            "Multi-agency missing notifications audit",
            "Evaluated the consistency, effectiveness and impact of collaborative working in supporting families where children have experienced missing episodes.",
            &["MISSING_CHILDREN"],
            vec![
                (FindingKind::Strength, "A well-coordinated multi-agency response, with professionals working collaboratively to address the child's needs and ensure robust safety planning.".into()),
                (FindingKind::AreaForImprovement, "Information-sharing between agencies, and some delays in education receiving notifications.".into()),
            ],
        ),
        (
            ActivityKind::MultiAgencyAudit,
            "Multi-agency MASH audit",
            "Provided assurance on the quality and effectiveness of the MASH.",
            &[],
            vec![
                (FindingKind::Strength, "Appropriate children are consistently discussed by partners, with proportionate discussions and correct application of thresholds: in 100% of reviews, outcomes were unanimously agreed as proportionate by all reviewers.".into()),
                (FindingKind::AreaForImprovement, "The consistent application and recording of parental consent.".into()),
            ],
        ),
    ];
    for (kind, title, summary, themes, findings) in qa {
        add_activity(
            txn,
            Activity {
                kind,
                date: date(2025, 3, 31)?,
                title: title.into(),
                summary: format!("{summary} Carried out by the SSCP Quality Assurance Group in 2024-25; the date is not published, so it is stored as 31 March 2025."),
                partnerships: somerset,
                themes,
                scrutineer: None,
                published: true,
                source: SRC_QA_2024,
                illustrative: false,
                findings,
            },
        )
        .await?;
    }
    Ok(())
}
