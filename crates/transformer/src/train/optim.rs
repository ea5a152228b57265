//! AdamW with decoupled weight decay, global-norm gradient clipping and a
//! linear warm-up/decay schedule.
//!
//! The update is the same as `candle_nn::AdamW` (bias-corrected moments,
//! `θ ← θ(1 − lr·λ) − lr·m̂/(√v̂ + ε)`), written here because training also
//! needs what that type keeps private: the moments, to save and resume them;
//! BERT's parameter groups (no weight decay on biases and LayerNorm); and a
//! gradient scale for clipping.

use std::collections::HashMap;

use candle_core::{backprop::GradStore, Tensor, Var};
use candle_nn::VarMap;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// AdamW hyper-parameters other than the learning rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AdamWParams {
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    pub weight_decay: f64,
}

impl Default for AdamWParams {
    fn default() -> Self {
        Self {
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.01,
        }
    }
}

struct Param {
    name: String,
    var: Var,
    m: Vec<f32>,
    v: Vec<f32>,
    decay: bool,
}

/// AdamW over the variables of a [`VarMap`].
pub struct AdamW {
    params: Vec<Param>,
    hp: AdamWParams,
    steps: usize,
}

/// What one optimizer step saw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepInfo {
    /// Global L2 norm of the gradients before clipping.
    pub grad_norm: f64,
}

const M_PREFIX: &str = "adamw.m.";
const V_PREFIX: &str = "adamw.v.";

impl AdamW {
    /// Tracks every variable of `varmap` (sorted by name). Biases and
    /// LayerNorm parameters get no weight decay.
    pub fn new(varmap: &VarMap, hp: AdamWParams) -> Self {
        let vars = varmap.data().lock().unwrap();
        let mut names: Vec<&String> = vars.keys().collect();
        names.sort();
        let params = names
            .into_iter()
            .map(|name| {
                let var = vars[name].clone();
                let n = var.elem_count();
                Param {
                    name: name.clone(),
                    var,
                    m: vec![0.0; n],
                    v: vec![0.0; n],
                    decay: !(name.ends_with("bias") || name.contains("LayerNorm")),
                }
            })
            .collect();
        Self {
            params,
            hp,
            steps: 0,
        }
    }

    /// Optimizer steps taken so far.
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// One update at learning rate `lr`. With `max_grad_norm`, gradients are
    /// scaled so their global norm is at most that value.
    pub fn step(
        &mut self,
        grads: &GradStore,
        lr: f64,
        max_grad_norm: Option<f64>,
    ) -> Result<StepInfo> {
        let mut gs: Vec<Option<Vec<f32>>> = Vec::with_capacity(self.params.len());
        let mut sq = 0f64;
        for p in &self.params {
            match grads.get(p.var.as_tensor()) {
                Some(g) => {
                    let g = g.flatten_all()?.to_vec1::<f32>()?;
                    sq += g.iter().map(|&x| (x as f64) * (x as f64)).sum::<f64>();
                    gs.push(Some(g));
                }
                None => gs.push(None),
            }
        }
        let grad_norm = sq.sqrt();
        let scale = match max_grad_norm {
            Some(max) if grad_norm > max && grad_norm > 0.0 => (max / grad_norm) as f32,
            _ => 1.0,
        };
        self.steps += 1;
        let t = self.steps as i32;
        let AdamWParams {
            beta1,
            beta2,
            eps,
            weight_decay,
        } = self.hp;
        let (b1, b2) = (beta1 as f32, beta2 as f32);
        let c1 = 1.0 / (1.0 - beta1.powi(t)) as f32;
        let c2 = 1.0 / (1.0 - beta2.powi(t)) as f32;
        let lr32 = lr as f32;
        let eps = eps as f32;
        for (p, g) in self.params.iter_mut().zip(gs) {
            let Some(g) = g else { continue };
            let mut theta = p.var.as_tensor().flatten_all()?.to_vec1::<f32>()?;
            let shrink = if p.decay {
                1.0 - (lr * weight_decay) as f32
            } else {
                1.0
            };
            for i in 0..theta.len() {
                let gi = g[i] * scale;
                let m = b1 * p.m[i] + (1.0 - b1) * gi;
                let v = b2 * p.v[i] + (1.0 - b2) * gi * gi;
                p.m[i] = m;
                p.v[i] = v;
                theta[i] = theta[i] * shrink - lr32 * (m * c1) / ((v * c2).sqrt() + eps);
            }
            let new = Tensor::from_vec(theta, p.var.shape(), p.var.device())?;
            p.var.set(&new)?;
        }
        Ok(StepInfo { grad_norm })
    }

