//! `qawl show` end to end without a browser: texts and records in, one page or a folder out.

use std::path::PathBuf;
use std::process::Command;

fn qawl() -> Command {
    Command::new(env!("CARGO_BIN_EXE_qawl"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("qawl-show-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const GOOD_A: &str = "وقال سالم بن راشد الحارثي مدير عام الموانئ: نعمل على توسعة الرصيف.";
const GOOD_B: &str = "وأكدت مريم بنت سعيد الكندية أن الحملة تستهدف المدارس.";

#[test]
fn one_text_becomes_one_page_with_its_speaker() {
    let d = tmp("one");
    std::fs::write(d.join("a.txt"), GOOD_A).unwrap();
    let page = d.join("out/a.html");
    let run = qawl().args(["--entities", "rules", "show"]).arg(d.join("a.txt")).arg("-o").arg(&page).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("dir=\"rtl\""));
    assert!(html.contains("class=\"quote quote-direct\""), "the quote is marked");
    assert!(html.contains("<bdi class=\"speaker\">سالم بن راشد الحارثي</bdi>"), "its badge names the speaker");
    assert!(html.contains("data-type=\"ROLE\"") && html.contains("data-type=\"PERSON\""));
}

#[test]
fn several_records_make_a_folder_with_an_index_and_error_records_are_skipped() {
    let d = tmp("many");
    std::fs::write(d.join("a.txt"), GOOD_A).unwrap();
    std::fs::write(d.join("b.txt"), GOOD_B).unwrap();
    std::fs::write(d.join("c.txt"), "").unwrap();
    let jsonl = d.join("out.jsonl");
    let run = qawl().args(["--entities", "rules", "extract", "-q"]).arg(&d).arg("-o").arg(&jsonl).output().unwrap();
    assert_eq!(run.status.code(), Some(1), "c.txt is empty");
    let site = d.join("site");
    let run = qawl().arg("show").arg(&jsonl).arg("-o").arg(&site).output().unwrap();
    assert_eq!(run.status.code(), Some(1), "the error record is reported: {}", String::from_utf8_lossy(&run.stderr));
    assert!(String::from_utf8_lossy(&run.stderr).contains("skipped c"));
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("href=\"a.html\"") && index.contains("href=\"b.html\""));
    assert!(index.contains("سجلات أخطاء") && index.contains("empty document"));
    let b = std::fs::read_to_string(site.join("b.html")).unwrap();
    assert!(b.contains("class=\"quote quote-indirect\"") && b.contains("href=\"index.html\""));
    assert!(!site.join("c.html").exists());
}

#[test]
fn records_without_text_still_get_a_page() {
    let d = tmp("notext");
    std::fs::write(d.join("b.txt"), GOOD_B).unwrap();
    let jsonl = d.join("out.jsonl");
    let run = qawl().args(["--entities", "rules", "extract", "-q", "--no-text"]).arg(d.join("b.txt")).arg("-o").arg(&jsonl).output().unwrap();
    assert!(run.status.success());
    let page = d.join("b.html");
    let run = qawl().arg("show").arg(&jsonl).arg("-o").arg(&page).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("--no-text") && html.contains("الحملة تستهدف المدارس"));
}

#[test]
fn a_record_with_offsets_outside_its_text_is_drawn_without_them() {
    let d = tmp("bad-offsets");
    let jsonl = d.join("in.jsonl");
    let rec = serde_json::json!({"id": "x", "text": "قال سالم: نعم.", "entities": [{"id": "e1", "type": "PERSON", "start": 4, "end": 8, "text": "سالم"}, {"id": "e2", "type": "LOC", "start": 40, "end": 44, "text": "عمان"}], "persons": [], "quotes": []});
    std::fs::write(&jsonl, format!("{rec}\n")).unwrap();
    let page = d.join("x.html");
    let run = qawl().arg("show").arg(&jsonl).arg("-o").arg(&page).output().unwrap();
    assert!(run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("entity e2: 40..44 is outside the text"));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("data-e=\"e1\"") && !html.contains("data-e=\"e2\""));
}
