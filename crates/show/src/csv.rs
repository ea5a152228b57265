//! CSV as RFC 4180 writes it: fields with a comma, quote, CR or LF (or spaces at an end,
//! which spreadsheets would trim) in double quotes, quotes doubled, CRLF line ends.
//! Optionally a UTF-8 byte-order mark first, which Excel needs to read Arabic as UTF-8.

use std::io::{self, Write};

pub struct CsvWriter<W: Write> {
    out: W,
}

impl<W: Write> CsvWriter<W> {
    pub fn new(mut out: W, bom: bool) -> io::Result<Self> {
        if bom {
            out.write_all("\u{FEFF}".as_bytes())?;
        }
        Ok(CsvWriter { out })
    }

    pub fn row<S: AsRef<str>>(&mut self, fields: &[S]) -> io::Result<()> {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.out.write_all(b",")?;
            }
            write_field(&mut self.out, f.as_ref())?;
        }
        self.out.write_all(b"\r\n")
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}

fn write_field<W: Write>(out: &mut W, f: &str) -> io::Result<()> {
    let needs_quotes = f.contains([',', '"', '\r', '\n']) || f.starts_with(char::is_whitespace) || f.ends_with(char::is_whitespace);
    if !needs_quotes {
        return out.write_all(f.as_bytes());
    }
    out.write_all(b"\"")?;
    out.write_all(f.replace('"', "\"\"").as_bytes())?;
    out.write_all(b"\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(rows: &[&[&str]], bom: bool) -> String {
        let mut w = CsvWriter::new(Vec::new(), bom).unwrap();
        for r in rows {
            w.row(r).unwrap();
        }
        String::from_utf8(w.into_inner()).unwrap()
    }

    #[test]
    fn fields_that_need_it_are_quoted() {
        assert_eq!(csv(&[&["a", "b,c", "قال \"نعم\"", "x\ny", " pad"]], false), "a,\"b,c\",\"قال \"\"نعم\"\"\",\"x\ny\",\" pad\"\r\n");
        assert_eq!(csv(&[&["", "سالم"]], false), ",سالم\r\n");
    }

    #[test]
    fn the_bom_comes_first_only_when_asked() {
        assert!(csv(&[&["a"]], true).starts_with('\u{FEFF}'));
        assert!(!csv(&[&["a"]], false).starts_with('\u{FEFF}'));
    }
}
