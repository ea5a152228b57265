//! `qawl report` on extract output: its figures checked against counts made here, from
//! the JSONL, independently of the library; CSV read back with a parser of its own.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn qawl() -> Command {
    Command::new(env!("CARGO_BIN_EXE_qawl"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("qawl-report-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// RFC 4180 rows: quoted fields may hold commas, doubled quotes and newlines.
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = s.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(field.is_empty() && row.is_empty(), "the file ends with a line end");
    rows
}

/// Rows as maps from the header's column names.
fn table(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.strip_prefix('\u{FEFF}').expect("--bom writes a byte-order mark");
    let mut rows = parse_csv(text).into_iter();
    let header = rows.next().unwrap();
    rows.map(|r| {
        assert_eq!(r.len(), header.len());
        header.iter().cloned().zip(r).collect()
    })
    .collect()
}

/// The three date forms of the corpora, and the month each is in.
const DATES: [(&str, &str); 3] = [("2015-07-21 02:51:32", "2015-07"), ("Sun, 18 Feb 2018 21:35:43 +0400", "2018-02"), ("2017-01-20T21:43:00+01:00", "2017-01")];
const SOURCES: [&str; 2] = ["aawsat", "alarabia"];

#[test]
fn report_figures_match_a_count_made_from_the_jsonl() {
    // Inputs: the texts of the project's gold documents, through the rules pipeline.
    let d = tmp("figures");
    let mut texts = String::new();
    let mut gold: Vec<PathBuf> = std::fs::read_dir(repo().join("data/gold")).unwrap().map(|e| e.unwrap().path()).collect();
    gold.sort();
    for p in &gold {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        texts.push_str(&serde_json::json!({"id": v["id"], "text": v["text"]}).to_string());
        texts.push('\n');
    }
    std::fs::write(d.join("in.jsonl"), texts).unwrap();
    let out = d.join("out.jsonl");
    let run = qawl().args(["--entities", "rules", "extract", "-q"]).arg(d.join("in.jsonl")).arg("-o").arg(&out).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));

    // Give each record a source and a date (extract may carry them already; these replace them).
    let mut records: Vec<Value> = std::fs::read_to_string(&out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    for (i, r) in records.iter_mut().enumerate() {
        r["source"] = SOURCES[i % 2].into();
        r["date"] = DATES[i % 3].0.into();
    }
    let mut body: String = records.iter().map(|r| format!("{r}\n")).collect();
    body.push_str("{\"id\": \"gone\", \"error\": \"gone.txt: empty document\"}\n");
    body.push_str("{\"id\": \"half\", \"text\": \n");
    let archive = d.join("archive.jsonl");
    std::fs::write(&archive, body).unwrap();

    let dir = d.join("report");
    let started = std::time::Instant::now();
    let run = qawl().arg("report").arg(&archive).arg("-o").arg(&dir).arg("--bom").output().unwrap();
    assert!(run.status.success(), "error records are not fatal: {}", String::from_utf8_lossy(&run.stderr));
    println!("report on {} records: {:.2} s", records.len(), started.elapsed().as_secs_f64());

    // Counted here from the records.
    let mut quotes = 0;
    let mut direct = 0;
    let mut by_gender: BTreeMap<&str, usize> = BTreeMap::new();
    let mut per_source: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut per_month: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut expected_rows: BTreeMap<(String, String), (String, String, String)> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        let persons = r["persons"].as_array().unwrap();
        let gender_of = |pid: &Value| -> &str {
            match persons.iter().find(|p| &p["id"] == pid) {
                None => "unattributed",
                Some(p) => match p["gender"].as_str() {
                    Some("male") => "male",
                    Some("female") => "female",
                    _ => "unknown",
                },
            }
        };
        let qs = r["quotes"].as_array().unwrap();
        let female = qs.iter().filter(|q| gender_of(&q["speaker"]) == "female").count();
        for q in qs {
            quotes += 1;
            direct += (q["kind"] == "direct") as usize;
            *by_gender.entry(gender_of(&q["speaker"])).or_default() += 1;
            expected_rows.insert((r["id"].as_str().unwrap().into(), q["id"].as_str().unwrap().into()), (q["text"].as_str().unwrap().into(), gender_of(&q["speaker"]).into(), q["start"].to_string()));
        }
        let s = per_source.entry(SOURCES[i % 2].into()).or_default();
        s.0 += 1;
        s.1 += qs.len();
        let m = per_month.entry(DATES[i % 3].1.into()).or_default();
        m.0 += 1;
        m.1 += qs.len();
        m.2 += female;
    }
    assert!(quotes > 20 && by_gender.get("female").copied().unwrap_or(0) > 0, "the gold texts have quotes by women and men");

    let summary: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["documents"], records.len());
    assert_eq!(summary["error_records"], 1);
    assert_eq!(summary["unreadable_lines"], 1);
    assert_eq!(summary["quotes"], quotes);
    assert_eq!(summary["direct"], direct);
    assert_eq!(summary["indirect"], quotes - direct);
    for g in ["male", "female", "unknown", "unattributed"] {
        assert_eq!(summary["quotes_by_gender"][g], by_gender.get(g).copied().unwrap_or(0), "{g} quotes");
    }
    assert_eq!(summary["attributed"], quotes - by_gender.get("unattributed").copied().unwrap_or(0));
    for s in summary["sources"].as_array().unwrap() {
        let (docs, qn) = per_source[s["name"].as_str().unwrap()];
        assert_eq!((s["documents"].as_u64().unwrap() as usize, s["quotes"].as_u64().unwrap() as usize), (docs, qn), "{s}");
    }
    assert_eq!(summary["sources"].as_array().unwrap().len(), per_source.len());
    let months: Vec<&str> = summary["months"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(months, per_month.keys().map(String::as_str).collect::<Vec<_>>(), "months in order, one per date form");
    for m in summary["months"].as_array().unwrap() {
        let (docs, qn, female) = per_month[m["name"].as_str().unwrap()];
        assert_eq!((m["documents"].as_u64().unwrap() as usize, m["quotes"].as_u64().unwrap() as usize, m["quotes_by_gender"]["female"].as_u64().unwrap() as usize), (docs, qn, female), "{m}");
    }

    // quotes.csv: one row per quote, text and offsets as in the records.
    let rows = table(&dir.join("quotes.csv"));
    assert_eq!(rows.len(), quotes);
    for row in &rows {
        let (text, gender, start) = &expected_rows[&(row["document"].clone(), row["quote"].clone())];
        assert_eq!(&row["text"], text, "CSV quoting keeps the text");
        assert_eq!(&row["gender"], gender);
        assert_eq!(&row["start"], start);
        assert!(["direct", "indirect"].contains(&row["kind"].as_str()));
    }
    // persons.csv: the quotes of all persons are the attributed quotes; every quoted person has a row.
    let persons = table(&dir.join("persons.csv"));
    let quoted: usize = persons.iter().map(|p| p["quotes"].parse::<usize>().unwrap()).sum();
    assert_eq!(quoted, summary["attributed"].as_u64().unwrap() as usize);
    assert_eq!(persons.len(), summary["persons"].as_u64().unwrap() as usize);
    for row in rows.iter().filter(|r| !r["person_key"].is_empty()) {
        let p = persons.iter().find(|p| p["key"] == row["person_key"]).unwrap_or_else(|| panic!("no person row for {}", row["person_key"]));
        assert!(p["variants"].split(" | ").any(|v| v == row["speaker"]) || p["name"] == row["speaker"], "{} among {}", row["speaker"], p["variants"]);
    }

    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">") && html.matches("<svg").count() >= 5, "SVG plots inline");
    assert!(!html.contains("src=") && !html.contains("<link") && !html.contains("https://"), "nothing fetched");
}

