//! Regression guard on gold documents: fails when scores drop below what was reached.
//! Figures are in BENCHMARKS.md; `qawl eval` prints them.

mod common;
use common::{assert_offsets, pipeline, repo, shared};
use qawl_pipeline::eval::Scores;
use qawl_pipeline::gold::{gold_files, load_file};

fn score(path: &std::path::Path) -> serde_json::Value {
    let mut scores = Scores::default();
    for f in gold_files(path).unwrap() {
        for g in load_file(&f).unwrap() {
            let p = pipeline().process(&g.id, &g.text);
            assert_offsets(&p);
            scores.add_document(&g, &p);
        }
    }
    let r = scores.report();
    eprintln!("{}: {r}", path.display());
    r
}

#[test]
fn seed_fixture_meets_the_issue_bars() {
    let Some(shared) = shared() else { return };
    let r = score(&shared.join("fixtures/seed-gcc-meta.json"));
    assert!(r["attributed_quote_f1"].as_f64().unwrap() >= 90.0);
    assert!(r["speaker_acc"].as_f64().unwrap() >= 95.0);
    assert_eq!(r["persons_exact"], r["persons_gold"], "all persons clustered right");
    assert!(r["micro_f1"].as_f64().unwrap() >= 90.0);
}

#[test]
fn own_gold_set_does_not_regress() {
    let r = score(&repo().join("data/gold"));
    assert!(r["docs"].as_u64().unwrap() >= 15);
    assert!(r["quote_f1"].as_f64().unwrap() >= 95.0);
    assert!(r["attributed_quote_f1"].as_f64().unwrap() >= 91.5);
    assert!(r["speaker_acc"].as_f64().unwrap() >= 95.5);
    assert!(r["micro_f1"].as_f64().unwrap() >= 76.0);
    assert!(r["PERSON_f1"].as_f64().unwrap() >= 92.0);
}

/// The held-out set was never used to tune the rules; this only guards against regressions.
#[test]
fn held_out_gold_set_does_not_regress() {
    let r = score(&repo().join("data/gold-heldout"));
    assert!(r["docs"].as_u64().unwrap() >= 8);
    assert!(r["quote_f1"].as_f64().unwrap() >= 87.0);
    assert!(r["attributed_quote_f1"].as_f64().unwrap() >= 79.5);
    assert!(r["micro_f1"].as_f64().unwrap() >= 68.0);
}
