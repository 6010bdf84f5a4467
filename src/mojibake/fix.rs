//! The encoding fixer: a port of ftfy 6.3.1's `fix_encoding_and_explain`.
//!
//! One step tries, in order: re-encoding the whole segment in one of the legacy codecs and
//! decoding it as UTF-8 (with the transcoders `restore_byte_a0` and
//! `replace_lossy_sequences` in between), fixing local runs of mojibake inside good text
//! (`decode_inconsistent_utf8`), Latin-1 that was meant as Windows-1252, and lone C1
//! controls. Steps repeat until one changes nothing; each step records its plan.

use super::badness::is_bad;
use super::codecs::{self, CHARMAP_CODECS, LATIN_1, MACROMAN};
use super::tables::*;
use regex::bytes::Regex as BytesRegex;
use regex::Regex;
use std::fmt;
use std::sync::OnceLock;

/// One step of a plan, as ftfy explains it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// Text to bytes with a codec.
    Encode(&'static str),
    /// Bytes to text with a codec.
    Decode(&'static str),
    /// Bytes to bytes with a named function.
    Transcode(&'static str),
    /// Text to text with a named function.
    Apply(&'static str),
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Encode(p) => write!(f, "encode {p}"),
            Step::Decode(p) => write!(f, "decode {p}"),
            Step::Transcode(p) => write!(f, "transcode {p}"),
            Step::Apply(p) => write!(f, "apply {p}"),
        }
    }
}

/// One repair that changed the text: the rule's name and the steps it took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Layer {
    /// Rule name reported in [`Change::rule`](crate::Change).
    pub rule: &'static str,
    /// ftfy-style steps.
    pub steps: Vec<Step>,
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.steps.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{step}")?;
        }
        Ok(())
    }
}

/// Safety net against a cycle; ftfy itself loops until nothing changes.
const MAX_STEPS: usize = 16;

/// Fix the encoding of `text` as one segment; returns the text and the layers applied
/// (empty when nothing changed).
pub(crate) fn fix_encoding(text: &str) -> (String, Vec<Layer>) {
    let mut text = text.to_string();
    let mut layers = Vec::new();
    for _ in 0..MAX_STEPS {
        match one_step(&text) {
            Some((fixed, layer)) if fixed != text => {
                text = fixed;
                layers.push(layer);
            }
            _ => break,
        }
    }
    (text, layers)
}

