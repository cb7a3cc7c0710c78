//! Section 11 demo data: the published rounds of the seed reports, each citing
//! its source, and illustrative rounds and returns (marked as such) so that
//! every partnership's summaries have something to show.
//!
//! - Somerset 2016-17 (seed 002, sections 6.4 and 10): 26 agencies expected,
//!   overall grades 4 Outstanding, 16 Good, 5 Requires improvement, 0
//!   Inadequate, 1 nil return; standard 8.3 Good or better for 21 of 25,
//!   11.4 for 22 of 25; seven agencies with an inadequate sub-standard. The
//!   report names no agency but the five district councils (overall "Green"),
//!   so the other agencies are anonymised and the grades are placed so that
//!   every published total holds; only the published items are graded. The
//!   placement is made up, so the returns are marked illustrative.
//! - Somerset 2019-20 (seed 000): 19 agencies completed the audit; three peer
//!   review workshops in March 2020. Grades were not published, so none is
//!   held; the 19 returns, and that 19 were expected, are illustrative.
//!
//! Publication dates of rounds are not in the reports: each round's
//! description says which date is held.
//! - West of England 2019-20 (seed 004): the tool was circulated across
//!   B&NES, Bristol, South Gloucestershire and North Somerset in January 2020;
//!   the returns are illustrative.
//! - Regional 2023-24 organisational self-assessment (mentioned in seed 001):
//!   illustrative returns for all five partnerships.
//! - Regional practitioner survey 2024-25 (seed 001): Somerset's eight themes
//!   with their key findings (97% with access to safeguarding supervision, 72%
//!   rating it highly) and seven recommendations; illustrative results for
//!   the other four partnerships.
//! - Regional 2026-27, in progress (illustrative): a draft, a submitted and a
//!   validated return per partnership, nothing published.
use chrono::{DateTime, NaiveDate, Utc};
use entity::section11_enums::{
    AgencySector as Sector, Section11Grade as Grade, Section11ReturnStatus as Status,
    Section11RoundMode as Mode,
};
use entity::{
    section11_action, section11_agency, section11_agency_partnership, section11_grade,
    section11_recommendation, section11_return, section11_round, section11_round_agency,
    section11_round_partnership, section11_standard, section11_survey_result, PartnershipCode as P,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use super::REGIONAL_FRAMEWORK;
const SSCB_2016_FRAMEWORK: &str = "sscb-2016";
const LOADER: &str = "demo-data";

const SRC_2016: &str = "Somerset Safeguarding Children Board annual report 2016-17 (seed 002), section 6.4 Section 11 audit (overall grades 4 Outstanding, 16 Good, 5 Requires improvement, 0 Inadequate, 1 nil return; seven agencies with an inadequate sub-standard) and section 10 (standard 8.3: 21 of 25 Good or better; 11.4: 22 of 25)";
const SRC_2016_RETURN: &str = "Illustrative placement of published totals: the Somerset Safeguarding Children Board annual report 2016-17 (seed 002), sections 6.4 and 10, publishes totals, not agencies' grades (overall 4 Outstanding, 16 Good, 5 Requires improvement; standard 8.3: 21 of 25 Good or better; 11.4: 22 of 25). Which agency holds which grade, and where the splits at 8.3 and 11.4 fall, is made up so that every published total holds; only the published items (overall, 8.3, 11.4) are held";
const SRC_2016_DISTRICT: &str = "Somerset Safeguarding Children Board annual report 2016-17 (seed 002), Somerset District Councils effectiveness: the 2016/17 Section 11 audit was completed by all five district councils, overall 'Green' on the RAG status (held as Good)";
const SRC_2016_ANONYMISED: &str = "Anonymised: the SSCB annual report 2016-17 (seed 002) reports Section 11 grades for 26 agencies without naming them; this agency's name and sector are illustrative";
const SRC_2019_SOMERSET: &str = "SSCP first report 2019-20 (seed 000), Section 11: audit completed by 19 agencies; three Section 11 peer review workshops held in March 2020. Grades were not published";
const SRC_2019_SOMERSET_RETURNS: &str = "Illustrative returns behind a published count: the SSCP first report 2019-20 (seed 000), Section 11, says only that 19 agencies completed the audit. Which agencies, and that 19 were expected (a return rate of 100%), are made up; no grade is held";
const SRC_RELEVANT_2024: &str = "SSCP published multi-agency arrangements 2024 (seed 003), relevant agencies: organisations with a duty under Section 11 of the Children Act 2004 whose involvement the three safeguarding partners consider essential";
const SRC_2019_WOE: &str = "NSSCP report October 2019 - December 2020 (seed 004), Section 11 Audit 2019-2020: self-assessment tool circulated to all partners across B&NES, Bristol, South Gloucestershire and North Somerset in January 2020, via Survey Monkey";
const SRC_2023: &str = "SSCP annual report 2024-25 (seed 001), Section 11 - Practitioner Survey: the strategic organisation responses to Section 11 in 2023-24";
const SRC_SURVEY: &str = "SSCP annual report 2024-25 (seed 001), Section 11 - Practitioner Survey: run with the neighbouring partnerships of the Avon & Somerset region (Bristol, South Gloucestershire, North Somerset, Somerset, Bath & North East Somerset) in summer 2024";
const ILLUSTRATIVE: &str = "Illustrative: made up for the demo dataset; no published figure";

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    date(y, m, d)
        .and_hms_opt(12, 0, 0)
        .unwrap_or_default()
        .and_utc()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// FNV-1a: a stable spread of illustrative grades across loads and databases.
fn spread(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn illustrative_grade(key: &str) -> Grade {
    match spread(key) % 100 {
        0..=17 => Grade::Outstanding,
        18..=82 => Grade::Good,
        83..=97 => Grade::RequiresImprovement,
        _ => Grade::Inadequate,
    }
}

fn slug(p: P) -> &'static str {
    match p {
        P::Bristol => "bristol",
        P::NorthSomerset => "north-somerset",
        P::SouthGloucestershire => "south-glos",
        P::BathNeSomerset => "banes",
        P::Somerset => "somerset",
    }
}

fn sector_words(s: Sector) -> &'static str {
    match s {
        Sector::Police => "police",
        Sector::Health => "health",
        Sector::LocalAuthority => "council",
        Sector::Education => "education",
        Sector::Probation => "probation",
        Sector::YouthJustice => "youth justice",
        Sector::VoluntaryCommunityFaith => "voluntary sector",
        Sector::Other => "",
    }
}

