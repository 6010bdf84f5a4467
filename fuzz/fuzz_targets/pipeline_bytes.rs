//! The whole pipeline on arbitrary bytes: no panic, and cleaning the output again changes
//! nothing.
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsclean::{Config, Pipeline};
use std::sync::LazyLock;

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(|| Pipeline::new(Config::default()).unwrap());

fuzz_target!(|data: &[u8]| {
    if let Ok(cleaned) = PIPELINE.clean_bytes(data) {
        let again = PIPELINE.clean_bytes(cleaned.text.as_bytes()).unwrap();
        assert_eq!(cleaned.text, again.text, "not idempotent");
        assert!(again.changes.is_empty(), "second pass changed: {:?}", again.changes);
    }
});
