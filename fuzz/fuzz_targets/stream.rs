//! A stream cut into small sections gives what the whole-file path gives, on arbitrary
//! bytes: the same text, the same error, the same changes (without their lines). The first
//! byte picks the section size.
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsclean::stream::{clean_stream, sniff, StreamOptions, Streamed, Whole};
use newsclean::{Config, Pipeline};
use std::io::Cursor;
use std::sync::LazyLock;

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(|| Pipeline::new(Config::default()).unwrap());

fuzz_target!(|data: &[u8]| {
    let Some((&size, bytes)) = data.split_first() else {
        return;
    };
    let pipeline = &*PIPELINE;
    let whole = pipeline.clean_bytes(bytes);
    let sniffed = sniff(&mut Cursor::new(bytes), pipeline.config()).unwrap();
    let options = StreamOptions {
        section_bytes: usize::from(size) + 1,
        keep_changes: true,
    };
    let mut out = Vec::new();
    let streamed = clean_stream(pipeline, &sniffed, Cursor::new(bytes), &mut out, &options);
    match (whole, streamed) {
        (_, Ok(Streamed::Whole(Whole::NulBytes))) => assert!(bytes.contains(&0)),
        (_, Ok(Streamed::Whole(Whole::BarrierMoved))) => panic!("a barrier moved"),
        (Ok(whole), Ok(Streamed::Whole(Whole::DocumentDropped))) => {
            assert!(whole.text.is_empty())
        }
        (Err(whole), Err(streamed)) => assert_eq!(whole.to_string(), streamed.to_string()),
        (Ok(whole), Ok(Streamed::Done(summary))) => {
            assert_eq!(whole.text.as_bytes(), &out[..]);
            assert_eq!(summary.changed, whole.text.as_bytes() != bytes);
            assert_eq!(summary.encoding, whole.encoding);
            let key = |c: &newsclean::Change| {
                (c.stage, c.rule.clone(), c.before.clone(), c.after.clone())
            };
            let mut a: Vec<_> = whole.changes.iter().map(key).collect();
            let mut b: Vec<_> = summary.changes.iter().map(key).collect();
            a.sort_by(|x, y| format!("{x:?}").cmp(&format!("{y:?}")));
            b.sort_by(|x, y| format!("{x:?}").cmp(&format!("{y:?}")));
            assert_eq!(a, b);
        }
        (whole, streamed) => panic!("whole {whole:?} but stream {streamed:?}"),
    }
});
