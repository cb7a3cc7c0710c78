//! The columns of each dataset's file: what the templates list and what the
//! reader accepts, from one set of definitions.
use entity::cdop_return_cell::CdopCell;
use entity::section11_enums::Section11Grade;
use entity::{section11_standard, PartnershipCode};

use crate::cdop::cells::{input_path, CELLS};

/// One column as a template describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The header, exactly as the file must have it (matched without regard
    /// to case or surrounding spaces).
    pub name: String,
    /// True when every row must fill it.
    pub required: bool,
    /// The values it takes.
    pub allowed: String,
    /// What it holds.
    pub description: String,
    /// The example row's value.
    pub example: String,
}

/// A column every Section 11 file has, once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section11Field {
    Round,
    Partnership,
    Agency,
    ReturnId,
    ExpectedVersion,
    OverallGrade,
}

/// A column a Section 11 file has once per standard of the framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PerStandard {
    Grade,
    Evidence,
    Action,
    ActionOwner,
    ActionDueDate,
}

impl Section11Field {
    pub const ALL: [Section11Field; 6] = [
        Section11Field::Round,
        Section11Field::Partnership,
        Section11Field::Agency,
        Section11Field::ReturnId,
        Section11Field::ExpectedVersion,
        Section11Field::OverallGrade,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Section11Field::Round => "round",
            Section11Field::Partnership => "partnership",
            Section11Field::Agency => "agency",
            Section11Field::ReturnId => "returnId",
            Section11Field::ExpectedVersion => "expectedVersion",
            Section11Field::OverallGrade => "overallGrade",
        }
    }

    /// The mutation input field the column fills.
    pub fn field(self) -> &'static str {
        match self {
            Section11Field::Round => "input.round",
            Section11Field::Partnership => "input.partnership",
            Section11Field::Agency => "input.agency",
            Section11Field::ReturnId => "input.id",
            Section11Field::ExpectedVersion => "input.expectedVersion",
            Section11Field::OverallGrade => "input.overallGrade",
        }
    }

    fn column(self, example_round: &str) -> Column {
        let (required, allowed, description, example) = match self {
            Section11Field::Round => (
                true,
                "a self-assessment round's `id` or `databaseId` (query section11Rounds)".to_string(),
                "The round the return is for.",
                example_round.to_string(),
            ),
            Section11Field::Partnership => (
                true,
                partnership_codes(),
                "The partnership the return is made to; it must take part in the round.",
                PartnershipCode::Bristol.as_str().to_string(),
            ),
            Section11Field::Agency => (
                true,
                "an agency's `id` or `databaseId` (query agencies)".to_string(),
                "The agency making the return; it must be expected in the round for the partnership. An agency lead may name only its own.",
                "the-agency-id".to_string(),
            ),
            Section11Field::ReturnId => (
                false,
                "blank, or a draft return's `id` or `databaseId`".to_string(),
                "Blank to draft a new return; a draft's id to replace its overall grade, grades and actions with the row's.",
                String::new(),
            ),
            Section11Field::ExpectedVersion => (
                false,
                "a whole number; required with returnId".to_string(),
                "The version of the draft the row was based on: a stale version is a CONFLICT and nothing is written.",
                String::new(),
            ),
            Section11Field::OverallGrade => (
                false,
                grade_names(),
                "The agency's overall grade, if decided.",
                "GOOD".to_string(),
            ),
        };
        Column {
            name: self.name().to_string(),
            required,
            allowed,
            description: description.to_string(),
            example,
        }
    }
}

impl PerStandard {
    pub const ALL: [PerStandard; 5] = [
        PerStandard::Grade,
        PerStandard::Evidence,
        PerStandard::Action,
        PerStandard::ActionOwner,
        PerStandard::ActionDueDate,
    ];

    /// The header's first word; the standard's number follows after a space.
    pub fn prefix(self) -> &'static str {
        match self {
            PerStandard::Grade => "grade",
            PerStandard::Evidence => "evidence",
            PerStandard::Action => "action",
            PerStandard::ActionOwner => "actionOwner",
            PerStandard::ActionDueDate => "actionDueDate",
        }
    }

    pub fn name(self, number: &str) -> String {
        format!("{} {number}", self.prefix())
    }

    fn column(self, standard: &section11_standard::Model) -> Column {
        let n = &standard.number;
        let (allowed, description, example) = match self {
            PerStandard::Grade => (
                grade_names(),
                format!(
                    "The self-assessed grade for standard {n} ({}); blank when not graded yet.",
                    standard.title
                ),
                "GOOD".to_string(),
            ),
            PerStandard::Evidence => (
                "text, at most 20000 characters".to_string(),
                format!("The evidence for the grade of standard {n}; needs a grade."),
                format!("evidence for {n}"),
            ),
            PerStandard::Action => (
                "text, at most 20000 characters".to_string(),
                format!("An action for standard {n}, expected when it is graded below GOOD."),
                String::new(),
            ),
            PerStandard::ActionOwner => (
                "text, at most 300 characters; required with an action".to_string(),
                format!("Who is responsible for the action for standard {n} (a role or team)."),
                String::new(),
            ),
            PerStandard::ActionDueDate => (
                "a date, YYYY-MM-DD (or a date cell); required with an action".to_string(),
                format!("When the action for standard {n} is due."),
                String::new(),
            ),
        };
        Column {
            name: self.name(n),
            required: false,
            allowed,
            description,
            example,
        }
    }
}

