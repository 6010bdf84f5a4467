//! Properties of the mojibake stage on arbitrary text built from the characters mojibake
//! is made of: it never panics, never adds or removes a line break, borrows when it
//! changes nothing, and repairing twice equals repairing once.

use newsclean::mojibake::repair_mojibake;
use proptest::prelude::*;
use std::borrow::Cow;

/// Characters that occur in mojibake and around it: ASCII, Latin-1, Windows-1252's
/// punctuation, C1 controls, Cyrillic, Greek, box drawing, CJK, U+FFFD, line breaks.
fn mojibake_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range(' ', '~'),
        1 => Just('\n'),
        1 => Just('\r'),
        3 => prop::char::range('\u{80}', '\u{ff}'),
        2 => prop::sample::select("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ√≈∂∆πΩ".chars().collect::<Vec<_>>()),
        1 => prop::char::range('\u{391}', '\u{3c9}'),
        1 => prop::char::range('\u{400}', '\u{45f}'),
        1 => prop::char::range('\u{2500}', '\u{259f}'),
        1 => prop::char::range('\u{4e00}', '\u{4e40}'),
        1 => Just('\u{fffd}'),
    ]
}

/// Text as UTF-8 read as Windows-1252 or Latin-1 (so it is often real mojibake).
fn damaged(text: &str, latin1: bool) -> String {
    let table = &newsclean::mojibake::tables::SLOPPY_WINDOWS_1252.decode;
    text.bytes()
        .map(|b| {
            if latin1 {
                char::from(b)
            } else {
                table[b as usize]
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(chars in prop::collection::vec(mojibake_char(), 0..40)) {
        let text: String = chars.into_iter().collect();
        check(&text)?;
    }

    #[test]
    fn damaged_text(chars in prop::collection::vec(mojibake_char(), 0..30), latin1 in any::<bool>()) {
        let text: String = chars.into_iter().collect();
        check(&damaged(&text, latin1))?;
    }
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let once = repair_mojibake(text);
    prop_assert_eq!(once.text.matches('\n').count(), text.matches('\n').count());
    prop_assert_eq!(once.text.matches('\r').count(), text.matches('\r').count());
    prop_assert_eq!(
        once.changes.is_empty(),
        matches!(once.text, Cow::Borrowed(_))
    );
    let twice = repair_mojibake(&once.text);
    prop_assert_eq!(
        twice.text.as_ref(),
        once.text.as_ref(),
        "not idempotent on {:?}",
        text
    );
    Ok(())
}
