//! The boilerplate stage alone on arbitrary text: no panic, every removal is reported
//! (the output plus the removed text accounts for the input's non-space characters), and
//! the line gate changes nothing (the same result as judging every line).
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
    let every_line = REMOVER.remove_without_gate(text);
    assert_eq!(fixed.text, every_line.text, "the gate turned away a line a rule takes");
    assert_eq!(fixed.changes, every_line.changes);
});
