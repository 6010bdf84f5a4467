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
use std::sync::atomic::{AtomicU64, Ordering};
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, is_nfkc_quick, IsNormalized};

/// Bytes tested per block.
pub(super) const BLOCK: usize = 16;

/// What stands for bytes past the end of the text: a byte that is never suspect.
const PAD: u8 = b'a';

/// One bit per BMP code point, set when the character is [inert](is_inert) for `form`,
/// filled in from unicode-normalization's own lookups 64 code points at a time, the first
/// time the scan meets one of them (so a text pays only for the blocks it uses). Static
/// memory: the scan never allocates. Two threads filling the same word write the same
/// value.
struct InertTable {
    form: NormalForm,
    /// Bit `k` of word `w`: U+(64w + k) is inert.
    bits: [AtomicU64; 1024],
    /// Bit `k` of word `w`: word `64w + k` of `bits` is filled in.
    filled: [AtomicU64; 16],
}

impl InertTable {
    const fn new(form: NormalForm) -> InertTable {
        InertTable {
            form,
            bits: [const { AtomicU64::new(0) }; 1024],
            filled: [const { AtomicU64::new(0) }; 16],
        }
    }

    /// A set bit is always right (bits are only set once computed); a clear one may
    /// be a word not filled in yet. The fast path of the scan.
    #[inline(always)]
    fn known_inert(&self, word: usize, bit: u8) -> bool {
        self.bits[word].load(Ordering::Relaxed) >> bit & 1 == 1
    }

    /// Is the BMP code point `cp` inert?
    #[inline]
    fn get(&self, cp: u32) -> bool {
        self.word((cp >> 6) as usize) >> (cp & 63) & 1 == 1
    }

    /// The bits of U+(64 `word`) to U+(64 `word` + 63), filled in if need be.
    #[inline]
    fn word(&self, word: usize) -> u64 {
        if self.filled[word >> 6].load(Ordering::Acquire) >> (word & 63) & 1 == 0 {
            self.fill(word);
        }
        self.bits[word].load(Ordering::Relaxed)
    }

    #[cold]
    #[inline(never)]
    fn fill(&self, word: usize) {
        let first = (word as u32) << 6;
        let bits = (0..64)
            .filter(|&k| char::from_u32(first + k).is_some_and(|c| is_inert(c, self.form)))
            .fold(0u64, |bits, k| bits | 1 << k);
        self.bits[word].store(bits, Ordering::Relaxed);
        self.filled[word >> 6].fetch_or(1 << (word & 63), Ordering::Release);
    }
}

/// The inert table for `form` (every character is inert when no form is applied).
fn inert_table(form: NormalForm) -> &'static InertTable {
    static NONE: InertTable = InertTable::new(NormalForm::None);
    static NFC: InertTable = InertTable::new(NormalForm::Nfc);
    static NFKC: InertTable = InertTable::new(NormalForm::Nfkc);
    match form {
        NormalForm::None => &NONE,
        NormalForm::Nfc => &NFC,
        NormalForm::Nfkc => &NFKC,
    }
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

/// Is the ASCII byte `b`, followed by `n` and `nn`, suspect? False for every non-ASCII
/// byte. `amp` is `&`, or 0xFF (never in UTF-8) when `&` is fine.
#[inline(always)]
fn ascii_byte_suspect(b: u8, n: u8, nn: u8, amp: u8) -> bool {
    ((b < 0x20) & (b != b'\n'))
        | (b == 0x7f)
        | (b == amp)
        | ((b == b' ') & ((n == b' ') | (n == b'\n')))
        | ((b == b'\n') & ((n == b' ') | ((n == b'\n') & (nn == b'\n'))))
}

/// The three rows of a block: each byte, the byte after it and the one after that.
type Rows<'w> = (&'w [u8; BLOCK], &'w [u8; BLOCK], &'w [u8; BLOCK]);

fn rows(w: &[u8; BLOCK + 2]) -> Rows<'_> {
    (
        w[..BLOCK].try_into().expect("block"),
        w[1..BLOCK + 1].try_into().expect("block"),
        w[2..].try_into().expect("block"),
    )
}

/// Does any byte of the block `w[..BLOCK]` need a closer look: a non-ASCII byte or a
/// suspect ASCII one? `w` has `BLOCK + 2` bytes (the two after the block are
/// lookahead). Written so that the compiler makes it vector compares and one branch.
#[inline(always)]
fn block_suspect(w: &[u8; BLOCK + 2], amp: u8) -> bool {
    let (b, n, nn) = rows(w);
    let mut any = false;
    for k in 0..BLOCK {
        any |= (b[k] >= 0x80) | ascii_byte_suspect(b[k], n[k], nn[k], amp);
    }
    any
}

