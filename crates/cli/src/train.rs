//! `qawl pretrain` and `qawl train`: the tagger's MLM pre-training on news and its
//! fine-tuning on the labeled corpora, with a progress bar and resumable checkpoints.

use crate::vocab::{corpus_files, corpus_lines};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use qawl_pipeline::training::{examples, pretraining_sequences, read_bio, LabeledSentence};
use qawl_tokenizer::subword::{CLS_ID, MASK_ID, PAD_ID, SEP_ID};
use qawl_tokenizer::Subwords;
use qawl_transformer::train::{finetune, pretrain_mlm, PretrainConfig, Progress, TrainConfig};
use qawl_transformer::{Config, Labels};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub struct ModelSize {
    pub layers: usize,
    pub hidden: usize,
    pub heads: usize,
    pub max_positions: usize,
}

fn config(vocab: &Subwords, size: &ModelSize) -> Config {
    let mut c = Config::small(vocab.vocab_size(), size.hidden, size.layers, size.heads);
    c.max_position_embeddings = size.max_positions;
    c.pad_token_id = PAD_ID;
    c
}

fn bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    bar.set_style(ProgressStyle::with_template("{bar:30} {pos}/{len} steps  {elapsed}<{eta}  {msg}").unwrap());
    bar
}

/// A progress callback that drives a bar and prints epochs and checkpoints.
fn reporter(bar: &ProgressBar) -> impl FnMut(&Progress) + '_ {
    let start = std::time::Instant::now();
    let mut tokens = 0usize;
    move |p: &Progress| match p {
        Progress::Start { total_steps, start_step, examples } => {
            bar.set_length(*total_steps as u64);
            bar.set_position(*start_step as u64);
            bar.println(format!("{examples} sequences, {total_steps} steps, starting at step {start_step}"));
        }
        Progress::Loaded { from, loaded, missing, .. } => bar.println(format!("loaded {loaded} tensors from {}; {} fresh", from.display(), missing.len())),
        Progress::Step { step, loss, lr, tokens: t, .. } => {
            tokens += t;
            let tps = tokens as f64 / start.elapsed().as_secs_f64().max(1e-3);
            bar.set_position(*step as u64);
            bar.set_message(format!("loss {loss:.4}  lr {lr:.2e}  {tps:.0} tok/s"));
        }
        Progress::Epoch { epoch, train_loss, dev, improved } => {
            let dev = dev.as_ref().map(|d| format!("dev F1 {:.2}", d.f1 * 100.0)).unwrap_or_default();
            bar.println(format!("epoch {epoch}: train loss {train_loss:.4} {dev}{}", if *improved { " (best)" } else { "" }));
        }
        Progress::Checkpoint { step, path } => bar.println(format!("checkpoint at step {step}: {}", path.display())),
    }
}

pub struct PretrainArgs<'a> {
    pub corpus: &'a Path,
    pub vocab: &'a Path,
    pub out: &'a Path,
    pub size: ModelSize,
    pub max_len: usize,
    pub max_paragraphs: usize,
    pub batch: usize,
    pub lr: f64,
    pub steps: usize,
    pub checkpoint_every: usize,
    pub init: Option<PathBuf>,
    pub seed: u64,
}

