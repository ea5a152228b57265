//! `qawl pretrain` and `qawl train`: the tagger's MLM pre-training on news and its
//! fine-tuning on the labeled corpora, with a progress bar and resumable checkpoints.

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use qawl_pipeline::features::{self, FeatureLexicon};
use qawl_pipeline::piece_inputs::PieceInputs;
use qawl_pipeline::word_index::{WordIndex, WORDS_FILE};
use qawl_pipeline::word_inputs::FLAG_COUNT;
use qawl_train::corpora::{corpus_files, corpus_lines, labeled_corpora};
use qawl_train::labeled::{corpus_words, examples_with, label_set, pretraining_sequences, read_bio, read_conll, word_examples, ConllOptions, LabeledSentence};
use qawl_train::loops::{export_word_lm_corpus, pretrain_word_lm, train_word_tagger, FinetuneOutcome, WordLmConfig, WordTrainConfig};
use qawl_pipeline::word_inputs::{sentences, word_input};
use qawl_transformer::word::WordInput;
use qawl_transformer::word::vectors::NGRAMS_FILE;
use qawl_transformer::word::{is_word_tagger, join_members, WordVectors};
use qawl_tokenizer::subword::{CLS_ID, MASK_ID, PAD_ID, SEP_ID};
use qawl_tokenizer::Subwords;
use qawl_transformer::ngrams::word_key;
use qawl_train::loops::{cosine, fasttext, finetune, pretrain_mlm, rescale, save_embeddings, skipgram, FastText, FastTextConfig, PretrainConfig, Progress, SkipGramConfig, TrainConfig};
use qawl_transformer::checkpoint::{save_half_precision, write_half_precision};
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
    let sequences = corpus_sequences(a.corpus, &vocab, a.max_paragraphs, a.max_len)?;
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

pub struct PretrainWordsArgs<'a> {
    pub corpus: &'a Path,
    pub vectors: &'a Path,
    /// Lexicon feature lists; `None`: no flags.
    pub features: Option<&'a Path>,
    pub out: &'a Path,
    pub max_paragraphs: usize,
    pub batch: usize,
    pub lr: f64,
    pub steps: usize,
    pub checkpoint_every: usize,
    pub seed: u64,
    /// Write the prepared corpus for the PyTorch script instead of training.
    pub export: Option<&'a Path>,
}

/// The documents of the real-news gold (`data/gold-news`), by archive folder and id: left out
/// of pre-training so the articles the pipeline is measured on are never trained on.
fn gold_news_documents() -> std::collections::HashSet<(String, String)> {
    let mut out = std::collections::HashSet::new();
    for split in ["dev", "test"] {
        let Ok(dir) = std::fs::read_dir(Path::new("data/gold-news").join(split)) else { continue };
        for f in dir.filter_map(|e| e.ok()).map(|e| e.path()) {
            let v: Option<serde_json::Value> = std::fs::read_to_string(&f).ok().and_then(|t| serde_json::from_str(&t).ok());
            if let Some(src) = v.as_ref().map(|v| &v["source"]) {
                if let (Some(a), Some(d)) = (src["archive"].as_str(), src["doc"].as_str()) {
                    out.insert((a.to_string(), d.to_string()));
                }
            }
        }
    }
    out
}

/// Paragraphs of the corpus's `<doc>` archives, taking one paragraph of each archive in turn
/// (so a cap samples all of them), without the gold articles.
fn pretraining_paragraphs(corpus: &Path, max: usize) -> anyhow::Result<Vec<String>> {
    use std::io::BufRead;
    let skip = gold_news_documents();
    let mut readers = Vec::new();
    for f in corpus_files(corpus)? {
        let archive = f.parent().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let file = std::fs::File::open(&f).with_context(|| format!("reading {}", f.display()))?;
        readers.push((archive, std::io::BufReader::new(file).lines(), false));
    }
    let mut out = Vec::new();
    let mut skipped = 0usize;
    while out.len() < max && !readers.is_empty() {
        readers.retain_mut(|(archive, lines, skipping)| loop {
            let Some(Ok(line)) = lines.next() else { return false };
            let t = line.trim();
            if let Some(rest) = t.strip_prefix("<doc") {
                let id = rest.split('"').nth(1).unwrap_or_default();
                *skipping = skip.contains(&(archive.clone(), id.to_string()));
                skipped += *skipping as usize;
                continue;
            }
            if t.is_empty() || t.starts_with("</doc") || *skipping {
                continue;
            }
            out.push(t.to_string());
            return true;
        });
    }
    out.truncate(max);
    eprintln!("{} paragraphs read; {skipped} gold-news articles left out", out.len());
    Ok(out)
}

