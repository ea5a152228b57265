//! Training the word tagger ([`crate::word`]): both heads' CRF negative log-likelihoods,
//! Adam at a constant rate, gradient clipping, and early stopping on the dev split's
//! entity span F1. Resumable like [`super::finetune`]: `checkpoint.safetensors` and
//! `state.json` in the output directory, written after every epoch (and every
//! `checkpoint_every` steps).

use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::{VarBuilder, VarMap};
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

use super::finetune::FinetuneOutcome;
use super::metrics::{span_f1, SpanScores};
use super::optim::{AdamW, AdamWParams};
use super::progress::{Progress, Reporter};
use super::state::{self, TrainState};
use crate::checkpoint::{save_tensors, varmap_tensors, CONFIG_FILE, LABELS_FILE, WEIGHTS_FILE};
use crate::decode::{Bio, BioScheme};
use crate::error::{Error, Result};
use crate::labels::Labels;
use crate::word::model::{frozen_vectors, unlisted_frozen_vectors, WordBatch, WordConfig, WordInput, WordTaggerModel};
use crate::word::tagger::WordTagger;
use crate::word::vectors::WordVectors;

/// One labeled sentence: its input and one label per word for each head (indexes into
/// the label names). A head whose labels hold a negative value (the ignore index) learns
/// nothing from the sentence: a corpus that does not annotate roles says nothing about them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordExample {
    pub input: WordInput,
    pub entity_labels: Vec<i64>,
    pub role_labels: Vec<i64>,
}

/// Every hyper-parameter of word-tagger training; saved as `train_config.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WordTrainConfig {
    pub labels: Labels,
    /// Most epochs; training stops earlier after `patience` epochs without a better dev F1.
    pub epochs: usize,
    pub patience: usize,
    pub batch_size: usize,
    pub learning_rate: f64,
    /// Multiply the learning rate by this after `decay_patience` epochs without a better
    /// dev F1 (and again after as many more); `None`: a constant rate.
    pub lr_decay: Option<f64>,
    pub decay_patience: usize,
    pub max_grad_norm: Option<f64>,
    pub role_loss_weight: f64,
    /// Sentences longer than this many words are cut into pieces for training.
    pub max_words: usize,
    pub lstm_hidden: usize,
    pub char_dim: usize,
    pub char_filters: usize,
    pub dropout: f64,
    /// Each word also takes its clitic-stripped form's vector.
    pub stem_vectors: bool,
    /// The share of training words shown with the vector they would have if they were
    /// not listed (the mean of their n-grams), drawn again for every batch: a word dropout
    /// that teaches the tagger to read unseen names. 0 in the shipped recipe.
    pub unlisted_rate: f64,
    pub eval_batch_size: usize,
    pub checkpoint_every: Option<usize>,
    pub resume: bool,
    pub seed: u64,
    pub log_every: usize,
    /// A pre-trained encoder to start from (a [`super::pretrain_word_lm`] output directory).
    pub init_from: Option<std::path::PathBuf>,
}

impl Default for WordTrainConfig {
    /// Issue 8's recipe: Adam 2e-3, batch 16, clipping 5, dropout 0.5, BiLSTM 150.
    fn default() -> Self {
        Self {
            labels: Labels::default(),
            epochs: 50,
            patience: 8,
            batch_size: 16,
            learning_rate: 2e-3,
            lr_decay: None,
            decay_patience: 3,
            max_grad_norm: Some(5.0),
            role_loss_weight: 1.0,
            max_words: 150,
            lstm_hidden: 150,
            char_dim: 30,
            char_filters: 50,
            dropout: 0.5,
            stem_vectors: true,
            unlisted_rate: 0.0,
            eval_batch_size: 32,
            checkpoint_every: Some(200),
            resume: true,
            seed: 42,
            log_every: 10,
            init_from: None,
        }
    }
}

