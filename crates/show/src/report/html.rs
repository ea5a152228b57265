//! The report's `index.html`: the summary figures as cards, tables and inline SVG charts.

use super::{GenderCounts, GroupFigures, Ranked, Report};
use crate::html::{escape, page};
use crate::labels;
use crate::svg::{self, Segment};
use std::fmt::Write;

const CSS: &str = include_str!("../assets/report.css");

const MALE: &str = "#2563eb";
const FEMALE: &str = "#db2777";
const UNKNOWN: &str = "#94a3b8";
const UNATTRIBUTED: &str = "#cbd5e1";

fn gender_segments(g: &GenderCounts, with_unattributed: bool) -> Vec<Segment<'static>> {
    let mut s = vec![
        Segment { name: "رجال", value: g.male, color: MALE },
        Segment { name: "نساء", value: g.female, color: FEMALE },
        Segment { name: "غير معروف", value: g.unknown, color: UNKNOWN },
    ];
    if with_unattributed {
        s.push(Segment { name: "غير منسوب", value: g.unattributed, color: UNATTRIBUTED });
    }
    s
}

fn pct(n: usize, of: usize) -> String {
    if of == 0 {
        "—".to_string()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / of as f64)
    }
}

/// A figure with a percent sign kept in Latin order inside Arabic text.
fn ltr(figure: &str) -> String {
    format!("<bdi dir=\"ltr\">{figure}</bdi>")
}

fn female_share(g: &GenderCounts) -> String {
    g.female_share().map(|s| format!("{s:.1}%")).unwrap_or_else(|| "—".into())
}

