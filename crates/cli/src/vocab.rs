//! `qawl vocab`: train the subword vocabulary on the news corpora.

use anyhow::Context;
use qawl_tokenizer::{Analysis, Subwords};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// Paragraph lines of `<doc>` corpus files (`text.txt`), markup skipped.
pub fn corpus_lines(path: &Path) -> anyhow::Result<impl Iterator<Item = String>> {
    let f = std::fs::File::open(path).with_context(|| format!("cannot read corpus {}", path.display()))?;
    Ok(BufReader::new(f).lines().map_while(Result::ok).filter(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with("<doc") && !t.starts_with("</doc")
    }))
}

/// The `text.txt` files under a corpus folder.
pub fn corpus_files(root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if root.is_file() {
        return Ok(vec![root.to_path_buf()]);
    }
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root).with_context(|| format!("no corpus at {}", root.display()))? {
        let p = entry?.path();
        if p.is_dir() && p.join("text.txt").is_file() {
            out.push(p.join("text.txt"));
        } else if p.file_name().and_then(|n| n.to_str()) == Some("text.txt") {
            out.push(p);
        }
    }
    out.sort();
    anyhow::ensure!(!out.is_empty(), "no text.txt under {}", root.display());
    Ok(out)
}

/// A paragraph as the model sees it: normalized words separated by spaces.
pub fn normalized_words(line: &str) -> String {
    let a = Analysis::new(line);
    a.words.iter().map(|w| w.norm.as_str()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

pub fn run(corpus: &Path, size: u32, max_lines: usize, out: &Path) -> anyhow::Result<()> {
    let files = corpus_files(corpus)?;
    let per_file = max_lines / files.len().max(1);
    let mut lines = Vec::new();
    for f in &files {
        lines.extend(corpus_lines(f)?.take(per_file).map(|l| normalized_words(&l)));
    }
    eprintln!("training a {size}-piece Unigram vocabulary on {} paragraphs from {} files", lines.len(), files.len());
    let vocab = Subwords::train(lines.into_iter(), size)?;
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    vocab.save(out)?;
    eprintln!("wrote {} ({} pieces)", out.display(), vocab.vocab_size());
    Ok(())
}
