//! ftfy 6.3.1's own test cases (fixtures/ftfy/test_cases.json) through the mojibake stage.
//!
//! Each case runs twice, as in ftfy's harness: as given, and with one extra layer of
//! damage (`original.encode("utf-8").decode("latin-1")`). The expected text is the case's
//! `fixed-encoding` when present, else `fixed` (both written by ftfy's authors). Every
//! miss must be listed with its reason in fixtures/ftfy/known-misses.json, and the number
//! of cases passing in both modes must reach the bar.

use newsclean::mojibake::repair_mojibake;
use serde::Deserialize;
use std::collections::BTreeSet;

/// ftfy itself passes 151 of the 161 cases; newsclean must not fall below what it reaches.
const BAR: usize = 154;

#[derive(Deserialize)]
struct Case {
    label: String,
    original: String,
    fixed: String,
    #[serde(rename = "fixed-encoding")]
    fixed_encoding: Option<String>,
}

#[derive(Deserialize)]
struct KnownMiss {
    index: usize,
    label: String,
    mode: String,
    reason: String,
}

fn load<T: for<'de> Deserialize<'de>>(path: &str) -> T {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// One more layer of mojibake: the UTF-8 bytes read as Latin-1.
fn extra_layer(text: &str) -> String {
    text.bytes().map(char::from).collect()
}

#[test]
fn ftfy_cases_pass_except_known_misses() {
    let cases: Vec<Case> = load("fixtures/ftfy/test_cases.json");
    assert_eq!(cases.len(), 161, "the vendored file has 161 cases");
    let known: Vec<KnownMiss> = load("fixtures/ftfy/known-misses.json");
    let mut known_set = BTreeSet::new();
    for k in &known {
        assert_eq!(
            cases[k.index].label, k.label,
            "known miss {} label",
            k.index
        );
        assert!(
            k.mode == "original" || k.mode == "extra-layer",
            "{}",
            k.mode
        );
        assert!(
            !k.reason.trim().is_empty(),
            "known miss {} needs a reason",
            k.index
        );
        known_set.insert((k.index, k.mode.clone()));
    }

    let mut passing = 0;
    let mut unexpected = Vec::new();
    let mut missed = BTreeSet::new();
    for (index, case) in cases.iter().enumerate() {
        let want = case.fixed_encoding.as_deref().unwrap_or(&case.fixed);
        let mut ok = true;
        for (mode, input) in [
            ("original", case.original.clone()),
            ("extra-layer", extra_layer(&case.original)),
        ] {
            let got = repair_mojibake(&input).text.into_owned();
            if got != want {
                ok = false;
                missed.insert((index, mode.to_string()));
                if !known_set.contains(&(index, mode.to_string())) {
                    unexpected.push(format!(
                        "#{index} {} [{mode}]\n  input: {input:?}\n  got:   {got:?}\n  want:  {want:?}",
                        case.label
                    ));
                }
            }
        }
        passing += usize::from(ok);
    }
    let fixed_now: Vec<_> = known_set.difference(&missed).collect();
    println!(
        "ftfy cases passing in both modes: {passing} of {}",
        cases.len()
    );
    assert!(
        unexpected.is_empty(),
        "{} unexpected misses:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        fixed_now.is_empty(),
        "listed as known misses but now pass (remove them): {fixed_now:?}"
    );
    assert!(passing >= BAR, "{passing} cases pass, bar is {BAR}");
}

#[test]
fn repairs_are_idempotent_on_ftfy_cases() {
    let cases: Vec<Case> = load("fixtures/ftfy/test_cases.json");
    for case in &cases {
        for input in [case.original.clone(), extra_layer(&case.original)] {
            let once = repair_mojibake(&input).text.into_owned();
            let twice = repair_mojibake(&once).text.into_owned();
            assert_eq!(once, twice, "{}", case.label);
        }
    }
}