/// Somerset's anonymised agencies, `somerset-agency-01` to `-18`; the last is
/// the national agency that made the 2016-17 nil return.
const SOMERSET_SECTORS: [Sector; 18] = [
    Sector::LocalAuthority,
    Sector::Health,
    Sector::Health,
    Sector::Health,
    Sector::Education,
    Sector::Education,
    Sector::YouthJustice,
    Sector::VoluntaryCommunityFaith,
    Sector::VoluntaryCommunityFaith,
    Sector::VoluntaryCommunityFaith,
    Sector::Health,
    Sector::Other,
    Sector::Education,
    Sector::VoluntaryCommunityFaith,
    Sector::Other,
    Sector::Health,
    Sector::VoluntaryCommunityFaith,
    Sector::Other,
];

const LOCAL_SECTORS: [Sector; 4] = [
    Sector::LocalAuthority,
    Sector::Health,
    Sector::Education,
    Sector::VoluntaryCommunityFaith,
];

const DISTRICT_COUNCILS: [(&str, &str); 5] = [
    ("mendip-district-council", "Mendip District Council"),
    ("sedgemoor-district-council", "Sedgemoor District Council"),
    (
        "south-somerset-district-council",
        "South Somerset District Council",
    ),
    (
        "taunton-deane-borough-council",
        "Taunton Deane Borough Council",
    ),
    ("west-somerset-council", "West Somerset Council"),
];

fn local(p: P, n: usize) -> String {
    format!("{}-agency-{n:02}", slug(p))
}

/// The agencies expected in each partnership in the illustrative rounds.
fn participants(p: P) -> Vec<String> {
    let mut ids: Vec<String> = (1..=3).map(|n| format!("regional-agency-{n:02}")).collect();
    if matches!(p, P::Bristol | P::NorthSomerset | P::SouthGloucestershire) {
        ids.push("bnssg-agency-01".into());
    }
    let locals = if p == P::Somerset { 5 } else { 4 };
    ids.extend((1..=locals).map(|n| local(p, n)));
    ids
}

#[derive(Default)]
struct Demo {
    agencies: Vec<section11_agency::ActiveModel>,
    agency_partnerships: Vec<section11_agency_partnership::ActiveModel>,
    rounds: Vec<section11_round::ActiveModel>,
    parts: Vec<section11_round_partnership::ActiveModel>,
    participants: Vec<section11_round_agency::ActiveModel>,
    returns: Vec<section11_return::ActiveModel>,
    grades: Vec<section11_grade::ActiveModel>,
    actions: Vec<section11_action::ActiveModel>,
    results: Vec<section11_survey_result::ActiveModel>,
    recommendations: Vec<section11_recommendation::ActiveModel>,
}

