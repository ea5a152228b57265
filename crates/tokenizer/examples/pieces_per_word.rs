//! Counts words and subword pieces in text read from stdin, for throughput figures
//! (`tokens/s` of the tagger = `words/s` × pieces per word).
//!
//! cargo run --release -p qawl-tokenizer --example pieces_per_word < some.txt

use qawl_tokenizer::{Analysis, Subwords};
use std::io::Read;
use std::path::PathBuf;

fn main() {
    let vocab = Subwords::load(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/vocab.json")).expect("models/vocab.json");
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).expect("stdin is UTF-8");
    let (mut words, mut pieces) = (0usize, 0usize);
    for line in text.lines() {
        let a = Analysis::new(line);
        words += a.words.len();
        pieces += a.words.iter().map(|w| vocab.tokenize_word(&w.norm).len()).sum::<usize>();
    }
    println!("words {words}  pieces {pieces}  pieces/word {:.3}", pieces as f64 / words.max(1) as f64);
}