    /// The moments as named tensors (`adamw.m.<var>`, `adamw.v.<var>`), to be
    /// saved beside the weights.
    pub fn state_tensors(&self) -> Result<HashMap<String, Tensor>> {
        let mut out = HashMap::new();
        for p in &self.params {
            let shape = p.var.shape();
            let dev = p.var.device();
            out.insert(
                format!("{M_PREFIX}{}", p.name),
                Tensor::from_slice(&p.m, shape, dev)?,
            );
            out.insert(
                format!("{V_PREFIX}{}", p.name),
                Tensor::from_slice(&p.v, shape, dev)?,
            );
        }
        Ok(out)
    }

    /// Restores moments saved by [`state_tensors`](Self::state_tensors) and
    /// the step count. Variables without saved moments keep zeros.
    pub fn load_state(&mut self, tensors: &crate::checkpoint::Weights, steps: usize) -> Result<()> {
        for p in &mut self.params {
            for (prefix, slot) in [(M_PREFIX, &mut p.m), (V_PREFIX, &mut p.v)] {
                if let Some(t) = tensors.get(&format!("{prefix}{}", p.name)) {
                    let data = t.flatten_all()?.to_vec1::<f32>()?;
                    if data.len() != slot.len() {
                        return Err(Error::Shape(format!(
                            "optimizer state for `{}` has {} values, expected {}",
                            p.name,
                            data.len(),
                            slot.len()
                        )));
                    }
                    *slot = data;
                }
            }
        }
        self.steps = steps;
        Ok(())
    }
}

/// Linear warm-up from 0 to `peak` over `warmup` steps, then linear decay to
/// 0 at `total`. `step` counts from 0.
pub fn linear_schedule(step: usize, warmup: usize, total: usize, peak: f64) -> f64 {
    if warmup > 0 && step < warmup {
        peak * (step + 1) as f64 / warmup as f64
    } else if total <= warmup {
        peak
    } else {
        peak * (total.saturating_sub(step)) as f64 / (total - warmup) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{DType, Device};
    use candle_nn::{Init, Optimizer};

    #[test]
    fn schedule_warms_up_then_decays() {
        assert!((linear_schedule(0, 10, 100, 1.0) - 0.1).abs() < 1e-9);
        assert!((linear_schedule(9, 10, 100, 1.0) - 1.0).abs() < 1e-9);
        assert!((linear_schedule(10, 10, 100, 1.0) - 1.0).abs() < 1e-9);
        assert!((linear_schedule(55, 10, 100, 1.0) - 0.5).abs() < 1e-9);
        assert_eq!(linear_schedule(100, 10, 100, 1.0), 0.0);
        assert_eq!(linear_schedule(3, 0, 0, 2.0), 2.0);
    }

    /// Same trajectory as candle_nn::AdamW on a decayed parameter.
    #[test]
    fn matches_candle_adamw() -> Result<()> {
        let dev = Device::Cpu;
        let vm = VarMap::new();
        let w = vm.get(
            (3, 2),
            "w",
            Init::Randn {
                mean: 0.0,
                stdev: 1.0,
            },
            DType::F32,
            &dev,
        )?;
        let start = w.copy()?;
        let reference = Var::from_tensor(&start)?;
        let mut ours = AdamW::new(&vm, AdamWParams::default());
        let mut theirs = candle_nn::AdamW::new(
            vec![reference.clone()],
            candle_nn::ParamsAdamW {
                lr: 0.01,
                ..Default::default()
            },
        )?;
        let var = vm.all_vars()[0].clone();
        for _ in 0..5 {
            let g1 = var.as_tensor().sqr()?.sum_all()?.backward()?;
            ours.step(&g1, 0.01, None)?;
            let g2 = reference.as_tensor().sqr()?.sum_all()?.backward()?;
            theirs.step(&g2)?;
        }
        let diff = (var.as_tensor() - reference.as_tensor())?
            .abs()?
            .max_all()?
            .to_scalar::<f32>()?;
        assert!(diff < 1e-5, "diff {diff}");
        Ok(())
    }
}
