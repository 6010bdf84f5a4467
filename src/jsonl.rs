//! JSON Lines: clean one string field of every record, keep everything else.
//!
//! Records are read in batches, cleaned in parallel with rayon and written in input order,
//! so memory stays near one batch however large the input is. A record that is not JSON,
//! not an object, or whose field is missing or not a string is passed through unchanged
//! and reported by line number; the run continues. A record whose field is already clean
//! is written back byte for byte.
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

use crate::change::Change;
use crate::pipeline::Pipeline;
use rayon::prelude::*;
use serde::Serialize;
use std::io::{BufRead, Write};

/// Options for JSONL processing.
#[derive(Clone, Debug)]
pub struct JsonlOptions {
    /// The field holding the text (default `text`).
    pub field: String,
    /// Most records per parallel batch.
    pub batch_size: usize,
    /// A batch ends once it holds this many bytes of input, so memory stays bounded
    /// whatever the record size.
    pub batch_bytes: usize,
}

impl Default for JsonlOptions {
    fn default() -> Self {
        JsonlOptions {
            field: "text".into(),
            batch_size: 4096,
            batch_bytes: 4 << 20,
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
    Changed(Vec<u8>, Vec<Change>),
    Skipped(String),
}

fn clean_record(pipeline: &Pipeline, line: &[u8], field: &str) -> RecordResult {
    let mut value: serde_json::Value = match serde_json::from_slice(line) {
        Ok(v) => v,
        Err(e) => return RecordResult::Skipped(format!("invalid JSON: {e}")),
    };
    let Some(object) = value.as_object_mut() else {
        return RecordResult::Skipped("record is not a JSON object".into());
    };
    let slot = match object.get_mut(field) {
        None => return RecordResult::Skipped(format!("field {field:?} is missing")),
        Some(serde_json::Value::String(s)) => s,
        Some(_) => return RecordResult::Skipped(format!("field {field:?} is not a string")),
    };
    let cleaned = pipeline.clean_str(slot);
    if cleaned.text == slot.as_str() {
        return RecordResult::Unchanged;
    }
    let (text, changes) = (cleaned.text.into_owned(), cleaned.changes);
    *slot = text;
    let mut out = Vec::with_capacity(line.len());
    serde_json::to_writer(&mut out, &value).expect("serializing a parsed JSON value cannot fail");
    RecordResult::Changed(out, changes)
}

/// Clean the JSONL stream `reader` into `writer`. `on_changes(line, changes)` is called, in
/// input order, for every record that changed (for reports and `explain`).
pub fn clean_jsonl<R: BufRead, W: Write>(
    pipeline: &Pipeline,
    mut reader: R,
    mut writer: W,
    options: &JsonlOptions,
    mut on_changes: impl FnMut(usize, &[Change]),
) -> std::io::Result<JsonlStats> {
    let mut stats = JsonlStats::default();
    // One buffer for the whole batch, reused: lines are ranges into it.
    let mut buf: Vec<u8> = Vec::with_capacity(options.batch_bytes + (64 << 10));
    let mut ends: Vec<usize> = Vec::with_capacity(options.batch_size);
    let mut first_line = 1usize;
    let mut eof = false;
    while !eof {
        buf.clear();
        ends.clear();
        while ends.len() < options.batch_size.max(1) && buf.len() < options.batch_bytes {
            if reader.read_until(b'\n', &mut buf)? == 0 {
                eof = true;
                break;
            }
            ends.push(buf.len());
        }
        let lines: Vec<&[u8]> = ends
            .iter()
            .scan(0, |start, &end| {
                let line = &buf[*start..end];
                *start = end;
                Some(line)
            })
            .collect();
        let results: Vec<RecordResult> = lines
            .par_iter()
            .map(|raw| {
                let body = trim_line_end(raw);
                if body.iter().all(u8::is_ascii_whitespace) {
                    RecordResult::Unchanged
                } else {
                    clean_record(pipeline, body, &options.field)
                }
            })
            .collect();
        for (i, (raw, result)) in lines.iter().zip(results).enumerate() {
            let line_no = first_line + i;
            let body = trim_line_end(raw);
            if !body.iter().all(u8::is_ascii_whitespace) {
                stats.records += 1;
            }
            match result {
                RecordResult::Unchanged => writer.write_all(body)?,
                RecordResult::Changed(out, changes) => {
                    stats.changed += 1;
                    on_changes(line_no, &changes);
                    writer.write_all(&out)?;
                }
                RecordResult::Skipped(message) => {
                    stats.warnings.push(JsonlWarning {
                        line: line_no,
                        message,
                    });
                    writer.write_all(body)?;
                }
            }
            if raw.ends_with(b"\n") {
                writer.write_all(b"\n")?;
            }
        }
        first_line += lines.len();
    }
    writer.flush()?;
    Ok(stats)
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
