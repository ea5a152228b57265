//! Writing pages to disk: one page for one document, or a folder of pages with an index.

use crate::error::{Error, Result};
use crate::index;
use crate::page::{self, PageSummary};
use crate::record::Record;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Writes one document's page to `path`.
pub fn write_page(record: &Record, path: &Path) -> Result<PageSummary> {
    let rendered = page::render(record, None);
    std::fs::write(path, rendered.html).map_err(Error::write(path))?;
    Ok(rendered.summary)
}

/// A folder of pages, one per document, and `index.html` listing them.
pub struct Site {
    dir: PathBuf,
    pages: Vec<(String, PageSummary)>,
    failed: Vec<(String, String)>,
    used: HashSet<String>,
}

impl Site {
    pub fn create(dir: &Path) -> Result<Site> {
        std::fs::create_dir_all(dir).map_err(Error::write(dir))?;
        Ok(Site { dir: dir.to_path_buf(), pages: Vec::new(), failed: Vec::new(), used: HashSet::from(["index".to_string()]) })
    }

    /// Renders and writes the page of `record`; returns what the index says of it.
    pub fn add(&mut self, record: &Record) -> Result<PageSummary> {
        let name = format!("{}.html", unique_name(&record.id, &mut self.used));
        let rendered = page::render(record, Some("index.html"));
        let path = self.dir.join(&name);
        std::fs::write(&path, rendered.html).map_err(Error::write(&path))?;
        self.pages.push((name, rendered.summary.clone()));
        Ok(rendered.summary)
    }

    /// Lists a document that failed in `extract` (an error record) on the index.
    pub fn add_failed(&mut self, id: &str, error: &str) {
        self.failed.push((id.to_string(), error.to_string()));
    }

    pub fn pages(&self) -> usize {
        self.pages.len()
    }

    /// Writes `index.html`; returns its path.
    pub fn finish(self) -> Result<PathBuf> {
        let path = self.dir.join("index.html");
        std::fs::write(&path, index::render(&self.pages, &self.failed)).map_err(Error::write(&path))?;
        Ok(path)
    }
}

/// A file name from an id: ASCII letters, digits, `-`, `_` and `.` kept (never at the
/// start), runs of anything else one `_`, at most 60 characters, and a counter when two ids come out the same.
fn unique_name(id: &str, used: &mut HashSet<String>) -> String {
    let mut base = String::new();
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
            base.push(c);
        } else if !base.ends_with('_') {
            base.push('_');
        }
        if base.len() >= 60 {
            break;
        }
    }
    // No leading dot (a hidden file) and no `..`.
    let base = base.replace("..", "_").trim_matches(|c| c == '_' || c == '.').to_string();
    let base = if base.is_empty() { "doc".to_string() } else { base };
    let mut name = base.clone();
    let mut n = 2;
    while !used.insert(name.to_lowercase()) {
        name = format!("{base}-{n}");
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_and_unique() {
        let mut used = HashSet::from(["index".to_string()]);
        assert_eq!(unique_name("AL-culture-1-20180218", &mut used), "AL-culture-1-20180218");
        assert_eq!(unique_name("../etc/passwd", &mut used), "etc_passwd");
        assert_eq!(unique_name("مقال", &mut used), "doc");
        assert_eq!(unique_name("مقال آخر", &mut used), "doc-2");
        assert_eq!(unique_name("index", &mut used), "index-2");
        assert_eq!(unique_name("a b", &mut used), "a_b");
        assert_eq!(unique_name("a/b", &mut used), "a_b-2");
    }
}
