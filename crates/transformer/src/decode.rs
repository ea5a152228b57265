//! BIO-constrained Viterbi decoding and span extraction.
//!
//! A label is `O`, `B-TYPE` or `I-TYPE`; any other name is treated like `O`.
//! Allowed: anything at the start except `I-X`; `I-X` only after `B-X` or
//! `I-X`; every other transition. Viterbi finds the highest-scoring label
//! sequence that obeys these rules, so the output never holds a dangling `I-`.

use std::ops::Range;

/// The parsed form of a label name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bio {
    Outside,
    /// `B-` with the index of its type in [`BioScheme::types`].
    Begin(usize),
    /// `I-` with the index of its type.
    Inside(usize),
}

/// The log-probability stored for a transition the BIO scheme forbids.
pub const FORBIDDEN: f32 = -1e4;

/// A label set's BIO structure and its allowed transitions.
#[derive(Debug, Clone)]
pub struct BioScheme {
    tags: Vec<Bio>,
    types: Vec<String>,
}

/// A decoded span: tokens `range` (end exclusive) of entity type `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    pub range: Range<usize>,
    pub kind: String,
}

impl BioScheme {
    /// Parses label names such as `["O", "B-PERSON", "I-PERSON"]`.
    pub fn new<S: AsRef<str>>(labels: &[S]) -> Self {
        let mut types: Vec<String> = Vec::new();
        let mut type_id = |t: &str| match types.iter().position(|x| x == t) {
            Some(i) => i,
            None => {
                types.push(t.to_string());
                types.len() - 1
            }
        };
        let tags = labels
            .iter()
            .map(|l| {
                let l = l.as_ref();
                if let Some(t) = l.strip_prefix("B-") {
                    Bio::Begin(type_id(t))
                } else if let Some(t) = l.strip_prefix("I-") {
                    Bio::Inside(type_id(t))
                } else {
                    Bio::Outside
                }
            })
            .collect();
        Self { tags, types }
    }

    pub fn num_labels(&self) -> usize {
        self.tags.len()
    }

    pub fn tag(&self, label: usize) -> Bio {
        self.tags[label]
    }

    /// Entity type names, in order of first appearance.
    pub fn types(&self) -> &[String] {
        &self.types
    }

    /// May `next` follow `prev` (`None`: start of the sequence)?
    pub fn allowed(&self, prev: Option<usize>, next: usize) -> bool {
        match self.tags[next] {
            Bio::Inside(t) => matches!(
                prev.map(|p| self.tags[p]),
                Some(Bio::Begin(u)) | Some(Bio::Inside(u)) if u == t
            ),
            _ => true,
        }
    }

    /// Is the whole sequence valid?
    pub fn is_valid(&self, labels: &[usize]) -> bool {
        let mut prev = None;
        for &l in labels {
            if !self.allowed(prev, l) {
                return false;
            }
            prev = Some(l);
        }
        true
    }

    /// Best valid label sequence for `scores`, row-major `[tokens, labels]`
    /// (log-probabilities or logits). Returns one label index per token.
    pub fn viterbi(&self, scores: &[f32]) -> Vec<usize> {
        self.viterbi_with(scores, None)
    }

    /// [`viterbi`](Self::viterbi) adding transition log-probabilities: `transitions` is
    /// `[(labels + 1) * labels]`, row `i` the label before, row `labels` the start of the
    /// sequence. The tagger's heads score each piece alone; the transitions say that a
    /// `B-PERSON` rarely follows a `B-PERSON`, which keeps a name of several words whole.
    pub fn viterbi_with(&self, scores: &[f32], transitions: Option<&[f32]>) -> Vec<usize> {
        let n = self.num_labels();
        let trans = |i: usize, j: usize| transitions.map_or(0.0, |t| t[i * n + j]);
        if let Some(t) = transitions {
            assert_eq!(t.len(), (n + 1) * n, "transitions must be [(labels + 1) * labels]");
        }
        assert!(n > 0, "viterbi needs at least one label");
        assert_eq!(
            scores.len() % n,
            0,
            "scores length is not a multiple of the label count"
        );
        let len = scores.len() / n;
        if len == 0 {
            return Vec::new();
        }
        // Transitions as lists of allowed predecessors.
        let preds: Vec<Vec<usize>> = (0..n)
            .map(|j| (0..n).filter(|&i| self.allowed(Some(i), j)).collect())
            .collect();
        let neg = f32::NEG_INFINITY;
        let mut score: Vec<f32> = (0..n)
            .map(|j| {
                if self.allowed(None, j) {
                    scores[j] + trans(n, j)
                } else {
                    neg
                }
            })
            .collect();
        let mut back = vec![0u32; len * n];
        let mut next = vec![neg; n];
        for t in 1..len {
            let row = &scores[t * n..(t + 1) * n];
            for j in 0..n {
                let mut best = neg;
                let mut arg = 0usize;
                for &i in &preds[j] {
                    let s = score[i] + trans(i, j);
                    if s > best {
                        best = s;
                        arg = i;
                    }
                }
                next[j] = best + row[j];
                back[t * n + j] = arg as u32;
            }
            std::mem::swap(&mut score, &mut next);
        }
        let mut last = 0;
        let mut best = neg;
        for (j, &s) in score.iter().enumerate() {
            // Only labels with a finite path qualify; `O`-like labels always do.
            if s > best {
                best = s;
                last = j;
            }
        }
        if best == neg {
            // No valid path (a label set without any B-/O label): plain argmax.
            return scores.chunks(n).map(argmax).collect();
        }
        let mut out = vec![0usize; len];
        out[len - 1] = last;
        for t in (1..len).rev() {
            out[t - 1] = back[t * n + out[t]] as usize;
        }
        out
    }

