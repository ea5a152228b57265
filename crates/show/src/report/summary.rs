//! The figures of a report, as `summary.json` writes them and the HTML report shows them.

use serde::Serialize;

/// Quotes (or persons) by gender.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct GenderCounts {
    pub male: usize,
    pub female: usize,
    pub unknown: usize,
    /// Quotes with no speaker (always 0 for persons).
    pub unattributed: usize,
}

impl GenderCounts {
    pub fn add(&mut self, gender: &str) {
        match gender {
            "male" => self.male += 1,
            "female" => self.female += 1,
            "unattributed" => self.unattributed += 1,
            _ => self.unknown += 1,
        }
    }

    pub fn merge(&mut self, other: &GenderCounts) {
        self.male += other.male;
        self.female += other.female;
        self.unknown += other.unknown;
        self.unattributed += other.unattributed;
    }

    pub fn total(&self) -> usize {
        self.male + self.female + self.unknown + self.unattributed
    }

    /// Share of women among those whose gender is known, in percent (None when none is).
    pub fn female_share(&self) -> Option<f64> {
        let known = self.male + self.female;
        (known > 0).then(|| self.female as f64 * 100.0 / known as f64)
    }
}

/// A role or organization: archive persons holding it, and their quotes.
#[derive(Debug, Clone, Serialize)]
pub struct Ranked {
    pub name: String,
    pub persons: usize,
    pub quotes: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Speaker {
    /// The person's key (also in `persons.csv` and `quotes.csv`).
    pub key: String,
    pub name: String,
    pub gender: String,
    pub quotes: usize,
    pub documents: usize,
    pub roles: Vec<String>,
    pub organizations: Vec<String>,
}

/// One source or one month.
#[derive(Debug, Clone, Serialize)]
pub struct GroupFigures {
    pub name: String,
    pub documents: usize,
    pub quotes: usize,
    pub quoted_persons: usize,
    pub quotes_by_gender: GenderCounts,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Documents read (error records not included).
    pub documents: usize,
    /// `{"id","error"}` records, skipped.
    pub error_records: usize,
    /// Lines that were no record (broken JSON), skipped.
    pub unreadable_lines: usize,
    pub quotes: usize,
    pub direct: usize,
    pub indirect: usize,
    /// Quotes with a speaker.
    pub attributed: usize,
    /// Archive persons (after merging across documents).
    pub persons: usize,
    /// Archive persons with at least one quote.
    pub quoted_persons: usize,
    pub quotes_by_gender: GenderCounts,
    pub quoted_persons_by_gender: GenderCounts,
    pub top_speakers: Vec<Speaker>,
    pub top_roles: Vec<Ranked>,
    pub top_organizations: Vec<Ranked>,
    /// Per `source` field, most documents first.
    pub sources: Vec<GroupFigures>,
    /// Per month of the `date` field (`2015-07`), in order.
    pub months: Vec<GroupFigures>,
    pub documents_without_source: usize,
    pub documents_without_date: usize,
    /// Documents whose `date` is in no known form, and a few of those dates.
    pub documents_with_unknown_date: usize,
    pub unknown_date_examples: Vec<String>,
}
