//! Span-level precision, recall and F1 over BIO label sequences.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::decode::{BioScheme, Span};

/// Exact-match span scores (a span counts when its tokens and type agree).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct SpanScores {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl SpanScores {
    fn from_counts(tp: usize, fp: usize, fn_: usize) -> Self {
        let p = if tp + fp == 0 {
            0.0
        } else {
            tp as f64 / (tp + fp) as f64
        };
        let r = if tp + fn_ == 0 {
            0.0
        } else {
            tp as f64 / (tp + fn_) as f64
        };
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        Self {
            true_positives: tp,
            false_positives: fp,
            false_negatives: fn_,
            precision: p,
            recall: r,
            f1: f,
        }
    }
}

/// Scores predicted label sequences against gold ones. Only positions whose
/// gold label is not negative (e.g. -100 on non-initial subwords) are kept,
/// on both sides, before spans are read off.
pub fn span_f1(scheme: &BioScheme, gold: &[Vec<i64>], pred: &[Vec<usize>]) -> SpanScores {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for (g, p) in gold.iter().zip(pred) {
        let (gs, ps): (Vec<usize>, Vec<usize>) = g
            .iter()
            .zip(p)
            .filter(|(g, _)| **g >= 0)
            .map(|(&g, &p)| (g as usize, p))
            .unzip();
        let gold_spans: HashSet<Span> = scheme.spans(&gs).into_iter().collect();
        let pred_spans: HashSet<Span> = scheme.spans(&ps).into_iter().collect();
        let hit = gold_spans.intersection(&pred_spans).count();
        tp += hit;
        fp += pred_spans.len() - hit;
        fn_ += gold_spans.len() - hit;
    }
    SpanScores::from_counts(tp, fp, fn_)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::ENTITY_LABELS;

    #[test]
    fn counts_exact_matches_on_kept_positions() {
        let s = BioScheme::new(&ENTITY_LABELS);
        // gold: B-PER I-PER(ignored subword) O B-LOC ; pred: B-PER I-PER O B-ORG
        let gold = vec![vec![1, -100, 0, 5]];
        let pred = vec![vec![1, 2, 0, 3]];
        let sc = span_f1(&s, &gold, &pred);
        assert_eq!(
            (sc.true_positives, sc.false_positives, sc.false_negatives),
            (1, 1, 1)
        );
        assert!((sc.f1 - 0.5).abs() < 1e-9);
        let perfect = span_f1(&s, &gold, &[vec![1, 0, 0, 5]]);
        assert_eq!(perfect.f1, 1.0);
    }
}
