//! The clean-stretch scan: how far from a line start the text is made of whole lines that
//! no step of the stage can change, so the driver copies (or borrows) them without the
//! per-line work.
//!
//! The scan looks at 16 bytes at a time with a test the compiler turns into vector
//! compares: any byte >= 0x80, a control byte other than `\n`, DEL, `&` (when entities are
//! decoded), a space before a space or `\n`, a `\n` before a space, three `\n` in a row.
//! Only a block with one of those is looked at byte by byte. A non-ASCII character there
//! is fine when [`classify`](super::chars::classify) gives it no enabled step and it is
//! "inert" for the normal form: quick check `Yes` and combining class 0, so that it can
//! neither change nor make a neighbour change. Other characters are fine when the run of
//! non-ASCII characters around them passes the quick check (as `form.rs` would find).
//!
//! The test is stricter than needed (a tab is always suspect, even when the layout steps
//! are off): a suspect line only goes through the full per-line path, which decides.

use super::chars::{classify, may_classify};
use crate::config::{NormalForm, NormalizeConfig};
use std::sync::OnceLock;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, is_nfkc_quick, IsNormalized};

/// Bytes tested per block.
const BLOCK: usize = 16;

/// What stands for bytes past the end of the text: a byte that is never suspect.
const PAD: u8 = b'a';

/// One bit per BMP code point: set when the character is inert for the normal form.
type BmpBits = [u64; 1024];

/// The inert bits for `form`, computed once per process from unicode-normalization's
/// own tables (about a millisecond) into static memory, so the scan never allocates;
/// `None` when no normal form is applied.
fn inert_table(form: NormalForm) -> Option<&'static BmpBits> {
    static NFC: OnceLock<BmpBits> = OnceLock::new();
    static NFKC: OnceLock<BmpBits> = OnceLock::new();
    let cell = match form {
        NormalForm::None => return None,
        NormalForm::Nfc => &NFC,
        NormalForm::Nfkc => &NFKC,
    };
    Some(cell.get_or_init(|| {
        let mut bits = [0u64; 1024];
        for c in (0..0x1_0000u32).filter_map(char::from_u32) {
            if is_inert(c, form) {
                bits[c as usize >> 6] |= 1 << (c as u32 & 63);
            }
        }
        bits
    }))
}

/// True when `c` alone passes the quick check for `form` (`Yes`) and is a starter
/// (combining class 0). The quick check of a text made of ASCII and such characters is
/// `Yes` (each resets it, as an ASCII character does), so the form step leaves it alone;
/// a following character that would compose with one fails this test itself.
pub(super) fn is_inert(c: char, form: NormalForm) -> bool {
    let quick = match form {
        NormalForm::None => return true,
        NormalForm::Nfc => is_nfc_quick(std::iter::once(c)),
        NormalForm::Nfkc => is_nfkc_quick(std::iter::once(c)),
    };
    quick == IsNormalized::Yes && canonical_combining_class(c) == 0
}

/// Does any byte of `w[..BLOCK]` need a closer look? `w` has `BLOCK + 2` bytes (the two
/// after the block are lookahead); `amp` is `&`, or 0xFF (never in UTF-8) when `&` is fine.
#[inline(always)]
fn block_suspect(w: &[u8; BLOCK + 2], amp: u8) -> bool {
    let mut any = 0u8;
    for k in 0..BLOCK {
        let (b, n, nn) = (w[k], w[k + 1], w[k + 2]);
        let bad = (b >= 0x80)
            | ((b < 0x20) & (b != b'\n'))
            | (b == 0x7f)
            | (b == amp)
            | ((b == b' ') & ((n == b' ') | (n == b'\n')))
            | ((b == b'\n') & ((n == b' ') | ((n == b'\n') & (nn == b'\n'))));
        any |= bad as u8;
    }
    any != 0
}

/// The same test for the ASCII byte at `i`, with [`PAD`] past the end.
#[inline]
fn ascii_suspect(bytes: &[u8], i: usize, amp: u8) -> bool {
    let b = bytes[i];
    let n = bytes.get(i + 1).copied().unwrap_or(PAD);
    let nn = bytes.get(i + 2).copied().unwrap_or(PAD);
    ((b < 0x20) & (b != b'\n'))
        | (b == 0x7f)
        | (b == amp)
        | ((b == b' ') & ((n == b' ') | (n == b'\n')))
        | ((b == b'\n') & ((n == b' ') | ((n == b'\n') & (nn == b'\n'))))
}

