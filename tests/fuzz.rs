//! Seeded random and adversarial inputs through the text layer, the whole pipeline and the
//! input readers: no panic, exact offsets. `cargo test` runs a bounded number of cases; for a
//! longer run: `QAWL_FUZZ_CASES=20000 QAWL_FUZZ_SEED=7 cargo test --release -p qawl-tests --test fuzz`.

use qawl_pipeline::{default_model_dir, EntitySource, Pipeline};
use qawl_tests::{arabic_noise, archive_block, assert_consistent, Rng};
use std::io::Write;
use std::sync::OnceLock;

fn cases(default: usize) -> usize {
    std::env::var("QAWL_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn seed() -> u64 {
    std::env::var("QAWL_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(20261201)
}

fn rules() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::load_with(&default_model_dir(), EntitySource::Rules).unwrap())
}

#[test]
fn the_text_layer_keeps_offsets_on_any_text() {
    let mut rng = Rng::new(seed());
    for case in 0..cases(2000) {
        let len = 1 + rng.below(60);
        let text = arabic_noise(&mut rng, len);
        let a = qawl_tokenizer::Analysis::new(&text);
        let n = text.chars().count();
        for w in &a.words {
            assert!(w.span.start < w.span.end && w.span.end <= n, "case {case}: word {:?} in {n} chars", w.span);
        }
        for s in a.sentences.iter().chain(&a.paragraphs) {
            assert!(s.start <= s.end && s.end <= n, "case {case}: span {s:?}");
        }
    }
}

#[test]
fn the_rules_pipeline_survives_noise_with_exact_offsets() {
    let mut rng = Rng::new(seed() ^ 1);
    for case in 0..cases(1500) {
        let len = 1 + rng.below(120);
        let text = arabic_noise(&mut rng, len);
        let doc = rules().process_with_id(&format!("case{case}"), &text);
        assert_consistent(&doc);
    }
}

#[test]
fn the_default_pipeline_survives_noise_with_exact_offsets() {
    let pipeline = Pipeline::load(&default_model_dir()).unwrap();
    let mut rng = Rng::new(seed() ^ 2);
    // The tagger is ~50x slower than the rules: fewer cases.
    for case in 0..cases(1500) / 10 {
        let len = 1 + rng.below(80);
        let text = arabic_noise(&mut rng, len);
        assert_consistent(&pipeline.process_with_id(&format!("case{case}"), &text));
    }
}

/// Bytes an input file might hold: JSON lines whole, cut, or broken; `<doc>` blocks; a BOM;
/// invalid UTF-8; gzip headers with nothing after.
fn noisy_file(rng: &mut Rng) -> Vec<u8> {
    let mut out = Vec::new();
    if rng.below(4) == 0 {
        out.extend_from_slice(b"\xef\xbb\xbf");
    }
    for i in 0..rng.below(12) {
        let len = 1 + rng.below(20);
        let text = arabic_noise(rng, len);
        let line = match rng.below(7) {
            0 => serde_json::json!({"id": format!("d{i}"), "text": text}).to_string(),
            1 => serde_json::json!([{"id": i, "text": text}]).to_string(),
            2 => archive_block(&i.to_string(), &text),
            3 => format!("{{\"id\": \"c{i}\", \"text\": \"{}", text.chars().take(5).collect::<String>()),
            4 => serde_json::json!({"id": i, "text": 5, "url": text}).to_string(),
            5 => text,
            _ => String::from_utf8_lossy(&[0xff, 0xfe, b'{', 0xd9]).into_owned(),
        };
        out.extend_from_slice(line.as_bytes());
        if rng.below(5) == 0 {
            out.push(0xd9);
        }
        out.push(b'\n');
    }
    if rng.below(10) == 0 {
        out = vec![0x1f, 0x8b, 0x08];
    }
    out
}

#[test]
fn the_input_readers_never_panic_and_name_every_document() {
    let dir = std::env::temp_dir().join(format!("qawl-fuzz-inputs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut rng = Rng::new(seed() ^ 3);
    let exts = ["jsonl", "ndjson", "json", "txt", "jsonl.gz", "bin", ""];
    for case in 0..cases(1500) / 3 {
        let ext = *rng.pick(&exts);
        let path = dir.join(if ext.is_empty() { format!("f{case}") } else { format!("f{case}.{ext}") });
        let bytes = noisy_file(&mut rng);
        if ext.ends_with(".gz") && rng.below(2) == 0 {
            let mut enc = flate2::write::GzEncoder::new(std::fs::File::create(&path).unwrap(), flate2::Compression::fast());
            enc.write_all(&bytes).unwrap();
            enc.finish().unwrap();
        } else {
            std::fs::write(&path, &bytes).unwrap();
        }
        let inputs = qawl_io::Inputs::open(&[path.clone()], 10_000).unwrap();
        for input in inputs {
            assert!(!input.id.is_empty() && !input.origin.is_empty(), "case {case}: {input:?}");
            if let Ok(text) = &input.text {
                assert_consistent(&rules().process_with_id(&input.id, text));
            }
        }
        std::fs::remove_file(&path).unwrap();
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
