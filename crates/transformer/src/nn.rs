//! Small building blocks shared by the model files: a BERT-initialised linear
//! layer and embedding, a LayerNorm that picks differentiable or fused math,
//! dropout and the activation.
//!
//! Why the `train` flag matters: candle's fused `ops::layer_norm` and
//! `ops::softmax_last_dim` have no backward pass, so gradients would silently
//! stop at them. With `train = true`, LayerNorm, GELU, dropout (and, in
//! `attention`, the masked softmax) use the differentiable fused ops of
//! [`crate::ops`] instead.

use candle_core::{Module, Result, Tensor};
use candle_nn::{Init, VarBuilder};

use crate::config::{Config, HiddenAct};

/// BERT's `initializer_range`.
pub const INIT_STD: f64 = 0.02;

/// Initialisation hint for weight matrices and embeddings.
pub const WEIGHT_INIT: Init = Init::Randn {
    mean: 0.0,
    stdev: INIT_STD,
};

/// `nn.Linear` with weight `[out, in]` and an optional bias, initialised like BERT.
#[derive(Debug, Clone)]
pub struct Linear {
    weight: Tensor,
    bias: Option<Tensor>,
}

impl Linear {
    /// Loads `{vb}.weight` and `{vb}.bias`.
    pub fn load(vb: VarBuilder, in_dim: usize, out_dim: usize) -> Result<Self> {
        let weight = vb.get_with_hints((out_dim, in_dim), "weight", WEIGHT_INIT)?;
        let bias = vb.get_with_hints(out_dim, "bias", Init::Const(0.0))?;
        Ok(Self {
            weight,
            bias: Some(bias),
        })
    }

    pub fn new(weight: Tensor, bias: Option<Tensor>) -> Self {
        Self { weight, bias }
    }

    pub fn weight(&self) -> &Tensor {
        &self.weight
    }

    /// `x @ W^T + b` for `x` of shape `[..., in]`. With `train`, the bias is
    /// added by [`crate::ops::add_bias`], whose backward is cheaper.
    pub fn forward(&self, x: &Tensor, train: bool) -> Result<Tensor> {
        let dims = x.dims().to_vec();
        let in_dim = *dims.last().expect("linear input has a last dim");
        let rows: usize = dims[..dims.len() - 1].iter().product();
        let y = x.reshape((rows, in_dim))?.matmul(&self.weight.t()?)?;
        let y = match &self.bias {
            Some(b) if train => crate::ops::add_bias(&y, b)?,
            Some(b) => y.broadcast_add(b)?,
            None => y,
        };
        let mut out = dims;
        *out.last_mut().unwrap() = self.weight.dim(0)?;
        y.reshape(out)
    }
}

/// `nn.LayerNorm` with `weight` (init 1) and `bias` (init 0).
#[derive(Debug, Clone)]
pub struct LayerNorm {
    weight: Tensor,
    bias: Tensor,
    eps: f64,
}

impl LayerNorm {
    /// Loads `{vb}.weight` and `{vb}.bias`; old checkpoints' `gamma`/`beta`
    /// names are accepted too.
    pub fn load(vb: VarBuilder, size: usize, eps: f64) -> Result<Self> {
        let (w, b) = if !vb.contains_tensor("weight") && vb.contains_tensor("gamma") {
            ("gamma", "beta")
        } else {
            ("weight", "bias")
        };
        let weight = vb.get_with_hints(size, w, Init::Const(1.0))?;
        let bias = vb.get_with_hints(size, b, Init::Const(0.0))?;
        Ok(Self { weight, bias, eps })
    }

    /// Normalises the last dimension. `train` selects the differentiable
    /// (slow) formula; otherwise candle's fused kernel is used.
    pub fn forward(&self, x: &Tensor, train: bool) -> Result<Tensor> {
        if train {
            crate::ops::layer_norm(x, &self.weight, &self.bias, self.eps as f32)
        } else {
            candle_nn::ops::layer_norm(&x.contiguous()?, &self.weight, &self.bias, self.eps as f32)
        }
    }
}

/// `nn.Embedding` initialised with normal(0, 0.02).
#[derive(Debug, Clone)]
pub struct Embedding {
    table: Tensor,
}

impl Embedding {
    /// Loads `{vb}.weight` of shape `[count, dim]`.
    pub fn load(vb: VarBuilder, count: usize, dim: usize) -> Result<Self> {
        let table = vb.get_with_hints((count, dim), "weight", WEIGHT_INIT)?;
        Ok(Self { table })
    }

    pub fn table(&self) -> &Tensor {
        &self.table
    }

    /// Looks up `ids` (any shape, u32) and appends the embedding dimension.
    pub fn forward(&self, ids: &Tensor) -> Result<Tensor> {
        candle_nn::Embedding::new(self.table.clone(), self.table.dim(1)?).forward(ids)
    }
}

/// Inverted dropout, active only when `train` is set and `p > 0`.
pub fn dropout(x: &Tensor, p: f64, train: bool) -> Result<Tensor> {
    if train && p > 0.0 {
        crate::ops::dropout(x, p)
    } else {
        Ok(x.clone())
    }
}

/// Applies `hidden_act` (differentiable when `train`).
pub fn activation(x: &Tensor, act: HiddenAct, train: bool) -> Result<Tensor> {
    match act {
        HiddenAct::Gelu if train => crate::ops::gelu_erf(x),
        HiddenAct::Gelu => x.gelu_erf(),
        HiddenAct::GeluApprox => x.gelu(),
        HiddenAct::Relu => x.relu(),
    }
}

/// `dropout(x) + residual`: one fused differentiable op when `train`.
pub fn dropout_add(x: &Tensor, residual: &Tensor, p: f64, train: bool) -> Result<Tensor> {
    if train {
        crate::ops::dropout_add(x, residual, p)
    } else {
        x + residual
    }
}

/// Projection to the hidden size, dropout, residual and LayerNorm: the block after
/// self-attention (`attention.output`, HF's `BertSelfOutput`) and after the feed-forward
/// (`output`, HF's `BertOutput`), which differ only in their input width.
#[derive(Debug, Clone)]
pub struct OutputBlock {
    dense: Linear,
    layer_norm: LayerNorm,
    dropout: f64,
}

impl OutputBlock {
    /// `vb` points at the block (`…attention.output` or `…output`); `in_dim` is its input width.
    pub fn load(vb: VarBuilder, in_dim: usize, config: &Config) -> Result<Self> {
        Ok(Self {
            dense: Linear::load(vb.pp("dense"), in_dim, config.hidden_size)?,
            layer_norm: LayerNorm::load(vb.pp("LayerNorm"), config.hidden_size, config.layer_norm_eps)?,
            dropout: config.hidden_dropout_prob,
        })
    }

    pub fn forward(&self, x: &Tensor, residual: &Tensor, train: bool) -> Result<Tensor> {
        let x = dropout_add(&self.dense.forward(x, train)?, residual, self.dropout, train)?;
        self.layer_norm.forward(&x, train)
    }
}