    /// Transition scores estimated from label sequences (`[(labels + 1) * labels]`, the
    /// layout [`viterbi_with`](Self::viterbi_with) takes): log P(label | label before),
    /// add-one smoothed over the allowed transitions, minus log P(label), times `weight`; a forbidden one gets [`FORBIDDEN`] (finite, so JSON
    /// can hold it; the BIO constraints rule it out anyway). A label outside `0..labels`
    /// (an ignore index) breaks the sequence: no transition into or out of it is counted.
    pub fn transition_log_probs(&self, sequences: &[Vec<i64>], weight: f32) -> Vec<f32> {
        let n = self.num_labels();
        let mut counts = vec![0f64; (n + 1) * n];
        for seq in sequences {
            let mut prev: Option<usize> = None;
            let mut at_start = true;
            for &l in seq {
                if l < 0 || l as usize >= n {
                    prev = None;
                    at_start = false;
                    continue;
                }
                let j = l as usize;
                match (prev, at_start) {
                    (Some(i), _) => counts[i * n + j] += 1.0,
                    (None, true) => counts[n * n + j] += 1.0,
                    (None, false) => {}
                }
                prev = Some(j);
                at_start = false;
            }
        }
        // The heads' scores already hold each label's overall frequency; the transitions
        // carry only what the label before adds: log P(j | i) - log P(j).
        let mut label_counts = vec![1f64; n];
        for seq in sequences {
            for &l in seq.iter().filter(|&&l| l >= 0 && (l as usize) < n) {
                label_counts[l as usize] += 1.0;
            }
        }
        let all: f64 = label_counts.iter().sum();
        let mut out = vec![FORBIDDEN; (n + 1) * n];
        for i in 0..=n {
            let from = (i < n).then_some(i);
            let allowed: Vec<usize> = (0..n).filter(|&j| self.allowed(from, j)).collect();
            let total: f64 = allowed.iter().map(|&j| counts[i * n + j] + 1.0).sum();
            for &j in &allowed {
                let given = (counts[i * n + j] + 1.0) / total;
                out[i * n + j] = weight * (given.ln() - (label_counts[j] / all).ln()) as f32;
            }
        }
        out
    }

    /// Spans of a label sequence. An `I-X` that does not continue an `X` span
    /// opens a new one (the conlleval convention), so gold data with stray
    /// `I-` tags is still scored sensibly.
    pub fn spans(&self, labels: &[usize]) -> Vec<Span> {
        let mut spans = Vec::new();
        let mut open: Option<(usize, usize)> = None; // (start, type)
        for (i, &l) in labels.iter().enumerate() {
            let tag = self.tags[l];
            let continues = matches!((tag, open), (Bio::Inside(t), Some((_, u))) if t == u);
            if continues {
                continue;
            }
            if let Some((s, t)) = open.take() {
                spans.push(Span {
                    range: s..i,
                    kind: self.types[t].clone(),
                });
            }
            match tag {
                Bio::Begin(t) | Bio::Inside(t) => open = Some((i, t)),
                Bio::Outside => {}
            }
        }
        if let Some((s, t)) = open {
            spans.push(Span {
                range: s..labels.len(),
                kind: self.types[t].clone(),
            });
        }
        spans
    }
}

fn argmax(row: &[f32]) -> usize {
    let mut best = 0;
    for (i, &v) in row.iter().enumerate() {
        if v > row[best] {
            best = i;
        }
    }
    best
}

