//! One document as a self-contained HTML page: the article with entities and quotes
//! marked, and a panel of persons. Markup that a browser test (and a reader) can rely on:
//!
//! - every entity is one `<mark class="ent" data-e=ID data-type=TYPE>`; a piece that
//!   continues a mark split at a crossing boundary carries `data-part` (1, 2, …);
//! - PERSON marks carry `data-person`, the id of the person they mention;
//! - every quote is one `<span class="quote quote-direct|quote-indirect" data-q=ID>`, with
//!   `data-speaker` when credited, opened by a badge naming the speaker; its cue is a
//!   `<span class="cue" data-cue-of=ID>`;
//! - the panel lists one `<li class="person" id="person-ID">` per person.
//!
//! Labels are separate inline-block elements around `<bdi>`, and the CSS uses logical
//! properties only, so badges stay whole and in order in right-to-left text.

use crate::html::{escape, page};
use crate::labels;
use crate::record::{Entity, Quote, Record};
use crate::spans::{nest, Node, Piece, Span, SpanKind};
use std::collections::HashMap;
use std::fmt::Write;

const CSS: &str = include_str!("assets/page.css");
const JS: &str = include_str!("assets/page.js");

/// What an index needs to know about a rendered page.
#[derive(Debug, Clone)]
pub struct PageSummary {
    pub id: String,
    /// The first line of the text (news archives put the headline there), shortened.
    pub title: Option<String>,
    pub source: Option<String>,
    pub date: Option<String>,
    pub entities: usize,
    pub persons: usize,
    pub quotes: usize,
    /// Names of the persons with most quotes, most first.
    pub speakers: Vec<String>,
    /// Spans not drawn (outside the text) or whose text differs from the record's text.
    pub warnings: Vec<String>,
}

pub struct RenderedPage {
    pub html: String,
    pub summary: PageSummary,
}

/// Renders one record. `back` is the link to an index page, when there is one.
pub fn render(record: &Record, back: Option<&str>) -> RenderedPage {
    let mut warnings = Vec::new();
    let article = match &record.text {
        Some(text) => article(record, text, &mut warnings),
        None => article_without_text(record),
    };
    let summary = summarize(record, warnings);
    let mut body = String::new();
    header(&mut body, record, &summary, back);
    body.push_str("<div class=\"layout\">\n");
    body.push_str(&article);
    persons_panel(&mut body, record);
    body.push_str("</div>\n");
    let html = page(&format!("{} · qawl", record.id), CSS, &body, Some(JS));
    RenderedPage { html, summary }
}

fn summarize(record: &Record, warnings: Vec<String>) -> PageSummary {
    let mut by_quotes: Vec<(usize, &str)> = record.persons.iter().map(|p| (record.quotes_of(&p.id).count(), p.name.as_str())).filter(|(n, _)| *n > 0).collect();
    by_quotes.sort_by_key(|q| std::cmp::Reverse(q.0));
    PageSummary {
        id: record.id.clone(),
        title: record.text.as_deref().and_then(|t| t.lines().map(str::trim).find(|l| !l.is_empty())).map(|l| excerpt(l, 90)),
        source: record.source.clone(),
        date: record.date.clone(),
        entities: record.entities.len(),
        persons: record.persons.len(),
        quotes: record.quotes.len(),
        speakers: by_quotes.into_iter().take(3).map(|(_, n)| n.to_string()).collect(),
        warnings,
    }
}