pub fn render(report: &Report) -> String {
    let s = &report.summary;
    let mut b = String::new();
    b.push_str("<header>\n<h1>تقرير الأرشيف</h1>\n");
    b.push_str("<p class=\"files\">الملفات: <a href=\"quotes.csv\"><bdi>quotes.csv</bdi></a> · <a href=\"persons.csv\"><bdi>persons.csv</bdi></a> · <a href=\"summary.json\"><bdi>summary.json</bdi></a></p>\n</header>\n");

    b.push_str("<section class=\"cards\">\n");
    let cards: [(&str, String, String); 6] = [
        ("مستندات", s.documents.to_string(), if s.error_records + s.unreadable_lines > 0 { format!("تُخطّي {} سجل خطأ و{} سطرًا غير مقروء", s.error_records, s.unreadable_lines) } else { "لا سجلات أخطاء".into() }),
        ("اقتباسات", s.quotes.to_string(), format!("{} مباشر · {} غير مباشر", s.direct, s.indirect)),
        ("منسوبة إلى متحدث", pct(s.attributed, s.quotes), format!("{} من {}", s.attributed, s.quotes)),
        ("أشخاص", s.persons.to_string(), "بعد الدمج عبر المستندات".into()),
        ("أشخاص مقتبس منهم", s.quoted_persons.to_string(), format!("نساء: {}", ltr(&female_share(&s.quoted_persons_by_gender)))),
        ("حصة النساء من الاقتباسات", female_share(&s.quotes_by_gender), "من الاقتباسات معروفة الجنس".into()),
    ];
    // Notes hold only figures and fixed words, so they are written as HTML.
    for (label, value, note) in cards {
        let _ = writeln!(b, "<div class=\"card\"><div class=\"label\">{label}</div><div class=\"value\"><bdi dir=\"ltr\">{}</bdi></div><div class=\"note\">{note}</div></div>", escape(&value));
    }
    b.push_str("</section>\n");

    b.push_str("<section>\n<h2>الجنس</h2>\n");
    b.push_str(&svg::shares(
        "حصص الجنس",
        &[("الاقتباسات".to_string(), gender_segments(&s.quotes_by_gender, true)), ("الأشخاص المقتبس منهم".to_string(), gender_segments(&s.quoted_persons_by_gender, false))],
    ));
    b.push_str("<table><thead><tr><th></th><th>رجال</th><th>نساء</th><th>غير معروف</th><th>غير منسوب</th><th>المجموع</th></tr></thead><tbody>\n");
    for (label, g) in [("الاقتباسات", &s.quotes_by_gender), ("الأشخاص المقتبس منهم", &s.quoted_persons_by_gender)] {
        let t = g.total();
        let _ = writeln!(
            b,
            "<tr><th>{label}</th><td class=\"n\">{} <bdi dir=\"ltr\" class=\"pct\">{}</bdi></td><td class=\"n\">{} <bdi dir=\"ltr\" class=\"pct\">{}</bdi></td><td class=\"n\">{} <bdi dir=\"ltr\" class=\"pct\">{}</bdi></td><td class=\"n\">{}</td><td class=\"n\">{t}</td></tr>",
            g.male,
            pct(g.male, t),
            g.female,
            pct(g.female, t),
            g.unknown,
            pct(g.unknown, t),
            g.unattributed
        );
    }
    b.push_str("</tbody></table>\n<p class=\"note\">جنس الاقتباس هو جنس متحدثه كما يذكره مستنده؛ جنس الشخص هو ما تذكره أغلب مستنداته.</p>\n</section>\n");

    b.push_str("<section>\n<h2>أكثر المتحدثين اقتباسًا</h2>\n");
    let rows: Vec<(String, usize)> = s.top_speakers.iter().map(|p| (p.name.clone(), p.quotes)).collect();
    b.push_str(&svg::bars("الاقتباسات لكل متحدث", &rows, "#0f766e"));
    b.push_str("<table><thead><tr><th>الاسم</th><th>الجنس</th><th>اقتباسات</th><th>مستندات</th><th>المنصب</th><th>المنظمة</th></tr></thead><tbody>\n");
    for p in &s.top_speakers {
        let list = |v: &[String]| v.iter().map(|t| format!("<bdi>{}</bdi>", escape(t))).collect::<Vec<_>>().join("، ");
        let _ = writeln!(b, "<tr><td><bdi>{}</bdi></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>", escape(&p.name), labels::gender(Some(&p.gender)), p.quotes, p.documents, list(&p.roles), list(&p.organizations));
    }
    b.push_str("</tbody></table>\n</section>\n");

    ranked_section(&mut b, "أكثر المناصب", "المنصب", &s.top_roles, "#c2410c");
    ranked_section(&mut b, "أكثر المنظمات", "المنظمة", &s.top_organizations, "#15803d");

    b.push_str("<section>\n<h2>حسب المصدر</h2>\n");
    if s.sources.is_empty() {
        b.push_str("<p class=\"note\">لا تحمل السجلات حقل <bdi>source</bdi>.</p>\n");
    } else {
        let rows: Vec<(String, Vec<Segment>)> = s.sources.iter().map(|g| (g.name.clone(), gender_segments(&g.quotes_by_gender, true))).collect();
        b.push_str(&svg::shares("الاقتباسات حسب جنس المتحدث في كل مصدر", &rows));
        group_table(&mut b, "المصدر", &s.sources);
        if s.documents_without_source > 0 {
            let _ = writeln!(b, "<p class=\"note\">{} مستندًا بلا مصدر.</p>", s.documents_without_source);
        }
    }
    b.push_str("</section>\n");

    b.push_str("<section>\n<h2>حسب الشهر</h2>\n");
    if s.months.is_empty() {
        b.push_str("<p class=\"note\">لا تحمل السجلات حقل <bdi>date</bdi> بصيغة معروفة.</p>\n");
    } else {
        let labels: Vec<String> = s.months.iter().map(|g| g.name.clone()).collect();
        let stacks: Vec<Vec<Segment>> = s.months.iter().map(|g| gender_segments(&g.quotes_by_gender, true)).collect();
        b.push_str(&svg::columns("الاقتباسات في كل شهر", &labels, &stacks));
        group_table(&mut b, "الشهر", &s.months);
    }
    if s.documents_without_date > 0 || s.documents_with_unknown_date > 0 {
        let examples: Vec<String> = s.unknown_date_examples.iter().map(|d| format!("<bdi>{}</bdi>", escape(d))).collect();
        let _ = writeln!(b, "<p class=\"note\">{} مستندًا بلا تاريخ، و{} بتاريخ بصيغة غير معروفة{}.</p>", s.documents_without_date, s.documents_with_unknown_date, if examples.is_empty() { String::new() } else { format!(" (مثل {})", examples.join("، ")) });
    }
    b.push_str("</section>\n");

    if !report.skipped.is_empty() {
        let _ = writeln!(b, "<section>\n<h2>ما تُخطّي <span class=\"count\">{}</span></h2>\n<ul class=\"skipped\">", report.skipped.len());
        for k in report.skipped.iter().take(50) {
            let _ = writeln!(b, "<li><bdi>{}</bdi>: <bdi dir=\"ltr\">{}</bdi></li>", escape(&k.at), escape(&k.why));
        }
        if report.skipped.len() > 50 {
            let _ = writeln!(b, "<li>و{} غيرها</li>", report.skipped.len() - 50);
        }
        b.push_str("</ul>\n</section>\n");
    }
    b.push_str("<footer><p class=\"note\">يُعرَّف الشخص عبر المستندات باسمه بعد توحيد الكتابة (الهمزات، الياء والألف المقصورة، التاء المربوطة، التشكيل). لا يُدمج اسم قصير في اسم أطول إلا إذا بدأ بالاسم الأول نفسه وانتهى باسم العائلة نفسه ولم يحتمل إلا شخصًا واحدًا؛ فلا يُدمج شخصان يجمعهما اسم العائلة وحده.</p></footer>\n");
    page("تقرير الأرشيف · qawl", CSS, &b, None)
}

fn ranked_section(b: &mut String, title: &str, column: &str, items: &[Ranked], color: &str) {
    let _ = writeln!(b, "<section>\n<h2>{title}</h2>");
    let rows: Vec<(String, usize)> = items.iter().map(|r| (r.name.clone(), r.persons)).collect();
    b.push_str(&svg::bars(&format!("{title}: عدد الأشخاص"), &rows, color));
    let _ = writeln!(b, "<table><thead><tr><th>{column}</th><th>أشخاص</th><th>اقتباساتهم</th></tr></thead><tbody>");
    for r in items {
        let _ = writeln!(b, "<tr><td><bdi>{}</bdi></td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>", escape(&r.name), r.persons, r.quotes);
    }
    b.push_str("</tbody></table>\n</section>\n");
}

fn group_table(b: &mut String, column: &str, groups: &[GroupFigures]) {
    let _ = writeln!(b, "<table><thead><tr><th>{column}</th><th>مستندات</th><th>اقتباسات</th><th>أشخاص مقتبس منهم</th><th>حصة النساء</th></tr></thead><tbody>");
    for g in groups {
        let _ = writeln!(b, "<tr><td><bdi>{}</bdi></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>", escape(&g.name), g.documents, g.quotes, g.quoted_persons, ltr(&female_share(&g.quotes_by_gender)));
    }
    b.push_str("</tbody></table>\n");
}
