//! The word-LM pre-training corpus as tensors, for `tools/torch/pretrain_word_lm.py` on a
//! GPU machine: every distinct form (word or clitic-stripped stem) once, with its frozen
//! vector and its characters' ids, and the sentences as form indexes, so the script needs
//! neither the text layer nor the vector tables and reads exactly what
//! [`super::pretrain_word_lm`] trains on.
//!
//! Tensors of the file (safetensors):
//! - `vectors` `[forms, dim]` f16: the frozen vector of each form ([`WordVectors::vector_into`]);
//! - `chars` `[forms, MAX_WORD_CHARS]` i16: character ids ([`char_id`]), 0 after the end;
//! - `stem` `[forms]` i32: the form of each form's stem (itself when it has none);
//! - `tokens` `[words]` i32 and `flags` `[words]` u8: each word's form and lexicon bits;
//! - `offsets` `[sentences + 1]` i64: where each sentence starts in `tokens`.
//!
//! Beside it, `<file>.json` holds the tagger's [`WordConfig`] the encoder must fit.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Tensor};

use super::word_lm::cut;
use crate::checkpoint::save_tensors;
use crate::error::{Error, Result};
use crate::word::chars::{char_id, MAX_WORD_CHARS};
use crate::word::model::{WordConfig, WordInput};
use crate::word::vectors::WordVectors;

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    pub forms: usize,
    pub words: usize,
    pub sentences: usize,
    pub bytes: u64,
}

/// Distinct forms in order of first appearance.
#[derive(Default)]
struct Forms<'a> {
    index: HashMap<&'a str, i32>,
    list: Vec<&'a str>,
}

impl<'a> Forms<'a> {
    fn id(&mut self, form: &'a str) -> i32 {
        let next = self.list.len() as i32;
        *self.index.entry(form).or_insert_with(|| {
            self.list.push(form);
            next
        })
    }
}

/// Writes `sentences` (cut to `max_words`, those of one word left out, as the Rust
/// pre-training does) to `path` and the config to `path` + `.json`.
pub fn export_word_lm_corpus(sentences: &[WordInput], vectors: &WordVectors, config: &WordConfig, max_words: usize, path: &Path) -> Result<ExportSummary> {
    let pieces: Vec<WordInput> = sentences.iter().flat_map(|s| cut(s, max_words)).filter(|s| s.len() >= 2).collect();
    if pieces.is_empty() {
        return Err(Error::Invalid("no sentence of two words or more to export".into()));
    }
    let mut forms = Forms::default();
    let mut stem_of: HashMap<i32, i32> = HashMap::new();
    let (mut tokens, mut flags, mut offsets) = (Vec::new(), Vec::new(), vec![0i64]);
    for s in &pieces {
        s.check()?;
        for (k, w) in s.words.iter().enumerate() {
            let id = forms.id(w);
            let stem = s.stems.get(k).filter(|x| !x.is_empty()).map_or(id, |x| forms.id(x));
            stem_of.insert(id, stem);
            tokens.push(id);
            flags.push(s.flags.get(k).copied().unwrap_or(0) as u8);
        }
        offsets.push(tokens.len() as i64);
    }
    let (n, d) = (forms.list.len(), vectors.dim());
    let mut table = vec![0f32; n * d];
    let mut chars = vec![0i16; n * MAX_WORD_CHARS];
    for (i, form) in forms.list.iter().enumerate() {
        vectors.vector_into(form, &mut table[i * d..(i + 1) * d]);
        for (k, c) in form.chars().take(MAX_WORD_CHARS).enumerate() {
            chars[i * MAX_WORD_CHARS + k] = char_id(c) as i16;
        }
    }
    let stem: Vec<i32> = (0..n as i32).map(|i| stem_of.get(&i).copied().unwrap_or(i)).collect();
    let dev = Device::Cpu;
    let (words, sentences) = (tokens.len(), offsets.len() - 1);
    let tensors: HashMap<String, Tensor> = [
        ("vectors", Tensor::from_vec(table, (n, d), &dev)?.to_dtype(DType::F16)?),
        ("chars", Tensor::from_vec(chars, (n, MAX_WORD_CHARS), &dev)?),
        ("stem", Tensor::from_vec(stem, n, &dev)?),
        ("tokens", Tensor::from_vec(tokens, words, &dev)?),
        ("flags", Tensor::from_vec(flags, words, &dev)?),
        ("offsets", Tensor::from_vec(offsets, sentences + 1, &dev)?),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    save_tensors(&tensors, path)?;
    let json = path.with_extension("json");
    config.save(&json)?;
    let bytes = std::fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
    Ok(ExportSummary { forms: n, words, sentences, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::scratch_dir;
    use crate::word::vectors::VectorsConfig;
    use crate::Weights;

    #[test]
    fn forms_are_written_once_and_sentences_point_at_them() -> Result<()> {
        let config = VectorsConfig { dim: 2, minn: 2, maxn: 3, words: 2, ngrams: 0 };
        let vectors = WordVectors::new(config.clone(), vec!["قال".into(), "وزير".into()], vec![0.0, 0.0, 1.0, 2.0, 3.0, 4.0], vec![], vec![])?;
        let s = |w: &[&str], st: &[&str]| WordInput { words: w.iter().map(|x| x.to_string()).collect(), stems: st.iter().map(|x| x.to_string()).collect(), flags: vec![1; w.len()] };
        let sentences = vec![s(&["قال", "الوزير"], &["", "وزير"]), s(&["قال"], &[""]), s(&["الوزير", "قال", "قال"], &["وزير", "", ""])];
        let dir = scratch_dir("word-lm-export");
        let path = dir.join("corpus.safetensors");
        let summary = export_word_lm_corpus(&sentences, &vectors, &WordConfig::new(config, 8), 60, &path)?;
        // Forms: قال, الوزير, وزير; the one-word sentence is left out.
        assert_eq!((summary.forms, summary.words, summary.sentences), (3, 5, 2));
        let w = Weights::load(&path)?;
        let ints = |name: &str| w.get(name).unwrap().to_dtype(DType::I64).unwrap().to_vec1::<i64>().unwrap();
        assert_eq!(ints("tokens"), vec![0, 1, 1, 0, 0]);
        assert_eq!(ints("stem"), vec![0, 2, 2]);
        assert_eq!(ints("offsets"), vec![0, 2, 5]);
        let table = w.get("vectors").unwrap().to_dtype(DType::F32)?.to_vec2::<f32>()?;
        assert_eq!(table[0], vec![1.0, 2.0], "قال is listed");
        assert_eq!(table[2], vec![3.0, 4.0], "وزير is listed");
        assert!(dir.join("corpus.json").is_file());
        std::fs::remove_dir_all(&dir).ok();
        Ok(())
    }
}
