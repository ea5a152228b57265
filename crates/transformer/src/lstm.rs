//! A one-layer LSTM and a bidirectional LSTM over padded batches of sentences.
//!
//! Port of `torch.nn.LSTM` (one layer, `batch_first`), tensor names as PyTorch saves them:
//! `weight_ih_l0` `[4h, in]`, `weight_hh_l0` `[4h, h]`, `bias_ih_l0`, `bias_hh_l0`, with
//! `_reverse` for the backward direction; gates in PyTorch's order (input, forget, cell,
//! output). The input projection of every word is one matrix product before the
//! recurrence; each step then multiplies only the hidden state.
//!
//! Sentences are padded on the right. The forward direction never sees the padding
//! before a real word; the backward direction runs on each sentence reversed within its
//! own length, so it starts at the sentence's last real word. Outputs at padding positions
//! are not meaningful.
//!
//! [`BiLstm::infer`] computes the same outputs without autograd: the recurrence runs on
//! plain buffers, one matrix product and one pass over the gates per step, instead of a
//! dozen tensor ops per step whose fixed cost dominates at a tagger's sizes.

use candle_core::{Result, Tensor};
use candle_nn::{Init, VarBuilder};

#[derive(Debug, Clone)]
pub struct Lstm {
    w_ih: Tensor,
    w_hh: Tensor,
    b_ih: Tensor,
    b_hh: Tensor,
    hidden: usize,
}

impl Lstm {
    /// `suffix` is `""` or `"_reverse"`. Weights start uniform in ±1/√hidden, as PyTorch's.
    pub fn load(vb: VarBuilder, in_dim: usize, hidden: usize, suffix: &str) -> Result<Self> {
        let k = 1.0 / (hidden as f64).sqrt();
        let init = Init::Uniform { lo: -k, up: k };
        let w_ih = vb.get_with_hints((4 * hidden, in_dim), &format!("weight_ih_l0{suffix}"), init)?;
        let w_hh = vb.get_with_hints((4 * hidden, hidden), &format!("weight_hh_l0{suffix}"), init)?;
        let b_ih = vb.get_with_hints(4 * hidden, &format!("bias_ih_l0{suffix}"), init)?;
        let b_hh = vb.get_with_hints(4 * hidden, &format!("bias_hh_l0{suffix}"), init)?;
        Ok(Self { w_ih, w_hh, b_ih, b_hh, hidden })
    }

    pub fn hidden(&self) -> usize {
        self.hidden
    }

    /// `x`: `[b, t, in]` → hidden states `[b, t, hidden]`, from zero initial states.
    pub fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let (b, t, d) = x.dims3()?;
        let h = self.hidden;
        // The sum of the biases is taken here, not at load: the variables change as they train.
        let bias = (&self.b_ih + &self.b_hh)?;
        let xw = x.reshape((b * t, d))?.matmul(&self.w_ih.t()?)?.broadcast_add(&bias)?.reshape((b, t, 4 * h))?;
        let w_hh = self.w_hh.t()?;
        let mut hs = Vec::with_capacity(t);
        let mut state: Option<(Tensor, Tensor)> = None;
        for k in 0..t {
            let xk = xw.narrow(1, k, 1)?.squeeze(1)?;
            let gates = match &state {
                Some((hp, _)) => (xk + hp.matmul(&w_hh)?)?,
                None => xk,
            };
            let sig = candle_nn::ops::sigmoid(&gates)?;
            let i = sig.narrow(1, 0, h)?;
            let f = sig.narrow(1, h, h)?;
            let g = gates.narrow(1, 2 * h, h)?.tanh()?;
            let o = sig.narrow(1, 3 * h, h)?;
            let c = match &state {
                Some((_, cp)) => ((f * cp)? + (i * g)?)?,
                None => (i * g)?,
            };
            let hk = (o * c.tanh()?)?;
            hs.push(hk.clone());
            state = Some((hk, c));
        }
        Tensor::stack(&hs, 1)
    }
}

