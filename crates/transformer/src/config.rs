//! Model hyper-parameters, read from and written to a Hugging Face `config.json`.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The activation of the feed-forward block (`hidden_act`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum HiddenAct {
    /// Exact GELU, `x * Φ(x)` computed with `erf` (BERT's `"gelu"`).
    #[default]
    #[serde(rename = "gelu")]
    Gelu,
    /// The tanh approximation (`"gelu_new"`, `"gelu_pytorch_tanh"`).
    #[serde(rename = "gelu_new", alias = "gelu_pytorch_tanh", alias = "gelu_fast")]
    GeluApprox,
    #[serde(rename = "relu")]
    Relu,
}

/// BERT hyper-parameters, field names as in Hugging Face's `BertConfig`.
///
/// Unknown keys (`architectures`, `id2label`, ...) are kept in `extra` and
/// written back unchanged by [`Config::save`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Config {
    #[serde(default = "d::vocab_size")]
    pub vocab_size: usize,
    #[serde(default = "d::hidden_size")]
    pub hidden_size: usize,
    #[serde(default = "d::num_hidden_layers")]
    pub num_hidden_layers: usize,
    #[serde(default = "d::num_attention_heads")]
    pub num_attention_heads: usize,
    #[serde(default = "d::intermediate_size")]
    pub intermediate_size: usize,
    #[serde(default)]
    pub hidden_act: HiddenAct,
    #[serde(default = "d::max_position_embeddings")]
    pub max_position_embeddings: usize,
    #[serde(default = "d::type_vocab_size")]
    pub type_vocab_size: usize,
    #[serde(default = "d::layer_norm_eps")]
    pub layer_norm_eps: f64,
    #[serde(default = "d::dropout")]
    pub hidden_dropout_prob: f64,
    #[serde(default = "d::dropout")]
    pub attention_probs_dropout_prob: f64,
    #[serde(default)]
    pub pad_token_id: u32,
    #[serde(default = "d::model_type")]
    pub model_type: String,
    /// Rows of the frozen whole-word vector table (row 0: unknown word); `None`: no
    /// word vectors, as in plain BERT. Not a Hugging Face key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub word_vectors: Option<usize>,
    /// Width of those vectors (projected to `hidden_size` and added to the embeddings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub word_vector_dim: Option<usize>,
    /// Keys this crate does not use, kept so a round trip loses nothing.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

mod d {
    pub fn vocab_size() -> usize {
        30522
    }
    pub fn hidden_size() -> usize {
        768
    }
    pub fn num_hidden_layers() -> usize {
        12
    }
    pub fn num_attention_heads() -> usize {
        12
    }
    pub fn intermediate_size() -> usize {
        3072
    }
    pub fn max_position_embeddings() -> usize {
        512
    }
    pub fn type_vocab_size() -> usize {
        2
    }
    pub fn layer_norm_eps() -> f64 {
        1e-12
    }
    pub fn dropout() -> f64 {
        0.1
    }
    pub fn model_type() -> String {
        "bert".to_string()
    }
}

impl Default for Config {
    /// `bert-base` sizes.
    fn default() -> Self {
        serde_json::from_str("{}").expect("all fields have defaults")
    }
}

impl Config {
    /// A small model: `layers` layers of width `hidden`, `heads` heads and a
    /// feed-forward of `4 * hidden`, other fields at BERT's defaults.
    pub fn small(vocab_size: usize, hidden: usize, layers: usize, heads: usize) -> Self {
        Config {
            vocab_size,
            hidden_size: hidden,
            num_hidden_layers: layers,
            num_attention_heads: heads,
            intermediate_size: 4 * hidden,
            ..Config::default()
        }
    }

    /// Reads a `config.json`.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let config: Config = serde_json::from_str(&text).map_err(|source| Error::Json {
            path: path.to_path_buf(),
            source,
        })?;
        config.validate()?;
        Ok(config)
    }

    /// Writes a pretty-printed `config.json`.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let text = serde_json::to_string_pretty(self).expect("config serializes");
        std::fs::write(path, text).map_err(|e| Error::io(path, e))
    }

    /// Checks the sizes are consistent (`hidden_size` divisible by the heads).
    pub fn validate(&self) -> Result<()> {
        if self.num_attention_heads == 0
            || self.head_size() * self.num_attention_heads != self.hidden_size
        {
            return Err(Error::Invalid(format!(
                "hidden_size {} is not a multiple of num_attention_heads {}",
                self.hidden_size, self.num_attention_heads
            )));
        }
        if self.max_position_embeddings < 3 {
            return Err(Error::Invalid(
                "max_position_embeddings must be at least 3".into(),
            ));
        }
        Ok(())
    }

    /// Size of one attention head.
    pub fn head_size(&self) -> usize {
        self.hidden_size / self.num_attention_heads
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HF_CONFIG: &str = r#"{
      "architectures": ["BertForMaskedLM"],
      "attention_probs_dropout_prob": 0.1,
      "classifier_dropout": null,
      "hidden_act": "gelu",
      "hidden_dropout_prob": 0.1,
      "hidden_size": 256,
      "initializer_range": 0.02,
      "intermediate_size": 1024,
      "layer_norm_eps": 1e-12,
      "max_position_embeddings": 512,
      "model_type": "bert",
      "num_attention_heads": 4,
      "num_hidden_layers": 4,
      "pad_token_id": 0,
      "position_embedding_type": "absolute",
      "torch_dtype": "float32",
      "transformers_version": "4.40.0",
      "type_vocab_size": 2,
      "use_cache": true,
      "vocab_size": 32000
    }"#;

    #[test]
    fn reads_hugging_face_config_and_round_trips() {
        let c: Config = serde_json::from_str(HF_CONFIG).unwrap();
        assert_eq!(c.hidden_size, 256);
        assert_eq!(c.num_hidden_layers, 4);
        assert_eq!(c.vocab_size, 32000);
        assert_eq!(c.hidden_act, HiddenAct::Gelu);
        assert_eq!(c.head_size(), 64);
        assert!(c.extra.contains_key("architectures"));
        let back: Config = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
        let v: serde_json::Value = serde_json::to_value(&c).unwrap();
        assert_eq!(v["hidden_act"], "gelu");
        assert_eq!(v["initializer_range"], 0.02);
    }

    #[test]
    fn defaults_fill_missing_fields() {
        let c: Config =
            serde_json::from_str(r#"{"hidden_size": 64, "num_attention_heads": 2}"#).unwrap();
        assert_eq!(c.vocab_size, 30522);
        assert_eq!(c.max_position_embeddings, 512);
        assert_eq!(c.pad_token_id, 0);
        c.validate().unwrap();
        let bad = Config {
            num_attention_heads: 3,
            ..c
        };
        assert!(bad.validate().is_err());
    }

    #[test]
    fn gelu_variants_parse() {
        let c: Config = serde_json::from_str(r#"{"hidden_act": "gelu_pytorch_tanh"}"#).unwrap();
        assert_eq!(c.hidden_act, HiddenAct::GeluApprox);
    }
}
