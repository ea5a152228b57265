//! Multi-head self-attention with an additive padding mask.
//!
//! Port of `BertSelfAttention` + `BertSelfOutput` (together `BertAttention`) in
//! <https://github.com/huggingface/transformers/blob/main/src/transformers/models/bert/modeling_bert.py>.
//! Tensor names below `attention`: `self.{query,key,value}.{weight,bias}`,
//! `output.dense.{weight,bias}`, `output.LayerNorm.{weight,bias}`.

use candle_core::{Result, Tensor};
use candle_nn::VarBuilder;

use crate::config::Config;
use crate::nn::{Linear, OutputBlock};

/// `attention.self`: the query/key/value projections and scaled dot-product.
#[derive(Debug, Clone)]
pub struct BertSelfAttention {
    query: Linear,
    key: Linear,
    value: Linear,
    num_heads: usize,
    head_size: usize,
    dropout: f64,
}

impl BertSelfAttention {
    pub fn load(vb: VarBuilder, config: &Config) -> Result<Self> {
        let h = config.hidden_size;
        Ok(Self {
            query: Linear::load(vb.pp("query"), h, h)?,
            key: Linear::load(vb.pp("key"), h, h)?,
            value: Linear::load(vb.pp("value"), h, h)?,
            num_heads: config.num_attention_heads,
            head_size: config.head_size(),
            dropout: config.attention_probs_dropout_prob,
        })
    }

    /// `[b, s, h]` -> `[b, heads, s, head_size]`, contiguous.
    fn split_heads(&self, x: &Tensor) -> Result<Tensor> {
        let (b, s, _) = x.dims3()?;
        x.reshape((b, s, self.num_heads, self.head_size))?
            .transpose(1, 2)?
            .contiguous()
    }

    /// `x`: `[b, s, h]`; `mask`: additive `[b, s]` (0 keep, large negative
    /// for padding). Returns the context `[b, s, h]`.
    pub fn forward(&self, x: &Tensor, mask: &Tensor, train: bool) -> Result<Tensor> {
        let (b, s, h) = x.dims3()?;
        let scale = 1.0 / (self.head_size as f64).sqrt();
        let q = self.split_heads(&(self.query.forward(x, train)? * scale)?)?;
        let k = self.split_heads(&self.key.forward(x, train)?)?;
        let v = self.split_heads(&self.value.forward(x, train)?)?;
        let scores = q.matmul(&k.t()?)?;
        let probs = if train {
            // softmax(scores + mask) and dropout in one differentiable op.
            crate::ops::attention_probs(&scores, mask, self.dropout)?
        } else {
            let scores = scores.broadcast_add(&mask.reshape((b, 1, 1, s))?)?;
            candle_nn::ops::softmax_last_dim(&scores)?
        };
        probs.matmul(&v)?.transpose(1, 2)?.reshape((b, s, h))
    }
}

/// `attention`: self-attention followed by its output block.
#[derive(Debug, Clone)]
pub struct BertAttention {
    self_attention: BertSelfAttention,
    output: OutputBlock,
}

impl BertAttention {
    pub fn load(vb: VarBuilder, config: &Config) -> Result<Self> {
        Ok(Self {
            self_attention: BertSelfAttention::load(vb.pp("self"), config)?,
            output: OutputBlock::load(vb.pp("output"), config.hidden_size, config)?,
        })
    }

    pub fn forward(&self, x: &Tensor, mask: &Tensor, train: bool) -> Result<Tensor> {
        let ctx = self.self_attention.forward(x, mask, train)?;
        self.output.forward(&ctx, x, train)
    }
}

/// Turns a `[b, s]` 1/0 attention mask (any dtype) into the additive
/// `[b, s]` f32 mask the attention expects (0 keep, -1e9 padding).
pub fn additive_mask(mask: &Tensor) -> Result<Tensor> {
    let m = mask.to_dtype(candle_core::DType::F32)?;
    (m - 1.0)? * 1e9
}