/// The columns of a Section 11 file for a framework's standards, in template order.
pub fn section11(standards: &[section11_standard::Model], example_round: &str) -> Vec<Column> {
    let mut columns: Vec<Column> = Section11Field::ALL
        .iter()
        .map(|f| f.column(example_round))
        .collect();
    for standard in standards {
        for kind in PerStandard::ALL {
            columns.push(kind.column(standard));
        }
    }
    columns
}

/// A Section 11 header cell, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Section11Column {
    Field(Section11Field),
    Standard(PerStandard, String),
}

/// What a Section 11 header cell names, if anything. A standard's number is
/// checked against each row's round when the row uses it, as the mutation does.
pub fn section11_column(header: &str) -> Option<Section11Column> {
    let header = header.trim();
    if let Some(f) = Section11Field::ALL
        .into_iter()
        .find(|f| f.name().eq_ignore_ascii_case(header))
    {
        return Some(Section11Column::Field(f));
    }
    let (prefix, number) = header.split_once(' ')?;
    let kind = PerStandard::ALL
        .into_iter()
        .find(|k| k.prefix().eq_ignore_ascii_case(prefix))?;
    let number = number.trim();
    (!number.is_empty()).then(|| Section11Column::Standard(kind, number.to_string()))
}

/// A column every CDOP file may have, once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CdopField {
    Partnership,
    Period,
    Source,
    Quote,
    Illustrative,
    ExpectedVersion,
    Count(CdopCell),
}

impl CdopField {
    /// Every column, in template order.
    pub fn all() -> Vec<CdopField> {
        let mut all = vec![
            CdopField::Partnership,
            CdopField::Period,
            CdopField::Source,
            CdopField::Quote,
            CdopField::Illustrative,
            CdopField::ExpectedVersion,
        ];
        all.extend(CELLS.iter().map(|c| CdopField::Count(*c)));
        all
    }

    /// The mutation input field the column fills (`input.byAgeBand.age1To4`).
    pub fn field(self) -> &'static str {
        match self {
            CdopField::Partnership => "input.partnership",
            CdopField::Period => "input.period",
            CdopField::Source => "input.source",
            CdopField::Quote => "input.quote",
            CdopField::Illustrative => "input.illustrative",
            CdopField::ExpectedVersion => "input.expectedVersion",
            CdopField::Count(cell) => input_path(cell),
        }
    }

    /// The header: the input field without `input.`, so a problem's column
    /// and field name the same thing.
    pub fn name(self) -> &'static str {
        self.field().trim_start_matches("input.")
    }

    pub fn column(self) -> Column {
        let (required, allowed, description, example) = match self {
            CdopField::Partnership => (
                true,
                partnership_codes(),
                "The partnership the figures are for; it must be in the token's scope.".to_string(),
                "SOMERSET".to_string(),
            ),
            CdopField::Period => (
                true,
                "a reporting period's label, e.g. 2025-26".to_string(),
                "The reporting period.".to_string(),
                "2025-26".to_string(),
            ),
            CdopField::Source => (
                true,
                "text, at most 500 characters".to_string(),
                "Where the figures come from: the document and section, or the submitting system.".to_string(),
                "Partner case system export, 2025-05-01".to_string(),
            ),
            CdopField::Quote => (
                false,
                "text, at most 20000 characters".to_string(),
                "Wording quoted from the source, shown only to callers with exact figures.".to_string(),
                String::new(),
            ),
            CdopField::Illustrative => (
                false,
                "TRUE or FALSE; blank is FALSE".to_string(),
                "TRUE for figures made up for demonstration or testing.".to_string(),
                "TRUE".to_string(),
            ),
            CdopField::ExpectedVersion => (
                false,
                "a whole number; blank for the partnership's first return for the period".to_string(),
                "The version of the return the row updates: a stale version is a CONFLICT and nothing is written.".to_string(),
                String::new(),
            ),
            CdopField::Count(cell) => (
                false,
                "a whole number, 0 or more; blank when not reported (never read as 0)".to_string(),
                count_description(cell),
                count_example(cell),
            ),
        };
        Column {
            name: self.name().to_string(),
            required,
            allowed,
            description,
            example,
        }
    }
}

