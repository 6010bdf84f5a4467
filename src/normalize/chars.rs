//! The character steps: one table says what happens to each character.
//!
//! [`classify`] is the only place that knows which characters the `controls`,
//! `invisibles`, `spaces`, `curly-quotes`, `ligatures` and `line-breaks` steps touch;
//! both the fast "is this line clean?" scan and the rewriting use it.

use super::{record, Notes, Step};
use crate::config::NormalizeConfig;

/// The step that owns `c` and what it becomes, or `None` for characters no character
/// step touches. Tab and `\n` are not here: tabs belong to the layout steps.
///
/// Deliberately absent (kept): ZWNJ U+200C and ZWJ U+200D (Persian, Indic scripts, emoji
/// sequences), bidi marks and embeddings U+200E/F, U+202A-202E, U+2066-2069 and U+061C
/// (they carry the reading order of mixed right-to-left text; removing them blindly can
/// reorder what a reader sees), variation selectors, tag characters U+E0020-E007F (emoji
/// subdivision flags), the combining grapheme joiner U+034F, primes `′ ″` (minutes,
/// seconds, feet and inches, not quotes), guillemets `« » ‹ ›`, the modifier letter
/// apostrophe `ʼ` U+02BC (a letter in Ukrainian and other orthographies), full-width
/// and CJK punctuation (`＂ 「 」`), letters such as `Ĳ` and `ǆ` that look like
/// ligatures but are letters of their languages, and U+1680 OGHAM SPACE MARK (visible).
pub(super) fn classify(c: char) -> Option<(Step, &'static str)> {
    use Step::*;
    Some(match c {
        // Line breaks. VT and FF are treated as breaks rather than removed: Word exports
        // use VT for a manual line break, and removing it would glue two words together.
        '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => (LineBreaks, "\n"),
        // C0 controls except tab, LF and the breaks above; DEL; C1 controls except NEL.
        '\u{0}'..='\u{8}' | '\u{e}'..='\u{1f}' | '\u{7f}' => (Controls, ""),
        '\u{80}'..='\u{84}' | '\u{86}'..='\u{9f}' => (Controls, ""),
        // Spaces of other widths.
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => (Spaces, " "),
        // Invisible characters: soft hyphen, zero-width space, word joiner, invisible
        // math operators (function application, times, separator, plus), deprecated
        // format characters, BOM anywhere, interlinear annotation marks.
        '\u{ad}' | '\u{200b}' | '\u{2060}'..='\u{2064}' | '\u{206a}'..='\u{206f}' => {
            (Invisibles, "")
        }
        '\u{feff}' | '\u{fff9}'..='\u{fffb}' => (Invisibles, ""),
        // Curly quotes: ‘ ’ ‚ ‛ and “ ” „ ‟.
        '\u{2018}'..='\u{201b}' => (CurlyQuotes, "'"),
        '\u{201c}'..='\u{201f}' => (CurlyQuotes, "\""),
        // Latin typographic ligatures (the Alphabetic Presentation Forms block).
        '\u{fb00}' => (Ligatures, "ff"),
        '\u{fb01}' => (Ligatures, "fi"),
        '\u{fb02}' => (Ligatures, "fl"),
        '\u{fb03}' => (Ligatures, "ffi"),
        '\u{fb04}' => (Ligatures, "ffl"),
        '\u{fb05}' | '\u{fb06}' => (Ligatures, "st"),
        _ => return None,
    })
}

