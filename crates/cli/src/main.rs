//! `qawl`: the command line over the qawl libraries. Only glue lives here: flags become
//! options, options build the pipeline, errors become messages and exit codes.

mod eval;
mod extract;
mod progress;
mod show;
mod train;
mod vocab;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use qawl_pipeline::{default_model_dir, EntitySource, Pipeline};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "qawl", version, about = "Who is in Arabic news, what they do, and who said what")]
struct Cli {
    #[command(flatten)]
    model: ModelFlags,
    #[command(subcommand)]
    command: Command,
}

/// The flags that say which pipeline to build, shared by every subcommand (given before or
/// after the subcommand's name).
#[derive(Args, Clone)]
struct ModelFlags {
    /// Model directory (lexicon/, vocabulary, tagger); default: $QAWL_MODEL_DIR or the shipped models/.
    #[arg(long, global = true)]
    model: Option<PathBuf>,
    /// Entity source: hybrid (the default: rules, gaps filled by the tagger in <model>/tagger), rules (no tagger; fastest) or model (the tagger alone).
    #[arg(long, global = true)]
    entities: Option<qawl_pipeline::EntitySource>,
    /// Worker threads (default: all cores).
    #[arg(long, global = true)]
    threads: Option<usize>,
}

impl ModelFlags {
    fn dir(&self) -> PathBuf {
        self.model.clone().unwrap_or_else(default_model_dir)
    }

    fn source(&self) -> EntitySource {
        self.entities.unwrap_or(EntitySource::Hybrid)
    }

    /// The pipeline these flags name, documents running on `--threads` threads.
    fn load(&self) -> anyhow::Result<Pipeline> {
        let dir = self.dir();
        let mut builder = Pipeline::builder(&dir).entities(self.source());
        if let Some(n) = self.threads {
            builder = builder.threads(n);
        }
        builder.build().with_context(|| format!("cannot load the model from {}", dir.display()))
    }
}

/// Parsed once per run, so the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Extract entities, persons and quotes from articles into JSON lines.
    Extract(ExtractFlags),
    /// Score the pipeline on gold documents (ANNOTATION.md) or a BIO token file.
    Eval(EvalFlags),
    /// Write HTML pages of documents: entities, quotes and speakers marked, a panel of persons.
    Show(ShowFlags),
    /// Figures across `extract` output: persons, quotes by gender, roles, sources, months; CSV and HTML.
    Report(ReportFlags),
    /// Pre-train the tagger's encoder (masked LM) on news corpora; resumable.
    Pretrain(PretrainFlags),
    /// Pre-train the word tagger's character CNN and BiLSTM as a bidirectional language model on news corpora (start a tagger from it with `qawl train --init`); resumable: rerun to continue.
    PretrainWords(PretrainWordsFlags),
    /// Train the tagger on the labeled corpora (cleananercorp train, aqmar, wojood_sample) or on your own CoNLL files; resumable: rerun the same command to continue.
    Train(TrainFlags),
    /// Train subword embeddings (skip-gram) on news corpora, as a start for `qawl train --init`.
    Embed(EmbedFlags),
    /// Copy a trained tagger (a `qawl train` output) into a model directory, weights in f16; several word taggers ship as one ensemble.
    Ship(ShipFlags),
    /// Train the subword vocabulary on news corpora.
    Vocab(VocabFlags),
}

#[derive(Args)]
struct ExtractFlags {
    /// .txt files (id = file stem), folders of .txt, .jsonl with {"id","text"} per line, <doc …> archives (the news corpora's text.txt) (one document per block), or - for stdin.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output JSONL file (default, or `-`: standard output).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Skip ids already in the output file and append the rest.
    #[arg(long)]
    resume: bool,
    /// No progress bar.
    #[arg(short, long)]
    quiet: bool,
    /// Documents over this many characters become error records.
    #[arg(long, default_value_t = 1_000_000)]
    max_chars: usize,
    /// Leave the article text out of each output line.
    #[arg(long)]
    no_text: bool,
    /// Process at most this many documents.
    #[arg(long)]
    limit: Option<usize>,
}

