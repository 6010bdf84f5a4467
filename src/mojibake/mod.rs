//! Stage 2: repair mojibake, UTF-8 text that was decoded as a legacy encoding.
//!
//! A port of ftfy 6.3.1's `fix_encoding`, applied line by line: a line is analysed only
//! when it holds a character that some [badness](badness) rule needs (so clean English
//! with curly quotes costs one cheap scan), and it is repaired only when the badness
//! expression flags it. The repair re-encodes the line (or a run inside it) in Latin-1,
//! sloppy Windows-1252/1251/1250/1253/1254/1257, ISO-8859-2, MacRoman, cp437 or KOI8-R and
//! decodes it as UTF-8, repeating for several layers; it restores lost A0 bytes, lossy
//! sequences and C1 controls on the way. Every change names its rule and its steps.
//!
//! ```
//! use newsclean::mojibake::repair_mojibake;
//! let fixed = repair_mojibake("Washingtonâ€™s CafÃ© in Miami.Â\nÂge");
//! assert_eq!(fixed.text, "Washington’s Café in Miami.\nÂge");
//! assert_eq!(fixed.changes[0].before, "â€™");
//! assert_eq!(fixed.changes[0].rule, "utf8-as-sloppy-windows-1252");
//! assert_eq!(fixed.changes[0].detail.as_deref(), Some("encode sloppy-windows-1252, decode utf-8"));
//! assert_eq!((fixed.changes[2].rule.as_str(), fixed.changes[2].before.as_str()), ("lost-nbsp", "Â"));
//! ```

pub mod badness;
mod codecs;
mod fix;
#[rustfmt::skip]
#[allow(missing_docs, clippy::all)]
pub mod tables;

use crate::change::{line_at, Change, Fixed, Stage};
use badness::Suspects;
use fix::{fix_encoding, Layer, Step};
use std::borrow::Cow;

/// Repair mojibake in `text`, returning it borrowed when nothing needed fixing.
///
/// Line breaks are never added or removed and nothing is trimmed; only damaged spans
/// change. Repairing twice gives the same text as repairing once.
///
/// ```
/// use newsclean::mojibake::repair_mojibake;
/// assert_eq!(repair_mojibake("Ð¿Ñ€Ð¸Ð²ÐµÑ‚").text, "привет");
/// assert_eq!(repair_mojibake("CafÃƒÂ©").text, "Café");
/// assert!(matches!(repair_mojibake("São Paulo, naïve café").text, std::borrow::Cow::Borrowed(_)));
/// ```
pub fn repair_mojibake(text: &str) -> Fixed<'_> {
    let suspects = Suspects::get();
    let Some(first) = next_suspect(text, 0, suspects) else {
        return Fixed::unchanged(text);
    };
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut changes = Vec::new();
    let mut copied = 0; // bytes of `text` already accounted for in `out`
    let mut pos = Some(first);
    while let Some(at) = pos {
        let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(text.len(), |i| at + i);
        let content_end = if line_end > line_start && bytes[line_end - 1] == b'\r' {
            line_end - 1
        } else {
            line_end
        };
        let line = &text[line_start..content_end];
        if let Some((fixed, layers)) = repair_line(line) {
            let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
            o.push_str(&text[copied..line_start]);
            o.push_str(&fixed);
            copied = content_end;
            record_changes(text, line_start, line, &fixed, &layers, &mut changes);
        }
        pos = next_suspect(text, line_end, suspects);
    }
    match out {
        None => Fixed::unchanged(text),
        Some(mut o) => {
            o.push_str(&text[copied..]);
            Fixed {
                text: Cow::Owned(o),
                changes,
            }
        }
    }
}

/// Byte offset of the first character at or after `from` that some badness rule needs.
/// ASCII is skipped eight bytes at a time.
fn next_suspect(text: &str, from: usize, suspects: &Suspects) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        if i + 8 <= bytes.len() {
            let word = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("8 bytes"));
            if word & 0x8080_8080_8080_8080 == 0 {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        // `i` is on a character boundary: only whole characters are stepped over.
        let c = text[i..].chars().next().expect("char boundary");
        if suspects.contains(c) {
            return Some(i);
        }
        i += c.len_utf8();
    }
    None
}

/// Repair one line (without its line break); `None` when it stays as it is.
fn repair_line(line: &str) -> Option<(String, Vec<Layer>)> {
    let (mut current, mut layers) = fix_encoding(line);
    // Each round removes one character, so this ends.
    while let Some(trimmed) = lost_nbsp_at_line_end(&current) {
        layers.push(Layer {
            rule: "lost-nbsp",
            steps: vec![Step::Apply("remove_orphan_a_circumflex")],
        });
        let (fixed, more) = fix_encoding(&trimmed);
        current = fixed;
        layers.extend(more);
    }
    (current != line).then_some((current, layers))
}

/// `Â` left at the end of a line after the NBSP it stood before (UTF-8 `C2 A0` read as
/// Windows-1252, then the trailing `A0` trimmed as whitespace): `Miami.Â` -> `Miami.`.
///
/// Only after a lowercase letter, digit or closing punctuation, never after a capital
/// (`MISUTÂ`) or at the start of a word (`Â` alone, `Âge`).
fn lost_nbsp_at_line_end(line: &str) -> Option<String> {
    let rest = line.strip_suffix('Â')?;
    let prev = rest.chars().next_back()?;
    let ok = prev.is_ascii_lowercase()
        || prev.is_ascii_digit()
        || matches!(
            prev,
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '"' | '\'' | '”' | '’' | '»' | '…'
        );
    ok.then(|| rest.to_string())
}

