//! Training tests: gradients reach every parameter, a toy task is learnt,
//! checkpoints resume, pre-training feeds fine-tuning.

use candle_core::{Device, Tensor};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::batch::{mlm_batch, tagger_batch, Masking, SpecialIds};
use super::finetune::tagger_loss;
use super::*;
use crate::config::Config;
use crate::error::Result;
use crate::labels::Labels;
use crate::tagger::Tagger;
use crate::test_util::{scratch_dir, tiny_config};

const SPECIAL: SpecialIds = SpecialIds {
    cls: 2,
    sep: 3,
    pad: 0,
};

fn max_abs(t: &Tensor) -> f32 {
    t.abs()
        .unwrap()
        .max_all()
        .unwrap()
        .to_scalar::<f32>()
        .unwrap()
}

fn toy_examples(n: usize, seed: u64) -> Vec<TrainExample> {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    (0..n)
        .map(|_| {
            let len = rng.gen_range(4..14);
            let mut ids: Vec<u32> = (0..len).map(|_| rng.gen_range(8..50)).collect();
            // Token 5 starts a two-token PERSON; token 7 is a one-token ROLE.
            let p = rng.gen_range(0..len - 1);
            ids[p] = 5;
            let r = (p + 2 + rng.gen_range(0..len)) % len;
            if r != p && r != p + 1 {
                ids[r] = 7;
            }
            let mut entity = vec![0i64; len];
            let mut role = vec![0i64; len];
            entity[p] = 1;
            entity[p + 1] = 2;
            for (i, &id) in ids.iter().enumerate() {
                if id == 7 {
                    role[i] = 1;
                }
            }
            TrainExample {
                ids,
                entity_labels: entity,
                role_labels: role,
                types: Vec::new(),
                words: Vec::new(),
            }
        })
        .collect()
}

/// Guards against ops without a backward pass (fused LayerNorm, softmax):
/// after one step every parameter has a nonzero gradient and has moved.
#[test]
fn every_tagger_parameter_gets_a_gradient() -> Result<()> {
    let config = tiny_config();
    let (varmap, model, _) = new_tagger(&config, 9, 3, None, 0)?;
    let mut ex = toy_examples(4, 1);
    ex[0].entity_labels[0] = IGNORE_INDEX;
    let refs: Vec<&TrainExample> = ex.iter().collect();
    let batch = tagger_batch(&refs, SPECIAL)?;
    let loss = tagger_loss(&model, &batch, 1.0)?;
    let grads = loss.backward()?;
    let vars = varmap.data().lock().unwrap().clone();
    assert_eq!(vars.len(), 5 + 16 * 2 + 4);
    let before: Vec<(String, Tensor)> = vars
        .iter()
        .map(|(k, v)| (k.clone(), v.as_tensor().copy().unwrap()))
        .collect();
    for (name, var) in &vars {
        let g = grads
            .get(var.as_tensor())
            .unwrap_or_else(|| panic!("no gradient for {name}"));
        assert!(max_abs(g) > 0.0, "zero gradient for {name}");
    }
    let mut opt = AdamW::new(&varmap, AdamWParams::default());
    opt.step(&grads, 1e-3, Some(1.0))?;
    for (name, old) in before {
        let now = vars[&name].as_tensor();
        assert!(max_abs(&(now - &old)?) > 0.0, "{name} did not change");
    }
    Ok(())
}

#[test]
fn every_mlm_parameter_gets_a_gradient() -> Result<()> {
    let config = tiny_config();
    let (varmap, model, _) = new_mlm(&config, None, 0)?;
    let seqs: Vec<Vec<u32>> = (0..4)
        .map(|i| (0..10).map(|j| 5 + (i * 11 + j * 3) % 45).collect())
        .collect();
    let refs: Vec<&[u32]> = seqs.iter().map(|s| s.as_slice()).collect();
    let masking = Masking {
        prob: 0.3,
        mask_id: 4,
        random_min: 5,
        vocab_size: 50,
    };
    let mut rng = rand::SeedableRng::seed_from_u64(0);
    let batch = mlm_batch(&refs, SPECIAL, masking, &mut rng)?;
    let logits = model.forward_at(&batch.ids, Some(&batch.mask), &batch.positions, true)?;
    let loss = masked_cross_entropy(&logits, &batch.targets)?;
    let grads = loss.backward()?;
    let vars = varmap.data().lock().unwrap().clone();
    // Tied decoder: no separate decoder weight.
    assert!(!vars.contains_key("cls.predictions.decoder.weight"));
    for (name, var) in &vars {
        let g = grads
            .get(var.as_tensor())
            .unwrap_or_else(|| panic!("no gradient for {name}"));
        assert!(max_abs(g) > 0.0, "zero gradient for {name}");
    }
    Ok(())
}