/// One record per name: each person quoted once.
fn person_record(id: &str, name: &str, gender: &str) -> String {
    let text = format!("وقال {name}: نعم.");
    let n = name.chars().count();
    serde_json::json!({
        "id": id, "text": text,
        "entities": [{"id": "e1", "type": "PERSON", "start": 5, "end": 5 + n, "text": name}],
        "persons": [{"id": "p1", "name": name, "mentions": ["e1"], "gender": gender}],
        "quotes": [{"id": "q1", "kind": "direct", "speaker": "p1", "start": 7 + n, "end": 10 + n, "text": "نعم", "cue": {"start": 0, "end": 4, "text": "وقال"}}]
    })
    .to_string()
}

#[test]
fn report_keys_persons_across_documents_but_never_by_family_name_alone() {
    let d = tmp("persons");
    let lines = [
        person_record("a", "داود بن سليمان العذوبي", "male"),
        person_record("b", "داوود بن سليمان السلماني", "male"),
        person_record("c", "أحمد العذوبي", "male"),
        person_record("d", "العذوبي", "male"),
        person_record("e", "إبراهيم بن سالم السالمي", "male"),
        person_record("f", "ابراهيم السالمى", "male"),
        person_record("g", "فاطمة بنت هلال الراجحية", "female"),
        person_record("h", "فاطمه بنت هلال الراجحيه", "female"),
    ];
    let archive = d.join("a.jsonl");
    std::fs::write(&archive, lines.join("\n") + "\n").unwrap();
    let dir = d.join("report");
    let run = qawl().arg("report").arg(&archive).arg("-o").arg(&dir).arg("--bom").output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let persons = table(&dir.join("persons.csv"));
    let quotes_of = |name: &str| persons.iter().find(|p| p["name"] == name).map(|p| p["quotes"].clone());
    assert_eq!(persons.len(), 6, "{persons:?}");
    assert_eq!(quotes_of("إبراهيم بن سالم السالمي").as_deref(), Some("2"), "a short form joins the full name");
    assert_eq!(quotes_of("داود بن سليمان العذوبي").as_deref(), Some("1"));
    assert_eq!(quotes_of("داوود بن سليمان السلماني").as_deref(), Some("1"));
    assert_eq!(quotes_of("أحمد العذوبي").as_deref(), Some("1"), "a shared family name is not the same person");
    assert_eq!(quotes_of("العذوبي").as_deref(), Some("1"));
    let fatima = persons.iter().find(|p| p["quotes"] == "2" && p["gender"] == "female").expect("two spellings of one name");
    assert!(fatima["variants"].contains("فاطمه بنت هلال الراجحيه"));
    let summary: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["quoted_persons_by_gender"]["female"], 1);
    assert_eq!(summary["quoted_persons_by_gender"]["male"], 5);
}

