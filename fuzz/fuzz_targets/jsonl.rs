//! The JSONL reader on arbitrary bytes: no panic; every input line yields one output line.
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsclean::jsonl::{clean_jsonl, JsonlOptions};
use newsclean::{Config, Pipeline};
use std::sync::LazyLock;

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(|| Pipeline::new(Config::default()).unwrap());

fuzz_target!(|data: &[u8]| {
    let options = JsonlOptions {
        batch_size: 3,
        ..Default::default()
    };
    let mut out = Vec::new();
    clean_jsonl(&PIPELINE, data, &mut out, &options, |_, _| {}).unwrap();
    assert_eq!(
        memchr::memchr_iter(b'\n', data).count(),
        memchr::memchr_iter(b'\n', &out).count()
    );
});
