//! The per-line layout steps: `trim-lines` and `collapse-spaces`.
//!
//! Blank-line handling (`collapse-blank-lines`, `leading-blank-lines`, `final-newline`)
//! needs to see several lines and lives in the stage driver (`mod.rs`).

use super::{record, Notes, Step};
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
    changes: &mut Notes,
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
    // Blocks without a tab or two blanks in a row are skipped; after a block that has
    // one, the next block is tried once the bytes of this one have been looked at.
    let mut next_skip = start;
    while i < end {
        if i >= next_skip {
            i = super::scan::skip_single_spaced_blocks(bytes, i, end);
            next_skip = i + super::scan::BLOCK;
            if i >= end {
                break;
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The steps as written in their docs, one character at a time.
    fn reference(s: &str, config: &NormalizeConfig) -> String {
        let mut s = s;
        if config.trim_lines {
            s = s.trim_matches([' ', '\t']);
        }
        if !config.collapse_spaces {
            return s.to_owned();
        }
        let mut out = String::new();
        let mut in_run = false;
        for c in s.chars() {
            if c == ' ' || c == '\t' {
                if !in_run {
                    out.push(' ');
                }
                in_run = true;
            } else {
                out.push(c);
                in_run = false;
            }
        }
        out
    }

    #[test]
    fn layout_matches_the_reference_on_every_short_pattern() {
        let configs = [
            NormalizeConfig::default(),
            NormalizeConfig {
                trim_lines: false,
                ..NormalizeConfig::default()
            },
        ];
        let alphabet = ['a', ' ', '\t'];
        let mut buf = String::new();
        // Every string of up to 8 characters, alone and with the pattern at a block edge
        // of a longer line.
        for len in 0..=8u32 {
            for n in 0..3usize.pow(len) {
                let mut pattern = String::new();
                let mut k = n;
                for _ in 0..len {
                    pattern.push(alphabet[k % 3]);
                    k /= 3;
                }
                for (pre, post) in [("", ""), ("x0123456789abc", "y0123456789abcdefghij z")] {
                    let line = format!("{pre}{pattern}{post}");
                    for config in &configs {
                        let mut changes = Notes::recording(true);
                        let got = match layout(&line, config, &mut buf, &mut changes, 1) {
                            Laid::Range(a, b) => line[a..b].to_owned(),
                            Laid::Buf => buf.clone(),
                        };
                        assert_eq!(got, reference(&line, config), "{line:?}");
                        assert_eq!(changes.is_empty(), got == line, "{line:?}");
                    }
                }
            }
        }
    }
}
