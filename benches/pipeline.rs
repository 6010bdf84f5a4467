//! Throughput of each stage and the whole pipeline on three kinds of input, beside the
//! machine's reference points (memcpy and `std::str::from_utf8` of the same buffer).
//!
//! Run: `cargo bench --bench pipeline`. Inputs are built from the repository's fixtures
//! (about 1 MB each): clean English news (the golden outputs), damaged news (the raw seeds
//! plus mojibake, entities and credits), and non-Latin news.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use newsclean::boilerplate::BoilerplateRemover;
use newsclean::config::{BoilerplateConfig, NormalizeConfig};
use newsclean::{Config, Pipeline, Record};
use std::hint::black_box;

const TARGET_BYTES: usize = 1 << 20;

fn fixture(path: &str) -> String {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// Repeat `unit` as paragraphs separated by one blank line, ending in exactly one newline,
/// so that clean units make a clean text (one that the pipeline leaves borrowed).
fn repeat_to_size(unit: &str) -> String {
    let unit = unit.trim_end();
    let mut out = String::with_capacity(TARGET_BYTES + unit.len());
    while out.len() < TARGET_BYTES {
        out.push_str(unit);
        out.push_str("\n\n");
    }
    out.pop();
    out
}

fn inputs() -> Vec<(&'static str, String)> {
    let clean = fixture("fixtures/golden/000_68021376e4e97bad.txt")
        + &fixture("fixtures/golden/004_dbcdf2f8a8157395.txt");
    let damaged = fixture("seeds/000_68021376e4e97bad.txt")
        + &fixture("seeds/004_dbcdf2f8a8157395.txt")
        + "The minister\u{e2}\u{20ac}\u{2122}s caf\u{c3}\u{a9} &amp; bar\u{a0}said\u{2026}\r\n(AP Photo/Jane Doe)\n";
    let non_latin = fixture("fixtures/bench/non_latin.txt");
    vec![
        ("clean-english", repeat_to_size(&clean)),
        ("damaged", repeat_to_size(&damaged)),
        ("non-latin", repeat_to_size(&non_latin)),
    ]
}

fn bench(c: &mut Criterion) {
    let pipeline = Pipeline::new(Config::default()).unwrap();
    let normalize_config = NormalizeConfig::default();
    let remover = BoilerplateRemover::new(&BoilerplateConfig::default()).unwrap();
    for (name, text) in inputs() {
        if name == "clean-english" {
            // The fast-path figure is only meaningful if the input really is clean.
            let changes = pipeline.clean_str(&text).changes;
            assert!(
                changes.is_empty(),
                "clean input changed: {:?}",
                &changes[..1]
            );
        }
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.sample_size(20);
        let bytes = text.as_bytes();
        group.bench_function(BenchmarkId::new("reference", "memcpy"), |b| {
            b.iter(|| black_box(bytes.to_vec()))
        });
        group.bench_function(BenchmarkId::new("reference", "from_utf8"), |b| {
            b.iter(|| black_box(std::str::from_utf8(black_box(bytes)).is_ok()))
        });
        group.bench_function(BenchmarkId::new("stage", "mojibake"), |b| {
            b.iter(|| {
                black_box(
                    newsclean::mojibake::repair_mojibake(black_box(&text))
                        .changes
                        .len(),
                )
            })
        });
        group.bench_function(BenchmarkId::new("stage", "normalize"), |b| {
            b.iter(|| {
                black_box(
                    newsclean::normalize::normalize(black_box(&text), &normalize_config)
                        .changes
                        .len(),
                )
            })
        });
        group.bench_function(BenchmarkId::new("stage", "boilerplate"), |b| {
            b.iter(|| black_box(remover.remove(black_box(&text)).changes.len()))
        });
        group.bench_function(BenchmarkId::new("pipeline", "clean_bytes"), |b| {
            b.iter(|| black_box(pipeline.clean_bytes(black_box(bytes)).unwrap().text.len()))
        });
        // What `clean --jsonl` and `clean -` run: the same text, no change record.
        group.bench_function(BenchmarkId::new("pipeline", "text_only"), |b| {
            b.iter(|| {
                black_box(
                    pipeline
                        .clean_bytes_with(black_box(bytes), Record::TextOnly)
                        .unwrap()
                        .text
                        .len(),
                )
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
