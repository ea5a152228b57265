//! Inference: a loaded tagger checkpoint that labels subword sequences.

use std::path::Path;

use candle_core::{Device, Tensor, D};

use crate::checkpoint::{Weights, CONFIG_FILE, LABELS_FILE, WEIGHTS_FILE};
use crate::config::Config;
use crate::decode::BioScheme;
use crate::error::{Error, Result};
use crate::heads::BertTagger;
use crate::labels::Labels;

/// How [`Tagger::predict`] batches and windows its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaggerOptions {
    /// Windows per forward pass.
    pub batch_size: usize,
    /// Subwords per window, [CLS]/[SEP] excluded. `None`: the most the model
    /// allows (`max_position_embeddings - 2`). Larger values are capped.
    pub window: Option<usize>,
    /// Distance between window starts. `None`: half the window.
    pub stride: Option<usize>,
}

impl Default for TaggerOptions {
    fn default() -> Self {
        Self {
            batch_size: 16,
            window: None,
            stride: None,
        }
    }
}

/// Labels for one input sequence, one entry per input subword.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaggedSeq {
    /// Entity label index per subword (names in [`Labels::entity`]).
    pub entity: Vec<usize>,
    /// Role label index per subword (names in [`Labels::role`]).
    pub role: Vec<usize>,
    /// Probability of the chosen entity label, per subword. It equals the
    /// maximum probability except where the BIO constraint overrode argmax.
    pub entity_confidence: Vec<f32>,
    /// Probability of the chosen role label, per subword.
    pub role_confidence: Vec<f32>,
}

/// A tagger checkpoint ready to run: model, label names, special ids.
///
/// `Tagger` is `Send + Sync`; share one behind an `Arc` (or a reference) across
/// rayon threads. candle runs each tensor op on its own process-wide thread
/// pool and serialises concurrent callers, so calls from several threads do
/// not run faster than one: for throughput, pass many sequences (e.g. a whole
/// batch of documents) to one [`predict`](Self::predict) call.
#[derive(Debug, Clone)]
pub struct Tagger {
    model: BertTagger,
    config: Config,
    labels: Labels,
    entity_scheme: BioScheme,
    role_scheme: BioScheme,
    options: TaggerOptions,
    device: Device,
}

/// Per-token log-probabilities of one sequence, row-major `[len, labels]`.
#[derive(Debug, Clone, Default)]
struct Scores {
    entity: Vec<f32>,
    role: Vec<f32>,
}

impl Tagger {
    /// Loads `dir/config.json`, `dir/labels.json` and `dir/model.safetensors`.
    /// A missing file or tensor is named in the error.
    pub fn load(dir: impl AsRef<Path>) -> Result<Self> {
        let dir = dir.as_ref();
        for file in [CONFIG_FILE, LABELS_FILE, WEIGHTS_FILE] {
            let path = dir.join(file);
            if !path.is_file() {
                return Err(Error::MissingFile { path });
            }
        }
        let config = Config::from_file(dir.join(CONFIG_FILE))?;
        let labels = Labels::from_file(dir.join(LABELS_FILE))?;
        let weights = Weights::load(dir.join(WEIGHTS_FILE))?;
        let (ne, nr) = (labels.entity.len(), labels.role.len());
        let model = weights.build(|vb| BertTagger::load(vb, &config, ne, nr))?;
        Self::from_parts(model, config, labels)
    }

    /// Wraps a model already in memory (used by training for dev evaluation).
    pub fn from_parts(model: BertTagger, config: Config, labels: Labels) -> Result<Self> {
        labels.validate()?;
        Ok(Self {
            entity_scheme: BioScheme::new(&labels.entity),
            role_scheme: BioScheme::new(&labels.role),
            model,
            config,
            labels,
            options: TaggerOptions::default(),
            device: Device::Cpu,
        })
    }

    /// Replaces the batching/windowing options.
    pub fn with_options(mut self, options: TaggerOptions) -> Self {
        self.options = options;
        self
    }

