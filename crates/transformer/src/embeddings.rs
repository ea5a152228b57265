//! Word + position + token-type embeddings, then LayerNorm and dropout.
//!
//! Port of `BertEmbeddings` in
//! <https://github.com/huggingface/transformers/blob/main/src/transformers/models/bert/modeling_bert.py>.
//! Tensor names: `embeddings.word_embeddings.weight`,
//! `embeddings.position_embeddings.weight`, `embeddings.token_type_embeddings.weight`,
//! `embeddings.LayerNorm.{weight,bias}`.

use candle_core::{Result, Tensor};
use candle_nn::VarBuilder;

use crate::config::Config;
use crate::nn::{dropout, Embedding, LayerNorm};

#[derive(Debug, Clone)]
pub struct BertEmbeddings {
    word_embeddings: Embedding,
    position_embeddings: Embedding,
    token_type_embeddings: Embedding,
    layer_norm: LayerNorm,
    dropout: f64,
    max_positions: usize,
}

impl BertEmbeddings {
    /// `vb` points at `bert.embeddings`.
    pub fn load(vb: VarBuilder, config: &Config) -> Result<Self> {
        let h = config.hidden_size;
        Ok(Self {
            word_embeddings: Embedding::load(vb.pp("word_embeddings"), config.vocab_size, h)?,
            position_embeddings: Embedding::load(
                vb.pp("position_embeddings"),
                config.max_position_embeddings,
                h,
            )?,
            token_type_embeddings: Embedding::load(
                vb.pp("token_type_embeddings"),
                config.type_vocab_size,
                h,
            )?,
            layer_norm: LayerNorm::load(vb.pp("LayerNorm"), h, config.layer_norm_eps)?,
            dropout: config.hidden_dropout_prob,
            max_positions: config.max_position_embeddings,
        })
    }

    /// The word-embedding table `[vocab, hidden]` (tied to the MLM decoder).
    pub fn word_embeddings(&self) -> &Tensor {
        self.word_embeddings.table()
    }

    /// `input_ids`: `[batch, seq]` u32. `token_type_ids`: same shape, or `None`
    /// for all zeros. Returns `[batch, seq, hidden]`.
    pub fn forward(
        &self,
        input_ids: &Tensor,
        token_type_ids: Option<&Tensor>,
        train: bool,
    ) -> Result<Tensor> {
        let (_batch, seq) = input_ids.dims2()?;
        if seq > self.max_positions {
            candle_core::bail!(
                "sequence length {seq} exceeds max_position_embeddings {}",
                self.max_positions
            );
        }
        let words = self.word_embeddings.forward(input_ids)?;
        let positions = self.position_embeddings.table().narrow(0, 0, seq)?;
        let types = match token_type_ids {
            Some(t) => self.token_type_embeddings.forward(t)?,
            None => self
                .token_type_embeddings
                .table()
                .narrow(0, 0, 1)?
                .unsqueeze(0)?,
        };
        let x = words
            .broadcast_add(&positions.unsqueeze(0)?)?
            .broadcast_add(&types)?;
        let x = self.layer_norm.forward(&x, train)?;
        dropout(&x, self.dropout, train)
    }
}
