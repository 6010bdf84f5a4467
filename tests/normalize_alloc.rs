//! Allocation budget of the normalize stage, counted by a global allocator.
//!
//! Clean text must not allocate at all (the result borrows the input), and dirty text
//! must allocate for its change records and one output buffer, never once per line.

use newsclean::config::NormalizeConfig;
use newsclean::normalize::normalize;
use std::borrow::Cow;

#[path = "common/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::allocations;

/// Lines of one kind, repeated, with a blank line every tenth line.
fn article(line: &str, lines: usize) -> String {
    let mut text = String::new();
    for i in 0..lines {
        text.push_str(line);
        text.push('\n');
        if i % 10 == 9 && i + 1 < lines {
            text.push('\n');
        }
    }
    text
}

#[test]
fn clean_text_does_not_allocate() {
    let config = NormalizeConfig::default();
    let texts = [
        article(
            "The official declined to share specific provisions, \"he said.\"",
            5000,
        ),
        article("Москва заявила, что переговоры — продолжатся…", 5000),
        article("「東京」で会議が開かれた。（共同）", 5000),
        article("AT&T and R&D & more", 5000),
    ];
    for text in &texts {
        let before = allocations();
        let fixed = normalize(text, &config);
        let used = allocations() - before;
        assert!(matches!(fixed.text, Cow::Borrowed(_)), "{:?}", &text[..40]);
        assert!(fixed.changes.is_empty());
        assert_eq!(used, 0, "{:?}", &text[..40]);
    }
}

#[test]
fn dirty_text_allocates_per_change_not_per_line() {
    let config = NormalizeConfig::default();
    let texts = [
        article("“Peace,” he said\u{a0}— and Washington’s  plan.\r", 5000),
        article("caf&eacute; cafe\u{301} \u{fb01}nal\t", 5000),
    ];
    for text in &texts {
        let before = allocations();
        let fixed = normalize(text, &config);
        let used = allocations() - before;
        drop(fixed.text);
        // Each change owns its rule, and its before/after when not empty.
        let records: usize = fixed
            .changes
            .iter()
            .map(|c| 1 + usize::from(!c.before.is_empty()) + usize::from(!c.after.is_empty()))
            .sum();
        assert!(fixed.changes.len() >= 5000);
        // The rest: the output, the change vector and scratch buffers growing (log n).
        let rest = used - records;
        assert!(
            rest < 100,
            "{rest} allocations beyond the {records} of the records"
        );
    }
}
