//! Softmax over the last dimension, and the attention variant that adds
//! the padding mask and applies dropout in the same pass.

use candle_core::{bail, CpuStorage, CustomOp1, CustomOp2, Layout, Result, Shape, Tensor};

use super::dropout::Keep;
use super::{last_dim, par_units, slice, with_data};

struct Softmax;

impl CustomOp1 for Softmax {
    fn name(&self) -> &'static str {
        "qawl-softmax-last-dim"
    }

    fn cpu_fwd(&self, s: &CpuStorage, l: &Layout) -> Result<(CpuStorage, Shape)> {
        let x = slice(s, l, self.name())?;
        let d = last_dim(l.shape())?;
        let mut y = vec![0f32; x.len()];
        par_units(&mut y, d, |off, y| {
            for (y, x) in y.chunks_mut(d).zip(x[off..].chunks(d)) {
                let max = x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                let mut sum = 0f32;
                for (y, &x) in y.iter_mut().zip(x) {
                    *y = (x - max).exp();
                    sum += *y;
                }
                let inv = 1.0 / sum;
                y.iter_mut().for_each(|v| *v *= inv);
            }
        });
        Ok((CpuStorage::F32(y), l.shape().clone()))
    }

    fn bwd(&self, _arg: &Tensor, res: &Tensor, grad: &Tensor) -> Result<Option<Tensor>> {
        let d = last_dim(res.shape())?;
        let dx = with_data(res, self.name(), |y| {
            with_data(grad, self.name(), |g| {
                let mut dx = vec![0f32; y.len()];
                par_units(&mut dx, d, |off, dx| {
                    for ((dx, y), g) in dx
                        .chunks_mut(d)
                        .zip(y[off..].chunks(d))
                        .zip(g[off..].chunks(d))
                    {
                        let dot: f32 = y.iter().zip(g).map(|(a, b)| a * b).sum();
                        for ((o, &y), &g) in dx.iter_mut().zip(y).zip(g) {
                            *o = y * (g - dot);
                        }
                    }
                });
                Ok(dx)
            })
        })?;
        Ok(Some(Tensor::from_vec(dx, res.shape(), res.device())?))
    }
}

/// Softmax over the last dimension, with a backward pass.
pub fn softmax_last_dim(x: &Tensor) -> Result<Tensor> {
    x.contiguous()?.apply_op1(Softmax)
}

/// Attention probabilities: `dropout(softmax(scores + mask))`, where
/// `scores` is `[b, heads, q, k]` and `mask` the additive `[b, k]` padding
/// mask. The mask gets no gradient.
struct AttentionProbs {
    keep: Option<Keep>,
}

impl AttentionProbs {
    /// Softmax of every row of `x` with its batch's mask row, into `p`
    /// (`p` and `x` start at element `off`).
    fn softmax_rows(
        off: usize,
        x: &[f32],
        m: &[f32],
        k: usize,
        rows_per_batch: usize,
        p: &mut [f32],
    ) {
        for (r, (p, x)) in p.chunks_mut(k).zip(x[off..].chunks(k)).enumerate() {
            let batch = (off / k + r) / rows_per_batch;
            let m = &m[batch * k..(batch + 1) * k];
            let mut max = f32::NEG_INFINITY;
            for j in 0..k {
                p[j] = x[j] + m[j];
                max = max.max(p[j]);
            }
            let mut sum = 0f32;
            for v in p.iter_mut() {
                *v = (*v - max).exp();
                sum += *v;
            }
            let inv = 1.0 / sum;
            p.iter_mut().for_each(|v| *v *= inv);
        }
    }

    fn dims(l: &Layout, mask_len: usize) -> Result<(usize, usize)> {
        let dims = l.shape().dims();
        let [b, h, q, k] = dims[..] else {
            bail!("attention scores must be [b, heads, q, k], got {dims:?}")
        };
        if mask_len != b * k {
            bail!("attention mask has {mask_len} values, expected {b} x {k}");
        }
        Ok((k, h * q))
    }
}