/// Is an ASCII byte of the block suspect?
#[inline(always)]
fn block_ascii_suspect(w: &[u8; BLOCK + 2], amp: u8) -> bool {
    let (b, n, nn) = rows(w);
    let mut any = false;
    for k in 0..BLOCK {
        any |= ascii_byte_suspect(b[k], n[k], nn[k], amp);
    }
    any
}

/// Skip whole blocks, from `i`, in which no byte needs a closer look (as
/// [`block_suspect`] says: the line scan of `chars::is_clean` uses it); the
/// position of the first block that does, or near the end.
#[inline]
pub(super) fn skip_quiet_blocks(bytes: &[u8], mut i: usize, amp: u8) -> usize {
    while let Some(w) = bytes.get(i..i + BLOCK + 2) {
        if block_suspect(w.try_into().expect("block"), amp) {
            break;
        }
        i += BLOCK;
    }
    i
}

/// Skip whole blocks, from `i`, of ASCII bytes; the position of the first block with a
/// non-ASCII byte, or near the end.
#[inline]
pub(super) fn skip_ascii_blocks(bytes: &[u8], mut i: usize) -> usize {
    while let Some(w) = bytes.get(i..i + BLOCK) {
        if w.iter().fold(0u8, |any, &b| any | b) >= 0x80 {
            break;
        }
        i += BLOCK;
    }
    i
}

/// Skip whole blocks, from `i`, of printable ASCII, tab and `\n` (bytes no character
/// step looks at); the position of the first block with another byte, or near the end.
#[inline]
pub(super) fn skip_printable_blocks(bytes: &[u8], mut i: usize) -> usize {
    while let Some(w) = bytes.get(i..i + BLOCK) {
        let other = w.iter().fold(false, |any, &b| {
            any | !((0x20..0x7f).contains(&b) | (b == b'\t') | (b == b'\n'))
        });
        if other {
            break;
        }
        i += BLOCK;
    }
    i
}

/// Skip whole blocks, from `i`, in `bytes[..end]` that `collapse-spaces` leaves alone: no
/// tab, no space followed by a space or tab. The position of the first block that has
/// one, or near `end`.
#[inline]
pub(super) fn skip_single_spaced_blocks(bytes: &[u8], mut i: usize, end: usize) -> usize {
    while let Some(w) = bytes[..end].get(i..i + BLOCK + 1) {
        let (b, n) = (&w[..BLOCK], &w[1..]);
        let mut any = false;
        for k in 0..BLOCK {
            any |= (b[k] == b'\t') | ((b[k] == b' ') & ((n[k] == b' ') | (n[k] == b'\t')));
        }
        if any {
            break;
        }
        i += BLOCK;
    }
    i
}

/// The same test for the byte at `i`, with [`PAD`] past the end.
#[inline]
fn ascii_suspect(bytes: &[u8], i: usize, amp: u8) -> bool {
    let n = bytes.get(i + 1).copied().unwrap_or(PAD);
    let nn = bytes.get(i + 2).copied().unwrap_or(PAD);
    ascii_byte_suspect(bytes[i], n, nn, amp)
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
    inert: &'static InertTable,
    /// The non-ASCII run ending here passed the quick check already.
    form_ok_until: usize,
}

