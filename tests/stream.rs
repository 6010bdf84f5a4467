//! Streaming a large file in sections gives what cleaning it whole gives: the same bytes,
//! the same `changed`, the same changes, the same errors. Sections are made small here so
//! that every fixture is cut many times.

use newsclean::boilerplate::eval;
use newsclean::boilerplate::Preset;
use newsclean::stream::{clean_stream, sniff, StreamOptions, StreamSummary, Streamed, Whole};
use newsclean::{Change, Config, Pipeline};
use proptest::prelude::*;
use std::io::Cursor;
use std::path::Path;
use std::sync::OnceLock;

/// Article-sized texts: seeds, goldens, clean mojibake fixtures, labelled boilerplate
/// articles (as input, labels taken off), non-Latin news.
fn articles() -> &'static [String] {
    static ARTICLES: OnceLock<Vec<String>> = OnceLock::new();
    ARTICLES.get_or_init(|| {
        // The `.txt` files of a repository directory, sorted.
        let txt_files = |dir: &str| {
            let root = Path::new(env!("CARGO_MANIFEST_DIR"));
            let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect();
            paths.sort();
            paths
        };
        let mut texts = Vec::new();
        for dir in [
            "seeds",
            "fixtures/golden",
            "fixtures/mojibake/clean",
            "fixtures/bench",
        ] {
            for p in txt_files(dir) {
                texts.push(String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned());
            }
        }
        for p in txt_files("fixtures/boilerplate") {
            let source = std::fs::read_to_string(&p).unwrap();
            texts.push(eval::parse(&p.display().to_string(), &source).unwrap().text);
        }
        assert!(texts.len() > 100, "fixtures missing: {}", texts.len());
        texts
    })
}

fn pipeline(preset: Preset) -> &'static Pipeline {
    static NEWS: OnceLock<Pipeline> = OnceLock::new();
    static STRICT: OnceLock<Pipeline> = OnceLock::new();
    let make = move || {
        let mut config = Config::default();
        config.boilerplate.preset = preset;
        Pipeline::new(config).unwrap()
    };
    match preset {
        Preset::Strict => STRICT.get_or_init(make),
        _ => NEWS.get_or_init(make),
    }
}

/// Stream `bytes` with sections of `section_bytes`.
fn streamed(pipeline: &Pipeline, bytes: &[u8], section_bytes: usize) -> (Vec<u8>, Streamed) {
    let sniffed = sniff(&mut Cursor::new(bytes), pipeline.config()).unwrap();
    // The manifest's hash, from the same pass.
    assert_eq!(
        sniffed.hash,
        newsclean::manifest::Manifest::hash_bytes(bytes)
    );
    let options = StreamOptions {
        section_bytes,
        keep_changes: true,
    };
    let mut out = Vec::new();
    let result = clean_stream(pipeline, &sniffed, Cursor::new(bytes), &mut out, &options)
        .expect("stream failed where the whole path did not");
    (out, result)
}

/// A change without its line: the line of a change in a later pass counts the lines of
/// that pass's text, which differ between a section and the whole text.
fn key(c: &Change) -> (String, String, String, String) {
    (
        c.stage.name().to_string(),
        c.rule.clone(),
        c.before.clone(),
        c.after.clone(),
    )
}