/// The rule name for undoing UTF-8 read as `codec`.
fn rule_for(codec: &'static str) -> &'static str {
    match codec {
        "latin-1" => "utf8-as-latin-1",
        "sloppy-windows-1252" => "utf8-as-sloppy-windows-1252",
        "sloppy-windows-1251" => "utf8-as-sloppy-windows-1251",
        "sloppy-windows-1250" => "utf8-as-sloppy-windows-1250",
        "sloppy-windows-1253" => "utf8-as-sloppy-windows-1253",
        "sloppy-windows-1254" => "utf8-as-sloppy-windows-1254",
        "sloppy-windows-1257" => "utf8-as-sloppy-windows-1257",
        "iso-8859-2" => "utf8-as-iso-8859-2",
        "macroman" => "utf8-as-macroman",
        "cp437" => "utf8-as-cp437",
        "koi8-r" => "utf8-as-koi8-r",
        _ => "mojibake",
    }
}

fn one_step(text: &str) -> Option<(String, Layer)> {
    if text.is_empty() || text.is_ascii() || !is_bad(text) {
        return None;
    }
    let mut possible = [false; CHARMAP_CODECS.len()];
    for (index, codec) in CHARMAP_CODECS.iter().enumerate() {
        let Some(mut bytes) = codecs::encode(index, text) else {
            continue;
        };
        possible[index] = true;
        let mut steps = vec![Step::Encode(codec.name)];
        let mut rule = rule_for(codec.name);
        let mut a0_restored = false;
        if index != MACROMAN && needs_byte_a0(&bytes) {
            let replaced = restore_byte_a0(&bytes, true);
            if replaced != bytes {
                steps.push(Step::Transcode("restore_byte_a0"));
                a0_restored = true;
                bytes = replaced;
            }
        }
        if codec.name.starts_with("sloppy") {
            let replaced = lossy_utf8_re().replace_all(&bytes, "\u{fffd}".as_bytes());
            if *replaced != *bytes {
                steps.push(Step::Transcode("replace_lossy_sequences"));
                rule = "lossy-sequence";
                bytes = replaced.into_owned();
            }
        }
        let variants = bytes.contains(&0xed) || bytes.contains(&0xc0);
        let decoded = if variants {
            codecs::decode_utf8_variants(&bytes)
        } else {
            String::from_utf8(bytes).ok()
        };
        if let Some(mut fixed) = decoded {
            if a0_restored && is_vietnamese(&fixed) {
                // newsclean: in Vietnamese, à (C3 A0) sits inside syllables ("vào",
                // "thành"), so a space after it was the A0 itself, not a word break.
                if let Some(inside) = codecs::encode(index, text)
                    .map(|b| restore_byte_a0(&b, false))
                    .and_then(|b| String::from_utf8(b).ok())
                {
                    fixed = inside;
                }
            }
            if variants {
                steps.push(Step::Decode("utf-8-variants"));
                if rule != "lossy-sequence" {
                    rule = "surrogate-pair";
                }
            } else {
                steps.push(Step::Decode("utf-8"));
            }
            return Some((fixed, Layer { rule, steps }));
        }
    }

    if utf8_detector_find(text, 0).is_some() {
        let (fixed, inner) = decode_inconsistent_utf8(text);
        if fixed != text {
            let rule = inner.first().map_or("local-run", |l| l.rule);
            let mut steps = vec![Step::Apply("decode_inconsistent_utf8")];
            for layer in inner {
                steps.extend(layer.steps);
            }
            return Some((fixed, Layer { rule, steps }));
        }
    }

    if possible[LATIN_1] {
        if possible[codecs::SLOPPY_WINDOWS_1252] && windows_1252_strict_possible(text) {
            // In both Latin-1 and Windows-1252: probably legitimate.
            return None;
        }
        if let Some(bytes) = codecs::encode(LATIN_1, text) {
            if let Some(fixed) = codecs::decode_windows_1252(&bytes) {
                if fixed != text {
                    let steps = vec![Step::Encode("latin-1"), Step::Decode("windows-1252")];
                    return Some((
                        fixed,
                        Layer {
                            rule: "c1-controls",
                            steps,
                        },
                    ));
                }
            }
        }
    }

    if text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) {
        let fixed = fix_c1_controls(text);
        return Some((
            fixed,
            Layer {
                rule: "c1-controls",
                steps: vec![Step::Transcode("fix_c1_controls")],
            },
        ));
    }
    None
}

/// ftfy's `possible_encoding(text, "windows-1252")` for the strict codec: encodable in
/// sloppy-windows-1252 without using its five pass-through C1 controls.
fn windows_1252_strict_possible(text: &str) -> bool {
    !text
        .chars()
        .any(|c| matches!(c, '\u{81}' | '\u{8d}' | '\u{8f}' | '\u{90}' | '\u{9d}'))
}

/// C1 controls to the Windows-1252 characters of the same bytes (undefined ones stay).
///
/// ```text
/// "don\u{92}t" -> "don’t"
/// ```
pub(crate) fn fix_c1_controls(text: &str) -> String {
    text.chars()
        .map(|c| {
            if ('\u{80}'..='\u{9f}').contains(&c) {
                SLOPPY_WINDOWS_1252.decode[c as usize]
            } else {
                c
            }
        })
        .collect()
}

