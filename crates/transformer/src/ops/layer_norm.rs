//! LayerNorm with a single-pass backward for input, weight and bias.

use std::sync::Mutex;

use candle_core::{bail, CpuStorage, CustomOp3, Layout, Result, Shape, Tensor};

use super::{last_dim, par_units, reduce, slice, with_data};

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
            bail!(
                "layer-norm: weight/bias of {} / {} for rows of {d}",
                w.len(),
                b.len()
            );
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
                        let rows = dx
                            .chunks_mut(d)
                            .zip(xs[off..].chunks(d))
                            .zip(gs[off..].chunks(d));
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
    x.contiguous()?.apply_op3(
        &weight.contiguous()?,
        &bias.contiguous()?,
        LayerNorm { eps },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::testing::check;
    use candle_core::{Device, Var};

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
}
