//! Spans that may nest or cross (an ORG inside a ROLE, entities inside a quote, a quote that
//! starts inside an entity) turned into a properly nested tree, as HTML needs. A span that
//! crosses the end of an enclosing one is split there and continued after it, so every
//! span becomes one or more pieces. Paragraphs tile the text and always stay outermost.
//!
//! Positions are indexes into whatever the caller counts (code points for records); the
//! tree's text leaves, read in order, cover `0..len` exactly once.

use std::cmp::Reverse;
use std::ops::Range;

/// What a span stands for; the index points back into the record's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanKind {
    Paragraph,
    Quote(usize),
    Cue(usize),
    Entity(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: SpanKind,
    /// Between spans of the same extent, the smaller one goes outside (a ROLE around an
    /// ORG of the same characters, a quote around an entity).
    pub outer_rank: u8,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Text(Range<usize>),
    Piece(Piece),
}

/// One piece of a span: all of it, or the part between two boundaries of spans it crosses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub span: Span,
    /// 0 for the piece where the span starts.
    pub part: usize,
    /// Whether the span ends with this piece (where an end label belongs).
    pub last: bool,
    pub children: Vec<Node>,
}

impl Span {
    /// The paragraphs of `chars`: each line with its newline, so that they tile the text.
    pub fn paragraphs(chars: &[char]) -> Vec<Span> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, c) in chars.iter().enumerate() {
            if *c == '\n' {
                out.push(Span { start, end: i + 1, kind: SpanKind::Paragraph, outer_rank: 0 });
                start = i + 1;
            }
        }
        if start < chars.len() {
            out.push(Span { start, end: chars.len(), kind: SpanKind::Paragraph, outer_rank: 0 });
        }
        out
    }
}

