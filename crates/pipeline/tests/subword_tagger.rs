//! The subword (BERT-style) tagger still loads and runs in the pipeline now that the shipped
//! tagger is a word tagger: a tiny untrained one, saved as `qawl train` saves it, labels a
//! text and every span it gives slices the text.

mod common;
use common::{assert_offsets, repo};
use qawl_pipeline::{EntitySource, Pipeline};
use qawl_transformer::train::{new_tagger, save_model_dir};
use qawl_transformer::{Config, Labels};

#[test]
fn a_subword_tagger_loads_into_the_pipeline() {
    let models = repo().join("models");
    if !models.join("lexicon").is_dir() || !models.join("vocab.json").is_file() {
        eprintln!("skipped: no models/lexicon or models/vocab.json in this checkout");
        return;
    }
    let dir = std::env::temp_dir().join(format!("qawl-subword-pipeline-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink(models.join("lexicon"), dir.join("lexicon")).unwrap();
    std::os::unix::fs::symlink(models.join("vocab.json"), dir.join("vocab.json")).unwrap();
    let mut config = Config::small(16000, 32, 1, 4);
    config.max_position_embeddings = 64;
    let labels = Labels::default();
    let (varmap, _, _) = new_tagger(&config, labels.entity.len(), labels.role.len(), None, 3).unwrap();
    save_model_dir(&dir.join("tagger"), &config, &labels, &varmap).unwrap();
    let p = Pipeline::load_with(&dir, EntitySource::Model).expect("a subword tagger loads");
    let text = "وقال وزير الخارجية الأمريكي مايك بومبيو في واشنطن إن الولايات المتحدة تدعم الحوار في بغداد.";
    let doc = p.process_with_id("t", text);
    assert_offsets(&doc);
    std::fs::remove_dir_all(&dir).ok();
}
