//! Building trainable models: a VarMap-backed model, seeded BERT
//! initialisation, then pretrained tensors copied in by name.

use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::{VarBuilder, VarMap};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::checkpoint::{weights_path, LoadReport, Weights};
use crate::config::Config;
use crate::error::Result;
use crate::heads::{BertForMaskedLM, BertTagger};
use crate::nn::INIT_STD;

/// Re-initialises every variable like BERT, deterministically from `seed`:
/// `*LayerNorm.weight` = 1, `*bias` = 0, everything else normal(0, 0.02).
pub fn init_bert_weights(varmap: &VarMap, seed: u64) -> Result<()> {
    let vars = varmap.data().lock().unwrap();
    let mut names: Vec<&String> = vars.keys().collect();
    names.sort();
    let mut rng = StdRng::seed_from_u64(seed);
    for name in names {
        let var = &vars[name];
        let shape = var.shape().clone();
        let t = if name.ends_with("LayerNorm.weight") {
            Tensor::ones(shape, DType::F32, &Device::Cpu)?
        } else if name.ends_with("bias") {
            Tensor::zeros(shape, DType::F32, &Device::Cpu)?
        } else {
            let data: Vec<f32> = (0..shape.elem_count())
                .map(|_| normal(&mut rng) * INIT_STD as f32)
                .collect();
            Tensor::from_vec(data, shape, &Device::Cpu)?
        };
        var.set(&t.to_dtype(var.dtype())?)?;
    }
    Ok(())
}

/// A standard normal sample (Box–Muller).
fn normal(rng: &mut StdRng) -> f32 {
    let u1: f64 = rng.gen_range(f64::EPSILON..1.0);
    let u2: f64 = rng.gen();
    ((-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()) as f32
}

/// Copies the tensors of `from` (a checkpoint directory or a `.safetensors`
/// file) into `varmap`, when given.
fn load_pretrained(varmap: &VarMap, from: Option<&Path>) -> Result<Option<LoadReport>> {
    match from {
        None => Ok(None),
        Some(p) => Ok(Some(Weights::load(weights_path(p))?.copy_into(varmap)?)),
    }
}

/// A trainable tagger: fresh BERT initialisation from `seed`, then every
/// tensor `init_from` has (e.g. an MLM checkpoint's `bert.*`) copied in.
/// Heads the file lacks stay freshly initialised (listed in the report).
pub fn new_tagger(
    config: &Config,
    num_entity: usize,
    num_role: usize,
    init_from: Option<&Path>,
    seed: u64,
) -> Result<(VarMap, BertTagger, Option<LoadReport>)> {
    let varmap = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
    let model = BertTagger::load(vb, config, num_entity, num_role)?;
    init_bert_weights(&varmap, seed)?;
    let report = load_pretrained(&varmap, init_from)?;
    Ok((varmap, model, report))
}

/// A trainable masked-LM model (decoder tied to the word embeddings).
pub fn new_mlm(
    config: &Config,
    init_from: Option<&Path>,
    seed: u64,
) -> Result<(VarMap, BertForMaskedLM, Option<LoadReport>)> {
    let varmap = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
    let model = BertForMaskedLM::load(vb, config)?;
    init_bert_weights(&varmap, seed)?;
    let report = load_pretrained(&varmap, init_from)?;
    Ok((varmap, model, report))
}
