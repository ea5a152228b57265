//! Label sets of the two tagging heads and the `labels.json` file that
//! stores them beside a checkpoint.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// BIO labels of the entity head, in head order.
pub const ENTITY_LABELS: [&str; 9] = [
    "O", "B-PERSON", "I-PERSON", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];

/// BIO labels of the role head, in head order.
pub const ROLE_LABELS: [&str; 3] = ["O", "B-ROLE", "I-ROLE"];

/// Contents of `labels.json`: the label names of both heads (index = class
/// id) and the special token ids the tagger wraps each sequence with.
///
/// ```json
/// {"entity": ["O", "B-PERSON", ...], "role": ["O", "B-ROLE", "I-ROLE"],
///  "cls_id": 2, "sep_id": 3, "pad_id": 0}
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Labels {
    pub entity: Vec<String>,
    pub role: Vec<String>,
    #[serde(default = "default_cls")]
    pub cls_id: u32,
    #[serde(default = "default_sep")]
    pub sep_id: u32,
    #[serde(default)]
    pub pad_id: u32,
    /// What the token-type ids mean when the tagger was trained with per-piece
    /// features (e.g. `"lexicon-v1"`); `None`: all zero, as in plain BERT. The
    /// caller that builds the inputs must compute the same features.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_types: Option<String>,
    /// Label-transition log-probabilities of each head for Viterbi decoding, estimated
    /// from the training labels (see [`crate::BioScheme::viterbi_with`]); `None`: only
    /// the BIO constraints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transitions: Option<Transitions>,
}

/// `[(labels + 1) * labels]` log-probabilities per head; the last row is the start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transitions {
    pub entity: Vec<f32>,
    pub role: Vec<f32>,
}

fn default_cls() -> u32 {
    2
}
fn default_sep() -> u32 {
    3
}

impl Default for Labels {
    /// [`ENTITY_LABELS`], [`ROLE_LABELS`], cls 2, sep 3, pad 0.
    fn default() -> Self {
        Labels {
            entity: ENTITY_LABELS.iter().map(|s| s.to_string()).collect(),
            role: ROLE_LABELS.iter().map(|s| s.to_string()).collect(),
            cls_id: default_cls(),
            sep_id: default_sep(),
            pad_id: 0,
            token_types: None,
            transitions: None,
        }
    }
}

impl Labels {
    /// Reads `labels.json`.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let labels: Labels = serde_json::from_str(&text).map_err(|source| Error::Json {
            path: path.to_path_buf(),
            source,
        })?;
        labels.validate()?;
        Ok(labels)
    }

    /// Writes `labels.json`.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let text = serde_json::to_string_pretty(self).expect("labels serialize");
        std::fs::write(path, text).map_err(|e| Error::io(path, e))
    }

    /// Both heads need at least one label, and names must be unique.
    pub fn validate(&self) -> Result<()> {
        for (head, names) in [("entity", &self.entity), ("role", &self.role)] {
            if names.is_empty() {
                return Err(Error::Labels(format!("the {head} head has no labels")));
            }
            for (i, n) in names.iter().enumerate() {
                if names[..i].contains(n) {
                    return Err(Error::Labels(format!("{head} label `{n}` is listed twice")));
                }
            }
        }
        if let Some(t) = &self.transitions {
            for (head, n, m) in [("entity", self.entity.len(), &t.entity), ("role", self.role.len(), &t.role)] {
                if m.len() != (n + 1) * n {
                    return Err(Error::Labels(format!("{head} transitions hold {} numbers, {} labels need {}", m.len(), n, (n + 1) * n)));
                }
            }
        }
        Ok(())
    }

    /// Index of an entity label name.
    pub fn entity_id(&self, name: &str) -> Option<usize> {
        self.entity.iter().position(|n| n == name)
    }

    /// Index of a role label name.
    pub fn role_id(&self, name: &str) -> Option<usize> {
        self.role.iter().position(|n| n == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_ids_default_when_absent() {
        let l: Labels = serde_json::from_str(r#"{"entity": ["O"], "role": ["O"]}"#).unwrap();
        assert_eq!((l.cls_id, l.sep_id, l.pad_id), (2, 3, 0));
        assert_eq!(Labels::default().entity_id("I-LOC"), Some(6));
    }

    #[test]
    fn duplicate_names_rejected() {
        let l = Labels {
            entity: vec!["O".into(), "O".into()],
            ..Labels::default()
        };
        assert!(matches!(l.validate(), Err(Error::Labels(_))));
    }
}