    /// Overrides the [CLS], [SEP] and padding ids from labels.json.
    pub fn with_special_ids(mut self, cls: u32, sep: u32, pad: u32) -> Self {
        self.labels.cls_id = cls;
        self.labels.sep_id = sep;
        self.labels.pad_id = pad;
        self
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn labels(&self) -> &Labels {
        &self.labels
    }

    pub fn entity_labels(&self) -> &[String] {
        &self.labels.entity
    }

    pub fn role_labels(&self) -> &[String] {
        &self.labels.role
    }

    pub fn entity_scheme(&self) -> &BioScheme {
        &self.entity_scheme
    }

    pub fn role_scheme(&self) -> &BioScheme {
        &self.role_scheme
    }

    pub fn options(&self) -> &TaggerOptions {
        &self.options
    }

    /// The window length in subwords, [CLS]/[SEP] excluded.
    pub fn window(&self) -> usize {
        let max = self.config.max_position_embeddings.saturating_sub(2).max(1);
        self.options.window.unwrap_or(max).clamp(1, max)
    }

    fn stride(&self) -> usize {
        let w = self.window();
        self.options.stride.unwrap_or(w / 2).clamp(1, w)
    }

    /// Labels each sequence of subword ids (without [CLS]/[SEP]).
    ///
    /// Sequences are split into windows of [`window`](Self::window) subwords
    /// overlapping by `window - stride`; each position takes its scores from
    /// the window where it is most central. Windows are sorted by length and
    /// run in padded batches. Decoding is BIO-constrained Viterbi over the
    /// merged log-probabilities of each head.
    pub fn predict(&self, seqs: &[Vec<u32>]) -> Result<Vec<TaggedSeq>> {
        self.predict_with(seqs, &[], &[])
    }

    /// [`predict`](Self::predict) with per-piece inputs: a token-type id for every subword
    /// (the features named by [`Labels::token_types`]) and the whole-word id of every
    /// subword (0: unknown word) for a model with word vectors (`config.word_vectors`).
    /// Each is empty (all zero) or has one entry per sequence, each as long as it.
    pub fn predict_with(&self, seqs: &[Vec<u32>], types: &[Vec<u32>], words: &[Vec<u32>]) -> Result<Vec<TaggedSeq>> {
        let scores = self.scores(seqs, types, words)?;
        Ok(scores.iter().map(|s| self.decode(s)).collect())
    }

    fn decode(&self, s: &Scores) -> TaggedSeq {
        let t = self.labels.transitions.as_ref();
        let entity = self.entity_scheme.viterbi_with(&s.entity, t.map(|t| t.entity.as_slice()));
        let role = self.role_scheme.viterbi_with(&s.role, t.map(|t| t.role.as_slice()));
        let conf = |lp: &[f32], tags: &[usize], n: usize| -> Vec<f32> {
            tags.iter()
                .enumerate()
                .map(|(t, &k)| lp[t * n + k].exp())
                .collect()
        };
        TaggedSeq {
            entity_confidence: conf(&s.entity, &entity, self.labels.entity.len()),
            role_confidence: conf(&s.role, &role, self.labels.role.len()),
            entity,
            role,
        }
    }

    /// Merged per-token log-probabilities for each sequence.
    fn scores(&self, seqs: &[Vec<u32>], types: &[Vec<u32>], words: &[Vec<u32>]) -> Result<Vec<Scores>> {
        if self.options.batch_size == 0 {
            return Err(Error::Invalid("batch_size must be at least 1".into()));
        }
        check_per_piece(seqs, types, self.config.type_vocab_size)?;
        check_per_piece(seqs, words, self.config.word_vectors.unwrap_or(1))?;
        let vocab = self.config.vocab_size as u32;
        for (i, s) in seqs.iter().enumerate() {
            if let Some(bad) = s.iter().find(|&&id| id >= vocab) {
                return Err(Error::Invalid(format!(
                    "sequence {i} holds id {bad}, outside the vocabulary of {vocab}"
                )));
            }
        }
        let chunks = windows_for(seqs, self.window(), self.stride());
        let (ne, nr) = (self.labels.entity.len(), self.labels.role.len());
        let mut chunk_scores: Vec<Scores> = vec![Scores::default(); chunks.len()];
        let mut order: Vec<usize> = (0..chunks.len()).collect();
        order.sort_by_key(|&c| chunks[c].len);
        for batch in order.chunks(self.options.batch_size) {
            let slices: Vec<&[u32]> = batch
                .iter()
                .map(|&c| &seqs[chunks[c].seq][chunks[c].start..chunks[c].start + chunks[c].len])
                .collect();
            let (ent, role) = self.run_batch(&slices, &windows_of(types, batch, &chunks), &windows_of(words, batch, &chunks))?;
            for (row, &c) in batch.iter().enumerate() {
                let len = chunks[c].len;
                chunk_scores[c] = Scores {
                    entity: rows_of(&ent[row], 1, len, ne),
                    role: rows_of(&role[row], 1, len, nr),
                };
            }
        }
        // Merge: each position takes the window where it is most central.
        let mut out: Vec<Scores> = seqs
            .iter()
            .map(|s| Scores {
                entity: vec![0.0; s.len() * ne],
                role: vec![0.0; s.len() * nr],
            })
            .collect();
        let mut best_centrality: Vec<Vec<isize>> = seqs.iter().map(|s| vec![-1; s.len()]).collect();
        for (c, ch) in chunks.iter().enumerate() {
            for off in 0..ch.len {
                let pos = ch.start + off;
                let centrality = off.min(ch.len - 1 - off) as isize;
                if centrality > best_centrality[ch.seq][pos] {
                    best_centrality[ch.seq][pos] = centrality;
                    let o = &mut out[ch.seq];
                    o.entity[pos * ne..(pos + 1) * ne]
                        .copy_from_slice(&chunk_scores[c].entity[off * ne..(off + 1) * ne]);
                    o.role[pos * nr..(pos + 1) * nr]
                        .copy_from_slice(&chunk_scores[c].role[off * nr..(off + 1) * nr]);
                }
            }
        }
        Ok(out)
    }

    /// Runs one padded batch; returns log-probabilities `[b][s][labels]` of
    /// both heads, positions including [CLS] at 0.
    #[allow(clippy::type_complexity)]
    fn run_batch(&self, slices: &[&[u32]], types: &[&[u32]], words: &[&[u32]]) -> Result<(Vec<Vec<Vec<f32>>>, Vec<Vec<Vec<f32>>>)> {
        let l = &self.labels;
        let (ids, mask) = pad_batch(slices, l.cls_id, l.sep_id, l.pad_id, &self.device)?;
        let types = pad_per_piece(types, ids.dim(1)?, &self.device)?;
        let words = pad_per_piece(words, ids.dim(1)?, &self.device)?;
        let logits = self.model.forward_with(&ids, types.as_ref(), words.as_ref(), Some(&mask), false)?;
        let ent = candle_nn::ops::log_softmax(&logits.entity, D::Minus1)?.to_vec3::<f32>()?;
        let role = candle_nn::ops::log_softmax(&logits.role, D::Minus1)?.to_vec3::<f32>()?;
        Ok((ent, role))
    }
}

/// `[CLS] ids [SEP] pad...` for each slice, plus the 1/0 attention mask.
pub(crate) fn pad_batch(
    slices: &[&[u32]],
    cls: u32,
    sep: u32,
    pad: u32,
    device: &Device,
) -> Result<(Tensor, Tensor)> {
    let width = slices.iter().map(|s| s.len()).max().unwrap_or(0) + 2;
    let mut ids = Vec::with_capacity(slices.len() * width);
    let mut mask = Vec::with_capacity(slices.len() * width);
    for s in slices {
        let row_end = ids.len() + width;
        ids.push(cls);
        ids.extend_from_slice(s);
        ids.push(sep);
        ids.resize(row_end, pad);
        mask.resize(mask.len() + s.len() + 2, 1f32);
        mask.resize(row_end, 0f32);
    }
    let ids = Tensor::from_vec(ids, (slices.len(), width), device)?;
    let mask = Tensor::from_vec(mask, (slices.len(), width), device)?;
    Ok((ids, mask))
}

/// The windows `batch` of per-piece ids; empty when there are none.
fn windows_of<'a>(per_seq: &'a [Vec<u32>], batch: &[usize], chunks: &[Window]) -> Vec<&'a [u32]> {
    if per_seq.is_empty() {
        return Vec::new();
    }
    batch
        .iter()
        .map(|&c| &per_seq[chunks[c].seq][chunks[c].start..chunks[c].start + chunks[c].len])
        .collect()
}

