//! One import as one transaction: each row in a savepoint of its own, so a
//! row the mutation refuses leaves no trace while the others go on being
//! checked; then everything commits, or (a dry run, or any problem) nothing does.
use entity::PartnershipCode;
use sea_orm::{DatabaseConnection, DatabaseTransaction, TransactionTrait};

use super::report::{ImportAction, ImportProblem, ImportRecord, ImportReport};
use super::{Dataset, ImportMode};
use crate::audit::{self, AuditEntry};
use crate::auth::Caller;
use crate::error::{AppError, AppResult};

/// Where a row's errors belong: the column filling each mutation input field,
/// and the column a refusal naming no field is about (by error code).
#[derive(Debug, Default, Clone)]
pub struct Located {
    fields: Vec<(String, String)>,
    otherwise: Vec<(&'static str, String)>,
}

impl Located {
    /// Errors on `field` (or anything inside it) are in `column`.
    pub fn field(&mut self, field: impl Into<String>, column: impl Into<String>) {
        self.fields.push((field.into(), column.into()));
    }

    /// A refusal with `code` that names no field is about `column`.
    pub fn otherwise(&mut self, code: &'static str, column: impl Into<String>) {
        self.otherwise.push((code, column.into()));
    }

    /// The column of `error`: the longest field path it falls under.
    pub fn column(&self, error: &AppError) -> Option<String> {
        if let AppError::BadUserInput { field, .. } = error {
            return self
                .fields
                .iter()
                .filter(|(f, _)| {
                    field == f
                        || field
                            .strip_prefix(f.as_str())
                            .is_some_and(|rest| rest.starts_with('.'))
                })
                .max_by_key(|(f, _)| f.len())
                .map(|(_, c)| c.clone());
        }
        self.otherwise
            .iter()
            .find(|(code, _)| *code == error.code())
            .map(|(_, c)| c.clone())
    }
}

/// What a row wrote.
pub struct Written {
    pub action: ImportAction,
    /// The return's global id.
    pub id: async_graphql::ID,
    pub partnership: PartnershipCode,
    pub version: i32,
}

/// An import under way.
pub struct Session {
    txn: DatabaseTransaction,
    problems: Vec<ImportProblem>,
    records: Vec<ImportRecord>,
    partnerships: Vec<PartnershipCode>,
}

impl Session {
    pub async fn begin(db: &DatabaseConnection) -> AppResult<Session> {
        Ok(Session {
            txn: crate::db::begin_write(db).await?,
            problems: Vec::new(),
            records: Vec::new(),
            partnerships: Vec::new(),
        })
    }

    /// A savepoint for the next row.
    pub async fn savepoint(&self) -> AppResult<DatabaseTransaction> {
        Ok(self.txn.begin().await?)
    }

    /// Problems found in a row before its mutation could run.
    pub fn problems(&mut self, problems: Vec<ImportProblem>) {
        self.problems.extend(problems);
    }

    /// Keeps a row's writes and their audit entry, or rolls them back and
    /// reports the refusal. An internal failure ends the whole import.
    pub async fn settle(
        &mut self,
        caller: &Caller,
        savepoint: DatabaseTransaction,
        row: usize,
        result: AppResult<(Written, AuditEntry)>,
        located: &Located,
    ) -> AppResult<()> {
        match result {
            Ok((written, entry)) => {
                audit::record(&savepoint, caller, entry).await?;
                savepoint.commit().await?;
                if !self.partnerships.contains(&written.partnership) {
                    self.partnerships.push(written.partnership);
                }
                self.records.push(ImportRecord {
                    row: row as i32,
                    action: written.action,
                    id: Some(written.id),
                    partnership: written.partnership,
                    version: written.version,
                });
                Ok(())
            }
            Err(AppError::Internal) => Err(AppError::Internal),
            Err(error) => {
                savepoint.rollback().await?;
                self.problems
                    .push(ImportProblem::refusal(row, located.column(&error), &error));
                Ok(())
            }
        }
    }

    /// Commits a clean file in commit mode, with one audit event for the
    /// import; otherwise rolls everything back. A refused commit is audited
    /// as refused.
    pub async fn finish(
        mut self,
        db: &DatabaseConnection,
        caller: &Caller,
        dataset: Dataset,
        mode: ImportMode,
        rows: usize,
    ) -> AppResult<ImportReport> {
        self.problems.sort_by_key(|p| p.row);
        let created = count(&self.records, ImportAction::Create);
        let updated = count(&self.records, ImportAction::Update);
        let mut entry = AuditEntry::new(dataset.operation()).detail(format!(
            "{rows} rows from a file: {created} created, {updated} updated"
        ));
        if let [only] = self.partnerships[..] {
            entry = entry.partnership(only);
        }
        let committed = mode == ImportMode::Commit && self.problems.is_empty();
        if committed {
            // A request with an Idempotency-Key is marked written in the
            // import's own transaction, as `audit::write` does for mutations.
            let marked = crate::idempotency::mark_written(&self.txn, &entry).await?;
            audit::record(&self.txn, caller, entry).await?;
            self.txn.commit().await?;
            if let Some(marked) = marked {
                marked.committed();
            }
        } else {
            self.txn.rollback().await?;
            if mode == ImportMode::Commit {
                let refusal = AppError::bad_input(
                    "file",
                    format!("{} problems; nothing written", self.problems.len()),
                );
                audit::record_refusal(db, caller, entry, &refusal).await;
            }
            // A return a dry run created does not exist: it has no id to give.
            for record in &mut self.records {
                if record.action == ImportAction::Create {
                    record.id = None;
                }
            }
        }
        Ok(ImportReport {
            mode,
            committed,
            rows: rows as i32,
            created,
            updated,
            problems: self.problems,
            records: self.records,
        })
    }
}

fn count(records: &[ImportRecord], action: ImportAction) -> i32 {
    records.iter().filter(|r| r.action == action).count() as i32
}

/// The report for a file whose header is wrong: no row can be read.
pub fn refused_header(mode: ImportMode, rows: usize, problems: Vec<ImportProblem>) -> ImportReport {
    ImportReport {
        mode,
        committed: false,
        rows: rows as i32,
        created: 0,
        updated: 0,
        problems,
        records: Vec::new(),
    }
}

/// A header problem: row 1, the column named.
pub fn header_problem(column: &str, message: String) -> ImportProblem {
    ImportProblem {
        row: 1,
        column: Some(column.to_string()),
        field: None,
        code: crate::error::code::BAD_USER_INPUT.to_string(),
        message,
    }
}