/// A round as the demo records it.
struct RoundSpec {
    id: &'static str,
    title: &'static str,
    period: &'static str,
    framework: &'static str,
    mode: Mode,
    opens_on: NaiveDate,
    closes_on: NaiveDate,
    description: &'static str,
    source: &'static str,
    illustrative: bool,
    partnerships: Vec<P>,
    /// When each partnership published its part; `None` while unpublished.
    published_at: Option<DateTime<Utc>>,
}

/// One return as the demo records it.
struct ReturnSpec<'a> {
    round: &'a RoundSpec,
    partnership: P,
    agency: &'a str,
    status: Status,
    overall: Option<Grade>,
    moderated_overall: Option<Grade>,
    validated: Option<(DateTime<Utc>, &'a str)>,
    source: &'a str,
    illustrative: bool,
}

impl Demo {
    fn agency(
        &mut self,
        id: &str,
        name: &str,
        sector: Sector,
        ps: &[P],
        source: &str,
        illustrative: bool,
    ) {
        self.agencies.push(section11_agency::ActiveModel {
            id: Set(id.into()),
            name: Set(name.into()),
            sector: Set(sector),
            source: Set(source.into()),
            illustrative: Set(illustrative),
            created_at: Set(at(2016, 5, 1)),
            created_by: Set(LOADER.into()),
        });
        for p in ps {
            self.agency_partnerships
                .push(section11_agency_partnership::ActiveModel {
                    agency_id: Set(id.into()),
                    partnership_code: Set(*p),
                    ..Default::default()
                });
        }
    }

    fn round(&mut self, r: &RoundSpec) {
        let created = r
            .opens_on
            .and_hms_opt(9, 0, 0)
            .unwrap_or_default()
            .and_utc();
        self.rounds.push(section11_round::ActiveModel {
            id: Set(r.id.into()),
            title: Set(r.title.into()),
            period_label: Set(r.period.into()),
            framework_id: Set(r.framework.into()),
            mode: Set(r.mode),
            opens_on: Set(r.opens_on),
            closes_on: Set(r.closes_on),
            description: Set(Some(r.description.into())),
            source: Set(r.source.into()),
            illustrative: Set(r.illustrative),
            version: Set(1),
            created_at: Set(created),
            created_by: Set(LOADER.into()),
            updated_at: Set(created),
            updated_by: Set(LOADER.into()),
        });
        for p in &r.partnerships {
            self.parts.push(section11_round_partnership::ActiveModel {
                round_id: Set(r.id.into()),
                partnership_code: Set(*p),
                version: Set(1),
                published_at: Set(r.published_at),
                published_by: Set(r.published_at.map(|_| LOADER.to_string())),
                ..Default::default()
            });
        }
    }

    fn expected_in(&mut self, round: &str, p: P, agency: &str, nil_return: bool) {
        self.participants.push(section11_round_agency::ActiveModel {
            round_id: Set(round.into()),
            agency_id: Set(agency.into()),
            partnership_code: Set(p),
            nil_return: Set(nil_return),
            ..Default::default()
        });
    }

    /// Records a return; returns its id.
    fn return_(&mut self, s: ReturnSpec<'_>) -> String {
        let id = format!("{}.{}.{}", s.round.id, slug(s.partnership), s.agency);
        let closes = s
            .round
            .closes_on
            .and_hms_opt(12, 0, 0)
            .unwrap_or_default()
            .and_utc();
        let submitted = (s.status >= Status::Submitted).then_some(closes);
        let published = if s.status == Status::Published {
            s.round.published_at
        } else {
            None
        };
        let created = s
            .round
            .opens_on
            .and_hms_opt(12, 0, 0)
            .unwrap_or_default()
            .and_utc();
        self.returns.push(section11_return::ActiveModel {
            id: Set(id.clone()),
            round_id: Set(s.round.id.into()),
            agency_id: Set(s.agency.into()),
            partnership_code: Set(s.partnership),
            status: Set(s.status),
            overall_grade: Set(s.overall),
            moderated_overall_grade: Set(s.moderated_overall),
            validation_note: Set(s.validated.map(|(_, note)| note.to_string())),
            source: Set(s.source.into()),
            illustrative: Set(s.illustrative),
            version: Set(1),
            created_at: Set(created),
            created_by: Set(LOADER.into()),
            updated_at: Set(submitted.unwrap_or(created)),
            updated_by: Set(LOADER.into()),
            submitted_at: Set(submitted),
            submitted_by: Set(submitted.map(|_| LOADER.to_string())),
            validated_at: Set(s.validated.map(|(when, _)| when)),
            validated_by: Set(s.validated.map(|_| LOADER.to_string())),
            published_at: Set(published),
            published_by: Set(published.map(|_| LOADER.to_string())),
        });
        id
    }

