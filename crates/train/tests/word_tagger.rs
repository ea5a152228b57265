//! A word tagger (BiLSTM-CRF over words) inside the pipeline: a tiny one trained here on a
//! toy set loads from a model directory like the shipped subword tagger, and its spans keep
//! the span conventions (offsets slice the text, clitics before a name stay out).

use qawl_pipeline::{Document, EntitySource, Pipeline};
use qawl_train::labeled::{word_examples, LabeledSentence};
use qawl_train::loops::{train_word_tagger, WordTrainConfig};
use qawl_transformer::word::{VectorsConfig, WordVectors};
use qawl_transformer::Labels;

/// Sentences where a word ending in `ستان` is a place (glued to و or ب at times) and
/// everything else is outside: only the characters tell, as the word vectors are empty.
fn toy() -> Vec<LabeledSentence> {
    let places = ["كازاخستان", "باكستان", "طاجيكستان", "أفغانستان", "وباكستان", "بكازاخستان"];
    let fillers = ["قال", "الوزير", "إن", "الحكومة", "ستواصل", "العمل", "في", "مع", "اليوم", "أمس"];
    (0..240)
        .map(|i| {
            let mut words: Vec<String> = (0..5).map(|k| fillers[(i * 7 + k * 3) % fillers.len()].to_string()).collect();
            let mut entity = vec!["O".to_string(); 5];
            let p = i % 5;
            words[p] = places[i % places.len()].to_string();
            entity[p] = "B-LOC".into();
            LabeledSentence { words, entity, role: None, ignore_entities: false }
        })
        .collect()
}

#[test]
fn a_word_tagger_loads_into_the_pipeline_and_keeps_span_conventions() {
    let lexicon = repo().join("models/lexicon");
    if !lexicon.is_dir() {
        eprintln!("skipped: no models/lexicon in this checkout");
        return;
    }
    let dir = std::env::temp_dir().join(format!("qawl-word-pipeline-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink(&lexicon, dir.join("lexicon")).unwrap();
    let labels = Labels::default();
    let sentences = toy();
    let examples = word_examples(&sentences, None, &labels);
    let vectors = WordVectors::new(VectorsConfig { dim: 4, minn: 2, maxn: 3, words: 0, ngrams: 0 }, vec![], vec![0.0; 4], vec![], vec![]).unwrap();
    let cfg = WordTrainConfig { epochs: 8, patience: 0, lstm_hidden: 16, char_dim: 8, char_filters: 16, dropout: 0.1, learning_rate: 1e-2, checkpoint_every: None, ..WordTrainConfig::default() };
    let out = train_word_tagger(&cfg, &vectors, 0, &examples[..200], &examples[200..], dir.join("tagger"), &mut |_| {}).unwrap();
    assert!(out.best_dev.unwrap().f1 > 0.9, "{:?}", out.best_dev);

    let p = Pipeline::load_with(&dir, EntitySource::Model).expect("a word tagger loads as the tagger");
    let text = "وقال الوزير إن الحكومة ستواصل العمل مع وأوزبكستان اليوم.";
    let doc = p.process_with_id("t", text);
    assert_offsets(&doc);
    let locs: Vec<&str> = doc.entities.iter().filter(|e| e.kind.as_str() == "LOC").map(|e| e.text.as_str()).collect();
    assert_eq!(locs, vec!["أوزبكستان"], "{:?}", doc.entities);
    std::fs::remove_dir_all(&dir).ok();
}

fn repo() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every entity of the document slices its text exactly.
fn assert_offsets(doc: &Document) {
    let chars: Vec<char> = doc.text.chars().collect();
    for e in &doc.entities {
        assert_eq!(chars[e.start..e.end].iter().collect::<String>(), e.text, "entity {} of {}", e.id, doc.id);
    }
}
