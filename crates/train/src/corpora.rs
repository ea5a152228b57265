//! The shared corpora under `../shared/data`: the labeled training sets, and the paragraphs
//! of the unlabeled news archives (`<doc …>` blocks in `text.txt` files).

use crate::error::Error;
use crate::labeled::{read_bio, LabeledSentence};
use qawl_tokenizer::Analysis;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// The training corpora under `../shared/data` (never the test sets: cleananercorp/test.txt,
/// wojood2023_dev). Returns (train, dev): dev is the last `dev_share` of CLEANANERCorp train.
/// With `wojood_roles_only`, the Wojood sample teaches the ROLE head only: its entity
/// conventions (nested GPE inside ORG, NORP unlabeled) differ from CLEANANERCorp's.
pub fn labeled_corpora(data: &Path, dev_share: f64, wojood_roles_only: bool, aqmar: bool) -> Result<(Vec<LabeledSentence>, Vec<LabeledSentence>), Error> {
    let clean = read_bio(&data.join("cleananercorp/train.txt"), false)?;
    let n_dev = (clean.len() as f64 * dev_share) as usize;
    let (clean_train, clean_dev) = clean.split_at(clean.len() - n_dev);
    let mut train = clean_train.to_vec();
    if aqmar {
        let dir = data.join("aqmar");
        let entries = std::fs::read_dir(&dir).map_err(|source| Error::Read { path: dir.clone(), source })?;
        let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().map(|e| e == "txt").unwrap_or(false)).collect();
        files.sort();
        for f in files {
            train.extend(read_bio(&f, false)?);
        }
    }
    for split in ["train.txt", "val.txt", "test.txt"] {
        let mut sentences = read_bio(&data.join("wojood_sample").join(split), true)?;
        for s in &mut sentences {
            s.ignore_entities = wojood_roles_only;
        }
        train.extend(sentences);
    }
    Ok((train, clean_dev.to_vec()))
}

/// Paragraph lines of `<doc>` corpus files (`text.txt`), markup skipped.
pub fn corpus_lines(path: &Path) -> Result<impl Iterator<Item = String>, Error> {
    let f = std::fs::File::open(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    Ok(BufReader::new(f).lines().map_while(Result::ok).filter(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with("<doc") && !t.starts_with("</doc")
    }))
}

/// The `text.txt` files under a corpus folder (or the one file given), sorted.
pub fn corpus_files(root: &Path) -> Result<Vec<PathBuf>, Error> {
    if root.is_file() {
        return Ok(vec![root.to_path_buf()]);
    }
    let mut out = Vec::new();
    let read = |source| Error::Read { path: root.to_path_buf(), source };
    for entry in std::fs::read_dir(root).map_err(read)? {
        let p = entry.map_err(read)?.path();
        if p.is_dir() && p.join("text.txt").is_file() {
            out.push(p.join("text.txt"));
        } else if p.file_name().and_then(|n| n.to_str()) == Some("text.txt") {
            out.push(p);
        }
    }
    out.sort();
    if out.is_empty() {
        return Err(Error::NoCorpus(root.to_path_buf()));
    }
    Ok(out)
}

/// A paragraph as the model sees it: normalized words separated by spaces.
pub fn normalized_words(line: &str) -> String {
    let a = Analysis::new(line);
    a.words.iter().map(|w| w.norm.as_str()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}