/// Gold paths of one head for a batch, with a weight of 0 for sentences it ignores.
/// Labels that break the BIO rules (`I-X` after `O`) are read as conlleval does, as `B-X`.
fn head_paths(examples: &[&WordExample], pick: fn(&WordExample) -> &[i64], scheme: &BioScheme) -> (Vec<Vec<usize>>, Vec<f32>) {
    let mut paths = Vec::with_capacity(examples.len());
    let mut weights = Vec::with_capacity(examples.len());
    for e in examples {
        let labels = pick(e);
        if labels.iter().any(|&l| l < 0) {
            paths.push(vec![0; labels.len()]);
            weights.push(0.0);
            continue;
        }
        paths.push(repair_bio(labels.iter().map(|&l| l as usize).collect(), scheme));
        weights.push(1.0);
    }
    (paths, weights)
}

/// Turns every `I-X` that may not follow its predecessor into `B-X`.
pub fn repair_bio(mut path: Vec<usize>, scheme: &BioScheme) -> Vec<usize> {
    for k in 0..path.len() {
        let prev = (k > 0).then(|| path[k - 1]);
        if !scheme.allowed(prev, path[k]) {
            if let Bio::Inside(t) = scheme.tag(path[k]) {
                if let Some(b) = (0..scheme.num_labels()).find(|&j| scheme.tag(j) == Bio::Begin(t)) {
                    path[k] = b;
                }
            }
        }
    }
    path
}

/// The mean NLL over the sentences a head learns from (0 when none).
fn head_loss(crf: &crate::crf::Crf, emissions: &Tensor, paths: &[Vec<usize>], weights: &[f32], lengths: &[usize]) -> candle_core::Result<Option<Tensor>> {
    let n: f32 = weights.iter().sum();
    if n == 0.0 {
        return Ok(None);
    }
    let nll = crf.neg_log_likelihood(emissions, paths, lengths)?;
    let w = Tensor::from_slice(weights, weights.len(), emissions.device())?;
    Ok(Some(((nll * w)?.sum_all()? / n as f64)?))
}

/// The loss of one batch: entity NLL + `role_weight` × role NLL.
pub(crate) fn word_loss(model: &WordTaggerModel, batch: &WordBatch, examples: &[&WordExample], labels: &Labels, role_weight: f64) -> candle_core::Result<Tensor> {
    let em = model.forward(batch, true)?;
    let (ep, ew) = head_paths(examples, |e| &e.entity_labels, &BioScheme::new(&labels.entity));
    let (rp, rw) = head_paths(examples, |e| &e.role_labels, &BioScheme::new(&labels.role));
    let le = head_loss(model.entity_crf(), &em.entity, &ep, &ew, &batch.lengths)?;
    let lr = head_loss(model.role_crf(), &em.role, &rp, &rw, &batch.lengths)?;
    match (le, lr) {
        (Some(a), Some(b)) => a + (b * role_weight)?,
        (Some(a), None) => Ok(a),
        (None, Some(b)) => b * role_weight,
        // Nothing to learn in this batch: a zero that still reaches the variables.
        (None, None) => em.entity.sum_all()? * 0.0,
    }
}

fn check(set: &str, examples: &[WordExample], labels: &Labels) -> Result<()> {
    let (ne, nr) = (labels.entity.len() as i64, labels.role.len() as i64);
    for (i, e) in examples.iter().enumerate() {
        e.input.check().map_err(|err| Error::Shape(format!("{set} example {i}: {err}")))?;
        let n = e.input.len();
        if e.entity_labels.len() != n || e.role_labels.len() != n {
            return Err(Error::Shape(format!("{set} example {i}: {n} words but {} entity and {} role labels", e.entity_labels.len(), e.role_labels.len())));
        }
        if e.entity_labels.iter().any(|&l| l >= ne) || e.role_labels.iter().any(|&l| l >= nr) {
            return Err(Error::Labels(format!("{set} example {i}: a label outside the heads' {ne} and {nr}")));
        }
    }
    Ok(())
}

