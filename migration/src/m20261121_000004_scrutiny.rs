//! Independent scrutiny: themes (reference data, migrated in with their
//! sources), scrutineers and their dated appointments, activities with the
//! partnerships and themes they cover, findings, recommendations and their
//! append-only history.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261121_000004_scrutiny"
    }
}

const SRC_REGIONAL: &str = "NSSCP report October 2019 - December 2020 (seed 004), Independent Scrutiny: key priorities identified at the regional peer review workshop held in October 2019";
const SRC_REGIONAL_SSCP: &str = "NSSCP report October 2019 - December 2020 (seed 004), Independent Scrutiny: key priorities identified at the regional peer review workshop held in October 2019; also listed in SSCP first report 2019-20 (seed 000), Independent Scrutiny";
const SRC_SYV: &str = "SSCP annual report 2024-25 (seed 001), Independent scrutiny: summary report on progress against the JTAI theme of serious youth violence (January 2025)";
const SRC_ADOLESCENTS: &str = "NSSCP report October 2019 - December 2020 (seed 004), NSSCP Development Day (December 2020): vulnerable adolescents among the partnership's priorities";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("scrutiny_theme")
                    .col(string_len("code", 64).primary_key())
                    .col(string("name"))
                    .col(string_len("scope", 16))
                    .col(string_len_null("partnership_code", 32))
                    .col(text("description"))
                    .col(text("source"))
                    .col(integer("sort_order"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("scrutiny_theme", "partnership_code")
                            .to("partnership", "code"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("scrutiny_scrutineer")
                    .col(string_len("id", 36).primary_key())
                    .col(string("name"))
                    .col(text("source"))
                    .col(boolean("illustrative"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("scrutiny_appointment")
                    .col(string_len("id", 36).primary_key())
                    .col(string_len("scrutineer_id", 36))
                    .col(string_len_null("partnership_code", 32))
                    .col(date_null("start_date"))
                    .col(date_null("end_date"))
                    .col(text("source"))
                    .col(boolean("illustrative"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("scrutiny_appointment", "scrutineer_id")
                            .to("scrutiny_scrutineer", "id"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("scrutiny_appointment", "partnership_code")
                            .to("partnership", "code"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("scrutiny_activity")
                    .col(string_len("id", 36).primary_key())
                    .col(string_len("kind", 32))
                    .col(date("activity_date"))
                    .col(string("title"))
                    .col(text("summary"))
                    .col(string_null("report_reference"))
                    .col(string_len_null("scrutineer_id", 36))
                    .col(boolean("published"))
                    .col(text("source"))
                    .col(boolean("illustrative"))
                    .col(string("recorded_by"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .col(string("updated_by"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(integer("version").default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .from("scrutiny_activity", "scrutineer_id")
                            .to("scrutiny_scrutineer", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("scrutiny_activity_partnership")
                    .col(string_len("activity_id", 36))
                    .col(string_len("partnership_code", 32))
                    .primary_key(Index::create().col("activity_id").col("partnership_code"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("scrutiny_activity_partnership", "activity_id")
                            .to("scrutiny_activity", "id"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("scrutiny_activity_partnership", "partnership_code")
                            .to("partnership", "code"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("scrutiny_activity_theme")
                    .col(string_len("activity_id", 36))
                    .col(string_len("theme_code", 64))
                    .primary_key(Index::create().col("activity_id").col("theme_code"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("scrutiny_activity_theme", "activity_id")
                            .to("scrutiny_activity", "id"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("scrutiny_activity_theme", "theme_code")
                            .to("scrutiny_theme", "code"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("scrutiny_finding")
                    .col(string_len("id", 36).primary_key())
                    .col(string_len("activity_id", 36))
                    .col(integer("position"))
                    .col(string_len("kind", 32))
                    .col(text("text"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("scrutiny_finding", "activity_id")
                            .to("scrutiny_activity", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("scrutiny_recommendation")
                    .col(string_len("id", 36).primary_key())
                    .col(string_len("activity_id", 36))
                    .col(integer("position"))
                    .col(text("text"))
                    .col(string_len("owner_partnership_code", 32))
                    .col(string_null("owner_agency"))
                    .col(date("due_date"))
                    .col(string_len("status", 16))
                    .col(string("recorded_by"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(integer("version").default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .from("scrutiny_recommendation", "activity_id")
                            .to("scrutiny_activity", "id"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("scrutiny_recommendation", "owner_partnership_code")
                            .to("partnership", "code"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("scrutiny_recommendation_event")
                    .col(string_len("id", 36).primary_key())
                    .col(string_len("recommendation_id", 36))
                    .col(integer("sequence"))
                    .col(string_len("kind", 16))
                    .col(timestamp_with_time_zone("occurred_at"))
                    .col(string("actor"))
                    .col(string_len("actor_role", 32))
                    .col(string_len_null("from_status", 16))
                    .col(string_len_null("to_status", 16))
                    .col(text_null("text"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("scrutiny_recommendation_event", "recommendation_id")
                            .to("scrutiny_recommendation", "id"),
                    )
                    .to_owned(),
            )
            .await?;

        // Every filter and join of the scrutiny service has an index; the
        // (partnership, activity) and (theme, activity) orders serve both the
        // list filters and the coverage GROUP BY.
        let indexes: [(&str, &str, &[&str], bool); 11] = [
            (
                "ix_scrutiny_appointment_scrutineer",
                "scrutiny_appointment",
                &["scrutineer_id"],
                false,
            ),
            (
                "ix_scrutiny_appointment_partnership",
                "scrutiny_appointment",
                &["partnership_code"],
                false,
            ),
            (
                "ix_scrutiny_activity_date",
                "scrutiny_activity",
                &["activity_date", "id"],
                false,
            ),
            (
                "ix_scrutiny_activity_published",
                "scrutiny_activity",
                &["published", "activity_date"],
                false,
            ),
            (
                "ix_scrutiny_activity_partnership_code",
                "scrutiny_activity_partnership",
                &["partnership_code", "activity_id"],
                false,
            ),
            (
                "ix_scrutiny_activity_theme_code",
                "scrutiny_activity_theme",
                &["theme_code", "activity_id"],
                false,
            ),
            (
                "ix_scrutiny_finding_activity",
                "scrutiny_finding",
                &["activity_id", "position"],
                false,
            ),
            (
                "ix_scrutiny_recommendation_activity",
                "scrutiny_recommendation",
                &["activity_id", "position"],
                false,
            ),
            (
                "ix_scrutiny_recommendation_owner",
                "scrutiny_recommendation",
                &["owner_partnership_code", "status", "due_date"],
                false,
            ),
            (
                "ix_scrutiny_recommendation_status_due",
                "scrutiny_recommendation",
                &["status", "due_date"],
                false,
            ),
            (
                "ux_scrutiny_recommendation_event_sequence",
                "scrutiny_recommendation_event",
                &["recommendation_id", "sequence"],
                true,
            ),
        ];
        for (name, table, cols, unique) in indexes {
            let mut index = Index::create().name(name).table(table).to_owned();
            for col in cols {
                index.col(*col);
            }
            if unique {
                index.unique();
            }
            manager.create_index(index).await?;
        }

        seed_themes(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "scrutiny_recommendation_event",
            "scrutiny_recommendation",
            "scrutiny_finding",
            "scrutiny_activity_theme",
            "scrutiny_activity_partnership",
            "scrutiny_activity",
            "scrutiny_appointment",
            "scrutiny_scrutineer",
            "scrutiny_theme",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// code, name, scope, partnership of a local theme, description, source
type ThemeRow = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
);

/// The eight regional themes set at the October 2019 peer review workshop, and
/// local themes partnerships scrutinise on their own account.
async fn seed_themes(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let themes: [ThemeRow; 10] = [
        ("CONTEXTUAL_SAFEGUARDING", "Contextual safeguarding", "REGIONAL", None,
            "How partners respond to risks to children outside the family home (\"contextualised safeguarding\" in the workshop's list).", SRC_REGIONAL_SSCP),
        ("EARLY_HELP_AND_RELATIONSHIP_BUILDING", "Early help and relationship building", "REGIONAL", None,
            "Help offered early, and the relationships with children and families it depends on.", SRC_REGIONAL_SSCP),
        ("TRANSITION_INTO_YOUNG_ADULTHOOD", "Transition into young adulthood", "REGIONAL", None,
            "How young people at risk are supported as they move from children's to adult services.", SRC_REGIONAL_SSCP),
        ("RESPONSE_TO_DOMESTIC_ABUSE", "Response to domestic abuse", "REGIONAL", None,
            "The multi-agency response to children living with domestic abuse.", SRC_REGIONAL_SSCP),
        ("EFFECTIVE_PARTNERSHIP_ARRANGEMENTS", "Effective partnership arrangements", "REGIONAL", None,
            "Whether the multi-agency safeguarding arrangements themselves work.", SRC_REGIONAL),
        ("PLACING_CHILDREN_OUT_OF_HOURS", "Placing children out of hours", "REGIONAL", None,
            "Finding a safe placement for a child outside office hours.", SRC_REGIONAL),
        ("MISSING_CHILDREN", "Missing children", "REGIONAL", None,
            "The response when children go missing from home or care.", SRC_REGIONAL),
        ("CHILDREN_MISSING_FROM_EDUCATION", "Children missing from education", "REGIONAL", None,
            "Children of compulsory school age not on a school roll or otherwise receiving suitable education.", SRC_REGIONAL),
        ("SERIOUS_YOUTH_VIOLENCE", "Serious youth violence", "LOCAL", Some("SOMERSET"),
            "The partnership response to serious youth violence, scrutinised in Somerset after the May 2024 joint targeted area inspection.", SRC_SYV),
        ("VULNERABLE_ADOLESCENTS", "Vulnerable adolescents", "LOCAL", Some("NORTH_SOMERSET"),
            "Adolescents made vulnerable by mental health needs, exploitation or caring responsibilities: a North Somerset priority.", SRC_ADOLESCENTS),
    ];
    let mut insert = Query::insert()
        .into_table("scrutiny_theme")
        .columns([
            "code",
            "name",
            "scope",
            "partnership_code",
            "description",
            "source",
            "sort_order",
        ])
        .to_owned();
    for (order, (code, name, scope, partnership, description, source)) in
        themes.into_iter().enumerate()
    {
        insert.values_panic([
            code.into(),
            name.into(),
            scope.into(),
            partnership.map(str::to_owned).into(),
            description.into(),
            source.into(),
            (order as i32 + 1).into(),
        ]);
    }
    manager.exec_stmt(insert).await
}
