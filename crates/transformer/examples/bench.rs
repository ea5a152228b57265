//! Throughput of training and inference for a 4-layer, 256-wide model
//! (intermediate 1024, 4 heads, vocab 32000) at sequence length 128,
//! batch 16, dropout 0.1.
//!
//! `cargo run -p qawl-transformer --release --example bench [steps]`
//!
//! Each figure is the best of `steps` timed runs after one warm-up run, so
//! that other load on the machine distorts it less.

use std::time::Instant;

use candle_core::{DType, Device, Tensor};
use qawl_transformer::ops::cross_entropy;
use qawl_transformer::train::{new_mlm, new_tagger, AdamW, AdamWParams};
use qawl_transformer::{Config, Labels, Tagger};

type Res<T> = Result<T, qawl_transformer::Error>;

/// Best wall time of `runs` calls after one warm-up call.
fn best(runs: usize, mut f: impl FnMut() -> Res<()>) -> Res<f64> {
    f()?;
    let mut best = f64::MAX;
    for _ in 0..runs {
        let t0 = Instant::now();
        f()?;
        best = best.min(t0.elapsed().as_secs_f64());
    }
    Ok(best)
}

fn main() -> Res<()> {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let config = Config {
        vocab_size: 32000,
        hidden_size: 256,
        num_hidden_layers: 4,
        num_attention_heads: 4,
        intermediate_size: 1024,
        ..Config::default()
    };
    let (batch, seq) = (16usize, 128usize);
    let tokens = batch * seq;
    let dev = Device::Cpu;
    let ids: Vec<u32> = (0..tokens).map(|i| 5 + (i as u32 * 7919) % 31000).collect();
    let ids_t = Tensor::from_vec(ids.clone(), (batch, seq), &dev)?;
    let mask = Tensor::ones((batch, seq), DType::F32, &dev)?;
    println!(
        "candle threads: {}, batch {batch} x {seq} tokens",
        candle_core::utils::get_num_threads()
    );

    // Tagger fine-tuning: forward (train mode), both losses, backward, AdamW.
    let (varmap, model, _) = new_tagger(&config, 9, 3, None, 0)?;
    let ent = Tensor::from_vec(
        (0..tokens).map(|i| (i % 9) as i64).collect::<Vec<_>>(),
        tokens,
        &dev,
    )?;
    let role = Tensor::from_vec(
        (0..tokens).map(|i| (i % 3) as i64).collect::<Vec<_>>(),
        tokens,
        &dev,
    )?;
    let mut opt = AdamW::new(&varmap, AdamWParams::default());
    let loss_of = || -> Res<Tensor> {
        let out = model.forward(&ids_t, Some(&mask), true)?;
        let le = cross_entropy(&out.entity.reshape((tokens, 9))?, &ent)?;
        let lr = cross_entropy(&out.role.reshape((tokens, 3))?, &role)?;
        Ok((le + lr)?)
    };
    let step = best(runs, || {
        let grads = loss_of()?.backward()?;
        opt.step(&grads, 1e-4, Some(1.0))?;
        Ok(())
    })?;
    let fwd_train = best(runs, || loss_of().map(|_| ()))?;
    let fwd_bwd = best(runs, || {
        loss_of()?.backward().map(|_| ()).map_err(Into::into)
    })?;
    let fwd_infer = best(runs, || {
        model
            .forward(&ids_t, Some(&mask), false)
            .map(|_| ())
            .map_err(Into::into)
    })?;
    println!(
        "tagger train step: {step:.3} s = {:.0} tokens/s (forward {fwd_train:.3} s, backward {:.3} s, AdamW {:.3} s)",
        tokens as f64 / step,
        fwd_bwd - fwd_train,
        step - fwd_bwd
    );
    println!(
        "tagger forward, inference mode: {fwd_infer:.3} s = {:.0} tokens/s",
        tokens as f64 / fwd_infer
    );

    // MLM pre-training with 1/7 of positions predicted.
    let (mvm, mlm, _) = new_mlm(&config, None, 0)?;
    let positions: Vec<u32> = (0..tokens as u32).filter(|i| i % 7 == 3).collect();
    let targets: Vec<i64> = positions.iter().map(|&p| ids[p as usize] as i64).collect();
    let n = positions.len();
    let positions = Tensor::from_vec(positions, n, &dev)?;
    let targets = Tensor::from_vec(targets, n, &dev)?;
    let mut mopt = AdamW::new(&mvm, AdamWParams::default());
    let mstep = best(runs, || {
        let logits = mlm.forward_at(&ids_t, Some(&mask), &positions, true)?;
        let grads = cross_entropy(&logits, &targets)?.backward()?;
        mopt.step(&grads, 1e-4, Some(1.0))?;
        Ok(())
    })?;
    println!(
        "mlm train step: {mstep:.3} s = {:.0} tokens/s",
        tokens as f64 / mstep
    );

    // Tagger::predict: 64 sequences of 126 subwords (+ [CLS]/[SEP] = 128), batches of 16.
    let tagger = Tagger::from_parts(model, config, Labels::default())?;
    let seqs: Vec<Vec<u32>> = (0..64)
        .map(|s| ids[(s % batch) * seq..(s % batch) * seq + 126].to_vec())
        .collect();
    let predict = best(runs, || tagger.predict(&seqs).map(|_| ()))?;
    println!(
        "Tagger::predict: {predict:.3} s for 64 x 128 = {:.0} tokens/s",
        (64 * 128) as f64 / predict
    );
    Ok(())
}