/// Convenience: BIO-constrained Viterbi over `log_probs[token][label]`.
pub fn viterbi_bio<S: AsRef<str>>(log_probs: &[Vec<f32>], labels: &[S]) -> Vec<usize> {
    let flat: Vec<f32> = log_probs.iter().flatten().copied().collect();
    BioScheme::new(labels).viterbi(&flat)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::{ENTITY_LABELS, ROLE_LABELS};
    use rand::{Rng, SeedableRng};

    /// A second name word scored slightly more B- than I- splits the name without
    /// transitions; transitions learned from data where names run on keep it whole.
    #[test]
    fn transitions_keep_a_name_whole() {
        let scheme = BioScheme::new(&ENTITY_LABELS);
        let n = ENTITY_LABELS.len();
        let mut scores = vec![(0.01f32).ln(); 3 * n];
        let row = |t: usize, j: usize| t * n + j;
        scores[row(0, 1)] = (0.9f32).ln(); // B-PERSON
        scores[row(1, 1)] = (0.5f32).ln(); // B-PERSON, barely ahead of
        scores[row(1, 2)] = (0.4f32).ln(); // I-PERSON
        scores[row(2, 0)] = (0.9f32).ln(); // O
        assert_eq!(scheme.viterbi(&scores), vec![1, 1, 0]);
        // Training data: names of two words, never two names side by side.
        let data: Vec<Vec<i64>> = (0..50).map(|_| vec![0, 1, 2, 0]).collect();
        let t = scheme.transition_log_probs(&data, 1.0);
        assert!(t[1 * n + 2] > t[1 * n + 1], "B→I more likely than B→B");
        assert_eq!(t[1 * n + 4], FORBIDDEN, "I-ORG never follows B-PERSON");
        assert_eq!(scheme.viterbi_with(&scores, Some(&t)), vec![1, 2, 0]);
    }

    fn lp(rows: &[&[f32]]) -> Vec<f32> {
        rows.iter().flat_map(|r| r.iter().copied()).collect()
    }

    #[test]
    fn no_inside_at_start_or_after_outside() {
        let s = BioScheme::new(&ROLE_LABELS);
        // argmax would be I-ROLE, I-ROLE: invalid at the start.
        let out = s.viterbi(&lp(&[&[-2.0, -1.5, -0.1], &[-2.0, -1.5, -0.1]]));
        assert_eq!(out, vec![1, 2]);
        // O then I: the I must become B or the O must become B.
        let out = s.viterbi(&lp(&[&[-0.1, -3.0, -3.0], &[-3.0, -2.0, -0.2]]));
        assert!(s.is_valid(&out), "{out:?}");
    }

    #[test]
    fn inside_must_match_type() {
        let s = BioScheme::new(&ENTITY_LABELS);
        let mut a = vec![-5.0f32; 9];
        a[1] = -0.1; // B-PERSON
        let mut b = vec![-5.0f32; 9];
        b[4] = -0.1; // I-ORG, not allowed after B-PERSON
        b[2] = -1.0; // I-PERSON
        let out = s.viterbi(&[a, b].concat());
        assert_eq!(out, vec![1, 2]);
    }

    #[test]
    fn valid_argmax_is_kept() {
        let rows: Vec<Vec<f32>> = [0usize, 3, 4, 4, 0, 5]
            .iter()
            .map(|&k| (0..9).map(|j| if j == k { -0.01 } else { -4.0 }).collect())
            .collect();
        assert_eq!(viterbi_bio(&rows, &ENTITY_LABELS), vec![0, 3, 4, 4, 0, 5]);
    }

    #[test]
    fn random_scores_never_give_invalid_transitions() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for labels in [&ENTITY_LABELS[..], &ROLE_LABELS[..]] {
            let s = BioScheme::new(labels);
            for _ in 0..500 {
                let len = rng.gen_range(1..30);
                let scores: Vec<f32> = (0..len * labels.len())
                    .map(|_| rng.gen_range(-6.0..0.0))
                    .collect();
                let out = s.viterbi(&scores);
                assert_eq!(out.len(), len);
                assert!(s.is_valid(&out), "{out:?}");
            }
        }
    }

    #[test]
    fn viterbi_is_optimal_on_small_cases() {
        // Brute force over all valid sequences of length 3 with the role labels.
        let s = BioScheme::new(&ROLE_LABELS);
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        for _ in 0..100 {
            let scores: Vec<f32> = (0..9).map(|_| rng.gen_range(-5.0..0.0)).collect();
            let mut best = (f32::NEG_INFINITY, vec![]);
            for a in 0..3 {
                for b in 0..3 {
                    for c in 0..3 {
                        let seq = vec![a, b, c];
                        if !s.is_valid(&seq) {
                            continue;
                        }
                        let sc = scores[a] + scores[3 + b] + scores[6 + c];
                        if sc > best.0 {
                            best = (sc, seq);
                        }
                    }
                }
            }
            assert_eq!(s.viterbi(&scores), best.1);
        }
    }

    #[test]
    fn spans_follow_conlleval() {
        let s = BioScheme::new(&ENTITY_LABELS);
        // B-PER I-PER O I-ORG I-ORG B-LOC B-LOC
        let spans = s.spans(&[1, 2, 0, 4, 4, 5, 5]);
        let got: Vec<(Range<usize>, &str)> = spans
            .iter()
            .map(|s| (s.range.clone(), s.kind.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (0..2, "PERSON"),
                (3..5, "ORG"),
                (5..6, "LOC"),
                (6..7, "LOC")
            ]
        );
        assert!(s.spans(&[]).is_empty());
    }
}
