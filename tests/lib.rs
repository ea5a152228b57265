//! Shared pieces of the end-to-end tests: a seeded generator of adversarial Arabic text, and
//! the offset check every document must pass.

use qawl_pipeline::{default_model_dir, Document, Pipeline};
use std::path::PathBuf;
use std::sync::OnceLock;

/// The default pipeline (rules and the shipped tagger), loaded once.
pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::load(&default_model_dir()).expect("the shipped model under models/ loads"))
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `../shared` beside the repository, when this checkout has it (CI does; a fresh clone may not).
pub fn shared() -> Option<PathBuf> {
    let p = repo().join("../shared");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared is absent (it holds the seed fixture and corpora)");
        None
    }
}

/// Every span of the document slices its text exactly.
pub fn assert_offsets(doc: &Document) {
    let chars: Vec<char> = doc.text.chars().collect();
    let slice = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
    for e in &doc.entities {
        assert_eq!(slice(e.start, e.end), e.text, "entity {} of {}", e.id, doc.id);
    }
    for q in &doc.quotes {
        assert_eq!(slice(q.start, q.end), q.text, "quote {} of {}", q.id, doc.id);
        if let Some(c) = &q.cue {
            assert_eq!(slice(c.start, c.end), c.text, "cue of quote {} of {}", q.id, doc.id);
        }
    }
}

/// xorshift64*: small, seeded, the same cases on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Pieces that stress the text layer and the rules: cue verbs, titles, name particles,
/// clitics, quotation marks opened and never closed, diacritics, tatweel, invisible controls,
/// Latin and digits, line breaks.
const PIECES: &[&str] = &[
    "وقال", "وأضاف", "مشيرا إلى أن", "وأكدت", "قال:", "إن", "أن", "بحسب", "على حد تعبيره", "من جانبه،",
    "الوزير", "مدير عام", "رئيسة قسم", "الدكتور", "الشيخ", "بن", "بنت", "أبو", "آل", "عبد الله",
    "سالم", "الحارثي", "مريم", "الكندية", "وزارة الإعلام", "لـ«الشرق»", "في تصريحات لـ", "«", "»", "\"",
    ":", "،", ".", "؟", "!", "(", ")", "-", "ـــ", "\u{64e}\u{651}", "\u{200c}", "\u{200d}", "\u{feff}",
    "\u{202b}", "\n", "\n\n", " ", "  ", "\t", "2015", "٢٠١٥", "CNN", "Al-Qaeda", "ﻻ", "إلى", "عليّ", "لل",
    "وبالمدرسة", "فللمستشفى", "ة", "ى", "أ", "آ", "ء", "🙂", "\u{0}", "\r\n",
];

/// A random document of about `words` pieces.
pub fn arabic_noise(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for _ in 0..words {
        s.push_str(*rng.pick(PIECES));
        if rng.below(3) > 0 {
            s.push(' ');
        }
        if rng.below(40) == 0 {
            // A random code point now and then, from the BMP and beyond.
            if let Some(c) = char::from_u32(rng.next() as u32 % 0x1_0000) {
                s.push(c);
            }
        }
    }
    s
}

/// Every span of a processed document slices its text, and every reference resolves.
pub fn assert_consistent(doc: &Document) {
    let chars: Vec<char> = doc.text.chars().collect();
    let slice = |s: usize, e: usize| {
        assert!(s <= e && e <= chars.len(), "span {s}..{e} outside {} chars of {}", chars.len(), doc.id);
        chars[s..e].iter().collect::<String>()
    };
    for e in &doc.entities {
        assert_eq!(slice(e.start, e.end), e.text, "entity {} of {}", e.id, doc.id);
    }
    for p in &doc.persons {
        for m in p.mentions.iter().chain(&p.roles).chain(&p.organizations) {
            assert!(doc.entity(m).is_some(), "person {} refers to missing {m}", p.id);
        }
    }
    for q in &doc.quotes {
        assert_eq!(slice(q.start, q.end), q.text, "quote {} of {}", q.id, doc.id);
        if let Some(c) = &q.cue {
            assert_eq!(slice(c.start, c.end), c.text, "cue of {}", q.id);
        }
        if let Some(s) = &q.speaker {
            assert!(doc.person(s).is_some(), "quote {} has unknown speaker {s}", q.id);
        }
    }
}

/// One document of a news archive (the `text.txt` format of `../shared/data/news`: a tag
/// line, the text, a closing tag), built from text the tests write themselves. The tag is
/// assembled here so that no test file holds an archive block as a literal.
pub fn archive_block(id: &str, text: &str) -> String {
    const TAG: &str = "doc";
    format!("<{TAG} id=\"{id}\">\n{text}\n</{TAG}>")
}
