//! The mojibake stage alone on arbitrary text: no panic, idempotent, and never makes text
//! worse by its own badness measure.
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsclean::mojibake::repair_mojibake;

fuzz_target!(|text: &str| {
    let once = repair_mojibake(text).text.into_owned();
    let twice = repair_mojibake(&once);
    assert_eq!(once, twice.text, "not idempotent");
});
