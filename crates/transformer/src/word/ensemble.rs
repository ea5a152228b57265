//! An ensemble of word taggers in one checkpoint: networks of one shape, trained apart
//! (other seeds, other recipes) on the same frozen vector tables, whose emission and CRF
//! scores [`super::WordTagger`] averages at inference.
//!
//! The weights file holds member 0's tensors under their usual names and the vector
//! tables once; member k's network tensors are under [`member_prefix`]`(k)`, and
//! `config.json` counts the members (`members`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::Tensor;

use super::model::WordConfig;
use super::vectors::{NGRAMS_FILE, WORDS_FILE};
use crate::checkpoint::{Weights, CONFIG_FILE, LABELS_FILE, WEIGHTS_FILE};
use crate::error::{Error, Result};
use crate::labels::Labels;

/// Where member `k` (k ≥ 1) keeps its tensors: `members.k`.
pub fn member_prefix(k: usize) -> String {
    format!("members.{k}")
}

/// Tensors of the frozen vector tables, stored once for all members.
const VECTOR_TENSORS: &str = "word_vectors.";

/// One checkpoint made of several word tagger directories (`qawl train` outputs).
pub struct Ensemble {
    pub config: WordConfig,
    pub labels: Labels,
    /// Member 0's tensors and the vector tables, then each other member's network.
    pub tensors: HashMap<String, Tensor>,
}

/// Joins the word taggers in `dirs` (at least one; each a single network). They must agree
/// on their sizes, labels and vector tables' word and n-gram lists; the vectors are taken
/// from the first, the others having been trained on the same (or its f16-rounded copy).
pub fn join_members(dirs: &[PathBuf]) -> Result<Ensemble> {
    let first = dirs.first().ok_or_else(|| Error::Invalid("no tagger to join".into()))?;
    let config = WordConfig::from_file(&first.join(CONFIG_FILE))?;
    let labels = Labels::from_file(first.join(LABELS_FILE))?;
    let mut tensors = HashMap::new();
    for (k, dir) in dirs.iter().enumerate() {
        let c = WordConfig::from_file(&dir.join(CONFIG_FILE))?;
        if c.members != 1 {
            return Err(Error::Invalid(format!("{} is already an ensemble of {} members", dir.display(), c.members)));
        }
        if c != config {
            return Err(Error::Invalid(format!("{} has other sizes than {}: {c:?} against {config:?}", dir.display(), first.display())));
        }
        if Labels::from_file(dir.join(LABELS_FILE))? != labels {
            return Err(Error::Invalid(format!("{} has other labels than {}", dir.display(), first.display())));
        }
        for list in [WORDS_FILE, NGRAMS_FILE] {
            if read(&dir.join(list))? != read(&first.join(list))? {
                return Err(Error::Invalid(format!("{} lists other vectors than {} ({list})", dir.display(), first.display())));
            }
        }
        let weights = Weights::load(dir.join(WEIGHTS_FILE))?;
        for name in weights.names() {
            let t = weights.get(&name).expect("listed").clone();
            if k == 0 {
                tensors.insert(name, t);
            } else if !name.starts_with(VECTOR_TENSORS) {
                tensors.insert(format!("{}.{name}", member_prefix(k)), t);
            }
        }
    }
    Ok(Ensemble { config: WordConfig { members: dirs.len(), ..config }, labels, tensors })
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::io(path, e))
}
