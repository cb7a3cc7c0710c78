//! Section 11 returns from a file: one row per agency return, with a grade,
//! evidence and action columns per standard. A row with a blank `returnId`
//! drafts a return as `createSection11Return` does; a row naming a draft
//! replaces its overall grade, grades and actions as `updateSection11Return`
//! does, against `expectedVersion`.
use sea_orm::DatabaseConnection;

use super::columns::{
    parse_date, parse_grade, parse_partnership, parse_whole, section11_column, PerStandard,
    Section11Column, Section11Field,
};
use super::report::{ImportAction, ImportProblem, ImportReport};
use super::run::{header_problem, refused_header, Located, Session, Written};
use super::table::{self, Row};
use super::{Dataset, FileFormat, ImportMode};
use crate::access::Scope;
use crate::config::ImportLimits;
use crate::error::{code, AppError, AppResult};
use crate::node::Kind;
use crate::section11::access::RETURN_EDITORS;
use crate::section11::service::grading::{ActionInput, GradeInput};
use crate::section11::service::returns::{self, NewReturn, ReturnEdit};

/// Imports the Section 11 returns in `bytes`.
pub async fn import(
    db: &DatabaseConnection,
    scope: &Scope,
    limits: &ImportLimits,
    bytes: &[u8],
    format: FileFormat,
    mode: ImportMode,
) -> AppResult<ImportReport> {
    scope
        .caller
        .require_role(&RETURN_EDITORS, "import Section 11 returns")?;
    let table = table::read(bytes, format, limits)?;
    let rows = table.rows.len();
    let columns = match header(&table.header) {
        Ok(columns) => columns,
        Err(problems) => return Ok(refused_header(mode, rows, problems)),
    };
    let caller = &scope.caller;
    let mut session = Session::begin(db).await?;
    for row in &table.rows {
        let prepared = match prepare(&columns, row) {
            Ok(p) => p,
            Err(problems) => {
                session.problems(problems);
                continue;
            }
        };
        let savepoint = session.savepoint().await?;
        let (result, located) = match prepared {
            Prepared::Create(input, located) => {
                let id = uuid::Uuid::new_v4().to_string();
                let result = returns::create_in(&savepoint, caller, id, input)
                    .await
                    .map(|(saved, entry)| (written(ImportAction::Create, &saved), entry));
                (result, located)
            }
            Prepared::Update(edit, expected, located) => {
                let result = match returns::update_in(&savepoint, scope, caller, edit).await {
                    Ok((saved, entry)) => expected
                        .check(&saved)
                        .map(|()| (written(ImportAction::Update, &saved), entry)),
                    Err(e) => Err(e),
                };
                (result, located)
            }
        };
        session
            .settle(caller, savepoint, row.number, result, &located)
            .await?;
    }
    session
        .finish(db, caller, Dataset::Section11Returns, mode, rows)
        .await
}

fn written(action: ImportAction, saved: &entity::section11_return::Model) -> Written {
    Written {
        action,
        id: Kind::Section11Return.id(&saved.id),
        partnership: saved.partnership_code,
        version: saved.version,
    }
}

/// The header understood, column by column; or every problem with it.
fn header(header: &[String]) -> Result<Vec<Option<Section11Column>>, Vec<ImportProblem>> {
    let mut problems = Vec::new();
    let mut columns: Vec<Option<Section11Column>> = Vec::with_capacity(header.len());
    for name in header {
        if name.trim().is_empty() {
            columns.push(None);
            continue;
        }
        match section11_column(name) {
            Some(column) if columns.contains(&Some(column.clone())) => problems.push(
                header_problem(name, format!("column `{}` appears twice", name.trim())),
            ),
            Some(column) => columns.push(Some(column)),
            None => problems.push(header_problem(
                name,
                format!(
                    "unknown column `{}`: the columns are round, partnership, agency, returnId, expectedVersion, overallGrade, and per standard `grade N`, `evidence N`, `action N`, `actionOwner N`, `actionDueDate N` (see the template)",
                    name.trim()
                ),
            )),
        }
    }
    for field in [
        Section11Field::Round,
        Section11Field::Partnership,
        Section11Field::Agency,
    ] {
        if !columns.contains(&Some(Section11Column::Field(field))) {
            problems.push(header_problem(
                field.name(),
                format!("the header has no `{}` column", field.name()),
            ));
        }
    }
    if problems.is_empty() {
        Ok(columns)
    } else {
        Err(problems)
    }
}

enum Prepared {
    Create(NewReturn, Located),
    Update(ReturnEdit, Expected, Located),
}