/// Stream `bytes` and check it against cleaning them whole; returns the number of sections.
fn assert_same_as_whole(pipeline: &Pipeline, bytes: &[u8], section_bytes: usize) -> usize {
    let whole = pipeline.clean_bytes(bytes).unwrap();
    let (out, result) = streamed(pipeline, bytes, section_bytes);
    let summary: StreamSummary = match result {
        Streamed::Done(s) => s,
        Streamed::Whole(why) => {
            assert_eq!(why, Whole::DocumentDropped, "went back to the whole path");
            assert!(whole.text.is_empty());
            return 0;
        }
    };
    assert!(
        out == whole.text.as_bytes(),
        "stream (sections of {section_bytes} bytes) and whole differ\n--- whole\n{}\n--- stream\n{}",
        whole.text,
        String::from_utf8_lossy(&out)
    );
    assert_eq!(summary.changed, whole.text.as_bytes() != bytes);
    assert_eq!(summary.encoding, whole.encoding);
    assert_eq!(summary.change_count, whole.changes.len());
    let mut a: Vec<_> = whole.changes.iter().map(key).collect();
    let mut b: Vec<_> = summary.changes.iter().map(key).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b, "changes differ");
    // First-pass changes keep the input's line numbers: every change the whole path
    // numbers in the input text is at the same line in the stream.
    let first_pass = |cs: &[Change]| {
        let mut v: Vec<_> = cs
            .iter()
            .filter(|c| c.stage == newsclean::Stage::Decode)
            .map(|c| (c.line, key(c)))
            .collect();
        v.sort();
        v
    };
    assert_eq!(first_pass(&whole.changes), first_pass(&summary.changes));
    summary.sections
}

#[test]
fn every_fixture_alone_streams_to_what_it_cleans_to_whole() {
    let pipeline = pipeline(Preset::News);
    let mut cut = 0;
    for text in articles() {
        for section_bytes in [1, 100, 400] {
            if assert_same_as_whole(pipeline, text.as_bytes(), section_bytes) > 1 {
                cut += 1;
            }
        }
    }
    // Not vacuous: texts are cut in many of the runs (short ones have too few lines to cut).
    assert!(cut > articles().len() / 2, "only {cut} runs cut a text");
}

#[test]
fn all_fixtures_in_one_file_are_cut_into_many_sections() {
    let text: String = articles().concat();
    for preset in [Preset::News, Preset::Strict] {
        let sections = assert_same_as_whole(pipeline(preset), text.as_bytes(), 512);
        assert!(sections > 100, "{sections} sections");
    }
}

#[test]
fn line_numbers_of_first_pass_changes_are_the_input_lines() {
    let pipeline = pipeline(Preset::News);
    let filler = "The council met on Tuesday and voted to rebuild the old bridge over the river.\n";
    let text = format!("{}Itâ€™s open.\n{}", filler.repeat(40), filler.repeat(40));
    let (out, result) = streamed(pipeline, text.as_bytes(), 500);
    let Streamed::Done(summary) = result else {
        panic!("not streamed")
    };
    assert!(summary.sections > 2);
    assert_eq!(out, pipeline.clean_str(&text).text.as_bytes());
    let mojibake: Vec<_> = summary
        .changes
        .iter()
        .filter(|c| c.stage == newsclean::Stage::Mojibake)
        .collect();
    assert!(!mojibake.is_empty());
    assert!(mojibake.iter().all(|c| c.line == 41), "{mojibake:?}");
}

#[test]
fn head_and_tail_rules_stay_at_the_document_edges() {
    let pipeline = pipeline(Preset::News);
    let filler = "The council met on Tuesday and voted to rebuild the old bridge over the river.\n";
    // A dateline (a `first_lines = 3` rule), an author bio (`last_lines = 3`), a menu (a
    // head run) and tags (a tail run).
    let dateline = "KYIV, Ukraine — Russian missiles struck an apartment building.\n";
    let bio = "Jane Doe is a staff writer at The Guardian covering climate.\n";
    let (menu, tags) = ("Home\nNews\nWorld\n", "Ukraine\nRussia\nDonald Trump\n");
    let texts = [
        // At the edges, within reach of the rules even after one line that could be cut at.
        format!("{filler}{dateline}{}", filler.repeat(30)),
        format!("{}{bio}{filler}{filler}", filler.repeat(30)),
        format!("{menu}{}{tags}", filler.repeat(30)),
        // In the middle, right after a line that could be cut at: out of their reach.
        format!(
            "{}{dateline}{bio}{menu}{tags}{}",
            filler.repeat(30),
            filler.repeat(30)
        ),
    ];
    for (i, text) in texts.iter().enumerate() {
        let whole = pipeline.clean_str(text).text.into_owned();
        let touched = whole.len() < text.len();
        assert_eq!(
            touched,
            i < 3,
            "fixture {i} is not what this test needs:\n{whole}"
        );
        for section_bytes in [1, 100, 700, 2000] {
            assert!(assert_same_as_whole(pipeline, text.as_bytes(), section_bytes) > 1);
        }
    }
}

