//! JSON Lines: clean one string field of every record, keep everything else.
//!
//! Records are read in batches (bounded in records and in bytes), cleaned in parallel with
//! rayon into reused per-task buffers and written in input order, so memory stays near one
//! batch however large the input is. A record is parsed only as far as needed: it is
//! validated, the field's value is located and decoded, and nothing else is built. A record
//! that is not JSON, not an object, or whose field is missing or not a string is passed
//! through unchanged and reported by line number; the run continues. A record whose field
//! is already clean is written back byte for byte; in a changed record only the field's
//! string is re-encoded, every other byte (other fields, their order, spacing, escapes,
//! number spelling) is kept.
//!
//! ```
//! use newsclean::{Config, Pipeline};
//! use newsclean::jsonl::{clean_jsonl, JsonlOptions};
//! // A field is text, not a file: no final newline is added to it.
//! let mut config = Config::default();
//! config.normalize.final_newline = false;
//! let pipeline = Pipeline::new(config).unwrap();
//! let input = "{\"id\":1,\"text\":\"It\u{2019}s done.  \"}\n{\"id\":2}\n";
//! let mut out = Vec::new();
//! let stats = clean_jsonl(&pipeline, input.as_bytes(), &mut out, &JsonlOptions::default(), |_, _| {}).unwrap();
//! assert_eq!(String::from_utf8(out).unwrap(), "{\"id\":1,\"text\":\"It's done.\"}\n{\"id\":2}\n");
//! assert_eq!(stats.records, 2);
//! assert_eq!(stats.warnings[0].line, 2);
//! ```

mod escape;

use crate::change::{Change, Record};
use crate::pipeline::Pipeline;
use escape::write_json_string;
use rayon::prelude::*;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Serialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;
use std::io::{BufRead, Write};
use std::ops::Range;

/// Options for JSONL processing.
#[derive(Clone, Debug)]
pub struct JsonlOptions {
    /// The field holding the text (default `text`).
    pub field: String,
    /// Most records per parallel batch.
    pub batch_size: usize,
    /// A batch ends once it holds this many bytes of input, so memory stays bounded
    /// whatever the record size: about twice this (the input and the output of one batch),
    /// plus the largest record.
    pub batch_bytes: usize,
    /// Whether the changes in each record are recorded for `on_changes` (see
    /// [`Record`]); with [`Record::TextOnly`] it sees empty lists.
    pub record: Record,
}

impl Default for JsonlOptions {
    fn default() -> Self {
        JsonlOptions {
            field: "text".into(),
            batch_size: 4096,
            batch_bytes: 1 << 20,
            record: Record::Changes,
        }
    }
}

/// A record that was passed through because it could not be cleaned.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct JsonlWarning {
    /// 1-based line number in the input.
    pub line: usize,
    /// What is wrong with the record.
    pub message: String,
}

/// Totals of a JSONL run.
#[derive(Clone, Debug, Default, Serialize)]
pub struct JsonlStats {
    /// Records read (non-empty lines).
    pub records: usize,
    /// Records whose field changed.
    pub changed: usize,
    /// Records passed through with a problem.
    pub warnings: Vec<JsonlWarning>,
}

enum RecordResult {
    Unchanged,
    /// The field's JSON string (the bytes of `span` in the record) becomes `text`.
    Changed {
        span: Range<usize>,
        text: String,
        changes: Vec<Change>,
    },
    Skipped(String),
}

/// The top-level field of a record, as found by [`FindField`].
enum Found<'de> {
    Missing,
    Raw(&'de RawValue),
}

/// Walks the members of the record's top-level object: validates every value without
/// building it and keeps the raw text of the field's value (the last one if the key is
/// repeated, as a parse into a map would).
struct FindField<'f>(&'f str);