/// The differentiable (training) path computes the same function as the
/// fused inference path when dropout is off.
#[test]
fn train_and_inference_paths_agree() -> Result<()> {
    let config = Config {
        hidden_dropout_prob: 0.0,
        attention_probs_dropout_prob: 0.0,
        ..tiny_config()
    };
    let (_, model, _) = new_tagger(&config, 9, 3, None, 3)?;
    let ex = toy_examples(3, 2);
    let refs: Vec<&TrainExample> = ex.iter().collect();
    let b = tagger_batch(&refs, SPECIAL)?;
    let a = model.forward(&b.ids, Some(&b.mask), true)?;
    let i = model.forward(&b.ids, Some(&b.mask), false)?;
    assert!(max_abs(&(a.entity - i.entity)?) < 1e-4);
    assert!(max_abs(&(a.role - i.role)?) < 1e-4);
    Ok(())
}

fn toy_config() -> TrainConfig {
    TrainConfig {
        model: Some(Config {
            hidden_dropout_prob: 0.0,
            attention_probs_dropout_prob: 0.0,
            ..tiny_config()
        }),
        epochs: 40,
        batch_size: 16,
        learning_rate: 5e-3,
        warmup_ratio: 0.05,
        seed: 7,
        ..TrainConfig::default()
    }
}

