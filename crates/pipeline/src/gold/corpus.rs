//! Gold documents whose text stays in the corpus: `"source": {"archive": "saudinewsnet",
//! "doc": "2187", "sha256": "…"}` and spans with offsets only. The article is read from
//! `<corpus>/<archive>/text.txt` with the same reader `qawl extract` uses, so the offsets
//! index the text extract sees; a text whose SHA-256 differs is an error, never a silent
//! shift of every span.

use super::Raw;
use crate::error::Error;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The hex SHA-256 of a text's UTF-8 bytes, as a gold `source` gives it.
///
/// ```
/// let hex = qawl_pipeline::gold::corpus::sha256_hex("");
/// assert_eq!(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
/// ```
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Fills `text` (and every span's `text`) of the documents that name a corpus source.
pub(super) fn resolve(raws: &mut [Raw], corpus: Option<&Path>) -> Result<(), Error> {
    let mut wanted: HashMap<String, HashSet<String>> = HashMap::new();
    for raw in raws.iter() {
        if let Some((archive, doc, _)) = source_of(raw)? {
            wanted.entry(archive).or_default().insert(doc);
        }
    }
    if wanted.is_empty() {
        return Ok(());
    }
    let mut texts: HashMap<(String, String), String> = HashMap::new();
    for (archive, ids) in &wanted {
        let first = raws.iter().find(|r| matches!(source_of(r), Ok(Some((a, _, _))) if &a == archive)).unwrap();
        let err = |message: String| Error::Gold { path: first.path.clone(), line: first.line, message };
        let Some(corpus) = corpus else {
            return Err(err(format!("the text of this document is in the corpus archive {archive}: give the corpus folder (--corpus, e.g. ../shared/data/news)")));
        };
        let path = corpus.join(archive).join("text.txt");
        if !path.is_file() {
            return Err(err(format!("{} not found: the corpus folder must hold {archive}/text.txt", path.display())));
        }
        let inputs = qawl_io::Inputs::open(&[path.clone()], usize::MAX).map_err(|source| Error::Corpus { path: first.path.clone(), line: first.line, source })?;
        for input in inputs {
            if ids.contains(&input.id) {
                if let Ok(text) = input.text {
                    texts.insert((archive.clone(), input.id), text);
                }
            }
        }
    }
    for raw in raws.iter_mut() {
        let Some((archive, doc, sha)) = source_of(raw)? else { continue };
        let err = |message: String| Error::Gold { path: raw.path.clone(), line: raw.line, message };
        let Some(text) = texts.get(&(archive.clone(), doc.clone())) else {
            return Err(err(format!("article {doc} is not in the corpus archive {archive}")));
        };
        let found = sha256_hex(text);
        if found != sha {
            return Err(err(format!("the corpus text of {archive}/{doc} has SHA-256 {found}, not the {sha} the gold was made on: the offsets would not fit")));
        }
        fill_texts(&mut raw.value, text).map_err(err)?;
    }
    Ok(())
}

/// `(archive, doc, sha256)` of a document without text that names its source.
fn source_of(raw: &Raw) -> Result<Option<(String, String, String)>, Error> {
    let Some(source) = raw.value.get("source") else { return Ok(None) };
    if raw.value.get("text").is_some() {
        return Ok(None);
    }
    let field = |k: &str| source.get(k).and_then(Value::as_str).map(String::from);
    match (field("archive"), field("doc"), field("sha256")) {
        (Some(a), Some(d), Some(s)) => Ok(Some((a, d, s))),
        _ => Err(Error::Gold { path: raw.path.clone(), line: raw.line, message: "\"source\" needs \"archive\", \"doc\" and \"sha256\"".into() }),
    }
}

/// Sets the document's text, the `text` of every entity, quote and cue from its offsets, and
/// each person's `name` from its `name_mention`.
fn fill_texts(value: &mut Value, text: &str) -> Result<(), String> {
    let chars: Vec<char> = text.chars().collect();
    let fill = |span: &mut Value, what: &str| -> Result<(), String> {
        let at = |k: &str| span.get(k).and_then(Value::as_u64).map(|n| n as usize);
        let (Some(s), Some(e)) = (at("start"), at("end")) else { return Err(format!("{what} without start/end")) };
        if s > e || e > chars.len() {
            return Err(format!("{what} offsets {s}..{e} are outside the text ({} characters)", chars.len()));
        }
        span["text"] = Value::String(chars[s..e].iter().collect());
        Ok(())
    };
    for e in value.get_mut("entities").and_then(Value::as_array_mut).into_iter().flatten() {
        fill(e, "an entity")?;
    }
    for q in value.get_mut("quotes").and_then(Value::as_array_mut).into_iter().flatten() {
        fill(q, "a quote")?;
        if let Some(cue) = q.get_mut("cue").filter(|c| !c.is_null()) {
            fill(cue, "a cue")?;
        }
    }
    // A person's name is stored as the mention that spells it.
    let names: HashMap<String, Value> = value.get("entities").and_then(Value::as_array).into_iter().flatten().filter_map(|e| Some((e.get("id")?.as_str()?.to_string(), e.get("text")?.clone()))).collect();
    for p in value.get_mut("persons").and_then(Value::as_array_mut).into_iter().flatten() {
        if let Some(m) = p.get("name_mention").and_then(Value::as_str).map(String::from) {
            let name = names.get(&m).cloned().ok_or_else(|| format!("name_mention {m} is not an entity"))?;
            p["name"] = name;
        }
    }
    value["text"] = Value::String(text.to_string());
    Ok(())
}
