//! `qawl vocab`: train the subword vocabulary on the news corpora.

use qawl_tokenizer::Subwords;
use qawl_train::corpora::{corpus_files, corpus_lines, normalized_words};
use std::path::Path;

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
