//! Fused, differentiable versions of the ops training needs.
//!
//! candle's fused `ops::layer_norm` and `ops::softmax_last_dim` have no
//! backward pass, and its composed versions (`layer_norm_slow`, `softmax`)
//! and `gelu_erf` backward build long chains of whole-tensor ops: on this
//! crate's 4-layer model they took over half the training step. Here each op
//! is one candle custom op whose forward and backward are single parallel
//! passes over the rows (f32, CPU, contiguous), run on candle's own thread
//! pool. `nn` uses them when `train` is set; inference keeps candle's
//! kernels. [`add_bias`] exists for the same reason: the backward of
//! candle's `broadcast_add` sums the bias gradient with a slow strided
//! reduction.
//!
//! Each function is checked against candle's composed version, values and
//! gradients, in the tests below.

use std::sync::Mutex;

use candle_core::{bail, CpuStorage, CustomOp1, CustomOp2, CustomOp3, Layout, Result, Shape, Storage, Tensor};

/// Elements per work unit for element-wise ops.
const ELEMS_PER_UNIT: usize = 4096;

/// Cuts `out` into units of `unit` elements (the last may be shorter) and
/// runs `f(offset, piece)` on candle's thread pool, where `piece` is a run
/// of whole units starting at element `offset`.
fn par_units(out: &mut [f32], unit: usize, f: impl Fn(usize, &mut [f32]) + Sync) {
    let len = out.len();
    if len == 0 {
        return;
    }
    let ptr = out.as_mut_ptr() as usize;
    candle_core::utils::barrier_pool().execute_chunked(len.div_ceil(unit), |r| {
        let start = r.start * unit;
        let end = (r.end * unit).min(len);
        // SAFETY: `execute_chunked` hands out disjoint unit ranges, so the
        // pieces never overlap, and `out` outlives the call, which blocks
        // until every piece is done.
        let piece = unsafe { std::slice::from_raw_parts_mut((ptr as *mut f32).add(start), end - start) };
        f(start, piece)
    });
}

/// Runs `f` on disjoint sub-ranges of `0..n` on candle's thread pool.
fn par_ranges(n: usize, f: impl Fn(std::ops::Range<usize>) + Sync) {
    if n > 0 {
        candle_core::utils::barrier_pool().execute_chunked(n, f);
    }
}

/// Adds up per-piece partial sums.
fn reduce(parts: Mutex<Vec<Vec<f32>>>, d: usize) -> Vec<f32> {
    let mut total = vec![0f32; d];
    for p in parts.into_inner().unwrap() {
        total.iter_mut().zip(&p).for_each(|(a, b)| *a += b);
    }
    total
}

fn slice<'a>(s: &'a CpuStorage, l: &Layout, op: &str) -> Result<&'a [f32]> {
    let CpuStorage::F32(v) = s else { bail!("{op}: only f32 is supported") };
    match l.contiguous_offsets() {
        Some((a, b)) => Ok(&v[a..b]),
        None => bail!("{op}: input must be contiguous"),
    }
}

/// Runs `f` on the contiguous f32 data of `t`.
fn with_data<R>(t: &Tensor, op: &str, f: impl FnOnce(&[f32]) -> Result<R>) -> Result<R> {
    let t = t.contiguous()?;
    let (storage, layout) = t.storage_and_layout();
    let Storage::Cpu(cpu) = &*storage else { bail!("{op}: only the CPU is supported") };
    f(slice(cpu, layout, op)?)
}

fn last_dim(shape: &Shape) -> Result<usize> {
    match shape.dims().last() {
        Some(&d) if d > 0 => Ok(d),
        _ => bail!("expected a non-empty last dimension, got {shape:?}"),
    }
}

// ---------------------------------------------------------------- GELU (erf)

#[inline]
fn phi_cdf(x: f32) -> f32 {
    0.5 * (1.0 + candle_core::cpu::erf::erf_f32(x * std::f32::consts::FRAC_1_SQRT_2))
}

struct GeluErf;

impl CustomOp1 for GeluErf {
    fn name(&self) -> &'static str {
        "qawl-gelu-erf"
    }

    fn cpu_fwd(&self, s: &CpuStorage, l: &Layout) -> Result<(CpuStorage, Shape)> {
        let x = slice(s, l, self.name())?;
        let mut y = vec![0f32; x.len()];
        par_units(&mut y, ELEMS_PER_UNIT, |off, y| {
            for (y, &x) in y.iter_mut().zip(&x[off..]) {
                *y = x * phi_cdf(x);
            }
        });
        Ok((CpuStorage::F32(y), l.shape().clone()))
    }

    fn bwd(&self, arg: &Tensor, _res: &Tensor, grad: &Tensor) -> Result<Option<Tensor>> {
        const INV_SQRT_2PI: f32 = 0.398_942_3;
        let dx = with_data(arg, self.name(), |x| {
            with_data(grad, self.name(), |g| {
                let mut dx = vec![0f32; x.len()];
                par_units(&mut dx, ELEMS_PER_UNIT, |off, dx| {
                    for ((d, &x), &g) in dx.iter_mut().zip(&x[off..]).zip(&g[off..]) {
                        let pdf = INV_SQRT_2PI * (-0.5 * x * x).exp();
                        *d = g * (phi_cdf(x) + x * pdf);
                    }
                });
                Ok(dx)
            })
        })?;
        Ok(Some(Tensor::from_vec(dx, arg.shape(), arg.device())?))
    }
}