impl<'de> Visitor<'de> for FindField<'_> {
    type Value = Found<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Found<'de>, A::Error> {
        let mut found = Found::Missing;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if key.0 == self.0 {
                found = Found::Raw(map.next_value()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// An object key, borrowed from the record unless it has escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

impl<'de> DeserializeSeed<'de> for FindField<'_> {
    type Value = Found<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Found<'de>, D::Error> {
        d.deserialize_map(self)
    }
}

/// Parse `line` only as far as needed: validate it, find the field's value, and clean the
/// field's text. Nothing but the field is decoded or re-encoded. `scratch` holds the field's
/// text when it has escapes.
fn clean_record(
    pipeline: &Pipeline,
    line: &[u8],
    options: &JsonlOptions,
    scratch: &mut String,
) -> RecordResult {
    let field = options.field.as_str();
    let text = match std::str::from_utf8(line) {
        Ok(text) => text,
        Err(e) => {
            return RecordResult::Skipped(format!(
                "invalid JSON: invalid UTF-8 at byte {}",
                e.valid_up_to() + 1
            ))
        }
    };
    if text.trim_start().as_bytes().first() != Some(&b'{') {
        return match serde_json::from_str::<IgnoredAny>(text) {
            Err(e) => RecordResult::Skipped(format!("invalid JSON: {e}")),
            Ok(_) => RecordResult::Skipped("record is not a JSON object".into()),
        };
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let found = match FindField(field)
        .deserialize(&mut de)
        .and_then(|found| de.end().map(|()| found))
    {
        Ok(found) => found,
        Err(e) => return RecordResult::Skipped(format!("invalid JSON: {e}")),
    };
    let raw = match found {
        Found::Missing => return RecordResult::Skipped(format!("field {field:?} is missing")),
        Found::Raw(raw) if raw.get().starts_with('"') => raw.get(),
        Found::Raw(_) => return RecordResult::Skipped(format!("field {field:?} is not a string")),
    };
    let value = match unescape(&raw[1..raw.len() - 1], scratch) {
        Ok(value) => value,
        Err(message) => return RecordResult::Skipped(format!("invalid JSON: {message}")),
    };
    let cleaned = pipeline.clean_str_with(value, options.record);
    if cleaned.text == value {
        return RecordResult::Unchanged;
    }
    let start = raw.as_ptr() as usize - text.as_ptr() as usize;
    RecordResult::Changed {
        span: start..start + raw.len(),
        text: cleaned.text.into_owned(),
        changes: cleaned.changes,
    }
}

/// The text of a JSON string literal's content `raw` (without its quotes), which the parser
/// has validated: `raw` itself when it has no escapes, else decoded into `scratch`. The one
/// error left is a lone surrogate (`\ud800`), which JSON's grammar allows and a Rust string
/// cannot hold; parsing into a `serde_json::Value` rejects it too.
fn unescape<'a>(raw: &'a str, scratch: &'a mut String) -> Result<&'a str, &'static str> {
    let bytes = raw.as_bytes();
    let Some(first) = memchr::memchr(b'\\', bytes) else {
        return Ok(raw);
    };
    scratch.clear();
    let mut at = first;
    let mut copied = 0;
    loop {
        scratch.push_str(&raw[copied..at]);
        let hex = |at: usize| {
            bytes
                .get(at..at + 4)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .ok_or("bad \\u escape")
        };
        let (c, len) = match bytes.get(at + 1) {
            Some(b'"') => ('"', 2),
            Some(b'\\') => ('\\', 2),
            Some(b'/') => ('/', 2),
            Some(b'b') => ('\u{8}', 2),
            Some(b'f') => ('\u{c}', 2),
            Some(b'n') => ('\n', 2),
            Some(b'r') => ('\r', 2),
            Some(b't') => ('\t', 2),
            Some(b'u') => match hex(at + 2)? {
                high @ 0xD800..=0xDBFF => {
                    let low = match bytes.get(at + 6..at + 8) {
                        Some(b"\\u") => hex(at + 8)?,
                        _ => return Err("lone leading surrogate in hex escape"),
                    };
                    if !(0xDC00..=0xDFFF).contains(&low) {
                        return Err("lone leading surrogate in hex escape");
                    }
                    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    (char::from_u32(code).ok_or("bad \\u escape")?, 12)
                }
                0xDC00..=0xDFFF => return Err("lone trailing surrogate in hex escape"),
                code => (char::from_u32(code).ok_or("bad \\u escape")?, 6),
            },
            _ => return Err("invalid escape"),
        };
        scratch.push(c);
        copied = at + len;
        match memchr::memchr(b'\\', &bytes[copied..]) {
            Some(next) => at = copied + next,
            None => break,
        }
    }
    scratch.push_str(&raw[copied..]);
    Ok(scratch)
}

