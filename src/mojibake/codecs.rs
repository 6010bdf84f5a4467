//! The legacy single-byte codecs mojibake comes from, and the UTF-8 decoders used to undo it.
//!
//! The byte tables are generated (see `tables.rs`); here they become encoders (char to
//! byte, built once) and ftfy's `utf-8-variants` decoder (CESU-8 surrogate pairs and Java's
//! `C0 80` for U+0000 on top of strict UTF-8).

use super::tables::{self, CodecTable};
use std::sync::OnceLock;

/// The codecs tried, in order: ftfy 6.3.1's `CHARMAP_ENCODINGS`, then KOI8-R (a newsclean
/// addition: UTF-8 Russian read as KOI8-R).
pub(crate) static CHARMAP_CODECS: [&CodecTable; 11] = [
    &tables::LATIN_1,
    &tables::SLOPPY_WINDOWS_1252,
    &tables::SLOPPY_WINDOWS_1251,
    &tables::SLOPPY_WINDOWS_1250,
    &tables::SLOPPY_WINDOWS_1253,
    &tables::SLOPPY_WINDOWS_1254,
    &tables::SLOPPY_WINDOWS_1257,
    &tables::ISO_8859_2,
    &tables::MACROMAN,
    &tables::CP437,
    &tables::KOI8_R,
];

/// Index of a codec in [`CHARMAP_CODECS`].
pub(crate) const LATIN_1: usize = 0;
/// Index of sloppy Windows-1252 in [`CHARMAP_CODECS`].
pub(crate) const SLOPPY_WINDOWS_1252: usize = 1;
/// Index of MacRoman in [`CHARMAP_CODECS`].
pub(crate) const MACROMAN: usize = 8;

/// Bytes that strict Windows-1252 leaves undefined (sloppy-windows-1252 passes them
/// through as C1 controls).
const WINDOWS_1252_UNDEFINED: [u8; 5] = [0x81, 0x8d, 0x8f, 0x90, 0x9d];

/// Reverse tables (char to byte), sorted by char, built on first use.
fn reverse(codec: usize) -> &'static [(char, u8)] {
    static REVERSE: [OnceLock<Vec<(char, u8)>>; 11] = [const { OnceLock::new() }; 11];
    REVERSE[codec].get_or_init(|| {
        let mut pairs: Vec<(char, u8)> = CHARMAP_CODECS[codec]
            .decode
            .iter()
            .enumerate()
            .map(|(byte, &c)| (c, byte as u8))
            .collect();
        pairs.sort_unstable();
        pairs.dedup_by_key(|p| p.0);
        pairs
    })
}

/// Encode `text` with codec number `codec`, or `None` when some character has no byte.
pub(crate) fn encode(codec: usize, text: &str) -> Option<Vec<u8>> {
    let table = &CHARMAP_CODECS[codec].decode;
    let rev = reverse(codec);
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let b = c as u32;
        if b < 0x80 && table[b as usize] == c {
            out.push(b as u8);
        } else {
            let i = rev.binary_search_by_key(&c, |p| p.0).ok()?;
            out.push(rev[i].1);
        }
    }
    Some(out)
}

/// Decode bytes with a codec table (every byte decodes).
pub(crate) fn decode(codec: usize, bytes: &[u8]) -> String {
    let table = &CHARMAP_CODECS[codec].decode;
    bytes.iter().map(|&b| table[b as usize]).collect()
}

/// Strict Windows-1252: `None` when a byte is one of its five undefined ones.
pub(crate) fn decode_windows_1252(bytes: &[u8]) -> Option<String> {
    if bytes.iter().any(|b| WINDOWS_1252_UNDEFINED.contains(b)) {
        return None;
    }
    Some(decode(SLOPPY_WINDOWS_1252, bytes))
}