    fn grade(
        &mut self,
        return_id: &str,
        standard_id: &str,
        grade: Grade,
        moderated: Option<Grade>,
    ) {
        self.grades.push(section11_grade::ActiveModel {
            return_id: Set(return_id.into()),
            standard_id: Set(standard_id.into()),
            self_grade: Set(grade),
            moderated_grade: Set(moderated),
            evidence: Set(None),
            ..Default::default()
        });
    }

    /// Grades every standard of the regional framework (or the first
    /// `limit`), with an action for each grade below Good; returns the
    /// overall grade: the middle of the standards' grades.
    fn illustrative_grades(
        &mut self,
        return_id: &str,
        standards: &[section11_standard::Model],
        limit: usize,
        due: NaiveDate,
    ) -> Grade {
        let mut top = Vec::new();
        for s in standards.iter().take(limit) {
            let g = illustrative_grade(&format!("{return_id}/{}", s.number));
            self.grade(return_id, &s.id, g, None);
            if !g.good_or_better() {
                let order = self.actions.len() as i32;
                self.actions.push(section11_action::ActiveModel {
                    return_id: Set(return_id.into()),
                    standard_id: Set(s.id.clone()),
                    what: Set(format!(
                        "Illustrative: an improvement plan for standard {}, reviewed at the safeguarding group",
                        s.number
                    )),
                    owner: Set("Designated safeguarding lead".into()),
                    due_date: Set(due),
                    sort_order: Set(order),
                    ..Default::default()
                });
            }
            if s.parent_number.is_none() {
                top.push(g);
            }
        }
        let rank = |g: &Grade| Grade::ALL.iter().position(|x| x == g).unwrap_or(0);
        top.sort_by_key(rank);
        top.get(top.len() / 2).copied().unwrap_or(Grade::Good)
    }
}

pub async fn load(txn: &DatabaseTransaction) -> Result<(), DbErr> {
    let regional = section11_standard::Entity::find()
        .filter(section11_standard::Column::FrameworkId.eq(REGIONAL_FRAMEWORK))
        .order_by_asc(section11_standard::Column::SortOrder)
        .all(txn)
        .await?;
    let mut demo = Demo::default();
    agencies(&mut demo);
    somerset_relevant_agencies(&mut demo);
    somerset_2016(&mut demo);
    somerset_2019(&mut demo);
    illustrative_rounds(&mut demo, &regional);
    survey_2024(&mut demo);
    demo.insert(txn).await
}

fn agencies(demo: &mut Demo) {
    let regional: [(Sector, &str); 3] = [
        (Sector::Police, "Police force (regional, illustrative)"),
        (
            Sector::Probation,
            "Probation service (regional, illustrative)",
        ),
        (Sector::Health, "Ambulance service (regional, illustrative)"),
    ];
    for (i, (sector, name)) in regional.into_iter().enumerate() {
        let id = format!("regional-agency-{:02}", i + 1);
        demo.agency(&id, name, sector, &P::ALL, ILLUSTRATIVE, true);
    }
    demo.agency(
        "bnssg-agency-01",
        "Health commissioner for Bristol, North Somerset and South Gloucestershire (illustrative)",
        Sector::Health,
        &[P::Bristol, P::NorthSomerset, P::SouthGloucestershire],
        ILLUSTRATIVE,
        true,
    );
    for p in [
        P::Bristol,
        P::NorthSomerset,
        P::SouthGloucestershire,
        P::BathNeSomerset,
    ] {
        for (i, sector) in LOCAL_SECTORS.into_iter().enumerate() {
            let name = format!(
                "{} {} agency {:02} (illustrative)",
                p.area_name(),
                sector_words(sector),
                i + 1
            );
            demo.agency(&local(p, i + 1), &name, sector, &[p], ILLUSTRATIVE, true);
        }
    }
    for (i, sector) in SOMERSET_SECTORS.into_iter().enumerate() {
        let n = i + 1;
        let name = if n == SOMERSET_SECTORS.len() {
            format!("National agency {n:02}, Somerset (anonymised)")
        } else {
            format!(
                "Somerset {} agency {n:02} (anonymised)",
                sector_words(sector)
            )
            .replace("  ", " ")
        };
        demo.agency(
            &local(P::Somerset, n),
            &name,
            sector,
            &[P::Somerset],
            SRC_2016_ANONYMISED,
            true,
        );
    }
    for (id, name) in DISTRICT_COUNCILS {
        demo.agency(
            id,
            name,
            Sector::LocalAuthority,
            &[P::Somerset],
            SRC_2016_DISTRICT,
            false,
        );
    }
}

