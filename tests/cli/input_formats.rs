//! Inputs recognised by content and extension, and read without losing a document's id.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn qawl() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_qawl"));
    c.args(["--entities", "rules"]);
    c
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("qawl-inputs-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const GOOD: &str = "وقال سالم بن راشد الحارثي مدير عام الموانئ: نعمل على توسعة الرصيف.";

/// Runs extract on `inputs` and returns (exit code, records, stderr).
fn extract(inputs: &[&Path]) -> (Option<i32>, Vec<serde_json::Value>, String) {
    let run = qawl().args(["extract", "-q"]).args(inputs).output().unwrap();
    let records = String::from_utf8(run.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    (run.status.code(), records, String::from_utf8_lossy(&run.stderr).into_owned())
}

fn ids(records: &[serde_json::Value]) -> Vec<&str> {
    records.iter().map(|r| r["id"].as_str().unwrap()).collect()
}

#[test]
fn json_files_hold_one_document_or_an_array() {
    let d = tmp("json");
    let one = d.join("one.json");
    std::fs::write(&one, serde_json::json!({"id": "g1", "text": GOOD, "entities": [{"id": "e1"}], "url": "u"}).to_string()).unwrap();
    let many = d.join("many.json");
    std::fs::write(&many, serde_json::json!([{"id": "a1", "text": GOOD}, {"id": "a2"}]).to_string()).unwrap();
    let (code, recs, _) = extract(&[&one, &many]);
    assert_eq!(code, Some(1), "a2 has no text");
    assert_eq!(ids(&recs), vec!["g1", "a1", "a2"]);
    assert_eq!(recs[0]["url"], "u", "extra fields are carried");
    assert_eq!(recs[0]["quotes"][0]["text"], "نعمل على توسعة الرصيف", "gold annotations in the input are not the output");
    assert!(recs[2]["error"].as_str().unwrap().contains("many.json:[1]"));
}

#[test]
fn ndjson_gzip_and_a_bom_are_read() {
    let d = tmp("gz");
    let line = serde_json::json!({"id": "z1", "text": GOOD, "source": "okaz"}).to_string();
    let nd = d.join("a.ndjson");
    std::fs::write(&nd, format!("\u{feff}{line}\n")).unwrap();
    let gz = d.join("b.jsonl.gz");
    let mut enc = flate2::write::GzEncoder::new(std::fs::File::create(&gz).unwrap(), flate2::Compression::default());
    enc.write_all(format!("{line}\n").replace("z1", "z2").as_bytes()).unwrap();
    enc.finish().unwrap();
    let txt = d.join("c.txt");
    std::fs::write(&txt, format!("\u{feff}{GOOD}")).unwrap();
    let (code, recs, stderr) = extract(&[&nd, &gz, &txt]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(ids(&recs), vec!["z1", "z2", "c"]);
    assert_eq!(recs[1]["source"], "okaz");
    // The BOM is not part of the text: offsets still slice it.
    let q = &recs[2]["quotes"][0];
    let text: Vec<char> = GOOD.chars().collect();
    let (s, e) = (q["start"].as_u64().unwrap() as usize, q["end"].as_u64().unwrap() as usize);
    assert_eq!(text[s..e].iter().collect::<String>(), q["text"].as_str().unwrap());
}

#[test]
fn bad_lines_keep_their_own_id_and_arrays_are_not_documents() {
    let d = tmp("lines");
    let p = d.join("in.jsonl");
    let mut body = Vec::new();
    body.extend_from_slice(b"[{\"id\": \"x\", \"text\": \"t\"}]\n");
    body.extend_from_slice(b"{\"id\": \"cut7\", \"text\": \"\xd9\n");
    body.extend_from_slice(b"{\"id\": \"cut8\", \"text\": \n");
    std::fs::write(&p, body).unwrap();
    let (code, recs, _) = extract(&[&p]);
    assert_eq!(code, Some(1));
    assert_eq!(ids(&recs), vec![format!("{}:1", p.display()).as_str(), "cut7", "cut8"]);
    assert!(recs[0]["error"].as_str().unwrap().contains("JSON array"));
    assert!(recs[1]["error"].as_str().unwrap().contains("invalid UTF-8"));
}

#[test]
fn unsupported_files_and_empty_folders_are_reported() {
    let d = tmp("other");
    let pdf = d.join("a.pdf");
    std::fs::write(&pdf, b"%PDF-1.4").unwrap();
    let empty = d.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let (code, recs, stderr) = extract(&[&pdf, &empty]);
    assert_eq!(code, Some(1));
    assert!(recs[0]["error"].as_str().unwrap().contains("unsupported input type .pdf"), "{:?}", recs[0]);
    assert!(stderr.contains("holds no input files"), "{stderr}");
}

#[test]
fn stdin_jsonl_is_streamed_line_by_line() {
    // The first record comes out before standard input is closed.
    let mut child = qawl().args(["extract", "-q", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{}", serde_json::json!({"id": "s1", "text": GOOD})).unwrap();
    stdin.flush().unwrap();
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    // Chunks are 64 documents; a partial chunk waits for more input, so send the rest.
    for i in 2..=64 {
        writeln!(stdin, "{}", serde_json::json!({"id": format!("s{i}"), "text": GOOD})).unwrap();
    }
    stdin.flush().unwrap();
    std::io::BufRead::read_line(&mut reader, &mut first).unwrap();
    let rec: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(rec["id"], "s1", "a record before end of input");
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

#[test]
fn a_model_without_a_tagger_is_an_error_for_the_default() {
    let d = tmp("model");
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
    std::fs::create_dir_all(d.join("lexicon")).unwrap();
    for e in std::fs::read_dir(models.join("lexicon")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, d.join("lexicon").join(p.file_name().unwrap())).unwrap();
    }
    let txt = d.join("a.txt");
    std::fs::write(&txt, GOOD).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_qawl")).arg("--model").arg(&d).args(["extract", "-q"]).arg(&txt).output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("tagger") && stderr.contains("--entities rules"), "{stderr}");
}