/// UTF-8 sequences that would be valid if a space were byte A0 (ftfy's
/// `ALTERED_UTF8_RE`).
fn altered_utf8_re() -> &'static BytesRegex {
    static RE: OnceLock<BytesRegex> = OnceLock::new();
    RE.get_or_init(|| {
        BytesRegex::new(
            r"(?-u)[\xc2\xc3\xc5\xce\xd0\xd9][ ]|[\xe2\xe3][ ][\x80-\x84\x86-\x9f\xa1-\xbf]|[\xe0-\xe3][\x80-\x84\x86-\x9f\xa1-\xbf][ ]|[\xf0][ ][\x80-\xbf][\x80-\xbf]|[\xf0][\x80-\xbf][ ][\x80-\xbf]|[\xf0][\x80-\xbf][\x80-\xbf][ ]",
        )
        .expect("altered utf-8 pattern compiles")
    })
}

/// UTF-8 and CESU-8 sequences with lost continuation bytes, where byte 1A stands for a
/// U+FFFD the sloppy codec could not encode (ftfy's `LOSSY_UTF8_RE`).
fn lossy_utf8_re() -> &'static BytesRegex {
    static RE: OnceLock<BytesRegex> = OnceLock::new();
    RE.get_or_init(|| {
        BytesRegex::new(
            r"(?-u)[\xc2-\xdf][\x1a]|[\xc2-\xc3][?]|\xed[\xa0-\xaf][\x1a?]\xed[\xb0-\xbf][\x1a?\x80-\xbf]|\xed[\xa0-\xaf][\x1a?\x80-\xbf]\xed[\xb0-\xbf][\x1a?]|[\xe0-\xef][\x1a?][\x1a\x80-\xbf]|[\xe0-\xef][\x1a\x80-\xbf][\x1a?]|[\xf0-\xf4][\x1a?][\x1a\x80-\xbf][\x1a\x80-\xbf]|[\xf0-\xf4][\x1a\x80-\xbf][\x1a?][\x1a\x80-\xbf]|[\xf0-\xf4][\x1a\x80-\xbf][\x1a\x80-\xbf][\x1a?]|\x1a",
        )
        .expect("lossy utf-8 pattern compiles")
    })
}

/// Byte sequences newsclean adds to ftfy's `ALTERED_UTF8_RE`: Hebrew nun (`D7 A0`, never
/// word-final, so always followed by another Hebrew letter `D7 xx`), and A0 as the second
/// byte of CJK ideographs and Hangul (`E4-E9`, `EB-EC`) or the third byte of any
/// character from U+4000 to U+DFFF (middle bytes as in ftfy's: not 85, which is `…`).
/// Each is invalid UTF-8 as it stands, so restoring it can only complete a decode.
fn newsclean_altered_re() -> &'static BytesRegex {
    static RE: OnceLock<BytesRegex> = OnceLock::new();
    RE.get_or_init(|| {
        BytesRegex::new(
            r"(?-u)\xd7[ ]\xd7|[\xe4-\xe9\xeb\xec][ ][\x80-\x84\x86-\x9f\xa1-\xbf]|[\xe4-\xed][\x80-\x84\x86-\x9f\xa1-\xbf][ ]",
        )
        .expect("newsclean altered utf-8 pattern compiles")
    })
}

/// Is the character just before `start` or just after `end` a three-byte one from U+3000
/// to U+DFFF (kana, CJK, Hangul)? A restored CJK or Hangul character must have such a
/// neighbour: "café “" (`E9 20 93`) is Latin text, not a lost A0.
fn cjk_neighbour(bytes: &[u8], start: usize, end: usize) -> bool {
    let is_lead = |b: u8| (0xe3..=0xed).contains(&b);
    let is_cont = |b: u8| (0x80..=0xbf).contains(&b);
    let before = start >= 3
        && is_lead(bytes[start - 3])
        && is_cont(bytes[start - 2])
        && is_cont(bytes[start - 1]);
    let after = bytes.get(end).is_some_and(|&b| is_lead(b));
    before || after
}

