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

/// A codec's char-to-byte map, built once: a direct table for the characters below
/// U+0100 (most of what mojibake is made of, and all of ASCII), a sorted list for the
/// rest (punctuation, Greek, Cyrillic, box drawing), searched only for those.
struct Encoder {
    /// `low[c]` is the byte for char `c` below U+0100, or [`NO_BYTE`].
    low: [u16; 256],
    /// (char, byte) for the chars from U+0100 up, sorted by char.
    high: Vec<(char, u8)>,
    /// The ASCII characters that do not encode as their own byte: none in most codecs,
    /// '\u{1a}' in the sloppy ones (byte 1A decodes to U+FFFD, so it has no byte).
    ascii_not_kept: Vec<u8>,
}

/// Marks a char below U+0100 the codec has no byte for.
const NO_BYTE: u16 = 0x100;

impl Encoder {
    fn build(table: &CodecTable) -> Encoder {
        let mut low = [NO_BYTE; 256];
        let mut high = Vec::new();
        // The lowest byte wins when two decode to the same char.
        for (byte, &c) in table.decode.iter().enumerate() {
            match low.get_mut(c as usize) {
                Some(slot) if *slot == NO_BYTE => *slot = byte as u16,
                Some(_) => {}
                None => high.push((c, byte as u8)),
            }
        }
        high.sort_by_key(|&(c, _)| c); // stable: the lowest byte stays first
        high.dedup_by_key(|p| p.0);
        let ascii_not_kept = (0..0x80u8)
            .filter(|&b| low[usize::from(b)] != u16::from(b))
            .collect();
        Encoder {
            low,
            high,
            ascii_not_kept,
        }
    }

    /// Does a run of ASCII encode as itself, byte for byte?
    #[inline]
    fn keeps(&self, run: &[u8]) -> bool {
        self.ascii_not_kept
            .iter()
            .all(|&b| memchr::memchr(b, run).is_none())
    }

    /// The byte for `c`, if the codec has one.
    #[inline]
    fn byte(&self, c: char) -> Option<u8> {
        match self.low.get(c as usize) {
            Some(&b) => u8::try_from(b).ok(),
            None => {
                let i = self.high.binary_search_by_key(&c, |p| p.0).ok()?;
                Some(self.high[i].1)
            }
        }
    }
}

/// The encoder of codec number `codec`, built on first use.
fn encoder(codec: usize) -> &'static Encoder {
    static ENCODERS: [OnceLock<Encoder>; 11] = [const { OnceLock::new() }; 11];
    ENCODERS[codec].get_or_init(|| Encoder::build(CHARMAP_CODECS[codec]))
}

/// Encode `text` with codec number `codec`, or `None` when some character has no byte.
pub(crate) fn encode(codec: usize, text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    encode_into(codec, text, &mut out).then_some(out)
}

/// Encode `text` with codec number `codec` into `out` (cleared first); `false` when some
/// character has no byte, and `out` then holds a prefix. Runs of ASCII are copied whole
/// when the codec maps ASCII to itself.
pub(crate) fn encode_into(codec: usize, text: &str, out: &mut Vec<u8>) -> bool {
    let encoder = encoder(codec);
    out.clear();
    out.reserve(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&lead) = bytes.get(i) {
        if lead.is_ascii() {
            let run = &text[i..i + ascii_len(&bytes[i..])];
            if encoder.keeps(run.as_bytes()) {
                out.extend_from_slice(run.as_bytes());
            } else if !encode_chars(encoder, run, out) {
                return false;
            }
            i += run.len();
            continue;
        }
        let (c, len) = non_ascii_char_at(text, i);
        let Some(b) = encoder.byte(c) else {
            return false;
        };
        out.push(b);
        i += len;
    }
    true
}

/// The non-ASCII character starting at byte `i` of `text`, and its length. The two-byte
/// ones from U+0080 to U+00FF, most of what mojibake is made of, are put together here
/// rather than by the general decoder.
fn non_ascii_char_at(text: &str, i: usize) -> (char, usize) {
    let bytes = text.as_bytes();
    match bytes[i] {
        lead @ (0xc2 | 0xc3) => (char::from(((lead & 0x03) << 6) | (bytes[i + 1] & 0x3f)), 2),
        _ => {
            let c = text[i..].chars().next().expect("char boundary");
            (c, c.len_utf8())
        }
    }
}

/// The length of the run of ASCII bytes `bytes` starts with, eight bytes at a time.
fn ascii_len(bytes: &[u8]) -> usize {
    let words = bytes
        .chunks_exact(8)
        .take_while(|w| {
            u64::from_le_bytes((*w).try_into().expect("8 bytes")) & 0x8080_8080_8080_8080 == 0
        })
        .count();
    let start = words * 8;
    start + bytes[start..].iter().take_while(|b| b.is_ascii()).count()
}

/// Encode `text` char by char into `out`; `false` when some character has no byte.
fn encode_chars(encoder: &Encoder, text: &str, out: &mut Vec<u8>) -> bool {
    for c in text.chars() {
        let Some(b) = encoder.byte(c) else {
            return false;
        };
        out.push(b);
    }
    true
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

    /// The encoder before its fast paths: char by char, the lowest byte that decodes to it.
    fn encode_reference(codec: usize, text: &str) -> Option<Vec<u8>> {
        let table = &CHARMAP_CODECS[codec].decode;
        text.chars()
            .map(|c| table.iter().position(|&d| d == c).map(|b| b as u8))
            .collect()
    }

    #[test]
    fn encode_agrees_with_the_reference() {
        let all: Vec<u8> = (0..=255).collect();
        // Characters outside every table, inside some, and the sloppy codecs' missing 1A.
        let strays = [
            "\u{1a}",
            "\u{fffd}",
            "€",
            "й",
            "═",
            "\u{100}",
            "\u{1f4a9}",
            "ÿ",
            "\u{9d}",
        ];
        for (codec, table) in CHARMAP_CODECS.iter().enumerate() {
            let decoded = decode(codec, &all);
            let mut texts = vec![decoded.clone(), format!("plain ascii {decoded} tail")];
            for stray in strays {
                texts.push(stray.to_string());
                texts.push(format!("ascii run {stray} ascii run"));
                texts.push(format!("{decoded}{stray}"));
            }
            texts.extend((0..=255u8).map(|b| decode(codec, &[b, b'x', b])));
            // Every char below U+0100, whether or not this codec has it.
            texts.extend((0..=255u8).map(|b| format!("{0}x{0}", char::from(b))));
            for text in &texts {
                assert_eq!(
                    encode(codec, text),
                    encode_reference(codec, text),
                    "{} {text:?}",
                    table.name
                );
            }
        }
    }

    #[test]
    fn ascii_len_stops_at_the_first_non_ascii_byte() {
        for len in 0..24 {
            let mut bytes = vec![b'a'; len];
            assert_eq!(ascii_len(&bytes), len);
            for at in 0..len {
                bytes[at] = 0x80;
                assert_eq!(ascii_len(&bytes), at, "{len} {at}");
                bytes[at] = 0xff;
                assert_eq!(ascii_len(&bytes), at, "{len} {at}");
                bytes[at] = b'a';
            }
        }
    }

    #[test]
    fn encode_into_reuses_its_buffer() {
        let mut out = b"left over".to_vec();
        assert!(encode_into(LATIN_1, "caf\u{e9}", &mut out));
        assert_eq!(out, b"caf\xe9");
        assert!(!encode_into(LATIN_1, "\u{20ac}", &mut out));
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
