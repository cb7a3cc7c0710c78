//! The import mutations: a file uploaded as the GraphQL multipart request
//! specification has it (see `docs/import.md`), checked or written as the
//! plain `/import/…` endpoints do.
use std::io::Read;

use async_graphql::{Context, Object, Upload};
use sea_orm::DatabaseConnection;

use super::report::ImportReport;
use super::{cdop, section11, table, FileFormat, ImportMode};
use crate::access::Scope;
use crate::config::{DisclosureConfig, ImportLimits};
use crate::error::{AppError, AppResult};

#[derive(Default)]
pub struct ImportMutation;

/// The uploaded file's bytes and format, within the byte limit.
fn file(
    ctx: &Context<'_>,
    upload: &Upload,
    limits: &ImportLimits,
) -> AppResult<(Vec<u8>, FileFormat)> {
    let value = upload
        .value(ctx)
        .map_err(|e| AppError::bad_input("file", e.to_string()))?;
    let mut bytes = Vec::new();
    value
        .content
        .take(limits.max_bytes as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| AppError::internal(format!("reading an upload: {e}")))?;
    if bytes.len() > limits.max_bytes {
        return Err(table::too_large(bytes.len(), limits));
    }
    let format = FileFormat::of_upload(value.content_type.as_deref(), &value.filename, &bytes);
    Ok((bytes, format))
}

#[Object]
impl ImportMutation {
    /// Imports Section 11 returns from a CSV or XLSX file (see `docs/import.md`
    /// for the columns): each row drafts a return as createSection11Return
    /// does, or, naming a draft in `returnId`, replaces its grades and actions
    /// as updateSection11Return does, with the same authorization and checks.
    /// A DRY_RUN (the default) writes nothing and reports every problem and
    /// what would be written; COMMIT writes every row in one transaction, or
    /// nothing when any row has a problem. A file that cannot be read at all
    /// is BAD_USER_INPUT on `file`.
    async fn import_section11_returns(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The file: CSV (UTF-8) or an XLSX workbook, its data on the first sheet."
        )]
        file: Upload,
        #[graphql(
            desc = "DRY_RUN to check and report only; COMMIT to write.",
            default_with = "Some(ImportMode::DryRun)"
        )]
        mode: Option<ImportMode>,
    ) -> AppResult<ImportReport> {
        let limits = ctx.data_unchecked::<ImportLimits>();
        let (bytes, format) = self::file(ctx, &file, limits)?;
        section11::import(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Scope>(),
            limits,
            &bytes,
            format,
            mode.unwrap_or(ImportMode::DryRun),
        )
        .await
    }

    /// Imports CDOP returns from a CSV or XLSX file (see `docs/import.md` for
    /// the columns): each row submits a return as submitCdopReturn does, or,
    /// with `expectedVersion`, updates it, with the same authorization and
    /// checks. DRY_RUN (the default) and COMMIT as for importSection11Returns.
    async fn import_cdop_returns(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The file: CSV (UTF-8) or an XLSX workbook, its data on the first sheet."
        )]
        file: Upload,
        #[graphql(
            desc = "DRY_RUN to check and report only; COMMIT to write.",
            default_with = "Some(ImportMode::DryRun)"
        )]
        mode: Option<ImportMode>,
    ) -> AppResult<ImportReport> {
        let limits = ctx.data_unchecked::<ImportLimits>();
        let (bytes, format) = self::file(ctx, &file, limits)?;
        cdop::import(
            ctx.data_unchecked::<DatabaseConnection>(),
            ctx.data_unchecked::<Scope>(),
            limits,
            ctx.data_unchecked::<DisclosureConfig>()
                .suppression_threshold,
            &bytes,
            format,
            mode.unwrap_or(ImportMode::DryRun),
        )
        .await
    }
}