/// The single organisations Somerset's 2024 arrangements (seed 003) name as
/// relevant agencies. Groups the list names only by kind (all education
/// providers, GPs, residential homes, voluntary and faith groups, sport and
/// leisure, independent fostering agencies) are not single agencies and are
/// left out.
const SOMERSET_RELEVANT_2024: [(&str, Sector); 21] = [
    ("Somerset Council (Children's Social Care, Youth Justice, Housing, Public Health and Regulatory Services)", Sector::LocalAuthority),
    ("Somerset Integrated Care Board", Sector::Health),
    ("Avon and Somerset Constabulary", Sector::Police),
    ("Avon and Somerset Police and Crime Commissioner", Sector::Other),
    ("National Probation Service", Sector::Probation),
    ("Somerset NHS Foundation Trust", Sector::Health),
    ("CAFCASS", Sector::Other),
    ("South Western Ambulance Trust", Sector::Health),
    ("Devon Doctors and Care UK", Sector::Health),
    ("Devon and Somerset Fire and Rescue", Sector::Other),
    ("Aster Group", Sector::Other),
    ("YMCA", Sector::VoluntaryCommunityFaith),
    ("Curo Group", Sector::Other),
    ("Yarlington Housing Group", Sector::Other),
    ("LiveWest", Sector::Other),
    ("Magna Housing", Sector::Other),
    ("SHAL Housing", Sector::Other),
    ("NHS England", Sector::Health),
    ("British Transport Police", Sector::Police),
    ("Somerset Domestic Abuse Service", Sector::VoluntaryCommunityFaith),
    ("Somerset Drug and Alcohol Service", Sector::Health),
];

fn somerset_relevant_agencies(demo: &mut Demo) {
    for (i, (name, sector)) in SOMERSET_RELEVANT_2024.into_iter().enumerate() {
        demo.agency(
            &format!("somerset-relevant-2024-{:02}", i + 1),
            name,
            sector,
            &[P::Somerset],
            SRC_RELEVANT_2024,
            false,
        );
    }
}

fn somerset_2016(demo: &mut Demo) {
    let round = RoundSpec {
        id: "somerset-2016-17",
        title: "Somerset Section 11 audit 2016-17",
        period: "2016-17",
        framework: SSCB_2016_FRAMEWORK,
        mode: Mode::SelfAssessment,
        opens_on: date(2016, 5, 1),
        closes_on: date(2017, 3, 31),
        description: "The SSCB issued its online Section 11 audit tool across the partnership in May 2016 (closing date not published: the end of the year is held). Peer challenge workshops to validate a sample were planned for 2017/18, so the returns were published unvalidated. Publication date not published: 30 September 2017 is held (illustrative).",
        source: SRC_2016,
        illustrative: false,
        partnerships: vec![P::Somerset],
        published_at: Some(at(2017, 9, 30)),
    };
    demo.round(&round);
    // (agency, overall, grade at 8.3, grade at 11.4): the placement
    // reproduces 4/16/5/0 overall, 21 of 25 and 22 of 25 Good or better, and
    // seven agencies with an Inadequate sub-standard.
    let o = Grade::Outstanding;
    let g = Grade::Good;
    let ri = Grade::RequiresImprovement;
    let i = Grade::Inadequate;
    let mut graded: Vec<(String, Grade, Grade, Grade)> = vec![
        ("regional-agency-01".into(), o, o, o),
        ("regional-agency-02".into(), g, g, g),
        ("regional-agency-03".into(), g, g, g),
    ];
    for (id, _) in DISTRICT_COUNCILS {
        graded.push((id.into(), g, g, g));
    }
    for n in 1..=17 {
        let row = match n {
            1 | 2 | 5 => (o, o, o),
            7 | 9 | 12 | 14 => (ri, i, g),
            16 => (ri, g, i),
            3 | 10 => (g, g, i),
            _ => (g, g, g),
        };
        graded.push((local(P::Somerset, n), row.0, row.1, row.2));
    }
    for (agency, overall, s83, s114) in &graded {
        demo.expected_in(round.id, P::Somerset, agency, false);
        let id = demo.return_(ReturnSpec {
            round: &round,
            partnership: P::Somerset,
            agency,
            status: Status::Published,
            overall: Some(*overall),
            moderated_overall: None,
            validated: None,
            source: SRC_2016_RETURN,
            illustrative: true,
        });
        demo.grade(&id, &format!("{SSCB_2016_FRAMEWORK}/8.3"), *s83, None);
        demo.grade(&id, &format!("{SSCB_2016_FRAMEWORK}/11.4"), *s114, None);
    }
    demo.expected_in(round.id, P::Somerset, &local(P::Somerset, 18), true);
}

