//! The normalize stage alone on arbitrary text: no panic, idempotent.
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsclean::config::NormalizeConfig;
use newsclean::normalize::normalize;

fuzz_target!(|text: &str| {
    let config = NormalizeConfig::default();
    let once = normalize(text, &config).text.into_owned();
    let twice = normalize(&once, &config);
    assert_eq!(once, twice.text, "not idempotent");
});
