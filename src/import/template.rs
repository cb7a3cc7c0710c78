//! The templates: a file with the columns' header and an example row, and
//! what each column takes, written from [`super::columns`].
use rust_xlsxwriter::{Format, Workbook};

use super::columns::Column;
use crate::error::{AppError, AppResult};

/// The sheet the data goes in: the first sheet, the one the import reads.
pub const DATA_SHEET: &str = "returns";
/// The sheet describing the columns, after the data sheet.
pub const COLUMNS_SHEET: &str = "columns";

/// A CSV template: notes on each column (lines starting with `#`, which the
/// import skips), the header, and the example row.
pub fn csv(title: &str, columns: &[Column]) -> AppResult<Vec<u8>> {
    let mut out = format!(
        "# {title}. Lines starting with # are notes: the import skips them. Replace the example row with yours.\n"
    );
    for c in columns {
        out.push_str(&format!(
            "# {}: {}; {}. {}\n",
            c.name,
            if c.required { "required" } else { "optional" },
            c.allowed.replace('\n', " "),
            c.description.replace('\n', " ")
        ));
    }
    let mut writer = csv::Writer::from_writer(out.into_bytes());
    let fail = |e: csv::Error| AppError::internal(format!("csv template: {e}"));
    writer
        .write_record(columns.iter().map(|c| c.name.as_str()))
        .map_err(fail)?;
    writer
        .write_record(columns.iter().map(|c| c.example.as_str()))
        .map_err(fail)?;
    writer
        .into_inner()
        .map_err(|e| AppError::internal(format!("csv template: {e}")))
}

/// An XLSX template: the header and the example row on the first sheet, and
/// a second sheet saying what each column takes.
pub fn xlsx(columns: &[Column]) -> AppResult<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::internal(format!("xlsx template: {e}"));
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let data = workbook.add_worksheet();
    data.set_name(DATA_SHEET).map_err(fail)?;
    for (i, c) in columns.iter().enumerate() {
        let col =
            u16::try_from(i).map_err(|e| AppError::internal(format!("xlsx template: {e}")))?;
        data.write_string_with_format(0, col, &c.name, &bold)
            .map_err(fail)?;
        if !c.example.is_empty() {
            data.write_string(1, col, &c.example).map_err(fail)?;
        }
    }
    data.set_freeze_panes(1, 0).map_err(fail)?;
    let notes = workbook.add_worksheet();
    notes.set_name(COLUMNS_SHEET).map_err(fail)?;
    for (col, title) in [
        "column",
        "required",
        "allowed values",
        "description",
        "example",
    ]
    .iter()
    .enumerate()
    {
        notes
            .write_string_with_format(0, col as u16, *title, &bold)
            .map_err(fail)?;
    }
    for (i, c) in columns.iter().enumerate() {
        let row = i as u32 + 1;
        notes.write_string(row, 0, &c.name).map_err(fail)?;
        notes
            .write_string(row, 1, if c.required { "required" } else { "optional" })
            .map_err(fail)?;
        notes.write_string(row, 2, &c.allowed).map_err(fail)?;
        notes.write_string(row, 3, &c.description).map_err(fail)?;
        notes.write_string(row, 4, &c.example).map_err(fail)?;
    }
    workbook.save_to_buffer().map_err(fail)
}