fn somerset_2019(demo: &mut Demo) {
    let round = RoundSpec {
        id: "somerset-2019-20",
        title: "Somerset Section 11 audit 2019-20",
        period: "2019-20",
        framework: REGIONAL_FRAMEWORK,
        mode: Mode::SelfAssessment,
        opens_on: date(2019, 10, 1),
        closes_on: date(2020, 2, 28),
        description: "Completed by 19 agencies. Three Section 11 peer review workshops were held in March 2020, offering opportunities for challenge across the partnership. Opening and closing dates are not published: the months before the workshops are held. Grades were not published. Publication date not published: 30 September 2020 is held (illustrative).",
        source: SRC_2019_SOMERSET,
        illustrative: false,
        partnerships: vec![P::Somerset],
        published_at: Some(at(2020, 9, 30)),
    };
    demo.round(&round);
    let agencies: Vec<String> = (1..=3)
        .map(|n| format!("regional-agency-{n:02}"))
        .chain((1..=16).map(|n| local(P::Somerset, n)))
        .collect();
    for agency in &agencies {
        demo.expected_in(round.id, P::Somerset, agency, false);
        demo.return_(ReturnSpec {
            round: &round,
            partnership: P::Somerset,
            agency,
            status: Status::Published,
            overall: None,
            moderated_overall: None,
            validated: Some((
                at(2020, 3, 31),
                "Challenged at the Section 11 peer review workshops, March 2020 (seed 000)",
            )),
            source: SRC_2019_SOMERSET_RETURNS,
            illustrative: true,
        });
    }
}

fn illustrative_rounds(demo: &mut Demo, regional: &[section11_standard::Model]) {
    let west_of_england = RoundSpec {
        id: "west-of-england-2019-20",
        title: "Section 11 audit 2019-20: B&NES, Bristol, South Gloucestershire and North Somerset",
        period: "2019-20",
        framework: REGIONAL_FRAMEWORK,
        mode: Mode::SelfAssessment,
        opens_on: date(2020, 1, 6),
        closes_on: date(2020, 3, 31),
        description: "The self-assessment tool was circulated to all partners across the four areas in January 2020, via Survey Monkey, in the year each moved from LSCB to partnership arrangements. The closing date is not published (the end of the year is held); the returns are illustrative. Publication date not published: 31 March 2021 is held (illustrative).",
        source: SRC_2019_WOE,
        illustrative: false,
        partnerships: vec![P::BathNeSomerset, P::Bristol, P::SouthGloucestershire, P::NorthSomerset],
        published_at: Some(at(2021, 3, 31)),
    };
    let regional_2023 = RoundSpec {
        id: "regional-2023-24",
        title: "Regional Section 11 organisational self-assessment 2023-24",
        period: "2023-24",
        framework: REGIONAL_FRAMEWORK,
        mode: Mode::SelfAssessment,
        opens_on: date(2023, 6, 1),
        closes_on: date(2023, 9, 29),
        description: "The organisational self-assessment the 2024-25 practitioner survey was compared with. Dates and returns are illustrative.",
        source: SRC_2023,
        illustrative: true,
        partnerships: P::ALL.to_vec(),
        published_at: Some(at(2024, 3, 28)),
    };
    let regional_2026 = RoundSpec {
        id: "regional-2026-27",
        title: "Regional Section 11 self-assessment 2026-27 (in progress)",
        period: "2026-27",
        framework: REGIONAL_FRAMEWORK,
        mode: Mode::SelfAssessment,
        opens_on: date(2026, 9, 1),
        closes_on: date(2027, 1, 29),
        description: "An illustrative round in progress: per partnership, one draft, one submitted and one validated return; nothing published yet.",
        source: ILLUSTRATIVE,
        illustrative: true,
        partnerships: P::ALL.to_vec(),
        published_at: None,
    };
    // (round, expected agencies that made no return in each partnership)
    for (round, missing) in [(&west_of_england, 2), (&regional_2023, 1)] {
        demo.round(round);
        for p in round.partnerships.clone() {
            let expected = participants(p);
            for agency in &expected {
                demo.expected_in(round.id, p, agency, false);
            }
            let due = round.closes_on + chrono::Days::new(183);
            let validated_at = round
                .closes_on
                .and_hms_opt(12, 0, 0)
                .unwrap_or_default()
                .and_utc();
            for agency in expected.iter().take(expected.len().saturating_sub(missing)) {
                let return_id = format!("{}.{}.{}", round.id, slug(p), agency);
                let overall = demo.illustrative_grades(&return_id, regional, regional.len(), due);
                demo.return_(ReturnSpec {
                    round,
                    partnership: p,
                    agency,
                    status: Status::Published,
                    overall: Some(overall),
                    moderated_overall: None,
                    validated: Some((validated_at, "Illustrative validation")),
                    source: ILLUSTRATIVE,
                    illustrative: true,
                });
            }
        }
    }
    demo.round(&regional_2026);
    for p in P::ALL {
        let expected = participants(p);
        for agency in &expected {
            demo.expected_in(regional_2026.id, p, agency, false);
        }
        let due = regional_2026.closes_on + chrono::Days::new(183);
        in_progress(demo, &regional_2026, p, &expected, regional, due);
    }
}