/// Records per rayon task.
const CHUNK_LINES: usize = 16;

/// One slice of a batch, cleaned by one rayon task into its own output buffer. Chunks are
/// kept across batches, so their buffers are reused.
#[derive(Default)]
struct Chunk {
    /// Lines of the batch this chunk covers.
    lines: Range<usize>,
    /// The cleaned lines, ready to write.
    out: Vec<u8>,
    records: usize,
    /// Changed records: index in the batch and the changes.
    changed: Vec<(usize, Vec<Change>)>,
    /// Skipped records: index in the batch and why.
    skipped: Vec<(usize, String)>,
    /// The field's text, when it has escapes.
    scratch: String,
}

impl Chunk {
    fn clean(&mut self, pipeline: &Pipeline, buf: &[u8], ends: &[usize], options: &JsonlOptions) {
        self.out.clear();
        self.changed.clear();
        self.skipped.clear();
        self.records = 0;
        for i in self.lines.clone() {
            let start = if i == 0 { 0 } else { ends[i - 1] };
            let raw = &buf[start..ends[i]];
            let body = trim_line_end(raw);
            if body.iter().all(u8::is_ascii_whitespace) {
                self.out.extend_from_slice(body);
            } else {
                self.records += 1;
                match clean_record(pipeline, body, options, &mut self.scratch) {
                    RecordResult::Unchanged => self.out.extend_from_slice(body),
                    RecordResult::Changed {
                        span,
                        text,
                        changes,
                    } => {
                        self.out.extend_from_slice(&body[..span.start]);
                        write_json_string(&mut self.out, &text);
                        self.out.extend_from_slice(&body[span.end..]);
                        self.changed.push((i, changes));
                    }
                    RecordResult::Skipped(message) => {
                        self.out.extend_from_slice(body);
                        self.skipped.push((i, message));
                    }
                }
            }
            if raw.ends_with(b"\n") {
                self.out.push(b'\n');
            }
        }
    }
}

/// One batch of input lines and its cleaned chunks. Batches travel from the reading
/// thread to the cleaning thread and back, and are reused.
#[derive(Default)]
struct Batch {
    /// The batch's bytes: lines are ranges into it.
    buf: Vec<u8>,
    /// Where each line ends in `buf`.
    ends: Vec<usize>,
    /// The batch's chunks, each cleaned by one rayon task.
    chunks: Vec<Chunk>,
    /// 1-based input line number of the first line.
    first_line: usize,
}

impl Batch {
    /// Fill with the next lines of `reader`, up to the limits. Returns false at the end of
    /// the input.
    fn fill<R: BufRead>(
        &mut self,
        reader: &mut R,
        options: &JsonlOptions,
        first_line: usize,
    ) -> std::io::Result<bool> {
        let budget = options.batch_bytes.max(1);
        self.buf.clear();
        self.ends.clear();
        self.first_line = first_line;
        while self.ends.len() < options.batch_size.max(1) && self.buf.len() < budget {
            if reader.read_until(b'\n', &mut self.buf)? == 0 {
                return Ok(false);
            }
            self.ends.push(self.buf.len());
        }
        Ok(true)
    }