/// Cuts a sentence longer than `max` words into consecutive pieces (the input as
/// [`super::word_lm::cut`] cuts it, the labels alongside).
fn split_long(e: &WordExample, max: usize) -> Vec<WordExample> {
    if e.input.len() <= max {
        return vec![e.clone()];
    }
    super::word_lm::cut(&e.input, max)
        .into_iter()
        .enumerate()
        .map(|(k, input)| {
            let (s, t) = (k * max, k * max + input.len());
            WordExample { input, entity_labels: e.entity_labels[s..t].to_vec(), role_labels: e.role_labels[s..t].to_vec() }
        })
        .collect()
}

/// Entity-head span scores of `tagger` on `examples`.
pub fn evaluate_words(tagger: &WordTagger, examples: &[WordExample]) -> Result<SpanScores> {
    let inputs: Vec<WordInput> = examples.iter().map(|e| e.input.clone()).collect();
    let pred: Vec<Vec<usize>> = tagger.predict(&inputs)?.into_iter().map(|t| t.entity).collect();
    let gold: Vec<Vec<i64>> = examples.iter().map(|e| e.entity_labels.clone()).collect();
    Ok(span_f1(tagger.entity_scheme(), &gold, &pred))
}

/// Writes a word tagger directory: config.json, labels.json, model.safetensors (the
/// variables and the frozen tables), words.txt, ngrams.txt.
pub fn save_word_model(dir: &Path, config: &WordConfig, labels: &Labels, varmap: &VarMap, vectors: &WordVectors) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    config.save(&dir.join(CONFIG_FILE))?;
    labels.save(dir.join(LABELS_FILE))?;
    let mut tensors = varmap_tensors(varmap);
    tensors.extend(vectors.tensors()?);
    vectors.save_lists(dir)?;
    save_tensors(&tensors, &dir.join(WEIGHTS_FILE))
}

