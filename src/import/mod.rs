//! Bulk import of Section 11 and CDOP returns from CSV and XLSX files, through
//! GraphQL uploads and the plain `/import/…` endpoints alike.
//!
//! A file is read into a [`table::Table`] (one reader per format), its header
//! checked against the dataset's [`columns`], and each row turned into the
//! input of the mutation that writes such a return. Every row then goes
//! through that mutation's own service function, in one transaction with a
//! savepoint per row: a dry run rolls everything back and reports what would
//! happen; a commit writes everything, or nothing when any row has a problem.
//! The templates are written from the same column definitions the reader
//! checks against, so the two cannot drift.
pub mod cdop;
pub mod columns;
pub mod report;
pub mod run;
pub mod schema;
pub mod section11;
pub mod table;
pub mod template;

use crate::error::{AppError, AppResult};

/// Whether an import writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum ImportMode {
    /// Check every row and report what would be written; write nothing.
    DryRun,
    /// Write every row in one transaction, or nothing when any row has a problem.
    Commit,
}

impl ImportMode {
    /// The mode named by the plain endpoints' `mode` parameter (`dry-run`,
    /// the default, or `commit`).
    pub fn parse(value: Option<&str>) -> AppResult<ImportMode> {
        match value.map(str::trim) {
            None | Some("") | Some("dry-run") => Ok(ImportMode::DryRun),
            Some("commit") => Ok(ImportMode::Commit),
            Some(other) => Err(AppError::bad_input(
                "mode",
                format!("must be `dry-run` or `commit`, not `{other}`"),
            )),
        }
    }
}

/// The two file formats an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

/// The media type of an XLSX workbook.
pub const XLSX_MEDIA_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Signature of a ZIP archive, which an XLSX workbook is.
const ZIP_SIGNATURE: &[u8] = b"PK\x03\x04";
/// Signature of an OLE compound file: what Excel writes for a workbook with a
/// password to open (the encrypted XLSX inside), and for the old `.xls` format.
pub const CFB_SIGNATURE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

impl FileFormat {
    /// The format a media type names, if it names one this reads.
    pub fn from_media_type(media_type: &str) -> Option<FileFormat> {
        let essence = media_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "text/csv" => Some(FileFormat::Csv),
            XLSX_MEDIA_TYPE => Some(FileFormat::Xlsx),
            _ => None,
        }
    }

    /// The format of an uploaded file: its declared media type when that names
    /// one, else its file name's extension, else its first bytes (a browser
    /// often declares a spreadsheet as `application/octet-stream`).
    pub fn of_upload(media_type: Option<&str>, filename: &str, bytes: &[u8]) -> FileFormat {
        if let Some(format) = media_type.and_then(FileFormat::from_media_type) {
            return format;
        }
        let lower = filename.to_ascii_lowercase();
        if lower.ends_with(".xlsx") || lower.ends_with(".xls") {
            return FileFormat::Xlsx;
        }
        if lower.ends_with(".csv") {
            return FileFormat::Csv;
        }
        if bytes.starts_with(ZIP_SIGNATURE) || bytes.starts_with(CFB_SIGNATURE) {
            FileFormat::Xlsx
        } else {
            FileFormat::Csv
        }
    }
}

/// The datasets a file may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dataset {
    Section11Returns,
    CdopReturns,
}

impl Dataset {
    /// The audit operation of one import of this dataset.
    pub fn operation(self) -> &'static str {
        match self {
            Dataset::Section11Returns => "importSection11Returns",
            Dataset::CdopReturns => "importCdopReturns",
        }
    }

    /// The name of its template and endpoint, e.g. `section11-returns`.
    pub fn slug(self) -> &'static str {
        match self {
            Dataset::Section11Returns => "section11-returns",
            Dataset::CdopReturns => "cdop-returns",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upload_is_read_as_its_media_type_else_its_name_else_its_bytes() {
        let of = FileFormat::of_upload;
        assert_eq!(
            of(Some("text/csv; charset=utf-8"), "a.xlsx", b"PK\x03\x04"),
            FileFormat::Csv
        );
        assert_eq!(
            of(Some("application/octet-stream"), "a.XLSX", b"a,b"),
            FileFormat::Xlsx
        );
        assert_eq!(of(None, "returns", b"PK\x03\x04rest"), FileFormat::Xlsx);
        assert_eq!(of(None, "returns", b"round,agency"), FileFormat::Csv);
        assert_eq!(ImportMode::parse(None).ok(), Some(ImportMode::DryRun));
        assert_eq!(
            ImportMode::parse(Some("commit")).ok(),
            Some(ImportMode::Commit)
        );
        assert!(matches!(
            ImportMode::parse(Some("yes")),
            Err(AppError::BadUserInput { ref field, .. }) if field == "mode"
        ));
    }
}
