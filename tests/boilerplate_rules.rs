//! The catalogue's own examples: every rule's `drop`, `strip` and `keep` lines, run
//! against the rule alone and against its whole preset.

use newsclean::boilerplate::{builtin_rules, BoilerplateRemover, Preset, RuleKind, RuleSpec};
use newsclean::config::BoilerplateConfig;

/// The rule alone (with the rule it acts [`RuleSpec::after`], if any).
fn only(spec: &RuleSpec) -> BoilerplateRemover {
    let config = BoilerplateConfig {
        preset: Preset::None,
        enable: [Some(spec.name.clone()), spec.after.clone()]
            .into_iter()
            .flatten()
            .collect(),
        ..Default::default()
    };
    BoilerplateRemover::new(&config).unwrap()
}

/// The line a rule that acts [`RuleSpec::after`] another needs above its examples: that
/// rule's first drop example, with its newline; `""` for the other rules.
fn label_for(spec: &RuleSpec) -> String {
    let Some(after) = &spec.after else {
        return String::new();
    };
    let rules = builtin_rules();
    let (_, label) = rules.iter().find(|(_, r)| &r.name == after).unwrap();
    format!("{}\n", label.drop[0])
}

fn preset(p: Preset) -> BoilerplateRemover {
    BoilerplateRemover::new(&BoilerplateConfig {
        preset: p,
        ..Default::default()
    })
    .unwrap()
}

const BEFORE: &str = "The talks resumed in Geneva on Monday after a pause of two weeks.";
const AFTER: &str = "Officials said a further round of talks would follow in December.";

#[test]
fn every_rule_has_examples_and_a_why() {
    for (_, spec) in builtin_rules() {
        let removing = spec.drop.len() + spec.strip.len();
        assert!(removing >= 1, "{}: no drop/strip example", spec.name);
        assert!(!spec.keep.is_empty(), "{}: no keep example", spec.name);
        assert!(!spec.why.is_empty(), "{}: no why", spec.name);
        let strip_kind = matches!(spec.kind, RuleKind::StripPrefix | RuleKind::StripSuffix);
        assert_eq!(
            strip_kind,
            spec.drop.is_empty(),
            "{}: examples fit the kind",
            spec.name
        );
    }
}

#[test]
fn rule_names_are_unique() {
    let rules = builtin_rules();
    for (i, (_, a)) in rules.iter().enumerate() {
        assert!(
            rules[i + 1..].iter().all(|(_, b)| b.name != a.name),
            "duplicate {}",
            a.name
        );
    }
}

#[test]
fn literals_cover_every_removing_example() {
    for (_, spec) in builtin_rules() {
        if spec.literals.is_empty() {
            continue;
        }
        let examples = spec.drop.iter().chain(spec.strip.iter().map(|p| &p[0]));
        // The selector folds letter case beyond ASCII too (Turkish `İ` and `ı` to `i`).
        let fold = |s: &str| s.replace(['İ', 'ı'], "i").to_lowercase();
        for line in examples {
            let lower = fold(line);
            assert!(
                spec.literals.iter().any(|l| lower.contains(&fold(l))),
                "{}: no literal in {line:?}",
                spec.name
            );
        }
    }
}

macro_rules! check {
    ($fails:ident, $cond:expr, $($msg:tt)*) => {
        if !$cond {
            $fails.push(format!($($msg)*));
        }
    };
}

#[test]
fn each_rule_alone_handles_its_examples() {
    let mut fails = Vec::new();
    for (_, spec) in builtin_rules() {
        let remover = only(&spec);
        // A rule that keeps the text's first line (its title) sees its example after one.
        let title = if spec.keep_title { "A title\n" } else { "" };
        // A rule that acts after another sees its examples under that rule's line, and
        // must leave them alone without it.
        let label = label_for(&spec);
        for line in &spec.drop {
            let text = format!("{title}{label}{line}\n");
            let fixed = remover.remove(&text);
            check!(
                fails,
                fixed.text == title,
                "{} should drop {line:?}",
                spec.name
            );
            if let Some(c) = fixed.changes.last() {
                assert_eq!(c.rule, spec.name);
                assert_eq!(c.before, *line);
                assert_eq!(c.after, "");
            }
            if !label.is_empty() {
                let alone = format!("{line}\n");
                check!(
                    fails,
                    remover.remove(&alone).changes.is_empty(),
                    "{} should keep {line:?} without {label:?} above it",
                    spec.name
                );
            }
        }
        for [input, output] in &spec.strip {
            let text = format!("{input}\n");
            let fixed = remover.remove(&text);
            check!(
                fails,
                fixed.text == format!("{output}\n"),
                "{}: {input:?} -> {:?}",
                spec.name,
                fixed.text
            );
            if let [c] = fixed.changes.as_slice() {
                assert_eq!(c.rule, spec.name);
                assert_eq!(c.line, 1);
            }
        }
        for line in &spec.keep {
            let text = format!("{label}{line}\n");
            let fixed = remover.remove(&text);
            check!(
                fails,
                fixed.text == format!("{line}\n")
                    && fixed.changes.iter().all(|c| c.rule != spec.name),
                "{} should keep {line:?}",
                spec.name
            );
        }
    }
    assert!(fails.is_empty(), "{}", fails.join("\n"));
}

#[test]
fn news_preset_handles_examples_inside_an_article() {
    let mut fails = Vec::new();
    let news = preset(Preset::News);
    for (origin, spec) in builtin_rules() {
        if origin != Preset::News {
            continue;
        }
        let label = label_for(&spec);
        for line in &spec.keep {
            let text = format!("{BEFORE}\n{label}{line}\n{AFTER}\n");
            let fixed = news.remove(&text);
            check!(
                fails,
                fixed.text == format!("{BEFORE}\n{line}\n{AFTER}\n"),
                "news should keep {line:?} ({}): {:?}",
                spec.name,
                fixed.changes
            );
        }
        if spec.kind == RuleKind::DropFromHere {
            continue; // a footer heading mid-article is tested in boilerplate.rs
        }
        // Surround the example with article lines, where the rule's position allows (a
        // rule that keeps lines between paragraphs gets one after it only, and a title
        // before it when it keeps the first line too).
        let (before, after) = match (spec.first_lines, spec.last_lines) {
            // Not the first line either, when that is kept as the title.
            _ if spec.keep_between_paragraphs && spec.keep_title => ("A title", AFTER),
            _ if spec.keep_between_paragraphs => ("", AFTER),
            (Some(_), _) => ("", AFTER),
            (_, Some(_)) => (BEFORE, ""),
            _ => (BEFORE, AFTER),
        };
        let around = |line: &str| {
            [before, line, after]
                .iter()
                .filter(|l| !l.is_empty())
                .map(|l| format!("{l}\n"))
                .collect::<String>()
        };
        for line in &spec.drop {
            let text = around(&format!("{label}{line}"));
            let fixed = news.remove(&text);
            check!(
                fails,
                fixed.text == around("")
                    && fixed.changes.len() == 1 + usize::from(!label.is_empty()),
                "news should drop {line:?} ({}): {:?}",
                spec.name,
                fixed.changes
            );
        }
        for [input, output] in &spec.strip {
            let text = around(input);
            let fixed = news.remove(&text);
            check!(
                fails,
                fixed.text.contains(&format!("{output}\n")) && !fixed.text.contains(input.as_str()),
                "{}: {input:?} -> {:?}",
                spec.name,
                fixed.text
            );
        }
    }
    assert!(fails.is_empty(), "{}", fails.join("\n"));
}