/// The newsclean sequences of `bytes` to restore: (start, end) of each.
fn newsclean_a0_spans(bytes: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    newsclean_altered_re()
        .find_iter(bytes)
        .map(|m| (m.start(), m.end()))
        .filter(|&(start, end)| bytes[start] == 0xd7 || cjk_neighbour(bytes, start, end))
}

/// Does `bytes` hold a UTF-8 sequence broken by a space that was byte A0?
fn needs_byte_a0(bytes: &[u8]) -> bool {
    altered_utf8_re().is_match(bytes) || newsclean_a0_spans(bytes).next().is_some()
}

/// Put back byte A0 where a space broke a UTF-8 sequence (ftfy's `restore_byte_a0`).
///
/// With `a_grave_word`, `C3 20` standing alone as a word (`Ã la mode`) becomes
/// `C3 A0 20` ("à la mode", not "àla mode"), except before the Portuguese contractions
/// `às`, `àquele`, `àquela`, `àquilo`; without it the space is the A0 (Vietnamese "vào").
pub(crate) fn restore_byte_a0(bytes: &[u8], a_grave_word: bool) -> Vec<u8> {
    // A_GRAVE_WORD_RE: b"\xc3 (?! |quele|quela|quilo|s )"
    let mut with_a_grave = Vec::with_capacity(bytes.len() + 4);
    let mut i = 0;
    while i < bytes.len() {
        if a_grave_word && bytes[i] == 0xc3 && bytes.get(i + 1) == Some(&b' ') {
            let rest = &bytes[i + 2..];
            let excluded = [&b" "[..], b"quele", b"quela", b"quilo", b"s "]
                .iter()
                .any(|p| rest.starts_with(p));
            if !excluded {
                with_a_grave.extend_from_slice(b"\xc3\xa0 ");
                i += 2;
                continue;
            }
        }
        with_a_grave.push(bytes[i]);
        i += 1;
    }
    let space_to_a0 = |caps: &regex::bytes::Captures<'_>| {
        caps[0]
            .iter()
            .map(|&b| if b == b' ' { 0xa0 } else { b })
            .collect::<Vec<u8>>()
    };
    let mut out = altered_utf8_re()
        .replace_all(&with_a_grave, space_to_a0)
        .into_owned();
    let spans: Vec<(usize, usize)> = newsclean_a0_spans(&out).collect();
    for (start, end) in spans {
        // Only the space inside the broken sequence (the Hebrew pattern ends in D7).
        for b in &mut out[start..end] {
            if *b == b' ' {
                *b = 0xa0;
            }
        }
    }
    out
}

/// Does decoded text hold letters only Vietnamese uses (ơ, ư, đ, and the
/// precomposed letters with two diacritics, U+1EA0-U+1EF9)?
fn is_vietnamese(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(
            c,
            'ơ' | 'Ơ' | 'ư' | 'Ư' | 'đ' | 'Đ' | '\u{1ea0}'..='\u{1ef9}'
        )
    })
}

fn set_contains(set: &[(char, char)], c: char) -> bool {
    set.binary_search_by(|&(a, b)| {
        if c < a {
            std::cmp::Ordering::Greater
        } else if c > b {
            std::cmp::Ordering::Less
        } else {
            std::cmp::Ordering::Equal
        }
    })
    .is_ok()
}

/// ftfy's `UTF8_DETECTOR_RE` without its lookbehind (checked in [`utf8_detector_find`]).
fn utf8_detector_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let b2 = super::badness::class_body(&[CLUE_UTF8_FIRST_OF_2]);
        let b3 = super::badness::class_body(&[CLUE_UTF8_FIRST_OF_3]);
        let b4 = super::badness::class_body(&[CLUE_UTF8_FIRST_OF_4]);
        let cont = super::badness::class_body(&[CLUE_UTF8_CONTINUATION]);
        Regex::new(&format!(
            "(?:[{b2}][{cont}]|[{b3}][{cont}]{{2}}|[{b4}][{cont}]{{3}})+"
        ))
        .expect("utf-8 detector compiles")
    })
}

