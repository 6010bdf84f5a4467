//! Properties of the boilerplate stage on arbitrary and labelled input: it never panics,
//! its change record replays to its output, it only removes (never invents) text, and a
//! second run over its own output finds nothing more on the labelled set.

use newsclean::boilerplate::{eval, BoilerplateRemover, Preset};
use newsclean::config::BoilerplateConfig;
use newsclean::Record;
use proptest::prelude::*;
use std::path::Path;
use std::sync::LazyLock;

static NEWS: LazyLock<BoilerplateRemover> =
    LazyLock::new(|| BoilerplateRemover::new(&BoilerplateConfig::default()).unwrap());
static STRICT: LazyLock<BoilerplateRemover> = LazyLock::new(|| {
    BoilerplateRemover::new(&BoilerplateConfig {
        preset: Preset::Strict,
        ..Default::default()
    })
    .unwrap()
});

/// Lines built from pieces that trigger rules, plus arbitrary text.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("YURIY DYACHYSHYN/AFP/Getty".to_string()),
        Just("(MENAFN) The plan was approved.".to_string()),
        Just("Related stories".to_string()),
        Just("Advertisement".to_string()),
        Just("Home".to_string()),
        Just("".to_string()),
        Just("  \r".to_string()),
        Just("It ends. (AP Photo/Evan Vucci)".to_string()),
        "[ -~]{0,40}",
        "\\PC{0,30}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    (prop::collection::vec(line(), 0..12), any::<bool>()).prop_map(|(lines, crlf)| {
        let sep = if crlf { "\r\n" } else { "\n" };
        lines.join(sep)
    })
}

proptest! {
    #[test]
    fn removes_only_whole_lines_or_reported_spans(input in text()) {
        for remover in [&*NEWS, &*STRICT] {
            let fixed = remover.remove(&input);
            if fixed.changes.is_empty() {
                prop_assert_eq!(&fixed.text, &input);
            }
            // Every change names a line of the input that holds its `before` text.
            let lines: Vec<&str> = input.split('\n').collect();
            for c in &fixed.changes {
                prop_assert!(c.line >= 1 && c.line <= lines.len());
                prop_assert!(lines[c.line - 1].contains(c.before.as_str()));
                prop_assert!(!c.before.is_empty());
            }
            // Output is no longer than the input, and each output line comes from it.
            prop_assert!(fixed.text.len() <= input.len());
            for out in fixed.text.split('\n') {
                prop_assert!(input.split('\n').any(|l| l.contains(out.trim_end_matches('\r'))));
            }
        }
    }
}

#[test]
fn second_run_finds_nothing_on_the_labelled_set() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/boilerplate");
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let labelled = eval::parse(
            &path.display().to_string(),
            &std::fs::read_to_string(&path).unwrap(),
        )
        .unwrap();
        let once = NEWS.remove(&labelled.text).text.into_owned();
        let twice = NEWS.remove(&once);
        if !twice.changes.is_empty() {
            failures.push(format!("{}: {:?}", path.display(), twice.changes));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Lines from the catalogue's own examples (removed, kept and stripped lines of every
/// rule, both presets), glued to arbitrary text: the lines the gate must not turn away.
fn example_line() -> impl Strategy<Value = String> {
    static EXAMPLES: LazyLock<Vec<String>> = LazyLock::new(|| {
        newsclean::boilerplate::builtin_rules()
            .into_iter()
            .flat_map(|(_, spec)| {
                let strips: Vec<String> = spec.strip.iter().map(|[i, _]| i.clone()).collect();
                spec.drop.into_iter().chain(spec.keep).chain(strips)
            })
            .collect()
    });
    (
        0..EXAMPLES.len(),
        "[ a-zA-Z.,:;()|/—–-]{0,8}",
        "[ a-zA-Zé’”.:)]{0,8}",
    )
        .prop_map(|(i, before, after)| format!("{before}{}{after}", EXAMPLES[i]))
}

fn mixed_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![3 => example_line(), 1 => line()], 0..14)
        .prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    /// The line gate only skips lines no rule can touch: with and without it, the output
    /// and the change record are the same.
    #[test]
    fn the_gate_changes_nothing(input in mixed_text()) {
        for remover in [&*NEWS, &*STRICT] {
            let gated = remover.remove(&input);
            let every_line = remover.remove_without_gate(&input);
            prop_assert_eq!(&gated.text, &every_line.text);
            prop_assert_eq!(&gated.changes, &every_line.changes);
        }
    }

    /// Without its change record the stage removes the same text.
    #[test]
    fn text_only_removes_the_same(input in mixed_text()) {
        for remover in [&*NEWS, &*STRICT] {
            let text_only = remover.remove_with(&input, Record::TextOnly);
            prop_assert_eq!(&text_only.text, &remover.remove(&input).text);
            prop_assert!(text_only.changes.is_empty());
        }
    }
}

/// The same on every text of the repository (seeds, goldens, labelled articles, the
/// multilingual samples).
#[test]
fn the_gate_changes_nothing_on_the_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = 0;
    for dir in ["seeds", "fixtures"] {
        for entry in walkdir::WalkDir::new(root.join(dir)) {
            let Ok(text) = std::fs::read_to_string(entry.unwrap().path()) else {
                continue;
            };
            texts += 1;
            for remover in [&*NEWS, &*STRICT] {
                let gated = remover.remove(&text);
                assert_eq!(gated.text, remover.remove_without_gate(&text).text);
            }
        }
    }
    assert!(texts > 100, "only {texts} texts");
}