/// The character starting at `i` (a lead byte of valid UTF-8) and its length.
#[inline]
fn decode_at(bytes: &[u8], i: usize) -> (u32, usize) {
    let b0 = u32::from(bytes[i]);
    let cont = |k: usize| u32::from(bytes[i + k] & 0x3F);
    if b0 < 0xE0 {
        (((b0 & 0x1F) << 6) | cont(1), 2)
    } else if b0 < 0xF0 {
        (((b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            ((b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    }
}

/// The byte scan of one text under one configuration.
struct Scanner<'t> {
    bytes: &'t [u8],
    text: &'t str,
    config: &'t NormalizeConfig,
    amp: u8,
    inert: Option<&'static BmpBits>,
    /// The non-ASCII run ending here passed the quick check already.
    form_ok_until: usize,
}

impl Scanner<'_> {
    /// Is the non-ASCII character at `i` (of length `len`, code point `cp`) fine?
    fn char_ok(&mut self, i: usize, cp: u32, len: usize) -> bool {
        let c = char::from_u32(cp).expect("valid UTF-8");
        if may_classify(self.bytes[i]) && classify(c).is_some_and(|(s, _)| s.enabled(self.config)) {
            return false;
        }
        let Some(bits) = self.inert else {
            return true;
        };
        let inert = if cp < 0x1_0000 {
            bits[cp as usize >> 6] >> (cp & 63) & 1 == 1
        } else {
            is_inert(c, self.config.form)
        };
        if inert || i < self.form_ok_until {
            return true;
        }
        // Quick-check the whole run of non-ASCII characters around `c`: ASCII characters
        // are starters that reset the check, so this is what the form step looks at.
        let mut start = i;
        while start > 0 && self.bytes[start - 1] >= 0x80 {
            start -= 1;
        }
        let mut end = i + len;
        while end < self.bytes.len() && self.bytes[end] >= 0x80 {
            end += 1;
        }
        if super::form::is_normalized(&self.text[start..end], self.config.form) {
            self.form_ok_until = end;
            true
        } else {
            false
        }
    }

    /// Look at the bytes from `i` one by one up to `end` (or past it, to the end of a
    /// character); the first suspect position, or where it stopped.
    #[inline]
    fn bytewise(&mut self, mut i: usize, end: usize) -> Result<usize, usize> {
        while i < end {
            if self.bytes[i] < 0x80 {
                if ascii_suspect(self.bytes, i, self.amp) {
                    return Err(i);
                }
                i += 1;
            } else {
                let (cp, len) = decode_at(self.bytes, i);
                if !self.char_ok(i, cp, len) {
                    return Err(i);
                }
                i += len;
            }
        }
        Ok(i)
    }

    /// The first suspect position at or after `from` (a character boundary), or the
    /// length of the text.
    fn first_suspect(&mut self, from: usize) -> usize {
        let bytes = self.bytes;
        let mut i = from;
        while i + BLOCK + 2 <= bytes.len() {
            let w: &[u8; BLOCK + 2] = bytes[i..i + BLOCK + 2].try_into().expect("block");
            if !block_suspect(w, self.amp) {
                i += BLOCK;
                continue;
            }
            match self.bytewise(i, i + BLOCK) {
                Ok(next) => i = next,
                Err(at) => return at,
            }
        }
        match self.bytewise(i, bytes.len()) {
            Ok(_) => bytes.len(),
            Err(at) => at,
        }
    }
}

/// The end of the longest stretch of whole lines starting at line start `start` that no
/// step can change, given that no blank lines are pending before `start` (so the line
/// before it, if any, was a line of text). The stretch ends just after the `\n` of a
/// line of text, so no blank lines are pending after it either; `start` when there is
/// no such stretch.
///
/// Inside the stretch: no character a step changes, nothing the normal form changes, no
/// space or tab at either end of a line, no two spaces in a row, no tab, no `\r`, no two
/// blank lines in a row, no blank line at the start of the text, and every line ends
/// in `\n`.
pub(super) fn clean_lines_end(text: &str, start: usize, config: &NormalizeConfig) -> usize {
    let bytes = text.as_bytes();
    if start >= bytes.len() || (start == 0 && matches!(bytes[0], b' ' | b'\n')) {
        return start;
    }
    let mut scanner = Scanner {
        bytes,
        text,
        config,
        amp: if config.html_entities { b'&' } else { 0xFF },
        inert: inert_table(config.form),
        form_ok_until: 0,
    };
    // From the `\n` before the line, so that a blank line after a line of text and a
    // space at the start of the first line are seen.
    let suspect = scanner.first_suspect(start.saturating_sub(1)).max(start);
    // Stop at the start of the line holding the suspect byte (all of the text when the
    // scan found nothing and the text ends in `\n`)...
    let mut end = match memchr::memrchr(b'\n', &bytes[start..suspect]) {
        Some(k) => start + k + 1,
        None => start,
    };
    // ...and before any blank lines that end the stretch.
    while end > start && end >= 2 && bytes[end - 2] == b'\n' {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inert_table_matches_the_quick_check() {
        for form in [NormalForm::Nfc, NormalForm::Nfkc] {
            let bits = inert_table(form).expect("table");
            for c in (0..0x1_0000u32).filter_map(char::from_u32) {
                let bit = bits[c as usize >> 6] >> (c as u32 & 63) & 1 == 1;
                assert_eq!(bit, is_inert(c, form), "U+{:04X}", c as u32);
            }
        }
        assert!(inert_table(NormalForm::None).is_none());
    }

    #[test]
    fn inert_rows() {
        let rows: &[(char, bool, bool)] = &[
            ('a', true, true),
            ('\u{e9}', true, true),
            ('\u{2014}', true, true),
            ('\u{301}', false, false),
            ('\u{1161}', false, false),
            ('\u{ac00}', true, true),
            ('\u{ff0c}', true, false),
            ('\u{fb01}', true, false),
            ('\u{416}', true, true),
            ('\u{94d}', false, false),
            ('\u{1f469}', true, true),
            ('\u{212b}', false, false),
        ];
        for &(c, nfc, nfkc) in rows {
            assert_eq!(is_inert(c, NormalForm::Nfc), nfc, "U+{:04X}", c as u32);
            assert_eq!(is_inert(c, NormalForm::Nfkc), nfkc, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn decode_matches_std() {
        for c in [
            '\u{80}',
            '\u{7ff}',
            '\u{800}',
            '\u{2014}',
            '\u{ffff}',
            '\u{10000}',
            '\u{10ffff}',
        ] {
            let s = c.to_string();
            assert_eq!(decode_at(s.as_bytes(), 0), (c as u32, c.len_utf8()));
        }
    }

    #[test]
    fn block_and_bytewise_tests_agree() {
        // Every byte pattern that matters, at every offset of a block.
        let alphabet = [b'a', b' ', b'\n', b'\t', b'&', b'\r', 0x7f, 0x1b];
        for amp in [b'&', 0xFF] {
            for x in alphabet {
                for y in alphabet {
                    for z in alphabet {
                        for at in 0..BLOCK {
                            let mut w = [b'a'; BLOCK + 2];
                            w[at] = x;
                            w[at + 1] = y;
                            w[at + 2] = z;
                            let expected = (0..BLOCK).any(|k| ascii_suspect(&w, k, amp));
                            assert_eq!(block_suspect(&w, amp), expected, "{w:?} {amp}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn clean_lines_end_rows() {
        let config = NormalizeConfig::default();
        let rows: &[(&str, usize, usize)] = &[
            ("", 0, 0),
            ("one\ntwo\n", 0, 8),
            ("one\n\ntwo\n", 0, 9),
            ("one\ntwo", 0, 4),
            ("one\ntwo\n\n", 0, 8),
            ("one\n\n\ntwo\n", 0, 0),
            ("\none\n", 0, 0),
            (" one\n", 0, 0),
            ("one\n two\n", 0, 0),
            ("one\ntwo \nthree\n", 0, 4),
            ("one\ntwo  x\nthree\n", 0, 4),
            ("one\nit\u{2019}s\nthree\n", 0, 4),
            ("one\ncafe\u{301}\nthree\n", 0, 4),
            ("one\nAT&T\nthree\n", 0, 4),
            ("one\ntab\tx\nthree\n", 0, 4),
            ("one\ncr\r\nthree\n", 0, 4),
            (
                "a \u{2014} b\n\u{41c}\u{43e}\u{441}\n\u{4e1c}\u{3002}\n",
                0,
                22,
            ),
            // Lines after a dirty one, from the start of the next line.
            ("one\ntwo \nthree\n", 9, 15),
            ("one\ntwo \n\nthree\n", 9, 16),
            ("one\ntwo \n\n\nthree\n", 9, 9),
            ("one\ntwo \n four\n", 9, 9),
        ];
        for &(text, start, expected) in rows {
            assert_eq!(
                clean_lines_end(text, start, &config),
                expected,
                "{text:?} from {start}"
            );
        }
        // `&` is fine when entities are not decoded.
        let no_entities = NormalizeConfig {
            html_entities: false,
            ..NormalizeConfig::default()
        };
        assert_eq!(clean_lines_end("one\nAT&T\n", 0, &no_entities), 9);
    }

    #[test]
    fn combining_marks_pass_when_the_run_is_normalized() {
        let config = NormalizeConfig::default();
        // Devanagari with virama (combining class 9) is NFC: the run passes the check.
        let hindi = "\u{928}\u{92e}\u{938}\u{94d}\u{924}\u{947}\n";
        assert_eq!(clean_lines_end(hindi, 0, &config), hindi.len());
        // Two marks out of order fail it.
        let bad = "x\u{316}\u{301}y\u{300}\u{316}\n";
        assert_eq!(clean_lines_end(bad, 0, &config), 0);
    }
}