/// A tiny model learns "5 starts a two-token PERSON, 7 is a ROLE" within
/// 400 steps. The I-PERSON token has a random id, so the model must attend
/// to the previous position: this exercises attention and positions too.
#[test]
fn finetune_learns_toy_pattern() -> Result<()> {
    let train = toy_examples(160, 10);
    // Dev is part of the training data: the test is about fitting.
    let dev = train[..40].to_vec();
    let dir = scratch_dir("toy-finetune");
    let mut events = Vec::new();
    let cfg = toy_config();
    let out = finetune(&cfg, &train, &dev, &dir, &mut |p| events.push(p.clone()))?;
    assert_eq!(out.steps, 400);
    let best = out.best_dev.unwrap();
    assert!(best.f1 > 0.95, "dev F1 {best:?}");

    // Training accuracy of the saved model, token by token, both heads.
    let tagger = Tagger::load(&out.best_dir)?;
    let ids: Vec<Vec<u32>> = train.iter().map(|e| e.ids.clone()).collect();
    let pred = tagger.predict(&ids)?;
    let (mut right, mut total) = (0, 0);
    for (e, p) in train.iter().zip(&pred) {
        for i in 0..e.ids.len() {
            right += (e.entity_labels[i] == p.entity[i] as i64) as usize;
            right += (e.role_labels[i] == p.role[i] as i64) as usize;
            total += 2;
        }
    }
    let acc = right as f64 / total as f64;
    assert!(acc > 0.98, "training accuracy {acc}");

    let steps = events
        .iter()
        .filter(|e| matches!(e, Progress::Step { .. }))
        .count();
    assert_eq!(steps, 400);
    let losses: Vec<f32> = events
        .iter()
        .filter_map(|e| match e {
            Progress::Step { loss, .. } => Some(*loss),
            _ => None,
        })
        .collect();
    assert!(
        losses[losses.len() - 1] < losses[0] / 5.0,
        "{} -> {}",
        losses[0],
        losses[losses.len() - 1]
    );
    for f in [
        "config.json",
        "labels.json",
        "model.safetensors",
        CHECKPOINT_FILE,
        STATE_FILE,
        "train_log.jsonl",
    ] {
        assert!(dir.join(f).is_file(), "{f} not written");
    }
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

/// Token types reach the model in training and prediction: the ids carry no signal
/// (always 9), a piece is B-PERSON exactly when its token type is 1. Without the types
/// the tagger could not beat chance; with them it learns the rule.
#[test]
fn token_types_carry_features_through_training_and_prediction() -> Result<()> {
    let mut rng = StdRng::seed_from_u64(3);
    let train: Vec<TrainExample> = (0..120)
        .map(|_| {
            let len = rng.gen_range(4..10);
            let types: Vec<u32> = (0..len).map(|_| rng.gen_range(0..2)).collect();
            TrainExample {
                ids: vec![9; len],
                entity_labels: types.iter().map(|&t| t as i64).collect(),
                role_labels: vec![0; len],
                types,
                words: Vec::new(),
            }
        })
        .collect();
    let dev = train[..30].to_vec();
    let dir = scratch_dir("toy-types");
    let cfg = TrainConfig { epochs: 15, ..toy_config() };
    let out = finetune(&cfg, &train, &dev, &dir, &mut |_| {})?;
    assert!(out.best_dev.unwrap().f1 > 0.95, "dev {:?}", out.best_dev);
    let tagger = Tagger::load(&out.best_dir)?;
    let ids: Vec<Vec<u32>> = vec![vec![9; 4]];
    let typed = tagger.predict_with(&ids, &[vec![1, 0, 0, 1]], &[])?;
    assert_eq!(typed[0].entity, vec![1, 0, 0, 1]);
    let plain = tagger.predict_with(&ids, &[vec![0, 0, 0, 0]], &[])?;
    assert_eq!(plain[0].entity, vec![0, 0, 0, 0]);
    // A type outside the table is an error, not a silent clamp.
    assert!(tagger.predict_with(&ids, &[vec![0, 0, 0, 2]], &[]).is_err());
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

/// Word vectors reach the model and stay frozen: the ids carry no signal, a piece is
/// B-PERSON exactly when its word's fixed vector points one way. The tagger learns the
/// rule through the projection, and the saved table equals the one it started from.
#[test]
fn frozen_word_vectors_inform_the_tagger() -> Result<()> {
    let config = Config {
        word_vectors: Some(3),
        word_vector_dim: Some(2),
        hidden_dropout_prob: 0.0,
        attention_probs_dropout_prob: 0.0,
        ..tiny_config()
    };
    let init = scratch_dir("word-vectors-init");
    let table = vec![0.0, 0.0, 1.0, 0.0, 0.0, 1.0];
    save_embeddings(&init, &config, vec![0.01; config.vocab_size * config.hidden_size], Some(table.clone()))?;
    let mut rng = StdRng::seed_from_u64(4);
    let train: Vec<TrainExample> = (0..120)
        .map(|_| {
            let len = rng.gen_range(4..10);
            let words: Vec<u32> = (0..len).map(|_| rng.gen_range(1..3)).collect();
            TrainExample {
                ids: vec![9; len],
                entity_labels: words.iter().map(|&w| (w == 1) as i64).collect(),
                role_labels: vec![0; len],
                types: Vec::new(),
                words,
            }
        })
        .collect();
    let dir = scratch_dir("word-vectors");
    let cfg = TrainConfig { epochs: 15, model: None, init_from: Some(init.clone()), ..toy_config() };
    let out = finetune(&cfg, &train, &train[..30], &dir, &mut |_| {})?;
    assert!(out.best_dev.unwrap().f1 > 0.95, "dev {:?}", out.best_dev);
    let tagger = Tagger::load(&out.best_dir)?;
    let pred = tagger.predict_with(&[vec![9; 3]], &[], &[vec![1, 2, 1]])?;
    assert_eq!(pred[0].entity, vec![1, 0, 1]);
    let saved = crate::Weights::load(out.best_dir.join("model.safetensors"))?;
    let after = saved.get("bert.embeddings.word_vectors.weight").expect("saved").flatten_all()?.to_vec1::<f32>()?;
    assert_eq!(after, table, "the word vectors moved");
    std::fs::remove_dir_all(&dir).ok();
    std::fs::remove_dir_all(&init).ok();
    Ok(())
}

/// Stopping after 2 epochs and rerunning with 3 continues from the checkpoint.
#[test]
fn finetune_resumes_from_checkpoint() -> Result<()> {
    let train = toy_examples(40, 20);
    let dir = scratch_dir("resume");
    let cfg = TrainConfig {
        epochs: 2,
        ..toy_config()
    };
    let first = finetune(&cfg, &train, &[], &dir, &mut |_| {})?;
    assert_eq!(first.steps, 6);
    let mut start = None;
    let cfg = TrainConfig { epochs: 3, ..cfg };
    let second = finetune(&cfg, &train, &[], &dir, &mut |p| {
        if let Progress::Start { start_step, .. } = p {
            start = Some(*start_step);
        }
    })?;
    assert_eq!(start, Some(6));
    assert_eq!(second.steps, 9);
    let state: TrainState =
        serde_json::from_str(&std::fs::read_to_string(dir.join(STATE_FILE)).unwrap()).unwrap();
    assert_eq!((state.epoch, state.step), (3, 9));
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

/// MLM pre-training lowers the loss, checkpoints, resumes, and its output
/// initialises a tagger (encoder loaded, heads fresh).
#[test]
fn pretrain_then_finetune() -> Result<()> {
    let seqs: Vec<Vec<u32>> = (0..64u32)
        .map(|i| (0..12).map(|j| 5 + (i + j * 2) % 20).collect())
        .collect();
    let dir = scratch_dir("pretrain");
    let cfg = PretrainConfig {
        model: Some(Config {
            hidden_dropout_prob: 0.0,
            attention_probs_dropout_prob: 0.0,
            ..tiny_config()
        }),
        batch_size: 8,
        learning_rate: 3e-3,
        max_steps: Some(60),
        checkpoint_every: 25,
        ..PretrainConfig::default()
    };
    let mut losses = Vec::new();
    let mut checkpoints = 0;
    let out = pretrain_mlm(&cfg, &seqs, &dir, &mut |p| match p {
        Progress::Step { loss, .. } => losses.push(*loss),
        Progress::Checkpoint { .. } => checkpoints += 1,
        _ => {}
    })?;
    assert_eq!(out.steps, 60);
    assert_eq!(checkpoints, 3); // steps 25, 50 and the end
    let first: f32 = losses[..5].iter().sum::<f32>() / 5.0;
    let last: f32 = losses[55..].iter().sum::<f32>() / 5.0;
    // ln 50 = 3.9 at the start; the data's unigram entropy is ln 20 = 3.0.
    assert!(last < first - 0.5, "loss {first} -> {last}");

    let mut start = None;
    let more = PretrainConfig {
        max_steps: Some(70),
        ..cfg
    };
    let out = pretrain_mlm(&more, &seqs, &dir, &mut |p| {
        if let Progress::Start { start_step, .. } = p {
            start = Some(*start_step);
        }
    })?;
    assert_eq!((start, out.steps), (Some(60), 70));

    let ft_dir = scratch_dir("pretrain-ft");
    let ft = TrainConfig {
        model: None,
        init_from: Some(dir.clone()),
        epochs: 1,
        ..toy_config()
    };
    let mut loaded = None;
    finetune(&ft, &toy_examples(16, 3), &[], &ft_dir, &mut |p| {
        if let Progress::Loaded {
            loaded: n, missing, ..
        } = p
        {
            loaded = Some((*n, missing.clone()));
        }
    })?;
    let (n, missing) = loaded.unwrap();
    assert_eq!(n, 5 + 16 * 2);
    assert_eq!(missing.len(), 4);
    Tagger::load(&ft_dir)?;
    std::fs::remove_dir_all(&dir).ok();
    std::fs::remove_dir_all(&ft_dir).ok();
    Ok(())
}

#[test]
fn label_errors_are_reported() {
    let mut bad = toy_examples(2, 0);
    bad[1].role_labels.pop();
    let err = finetune(
        &toy_config(),
        &bad,
        &[],
        scratch_dir("bad-labels"),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(err, crate::Error::Shape(_)), "{err}");
    let mut bad = toy_examples(2, 0);
    bad[0].entity_labels[0] = 9;
    let err = finetune(
        &toy_config(),
        &bad,
        &[],
        scratch_dir("bad-labels2"),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(err, crate::Error::Labels(_)), "{err}");
    let _ = Labels::default();
    let _ = Device::Cpu;
}