#[derive(Args)]
struct EvalFlags {
    /// Gold .json/.jsonl files or folders of them.
    gold: Vec<PathBuf>,
    /// Score entity spans on a BIO file (`token TAG` per line) instead.
    #[arg(long, conflicts_with = "gold")]
    conll: Option<PathBuf>,
    /// With --conll: drop sentences that also occur in these BIO files (repeatable).
    #[arg(long, requires = "conll")]
    exclude: Vec<PathBuf>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    /// Also print one line of figures per gold document.
    #[arg(long)]
    per_doc: bool,
    /// Where gold documents that name a corpus `source` find their text (default: ../shared/data/news when it exists).
    #[arg(long)]
    corpus: Option<PathBuf>,
}

#[derive(Args)]
struct ShowFlags {
    /// Texts (anything `extract` reads) or `extract` output (.jsonl records, with their text).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// The page for one document; a folder (pages and index.html) for several.
    #[arg(short, long)]
    output: PathBuf,
    /// Show at most this many documents.
    #[arg(long)]
    limit: Option<usize>,
    /// Texts over this many characters are skipped.
    #[arg(long, default_value_t = 1_000_000)]
    max_chars: usize,
}

#[derive(Args)]
struct ReportFlags {
    /// `extract` output files (.jsonl) or folders of them.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Folder for quotes.csv, persons.csv, summary.json and index.html.
    #[arg(short, long)]
    output: PathBuf,
    /// Start the CSV files with a UTF-8 byte-order mark (for spreadsheets).
    #[arg(long)]
    bom: bool,
    /// Length of the ranked lists (speakers, roles, organizations).
    #[arg(long, default_value_t = 20)]
    top: usize,
}

#[derive(Args)]
struct PretrainFlags {
    #[arg(long, default_value = "../shared/data/news")]
    corpus: PathBuf,
    #[arg(long, default_value = "models/vocab.json")]
    vocab: PathBuf,
    #[arg(long, default_value = "runs/pretrain")]
    out: PathBuf,
    #[arg(long, default_value_t = 4)]
    layers: usize,
    #[arg(long, default_value_t = 256)]
    hidden: usize,
    #[arg(long, default_value_t = 4)]
    heads: usize,
    /// Subwords per training sequence.
    #[arg(long, default_value_t = 128)]
    max_len: usize,
    #[arg(long, default_value_t = 400_000)]
    max_paragraphs: usize,
    #[arg(long, default_value_t = 32)]
    batch: usize,
    #[arg(long, default_value_t = 5e-4)]
    lr: f64,
    #[arg(long, default_value_t = 20_000)]
    steps: usize,
    #[arg(long, default_value_t = 100)]
    checkpoint_every: usize,
    /// Continue from these weights (a `qawl pretrain` output) with a fresh schedule.
    #[arg(long)]
    init: Option<PathBuf>,
    /// Shuffling and masking seed (a continuation should use a new one).
    #[arg(long, default_value_t = 42)]
    seed: u64,
}

#[derive(Args)]
struct PretrainWordsFlags {
    /// A corpus folder holding */text.txt (e.g. ../shared/data/news) or one text.txt. Articles of data/gold-news are left out.
    #[arg(long, default_value = "../shared/data/news")]
    corpus: PathBuf,
    /// The frozen word vectors: a `qawl embed --fasttext` output directory or a word tagger's (default: runs/fasttext when it exists, else the shipped tagger's).
    #[arg(long)]
    vectors: Option<PathBuf>,
    /// Word lists for the lexicon features, as the tagger will have them.
    #[arg(long, default_value = "models/tagger/features")]
    features: PathBuf,
    /// No lexicon features (for a tagger trained with `--no-features`).
    #[arg(long)]
    no_features: bool,
    #[arg(long, default_value = "runs/word-lm")]
    out: PathBuf,
    /// Write the prepared corpus (frozen vectors, characters, sentences) as one safetensors
    /// file for tools/torch/pretrain_word_lm.py on a GPU machine, instead of training.
    #[arg(long)]
    export: Option<PathBuf>,
    /// Paragraphs read from the corpus (spread over its archives in turn).
    #[arg(long, default_value_t = 300_000)]
    max_paragraphs: usize,
    /// Optimizer steps in all; rerun with more to continue.
    #[arg(long, default_value_t = 20_000)]
    steps: usize,
    #[arg(long, default_value_t = 32)]
    batch: usize,
    #[arg(long, default_value_t = 1e-3)]
    lr: f64,
    #[arg(long, default_value_t = 500)]
    checkpoint_every: usize,
    #[arg(long, default_value_t = 42)]
    seed: u64,
}