/// Apply the enabled character steps to `s`, appending the result to `out`.
///
/// Returns `false` and appends nothing when no character changes. `terminated` says that
/// `s` is followed by `\n` in the text, so a final `\r` is the CR of a CRLF pair.
pub(super) fn map_chars(
    s: &str,
    terminated: bool,
    config: &NormalizeConfig,
    out: &mut String,
    changes: &mut Notes,
    line: usize,
) -> bool {
    let bytes = s.as_bytes();
    let mut last = 0;
    let mut i = 0;
    // Blocks with nothing to do are skipped; after a block that has something, the
    // next block is tried once the bytes of this one have been looked at.
    let mut next_skip = 0;
    while i < bytes.len() {
        if i >= next_skip {
            i = super::scan::skip_printable_blocks(bytes, i);
            next_skip = i + super::scan::BLOCK;
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        if (0x20..0x7f).contains(&b) || b == b'\t' || b == b'\n' {
            i += 1;
            continue;
        }
        if b >= 0x80 && !may_classify(b) {
            i += utf8_len(b);
            continue;
        }
        let c = s[i..].chars().next().expect("char boundary");
        // A terminal colour code goes whole (`ESC[31m`), not just its ESC.
        let len = match c {
            '\u{1b}' => ansi_escape_len(&bytes[i..]).unwrap_or(1),
            _ => c.len_utf8(),
        };
        if let Some((step, replacement)) = classify(c) {
            if step.enabled(config) {
                if last == 0 {
                    out.reserve(s.len());
                }
                out.push_str(&s[last..i]);
                let crlf = c == '\r'
                    && (bytes.get(i + 1) == Some(&b'\n') || (terminated && i + 1 == bytes.len()));
                if crlf {
                    // The `\n` stays where it is; only the CR goes.
                    record(changes, step, line, "\r\n", "\n");
                } else {
                    out.push_str(replacement);
                    record(changes, step, line, &s[i..i + len], replacement);
                }
                last = i + len;
            }
        }
        i += len;
    }
    if last == 0 {
        return false;
    }
    out.push_str(&s[last..]);
    true
}

/// Length of the ANSI escape sequence (`ESC [` digits and `;`, then a letter, as ftfy's
/// `remove_terminal_escapes` matches) at the start of `bytes`, if there is one.
fn ansi_escape_len(bytes: &[u8]) -> Option<usize> {
    if bytes.get(1) != Some(&b'[') {
        return None;
    }
    let params = bytes[2..]
        .iter()
        .take_while(|b| b.is_ascii_digit() || **b == b';')
        .count();
    let end = 2 + params;
    bytes
        .get(end)
        .filter(|b| b.is_ascii_alphabetic())
        .map(|_| end + 1)
}

/// Can a character with this UTF-8 lead byte be in [`classify`]'s table? Only U+0080-00BF
/// (0xC2), U+2000-2FFF (0xE2), U+3000-3FFF (0xE3) and U+F000-FFFF (0xEF) can; other
/// characters are skipped without decoding (a test checks the whole table).
pub(super) const fn may_classify(lead: u8) -> bool {
    matches!(lead, 0xC2 | 0xE2 | 0xE3 | 0xEF)
}

/// Length of the UTF-8 sequence that starts with `lead` (a lead byte of valid UTF-8).
fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0x80..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// Byte classes for the clean-line scan.
const PLAIN: u8 = 0;
const SPACE: u8 = 1;
const AMP: u8 = 2;
const CONTROL: u8 = 3;
const HIGH: u8 = 4;
const SKIP: u8 = 5;

/// Class of each byte: printable ASCII is plain, except space and `&`.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [PLAIN; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = if b < 0x20 || b == 0x7f {
            CONTROL
        } else if b == b' ' as usize {
            SPACE
        } else if b == b'&' as usize {
            AMP
        } else if may_classify(b as u8) {
            HIGH
        } else if b >= 0x80 {
            SKIP
        } else {
            PLAIN
        };
        b += 1;
    }
    table
};

