//! Cross-entropy with an ignore index, fused.

use std::sync::Mutex;

use candle_core::{bail, CpuStorage, CustomOp1, Layout, Result, Shape, Tensor};

use super::{last_dim, par_ranges, par_units, slice, with_data};

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
        par_ranges(
            self.labels.len(),
            x.len() / self.labels.len().max(1),
            |rows| {
                let mut acc = 0f64;
                for r in rows {
                    let Ok(t) = usize::try_from(self.labels[r]) else {
                        continue;
                    };
                    let row = &x[r * c..(r + 1) * c];
                    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                    let sum: f32 = row.iter().map(|v| (v - max).exp()).sum();
                    acc += (max + sum.ln() - row[t]) as f64;
                }
                parts.lock().unwrap().push(acc);
            },
        );
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
                    let Ok(t) = usize::try_from(self.labels[off / c + k]) else {
                        continue;
                    };
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
    logits
        .contiguous()?
        .apply_op1(CrossEntropy { labels, count })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::testing::check;
    use candle_core::{Device, Var};

    #[test]
    #[cfg(feature = "train")]
    fn cross_entropy_matches_gather_version() -> Result<()> {
        let dev = Device::Cpu;
        let x = Var::from_tensor(&(Tensor::randn(0f32, 3.0, (37, 11), &dev)?))?;
        let labels: Vec<i64> = (0..37)
            .map(|i| if i % 5 == 0 { -100 } else { i % 11 })
            .collect();
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
}
