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

// -------------------------------------------------------------------- dropout

/// A dropout keep-mask that is a pure function of `(seed, element index)`,
/// so the backward pass regenerates exactly the mask the forward pass used
/// without storing it. Each 64-bit hash gives four 16-bit draws.
#[derive(Debug, Clone, Copy)]
struct Keep {
    seed: u64,
    /// Dropped when the 16-bit draw is below this.
    threshold: u32,
    scale: f32,
}

#[inline]
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Keep {
    fn new(p: f64) -> Self {
        Self {
            seed: rand::random(),
            threshold: (p * 65536.0).round() as u32,
            scale: (1.0 / (1.0 - p)) as f32,
        }
    }

    /// Writes the factor (0 or `scale`) of elements `start..start + out.len()`.
    fn factors(&self, start: usize, out: &mut [f32]) {
        let mut word = 0u64;
        for (j, o) in out.iter_mut().enumerate() {
            let i = start + j;
            if j == 0 || i % 4 == 0 {
                word = mix64(self.seed ^ ((i / 4) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            }
            let draw = ((word >> (16 * (i % 4))) & 0xffff) as u32;
            *o = if draw < self.threshold { 0.0 } else { self.scale };
        }
    }
}

/// Element-wise `out = a * keep (+ b)`, in parallel.
fn apply_keep(keep: &Keep, a: &[f32], add: Option<&[f32]>) -> Vec<f32> {
    let mut out = vec![0f32; a.len()];
    par_units(&mut out, ELEMS_PER_UNIT, |off, o| {
        keep.factors(off, o);
        for (k, o) in o.iter_mut().enumerate() {
            *o *= a[off + k];
        }
        if let Some(b) = add {
            o.iter_mut().zip(&b[off..]).for_each(|(o, b)| *o += b);
        }
    });
    out
}

struct Dropout(Keep);

impl CustomOp1 for Dropout {
    fn name(&self) -> &'static str {
        "qawl-dropout"
    }

    fn cpu_fwd(&self, s: &CpuStorage, l: &Layout) -> Result<(CpuStorage, Shape)> {
        let x = slice(s, l, self.name())?;
        Ok((CpuStorage::F32(apply_keep(&self.0, x, None)), l.shape().clone()))
    }

    fn bwd(&self, arg: &Tensor, _res: &Tensor, grad: &Tensor) -> Result<Option<Tensor>> {
        let dx = with_data(grad, self.name(), |g| Ok(apply_keep(&self.0, g, None)))?;
        Ok(Some(Tensor::from_vec(dx, arg.shape(), arg.device())?))
    }
}

/// Inverted dropout with probability `p`, with a backward pass. The mask
/// is never materialised as a tensor.
pub fn dropout(x: &Tensor, p: f64) -> Result<Tensor> {
    if !(0.0..1.0).contains(&p) {
        bail!("dropout probability must be in [0, 1), got {p}");
    }
    if p == 0.0 {
        return Ok(x.clone());
    }
    x.contiguous()?.apply_op1(Dropout(Keep::new(p)))
}

struct DropoutAdd(Keep);

impl CustomOp2 for DropoutAdd {
    fn name(&self) -> &'static str {
        "qawl-dropout-add"
    }

    fn cpu_fwd(&self, s1: &CpuStorage, l1: &Layout, s2: &CpuStorage, l2: &Layout) -> Result<(CpuStorage, Shape)> {
        let x = slice(s1, l1, self.name())?;
        let r = slice(s2, l2, self.name())?;
        if l1.shape() != l2.shape() {
            bail!("dropout-add: shapes {:?} and {:?} differ", l1.shape(), l2.shape());
        }
        Ok((CpuStorage::F32(apply_keep(&self.0, x, Some(r))), l1.shape().clone()))
    }

    fn bwd(&self, x: &Tensor, _r: &Tensor, _res: &Tensor, grad: &Tensor) -> Result<(Option<Tensor>, Option<Tensor>)> {
        let dx = with_data(grad, self.name(), |g| Ok(apply_keep(&self.0, g, None)))?;
        Ok((Some(Tensor::from_vec(dx, x.shape(), x.device())?), Some(grad.clone())))
    }
}

