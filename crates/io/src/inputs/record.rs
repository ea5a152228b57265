//! One JSON document object → an [`Input`]: its id, its text, and every other field as
//! metadata carried to the output record (`url`, `date`, `source`…).

use super::{Input, Meta};
use crate::DocumentError;
use serde_json::Value;

/// Fields of an output record that an input's metadata must not overwrite.
const RESERVED: [&str; 7] = ["id", "text", "entities", "persons", "quotes", "error", "qawl"];

/// Reads one document object; `origin` (`file:line`) names it in messages and stands in for
/// a missing id.
pub(crate) fn from_value(value: Value, origin: String) -> Input {
    let Value::Object(mut fields) = value else {
        let what = match value {
            Value::Array(_) => "a JSON array",
            Value::String(_) => "a JSON string",
            Value::Null => "null",
            _ => "a JSON scalar",
        };
        return Input::failed(origin.clone(), origin, DocumentError::NotADocument(what));
    };
    let id = match fields.remove("id") {
        Some(Value::String(s)) => s,
        Some(Value::Null) | None => return Input::failed(origin.clone(), origin, DocumentError::NoId),
        Some(other) => other.to_string(),
    };
    let text = match fields.remove("text") {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(DocumentError::TextNotAString),
        None => Err(DocumentError::NoText),
    };
    let meta: Meta = fields.into_iter().filter(|(k, _)| !RESERVED.contains(&k.as_str())).collect();
    Input { id, origin, text, meta }
}

/// The id of a line that is not valid JSON (cut, or not UTF-8), when it shows one, so that
/// its error record can be matched to the document: `{"id": "a7", "text": …` → `a7`.
pub(crate) fn guess_id(line: &[u8]) -> Option<String> {
    let line = String::from_utf8_lossy(line);
    let after_key = &line[line.find("\"id\"")? + 4..];
    let value = after_key.trim_start().strip_prefix(':')?.trim_start();
    if let Some(rest) = value.strip_prefix('"') {
        // A JSON string: read it with serde so escapes come out right.
        let mut end = None;
        let mut escaped = false;
        for (i, c) in rest.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    end = Some(i);
                    break;
                }
                _ => escaped = false,
            }
        }
        return serde_json::from_str::<String>(&value[..end? + 2]).ok();
    }
    let number: String = value.chars().take_while(|c| c.is_ascii_digit() || *c == '-').collect();
    (!number.is_empty()).then_some(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_fields_are_metadata_and_reserved_ones_are_not() {
        let v = serde_json::json!({"id": 7, "text": "نص", "url": "http://x", "entities": [], "date": "2015-07-21"});
        let input = from_value(v, "f:1".into());
        assert_eq!(input.id, "7");
        assert_eq!(input.text.as_deref(), Ok("نص"));
        assert_eq!(input.meta.keys().collect::<Vec<_>>(), vec!["date", "url"]);
    }

    #[test]
    fn arrays_and_missing_fields_are_named() {
        let input = from_value(serde_json::json!([1, 2]), "f:3".into());
        assert_eq!(input.text.unwrap_err(), DocumentError::NotADocument("a JSON array"));
        let input = from_value(serde_json::json!({"id": "a"}), "f:4".into());
        assert_eq!(input.id, "a");
        assert_eq!(input.text.unwrap_err().to_string(), "the document has no \"text\"");
    }

    #[test]
    fn ids_are_found_in_broken_lines() {
        assert_eq!(guess_id(br#"{"id": "a\"7", "text": "cut"#).as_deref(), Some("a\"7"));
        assert_eq!(guess_id(b"{\"id\":12,\"text\":\"\xff\"}").as_deref(), Some("12"));
        assert_eq!(guess_id(b"{\"text\": \"no id\"").as_deref(), None);
    }
}