/// Per-piece ids (token types, word ids) laid out like [`pad_batch`]'s ids, 0 on
/// [CLS], [SEP] and padding; `None` when there are none.
pub(crate) fn pad_per_piece(slices: &[&[u32]], width: usize, device: &Device) -> Result<Option<Tensor>> {
    if slices.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(slices.len() * width);
    for s in slices {
        let row_end = out.len() + width;
        out.push(0);
        out.extend_from_slice(s);
        out.resize(row_end, 0);
    }
    Ok(Some(Tensor::from_vec(out, (slices.len(), width), device)?))
}

/// Per-piece ids must be absent or match the sequences one to one and fit their table.
pub(crate) fn check_per_piece(seqs: &[Vec<u32>], per_piece: &[Vec<u32>], table: usize) -> Result<()> {
    if per_piece.is_empty() {
        return Ok(());
    }
    if per_piece.len() != seqs.len() {
        return Err(Error::Invalid(format!("{} sequences but {} sequences of per-piece ids", seqs.len(), per_piece.len())));
    }
    for (i, (s, t)) in seqs.iter().zip(per_piece).enumerate() {
        if s.len() != t.len() {
            return Err(Error::Invalid(format!("sequence {i} has {} ids but {} per-piece ids", s.len(), t.len())));
        }
        if let Some(bad) = t.iter().find(|&&x| x as usize >= table) {
            return Err(Error::Invalid(format!("sequence {i} holds per-piece id {bad}, outside its table of {table}")));
        }
    }
    Ok(())
}