/// `dropout(x, p) + residual` in one pass, with a backward pass.
pub fn dropout_add(x: &Tensor, residual: &Tensor, p: f64) -> Result<Tensor> {
    if !(0.0..1.0).contains(&p) {
        bail!("dropout probability must be in [0, 1), got {p}");
    }
    x.contiguous()?.apply_op2(&residual.contiguous()?, DropoutAdd(Keep::new(p)))
}

// ----------------------------------------------- masked softmax with dropout

/// Attention probabilities: `dropout(softmax(scores + mask))`, where
/// `scores` is `[b, heads, q, k]` and `mask` the additive `[b, k]` padding
/// mask. The mask gets no gradient.
struct AttentionProbs {
    keep: Option<Keep>,
}

impl AttentionProbs {
    /// Softmax of every row of `x` with its batch's mask row, into `p`
    /// (`p` and `x` start at element `off`).
    fn softmax_rows(off: usize, x: &[f32], m: &[f32], k: usize, rows_per_batch: usize, p: &mut [f32]) {
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
        let [b, h, q, k] = dims[..] else { bail!("attention scores must be [b, heads, q, k], got {dims:?}") };
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

    fn cpu_fwd(&self, s1: &CpuStorage, l1: &Layout, s2: &CpuStorage, l2: &Layout) -> Result<(CpuStorage, Shape)> {
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

    fn bwd(&self, x: &Tensor, mask: &Tensor, _res: &Tensor, grad: &Tensor) -> Result<(Option<Tensor>, Option<Tensor>)> {
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
    scores.contiguous()?.apply_op2(&mask.contiguous()?, AttentionProbs { keep })
}

// ------------------------------------------------------------- cross-entropy

/// Mean negative log-likelihood of `labels` under `softmax(logits)`.
struct CrossEntropy {
    labels: Vec<i64>,
    count: usize,
}

impl CustomOp1 for CrossEntropy {
    fn name(&self) -> &'static str {
        "qawl-cross-entropy"
    }

    fn cpu_fwd(&self, s: &CpuStorage, l: &Layout) -> Result<(CpuStorage, Shape)> {
        let x = slice(s, l, self.name())?;
        let c = last_dim(l.shape())?;
        let parts = Mutex::new(Vec::new());
        par_ranges(self.labels.len(), |rows| {
            let mut acc = 0f64;
            for r in rows {
                let Ok(t) = usize::try_from(self.labels[r]) else { continue };
                let row = &x[r * c..(r + 1) * c];
                let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                let sum: f32 = row.iter().map(|v| (v - max).exp()).sum();
                acc += (max + sum.ln() - row[t]) as f64;
            }
            parts.lock().unwrap().push(acc);
        });
        let total: f64 = parts.into_inner().unwrap().iter().sum();
        let loss = (total / self.count.max(1) as f64) as f32;
        Ok((CpuStorage::F32(vec![loss]), Shape::from(())))
    }

    fn bwd(&self, arg: &Tensor, _res: &Tensor, grad: &Tensor) -> Result<Option<Tensor>> {
        let c = last_dim(arg.shape())?;
        let scale = grad.to_scalar::<f32>()? / self.count.max(1) as f32;
        let dx = with_data(arg, self.name(), |x| {
            let mut dx = vec![0f32; x.len()];
            par_units(&mut dx, c, |off, dx| {
                for (k, (d, row)) in dx.chunks_mut(c).zip(x[off..].chunks(c)).enumerate() {
                    let Ok(t) = usize::try_from(self.labels[off / c + k]) else { continue };
                    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                    let mut sum = 0f32;
                    for (d, &v) in d.iter_mut().zip(row) {
                        *d = (v - max).exp();
                        sum += *d;
                    }
                    let inv = scale / sum;
                    d.iter_mut().for_each(|v| *v *= inv);
                    d[t] -= scale;
                }
            });
            Ok(dx)
        })?;
        Ok(Some(Tensor::from_vec(dx, arg.shape(), arg.device())?))
    }
}

/// Mean cross-entropy of `logits` `[n, classes]` against `labels` (i64,
/// `[n]`), skipping negative labels (the -100 ignore index); 0 when all are
/// ignored. One pass forward, one backward, no `[n, classes]` temporaries
/// besides the gradient: for the MLM decoder's 32k classes this matters.
pub fn cross_entropy(logits: &Tensor, labels: &Tensor) -> Result<Tensor> {
    let (n, classes) = logits.dims2()?;
    let labels = labels.to_dtype(candle_core::DType::I64)?.to_vec1::<i64>()?;
    if labels.len() != n {
        bail!("cross-entropy: {} labels for {n} rows", labels.len());
    }
    if let Some(bad) = labels.iter().find(|&&l| l >= classes as i64) {
        bail!("cross-entropy: label {bad} for {classes} classes");
    }
    let count = labels.iter().filter(|&&l| l >= 0).count();
    logits.contiguous()?.apply_op1(CrossEntropy { labels, count })
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
    fn attention_probs_without_dropout_match_candle() -> Result<()> {
        let dev = Device::Cpu;
        let x = Var::from_tensor(&(Tensor::randn(0f32, 2.0, (2, 3, 5, 7), &dev)?))?;
        let mask = Tensor::new(&[[0f32, 0., 0., 0., 0., -1e9, -1e9], [0., 0., 0., 0., 0., 0., 0.]], &dev)?;
        let m4 = mask.reshape((2, 1, 1, 7))?;
        check(
            &[x],
            |t| attention_probs(&t[0], &mask, 0.0),
            |t| candle_nn::ops::softmax(&t[0].broadcast_add(&m4)?, D::Minus1),
        )
    }

    /// With dropout, backward must use the forward's mask: the gradient of
    /// `sum(y * up)` is `up * y / x` element-wise.
    #[test]
    fn dropout_backward_reuses_the_forward_mask() -> Result<()> {
        let dev = Device::Cpu;
        let x = Var::from_tensor(&(Tensor::randn(0f32, 1.0, (64, 300), &dev)?.abs()? + 0.1)?)?;
        let up = Tensor::randn(0f32, 1.0, (64, 300), &dev)?;
        let y = dropout(x.as_tensor(), 0.25)?;
        let dropped = y.eq(0f32)?.to_dtype(candle_core::DType::F32)?.mean_all()?.to_scalar::<f32>()?;
        assert!((dropped - 0.25).abs() < 0.02, "dropped {dropped}");
        let g = (&y * &up)?.sum_all()?.backward()?;
        let want = (&up * (&y / x.as_tensor())?)?;
        assert!(max_diff(g.get(&x).unwrap(), &want) < 1e-5);

        let r = Var::from_tensor(&Tensor::randn(0f32, 1.0, (64, 300), &dev)?)?;
        let y = dropout_add(x.as_tensor(), r.as_tensor(), 0.25)?;
        let g = (&y * &up)?.sum_all()?.backward()?;
        let kept = (&y - r.as_tensor())?;
        assert!(max_diff(g.get(&x).unwrap(), &(&up * (&kept / x.as_tensor())?)?) < 1e-4);
        assert!(max_diff(g.get(&r).unwrap(), &up) < 1e-6);
        Ok(())
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
    fn cross_entropy_matches_gather_version() -> Result<()> {
        let dev = Device::Cpu;
        let x = Var::from_tensor(&(Tensor::randn(0f32, 3.0, (37, 11), &dev)?))?;
        let labels: Vec<i64> = (0..37).map(|i| if i % 5 == 0 { -100 } else { i % 11 }).collect();
        let labels = Tensor::new(labels.as_slice(), &dev)?;
        check(
            &[x],
            |t| cross_entropy(&t[0], &labels),
            |t| crate::train::masked_cross_entropy(&t[0], &labels),
        )?;
        let none = Tensor::new(&[-100i64; 37], &dev)?;
        let logits = Tensor::randn(0f32, 1.0, (37, 11), &dev)?;
        assert_eq!(cross_entropy(&logits, &none)?.to_scalar::<f32>()?, 0.0);
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