#[test]
fn encodings_stream_as_they_decode_whole() {
    let pipeline = pipeline(Preset::News);
    let filler =
        "Le conseil s'est réuni mardi et a voté la reconstruction du vieux pont sur la rivière.\n";
    let text = filler.repeat(60);
    let latin1: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    let mut utf8_bom = b"\xef\xbb\xbf".to_vec();
    utf8_bom.extend_from_slice(text.as_bytes());
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    for bytes in [latin1, utf8_bom, utf16] {
        let sections = assert_same_as_whole(pipeline, &bytes, 600);
        assert!(sections > 2, "{sections}");
    }
}

#[test]
fn lossy_replacements_are_recorded_at_their_lines() {
    let mut config = Config::default();
    config.decode.lossy = true;
    let pipeline = Pipeline::new(config).unwrap();
    let filler = "Le conseil s'est réuni mardi et a voté la reconstruction du vieux pont.\n";
    let mut bytes = filler.repeat(30).into_bytes();
    bytes.extend_from_slice(b"Bad \xff byte here.\n");
    bytes.extend_from_slice(filler.repeat(30).as_bytes());
    let whole = pipeline.clean_bytes(&bytes).unwrap();
    let lines: Vec<_> = whole
        .changes
        .iter()
        .filter(|c| c.rule == "lossy-replacement")
        .map(|c| c.line)
        .collect();
    assert_eq!(lines, [31]);
    assert!(assert_same_as_whole(&pipeline, &bytes, 500) > 2);
}

#[test]
fn undecodable_input_fails_with_the_whole_paths_error() {
    let filler = "The council met on Tuesday and voted to rebuild the old bridge over the river.\n";
    let mut bad_utf8 = filler.repeat(30).into_bytes();
    bad_utf8.extend_from_slice("café \u{2019}".as_bytes());
    bad_utf8.extend_from_slice(b" \xff\xfe end\n");
    let mut forced = Config::default();
    forced.decode.encoding = Some("shift_jis".into());
    let mut sjis = filler.repeat(30).into_bytes();
    sjis.extend_from_slice(b"\x82\xa0 ok \x82\xff bad\n");
    let mut forced_utf8 = Config::default();
    forced_utf8.decode.encoding = Some("utf-8".into());
    for (config, bytes) in [
        (Config::default(), bad_utf8.clone()),
        (forced, sjis),
        (forced_utf8, bad_utf8),
    ] {
        let pipeline = Pipeline::new(config).unwrap();
        let whole = pipeline.clean_bytes(&bytes).unwrap_err();
        let sniffed = sniff(&mut Cursor::new(&bytes), pipeline.config()).unwrap();
        let options = StreamOptions {
            section_bytes: 100,
            keep_changes: true,
        };
        let err = clean_stream(
            &pipeline,
            &sniffed,
            Cursor::new(&bytes),
            &mut Vec::new(),
            &options,
        )
        .unwrap_err();
        assert_eq!(err.to_string(), whole.to_string());
    }
}

