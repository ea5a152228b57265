//! The index page of a folder of document pages.

use crate::html::{escape, page};
use crate::page::PageSummary;
use std::fmt::Write;

const CSS: &str = include_str!("assets/index.css");

/// `pages` are (file name, summary) in input order; `failed` are (id, error) of error records.
pub fn render(pages: &[(String, PageSummary)], failed: &[(String, String)]) -> String {
    let quotes: usize = pages.iter().map(|(_, s)| s.quotes).sum();
    let persons: usize = pages.iter().map(|(_, s)| s.persons).sum();
    let mut body = String::from("<header>\n<h1>المستندات</h1>\n");
    let _ = writeln!(body, "<p class=\"meta\">{} مستندًا · {persons} شخصًا · {quotes} اقتباسًا{}</p>\n</header>", pages.len(), if failed.is_empty() { String::new() } else { format!(" · {} سجلات أخطاء", failed.len()) });
    let with_source = pages.iter().any(|(_, s)| s.source.is_some());
    let with_date = pages.iter().any(|(_, s)| s.date.is_some());
    body.push_str("<table class=\"docs\">\n<thead><tr><th>المستند</th><th>السطر الأول</th>");
    if with_source {
        body.push_str("<th>المصدر</th>");
    }
    if with_date {
        body.push_str("<th>التاريخ</th>");
    }
    body.push_str("<th>كيانات</th><th>أشخاص</th><th>اقتباسات</th><th>أكثر المتحدثين</th></tr></thead>\n<tbody>\n");
    for (file, s) in pages {
        let _ = write!(body, "<tr><td><a href=\"{}\"><bdi>{}</bdi></a>{}</td>", escape(file), escape(&s.id), if s.warnings.is_empty() { "" } else { " <span class=\"warn\" title=\"تنبيهات في السجل\">⚠</span>" });
        let _ = write!(body, "<td class=\"title\"><bdi>{}</bdi></td>", escape(s.title.as_deref().unwrap_or("")));
        if with_source {
            let _ = write!(body, "<td><bdi>{}</bdi></td>", escape(s.source.as_deref().unwrap_or("")));
        }
        if with_date {
            let _ = write!(body, "<td><bdi>{}</bdi></td>", escape(s.date.as_deref().unwrap_or("")));
        }
        let speakers: Vec<String> = s.speakers.iter().map(|n| format!("<bdi>{}</bdi>", escape(n))).collect();
        let _ = writeln!(body, "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>", s.entities, s.persons, s.quotes, speakers.join("، "));
    }
    body.push_str("</tbody>\n</table>\n");
    if !failed.is_empty() {
        body.push_str("<h2>سجلات أخطاء (تخطيت)</h2>\n<ul class=\"failed\">\n");
        for (id, error) in failed {
            let _ = writeln!(body, "<li><bdi>{}</bdi>: <bdi dir=\"ltr\">{}</bdi></li>", escape(id), escape(error));
        }
        body.push_str("</ul>\n");
    }
    page("المستندات · qawl", CSS, &body, None)
}
