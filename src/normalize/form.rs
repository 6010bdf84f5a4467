//! The `nfc` / `nfkc` step: Unicode normalization, applied only where it is needed.
//!
//! A full `.nfc().collect()` is about 20 times slower than the quick check, so the text is
//! cut into segments before each ASCII character (an ASCII character is a starter that
//! never composes with what precedes it, so normalizing the segments one by one gives
//! the same result as normalizing the whole). ASCII-only stretches are skipped, every
//! other segment is quick-checked, and only those that fail are normalized.

use super::{record, Notes, Step};
use crate::config::NormalForm;
use unicode_normalization::{is_nfc_quick, is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// True when the quick check proves `s` is already in `form`.
pub(super) fn is_normalized(s: &str, form: NormalForm) -> bool {
    match form {
        NormalForm::None => true,
        NormalForm::Nfc => is_nfc_quick(s.chars()) == IsNormalized::Yes,
        NormalForm::Nfkc => is_nfkc_quick(s.chars()) == IsNormalized::Yes,
    }
}

/// Bring `s` to `form`, appending to `out`; `false` (nothing appended) when it already is.
/// `normalized` is scratch space, reused across calls.
pub(super) fn normalize_form(
    s: &str,
    form: NormalForm,
    out: &mut String,
    normalized: &mut String,
    changes: &mut Notes,
    line: usize,
) -> bool {
    let step = match form {
        NormalForm::None => return false,
        NormalForm::Nfc => Step::Nfc,
        NormalForm::Nfkc => Step::Nfkc,
    };
    let bytes = s.as_bytes();
    let mut last = 0;
    let mut changed = false;
    let mut i = 0;
    // Blocks with nothing to do are skipped; after a block that has something, the
    // next block is tried once the bytes of this one have been looked at.
    let mut next_skip = 0;
    while i < bytes.len() {
        if i >= next_skip {
            i = super::scan::skip_ascii_blocks(bytes, i);
            next_skip = i + super::scan::BLOCK;
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        if b < 0x80 {
            i += 1;
            continue;
        }
        // A run of non-ASCII characters, with the ASCII character before it (`e` + U+0301).
        let run_start = i;
        while i < bytes.len() && bytes[i] >= 0x80 {
            i += 1;
        }
        let seg_start = run_start.saturating_sub(1);
        let segment = &s[seg_start..i];
        if is_normalized(segment, form) {
            continue;
        }
        normalized.clear();
        match form {
            NormalForm::Nfkc => normalized.extend(segment.nfkc()),
            _ => normalized.extend(segment.nfc()),
        }
        if *normalized == segment {
            continue;
        }
        if !changed {
            out.reserve(s.len() + normalized.len());
        }
        out.push_str(&s[last..seg_start]);
        out.push_str(normalized);
        record(changes, step, line, segment, normalized);
        last = i;
        changed = true;
    }
    if changed {
        out.push_str(&s[last..]);
    }
    changed
}
