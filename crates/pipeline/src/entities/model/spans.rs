//! From a tagger's labels to character spans: labeled pieces become spans on the original
//! text through the normalization alignment, so a span may start inside a glued word
//! (`الراجحيةمديرة`). A span that starts at a word's first letter starts after its clitics
//! (`بوزارة` → `وزارة`); a word tagger's span runs from the first labeled word's host to the
//! end of the last.

use crate::document::EntityType;
use crate::entities::rules::Found;
use crate::view::Tok;
use qawl_tokenizer::{Analysis, Span, WordKind};
use qawl_transformer::{Labels, TaggedSeq};

/// A piece the tagger labels: its word (index into the analysis' words) and its chars in
/// the word's normalized form.
pub(super) struct PieceRef {
    pub word: usize,
    pub start: usize,
    pub end: usize,
}

/// What a sentence's labels are read against: its pieces and the text they are in.
pub(super) struct Sentence<'a> {
    pub pieces: &'a [PieceRef],
    pub analysis: &'a Analysis,
    pub toks: &'a [Tok],
}

/// The spans of both heads' labels of one sentence.
pub(super) fn sentence_spans(seq: &TaggedSeq, labels: &Labels, s: &Sentence, out: &mut Vec<Found>) {
    let free: Vec<bool> = (0..seq.entity.len()).map(|k| labels.entity[seq.entity[k]] == "O" && labels.role[seq.role[k]] == "O").collect();
    head_spans(&seq.entity, &seq.entity_confidence, &labels.entity, &free, s, out);
    head_spans(&seq.role, &seq.role_confidence, &labels.role, &free, s, out);
}

/// Spans of one head's tags. `free[k]`: piece `k` is outside every span of both heads.
fn head_spans(tags: &[usize], conf: &[f32], names: &[String], free: &[bool], s: &Sentence, out: &mut Vec<Found>) {
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
        let (a, b, grow_start) = piece_run(k, e, tags.len(), free, s);
        if a < b {
            if let Some(span) = run_span(a, b, grow_start, s) {
                let c = conf[a..b].iter().sum::<f32>() / (b - a) as f32;
                out.push(Found { kind, span, confidence: c });
            }
        }
        k = e;
    }
}

/// The pieces a labeled run `k..e` (of `n` pieces) stands for: punctuation at the edges
/// left out, and whether the span takes in the start of its first word.
fn piece_run(k: usize, e: usize, n: usize, free: &[bool], s: &Sentence) -> (usize, usize, bool) {
    let (r, toks) = (s.pieces, s.toks);
    // Punctuation at the edges is never part of a name.
    let (mut a, mut b) = (k, e);
    while a < b && toks[r[a].word].kind == WordKind::Punct {
        a += 1;
    }
    while b > a && toks[r[b - 1].word].kind == WordKind::Punct {
        b -= 1;
    }
    // A span that stops or starts inside a word whose other pieces are in no span
    // takes the whole word (`كوفي أن|ان` → `كوفي أنان`); a word whose other pieces
    // are in another span (either head) is glued text (`الراجحية|مديرة`) and keeps the cut.
    while b > a && b < n && r[b].word == r[b - 1].word && free[b] {
        b += 1;
    }
    let mut grow_start = false;
    if a < b && r[a].start > 0 {
        let mut p = a;
        while p > 0 && r[p - 1].word == r[a].word && free[p - 1] {
            p -= 1;
        }
        grow_start = p < a && r[p].start == 0;
    }
    (a, b, grow_start)
}

/// The character span of pieces `a..b` (not empty); `None` when it holds no character.
fn run_span(a: usize, b: usize, grow_start: bool, s: &Sentence) -> Option<Span> {
    let (first, last) = (&s.pieces[a], &s.pieces[b - 1]);
    let mut start = s.analysis.word_subspan(first.word, first.start, first.end).start;
    if first.start == 0 {
        start = start.max(s.toks[first.word].host.start);
    } else if grow_start {
        start = start.min(s.toks[first.word].host.start);
    }
    let end = s.analysis.word_subspan(last.word, last.start, last.end).end;
    (start < end).then(|| Span::new(start, end))
}

/// [`join_split_words`] on both heads of one sentence.
pub(super) fn joined(seq: &TaggedSeq, labels: &Labels, r: &[PieceRef]) -> TaggedSeq {
    let entity = join_split_words(&seq.entity, &labels.entity, r);
    let role = join_split_words(&seq.role, &labels.role, r);
    TaggedSeq { entity, role, entity_confidence: seq.entity_confidence.clone(), role_confidence: seq.role_confidence.clone() }
}

/// A word is never split between two spans of one type: a `B-X` on a piece that continues
/// a word whose previous piece is already in an `X` span becomes `I-X` (`طل|عت زكريا` is one
/// name). Glued words with two different types (`الراجحية|مديرة`) keep their cut.
fn join_split_words(tags: &[usize], names: &[String], r: &[PieceRef]) -> Vec<usize> {
    let mut out = tags.to_vec();
    for k in 1..out.len() {
        if r[k].word != r[k - 1].word {
            continue;
        }
        let Some(kind) = names[out[k]].strip_prefix("B-") else { continue };
        let prev_kind = names[out[k - 1]].get(2..);
        if names[out[k - 1]] != "O" && prev_kind == Some(kind) {
            if let Some(i) = names.iter().position(|n| n.strip_prefix("I-") == Some(kind)) {
                out[k] = i;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_split_between_two_names_of_one_type_is_joined() {
        let names: Vec<String> = ["O", "B-PERSON", "I-PERSON", "B-ROLE"].iter().map(|s| s.to_string()).collect();
        // Pieces: طل | عت (one word) | زكريا | الراجحية | مديرة (one glued word).
        let r: Vec<PieceRef> = [(0, 0, 2), (0, 2, 4), (1, 0, 5), (2, 0, 8), (2, 8, 13)]
            .iter()
            .map(|&(word, start, end)| PieceRef { word, start, end })
            .collect();
        let tags = vec![1, 1, 2, 1, 3];
        assert_eq!(join_split_words(&tags, &names, &r), vec![1, 2, 2, 1, 3]);
    }
}