#[derive(Args)]
struct TrainFlags {
    /// The network: word (BiLSTM-CRF over words, --vectors; the shipped tagger) or subword (BERT-style over pieces).
    #[arg(long, value_enum, default_value_t = train::Arch::Word)]
    arch: train::Arch,
    /// The shared data folder (when no --train is given).
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// Your own training files instead of the shared corpora: CoNLL, one token per line, tags in a column, BIO or BIOES (repeatable).
    #[arg(long = "train")]
    train_files: Vec<PathBuf>,
    /// Dev files for choosing the best epoch (repeatable); default: the last --dev-share of the training sentences.
    #[arg(long = "dev", requires = "train_files")]
    dev_files: Vec<PathBuf>,
    /// With --train: the tag column, counting the token as 1 (default: the last).
    #[arg(long, requires = "train_files")]
    tag_column: Option<usize>,
    /// With --train: rename a type, FROM=TO (e.g. PERS=PERSON, GPE=LOC, DATE=O to drop one); repeatable. A type that maps to ROLE or OCC goes to the role head.
    #[arg(long = "map", requires = "train_files", value_parser = parse_mapping)]
    map: Vec<(String, String)>,
    /// More training sentences added to the shared corpora, such as machine-labeled news for self-training: `word ENTITY-TAG ROLE-TAG` per line (BIO), a blank line between sentences (repeatable; not with --train).
    #[arg(long = "extra", conflicts_with = "train_files")]
    extra_files: Vec<PathBuf>,
    #[arg(long, default_value = "models/vocab.json")]
    vocab: PathBuf,
    #[arg(long, default_value = "runs/tagger")]
    out: PathBuf,
    /// Start from pre-trained weights: subword, a `qawl pretrain` or `qawl embed` output directory; word, a `qawl pretrain-words` output (its character CNN and BiLSTM).
    #[arg(long)]
    init: Option<PathBuf>,
    /// Word: the frozen word vectors, a `qawl embed --fasttext` output directory or a word tagger's (default: runs/fasttext when it exists, else the shipped tagger's).
    #[arg(long)]
    vectors: Option<PathBuf>,
    #[arg(long, default_value_t = 4)]
    layers: usize,
    #[arg(long, default_value_t = 256)]
    hidden: usize,
    #[arg(long, default_value_t = 4)]
    heads: usize,
    /// Most epochs (default: subword 8, word 80).
    #[arg(long)]
    epochs: Option<usize>,
    /// Word: stop after this many epochs without a better dev F1 (0: never).
    #[arg(long, default_value_t = 8)]
    patience: usize,
    /// Word: multiply the learning rate by this after --decay-patience epochs without a better dev F1 (default: constant).
    #[arg(long)]
    lr_decay: Option<f64>,
    #[arg(long, default_value_t = 3)]
    decay_patience: usize,
    #[arg(long, default_value_t = 16)]
    batch: usize,
    /// Learning rate (default: subword 3e-4 with warm-up and decay, word 2e-3 constant).
    #[arg(long)]
    lr: Option<f64>,
    /// Share of cleananercorp/train.txt (or of the --train sentences) held out as dev.
    #[arg(long, default_value_t = 0.1)]
    dev_share: f64,
    /// Word lists for the lexicon features (copied into the output's `features/`).
    #[arg(long, default_value = "models/tagger/features")]
    features: PathBuf,
    /// Train without lexicon features.
    #[arg(long)]
    no_features: bool,
    /// Dropout (subword: hidden states and attention; word: default 0.5).
    #[arg(long)]
    dropout: Option<f64>,
    /// Learn only roles from the Wojood sample, not its PERSON/ORG/LOC spans.
    #[arg(long)]
    wojood_roles_only: bool,
    /// Leave AQMAR (Wikipedia articles) out of training (the word tagger's default).
    #[arg(long, conflicts_with = "aqmar")]
    no_aqmar: bool,
    /// Train on AQMAR too (the subword tagger's default).
    #[arg(long)]
    aqmar: bool,
    /// Word: no second vector of each word's clitic-stripped form.
    #[arg(long)]
    no_stems: bool,
    /// Word: the share of training words shown as if unseen (their n-gram vector), a word dropout; 0 in the shipped recipe.
    #[arg(long, default_value_t = 0.0)]
    unlisted_rate: f64,
    /// Seed of initialisation and shuffling.
    #[arg(long, default_value_t = 42)]
    seed: u64,
}

