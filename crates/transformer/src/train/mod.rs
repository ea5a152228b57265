//! Training: MLM pre-training and tagger fine-tuning.
//!
//! Inference code ([`crate::Tagger`]) never imports this module. Training
//! builds models on a [`candle_nn::VarMap`] and runs them with `train = true`,
//! which selects differentiable LayerNorm/softmax and turns dropout on.
//!
//! Both loops report [`Progress`] events to a callback (a CLI can drive a
//! progress bar from them), append them to `out_dir/train_log.jsonl`, and
//! write a resumable `checkpoint.safetensors` + `state.json`.

mod batch;
mod fasttext;
mod finetune;
mod init;
mod loss;
mod metrics;
mod optim;
mod pretrain;
mod progress;
mod skipgram;
mod state;
mod word;
mod word_lm;
mod word_lm_export;

pub use batch::{Masking, SpecialIds};
pub use fasttext::{cosine, fasttext, FastText, FastTextConfig, FASTTEXT_CONFIG};
pub use finetune::{
    evaluate, finetune, save_model_dir, FinetuneOutcome, TrainConfig, TrainExample,
};
pub use init::{init_bert_weights, new_mlm, new_tagger};
pub use loss::{masked_cross_entropy, IGNORE_INDEX};
pub use metrics::{span_f1, SpanScores};
pub use optim::{linear_schedule, AdamW, AdamWParams, StepInfo};
pub use pretrain::{pretrain_mlm, PretrainConfig, PretrainOutcome};
pub use progress::Progress;
pub use skipgram::{rescale, save_embeddings, skipgram, unit_rows, SkipGramConfig};
pub use word::{evaluate_words, init_word_weights, repair_bio, save_word_model, train_word_tagger, WordExample, WordTrainConfig};
pub use word_lm::{load_encoder, pretrain_word_lm, WordLmConfig, WordLmOutcome};
pub use word_lm_export::{export_word_lm_corpus, ExportSummary};
pub use state::{TrainState, CHECKPOINT_FILE, STATE_FILE};

#[cfg(test)]
mod tests;
