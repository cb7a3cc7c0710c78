//! CDOP returns from a file: one row per partnership and period, one column
//! per figure, each named as `submitCdopReturn`'s input field. A row without
//! `expectedVersion` submits a partnership's first return for the period; a
//! row with it updates that return against its version.
use sea_orm::DatabaseConnection;

use super::columns::{cdop_column, parse_bool, parse_partnership, parse_whole, CdopField};
use super::report::{ImportAction, ImportProblem, ImportReport};
use super::run::{header_problem, refused_header, Located, Session, Written};
use super::table::{self, Row};
use super::{Dataset, FileFormat, ImportMode};
use crate::access::Scope;
use crate::cdop::cells::BREAKDOWNS;
use crate::cdop::submit::{self, ReturnInput};
use crate::config::ImportLimits;
use crate::error::{code, AppResult};
use crate::node::Kind;

/// Imports the CDOP returns in `bytes`.
pub async fn import(
    db: &DatabaseConnection,
    scope: &Scope,
    limits: &ImportLimits,
    threshold: i64,
    bytes: &[u8],
    format: FileFormat,
    mode: ImportMode,
) -> AppResult<ImportReport> {
    scope
        .caller
        .require_role(&submit::SUBMITTERS, "import CDOP returns")?;
    let table = table::read(bytes, format, limits)?;
    let rows = table.rows.len();
    let columns = match header(&table.header) {
        Ok(columns) => columns,
        Err(problems) => return Ok(refused_header(mode, rows, problems)),
    };
    let caller = &scope.caller;
    let mut session = Session::begin(db).await?;
    let mut located = Located::default();
    for field in CdopField::all() {
        located.field(field.field(), field.name());
    }
    // A breakdown that does not add up is reported at its total's column:
    // the one cell of the row that all its parts are checked against.
    for b in &BREAKDOWNS {
        located.field(
            format!("input.{}", b.field),
            CdopField::Count(b.total).name(),
        );
    }
    located.otherwise(code::CONFLICT, CdopField::ExpectedVersion.name());
    located.otherwise(code::NOT_FOUND, CdopField::ExpectedVersion.name());
    located.otherwise(code::FORBIDDEN, CdopField::Partnership.name());
    for row in &table.rows {
        let input = match prepare(&columns, row) {
            Ok(input) => input,
            Err(problems) => {
                session.problems(problems);
                continue;
            }
        };
        let action = match input.expected_version {
            None => ImportAction::Create,
            Some(_) => ImportAction::Update,
        };
        let savepoint = session.savepoint().await?;
        let result = submit::submit_in(&savepoint, scope, caller, input, threshold)
            .await
            .map(|(view, entry)| {
                (
                    Written {
                        action,
                        id: Kind::CdopReturn.id(&view.record.id),
                        partnership: view.record.partnership_code,
                        version: view.record.version,
                    },
                    entry,
                )
            });
        session
            .settle(caller, savepoint, row.number, result, &located)
            .await?;
    }
    session
        .finish(db, caller, Dataset::CdopReturns, mode, rows)
        .await
}

fn header(header: &[String]) -> Result<Vec<Option<CdopField>>, Vec<ImportProblem>> {
    let mut problems = Vec::new();
    let mut columns = Vec::with_capacity(header.len());
    for name in header {
        if name.trim().is_empty() {
            columns.push(None);
            continue;
        }
        match cdop_column(name) {
            Some(field) if columns.contains(&Some(field)) => problems.push(header_problem(
                name,
                format!("column `{}` appears twice", name.trim()),
            )),
            Some(field) => columns.push(Some(field)),
            None => problems.push(header_problem(
                name,
                format!(
                    "unknown column `{}`: the columns are named as submitCdopReturn's input fields, e.g. deathsNotified, byAgeBand.age1To4 (see the template)",
                    name.trim()
                ),
            )),
        }
    }
    for field in [CdopField::Partnership, CdopField::Period, CdopField::Source] {
        if !columns.contains(&Some(field)) {
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

fn prepare(columns: &[Option<CdopField>], row: &Row) -> Result<ReturnInput, Vec<ImportProblem>> {
    let mut problems = Vec::new();
    let value = |field: CdopField| -> &str {
        columns
            .iter()
            .position(|c| *c == Some(field))
            .map_or("", |i| row.cells[i].trim())
    };
    let problem = |problems: &mut Vec<ImportProblem>, field: CdopField, message: String| {
        problems.push(ImportProblem::input(
            row.number,
            field.name(),
            Some(field.field().to_string()),
            message,
        ))
    };
    let partnership = match value(CdopField::Partnership) {
        "" => {
            problem(&mut problems, CdopField::Partnership, "is required".into());
            None
        }
        p => parse_partnership(p)
            .map_err(|m| problem(&mut problems, CdopField::Partnership, m))
            .ok(),
    };
    let period = value(CdopField::Period);
    if period.is_empty() {
        problem(&mut problems, CdopField::Period, "is required".into());
    }
    let illustrative = parse_bool(value(CdopField::Illustrative))
        .map_err(|m| problem(&mut problems, CdopField::Illustrative, m))
        .unwrap_or_default();
    let expected_version = match value(CdopField::ExpectedVersion) {
        "" => None,
        v => parse_whole(v)
            .map_err(|m| problem(&mut problems, CdopField::ExpectedVersion, m))
            .ok(),
    };
    let mut counts = Vec::new();
    for field in CdopField::all() {
        let CdopField::Count(cell) = field else {
            continue;
        };
        match value(field) {
            "" => {}
            v => match parse_whole(v) {
                Ok(n) => counts.push((cell, n)),
                Err(m) => problem(&mut problems, field, m),
            },
        }
    }
    let quote = Some(value(CdopField::Quote))
        .filter(|q| !q.is_empty())
        .map(str::to_string);
    match partnership {
        Some(partnership) if problems.is_empty() => Ok(ReturnInput {
            partnership,
            period: period.to_string(),
            source: value(CdopField::Source).to_string(),
            quote,
            illustrative,
            expected_version,
            counts,
            shares: Vec::new(),
        }),
        _ => Err(problems),
    }
}
