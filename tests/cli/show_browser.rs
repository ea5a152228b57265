//! `qawl show` pages rendered in headless Chromium: the DOM after the page's script ran
//! has one mark per entity, one quote element per quote linked to its speaker, one panel
//! entry per person, right-to-left text, whole labels, and working highlights; a
//! screenshot goes to `target/show-seed.png`.
//!
//! Chromium is Debian's `chromium` package (`.ci/run` installs it, with Arabic fonts);
//! `QAWL_CHROMIUM` names another binary. Without one these tests print `skipped: …`.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHECK_JS: &str = include_str!("browser/check.js");

fn qawl() -> Command {
    Command::new(env!("CARGO_BIN_EXE_qawl"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("qawl-browser-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// The workspace's target folder (CARGO_TARGET_TMPDIR is `target/tmp`).
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().to_path_buf()
}

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("QAWL_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Runs Chromium headless on a page and returns its stdout; a minute at most.
fn run_chromium(browser: &Path, profile: &Path, args: &[String]) -> String {
    let mut child = Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("chromium did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Loads `page` with the checking script added and returns what it measured.
fn measure(browser: &Path, page: &Path, work: &Path) -> Value {
    let html = std::fs::read_to_string(page).unwrap();
    let at = html.rfind("</body>").expect("a page has a body");
    let checked = work.join("checked.html");
    std::fs::write(&checked, format!("{}<script>\n{CHECK_JS}</script>\n{}", &html[..at], &html[at..])).unwrap();
    let dom = run_chromium(browser, &work.join("profile"), &["--virtual-time-budget=10000".into(), "--dump-dom".into(), format!("file://{}", checked.display())]);
    let start = dom.rfind("<pre id=\"qawl-test\">").unwrap_or_else(|| panic!("the check script left no result; DOM starts {:?}", &dom[..dom.len().min(300)])) + "<pre id=\"qawl-test\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let json = dom[start..end].replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    let v: Value = serde_json::from_str(&json).unwrap();
    assert!(v.get("crashed").is_none(), "the check script failed: {}", v["crashed"]);
    v
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect()
}

/// Everything a page must show of `record`, checked on the rendered DOM.
fn assert_page_matches(m: &Value, record: &Value) {
    assert_eq!(m["errors"].as_array().unwrap().len(), 0, "layout problems: {}", m["errors"]);
    assert_eq!(m["lang"], "ar");
    assert_eq!(m["direction"], "rtl");
    assert_eq!(m["paragraph_directions"], serde_json::json!(["rtl"]));
    assert!(m["paragraphs"].as_u64().unwrap() > 0);
    assert_eq!(m["right_aligned"], m["paragraphs"], "every paragraph starts at the right edge");

    let entities: Vec<String> = record["entities"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_string()).collect();
    let marks = strings(&m["marks"]);
    assert_eq!(marks.len(), entities.len(), "one mark per entity");
    assert_eq!(marks.iter().collect::<BTreeSet<_>>(), entities.iter().collect::<BTreeSet<_>>());
    assert_eq!(m["labels_clipped"], 0);
    assert_eq!(m["labels_misplaced"], 0);

    let quotes = record["quotes"].as_array().unwrap();
    let shown = m["quotes"].as_array().unwrap();
    assert_eq!(shown.len(), quotes.len(), "one quote element per quote");
    for (q, s) in quotes.iter().zip(shown) {
        assert_eq!(s["id"], q["id"]);
        assert_eq!(s["kind"], q["kind"], "direct and indirect told apart");
        assert!(s["badge_first"].as_bool().unwrap(), "the badge opens quote {}", q["id"]);
        if q["speaker"].is_string() {
            assert_eq!(s["speaker"], q["speaker"]);
            assert_eq!(s["badge_pid"], q["speaker"], "quote {} links to its speaker", q["id"]);
            assert!(s["badge_names_speaker"].as_bool().unwrap(), "the badge of {} names the panel's person", q["id"]);
        }
    }
    let with_cue = quotes.iter().filter(|q| q["cue"].is_object()).count();
    assert_eq!(m["cues"].as_array().unwrap().len(), with_cue);

    let persons: Vec<String> = record["persons"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(strings(&m["persons"]), persons, "one panel entry per person, in order");
    for h in m["highlight"].as_array().unwrap() {
        let pid = h["pid"].as_str().unwrap();
        let p = record["persons"].as_array().unwrap().iter().find(|p| p["id"] == pid).unwrap();
        let own_quotes = quotes.iter().filter(|q| q["speaker"] == pid).count();
        assert!(h["expected"].as_u64().unwrap() as usize >= p["mentions"].as_array().unwrap().len() + own_quotes, "{h}");
        assert_eq!(h["highlighted"], h["expected"], "clicking {pid} highlights all of theirs: {h}");
        assert_eq!(h["wrong"], 0, "{h}");
        assert_eq!(h["pressed"], "true");
    }
    assert!(m["cleared"].as_bool().unwrap(), "a second click clears the highlight");
}

fn skip_without_chromium() -> Option<PathBuf> {
    let browser = chromium();
    if browser.is_none() {
        println!("skipped: no Chromium found (apt-get install -y chromium, or set QAWL_CHROMIUM)");
    }
    browser
}

#[test]
fn the_seed_page_renders_its_extract_output_in_chromium() {
    let seed = shared().join("fixtures/seed-gcc-meta.txt");
    if !seed.exists() {
        println!("skipped: {} is absent", seed.display());
        return;
    }
    let Some(browser) = skip_without_chromium() else { return };
    let d = tmp("seed");
    let jsonl = d.join("seed.jsonl");
    let run = qawl().args(["extract", "-q"]).arg(&seed).arg("-o").arg(&jsonl).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let record: Value = serde_json::from_str(std::fs::read_to_string(&jsonl).unwrap().lines().next().unwrap()).unwrap();
    let page = d.join("seed.html");
    let run = qawl().arg("show").arg(&seed).arg("-o").arg(&page).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));

    let m = measure(&browser, &page, &d);
    assert_page_matches(&m, &record);
    assert!(m["nested_marks"].as_u64().unwrap() >= 5, "ORGs and LOCs inside ROLEs are drawn nested: {}", m["nested_marks"]);

    let shot = target_dir().join("show-seed.png");
    let _ = std::fs::remove_file(&shot);
    run_chromium(&browser, &d.join("profile-shot"), &[format!("--screenshot={}", shot.display()), "--window-size=1200,1600".into(), format!("file://{}", page.display())]);
    let png = std::fs::read(&shot).expect("a screenshot was written");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "{} bytes", png.len());
    println!("screenshot: {}", shot.display());
}

/// A record written for this test (no model, no ../shared): nested and crossing spans, a
/// quote without a speaker, and an id that needs escaping.
fn written_record() -> Value {
    let text = "قال المهندس سالم بن راشد الحارثي مدير عام شركة موانئ صحار: «نعمل على توسعة الرصيف».\nوأكدت مريم الكندية أن الحملة تستهدف المدارس في مسقط.\nوأشار مصدر إلى أن العمل مستمر.";
    let chars: Vec<char> = text.chars().collect();
    let span = |s: &str, nth: usize| -> (usize, usize) {
        let t: Vec<char> = s.chars().collect();
        let start = (0..chars.len()).filter(|&i| chars[i..].starts_with(&t)).nth(nth).unwrap_or_else(|| panic!("{s}"));
        (start, start + t.len())
    };
    let ent = |id: &str, kind: &str, s: &str, nth: usize| {
        let (a, b) = span(s, nth);
        serde_json::json!({"id": id, "type": kind, "start": a, "end": b, "text": s})
    };
    let quote = |id: &str, kind: &str, speaker: Value, s: &str, cue: &str| {
        let (a, b) = span(s, 0);
        let (ca, cb) = span(cue, 0);
        serde_json::json!({"id": id, "kind": kind, "speaker": speaker, "start": a, "end": b, "text": s, "cue": {"start": ca, "end": cb, "text": cue}})
    };
    serde_json::json!({
        "id": "written <1> & co", "text": text, "source": "test", "date": "2015-07-21 02:51:32",
        "entities": [
            ent("e1", "ROLE", "المهندس", 0),
            ent("e2", "PERSON", "سالم بن راشد الحارثي", 0),
            ent("e3", "ROLE", "مدير عام شركة موانئ صحار", 0),
            ent("e4", "ORG", "شركة موانئ صحار", 0),
            ent("e5", "LOC", "صحار", 0),
            ent("e6", "PERSON", "مريم الكندية", 0),
            ent("e7", "LOC", "مسقط", 0),
            // A span that crosses the quote's start, so both are split.
            ent("e8", "ORG", "صحار: «نعمل", 0)
        ],
        "persons": [
            {"id": "p1", "name": "سالم بن راشد الحارثي", "mentions": ["e2"], "roles": ["e1", "e3"], "organizations": ["e4"], "gender": "male"},
            {"id": "p2", "name": "مريم الكندية", "mentions": ["e6"], "gender": "female"}
        ],
        "quotes": [
            quote("q1", "direct", "p1".into(), "نعمل على توسعة الرصيف", "قال"),
            quote("q2", "indirect", "p2".into(), "الحملة تستهدف المدارس في مسقط", "وأكدت"),
            quote("q3", "indirect", Value::Null, "العمل مستمر", "وأشار")
        ]
    })
}

#[test]
fn a_written_record_with_crossing_spans_renders_in_chromium() {
    let Some(browser) = skip_without_chromium() else { return };
    let d = tmp("written");
    let record = written_record();
    let jsonl = d.join("in.jsonl");
    std::fs::write(&jsonl, format!("{record}\n")).unwrap();
    let page = d.join("page.html");
    let run = qawl().arg("show").arg(&jsonl).arg("-o").arg(&page).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let m = measure(&browser, &page, &d);
    assert_page_matches(&m, &record);
    assert!(m["mark_pieces"].as_u64().unwrap() > m["marks"].as_array().unwrap().len() as u64, "the crossing ORG is split into pieces");
}
