//! Escaping for text and attribute values, and the page skeleton every page shares.

use std::fmt::Write;

/// Escapes text content and attribute values alike (`"` and `'` too, so either quoting works).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Arabic first, then faces most systems have; Naskh reads best for running text.
pub const ARABIC_FONTS: &str = r#""Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "Scheherazade New", "Geeza Pro", "Traditional Arabic", "Arabic Typesetting", "Segoe UI", "Tahoma", "DejaVu Sans", sans-serif"#;

/// A whole right-to-left Arabic page: everything inline, nothing fetched.
pub fn page(title: &str, css: &str, body: &str, script: Option<&str>) -> String {
    let mut out = String::with_capacity(body.len() + css.len() + 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(out, "<style>\n:root {{ --arabic-fonts: {ARABIC_FONTS}; }}\n{css}</style>");
    out.push_str("</head>\n<body>\n");
    out.push_str(body);
    if let Some(js) = script {
        let _ = writeln!(out, "<script>\n{js}</script>");
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_both_quotes() {
        assert_eq!(super::escape(r#"<b a="1" b='2'>&"#), "&lt;b a=&quot;1&quot; b=&#39;2&#39;&gt;&amp;");
    }
}
