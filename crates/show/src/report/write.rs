//! Writing a report folder: `quotes.csv`, `persons.csv`, `summary.json`, `index.html`.

use super::{html, Report};
use crate::csv::CsvWriter;
use crate::error::{Error, Result};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// Start the CSV files with a UTF-8 byte-order mark (for spreadsheets).
    pub bom: bool,
}

/// The files written, in the order above.
#[derive(Debug)]
pub struct Written {
    pub files: Vec<PathBuf>,
}

pub const QUOTE_COLUMNS: [&str; 17] = ["document", "quote", "speaker", "person_key", "gender", "role", "organization", "kind", "cue", "text", "start", "end", "cue_start", "cue_end", "paragraph", "source", "date"];
pub const PERSON_COLUMNS: [&str; 12] = ["key", "name", "variants", "gender", "documents", "mentions", "quotes", "direct", "indirect", "roles", "organizations", "sources"];

pub fn write(report: &Report, dir: &Path, opts: &WriteOptions) -> Result<Written> {
    std::fs::create_dir_all(dir).map_err(Error::write(dir))?;
    let quotes = dir.join("quotes.csv");
    write_csv(&quotes, opts.bom, |w| {
        w.row(&QUOTE_COLUMNS)?;
        let opt = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
        for q in &report.quotes {
            w.row(&[
                q.document.as_str(),
                &q.quote,
                &q.speaker,
                &q.person_key,
                q.gender,
                &q.role,
                &q.organization,
                &q.kind,
                &q.cue,
                &q.text,
                &q.start.to_string(),
                &q.end.to_string(),
                &opt(q.cue_start),
                &opt(q.cue_end),
                &opt(q.paragraph),
                &q.source,
                &q.date,
            ])?;
        }
        Ok(())
    })?;
    let persons = dir.join("persons.csv");
    write_csv(&persons, opts.bom, |w| {
        w.row(&PERSON_COLUMNS)?;
        for p in &report.persons {
            let f = &p.facts;
            let mut spellings: Vec<(&String, usize)> = f.names.iter().chain(f.variants.iter()).fold(Vec::new(), |mut acc: Vec<(&String, usize)>, (s, n)| {
                match acc.iter_mut().find(|(t, _)| *t == s) {
                    Some((_, m)) => *m += n,
                    None => acc.push((s, *n)),
                }
                acc
            });
            spellings.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            let names = |t: &super::tally::Tally| t.top(usize::MAX).into_iter().map(|(n, _)| n).collect::<Vec<_>>().join(" | ");
            w.row(&[
                p.key.as_str(),
                &f.name(),
                &spellings.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>().join(" | "),
                f.gender(),
                &f.documents.to_string(),
                &f.mentions.to_string(),
                &f.quotes().to_string(),
                &f.direct.to_string(),
                &f.indirect.to_string(),
                &names(&f.roles),
                &names(&f.organizations),
                &names(&f.sources),
            ])?;
        }
        Ok(())
    })?;
    let summary = dir.join("summary.json");
    let json = serde_json::to_string_pretty(&report.summary).expect("figures always serialize");
    std::fs::write(&summary, json + "\n").map_err(Error::write(&summary))?;
    let index = dir.join("index.html");
    std::fs::write(&index, html::render(report)).map_err(Error::write(&index))?;
    Ok(Written { files: vec![quotes, persons, summary, index] })
}

fn write_csv(path: &Path, bom: bool, rows: impl FnOnce(&mut CsvWriter<BufWriter<File>>) -> std::io::Result<()>) -> Result<()> {
    let f = File::create(path).map_err(Error::write(path))?;
    let mut w = CsvWriter::new(BufWriter::new(f), bom).map_err(Error::write(path))?;
    rows(&mut w).map_err(Error::write(path))?;
    w.into_inner().flush().map_err(Error::write(path))
}
