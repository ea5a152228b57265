//! The Arabic words the pages show for entity types, quote kinds and genders.

/// Short Arabic label for an entity type; unknown types show as written.
pub fn entity_type(kind: &str) -> &str {
    match kind {
        "PERSON" => "شخص",
        "ORG" => "منظمة",
        "LOC" => "مكان",
        "ROLE" => "منصب",
        "MISC" => "متفرقات",
        other => other,
    }
}

/// CSS class suffix for an entity type; anything unexpected shares one neutral colour.
pub fn entity_class(kind: &str) -> &'static str {
    match kind {
        "PERSON" => "PERSON",
        "ORG" => "ORG",
        "LOC" => "LOC",
        "ROLE" => "ROLE",
        _ => "OTHER",
    }
}

pub fn quote_kind(kind: &str) -> &'static str {
    match kind {
        "direct" => "مباشر",
        "indirect" => "غير مباشر",
        _ => "اقتباس",
    }
}

/// `male` / `female` as the records write them; anything else is unknown.
pub fn gender(gender: Option<&str>) -> &'static str {
    match gender {
        Some("male") => "ذكر",
        Some("female") => "أنثى",
        _ => "غير معروف",
    }
}
