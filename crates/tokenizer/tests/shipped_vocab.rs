//! The vocabulary shipped under models/ (trained by `qawl vocab` on ../shared/data/news).

use qawl_tokenizer::{normalize_key, Analysis, Subwords};
use std::path::PathBuf;

fn vocab() -> Subwords {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/vocab.json");
    Subwords::load(&p).expect("models/vocab.json is shipped with the repository")
}

#[test]
fn glued_name_and_title_have_a_piece_boundary_where_the_title_begins() {
    let v = vocab();
    let word = normalize_key("الراجحيةمديرة");
    let boundary = "الراجحية".chars().count();
    let pieces = v.tokenize_word(&word);
    let starts: Vec<usize> = pieces.iter().map(|p| p.start).collect();
    assert!(starts.contains(&boundary), "pieces start at {starts:?}");
}

#[test]
fn pieces_map_back_to_the_original_characters() {
    let v = vocab();
    let text = "وأكّد السالمـي أنّ 3.9 مليار مستخدم، «ميتا».";
    let a = Analysis::new(text);
    for (w, word) in a.words.iter().enumerate() {
        let pieces = v.tokenize_word(&word.norm);
        let mut rebuilt = String::new();
        for p in &pieces {
            let span = a.word_subspan(w, p.start, p.end);
            rebuilt.push_str(&a.slice(span));
            assert!(span.start >= word.span.start && span.end <= word.span.end);
        }
        // Pieces cover the whole word: diacritics and tatweel inside it come back too.
        assert_eq!(normalize_key(&rebuilt), word.norm, "word {}", a.slice(word.span));
    }
}

#[test]
fn common_words_are_single_pieces() {
    let v = vocab();
    for w in ["قال", "وزير", "الحكومة", "مدير"] {
        assert_eq!(v.tokenize_word(&normalize_key(w)).len(), 1, "{w}");
    }
}
