//! Task heads that wrap the encoder: masked-LM pre-training and the
//! two-headed token tagger.

use candle_core::{Result, Tensor};
use candle_nn::{Init, VarBuilder};

use crate::bert::BertModel;
use crate::config::{Config, HiddenAct};
use crate::nn::{activation, dropout, LayerNorm, Linear};

/// `BertForMaskedLM`: encoder + `cls.predictions` (transform, then a decoder
/// to the vocabulary).
///
/// Port of `BertLMPredictionHead` in
/// <https://github.com/huggingface/transformers/blob/main/src/transformers/models/bert/modeling_bert.py>.
/// Names: `cls.predictions.transform.dense.*`,
/// `cls.predictions.transform.LayerNorm.*`, `cls.predictions.bias` and,
/// when the file has it, `cls.predictions.decoder.weight`; otherwise the
/// decoder is tied to `bert.embeddings.word_embeddings.weight` (Hugging Face
/// saves tied checkpoints without it).
#[derive(Debug, Clone)]
pub struct BertForMaskedLM {
    bert: BertModel,
    transform: Linear,
    transform_norm: LayerNorm,
    act: HiddenAct,
    decoder_weight: Tensor,
    decoder_bias: Tensor,
}

impl BertForMaskedLM {
    /// `vb` is the checkpoint root.
    pub fn load(vb: VarBuilder, config: &Config) -> Result<Self> {
        let bert = BertModel::load(vb.pp("bert"), config)?;
        let p = vb.pp("cls").pp("predictions");
        let h = config.hidden_size;
        let t = p.pp("transform");
        let transform = Linear::load(t.pp("dense"), h, h)?;
        let transform_norm = LayerNorm::load(t.pp("LayerNorm"), h, config.layer_norm_eps)?;
        let decoder = p.pp("decoder");
        let decoder_weight = if decoder.contains_tensor("weight") {
            decoder.get((config.vocab_size, h), "weight")?
        } else {
            bert.embeddings().word_embeddings().clone()
        };
        let decoder_bias = if !p.contains_tensor("bias") && decoder.contains_tensor("bias") {
            decoder.get(config.vocab_size, "bias")?
        } else {
            p.get_with_hints(config.vocab_size, "bias", Init::Const(0.0))?
        };
        Ok(Self {
            bert,
            transform,
            transform_norm,
            act: config.hidden_act,
            decoder_weight,
            decoder_bias,
        })
    }

    pub fn bert(&self) -> &BertModel {
        &self.bert
    }

    fn predict(&self, hidden: &Tensor, train: bool) -> Result<Tensor> {
        let x = activation(&self.transform.forward(hidden, train)?, self.act, train)?;
        let x = self.transform_norm.forward(&x, train)?;
        Linear::new(self.decoder_weight.clone(), Some(self.decoder_bias.clone())).forward(&x, train)
    }

    /// Vocabulary logits for every position: `[b, s, vocab]`.
    pub fn forward(
        &self,
        input_ids: &Tensor,
        attention_mask: Option<&Tensor>,
        train: bool,
    ) -> Result<Tensor> {
        let hidden = self.bert.forward(input_ids, None, attention_mask, train)?;
        self.predict(&hidden, train)
    }

    /// Vocabulary logits only at `positions` (u32 indices into the flattened
    /// `b * s` tokens): `[positions, vocab]`. Much cheaper than
    /// [`forward`](Self::forward) when 15 % of tokens are masked.
    pub fn forward_at(
        &self,
        input_ids: &Tensor,
        attention_mask: Option<&Tensor>,
        positions: &Tensor,
        train: bool,
    ) -> Result<Tensor> {
        let hidden = self.bert.forward(input_ids, None, attention_mask, train)?;
        let (b, s, h) = hidden.dims3()?;
        let picked = hidden.reshape((b * s, h))?.index_select(positions, 0)?;
        self.predict(&picked, train)
    }
}

/// Encoder + two token-classification heads: `entity_classifier` (BIO over
/// entity types) and `role_classifier` (BIO over ROLE). Two heads let a ROLE
/// span nest over an ORG or LOC span.
///
/// Names: `bert.*`, `entity_classifier.{weight,bias}`,
/// `role_classifier.{weight,bias}` (as `BertForTokenClassification`, with the
/// single `classifier` split in two).
#[derive(Debug, Clone)]
pub struct BertTagger {
    bert: BertModel,
    entity_classifier: Linear,
    role_classifier: Linear,
    dropout: f64,
}

/// Logits of both heads, `[b, s, labels]` each.
#[derive(Debug, Clone)]
pub struct TaggerLogits {
    pub entity: Tensor,
    pub role: Tensor,
}

impl BertTagger {
    /// `vb` is the checkpoint root; `num_entity` and `num_role` are the label
    /// counts of the two heads.
    pub fn load(
        vb: VarBuilder,
        config: &Config,
        num_entity: usize,
        num_role: usize,
    ) -> Result<Self> {
        let h = config.hidden_size;
        Ok(Self {
            bert: BertModel::load(vb.pp("bert"), config)?,
            entity_classifier: Linear::load(vb.pp("entity_classifier"), h, num_entity)?,
            role_classifier: Linear::load(vb.pp("role_classifier"), h, num_role)?,
            dropout: config.hidden_dropout_prob,
        })
    }

    pub fn bert(&self) -> &BertModel {
        &self.bert
    }

    /// `input_ids`: `[b, s]` u32 (with [CLS]/[SEP]); `attention_mask`: `[b, s]`.
    pub fn forward(
        &self,
        input_ids: &Tensor,
        attention_mask: Option<&Tensor>,
        train: bool,
    ) -> Result<TaggerLogits> {
        self.forward_with(input_ids, None, None, attention_mask, train)
    }

    /// [`forward`](Self::forward) with token-type ids `[b, s]` u32 (the lexicon feature
    /// class of each piece, for a checkpoint trained with them) and whole-word ids
    /// `[b, s]` u32 (for a model with word vectors).
    pub fn forward_with(
        &self,
        input_ids: &Tensor,
        token_type_ids: Option<&Tensor>,
        word_ids: Option<&Tensor>,
        attention_mask: Option<&Tensor>,
        train: bool,
    ) -> Result<TaggerLogits> {
        let hidden = self.bert.forward_with_words(input_ids, token_type_ids, word_ids, attention_mask, train)?;
        let hidden = dropout(&hidden, self.dropout, train)?;
        Ok(TaggerLogits {
            entity: self.entity_classifier.forward(&hidden, train)?,
            role: self.role_classifier.forward(&hidden, train)?,
        })
    }
}
