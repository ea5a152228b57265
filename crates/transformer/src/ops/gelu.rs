//! Exact GELU with a single-pass backward.

use candle_core::{CpuStorage, CustomOp1, Layout, Result, Shape, Tensor};

use super::{par_units, slice, with_data, ELEMS_PER_UNIT};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::testing::check;
    use candle_core::{Device, Var};

    #[test]
    fn gelu_matches_candle() -> Result<()> {
        let x = Var::from_tensor(&(Tensor::randn(0f32, 2.0, (3, 70, 33), &Device::Cpu)?))?;
        check(&[x], |t| gelu_erf(&t[0]), |t| t[0].gelu_erf())
    }
}
