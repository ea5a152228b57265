//! The month of a publication date, in the forms the news corpora use:
//! `2015-07-21 02:51:32`, `2017-01-20T21:43:00+01:00`, `Sun, 18 Feb 2018 21:35:43 +0400`,
//! and `2015/07/21`. The month is the one written: a time zone never moves a date into
//! another month, because the outlet's own calendar is what a reader of the report expects.

/// `(year, month)`, or `None` when the date is in no known form.
pub fn month(date: &str) -> Option<(u32, u32)> {
    let s = date.trim();
    iso_month(s).or_else(|| rfc2822_month(s))
}

/// `YYYY-MM…` or `YYYY/MM…`.
fn iso_month(s: &str) -> Option<(u32, u32)> {
    let b = s.as_bytes();
    if b.len() < 7 || !b[..4].iter().all(u8::is_ascii_digit) || !(b[4] == b'-' || b[4] == b'/') {
        return None;
    }
    let rest = &s[5..];
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let year: u32 = s[..4].parse().ok()?;
    let month: u32 = digits.parse().ok()?;
    (1..=12).contains(&month).then_some((year, month))
}

/// `[Day,] DD Mon YYYY …` (RFC 2822); month names in English, short or long.
fn rfc2822_month(s: &str) -> Option<(u32, u32)> {
    let s = match s.find(',') {
        Some(i) => &s[i + 1..],
        None => s,
    };
    let mut words = s.split_whitespace();
    let day = words.next()?;
    if !day.chars().all(|c| c.is_ascii_digit()) || day.len() > 2 {
        return None;
    }
    let name = words.next()?.to_ascii_lowercase();
    let year = words.next()?;
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let month = MONTHS.iter().position(|m| name.starts_with(m))? as u32 + 1;
    if year.len() != 4 {
        return None;
    }
    Some((year.parse().ok()?, month))
}

/// `2018-02`.
pub fn month_label((year, month): (u32, u32)) -> String {
    format!("{year:04}-{month:02}")
}

#[cfg(test)]
mod tests {
    use super::month;

    #[test]
    fn the_corpora_forms_give_their_month() {
        assert_eq!(month("2015-07-21 02:51:32"), Some((2015, 7)));
        assert_eq!(month("Sun, 18 Feb 2018 21:35:43 +0400"), Some((2018, 2)));
        assert_eq!(month("2017-01-20T21:43:00+01:00"), Some((2017, 1)));
        assert_eq!(month("2015/7/3"), Some((2015, 7)));
        assert_eq!(month("18 September 2016"), Some((2016, 9)));
    }

    #[test]
    fn a_time_zone_does_not_move_the_month() {
        assert_eq!(month("2017-01-31T23:30:00-05:00"), Some((2017, 1)));
    }

    #[test]
    fn other_text_is_no_date() {
        for s in ["", "yesterday", "2015-13-01", "21/07/2015", "Sun, 18 Foo 2018", "12345-01"] {
            assert_eq!(month(s), None, "{s}");
        }
    }
}