/// One draft, one submitted and one validated (with a moderated grade) return
/// for `p` in the round in progress.
fn in_progress(
    demo: &mut Demo,
    round: &RoundSpec,
    p: P,
    expected: &[String],
    regional: &[section11_standard::Model],
    due: NaiveDate,
) {
    let draft = local(p, 1);
    let validated = local(p, 2);
    let submitted = expected.first().cloned().unwrap_or_default();
    for (agency, status, limit) in [
        (&draft, Status::Draft, 8),
        (&submitted, Status::Submitted, regional.len()),
        (&validated, Status::Validated, regional.len()),
    ] {
        let return_id = format!("{}.{}.{}", round.id, slug(p), agency);
        let first_grade = demo.grades.len();
        let overall = demo.illustrative_grades(&return_id, regional, limit, due);
        let moderated =
            (status == Status::Validated && overall == Grade::Outstanding).then_some(Grade::Good);
        if status == Status::Validated {
            // Peer challenge moderated standard 1, the first graded.
            if let Some(grade) = demo.grades.get_mut(first_grade) {
                grade.moderated_grade = Set(Some(Grade::RequiresImprovement));
            }
        }
        demo.return_(ReturnSpec {
            round,
            partnership: p,
            agency,
            status,
            overall: (status != Status::Draft).then_some(overall),
            moderated_overall: moderated,
            validated: (status == Status::Validated).then_some((
                at(2026, 11, 2),
                "Illustrative: moderated at the peer challenge panel",
            )),
            source: ILLUSTRATIVE,
            illustrative: true,
        });
    }
}