    fn clean(&mut self, pipeline: &Pipeline, options: &JsonlOptions) {
        let n = self.ends.len();
        if self.chunks.len() < n.div_ceil(CHUNK_LINES) {
            self.chunks
                .resize_with(n.div_ceil(CHUNK_LINES), Chunk::default);
        }
        for (k, chunk) in self.chunks.iter_mut().enumerate() {
            chunk.lines = (k * CHUNK_LINES).min(n)..((k + 1) * CHUNK_LINES).min(n);
        }
        let (buf, ends) = (&self.buf, &self.ends);
        self.chunks
            .par_iter_mut()
            .filter(|c| !c.lines.is_empty())
            .for_each(|c| c.clean(pipeline, buf, ends, options));
    }

    /// Give back memory that records far over the budget made the buffers grow to.
    fn shrink(&mut self, budget: usize) {
        if self.buf.capacity() > 2 * budget + (64 << 10) {
            self.buf = Vec::with_capacity(budget + (64 << 10));
        }
        if self.chunks.iter().map(|c| c.out.capacity()).sum::<usize>() > 4 * budget {
            self.chunks.iter_mut().for_each(|c| c.out = Vec::new());
        }
    }
}

/// Clean the JSONL stream `reader` into `writer`. `on_changes(line, changes)` is called, in
/// input order, for every record that changed (for reports and `explain`).
///
/// Only the field is decoded and re-encoded: the rest of a changed record is written back
/// byte for byte, and an unchanged record entirely so. The calling thread reads and
/// writes while the batches are cleaned on the rayon pool ([`crate::ordered`]); an input of
/// one batch is cleaned without a second thread.
pub fn clean_jsonl<R: BufRead, W: Write>(
    pipeline: &Pipeline,
    mut reader: R,
    mut writer: W,
    options: &JsonlOptions,
    mut on_changes: impl FnMut(usize, &[Change]),
) -> std::io::Result<JsonlStats> {
    let mut stats = JsonlStats::default();
    let budget = options.batch_bytes.max(1);
    let mut first = Batch::default();
    if !first.fill(&mut reader, options, 1)? {
        // The whole input is one batch: cleaned here, without a second thread.
        first.clean(pipeline, options);
        emit(&mut first, &mut stats, &mut writer, &mut on_changes)?;
        writer.flush()?;
        return Ok(stats);
    }
    let mut next_line = 1 + first.ends.len();
    let mut first = Some(first);
    let mut more = true;
    let produce = |spare: Option<Batch>| -> std::io::Result<Option<Batch>> {
        if let Some(first) = first.take() {
            return Ok(Some(first));
        }
        if !more {
            return Ok(None);
        }
        let mut batch = spare.unwrap_or_default();
        more = batch.fill(&mut reader, options, next_line)?;
        next_line += batch.ends.len();
        Ok((!batch.ends.is_empty()).then_some(batch))
    };
    let consume = |batch: &mut Batch| -> std::io::Result<bool> {
        emit(batch, &mut stats, &mut writer, &mut on_changes)?;
        batch.shrink(budget);
        Ok(true)
    };
    crate::ordered::in_order(produce, |batch| batch.clean(pipeline, options), consume)?;
    writer.flush()?;
    Ok(stats)
}

/// Count, report and write one cleaned batch, in input order.
fn emit<W: Write>(
    batch: &mut Batch,
    stats: &mut JsonlStats,
    writer: &mut W,
    on_changes: &mut impl FnMut(usize, &[Change]),
) -> std::io::Result<()> {
    for chunk in batch.chunks.iter_mut().filter(|c| !c.lines.is_empty()) {
        stats.records += chunk.records;
        stats.changed += chunk.changed.len();
        for (i, changes) in &chunk.changed {
            on_changes(batch.first_line + i, changes);
        }
        stats
            .warnings
            .extend(chunk.skipped.drain(..).map(|(i, message)| JsonlWarning {
                line: batch.first_line + i,
                message,
            }));
        writer.write_all(&chunk.out)?;
    }
    Ok(())
}