fn header(out: &mut String, record: &Record, summary: &PageSummary, back: Option<&str>) {
    out.push_str("<header class=\"doc-head\">\n");
    if let Some(href) = back {
        let _ = writeln!(out, "<a class=\"back\" href=\"{}\">كل المستندات</a>", escape(href));
    }
    let _ = writeln!(out, "<h1><bdi>{}</bdi></h1>", escape(&record.id));
    let mut meta = Vec::new();
    if let Some(s) = &record.source {
        meta.push(format!("المصدر: <bdi>{}</bdi>", escape(s)));
    }
    if let Some(d) = &record.date {
        meta.push(format!("التاريخ: <bdi>{}</bdi>", escape(d)));
    }
    let direct = record.quotes.iter().filter(|q| q.kind == "direct").count();
    meta.push(format!("{} كيانًا", summary.entities));
    meta.push(format!("{} أشخاص", summary.persons));
    meta.push(format!("{} اقتباسًا ({direct} مباشر، {} غير مباشر)", summary.quotes, summary.quotes - direct));
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", meta.join(" · "));
    out.push_str("<ul class=\"legend\">");
    for kind in ["PERSON", "ROLE", "ORG", "LOC", "MISC"] {
        let _ = write!(out, "<li><mark class=\"ent ent-{}\">{}<span class=\"lbl\"><bdi>{kind}</bdi></span></mark></li>", labels::entity_class(kind), labels::entity_type(kind));
    }
    out.push_str("<li><span class=\"quote quote-direct\"><span class=\"qbadge\"><bdi>اقتباس مباشر</bdi></span></span></li>");
    out.push_str("<li><span class=\"quote quote-indirect\"><span class=\"qbadge\"><bdi>اقتباس غير مباشر</bdi></span></span></li>");
    out.push_str("<li><span class=\"cue\">فعل القول</span></li>");
    out.push_str("</ul>\n");
    if !summary.warnings.is_empty() {
        let _ = writeln!(out, "<details class=\"warnings\"><summary>{} تنبيهات في السجل</summary><ul>", summary.warnings.len());
        for w in &summary.warnings {
            let _ = write!(out, "<li><bdi>{}</bdi></li>", escape(w));
        }
        out.push_str("</ul></details>\n");
    }
    out.push_str("</header>\n");
}

/// Who each PERSON entity mentions, from the persons' mention lists.
fn mention_owner(record: &Record) -> HashMap<&str, &str> {
    let mut owner = HashMap::new();
    for p in &record.persons {
        for m in &p.mentions {
            owner.insert(m.as_str(), p.id.as_str());
        }
    }
    owner
}

/// Wider types go outside at equal extent: a ROLE around an ORG around a LOC.
fn entity_rank(kind: &str) -> u8 {
    match kind {
        "ROLE" => 3,
        "ORG" => 4,
        "MISC" => 5,
        "LOC" => 6,
        _ => 7,
    }
}

fn article(record: &Record, text: &str, warnings: &mut Vec<String>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len();
    let mut spans = Span::paragraphs(&chars);
    let mut check = |what: &str, id: &str, start: usize, end: usize, expected: &str| -> bool {
        if start >= end || end > len {
            warnings.push(format!("{what} {id}: {start}..{end} is outside the text ({len} characters); not drawn"));
            return false;
        }
        let got: String = chars[start..end].iter().collect();
        if !expected.is_empty() && got != expected {
            warnings.push(format!("{what} {id}: text at {start}..{end} is «{got}», the record says «{expected}»"));
        }
        true
    };
    for (i, e) in record.entities.iter().enumerate() {
        if check("entity", &e.id, e.start, e.end, &e.text) {
            spans.push(Span { start: e.start, end: e.end, kind: SpanKind::Entity(i), outer_rank: entity_rank(&e.kind) });
        }
    }
    for (i, q) in record.quotes.iter().enumerate() {
        if check("quote", &q.id, q.start, q.end, &q.text) {
            spans.push(Span { start: q.start, end: q.end, kind: SpanKind::Quote(i), outer_rank: 1 });
        }
        if let Some(c) = &q.cue {
            if check("cue of", &q.id, c.start, c.end, &c.text) {
                spans.push(Span { start: c.start, end: c.end, kind: SpanKind::Cue(i), outer_rank: 2 });
            }
        }
    }
    let tree = nest(len, &spans);
    let ctx = Ctx { record, chars: &chars, owner: mention_owner(record) };
    let mut out = String::from("<main class=\"article\" id=\"article\">\n");
    for node in &tree {
        ctx.node(&mut out, node);
    }
    out.push_str("</main>\n");
    out
}

struct Ctx<'a> {
    record: &'a Record,
    chars: &'a [char],
    owner: HashMap<&'a str, &'a str>,
}

