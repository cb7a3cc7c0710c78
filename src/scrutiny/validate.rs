//! Input checks shared by the scrutiny mutations, each naming the field at fault.
use crate::error::{AppError, AppResult};

pub const MAX_TITLE: usize = 300;
pub const MAX_TEXT: usize = 20_000;
pub const MAX_ITEMS: usize = 100;

/// The trimmed text, refused when empty or longer than `max` characters.
pub fn required(field: &str, value: &str, max: usize) -> AppResult<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::bad_input(field, "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(AppError::bad_input(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(value.to_string())
}

/// The trimmed text, `None` when absent or blank.
pub fn optional(field: &str, value: Option<&str>, max: usize) -> AppResult<Option<String>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => required(field, v, max).map(Some),
    }
}

/// Refuses lists longer than [`MAX_ITEMS`].
pub fn at_most<T>(field: &str, items: &[T]) -> AppResult<()> {
    if items.len() > MAX_ITEMS {
        return Err(AppError::bad_input(
            field,
            format!("at most {MAX_ITEMS} items"),
        ));
    }
    Ok(())
}