/// Exact GELU, `x · Φ(x)`, with a backward pass.
pub fn gelu_erf(x: &Tensor) -> Result<Tensor> {
    x.contiguous()?.apply_op1(GeluErf)
}

// ---------------------------------------------------------- softmax (last dim)

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
                    for ((dx, y), g) in dx.chunks_mut(d).zip(y[off..].chunks(d)).zip(g[off..].chunks(d)) {
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

// ------------------------------------------------------------------ LayerNorm

struct LayerNorm {
    eps: f32,
}

/// Mean and 1/σ of one row.
#[inline]
fn row_stats(x: &[f32], eps: f32) -> (f32, f32) {
    let n = x.len() as f32;
    let mean = x.iter().sum::<f32>() / n;
    let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / n;
    (mean, 1.0 / (var + eps).sqrt())
}

impl CustomOp3 for LayerNorm {
    fn name(&self) -> &'static str {
        "qawl-layer-norm"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
        s3: &CpuStorage,
        l3: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let x = slice(s1, l1, self.name())?;
        let w = slice(s2, l2, self.name())?;
        let b = slice(s3, l3, self.name())?;
        let d = last_dim(l1.shape())?;
        if w.len() != d || b.len() != d {
            bail!("layer-norm: weight/bias of {} / {} for rows of {d}", w.len(), b.len());
        }
        let mut y = vec![0f32; x.len()];
        par_units(&mut y, d, |off, y| {
            for (y, x) in y.chunks_mut(d).zip(x[off..].chunks(d)) {
                let (mean, rstd) = row_stats(x, self.eps);
                for i in 0..d {
                    y[i] = (x[i] - mean) * rstd * w[i] + b[i];
                }
            }
        });
        Ok((CpuStorage::F32(y), l1.shape().clone()))
    }

    fn bwd(
        &self,
        x: &Tensor,
        w: &Tensor,
        _b: &Tensor,
        _res: &Tensor,
        grad: &Tensor,
    ) -> Result<(Option<Tensor>, Option<Tensor>, Option<Tensor>)> {
        let d = last_dim(x.shape())?;
        let eps = self.eps;
        let (dx, dw, db) = with_data(x, self.name(), |xs| {
            with_data(w, self.name(), |ws| {
                with_data(grad, self.name(), |gs| {
                    let mut dx = vec![0f32; xs.len()];
                    let parts_w = Mutex::new(Vec::new());
                    let parts_b = Mutex::new(Vec::new());
                    par_units(&mut dx, d, |off, dx| {
                            let mut dw = vec![0f32; d];
                            let mut db = vec![0f32; d];
                            let mut xhat = vec![0f32; d];
                            let rows = dx.chunks_mut(d).zip(xs[off..].chunks(d)).zip(gs[off..].chunks(d));
                            for ((dx, x), g) in rows {
                                let (mean, rstd) = row_stats(x, eps);
                                let (mut m1, mut m2) = (0f32, 0f32);
                                for i in 0..d {
                                    xhat[i] = (x[i] - mean) * rstd;
                                    let dxh = g[i] * ws[i];
                                    m1 += dxh;
                                    m2 += dxh * xhat[i];
                                    dw[i] += g[i] * xhat[i];
                                    db[i] += g[i];
                                }
                                let (m1, m2) = (m1 / d as f32, m2 / d as f32);
                                for i in 0..d {
                                    dx[i] = rstd * (g[i] * ws[i] - m1 - xhat[i] * m2);
                                }
                            }
                            parts_w.lock().unwrap().push(dw);
                            parts_b.lock().unwrap().push(db);
                    });
                    Ok((dx, reduce(parts_w, d), reduce(parts_b, d)))
                })
            })
        })?;
        let dev = x.device();
        Ok((
            Some(Tensor::from_vec(dx, x.shape(), dev)?),
            Some(Tensor::from_vec(dw, d, dev)?),
            Some(Tensor::from_vec(db, d, dev)?),
        ))
    }
}

/// LayerNorm over the last dimension with weight and bias, with a backward
/// pass for all three.
pub fn layer_norm(x: &Tensor, weight: &Tensor, bias: &Tensor, eps: f32) -> Result<Tensor> {
    x.contiguous()?.apply_op3(&weight.contiguous()?, &bias.contiguous()?, LayerNorm { eps })
}

// ------------------------------------------------------------------ bias add

struct AddBias;