pub fn pretrain(a: &PretrainArgs) -> anyhow::Result<()> {
    let vocab = Subwords::load(a.vocab)?;
    let files = corpus_files(a.corpus)?;
    let per_file = a.max_paragraphs / files.len().max(1);
    let mut paragraphs = Vec::new();
    for f in &files {
        paragraphs.extend(corpus_lines(f)?.take(per_file));
    }
    eprintln!("tokenizing {} paragraphs from {} files", paragraphs.len(), files.len());
    let chunks: Vec<Vec<String>> = paragraphs.chunks(2000).map(|c| c.to_vec()).collect();
    let sequences: Vec<Vec<u32>> = chunks.into_par_iter().flat_map(|c| pretraining_sequences(&vocab, c.into_iter(), a.max_len)).collect();
    let pieces: usize = sequences.iter().map(|s| s.len()).sum();
    eprintln!("{} sequences, {pieces} subword tokens", sequences.len());
    let cfg = PretrainConfig {
        model: if a.init.is_some() { None } else { Some(config(&vocab, &a.size)) },
        init_from: a.init.clone(),
        seed: a.seed,
        batch_size: a.batch,
        learning_rate: a.lr,
        max_steps: Some(a.steps),
        mask_id: MASK_ID,
        cls_id: CLS_ID,
        sep_id: SEP_ID,
        pad_id: PAD_ID,
        random_min: 5,
        max_len: Some(a.max_len),
        checkpoint_every: a.checkpoint_every,
        resume: true,
        ..PretrainConfig::default()
    };
    let bar = bar();
    let mut report = reporter(&bar);
    let outcome = pretrain_mlm(&cfg, &sequences, a.out, &mut report)?;
    bar.finish();
    eprintln!("pre-training stopped after {} steps; weights in {}", outcome.steps, outcome.model_dir.display());
    Ok(())
}

pub struct TrainArgs<'a> {
    pub data: &'a Path,
    pub vocab: &'a Path,
    pub out: &'a Path,
    pub init: Option<PathBuf>,
    pub size: ModelSize,
    pub epochs: usize,
    pub batch: usize,
    pub lr: f64,
    pub dev_share: f64,
}

/// The training corpora under `../shared/data` (never the test sets: cleananercorp/test.txt,
/// wojood2023_dev). Returns (train, dev): dev is the last `dev_share` of CLEANANERCorp train.
pub fn labeled_corpora(data: &Path, dev_share: f64) -> anyhow::Result<(Vec<LabeledSentence>, Vec<LabeledSentence>)> {
    let clean = read_bio(&data.join("cleananercorp/train.txt"), false).context("reading cleananercorp/train.txt")?;
    let n_dev = (clean.len() as f64 * dev_share) as usize;
    let (clean_train, clean_dev) = clean.split_at(clean.len() - n_dev);
    let mut train = clean_train.to_vec();
    let mut aqmar: Vec<PathBuf> = std::fs::read_dir(data.join("aqmar"))?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().map(|e| e == "txt").unwrap_or(false)).collect();
    aqmar.sort();
    for f in aqmar {
        train.extend(read_bio(&f, false)?);
    }
    for split in ["train.txt", "val.txt", "test.txt"] {
        train.extend(read_bio(&data.join("wojood_sample").join(split), true)?);
    }
    Ok((train, clean_dev.to_vec()))
}

pub fn train(a: &TrainArgs) -> anyhow::Result<()> {
    let vocab = Subwords::load(a.vocab)?;
    let (train_s, dev_s) = labeled_corpora(a.data, a.dev_share)?;
    let train_x = examples(&vocab, &train_s);
    let dev_x = examples(&vocab, &dev_s);
    eprintln!("{} training sentences, {} dev sentences (held out from cleananercorp/train.txt)", train_x.len(), dev_x.len());
    let cfg = TrainConfig {
        model: if a.init.is_some() { None } else { Some(config(&vocab, &a.size)) },
        init_from: a.init.clone(),
        labels: Labels::default(),
        epochs: a.epochs,
        batch_size: a.batch,
        learning_rate: a.lr,
        resume: true,
        max_len: Some(a.size.max_positions - 2),
        checkpoint_every: Some(200),
        ..TrainConfig::default()
    };
    let bar = bar();
    let mut report = reporter(&bar);
    let outcome = finetune(&cfg, &train_x, &dev_x, a.out, &mut report)?;
    bar.finish();
    if let Some(best) = outcome.best_dev {
        eprintln!("best dev F1 {:.2} at epoch {:?}; model in {}", best.f1 * 100.0, outcome.best_epoch, outcome.best_dir.display());
    }
    Ok(())
}
