//! Practice review demo data: every figure the seed reports publish on
//! learning from serious incidents, each citing its report and section, and
//! illustrative figures and records (marked as such) for what the reports
//! do not give, so the record-level queries and the benchmarks have
//! something to show.
use chrono::{NaiveDate, Utc};
use entity::practice_review_enums::RapidReviewDecision;
use entity::scrutiny_enums::RecommendationEventKind;
use entity::scrutiny_enums::RecommendationStatus;
use entity::{
    practice_review_annual_figure as annual, practice_review_lcspr as lcspr,
    practice_review_learning_review as learning, practice_review_rapid_review as rapid,
    practice_review_recommendation as recommendation,
    practice_review_recommendation_event as event, PartnershipCode,
};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, DbErr, EntityTrait, Set};

use PartnershipCode::*;

const DEMO_ACTOR: &str = "demo-data";

const SSCP_2025: &str = "SSCP annual report 2024-25 (seed 001), Learning from serious incidents: table of Number of Rapid Reviews and LCSPR by year";
const SSCP_2025_LEARNING: &str = "SSCP annual report 2024-25 (seed 001), Learning from serious incidents: Number of Rapid Reviews and LCSPR table; \"The partnership has completed six non-statutory learning reviews\"";
const SSCP_2020: &str = "SSCP first report 2019-20 (seed 000), Rapid Reviews: \"SCPP has completed three rapid reviews in 2019-2020\"";
const NSSCP_2020: &str = "NSSCP report October 2019 - December 2020 (seed 004), Child Safeguarding Practice Reviews: five rapid reviews submitted to the National Review Panel between June and December 2020; two cases proceeded to a full local Child Safeguarding Practice Review";
const ILLUSTRATIVE: &str = "Illustrative demo figures, made up: not from any published report";

/// (partnership, period, rapid reviews, LCSPRs commissioned, learning reviews, source, illustrative)
type Annual = (
    PartnershipCode,
    &'static str,
    Option<i32>,
    Option<i32>,
    Option<i32>,
    &'static str,
    bool,
);

/// (id, partnership, reference, incident known, notified, completed, sent
/// to the panel, decision, themes, source)
type DemoRapid = (
    &'static str,
    PartnershipCode,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<RapidReviewDecision>,
    &'static [&'static str],
    &'static str,
);

const ANNUAL: &[Annual] = &[
    (Somerset, "2019-20", Some(3), None, None, SSCP_2020, false),
    (
        Somerset,
        "2021-22",
        Some(6),
        Some(1),
        None,
        SSCP_2025,
        false,
    ),
    (
        Somerset,
        "2022-23",
        Some(7),
        Some(0),
        None,
        SSCP_2025,
        false,
    ),
    (
        Somerset,
        "2023-24",
        Some(3),
        Some(0),
        None,
        SSCP_2025,
        false,
    ),
    (
        Somerset,
        "2024-25",
        Some(2),
        Some(1),
        Some(6),
        SSCP_2025_LEARNING,
        false,
    ),
    (
        NorthSomerset,
        "2019-10-01/2020-12-31",
        Some(5),
        Some(2),
        None,
        NSSCP_2020,
        false,
    ),
    (
        NorthSomerset,
        "2023-24",
        Some(3),
        Some(1),
        Some(2),
        ILLUSTRATIVE,
        true,
    ),
    (
        NorthSomerset,
        "2024-25",
        Some(2),
        Some(0),
        Some(3),
        ILLUSTRATIVE,
        true,
    ),
    (
        SouthGloucestershire,
        "2023-24",
        Some(4),
        Some(1),
        Some(2),
        ILLUSTRATIVE,
        true,
    ),
    (
        SouthGloucestershire,
        "2024-25",
        Some(5),
        Some(1),
        Some(1),
        ILLUSTRATIVE,
        true,
    ),
    (
        BathNeSomerset,
        "2023-24",
        Some(2),
        Some(0),
        Some(1),
        ILLUSTRATIVE,
        true,
    ),
    (
        BathNeSomerset,
        "2024-25",
        Some(3),
        Some(1),
        Some(2),
        ILLUSTRATIVE,
        true,
    ),
    (
        Bristol,
        "2023-24",
        Some(9),
        Some(2),
        Some(4),
        ILLUSTRATIVE,
        true,
    ),
    (
        Bristol,
        "2024-25",
        Some(8),
        Some(1),
        Some(3),
        ILLUSTRATIVE,
        true,
    ),
];