/// Trains a word tagger on `train`, scoring the entity head on `dev` after each epoch,
/// and keeps the best epoch's model in `out_dir` (a [`WordTagger`] directory).
/// `features` is the number of lexicon flags per word.
pub fn train_word_tagger(
    cfg: &WordTrainConfig,
    vectors: &WordVectors,
    features: usize,
    train: &[WordExample],
    dev: &[WordExample],
    out_dir: impl AsRef<Path>,
    progress: &mut dyn FnMut(&Progress),
) -> Result<FinetuneOutcome> {
    let out_dir = out_dir.as_ref();
    if cfg.batch_size == 0 || cfg.eval_batch_size == 0 || cfg.max_words == 0 {
        return Err(Error::Invalid("batch sizes and max_words must be at least 1".into()));
    }
    cfg.labels.validate()?;
    check("train", train, &cfg.labels)?;
    check("dev", dev, &cfg.labels)?;
    let pieces: Vec<WordExample> = train.iter().flat_map(|e| split_long(e, cfg.max_words)).filter(|e| !e.input.is_empty()).collect();
    if pieces.is_empty() {
        return Err(Error::Invalid("no training examples".into()));
    }
    std::fs::create_dir_all(out_dir).map_err(|e| Error::io(out_dir, e))?;
    let path = out_dir.join("train_config.json");
    std::fs::write(&path, serde_json::to_string_pretty(cfg).expect("serializes")).map_err(|e| Error::io(&path, e))?;
    let config = WordConfig {
        stem_vectors: cfg.stem_vectors,
        char_dim: cfg.char_dim,
        char_filters: cfg.char_filters,
        lstm_hidden: cfg.lstm_hidden,
        dropout: cfg.dropout,
        ..WordConfig::new(vectors.config().clone(), features)
    };
    let mut reporter = Reporter::new(out_dir, cfg.log_every, progress)?;
    let varmap = VarMap::new();
    let model = WordTaggerModel::load(VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu), &config, &cfg.labels)?;
    init_word_weights(&varmap, cfg.seed)?;
    if let Some(dir) = &cfg.init_from {
        let loaded = super::word_lm::load_encoder(dir, &varmap)?;
        reporter.report(Progress::Loaded { from: dir.clone(), loaded, missing: Vec::new(), unused: 0 })?;
    }
    let mut opt = AdamW::new(&varmap, AdamWParams { weight_decay: 0.0, ..AdamWParams::default() });
    let mut st = TrainState::default();
    if cfg.resume {
        if let Some(saved) = state::restore(out_dir, &varmap, &mut opt)? {
            st = saved;
        }
    }
    // The frozen vectors of every training sentence, looked up once.
    let frozen: Vec<Vec<f32>> = pieces.iter().map(|e| frozen_vectors(vectors, &e.input, config.stem_vectors)).collect();
    let unlisted: Vec<Vec<f32>> = if cfg.unlisted_rate > 0.0 {
        pieces.iter().map(|e| unlisted_frozen_vectors(vectors, &e.input, config.stem_vectors)).collect()
    } else {
        Vec::new()
    };
    let width = frozen.first().zip(pieces.first()).map_or(0, |(v, e)| v.len() / e.input.len().max(1));
    let per_epoch = pieces.len().div_ceil(cfg.batch_size);
    let total = per_epoch * cfg.epochs;
    reporter.report(Progress::Start { total_steps: total, start_step: st.step, examples: pieces.len() })?;
    let eval_tagger = WordTagger::from_parts(model.clone(), config.clone(), cfg.labels.clone(), vectors.clone())?.with_batch_size(cfg.eval_batch_size);
    let lengths: Vec<usize> = pieces.iter().map(|e| e.input.len()).collect();

    while st.epoch < cfg.epochs && !stopped(&st, cfg.patience) {
        let epoch = st.epoch;
        let lr = cfg.learning_rate * st.lr_scale.unwrap_or(1.0);
        let mut rng = StdRng::seed_from_u64(cfg.seed.wrapping_add(1 + epoch as u64));
        let batches = super::batch::bucketed_batches(&lengths, cfg.batch_size, &mut rng);
        for batch_idx in batches.iter().skip(st.batch_in_epoch) {
            let examples: Vec<&WordExample> = batch_idx.iter().map(|&i| &pieces[i]).collect();
            let inputs: Vec<&WordInput> = examples.iter().map(|e| &e.input).collect();
            let mixed: Vec<Vec<f32>> = batch_idx.iter().map(|&i| mix_unlisted(&frozen[i], unlisted.get(i), width, cfg.unlisted_rate, &mut rng)).collect();
            let batch = WordBatch::new(&inputs, &|k| mixed[k].clone(), &config, &Device::Cpu)?;
            let loss = word_loss(&model, &batch, &examples, &cfg.labels, cfg.role_loss_weight)?;
            let grads = loss.backward()?;
            let info = opt.step(&grads, lr, cfg.max_grad_norm)?;
            let loss = loss.to_scalar::<f32>()?;
            st.step += 1;
            st.batch_in_epoch += 1;
            st.epoch_loss_sum += loss as f64;
            st.epoch_batches += 1;
            reporter.report(Progress::Step { epoch, step: st.step, total_steps: total, loss, lr, grad_norm: info.grad_norm, tokens: batch.lengths.iter().sum() })?;
            if cfg.checkpoint_every.is_some_and(|n| n > 0 && st.step % n == 0) {
                state::save(out_dir, &varmap, &opt, &st)?;
                reporter.report(Progress::Checkpoint { step: st.step, path: out_dir.join(state::CHECKPOINT_FILE) })?;
            }
        }
        let train_loss = (st.epoch_loss_sum / st.epoch_batches.max(1) as f64) as f32;
        let dev_scores = if dev.is_empty() { None } else { Some(evaluate_words(&eval_tagger, dev)?) };
        let improved = match (dev_scores, st.best_dev) {
            (Some(s), Some(best)) => s.f1 > best.f1,
            _ => true,
        };
        if improved {
            st.best_dev = dev_scores;
            st.best_epoch = Some(epoch);
            save_word_model(out_dir, &config, &cfg.labels, &varmap, vectors)?;
        }
        reporter.report(Progress::Epoch { epoch, train_loss, dev: dev_scores, improved })?;
        if let (Some(decay), Some(best)) = (cfg.lr_decay, st.best_epoch) {
            let since = epoch - best;
            if cfg.decay_patience > 0 && since > 0 && since % cfg.decay_patience == 0 {
                st.lr_scale = Some(st.lr_scale.unwrap_or(1.0) * decay);
            }
        }
        st.epoch += 1;
        st.batch_in_epoch = 0;
        st.epoch_loss_sum = 0.0;
        st.epoch_batches = 0;
        state::save(out_dir, &varmap, &opt, &st)?;
        reporter.report(Progress::Checkpoint { step: st.step, path: out_dir.join(state::CHECKPOINT_FILE) })?;
    }
    Ok(FinetuneOutcome { best_dev: st.best_dev, best_epoch: st.best_epoch, steps: st.step, best_dir: out_dir.to_path_buf() })
}

