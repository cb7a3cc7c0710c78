//! A GraphQL response as JSON on the wire.
//!
//! The same JSON as serialising [`async_graphql::Response`] with serde,
//! except for raw JSON values (async-graphql's `raw_value`: an object whose
//! one key is [`RAW_VALUE_TOKEN`]). async-graphql checks and copies such a
//! value's text every time it serialises it; the hub's only raw values are
//! grade lists it rendered itself with serde_json
//! ([`crate::section11::schema::grades`]), so here the text is written as it
//! is, through serde_json's own raw-value protocol. On a page of 100 returns
//! the check was a tenth of the server's CPU.
use std::sync::LazyLock;

use async_graphql::{Response, Value};
use async_graphql_value::RAW_VALUE_TOKEN;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

/// The response's JSON.
pub fn to_vec(response: &Response) -> serde_json::Result<Vec<u8>> {
    // Sized from the raw text it will hold: a page's 200 KB otherwise grows
    // through a dozen reallocations, each copying what was written so far.
    let mut out = Vec::with_capacity(4096 + raw_len(&response.data));
    serde_json::to_writer(&mut out, &Wire(response))?;
    Ok(out)
}

/// A raw JSON value holding `json`, in async-graphql's own form (what
/// `async_graphql::to_value` makes of a `serde_json::value::RawValue`),
/// built without going through a serializer. `json` must be valid JSON.
pub fn raw_value(json: &str) -> Value {
    raw_json(json.to_owned())
}

/// [`raw_value`], taking the text it holds.
pub fn raw_json(json: String) -> Value {
    static TOKEN: LazyLock<async_graphql::Name> =
        LazyLock::new(|| async_graphql::Name::new(RAW_VALUE_TOKEN));
    let mut map = async_graphql::indexmap::IndexMap::with_capacity(1);
    map.insert(TOKEN.clone(), Value::String(json));
    Value::Object(map)
}

/// The length of the raw JSON inside `value`, which dominates a response
/// that has any.
fn raw_len(value: &Value) -> usize {
    match value {
        Value::List(items) => items.iter().map(raw_len).sum(),
        Value::Object(map) => match raw_text(map) {
            Some(json) => json.len(),
            None => map.values().map(|v| 64 + raw_len(v)).sum(),
        },
        _ => 0,
    }
}

/// The text of a raw JSON value: an object whose one key is the token.
/// Every object of a response is asked, so the key is compared, not hashed.
fn raw_text(map: &async_graphql::indexmap::IndexMap<async_graphql::Name, Value>) -> Option<&str> {
    match map.first() {
        Some((key, Value::String(json))) if map.len() == 1 && key.as_str() == RAW_VALUE_TOKEN => {
            Some(json)
        }
        _ => None,
    }
}

struct Wire<'a>(&'a Response);

impl Serialize for Wire<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let response = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("data", &WireValue(&response.data))?;
        if !response.extensions.is_empty() {
            map.serialize_entry("extensions", &response.extensions)?;
        }
        if !response.errors.is_empty() {
            map.serialize_entry("errors", &response.errors)?;
        }
        map.end()
    }
}

struct WireValue<'a>(&'a Value);

impl Serialize for WireValue<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::List(items) => serializer.collect_seq(items.iter().map(WireValue)),
            Value::Object(map) => match raw_text(map) {
                Some(json) => {
                    let mut raw = serializer.serialize_struct(RAW_VALUE_TOKEN, 1)?;
                    raw.serialize_field(RAW_VALUE_TOKEN, json)?;
                    raw.end()
                }
                None => serializer.collect_map(map.iter().map(|(k, v)| (k.as_str(), WireValue(v)))),
            },
            scalar => scalar.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::{ErrorExtensions, Name, Number, PathSegment, Pos, ServerError};

    fn object(entries: Vec<(&str, Value)>) -> Value {
        Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| (Name::new(k), v))
                .collect(),
        )
    }

    fn sample(data: Value) -> Response {
        let mut response = Response::new(data);
        let mut error = ServerError::new("no \"such\" return", Some(Pos { line: 2, column: 7 }));
        error.path = vec![
            PathSegment::Field("section11Return".into()),
            PathSegment::Index(3),
        ];
        error.extensions = async_graphql::Error::new("x")
            .extend_with(|_, e| e.set("code", "NOT_FOUND"))
            .extensions;
        response.errors.push(error);
        response
            .extensions
            .insert("note".into(), Value::String("é\n".into()));
        response
    }

    #[test]
    fn the_same_json_as_serde_gives_for_every_kind_of_value() {
        let data = object(vec![
            ("null", Value::Null),
            ("int", Value::Number(Number::from(-3))),
            (
                "float",
                Value::Number(Number::from_f64(2.5).expect("finite")),
            ),
            ("text", Value::String("a \"quoted\" \\ line\n\u{1}".into())),
            ("yes", Value::Boolean(true)),
            ("grade", Value::Enum(Name::new("GOOD"))),
            ("bytes", Value::Binary(vec![0u8, 255].into())),
            (
                "list",
                Value::List(vec![Value::Null, object(vec![("n", Value::Null)])]),
            ),
            ("empty", object(vec![])),
        ]);
        let response = sample(data);
        assert_eq!(
            to_vec(&response).expect("wire"),
            serde_json::to_vec(&response).expect("serde")
        );
        let bare = Response::new(Value::Null);
        assert_eq!(to_vec(&bare).expect("wire"), br#"{"data":null}"#);
    }

    #[test]
    fn raw_json_is_written_as_it_is() {
        let text = r#"[{"s":"GOOD","n":{"number":"1"}},{"s":null}]"#;
        let raw = serde_json::value::RawValue::from_string(text.into()).expect("valid");
        let data = object(vec![
            ("grades", async_graphql::to_value(&*raw).expect("raw value")),
            ("one", object(vec![("grades", Value::Null)])),
        ]);
        assert_eq!(
            raw_value(text),
            async_graphql::to_value(&*raw).expect("raw value"),
            "the same form as async-graphql's"
        );
        let response = sample(data);
        let wire: serde_json::Value =
            serde_json::from_slice(&to_vec(&response).expect("wire")).expect("JSON");
        let serde: serde_json::Value =
            serde_json::from_slice(&serde_json::to_vec(&response).expect("serde")).expect("JSON");
        assert_eq!(wire, serde);
        assert_eq!(
            wire["data"]["grades"],
            serde_json::from_str::<serde_json::Value>(text).expect("JSON")
        );
    }
}
