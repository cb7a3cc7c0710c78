//! What an import reports: every problem by row and column, and what was (or,
//! in a dry run, would be) written. The plain endpoints send the same report
//! as JSON that the GraphQL mutations return.
use async_graphql::{Enum, SimpleObject};
use entity::PartnershipCode;
use serde::Serialize;

use super::ImportMode;
use crate::error::AppError;

/// The result of one import.
#[derive(Debug, Clone, SimpleObject, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// DRY_RUN (nothing written) or COMMIT.
    #[serde(serialize_with = "mode_name")]
    pub mode: ImportMode,
    /// True when the rows were written; false for a dry run and for a file
    /// with any problem (then nothing at all was written).
    pub committed: bool,
    /// Data rows read (the header and blank rows not counted).
    pub rows: i32,
    /// Returns created, or that would be created.
    pub created: i32,
    /// Existing returns updated, or that would be updated.
    pub updated: i32,
    /// Every problem found, by row; empty when the file can be written as it is.
    pub problems: Vec<ImportProblem>,
    /// What each row writes (or would write), in file order; rows with a
    /// problem are left out.
    pub records: Vec<ImportRecord>,
}

fn mode_name<S: serde::Serializer>(mode: &ImportMode, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(match mode {
        ImportMode::DryRun => "DRY_RUN",
        ImportMode::Commit => "COMMIT",
    })
}

/// One problem in a file.
#[derive(Debug, Clone, SimpleObject, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportProblem {
    /// The row as a spreadsheet numbers it (the header is row 1).
    pub row: i32,
    /// The column's header, as in the template; null when the problem is the
    /// row as a whole.
    pub column: Option<String>,
    /// The input field the mutation names for the same problem, e.g.
    /// `input.grades[2].grade`; null for a problem only a file can have.
    pub field: Option<String>,
    /// The error code the mutation gives: BAD_USER_INPUT, FORBIDDEN,
    /// NOT_FOUND or CONFLICT.
    pub code: String,
    /// What is wrong, as the mutation says it.
    pub message: String,
}

impl ImportProblem {
    /// A problem at `row` and `column` that only a file can have (a value
    /// that does not parse, a missing cell); `field` names the mutation's input.
    pub fn input(row: usize, column: &str, field: Option<String>, message: String) -> Self {
        ImportProblem {
            row: row as i32,
            column: Some(column.to_string()),
            field,
            code: crate::error::code::BAD_USER_INPUT.to_string(),
            message,
        }
    }

    /// The mutation's refusal of `row`, placed in `column`.
    pub fn refusal(row: usize, column: Option<String>, error: &AppError) -> Self {
        let (field, message) = match error {
            AppError::BadUserInput { field, message } => (Some(field.clone()), message.clone()),
            other => (None, other.to_string()),
        };
        ImportProblem {
            row: row as i32,
            column,
            field,
            code: error.code().to_string(),
            message,
        }
    }
}

/// What one row writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ImportAction {
    /// A new return.
    Create,
    /// A new version of an existing return.
    Update,
}

/// One row's return, as written (or as it would be written).
#[derive(Debug, Clone, SimpleObject, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportRecord {
    /// The row as a spreadsheet numbers it.
    pub row: i32,
    /// Whether the row creates or updates a return.
    pub action: ImportAction,
    /// The return's global id; null for a return a dry run would create,
    /// which has no id until it is written.
    pub id: Option<async_graphql::ID>,
    /// The partnership the return is made to.
    pub partnership: PartnershipCode,
    /// The return's version after the row is written.
    pub version: i32,
}
