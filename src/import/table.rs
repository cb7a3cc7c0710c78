//! A file as a table of text cells, whatever its format: the header (row 1)
//! and the data rows numbered as a spreadsheet numbers them, so a problem is
//! reported at the same row and column for a CSV file and for the workbook
//! it was saved from. Anything that keeps a file from being read as such a
//! table is refused here as `BAD_USER_INPUT` on the field `file`, with what
//! to do about it.
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, XlsxError};

use super::{FileFormat, CFB_SIGNATURE};
use crate::config::ImportLimits;
use crate::error::{AppError, AppResult};

/// One data row: its number in the sheet (the header is row 1) and its cells,
/// as many as the header has columns.
#[derive(Debug, Clone)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<String>,
}

/// A file's header and data rows; blank rows are left out.
#[derive(Debug, Clone)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

fn refuse(message: impl Into<String>) -> AppError {
    AppError::bad_input("file", message)
}

/// Reads `bytes` as `format` within `limits`.
pub fn read(bytes: &[u8], format: FileFormat, limits: &ImportLimits) -> AppResult<Table> {
    if bytes.len() > limits.max_bytes {
        return Err(too_large(bytes.len(), limits));
    }
    if bytes.is_empty() {
        return Err(refuse(
            "the file is empty: it needs a header row and at least one row",
        ));
    }
    let grid = match format {
        FileFormat::Csv => csv_grid(bytes, limits)?,
        FileFormat::Xlsx => xlsx_grid(bytes, limits)?,
    };
    table(grid, limits)
}

pub fn too_large(size: usize, limits: &ImportLimits) -> AppError {
    refuse(format!(
        "the file is {size} bytes; at most {} are accepted (IMPORT_MAX_BYTES)",
        limits.max_bytes
    ))
}

fn too_many_rows(limits: &ImportLimits) -> AppError {
    refuse(format!(
        "the file has more than {} rows; at most {} are accepted at once (IMPORT_MAX_ROWS): split it",
        limits.max_rows, limits.max_rows
    ))
}

/// The rows of cells, the header first, each with its sheet row number.
type Grid = Vec<(usize, Vec<String>)>;

fn table(grid: Grid, limits: &ImportLimits) -> AppResult<Table> {
    let mut lines = grid.into_iter();
    let header = match lines.next() {
        Some((1, header)) if header.iter().any(|c| !c.trim().is_empty()) => header,
        _ => {
            return Err(refuse(
                "row 1 must be the header, naming each column as the template does",
            ))
        }
    };
    let width = header.len();
    let mut rows = Vec::new();
    for (number, mut cells) in lines {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rows.len() == limits.max_rows {
            return Err(too_many_rows(limits));
        }
        if cells.len() > width && cells[width..].iter().any(|c| !c.trim().is_empty()) {
            return Err(refuse(format!(
                "row {number} has {} cells but the header names {width} columns",
                cells.len()
            )));
        }
        cells.resize(width, String::new());
        rows.push(Row { number, cells });
    }
    if rows.is_empty() {
        return Err(refuse("the file has a header but no rows"));
    }
    Ok(Table { header, rows })
}

/// CSV as UTF-8 (a byte order mark is tolerated), comma-separated; lines
/// starting with `#` are the template's notes and are skipped.
fn csv_grid(bytes: &[u8], limits: &ImportLimits) -> AppResult<Grid> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(CFB_SIGNATURE) {
        return Err(refuse(
            "the file is a workbook, not CSV: send it as XLSX (Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)",
        ));
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        return Err(refuse(format!(
            "the file is not UTF-8 text (line {line}, byte {}): save it as \"CSV UTF-8\"",
            e.valid_up_to() + 1
        )));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(bytes);
    let mut grid = Vec::new();
    for (i, record) in reader.records().enumerate() {
        if i > limits.max_rows + 1 {
            return Err(too_many_rows(limits));
        }
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            refuse(format!("line {line} is not valid CSV: {e}"))
        })?;
        grid.push((i + 1, record.iter().map(str::to_string).collect()));
    }
    Ok(grid)
}

