//! Word + position + token-type embeddings, then LayerNorm and dropout.
//!
//! Port of `BertEmbeddings` in
//! <https://github.com/huggingface/transformers/blob/main/src/transformers/models/bert/modeling_bert.py>.
//! Tensor names: `embeddings.word_embeddings.weight`,
//! `embeddings.position_embeddings.weight`, `embeddings.token_type_embeddings.weight`,
//! `embeddings.LayerNorm.{weight,bias}`.
//!
//! Beyond BERT, when the config asks for them: frozen whole-word vectors
//! (`embeddings.word_vectors.weight`, trained by skip-gram on news) projected to the
//! hidden size (`embeddings.word_projection.{weight,bias}`) and added to every piece
//! of the word. A small labeled set cannot teach what a word is; vectors learned from
//! millions of words of news can, for words the labeled set never shows.

use candle_core::{Module, Result, Tensor};
use candle_nn::VarBuilder;

use crate::config::Config;
use crate::nn::{dropout, Embedding, LayerNorm, Linear};

#[derive(Debug, Clone)]
pub struct BertEmbeddings {
    word_embeddings: Embedding,
    position_embeddings: Embedding,
    token_type_embeddings: Embedding,
    layer_norm: LayerNorm,
    dropout: f64,
    max_positions: usize,
    word_vectors: Option<(Embedding, Linear)>,
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
            word_vectors: match (config.word_vectors, config.word_vector_dim) {
                (Some(n), Some(d)) => Some((
                    Embedding::load(vb.pp("word_vectors"), n, d)?,
                    Linear::load(vb.pp("word_projection"), d, h)?,
                )),
                _ => None,
            },
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
        self.forward_with_words(input_ids, token_type_ids, None, train)
    }

    /// [`forward`](Self::forward) with the whole-word id of every piece (`[batch, seq]`
    /// u32, 0 for unknown), used when the model has word vectors.
    pub fn forward_with_words(
        &self,
        input_ids: &Tensor,
        token_type_ids: Option<&Tensor>,
        word_ids: Option<&Tensor>,
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
        let mut x = words
            .broadcast_add(&positions.unsqueeze(0)?)?
            .broadcast_add(&types)?;
        if let Some((table, projection)) = &self.word_vectors {
            let ids = match word_ids {
                Some(w) => w.clone(),
                None => input_ids.zeros_like()?,
            };
            // Frozen: the table carries what news taught; only the projection learns.
            let v = candle_nn::Embedding::new(table.table().detach(), table.table().dim(1)?).forward(&ids)?;
            x = (x + projection.forward(&v, train)?)?;
        }
        let x = self.layer_norm.forward(&x, train)?;
        dropout(&x, self.dropout, train)
    }
}
