//! The default entity source (hybrid): the tagger's names, places and organizations, shaped to
//! ANNOTATION.md's conventions by the rules. Sentences written for these tests.

mod common;
use common::{assert_offsets, pipeline};
use qawl_pipeline::{Document, EntityType};

fn spans(doc: &Document, kind: EntityType) -> Vec<&str> {
    doc.entities.iter().filter(|e| e.kind == kind).map(|e| e.text.as_str()).collect()
}

#[test]
fn a_place_after_a_head_of_its_name_takes_the_head_in() {
    let doc = pipeline().process_with_id("h1", "وأكد الوزير أن سلطنة عمان ستستضيف المؤتمر في منطقة عسير العام المقبل.");
    assert_offsets(&doc);
    let locs = spans(&doc, EntityType::Loc);
    assert!(locs.contains(&"سلطنة عمان"), "{locs:?}");
    assert!(locs.contains(&"منطقة عسير"), "{locs:?}");
}

#[test]
fn an_honorific_after_the_name_is_outside_it() {
    let doc = pipeline().process_with_id("h2", "وبارك حضرة صاحب الجلالة السلطان هيثم بن طارق المعظم افتتاح المشروع.");
    assert_offsets(&doc);
    assert_eq!(spans(&doc, EntityType::Person), vec!["هيثم بن طارق"]);
}

#[test]
fn a_family_name_the_tagger_left_out_comes_from_the_rules() {
    let doc = pipeline().process_with_id("h3", "وقالت عزة بنت خلفان اليعربية رئيسة قسم التوعية إن الحملة تستهدف المدارس.");
    assert_offsets(&doc);
    assert_eq!(spans(&doc, EntityType::Person), vec!["عزة بنت خلفان اليعربية"]);
}

#[test]
fn a_name_after_a_definite_organization_head_is_its_holder_not_its_name() {
    let doc = pipeline().process_with_id("h-holder", "وقال أمين عام الهيئة أيمن المفلح في بيان إن المساعدات ستصل غدا.\nوأعلنت منظمة \"الأمل\" عن حملة جديدة.");
    assert_offsets(&doc);
    let persons = spans(&doc, EntityType::Person);
    assert!(persons.contains(&"أيمن المفلح"), "{persons:?}");
    let orgs = spans(&doc, EntityType::Org);
    assert!(!orgs.iter().any(|o| o.contains("أيمن")), "{orgs:?}");
    assert!(orgs.contains(&"الأمل"), "{orgs:?}");
}

#[test]
fn names_lose_a_split_conjunction_a_leading_place_and_never_are_plural_nationalities() {
    let doc = pipeline().process_with_id("h-shapes", "وحضر الاجتماع نعيم قاسم، ومحمد يزبك، وحسين خليل.\nوتعهد والي منوبة أحمد السماوي بحل المشكلة.\nوحضرت السعوديات المباراة مع تركي آل الشيخ.");
    assert_offsets(&doc);
    let persons = spans(&doc, EntityType::Person);
    assert!(persons.contains(&"محمد يزبك") && !persons.iter().any(|p| p.starts_with('و')), "{persons:?}");
    assert!(!persons.iter().any(|p| p.contains("منوبة")), "{persons:?}");
    assert!(!persons.contains(&"السعوديات"), "{persons:?}");
}

#[test]
fn titles_next_to_the_taggers_names_are_roles_also_across_a_comma() {
    let doc = pipeline().process_with_id("h-roles", "وتحدث اللاعب البرازيلي نيمار دا سيلفا عن المباراة.\nووصف وزير الدفاع، بيتر هولتكفيست، الخطوة بأنها مهمة.");
    assert_offsets(&doc);
    let roles = spans(&doc, EntityType::Role);
    assert!(roles.contains(&"اللاعب البرازيلي"), "{roles:?}");
    assert!(roles.contains(&"وزير الدفاع"), "{roles:?}");
    assert!(doc.persons.iter().all(|p| !p.roles.is_empty()), "{:#?}", doc.persons);
}

#[test]
fn a_time_adverb_after_a_name_is_outside_it_and_ibn_opens_a_name() {
    let doc = pipeline().process_with_id("h-adverb", "وقال المدرب إن الظهير فيليبي لويس الآن في أفضل حالاته.\nوكتب ابن خلدون في مقدمته أن العمران البشري ضروري.");
    assert_offsets(&doc);
    let persons = spans(&doc, EntityType::Person);
    assert!(persons.contains(&"فيليبي لويس"), "{persons:?}");
    assert!(!persons.iter().any(|p| p.ends_with("الآن")), "{persons:?}");
    assert!(persons.contains(&"ابن خلدون"), "{persons:?}");
}

#[test]
fn a_clitic_glued_to_a_name_place_or_team_the_document_writes_alone_is_outside_it() {
    let doc = pipeline().process_with_id(
        "h-glued",
        "وفاز تشيلسي على أرسنال في لندن.\nوقال مدرب تشيلسي إن الفوز مستحق لتشيلسي.\nوقدمت الحكومة الشكر لنجيب رزاق، وقال نجيب رزاق إن العمل مستمر في معتمدية سبيبة.",
    );
    assert_offsets(&doc);
    let orgs = spans(&doc, EntityType::Org);
    assert!(orgs.iter().all(|o| !o.starts_with('ل')), "{orgs:?}");
    let persons = spans(&doc, EntityType::Person);
    assert!(persons.iter().all(|p| !p.starts_with('ل')), "{persons:?}");
    let places = spans(&doc, EntityType::Loc);
    assert!(places.contains(&"معتمدية سبيبة"), "{places:?}");
}

#[test]
fn a_frequent_word_before_a_given_name_and_a_title_with_a_pronoun_are_no_names() {
    let doc = pipeline().process_with_id("h-leading", "طفلة مسلمة تتحدى دونالد ترامب في مناظرة مفتوحة.\nوقال مدربه إن الفريق جاهز للمباراة.\nوحضر سفر بن أحمد الغامدي الحفل.");
    assert_offsets(&doc);
    let persons = spans(&doc, EntityType::Person);
    assert!(persons.contains(&"دونالد ترامب"), "{persons:?}");
    assert!(!persons.iter().any(|p| p.contains("تتحدى") || *p == "مدربه"), "{persons:?}");
    // A particle after the first word keeps it: `سفر` is a name there.
    assert!(!persons.iter().any(|p| p.starts_with("بن ")), "{persons:?}");
}

#[test]
fn two_names_joined_by_wa_are_two_people_when_the_second_is_written_alone() {
    let doc = pipeline().process_with_id("h-coordinated", "والتقى ماكرون ونتانياهو في باريس أمس.\nوقال نتانياهو إن المحادثات جيدة، وأكد ماكرون أن الخلاف قائم.");
    assert_offsets(&doc);
    let persons = spans(&doc, EntityType::Person);
    assert!(!persons.iter().any(|p| p.contains(' ')), "{persons:?}");
    assert_eq!(persons.iter().filter(|p| **p == "نتانياهو").count(), 2, "{persons:?}");
}

#[test]
fn a_given_name_after_wa_inside_a_name_starts_the_second_person() {
    // The lexicons list no given name with the conjunction glued on (`ولويس`), so the word is
    // `و` + a given name and the span is two people.
    let doc = pipeline().process_with_id("h-coordinated-given", "وفي الأعوام السابقة، انتقل أمثال جاريث بيل ولويس سواريز من الدوري الإنجليزي إلى إسبانيا.");
    assert_offsets(&doc);
    assert_eq!(spans(&doc, EntityType::Person), vec!["جاريث بيل", "لويس سواريز"]);
}
