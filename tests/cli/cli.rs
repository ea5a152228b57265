//! The `qawl` binary end to end: batches with bad documents, resume, eval output.

use std::path::{Path, PathBuf};
use std::process::Command;

fn qawl() -> Command {
    Command::new(env!("CARGO_BIN_EXE_qawl"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("qawl-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn lines(p: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(p).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

const GOOD_A: &str = "وقال سالم بن راشد الحارثي مدير عام الموانئ: نعمل على توسعة الرصيف.";
const GOOD_B: &str = "وأكدت مريم بنت سعيد الكندية أن الحملة تستهدف المدارس.";

#[test]
fn a_batch_with_bad_files_keeps_every_good_result() {
    let d = tmp("batch");
    std::fs::write(d.join("a.txt"), GOOD_A).unwrap();
    std::fs::write(d.join("b.txt"), [0xffu8, 0xfe, b'x']).unwrap();
    std::fs::write(d.join("c.txt"), "").unwrap();
    std::fs::write(d.join("d.txt"), GOOD_B).unwrap();
    let out = d.join("out.jsonl");
    let run = qawl().args(["extract", "-q"]).arg(&d).arg("-o").arg(&out).output().unwrap();
    assert_eq!(run.status.code(), Some(1), "failed documents make the exit code 1");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("b.txt") && stderr.contains("invalid UTF-8"), "{stderr}");
    assert!(stderr.contains("c.txt") && stderr.contains("empty"), "{stderr}");
    let recs = lines(&out);
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["a", "b", "c", "d"], "output keeps input order");
    assert!(recs[1]["error"].is_string() && recs[2]["error"].is_string());
    assert_eq!(recs[0]["quotes"][0]["text"], "نعمل على توسعة الرصيف");
    assert!(recs[3]["quotes"].as_array().unwrap().len() == 1);
}

#[test]
fn jsonl_input_with_a_broken_line_and_resume() {
    let d = tmp("jsonl");
    let input = d.join("in.jsonl");
    let body = format!(
        "{}\n{{\"id\": \"broken\", \"text\": \n{}\n",
        serde_json::json!({"id": "x1", "text": GOOD_A}),
        serde_json::json!({"id": "x2", "text": GOOD_B})
    );
    std::fs::write(&input, body).unwrap();
    let out = d.join("out.jsonl");
    let run = qawl().args(["extract", "-q"]).arg(&input).arg("-o").arg(&out).output().unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("in.jsonl:2"), "the message names file and line");
    let recs = lines(&out);
    assert_eq!(recs.len(), 3);
    assert!(recs[1]["error"].as_str().unwrap().contains("broken JSON"));
    // The error record keeps the id the broken line shows.
    assert_eq!(recs[1]["id"], "broken");
    let first = std::fs::read(&out).unwrap();
    // Resume: the good positions are skipped, the failed one is tried again (and fails
    // again) and its record replaced in place, not appended a second time.
    let run = qawl().args(["extract", "-q", "--resume"]).arg(&input).arg("-o").arg(&out).output().unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(std::fs::read(&out).unwrap(), first, "a resume of a finished run changes nothing");
    assert!(!d.join("out.jsonl.qawl-partial").exists(), "the temporary file is gone");
}

#[test]
fn stdin_plain_text_and_offsets_slice_the_input() {
    use std::io::Write;
    let mut child = qawl().args(["extract", "-q", "-"]).stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(GOOD_A.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let rec: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let chars: Vec<char> = GOOD_A.chars().collect();
    for e in rec["entities"].as_array().unwrap() {
        let (s, t) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
        assert_eq!(chars[s..t].iter().collect::<String>(), e["text"].as_str().unwrap());
    }
}

#[test]
fn dash_output_is_standard_output_not_a_file_named_dash() {
    let d = tmp("dash");
    std::fs::write(d.join("a.txt"), GOOD_A).unwrap();
    let run = qawl().current_dir(&d).args(["--entities", "rules", "extract", "-q", "a.txt", "-o", "-"]).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let rec: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(rec["id"], "a");
    assert!(!d.join("-").exists(), "no file named `-` is written");
    let run = qawl().current_dir(&d).args(["--entities", "rules", "extract", "-q", "--resume", "a.txt", "-o", "-"]).output().unwrap();
    assert_eq!(run.status.code(), Some(2), "resume needs a file");
    assert!(String::from_utf8_lossy(&run.stderr).contains("--resume needs an output file"));
}

#[test]
fn eval_json_has_the_documented_keys() {
    let gold = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/gold");
    let out = qawl().args(["eval", "--json"]).arg(&gold).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for k in ["micro_f1", "PERSON_f1", "ORG_f1", "LOC_f1", "ROLE_f1", "quote_f1", "speaker_acc", "attributed_quote_f1"] {
        assert!(v[k].is_number(), "missing {k}: {v}");
    }
}

#[test]
fn bad_gold_and_missing_model_are_named() {
    let d = tmp("bad");
    let bad = d.join("bad.json");
    std::fs::write(&bad, "{\"id\": \"x\",\n \"text\": 3}").unwrap();
    let out = qawl().args(["eval"]).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.json:2"), "{err}");
    let out = qawl().args(["extract", "-q", "--model"]).arg(d.join("nowhere")).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nowhere"));
}

#[test]
fn conll_eval_scores_a_bio_file() {
    let d = tmp("conll");
    let f = d.join("s.txt");
    std::fs::write(&f, "وقال O\nسالم B-PERS\nبن I-PERS\nراشد I-PERS\nالحارثي I-PERS\nإن O\nالعمل O\nمستمر O\n\n").unwrap();
    let out = qawl().args(["eval", "--json", "--conll"]).arg(&f).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["PERSON_f1"], 100.0, "{v}");
}

#[test]
fn doc_archives_stream_one_document_per_block_and_limit_stops_early() {
    let d = tmp("archive");
    let archive = d.join("text.txt");
    // Blocks in the news corpora's `text.txt` layout, built here from sentences written for the tests.
    let block = |id: &str, body: &str| format!("<doc {}=\"{id}\">\n{body}\n</doc>\n", "id");
    let body = [block("7", &format!("عنوان الخبر\n{GOOD_A}")), block("8", GOOD_B), block("9", "نص")].concat();
    std::fs::write(&archive, body).unwrap();
    let out = d.join("out.jsonl");
    let run = qawl().args(["extract", "-q", "--limit", "2"]).arg(&archive).arg("-o").arg(&out).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let recs = lines(&out);
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["7", "8"]);
    assert_eq!(recs[0]["text"], format!("عنوان الخبر\n{GOOD_A}"));
    assert_eq!(recs[0]["quotes"][0]["text"], "نعمل على توسعة الرصيف");
}

