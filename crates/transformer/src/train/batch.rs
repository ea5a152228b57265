//! Turning examples into padded training batches, and BERT's MLM masking.

use candle_core::{Device, Tensor};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::finetune::TrainExample;
use super::loss::IGNORE_INDEX;
use crate::error::Result;
use crate::tagger::{pad_batch, pad_per_piece};

/// Special token ids used when building batches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialIds {
    pub cls: u32,
    pub sep: u32,
    pub pad: u32,
}

/// A padded tagger batch: `[CLS] ids [SEP] pad…`, labels flattened to
/// `[b * s]` with [`IGNORE_INDEX`] on [CLS], [SEP] and padding.
pub(crate) struct TaggerBatch {
    pub ids: Tensor,
    /// Token-type ids when the examples carry them.
    pub types: Option<Tensor>,
    /// Whole-word ids when the examples carry them.
    pub words: Option<Tensor>,
    pub mask: Tensor,
    pub entity: Tensor,
    pub role: Tensor,
    /// Real (non-padding) tokens, [CLS]/[SEP] included.
    pub tokens: usize,
}

pub(crate) fn tagger_batch(examples: &[&TrainExample], special: SpecialIds) -> Result<TaggerBatch> {
    let slices: Vec<&[u32]> = examples.iter().map(|e| e.ids.as_slice()).collect();
    let (ids, mask) = pad_batch(&slices, special.cls, special.sep, special.pad, &Device::Cpu)?;
    let width = ids.dim(1)?;
    let types = pad_per_piece(&per_piece(examples, |e| &e.types), width, &Device::Cpu)?;
    let words = pad_per_piece(&per_piece(examples, |e| &e.words), width, &Device::Cpu)?;
    let labels = |pick: fn(&TrainExample) -> &[i64]| -> Result<Tensor> {
        let mut out = Vec::with_capacity(examples.len() * width);
        for e in examples {
            let l = pick(e);
            let row_end = out.len() + width;
            out.push(IGNORE_INDEX);
            out.extend_from_slice(l);
            out.resize(row_end, IGNORE_INDEX);
        }
        Ok(Tensor::from_vec(out, examples.len() * width, &Device::Cpu)?)
    };
    Ok(TaggerBatch {
        entity: labels(|e| &e.entity_labels)?,
        role: labels(|e| &e.role_labels)?,
        tokens: examples.iter().map(|e| e.ids.len() + 2).sum(),
        ids,
        types,
        words,
        mask,
    })
}

/// One per-piece input (`types`, `words`) of each example; empty when no example has it.
fn per_piece<'a>(examples: &[&'a TrainExample], pick: fn(&TrainExample) -> &Vec<u32>) -> Vec<&'a [u32]> {
    if examples.iter().all(|e| pick(e).is_empty()) {
        return Vec::new();
    }
    examples.iter().map(|e| pick(e).as_slice()).collect()
}

/// Cuts an example longer than `max_len` into consecutive pieces.
pub(crate) fn split_long(ex: &TrainExample, max_len: usize) -> Vec<TrainExample> {
    if ex.ids.len() <= max_len {
        return vec![ex.clone()];
    }
    (0..ex.ids.len())
        .step_by(max_len)
        .map(|s| {
            let e = (s + max_len).min(ex.ids.len());
            TrainExample {
                ids: ex.ids[s..e].to_vec(),
                entity_labels: ex.entity_labels[s..e].to_vec(),
                role_labels: ex.role_labels[s..e].to_vec(),
                types: if ex.types.is_empty() { Vec::new() } else { ex.types[s..e].to_vec() },
                words: if ex.words.is_empty() { Vec::new() } else { ex.words[s..e].to_vec() },
            }
        })
        .collect()
}

/// Cuts a sequence longer than `max_len` into consecutive pieces.
pub(crate) fn split_seq(seq: &[u32], max_len: usize) -> impl Iterator<Item = &[u32]> {
    seq.chunks(max_len.max(1))
}

/// Shuffled batches of indices with similar lengths: indices are shuffled,
/// cut into pools of 50 batches, sorted by length inside each pool, cut into
/// batches, and the batches shuffled. Padding stays small while order stays
/// random. Always `ceil(n / batch_size)` batches.
pub(crate) fn bucketed_batches(
    lengths: &[usize],
    batch_size: usize,
    rng: &mut StdRng,
) -> Vec<Vec<usize>> {
    let mut idx: Vec<usize> = (0..lengths.len()).collect();
    idx.shuffle(rng);
    let mut batches = Vec::new();
    for pool in idx.chunks(batch_size * 50) {
        let mut pool = pool.to_vec();
        pool.sort_by_key(|&i| lengths[i]);
        batches.extend(pool.chunks(batch_size).map(|c| c.to_vec()));
    }
    batches.shuffle(rng);
    batches
}

