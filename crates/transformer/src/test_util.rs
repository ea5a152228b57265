//! Helpers for the unit tests: tiny models and scratch directories.

use std::path::PathBuf;

use crate::config::Config;

/// hidden 32, 2 layers, 4 heads, intermediate 64, vocab 50, 64 positions.
pub fn tiny_config() -> Config {
    Config {
        vocab_size: 50,
        hidden_size: 32,
        num_hidden_layers: 2,
        num_attention_heads: 4,
        intermediate_size: 64,
        max_position_embeddings: 64,
        ..Config::default()
    }
}

/// An empty scratch directory unique to this test.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qawl-transformer-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
