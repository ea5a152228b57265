//! The shipped word tagger's network on real sentences, timed stage by stage, and the same
//! batches written out for `tools/torch/bench_word_tagger.py`, which runs them through a
//! PyTorch copy of the network with the same weights (issue 8: candle against PyTorch on
//! one core).
//!
//! ```text
//! CANDLE_NUM_THREADS=1 cargo run --release -p qawl-pipeline --example word_tagger_bench -- \
//!     ../shared/data/news/saudinewsnet/text.txt 100 /tmp/word-batches.safetensors
//! ```
//!
//! The first documents of an archive's `text.txt` are read; their sentences are cut
//! into words by the text layer, sorted by length and run in batches of 16, as the pipeline
//! runs them. Three timings: building the input tensors (frozen vectors, characters, flags),
//! the network (character CNN, BiLSTM, the two heads' emissions), and decoding (Viterbi and
//! marginals of both CRFs). The best of three rounds is printed.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::Instant;

use candle_core::{DType, Device, Tensor};
use qawl_pipeline::default_model_dir;
use qawl_pipeline::features::{FeatureLexicon, DIR as FEATURES_DIR};
use qawl_pipeline::word_inputs::{sentences, word_input};
use qawl_tokenizer::Analysis;
use qawl_transformer::checkpoint::{save_tensors, Weights, CONFIG_FILE, LABELS_FILE, WEIGHTS_FILE};
use qawl_transformer::word::model::{frozen_vectors, WordBatch};
use qawl_transformer::word::{WordConfig, WordInput, WordTaggerModel, WordVectors};
use qawl_transformer::Labels;

const BATCH: usize = 16;
const ROUNDS: usize = 3;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// The first `n` documents of an archive's text (a document runs from one tag line to the
/// next), as the word tagger's batches: per document, its sentences sorted by length in
/// chunks of 16.
fn batches(text: &Path, n: usize, features: &FeatureLexicon) -> Res<Vec<Vec<WordInput>>> {
    let file = std::io::BufReader::new(std::fs::File::open(text)?);
    let mut out = Vec::new();
    let mut doc = String::new();
    let mut docs = 0;
    let flush = |doc: &mut String, out: &mut Vec<Vec<WordInput>>| {
        let analysis = Analysis::new(doc);
        let mut inputs: Vec<WordInput> = sentences(&analysis).map(|(_, words)| word_input(words, Some(features))).collect();
        inputs.sort_by_key(|s| s.len());
        out.extend(inputs.chunks(BATCH).map(|c| c.to_vec()));
        doc.clear();
    };
    for line in file.lines() {
        let line = line?;
        if line.starts_with('<') {
            if !doc.trim().is_empty() {
                flush(&mut doc, &mut out);
                docs += 1;
                if docs >= n {
                    break;
                }
            }
            continue;
        }
        doc.push_str(&line);
        doc.push('\n');
    }
    if docs < n && !doc.trim().is_empty() {
        flush(&mut doc, &mut out);
    }
    Ok(out)
}

