//! Section 11 audits: frameworks and their standards, agencies, rounds, returns
//! with grades and actions, practitioner survey results and recommendations.
//! The two frameworks every deployment needs (the regional eight-standard tool
//! and Somerset's 2016 eleven-standard tool, so its published results can be
//! held) are migrated in with their tables.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261121_000003_section11"
    }
}

pub const REGIONAL_FRAMEWORK: &str = "regional-v1";
pub const SSCB_2016_FRAMEWORK: &str = "sscb-2016";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_tables(manager).await?;
        create_indexes(manager).await?;
        seed_frameworks(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "section11_recommendation",
            "section11_survey_result",
            "section11_action",
            "section11_grade",
            "section11_return",
            "section11_round_agency",
            "section11_round_partnership",
            "section11_round",
            "section11_agency_partnership",
            "section11_agency",
            "section11_standard",
            "section11_framework",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

fn fk(from: &str, col: &str, to: &str, to_col: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.to_owned(), col.to_owned())
        .to(to.to_owned(), to_col.to_owned())
        .to_owned()
}

async fn create_tables(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table("section11_framework")
                .col(string_len("id", 64).primary_key())
                .col(string_len("code", 64))
                .col(integer("edition"))
                .col(string("name"))
                .col(text("description"))
                .col(text("source"))
                .col(boolean("illustrative"))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table("section11_standard")
                .col(string_len("id", 96).primary_key())
                .col(string_len("framework_id", 64))
                .col(string_len("number", 16))
                .col(string_len_null("parent_number", 16))
                .col(text("title"))
                .col(integer("sort_order"))
                .foreign_key(&mut fk(
                    "section11_standard",
                    "framework_id",
                    "section11_framework",
                    "id",
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table("section11_agency")
                .col(string_len("id", 64).primary_key())
                .col(string("name"))
                .col(string_len("sector", 32))
                .col(text("source"))
                .col(boolean("illustrative"))
                .col(timestamp_with_time_zone("created_at"))
                .col(string("created_by"))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table("section11_agency_partnership")
                .col(pk_auto("id"))
                .col(string_len("agency_id", 64))
                .col(string_len("partnership_code", 32))
                .foreign_key(&mut fk(
                    "section11_agency_partnership",
                    "agency_id",
                    "section11_agency",
                    "id",
                ))
                .foreign_key(&mut fk(
                    "section11_agency_partnership",
                    "partnership_code",
                    "partnership",
                    "code",
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table("section11_round")
                .col(string_len("id", 64).primary_key())
                .col(string("title"))
                .col(string_len("period_label", 32))
                .col(string_len("framework_id", 64))
                .col(string_len("mode", 32))
                .col(date("opens_on"))
                .col(date("closes_on"))
                .col(text_null("description"))
                .col(text("source"))
                .col(boolean("illustrative"))
                .col(integer("version").default(1))
                .col(timestamp_with_time_zone("created_at"))
                .col(string("created_by"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(string("updated_by"))
                .foreign_key(&mut fk(
                    "section11_round",
                    "period_label",
                    "reporting_period",
                    "label",
                ))
                .foreign_key(&mut fk(
                    "section11_round",
                    "framework_id",
                    "section11_framework",
                    "id",
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table("section11_round_partnership")
                .col(pk_auto("id"))
                .col(string_len("round_id", 64))
                .col(string_len("partnership_code", 32))
                .col(integer("version").default(1))
                .col(timestamp_with_time_zone_null("published_at"))
                .col(string_null("published_by"))
                .foreign_key(&mut fk(
                    "section11_round_partnership",
                    "round_id",
                    "section11_round",
                    "id",
                ))
                .foreign_key(&mut fk(
                    "section11_round_partnership",
                    "partnership_code",
                    "partnership",
                    "code",
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table("section11_round_agency")
                .col(pk_auto("id"))
                .col(string_len("round_id", 64))
                .col(string_len("agency_id", 64))
                .col(string_len("partnership_code", 32))
                .col(boolean("nil_return"))
                .foreign_key(&mut fk(
                    "section11_round_agency",
                    "round_id",
                    "section11_round",
                    "id",
                ))
                .foreign_key(&mut fk(
                    "section11_round_agency",
                    "agency_id",
                    "section11_agency",
                    "id",
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table("section11_return")
                .col(string_len("id", 64).primary_key())
                .col(string_len("round_id", 64))
                .col(string_len("agency_id", 64))
                .col(string_len("partnership_code", 32))
                .col(string_len("status", 16))
                .col(string_len_null("overall_grade", 32))
                .col(string_len_null("moderated_overall_grade", 32))
                .col(text_null("validation_note"))
                .col(text("source"))
                .col(boolean("illustrative"))
                .col(integer("version").default(1))
                .col(timestamp_with_time_zone("created_at"))
                .col(string("created_by"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(string("updated_by"))
                .col(timestamp_with_time_zone_null("submitted_at"))
                .col(string_null("submitted_by"))
                .col(timestamp_with_time_zone_null("validated_at"))
                .col(string_null("validated_by"))
                .col(timestamp_with_time_zone_null("published_at"))
                .col(string_null("published_by"))
                .foreign_key(&mut fk(
                    "section11_return",
                    "round_id",
                    "section11_round",
                    "id",
                ))
                .foreign_key(&mut fk(
                    "section11_return",
                    "agency_id",
                    "section11_agency",
                    "id",
                ))
                .foreign_key(&mut fk(
                    "section11_return",
                    "partnership_code",
                    "partnership",
                    "code",
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table("section11_grade")
                .col(pk_auto("id"))
                .col(string_len("return_id", 64))
                .col(string_len("standard_id", 96))
                .col(string_len("self_grade", 32))
                .col(string_len_null("moderated_grade", 32))
                .col(text_null("evidence"))
                .foreign_key(&mut fk(
                    "section11_grade",
                    "return_id",
                    "section11_return",
                    "id",
                ))
                .foreign_key(&mut fk(
                    "section11_grade",
                    "standard_id",
                    "section11_standard",
                    "id",
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table("section11_action")
                .col(pk_auto("id"))
                .col(string_len("return_id", 64))
                .col(string_len("standard_id", 96))
                .col(text("what"))
                .col(string("owner"))
                .col(date("due_date"))
                .col(integer("sort_order"))
                .foreign_key(&mut fk(
                    "section11_action",
                    "return_id",
                    "section11_return",
                    "id",
                ))
                .foreign_key(&mut fk(
                    "section11_action",
                    "standard_id",
                    "section11_standard",
                    "id",
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table("section11_survey_result")
                .col(pk_auto("id"))
                .col(string_len("round_id", 64))
                .col(string_len("partnership_code", 32))
                .col(string("theme"))
                .col(text_null("question"))
                .col(double_null("share_positive"))
                .col(integer_null("respondents"))
                .col(text("key_finding"))
                .col(text("source"))
                .col(boolean("illustrative"))
                .col(integer("sort_order"))
                .foreign_key(&mut fk(
                    "section11_survey_result",
                    "round_id",
                    "section11_round",
                    "id",
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table("section11_recommendation")
                .col(pk_auto("id"))
                .col(string_len("round_id", 64))
                .col(string_len("partnership_code", 32))
                .col(integer("number"))
                .col(text("text"))
                .col(text("source"))
                .col(boolean("illustrative"))
                .foreign_key(&mut fk(
                    "section11_recommendation",
                    "round_id",
                    "section11_round",
                    "id",
                ))
                .to_owned(),
        )
        .await
}

async fn create_indexes(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    // (name, table, columns, unique)
    let indexes: [(&str, &str, &[&str], bool); 14] = [
        (
            "ux_section11_framework_code_edition",
            "section11_framework",
            &["code", "edition"],
            true,
        ),
        (
            "ux_section11_standard_number",
            "section11_standard",
            &["framework_id", "number"],
            true,
        ),
        (
            "ux_section11_agency_partnership",
            "section11_agency_partnership",
            &["agency_id", "partnership_code"],
            true,
        ),
        (
            "ix_section11_agency_partnership_code",
            "section11_agency_partnership",
            &["partnership_code"],
            false,
        ),
        (
            "ix_section11_round_period",
            "section11_round",
            &["period_label"],
            false,
        ),
        (
            "ux_section11_round_partnership",
            "section11_round_partnership",
            &["round_id", "partnership_code"],
            true,
        ),
        (
            "ix_section11_round_partnership_code",
            "section11_round_partnership",
            &["partnership_code"],
            false,
        ),
        (
            "ux_section11_round_agency",
            "section11_round_agency",
            &["round_id", "partnership_code", "agency_id"],
            true,
        ),
        (
            "ix_section11_round_agency_agency",
            "section11_round_agency",
            &["agency_id"],
            false,
        ),
        (
            "ux_section11_return_round_agency",
            "section11_return",
            &["round_id", "partnership_code", "agency_id"],
            true,
        ),
        (
            "ix_section11_return_partnership_status",
            "section11_return",
            &["partnership_code", "status"],
            false,
        ),
        (
            "ix_section11_return_agency",
            "section11_return",
            &["agency_id"],
            false,
        ),
        (
            "ux_section11_grade_standard",
            "section11_grade",
            &["return_id", "standard_id"],
            true,
        ),
        (
            "ix_section11_action_return",
            "section11_action",
            &["return_id"],
            false,
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
    for table in ["section11_survey_result", "section11_recommendation"] {
        manager
            .create_index(
                Index::create()
                    .name(format!("ix_{table}_round_partnership"))
                    .table(table)
                    .col("round_id")
                    .col("partnership_code")
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

const REGIONAL_SOURCE: &str = "Standards: the eight Section 11 arrangements of Working Together to Safeguard Children (2018), chapter 2, as listed in the hub design. Sub-standards: illustrative wording; the regional tool's own sub-standards are not in the seed reports";
const SSCB_2016_SOURCE: &str = "Somerset Safeguarding Children Board annual report 2016-17 (seed 002), section 6.4 (eleven standards with multiple sub-standards, four grades) and section 10 (standards 8.3 and 11.4). Only 8.3 and 11.4 are named in the report; the other standards are held by number";

/// (number, parent number, title)
type StandardRow = (&'static str, Option<&'static str>, &'static str);

const REGIONAL_STANDARDS: [StandardRow; 24] = [
    ("1", None, "Senior management commitment to the importance of safeguarding and promoting children's welfare"),
    ("1.1", Some("1"), "A named senior lead is responsible for safeguarding and it is reflected in the organisation's governance"),
    ("1.2", Some("1"), "Senior managers receive regular reports on safeguarding and act on them"),
    ("2", None, "A clear statement of the agency's responsibilities towards children, available to all staff"),
    ("2.1", Some("2"), "Safeguarding responsibilities are set out in policy available to all staff and volunteers"),
    ("2.2", Some("2"), "Staff and volunteers know how to act on a safeguarding concern, including escalation"),
    ("3", None, "A clear line of accountability for the commissioning and provision of services to safeguard children"),
    ("3.1", Some("3"), "There is a clear line of accountability for safeguarding from the front line to the board"),
    ("3.2", Some("3"), "Services contracted out carry safeguarding requirements that are monitored"),
    ("4", None, "Service development takes account of the need to safeguard and is informed by the views of children and families"),
    ("4.1", Some("4"), "The views of children and families inform service development"),
    ("4.2", Some("4"), "The need to safeguard children is considered whenever services are designed or changed"),
    ("5", None, "Staff training on safeguarding children"),
    ("5.1", Some("5"), "All staff have safeguarding training appropriate to their role, kept up to date"),
    ("5.2", Some("5"), "Staff have access to safeguarding supervision and support"),
    ("6", None, "Safer recruitment, vetting and the management of allegations"),
    ("6.1", Some("6"), "Recruitment follows safer recruitment practice, including vetting checks"),
    ("6.2", Some("6"), "Allegations against people who work with children are managed and referred to the LADO"),
    ("7", None, "Effective inter-agency working to safeguard and promote the welfare of children"),
    ("7.1", Some("7"), "The agency takes part in the partnership's multi-agency arrangements, learning and audit"),
    ("7.2", Some("7"), "Staff work with other agencies to assess and meet children's needs, including early help"),
    ("8", None, "Effective information sharing"),
    ("8.1", Some("8"), "Staff share information in good time to safeguard children, following agreed guidance"),
    ("8.2", Some("8"), "Information-sharing agreements and record keeping support safe and lawful sharing"),
];

const SSCB_2016_STANDARDS: [StandardRow; 13] = [
    ("1", None, "Standard 1 (title not given in the published report)"),
    ("2", None, "Standard 2 (title not given in the published report)"),
    ("3", None, "Standard 3 (title not given in the published report)"),
    ("4", None, "Standard 4 (title not given in the published report)"),
    ("5", None, "Standard 5 (title not given in the published report)"),
    ("6", None, "Standard 6 (title not given in the published report)"),
    ("7", None, "Standard 7 (title not given in the published report)"),
    ("8", None, "Standard 8 (title not given in the published report)"),
    ("8.3", Some("8"), "Appropriate staff and volunteers are trained to recognise signs of abuse and neglect"),
    ("9", None, "Standard 9 (title not given in the published report)"),
    ("10", None, "Standard 10 (title not given in the published report)"),
    ("11", None, "Standard 11 (title not given in the published report)"),
    ("11.4", Some("11"), "The organisation has in place a programme of internal audit and review that enables them to continuously improve the protection of children and young people from harm or neglect"),
];

async fn seed_frameworks(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let mut frameworks = Query::insert()
        .into_table("section11_framework")
        .columns([
            "id",
            "code",
            "edition",
            "name",
            "description",
            "source",
            "illustrative",
        ])
        .to_owned();
    frameworks.values_panic([
        REGIONAL_FRAMEWORK.into(),
        "REGIONAL".into(),
        1.into(),
        "Avon and Somerset regional Section 11 self-assessment".into(),
        "The regional tool used across the five partnerships: the eight statutory Section 11 standards, each with sub-standards".into(),
        REGIONAL_SOURCE.into(),
        true.into(),
    ]);
    frameworks.values_panic([
        SSCB_2016_FRAMEWORK.into(),
        "SSCB_2016".into(),
        1.into(),
        "Somerset Safeguarding Children Board Section 11 audit tool 2016".into(),
        "The eleven-standard online tool ('enable') the SSCB issued across the partnership in May 2016".into(),
        SSCB_2016_SOURCE.into(),
        false.into(),
    ]);
    manager.exec_stmt(frameworks).await?;

    let mut standards = Query::insert()
        .into_table("section11_standard")
        .columns([
            "id",
            "framework_id",
            "number",
            "parent_number",
            "title",
            "sort_order",
        ])
        .to_owned();
    for (framework, rows) in [
        (REGIONAL_FRAMEWORK, &REGIONAL_STANDARDS[..]),
        (SSCB_2016_FRAMEWORK, &SSCB_2016_STANDARDS[..]),
    ] {
        for (order, (number, parent, title)) in rows.iter().enumerate() {
            standards.values_panic([
                format!("{framework}/{number}").into(),
                framework.into(),
                (*number).into(),
                parent.map(str::to_owned).into(),
                (*title).into(),
                (order as i32 + 1).into(),
            ]);
        }
    }
    manager.exec_stmt(standards).await
}