/// Pre-trains the word tagger's encoder (`qawl pretrain-words`).
pub fn pretrain_words(a: &PretrainWordsArgs) -> anyhow::Result<()> {
    let vectors = WordVectors::load(a.vectors).with_context(|| format!("reading word vectors from {} (made by `qawl embed --fasttext`, or a word tagger directory)", a.vectors.display()))?;
    let lexicon = match a.features {
        Some(dir) => Some(FeatureLexicon::load(dir).with_context(|| format!("loading lexicon features from {}", dir.display()))?),
        None => None,
    };
    let paragraphs = pretraining_paragraphs(a.corpus, a.max_paragraphs)?;
    // Sentences cut into words as the pipeline cuts them at run time.
    let sentences: Vec<WordInput> = paragraphs
        .par_iter()
        .flat_map_iter(|p| {
            let analysis = qawl_tokenizer::Analysis::new(p);
            sentences(&analysis).map(|(_, words)| word_input(words, lexicon.as_ref())).collect::<Vec<_>>()
        })
        .collect();
    let words: usize = sentences.iter().map(|s| s.len()).sum();
    eprintln!("{} sentences, {words} words", sentences.len());
    let cfg = WordLmConfig { steps: a.steps, batch_size: a.batch, learning_rate: a.lr, checkpoint_every: a.checkpoint_every, seed: a.seed, ..WordLmConfig::default() };
    let features = if lexicon.is_some() { FLAG_COUNT } else { 0 };
    if let Some(path) = a.export {
        let s = export_word_lm_corpus(&sentences, &vectors, &cfg.word_config(&vectors, features), cfg.max_words, path)?;
        eprintln!("{} sentences, {} words, {} distinct forms in {} ({:.1} MiB; the tagger's config in {}); pre-train with tools/torch/pretrain_word_lm.py", s.sentences, s.words, s.forms, path.display(), s.bytes as f64 / (1 << 20) as f64, path.with_extension("json").display());
        return Ok(());
    }
    let bar = bar();
    let mut report = reporter(&bar);
    let outcome = pretrain_word_lm(&cfg, &vectors, features, &sentences, a.out, &mut report)?;
    bar.finish();
    eprintln!("pre-training stopped after {} steps (last loss {:?}); encoder in {}; use it: qawl train --init {}", outcome.steps, outcome.last_loss, a.out.join("model.safetensors").display(), a.out.display());
    Ok(())
}

pub struct EmbedArgs<'a> {
    pub corpus: &'a Path,
    pub vocab: &'a Path,
    pub out: &'a Path,
    pub size: ModelSize,
    pub max_paragraphs: usize,
    pub epochs: usize,
    /// Whole-word vectors: how many of the most frequent words (0: none) and their width.
    pub words: usize,
    pub word_dim: usize,
    /// fastText-style vectors of whole words from their character n-grams instead of
    /// subword vectors: `Some(n-grams kept)`.
    pub fasttext: Option<FastTextArgs>,
}

pub struct FastTextArgs {
    /// Character n-grams kept in the exported table.
    pub ngrams: usize,
    pub buckets: usize,
    pub min_count: u64,
    /// Export new tables from the model already in `out` instead of training.
    pub export_only: bool,
}

/// Up to `max_paragraphs` paragraphs, shared evenly across the corpus files, in chunks of
/// 2,000 for tokenizing on all cores.
fn corpus_chunks(corpus: &Path, max_paragraphs: usize) -> anyhow::Result<Vec<Vec<String>>> {
    let files = corpus_files(corpus)?;
    let per_file = max_paragraphs / files.len().max(1);
    let mut paragraphs = Vec::new();
    for f in &files {
        paragraphs.extend(corpus_lines(f)?.take(per_file));
    }
    eprintln!("tokenizing {} paragraphs from {} files", paragraphs.len(), files.len());
    // Moved, not copied: the corpus is read whole, and a second copy would double its memory.
    let mut rest = paragraphs.into_iter().peekable();
    let mut chunks = Vec::new();
    while rest.peek().is_some() {
        chunks.push(rest.by_ref().take(2000).collect());
    }
    Ok(chunks)
}