impl Scanner<'_> {
    /// Is the non-ASCII character at `i` fine? The full test, for characters that the
    /// table alone does not clear.
    #[cold]
    #[inline(never)]
    fn char_ok(&mut self, i: usize) -> bool {
        let (cp, len) = decode_at(self.bytes, i);
        let c = char::from_u32(cp).expect("valid UTF-8");
        if may_classify(self.bytes[i]) && classify(c).is_some_and(|(s, _)| s.enabled(self.config)) {
            return false;
        }
        let inert = if cp < 0x1_0000 {
            self.inert.get(cp)
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

    /// Check the run of non-ASCII characters starting at `i`; the first suspect
    /// position, or the end of the run. A BMP character whose lead byte no step looks at
    /// and whose table bit is set is cleared without decoding it: its table word is
    /// given by the lead byte (and the second byte of three), its bit by the last byte.
    /// Others go through [`char_ok`](Self::char_ok).
    #[inline]
    fn non_ascii_run(&mut self, mut i: usize) -> Result<usize, usize> {
        let bytes = self.bytes;
        while let Some(&lead) = bytes.get(i) {
            if lead < 0x80 {
                // Stay in the run across a space, or a printable character and a space,
                // between words of a script without ASCII letters: a space before a
                // non-ASCII byte is never suspect, nor is printable ASCII other than `&`.
                let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
                if lead == b' ' && next(1) >= 0x80 {
                    i += 1;
                    continue;
                }
                if (0x21..0x7f).contains(&lead)
                    && lead != self.amp
                    && next(1) == b' '
                    && next(2) >= 0x80
                {
                    i += 2;
                    continue;
                }
                break;
            }
            let (word, bit, len) = if lead < 0xE0 {
                (usize::from(lead & 0x1F), bytes[i + 1] & 0x3F, 2)
            } else if lead < 0xF0 {
                let word = usize::from(lead & 0x0F) << 6 | usize::from(bytes[i + 1] & 0x3F);
                (word, bytes[i + 2] & 0x3F, 3)
            } else {
                if !self.char_ok(i) {
                    return Err(i);
                }
                i += 4;
                continue;
            };
            let cleared = self.inert.known_inert(word, bit) && !may_classify(lead);
            if !cleared && !self.char_ok(i) {
                return Err(i);
            }
            i += len;
        }
        Ok(i)
    }

    /// Look at the bytes from `i` one by one up to `end` (or past it, to the end of a
    /// run of non-ASCII characters); the first suspect position, or where it stopped.
    #[inline]
    fn bytewise(&mut self, mut i: usize, end: usize) -> Result<usize, usize> {
        while i < end {
            if self.bytes[i] < 0x80 {
                if ascii_suspect(self.bytes, i, self.amp) {
                    return Err(i);
                }
                i += 1;
            } else {
                i = self.non_ascii_run(i)?;
            }
        }
        Ok(i)
    }

    /// The first suspect position at or after `from` (a character boundary), or the
    /// length of the text.
    fn first_suspect(&mut self, from: usize) -> usize {
        let bytes = self.bytes;
        let mut i = from;
        while let Some(w) = bytes.get(i..i + BLOCK + 2) {
            let w: &[u8; BLOCK + 2] = w.try_into().expect("block");
            if !block_suspect(w, self.amp) {
                i += BLOCK;
                continue;
            }
            if block_ascii_suspect(w, self.amp) {
                match self.bytewise(i, i + BLOCK) {
                    Ok(next) => i = next,
                    Err(at) => return at,
                }
                continue;
            }
            // Only non-ASCII characters to look at.
            let end = i + BLOCK;
            while i < end {
                if bytes[i] < 0x80 {
                    i += 1;
                } else {
                    match self.non_ascii_run(i) {
                        Ok(next) => i = next,
                        Err(at) => return at,
                    }
                }
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
// Kept out of the driver: inlined there, its block loop compiles to slower code.
#[inline(never)]
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
            let table = inert_table(form);
            for c in (0..0x1_0000u32).filter_map(char::from_u32) {
                assert_eq!(table.get(c as u32), is_inert(c, form), "U+{:04X}", c as u32);
            }
        }
        assert!(inert_table(NormalForm::None).get(0x301));
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
        let alphabet = [
            b'a', b' ', b'\n', b'\t', b'&', b'\r', 0x7f, 0x1b, 0xC3, 0xE2,
        ];
        for amp in [b'&', 0xFF] {
            for x in alphabet {
                for y in alphabet {
                    for z in alphabet {
                        for at in 0..BLOCK {
                            let mut w = [b'a'; BLOCK + 2];
                            w[at] = x;
                            w[at + 1] = y;
                            w[at + 2] = z;
                            let ascii = (0..BLOCK).any(|k| ascii_suspect(&w, k, amp));
                            let high = w[..BLOCK].iter().any(|&b| b >= 0x80);
                            assert_eq!(block_suspect(&w, amp), ascii || high, "{w:?} {amp}");
                            assert_eq!(block_ascii_suspect(&w, amp), ascii, "{w:?} {amp}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn skips_stop_at_the_first_block_that_matters() {
        let text = "0123456789abcdef0123456789abcdef\u{e9}tail";
        assert_eq!(skip_ascii_blocks(text.as_bytes(), 0), 32);
        assert_eq!(skip_ascii_blocks(text.as_bytes(), 20), 20);
        assert_eq!(skip_printable_blocks(text.as_bytes(), 0), 32);
        let tabbed = "0123456789abcdef01234\t6789abcdef\u{7}";
        assert_eq!(skip_printable_blocks(tabbed.as_bytes(), 0), 32);
        assert_eq!(skip_quiet_blocks(tabbed.as_bytes(), 0, b'&'), 16);
        let spaced = "one two three four five six  seven";
        assert_eq!(skip_quiet_blocks(spaced.as_bytes(), 0, b'&'), 16);
        assert_eq!(skip_quiet_blocks(b"short", 0, b'&'), 0);
        let b = spaced.as_bytes();
        assert_eq!(skip_single_spaced_blocks(b, 0, b.len()), 16);
        assert_eq!(skip_single_spaced_blocks(b, 0, 16), 0);
        assert_eq!(skip_single_spaced_blocks(tabbed.as_bytes(), 0, 33), 16);
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
