//! One letter case for the selector's literals and the lines it reads, beyond ASCII.
//!
//! The selector (aho-corasick) folds ASCII case itself, but compares other letters as
//! bytes: the literal `läs` would miss `LÄS OCKSÅ:` and `читайте` would miss `ЧИТАЙТЕ`,
//! though the rules' patterns, case-insensitive, match them. So both sides are folded
//! here first: each non-ASCII letter to its lowercase, and the Turkish capital `İ` and
//! dotless `ı` to `i`, so that `yukarı` finds `YUKARI` and `içeriğe` finds `İÇERİĞE`
//! (the selector folds the ASCII `I` to `i`). Greek final `ς` becomes `σ`, the lowercase
//! of `Σ`.
//!
//! ```text
//! "LÄS OCKSÅ: Budgeten"  ->  "LäS OCKSå: Budgeten"
//! "İÇERİĞE GEÇ"          ->  "içERiğE GEç"
//! ```
//!
//! A folded letter may take more or fewer bytes than the original (`İ` two, `i` one), so
//! a folded line keeps the way back to the line's offsets, which the selector's windows
//! and word starts are measured in.
//!
//! The patterns need the same for the Turkish letters, which the regex crate's simple case
//! folding leaves apart from `I` and `i` ([`with_turkish_i`]):
//!
//! ```text
//! (?i)yukarı çık   matched "Yukarı çık", not "YUKARI ÇIK"; now both
//! (?i)ilgili       matched "ilgili", not "İLGİLİ"; now both
//! ```

use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Repetition};

/// `c` as the selector compares it. ASCII is left to the selector.
fn fold_char(c: char) -> char {
    match c {
        'İ' | 'ı' => 'i',
        'ς' => 'σ',
        c if c.is_ascii() => c,
        c => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        }
    }
}

/// A rule literal as the selector holds it: folded, and ASCII in lowercase.
pub(super) fn fold_literal(literal: &str) -> String {
    let mut folded: String = literal.chars().map(fold_char).collect();
    folded.make_ascii_lowercase();
    folded
}

/// A line folded for the selector, in a buffer reused from line to line.
#[derive(Debug, Default)]
pub(super) struct FoldedLine {
    text: String,
    /// For each byte offset of `text` and its end, the offset in the line; empty when every
    /// letter kept its length, so that the offsets are the line's own.
    back: Vec<usize>,
}

impl FoldedLine {
    /// Fold `line` into the buffer. Most letters beyond ASCII are lowercase already: the
    /// stretches between the ones that change are copied whole.
    pub fn fold(&mut self, line: &str) {
        self.text.clear();
        self.back.clear();
        // Whether `back` is kept: from the first letter of another length on.
        let mut mapped = false;
        let mut copied = 0;
        for (at, c) in line.char_indices().filter(|(_, c)| !c.is_ascii()) {
            let folded = fold_char(c);
            if folded == c {
                continue;
            }
            self.text.push_str(&line[copied..at]);
            if mapped {
                self.back.extend(copied..at);
            } else if folded.len_utf8() != c.len_utf8() {
                // The offsets so far are the line's.
                self.back.extend(0..at);
                mapped = true;
            }
            if mapped {
                self.back.extend(std::iter::repeat_n(at, folded.len_utf8()));
            }
            self.text.push(folded);
            copied = at + c.len_utf8();
        }
        self.text.push_str(&line[copied..]);
        if mapped {
            self.back.extend(copied..=line.len());
        }
    }

    /// The folded line.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The offset in the line of byte offset `at` of the folded text (the start of the
    /// letter it falls in).
    pub fn line_offset(&self, at: usize) -> usize {
        self.back.get(at).copied().unwrap_or(at)
    }
}