/// Subword sequences of the corpus paragraphs, packed up to `max_len` pieces.
fn corpus_sequences(corpus: &Path, vocab: &Subwords, max_paragraphs: usize, max_len: usize) -> anyhow::Result<Vec<Vec<u32>>> {
    let chunks = corpus_chunks(corpus, max_paragraphs)?;
    let sequences: Vec<Vec<u32>> = chunks.into_par_iter().flat_map(|c| pretraining_sequences(vocab, c.into_iter(), max_len)).collect();
    let pieces: usize = sequences.iter().map(|s| s.len()).sum();
    eprintln!("{} sequences, {pieces} subword tokens", sequences.len());
    Ok(sequences)
}

/// The frozen word vectors to train on: the given directory, else `runs/fasttext` (what
/// `qawl embed --fasttext` writes) when it exists, else the shipped tagger's own tables, so
/// `qawl train` works on a fresh clone without the news corpus.
pub fn vectors_dir(given: Option<&Path>) -> PathBuf {
    if let Some(dir) = given {
        return dir.to_path_buf();
    }
    let embedded = PathBuf::from("runs/fasttext");
    if embedded.join(qawl_transformer::word::vectors::VECTORS_CONFIG).is_file() {
        return embedded;
    }
    let shipped = qawl_pipeline::default_model_dir().join("tagger");
    eprintln!("word vectors: {} (runs/fasttext not found; --vectors chooses others)", shipped.display());
    shipped
}

/// Skip-gram subword vectors, written as a partial checkpoint (config.json and the
/// word-embedding table only) that `qawl train --init` starts from.
pub fn embed(a: &EmbedArgs) -> anyhow::Result<()> {
    if let Some(f) = &a.fasttext {
        return embed_fasttext(a, f);
    }
    let vocab = Subwords::load(a.vocab)?;
    let sequences = corpus_sequences(a.corpus, &vocab, a.max_paragraphs, 254)?;
    let mut model = config(&vocab, &a.size);
    model.type_vocab_size = features::TYPE_COUNT;
    let cfg = SkipGramConfig { dim: model.hidden_size, epochs: a.epochs, ..SkipGramConfig::default() };
    let bar = ProgressBar::new(1000);
    bar.set_style(ProgressStyle::with_template("{bar:30} {percent}%  {elapsed}<{eta}").unwrap());
    let mut vectors = skipgram(&sequences, model.vocab_size, &cfg, &mut |share| bar.set_position((share * 1000.0) as u64));
    bar.finish();
    drop(sequences);
    // BERT starts its tables at std 0.02; the skip-gram vectors join them at that scale.
    rescale(&mut vectors, 0.02);
    let word_vectors = if a.words > 0 {
        let (words, table) = word_vectors(a)?;
        std::fs::create_dir_all(a.out).with_context(|| format!("creating {}", a.out.display()))?;
        std::fs::write(a.out.join(WORDS_FILE), words.join("\n") + "\n").with_context(|| format!("writing {}", a.out.join(WORDS_FILE).display()))?;
        model.word_vectors = Some(words.len() + 1);
        model.word_vector_dim = Some(a.word_dim);
        Some(table)
    } else {
        None
    };
    save_embeddings(a.out, &model, vectors, word_vectors)?;
    std::fs::write(a.out.join("skipgram_config.json"), serde_json::to_string_pretty(&cfg)?)?;
    eprintln!("subword vectors in {}", a.out.display());
    Ok(())
}