#[derive(Args)]
struct EmbedFlags {
    /// A corpus folder holding */text.txt (e.g. ../shared/data/news) or one text.txt.
    #[arg(long, default_value = "../shared/data/news")]
    corpus: PathBuf,
    #[arg(long, default_value = "models/vocab.json")]
    vocab: PathBuf,
    /// Output folder (default: runs/fasttext with --fasttext, else runs/embeddings).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Paragraphs to read, shared across the corpus files (default: all with --fasttext, else 200,000).
    #[arg(long)]
    max_paragraphs: Option<usize>,
    /// Passes over the corpus (default: 5 with --fasttext, else 1).
    #[arg(long)]
    epochs: Option<usize>,
    /// Sizes of the tagger these embeddings start (written to config.json).
    #[arg(long, default_value_t = 4)]
    layers: usize,
    #[arg(long, default_value_t = 256)]
    hidden: usize,
    #[arg(long, default_value_t = 4)]
    heads: usize,
    /// Also train vectors for this many whole words (0: none).
    #[arg(long, default_value_t = 0)]
    words: usize,
    #[arg(long, default_value_t = 100)]
    word_dim: usize,
    /// fastText-style vectors of whole words, each the mean of its row and its character n-grams' rows (for `qawl train --arch word`); --words is then the word table kept (default 50,000).
    #[arg(long)]
    fasttext: bool,
    /// With --fasttext: character n-grams kept in the exported table.
    #[arg(long, default_value_t = 150_000)]
    ngrams: usize,
    /// With --fasttext: hash buckets of the n-grams while training.
    #[arg(long, default_value_t = 2_000_000)]
    buckets: usize,
    /// With --fasttext: words seen fewer times are left out of the vocabulary.
    #[arg(long, default_value_t = 5)]
    min_count: u64,
    /// With --fasttext: export the tables again (new --words, --ngrams) from the model already in --out.
    #[arg(long)]
    export_only: bool,
}

#[derive(Args)]
struct ShipFlags {
    /// The trained tagger directory; several word taggers (same sizes and vectors, e.g. other seeds) are joined into one ensemble that averages their scores.
    #[arg(required = true)]
    from: Vec<PathBuf>,
    /// Where it goes (replaced).
    #[arg(long, default_value = "models/tagger")]
    to: PathBuf,
}

#[derive(Args)]
struct VocabFlags {
    /// A corpus folder holding */text.txt (e.g. ../shared/data/news) or one text.txt.
    #[arg(long)]
    corpus: PathBuf,
    #[arg(long, default_value_t = 16000)]
    size: u32,
    /// Paragraphs to read (spread over the corpus files).
    #[arg(long, default_value_t = 300_000)]
    max_lines: usize,
    #[arg(short, long, default_value = "models/vocab.json")]
    output: PathBuf,
}