/// Two [`Lstm`]s, one per direction, outputs concatenated: `[b, t, 2 * hidden]`.
impl Lstm {
    /// [`forward`](Self::forward) without autograd, for inference.
    pub fn infer(&self, x: &Tensor) -> Result<Tensor> {
        let (b, t, d) = x.dims3()?;
        let h = self.hidden;
        let bias = (&self.b_ih + &self.b_hh)?;
        let xw = x.reshape((b * t, d))?.matmul(&self.w_ih.t()?)?.broadcast_add(&bias)?;
        let xw: Vec<f32> = xw.flatten_all()?.to_vec1()?;
        // `[h, 4h]` row-major: row k holds what hidden unit k adds to each gate.
        let w_hh_t: Vec<f32> = self.w_hh.t()?.contiguous()?.flatten_all()?.to_vec1()?;
        let mut out = vec![0f32; b * t * h];
        let mut hidden = vec![0f32; b * h];
        let mut cell = vec![0f32; b * h];
        let mut gates = vec![0f32; b * 4 * h];
        for k in 0..t {
            for r in 0..b {
                let at = (r * t + k) * 4 * h;
                gates[r * 4 * h..(r + 1) * 4 * h].copy_from_slice(&xw[at..at + 4 * h]);
            }
            if k > 0 {
                // gates += hidden · w_hhᵀ
                // SAFETY: the three buffers are row-major with the strides given, of sizes
                // b × 4h, b × h and h × 4h, and `gates` does not alias the other two.
                unsafe {
                    gemm::gemm(b, 4 * h, h, gates.as_mut_ptr(), 1, (4 * h) as isize, true, hidden.as_ptr(), 1, h as isize, w_hh_t.as_ptr(), 1, (4 * h) as isize, 1.0f32, 1.0f32, false, false, false, gemm::Parallelism::None);
                }
            }
            for r in 0..b {
                let g = &gates[r * 4 * h..(r + 1) * 4 * h];
                let (c, hs) = (&mut cell[r * h..(r + 1) * h], &mut hidden[r * h..(r + 1) * h]);
                for j in 0..h {
                    let (i, f, z, o) = (sigmoid(g[j]), sigmoid(g[h + j]), tanh(g[2 * h + j]), sigmoid(g[3 * h + j]));
                    c[j] = f * c[j] + i * z;
                    hs[j] = o * tanh(c[j]);
                }
                out[(r * t + k) * h..(r * t + k + 1) * h].copy_from_slice(hs);
            }
        }
        Tensor::from_vec(out, (b, t, h), x.device())
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// tanh through one `exp` (`f32::tanh` goes through `expm1`, a quarter of the tagger's time
/// in `perf`); absolute error within a few 1e-7, and ±1 without NaN at the extremes.
fn tanh(x: f32) -> f32 {
    1.0 - 2.0 / ((2.0 * x).exp() + 1.0)
}

#[derive(Debug, Clone)]
pub struct BiLstm {
    forward: Lstm,
    backward: Lstm,
}

impl BiLstm {
    /// `vb` points at the LSTM (`lstm`).
    pub fn load(vb: VarBuilder, in_dim: usize, hidden: usize) -> Result<Self> {
        Ok(Self { forward: Lstm::load(vb.clone(), in_dim, hidden, "")?, backward: Lstm::load(vb, in_dim, hidden, "_reverse")? })
    }

    pub fn output_dim(&self) -> usize {
        2 * self.forward.hidden()
    }

    /// `x`: `[b, t, in]` with `lengths[i]` real words in sentence `i`.
    pub fn forward(&self, x: &Tensor, lengths: &[usize]) -> Result<Tensor> {
        self.run(x, lengths, Lstm::forward)
    }

    /// Both directions with `step` running one LSTM over a whole batch.
    fn run(&self, x: &Tensor, lengths: &[usize], step: fn(&Lstm, &Tensor) -> Result<Tensor>) -> Result<Tensor> {
        let (b, t, d) = x.dims3()?;
        if lengths.len() != b || lengths.iter().any(|&l| l > t) {
            candle_core::bail!("bilstm: lengths {lengths:?} for a batch of {b} × {t}");
        }
        let fwd = step(&self.forward, x)?;
        // Reverse each sentence within its length (padding stays at the end); the
        // permutation is its own inverse, so the same index puts the outputs back.
        let idx = reversal(lengths, t);
        let idx = Tensor::from_vec(idx, b * t, x.device())?;
        let rev = x.reshape((b * t, d))?.index_select(&idx, 0)?.reshape((b, t, d))?;
        let h = self.forward.hidden();
        let bwd = step(&self.backward, &rev)?.reshape((b * t, h))?.index_select(&idx, 0)?.reshape((b, t, h))?;
        Tensor::cat(&[fwd, bwd], 2)
    }
}

/// Row `i * t + k` of the reversed batch comes from row `i * t + (len - 1 - k)` for the
/// real words, and stays for the padding.
impl BiLstm {
    /// [`forward`](Self::forward) without autograd, for inference (the same outputs up to
    /// rounding).
    pub fn infer(&self, x: &Tensor, lengths: &[usize]) -> Result<Tensor> {
        self.run(x, lengths, Lstm::infer)
    }
}

fn reversal(lengths: &[usize], t: usize) -> Vec<u32> {
    let mut idx = Vec::with_capacity(lengths.len() * t);
    for (i, &len) in lengths.iter().enumerate() {
        for k in 0..t {
            let from = if k < len { len - 1 - k } else { k };
            idx.push((i * t + from) as u32);
        }
    }
    idx
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::testing::max_diff;
    use candle_core::{DType, Device};
    use candle_nn::VarMap;

    fn bilstm(in_dim: usize, hidden: usize) -> BiLstm {
        let vm = VarMap::new();
        BiLstm::load(VarBuilder::from_varmap(&vm, DType::F32, &Device::Cpu), in_dim, hidden).unwrap()
    }

    /// Shapes, and padding that changes nothing: a sentence alone and padded in a batch
    /// beside a longer one give the same states at its real words, in both directions.
    #[test]
    fn bilstm_shapes_and_padding() -> Result<()> {
        let net = bilstm(5, 4);
        assert_eq!(net.output_dim(), 8);
        let x = Tensor::randn(0f32, 1.0, (2, 6, 5), &Device::Cpu)?;
        let out = net.forward(&x, &[6, 3])?;
        assert_eq!(out.dims(), &[2, 6, 8]);
        let alone = net.forward(&x.narrow(0, 1, 1)?.narrow(1, 0, 3)?, &[3])?;
        let padded = out.narrow(0, 1, 1)?.narrow(1, 0, 3)?;
        assert!(max_diff(&alone, &padded) < 1e-6, "{}", max_diff(&alone, &padded));
        // The backward half at the first word has seen the whole sentence: changing the
        // last real word moves it; changing padding moves nothing.
        let mut v = x.to_vec3::<f32>()?;
        v[1][5][0] += 1.0; // padding of sentence 1
        let moved = net.forward(&Tensor::new(v.clone(), &Device::Cpu)?, &[6, 3])?;
        assert!(max_diff(&moved.narrow(0, 1, 1)?.narrow(1, 0, 3)?, &padded) < 1e-6);
        v[1][2][0] += 1.0; // last real word of sentence 1
        let moved = net.forward(&Tensor::new(v, &Device::Cpu)?, &[6, 3])?;
        let first_bwd = |o: &Tensor| o.narrow(0, 1, 1).unwrap().narrow(1, 0, 1).unwrap().narrow(2, 4, 4).unwrap();
        assert!(max_diff(&first_bwd(&moved), &first_bwd(&out)) > 1e-4);
        Ok(())
    }

    #[test]
    fn inference_gives_the_outputs_of_the_autograd_path() -> Result<()> {
        let net = bilstm(7, 5);
        let x = Tensor::randn(0f32, 1.0, (3, 6, 7), &Device::Cpu)?;
        let lengths = [6, 2, 4];
        let (slow, fast) = (net.forward(&x, &lengths)?, net.infer(&x, &lengths)?);
        assert_eq!(slow.dims(), fast.dims());
        // Only real words are compared: outputs at padding are not meaningful.
        for (i, &len) in lengths.iter().enumerate() {
            let real = |o: &Tensor| o.narrow(0, i, 1).unwrap().narrow(1, 0, len).unwrap();
            assert!(max_diff(&real(&slow), &real(&fast)) < 1e-5, "sentence {i}: {}", max_diff(&real(&slow), &real(&fast)));
        }
        Ok(())
    }

    #[test]
    fn reversal_keeps_padding_in_place() {
        assert_eq!(reversal(&[3, 1], 3), vec![2, 1, 0, 3, 4, 5]);
    }

    /// One step by hand: with a zero state, h = o ⊙ tanh(i ⊙ g).
    #[test]
    fn first_step_follows_the_lstm_equations() -> Result<()> {
        let vm = VarMap::new();
        let lstm = Lstm::load(VarBuilder::from_varmap(&vm, DType::F32, &Device::Cpu), 3, 2, "")?;
        let x = Tensor::new(&[[[0.5f32, -1.0, 2.0]]], &Device::Cpu)?;
        let h = lstm.forward(&x)?.flatten_all()?.to_vec1::<f32>()?;
        let gates = (x.reshape((1, 3))?.matmul(&lstm.w_ih.t()?)? .broadcast_add(&(&lstm.b_ih + &lstm.b_hh)?))?.flatten_all()?.to_vec1::<f32>()?;
        let s = |v: f32| 1.0 / (1.0 + (-v).exp());
        for j in 0..2 {
            let c = s(gates[j]) * gates[4 + j].tanh();
            let want = s(gates[6 + j]) * c.tanh();
            assert!((h[j] - want).abs() < 1e-6);
        }
        Ok(())
    }
}
