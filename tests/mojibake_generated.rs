//! Generated mojibake: clean multilingual news sentences (fixtures/mojibake/clean/*.txt),
//! damaged by 1-3 layers of "encode UTF-8, decode as X", with and without a lost A0 byte,
//! must come back exactly; and the clean text itself (over 1 MB of recombined sentences)
//! must come back untouched, borrowed, with no change recorded.
//!
//! The damage is done with encoding_rs's tables, independent of the stage's own.

use newsclean::mojibake::repair_mojibake;
use std::borrow::Cow;

/// A codec that reads UTF-8 bytes wrongly.
#[derive(Clone, Copy, Debug)]
enum Codec {
    Latin1,
    Windows1252,
    Windows1251,
    Windows1250,
    MacRoman,
}

impl Codec {
    /// Bytes to text, one char per byte; bytes the codec leaves undefined pass through as
    /// the Latin-1 char (the "sloppy" reading ftfy models).
    fn decode(self, bytes: &[u8]) -> String {
        let enc = match self {
            Codec::Latin1 => return bytes.iter().map(|&b| char::from(b)).collect(),
            Codec::Windows1252 => encoding_rs::WINDOWS_1252,
            Codec::Windows1251 => encoding_rs::WINDOWS_1251,
            Codec::Windows1250 => encoding_rs::WINDOWS_1250,
            Codec::MacRoman => encoding_rs::MACINTOSH,
        };
        bytes
            .iter()
            .map(|&b| {
                let byte = [b];
                let (s, had_errors) = enc.decode_without_bom_handling(&byte);
                if had_errors {
                    char::from(b)
                } else {
                    s.chars().next().expect("one char")
                }
            })
            .collect()
    }
}

/// One way of damaging text: the layers, and whether NBSPs then became spaces.
struct Recipe {
    name: &'static str,
    layers: &'static [Codec],
    lose_a0: bool,
}

const RECIPES: &[Recipe] = &[
    Recipe {
        name: "cp1252",
        layers: &[Codec::Windows1252],
        lose_a0: false,
    },
    Recipe {
        name: "latin-1",
        layers: &[Codec::Latin1],
        lose_a0: false,
    },
    Recipe {
        name: "macroman",
        layers: &[Codec::MacRoman],
        lose_a0: false,
    },
    Recipe {
        name: "cp1251",
        layers: &[Codec::Windows1251],
        lose_a0: false,
    },
    Recipe {
        name: "cp1250",
        layers: &[Codec::Windows1250],
        lose_a0: false,
    },
    Recipe {
        name: "cp1252 x2",
        layers: &[Codec::Windows1252, Codec::Windows1252],
        lose_a0: false,
    },
    Recipe {
        name: "cp1252 + latin-1",
        layers: &[Codec::Windows1252, Codec::Latin1],
        lose_a0: false,
    },
    Recipe {
        name: "latin-1 + cp1252",
        layers: &[Codec::Latin1, Codec::Windows1252],
        lose_a0: false,
    },
    Recipe {
        name: "cp1252 x3",
        layers: &[Codec::Windows1252, Codec::Windows1252, Codec::Windows1252],
        lose_a0: false,
    },
    Recipe {
        name: "cp1251 + cp1252",
        layers: &[Codec::Windows1251, Codec::Windows1252],
        lose_a0: false,
    },
    Recipe {
        name: "cp1252, lost A0",
        layers: &[Codec::Windows1252],
        lose_a0: true,
    },
    Recipe {
        name: "latin-1, lost A0",
        layers: &[Codec::Latin1],
        lose_a0: true,
    },
];

fn damage(text: &str, recipe: &Recipe) -> Option<String> {
    let mut out = text.to_string();
    for codec in recipe.layers {
        out = codec.decode(out.as_bytes());
    }
    if recipe.lose_a0 {
        if !out.contains('\u{a0}') {
            return None;
        }
        out = out.replace('\u{a0}', " ");
    }
    (out != text).then_some(out)
}

fn clean_sentences() -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir("fixtures/mojibake/clean")
        .expect("clean samples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "at least 20 languages/scripts");
    let mut out = Vec::new();
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("utf-8 sample");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            out.push((name.clone(), line.to_string()));
        }
    }
    out
}

#[test]
fn damaged_sentences_are_restored() {
    let sentences = clean_sentences();
    let mut total = 0;
    let mut restored = 0;
    let mut misses = Vec::new();
    for recipe in RECIPES {
        let (mut n, mut ok) = (0, 0);
        for (lang, sentence) in &sentences {
            let Some(bad) = damage(sentence, recipe) else {
                continue;
            };
            n += 1;
            let got = repair_mojibake(&bad).text.into_owned();
            if got == *sentence {
                ok += 1;
            } else {
                misses.push(format!("[{}] {lang}: {bad:?}\n   got {got:?}", recipe.name));
            }
        }
        println!("{:<18} {ok:>4} / {n:<4}", recipe.name);
        total += n;
        restored += ok;
    }
    let rate = restored as f64 / total as f64;
    println!("restored {restored} of {total} ({:.2}%)", rate * 100.0);
    for m in &misses {
        println!("{m}");
    }
    assert!(total > 1000, "enough damaged samples: {total}");
    assert!(rate >= 0.97, "restored {:.2}% < 97%", rate * 100.0);
}

/// A deterministic mix of the sentences, about `bytes` long: lines of 1-3 sentences drawn
/// from any language, so scripts meet on one line too.
fn recombined(sentences: &[(String, String)], bytes: usize) -> String {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut out = String::with_capacity(bytes + 1024);
    while out.len() < bytes {
        let k = 1 + next(3);
        for i in 0..k {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(&sentences[next(sentences.len())].1);
        }
        out.push('\n');
    }
    out
}

#[test]
fn clean_text_is_never_changed() {
    let sentences = clean_sentences();
    for (lang, sentence) in &sentences {
        let fixed = repair_mojibake(sentence);
        assert!(
            fixed.changes.is_empty(),
            "{lang}: {sentence:?} -> {:?}",
            fixed.text
        );
    }
    let corpus = recombined(&sentences, 1 << 20);
    assert!(corpus.len() >= 1 << 20);
    let fixed = repair_mojibake(&corpus);
    let first = fixed
        .changes
        .first()
        .map(|c| (c.line, c.before.clone(), c.after.clone()));
    assert!(fixed.changes.is_empty(), "false positive: {first:?}");
    assert!(matches!(fixed.text, Cow::Borrowed(_)));
}

#[test]
fn repair_is_idempotent_on_damaged_text() {
    let sentences = clean_sentences();
    for recipe in RECIPES {
        for (_, sentence) in sentences.iter().step_by(3) {
            if let Some(bad) = damage(sentence, recipe) {
                let once = repair_mojibake(&bad).text.into_owned();
                let twice = repair_mojibake(&once).text.into_owned();
                assert_eq!(once, twice, "[{}] {bad:?}", recipe.name);
            }
        }
    }
}