impl Ctx<'_> {
    fn node(&self, out: &mut String, node: &Node) {
        match node {
            Node::Text(r) => {
                // Newlines end paragraphs, which are elements already.
                let s: String = self.chars[r.clone()].iter().filter(|c| **c != '\n').collect();
                // A mark that starts or ends inside a word (a clitic outside the span, as in
                // `بمحافظة`) would cut the letters' joining: browsers shape each side of a
                // bordered element apart. A zero-width joiner on each side keeps the joined forms.
                let joined_before = r.start > 0 && joins_next(self.chars[r.start - 1]) && joins_previous(self.chars[r.start]);
                let joined_after = r.end < self.chars.len() && joins_next(self.chars[r.end - 1]) && joins_previous(self.chars[r.end]);
                if joined_before {
                    out.push(ZWJ);
                }
                out.push_str(&escape(&s));
                if joined_after {
                    out.push(ZWJ);
                }
            }
            Node::Piece(p) => self.piece(out, p),
        }
    }

    fn children(&self, out: &mut String, p: &Piece) {
        for c in &p.children {
            self.node(out, c);
        }
    }

    fn piece(&self, out: &mut String, p: &Piece) {
        let part = if p.part > 0 { format!(" data-part=\"{}\"", p.part) } else { String::new() };
        match p.span.kind {
            SpanKind::Paragraph => {
                let blank = p.children.iter().all(|c| matches!(c, Node::Text(r) if self.chars[r.clone()].iter().all(|c| c.is_whitespace())));
                if blank {
                    return;
                }
                out.push_str("<p class=\"para\">");
                self.children(out, p);
                out.push_str("</p>\n");
            }
            SpanKind::Entity(i) => {
                let e = &self.record.entities[i];
                self.entity_open(out, e, &part);
                self.children(out, p);
                if p.last {
                    let _ = write!(out, "<span class=\"lbl\" aria-hidden=\"true\"><bdi>{}</bdi></span>", escape(labels::entity_type(&e.kind)));
                }
                out.push_str("</mark>");
            }
            SpanKind::Quote(i) => {
                let q = &self.record.quotes[i];
                let id = if p.part == 0 { format!(" id=\"q-{}\"", escape(&q.id)) } else { String::new() };
                let _ = write!(out, "<span class=\"quote quote-{}\"{id} data-q=\"{}\"{}{part}>", kind_class(q), escape(&q.id), self.speaker_attr(q));
                if p.part == 0 {
                    self.quote_badge(out, q);
                }
                self.children(out, p);
                out.push_str("</span>");
            }
            SpanKind::Cue(i) => {
                let q = &self.record.quotes[i];
                let _ = write!(out, "<span class=\"cue\" data-cue-of=\"{}\"{}{part} title=\"فعل القول\">", escape(&q.id), self.speaker_attr(q));
                self.children(out, p);
                out.push_str("</span>");
            }
        }
    }

    fn entity_open(&self, out: &mut String, e: &Entity, part: &str) {
        let person = match self.owner.get(e.id.as_str()) {
            Some(pid) => format!(" data-person=\"{}\"", escape(pid)),
            None => String::new(),
        };
        let _ = write!(
            out,
            "<mark class=\"ent ent-{}\" data-e=\"{}\" data-type=\"{}\"{person}{part} title=\"{}: {}\">",
            labels::entity_class(&e.kind),
            escape(&e.id),
            escape(&e.kind),
            escape(labels::entity_type(&e.kind)),
            escape(&e.text)
        );
    }

    fn speaker_attr(&self, q: &Quote) -> String {
        match &q.speaker {
            Some(s) => format!(" data-speaker=\"{}\"", escape(s)),
            None => String::new(),
        }
    }

    fn quote_badge(&self, out: &mut String, q: &Quote) {
        let kind = labels::quote_kind(&q.kind);
        match q.speaker.as_deref().and_then(|s| self.record.person(s)) {
            Some(p) => {
                let _ = write!(
                    out,
                    "<a class=\"qbadge\" href=\"#person-{}\" data-pid=\"{}\"><bdi class=\"speaker\">{}</bdi><span class=\"qkind\">{kind}</span></a>",
                    escape(&p.id),
                    escape(&p.id),
                    escape(&p.name)
                );
            }
            None => {
                let _ = write!(out, "<span class=\"qbadge unattributed\"><bdi class=\"speaker\">غير منسوب</bdi><span class=\"qkind\">{kind}</span></span>");
            }
        }
    }
}

const ZWJ: char = '\u{200D}';

/// Arabic letters that connect to the letter after them (dual-joining), tatweel included.
fn joins_next(c: char) -> bool {
    matches!(c, '\u{0626}' | '\u{0628}' | '\u{062A}'..='\u{062E}' | '\u{0633}'..='\u{063A}' | '\u{0640}'..='\u{0647}' | '\u{0649}' | '\u{064A}' | '\u{067E}' | '\u{0686}' | '\u{06A9}' | '\u{06AF}' | '\u{06CC}')
}

