//! The per-line layout steps: `trim-lines` and `collapse-spaces`.
//!
//! Blank-line handling (`collapse-blank-lines`, `leading-blank-lines`, `final-newline`)
//! needs to see several lines and lives in the stage driver (`mod.rs`).

use super::{record, Step};
use crate::change::Change;
use crate::config::NormalizeConfig;

/// The result of laying out one line.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Laid {
    /// The output is this byte range of the line (the whole line when nothing changed,
    /// a shorter one when only trimming happened).
    Range(usize, usize),
    /// The output was written to the buffer.
    Buf,
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Trim and collapse spaces and tabs in `s` (one line, no `\n`).
pub(super) fn layout(
    s: &str,
    config: &NormalizeConfig,
    buf: &mut String,
    changes: &mut Vec<Change>,
    line: usize,
) -> Laid {
    let bytes = s.as_bytes();
    let (mut start, mut end) = (0, bytes.len());
    if config.trim_lines {
        while start < end && is_blank(bytes[start]) {
            start += 1;
        }
        if start > 0 {
            record(changes, Step::TrimLines, line, &s[..start], "");
        }
        while end > start && is_blank(bytes[end - 1]) {
            end -= 1;
        }
        if end < bytes.len() {
            record(changes, Step::TrimLines, line, &s[end..], "");
        }
    }
    if !config.collapse_spaces {
        return Laid::Range(start, end);
    }
    let mut last = start;
    let mut i = start;
    while i < end {
        if !is_blank(bytes[i]) {
            i += 1;
            continue;
        }
        let run_start = i;
        while i < end && is_blank(bytes[i]) {
            i += 1;
        }
        if i - run_start == 1 && bytes[run_start] == b' ' {
            continue;
        }
        if last == start {
            buf.clear();
            buf.reserve(end - start);
        }
        buf.push_str(&s[last..run_start]);
        buf.push(' ');
        record(changes, Step::CollapseSpaces, line, &s[run_start..i], " ");
        last = i;
    }
    if last == start {
        return Laid::Range(start, end);
    }
    buf.push_str(&s[last..end]);
    Laid::Buf
}
