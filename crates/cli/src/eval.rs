//! `qawl eval`: score the pipeline on gold documents or on a BIO token file.

use anyhow::Context;
use qawl_pipeline::conll;
use qawl_pipeline::eval::Scores;
use qawl_pipeline::gold::load_all;
use qawl_pipeline::Pipeline;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub fn gold(pipeline: &Pipeline, paths: &[PathBuf], corpus: Option<&Path>, json: bool, per_doc: bool) -> anyhow::Result<serde_json::Value> {
    let docs = load_all(paths, corpus)?;
    anyhow::ensure!(!docs.is_empty(), "no gold documents found in {:?}", paths);
    let preds: Vec<_> = pipeline.install(|| docs.par_iter().map(|g| pipeline.process_with_id(&g.id, &g.text)).collect());
    let mut total = Scores::default();
    for (g, p) in docs.iter().zip(&preds) {
        let mut one = Scores::default();
        one.add_document(g, p);
        total.add_document(g, p);
        if per_doc && !json {
            let r = one.report();
            println!("{:<16} micro {:>6}  quote {:>6}  speaker {:>6}  attributed {:>6}  persons {}/{}", g.id, r["micro_f1"], r["quote_f1"], r["speaker_acc"], r["attributed_quote_f1"], r["persons_exact"], r["persons_gold"]);
        }
    }
    let report = total.report();
    if json {
        println!("{report}");
    } else {
        print_gold(&report);
    }
    Ok(report)
}

fn print_gold(r: &serde_json::Value) {
    println!("documents: {}", r["docs"]);
    print_table(r);
    println!("quotes: P {}  R {}  F1 {}  (gold {}, predicted {})", r["quote_p"], r["quote_r"], r["quote_f1"], r["quotes_gold"], r["quotes_pred"]);
    println!("speaker accuracy: {}", r["speaker_acc"]);
    println!("attributed-quote F1: {}", r["attributed_quote_f1"]);
    println!("persons clustered exactly: {}/{}", r["persons_exact"], r["persons_gold"]);
}

/// Per-type and micro P/R/F1 as an aligned table.
fn print_table(r: &serde_json::Value) {
    let f = |v: &serde_json::Value| format!("{:.2}", v.as_f64().unwrap_or(0.0));
    println!("{:<8} {:>7} {:>7} {:>7} {:>6} {:>6}", "type", "P", "R", "F1", "gold", "pred");
    if let Some(types) = r["per_type"].as_object() {
        for (t, v) in types {
            println!("{:<8} {:>7} {:>7} {:>7} {:>6} {:>6}", t, f(&v["p"]), f(&v["r"]), f(&v["f1"]), v["gold"], v["pred"]);
        }
    }
    println!("{:<8} {:>7} {:>7} {:>7}", "micro", f(&r["micro_p"]), f(&r["micro_r"]), f(&r["micro_f1"]));
}

/// Tags each sentence of a BIO file with the pipeline and scores spans.
pub fn conll_file(pipeline: &Pipeline, path: &Path, json: bool, exclude: &[PathBuf]) -> anyhow::Result<serde_json::Value> {
    let mut sentences = conll::read(path)?;
    for ex in exclude {
        let drop: std::collections::HashSet<Vec<String>> = conll::read(ex).with_context(|| format!("reading {}", ex.display()))?.into_iter().map(|s| s.tokens).collect();
        let before = sentences.len();
        sentences.retain(|s| !drop.contains(&s.tokens));
        eprintln!("dropped {} sentences that also occur in {}", before - sentences.len(), ex.display());
    }
    // Only the types the gold file annotates are scored (CLEANANERCorp has no ROLE).
    let gold_types: std::collections::HashSet<String> = sentences.iter().flat_map(|s| s.tags.iter()).filter_map(|t| t.split_once('-').map(|(_, l)| l.to_string())).collect();
    let preds: Vec<Vec<String>> = pipeline.install(|| sentences.par_iter().map(|s| conll::tag_sentence(pipeline, &s.tokens, &gold_types)).collect());
    let gold: Vec<Vec<String>> = sentences.iter().map(|s| s.tags.clone()).collect();
    let report = conll::report(&conll::score(&gold, &preds));
    if json {
        println!("{report}");
    } else {
        println!("sentences: {}", sentences.len());
        print_table(&report);
    }
    Ok(report)
}