fn survey_2024(demo: &mut Demo) {
    let round = RoundSpec {
        id: "regional-practitioner-survey-2024-25",
        title: "Regional Section 11 practitioner survey 2024-25",
        period: "2024-25",
        framework: REGIONAL_FRAMEWORK,
        mode: Mode::PractitionerSurvey,
        opens_on: date(2024, 6, 3),
        closes_on: date(2024, 8, 30),
        description: "In 2024-25 the Section 11 tool took the form of a practitioner survey sent directly to front-line practitioners, to compare their views with the organisations' responses in 2023-24. Run across all five partnerships in summer 2024 (exact dates not published). Publication date not published: 30 September 2025 is held (illustrative).",
        source: SRC_SURVEY,
        illustrative: false,
        partnerships: P::ALL.to_vec(),
        published_at: Some(at(2025, 9, 30)),
    };
    demo.round(&round);
    // (theme, what the figure measures, share positive, key finding)
    let somerset: [(&str, Option<&str>, Option<f64>, &str); 9] = [
        ("Safeguarding Leadership", None, None, "While most practitioners are aware of safeguarding leads, communication methods vary, and some staff remain uninformed."),
        ("Policy Awareness", None, None, "High recognition of core policies like safeguarding and whistleblowing, but lower awareness of regional tools such as the Effective Support document and South West Child Protection Procedures."),
        ("Training and Development", None, None, "Strong uptake of SSCP training, with practitioners valuing relevant content and role clarity. Additional training needs were identified in areas such as exploitation, harmful sexual behaviour, and trauma-informed practice."),
        ("Supervision and Support", Some("Access to safeguarding supervision"), Some(97.0), "97% of practitioners reported access to safeguarding supervision, with 72% rating its quality highly."),
        ("Supervision and Support", Some("Quality of safeguarding supervision rated highly"), Some(72.0), "97% of practitioners reported access to safeguarding supervision, with 72% rating its quality highly."),
        ("Information Sharing", None, None, "Confidence is generally high, but barriers persist, including inconsistent policies and IT systems."),
        ("Listening to Children", None, None, "Practitioners demonstrated a strong commitment to capturing the child's voice, with direct observation and engagement being central to practice."),
        ("Inclusion and Identity", None, None, "Responses highlighted the importance of cultural sensitivity, anti-discriminatory practice, and tailored support."),
        ("Regional Priorities", None, None, "Engagement with fathers including promotion of ICON messaging was identified as an area for continued focus."),
    ];
    for (n, (theme, question, share, finding)) in somerset.into_iter().enumerate() {
        demo.results.push(survey_row(
            round.id,
            P::Somerset,
            n,
            theme,
            question,
            share,
            None,
            finding,
            SRC_SURVEY,
            false,
        ));
    }
    let recommendations = [
        Some("Improve internal communication"),
        Some("Promote key safeguarding tools, including the Family Strengths and Needs Toolkit"),
        Some("Enhance training oversight"),
        Some("Increase awareness of ICON messaging across the system"),
        None,
        None,
        None,
    ];
    for (n, text) in recommendations.into_iter().enumerate() {
        let text = text.unwrap_or("Not itemised in the published report, which reports seven recommendations and names four");
        demo.recommendations.push(recommendation(
            round.id,
            P::Somerset,
            n,
            text,
            SRC_SURVEY,
            false,
        ));
    }
    for p in [
        P::Bristol,
        P::NorthSomerset,
        P::SouthGloucestershire,
        P::BathNeSomerset,
    ] {
        let themes = [
            "Safeguarding Leadership",
            "Policy Awareness",
            "Training and Development",
            "Supervision and Support",
            "Information Sharing",
            "Listening to Children",
            "Inclusion and Identity",
            "Regional Priorities",
        ];
        let respondents = 60 + (spread(slug(p)) % 140) as i32;
        for (n, theme) in themes.into_iter().enumerate() {
            let share = 60.0 + (spread(&format!("{}/{theme}", slug(p))) % 38) as f64;
            let finding = format!(
                "Illustrative: {share:.0}% of {} practitioners answered positively on {}.",
                p.area_name(),
                theme.to_lowercase()
            );
            demo.results.push(survey_row(
                round.id,
                p,
                n,
                theme,
                None,
                Some(share),
                Some(respondents),
                &finding,
                ILLUSTRATIVE,
                true,
            ));
        }
        for (n, text) in [
            "Illustrative: strengthen how safeguarding leads are made known to front-line staff",
            "Illustrative: promote the regional child protection procedures",
        ]
        .into_iter()
        .enumerate()
        {
            demo.recommendations
                .push(recommendation(round.id, p, n, text, ILLUSTRATIVE, true));
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn survey_row(
    round: &str,
    p: P,
    n: usize,
    theme: &str,
    question: Option<&str>,
    share: Option<f64>,
    respondents: Option<i32>,
    finding: &str,
    source: &str,
    illustrative: bool,
) -> section11_survey_result::ActiveModel {
    section11_survey_result::ActiveModel {
        round_id: Set(round.into()),
        partnership_code: Set(p),
        theme: Set(theme.into()),
        question: Set(question.map(str::to_string)),
        share_positive: Set(share),
        respondents: Set(respondents),
        key_finding: Set(finding.into()),
        source: Set(source.into()),
        illustrative: Set(illustrative),
        sort_order: Set(n as i32 + 1),
        ..Default::default()
    }
}

fn recommendation(
    round: &str,
    p: P,
    n: usize,
    text: &str,
    source: &str,
    illustrative: bool,
) -> section11_recommendation::ActiveModel {
    section11_recommendation::ActiveModel {
        round_id: Set(round.into()),
        partnership_code: Set(p),
        number: Set(n as i32 + 1),
        text: Set(text.into()),
        source: Set(source.into()),
        illustrative: Set(illustrative),
        ..Default::default()
    }
}

impl Demo {
    async fn insert(self, txn: &DatabaseTransaction) -> Result<(), DbErr> {
        insert_all(txn, self.agencies).await?;
        insert_all(txn, self.agency_partnerships).await?;
        insert_all(txn, self.rounds).await?;
        insert_all(txn, self.parts).await?;
        insert_all(txn, self.participants).await?;
        insert_all(txn, self.returns).await?;
        insert_all(txn, self.grades).await?;
        crate::section11::service::tally::recount_all(txn).await?;
        insert_all(txn, self.actions).await?;
        insert_all(txn, self.results).await?;
        insert_all(txn, self.recommendations).await
    }
}

/// Inserts in chunks, keeping each statement within every database's bind limits.
async fn insert_all<A>(txn: &DatabaseTransaction, rows: Vec<A>) -> Result<(), DbErr>
where
    A: ActiveModelTrait + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(100).collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn illustrative_grades_are_stable_and_mostly_good() {
        assert_eq!(illustrative_grade("a/1"), illustrative_grade("a/1"));
        let good = (0..1000)
            .filter(|n| illustrative_grade(&format!("r{n}/1.1")).good_or_better())
            .count();
        assert!((700..950).contains(&good), "{good}");
    }
}