/// Turn one repaired line into changes: one per differing span (a character diff).
///
/// When the whole line went through the same layers, every span carries them. When runs
/// were fixed one by one (`decode_inconsistent_utf8`, the line-end `Â`), each span is
/// explained by its own repair, found by repairing the span alone; a span that does not
/// reproduce that way keeps the line's steps.
fn record_changes(
    text: &str,
    line_start: usize,
    before: &str,
    after: &str,
    layers: &[Layer],
    changes: &mut Vec<Change>,
) {
    let line = line_at(text, line_start);
    let (line_rule, line_detail) = describe(layers);
    let piecewise = layers.iter().any(|l| {
        l.rule == "lost-nbsp" || l.steps.first() == Some(&Step::Apply("decode_inconsistent_utf8"))
    });
    for (b, a) in diff_spans(before, after) {
        let (mut rule, mut detail) = (line_rule, line_detail.clone());
        if piecewise {
            let (alone, alone_layers) = fix_encoding(&b);
            if alone == a && !alone_layers.is_empty() {
                (rule, detail) = describe(&alone_layers);
            } else if b == "Â" && a.is_empty() {
                rule = "lost-nbsp";
                detail = Step::Apply("remove_orphan_a_circumflex").to_string();
            }
        }
        changes.push(Change::new(Stage::Mojibake, rule, line, b, a).with_detail(detail));
    }
}

/// The rule and the detail (`encode X, decode Y; encode Z, decode W`) of some layers.
fn describe(layers: &[Layer]) -> (&'static str, String) {
    let rule = layers
        .iter()
        .find(|l| l.rule == "lossy-sequence")
        .or_else(|| layers.first())
        .map_or("mojibake", |l| l.rule);
    let detail = layers
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join("; ");
    (rule, detail)
}

/// The differing spans of two strings, from a character diff; spans separated by a
/// single unchanged character are merged so one damaged word is one change.
fn diff_spans(before: &str, after: &str) -> Vec<(String, String)> {
    use similar::{Algorithm, ChangeTag, TextDiff};
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .diff_chars(before, after);
    let mut spans: Vec<(String, String)> = Vec::new();
    let mut open = false;
    let mut gap = String::new();
    for change in diff.iter_all_changes() {
        let value = change.value();
        match change.tag() {
            ChangeTag::Equal => {
                if open {
                    gap.push_str(value);
                    if gap.chars().count() > 1 || value.chars().any(char::is_whitespace) {
                        open = false;
                        gap.clear();
                    }
                }
            }
            tag => {
                if open && !gap.is_empty() {
                    let last = spans.last_mut().expect("open span");
                    last.0.push_str(&gap);
                    last.1.push_str(&gap);
                    gap.clear();
                }
                if !open {
                    spans.push((String::new(), String::new()));
                    open = true;
                }
                let last = spans.last_mut().expect("open span");
                if tag == ChangeTag::Delete {
                    last.0.push_str(value);
                } else {
                    last.1.push_str(value);
                }
            }
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_checks() {
        let rows: &[(&str, &str, &str)] = &[
            ("orphan Â at line end", "Miami.Â\n", "Miami.\n"),
            ("cp1252 apostrophe", "Washingtonâ€™s", "Washington’s"),
            ("latin-1 e acute", "CafÃ©", "Café"),
            ("real Âge", "Âge", "Âge"),
            ("crlf kept", "Miami.Â\r\nnext", "Miami.\r\nnext"),
            ("capital before Â kept", "MISUTÂ", "MISUTÂ"),
        ];
        for &(name, input, want) in rows {
            assert_eq!(repair_mojibake(input).text, want, "{name}");
        }
    }

    #[test]
    fn changes_name_rule_line_span_and_steps() {
        let fixed = repair_mojibake("ok line\nthe CafÃ© and crÃ¨me\n");
        assert_eq!(fixed.changes.len(), 2);
        let c = &fixed.changes[0];
        assert_eq!(c.stage, Stage::Mojibake);
        assert_eq!(c.rule, "utf8-as-latin-1");
        assert_eq!(c.line, 2);
        assert_eq!((c.before.as_str(), c.after.as_str()), ("Ã©", "é"));
        assert_eq!(fixed.changes[1].before, "Ã¨");
        assert_eq!(c.detail.as_deref(), Some("encode latin-1, decode utf-8"));
    }

    #[test]
    fn clean_text_is_borrowed() {
        for text in [
            "",
            "plain ascii\n",
            "“Quotes” — and © 2024 ™",
            "Привет мир",
            "東京 😀",
        ] {
            assert!(
                matches!(repair_mojibake(text).text, Cow::Borrowed(_)),
                "{text}"
            );
        }
    }

    #[test]
    fn next_suspect_skips_quotes_and_finds_latin_mojibake() {
        let s = Suspects::get();
        assert_eq!(next_suspect("“abc” — ok", 0, s), None);
        let t = "aaaaaaaaaaaa CafÃ©";
        assert_eq!(next_suspect(t, 0, s), Some(t.find('Ã').unwrap()));
    }
}
