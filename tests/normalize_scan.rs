//! The clean-stretch scan (`src/normalize/scan.rs`) against the full per-line path:
//! `normalize` and `normalize_without_fast_path` must give the same text and the same
//! change records on inputs built to hit the scan's edges: every code point inside
//! long clean lines (so the 16-byte blocks, not the byte-by-byte tail, see it), dirty
//! pieces at every offset of a clean text, and long mostly clean random texts.

use newsclean::config::{NormalForm, NormalizeConfig, QuoteStyle};
use newsclean::normalize::{normalize, normalize_without_fast_path, Step};
use proptest::prelude::*;
use std::borrow::Cow;

fn configs() -> Vec<NormalizeConfig> {
    let default = NormalizeConfig::default();
    let mut configs = vec![
        default.clone(),
        NormalizeConfig {
            form: NormalForm::Nfkc,
            ..default.clone()
        },
        NormalizeConfig {
            form: NormalForm::None,
            quotes: QuoteStyle::Keep,
            html_entities: false,
            ..default.clone()
        },
    ];
    configs.extend(Step::ALL.iter().map(|s| s.only()));
    configs
}

fn same(text: &str, config: &NormalizeConfig) -> Result<(), String> {
    let fast = normalize(text, config);
    let full = normalize_without_fast_path(text, config);
    if fast.text != full.text || fast.changes != full.changes {
        return Err(format!(
            "{text:?} under {config:?}: fast {:?} {:?}, full {:?} {:?}",
            fast.text, fast.changes, full.text, full.changes
        ));
    }
    Ok(())
}

#[test]
fn every_code_point_in_a_long_line() {
    let configs = configs();
    let mut failures = Vec::new();
    let mut text = String::new();
    let planes = (0..0x30000u32).chain(0xE0000..0xE1000);
    for c in planes.filter_map(char::from_u32) {
        for (i, config) in configs.iter().enumerate() {
            // The step-only configurations see each character once, the main ones in
            // several places: alone, doubled, after a letter, at a block's edge.
            let templates: &[(&str, &str)] = if i < 3 {
                &[
                    ("A clean line of words and ", " more words after it.\n"),
                    ("A clean line of words and e", "\u{301} more words.\n"),
                    ("Fifteen bytes!", " then more words here.\n\nNext.\n"),
                ]
            } else {
                &[("A clean line of words and ", " more words after it.\n")]
            };
            for (pre, post) in templates {
                text.clear();
                text.push_str(pre);
                text.push(c);
                text.push(c);
                text.push_str(post);
                if let Err(e) = same(&text, config) {
                    failures.push(e);
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures, first: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
}

/// Clean text mixing ASCII, dashes, Cyrillic, CJK, Hangul and an emoji, with a blank line.
const CLEAN: &str = "The minister \u{2014} said on Tuesday.\nМосква заявила, что\n\n\
                     東京証券取引所は、上昇した。 서울 증시 👩\u{200d}💻 end.\nLast line here.\n";

/// Pieces that some step changes, or that change how the lines around them are handled.
const DIRTY: &[&str] = &[
    " ",
    "  ",
    "\t",
    "\r",
    "\r\n",
    "\n",
    "\n\n",
    "\n ",
    " \n",
    "&",
    "&amp;",
    "\u{7}",
    "\u{7f}",
    "\u{1b}[31m",
    "\u{85}",
    "\u{92}",
    "\u{a0}",
    "\u{ad}",
    "\u{2019}",
    "\u{201c}",
    "\u{2028}",
    "\u{200b}",
    "\u{2009}",
    "\u{3000}",
    "\u{feff}",
    "\u{fb01}",
    "\u{301}",
    "\u{316}\u{301}",
    "\u{301}\u{316}",
    "\u{1161}",
    "\u{212b}",
    "\u{ff21}",
    "\u{b2}",
    "\u{94d}",
    "\u{1d15e}",
];

#[test]
fn dirty_piece_at_every_offset_of_a_clean_text() {
    let configs = configs();
    for config in &configs {
        let clean = normalize(CLEAN, config);
        if config == &NormalizeConfig::default() {
            assert!(
                matches!(clean.text, Cow::Borrowed(_)),
                "{:?}",
                clean.changes
            );
        }
    }
    let mut failures = Vec::new();
    let boundaries: Vec<usize> = (0..=CLEAN.len())
        .filter(|&i| CLEAN.is_char_boundary(i))
        .collect();
    for &at in &boundaries {
        for piece in DIRTY {
            let text = format!("{}{piece}{}", &CLEAN[..at], &CLEAN[at..]);
            for config in &configs {
                if let Err(e) = same(&text, config) {
                    failures.push(e);
                }
                // And the text cut short here, without its final newline.
                if let Err(e) = same(&text[..at + piece.len()], config) {
                    failures.push(e);
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures, first: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
}

/// Mostly clean pieces, so that the scan skips long stretches between the dirty ones.
const MOSTLY_CLEAN: &[&str] = &[
    "word ",
    "words",
    "The quick brown fox. ",
    "\u{2014}",
    "\u{e9}t\u{e9} ",
    "\u{41c}\u{43e}\u{441} ",
    "\u{6771}\u{4eac}\u{3002}",
    "\u{c11c}\u{c6b8}",
    "\u{928}\u{92e}\u{938}\u{94d}\u{924}\u{947}",
    "\u{1f469}",
    "\n",
    "\n\n",
    ".\n",
];

fn mostly_clean() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            30 => prop::sample::select(MOSTLY_CLEAN).prop_map(str::to_owned),
            1 => prop::sample::select(DIRTY).prop_map(str::to_owned),
            1 => any::<char>().prop_map(String::from),
        ],
        0..300,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn long_mostly_clean_text(text in mostly_clean(), which in 0usize..17) {
        let configs = configs();
        let config = &configs[which % configs.len()];
        prop_assert_eq!(same(&text, config), Ok(()));
    }
}
