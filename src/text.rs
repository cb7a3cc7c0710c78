//! Free text in inputs: one rule for every field, by what the text is.
//!
//! Every text a client sends is trimmed, and refused as `BAD_USER_INPUT`
//! naming its field when it is longer than its kind allows; a required text
//! is refused when blank. The schema description of each field states its
//! limit ("At most N characters."), and a test holds every description to
//! these numbers.
use crate::error::{AppError, AppResult};

/// What a text input is, which decides how long it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// A code or label naming something the hub knows: a period label, a
    /// standard's code, a theme, an agency id, an operation name.
    Key,
    /// A name, title or owner.
    Name,
    /// Where a figure comes from: document, section, page or table.
    Citation,
    /// Evidence, summaries, findings, notes, purposes, quoted wording.
    Long,
}

/// The most items a list of texts may hold.
pub const MAX_ITEMS: usize = 100;

impl TextKind {
    pub const ALL: [TextKind; 4] = [
        TextKind::Key,
        TextKind::Name,
        TextKind::Citation,
        TextKind::Long,
    ];

    /// The most characters (Unicode scalar values) a text of this kind holds.
    pub const fn max_chars(self) -> usize {
        match self {
            TextKind::Key => 64,
            TextKind::Name => 300,
            TextKind::Citation => 500,
            TextKind::Long => 20_000,
        }
    }

    /// `value` trimmed; refused when blank or too long.
    pub fn required(self, field: &str, value: &str) -> AppResult<String> {
        let value = value.trim();
        if value.is_empty() {
            return Err(AppError::bad_input(field, "must not be empty"));
        }
        self.bounded(field, value)
    }

    /// `value` trimmed, `None` when absent or blank; refused when too long.
    pub fn optional(self, field: &str, value: Option<&str>) -> AppResult<Option<String>> {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => self.bounded(field, v).map(Some),
        }
    }

    /// Refuses `value` (as sent, untrimmed) when too long, without copying it:
    /// for lookups and filters that are not stored.
    pub fn check(self, field: &str, value: &str) -> AppResult<()> {
        self.bounded(field, value).map(|_| ())
    }

    fn bounded(self, field: &str, value: &str) -> AppResult<String> {
        let max = self.max_chars();
        // Counting stops one past the limit: a megabyte costs no more than max.
        if value.chars().nth(max).is_some() {
            return Err(AppError::bad_input(
                field,
                format!("must be at most {max} characters"),
            ));
        }
        Ok(value.to_string())
    }
}

/// Refuses a list longer than [`MAX_ITEMS`].
pub fn at_most<T>(field: &str, items: &[T]) -> AppResult<()> {
    if items.len() > MAX_ITEMS {
        return Err(AppError::bad_input(
            field,
            format!("at most {MAX_ITEMS} items"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_trimmed_and_held_to_their_kind() {
        assert_eq!(
            TextKind::Name
                .required("input.title", "  Audit  ")
                .ok()
                .as_deref(),
            Some("Audit")
        );
        let blank = TextKind::Name.required("input.title", "   ");
        assert!(
            matches!(blank, Err(AppError::BadUserInput { ref field, .. }) if field == "input.title")
        );
        for kind in TextKind::ALL {
            let max = kind.max_chars();
            assert!(kind.required("f", &"é".repeat(max)).is_ok(), "{kind:?}");
            let over = kind.required("input.source", &"é".repeat(max + 1));
            assert!(
                matches!(over, Err(AppError::BadUserInput { ref field, ref message })
                    if field == "input.source" && message.contains(&max.to_string())),
                "{kind:?}"
            );
        }
        assert_eq!(TextKind::Long.optional("f", Some("  ")).ok(), Some(None));
        assert!(TextKind::Key
            .check("period", &"x".repeat(1_000_000))
            .is_err());
    }
}