/// The next match of the UTF-8 detector at or after byte `from`, honouring ftfy's
/// lookbehind: the match may not follow a strict continuation character.
fn utf8_detector_find(text: &str, mut from: usize) -> Option<(usize, usize)> {
    let re = utf8_detector_re();
    while from <= text.len() {
        let m = re.find_at(text, from)?;
        let prev = text[..m.start()].chars().next_back();
        if prev.is_some_and(|p| set_contains(CLUE_UTF8_CONTINUATION_STRICT, p)) {
            // Python retries one character later; the match there may be shorter.
            let step = text[m.start()..].chars().next().map_or(1, char::len_utf8);
            from = m.start() + step;
            continue;
        }
        return Some((m.start(), m.end()));
    }
    None
}

/// Fix runs of mojibake embedded in otherwise good text, each on its own (ftfy's
/// `decode_inconsistent_utf8`).
pub(crate) fn decode_inconsistent_utf8(text: &str) -> (String, Vec<Layer>) {
    let mut out = String::with_capacity(text.len());
    let mut layers = Vec::new();
    let mut last = 0;
    let mut from = 0;
    while let Some((start, end)) = utf8_detector_find(text, from) {
        let run = &text[start..end];
        out.push_str(&text[last..start]);
        if run.len() < text.len() && is_bad(run) {
            let (fixed, inner) = fix_encoding(run);
            out.push_str(&fixed);
            layers.extend(inner);
        } else {
            out.push_str(run);
        }
        last = end;
        from = if end > start { end } else { end + 1 };
    }
    out.push_str(&text[last..]);
    (out, layers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restore_byte_a0_rows() {
        // "Ã la" (C3 20) becomes à + space; "Â " (C2 20) becomes NBSP.
        assert_eq!(restore_byte_a0(b"\xc3 la", true), b"\xc3\xa0 la");
        assert_eq!(restore_byte_a0(b"\xc3 la", false), b"\xc3\xa0la");
        assert_eq!(restore_byte_a0(b"\xc3 s ", true), b"\xc3\xa0s ");
        assert_eq!(restore_byte_a0(b"x\xc2 y", true), b"x\xc2\xa0y");
        assert_eq!(restore_byte_a0(b"plain", true), b"plain");
        // newsclean: Hebrew nun before another Hebrew letter, but not "3 \xd7 4".
        assert_eq!(restore_byte_a0(b"\xd7 \xd7\x94", true), b"\xd7\xa0\xd7\x94");
        assert_eq!(restore_byte_a0(b"3 \xd7 4", true), b"3 \xd7 4");
        // CJK with A0 as second or third byte (\u{5834} is E5 A0 B4).
        assert_eq!(
            restore_byte_a0(b"\xe5 \xb4\xe5\xa4\xa7", true),
            "\u{5834}\u{5927}".as_bytes()
        );
        // ...but not Latin text: "café “x”" read as Latin-1 bytes.
        assert_eq!(restore_byte_a0(b"caf\xe9 \x93x", true), b"caf\xe9 \x93x");
    }

    #[test]
    fn fix_encoding_explains_each_layer() {
        let (text, layers) = fix_encoding("sÃ³");
        assert_eq!(text, "só");
        assert_eq!(layers.len(), 1);
        assert_eq!(layers[0].to_string(), "encode latin-1, decode utf-8");
        let (text, layers) = fix_encoding("voilÃ le travail");
        assert_eq!(text, "voilà le travail");
        assert_eq!(
            layers[0].to_string(),
            "encode latin-1, transcode restore_byte_a0, decode utf-8"
        );
    }

    #[test]
    fn local_runs_are_fixed_inside_good_text() {
        let (text, layers) = fix_encoding("Привет, CafÃ© и Ð¼Ð¸Ñ€");
        assert_eq!(text, "Привет, Café и мир");
        assert_eq!(layers[0].steps[0], Step::Apply("decode_inconsistent_utf8"));
    }
}