/// True when no step can change `line` (a line without its `\n`): one pass over the
/// bytes, plus a quick normalization check when the line has non-ASCII characters.
///
/// It may say "not clean" for a line that turns out unchanged (an `&` that starts no
/// entity); it never says "clean" for a line that a step would change.
pub(super) fn is_clean(line: &str, config: &NormalizeConfig) -> bool {
    let bytes = line.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return true;
    };
    if first == b' ' || last == b' ' {
        return false;
    }
    let mut non_ascii = false;
    let mut i = 0;
    let amp = if config.html_entities { b'&' } else { 0xFF };
    // Blocks with nothing to do are skipped; after a block that has something, the
    // next block is tried once the bytes of this one have been looked at.
    let mut next_skip = 0;
    while i < bytes.len() {
        if i >= next_skip {
            i = super::scan::skip_quiet_blocks(bytes, i, amp);
            next_skip = i + super::scan::BLOCK;
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        match BYTE_CLASS[b as usize] {
            PLAIN => i += 1,
            // The last byte is not a space, so `i + 1` is in bounds.
            SPACE if bytes[i + 1] == b' ' => return false,
            SPACE => i += 1,
            AMP if config.html_entities => return false,
            AMP => i += 1,
            CONTROL => return false,
            SKIP => {
                non_ascii = true;
                i += utf8_len(bytes[i]);
            }
            _ => {
                non_ascii = true;
                let c = line[i..].chars().next().expect("char boundary");
                if classify(c).is_some_and(|(step, _)| step.enabled(config)) {
                    return false;
                }
                i += c.len_utf8();
            }
        }
    }
    !non_ascii || super::form::is_normalized(line, config.form)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Name, character, expected step and replacement.
    type Row = (&'static str, char, Option<(Step, &'static str)>);

    #[test]
    fn table_rows() {
        let rows: &[Row] = &[
            (
                "left double quote",
                '\u{201c}',
                Some((Step::CurlyQuotes, "\"")),
            ),
            (
                "low double quote",
                '\u{201e}',
                Some((Step::CurlyQuotes, "\"")),
            ),
            (
                "right single quote",
                '\u{2019}',
                Some((Step::CurlyQuotes, "'")),
            ),
            ("guillemet kept", '\u{ab}', None),
            ("single guillemet kept", '\u{2039}', None),
            ("prime kept", '\u{2032}', None),
            ("double prime kept", '\u{2033}', None),
            ("corner bracket kept", '\u{300c}', None),
            ("full-width quote kept", '\u{ff02}', None),
            ("nbsp", '\u{a0}', Some((Step::Spaces, " "))),
            ("narrow nbsp", '\u{202f}', Some((Step::Spaces, " "))),
            ("ideographic space", '\u{3000}', Some((Step::Spaces, " "))),
            ("hair space", '\u{200a}', Some((Step::Spaces, " "))),
            ("zwsp", '\u{200b}', Some((Step::Invisibles, ""))),
            ("zwnj kept", '\u{200c}', None),
            ("zwj kept", '\u{200d}', None),
            ("lrm kept", '\u{200e}', None),
            ("rle kept", '\u{202b}', None),
            ("variation selector kept", '\u{fe0f}', None),
            ("bom", '\u{feff}', Some((Step::Invisibles, ""))),
            ("soft hyphen", '\u{ad}', Some((Step::Invisibles, ""))),
            ("nul", '\u{0}', Some((Step::Controls, ""))),
            ("escape", '\u{1b}', Some((Step::Controls, ""))),
            ("c1 0x92", '\u{92}', Some((Step::Controls, ""))),
            ("nel", '\u{85}', Some((Step::LineBreaks, "\n"))),
            ("line separator", '\u{2028}', Some((Step::LineBreaks, "\n"))),
            ("tab not a char step", '\t', None),
            ("fi ligature", '\u{fb01}', Some((Step::Ligatures, "fi"))),
            ("ffl ligature", '\u{fb04}', Some((Step::Ligatures, "ffl"))),
            ("em dash kept", '\u{2014}', None),
            ("ellipsis kept", '\u{2026}', None),
        ];
        for (name, c, expected) in rows {
            assert_eq!(classify(*c), *expected, "{name}");
        }
    }

    #[test]
    fn every_classified_char_has_a_checked_lead_byte() {
        let mut utf8 = [0; 4];
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let encoded = c.encode_utf8(&mut utf8);
            assert_eq!(utf8_len(encoded.as_bytes()[0]), c.len_utf8());
            if classify(c).is_some() && c as u32 >= 0x80 {
                assert!(may_classify(encoded.as_bytes()[0]), "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn ansi_escape_rows() {
        let rows: &[(&str, Option<usize>)] = &[
            ("\u{1b}[31mred", Some(5)),
            ("\u{1b}[0m", Some(4)),
            ("\u{1b}[1;32;40mx", Some(10)),
            ("\u{1b}[K", Some(3)),
            ("\u{1b}[31", None),
            ("\u{1b}[3 1m", None),
            ("\u{1b}x", None),
            ("\u{1b}", None),
        ];
        for (text, expected) in rows {
            assert_eq!(ansi_escape_len(text.as_bytes()), *expected, "{text:?}");
        }
    }

    #[test]
    fn clean_scan_rows() {
        let config = NormalizeConfig::default();
        let rows: &[(&str, &str, bool)] = &[
            ("plain", "A plain line.", true),
            ("empty", "", true),
            ("cyrillic", "Привет, мир", true),
            ("cjk", "「東京」で、会議。", true),
            ("double space", "a  b", false),
            ("leading space", " a", false),
            ("trailing space", "a ", false),
            ("tab", "a\tb", false),
            ("cr", "a\r", false),
            ("ampersand", "AT&T", false),
            ("curly", "it\u{2019}s", false),
            ("decomposed", "cafe\u{301}", false),
        ];
        for (name, line, expected) in rows {
            assert_eq!(is_clean(line, &config), *expected, "{name}");
        }
        // A character whose step is off does not make the line dirty.
        let keep = Step::CurlyQuotes.disable(&config);
        assert!(is_clean("it\u{2019}s", &keep));
        assert!(!is_clean("it\u{2019}s\u{a0}", &keep));
    }
}
