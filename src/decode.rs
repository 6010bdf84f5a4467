//! Stage 1: bytes to text.
//!
//! UTF-8 (BOM stripped) is borrowed without a copy; UTF-16 is recognised by its BOM, or
//! without one by the pattern of its zero bytes; anything else is detected with chardetng
//! and decoded with encoding_rs. Bytes that cannot be decoded are an error that gives the
//! byte offset, never U+FFFD written silently: [`DecodeConfig::lossy`] opts in to
//! replacement, and then every replacement is recorded.
//!
//! ```
//! use newsclean::decode::decode;
//! use newsclean::config::DecodeConfig;
//! // "café" in Windows-1252
//! let decoded = decode(b"caf\xe9 au lait", &DecodeConfig::default()).unwrap();
//! assert_eq!(decoded.text, "café au lait");
//! assert_eq!(decoded.encoding, "windows-1252");
//! ```

use crate::change::{Change, LineCounter, Stage};
use crate::config::DecodeConfig;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use std::borrow::Cow;

/// Why bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Mostly UTF-8, but with bytes that are not.
    #[error("invalid UTF-8 at byte offset {offset} (use --lossy to replace undecodable bytes with U+FFFD)")]
    InvalidUtf8 {
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// The decode stage is off (`--only`, `--skip`), so the input must be UTF-8, and it
    /// is not: neither detection nor `--lossy` applies then.
    #[error("not UTF-8 (invalid byte at offset {offset}), and the decode stage is off: add decode to --only (--only decode,mojibake) or remove it from --skip")]
    NotUtf8DecodeOff {
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// Not valid in the encoding it was detected (or forced) as.
    #[error("cannot decode as {encoding}: invalid byte sequence at byte offset {offset} (use --lossy to replace)")]
    Undecodable {
        /// The encoding tried.
        encoding: &'static str,
        /// Offset of the first bad sequence.
        offset: usize,
    },
    /// Looks like binary data (NUL bytes that are not UTF-16).
    #[error("looks binary (NUL byte at offset {offset}), not text")]
    Binary {
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// `--encoding` named something encoding_rs does not know.
    #[error("unknown encoding label {0:?}")]
    UnknownEncoding(String),
}

/// Decoded text and how it was decoded.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text, borrowed from the input when it was plain UTF-8.
    pub text: Cow<'a, str>,
    /// The encoding used (WHATWG name: `UTF-8`, `UTF-16LE`, `windows-1252`, ...).
    pub encoding: &'static str,
    /// Whether a byte-order mark was found and removed.
    pub bom: bool,
    /// What decoding changed (BOM removal, transcoding, lossy replacements).
    pub changes: Vec<Change>,
}

/// Decode `bytes` to text. See the module documentation for the rules.
pub fn decode<'a>(bytes: &'a [u8], config: &DecodeConfig) -> Result<Decoded<'a>, DecodeError> {
    if let Some(label) = &config.encoding {
        let encoding = Encoding::for_label(label.as_bytes())
            .ok_or_else(|| DecodeError::UnknownEncoding(label.clone()))?;
        let (encoding, bom_len) = match Encoding::for_bom(bytes) {
            Some((bom_encoding, len)) if bom_encoding == encoding => (encoding, len),
            _ => (encoding, 0),
        };
        return transcode(bytes, bom_len, encoding, false, config.lossy);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return transcode(bytes, bom_len, encoding, false, config.lossy);
    }
    if let Some(nul) = memchr::memchr(0, bytes) {
        return match utf16_without_bom(bytes) {
            Some(encoding) => transcode(bytes, 0, encoding, true, config.lossy),
            None => Err(DecodeError::Binary { offset: nul }),
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: Cow::Borrowed(text),
            encoding: UTF_8.name(),
            bom: false,
            changes: Vec::new(),
        }),
        Err(err) if looks_like_utf8(bytes) => {
            if config.lossy {
                transcode(bytes, 0, UTF_8, false, true)
            } else {
                Err(DecodeError::InvalidUtf8 {
                    offset: err.valid_up_to(),
                })
            }
        }
        Err(_) => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
            transcode(bytes, 0, encoding, true, config.lossy)
        }
    }
}