/// The check: `qawl report` on the extract output of the first 2,000 SaudiNewsNet
/// articles (source and date from the archive's docs.tsv), its figures counted again here.
#[test]
fn report_on_2000_saudinewsnet_articles_matches_the_records() {
    let archive = repo().join("../shared/data/news/saudinewsnet/text.txt");
    if !archive.is_file() {
        eprintln!("skipped: {} is absent", archive.display());
        return;
    }
    let d = tmp("snn2000");
    let out = d.join("out.jsonl");
    let run = qawl().args(["--entities", "rules", "extract", "-q", "--limit", "2000"]).arg(&archive).arg("-o").arg(&out).output().unwrap();
    assert!(run.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&run.stderr));
    let records: Vec<Value> = std::fs::read_to_string(&out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(records.len(), 2000);
    let dir = d.join("report");
    let run = qawl().arg("report").arg(&out).arg("-o").arg(&dir).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let summary: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    let ok: Vec<&Value> = records.iter().filter(|r| r.get("error").is_none()).collect();
    let quotes: usize = ok.iter().map(|r| r["quotes"].as_array().unwrap().len()).sum();
    assert_eq!(summary["documents"], ok.len());
    assert_eq!(summary["quotes"], quotes);
    // Per outlet, from the `source` that extract carried over from docs.tsv.
    let mut per_source: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for r in &ok {
        let s = per_source.entry(r["source"].as_str().expect("docs.tsv gives each record a source").to_string()).or_default();
        s.0 += 1;
        s.1 += r["quotes"].as_array().unwrap().len();
    }
    assert!(per_source.len() >= 5, "{per_source:?}");
    for s in summary["sources"].as_array().unwrap() {
        let (docs, qn) = per_source[s["name"].as_str().unwrap()];
        assert_eq!((s["documents"].as_u64().unwrap() as usize, s["quotes"].as_u64().unwrap() as usize), (docs, qn), "{s}");
    }
    assert_eq!(summary["sources"].as_array().unwrap().len(), per_source.len());
    assert_eq!(table_plain(&dir.join("quotes.csv")), quotes, "one CSV row per quote");
}

/// Data rows of a CSV written without a BOM.
fn table_plain(path: &Path) -> usize {
    parse_csv(&std::fs::read_to_string(path).unwrap()).len() - 1
}
