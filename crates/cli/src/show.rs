//! `qawl show` and `qawl report`: inputs in, qawl-show out. Texts go through the pipeline
//! first; files of `extract` records are read as they are.

use qawl_io::Inputs;
use anyhow::Context;
use qawl_pipeline::Pipeline;
use qawl_show::read::{looks_like_records, RecordFile};
use qawl_show::record::{Line, Record};
use qawl_show::report::{Archive, WriteOptions};
use qawl_show::site::{write_page, Site};
use rayon::prelude::*;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};

pub struct ShowOptions {
    pub inputs: Vec<PathBuf>,
    pub output: PathBuf,
    pub limit: Option<usize>,
    pub max_chars: usize,
}

/// A document to show, or why there is none (`id`, message).
type Doc = Result<Record, (String, String)>;

/// Documents from every input in order: record files line by line, texts through the
/// pipeline a batch at a time (in parallel), the pipeline loaded only if a text comes.
struct Documents<'a> {
    paths: VecDeque<PathBuf>,
    max_chars: usize,
    records: Option<RecordFile>,
    texts: Option<Inputs>,
    ready: VecDeque<Doc>,
    pipeline: Option<Pipeline>,
    load: &'a dyn Fn() -> anyhow::Result<Pipeline>,
}

const BATCH: usize = 16;

impl Documents<'_> {
    fn next_doc(&mut self) -> anyhow::Result<Option<Doc>> {
        loop {
            if let Some(doc) = self.ready.pop_front() {
                return Ok(Some(doc));
            }
            if let Some(file) = self.records.as_mut() {
                match file.next() {
                    Some(item) => {
                        let item = item?;
                        return Ok(Some(match item.line {
                            Ok(Line::Record(r)) => Ok(*r),
                            Ok(Line::Failed { id, error }) => Err((id, error)),
                            Err(why) => Err((item.origin.clone(), format!("{}: {why}", item.origin))),
                        }));
                    }
                    None => self.records = None,
                }
                continue;
            }
            if let Some(texts) = self.texts.as_mut() {
                let batch: Vec<_> = texts.by_ref().take(BATCH).collect();
                if batch.is_empty() {
                    self.texts = None;
                    continue;
                }
                if self.pipeline.is_none() {
                    self.pipeline = Some((self.load)()?);
                }
                let pipeline = self.pipeline.as_ref().expect("loaded above");
                let docs: Vec<Doc> = pipeline.install(|| {
                    batch
                        .par_iter()
                        .map(|input| match &input.text {
                            Ok(text) => {
                                let value = pipeline.process_with_id(&input.id, text).to_json();
                                serde_json::from_value::<Record>(value).map_err(|e| (input.id.clone(), format!("{}: {e}", input.origin)))
                            }
                            Err(e) => Err((input.id.clone(), format!("{}: {e}", input.origin))),
                        })
                        .collect()
                });
                self.ready.extend(docs);
                continue;
            }
            let Some(path) = self.paths.pop_front() else { return Ok(None) };
            if path.is_file() && looks_like_records(&path) {
                self.records = Some(RecordFile::open(&path)?);
            } else {
                self.texts = Some(Inputs::open(std::slice::from_ref(&path), self.max_chars)?);
            }
        }
    }
}

/// Writes the pages; returns how many documents could not be shown.
pub fn show(opts: &ShowOptions, load: &dyn Fn() -> anyhow::Result<Pipeline>) -> anyhow::Result<usize> {
    let mut docs = Documents { paths: opts.inputs.iter().cloned().collect(), max_chars: opts.max_chars, records: None, texts: None, ready: VecDeque::new(), pipeline: None, load };
    let limit = opts.limit.unwrap_or(usize::MAX);
    let mut first = Vec::new();
    while first.len() < 2.min(limit) {
        match docs.next_doc()? {
            Some(d) => first.push(d),
            None => break,
        }
    }
    anyhow::ensure!(!first.is_empty(), "no documents in the input");
    // One document and no folder named: `-o` is the page itself.
    if first.len() == 1 && !opts.output.is_dir() {
        let record = first.pop().expect("one").map_err(|(_, why)| anyhow::anyhow!("nothing to show: {why}"))?;
        if let Some(dir) = opts.output.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let summary = write_page(&record, &opts.output)?;
        warn(&record.id, &summary.warnings);
        eprintln!("qawl: wrote {}", opts.output.display());
        return Ok(0);
    }
    let mut site = Site::create(&opts.output)?;
    let mut failed = 0;
    let mut seen = 0;
    let mut pending: VecDeque<Doc> = first.into();
    loop {
        let doc = match pending.pop_front() {
            Some(d) => d,
            None if seen < limit => match docs.next_doc()? {
                Some(d) => d,
                None => break,
            },
            None => break,
        };
        seen += 1;
        match doc {
            Ok(record) => {
                let summary = site.add(&record)?;
                warn(&record.id, &summary.warnings);
            }
            Err((id, why)) => {
                eprintln!("qawl: skipped {id}: {why}");
                site.add_failed(&id, &why);
                failed += 1;
            }
        }
    }
    let pages = site.pages();
    let index = site.finish()?;
    eprintln!("qawl: wrote {pages} page(s) and {}", index.display());
    Ok(failed)
}

fn warn(id: &str, warnings: &[String]) {
    for w in warnings {
        eprintln!("qawl: {id}: {w}");
    }
}

/// Files of records: `.jsonl` files as given, and every `.jsonl` below a folder (sorted).
fn record_files(inputs: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let mut found = Vec::new();
            collect_jsonl(p, &mut found)?;
            found.sort();
            anyhow::ensure!(!found.is_empty(), "{}: no .jsonl files in this folder", p.display());
            files.extend(found);
        } else if p.is_file() {
            files.push(p.clone());
        } else {
            anyhow::bail!("{}: no such file or directory", p.display());
        }
    }
    Ok(files)
}

fn collect_jsonl(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let p = entry?.path();
        if p.is_dir() {
            collect_jsonl(&p, out)?;
        } else if p.extension().and_then(|e| e.to_str()) == Some("jsonl") {
            out.push(p);
        }
    }
    Ok(())
}

/// Reads every record and writes the report folder.
pub fn report(inputs: &[PathBuf], output: &Path, bom: bool, top: usize) -> anyhow::Result<()> {
    let mut archive = Archive::default();
    for path in record_files(inputs)? {
        for item in RecordFile::open(&path)? {
            let item = item?;
            match item.line {
                Ok(line) => archive.add(line),
                Err(why) => {
                    eprintln!("qawl: skipped {}: {why}", item.origin);
                    archive.add_unreadable(&item.origin, &why);
                }
            }
        }
    }
    let report = archive.finish(top);
    let written = qawl_show::report::write(&report, output, &WriteOptions { bom })?;
    let s = &report.summary;
    eprintln!(
        "qawl: {} documents ({} error records and {} unreadable lines skipped), {} quotes, {} persons; wrote {}",
        s.documents,
        s.error_records,
        s.unreadable_lines,
        s.quotes,
        s.persons,
        written.files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ")
    );
    Ok(())
}