/// Decode `bytes[bom_len..]` as `encoding`, failing (or, when lossy, recording) on errors.
fn transcode<'a>(
    bytes: &'a [u8],
    bom_len: usize,
    encoding: &'static Encoding,
    detected: bool,
    lossy: bool,
) -> Result<Decoded<'a>, DecodeError> {
    let body = &bytes[bom_len..];
    let mut changes = Vec::new();
    let mut fffd_lines = Vec::new();
    let text: Cow<'_, str> =
        match encoding.decode_without_bom_handling_and_without_replacement(body) {
            Some(text) => text,
            None if lossy => {
                let (text, _) = encoding.decode_without_bom_handling(body);
                let text = text.into_owned();
                let mut lines = LineCounter::default();
                for (offset, _) in text.match_indices('\u{fffd}') {
                    fffd_lines.push(lines.line_at(&text, offset));
                }
                Cow::Owned(text)
            }
            None => {
                return Err(first_error(body, encoding, bom_len));
            }
        };
    record_decoding(&mut changes, encoding, bom_len > 0, &fffd_lines, detected);
    Ok(Decoded {
        text,
        encoding: encoding.name(),
        bom: bom_len > 0,
        changes,
    })
}

/// Record what decoding changed, in this order: the byte-order mark removed, each U+FFFD
/// (by line; `fffd_lines` is empty unless lossy decoding replaced something), the
/// transcoding to UTF-8. Shared with the streaming path ([`crate::stream`]).
pub(crate) fn record_decoding(
    changes: &mut Vec<Change>,
    encoding: &'static Encoding,
    bom: bool,
    fffd_lines: &[usize],
    detected: bool,
) {
    let name = encoding.name();
    if bom {
        changes.push(
            Change::new(Stage::Decode, "strip-bom", 1, "\u{feff}", "")
                .with_detail(format!("{name} byte-order mark")),
        );
    }
    for &line in fffd_lines {
        changes.push(
            Change::new(Stage::Decode, "lossy-replacement", line, "", "\u{fffd}")
                .with_detail(format!("undecodable bytes as {name}")),
        );
    }
    if encoding != UTF_8 {
        let how = if detected {
            "detected"
        } else {
            "declared by BOM or option"
        };
        changes.push(
            Change::new(Stage::Decode, "transcode", 1, name, "UTF-8")
                .with_detail(format!("decoded as {name} ({how})")),
        );
    }
}

/// Locate the first undecodable sequence, for the error message.
fn first_error(body: &[u8], encoding: &'static Encoding, bom_len: usize) -> DecodeError {
    if encoding == UTF_8 {
        let offset = std::str::from_utf8(body)
            .err()
            .map_or(0, |e| e.valid_up_to());
        return DecodeError::InvalidUtf8 {
            offset: bom_len + offset,
        };
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(decoder.max_utf8_buffer_length(body.len()).unwrap_or(0));
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut out, true);
    let offset = match result {
        encoding_rs::DecoderResult::Malformed(bad, _) => read.saturating_sub(bad as usize),
        _ => read,
    };
    DecodeError::Undecodable {
        encoding: encoding.name(),
        offset: bom_len + offset,
    }
}

/// UTF-16 without a BOM: most code units of Latin text have a zero high byte, so zero
/// bytes cluster on odd offsets (little-endian) or even offsets (big-endian).
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in bytes.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let units = bytes.len() / 2;
    // At least 30% of code units carry the zero byte on one side and almost none on the other.
    let encoding = if odd * 10 >= units * 3 && even * 20 <= units {
        UTF_16LE
    } else if even * 10 >= units * 3 && odd * 20 <= units {
        UTF_16BE
    } else {
        return None;
    };
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|_| encoding)
}

/// Does invalid UTF-8 still look like UTF-8 with a few bad bytes, rather than a legacy
/// encoding? True when valid multi-byte sequences are at least as common as invalid ones.
fn looks_like_utf8(bytes: &[u8]) -> bool {
    let mut likeness = Utf8Likeness::default();
    likeness.add(bytes);
    likeness.looks_like_utf8()
}

/// The counts behind [`looks_like_utf8`], added up block by block (blocks must not split a
/// UTF-8 sequence).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Utf8Likeness {
    valid_multibyte: usize,
    invalid: usize,
}

impl Utf8Likeness {
    pub(crate) fn add(&mut self, bytes: &[u8]) {
        for chunk in bytes.utf8_chunks() {
            self.valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
            self.invalid += usize::from(!chunk.invalid().is_empty());
        }
    }

    pub(crate) fn looks_like_utf8(&self) -> bool {
        self.valid_multibyte > 0 && self.valid_multibyte >= self.invalid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
        decode(bytes, &DecodeConfig::default())
    }

