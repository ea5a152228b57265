//! Bias add with a cheap bias gradient.

use std::sync::Mutex;

use candle_core::{bail, CpuStorage, CustomOp2, Layout, Result, Shape, Tensor};

use super::{last_dim, par_ranges, par_units, reduce, slice, with_data};

struct AddBias;

impl CustomOp2 for AddBias {
    fn name(&self) -> &'static str {
        "qawl-add-bias"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
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

    fn bwd(
        &self,
        _x: &Tensor,
        b: &Tensor,
        _res: &Tensor,
        grad: &Tensor,
    ) -> Result<(Option<Tensor>, Option<Tensor>)> {
        let d = b.elem_count();
        let db = with_data(grad, self.name(), |g| {
            let parts = Mutex::new(Vec::new());
            // Partial column sums over blocks of rows.
            par_ranges(g.len() / d, d, |rows| {
                let mut acc = vec![0f32; d];
                for row in g[rows.start * d..rows.end * d].chunks(d) {
                    acc.iter_mut().zip(row).for_each(|(a, v)| *a += v);
                }
                parts.lock().unwrap().push(acc);
            });
            Ok(reduce(parts, d))
        })?;
        Ok((
            Some(grad.clone()),
            Some(Tensor::from_vec(db, b.shape(), b.device())?),
        ))
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
    use crate::ops::testing::check;
    use candle_core::{Device, Var};

    #[test]
    fn add_bias_matches_candle() -> Result<()> {
        let dev = Device::Cpu;
        let x = Var::from_tensor(&(Tensor::randn(0f32, 1.0, (3, 700, 40), &dev)?))?;
        let b = Var::from_tensor(&(Tensor::randn(0f32, 1.0, 40, &dev)?))?;
        check(
            &[x, b],
            |t| add_bias(&t[0], &t[1]),
            |t| t[0].broadcast_add(&t[1]),
        )
    }
}
