//! Persons across documents. Each document's person is counted under the key of its
//! name (`names::normalize`); when the archive is read, a shorter name joins a longer one
//! only when it is that name with parts left out (`محمد العلي` in `محمد بن سعد العلي`),
//! both start with the same given name and end with the same family name, and exactly one
//! longer name fits. So two people who share only a family name (`داود بن سليمان العذوبي`,
//! `داوود بن سليمان السلماني`; `السالمي` alone) are never merged, and an ambiguous short
//! name stays on its own.

use super::tally::{best_spelling, Tally};
use std::collections::HashMap;

/// What the archive says about one person (under one key, or merged).
#[derive(Debug, Default, Clone)]
pub struct PersonFacts {
    /// Spellings of the name as the documents give it (the fullest mention each time).
    pub names: HashMap<String, usize>,
    /// Spellings of every mention (family name alone, full name, …).
    pub variants: HashMap<String, usize>,
    /// Documents that say male / female / nothing.
    pub male: usize,
    pub female: usize,
    pub unknown: usize,
    pub documents: usize,
    pub mentions: usize,
    pub direct: usize,
    pub indirect: usize,
    /// Quotes of another kind than direct or indirect (none today).
    pub other_quotes: usize,
    pub roles: Tally,
    pub organizations: Tally,
    pub sources: Tally,
}

impl PersonFacts {
    pub fn quotes(&self) -> usize {
        self.direct + self.indirect + self.other_quotes
    }

    /// The gender most documents give; unknown when none do or they disagree evenly.
    pub fn gender(&self) -> &'static str {
        use std::cmp::Ordering::*;
        match self.male.cmp(&self.female) {
            Greater => "male",
            Less => "female",
            Equal => "unknown",
        }
    }

    pub fn name(&self) -> String {
        best_spelling(&self.names)
    }

    fn absorb(&mut self, other: &PersonFacts) {
        for (s, n) in &other.names {
            *self.names.entry(s.clone()).or_default() += n;
        }
        for (s, n) in &other.variants {
            *self.variants.entry(s.clone()).or_default() += n;
        }
        self.male += other.male;
        self.female += other.female;
        self.unknown += other.unknown;
        self.documents += other.documents;
        self.mentions += other.mentions;
        self.direct += other.direct;
        self.indirect += other.indirect;
        self.other_quotes += other.other_quotes;
        self.roles.merge(&other.roles);
        self.organizations.merge(&other.organizations);
        self.sources.merge(&other.sources);
    }
}

/// Persons by name key while the archive is read.
#[derive(Debug, Default)]
pub struct PersonTable {
    index: HashMap<String, usize>,
    keys: Vec<String>,
    facts: Vec<PersonFacts>,
}

/// One person of the archive after merging.
#[derive(Debug, Clone)]
pub struct ArchivePerson {
    pub key: String,
    pub facts: PersonFacts,
}

/// The merged persons, and for each key of the table the person it went to.
#[derive(Debug)]
pub struct MergedPersons {
    pub people: Vec<ArchivePerson>,
    pub of_key: Vec<usize>,
}

impl PersonTable {
    /// The slot of `key`, made on first use.
    pub fn slot(&mut self, key: &str) -> usize {
        if let Some(&i) = self.index.get(key) {
            return i;
        }
        let i = self.keys.len();
        self.index.insert(key.to_string(), i);
        self.keys.push(key.to_string());
        self.facts.push(PersonFacts::default());
        i
    }

    pub fn facts_mut(&mut self, slot: usize) -> &mut PersonFacts {
        &mut self.facts[slot]
    }

    pub fn merge(self) -> MergedPersons {
        let tokens: Vec<Vec<&str>> = self.keys.iter().map(|k| k.split(' ').collect()).collect();
        let mut by_ends: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (i, t) in tokens.iter().enumerate() {
            if t.len() >= 2 {
                by_ends.entry((t[0], t[t.len() - 1])).or_default().push(i);
            }
        }
        let mut parent: Vec<Option<usize>> = vec![None; self.keys.len()];
        for (k, t) in tokens.iter().enumerate() {
            if t.len() < 2 {
                continue;
            }
            let group = &by_ends[&(t[0], t[t.len() - 1])];
            let longer: Vec<usize> = group.iter().copied().filter(|&l| tokens[l].len() > t.len() && is_subsequence(t, &tokens[l])).collect();
            let widest: Vec<usize> = longer.iter().copied().filter(|&c| !longer.iter().any(|&d| tokens[d].len() > tokens[c].len() && is_subsequence(&tokens[c], &tokens[d]))).collect();
            if let [only] = widest[..] {
                parent[k] = Some(only);
            }
        }
        // A widest name has no parent itself (a longer fit would fit the short name too).
        let mut people: Vec<ArchivePerson> = Vec::new();
        let mut slot_of_root: HashMap<usize, usize> = HashMap::new();
        let mut of_key = vec![0; self.keys.len()];
        for k in 0..self.keys.len() {
            let root = parent[k].unwrap_or(k);
            let slot = *slot_of_root.entry(root).or_insert_with(|| {
                people.push(ArchivePerson { key: self.keys[root].clone(), facts: PersonFacts::default() });
                people.len() - 1
            });
            of_key[k] = slot;
        }
        for (k, facts) in self.facts.iter().enumerate() {
            people[of_key[k]].facts.absorb(facts);
        }
        MergedPersons { people, of_key }
    }
}

/// Whether `short` is `long` with some words left out, order kept.
fn is_subsequence(short: &[&str], long: &[&str]) -> bool {
    let mut it = long.iter();
    short.iter().all(|w| it.any(|l| l == w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::normalize;

    fn table(names: &[&str]) -> MergedPersons {
        let mut t = PersonTable::default();
        for n in names {
            let slot = t.slot(&normalize(n));
            let f = t.facts_mut(slot);
            *f.names.entry(n.to_string()).or_default() += 1;
            f.documents += 1;
        }
        t.merge()
    }

    #[test]
    fn a_short_form_joins_the_one_long_name_it_fits() {
        let m = table(&["محمد بن سعد العلي", "محمد العلي", "إبراهيم بن سالم السالمي", "ابراهيم السالمي"]);
        assert_eq!(m.people.len(), 2);
        assert_eq!(m.of_key[0], m.of_key[1]);
        assert_eq!(m.people[m.of_key[1]].facts.documents, 2);
        assert_eq!(m.people[m.of_key[1]].facts.name(), "محمد بن سعد العلي");
    }

    #[test]
    fn sharing_a_family_name_is_not_enough() {
        let m = table(&["داود بن سليمان العذوبي", "داوود بن سليمان السلماني", "أحمد العذوبي", "العذوبي"]);
        assert_eq!(m.people.len(), 4, "different given names or a family name alone never merge");
    }

    #[test]
    fn an_ambiguous_short_form_stays_alone() {
        let m = table(&["محمد بن سعد العلي", "محمد بن خالد العلي", "محمد العلي"]);
        assert_eq!(m.people.len(), 3);
    }

    #[test]
    fn nested_long_forms_all_go_to_the_longest() {
        let m = table(&["سلطان بن محمد بن سعيد القاسمي", "سلطان بن محمد القاسمي", "سلطان القاسمي"]);
        assert_eq!(m.people.len(), 1);
    }

    #[test]
    fn gender_is_the_majority_of_documents() {
        let mut f = PersonFacts { male: 2, female: 1, ..Default::default() };
        assert_eq!(f.gender(), "male");
        f.female = 2;
        assert_eq!(f.gender(), "unknown");
    }
}
