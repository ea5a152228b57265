//! `qawl`: the command line over the qawl libraries. Only glue lives here: flags become
//! options, options build the pipeline, errors become messages and exit codes.

mod eval;
mod extract;
mod inputs;
mod vocab;

use anyhow::Context;
use clap::{Parser, Subcommand};
use qawl_pipeline::{default_model_dir, Pipeline};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "qawl", version, about = "Who is in Arabic news, what they do, and who said what")]
struct Cli {
    /// Model directory (lexicon/, vocabulary, tagger); default: $QAWL_MODEL_DIR or the shipped models/.
    #[arg(long, global = true)]
    model: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, global = true)]
    threads: Option<usize>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract entities, persons and quotes from articles into JSON lines.
    Extract {
        /// .txt files (id = file stem), folders of .txt, .jsonl with {"id","text"} per line, or - for stdin.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output JSONL file (default: stdout).
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
    },
    /// Score the pipeline on gold documents (ANNOTATION.md) or a BIO token file.
    Eval {
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
    },
    /// Train the subword vocabulary on news corpora.
    Vocab {
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
    },
}

fn load_pipeline(model: &Option<PathBuf>) -> anyhow::Result<Pipeline> {
    let dir = model.clone().unwrap_or_else(default_model_dir);
    Pipeline::load(&dir).with_context(|| format!("cannot load the model from {}", dir.display()))
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Some(n) = cli.threads {
        rayon::ThreadPoolBuilder::new().num_threads(n).build_global().context("cannot set up threads")?;
    }
    match &cli.command {
        Command::Extract { inputs, output, resume, quiet, max_chars, no_text } => {
            anyhow::ensure!(!*resume || output.is_some(), "--resume needs --output");
            let pipeline = load_pipeline(&cli.model)?;
            let opts = extract::ExtractOptions { inputs: inputs.clone(), output: output.clone(), resume: *resume, quiet: *quiet, max_chars: *max_chars, chunk: 64, include_text: !*no_text };
            let failed = extract::run(&pipeline, &opts)?;
            if failed > 0 {
                eprintln!("qawl: {failed} document(s) failed; their error records are in the output");
                return Ok(ExitCode::from(1));
            }
        }
        Command::Eval { gold, conll, exclude, json, per_doc } => {
            let pipeline = load_pipeline(&cli.model)?;
            match conll {
                Some(path) => {
                    eval::conll_file(&pipeline, path, *json, exclude)?;
                }
                None => {
                    anyhow::ensure!(!gold.is_empty(), "give gold files or folders, or --conll FILE");
                    eval::gold(&pipeline, gold, *json, *per_doc)?;
                }
            }
        }
        Command::Vocab { corpus, size, max_lines, output } => vocab::run(corpus, *size, *max_lines, output)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
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