fn trim_line_end(raw: &[u8]) -> &[u8] {
    let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
    raw.strip_suffix(b"\r").unwrap_or(raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    fn run(input: &str, batch_size: usize) -> (String, JsonlStats) {
        run_with(input, batch_size, 4 << 20)
    }

    fn run_with(input: &str, batch_size: usize, batch_bytes: usize) -> (String, JsonlStats) {
        let mut config = Config::default();
        config.normalize.final_newline = false;
        let pipeline = Pipeline::new(config).unwrap();
        let mut out = Vec::new();
        let options = JsonlOptions {
            batch_size,
            batch_bytes,
            ..Default::default()
        };
        let stats =
            clean_jsonl(&pipeline, input.as_bytes(), &mut out, &options, |_, _| {}).unwrap();
        (String::from_utf8(out).unwrap(), stats)
    }

    #[test]
    fn keeps_other_fields_and_their_order() {
        let (out, stats) = run("{\"z\":1,\"text\":\"a\u{00a0}b\",\"a\":[1,2.5,\"x\"]}\n", 2);
        assert_eq!(out, "{\"z\":1,\"text\":\"a b\",\"a\":[1,2.5,\"x\"]}\n");
        assert_eq!(stats.changed, 1);
    }

    #[test]
    fn changed_records_keep_every_other_byte() {
        let input = "{ \"n\": 1.0e5, \"text\" : \"a\\u00a0b \\u00e9\" , \"s\":\"\\u00e9\\/\" }\r\n";
        let (out, stats) = run(input, 2);
        assert_eq!(
            out,
            "{ \"n\": 1.0e5, \"text\" : \"a b \u{e9}\" , \"s\":\"\\u00e9\\/\" }\n"
        );
        assert_eq!(stats.changed, 1);
    }

    #[test]
    fn escaped_and_repeated_keys_name_the_field_like_a_map_would() {
        // An escaped key is the same key; of a repeated key the last value counts.
        let (out, _) = run(
            "{\"te\\u0078t\":\"a  b\"}\n{\"text\":1,\"text\":\"c  d\"}\n",
            2,
        );
        assert_eq!(
            out,
            "{\"te\\u0078t\":\"a b\"}\n{\"text\":1,\"text\":\"c d\"}\n"
        );
        let (_, stats) = run("{\"text\":\"x\",\"text\":2}\n", 2);
        assert!(stats.warnings[0].message.contains("not a string"));
    }

    #[test]
    fn every_kind_of_bad_record_is_a_warning_and_kept() {
        let lines = [
            "{\"text\":\"ok\"} x",
            "{\"text\":\"ok\",}",
            "{\"text\":\"ok\",\"n\":01}",
            "{\"a\":[1,2}",
            "\"text\"",
            "null",
            "  [1, 2]",
            "{\"text\":\"bad \\x escape\"}",
            "{\"text\":\"tab\tinside\"}",
            "{\"text\":\"lone \\ud800 surrogate\"}",
        ];
        let input = lines.join("\n");
        let (out, stats) = run(&input, 3);
        assert_eq!(out, input);
        assert_eq!(stats.warnings.len(), lines.len(), "{:?}", stats.warnings);
        assert_eq!(stats.records, lines.len());
        assert!(stats.warnings[0].message.starts_with("invalid JSON"));
        assert_eq!(stats.warnings[5].message, "record is not a JSON object");
        assert_eq!(stats.warnings[6].message, "record is not a JSON object");
    }

    #[test]
    fn invalid_utf8_is_a_warning_and_kept_byte_for_byte() {
        let mut config = Config::default();
        config.normalize.final_newline = false;
        let pipeline = Pipeline::new(config).unwrap();
        let input = b"{\"text\":\"a  b\",\"x\":\"\xff\"}\n{\"text\":\"c  d\"}\n";
        let mut out = Vec::new();
        let stats = clean_jsonl(
            &pipeline,
            &input[..],
            &mut out,
            &JsonlOptions::default(),
            |_, _| {},
        )
        .unwrap();
        assert_eq!(
            out,
            b"{\"text\":\"a  b\",\"x\":\"\xff\"}\n{\"text\":\"c d\"}\n"
        );
        assert_eq!(stats.warnings[0].line, 1);
        assert!(stats.warnings[0].message.starts_with("invalid JSON"));
    }

    #[test]
    fn output_does_not_depend_on_batching() {
        let input: String = (0..300)
            .map(|i| match i % 5 {
                0 => format!("{{\"id\":{i},\"text\":\"x{i}  \\u201cy\\u201d\"}}\n"),
                1 => "\n".to_string(),
                2 => format!("{{\"id\":{i}}}\r\n"),
                3 => format!("{{\"text\":\"clean {i}\", \"z\": [ {i} ]}}\n"),
                _ => format!("oops {i}\n"),
            })
            .collect();
        let (reference, stats) = run_with(&input, 4096, 1 << 20);
        for (size, bytes) in [
            (1, 1 << 20),
            (7, 1 << 20),
            (4096, 1),
            (4096, 100),
            (13, 333),
        ] {
            let (out, s) = run_with(&input, size, bytes);
            assert_eq!(out, reference, "batch {size}/{bytes}");
            assert_eq!(s.warnings, stats.warnings);
            assert_eq!((s.records, s.changed), (stats.records, stats.changed));
        }
        assert_eq!(stats.records, 240);
        assert_eq!(stats.changed, 60);
    }

    #[test]
    fn unescape_agrees_with_serde_json() {
        let literals = [
            r#""""#,
            r#""plain text, no escapes""#,
            r#""\"\\\/\b\f\n\r\t""#,
            r#""a\u00e9b\u20ACc\u0000d""#,
            r#""\ud83d\ude00 pair \uD834\uDD1E""#,
            r#""x\ud800""#,
            r#""x\ud800y""#,
            r#""\ud800\u0041""#,
            r#""\ud800\ud800""#,
            r#""\udc00 trailing""#,
            "\"caf\u{e9} \\n \u{1F600}\"",
        ];
        let mut scratch = String::new();
        for literal in literals {
            let ours = unescape(&literal[1..literal.len() - 1], &mut scratch).map(str::to_owned);
            let theirs = serde_json::from_str::<String>(literal);
            match (&ours, &theirs) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{literal}"),
                (Err(_), Err(_)) => {}
                _ => panic!("{literal}: ours {ours:?}, serde_json {theirs:?}"),
            }
        }
    }

    #[test]
    fn bad_records_pass_through_with_line_numbers() {
        let input = "{\"text\":\"ok\"}\nnot json\n{\"text\":5}\n[1]\n{\"text\":\"fine\"}";
        let (out, stats) = run(input, 2);
        assert_eq!(out, input);
        let lines: Vec<usize> = stats.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, vec![2, 3, 4]);
        assert!(stats.warnings[1].message.contains("not a string"));
    }

    #[test]
    fn order_is_kept_across_batches() {
        let input: String = (0..50)
            .map(|i| format!("{{\"id\":{i},\"text\":\"x{i}  y\"}}\n"))
            .collect();
        let (out, _) = run(&input, 7);
        for (i, line) in out.lines().enumerate() {
            assert_eq!(line, format!("{{\"id\":{i},\"text\":\"x{i} y\"}}"));
        }
    }

    #[test]
    fn batches_end_at_the_byte_budget_and_keep_line_numbers() {
        let input = "{\"text\":\"a  b\"}\nnope\n{\"text\":\"c\"}\n{\"x\":1}\n";
        let (out, stats) = run_with(input, 1000, 10);
        assert_eq!(
            out,
            "{\"text\":\"a b\"}\nnope\n{\"text\":\"c\"}\n{\"x\":1}\n"
        );
        let lines: Vec<usize> = stats.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, vec![2, 4]);
        assert_eq!(stats.records, 4);
    }
}