/// `hir` with the Turkish `İ` and `ı` wherever it takes both `I` and `i` (a letter under
/// `(?i)`), and with `I` beside each `ı` and `i` beside each `İ` it names, so that a
/// case-insensitive pattern matches Turkish text in capitals as in lowercase. (Only a
/// pattern with a literal `ı` or `İ` in a case-sensitive part matches more than written,
/// by that one letter's other case.)
pub(super) fn with_turkish_i(hir: Hir) -> Hir {
    let changes = |leaf: &HirKind| match leaf {
        HirKind::Class(Class::Unicode(class)) => both_i(class),
        HirKind::Literal(lit) => lit
            .0
            .windows(2)
            .any(|w| w == [0xC4, 0xB0] || w == [0xC4, 0xB1]),
        _ => false,
    };
    if !super::narrow::any_leaf(&hir, &changes) {
        return hir;
    }
    match hir.into_kind() {
        HirKind::Class(Class::Unicode(mut class)) if both_i(&class) => {
            class.union(&ClassUnicode::new([ClassUnicodeRange::new('İ', 'ı')]));
            Hir::class(Class::Unicode(class))
        }
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(text) if text.contains(['ı', 'İ']) => Hir::concat(
                text.chars()
                    .map(|c| match c {
                        'ı' => letters('ı', 'I'),
                        'İ' => letters('İ', 'i'),
                        c => Hir::literal(c.to_string().into_bytes()),
                    })
                    .collect(),
            ),
            _ => Hir::literal(lit.0),
        },
        HirKind::Capture(mut cap) => {
            cap.sub = Box::new(with_turkish_i(*cap.sub));
            Hir::capture(cap)
        }
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(with_turkish_i(*rep.sub)),
            ..rep
        }),
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(with_turkish_i).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.into_iter().map(with_turkish_i).collect())
        }
        HirKind::Class(class) => Hir::class(class),
        HirKind::Look(look) => Hir::look(look),
        HirKind::Empty => Hir::empty(),
    }
}

/// Does `class` take both `I` and `i` but not yet both Turkish letters?
fn both_i(class: &ClassUnicode) -> bool {
    let has = |c: char| {
        class
            .ranges()
            .iter()
            .any(|r| r.start() <= c && c <= r.end())
    };
    has('I') && has('i') && !(has('İ') && has('ı'))
}

/// A class of the two letters `a` and `b`.
fn letters(a: char, b: char) -> Hir {
    Hir::class(Class::Unicode(ClassUnicode::new([
        ClassUnicodeRange::new(a, a),
        ClassUnicodeRange::new(b, b),
    ])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_beyond_ascii_fold_to_the_literals_case() {
        let mut line = FoldedLine::default();
        let rows = [
            ("LÄS OCKSÅ: Budgeten", "läs också", 0),
            ("ЧИТАЙТЕ ТАКЖЕ: новости", "читайте", 0),
            ("YUKARI ÇIK", "yukarı çık", 0),
            ("İÇERİĞE GEÇ", "içeriğe geç", 0),
            ("ΔΙΑΒΑΣΤΕ ΕΠΙΣΗΣ", "διαβαστε επισης", 0),
            ("» İLGİLİ HABER", "ilgili haber", 3),
        ];
        for (text, literal, at) in rows {
            line.fold(text);
            let folded = line.text().to_ascii_lowercase();
            let found = folded.find(&fold_literal(literal));
            assert_eq!(found.map(|k| line.line_offset(k)), Some(at), "{text:?}");
        }
    }

    proptest::proptest! {
        /// Every offset of the folded line leads back to a character boundary of the line,
        /// in order, and the end to the end: the selector slices the line there.
        #[test]
        fn offsets_lead_back_to_character_boundaries(line in "[a-zA-Z İıIiΣςЖжK\u{212A}ẞß\u{0130}-\u{0131}]{0,24}") {
            let mut folded = FoldedLine::default();
            folded.fold(&line);
            let mut last = 0;
            for (k, _) in folded.text().char_indices() {
                let at = folded.line_offset(k);
                proptest::prop_assert!(line.is_char_boundary(at) && at >= last, "{line:?} {k}");
                last = at;
            }
            proptest::prop_assert_eq!(folded.line_offset(folded.text().len()), line.len());
        }
    }

    #[test]
    fn offsets_lead_back_to_the_line_when_lengths_change() {
        let mut line = FoldedLine::default();
        // `İ` is two bytes, `i` one; `K` (Kelvin sign) three, `k` one.
        let text = "a\u{130}b\u{212A}c";
        line.fold(text);
        assert_eq!(line.text(), "aibkc");
        let back: Vec<usize> = (0..=5).map(|k| line.line_offset(k)).collect();
        assert_eq!(back, [0, 1, 3, 4, 7, 8]);
        // Lengths unchanged: the offsets are the line's own.
        line.fold("ÄÖ x");
        assert_eq!(line.text(), "äö x");
        assert_eq!(line.line_offset(4), 4);
    }
}
