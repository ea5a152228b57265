//! A BERT encoder with token-classification heads, on candle, for qawl's
//! Arabic entity and role tagging.
//!
//! # Overview
//!
//! * [`Config`] reads a Hugging Face `config.json`.
//! * [`BertModel`] is the encoder, built from one plain struct per layer
//!   ([`embeddings`], [`attention`], [`encoder`]), each with `load(vb, config)`
//!   and `forward`. Tensor names are Hugging Face's (`bert.embeddings.*`,
//!   `bert.encoder.layer.N.attention.self.query.weight`, ...), so a checkpoint
//!   saved by PyTorch `BertForMaskedLM` or `BertForTokenClassification` loads
//!   unchanged. Every `forward` takes `train`: `true` uses differentiable
//!   LayerNorm/softmax and dropout, `false` candle's fused kernels.
//! * Heads wrap the encoder ([`heads`]): [`BertForMaskedLM`] for
//!   pre-training, and [`BertTagger`] with an `entity_classifier` (BIO over
//!   PERSON/ORG/LOC/MISC, [`ENTITY_LABELS`]) and a `role_classifier` (BIO over
//!   ROLE, [`ROLE_LABELS`]), so a role can nest over an organisation.
//! * [`ops`] holds fused, differentiable training ops (LayerNorm, softmax
//!   with mask and dropout, GELU, dropout + residual, bias add,
//!   cross-entropy with ignore index): candle's fused kernels have no
//!   backward pass and its composed ones are slow to differentiate.
//! * [`decode`] holds BIO-constrained Viterbi decoding and span extraction.
//! * [`Tagger`] is the inference entry point: a checkpoint directory
//!   (`config.json`, `labels.json`, `model.safetensors`) that labels subword
//!   sequences in padded batches, windowing sequences longer than the model.
//! * `train` (the `train` feature, on by default; never imported by inference, and
//!   left out of `qawl-pipeline`'s build, which turns default features off) pre-trains with masked-LM and
//!   fine-tunes the tagger, with AdamW, warm-up/decay, clipping, dev span F1,
//!   best-model saving and resumable checkpoints.
//!
//! # Example
//!
//! ```no_run
//! use qawl_transformer::Tagger;
//!
//! # fn main() -> Result<(), qawl_transformer::Error> {
//! let tagger = Tagger::load("models/ner")?;
//! // Subword ids without [CLS]/[SEP]; the tagger adds them.
//! let tagged = tagger.predict(&[vec![812, 97, 5531, 40]])?;
//! for (i, &label) in tagged[0].entity.iter().enumerate() {
//!     let name = &tagger.entity_labels()[label];
//!     let role = &tagger.role_labels()[tagged[0].role[i]];
//!     println!("{i}: {name} {role} ({:.2})", tagged[0].entity_confidence[i]);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Training, from a CLI:
//!
//! ```no_run
//! use qawl_transformer::train::{finetune, TrainConfig, TrainExample};
//!
//! # fn main() -> Result<(), qawl_transformer::Error> {
//! # let (train, dev): (Vec<TrainExample>, Vec<TrainExample>) = (vec![], vec![]);
//! let cfg = TrainConfig { init_from: Some("models/mlm".into()), epochs: 3, ..Default::default() };
//! let outcome = finetune(&cfg, &train, &dev, "models/ner", &mut |p| eprintln!("{p:?}"))?;
//! println!("best dev F1 {:?}", outcome.best_dev.map(|s| s.f1));
//! # Ok(())
//! # }
//! ```

pub mod attention;
pub mod bert;
pub mod checkpoint;
pub mod config;
pub mod crf;
pub mod decode;
pub mod embeddings;
pub mod encoder;
pub mod error;
pub mod heads;
pub mod labels;
pub mod lstm;
pub mod ngrams;
pub mod nn;
pub mod ops;
pub mod tagger;
#[cfg(feature = "train")]
pub mod train;
pub mod word;

#[cfg(test)]
pub(crate) mod test_util;

pub use bert::BertModel;
pub use checkpoint::{LoadReport, Weights};
pub use config::{Config, HiddenAct};
pub use decode::{viterbi_bio, Bio, BioScheme, Span};
pub use error::{Error, Result};
pub use heads::{BertForMaskedLM, BertTagger, TaggerLogits};
pub use labels::{Labels, Transitions, ENTITY_LABELS, ROLE_LABELS};
pub use tagger::{TaggedSeq, Tagger, TaggerOptions};
