//! Counting strings that vary in spelling: counted under their `names::normalize` key,
//! shown in their most frequent spelling.

use crate::names::normalize;
use std::collections::HashMap;

#[derive(Debug, Default, Clone)]
pub struct Tally {
    counts: HashMap<String, Entry>,
}

#[derive(Debug, Default, Clone)]
struct Entry {
    count: usize,
    spellings: HashMap<String, usize>,
}

impl Tally {
    pub fn add(&mut self, text: &str, n: usize) {
        let key = normalize(text);
        if key.is_empty() {
            return;
        }
        let e = self.counts.entry(key).or_default();
        e.count += n;
        *e.spellings.entry(text.trim().to_string()).or_default() += n;
    }

    pub fn merge(&mut self, other: &Tally) {
        for (key, e) in &other.counts {
            let mine = self.counts.entry(key.clone()).or_default();
            mine.count += e.count;
            for (s, n) in &e.spellings {
                *mine.spellings.entry(s.clone()).or_default() += n;
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// (most frequent spelling, count), most counted first; ties by spelling, so output is stable.
    pub fn top(&self, n: usize) -> Vec<(String, usize)> {
        let mut all: Vec<(String, usize)> = self.counts.values().map(|e| (best_spelling(&e.spellings), e.count)).collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        all.truncate(n);
        all
    }
}

/// The most frequent spelling; between equals, the longest, then the first in order.
pub fn best_spelling(spellings: &HashMap<String, usize>) -> String {
    spellings
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| a.0.chars().count().cmp(&b.0.chars().count())).then_with(|| b.0.cmp(a.0)))
        .map(|(s, _)| s.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_count_together_and_show_the_commonest() {
        let mut t = Tally::default();
        t.add("وزارة الإعلام", 1);
        t.add("وزارة الاعلام", 1);
        t.add("وزارة الإعلام", 1);
        t.add("ميتا", 1);
        assert_eq!(t.top(5), vec![("وزارة الإعلام".to_string(), 3), ("ميتا".to_string(), 1)]);
    }
}
