//! Progress of `qawl extract` on a terminal (a bar with ETA when the number of documents is
//! known, else a counter) and the summary line on stderr at the end.

use crate::extract::Summary;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::time::Instant;

pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    quiet: bool,
}

impl Progress {
    pub fn new(quiet: bool, total: Option<usize>) -> Self {
        let bar = match total {
            Some(n) => {
                let bar = ProgressBar::new(n as u64);
                bar.set_style(ProgressStyle::with_template("{bar:30} {pos}/{len} docs  {per_sec}  eta {eta}").unwrap());
                bar
            }
            None => {
                let bar = ProgressBar::new_spinner();
                bar.set_style(ProgressStyle::with_template("{spinner} {pos} docs  {per_sec}  {elapsed}").unwrap());
                bar
            }
        };
        if quiet || !std::io::stderr().is_terminal() {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        Progress { bar, started: Instant::now(), quiet }
    }

    pub fn println(&self, line: String) {
        self.bar.suspend(|| eprintln!("{line}"));
    }

    pub fn advance(&self, n: usize) {
        self.bar.inc(n as u64);
    }

    /// Clears the bar and prints what the run did (unless `--quiet`).
    pub fn finish(&self, s: &Summary) {
        self.bar.finish_and_clear();
        if self.quiet {
            return;
        }
        let secs = self.started.elapsed().as_secs_f64();
        eprintln!(
            "qawl: {} documents ({} failed), {} quotes, {} persons in {:.1} s ({:.1} docs/s)",
            s.documents,
            s.failed,
            s.quotes,
            s.persons,
            secs,
            s.documents as f64 / secs.max(1e-3)
        );
    }
}

/// The number of documents in `paths` when it can be known cheaply: plain `<doc>` archives
/// (blocks counted), JSONL (lines) and text files; `None` for folders, gzip, JSON and stdin.
pub fn count_documents(paths: &[PathBuf]) -> Option<usize> {
    let mut total = 0;
    for p in paths {
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !p.is_file() || matches!(ext, "gz" | "json") {
            return None;
        }
        let mut reader = std::io::BufReader::new(std::fs::File::open(p).ok()?);
        let mut line = Vec::new();
        let (mut lines, mut blocks) = (0, 0);
        let mut first = true;
        while reader.read_until(b'\n', &mut line).ok()? > 0 {
            let l = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&line);
            if first && !l.starts_with(b"<doc") && !matches!(ext, "jsonl" | "ndjson") {
                // A plain text file: one document.
                lines = 1;
                blocks = 1;
                break;
            }
            first = false;
            lines += usize::from(!l.iter().all(|b| b.is_ascii_whitespace()));
            blocks += usize::from(l.starts_with(b"<doc"));
            line.clear();
        }
        total += if blocks > 0 { blocks } else { lines };
    }
    Some(total)
}