/// Arabic letters that connect to the letter before them (all but hamza alone).
fn joins_previous(c: char) -> bool {
    matches!(c, '\u{0622}'..='\u{064A}' | '\u{0671}'..='\u{06D3}') && c != '\u{0621}'
}

fn kind_class(q: &Quote) -> &'static str {
    match q.kind.as_str() {
        "direct" => "direct",
        "indirect" => "indirect",
        _ => "other",
    }
}

/// A record written with `--no-text`: no article to mark up, so the quotes are listed.
fn article_without_text(record: &Record) -> String {
    let mut out = String::from("<main class=\"article no-text\" id=\"article\">\n");
    out.push_str("<p class=\"notice\">هذا السجل بلا نص (استُخرج بالخيار <bdi>--no-text</bdi>)، فهذه الاقتباسات وحدها.</p>\n");
    for q in &record.quotes {
        let speaker = q.speaker.as_deref().and_then(|s| record.person(s));
        let attr = q.speaker.as_ref().map(|s| format!(" data-speaker=\"{}\"", escape(s))).unwrap_or_default();
        let _ = write!(out, "<p class=\"para\"><span class=\"quote quote-{}\" id=\"q-{}\" data-q=\"{}\"{attr}>", kind_class(q), escape(&q.id), escape(&q.id));
        match speaker {
            Some(p) => {
                let _ = write!(out, "<a class=\"qbadge\" href=\"#person-{}\" data-pid=\"{}\"><bdi class=\"speaker\">{}</bdi><span class=\"qkind\">{}</span></a>", escape(&p.id), escape(&p.id), escape(&p.name), labels::quote_kind(&q.kind));
            }
            None => {
                let _ = write!(out, "<span class=\"qbadge unattributed\"><bdi class=\"speaker\">غير منسوب</bdi><span class=\"qkind\">{}</span></span>", labels::quote_kind(&q.kind));
            }
        }
        let _ = writeln!(out, "{}</span></p>", escape(&q.text));
    }
    out.push_str("</main>\n");
    out
}