/// ftfy's `utf-8-variants`: strict UTF-8, plus CESU-8 surrogate pairs
/// (`ED A0-AF 80-BF ED B0-BF 80-BF`) and Java's `C0 80` for U+0000.
pub(crate) fn decode_utf8_variants(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len());
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let special = match bytes[i] {
            0xc0 if bytes.get(i + 1) == Some(&0x80) => Some(('\0', 2)),
            0xed if i + 6 <= bytes.len()
                && (0xa0..=0xaf).contains(&bytes[i + 1])
                && (0x80..=0xbf).contains(&bytes[i + 2])
                && bytes[i + 3] == 0xed
                && (0xb0..=0xbf).contains(&bytes[i + 4])
                && (0x80..=0xbf).contains(&bytes[i + 5]) =>
            {
                let high =
                    0xd800 + (u32::from(bytes[i + 1] & 0x0f) << 6) + u32::from(bytes[i + 2] & 0x3f);
                let low =
                    0xdc00 + (u32::from(bytes[i + 4] & 0x0f) << 6) + u32::from(bytes[i + 5] & 0x3f);
                let cp = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
                Some((char::from_u32(cp)?, 6))
            }
            _ => None,
        };
        match special {
            Some((c, len)) => {
                out.push_str(std::str::from_utf8(&bytes[start..i]).ok()?);
                out.push(c);
                i += len;
                start = i;
            }
            None => i += 1,
        }
    }
    out.push_str(std::str::from_utf8(&bytes[start..]).ok()?);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sloppy_1252_round_trips_every_byte() {
        let all: Vec<u8> = (0..=255).collect();
        let text = decode(SLOPPY_WINDOWS_1252, &all);
        assert_eq!(encode(SLOPPY_WINDOWS_1252, &text).unwrap(), all);
        // The sloppy codecs keep undefined bytes as C1 controls and map 1A to U+FFFD.
        assert_eq!(
            decode(SLOPPY_WINDOWS_1252, &[0x81, 0x80, 0x1a]),
            "\u{81}€\u{fffd}"
        );
    }

    #[test]
    fn tables_agree_with_encoding_rs() {
        // An independent source for the codecs encoding_rs knows, bytes 0x80-0xFF.
        let pairs: [(usize, &encoding_rs::Encoding); 8] = [
            (1, encoding_rs::WINDOWS_1252),
            (2, encoding_rs::WINDOWS_1251),
            (3, encoding_rs::WINDOWS_1250),
            (5, encoding_rs::WINDOWS_1254),
            (6, encoding_rs::WINDOWS_1257),
            (7, encoding_rs::ISO_8859_2),
            (8, encoding_rs::MACINTOSH),
            (10, encoding_rs::KOI8_R),
        ];
        for (codec, enc) in pairs {
            for b in 0x80u8..=0xff {
                let byte = [b];
                let (want, had_errors) = enc.decode_without_bom_handling(&byte);
                let got = decode(codec, &[b]);
                if had_errors {
                    // Undefined in WHATWG too: the sloppy codec passes the byte through.
                    assert_eq!(got, char::from(b).to_string(), "{} byte {b:#x}", enc.name());
                } else {
                    assert_eq!(got, want, "{} byte {b:#x}", enc.name());
                }
            }
        }
    }

    #[test]
    fn unencodable_text_is_none() {
        assert_eq!(encode(LATIN_1, "€"), None);
        assert_eq!(encode(SLOPPY_WINDOWS_1252, "€"), Some(vec![0x80]));
        assert_eq!(encode(SLOPPY_WINDOWS_1252, "\u{1a}"), None);
        assert_eq!(encode(LATIN_1, "\u{1a}"), Some(vec![0x1a]));
    }

    #[test]
    fn utf8_variants_decode_cesu8_and_java_null() {
        // U+1F4A9 as CESU-8: D83D DCA9 each encoded as 3 bytes.
        let cesu = [0xed, 0xa0, 0xbd, 0xed, 0xb2, 0xa9];
        assert_eq!(decode_utf8_variants(&cesu).unwrap(), "\u{1f4a9}");
        assert_eq!(decode_utf8_variants(b"a\xc0\x80b").unwrap(), "a\0b");
        assert_eq!(decode_utf8_variants(b"\xed\xa0\xbd"), None);
        assert_eq!(decode_utf8_variants(b"caf\xc3\xa9").unwrap(), "café");
    }
}