/// A model directory whose tagger lacks the word lists it was trained with is refused with
/// the missing path named, and `qawl ship` installs a tagger that then runs.
#[test]
fn tagger_files_are_checked_and_ship_installs_a_working_copy() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shipped = repo.join("models/tagger");
    if !shipped.join("features").is_dir() {
        eprintln!("skipped: the shipped tagger has no lexicon features");
        return;
    }
    let d = tmp("ship");
    let models = d.join("models");
    std::fs::create_dir_all(&models).unwrap();
    std::fs::copy(repo.join("models/vocab.json"), models.join("vocab.json")).unwrap();
    std::os::unix::fs::symlink(repo.join("models/lexicon").canonicalize().unwrap(), models.join("lexicon")).unwrap();
    let text = d.join("a.txt");
    std::fs::write(&text, "وقال وزير الخارجية سالم بن راشد الحارثي إن العمل مستمر.").unwrap();

    // Ship into the temporary model directory: weights shrink to f16, the tagger runs.
    let out = qawl().arg("ship").arg(&shipped).arg("--to").arg(models.join("tagger")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(models.join("tagger/features/places.txt").is_file());
    let out = qawl().args(["--entities", "model", "extract", "-q", "--model"]).arg(&models).arg(&text).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"entities\""));

    // Without its feature lists the tagger is refused, naming what is missing.
    std::fs::remove_dir_all(models.join("tagger/features")).unwrap();
    let out = qawl().args(["--entities", "model", "extract", "-q", "--model"]).arg(&models).arg(&text).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("features"), "{}", String::from_utf8_lossy(&out.stderr));

    // Shipping from a directory without weights names it.
    let out = qawl().arg("ship").arg(d.join("empty")).arg("--to").arg(d.join("t")).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty"));
}

/// `qawl embed` on a small corpus written here: a partial checkpoint whose config asks for
/// word vectors with as many rows as `words.txt` lists, plus the unknown row.
#[test]
fn embed_writes_subword_and_word_vectors() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let d = tmp("embed");
    let corpus = d.join("text.txt");
    let lines: Vec<String> = (0..200)
        .map(|i| format!("قال الوزير {} إن الحكومة ستواصل العمل في الرياض وجدة والدمام.", ["سالم", "راشد", "خالد"][i % 3]))
        .collect();
    std::fs::write(&corpus, lines.join("\n")).unwrap();
    let out = qawl()
        .args(["embed", "--max-paragraphs", "200", "--words", "10", "--word-dim", "8", "--hidden", "32", "--heads", "4", "--layers", "1"])
        .arg("--corpus").arg(&corpus)
        .arg("--vocab").arg(repo.join("models/vocab.json"))
        .arg("--out").arg(d.join("emb"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let words = std::fs::read_to_string(d.join("emb/words.txt")).unwrap();
    let n = words.lines().count();
    assert!(n > 5 && n <= 10, "{words}");
    let config: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(d.join("emb/config.json")).unwrap()).unwrap();
    assert_eq!(config["word_vectors"], n + 1);
    assert_eq!(config["word_vector_dim"], 8);
    assert_eq!(config["hidden_size"], 32);
    assert!(d.join("emb/model.safetensors").is_file());
}
