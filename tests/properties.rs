//! Property tests: the pipeline never panics and cleaning is idempotent.

use newsclean::{Config, Pipeline, Record};
use proptest::prelude::*;

/// Built once: compiling the boilerplate rules costs far more than cleaning one case.
static PIPELINE: std::sync::LazyLock<Pipeline> =
    std::sync::LazyLock::new(|| Pipeline::new(Config::default()).unwrap());

fn pipeline() -> &'static Pipeline {
    &PIPELINE
}

/// Characters that exercise every stage: mojibake lead characters, quotes, spaces,
/// invisibles, controls, entities, line breaks, combining marks, credit-like text.
fn interesting() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Ã",
        "Â",
        "â€™",
        "â€œ",
        "â€\u{9d}",
        "Ã©",
        "Ã\u{a0}",
        "Ð¿Ñ€",
        "\u{a0}",
        "\u{202f}",
        "\u{3000}",
        "\u{200b}",
        "\u{200d}",
        "\u{ad}",
        "\u{feff}",
        "\u{1}",
        "\u{85}",
        "\u{92}",
        "&amp;",
        "&#8217;",
        "&nbsp;",
        "&amp;amp;",
        "&",
        ";",
        "\r\n",
        "\r",
        "\n",
        "\n\n\n",
        "\u{2028}",
        "\t",
        "  ",
        " ",
        "e\u{301}",
        "ﬁ",
        "“",
        "”",
        "‘",
        "’",
        "«",
        "»",
        "—",
        "…",
        "(MENAFN) ",
        "(AP Photo/Jane Doe)",
        "JOHN DOE/AFP/Getty",
        "Getty Images",
        "Photo: Reuters",
        "word",
        "Word.",
        "привет",
        "日本語",
        "👩\u{200d}💻",
        "?",
        "\u{fffd}",
        "é",
        "©",
        "°",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn idempotent_on_arbitrary_unicode(text in any::<String>()) {
        let p = pipeline();
        let once = p.clean_str(&text).text.into_owned();
        let twice = p.clean_str(&once).text.into_owned();
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn idempotent_on_damaged_news_pieces(text in interesting()) {
        let p = pipeline();
        let once = p.clean_str(&text).text.into_owned();
        let twice = p.clean_str(&once);
        prop_assert!(twice.changes.is_empty(), "second pass changed {:?}: {:?}", once, twice.changes);
        prop_assert_eq!(&once, &twice.text);
    }

    /// Skipping the change record never changes the text.
    #[test]
    fn text_only_runs_give_the_same_text(text in interesting()) {
        let p = pipeline();
        let recorded = p.clean_str(&text);
        let text_only = p.clean_str_with(&text, Record::TextOnly);
        prop_assert_eq!(&recorded.text, &text_only.text);
        let bytes = p.clean_bytes_with(text.as_bytes(), Record::TextOnly).map(|c| c.text);
        prop_assert_eq!(Some(recorded.text), bytes.ok());
    }

    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let p = pipeline();
        if let Ok(cleaned) = p.clean_bytes(&bytes) {
            let again = p.clean_str(&cleaned.text).text.into_owned();
            prop_assert_eq!(cleaned.text.into_owned(), again);
        }
    }
}

/// The mojibake stage, which records the most, gives the same text without its record on
/// every ftfy case and the seeds.
#[test]
fn text_only_runs_match_on_ftfy_cases_and_seeds() {
    let p = pipeline();
    let cases: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/ftfy/test_cases.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let mut texts: Vec<String> = cases
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["original"].as_str().unwrap().to_string())
        .collect();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        texts.push(String::from_utf8_lossy(&bytes).into_owned());
    }
    let mut damaged = 0;
    for text in &texts {
        let recorded = p.clean_str(text);
        damaged += usize::from(
            recorded
                .changes
                .iter()
                .any(|c| c.stage == newsclean::Stage::Mojibake),
        );
        assert_eq!(
            recorded.text,
            p.clean_str_with(text, Record::TextOnly).text,
            "{text:?}"
        );
    }
    assert!(damaged > 100, "only {damaged} texts had mojibake repaired");
}

/// Found by the property test above: five credits and tags glued on one line are stripped
/// one per pass, which used up a 4-pass bound and left a leading blank line behind.
#[test]
fn stacked_credits_settle_in_one_run() {
    let p = pipeline();
    let once = p
        .clean_str("(AP Photo/Jane Doe)(MENAFN) (MENAFN) Photo: Reuters(AP Photo/Jane Doe)\n\n\nÃ")
        .text
        .into_owned();
    assert!(!once.starts_with('\n'), "{once:?}");
    assert!(p.clean_str(&once).changes.is_empty());
}

/// Found by `text_only_runs_give_the_same_text`: decoding took a byte-order mark off the
/// bytes before mojibake repair, while the same text given as a string kept it there, and
/// repair reads `ﬁâ€™` differently after it (as ftfy does). A mark at the start of text
/// is now taken off first on both paths.
#[test]
fn a_leading_byte_order_mark_cleans_alike_as_text_and_as_bytes() {
    let p = pipeline();
    for text in [
        "\u{feff}ﬁâ€™",
        "\u{feff}\u{feff}Itâ€™s done.",
        "\u{feff}Plain text.",
    ] {
        let from_text = p.clean_str(text);
        let from_bytes = p.clean_bytes(text.as_bytes()).unwrap();
        assert_eq!(from_text.text, from_bytes.text, "{text:?}");
        assert!(!from_text.text.contains('\u{feff}'));
        let boms = |c: &[newsclean::Change]| c.iter().filter(|c| c.rule == "strip-bom").count();
        assert_eq!(
            boms(&from_text.changes),
            text.matches('\u{feff}').count().min(1)
        );
    }
}