/// The first sheet of an XLSX workbook, values only: a cell holding a formula
/// or an error, and merged cells, are refused naming the cells, since what a
/// formula shows is not what the file holds and a merged cell is one value
/// standing for several.
fn xlsx_grid(bytes: &[u8], limits: &ImportLimits) -> AppResult<Grid> {
    if bytes.starts_with(CFB_SIGNATURE) {
        return Err(password_or_legacy());
    }
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let sheet = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| refuse("the workbook has no sheet"))?;
    let range = workbook.worksheet_range(&sheet).map_err(unreadable)?;
    let (top, left) = range.start().unwrap_or((0, 0));
    if range.height() > limits.max_rows + 1 + top as usize {
        return Err(too_many_rows(limits));
    }
    let formulas = workbook.worksheet_formula(&sheet).map_err(unreadable)?;
    if let Some(((row, col), formula)) = formulas
        .used_cells()
        .find(|(_, _, f)| !f.trim().is_empty())
        .map(|(r, c, f)| {
            let (t, l) = formulas.start().unwrap_or((0, 0));
            ((r as u32 + t, c as u32 + l), f.clone())
        })
    {
        return Err(refuse(format!(
            "cell {} of sheet `{sheet}` holds a formula (={formula}): paste values only",
            cell_name(row, col)
        )));
    }
    let merged = workbook
        .merge_cells_by_sheet_name(&sheet)
        .map_err(unreadable)?;
    if let Some(dims) = merged.first() {
        return Err(refuse(format!(
            "cells {}:{} of sheet `{sheet}` are merged: unmerge them and give each cell its value",
            cell_name(dims.start.0, dims.start.1),
            cell_name(dims.end.0, dims.end.1)
        )));
    }
    let mut grid = Vec::with_capacity(range.height());
    for (i, row) in range.rows().enumerate() {
        let number = top as usize + i + 1;
        let mut cells = vec![String::new(); left as usize];
        for (j, cell) in row.iter().enumerate() {
            cells.push(text(cell).map_err(|message| {
                refuse(format!(
                    "cell {} of sheet `{sheet}` {message}",
                    cell_name(number as u32 - 1, left + j as u32)
                ))
            })?);
        }
        grid.push((number, cells));
    }
    Ok(grid)
}

/// A cell's value as the CSV file saved from the sheet would hold it.
fn text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(dt) if dt.time() == chrono::NaiveTime::MIN => dt.date().to_string(),
            Some(dt) => dt.to_string(),
            None => return Err("holds a date Excel cannot represent".to_string()),
        },
        Data::Error(e) => return Err(format!("holds the error value {e}: give it a value")),
    })
}

/// A cell's A1 reference from its zero-based row and column.
pub fn cell_name(row: u32, col: u32) -> String {
    rust_xlsxwriter::utility::row_col_to_cell(row, col as u16)
}

fn password_or_legacy() -> AppError {
    refuse(
        "the workbook is password-protected (or in the old .xls format): remove the password, or save it as an .xlsx workbook, and send it again",
    )
}

fn unreadable(e: XlsxError) -> AppError {
    match e {
        XlsxError::Password => password_or_legacy(),
        other => refuse(format!(
            "the workbook could not be read ({other}): it may be damaged, or not an .xlsx workbook; save it again from the spreadsheet program"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> ImportLimits {
        ImportLimits {
            max_bytes: 1000,
            max_rows: 2,
        }
    }

    #[test]
    fn csv_rows_are_numbered_as_in_the_sheet_and_blank_rows_skipped() {
        let t = read(
            "\u{feff}# a note\na,b\n1,2\n,\n3,\"x\ny\"\n".as_bytes(),
            FileFormat::Csv,
            &limits(),
        )
        .expect("reads");
        assert_eq!(t.header, ["a", "b"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].number, 2);
        assert_eq!(t.rows[1].number, 4);
        assert_eq!(t.rows[1].cells[1], "x\ny");
    }

    #[test]
    fn bad_files_are_refused_on_the_file_field() {
        for (bytes, expected) in [
            (&b"a,b\n1,\xff\n"[..], "not UTF-8 text (line 2"),
            (&b"a\n1\n2\n3\n"[..], "more than 2 rows"),
            (&b"a\n"[..], "no rows"),
            (&[b'x'; 1001][..], "at most 1000 are accepted"),
            (&b"a\n1,2\n"[..], "row 2 has 2 cells"),
        ] {
            match read(bytes, FileFormat::Csv, &limits()) {
                Err(AppError::BadUserInput { field, message }) => {
                    assert_eq!(field, "file");
                    assert!(message.contains(expected), "{message}");
                }
                other => panic!("{expected}: {other:?}"),
            }
        }
    }
}