/// fastText-style word vectors (`qawl embed --fasttext`): the whole model in `a.out`
/// (`fasttext.safetensors`, `vocab.tsv`), and the tables a word tagger starts from
/// (`vectors.json`, `words.txt`, `ngrams.txt`, `vectors.safetensors`).
fn embed_fasttext(a: &EmbedArgs, f: &FastTextArgs) -> anyhow::Result<()> {
    let model = if f.export_only {
        FastText::load(a.out).with_context(|| format!("reading the fastText model in {}", a.out.display()))?
    } else {
        let chunks = corpus_chunks(a.corpus, a.max_paragraphs)?;
        let texts: Vec<Vec<String>> = chunks.into_par_iter().flat_map(|c| corpus_words(c.into_iter()).into_iter().map(|t| t.iter().map(|w| word_key(w)).collect::<Vec<_>>()).collect::<Vec<_>>()).collect();
        let tokens: usize = texts.iter().map(|t| t.len()).sum();
        eprintln!("fastText: {} paragraphs, {tokens} words", texts.len());
        let cfg = FastTextConfig { dim: a.word_dim, epochs: a.epochs, buckets: f.buckets, min_count: f.min_count, ..FastTextConfig::default() };
        let bar = ProgressBar::new(1000);
        bar.set_style(ProgressStyle::with_template("{bar:30} {percent}%  {elapsed}<{eta}").unwrap());
        let start = std::time::Instant::now();
        let model = fasttext(&texts, &cfg, &mut |share| bar.set_position((share * 1000.0) as u64));
        bar.finish();
        eprintln!("fastText: {} words in the vocabulary, trained in {:.0} s", model.words.len(), start.elapsed().as_secs_f64());
        drop(texts);
        model.save(a.out)?;
        model
    };
    let words = if a.words == 0 { 50_000 } else { a.words };
    let vectors = model.export(words, f.ngrams)?;
    vectors.save(a.out)?;
    eprintln!("word vectors: {} words and {} n-grams of {} in {}", vectors.config().words, vectors.config().ngrams, vectors.dim(), a.out.display());
    // A look at the neighbours, listed or not: the vectors should group names, places, roles.
    for probe in ["الرياض", "محمد", "الوزير", "ترامب", "فيلادلفيا"] {
        let v = vectors.vector(probe);
        let mut near: Vec<(f32, &str)> = model.words.iter().take(20_000).map(|w| (cosine(&v, &vectors.vector(w)), w.as_str())).collect();
        near.sort_by(|x, y| y.0.total_cmp(&x.0));
        let list: Vec<String> = near.iter().filter(|(_, w)| *w != probe).take(6).map(|(c, w)| format!("{w} {c:.2}")).collect();
        eprintln!("  {probe}{}: {}", if vectors.is_listed(probe) { "" } else { " (from n-grams)" }, list.join(", "));
    }
    Ok(())
}

/// Skip-gram vectors of the `a.words` most frequent words of the corpus (at least 5
/// occurrences), unit length, with a zero row 0 for unknown words.
fn word_vectors(a: &EmbedArgs) -> anyhow::Result<(Vec<String>, Vec<f32>)> {
    let chunks = corpus_chunks(a.corpus, a.max_paragraphs)?;
    let texts: Vec<Vec<String>> = chunks.into_par_iter().flat_map(|c| corpus_words(c.into_iter())).collect();
    let words = qawl_train::vectors::frequent_words(&texts, a.words, 5);
    let sequences = qawl_train::vectors::word_rows(&texts, &words);
    let tokens: usize = sequences.iter().map(|s| s.len()).sum();
    eprintln!("word vectors: {} words, {tokens} running words", words.len());
    drop(texts);
    let cfg = SkipGramConfig { dim: a.word_dim, epochs: a.epochs, ..SkipGramConfig::default() };
    let table = qawl_train::vectors::word_vectors(&sequences, words.len() + 1, &cfg);
    Ok((words, table))
}

/// Which network `qawl train` trains.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Arch {
    /// BERT-style encoder over subword pieces (the tagger shipped before the word tagger).
    Subword,
    /// BiLSTM-CRF over whole words: frozen fastText-style vectors, a character CNN, lexicon flags.
    Word,
}

/// Labeled files of the user's own (`--train`, `--dev`), instead of the shared corpora.
pub struct UserData {
    pub train: Vec<PathBuf>,
    pub dev: Vec<PathBuf>,
    pub options: ConllOptions,
}