    #[test]
    fn utf8_is_borrowed() {
        let d = dec("naïve café\n".as_bytes()).unwrap();
        assert!(matches!(d.text, Cow::Borrowed(_)));
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.changes.is_empty());
    }

    #[test]
    fn utf8_bom_is_stripped_and_recorded() {
        let d = dec(b"\xef\xbb\xbfHello").unwrap();
        assert_eq!(d.text, "Hello");
        assert!(d.bom);
        assert_eq!(d.changes[0].rule, "strip-bom");
    }

    #[test]
    fn utf16le_and_be_with_bom() {
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("Zoë".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain("Zoë".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(dec(&le).unwrap().text, "Zoë");
        assert_eq!(dec(&le).unwrap().encoding, "UTF-16LE");
        assert_eq!(dec(&be).unwrap().text, "Zoë");
        assert_eq!(dec(&be).unwrap().encoding, "UTF-16BE");
    }

    #[test]
    fn utf16le_without_bom_by_zero_bytes() {
        let le: Vec<u8> = "Kyiv, Ukraine\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let d = dec(&le).unwrap();
        assert_eq!(d.text, "Kyiv, Ukraine\n");
        assert_eq!(d.encoding, "UTF-16LE");
    }

    #[test]
    fn windows_1252_is_detected() {
        let d = dec(b"The \x93plan\x94 was signed in S\xe3o Paulo.").unwrap();
        assert_eq!(d.text, "The “plan” was signed in São Paulo.");
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(d.changes.last().unwrap().rule, "transcode");
    }

    #[test]
    fn koi8r_is_detected() {
        let (bytes, _, _) = encoding_rs::KOI8_R
            .encode("Москва заявила, что переговоры продолжатся на следующей неделе в Стамбуле.");
        let d = dec(&bytes).unwrap();
        assert!(d.text.starts_with("Москва"), "{}", d.text);
    }

    #[test]
    fn invalid_byte_in_utf8_reports_offset() {
        let err = dec(b"caf\xc3\xa9 and \xff more caf\xc3\xa9").unwrap_err();
        assert_eq!(err, DecodeError::InvalidUtf8 { offset: 10 });
        assert!(err.to_string().contains("byte offset 10"));
    }

    #[test]
    fn lossy_replaces_and_records() {
        let cfg = DecodeConfig {
            lossy: true,
            ..Default::default()
        };
        let d = decode(b"caf\xc3\xa9 and \xff more caf\xc3\xa9", &cfg).unwrap();
        assert_eq!(d.text, "café and \u{fffd} more café");
        assert!(d.changes.iter().any(|c| c.rule == "lossy-replacement"));
        // Each replacement names its own line.
        let d = decode(
            b"caf\xc3\xa9\n\xff\ncaf\xc3\xa9\n\nx \xff caf\xc3\xa9 \xff\n",
            &cfg,
        )
        .unwrap();
        let lines: Vec<usize> = d
            .changes
            .iter()
            .filter(|c| c.rule == "lossy-replacement")
            .map(|c| c.line)
            .collect();
        assert_eq!(lines, [2, 5, 5], "{:?}", d.changes);
    }

    #[test]
    fn nul_bytes_are_binary() {
        let err = dec(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01").unwrap_err();
        assert!(matches!(err, DecodeError::Binary { .. }), "{err:?}");
    }

    #[test]
    fn empty_input_is_empty_text() {
        assert_eq!(dec(b"").unwrap().text, "");
    }

    #[test]
    fn forced_encoding_and_unknown_label() {
        let cfg = DecodeConfig {
            encoding: Some("latin1".into()),
            ..Default::default()
        };
        assert_eq!(decode(b"\xe9t\xe9", &cfg).unwrap().text, "été");
        let bad = DecodeConfig {
            encoding: Some("klingon".into()),
            ..Default::default()
        };
        assert!(matches!(
            decode(b"x", &bad),
            Err(DecodeError::UnknownEncoding(_))
        ));
    }

    #[test]
    fn forced_shift_jis_with_bad_bytes_is_an_error() {
        let cfg = DecodeConfig {
            encoding: Some("shift_jis".into()),
            ..Default::default()
        };
        let err = decode(b"abc\x81\x20", &cfg).unwrap_err();
        assert!(
            matches!(err, DecodeError::Undecodable { offset: 3, .. }),
            "{err:?}"
        );
    }
}
