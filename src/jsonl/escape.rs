//! A string as a JSON string literal, byte for byte what `serde_json` writes, eight bytes
//! at a time: a cleaned field is mostly bytes that need no escape (a few newlines and
//! quotes per line), and `serde_json` looks each byte up in a table.

/// What `serde_json` writes after a backslash for each ASCII byte, 0 for none: the short
/// escapes, `u` for the other controls (`\u00XX`, lowercase hex).
const ESCAPE: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Does any of these eight bytes need an escape (a control, `"` or `\`)? Each test is the
/// classic "some byte is below n" bit trick: exact about whether such a byte exists.
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x;
    let control = below(word, 0x20);
    let quote = below(word ^ (ONES * b'"' as u64), 1);
    let backslash = below(word ^ (ONES * b'\\' as u64), 1);
    (control | quote | backslash) & HIGH != 0
}

/// Append `s` to `out` as a JSON string literal, quotes included.
pub(crate) fn write_json_string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // `bytes[written..at]` needs no escape and is not yet in `out`.
    let (mut written, mut at) = (0, 0);
    while at < bytes.len() {
        if let Some(word) = bytes.get(at..at + 8) {
            let word = u64::from_ne_bytes(word.try_into().expect("eight bytes"));
            if !needs_escape(word) {
                at += 8;
                continue;
            }
        }
        for &b in &bytes[at..(at + 8).min(bytes.len())] {
            let escape = ESCAPE.get(b as usize).copied().unwrap_or(0);
            if escape != 0 {
                out.extend_from_slice(&bytes[written..at]);
                out.extend_from_slice(&[b'\\', escape]);
                if escape == b'u' {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.extend_from_slice(&[
                        b'0',
                        b'0',
                        HEX[(b >> 4) as usize],
                        HEX[(b & 15) as usize],
                    ]);
                }
                written = at + 1;
            }
            at += 1;
        }
    }
    out.extend_from_slice(&bytes[written..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serde(s: &str) -> Vec<u8> {
        serde_json::to_vec(s).unwrap()
    }

    fn ours(s: &str) -> Vec<u8> {
        let mut out = b"{".to_vec();
        write_json_string(&mut out, s);
        out.remove(0);
        out
    }

    #[test]
    fn every_ascii_byte_at_every_offset_of_a_word() {
        for b in 0u8..128 {
            for at in 0..17 {
                let s = format!("{}{}{}", "x".repeat(at), b as char, "é y".repeat(3));
                assert_eq!(ours(&s), serde(&s), "byte {b:#x} at {at}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn writes_what_serde_json_writes(s in "(?s).{0,80}", t in "[\\x00-\\x7f]{0,40}") {
            proptest::prop_assert_eq!(ours(&s), serde(&s));
            proptest::prop_assert_eq!(ours(&t), serde(&t));
            let both = format!("{s}{t}{s}");
            proptest::prop_assert_eq!(ours(&both), serde(&both));
        }
    }
}