pub struct TrainArgs<'a> {
    pub arch: Arch,
    pub data: &'a Path,
    /// Machine-labeled sentences added to the shared corpora (`--extra`).
    pub extra: &'a [PathBuf],
    pub vocab: &'a Path,
    pub out: &'a Path,
    pub init: Option<PathBuf>,
    /// Word vectors for the word tagger (`qawl embed --fasttext` output).
    pub vectors: &'a Path,
    pub user: Option<UserData>,
    pub size: ModelSize,
    pub epochs: usize,
    pub patience: usize,
    pub lr_decay: Option<f64>,
    pub decay_patience: usize,
    pub batch: usize,
    pub lr: f64,
    pub dev_share: f64,
    /// Lexicon feature lists; `None` trains without features.
    pub features: Option<&'a Path>,
    pub dropout: Option<f64>,
    pub wojood_roles_only: bool,
    pub no_aqmar: bool,
    /// Word tagger: no second vector of the clitic-stripped form.
    pub no_stems: bool,
    pub unlisted_rate: f64,
    pub seed: u64,
}

/// The user's files: every `--train` file, and every `--dev` file or, without one, the last
/// `dev_share` of the training sentences. The label set is read from all of them.
fn user_corpora(u: &UserData, dev_share: f64) -> anyhow::Result<(Vec<LabeledSentence>, Vec<LabeledSentence>, Labels)> {
    let read = |files: &[PathBuf]| -> anyhow::Result<Vec<LabeledSentence>> {
        let mut out = Vec::new();
        for f in files {
            let s = read_conll(f, &u.options).with_context(|| format!("reading {}", f.display()))?;
            eprintln!("{}: {} sentences", f.display(), s.len());
            out.extend(s);
        }
        Ok(out)
    };
    let mut train = read(&u.train)?;
    let dev = if u.dev.is_empty() {
        let n_dev = (train.len() as f64 * dev_share) as usize;
        anyhow::ensure!(n_dev > 0 && n_dev < train.len(), "{} training sentences are too few to hold out {:.0}% as dev: give --dev", train.len(), dev_share * 100.0);
        train.split_off(train.len() - n_dev)
    } else {
        read(&u.dev)?
    };
    let all: Vec<LabeledSentence> = train.iter().chain(&dev).cloned().collect();
    let labels = label_set(&all);
    anyhow::ensure!(labels.entity.len() > 1 || labels.role.len() > 3, "no entity tags in the training files (is --tag-column right?)");
    eprintln!("labels: {} / {}", labels.entity.join(" "), labels.role.join(" "));
    Ok((train, dev, labels))
}

pub fn train(a: &TrainArgs) -> anyhow::Result<()> {
    let (train_s, dev_s, mut labels) = match &a.user {
        Some(u) => user_corpora(u, a.dev_share)?,
        None => {
            let (mut t, d) = labeled_corpora(a.data, a.dev_share, a.wojood_roles_only, !a.no_aqmar)?;
            for f in a.extra {
                let s = read_bio(f, true).with_context(|| format!("reading {}", f.display()))?;
                eprintln!("{}: {} extra training sentences", f.display(), s.len());
                t.extend(s);
            }
            (t, d, Labels::default())
        }
    };
    let lexicon = match a.features {
        Some(dir) => Some(FeatureLexicon::load(dir).with_context(|| format!("loading lexicon features from {}", dir.display()))?),
        None => None,
    };
    if let Some(dir) = a.features {
        // The tagger reads its lists from its own folder, so model and features travel together.
        let to = a.out.join(features::DIR);
        std::fs::create_dir_all(&to).with_context(|| format!("creating {}", to.display()))?;
        for f in features::FILES {
            std::fs::copy(dir.join(f), to.join(f)).with_context(|| format!("copying {}", dir.join(f).display()))?;
        }
        // The trigger lists the lexicon above read: each the source's own, else the tables'.
        features::write_triggers(&to).with_context(|| format!("writing the trigger lists to {}", to.display()))?;
        for f in features::TRIGGER_FILES.iter().filter(|f| dir.join(f).is_file()) {
            std::fs::copy(dir.join(f), to.join(f)).with_context(|| format!("copying {}", dir.join(f).display()))?;
        }
        labels.token_types = Some(features::SCHEME.to_string());
    }
    let start = std::time::Instant::now();
    let (outcome, epochs_run) = match a.arch {
        Arch::Subword => train_subword(a, &train_s, &dev_s, labels, lexicon.as_ref())?,
        Arch::Word => train_words(a, &train_s, &dev_s, labels, lexicon.as_ref())?,
    };
    let took = start.elapsed().as_secs();
    match (outcome.best_dev, outcome.best_epoch) {
        (Some(best), Some(epoch)) => {
            let stop = if epochs_run < a.epochs { format!(", stopped after epoch {epochs_run}: {} epochs without a better dev F1", a.patience) } else { String::new() };
            eprintln!("best dev F1 {:.2} (P {:.2}, R {:.2}) at epoch {} of {}{stop}", best.f1 * 100.0, best.precision * 100.0, best.recall * 100.0, epoch + 1, a.epochs);
        }
        _ => eprintln!("no dev data: the model is the last epoch's"),
    }
    eprintln!("model in {} ({} steps; this run took {} min {} s)", outcome.best_dir.display(), outcome.steps, took / 60, took % 60);
    eprintln!("score it: tools/eval_tagger.sh {0}; install it: qawl ship {0}", outcome.best_dir.display());
    Ok(())
}

