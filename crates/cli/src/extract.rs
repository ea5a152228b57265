//! `qawl extract`: run the pipeline over an archive, streaming JSON lines in input order.
//! Reading is `qawl_io::Inputs`, writing (locking, exact resume) is `qawl_io::Output`; this
//! file joins them to the pipeline and reports progress.

use crate::progress::Progress;
use qawl_io::{Input, Inputs, Output, Resume};
use qawl_pipeline::Pipeline;
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;

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
    /// Written into every record's `qawl` field: what produced it.
    pub producer: serde_json::Value,
}

/// What a run did, for the exit code and the summary line.
#[derive(Default)]
pub struct Summary {
    pub documents: usize,
    pub failed: usize,
    pub warnings: usize,
    pub quotes: usize,
    pub persons: usize,
}

/// Where records go: a locked, resumable file, or standard output.
enum Sink {
    File(Output),
    Stdout(std::io::StdoutLock<'static>),
}

impl Sink {
    fn write(&mut self, records: &[(usize, String)]) -> anyhow::Result<()> {
        match self {
            Sink::File(out) => out.write(records)?,
            Sink::Stdout(out) => {
                let mut buf = String::new();
                for (_, line) in records {
                    buf.push_str(line);
                    buf.push('\n');
                }
                out.write_all(buf.as_bytes())?;
                out.flush()?;
            }
        }
        Ok(())
    }
}

pub fn run(pipeline: &Pipeline, opts: &ExtractOptions) -> anyhow::Result<Summary> {
    let inputs = Inputs::open(&opts.inputs, opts.max_chars)?;
    let mut summary = Summary::default();
    for w in inputs.warnings() {
        eprintln!("qawl: warning: {w}");
        summary.warnings += 1;
    }
    // `-o -` is standard output, as `-` is standard input among the inputs.
    let output = opts.output.as_ref().filter(|p| p.as_os_str() != "-");
    anyhow::ensure!(output.is_some() || !opts.resume, "--resume needs an output file (-o FILE), not standard output");
    let mut sink = match output {
        Some(p) => {
            let mut read = inputs.files();
            if inputs.reads_stdin() {
                read.push(PathBuf::from("/dev/stdin"));
            }
            Sink::File(Output::create(p, if opts.resume { Resume::Yes } else { Resume::No }, &read)?)
        }
        None => Sink::Stdout(std::io::stdout().lock()),
    };
    let resumed = match &sink {
        Sink::File(out) => out.resumed(),
        Sink::Stdout(_) => 0,
    };
    let total = crate::progress::count_documents(&opts.inputs).map(|n| n.saturating_sub(resumed).min(opts.limit.unwrap_or(usize::MAX)));
    let progress = Progress::new(opts.quiet, total);
    if resumed > 0 {
        progress.println(format!("resuming: {resumed} documents already in the output are skipped"));
    }
    let limit = opts.limit.unwrap_or(usize::MAX);
    let mut positions = inputs.enumerate();
    let mut seen = 0;
    let mut exhausted = false;
    while summary.documents < limit {
        // The next chunk of documents still to do, with their input positions.
        let mut chunk: Vec<(usize, Input)> = Vec::new();
        while chunk.len() < opts.chunk.max(1) && summary.documents + chunk.len() < limit {
            let Some((pos, input)) = positions.next() else {
                exhausted = true;
                break;
            };
            seen = pos + 1;
            let done = match &sink {
                Sink::File(out) => out.is_done(pos, &input.id)?,
                Sink::Stdout(_) => false,
            };
            if !done {
                chunk.push((pos, input));
            }
        }
        if chunk.is_empty() {
            break;
        }
        let results: Vec<(usize, String, Result<(usize, usize), String>)> = pipeline.install(|| {
            chunk
                .par_iter()
                .map(|(pos, input)| {
                    let (line, outcome) = record(pipeline, input, opts);
                    (*pos, line, outcome)
                })
                .collect()
        });
        let mut lines = Vec::with_capacity(results.len());
        for (pos, line, outcome) in results {
            match outcome {
                Ok((quotes, persons)) => {
                    summary.quotes += quotes;
                    summary.persons += persons;
                }
                Err(e) => {
                    summary.failed += 1;
                    progress.println(format!("qawl: {e}"));
                }
            }
            summary.documents += 1;
            lines.push((pos, line));
        }
        sink.write(&lines)?;
        progress.advance(lines.len());
    }
    if let Sink::File(out) = sink {
        out.finish(seen, exhausted)?;
    }
    progress.finish(&summary);
    Ok(summary)
}

/// One document's output line, and its quote and person counts or its error message (an
/// unreadable input, or a stage that failed on it: its `errors` field says which).
fn record(pipeline: &Pipeline, input: &Input, opts: &ExtractOptions) -> (String, Result<(usize, usize), String>) {
    let mut fields = serde_json::Map::new();
    fields.insert("id".into(), input.id.clone().into());
    let outcome = match &input.text {
        Ok(text) => {
            let doc = pipeline.process_with_id(&input.id, text);
            let serde_json::Value::Object(annotations) = doc.to_json() else { unreachable!("a document is a JSON object") };
            for (k, v) in annotations {
                if k != "text" || opts.include_text {
                    fields.insert(k, v);
                }
            }
            if doc.errors.is_empty() {
                Ok((doc.quotes.len(), doc.persons.len()))
            } else {
                Err(format!("{}: {}", input.origin, doc.errors.join("; ")))
            }
        }
        Err(e) => {
            let message = format!("{}: {e}", input.origin);
            fields.insert("error".into(), message.clone().into());
            Err(message)
        }
    };
    for (k, v) in &input.meta {
        fields.insert(k.clone(), v.clone());
    }
    fields.insert("qawl".into(), opts.producer.clone());
    (serde_json::Value::Object(fields).to_string(), outcome)
}