/// BERT's masking: each token is chosen with probability `prob`; a chosen
/// token becomes `mask_id` 80 % of the time, a random id in
/// `random_min..vocab_size` 10 %, and stays itself 10 %.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Masking {
    pub prob: f64,
    pub mask_id: u32,
    pub random_min: u32,
    pub vocab_size: u32,
}

/// A padded MLM batch with the positions to predict.
pub(crate) struct MlmBatch {
    pub ids: Tensor,
    pub mask: Tensor,
    /// u32 indices into the flattened `b * s` tokens.
    pub positions: Tensor,
    /// Original ids at `positions` (i64).
    pub targets: Tensor,
    pub tokens: usize,
}

pub(crate) fn mlm_batch(
    seqs: &[&[u32]],
    special: SpecialIds,
    masking: Masking,
    rng: &mut StdRng,
) -> Result<MlmBatch> {
    let width = seqs.iter().map(|s| s.len()).max().unwrap_or(0) + 2;
    let mut corrupted: Vec<Vec<u32>> = Vec::with_capacity(seqs.len());
    let mut positions = Vec::new();
    let mut targets = Vec::new();
    for (b, s) in seqs.iter().enumerate() {
        let mut c = s.to_vec();
        for (i, tok) in c.iter_mut().enumerate() {
            if rng.gen_bool(masking.prob) {
                positions.push((b * width + i + 1) as u32);
                targets.push(*tok as i64);
                let r: f64 = rng.gen();
                if r < 0.8 {
                    *tok = masking.mask_id;
                } else if r < 0.9 && masking.random_min < masking.vocab_size {
                    *tok = rng.gen_range(masking.random_min..masking.vocab_size);
                }
            }
        }
        corrupted.push(c);
    }
    if positions.is_empty() {
        // Always predict at least one token so the loss is defined.
        if let Some((b, s)) = seqs.iter().enumerate().find(|(_, s)| !s.is_empty()) {
            let i = rng.gen_range(0..s.len());
            positions.push((b * width + i + 1) as u32);
            targets.push(s[i] as i64);
            corrupted[b][i] = masking.mask_id;
        }
    }
    let slices: Vec<&[u32]> = corrupted.iter().map(|c| c.as_slice()).collect();
    let (ids, mask) = pad_batch(&slices, special.cls, special.sep, special.pad, &Device::Cpu)?;
    let n = positions.len();
    Ok(MlmBatch {
        ids,
        mask,
        positions: Tensor::from_vec(positions, n, &Device::Cpu)?,
        targets: Tensor::from_vec(targets, n, &Device::Cpu)?,
        tokens: seqs.iter().map(|s| s.len() + 2).sum(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn bucketed_batches_cover_all_indices_once() {
        let lengths: Vec<usize> = (0..103).map(|i| (i * 7) % 31).collect();
        let mut rng = StdRng::seed_from_u64(3);
        let batches = bucketed_batches(&lengths, 8, &mut rng);
        assert_eq!(batches.len(), 13);
        let mut all: Vec<usize> = batches.concat();
        all.sort();
        assert_eq!(all, (0..103).collect::<Vec<_>>());
    }

    #[test]
    fn masking_rates_match_bert() -> Result<()> {
        let seq: Vec<u32> = (0..20_000).map(|i| 10 + (i % 90) as u32).collect();
        let special = SpecialIds {
            cls: 2,
            sep: 3,
            pad: 0,
        };
        let m = Masking {
            prob: 0.15,
            mask_id: 4,
            random_min: 5,
            vocab_size: 100,
        };
        let mut rng = StdRng::seed_from_u64(0);
        let b = mlm_batch(&[&seq], special, m, &mut rng)?;
        let ids = b.ids.flatten_all()?.to_vec1::<u32>()?;
        let pos = b.positions.to_vec1::<u32>()?;
        let tgt = b.targets.to_vec1::<i64>()?;
        let rate = pos.len() as f64 / seq.len() as f64;
        assert!((rate - 0.15).abs() < 0.01, "{rate}");
        let masked =
            pos.iter().filter(|&&p| ids[p as usize] == 4).count() as f64 / pos.len() as f64;
        assert!((masked - 0.8).abs() < 0.03, "{masked}");
        let same = pos
            .iter()
            .zip(&tgt)
            .filter(|(&p, &t)| ids[p as usize] as i64 == t)
            .count() as f64
            / pos.len() as f64;
        assert!(same > 0.07 && same < 0.14, "{same}");
        assert_eq!(ids[0], 2);
        assert_eq!(ids[ids.len() - 1], 3);
        Ok(())
    }
}