fn d(s: &str) -> NaiveDate {
    s.parse().expect("demo dates are valid")
}

fn themes(list: &[&str]) -> serde_json::Value {
    serde_json::Value::from(list.iter().map(|t| t.to_string()).collect::<Vec<_>>())
}

/// Loads the practice review demo data inside the demo transaction.
pub async fn load(txn: &DatabaseTransaction) -> Result<(), DbErr> {
    let now = Utc::now();
    annual::Entity::insert_many(ANNUAL.iter().enumerate().map(
        |(i, (p, period, rapid, lcsprs, learning, source, illustrative))| annual::ActiveModel {
            id: Set(format!("demo-pr-annual-{i}")),
            partnership_code: Set(*p),
            period_label: Set(period.to_string()),
            rapid_reviews: Set(*rapid),
            lcsprs_commissioned: Set(*lcsprs),
            learning_reviews: Set(*learning),
            source: Set(source.to_string()),
            illustrative: Set(*illustrative),
            recorded_by: Set(DEMO_ACTOR.into()),
            recorded_at: Set(now),
            updated_by: Set(DEMO_ACTOR.into()),
            updated_at: Set(now),
            version: Set(1),
        },
    ))
    .exec_without_returning(txn)
    .await?;

    // Somerset's two rapid reviews of 2024-25 and their published themes.
    // The report gives no dates or references, so those are made up and
    // the records marked illustrative; the published count (2) stays the
    // year's figure, and these are never added to it.
    let somerset_themes = "Themes from SSCP annual report 2024-25 (seed 001), Learning from serious incidents, Rapid Review themes; dates and references illustrative";
    let bristol = "Illustrative demo record, made up: not from any published report";
    let rapids: [DemoRapid; 4] = [
        ("demo-rr-somerset-1", Somerset, "SSCP-RR-2024-01", "2024-06-03", "2024-06-05", Some("2024-06-20"), Some("2024-06-21"), Some(RapidReviewDecision::NoFurtherReview),
            &["Limitations in the recognition and response to intrafamilial child sexual abuse."], somerset_themes),
        ("demo-rr-somerset-2", Somerset, "SSCP-RR-2024-02", "2024-12-16", "2024-12-18", Some("2025-01-08"), Some("2025-01-10"), Some(RapidReviewDecision::NoFurtherReview),
            &["Child death (cause unknown) where there were some limitations in information sharing alongside some effective pre-birth planning."], somerset_themes),
        ("demo-rr-bristol-1", Bristol, "KBSP-RR-2025-01", "2025-04-11", "2025-04-14", Some("2025-05-01"), Some("2025-05-07"), Some(RapidReviewDecision::Lcspr),
            &["Non-accidental injury to an infant", "Information sharing between health and children's social care"], bristol),
        ("demo-rr-bristol-2", Bristol, "KBSP-RR-2025-02", "2025-12-19", "2025-12-22", Some("2026-01-15"), Some("2026-01-16"), Some(RapidReviewDecision::NoFurtherReview),
            &["Adolescent neglect"], bristol),
    ];
    for (id, p, reference, known, notified, completed, sent, decision, list, source) in rapids {
        rapid::ActiveModel {
            id: Set(id.into()),
            partnership_code: Set(p),
            reference: Set(reference.into()),
            incident_known: Set(d(known)),
            notified: Set(d(notified)),
            completed: Set(completed.map(d)),
            sent_to_panel: Set(sent.map(d)),
            decision: Set(decision),
            panel_response: Set(None),
            themes: Set(themes(list)),
            source: Set(source.into()),
            illustrative: Set(true),
            recorded_by: Set(DEMO_ACTOR.into()),
            recorded_at: Set(now),
            updated_by: Set(DEMO_ACTOR.into()),
            updated_at: Set(now),
            version: Set(1),
        }
        .insert(txn)
        .await?;
    }

    // Somerset's ongoing review, as the report describes it; its dates are
    // made up, so it is marked illustrative.
    for (id, p, rr, title, commissioned, expected, reason, list, source) in [
        ("demo-lcspr-somerset-1", Somerset, None, "Death of an infant child in a hospital setting due to non-accidental injury",
            "2024-09-02", "2025-10-31", Some("Delayed due to criminal proceedings"),
            &["Non-accidental injury", "Infant safeguarding in hospital settings"][..],
            "SSCP annual report 2024-25 (seed 001), Learning from serious incidents, Child Safeguarding Practice Review (due for completion in autumn 2025); dates illustrative"),
        ("demo-lcspr-bristol-1", Bristol, Some("demo-rr-bristol-1"), "Baby K: non-accidental injury",
            "2025-05-20", "2025-11-20", None,
            &["Non-accidental injury to an infant", "Information sharing between health and children's social care"][..],
            bristol),
    ] {
        lcspr::ActiveModel {
            id: Set(id.into()),
            partnership_code: Set(p),
            rapid_review_id: Set(rr.map(str::to_owned)),
            title: Set(title.into()),
            commissioned: Set(d(commissioned)),
            independent_reviewer: Set(true),
            reviewer: Set(None),
            expected_completion: Set(d(expected)),
            completed: Set(None),
            published: Set(None),
            not_published_reason: Set(reason.map(str::to_owned)),
            themes: Set(themes(list)),
            source: Set(source.into()),
            illustrative: Set(true),
            recorded_by: Set(DEMO_ACTOR.into()),
            recorded_at: Set(now),
            updated_by: Set(DEMO_ACTOR.into()),
            updated_at: Set(now),
            version: Set(1),
        }
        .insert(txn)
        .await?;
    }
    for (i, (text, due)) in [
        ("Health and children's social care agree a single route for sharing concerns about bruising in non-mobile babies.", "2026-03-31"),
        ("The partnership audits the use of the pre-birth protocol across agencies.", "2026-06-30"),
    ]
    .into_iter()
    .enumerate()
    {
        let id = format!("demo-lcspr-bristol-1-rec-{i}");
        recommendation::ActiveModel {
            id: Set(id.clone()),
            lcspr_id: Set("demo-lcspr-bristol-1".into()),
            position: Set(i as i32),
            text: Set(text.into()),
            owner_partnership_code: Set(Bristol),
            owner_agency: Set(None),
            due_date: Set(d(due)),
            status: Set(RecommendationStatus::Open),
            recorded_by: Set(DEMO_ACTOR.into()),
            recorded_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        }
        .insert(txn)
        .await?;
        event::ActiveModel {
            id: Set(format!("{id}-event-1")),
            recommendation_id: Set(id),
            sequence: Set(1),
            kind: Set(RecommendationEventKind::Recorded),
            occurred_at: Set(now),
            actor: Set(DEMO_ACTOR.into()),
            actor_role: Set("regional_admin".into()),
            from_status: Set(None),
            to_status: Set(Some(RecommendationStatus::Open)),
            text: Set(None),
        }
        .insert(txn)
        .await?;
    }
    learning::ActiveModel {
        id: Set("demo-lr-bristol-1".into()),
        partnership_code: Set(Bristol),
        title: Set("Missing episodes and suspected exploitation".into()),
        completed: Set(d("2025-02-14")),
        themes: Set(themes(&[
            "Response to missing episodes",
            "Trauma-informed practice",
        ])),
        source: Set(bristol.into()),
        illustrative: Set(true),
        recorded_by: Set(DEMO_ACTOR.into()),
        recorded_at: Set(now),
        updated_by: Set(DEMO_ACTOR.into()),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(txn)
    .await?;
    Ok(())
}
