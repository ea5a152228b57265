//! The shipped tagger (`models/tagger/`), when present: it loads, runs inside the pipeline,
//! and its spans obey the span conventions (offsets slice the text, no clitic inside).

mod common;
use common::{assert_offsets, repo};
use qawl_pipeline::{EntitySource, Pipeline};

#[test]
fn shipped_tagger_runs_and_keeps_span_conventions() {
    let models = repo().join("models");
    if !models.join("tagger").is_dir() {
        eprintln!("skipped: no models/tagger in this checkout (the rules pipeline is the default)");
        return;
    }
    let p = Pipeline::load_with(&models, EntitySource::Model).expect("the shipped tagger loads");
    let text = "وقال وزير الخارجية الأمريكي مايك بومبيو في واشنطن إن الولايات المتحدة تدعم الحوار.\nوأكد رئيس الوزراء العراقي في بغداد أن الحكومة ستواصل الإصلاحات بوزارة المالية.";
    let doc = p.process_with_id("t", text);
    assert_offsets(&doc);
    assert!(!doc.entities.is_empty(), "the tagger finds something in a sentence full of names");
    let chars: Vec<char> = text.chars().collect();
    for e in &doc.entities {
        // A span never starts on a proclitic before the article (`بالوزارة` → `الوزارة`).
        assert!(!(e.text.starts_with("بال") || e.text.starts_with("وال")), "{}", e.text);
        // No word here is glued to the next, so every span ends at a word's end.
        assert!(chars.get(e.end).map_or(true, |c| !c.is_alphabetic()), "{} ends inside a word", e.text);
    }
    // The names and places of this sentence are the easy cases a trained tagger must get.
    let has = |kind: &str, t: &str| doc.entities.iter().any(|e| e.kind.as_str() == kind && e.text.contains(t));
    assert!(has("PERSON", "بومبيو"), "{:?}", doc.entities);
    assert!(has("LOC", "بغداد"), "{:?}", doc.entities);
}