impl CustomOp2 for AttentionProbs {
    fn name(&self) -> &'static str {
        "qawl-attention-probs"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let x = slice(s1, l1, self.name())?;
        let m = slice(s2, l2, self.name())?;
        let (k, rows_per_batch) = Self::dims(l1, m.len())?;
        let mut y = vec![0f32; x.len()];
        par_units(&mut y, k, |off, y| {
            Self::softmax_rows(off, x, m, k, rows_per_batch, y);
            if let Some(keep) = &self.keep {
                let mut f = vec![0f32; y.len()];
                keep.factors(off, &mut f);
                y.iter_mut().zip(&f).for_each(|(y, f)| *y *= f);
            }
        });
        Ok((CpuStorage::F32(y), l1.shape().clone()))
    }

    fn bwd(
        &self,
        x: &Tensor,
        mask: &Tensor,
        _res: &Tensor,
        grad: &Tensor,
    ) -> Result<(Option<Tensor>, Option<Tensor>)> {
        let dx = with_data(x, self.name(), |xs| {
            with_data(mask, self.name(), |m| {
                with_data(grad, self.name(), |g| {
                    let (k, rows_per_batch) = Self::dims(x.layout(), m.len())?;
                    let mut dx = vec![0f32; xs.len()];
                    par_units(&mut dx, k, |off, dx| {
                        // dx holds the probabilities first, then the gradient.
                        Self::softmax_rows(off, xs, m, k, rows_per_batch, dx);
                        let mut gk = g[off..off + dx.len()].to_vec();
                        if let Some(keep) = &self.keep {
                            let mut f = vec![0f32; dx.len()];
                            keep.factors(off, &mut f);
                            gk.iter_mut().zip(&f).for_each(|(g, f)| *g *= f);
                        }
                        for (p, g) in dx.chunks_mut(k).zip(gk.chunks(k)) {
                            let dot: f32 = p.iter().zip(g).map(|(a, b)| a * b).sum();
                            for (p, &g) in p.iter_mut().zip(g) {
                                *p *= g - dot;
                            }
                        }
                    });
                    Ok(dx)
                })
            })
        })?;
        Ok((Some(Tensor::from_vec(dx, x.shape(), x.device())?), None))
    }
}

/// `dropout(softmax(scores + mask), p)` for attention: `scores` is
/// `[b, heads, q, k]`, `mask` the additive padding mask `[b, k]` (0 keep,
/// large negative drop). Differentiable in `scores`.
pub fn attention_probs(scores: &Tensor, mask: &Tensor, p: f64) -> Result<Tensor> {
    if !(0.0..1.0).contains(&p) {
        bail!("dropout probability must be in [0, 1), got {p}");
    }
    let keep = (p > 0.0).then(|| Keep::new(p));
    scores
        .contiguous()?
        .apply_op2(&mask.contiguous()?, AttentionProbs { keep })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::testing::{check, max_diff};
    use candle_core::{Device, Var, D};

    #[test]
    fn softmax_matches_candle() -> Result<()> {
        let x = Var::from_tensor(&(Tensor::randn(0f32, 3.0, (2, 3, 90, 17), &Device::Cpu)?))?;
        check(
            &[x],
            |t| softmax_last_dim(&t[0]),
            |t| candle_nn::ops::softmax(&t[0], D::Minus1),
        )
    }

    #[test]
    fn attention_probs_without_dropout_match_candle() -> Result<()> {
        let dev = Device::Cpu;
        let x = Var::from_tensor(&(Tensor::randn(0f32, 2.0, (2, 3, 5, 7), &dev)?))?;
        let mask = Tensor::new(
            &[
                [0f32, 0., 0., 0., 0., -1e9, -1e9],
                [0., 0., 0., 0., 0., 0., 0.],
            ],
            &dev,
        )?;
        let m4 = mask.reshape((2, 1, 1, 7))?;
        check(
            &[x],
            |t| attention_probs(&t[0], &mask, 0.0),
            |t| candle_nn::ops::softmax(&t[0].broadcast_add(&m4)?, D::Minus1),
        )
    }

    #[test]
    fn attention_dropout_backward_reuses_the_forward_mask() -> Result<()> {
        let dev = Device::Cpu;
        let x = Var::from_tensor(&(Tensor::randn(0f32, 1.0, (2, 2, 40, 40), &dev)?))?;
        let mask = Tensor::zeros((2, 40), candle_core::DType::F32, &dev)?;
        let y = attention_probs(x.as_tensor(), &mask, 0.2)?;
        let p = candle_nn::ops::softmax(x.as_tensor(), D::Minus1)?;
        let factor = (&y / &p)?; // 0 or 1.25, the mask used
        let up = Tensor::randn(0f32, 1.0, y.shape(), &dev)?;
        let g = (&y * &up)?.sum_all()?.backward()?;
        // Reference: softmax backward with upstream up * factor.
        let pv = Var::from_tensor(x.as_tensor())?;
        let p2 = candle_nn::ops::softmax(pv.as_tensor(), D::Minus1)?;
        let g2 = (p2 * (&up * &factor)?)?.sum_all()?.backward()?;
        assert!(max_diff(g.get(&x).unwrap(), g2.get(&pv).unwrap()) < 1e-5);
        Ok(())
    }

    #[test]
    fn non_contiguous_input_works() -> Result<()> {
        let x = Tensor::randn(0f32, 1.0, (5, 8), &Device::Cpu)?.t()?;
        let a = softmax_last_dim(&x)?;
        let b = candle_nn::ops::softmax(&x, D::Minus1)?;
        assert!(max_diff(&a, &b) < 1e-6);
        Ok(())
    }
}