fn rows_of(rows: &[Vec<f32>], from: usize, len: usize, n: usize) -> Vec<f32> {
    let mut out = Vec::with_capacity(len * n);
    for r in &rows[from..from + len] {
        out.extend_from_slice(&r[..n]);
    }
    out
}

/// One window: `len` subwords of sequence `seq` starting at `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Window {
    pub seq: usize,
    pub start: usize,
    pub len: usize,
}

/// Splits every non-empty sequence into windows of at most `window`
/// subwords whose starts are `stride` apart; the last one ends at the end.
pub(crate) fn windows_for(seqs: &[Vec<u32>], window: usize, stride: usize) -> Vec<Window> {
    let mut out = Vec::new();
    for (seq, s) in seqs.iter().enumerate() {
        let n = s.len();
        if n == 0 {
            continue;
        }
        if n <= window {
            out.push(Window {
                seq,
                start: 0,
                len: n,
            });
            continue;
        }
        let mut start = 0;
        loop {
            if start + window >= n {
                out.push(Window {
                    seq,
                    start: n - window,
                    len: window,
                });
                break;
            }
            out.push(Window {
                seq,
                start,
                len: window,
            });
            start += stride;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tagger_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Tagger>();
    }

    #[test]
    fn windows_cover_every_position() {
        let seqs = vec![vec![0u32; 0], vec![1; 5], vec![1; 23]];
        let w = windows_for(&seqs, 8, 4);
        assert_eq!(
            w[0],
            Window {
                seq: 1,
                start: 0,
                len: 5
            }
        );
        let starts: Vec<usize> = w[1..].iter().map(|w| w.start).collect();
        assert_eq!(starts, vec![0, 4, 8, 12, 15]);
        assert!(w[1..].iter().all(|w| w.len == 8 && w.start + w.len <= 23));
    }
}

// Models for these tests are built with the training code.
#[cfg(all(test, feature = "train"))]
mod model_tests {
    use super::*;
    use crate::ops::testing::max_diff;
    use crate::test_util::{scratch_dir, tiny_config};
    use crate::train::{new_tagger, save_model_dir};
    use candle_core::DType;

    fn ids(seed: u32, len: usize) -> Vec<u32> {
        (0..len as u32)
            .map(|i| 5 + (i * 7 + seed * 13) % 45)
            .collect()
    }

    /// Max |a - b| over the logits of both heads for the same batch.
    fn logit_diff(a: &Tagger, b: &Tagger, seqs: &[&[u32]]) -> f32 {
        let (ids, mask) = pad_batch(seqs, 2, 3, 0, &Device::Cpu).unwrap();
        let la = a.model.forward(&ids, Some(&mask), false).unwrap();
        let lb = b.model.forward(&ids, Some(&mask), false).unwrap();
        max_diff(&la.entity, &lb.entity).max(max_diff(&la.role, &lb.role))
    }

    #[test]
    fn saved_tagger_reloads_with_same_outputs() -> Result<()> {
        let config = tiny_config();
        let labels = Labels::default();
        let (varmap, model, _) = new_tagger(&config, 9, 3, None, 1)?;
        let dir = scratch_dir("roundtrip");
        save_model_dir(&dir, &config, &labels, &varmap)?;
        let fresh = Tagger::from_parts(model, config, labels)?;
        let loaded = Tagger::load(&dir)?;
        assert_eq!(loaded.labels(), fresh.labels());
        let seqs = vec![ids(1, 5), ids(2, 3), vec![], ids(3, 17)];
        let slices: Vec<&[u32]> = seqs.iter().map(|s| s.as_slice()).collect();
        assert_eq!(logit_diff(&fresh, &loaded, &slices), 0.0);
        let a = fresh.predict(&seqs)?;
        let b = loaded.predict(&seqs)?;
        assert_eq!(a, b);
        assert_eq!(
            a.iter().map(|t| t.entity.len()).collect::<Vec<_>>(),
            vec![5, 3, 0, 17]
        );
        for t in &a {
            assert!(fresh.entity_scheme().is_valid(&t.entity));
            assert!(fresh.role_scheme().is_valid(&t.role));
            assert!(t.entity_confidence.iter().all(|&p| p > 0.0 && p <= 1.0));
        }
        std::fs::remove_dir_all(&dir).ok();
        Ok(())
    }

    #[test]
    fn missing_files_are_named() -> Result<()> {
        let config = tiny_config();
        let (varmap, _, _) = new_tagger(&config, 9, 3, None, 1)?;
        let dir = scratch_dir("missing-file");
        save_model_dir(&dir, &config, &Labels::default(), &varmap)?;
        std::fs::remove_file(dir.join(LABELS_FILE)).unwrap();
        match Tagger::load(&dir) {
            Err(Error::MissingFile { path }) => assert!(path.ends_with(LABELS_FILE)),
            other => panic!("expected MissingFile, got {other:?}"),
        }
        std::fs::remove_dir_all(&dir).ok();
        Ok(())
    }

    #[test]
    fn label_count_mismatch_is_reported() -> Result<()> {
        let config = tiny_config();
        let (varmap, _, _) = new_tagger(&config, 9, 3, None, 1)?;
        let dir = scratch_dir("label-mismatch");
        let labels = Labels {
            role: vec!["O".into(), "B-ROLE".into()],
            ..Labels::default()
        };
        save_model_dir(&dir, &config, &labels, &varmap)?;
        let err = Tagger::load(&dir).unwrap_err();
        assert!(
            matches!(err, Error::Shape(ref m) if m.contains("role_classifier")),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).ok();
        Ok(())
    }

    /// Windows stitched together give the same result as one pass, checked
    /// on a model whose outputs depend only on each token (attention output
    /// and position embeddings zeroed), so any misalignment in the merge
    /// shows. On an ordinary model only lengths and validity can be checked.
    #[test]
    fn windowed_prediction_matches_single_pass() -> Result<()> {
        let config = tiny_config(); // 64 positions: one pass covers 62 subwords
        let (varmap, model, _) = new_tagger(&config, 9, 3, None, 5)?;
        let seqs = vec![ids(1, 45), ids(2, 9), ids(3, 30), ids(4, 62)];
        let windowed_opts = TaggerOptions {
            batch_size: 2,
            window: Some(12),
            stride: Some(5),
        };

        let plain = Tagger::from_parts(model.clone(), config.clone(), Labels::default())?;
        let plain_win = plain.clone().with_options(windowed_opts.clone());
        let (a, b) = (plain.predict(&seqs)?, plain_win.predict(&seqs)?);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.entity.len(), y.entity.len());
            assert_eq!(x.role.len(), y.role.len());
            assert!(plain.entity_scheme().is_valid(&y.entity));
        }

        {
            let vars = varmap.data().lock().unwrap();
            for (name, var) in vars.iter() {
                if name.ends_with("attention.output.dense.weight")
                    || name.contains("position_embeddings")
                {
                    var.set(&var.zeros_like()?)?;
                }
                if name.ends_with("classifier.weight") {
                    var.set(
                        &Tensor::randn(0f32, 1.0, var.shape(), &Device::Cpu)?
                            .to_dtype(DType::F32)?,
                    )?;
                }
            }
        }
        let full = Tagger::from_parts(model, config, Labels::default())?;
        let windowed = full.clone().with_options(windowed_opts);
        let (a, b) = (full.predict(&seqs)?, windowed.predict(&seqs)?);
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.entity, y.entity);
            assert_eq!(x.role, y.role);
            for (p, q) in x.entity_confidence.iter().zip(&y.entity_confidence) {
                assert!((p - q).abs() < 1e-4, "{p} vs {q}");
            }
        }
        // The labels are not all the same, so the comparison means something.
        assert!(a[0].entity.iter().any(|&l| l != a[0].entity[0]));
        Ok(())
    }

    #[test]
    fn out_of_vocabulary_ids_are_an_error() -> Result<()> {
        let config = tiny_config();
        let (_, model, _) = new_tagger(&config, 9, 3, None, 1)?;
        let t = Tagger::from_parts(model, config, Labels::default())?;
        assert!(matches!(t.predict(&[vec![5, 50]]), Err(Error::Invalid(_))));
        Ok(())
    }
}