impl CustomOp2 for AddBias {
    fn name(&self) -> &'static str {
        "qawl-add-bias"
    }

    fn cpu_fwd(&self, s1: &CpuStorage, l1: &Layout, s2: &CpuStorage, l2: &Layout) -> Result<(CpuStorage, Shape)> {
        let x = slice(s1, l1, self.name())?;
        let b = slice(s2, l2, self.name())?;
        let d = last_dim(l1.shape())?;
        if b.len() != d {
            bail!("add-bias: bias of {} for rows of {d}", b.len());
        }
        let mut y = vec![0f32; x.len()];
        par_units(&mut y, d, |off, y| {
            for (y, x) in y.chunks_mut(d).zip(x[off..].chunks(d)) {
                for i in 0..d {
                    y[i] = x[i] + b[i];
                }
            }
        });
        Ok((CpuStorage::F32(y), l1.shape().clone()))
    }

    fn bwd(&self, _x: &Tensor, b: &Tensor, _res: &Tensor, grad: &Tensor) -> Result<(Option<Tensor>, Option<Tensor>)> {
        let d = b.elem_count();
        let db = with_data(grad, self.name(), |g| {
            let parts = Mutex::new(Vec::new());
            // Partial column sums over blocks of rows.
            par_ranges(g.len() / d, |rows| {
                let mut acc = vec![0f32; d];
                for row in g[rows.start * d..rows.end * d].chunks(d) {
                    acc.iter_mut().zip(row).for_each(|(a, v)| *a += v);
                }
                parts.lock().unwrap().push(acc);
            });
            Ok(reduce(parts, d))
        })?;
        Ok((Some(grad.clone()), Some(Tensor::from_vec(db, b.shape(), b.device())?)))
    }
}

/// `x + b` with `b` broadcast over the rows of `x` (last dimension), with a
/// backward pass whose bias gradient is a single pass of column sums.
pub fn add_bias(x: &Tensor, b: &Tensor) -> Result<Tensor> {
    x.contiguous()?.apply_op2(&b.contiguous()?, AddBias)
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{Device, Var, D};

    fn max_diff(a: &Tensor, b: &Tensor) -> f32 {
        (a - b).unwrap().abs().unwrap().max_all().unwrap().to_scalar::<f32>().unwrap()
    }

    /// Same value and same gradient (w.r.t. every input) as the reference.
    fn check(
        inputs: &[Var],
        ours: impl Fn(&[Tensor]) -> Result<Tensor>,
        reference: impl Fn(&[Tensor]) -> Result<Tensor>,
    ) -> Result<()> {
        let ts: Vec<Tensor> = inputs.iter().map(|v| v.as_tensor().clone()).collect();
        let (a, b) = (ours(&ts)?, reference(&ts)?);
        assert!(max_diff(&a, &b) < 1e-5, "values differ by {}", max_diff(&a, &b));
        // A non-uniform upstream gradient.
        let up = Tensor::randn(0f32, 1.0, a.shape(), &Device::Cpu)?;
        let ga = (a * &up)?.sum_all()?.backward()?;
        let gb = (b * &up)?.sum_all()?.backward()?;
        for (i, v) in inputs.iter().enumerate() {
            let (x, y) = (ga.get(v).unwrap(), gb.get(v).unwrap());
            let scale = max_diff(y, &y.zeros_like()?).max(1.0);
            assert!(max_diff(x, y) / scale < 1e-4, "gradient {i} differs by {}", max_diff(x, y));
        }
        Ok(())
    }

    #[test]
    fn gelu_matches_candle() -> Result<()> {
        let x = Var::from_tensor(&(Tensor::randn(0f32, 2.0, (3, 70, 33), &Device::Cpu)?))?;
        check(&[x], |t| gelu_erf(&t[0]), |t| t[0].gelu_erf())
    }

    #[test]
    fn softmax_matches_candle() -> Result<()> {
        let x = Var::from_tensor(&(Tensor::randn(0f32, 3.0, (2, 3, 90, 17), &Device::Cpu)?))?;
        check(&[x], |t| softmax_last_dim(&t[0]), |t| candle_nn::ops::softmax(&t[0], D::Minus1))
    }

    #[test]
    fn layer_norm_matches_candle() -> Result<()> {
        let dev = Device::Cpu;
        let x = Var::from_tensor(&((Tensor::randn(0f32, 2.0, (4, 50, 24), &dev)? + 0.5)?))?;
        let w = Var::from_tensor(&(Tensor::randn(1f32, 0.3, 24, &dev)?))?;
        let b = Var::from_tensor(&(Tensor::randn(0f32, 0.3, 24, &dev)?))?;
        check(
            &[x, w, b],
            |t| layer_norm(&t[0], &t[1], &t[2], 1e-5),
            |t| candle_nn::ops::layer_norm_slow(&t[0], &t[1], &t[2], 1e-5),
        )
    }

    #[test]
    fn add_bias_matches_candle() -> Result<()> {
        let dev = Device::Cpu;
        let x = Var::from_tensor(&(Tensor::randn(0f32, 1.0, (3, 700, 40), &dev)?))?;
        let b = Var::from_tensor(&(Tensor::randn(0f32, 1.0, 40, &dev)?))?;
        check(&[x, b], |t| add_bias(&t[0], &t[1]), |t| t[0].broadcast_add(&t[1]))
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