/// How many epochs have finished, from the run's `state.json`.
fn epochs_done(out: &Path) -> usize {
    std::fs::read_to_string(out.join("state.json")).ok().and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok()).and_then(|v| v["epoch"].as_u64()).unwrap_or(0) as usize
}

fn train_subword(a: &TrainArgs, train_s: &[LabeledSentence], dev_s: &[LabeledSentence], labels: Labels, lexicon: Option<&FeatureLexicon>) -> anyhow::Result<(FinetuneOutcome, usize)> {
    let vocab = Subwords::load(a.vocab)?;
    // Word vectors come with the initial checkpoint (`qawl embed --words`), their list beside them.
    let word_index = match &a.init {
        Some(init) if init.join(WORDS_FILE).is_file() => Some(WordIndex::load(&init.join(WORDS_FILE))?),
        _ => None,
    };
    let inputs = PieceInputs { features: lexicon, words: word_index.as_ref() };
    let train_x = examples_with(&vocab, train_s, inputs, &labels);
    let dev_x = examples_with(&vocab, dev_s, inputs, &labels);
    if let (Some(init), Some(_)) = (&a.init, &word_index) {
        std::fs::create_dir_all(a.out).with_context(|| format!("creating {}", a.out.display()))?;
        std::fs::copy(init.join(WORDS_FILE), a.out.join(WORDS_FILE)).with_context(|| format!("copying {}", init.join(WORDS_FILE).display()))?;
    }
    let mut model = config(&vocab, &a.size);
    if lexicon.is_some() {
        model.type_vocab_size = features::TYPE_COUNT;
        if let Some(init) = &a.init {
            let types = Config::from_file(init.join("config.json")).with_context(|| format!("reading {}", init.join("config.json").display()))?.type_vocab_size;
            anyhow::ensure!(types == features::TYPE_COUNT, "{} has {types} token types, the lexicon features need {}: start from `qawl embed` output or train with --no-features", init.display(), features::TYPE_COUNT);
        }
    }
    eprintln!("{} training sentences, {} dev sentences", train_x.len(), dev_x.len());
    let cfg = TrainConfig {
        model: if a.init.is_some() { None } else { Some(model) },
        init_from: a.init.clone(),
        labels,
        dropout: a.dropout,
        epochs: a.epochs,
        batch_size: a.batch,
        learning_rate: a.lr,
        resume: true,
        seed: a.seed,
        max_len: Some(a.size.max_positions - 2),
        checkpoint_every: Some(200),
        ..TrainConfig::default()
    };
    let bar = bar();
    let mut report = reporter(&bar);
    let outcome = finetune(&cfg, &train_x, &dev_x, a.out, &mut report)?;
    bar.finish();
    Ok((outcome, epochs_done(a.out)))
}

