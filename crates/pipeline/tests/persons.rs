//! Persons and roles on sentences written for these tests.

mod common;
use common::{entity_texts, processed};
use qawl_pipeline::EntityType;

#[test]
fn people_sharing_given_and_father_names_stay_apart() {
    let text = "وقال داود بن سليمان العذوبي إن الورشة مفيدة.\nمن جانبه قال داوود بن سليمان السلماني إن الفرصة مميزة.";
    let doc = processed("p1", text);
    assert_eq!(doc.persons.len(), 2, "{:#?}", doc.persons);
}

#[test]
fn glued_name_and_title_split_where_the_title_begins() {
    let text = "فيما أوضح فاطمة بنت هلال الراجحيةمديرة التواصل بوزارة التنمية الاجتماعية أن اللقاءات مفيدة.";
    let doc = processed("p2", text);
    let person = doc.entities.iter().find(|e| e.kind == EntityType::Person).unwrap();
    assert_eq!(person.text, "فاطمة بنت هلال الراجحية");
    let role = doc.entities.iter().find(|e| e.kind == EntityType::Role).unwrap();
    assert_eq!(role.text, "مديرة التواصل بوزارة التنمية الاجتماعية");
    assert_eq!(role.start, person.end);
    let org = doc.entities.iter().find(|e| e.kind == EntityType::Org).unwrap();
    assert_eq!(org.text, "وزارة التنمية الاجتماعية", "the clitic ب stays outside");
    assert_eq!(doc.persons[0].organizations, vec![org.id.clone()]);
}

#[test]
fn title_before_the_name_is_a_role_and_honorifics_are_not() {
    let text = "في ظل القيادة الحكيمة لحضرة صاحب الجلالة السلطان هيثم بن طارق المعظم.";
    let doc = processed("p3", text);
    let person = doc.entities.iter().find(|e| e.kind == EntityType::Person).unwrap();
    assert_eq!(person.text, "هيثم بن طارق");
    let role = doc.entities.iter().find(|e| e.kind == EntityType::Role).unwrap();
    assert_eq!(role.text, "السلطان");
}

#[test]
fn generic_occupations_are_not_roles() {
    let text = "بحضور عدد من مسؤولي التواصل والإعلام في الوحدات الحكومية.";
    let doc = processed("p4", text);
    assert!(doc.entities.iter().all(|e| e.kind != EntityType::Role), "{:#?}", doc.entities);
}

#[test]
fn news_agencies_are_organizations_only_in_the_dateline() {
    let text = "افتتاح معرض الكتاب\nالرياض - واس:\nوقال خالد بن علي العتيبي إن المعرض يستمر عشرة أيام، مضيفا أن الزوار سيجدون بنا كل ترحيب.";
    let doc = processed("p5", text);
    let orgs = entity_texts(&doc, EntityType::Org);
    assert_eq!(orgs, vec!["واس"], "`بنا` in running text is a word, not the Bahraini agency");
}

#[test]
fn the_given_name_ali_is_not_the_preposition_ala() {
    // `علي` and `على` normalize alike; spelled with ي before a family name it is the name.
    let text = "أكد مدير الصحة علي الطبال ان الوضع الوبائي بالجهة عادي. وحصل علي الرجل على الجائزة.";
    let doc = processed("p-ali", text);
    let names = entity_texts(&doc, EntityType::Person);
    assert_eq!(names, vec!["علي الطبال"]);
}

#[test]
fn a_time_of_day_ends_a_name() {
    let text = "أكد مدير الصحة علي الطبال صباح اليوم الخميس لمراسل الوكالة ان الوضع الوبائي عادي.";
    let doc = processed("p-time", text);
    let names = entity_texts(&doc, EntityType::Person);
    assert_eq!(names, vec!["علي الطبال"]);
}

#[test]
fn a_kinship_word_before_a_name_tells_its_gender() {
    use qawl_pipeline::Gender;
    let text = "وأشار المدرب تيتي إلى أن زوجته روز نظرت إليه بقلق، ثم قالت له إن الفريق سيتأهل.\nوقال شقيقها مارك إن العائلة سعيدة.";
    let doc = processed("p-kin", text);
    let gender = |name: &str| doc.persons.iter().find(|p| p.name == name).and_then(|p| p.gender);
    assert_eq!(gender("روز"), Some(Gender::Female));
    assert_eq!(gender("مارك"), Some(Gender::Male));
    let q = doc.quotes.iter().position(|q| q.text == "الفريق سيتأهل").expect("the quote is found");
    assert_eq!(doc.person(doc.quotes[q].speaker.as_deref().unwrap()).map(|p| p.name.as_str()), Some("روز"));
}