/// `FROM=TO` of `--map`.
fn parse_mapping(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((a, b)) if !a.is_empty() && !b.is_empty() => Ok((a.to_string(), b.to_string())),
        _ => Err(format!("expected FROM=TO, got {s:?}")),
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // The pipeline commands run their documents on the pipeline's own threads; the others
    // (training, vocabularies) on rayon's global pool.
    let pipeline_command = matches!(cli.command, Command::Extract(_) | Command::Eval(_) | Command::Show(_));
    if let (Some(n), false) = (cli.model.threads, pipeline_command) {
        rayon::ThreadPoolBuilder::new().num_threads(n).build_global().context("cannot set up threads")?;
    }
    match &cli.command {
        Command::Extract(ExtractFlags { inputs, output, resume, quiet, max_chars, no_text, limit }) => {
            anyhow::ensure!(!*resume || output.is_some(), "--resume needs --output");
            let pipeline = cli.model.load()?;
            let producer = serde_json::json!({"version": env!("CARGO_PKG_VERSION"), "entities": cli.model.source().to_string(), "model": cli.model.dir().display().to_string()});
            let opts = extract::ExtractOptions { inputs: inputs.clone(), output: output.clone(), resume: *resume, quiet: *quiet, max_chars: *max_chars, chunk: 64, include_text: !*no_text, limit: *limit, producer };
            let summary = extract::run(&pipeline, &opts)?;
            if summary.failed > 0 {
                eprintln!("qawl: {} document(s) failed; their error records are in the output", summary.failed);
            }
            if summary.failed > 0 || summary.warnings > 0 {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Eval(EvalFlags { gold, conll, exclude, json, per_doc, corpus }) => {
            let pipeline = cli.model.load()?;
            match conll {
                Some(path) => {
                    eval::conll_file(&pipeline, path, *json, exclude)?;
                }
                None => {
                    anyhow::ensure!(!gold.is_empty(), "give gold files or folders, or --conll FILE");
                    let corpus = corpus.clone().or_else(|| Some(PathBuf::from("../shared/data/news")).filter(|p| p.is_dir()));
                    eval::gold(&pipeline, gold, corpus.as_deref(), *json, *per_doc)?;
                }
            }
        }
        Command::Show(ShowFlags { inputs, output, limit, max_chars }) => {
            let opts = show::ShowOptions { inputs: inputs.clone(), output: output.clone(), limit: *limit, max_chars: *max_chars };
            let failed = show::show(&opts, &|| cli.model.load())?;
            if failed > 0 {
                eprintln!("qawl: {failed} document(s) could not be shown");
                return Ok(ExitCode::from(1));
            }
        }
        Command::Report(ReportFlags { inputs, output, bom, top }) => show::report(inputs, output, *bom, *top)?,
        Command::Embed(EmbedFlags { corpus, vocab, out, max_paragraphs, epochs, layers, hidden, heads, words, word_dim, fasttext, ngrams, buckets, min_count, export_only }) => {
            let size = train::ModelSize { layers: *layers, hidden: *hidden, heads: *heads, max_positions: 256 };
            let ft = *fasttext;
            let fasttext = ft.then_some(train::FastTextArgs { ngrams: *ngrams, buckets: *buckets, min_count: *min_count, export_only: *export_only });
            let out = out.clone().unwrap_or_else(|| PathBuf::from(if ft { "runs/fasttext" } else { "runs/embeddings" }));
            let max_paragraphs = max_paragraphs.unwrap_or(if ft { usize::MAX } else { 200_000 });
            let epochs = epochs.unwrap_or(if ft { 5 } else { 1 });
            train::embed(&train::EmbedArgs { corpus, vocab, out: &out, size, max_paragraphs, epochs, words: *words, word_dim: *word_dim, fasttext })?;
        }
        Command::Ship(ShipFlags { from, to }) => train::ship(from, to)?,
        Command::Vocab(VocabFlags { corpus, size, max_lines, output }) => vocab::run(corpus, *size, *max_lines, output)?,
        Command::Pretrain(PretrainFlags { corpus, vocab, out, layers, hidden, heads, max_len, max_paragraphs, batch, lr, steps, checkpoint_every, init, seed }) => {
            let size = train::ModelSize { layers: *layers, hidden: *hidden, heads: *heads, max_positions: 256 };
            train::pretrain(&train::PretrainArgs { corpus, vocab, out, size, max_len: *max_len, max_paragraphs: *max_paragraphs, batch: *batch, lr: *lr, steps: *steps, checkpoint_every: *checkpoint_every, init: init.clone(), seed: *seed })?;
        }
        Command::PretrainWords(PretrainWordsFlags { corpus, vectors, features, no_features, out, export, max_paragraphs, batch, lr, steps, checkpoint_every, seed }) => {
            let features = (!*no_features).then_some(features.as_path());
            let vectors = &train::vectors_dir(vectors.as_deref());
            train::pretrain_words(&train::PretrainWordsArgs { corpus, vectors, features, out, max_paragraphs: *max_paragraphs, batch: *batch, lr: *lr, steps: *steps, checkpoint_every: *checkpoint_every, seed: *seed, export: export.as_deref() })?;
        }
        Command::Train(TrainFlags { arch, data, train_files, dev_files, tag_column, map, extra_files, vocab, out, init, vectors, layers, hidden, heads, epochs, patience, lr_decay, decay_patience, batch, lr, dev_share, features, no_features, dropout, wojood_roles_only, no_aqmar, aqmar, no_stems, unlisted_rate, seed }) => {
            let size = train::ModelSize { layers: *layers, hidden: *hidden, heads: *heads, max_positions: 256 };
            let features = (!*no_features).then_some(features.as_path());
            let word = *arch == train::Arch::Word;
            let user = (!train_files.is_empty()).then(|| train::UserData { train: train_files.clone(), dev: dev_files.clone(), options: qawl_train::ConllOptions { tag_column: *tag_column, map: map.clone() } });
            let epochs = epochs.unwrap_or(if word { 80 } else { 8 });
            // AQMAR's Wikipedia text and MISC convention cost the word tagger dev F1 (BENCHMARKS.md).
            let no_aqmar = *no_aqmar || (word && !*aqmar);
            let lr = lr.unwrap_or(if word { 2e-3 } else { 3e-4 });
            let vectors = &train::vectors_dir(vectors.as_deref());
            train::train(&train::TrainArgs { arch: *arch, data, extra: extra_files, vocab, out, init: init.clone(), vectors, user, size, epochs, patience: *patience, lr_decay: *lr_decay, decay_patience: *decay_patience, batch: *batch, lr, dev_share: *dev_share, features, dropout: *dropout, wojood_roles_only: *wojood_roles_only, no_aqmar, no_stems: *no_stems, unlisted_rate: *unlisted_rate, seed: *seed })?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let mut cli = Cli::parse();
    // `extract`, `eval` and `show` run one document per core: the pipeline's builder runs the
    // tagger's matrix products on one thread each (CANDLE_NUM_THREADS), so they do not fight
    // the document threads for the cores (BENCHMARKS.md). Besides, candle sizes the threads of each matrix product by RAYON_NUM_THREADS and, when it is
    // unset, asks num_cpus for the physical cores, which reads /proc/cpuinfo on every
    // product: 8% of the word tagger's time in `perf`, and 100 articles took 6.4–7.1 s
    // instead of 8.1–11.3 s once it was set (BENCHMARKS.md). The document threads are set
    // explicitly instead, so the variable only tells candle one thread per product.
    if matches!(cli.command, Command::Extract(_) | Command::Eval(_) | Command::Show(_)) && std::env::var_os("RAYON_NUM_THREADS").is_none() {
        cli.model.threads = cli.model.threads.or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()));
        std::env::set_var("RAYON_NUM_THREADS", "1");
    }
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`qawl extract … | head`) is not a failure.
            if err.chain().any(|e| e.downcast_ref::<std::io::Error>().map(|io| io.kind() == std::io::ErrorKind::BrokenPipe).unwrap_or(false)) {
                return ExitCode::SUCCESS;
            }
            eprintln!("qawl: {err:#}");
            ExitCode::from(2)
        }
    }
}
