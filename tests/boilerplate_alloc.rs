//! Allocation budget of the boilerplate stage, counted by a global allocator.
//!
//! Clean news must not allocate at all, even when its lines contain prefilter literals
//! (`by`, `more`, `photo`) and run regexes; text with boilerplate allocates for the output,
//! the change records and the action list, never once per clean line.

use newsclean::boilerplate::BoilerplateRemover;
use newsclean::config::BoilerplateConfig;
use std::borrow::Cow;

#[path = "common/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::allocations;

/// A clean article whose lines contain literals of several rules.
fn clean_article(paragraphs: usize) -> String {
    let lines = [
        "The plan was drafted by two envoys and presented to Kyiv on Thursday.",
        "More than 26 people were killed in the strike, officials said.",
        "A photo of the damaged building was shared widely online.",
        "Share prices fell 3% after the announcement, while bonds rallied.",
        "The talks resumed in Geneva on Monday after a pause of two weeks.",
    ];
    let mut text = String::from("Trump approves a 28-point plan to end the war in Ukraine\n");
    for i in 0..paragraphs {
        text.push_str(lines[i % lines.len()]);
        text.push('\n');
    }
    text
}

#[test]
fn clean_news_does_not_allocate() {
    let remover = BoilerplateRemover::new(&BoilerplateConfig::default()).unwrap();
    let text = clean_article(500);
    // Warm up: regex caches are filled on first use per thread.
    assert!(remover.remove(&text).changes.is_empty());
    let before = allocations();
    let fixed = remover.remove(&text);
    let used = allocations() - before;
    assert!(matches!(fixed.text, Cow::Borrowed(_)));
    assert_eq!(used, 0, "clean text allocated {used} times");
}

#[test]
fn boilerplate_allocations_do_not_grow_with_clean_lines() {
    let remover = BoilerplateRemover::new(&BoilerplateConfig::default()).unwrap();
    let count = |paragraphs: usize| {
        let text = format!(
            "(MENAFN) The plan was approved.\n{}YURIY DYACHYSHYN/AFP/Getty\n",
            clean_article(paragraphs)
        );
        remover.remove(&text);
        let before = allocations();
        let fixed = remover.remove(&text);
        assert_eq!(fixed.changes.len(), 2);
        allocations() - before
    };
    let small = count(10);
    let large = count(1000);
    assert_eq!(
        small, large,
        "allocations grew with clean lines: {small} vs {large}"
    );
}
