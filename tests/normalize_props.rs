//! Properties of the normalize stage: idempotence on arbitrary text and on text biased to
//! the characters the steps touch, under the defaults and under random configurations;
//! change records that agree with the output; and every single code point.

use newsclean::config::{NormalForm, NormalizeConfig, QuoteStyle};
use newsclean::normalize::{normalize, normalize_with, normalize_without_fast_path, Step};
use newsclean::Record;
use proptest::prelude::*;
use std::borrow::Cow;

/// Pieces the steps care about, alone and in combinations that interact.
const PIECES: &[&str] = &[
    "a",
    "e",
    "Z",
    " ",
    "  ",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\n\n\n",
    "&",
    ";",
    "#",
    "x",
    "amp",
    "&amp;",
    "&amp",
    "&#8217;",
    "&#x2019;",
    "&#59;",
    "&#38;",
    "&#10;",
    "&#13;",
    "&nbsp;",
    "&lt;",
    "&#769;",
    "&#173;",
    "\u{37e}",
    "\u{201c}",
    "\u{201d}",
    "\u{2018}",
    "\u{2019}",
    "\u{ab}",
    "\u{bb}",
    "\u{2032}",
    "\u{a0}",
    "\u{202f}",
    "\u{2009}",
    "\u{3000}",
    "\u{200b}",
    "\u{2060}",
    "\u{feff}",
    "\u{ad}",
    "\u{200c}",
    "\u{200d}",
    "\u{fe0f}",
    "\u{0}",
    "\u{7}",
    "\u{7f}",
    "\u{85}",
    "\u{92}",
    "\u{b}",
    "\u{c}",
    "\u{2028}",
    "\u{2029}",
    "\u{fb01}",
    "\u{fb03}",
    "\u{301}",
    "\u{300}",
    "\u{316}",
    "\u{308}",
    "\u{1100}",
    "\u{1161}",
    "\u{11a8}",
    "\u{212b}",
    "\u{ff21}",
    "\u{ff06}",
    "\u{ff1b}",
    "\u{2026}",
    "\u{b4}",
    "\u{a8}",
    "\u{2014}",
    "\u{300c}",
    "\u{416}",
    "\u{5d0}",
    "\u{5b8}",
    "\u{928}",
    "\u{94d}",
    "\u{1f469}",
    "\u{1b}",
    "[",
    "31m",
    "[0m",
];

fn biased() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(PIECES).prop_map(str::to_owned),
            1 => any::<char>().prop_map(String::from),
        ],
        0..40,
    )
    .prop_map(|v| v.concat())
}

fn any_config() -> impl Strategy<Value = NormalizeConfig> {
    (
        prop::sample::select(vec![NormalForm::Nfc, NormalForm::Nfkc, NormalForm::None]),
        any::<bool>(),
        prop::collection::vec(any::<bool>(), 11),
    )
        .prop_map(|(form, ascii, b)| NormalizeConfig {
            form,
            quotes: if ascii {
                QuoteStyle::Ascii
            } else {
                QuoteStyle::Keep
            },
            html_entities: b[0],
            spaces: b[1],
            invisibles: b[2],
            controls: b[3],
            ligatures: b[4],
            line_breaks: b[5],
            collapse_spaces: b[6],
            trim_lines: b[7],
            collapse_blank_lines: b[8],
            leading_blank_lines: b[9],
            final_newline: b[10],
        })
}

/// One run, checked for stability and for an honest change record.
fn check(text: &str, config: &NormalizeConfig) -> Result<(), TestCaseError> {
    let once = normalize(text, config);
    prop_assert_eq!(
        matches!(once.text, Cow::Owned(_)),
        !once.changes.is_empty(),
        "owned text iff changes, {:?}",
        once.changes
    );
    prop_assert_eq!(once.text != text, !once.changes.is_empty());
    let lines = text.matches('\n').count() + 1;
    for c in &once.changes {
        prop_assert!(
            c.line >= 1 && c.line <= lines,
            "line {} of {}",
            c.line,
            lines
        );
        prop_assert!(c.before != c.after, "{:?}", c);
        prop_assert!(
            Step::from_name(&c.rule).is_some_and(|s| s.enabled(config)),
            "{:?}",
            c
        );
    }
    prop_assert!(once.changes.windows(2).all(|w| w[0].line <= w[1].line));
    let twice = normalize(&once.text, config);
    prop_assert!(
        twice.changes.is_empty(),
        "not idempotent: {:?} -> {:?}, second run {:?}",
        text,
        once.text,
        twice.changes
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The clean-line shortcut never skips a line a step would change.
    #[test]
    fn fast_path_agrees_with_full_processing(text in biased(), config in any_config()) {
        let fast = normalize(&text, &config);
        let full = normalize_without_fast_path(&text, &config);
        prop_assert_eq!(&fast.text, &full.text);
        prop_assert_eq!(&fast.changes, &full.changes);
    }

    /// Without its change record the stage gives the same text, and records nothing.
    #[test]
    fn text_only_runs_agree_with_recorded_runs(text in biased(), config in any_config()) {
        let recorded = normalize(&text, &config);
        let text_only = normalize_with(&text, &config, Record::TextOnly);
        prop_assert_eq!(&text_only.text, &recorded.text);
        prop_assert!(text_only.changes.is_empty());
    }

    #[test]
    fn idempotent_on_arbitrary_text(text in any::<String>()) {
        check(&text, &NormalizeConfig::default())?;
    }

    #[test]
    fn idempotent_on_biased_text(text in biased()) {
        check(&text, &NormalizeConfig::default())?;
    }

    #[test]
    fn idempotent_under_any_config(text in biased(), config in any_config()) {
        check(&text, &config)?;
    }

    #[test]
    fn output_is_tidy_under_defaults(text in biased()) {
        let out = normalize(&text, &NormalizeConfig::default()).text;
        prop_assert!(out.is_empty() || (out.ends_with('\n') && !out.ends_with("\n\n")));
        prop_assert!(!out.starts_with('\n'));
        prop_assert!(!out.contains("\n\n\n"));
        prop_assert!(!out.contains('\r') && !out.contains('\t') && !out.contains("  "));
        for line in out.lines() {
            prop_assert!(!line.starts_with(' ') && !line.ends_with(' '), "{:?}", line);
        }
    }
}

/// Every code point of the planes in use (BMP, SMP, SIP, tags) alone and between a letter
/// and a combining mark: the defaults and NFKC leave stable output and an honest record.
#[test]
fn every_code_point_is_stable() {
    let configs = [
        NormalizeConfig::default(),
        NormalizeConfig {
            form: NormalForm::Nfkc,
            ..NormalizeConfig::default()
        },
    ];
    let mut failures = Vec::new();
    let mut buf = String::new();
    let planes = (0..0x30000u32).chain(0xE0000..0xE1000);
    for c in planes.filter_map(char::from_u32) {
        for config in &configs {
            for (pre, post) in [("", "\n"), ("e", "\u{301}&amp;\n")] {
                buf.clear();
                buf.push_str(pre);
                buf.push(c);
                buf.push_str(post);
                let once = normalize(&buf, config);
                let twice = normalize(&once.text, config);
                if !twice.changes.is_empty() || (once.text != buf) == once.changes.is_empty() {
                    failures.push(format!(
                        "U+{:04X} {:?}: {:?}",
                        c as u32, config.form, twice.changes
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures, first: {:?}",
        failures.len(),
        &failures[..failures.len().min(10)]
    );
}
