//! Nothing lost: an input is never overwritten, one writer per output, and `--resume`
//! after a kill or a cut gives the file an uninterrupted run gives.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn qawl() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_qawl"));
    c.args(["--entities", "rules"]);
    c
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("qawl-safe-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const SENTENCES: [&str; 4] = [
    "وقال سالم بن راشد الحارثي مدير عام الموانئ: نعمل على توسعة الرصيف.",
    "وأكدت مريم بنت سعيد الكندية أن الحملة تستهدف المدارس.",
    "وأشار الوزير خالد بن علي المري إلى أن المشروع يكتمل في الربيع.",
    "ذكرت الصحيفة أن الأمطار هطلت على المدينة.",
];

/// `n` JSONL documents written for this test: every 37th is broken, two share an id.
fn batch(dir: &Path, n: usize) -> PathBuf {
    let mut body = String::new();
    for i in 0..n {
        if i % 37 == 5 {
            body.push_str(&format!("{{\"id\": \"bad{i}\", \"text\": \n"));
            continue;
        }
        let id = if i == 9 { "d8".to_string() } else { format!("d{i}") };
        let text = format!("{} {}", SENTENCES[i % 4], SENTENCES[(i / 4) % 4]);
        body.push_str(&serde_json::json!({"id": id, "text": text}).to_string());
        body.push('\n');
    }
    let p = dir.join("in.jsonl");
    std::fs::write(&p, body).unwrap();
    p
}

fn extract(input: &Path, out: &Path, resume: bool) -> std::process::Output {
    let mut c = qawl();
    c.args(["extract", "-q"]).arg(input).arg("-o").arg(out);
    if resume {
        c.arg("--resume");
    }
    c.output().unwrap()
}

#[test]
fn an_output_that_is_an_input_is_refused_and_left_alone() {
    let d = tmp("same");
    let input = batch(&d, 5);
    let before = std::fs::read(&input).unwrap();
    std::fs::hard_link(&input, d.join("link.jsonl")).unwrap();
    for out in [input.clone(), d.join(".").join("in.jsonl"), d.join("link.jsonl")] {
        let run = extract(&input, &out, false);
        assert_eq!(run.status.code(), Some(2), "{}", String::from_utf8_lossy(&run.stderr));
        assert!(String::from_utf8_lossy(&run.stderr).contains("is also an input"));
        assert_eq!(std::fs::read(&input).unwrap(), before, "the input is untouched");
    }
}

#[test]
fn a_device_is_a_fine_output_and_stdin_counts_only_when_read() {
    let d = tmp("devnull");
    let input = batch(&d, 5);
    let run = qawl().args(["extract", "-q"]).arg(&input).args(["-o", "/dev/null"]).stdin(Stdio::null()).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    // Standard input redirected from the output file is an input only with `-`.
    let out = d.join("out.jsonl");
    std::fs::write(&out, "").unwrap();
    let from_out = || Stdio::from(std::fs::File::open(&out).unwrap());
    let run = qawl().args(["extract", "-q"]).arg(&input).arg("-o").arg(&out).stdin(from_out()).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let run = qawl().args(["extract", "-q", "-"]).arg("-o").arg(&out).stdin(from_out()).output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("is also an input"));
}

#[test]
fn a_second_writer_fails_at_once_and_changes_nothing() {
    let d = tmp("lock");
    let input = batch(&d, 5);
    let out = d.join("out.jsonl");
    std::fs::write(&out, "{\"id\": \"kept\"}\n").unwrap();
    // Hold the lock a running qawl would hold.
    let held = std::fs::OpenOptions::new().read(true).write(true).open(&out).unwrap();
    held.try_lock().unwrap();
    let run = extract(&input, &out, false);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("another qawl process"), "{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "{\"id\": \"kept\"}\n");
    drop(held);
    assert_eq!(extract(&input, &out, false).status.code(), Some(0));
}

#[test]
fn resume_after_a_cut_tail_gives_the_uninterrupted_file() {
    let d = tmp("cut");
    let input = batch(&d, 12);
    let full_path = d.join("full.jsonl");
    assert_eq!(extract(&input, &full_path, false).status.code(), Some(1), "one document is broken");
    let full = std::fs::read(&full_path).unwrap();
    let out = d.join("out.jsonl");
    // Cut: the last newline only; inside a multi-byte character; in the middle of a record.
    let last_line_start = full[..full.len() - 1].iter().rposition(|&b| b == b'\n').unwrap() + 1;
    let in_char = (last_line_start..full.len()).find(|&i| full[i] >= 0xc0).unwrap() + 1;
    for cut in [full.len() - 1, in_char, full.len() / 2, 0] {
        std::fs::write(&out, &full[..cut]).unwrap();
        let run = extract(&input, &out, true);
        assert_eq!(run.status.code(), Some(1), "{}", String::from_utf8_lossy(&run.stderr));
        assert_eq!(std::fs::read(&out).unwrap(), full, "cut at byte {cut}");
    }
    // The two documents that share an id are both there.
    let text = String::from_utf8(full).unwrap();
    assert_eq!(text.lines().filter(|l| l.contains("\"id\":\"d8\"")).count(), 2);
}

#[test]
fn resume_refuses_an_output_of_other_inputs() {
    let d = tmp("other");
    let input = batch(&d, 6);
    let out = d.join("out.jsonl");
    std::fs::write(&out, "{\"id\":\"zzz\",\"entities\":[]}\n").unwrap();
    let run = extract(&input, &out, true);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("does not come from these inputs"), "{}", String::from_utf8_lossy(&run.stderr));
}

/// Kills `qawl extract` with SIGKILL at pseudo-random moments and resumes until a run ends
/// by itself; the file must equal an uninterrupted run's, byte for byte.
#[test]
fn kill_and_resume_at_random_points_loses_and_duplicates_nothing() {
    let d = tmp("kill");
    let input = batch(&d, 3000);
    let full_path = d.join("full.jsonl");
    extract(&input, &full_path, false);
    let full = std::fs::read(&full_path).unwrap();
    let out = d.join("out.jsonl");
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut kills = 0;
    for attempt in 0..60 {
        let mut c = qawl();
        c.args(["--threads", "1", "extract", "-q"]).arg(&input).arg("-o").arg(&out).stdout(Stdio::null()).stderr(Stdio::null());
        if attempt > 0 {
            c.arg("--resume");
        }
        let mut child = c.spawn().unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(std::time::Duration::from_millis(5 + seed % 120));
        if child.try_wait().unwrap().is_some() {
            break;
        }
        child.kill().unwrap();
        child.wait().unwrap();
        kills += 1;
    }
    // Finish whatever the last kill left.
    extract(&input, &out, true);
    eprintln!("kill/resume: {kills} kills");
    assert!(kills > 0, "the loop killed no run: the batch is too small to test this");
    assert_eq!(std::fs::read(&out).unwrap(), full, "after {kills} kills");
}
