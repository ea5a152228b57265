//! Inference: a word tagger checkpoint that labels sentences of words.
//!
//! A checkpoint directory holds `config.json` ([`WordConfig`], `model_type`
//! [`WORD_MODEL_TYPE`]), `labels.json`, `model.safetensors` (the network and the frozen
//! vector tables), and the vector tables' `words.txt` and `ngrams.txt`.

use std::path::Path;

use candle_core::Device;

use super::model::{frozen_vectors, WordBatch, WordConfig, WordInput, WordTaggerModel, WORD_MODEL_TYPE};
use super::vectors::WordVectors;
use crate::checkpoint::{Weights, CONFIG_FILE, LABELS_FILE, WEIGHTS_FILE};
use crate::crf::{chosen, CrfScores};
use super::ensemble::member_prefix;
use crate::decode::BioScheme;
use crate::error::{Error, Result};
use crate::labels::Labels;
use crate::tagger::TaggedSeq;

/// Whether `dir/config.json` is a word tagger's (its `model_type`).
pub fn is_word_tagger(dir: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(dir.join(CONFIG_FILE)) else { return false };
    serde_json::from_str::<serde_json::Value>(&text).ok().and_then(|v| v.get("model_type").and_then(|t| t.as_str()).map(|t| t == WORD_MODEL_TYPE)).unwrap_or(false)
}

/// A word tagger ready to run. `Send + Sync`.
#[derive(Debug, Clone)]
pub struct WordTagger {
    /// One network, or an ensemble's members, whose scores are averaged.
    members: Vec<WordTaggerModel>,
    config: WordConfig,
    labels: Labels,
    vectors: WordVectors,
    entity_scheme: BioScheme,
    role_scheme: BioScheme,
    batch_size: usize,
}

impl WordTagger {
    /// Loads a checkpoint directory; a missing file or tensor is named in the error.
    pub fn load(dir: impl AsRef<Path>) -> Result<Self> {
        let dir = dir.as_ref();
        for file in [CONFIG_FILE, LABELS_FILE, WEIGHTS_FILE] {
            let path = dir.join(file);
            if !path.is_file() {
                return Err(Error::MissingFile { path });
            }
        }
        let config = WordConfig::from_file(&dir.join(CONFIG_FILE))?;
        let labels = Labels::from_file(dir.join(LABELS_FILE))?;
        let weights = Weights::load(dir.join(WEIGHTS_FILE))?;
        let members = (0..config.members)
            .map(|k| weights.build(|vb| WordTaggerModel::load(if k == 0 { vb } else { vb.pp(member_prefix(k)) }, &config, &labels)))
            .collect::<Result<Vec<_>>>()?;
        let vectors = WordVectors::from_weights(config.vectors.clone(), dir, &weights)?;
        Self::from_members(members, config, labels, vectors)
    }

    /// Wraps a model in memory (training evaluates with it).
    pub fn from_parts(model: WordTaggerModel, config: WordConfig, labels: Labels, vectors: WordVectors) -> Result<Self> {
        Self::from_members(vec![model], config, labels, vectors)
    }

    /// Wraps an ensemble's networks in memory; `config.members` must count them.
    pub fn from_members(members: Vec<WordTaggerModel>, config: WordConfig, labels: Labels, vectors: WordVectors) -> Result<Self> {
        labels.validate()?;
        if vectors.config() != &config.vectors {
            return Err(Error::Shape(format!("vector tables {:?}, the config says {:?}", vectors.config(), config.vectors)));
        }
        if members.is_empty() || members.len() != config.members {
            return Err(Error::Shape(format!("{} networks, the config says {} members", members.len(), config.members)));
        }
        Ok(Self { entity_scheme: BioScheme::new(&labels.entity), role_scheme: BioScheme::new(&labels.role), members, config, labels, vectors, batch_size: 16 })
    }

    /// Sentences per forward pass (at least 1).
    pub fn with_batch_size(mut self, n: usize) -> Self {
        self.batch_size = n.max(1);
        self
    }

    pub fn config(&self) -> &WordConfig {
        &self.config
    }

    pub fn labels(&self) -> &Labels {
        &self.labels
    }

    pub fn vectors(&self) -> &WordVectors {
        &self.vectors
    }

    pub fn entity_scheme(&self) -> &BioScheme {
        &self.entity_scheme
    }

    pub fn role_scheme(&self) -> &BioScheme {
        &self.role_scheme
    }

    /// Labels each sentence: one entity and one role label per word, by Viterbi under each
    /// head's CRF, with each chosen label's marginal probability as its confidence. An
    /// ensemble decodes the mean of its members' emissions under the mean of their CRFs.
    /// Sentences are sorted by length and run in padded batches.
    pub fn predict(&self, inputs: &[WordInput]) -> Result<Vec<TaggedSeq>> {
        let mean_crf = |crf: fn(&WordTaggerModel) -> &crate::crf::Crf| -> Result<CrfScores> {
            let all = self.members.iter().map(|m| crf(m).scores()).collect::<candle_core::Result<Vec<_>>>()?;
            CrfScores::mean(&all).ok_or_else(|| Error::Shape("ensemble members with different label sets".into()))
        };
        let entity = mean_crf(WordTaggerModel::entity_crf)?;
        let role = mean_crf(WordTaggerModel::role_crf)?;
        let mut out = vec![TaggedSeq::default(); inputs.len()];
        let mut order: Vec<usize> = (0..inputs.len()).filter(|&i| !inputs[i].is_empty()).collect();
        order.sort_by_key(|&i| inputs[i].len());
        for batch in order.chunks(self.batch_size) {
            let refs: Vec<&WordInput> = batch.iter().map(|&i| &inputs[i]).collect();
            let wb = WordBatch::new(&refs, &|k| frozen_vectors(&self.vectors, refs[k], self.config.stem_vectors), &self.config, &Device::Cpu)?;
            let (ent, rol) = self.emissions(&wb)?;
            for (row, &i) in batch.iter().enumerate() {
                let len = inputs[i].len();
                out[i] = decode(&ent[row][..len], &rol[row][..len], &entity, &role);
            }
        }
        Ok(out)
    }

    /// Both heads' emissions, `[b][t][labels]`: the one network's, or the members' mean.
    fn emissions(&self, wb: &WordBatch) -> Result<(Vec<Vec<Vec<f32>>>, Vec<Vec<Vec<f32>>>)> {
        let first = self.members[0].forward(wb, false)?;
        let (mut ent, mut rol) = (first.entity, first.role);
        for m in &self.members[1..] {
            let em = m.forward(wb, false)?;
            ent = (ent + em.entity)?;
            rol = (rol + em.role)?;
        }
        let scale = 1.0 / self.members.len() as f64;
        Ok((ent.affine(scale, 0.0)?.to_vec3::<f32>()?, rol.affine(scale, 0.0)?.to_vec3::<f32>()?))
    }
}

fn decode(ent: &[Vec<f32>], rol: &[Vec<f32>], entity: &CrfScores, role: &CrfScores) -> TaggedSeq {
    let flat = |rows: &[Vec<f32>]| -> Vec<f32> { rows.iter().flatten().copied().collect() };
    let (e, r) = (flat(ent), flat(rol));
    let (ep, rp) = (entity.viterbi(&e), role.viterbi(&r));
    TaggedSeq {
        entity_confidence: chosen(&entity.marginals(&e), &ep, entity.labels),
        role_confidence: chosen(&role.marginals(&r), &rp, role.labels),
        entity: ep,
        role: rp,
    }
}
