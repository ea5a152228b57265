//! `qawl extract`: run the pipeline over an archive, streaming JSON lines in input order.

use crate::inputs::Inputs;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use qawl_pipeline::Pipeline;
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::{BufRead, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

pub struct ExtractOptions {
    pub inputs: Vec<PathBuf>,
    pub output: Option<PathBuf>,
    pub resume: bool,
    pub quiet: bool,
    pub max_chars: usize,
    /// Documents processed in parallel at a time (bounds memory).
    pub chunk: usize,
    pub include_text: bool,
    /// Stop after this many documents (counted after `--resume` skips).
    pub limit: Option<usize>,
}

/// Returns the number of documents that failed.
pub fn run(pipeline: &Pipeline, opts: &ExtractOptions) -> anyhow::Result<usize> {
    let done = match (&opts.output, opts.resume) {
        (Some(out), true) => ids_in(out)?,
        _ => HashSet::new(),
    };
    let sink: Box<dyn Write> = match &opts.output {
        Some(p) => {
            let f = std::fs::OpenOptions::new().create(true).write(true).append(opts.resume).truncate(!opts.resume).open(p).with_context(|| format!("cannot write {}", p.display()))?;
            Box::new(f)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(sink);
    let bar = ProgressBar::new_spinner();
    if opts.quiet || !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(ProgressStyle::with_template("{spinner} {pos} docs  {msg}  {elapsed}").unwrap());
    let started = std::time::Instant::now();
    let mut inputs = Inputs::new(&opts.inputs, opts.max_chars)?.filter(|d| !done.contains(&d.id)).take(opts.limit.unwrap_or(usize::MAX));
    let mut failed = 0;
    let mut skipped_note = !done.is_empty();
    loop {
        let chunk: Vec<_> = inputs.by_ref().take(opts.chunk.max(1)).collect();
        if chunk.is_empty() {
            break;
        }
        if skipped_note {
            bar.println(format!("resuming: {} documents already in the output are skipped", done.len()));
            skipped_note = false;
        }
        let lines: Vec<(String, Option<String>)> = chunk
            .par_iter()
            .map(|input| match &input.text {
                Ok(text) => {
                    let doc = pipeline.process(&input.id, text);
                    let mut v = doc.to_json();
                    if !opts.include_text {
                        v.as_object_mut().unwrap().remove("text");
                    }
                    (v.to_string(), None)
                }
                Err(e) => (serde_json::json!({"id": input.id, "error": format!("{}: {e}", input.origin)}).to_string(), Some(format!("{}: {e}", input.origin))),
            })
            .collect();
        for (line, error) in lines {
            if let Some(e) = error {
                failed += 1;
                bar.suspend(|| eprintln!("qawl: {e}"));
            }
            writeln!(out, "{line}")?;
            bar.inc(1);
        }
        bar.set_message(format!("{:.1} docs/s", bar.position() as f64 / started.elapsed().as_secs_f64().max(1e-3)));
        out.flush()?;
    }
    bar.finish_and_clear();
    Ok(failed)
}

/// Ids already written to `out` (a missing file has none).
fn ids_in(out: &Path) -> anyhow::Result<HashSet<String>> {
    let mut ids = HashSet::new();
    let Ok(f) = std::fs::File::open(out) else { return Ok(ids) };
    for line in std::io::BufReader::new(f).lines() {
        let line = line?;
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) {
            // Failed documents are tried again.
            if v.get("error").is_none() {
                if let Some(id) = v.get("id").and_then(|i| i.as_str()) {
                    ids.insert(id.to_string());
                }
            }
        }
    }
    Ok(ids)
}
