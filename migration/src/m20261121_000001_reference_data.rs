//! Reference data: partnerships, CDOP panels and memberships, reporting periods,
//! child populations. Every figure names its source.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261121_000001_reference_data"
    }
}

const SRC_DESIGN: &str = "Regional safeguarding data hub design, reference data table";
const SRC_SSCB_2016: &str =
    "Somerset Safeguarding Children Board annual report 2016-17 (seed 002), section 7 Child Death Overview Panel";
const SRC_SSCP_2019: &str = "SSCP first report 2019-20 (seed 000), Child Death Overview Panel: Somerset merged its CDOP function with that of Dorset";
const SRC_NSSCP_2020: &str = "NSSCP report October 2019 - December 2020 (seed 004), CDOP annual report: remains a member of the West of England CDOP as it did as an LSCB";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("partnership")
                    .col(string_len("code", 32).primary_key())
                    .col(string("name"))
                    .col(string("abbreviation"))
                    .col(string("local_authority_name"))
                    .col(string_len("local_authority_gss_code", 9))
                    .col(string_null("local_authority_previous_gss_codes"))
                    .col(string("icb"))
                    .col(string("police_force"))
                    .col(integer("sort_order"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("cdop_panel")
                    .col(string_len("code", 64).primary_key())
                    .col(string("name"))
                    .col(text("source"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("cdop_panel_membership")
                    .col(pk_auto("id"))
                    .col(string_len("panel_code", 64))
                    .col(string_len("partnership_code", 32))
                    .col(date_null("start_date"))
                    .col(date_null("end_date"))
                    .col(text("source"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("cdop_panel_membership", "panel_code")
                            .to("cdop_panel", "code"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("cdop_panel_membership", "partnership_code")
                            .to("partnership", "code"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_cdop_panel_membership_partnership")
                    .table("cdop_panel_membership")
                    .col("partnership_code")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("reporting_period")
                    .col(string_len("label", 32).primary_key())
                    .col(date("start_date"))
                    .col(date("end_date"))
                    .col(boolean("standard"))
                    .col(text("description"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("child_population")
                    .col(pk_auto("id"))
                    .col(string_len("partnership_code", 32))
                    .col(integer("year"))
                    .col(integer("children"))
                    .col(text("source"))
                    .col(boolean("approximate"))
                    .col(integer("version").default(1))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("child_population", "partnership_code")
                            .to("partnership", "code"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_child_population_partnership_year")
                    .table("child_population")
                    .col("partnership_code")
                    .col("year")
                    .unique()
                    .to_owned(),
            )
            .await?;

        seed(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "child_population",
            "reporting_period",
            "cdop_panel_membership",
            "cdop_panel",
            "partnership",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// code, name, abbreviation, local authority, GSS code, earlier GSS codes, ICB, order
type PartnershipRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    i32,
);

async fn seed(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let partnerships: [PartnershipRow; 5] = [
        (
            "BRISTOL",
            "Keeping Bristol Safe Partnership",
            "KBSP",
            "Bristol City Council",
            "E06000023",
            None,
            "BNSSG",
            1,
        ),
        (
            "NORTH_SOMERSET",
            "North Somerset Safeguarding Children Partnership",
            "NSSCP",
            "North Somerset Council",
            "E06000024",
            None,
            "BNSSG",
            2,
        ),
        (
            "SOUTH_GLOUCESTERSHIRE",
            "South Gloucestershire Safeguarding Children Partnership",
            "SGSCP",
            "South Gloucestershire Council",
            "E06000025",
            None,
            "BNSSG",
            3,
        ),
        (
            "BATH_NE_SOMERSET",
            "Bath and North East Somerset Community Safety and Safeguarding Partnership",
            "BCSSP",
            "Bath and North East Somerset Council",
            "E06000022",
            None,
            "BSW",
            4,
        ),
        (
            "SOMERSET",
            "Somerset Safeguarding Children Partnership",
            "SSCP",
            "Somerset Council",
            "E06000066",
            Some("E10000027 until 2023-03-31 (Somerset County Council)"),
            "Somerset",
            5,
        ),
    ];
    let mut insert = Query::insert()
        .into_table("partnership")
        .columns([
            "code",
            "name",
            "abbreviation",
            "local_authority_name",
            "local_authority_gss_code",
            "local_authority_previous_gss_codes",
            "icb",
            "police_force",
            "sort_order",
        ])
        .to_owned();
    for (code, name, abbr, la, gss, prev, icb, order) in partnerships {
        insert.values_panic([
            code.into(),
            name.into(),
            abbr.into(),
            la.into(),
            gss.into(),
            prev.map(str::to_owned).into(),
            icb.into(),
            "Avon and Somerset Constabulary".into(),
            order.into(),
        ]);
    }
    manager.exec_stmt(insert).await?;

    let mut panels = Query::insert()
        .into_table("cdop_panel")
        .columns(["code", "name", "source"])
        .to_owned();
    for (code, name, source) in [
        (
            "WEST_OF_ENGLAND",
            "West of England Child Death Overview Panel",
            SRC_NSSCP_2020,
        ),
        (
            "PAN_DORSET_AND_SOMERSET",
            "Pan-Dorset and Somerset Child Death Overview Panel",
            SRC_SSCP_2019,
        ),
        (
            "SOMERSET",
            "Somerset Child Death Overview Panel (Somerset Safeguarding Children Board)",
            SRC_SSCB_2016,
        ),
    ] {
        panels.values_panic([code.into(), name.into(), source.into()]);
    }
    manager.exec_stmt(panels).await?;

    let mut memberships = Query::insert()
        .into_table("cdop_panel_membership")
        .columns([
            "panel_code",
            "partnership_code",
            "start_date",
            "end_date",
            "source",
        ])
        .to_owned();
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid date");
    for (panel, partnership, start, end, source) in [
        ("WEST_OF_ENGLAND", "BRISTOL", None, None, SRC_DESIGN),
        (
            "WEST_OF_ENGLAND",
            "NORTH_SOMERSET",
            None,
            None,
            SRC_NSSCP_2020,
        ),
        (
            "WEST_OF_ENGLAND",
            "SOUTH_GLOUCESTERSHIRE",
            None,
            None,
            SRC_DESIGN,
        ),
        (
            "WEST_OF_ENGLAND",
            "BATH_NE_SOMERSET",
            None,
            None,
            SRC_DESIGN,
        ),
        (
            "SOMERSET",
            "SOMERSET",
            None,
            Some(d("2019-06-30")),
            SRC_SSCB_2016,
        ),
        (
            "PAN_DORSET_AND_SOMERSET",
            "SOMERSET",
            Some(d("2019-07-01")),
            None,
            SRC_SSCP_2019,
        ),
    ] {
        memberships.values_panic([
            panel.into(),
            partnership.into(),
            start.into(),
            end.into(),
            source.into(),
        ]);
    }
    manager.exec_stmt(memberships).await?;

    let mut periods = Query::insert()
        .into_table("reporting_period")
        .columns(["label", "start_date", "end_date", "standard", "description"])
        .to_owned();
    for year in 2015..=2026 {
        let label = format!("{}-{:02}", year, (year + 1) % 100);
        periods.values_panic([
            label.clone().into(),
            chrono::NaiveDate::from_ymd_opt(year, 4, 1).into(),
            chrono::NaiveDate::from_ymd_opt(year + 1, 3, 31).into(),
            true.into(),
            format!(
                "Financial year {label}: 1 April {year} to 31 March {}",
                year + 1
            )
            .into(),
        ]);
    }
    periods.values_panic([
        "2019-10-01/2020-12-31".into(),
        d("2019-10-01").into(),
        d("2020-12-31").into(),
        false.into(),
        "October 2019 to December 2020: the period of the North Somerset Safeguarding Children Partnership's first report (seed 004)".into(),
    ]);
    manager.exec_stmt(periods).await?;

    let placeholder = "Placeholder estimate, approximate: to be replaced by the ONS mid-year estimate for children aged 0-17";
    let mut populations = Query::insert()
        .into_table("child_population")
        .columns([
            "partnership_code",
            "year",
            "children",
            "source",
            "approximate",
            "version",
            "updated_at",
        ])
        .to_owned();
    let loaded_at = chrono::DateTime::parse_from_rfc3339("2026-11-21T00:00:00Z")
        .expect("valid timestamp")
        .with_timezone(&chrono::Utc);
    for (partnership, year, children, source, approximate) in [
        ("SOMERSET", 2016, 109_657, "Somerset Safeguarding Children Board annual report 2016-17 (seed 002), Somerset context: 109,657 children aged under 18 (2016 year population estimates)", false),
        ("SOMERSET", 2022, 110_512, "SSCP annual report 2024-25 (seed 001), Somerset context: 110,512 children and young people aged 0-17 (ONS 2022)", false),
        ("NORTH_SOMERSET", 2019, 45_671, "NSSCP report October 2019 - December 2020 (seed 004), data snapshot: 45,671 children and young people in North Somerset", false),
        ("BRISTOL", 2016, 90_000, placeholder, true),
        ("BRISTOL", 2022, 93_500, placeholder, true),
        ("NORTH_SOMERSET", 2016, 44_500, placeholder, true),
        ("NORTH_SOMERSET", 2022, 45_900, placeholder, true),
        ("SOUTH_GLOUCESTERSHIRE", 2016, 57_500, placeholder, true),
        ("SOUTH_GLOUCESTERSHIRE", 2022, 61_000, placeholder, true),
        ("BATH_NE_SOMERSET", 2016, 35_500, placeholder, true),
        ("BATH_NE_SOMERSET", 2022, 37_000, placeholder, true),
    ] {
        populations.values_panic([
            partnership.into(),
            year.into(),
            children.into(),
            source.into(),
            approximate.into(),
            1.into(),
            loaded_at.into(),
        ]);
    }
    manager.exec_stmt(populations).await
}
