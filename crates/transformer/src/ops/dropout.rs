//! Dropout (optionally fused with the residual add) whose mask is never
//! stored: it is a pure function of a seed and the element index.

use candle_core::{bail, CpuStorage, CustomOp1, CustomOp2, Layout, Result, Shape, Tensor};

use super::{par_units, slice, with_data, ELEMS_PER_UNIT};

/// A dropout keep-mask that is a pure function of `(seed, element index)`,
/// so the backward pass regenerates exactly the mask the forward pass used
/// without storing it. Each 64-bit hash gives four 16-bit draws.
#[derive(Debug, Clone, Copy)]
pub(super) struct Keep {
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
    pub(super) fn new(p: f64) -> Self {
        Self {
            seed: rand::random(),
            threshold: (p * 65536.0).round() as u32,
            scale: (1.0 / (1.0 - p)) as f32,
        }
    }

    /// Writes the factor (0 or `scale`) of elements `start..start + out.len()`.
    pub(super) fn factors(&self, start: usize, out: &mut [f32]) {
        let mut word = 0u64;
        for (j, o) in out.iter_mut().enumerate() {
            let i = start + j;
            if j == 0 || i & 3 == 0 {
                word = mix64(self.seed ^ ((i / 4) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            }
            let draw = ((word >> (16 * (i % 4))) & 0xffff) as u32;
            *o = if draw < self.threshold {
                0.0
            } else {
                self.scale
            };
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
        Ok((
            CpuStorage::F32(apply_keep(&self.0, x, None)),
            l.shape().clone(),
        ))
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

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let x = slice(s1, l1, self.name())?;
        let r = slice(s2, l2, self.name())?;
        if l1.shape() != l2.shape() {
            bail!(
                "dropout-add: shapes {:?} and {:?} differ",
                l1.shape(),
                l2.shape()
            );
        }
        Ok((
            CpuStorage::F32(apply_keep(&self.0, x, Some(r))),
            l1.shape().clone(),
        ))
    }

    fn bwd(
        &self,
        x: &Tensor,
        _r: &Tensor,
        _res: &Tensor,
        grad: &Tensor,
    ) -> Result<(Option<Tensor>, Option<Tensor>)> {
        let dx = with_data(grad, self.name(), |g| Ok(apply_keep(&self.0, g, None)))?;
        Ok((
            Some(Tensor::from_vec(dx, x.shape(), x.device())?),
            Some(grad.clone()),
        ))
    }
}

/// `dropout(x, p) + residual` in one pass, with a backward pass.
pub fn dropout_add(x: &Tensor, residual: &Tensor, p: f64) -> Result<Tensor> {
    if !(0.0..1.0).contains(&p) {
        bail!("dropout probability must be in [0, 1), got {p}");
    }
    x.contiguous()?
        .apply_op2(&residual.contiguous()?, DropoutAdd(Keep::new(p)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::testing::max_diff;
    use candle_core::{Device, Var};

    #[test]
    fn dropout_backward_reuses_the_forward_mask() -> Result<()> {
        let dev = Device::Cpu;
        let x = Var::from_tensor(&(Tensor::randn(0f32, 1.0, (64, 300), &dev)?.abs()? + 0.1)?)?;
        let up = Tensor::randn(0f32, 1.0, (64, 300), &dev)?;
        let y = dropout(x.as_tensor(), 0.25)?;
        let dropped = y
            .eq(0f32)?
            .to_dtype(candle_core::DType::F32)?
            .mean_all()?
            .to_scalar::<f32>()?;
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
}