/// A sentence's frozen vectors with each word's replaced, at `rate`, by its unlisted
/// vector (both `width` numbers a word).
fn mix_unlisted(frozen: &[f32], unlisted: Option<&Vec<f32>>, width: usize, rate: f64, rng: &mut StdRng) -> Vec<f32> {
    use rand::Rng;
    let mut out = frozen.to_vec();
    if let Some(unlisted) = unlisted.filter(|_| rate > 0.0 && width > 0) {
        for (o, u) in out.chunks_mut(width).zip(unlisted.chunks(width)) {
            if rng.gen::<f64>() < rate {
                o.copy_from_slice(u);
            }
        }
    }
    out
}

/// Seeded initialisation of a word tagger's variables, by name: PyTorch's uniform
/// ±1/√fan for the LSTM (with the forget gate's input bias at 1, so the cell keeps its
/// state at first), the convolution and the classifiers; character embeddings uniform
/// ±√(3/dim) (Ma and Hovy); classifier biases and CRF scores 0.
pub fn init_word_weights(varmap: &VarMap, seed: u64) -> Result<()> {
    use rand::Rng;
    let vars = varmap.data().lock().unwrap();
    let mut names: Vec<&String> = vars.keys().collect();
    names.sort();
    let mut rng = StdRng::seed_from_u64(seed);
    for name in names {
        let var = &vars[name];
        let dims = var.dims().to_vec();
        let bound = if name.contains("char_cnn.embedding") {
            (3.0 / dims[1] as f64).sqrt()
        } else if name.contains("lstm.") {
            1.0 / ((dims[0] / 4) as f64).sqrt()
        } else if name.ends_with("conv.bias") || name.ends_with("classifier.bias") || name.contains("crf.") || (dims.len() == 1 && name.starts_with("lm_")) {
            0.0
        } else {
            1.0 / (dims[1] as f64).sqrt()
        };
        let mut v: Vec<f32> = (0..var.elem_count()).map(|_| if bound > 0.0 { rng.gen_range(-bound..bound) as f32 } else { 0.0 }).collect();
        if name.contains("lstm.bias_ih") {
            let h = dims[0] / 4;
            v[h..2 * h].iter_mut().for_each(|x| *x = 1.0);
        } else if name.contains("lstm.bias_hh") {
            let h = dims[0] / 4;
            v[h..2 * h].iter_mut().for_each(|x| *x = 0.0);
        }
        var.set(&Tensor::from_vec(v, dims, &Device::Cpu)?)?;
    }
    Ok(())
}

