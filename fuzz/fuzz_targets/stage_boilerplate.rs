//! The boilerplate stage alone on arbitrary text: no panic, and every removal is reported
//! (the output plus the removed text accounts for the input's non-space characters).
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsclean::boilerplate::BoilerplateRemover;
use newsclean::config::BoilerplateConfig;
use std::sync::LazyLock;

static REMOVER: LazyLock<BoilerplateRemover> =
    LazyLock::new(|| BoilerplateRemover::new(&BoilerplateConfig::default()).unwrap());

fuzz_target!(|text: &str| {
    let fixed = REMOVER.remove(text);
    let count = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
    // Each change's `before` is the removed text (`after` is what was kept of the line).
    let removed: usize = fixed.changes.iter().map(|c| count(&c.before)).sum();
    assert_eq!(count(text), count(&fixed.text) + removed, "unreported removal");
});
