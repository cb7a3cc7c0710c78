//! Checks on free text in inputs, naming the field at fault.
use crate::error::{AppError, AppResult};

/// Evidence, notes and findings: long enough for a paragraph or two, short
/// enough that one request cannot fill the database.
pub const LONG_TEXT: usize = 10_000;
/// Names, titles, owners.
pub const SHORT_TEXT: usize = 300;

/// `value` trimmed; refuses it empty or longer than `max` characters.
pub fn required(value: &str, field: &str, max: usize) -> AppResult<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::bad_input(field, "must not be empty"));
    }
    bounded(value, field, max)
}

/// `value` trimmed, `None` when empty; refuses it longer than `max` characters.
pub fn optional(value: Option<&str>, field: &str, max: usize) -> AppResult<Option<String>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => bounded(v, field, max).map(Some),
    }
}

fn bounded(value: &str, field: &str, max: usize) -> AppResult<String> {
    if value.chars().count() > max {
        return Err(AppError::bad_input(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(value.to_string())
}
