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
//! gradients, in each file's tests.

mod bias;
mod cross_entropy;
mod dropout;
mod gelu;
mod layer_norm;
mod softmax;

pub use bias::add_bias;
pub use cross_entropy::cross_entropy;
pub use dropout::{dropout, dropout_add};
pub use gelu::gelu_erf;
pub use layer_norm::layer_norm;
pub use softmax::{attention_probs, softmax_last_dim};

use std::sync::Mutex;

use candle_core::{bail, CpuStorage, Layout, Result, Shape, Storage, Tensor};

/// Elements per work unit for element-wise ops.
pub(super) const ELEMS_PER_UNIT: usize = 4096;

/// Below this many elements work runs on the calling thread: waking the
/// pool costs more than it saves (and much more when the CPU is busy).
const PAR_MIN_ELEMS: usize = 32 * 1024;

/// Cuts `out` into units of `unit` elements (the last may be shorter) and
/// runs `f(offset, piece)` on candle's thread pool, where `piece` is a run
/// of whole units starting at element `offset`.
pub(super) fn par_units(out: &mut [f32], unit: usize, f: impl Fn(usize, &mut [f32]) + Sync) {
    let len = out.len();
    if len == 0 {
        return;
    }
    if len < PAR_MIN_ELEMS {
        return f(0, out);
    }
    let ptr = out.as_mut_ptr() as usize;
    candle_core::utils::barrier_pool().execute_chunked(len.div_ceil(unit), |r| {
        let start = r.start * unit;
        let end = (r.end * unit).min(len);
        // SAFETY: `execute_chunked` hands out disjoint unit ranges, so the
        // pieces never overlap, and `out` outlives the call, which blocks
        // until every piece is done.
        let piece =
            unsafe { std::slice::from_raw_parts_mut((ptr as *mut f32).add(start), end - start) };
        f(start, piece)
    });
}

/// Runs `f` on disjoint sub-ranges of `0..n` (items of `item_len`
/// elements each) on candle's thread pool.
pub(super) fn par_ranges(n: usize, item_len: usize, f: impl Fn(std::ops::Range<usize>) + Sync) {
    if n * item_len < PAR_MIN_ELEMS {
        f(0..n)
    } else {
        candle_core::utils::barrier_pool().execute_chunked(n, f);
    }
}

/// Adds up per-piece partial sums.
pub(super) fn reduce(parts: Mutex<Vec<Vec<f32>>>, d: usize) -> Vec<f32> {
    let mut total = vec![0f32; d];
    for p in parts.into_inner().unwrap() {
        total.iter_mut().zip(&p).for_each(|(a, b)| *a += b);
    }
    total
}

pub(super) fn slice<'a>(s: &'a CpuStorage, l: &Layout, op: &str) -> Result<&'a [f32]> {
    let CpuStorage::F32(v) = s else {
        bail!("{op}: only f32 is supported")
    };
    match l.contiguous_offsets() {
        Some((a, b)) => Ok(&v[a..b]),
        None => bail!("{op}: input must be contiguous"),
    }
}

/// Runs `f` on the contiguous f32 data of `t`.
pub(super) fn with_data<R>(t: &Tensor, op: &str, f: impl FnOnce(&[f32]) -> Result<R>) -> Result<R> {
    let t = t.contiguous()?;
    let (storage, layout) = t.storage_and_layout();
    let Storage::Cpu(cpu) = &*storage else {
        bail!("{op}: only the CPU is supported")
    };
    f(slice(cpu, layout, op)?)
}

pub(super) fn last_dim(shape: &Shape) -> Result<usize> {
    match shape.dims().last() {
        Some(&d) if d > 0 => Ok(d),
        _ => bail!("expected a non-empty last dimension, got {shape:?}"),
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use candle_core::{Device, Result, Tensor, Var};

    pub fn max_diff(a: &Tensor, b: &Tensor) -> f32 {
        (a - b)
            .unwrap()
            .abs()
            .unwrap()
            .max_all()
            .unwrap()
            .to_scalar::<f32>()
            .unwrap()
    }

    /// Same value and same gradient (w.r.t. every input) as the reference.
    pub fn check(
        inputs: &[Var],
        ours: impl Fn(&[Tensor]) -> Result<Tensor>,
        reference: impl Fn(&[Tensor]) -> Result<Tensor>,
    ) -> Result<()> {
        let ts: Vec<Tensor> = inputs.iter().map(|v| v.as_tensor().clone()).collect();
        let (a, b) = (ours(&ts)?, reference(&ts)?);
        assert!(
            max_diff(&a, &b) < 1e-5,
            "values differ by {}",
            max_diff(&a, &b)
        );
        // A non-uniform upstream gradient.
        let up = Tensor::randn(0f32, 1.0, a.shape(), &Device::Cpu)?;
        let ga = (a * &up)?.sum_all()?.backward()?;
        let gb = (b * &up)?.sum_all()?.backward()?;
        for (i, v) in inputs.iter().enumerate() {
            let (x, y) = (ga.get(v).unwrap(), gb.get(v).unwrap());
            let scale = max_diff(y, &y.zeros_like()?).max(1.0);
            assert!(
                max_diff(x, y) / scale < 1e-4,
                "gradient {i} differs by {}",
                max_diff(x, y)
            );
        }
        Ok(())
    }
}