fn persons_panel(out: &mut String, record: &Record) {
    let _ = writeln!(out, "<aside class=\"persons-panel\" aria-label=\"الأشخاص\">\n<h2>الأشخاص <span class=\"count\">{}</span></h2>", record.persons.len());
    out.push_str("<p class=\"hint\">انقر اسمًا لإبراز كل إشاراته واقتباساته.</p>\n<ol class=\"persons\">\n");
    for p in &record.persons {
        let quotes: Vec<&Quote> = record.quotes_of(&p.id).collect();
        let direct = quotes.iter().filter(|q| q.kind == "direct").count();
        let _ = writeln!(out, "<li class=\"person\" id=\"person-{}\" data-gender=\"{}\">", escape(&p.id), escape(p.gender.as_deref().unwrap_or("unknown")));
        let _ = writeln!(out, "<button type=\"button\" class=\"person-name\" data-pid=\"{}\" aria-pressed=\"false\"><bdi>{}</bdi></button>", escape(&p.id), escape(&p.name));
        out.push_str("<dl>");
        let _ = write!(out, "<dt>الجنس</dt><dd>{}</dd>", labels::gender(p.gender.as_deref()));
        list_row(out, "المنصب", &record.entity_texts(&p.roles));
        list_row(out, "المنظمة", &record.entity_texts(&p.organizations));
        let mentions = record.entity_texts(&p.mentions);
        let mut distinct: Vec<(&str, usize)> = Vec::new();
        for m in &mentions {
            match distinct.iter_mut().find(|(t, _)| t == m) {
                Some((_, n)) => *n += 1,
                None => distinct.push((m, 1)),
            }
        }
        let shown: Vec<String> = distinct.iter().map(|(t, n)| if *n > 1 { format!("<bdi>{}</bdi> ×{n}", escape(t)) } else { format!("<bdi>{}</bdi>", escape(t)) }).collect();
        let _ = write!(out, "<dt>الإشارات</dt><dd><span class=\"n\">{}</span>: {}</dd>", mentions.len(), shown.join("، "));
        let _ = write!(out, "<dt>الاقتباسات</dt><dd><span class=\"n\">{}</span> (مباشر {direct}، غير مباشر {})</dd>", quotes.len(), quotes.len() - direct);
        out.push_str("</dl>\n");
        if !quotes.is_empty() {
            out.push_str("<ol class=\"person-quotes\">");
            for q in &quotes {
                let _ = write!(out, "<li><a href=\"#q-{}\" class=\"quote-link quote-link-{}\">{}</a></li>", escape(&q.id), kind_class(q), escape(&excerpt(&q.text, 70)));
            }
            out.push_str("</ol>\n");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
    let unattributed: Vec<&Quote> = record.quotes.iter().filter(|q| q.speaker.as_deref().and_then(|s| record.person(s)).is_none()).collect();
    if !unattributed.is_empty() {
        let _ = write!(out, "<h3>اقتباسات غير منسوبة <span class=\"count\">{}</span></h3><ol class=\"person-quotes\">", unattributed.len());
        for q in unattributed {
            let _ = write!(out, "<li><a href=\"#q-{}\">{}</a></li>", escape(&q.id), escape(&excerpt(&q.text, 70)));
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</aside>\n");
}

fn list_row(out: &mut String, label: &str, items: &[&str]) {
    if items.is_empty() {
        return;
    }
    let shown: Vec<String> = items.iter().map(|t| format!("<bdi>{}</bdi>", escape(t))).collect();
    let _ = write!(out, "<dt>{label}</dt><dd>{}</dd>", shown.join("، "));
}

/// The first `n` characters, cut at a word, with an ellipsis when cut.
pub(crate) fn excerpt(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        return text.to_string();
    }
    let cut: String = text.chars().take(n).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Line;

    /// A record written for these tests: ROLE ⊃ ORG, a PERSON inside a quote, an
    /// unattributed quote, an out-of-range entity.
    fn record() -> Record {
        let text = "وقال سالم بن راشد مدير عام الموانئ: نعمل على توسعة الرصيف مع سالم.\nوأكد مصدر أن العمل مستمر.";
        let chars: Vec<char> = text.chars().collect();
        let find = |s: &str, from: usize| -> (usize, usize) {
            let target: Vec<char> = s.chars().collect();
            let start = (from..chars.len()).find(|&i| chars[i..].starts_with(&target)).unwrap();
            (start, start + target.len())
        };
        let (p1s, p1e) = find("سالم بن راشد", 0);
        let (rs, re) = find("مدير عام الموانئ", 0);
        let (os, oe) = find("الموانئ", 0);
        let (qs, qe) = find("نعمل على توسعة الرصيف مع سالم", 0);
        let (p2s, p2e) = find("سالم", qs);
        let (q2s, q2e) = find("العمل مستمر", 0);
        let (q2cs, q2ce) = find("وأكد", 0);
        let v = serde_json::json!({
            "id": "t<1>", "text": text,
            "entities": [
                {"id": "e1", "type": "PERSON", "start": p1s, "end": p1e, "text": "سالم بن راشد"},
                {"id": "e2", "type": "ROLE", "start": rs, "end": re, "text": "مدير عام الموانئ"},
                {"id": "e3", "type": "ORG", "start": os, "end": oe, "text": "الموانئ"},
                {"id": "e4", "type": "PERSON", "start": p2s, "end": p2e, "text": "سالم"},
                {"id": "e5", "type": "LOC", "start": 500, "end": 504, "text": "عمان"}
            ],
            "persons": [{"id": "p1", "name": "سالم بن راشد", "mentions": ["e1", "e4"], "roles": ["e2"], "organizations": ["e3"], "gender": "male"}],
            "quotes": [
                {"id": "q1", "kind": "direct", "speaker": "p1", "start": qs, "end": qe, "text": "نعمل على توسعة الرصيف مع سالم", "cue": {"start": 0, "end": 4, "text": "وقال"}},
                {"id": "q2", "kind": "indirect", "speaker": null, "start": q2s, "end": q2e, "text": "العمل مستمر", "cue": {"start": q2cs, "end": q2ce, "text": "وأكد"}}
            ]
        });
        match Line::from_value(v).unwrap() {
            Line::Record(r) => *r,
            _ => unreachable!(),
        }
    }

    fn count(html: &str, needle: &str) -> usize {
        html.matches(needle).count()
    }

    #[test]
    fn the_page_is_right_to_left_arabic_and_self_contained() {
        let html = render(&record(), None).html;
        assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"));
        assert!(html.contains("Noto Naskh Arabic"));
        assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("src="), "nothing is fetched");
        assert!(!html.contains("margin-left") && !html.contains("padding-right") && !html.contains("text-align: left"), "logical CSS properties only");
    }

    #[test]
    fn one_mark_per_drawn_entity_and_nesting_kept() {
        let page = render(&record(), None);
        let html = &page.html;
        let marks = count(html, "<mark class=\"ent ") - 5; // the legend has five
        assert_eq!(marks, 4, "e5 lies outside the text");
        assert_eq!(page.summary.warnings.len(), 1, "{:?}", page.summary.warnings);
        let role = html.find("data-e=\"e2\"").unwrap();
        let org = html.find("data-e=\"e3\"").unwrap();
        let role_close = role + html[role..].find("<span class=\"lbl\" aria-hidden=\"true\"><bdi>منصب</bdi></span></mark>").unwrap();
        assert!(role < org && org < role_close, "the ORG mark sits inside the ROLE mark");
        assert_eq!(count(html, "data-person=\"p1\""), 2, "both mentions point at their person");
    }

    #[test]
    fn quotes_carry_their_kind_speaker_badge_and_cue() {
        let html = render(&record(), None).html;
        assert_eq!(count(&html, "data-q=\""), 2);
        assert!(html.contains("class=\"quote quote-direct\" id=\"q-q1\" data-q=\"q1\" data-speaker=\"p1\"><a class=\"qbadge\" href=\"#person-p1\" data-pid=\"p1\"><bdi class=\"speaker\">سالم بن راشد</bdi><span class=\"qkind\">مباشر</span></a>"));
        assert!(html.contains("class=\"quote quote-indirect\" id=\"q-q2\" data-q=\"q2\"><span class=\"qbadge unattributed\">"));
        assert_eq!(count(&html, "data-cue-of="), 2);
        // The PERSON mention inside the quote is nested in it.
        let q = html.find("data-q=\"q1\"").unwrap();
        let e4 = html.find("data-e=\"e4\"").unwrap();
        assert!(q < e4);
    }

    #[test]
    fn the_panel_lists_each_person_with_roles_orgs_and_quotes() {
        let html = render(&record(), None).html;
        assert_eq!(count(&html, "<li class=\"person\""), 1);
        assert!(html.contains("<dt>المنصب</dt><dd><bdi>مدير عام الموانئ</bdi></dd>"));
        assert!(html.contains("<dt>المنظمة</dt><dd><bdi>الموانئ</bdi></dd>"));
        assert!(html.contains("<dt>الإشارات</dt><dd><span class=\"n\">2</span>"));
        assert!(html.contains("href=\"#q-q1\""));
        assert!(html.contains("اقتباسات غير منسوبة"));
    }

    #[test]
    fn ids_and_text_are_escaped() {
        let html = render(&record(), None).html;
        assert!(html.contains("<h1><bdi>t&lt;1&gt;</bdi></h1>"));
    }

    #[test]
    fn a_record_without_text_still_lists_its_quotes() {
        let mut r = record();
        r.text = None;
        let html = render(&r, Some("index.html")).html;
        assert!(html.contains("--no-text"));
        assert_eq!(count(&html, "data-q=\""), 2);
        assert!(html.contains("href=\"index.html\""));
    }

    #[test]
    fn a_mark_inside_a_word_keeps_the_letters_joined() {
        // `بمحافظة`: the clitic ب stays outside the LOC; both sides get a joiner.
        let v = serde_json::json!({"id": "j", "text": "في بمحافظة ظفار", "entities": [{"id": "e1", "type": "LOC", "start": 4, "end": 15, "text": "محافظة ظفار"}]});
        let Line::Record(r) = Line::from_value(v).unwrap() else { unreachable!() };
        let html = render(&r, None).html;
        assert!(html.contains("في ب\u{200D}<mark"), "{html}");
        assert!(html.contains("title=\"مكان: محافظة ظفار\">\u{200D}محافظة ظفار<span"));
        // Between words nothing is added.
        assert!(!html.contains("\u{200D} ") && !html.contains(" \u{200D}"));
    }

    #[test]
    fn paragraphs_become_p_elements() {
        let html = render(&record(), None).html;
        assert_eq!(count(&html, "<p class=\"para\">"), 2);
    }
}
