//! The word tagger through the binary: `qawl embed --fasttext` on a corpus written here,
//! `qawl train --arch word` on the user's own CoNLL files (tag column and type renames
//! chosen), the readable end message, a rerun that resumes, and `qawl ship` of the result
//! into a model directory where `extract` runs it.

use std::path::PathBuf;
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

/// `token POS TAG` lines, BIOES tags, a place after في and a person after قال.
fn conll(n: usize, seed: usize) -> String {
    let people = ["سالم", "راشد", "خالد", "مريم"];
    let places = ["الرياض", "جدة", "مسقط", "الدوحة"];
    let mut out = String::new();
    for i in 0..n {
        let k = i * 7 + seed;
        out.push_str(&format!("قال V O\n{} N S-PERS\nإن P O\nالعمل N O\nفي P O\n{} N S-GPE\n. P O\n\n", people[k % 4], places[(k / 4) % 4]));
    }
    out
}

#[test]
fn fasttext_vectors_then_a_word_tagger_on_user_files_then_ship() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let d = tmp("word");
    let corpus = d.join("text.txt");
    let lines: Vec<String> = (0..300).map(|i| format!("قال {} إن العمل مستمر في {}.", ["سالم", "راشد", "خالد"][i % 3], ["الرياض", "جدة", "مسقط"][i % 3])).collect();
    std::fs::write(&corpus, lines.join("\n")).unwrap();
    let out = qawl()
        .args(["embed", "--fasttext", "--max-paragraphs", "300", "--epochs", "2", "--buckets", "5000", "--words", "8", "--ngrams", "300", "--word-dim", "8", "--min-count", "1"])
        .arg("--corpus").arg(&corpus)
        .arg("--out").arg(d.join("vec"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for f in ["vectors.json", "words.txt", "ngrams.txt", "vectors.safetensors", "fasttext.safetensors"] {
        assert!(d.join("vec").join(f).is_file(), "{f}");
    }
    assert_eq!(std::fs::read_to_string(d.join("vec/words.txt")).unwrap().lines().count(), 8);

    std::fs::write(d.join("train.conll"), conll(60, 0)).unwrap();
    std::fs::write(d.join("dev.conll"), conll(12, 3)).unwrap();
    let train = |epochs: &str| {
        qawl()
            .args(["train", "--arch", "word", "--tag-column", "3", "--map", "PERS=PERSON", "--map", "GPE=LOC", "--epochs", epochs, "--no-features"])
            .arg("--train").arg(d.join("train.conll"))
            .arg("--dev").arg(d.join("dev.conll"))
            .arg("--vectors").arg(d.join("vec"))
            .arg("--out").arg(d.join("tagger"))
            .env("CANDLE_NUM_THREADS", "1")
            .output()
            .unwrap()
    };
    let out = train("1");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("labels: O B-LOC I-LOC B-PERSON I-PERSON"), "{stderr}");
    assert!(stderr.contains("best dev F1") && stderr.contains("at epoch 1 of 1"), "{stderr}");
    assert!(stderr.contains("tools/eval_tagger.sh"), "{stderr}");
    // The same command with more epochs continues the run.
    let out = train("2");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("of 2"), "{stderr}");
    let config: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(d.join("tagger/config.json")).unwrap()).unwrap();
    assert_eq!(config["model_type"], "qawl-word-tagger");

    // A pre-trained encoder (a bidirectional LM on the corpus) starts a new tagger.
    let pretrain = |features: bool, out: &str| {
        let mut c = qawl();
        c.args(["pretrain-words", "--steps", "6", "--batch", "8", "--max-paragraphs", "100", "--checkpoint-every", "3"]).arg("--corpus").arg(&corpus).arg("--vectors").arg(d.join("vec")).arg("--out").arg(d.join(out));
        if features {
            c.arg("--features").arg(repo.join("models/tagger/features"));
        } else {
            c.arg("--no-features");
        }
        c.env("CANDLE_NUM_THREADS", "1").output().unwrap()
    };
    let out = pretrain(false, "lm");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(d.join("lm/model.safetensors").is_file() && d.join("lm/checkpoint.safetensors").is_file());
    let init = |lm: &str, out: &str| {
        qawl()
            .args(["train", "--arch", "word", "--tag-column", "3", "--map", "PERS=PERSON", "--map", "GPE=LOC", "--epochs", "1", "--no-features"])
            .arg("--train").arg(d.join("train.conll"))
            .arg("--dev").arg(d.join("dev.conll"))
            .arg("--vectors").arg(d.join("vec"))
            .arg("--init").arg(d.join(lm))
            .arg("--out").arg(d.join(out))
            .env("CANDLE_NUM_THREADS", "1")
            .output()
            .unwrap()
    };
    let out = init("lm", "tagger-init");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let log = std::fs::read_to_string(d.join("tagger-init/train_log.jsonl")).unwrap();
    let loaded: serde_json::Value = serde_json::from_str(log.lines().find(|l| l.contains("\"loaded\"")).expect("a loaded event")).unwrap();
    assert!(loaded["loaded"].as_u64().unwrap() >= 5, "{loaded}");
    // An encoder of other sizes (here: with lexicon features) is refused, naming the tensor.
    let out = pretrain(true, "lm-features");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = init("lm-features", "tagger-bad");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("lstm."), "{}", String::from_utf8_lossy(&out.stderr));

    let models = d.join("models");
    std::fs::create_dir_all(&models).unwrap();
    std::os::unix::fs::symlink(repo.join("models/lexicon").canonicalize().unwrap(), models.join("lexicon")).unwrap();
    let out = qawl().arg("ship").arg(d.join("tagger")).arg("--to").arg(models.join("tagger")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(models.join("tagger/ngrams.txt").is_file());
    let text = d.join("a.txt");
    std::fs::write(&text, "قال خالد إن العمل مستمر في مسقط.").unwrap();
    let out = qawl().args(["--entities", "model", "extract", "-q", "--model"]).arg(&models).arg(&text).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"entities\""));
}

/// A tagger trained with lexicon features carries the trigger lists it read, so later edits
/// to the built-in tables do not change its inputs; shipping keeps them.
#[test]
fn a_tagger_trained_with_features_keeps_its_trigger_lists() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let d = tmp("triggers");
    std::fs::write(d.join("train.conll"), conll(20, 0)).unwrap();
    std::fs::write(d.join("dev.conll"), conll(6, 3)).unwrap();
    let out = qawl()
        .args(["train", "--arch", "word", "--tag-column", "3", "--map", "PERS=PERSON", "--map", "GPE=LOC", "--epochs", "1"])
        .arg("--features").arg(repo.join("models/tagger/features"))
        .arg("--train").arg(d.join("train.conll"))
        .arg("--dev").arg(d.join("dev.conll"))
        .arg("--vectors").arg(repo.join("models/tagger"))
        .arg("--out").arg(d.join("tagger"))
        .env("CANDLE_NUM_THREADS", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for f in ["role_heads.txt", "org_heads.txt", "loc_heads.txt", "particles.txt"] {
        let trained = std::fs::read_to_string(d.join("tagger/features").join(f)).unwrap();
        assert_eq!(trained, std::fs::read_to_string(repo.join("models/tagger/features").join(f)).unwrap(), "{f}");
        assert!(trained.lines().filter(|l| !l.starts_with('#')).count() > 5, "{f}");
    }
    let out = qawl().arg("ship").arg(d.join("tagger")).arg("--to").arg(d.join("model/tagger")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(d.join("model/tagger/features/role_heads.txt").is_file());
}