fn train_words(a: &TrainArgs, train_s: &[LabeledSentence], dev_s: &[LabeledSentence], labels: Labels, lexicon: Option<&FeatureLexicon>) -> anyhow::Result<(FinetuneOutcome, usize)> {
    let vectors = WordVectors::load(a.vectors).with_context(|| format!("reading word vectors from {} (made by `qawl embed --fasttext`, or a word tagger directory)", a.vectors.display()))?;
    let train_x = word_examples(train_s, lexicon, &labels);
    let dev_x = word_examples(dev_s, lexicon, &labels);
    let words: usize = train_x.iter().map(|e| e.input.len()).sum();
    let listed = train_x.iter().flat_map(|e| e.input.words.iter()).filter(|w| vectors.is_listed(w)).count();
    eprintln!("{} training sentences ({words} words, {:.1}% with a vector of their own), {} dev sentences", train_x.len(), 100.0 * listed as f64 / words.max(1) as f64, dev_x.len());
    let cfg = WordTrainConfig {
        labels,
        epochs: a.epochs,
        patience: a.patience,
        lr_decay: a.lr_decay,
        decay_patience: a.decay_patience,
        batch_size: a.batch,
        learning_rate: a.lr,
        dropout: a.dropout.unwrap_or(0.5),
        stem_vectors: !a.no_stems,
        unlisted_rate: a.unlisted_rate,
        seed: a.seed,
        init_from: a.init.clone(),
        ..WordTrainConfig::default()
    };
    let features = if lexicon.is_some() { FLAG_COUNT } else { 0 };
    let bar = bar();
    let mut report = reporter(&bar);
    let outcome = train_word_tagger(&cfg, &vectors, features, &train_x, &dev_x, a.out, &mut report)?;
    bar.finish();
    Ok((outcome, epochs_done(a.out)))
}

/// Copies what a tagger needs to run (config, labels, word lists) from `from` to `to`,
/// with the weights in half precision.
pub fn ship(from: &[PathBuf], to: &Path) -> anyhow::Result<()> {
    let first = from.first().context("no tagger to ship")?;
    for dir in from {
        anyhow::ensure!(dir.join("model.safetensors").is_file(), "{} holds no model.safetensors: give a `qawl train` output", dir.display());
        if let (Ok(a), Ok(b)) = (dir.canonicalize(), to.canonicalize()) {
            anyhow::ensure!(a != b, "{} is already where the tagger would go", to.display());
        }
    }
    // Joined before `to` is emptied, so that a refused ensemble leaves the old model in place.
    let ensemble = if from.len() > 1 {
        anyhow::ensure!(is_word_tagger(first), "{}: only word taggers join into an ensemble", first.display());
        Some(join_members(from).with_context(|| format!("joining {} taggers", from.len()))?)
    } else {
        None
    };
    if to.exists() {
        std::fs::remove_dir_all(to).with_context(|| format!("replacing {}", to.display()))?;
    }
    std::fs::create_dir_all(to.join(features::DIR)).with_context(|| format!("creating {}", to.display()))?;
    let files = ["config.json", "labels.json", WORDS_FILE, NGRAMS_FILE].map(String::from).into_iter().chain(features::FILES.iter().chain(&features::TRIGGER_FILES).map(|f| format!("{}/{f}", features::DIR)));
    for f in files {
        if first.join(&f).is_file() {
            std::fs::copy(first.join(&f), to.join(&f)).with_context(|| format!("copying {}", first.join(&f).display()))?;
        }
    }
    if std::fs::read_dir(to.join(features::DIR))?.next().is_none() {
        std::fs::remove_dir(to.join(features::DIR))?;
    }
    match ensemble {
        Some(e) => {
            e.config.save(&to.join("config.json"))?;
            save_half_precision(&e.tensors, &to.join("model.safetensors"))?;
            let names: Vec<String> = from.iter().map(|d| d.display().to_string()).collect();
            eprintln!("an ensemble of {} taggers ({}) shipped to {}", from.len(), names.join(", "), to.display());
        }
        None => {
            write_half_precision(&first.join("model.safetensors"), &to.join("model.safetensors"))?;
            eprintln!("tagger from {} shipped to {}", first.display(), to.display());
        }
    }
    Ok(())
}
