//! Runs the hand-written cases in `fixtures/normalize/*.toml`.
//!
//! Each file holds `[[case]]` tables: `name`, `input`, `expected`, and optionally
//! `only = "<step>"` (run with every other step off), `disable = "<step>"` (defaults with
//! that step off), `config = { ... }` (a `[normalize]` table; unset keys are defaults), and
//! `changes = [{ rule, line, before, after }]` (the exact change list).
//!
//! Besides the output, the harness checks that a case whose input must not change comes
//! back borrowed with no changes, that a changed case records a change named after its
//! file's step (when the file is named after a step and the case runs with `only` or the
//! defaults), and that the output is stable.

use newsclean::config::NormalizeConfig;
use newsclean::normalize::{normalize, Step};
use serde::Deserialize;
use std::borrow::Cow;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    input: String,
    expected: String,
    only: Option<String>,
    disable: Option<String>,
    config: Option<NormalizeConfig>,
    changes: Option<Vec<ExpectedChange>>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct ExpectedChange {
    rule: String,
    line: usize,
    before: String,
    after: String,
}

fn step(name: &str, file: &str, case: &str) -> Step {
    Step::from_name(name).unwrap_or_else(|| panic!("{file}/{case}: unknown step {name:?}"))
}

fn run_file(path: &Path, failures: &mut Vec<String>) -> usize {
    let file_name = path.file_stem().unwrap().to_str().unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let file: File = toml::from_str(&text).unwrap_or_else(|e| panic!("{file_name}: {e}"));
    let file_step = Step::from_name(file_name);
    for case in &file.case {
        let mut config = case.config.clone().unwrap_or_default();
        if let Some(only) = &case.only {
            config = step(only, file_name, &case.name).only();
        }
        if let Some(off) = &case.disable {
            config = step(off, file_name, &case.name).disable(&config);
        }
        let fixed = normalize(&case.input, &config);
        let id = format!("{file_name}/{}", case.name);
        if fixed.text != case.expected {
            failures.push(format!(
                "{id}: got {:?}, expected {:?}",
                fixed.text, case.expected
            ));
            continue;
        }
        if case.input == case.expected {
            if !matches!(fixed.text, Cow::Borrowed(_)) || !fixed.changes.is_empty() {
                failures.push(format!(
                    "{id}: unchanged text not borrowed or has changes {:?}",
                    fixed.changes
                ));
            }
        } else if fixed.changes.is_empty() {
            failures.push(format!("{id}: text changed but no change recorded"));
        } else if let Some(s) = file_step
            .filter(|_| case.only.is_some() || (case.disable.is_none() && case.config.is_none()))
        {
            if !fixed.changes.iter().any(|c| c.rule == s.name()) {
                failures.push(format!(
                    "{id}: no {:?} change in {:?}",
                    s.name(),
                    fixed.changes
                ));
            }
        }
        if let Some(expected) = &case.changes {
            let got: Vec<ExpectedChange> = fixed
                .changes
                .iter()
                .map(|c| ExpectedChange {
                    rule: c.rule.clone(),
                    line: c.line,
                    before: c.before.clone(),
                    after: c.after.clone(),
                })
                .collect();
            if &got != expected {
                failures.push(format!("{id}: changes {got:?}, expected {expected:?}"));
            }
        }
        let again = normalize(&fixed.text, &config);
        if !again.changes.is_empty() {
            failures.push(format!("{id}: not stable, second run {:?}", again.changes));
        }
    }
    file.case.len()
}

#[test]
fn fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/normalize");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let mut total = 0;
    let mut failures = Vec::new();
    for path in &paths {
        total += run_file(path, &mut failures);
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    // Every step has its own fixture file, with a case that switches it off.
    for s in Step::ALL {
        let path = dir.join(format!("{}.toml", s.name()));
        let file: File = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let off = file.case.iter().any(|c| {
            let config = c.config.clone().unwrap_or_default();
            c.only.is_none() && (c.disable.as_deref() == Some(s.name()) || !s.enabled(&config))
        });
        assert!(off, "{}.toml has no case with the step off", s.name());
    }
    assert!(total >= 100, "only {total} cases");
}