/// Early stopping: `patience` epochs have passed since the best one.
fn stopped(st: &TrainState, patience: usize) -> bool {
    patience > 0 && st.best_epoch.is_some_and(|b| st.epoch > b + patience)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::ENTITY_LABELS;
    use crate::test_util::scratch_dir;
    use crate::word::vectors::VectorsConfig;
    use rand::Rng;

    fn no_vectors() -> WordVectors {
        WordVectors::new(VectorsConfig { dim: 4, minn: 2, maxn: 3, words: 0, ngrams: 0 }, vec![], vec![0.0; 4], vec![], vec![]).unwrap()
    }

    /// Random words; a word ending in `ية` starts a two-word PERSON. The word vectors
    /// are all zero and no flags are set, so only the characters can tell: the model
    /// learns it through the character CNN.
    fn toy(n: usize, seed: u64) -> Vec<WordExample> {
        let letters: Vec<char> = "بتثجحخدذرسشصضطظعغفقكلمن".chars().collect();
        let mut rng = StdRng::seed_from_u64(seed);
        (0..n)
            .map(|_| {
                let len = rng.gen_range(3..9);
                let mut words: Vec<String> = (0..len).map(|_| (0..rng.gen_range(2..5)).map(|_| letters[rng.gen_range(0..letters.len())]).collect()).collect();
                let mut labels = vec![0i64; len];
                let p = rng.gen_range(0..len - 1);
                words[p].push_str("ية");
                labels[p] = 1;
                labels[p + 1] = 2;
                WordExample { input: WordInput { words, stems: vec![], flags: vec![] }, entity_labels: labels, role_labels: vec![-100; len] }
            })
            .collect()
    }

    /// With a decay, the rate drops after `decay_patience` epochs without a better dev F1.
    #[test]
    fn the_rate_decays_on_a_plateau() -> Result<()> {
        let dir = scratch_dir("word-decay");
        // A dev set the model cannot improve on (no entities at all) keeps epoch 0 the best.
        let train = toy(20, 5);
        let dev: Vec<WordExample> = toy(5, 6).into_iter().map(|mut e| { e.entity_labels.iter_mut().for_each(|l| *l = 0); e }).collect();
        let cfg = WordTrainConfig { epochs: 5, patience: 0, lr_decay: Some(0.5), decay_patience: 2, lstm_hidden: 4, char_dim: 4, char_filters: 4, checkpoint_every: None, log_every: 1, ..WordTrainConfig::default() };
        let mut rates = Vec::new();
        train_word_tagger(&cfg, &no_vectors(), 0, &train, &dev, &dir, &mut |p| {
            if let Progress::Step { epoch, lr, .. } = p {
                if rates.len() == *epoch {
                    rates.push(*lr);
                }
            }
        })?;
        assert_eq!(rates, vec![2e-3, 2e-3, 2e-3, 1e-3, 1e-3]);
        std::fs::remove_dir_all(&dir).ok();
        Ok(())
    }

    #[test]
    fn repair_reads_stray_inside_as_begin() {
        let s = BioScheme::new(&ENTITY_LABELS);
        // O I-LOC I-LOC B-PERSON I-ORG
        assert_eq!(repair_bio(vec![0, 6, 6, 1, 4], &s), vec![0, 5, 6, 1, 3]);
    }

    #[test]
    fn a_task_only_characters_can_solve_is_learnt_and_the_model_reloads() -> Result<()> {
        let dir = scratch_dir("word-toy");
        let cfg = WordTrainConfig {
            epochs: 12,
            patience: 0,
            lstm_hidden: 16,
            char_dim: 8,
            char_filters: 16,
            dropout: 0.1,
            learning_rate: 1e-2,
            checkpoint_every: None,
            ..WordTrainConfig::default()
        };
        let (train, dev) = (toy(400, 1), toy(60, 2));
        let vectors = no_vectors();
        let out = train_word_tagger(&cfg, &vectors, 0, &train, &dev, &dir, &mut |_| {})?;
        let best = out.best_dev.unwrap();
        assert!(best.f1 > 0.9, "dev F1 {}", best.f1);
        let tagger = WordTagger::load(&dir)?;
        let again = evaluate_words(&tagger, &dev)?;
        assert!((again.f1 - best.f1).abs() < 1e-9, "{} vs {}", again.f1, best.f1);
        let tagged = tagger.predict(&[dev[0].input.clone(), WordInput::default()])?;
        assert_eq!(tagged[0].entity.len(), dev[0].input.len());
        assert!(tagged[1].entity.is_empty());
        assert!(tagged[0].entity_confidence.iter().all(|&p| p > 0.0 && p <= 1.0 + 1e-6));
        std::fs::remove_dir_all(&dir).ok();
        Ok(())
    }

    /// Two taggers of one shape join into an ensemble that loads back: a tagger joined with
    /// itself labels as it does alone (the mean of equal scores is that score), and two
    /// taggers trained apart give neither's scores.
    #[test]
    fn taggers_join_into_an_ensemble_that_averages_their_scores() -> Result<()> {
        let small = WordTrainConfig { epochs: 2, patience: 0, lstm_hidden: 8, char_dim: 4, char_filters: 4, checkpoint_every: None, ..WordTrainConfig::default() };
        let (train, dev) = (toy(60, 7), toy(10, 8));
        let vectors = no_vectors();
        let (a, b, joined) = (scratch_dir("word-member-a"), scratch_dir("word-member-b"), scratch_dir("word-joined"));
        train_word_tagger(&WordTrainConfig { seed: 1, ..small.clone() }, &vectors, 0, &train, &dev, &a, &mut |_| {})?;
        train_word_tagger(&WordTrainConfig { seed: 2, ..small.clone() }, &vectors, 0, &train, &dev, &b, &mut |_| {})?;
        let save = |e: crate::word::Ensemble| -> Result<WordTagger> {
            e.config.save(&joined.join(CONFIG_FILE))?;
            e.labels.save(joined.join(LABELS_FILE))?;
            save_tensors(&e.tensors, &joined.join(WEIGHTS_FILE))?;
            vectors.save_lists(&joined)?;
            WordTagger::load(&joined)
        };
        let inputs: Vec<WordInput> = dev.iter().map(|e| e.input.clone()).collect();
        let alone = WordTagger::load(&a)?.predict(&inputs)?;

        let twice = save(crate::word::join_members(&[a.clone(), a.clone()])?)?;
        assert_eq!(twice.config().members, 2);
        for (x, y) in twice.predict(&inputs)?.iter().zip(&alone) {
            assert_eq!(x.entity, y.entity);
            assert!(x.entity_confidence.iter().zip(&y.entity_confidence).all(|(p, q)| (p - q).abs() < 1e-5), "{:?} vs {:?}", x.entity_confidence, y.entity_confidence);
        }

        let pair = save(crate::word::join_members(&[a.clone(), b.clone()])?)?.predict(&inputs)?;
        let other = WordTagger::load(&b)?.predict(&inputs)?;
        let confidences = |t: &[crate::tagger::TaggedSeq]| -> Vec<f32> { t.iter().flat_map(|s| s.entity_confidence.clone()).collect() };
        let differ = |x: &[f32], y: &[f32]| x.iter().zip(y).any(|(p, q)| (p - q).abs() > 1e-4);
        assert!(differ(&confidences(&pair), &confidences(&alone)) && differ(&confidences(&pair), &confidences(&other)));

        let wider = scratch_dir("word-member-wide");
        train_word_tagger(&WordTrainConfig { lstm_hidden: 6, ..small }, &vectors, 0, &train, &dev, &wider, &mut |_| {})?;
        assert!(crate::word::join_members(&[a.clone(), wider.clone()]).is_err(), "taggers of other sizes do not join");
        for d in [a, b, joined, wider] {
            std::fs::remove_dir_all(&d).ok();
        }
        Ok(())
    }

    /// A run stopped after an epoch continues where it stopped.
    #[test]
    fn training_resumes_from_its_checkpoint() -> Result<()> {
        let dir = scratch_dir("word-resume");
        let small = WordTrainConfig { lstm_hidden: 8, char_dim: 4, char_filters: 4, checkpoint_every: None, ..WordTrainConfig::default() };
        let (train, dev) = (toy(40, 3), toy(10, 4));
        let vectors = no_vectors();
        let first = train_word_tagger(&WordTrainConfig { epochs: 1, ..small.clone() }, &vectors, 0, &train, &dev, &dir, &mut |_| {})?;
        let mut starts = Vec::new();
        let second = train_word_tagger(&WordTrainConfig { epochs: 2, ..small }, &vectors, 0, &train, &dev, &dir, &mut |p| {
            if let Progress::Start { start_step, .. } = p {
                starts.push(*start_step);
            }
        })?;
        assert_eq!(starts, vec![first.steps]);
        assert_eq!(second.steps, 2 * first.steps);
        std::fs::remove_dir_all(&dir).ok();
        Ok(())
    }
}
