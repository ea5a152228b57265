//! Throughput of training and inference for a 4-layer, 256-wide model
//! (intermediate 1024, 4 heads, vocab 32000) at sequence length 128.
//!
//! `cargo run -p qawl-transformer --release --example bench [steps]`

use std::time::Instant;

use candle_core::{Device, Tensor};
use qawl_transformer::train::{new_mlm, new_tagger, AdamW, AdamWParams};
use qawl_transformer::{Config, Labels, Tagger};

fn main() -> Result<(), qawl_transformer::Error> {
    let steps: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(5);
    let config = Config {
        vocab_size: 32000,
        hidden_size: 256,
        num_hidden_layers: 4,
        num_attention_heads: 4,
        intermediate_size: 1024,
        ..Config::default()
    };
    let (batch, seq) = (16usize, 128usize);
    let ids: Vec<u32> = (0..batch * seq).map(|i| 5 + (i as u32 * 7919) % 31000).collect();
    let ids_t = Tensor::from_vec(ids.clone(), (batch, seq), &Device::Cpu)?;
    let mask = Tensor::ones((batch, seq), candle_core::DType::F32, &Device::Cpu)?;
    let tokens = batch * seq;
    println!("threads: {}", candle_core::utils::get_num_threads());

    // Tagger fine-tuning step: forward (train mode), loss, backward, AdamW.
    let (varmap, model, _) = new_tagger(&config, 9, 3, None, 0)?;
    let labels: Vec<i64> = (0..tokens).map(|i| (i % 9) as i64).collect();
    let labels = Tensor::from_vec(labels, tokens, &Device::Cpu)?;
    let role: Vec<i64> = (0..tokens).map(|i| (i % 3) as i64).collect();
    let role = Tensor::from_vec(role, tokens, &Device::Cpu)?;
    let mut opt = AdamW::new(&varmap, AdamWParams::default());
    let mut fwd_bwd = 0.0;
    let mut total = 0.0;
    for step in 0..=steps {
        let t0 = Instant::now();
        let out = model.forward(&ids_t, Some(&mask), true)?;
        let le = qawl_transformer::ops::cross_entropy(&out.entity.reshape((tokens, 9))?, &labels)?;
        let lr = qawl_transformer::ops::cross_entropy(&out.role.reshape((tokens, 3))?, &role)?;
        let loss = (le + lr)?;
        let grads = loss.backward()?;
        let t1 = Instant::now();
        opt.step(&grads, 1e-4, Some(1.0))?;
        if step > 0 {
            fwd_bwd += (t1 - t0).as_secs_f64();
            total += t0.elapsed().as_secs_f64();
        }
    }
    let per = total / steps as f64;
    println!(
        "tagger train: {:.3} s/step ({:.3} s forward+backward, {:.3} s AdamW), {:.0} tokens/s",
        per,
        fwd_bwd / steps as f64,
        (total - fwd_bwd) / steps as f64,
        tokens as f64 / per
    );

    // Breakdown: forward in each mode, and backward.
    let time = |f: &dyn Fn() -> candle_core::Result<()>| -> candle_core::Result<f64> {
        f()?;
        let t0 = Instant::now();
        for _ in 0..steps {
            f()?;
        }
        Ok(t0.elapsed().as_secs_f64() / steps as f64)
    };
    let fwd_train = time(&|| model.forward(&ids_t, Some(&mask), true).map(|_| ()))?;
    let fwd_infer = time(&|| model.forward(&ids_t, Some(&mask), false).map(|_| ()))?;
    println!("  forward train-mode {fwd_train:.3} s, inference-mode {fwd_infer:.3} s, backward ~{:.3} s", fwd_bwd / steps as f64 - fwd_train);

    // MLM pre-training step with 15 % of positions predicted.
    let (mvm, mlm, _) = new_mlm(&config, None, 0)?;
    let positions: Vec<u32> = (0..tokens as u32).filter(|i| i % 7 == 3).collect();
    let targets: Vec<i64> = positions.iter().map(|&p| ids[p as usize] as i64).collect();
    let n = positions.len();
    let positions = Tensor::from_vec(positions, n, &Device::Cpu)?;
    let targets = Tensor::from_vec(targets, n, &Device::Cpu)?;
    let mut mopt = AdamW::new(&mvm, AdamWParams::default());
    let mut total = 0.0;
    for step in 0..=steps {
        let t0 = Instant::now();
        let logits = mlm.forward_at(&ids_t, Some(&mask), &positions, true)?;
        let loss = qawl_transformer::ops::cross_entropy(&logits, &targets)?;
        let grads = loss.backward()?;
        mopt.step(&grads, 1e-4, Some(1.0))?;
        if step > 0 {
            total += t0.elapsed().as_secs_f64();
        }
    }
    let per = total / steps as f64;
    println!("mlm train: {:.3} s/step, {:.0} tokens/s", per, tokens as f64 / per);

    // Inference through Tagger::predict (batches of 16, windows of 126 + [CLS]/[SEP]).
    let tagger = Tagger::from_parts(model, config, Labels::default())?;
    let seqs: Vec<Vec<u32>> = (0..64).map(|s| ids[s % batch * seq..s % batch * seq + 126].to_vec()).collect();
    tagger.predict(&seqs[..16])?;
    let t0 = Instant::now();
    let out = tagger.predict(&seqs)?;
    let secs = t0.elapsed().as_secs_f64();
    let n: usize = out.iter().map(|t| t.entity.len() + 2).sum();
    println!("tagger inference: {:.3} s for {} sequences, {:.0} tokens/s", secs, seqs.len(), n as f64 / secs);
    Ok(())
}
