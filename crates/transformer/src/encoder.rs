//! The transformer layers: attention, then the GELU feed-forward block.
//!
//! Port of `BertIntermediate`, `BertOutput`, `BertLayer` and `BertEncoder` in
//! <https://github.com/huggingface/transformers/blob/main/src/transformers/models/bert/modeling_bert.py>.
//! Tensor names below `encoder.layer.N`: `attention.*`, `intermediate.dense.*`,
//! `output.dense.*`, `output.LayerNorm.*`.

use candle_core::{Result, Tensor};
use candle_nn::VarBuilder;

use crate::attention::BertAttention;
use crate::config::{Config, HiddenAct};
use crate::nn::{activation, Linear, OutputBlock};

/// `intermediate`: hidden -> intermediate with the activation.
#[derive(Debug, Clone)]
pub struct BertIntermediate {
    dense: Linear,
    act: HiddenAct,
}

impl BertIntermediate {
    pub fn load(vb: VarBuilder, config: &Config) -> Result<Self> {
        Ok(Self {
            dense: Linear::load(vb.pp("dense"), config.hidden_size, config.intermediate_size)?,
            act: config.hidden_act,
        })
    }

    pub fn forward(&self, x: &Tensor, train: bool) -> Result<Tensor> {
        activation(&self.dense.forward(x, train)?, self.act, train)
    }
}

/// One `encoder.layer.N`.
#[derive(Debug, Clone)]
pub struct BertLayer {
    attention: BertAttention,
    intermediate: BertIntermediate,
    output: OutputBlock,
}

impl BertLayer {
    pub fn load(vb: VarBuilder, config: &Config) -> Result<Self> {
        Ok(Self {
            attention: BertAttention::load(vb.pp("attention"), config)?,
            intermediate: BertIntermediate::load(vb.pp("intermediate"), config)?,
            output: OutputBlock::load(vb.pp("output"), config.intermediate_size, config)?,
        })
    }

    pub fn forward(&self, x: &Tensor, mask: &Tensor, train: bool) -> Result<Tensor> {
        let a = self.attention.forward(x, mask, train)?;
        let i = self.intermediate.forward(&a, train)?;
        self.output.forward(&i, &a, train)
    }
}

/// `encoder`: the stack of layers.
#[derive(Debug, Clone)]
pub struct BertEncoder {
    layers: Vec<BertLayer>,
}

impl BertEncoder {
    pub fn load(vb: VarBuilder, config: &Config) -> Result<Self> {
        let vb = vb.pp("layer");
        let layers = (0..config.num_hidden_layers)
            .map(|i| BertLayer::load(vb.pp(i), config))
            .collect::<Result<Vec<_>>>()?;
        Ok(Self { layers })
    }

    pub fn forward(&self, x: &Tensor, mask: &Tensor, train: bool) -> Result<Tensor> {
        let mut x = x.clone();
        for layer in &self.layers {
            x = layer.forward(&x, mask, train)?;
        }
        Ok(x)
    }
}
