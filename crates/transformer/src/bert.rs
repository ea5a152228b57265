//! The BERT encoder: embeddings followed by the layer stack.
//!
//! Port of `BertModel` (without the pooler, as in `BertForMaskedLM` and
//! `BertForTokenClassification`) in
//! <https://github.com/huggingface/transformers/blob/main/src/transformers/models/bert/modeling_bert.py>.
//! Heads load it with `vb.pp("bert")`, so names read `bert.embeddings.*` and
//! `bert.encoder.layer.N.*` exactly as in a PyTorch checkpoint.

use candle_core::{Result, Tensor};
use candle_nn::VarBuilder;

use crate::attention::additive_mask;
use crate::config::Config;
use crate::embeddings::BertEmbeddings;
use crate::encoder::BertEncoder;

#[derive(Debug, Clone)]
pub struct BertModel {
    embeddings: BertEmbeddings,
    encoder: BertEncoder,
}

impl BertModel {
    /// `vb` points at `bert`.
    pub fn load(vb: VarBuilder, config: &Config) -> Result<Self> {
        Ok(Self {
            embeddings: BertEmbeddings::load(vb.pp("embeddings"), config)?,
            encoder: BertEncoder::load(vb.pp("encoder"), config)?,
        })
    }

    pub fn embeddings(&self) -> &BertEmbeddings {
        &self.embeddings
    }

    /// `input_ids`: `[b, s]` u32; `attention_mask`: `[b, s]` with 1 for real
    /// tokens and 0 for padding (`None`: no padding). With `train` set, the
    /// computation is differentiable and dropout is on; otherwise fused
    /// kernels are used. Returns the last hidden states `[b, s, hidden]`.
    pub fn forward(
        &self,
        input_ids: &Tensor,
        token_type_ids: Option<&Tensor>,
        attention_mask: Option<&Tensor>,
        train: bool,
    ) -> Result<Tensor> {
        self.forward_with_words(input_ids, token_type_ids, None, attention_mask, train)
    }

    /// [`forward`](Self::forward) with whole-word ids for models with word vectors.
    pub fn forward_with_words(
        &self,
        input_ids: &Tensor,
        token_type_ids: Option<&Tensor>,
        word_ids: Option<&Tensor>,
        attention_mask: Option<&Tensor>,
        train: bool,
    ) -> Result<Tensor> {
        let (b, s) = input_ids.dims2()?;
        let mask = match attention_mask {
            Some(m) => additive_mask(m)?,
            None => Tensor::zeros((b, s), candle_core::DType::F32, input_ids.device())?,
        };
        let x = self.embeddings.forward_with_words(input_ids, token_type_ids, word_ids, train)?;
        self.encoder.forward(&x, &mask, train)
    }
}
