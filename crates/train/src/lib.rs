//! # qawl-train: training the qawl tagger, kept out of the runtime path
//!
//! [`qawl_pipeline`] and `qawl extract` depend on inference only; everything a training run
//! needs lives here:
//!
//! * [`labeled`]: labeled BIO and CoNLL corpora read into [`LabeledSentence`]s, and the
//!   examples a subword or word tagger learns from, built with the same input code
//!   ([`qawl_pipeline::piece_inputs`], [`qawl_pipeline::word_inputs`]) the pipeline runs;
//! * [`corpora`]: the shared corpora (the labeled training sets, unlabeled news paragraphs);
//! * [`vectors`]: skip-gram vectors of whole words;
//! * [`loops`]: the training loops, losses and optimizer (`qawl-transformer`'s `train`
//!   feature, which only this crate turns on).
//!
//! ```
//! use qawl_train::labeled::{word_examples, LabeledSentence};
//! use qawl_transformer::Labels;
//!
//! let s = LabeledSentence { words: vec!["قال".into(), "محمد".into()], entity: vec!["O".into(), "B-PERSON".into()], role: None, ignore_entities: false };
//! let examples = word_examples(&[s], None, &Labels::default());
//! assert_eq!(examples[0].entity_labels.len(), 2);
//! ```

pub mod corpora;
pub mod error;
pub mod labeled;
pub mod vectors;

pub use error::Error;
pub use labeled::{ConllOptions, LabeledSentence};
/// The transformer's training loops (MLM pre-training, fine-tuning, the word tagger,
/// skip-gram and fastText vectors), with their configs, losses and optimizer.
pub use qawl_transformer::train as loops;