/// Builds the nested tree over `0..len`. Spans that are empty or reach past `len` must be
/// left out by the caller (the page counts them as warnings).
pub fn nest(len: usize, spans: &[Span]) -> Vec<Node> {
    let mut bounds: Vec<usize> = spans.iter().flat_map(|s| [s.start, s.end]).chain([0, len]).collect();
    bounds.sort_unstable();
    bounds.dedup();
    let mut by_start: Vec<usize> = (0..spans.len()).collect();
    by_start.sort_by_key(|&i| spans[i].start);

    let mut root: Vec<Node> = Vec::new();
    // Open pieces: (span index, part, children so far).
    let mut stack: Vec<(usize, usize, Vec<Node>)> = Vec::new();
    let mut parts = vec![0usize; spans.len()];
    let mut next_start = 0;

    for (bi, &b) in bounds.iter().enumerate() {
        // Close what ends here; pieces above them that go on are reopened below.
        let mut reopen = Vec::new();
        let mut ending = stack.iter().filter(|(i, _, _)| spans[*i].end == b).count();
        while ending > 0 {
            let (i, part, children) = stack.pop().expect("counted above");
            let last = spans[i].end == b;
            if last {
                ending -= 1;
            } else {
                reopen.push(i);
            }
            let node = Node::Piece(Piece { span: spans[i], part, last, children });
            match stack.last_mut() {
                Some((_, _, c)) => c.push(node),
                None => root.push(node),
            }
        }
        let mut opening = reopen;
        while next_start < by_start.len() && spans[by_start[next_start]].start == b {
            opening.push(by_start[next_start]);
            next_start += 1;
        }
        opening.sort_by_key(|&i| (spans[i].kind != SpanKind::Paragraph, Reverse(spans[i].end), spans[i].outer_rank, spans[i].start, i));
        for i in opening {
            stack.push((i, parts[i], Vec::new()));
            parts[i] += 1;
        }
        if let Some(&next) = bounds.get(bi + 1) {
            let text = Node::Text(b..next);
            match stack.last_mut() {
                Some((_, _, c)) => c.push(text),
                None => root.push(text),
            }
        }
    }
    root
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, kind: SpanKind, outer_rank: u8) -> Span {
        Span { start, end, kind, outer_rank }
    }

    /// The tree as a bracket string: `[e0 … ]`, text as its range.
    fn show(nodes: &[Node]) -> String {
        nodes
            .iter()
            .map(|n| match n {
                Node::Text(r) => format!("{}-{}", r.start, r.end),
                Node::Piece(p) => {
                    let name = match p.span.kind {
                        SpanKind::Paragraph => "p".to_string(),
                        SpanKind::Quote(i) => format!("q{i}"),
                        SpanKind::Cue(i) => format!("c{i}"),
                        SpanKind::Entity(i) => format!("e{i}"),
                    };
                    let part = if p.part > 0 { format!("'{}", p.part) } else { String::new() };
                    format!("[{name}{part} {}]", show(&p.children))
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn leaves(nodes: &[Node], out: &mut Vec<Range<usize>>) {
        for n in nodes {
            match n {
                Node::Text(r) => out.push(r.clone()),
                Node::Piece(p) => leaves(&p.children, out),
            }
        }
    }

    #[test]
    fn role_containing_org_containing_loc_nests() {
        // ROLE 0..10 ⊃ ORG 3..10 ⊃ LOC 7..10, as in `رئيسة قسم … بالمديرية … بمحافظة الداخلية`.
        let spans = [span(0, 10, SpanKind::Entity(0), 3), span(3, 10, SpanKind::Entity(1), 3), span(7, 10, SpanKind::Entity(2), 3)];
        assert_eq!(show(&nest(10, &spans)), "[e0 0-3 [e1 3-7 [e2 7-10]]]");
    }

    #[test]
    fn same_extent_puts_the_lower_rank_outside() {
        let spans = [span(2, 5, SpanKind::Entity(0), 4), span(2, 5, SpanKind::Quote(0), 1)];
        assert_eq!(show(&nest(6, &spans)), "0-2 [q0 [e0 2-5]] 5-6");
    }

    #[test]
    fn a_crossing_span_is_split_at_the_boundary() {
        // Quote 2..8 starts inside entity 0..4: the quote's first piece lives inside the entity.
        let spans = [span(0, 4, SpanKind::Entity(0), 3), span(2, 8, SpanKind::Quote(0), 1)];
        let tree = nest(10, &spans);
        assert_eq!(show(&tree), "[e0 0-2 [q0 2-4]] [q0'1 4-8] 8-10");
        let Node::Piece(entity) = &tree[0] else { panic!() };
        let Node::Piece(first) = &entity.children[1] else { panic!() };
        assert!(!first.last, "the quote goes on after the entity");
        let Node::Piece(second) = &tree[1] else { panic!() };
        assert!(second.last);
    }

    #[test]
    fn paragraphs_stay_outermost_and_split_a_quote_that_runs_over() {
        let chars: Vec<char> = "ab\ncd".chars().collect();
        let mut spans = Span::paragraphs(&chars);
        spans.push(span(1, 5, SpanKind::Quote(0), 1));
        assert_eq!(show(&nest(chars.len(), &spans)), "[p 0-1 [q0 1-3]] [p [q0'1 3-5]]");
    }

    #[test]
    fn text_leaves_cover_the_text_once_in_order() {
        let spans = [
            span(0, 9, SpanKind::Paragraph, 0),
            span(9, 20, SpanKind::Paragraph, 0),
            span(1, 12, SpanKind::Quote(0), 1),
            span(3, 6, SpanKind::Entity(0), 3),
            span(5, 14, SpanKind::Entity(1), 3),
            span(0, 1, SpanKind::Cue(0), 2),
        ];
        let mut got = Vec::new();
        leaves(&nest(20, &spans), &mut got);
        let mut at = 0;
        for r in got {
            assert_eq!(r.start, at);
            assert!(r.end > r.start);
            at = r.end;
        }
        assert_eq!(at, 20);
    }
}
