//! The word-level tagger: per word a frozen subword-aware vector, a character CNN and
//! the lexicon feature flags, a BiLSTM over the sentence, and a linear-chain CRF per head.
//!
//! * [`vectors`]: the frozen fastText-style word vectors (a word table and an n-gram table);
//! * [`chars`]: the character CNN;
//! * [`model`]: the network ([`WordTaggerModel`]) and its inputs ([`WordInput`]);
//! * [`tagger`]: inference ([`WordTagger`]): padded batches, Viterbi, marginals;
//! * [`ensemble`]: several trained taggers joined in one checkpoint, their scores averaged;
//! * the CRF is [`crate::crf`], the BiLSTM [`crate::lstm`], training
//!   [`crate::train::train_word_tagger`].

pub mod chars;
pub mod ensemble;
pub mod model;
pub mod tagger;
pub mod vectors;

pub use ensemble::{join_members, Ensemble};
pub use model::{WordConfig, WordInput, WordTaggerModel, WORD_MODEL_TYPE};
pub use tagger::{is_word_tagger, WordTagger};
pub use vectors::{VectorsConfig, WordVectors};
