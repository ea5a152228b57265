//! Arabic name keys for matching one person across documents.
//!
//! Writers spell one name several ways: with or without hamza on the alef, final ى or ي,
//! ة or ه, diacritics, tatweel, `عبد الله` or `عبدالله`, `ابن` or `بن`. A key removes those
//! differences and nothing else; whether two keys are one person is decided in
//! `report::persons`, never by a shared family name alone.

/// The matching form of a name (or of a role or organization): see the module docs.
pub fn normalize(name: &str) -> String {
    let mut cleaned = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            // Harakat, tanwin, shadda, sukun, dagger alef, Quranic marks; tatweel.
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}' => {}
            'أ' | 'إ' | 'آ' | 'ٱ' => cleaned.push('ا'),
            'ى' => cleaned.push('ي'),
            'ة' => cleaned.push('ه'),
            'ؤ' => cleaned.push('و'),
            'ئ' => cleaned.push('ي'),
            c if c.is_alphanumeric() => cleaned.extend(c.to_lowercase()),
            // Punctuation, quotes, brackets and spaces all separate words.
            _ => cleaned.push(' '),
        }
    }
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        // `عبد الله` → `عبدالله`: the two spellings of one given name.
        if w == "عبد" && i + 1 < words.len() {
            out.push(format!("عبد{}", words[i + 1]));
            i += 2;
            continue;
        }
        // `ابن` inside a name is the patronymic `بن`; at the start it is part of the name.
        if w == "ابن" && i > 0 {
            out.push("بن".to_string());
        } else {
            out.push(w.to_string());
        }
        i += 1;
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn spelling_variants_share_a_key() {
        assert_eq!(normalize("إبراهيم بن سالم السالمي"), normalize("ابراهيم  بن سالم السالمى"));
        assert_eq!(normalize("عبد الله"), normalize("عبدالله"));
        assert_eq!(normalize("فاطمة"), normalize("فاطمه"));
        assert_eq!(normalize("مُحَمَّد"), "محمد");
        assert_eq!(normalize("سلمان ابن عبدالعزيز"), "سلمان بن عبدالعزيز");
        assert_eq!(normalize("«ميتا»"), "ميتا");
    }

    #[test]
    fn different_names_keep_different_keys() {
        assert_ne!(normalize("داود بن سليمان العذوبي"), normalize("داوود بن سليمان السلماني"));
    }
}