fn count_description(cell: CdopCell) -> String {
    let field = input_path(cell).trim_start_matches("input.");
    match field.split_once('.') {
        None if cell == CdopCell::DeathsNotified => "Deaths of children notified to the panel in the period.".to_string(),
        None => "Reviews the panel completed in the period.".to_string(),
        Some((breakdown, part)) => format!(
            "The `{part}` cell of the `{breakdown}` breakdown; when every cell of a breakdown is given they must sum to its total."
        ),
    }
}

/// A consistent example: 12 deaths notified, 10 reviews completed, each
/// complete breakdown summing to its total. Made up, as the template says.
fn count_example(cell: CdopCell) -> String {
    let n = match cell {
        CdopCell::DeathsNotified => 12,
        CdopCell::ReviewsCompleted => 10,
        CdopCell::AgeUnder1Year => 6,
        CdopCell::Age0To27Days => 4,
        CdopCell::Age28To364Days => 2,
        CdopCell::Age1To4 => 2,
        CdopCell::Age5To9 => 1,
        CdopCell::Age10To14 => 1,
        CdopCell::Age15To17 => 2,
        CdopCell::Expected => 6,
        CdopCell::Unexpected => 4,
        CdopCell::ModifiableIdentified => 3,
        CdopCell::ModifiableNotIdentified => 7,
        CdopCell::ModifiableInsufficientInformation => 0,
        CdopCell::ReviewUnder6Months => 2,
        CdopCell::Review6To12Months => 5,
        CdopCell::ReviewOver12Months => 3,
        _ => return String::new(),
    };
    n.to_string()
}

/// The columns of a CDOP file, in template order.
pub fn cdop() -> Vec<Column> {
    CdopField::all()
        .into_iter()
        .map(CdopField::column)
        .collect()
}

/// What a CDOP header cell names, if anything.
pub fn cdop_column(header: &str) -> Option<CdopField> {
    let header = header.trim();
    CdopField::all()
        .into_iter()
        .find(|f| f.name().eq_ignore_ascii_case(header))
}

fn partnership_codes() -> String {
    PartnershipCode::ALL
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn grade_names() -> String {
    Section11Grade::ALL
        .iter()
        .map(|g| g.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parses a grade as the template lists it (case and spaces forgiven:
/// `Requires improvement` reads as REQUIRES_IMPROVEMENT).
pub fn parse_grade(value: &str) -> Result<Section11Grade, String> {
    let wanted = value.trim().replace([' ', '-'], "_").to_ascii_uppercase();
    Section11Grade::ALL
        .into_iter()
        .find(|g| g.as_str() == wanted)
        .ok_or_else(|| {
            format!(
                "`{}` is not a grade: one of {}",
                value.trim(),
                grade_names()
            )
        })
}

/// Parses a partnership code (case forgiven).
pub fn parse_partnership(value: &str) -> Result<PartnershipCode, String> {
    PartnershipCode::parse(&value.trim().to_ascii_uppercase()).ok_or_else(|| {
        format!(
            "`{}` is not a partnership code: one of {}",
            value.trim(),
            partnership_codes()
        )
    })
}

/// Parses a whole number within `i32`.
pub fn parse_whole(value: &str) -> Result<i32, String> {
    value
        .trim()
        .parse::<i32>()
        .map_err(|_| format!("`{}` is not a whole number", value.trim()))
}

/// Parses a date as `YYYY-MM-DD`.
pub fn parse_date(value: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{}` is not a date: write it as YYYY-MM-DD", value.trim()))
}

/// Parses TRUE or FALSE (case forgiven; blank is false).
pub fn parse_bool(value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_uppercase().as_str() {
        "" | "FALSE" => Ok(false),
        "TRUE" => Ok(true),
        _ => Err(format!("`{}` is not TRUE or FALSE", value.trim())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_column_reads_back_as_itself() {
        let standard = section11_standard::Model {
            id: "f/1.1".into(),
            framework_id: "f".into(),
            number: "1.1".into(),
            parent_number: Some("1".into()),
            title: "t".into(),
            sort_order: 0,
        };
        for column in section11(&[standard], "r") {
            assert!(section11_column(&column.name).is_some(), "{}", column.name);
        }
        for column in cdop() {
            assert!(cdop_column(&column.name).is_some(), "{}", column.name);
        }
        assert_eq!(
            section11_column(" Grade 8.2 "),
            Some(Section11Column::Standard(PerStandard::Grade, "8.2".into()))
        );
        assert_eq!(section11_column("grades 8.2"), None);
        assert_eq!(
            parse_grade("Requires improvement"),
            Ok(Section11Grade::RequiresImprovement)
        );
    }
}