/// Best wall time of [`ROUNDS`] runs of `f`.
fn best<T>(mut f: impl FnMut() -> Res<T>) -> Res<(f64, T)> {
    let mut best = f64::MAX;
    let mut last = None;
    for _ in 0..ROUNDS {
        let t0 = Instant::now();
        let v = f()?;
        best = best.min(t0.elapsed().as_secs_f64());
        last = Some(v);
    }
    Ok((best, last.expect("ROUNDS > 0")))
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().collect();
    let Some(text) = args.get(1).map(PathBuf::from) else {
        return Err("usage: word_tagger_bench TEXT [DOCUMENTS] [DUMP.safetensors]".into());
    };
    let n: usize = args.get(2).map(|s| s.parse()).transpose()?.unwrap_or(100);
    let dump = args.get(3).map(PathBuf::from);
    let dir = default_model_dir().join("tagger");
    let config = WordConfig::from_file(&dir.join(CONFIG_FILE))?;
    let labels = Labels::from_file(dir.join(LABELS_FILE))?;
    let weights = Weights::load(dir.join(WEIGHTS_FILE))?;
    let model = weights.build(|vb| WordTaggerModel::load(vb, &config, &labels))?;
    let vectors = WordVectors::from_weights(config.vectors.clone(), &dir, &weights)?;
    let features = FeatureLexicon::load(&dir.join(FEATURES_DIR))?;
    let docs = batches(&text, n, &features)?;
    let words: usize = docs.iter().flatten().map(|s| s.len()).sum();
    let sentences: usize = docs.iter().map(|b| b.len()).sum();
    println!("{} batches, {sentences} sentences, {words} words; candle threads {}", docs.len(), candle_core::utils::get_num_threads());

    let build = || -> Res<Vec<WordBatch>> {
        docs.iter()
            .map(|b| {
                let refs: Vec<&WordInput> = b.iter().collect();
                Ok(WordBatch::new(&refs, &|k| frozen_vectors(&vectors, refs[k], config.stem_vectors), &config, &Device::Cpu)?)
            })
            .collect()
    };
    let (t_inputs, built) = best(build)?;
    let (t_network, emissions) = best(|| -> Res<Vec<(Tensor, Tensor)>> {
        built.iter().map(|wb| {
            let em = model.forward(wb, false)?;
            Ok((em.entity, em.role))
        }).collect()
    })?;
    let (entity_crf, role_crf) = (model.entity_crf().scores()?, model.role_crf().scores()?);
    let (t_decode, tags) = best(|| -> Res<Vec<Vec<Vec<usize>>>> {
        emissions
            .iter()
            .zip(&built)
            .map(|((ent, rol), wb)| {
                let (ent, rol) = (ent.to_vec3::<f32>()?, rol.to_vec3::<f32>()?);
                Ok(wb.lengths.iter().enumerate().map(|(i, &len)| {
                    let e: Vec<f32> = ent[i][..len].iter().flatten().copied().collect();
                    let r: Vec<f32> = rol[i][..len].iter().flatten().copied().collect();
                    let (_, _) = (entity_crf.marginals(&e), role_crf.marginals(&r));
                    let _ = role_crf.viterbi(&r);
                    entity_crf.viterbi(&e)
                }).collect())
            })
            .collect()
    })?;
    let rate = |t: f64| words as f64 / t;
    println!("inputs  {t_inputs:.3} s  {:>9.0} words/s", rate(t_inputs));
    println!("network {t_network:.3} s  {:>9.0} words/s", rate(t_network));
    println!("decode  {t_decode:.3} s  {:>9.0} words/s", rate(t_decode));
    let all = t_inputs + t_network + t_decode;
    println!("all     {all:.3} s  {:>9.0} words/s", rate(all));

    if let Some(path) = dump {
        let mut out: HashMap<String, Tensor> = HashMap::new();
        for (i, ((wb, (ent, _)), t)) in built.iter().zip(&emissions).zip(&tags).enumerate() {
            let lengths: Vec<i64> = wb.lengths.iter().map(|&l| l as i64).collect();
            let width = wb.lengths.iter().max().copied().unwrap_or(0);
            let padded: Vec<i64> = t.iter().flat_map(|s| s.iter().map(|&x| x as i64).chain(std::iter::repeat(-1)).take(width)).collect();
            out.insert(format!("{i}.vectors"), wb.vectors.clone());
            out.insert(format!("{i}.chars"), wb.chars.to_dtype(DType::I64)?);
            out.insert(format!("{i}.char_mask"), wb.char_mask.clone());
            out.insert(format!("{i}.flags"), wb.flags.clone());
            out.insert(format!("{i}.lengths"), Tensor::from_vec(lengths, wb.lengths.len(), &Device::Cpu)?);
            out.insert(format!("{i}.entity_emissions"), ent.clone());
            out.insert(format!("{i}.entity_tags"), Tensor::from_vec(padded, (wb.lengths.len(), width), &Device::Cpu)?);
        }
        save_tensors(&out, &path)?;
        println!("batches written to {} (for tools/torch/bench_word_tagger.py)", path.display());
    }
    Ok(())
}
