//! What `Pipeline.pipe` accepts: a `str` (its id is its position) or a record with `id` and
//! `text` (a dict, a pyspark `Row`, anything indexable by name). A bad item is not an
//! exception but an [`Item`] whose text is an `Err`, which becomes an error record
//! `{"id", "error": "item N: why"}` as a bad line does in `qawl extract`, so one bad item
//! never loses the rest of the batch.

use pyo3::exceptions::{PyLookupError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyInt, PyString};

/// Why an item is not a document; the message goes into its error record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ItemError {
    #[error("empty document")]
    Empty,
    #[error("document has {chars} characters, over the limit of {limit} (max_chars)")]
    TooLong { chars: usize, limit: usize },
    #[error("text is not valid Unicode (lone surrogates)")]
    NotUnicode,
    /// The Python type of the text found instead of a `str`.
    #[error("text is {0}, not a string")]
    TextNotAString(String),
    #[error("no id")]
    NoId,
    #[error("id is {0}, not a string or an integer")]
    BadId(String),
    #[error("no text")]
    NoText,
    /// The Python type of an item that is neither a `str` nor a record.
    #[error("expected a str or a record with \"id\" and \"text\", got {0}")]
    NotARecord(String),
}

/// One input, read while the interpreter is attached, processed after it is detached.
pub struct Item {
    pub id: String,
    /// `item N` (N counts from 0 in the input), for messages.
    pub origin: String,
    pub text: Result<String, ItemError>,
}

impl Item {
    pub fn read(obj: &Bound<'_, PyAny>, index: usize, max_chars: usize) -> Item {
        let origin = format!("item {index}");
        if obj.is_instance_of::<PyString>() {
            return Item { id: index.to_string(), text: text_of(obj, max_chars), origin };
        }
        let id = match field(obj, "id") {
            Ok(Some(id)) => id,
            Ok(None) => return Item { id: origin.clone(), origin, text: Err(ItemError::NoId) },
            Err(why) => return Item { id: origin.clone(), origin, text: Err(why) },
        };
        let id = match id_string(&id) {
            Some(id) => id,
            None => return Item { id: origin.clone(), origin, text: Err(ItemError::BadId(type_name(&id))) },
        };
        let text = match field(obj, "text") {
            Ok(Some(text)) => text_of(&text, max_chars),
            Ok(None) => Err(ItemError::NoText),
            Err(why) => Err(why),
        };
        Item { id, origin, text }
    }
}

/// `obj[name]`; `None` when it has no such key or the value is `None`, `Err` when `obj`
/// cannot be indexed by name at all.
fn field<'py>(obj: &Bound<'py, PyAny>, name: &str) -> Result<Option<Bound<'py, PyAny>>, ItemError> {
    let py = obj.py();
    match obj.get_item(name) {
        Ok(v) if v.is_none() => Ok(None),
        Ok(v) => Ok(Some(v)),
        // A dict raises KeyError for a missing key, a pyspark Row ValueError.
        Err(e) if e.is_instance_of::<PyLookupError>(py) || e.is_instance_of::<PyValueError>(py) => Ok(None),
        Err(_) => Err(ItemError::NotARecord(type_name(obj))),
    }
}

/// Ids are strings; an integer id becomes its digits, as a JSON number id does in `qawl extract`.
fn id_string(id: &Bound<'_, PyAny>) -> Option<String> {
    if let Ok(s) = id.extract::<String>() {
        return Some(s);
    }
    // bool is an int subclass in Python; `True` is no id.
    if id.is_instance_of::<PyInt>() && !id.is_instance_of::<pyo3::types::PyBool>() {
        return id.str().ok().map(|s| s.to_string());
    }
    None
}

/// The checks `qawl extract` makes on a document's text, in its words.
pub fn check_text(text: String, max_chars: usize) -> Result<String, ItemError> {
    if text.trim().is_empty() {
        return Err(ItemError::Empty);
    }
    let n = text.chars().count();
    if n > max_chars {
        return Err(ItemError::TooLong { chars: n, limit: max_chars });
    }
    Ok(text)
}

fn text_of(obj: &Bound<'_, PyAny>, max_chars: usize) -> Result<String, ItemError> {
    match obj.extract::<String>() {
        Ok(text) => check_text(text, max_chars),
        Err(_) if obj.is_instance_of::<PyString>() => Err(ItemError::NotUnicode),
        Err(_) => Err(ItemError::TextNotAString(type_name(obj))),
    }
}

pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "an object".into())
}
