//! Entities from the trained transformer tagger (`models/tagger/`), optionally merged with
//! the rule baseline.
//!
//! Each sentence's words are normalized and cut into subword pieces; the tagger labels every
//! piece (two BIO heads: PERSON/ORG/LOC/MISC and ROLE, so a ROLE may contain an ORG);
//! labeled pieces become character spans on the original text through the normalization
//! alignment, so a span may start inside a glued word (`الراجحيةمديرة`). A span that starts
//! at a word's first letter starts after its clitics (`بوزارة` → `وزارة`).

use crate::document::EntityType;
use crate::entities::rules::{Found, RuleEntities};
use crate::error::Error;
use crate::lexicon::Lexicon;
use crate::view::Tok;
use qawl_tokenizer::{Analysis, Span, Subwords, WordKind};
use qawl_transformer::Tagger;
use std::path::Path;

/// Which entity source a pipeline uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntitySource {
    /// Gazetteers and rules only.
    Rules,
    /// The tagger only.
    Model,
    /// The rules, plus the tagger's names, organizations and places where the rules found nothing.
    Hybrid,
}

impl std::str::FromStr for EntitySource {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "rules" => Ok(EntitySource::Rules),
            "model" => Ok(EntitySource::Model),
            "hybrid" => Ok(EntitySource::Hybrid),
            other => Err(format!("unknown entity source {other:?} (rules, model, hybrid)")),
        }
    }
}

pub struct ModelTagger {
    tagger: Tagger,
    subwords: Subwords,
}

struct PieceRef {
    word: usize,
    start: usize,
    end: usize,
}

impl ModelTagger {
    /// Loads `dir` (a tagger checkpoint: config.json, labels.json, model.safetensors) and the vocabulary.
    pub fn load(dir: &Path, vocab: &Path) -> Result<Self, Error> {
        let tagger = Tagger::load(dir).map_err(|e| Error::Model { path: dir.to_path_buf(), message: e.to_string() })?;
        let subwords = Subwords::load(vocab)?;
        if subwords.vocab_size() != tagger.config().vocab_size {
            return Err(Error::Model { path: dir.to_path_buf(), message: format!("vocabulary has {} pieces but the model expects {}", subwords.vocab_size(), tagger.config().vocab_size) });
        }
        Ok(ModelTagger { tagger, subwords })
    }

    /// Entity spans the tagger finds in `analysis` (words index `toks` one to one).
    pub fn find(&self, analysis: &Analysis, toks: &[Tok]) -> Result<Vec<Found>, Error> {
        let mut seqs = Vec::new();
        let mut refs: Vec<Vec<PieceRef>> = Vec::new();
        for s in 0..analysis.sentences.len() {
            let mut ids = Vec::new();
            let mut r = Vec::new();
            for (w, word) in analysis.words.iter().enumerate().filter(|(_, w)| w.sentence == s) {
                for p in self.subwords.tokenize_word(&word.norm) {
                    ids.push(p.id);
                    r.push(PieceRef { word: w, start: p.start, end: p.end });
                }
            }
            if !ids.is_empty() {
                seqs.push(ids);
                refs.push(r);
            }
        }
        let tagged = self.tagger.predict(&seqs).map_err(|e| Error::Transformer(e.to_string()))?;
        let mut out = Vec::new();
        for (seq, r) in tagged.iter().zip(&refs) {
            let labels = self.tagger.labels();
            self.spans(&seq.entity, &seq.entity_confidence, &labels.entity, r, analysis, toks, &mut out);
            self.spans(&seq.role, &seq.role_confidence, &labels.role, r, analysis, toks, &mut out);
        }
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn spans(&self, tags: &[usize], conf: &[f32], names: &[String], r: &[PieceRef], analysis: &Analysis, toks: &[Tok], out: &mut Vec<Found>) {
        let mut k = 0;
        while k < tags.len() {
            let name = &names[tags[k]];
            let Some(kind) = name.strip_prefix("B-").or_else(|| name.strip_prefix("I-")).and_then(EntityType::from_label) else {
                k += 1;
                continue;
            };
            let mut e = k + 1;
            while e < tags.len() && names[tags[e]].strip_prefix("I-").and_then(EntityType::from_label) == Some(kind) {
                e += 1;
            }
            // Punctuation at the edges is never part of a name.
            let (mut a, mut b) = (k, e);
            while a < b && toks[r[a].word].kind == WordKind::Punct {
                a += 1;
            }
            while b > a && toks[r[b - 1].word].kind == WordKind::Punct {
                b -= 1;
            }
            if a < b {
                let first = &r[a];
                let last = &r[b - 1];
                let mut start = analysis.word_subspan(first.word, first.start, first.end).start;
                if first.start == 0 {
                    start = start.max(toks[first.word].host.start);
                }
                let end = analysis.word_subspan(last.word, last.start, last.end).end;
                if start < end {
                    let c = conf[a..b].iter().sum::<f32>() / (b - a) as f32;
                    out.push(Found { kind, span: Span::new(start, end), confidence: c });
                }
            }
            k = e;
        }
    }
}

/// Merges the rule baseline's spans with the tagger's: the rules' spans stand (they carry the
/// name, title and quote conventions the later stages rely on); the tagger adds the names,
/// organizations and places the gazetteers missed where no rule span overlaps, and roles
/// that contain only rule organizations and places.
pub fn merge(model: Vec<Found>, lex: &Lexicon, toks: &[Tok], chars: &[char]) -> Vec<Found> {
    let mut out = RuleEntities::new(lex, toks, chars).find();
    let rules_len = out.len();
    for f in model {
        // A tagger ROLE may contain rule ORG/LOC spans; it must not cross a rule PERSON or ROLE.
        let clashes = out[..rules_len].iter().any(|r| {
            r.span.overlap(&f.span) > 0 && (f.kind != EntityType::Role || matches!(r.kind, EntityType::Person | EntityType::Role) || !f.span.contains(&r.span))
        });
        if !clashes {
            out.push(f);
        }
    }
    out
}
