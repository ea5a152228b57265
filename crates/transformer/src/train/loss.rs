//! Cross-entropy that skips ignored positions.

use candle_core::{DType, Result, Tensor, D};

/// The label value that marks a position to skip (as in PyTorch).
pub const IGNORE_INDEX: i64 = -100;

/// Mean cross-entropy of `logits` `[n, classes]` against `labels` `[n]`
/// (i64), over positions whose label is not negative (e.g. [`IGNORE_INDEX`]).
/// Returns a scalar; 0 when every position is ignored.
///
/// `candle_nn::loss::cross_entropy` has no ignore index, so this picks the
/// target log-probabilities with `gather` (clamping ignored labels to 0) and
/// zeroes the ignored ones with a mask before averaging. The training loops
/// use [`crate::ops::cross_entropy`], the same function as one fused op
/// (tested against this one).
pub fn masked_cross_entropy(logits: &Tensor, labels: &Tensor) -> Result<Tensor> {
    let (_n, classes) = logits.dims2()?;
    let labels = labels.to_dtype(DType::I64)?;
    let keep = labels.ge(0i64)?.to_dtype(DType::F32)?;
    let safe = labels.clamp(0i64, classes as i64 - 1)?;
    let log_probs = candle_nn::ops::log_softmax(logits, D::Minus1)?;
    let picked = log_probs.gather(&safe.unsqueeze(1)?, 1)?.squeeze(1)?;
    let count = keep.sum_all()?.to_scalar::<f32>()?.max(1.0) as f64;
    (picked * keep)?.sum_all()? * (-1.0 / count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::Device;

    #[test]
    fn ignored_positions_do_not_count() -> Result<()> {
        let dev = Device::Cpu;
        let logits = Tensor::new(
            &[[2.0f32, 0.0, 0.0], [0.0, 5.0, 0.0], [1.0, 1.0, 1.0]],
            &dev,
        )?;
        let labels = Tensor::new(&[0i64, IGNORE_INDEX, 2], &dev)?;
        let got = masked_cross_entropy(&logits, &labels)?.to_scalar::<f32>()?;
        // Reference: candle's cross_entropy on the kept rows only.
        let kept = Tensor::new(&[[2.0f32, 0.0, 0.0], [1.0, 1.0, 1.0]], &dev)?;
        let want = candle_nn::loss::cross_entropy(&kept, &Tensor::new(&[0u32, 2], &dev)?)?
            .to_scalar::<f32>()?;
        assert!((got - want).abs() < 1e-6, "{got} vs {want}");
        let none = masked_cross_entropy(&logits, &Tensor::new(&[-100i64; 3], &dev)?)?
            .to_scalar::<f32>()?;
        assert_eq!(none, 0.0);
        Ok(())
    }
}
