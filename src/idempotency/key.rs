//! The `Idempotency-Key` header's value.
use crate::error::{AppError, AppResult};

/// The header, as the IETF httpapi draft names it.
pub const HEADER: &str = "Idempotency-Key";

/// The longest key accepted, in characters.
pub const MAX_KEY_CHARS: usize = 255;

/// The key a request carries, if any. The draft makes the value a Structured
/// Field string (`"8e03978e-40d5-43e8-bc93-6894a57f9324"`); most clients send
/// it bare, so a bare value of visible ASCII is taken as the key too. Either
/// way the key is 1 to [`MAX_KEY_CHARS`] printable ASCII characters.
pub fn from_headers(headers: &actix_web::http::header::HeaderMap) -> AppResult<Option<String>> {
    let mut values = headers.get_all(HEADER);
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(invalid("send one Idempotency-Key header, not several"));
    }
    let text = value
        .to_str()
        .map_err(|_| invalid("the value is not printable ASCII"))?
        .trim();
    parse(text).map(Some)
}

/// The key in one header value.
pub fn parse(text: &str) -> AppResult<String> {
    let key = if text.starts_with('"') {
        let item = sfv::Parser::new(text)
            .parse::<sfv::Item>()
            .map_err(|e| invalid(&format!("not a Structured Field string: {e}")))?;
        if !item.params.is_empty() {
            return Err(invalid("the key takes no parameters"));
        }
        match item.bare_item {
            sfv::BareItem::String(s) => s.as_str().to_string(),
            _ => return Err(invalid("not a Structured Field string")),
        }
    } else {
        if let Some(c) = text.chars().find(|c| !c.is_ascii_graphic() || *c == '"') {
            return Err(invalid(&format!(
                "`{}` may not appear in a bare key; quote the key as a string",
                c.escape_default()
            )));
        }
        text.to_string()
    };
    if key.is_empty() {
        return Err(invalid("the key is empty"));
    }
    if key.chars().count() > MAX_KEY_CHARS {
        return Err(invalid(&format!(
            "the key is longer than {MAX_KEY_CHARS} characters"
        )));
    }
    Ok(key)
}

fn invalid(message: &str) -> AppError {
    AppError::bad_input(HEADER, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_and_bare_keys_are_the_same_key() {
        let uuid = "8e03978e-40d5-43e8-bc93-6894a57f9324";
        assert_eq!(parse(&format!("\"{uuid}\"")).unwrap(), uuid);
        assert_eq!(parse(uuid).unwrap(), uuid);
        assert_eq!(parse(r#""a \"quoted\" key""#).unwrap(), r#"a "quoted" key"#);
    }

    #[test]
    fn malformed_keys_name_the_header() {
        for bad in [
            "",
            "\"\"",
            "\"unterminated",
            "two words",
            "\"k\";a=1",
            "é",
            &"k".repeat(MAX_KEY_CHARS + 1),
        ] {
            let err = parse(bad).expect_err(bad);
            assert!(
                matches!(&err, AppError::BadUserInput { field, .. } if field == HEADER),
                "{bad}: {err:?}"
            );
        }
        assert!(parse(&"k".repeat(MAX_KEY_CHARS)).is_ok());
    }
}