#[test]
fn nul_bytes_and_dropped_documents_go_back_to_the_whole_path() {
    let pipeline = pipeline(Preset::Strict);
    let filler = "The council met on Tuesday and voted to rebuild the old bridge over the river.\n";
    let text = format!(
        "{}Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n{}",
        filler.repeat(30),
        filler.repeat(30)
    );
    assert!(pipeline.clean_str(&text).text.is_empty());
    let (_, result) = streamed(pipeline, text.as_bytes(), 300);
    assert!(matches!(result, Streamed::Whole(Whole::DocumentDropped)));
    let utf16: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let (_, result) = streamed(pipeline, &utf16, 300);
    assert!(matches!(result, Streamed::Whole(Whole::NulBytes)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any sequence of fixtures, glued with or without blank lines, cut anywhere.
    #[test]
    fn concatenated_fixtures_stream_as_they_clean_whole(
        picks in proptest::collection::vec((0usize..10_000, 0usize..4), 2..10),
        section_bytes in 1usize..6000,
        strict in any::<bool>(),
    ) {
        let articles = articles();
        let mut text = String::new();
        for (i, glue) in picks {
            text.push_str(&articles[i % articles.len()]);
            text.push_str(["", "\n", "\n\n", "\r\n"][glue]);
        }
        let preset = if strict { Preset::Strict } else { Preset::News };
        assert_same_as_whole(pipeline(preset), text.as_bytes(), section_bytes);
    }
}

#[test]
fn rules_that_read_neighbouring_lines_stream_as_they_clean_whole() {
    // The context this session's rules read (the line after a link block, a date's
    // neighbours, a title, the lines around a time) around the places a stream is cut.
    let filler = "The committee met again on Thursday and agreed to publish its findings next month, officials said.\n".repeat(6);
    let texts = [
        "WATCH | Load-shedding interrupts court hearing in Johannesburg\nReporter\n",
        "Latest news\n\u{2022} Spotify cuts workforce\nSpotify is cutting its workforce by six percent, the company said in a press release.\n",
        "Read more from Sky News:\nBudget 2025: What it means for you\nPension changes explained\n",
        "Earnings Summary\nJune 30, 2019\nMarch 31, 2019\nJune 30, 2018\nNet income\n8,686\n",
        "June 30, 2019\n",
        "08:12\nFTSE opens lower\n",
        "Discussion\n",
        "By Jane Doe | Updated 10:32 AM EST, Mon November 24, 2025\n",
        // A dateline under lines that other rules drop (they do not count toward its
        // first_lines).
        "Senate passes the budget bill\nBy Jane Doe\nPublished November 20, 2025 3:05 p.m. ET\nWASHINGTON — The Senate passed the budget bill on Tuesday after a long night.\n",
        // A stanza's closing lines before a tail run, with a blank line only above a line
        // where a stream may be cut (the stanza test reads the run's lines and the line
        // that ends it, nothing above), and a related list longer than the footer limit
        // that runs to the end.
        "\nThe committee met again on Thursday and agreed to publish its findings next month, officials said.\nPoetry\nbut what is poetry.\nMore than one shaky answer\nhas been given to that question.\nBut I just keep on not knowing\nand cling to that like a sturdy railing\n\nThe Weekly Review (2-2020)\nArchive\n",
        "Latest Stories\n1 hours -\nHeadline one\n2 hours -\nHeadline two\n3 hours -\nHeadline three\n4 hours -\nHeadline four\n5 hours -\nHeadline five\n6 hours -\nHeadline six\n7 hours -\nHeadline seven\n8 hours -\nHeadline eight\n9 hours -\nHeadline nine\n10 hours -\nHeadline ten\n11 hours -\nHeadline eleven\n12 hours -\nHeadline twelve\n",
    ];
    let pipeline = pipeline(Preset::News);
    let mut cut = 0;
    for (i, piece) in texts.iter().enumerate() {
        // The piece first, in the middle and last.
        for text in [
            format!("{piece}{filler}{filler}"),
            format!("{filler}{piece}{filler}{piece}{filler}"),
            format!("{filler}{filler}{piece}"),
        ] {
            for section_bytes in [1, 60, 200] {
                if assert_same_as_whole(pipeline, text.as_bytes(), section_bytes) > 1 {
                    cut += 1;
                }
            }
        }
        assert!(cut > i, "no run cut piece {i}");
    }
}