/// What an updating row says its return is; the return must be that one.
struct Expected {
    row: usize,
    round: String,
    partnership: entity::PartnershipCode,
    agency: String,
}

impl Expected {
    fn check(&self, saved: &entity::section11_return::Model) -> AppResult<()> {
        let mismatch = |field: Section11Field| {
            AppError::bad_input(
                field.field(),
                format!(
                    "row {} names a different {} from return `{}`'s",
                    self.row,
                    field.name(),
                    saved.id
                ),
            )
        };
        if saved.round_id != self.round {
            return Err(mismatch(Section11Field::Round));
        }
        if saved.partnership_code != self.partnership {
            return Err(mismatch(Section11Field::Partnership));
        }
        if saved.agency_id != self.agency {
            return Err(mismatch(Section11Field::Agency));
        }
        Ok(())
    }
}

/// One standard's cells in a row.
#[derive(Default)]
struct StandardCells<'r> {
    grade: Option<&'r str>,
    evidence: Option<&'r str>,
    action: Option<&'r str>,
    owner: Option<&'r str>,
    due: Option<&'r str>,
}

fn prepare(columns: &[Option<Section11Column>], row: &Row) -> Result<Prepared, Vec<ImportProblem>> {
    let mut problems = Vec::new();
    let mut located = Located::default();
    let n = row.number;
    let fixed = |field: Section11Field| -> &str {
        columns
            .iter()
            .position(|c| *c == Some(Section11Column::Field(field)))
            .map_or("", |i| row.cells[i].trim())
    };
    let round = fixed(Section11Field::Round).to_string();
    let partnership = fixed(Section11Field::Partnership).to_string();
    let agency = fixed(Section11Field::Agency).to_string();
    let return_id = fixed(Section11Field::ReturnId).to_string();
    let expected_version = fixed(Section11Field::ExpectedVersion).to_string();
    let overall = fixed(Section11Field::OverallGrade).to_string();
    for field in Section11Field::ALL {
        located.field(field.field(), field.name());
    }
    let problem = |problems: &mut Vec<ImportProblem>, field: Section11Field, message: String| {
        problems.push(ImportProblem::input(
            n,
            field.name(),
            Some(field.field().to_string()),
            message,
        ))
    };
    for (field, value) in [
        (Section11Field::Round, &round),
        (Section11Field::Partnership, &partnership),
        (Section11Field::Agency, &agency),
    ] {
        if value.is_empty() {
            problem(&mut problems, field, "is required".to_string());
        }
    }
    let partnership = match parse_partnership(&partnership) {
        Ok(p) => Some(p),
        Err(message) => {
            if !partnership.is_empty() {
                problem(&mut problems, Section11Field::Partnership, message);
            }
            None
        }
    };
    let overall_grade = match overall.as_str() {
        "" => None,
        g => parse_grade(g)
            .map_err(|m| problem(&mut problems, Section11Field::OverallGrade, m))
            .ok(),
    };
    let version = match (return_id.is_empty(), expected_version.as_str()) {
        (true, _) => None,
        (false, "") => {
            problem(
                &mut problems,
                Section11Field::ExpectedVersion,
                "is required to update a return: the version the row was based on".to_string(),
            );
            None
        }
        (false, v) => parse_whole(v)
            .map_err(|m| problem(&mut problems, Section11Field::ExpectedVersion, m))
            .ok(),
    };

    // The standards in the order their columns first appear.
    let mut standards: Vec<(String, StandardCells)> = Vec::new();
    for (i, column) in columns.iter().enumerate() {
        let Some(Section11Column::Standard(kind, number)) = column else {
            continue;
        };
        let value = row.cells[i].trim();
        if value.is_empty() {
            continue;
        }
        let at = match standards.iter().position(|(s, _)| s == number) {
            Some(at) => at,
            None => {
                standards.push((number.clone(), StandardCells::default()));
                standards.len() - 1
            }
        };
        let cells = &mut standards[at].1;
        match kind {
            PerStandard::Grade => cells.grade = Some(value),
            PerStandard::Evidence => cells.evidence = Some(value),
            PerStandard::Action => cells.action = Some(value),
            PerStandard::ActionOwner => cells.owner = Some(value),
            PerStandard::ActionDueDate => cells.due = Some(value),
        }
    }
    let mut grades = Vec::new();
    let mut actions = Vec::new();
    for (number, cells) in &standards {
        let cell_problem = |problems: &mut Vec<ImportProblem>,
                            kind: PerStandard,
                            field: Option<String>,
                            message: String| {
            problems.push(ImportProblem::input(n, &kind.name(number), field, message))
        };
        match (cells.grade, cells.evidence) {
            (Some(grade), evidence) => {
                let field = format!("input.grades[{}]", grades.len());
                match parse_grade(grade) {
                    Ok(grade) => {
                        located.field(&field, PerStandard::Grade.name(number));
                        located.field(
                            format!("{field}.evidence"),
                            PerStandard::Evidence.name(number),
                        );
                        grades.push(GradeInput {
                            standard: number.clone(),
                            grade,
                            evidence: evidence.map(str::to_string),
                        });
                    }
                    Err(m) => cell_problem(
                        &mut problems,
                        PerStandard::Grade,
                        Some(format!("{field}.grade")),
                        m,
                    ),
                }
            }
            (None, Some(_)) => cell_problem(
                &mut problems,
                PerStandard::Evidence,
                None,
                format!("evidence for standard {number} needs its grade"),
            ),
            (None, None) => {}
        }
        match cells.action {
            Some(what) => {
                let field = format!("input.actions[{}]", actions.len());
                let due = match cells.due {
                    None => {
                        cell_problem(
                            &mut problems,
                            PerStandard::ActionDueDate,
                            Some(format!("{field}.dueDate")),
                            "is required with an action".to_string(),
                        );
                        None
                    }
                    Some(d) => parse_date(d)
                        .map_err(|m| {
                            cell_problem(
                                &mut problems,
                                PerStandard::ActionDueDate,
                                Some(format!("{field}.dueDate")),
                                m,
                            )
                        })
                        .ok(),
                };
                if let Some(due_date) = due {
                    located.field(&field, PerStandard::Action.name(number));
                    located.field(
                        format!("{field}.owner"),
                        PerStandard::ActionOwner.name(number),
                    );
                    actions.push(ActionInput {
                        standard: number.clone(),
                        what: what.to_string(),
                        owner: cells.owner.unwrap_or_default().to_string(),
                        due_date,
                    });
                }
            }
            None if cells.owner.is_some() || cells.due.is_some() => cell_problem(
                &mut problems,
                PerStandard::Action,
                None,
                format!("an action owner or due date for standard {number} needs the action"),
            ),
            None => {}
        }
    }
    let (Some(partnership), true) = (partnership, problems.is_empty()) else {
        return Err(problems);
    };
    let round = Kind::Section11Round.key_of(&round);
    let agency = Kind::Agency.key_of(&agency);
    if return_id.is_empty() {
        located.otherwise(code::CONFLICT, Section11Field::Agency.name());
        located.otherwise(code::FORBIDDEN, Section11Field::Agency.name());
        located.otherwise(code::NOT_FOUND, Section11Field::Round.name());
        return Ok(Prepared::Create(
            NewReturn {
                round,
                partnership,
                agency,
                overall_grade,
                grades,
                actions,
            },
            located,
        ));
    }
    located.otherwise(code::CONFLICT, Section11Field::ExpectedVersion.name());
    located.otherwise(code::FORBIDDEN, Section11Field::ReturnId.name());
    located.otherwise(code::NOT_FOUND, Section11Field::ReturnId.name());
    Ok(Prepared::Update(
        ReturnEdit {
            id: Kind::Section11Return.key_of(&return_id),
            expected_version: version.unwrap_or_default(),
            overall_grade,
            grades: Some(grades),
            actions: Some(actions),
        },
        Expected {
            row: n,
            round,
            partnership,
            agency,
        },
        located,
    ))
}

/// The columns of a Section 11 file for `framework`'s standards, its example
/// naming the framework's latest self-assessment round when there is one.
/// `NOT_FOUND` for a framework that does not exist.
pub async fn template_columns(
    db: &DatabaseConnection,
    framework: &str,
) -> AppResult<Vec<super::columns::Column>> {
    use entity::section11_enums::Section11RoundMode;
    use entity::{section11_framework, section11_round};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

    crate::text::TextKind::Key.check("framework", framework)?;
    section11_framework::Entity::find_by_id(framework.to_string())
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(format!("Section 11 framework `{framework}`")))?;
    let standards = crate::section11::service::catalogue::standards(db, framework).await?;
    let round = section11_round::Entity::find()
        .filter(section11_round::Column::FrameworkId.eq(framework))
        .filter(section11_round::Column::Mode.eq(Section11RoundMode::SelfAssessment))
        .order_by_desc(section11_round::Column::OpensOn)
        .one(db)
        .await?;
    let example_round = round.map_or_else(|| "the-round-id".to_string(), |r| r.id);
    Ok(super::columns::section11(&standards, &example_round))
}
