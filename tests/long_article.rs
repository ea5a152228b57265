//! One 200,000-character article through the whole default pipeline. Before every stage was
//! n·log n, linking roles alone built the gap string for every (role, mention) pair and an
//! article of this size took hours; BENCHMARKS.md has the length-scaling table.

use qawl_pipeline::{default_model_dir, Pipeline};
use qawl_tests::assert_consistent;

/// Sentences written for this test, with many distinct persons, roles and quotes, so that
/// the pairs a quadratic stage would visit are many.
fn long_article(chars: usize) -> String {
    let given = ["سالم", "راشد", "مريم", "خالد", "فاطمة", "يوسف", "هند", "عمر", "ليلى", "حمد"];
    let family = ["الحارثي", "الكندي", "المري", "البلوشي", "الزدجالي", "الهنائي", "العبري", "الشحي"];
    let roles = ["مدير عام الموانئ", "وزير الإعلام", "رئيسة قسم التواصل", "المتحدث باسم الشرطة"];
    let mut s = String::new();
    let mut i = 0;
    while s.chars().count() < chars {
        let name = format!("{} بن {} {}", given[i % 10], given[(i / 10) % 10], family[(i / 7) % 8]);
        s.push_str(&format!("وقال {name} {}: نعمل على توسعة الرصيف رقم {i} قبل الصيف.\n", roles[i % 4]));
        s.push_str(&format!("وأضاف {} أن المشروع يكتمل في الربيع، مشيرا إلى أن الميناء يستقبل السفن.\n", family[(i / 7) % 8]));
        i += 1;
    }
    s.chars().take(chars).collect()
}

#[test]
fn a_200000_character_article_is_processed_whole() {
    let text = long_article(200_000);
    let pipeline = Pipeline::load(&default_model_dir()).unwrap();
    let doc = pipeline.process_with_id("long", &text);
    assert_consistent(&doc);
    assert!(doc.quotes.len() > 1000, "{} quotes", doc.quotes.len());
    assert!(doc.persons.len() > 50, "{} persons", doc.persons.len());
}
