//! Stage 2: repair mojibake, UTF-8 text that was decoded as a legacy encoding.
//!
//! A port of ftfy 6.3.1's `fix_encoding`, applied line by line: a line is analysed only
//! when it holds a character that some [`badness`] rule needs (so clean English
//! with curly quotes costs one cheap scan), and it is repaired only when the badness
//! expression flags it. The repair re-encodes the line (or a run inside it) in Latin-1,
//! sloppy Windows-1252/1251/1250/1253/1254/1257, ISO-8859-2, MacRoman, cp437 or KOI8-R and
//! decodes it as UTF-8, repeating for several layers; it restores lost A0 bytes, lossy
//! sequences and C1 controls on the way. Every change names its rule and its steps.
//!
//! As in ftfy, badness decides whether to try a repair, and a repair is kept when the
//! whole segment (or run) re-decodes as valid UTF-8: requiring each step to lower the
//! badness would reject the intermediate layers of multi-layer damage (measured: 152
//! instead of 157 of ftfy's 161 cases).
//!
//! newsclean adds to ftfy (each one documented where it is defined, and tested against
//! false positives on `fixtures/mojibake/clean`):
//!
//! * badness rules for UTF-8 shapes inside Latin words (Windows-1250/1251/Latin-1 leads
//!   next to lowercase letters), Windows-1251 leads around symbols (Greek, Arabic, Hebrew,
//!   CJK read as Windows-1251), MacRoman (`√` touching letters, Cyrillic as dashes),
//!   KOI8-R, cp437 box drawing touching words, and `â„`/`â†` sequences;
//! * lost bytes: A0 in Hebrew nun and in CJK/Hangul (next to CJK), à inside Vietnamese
//!   syllables, the 9D of `”` that strict Windows-1252 decoders drop, and `Â`/`Ã` left at
//!   a line end when the A0 after them was trimmed;
//! * C1 controls that are MacRoman letters rather than Windows-1252 symbols;
//! * runs fixed in context: a run judged with one neighbour each side by the Latin-word
//!   rules, and a Latin-1-looking run between words of another script that re-decodes
//!   into that script (Arabic digits with a lost A0).
//!
//! ```
//! use newsclean::mojibake::repair_mojibake;
//! let fixed = repair_mojibake("Washingtonâ€™s CafÃ© in Miami.Â\nÂge");
//! assert_eq!(fixed.text, "Washington’s Café in Miami.\nÂge");
//! assert_eq!(fixed.changes[0].before, "â€™");
//! assert_eq!(fixed.changes[0].rule, "utf8-as-sloppy-windows-1252");
//! assert_eq!(fixed.changes[0].detail.as_deref(), Some("encode sloppy-windows-1252, decode utf-8"));
//! assert_eq!((fixed.changes[2].rule.as_str(), fixed.changes[2].before.as_str()), ("lost-nbsp", "Â"));
//! ```

pub mod badness;
mod codecs;
pub mod fix;
#[rustfmt::skip]
#[allow(missing_docs, clippy::all)]
pub mod tables;

use crate::change::{Change, Fixed, LineCounter, Record, Stage};
use badness::Suspects;
use fix::{fix_encoding, try_fix_encoding, Layer, Step};
use std::borrow::Cow;
use std::fmt::Write as _;

/// Repair mojibake in `text`, returning it borrowed when nothing needed fixing.
///
/// Line breaks are never added or removed and nothing is trimmed; only damaged spans
/// change. Repairing twice gives the same text as repairing once.
///
/// ```
/// use newsclean::mojibake::repair_mojibake;
/// assert_eq!(repair_mojibake("Ð¿Ñ€Ð¸Ð²ÐµÑ‚").text, "привет");
/// assert_eq!(repair_mojibake("CafÃƒÂ©").text, "Café");
/// assert!(matches!(repair_mojibake("São Paulo, naïve café").text, std::borrow::Cow::Borrowed(_)));
/// ```
pub fn repair_mojibake(text: &str) -> Fixed<'_> {
    repair_mojibake_with(text, Record::Changes)
}

/// [`repair_mojibake`], recording the changes only when `record` asks for them: the text
/// is the same, and with [`Record::TextOnly`] the change list stays empty.
pub fn repair_mojibake_with(text: &str, record: Record) -> Fixed<'_> {
    let suspects = Suspects::get();
    let Some(first) = next_suspect(text, 0, suspects) else {
        return Fixed::unchanged(text);
    };
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut changes = Vec::new();
    let mut copied = 0; // bytes of `text` already accounted for in `out`
    let mut lines = LineCounter::default();
    let mut pos = Some(first);
    while let Some(at) = pos {
        let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(text.len(), |i| at + i);
        let content_end = if line_end > line_start && bytes[line_end - 1] == b'\r' {
            line_end - 1
        } else {
            line_end
        };
        let line = &text[line_start..content_end];
        if let Some((fixed, layers)) = repair_line(line) {
            let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
            o.push_str(&text[copied..line_start]);
            o.push_str(&fixed);
            copied = content_end;
            if record == Record::Changes {
                let line_no = lines.line_at(text, line_start);
                record_changes(line_no, line, &fixed, &layers, &mut changes);
            }
        }
        pos = next_suspect(text, line_end, suspects);
    }
    match out {
        None => Fixed::unchanged(text),
        Some(mut o) => {
            o.push_str(&text[copied..]);
            Fixed {
                text: Cow::Owned(o),
                changes,
            }
        }
    }
}

/// Byte offset of the first character at or after `from` that some badness rule needs.
/// ASCII is skipped eight bytes at a time.
fn next_suspect(text: &str, from: usize, suspects: &Suspects) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        if i + 8 <= bytes.len() {
            let word = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("8 bytes"));
            if word & 0x8080_8080_8080_8080 == 0 {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        // `i` is on a character boundary: only whole characters are stepped over.
        let c = text[i..].chars().next().expect("char boundary");
        if suspects.contains(c) {
            return Some(i);
        }
        i += c.len_utf8();
    }
    None
}

/// Repair one line (without its line break); `None` when it stays as it is.
fn repair_line(line: &str) -> Option<(String, Vec<Layer>)> {
    let (mut current, mut layers) = match try_fix_encoding(line, false) {
        Some(fixed) => fixed,
        None if lost_a0_at_line_end(line).is_some() => (line.to_string(), Vec::new()),
        None => return None,
    };
    // Each round shortens the line's mojibake by one character, so this ends.
    while let Some((trimmed, layer)) = lost_a0_at_line_end(&current) {
        layers.push(layer);
        let (fixed, more) = fix_encoding(&trimmed);
        current = fixed;
        layers.extend(more);
    }
    (current != line).then_some((current, layers))
}

/// The step that removes an orphan `Â` at a line end.
const REMOVE_ORPHAN_A_CIRCUMFLEX: Step = Step::Apply("remove_orphan_a_circumflex");
/// The step that turns an `Ã` at a line end back into `à`.
const RESTORE_TRIMMED_A_GRAVE: Step = Step::Apply("restore_trimmed_a_grave");

/// A line that ends in the first half of a UTF-8 sequence whose second byte, A0, was
/// trimmed as trailing whitespace (newsclean; ftfy leaves these):
///
/// * `Â` (`C2 A0`, an NBSP) after a lowercase letter, digit or closing punctuation is
///   removed, since the NBSP it stood for was trimmed too: `Miami.Â` -> `Miami.`
///   (rule `lost-nbsp`); never after a capital (`MISUTÂ`) or alone (`Âge` is a word);
/// * `Ã` (`C3 A0`, `à`) after a lowercase letter becomes `à`: `la cittÃ` -> `la città`
///   (rule `lost-a0`); `Ã` ends no word in lowercase (`SÃO`, `IRMÃ` are capitals).
fn lost_a0_at_line_end(line: &str) -> Option<(String, Layer)> {
    if let Some(rest) = line.strip_suffix('Ã') {
        let prev = rest.chars().next_back()?;
        return prev.is_ascii_lowercase().then(|| {
            let layer = Layer {
                rule: "lost-a0",
                steps: vec![RESTORE_TRIMMED_A_GRAVE],
            };
            (format!("{rest}à"), layer)
        });
    }
    let rest = line.strip_suffix('Â')?;
    let prev = rest.chars().next_back()?;
    let ok = prev.is_ascii_lowercase()
        || prev.is_ascii_digit()
        || matches!(
            prev,
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '"' | '\'' | '”' | '’' | '»' | '…'
        );
    ok.then(|| {
        let layer = Layer {
            rule: "lost-nbsp",
            steps: vec![REMOVE_ORPHAN_A_CIRCUMFLEX],
        };
        (rest.to_string(), layer)
    })
}

/// Turn one repaired line into changes: one per differing span (a character diff).
///
/// When the whole line went through the same layers, every span carries them. When runs
/// were fixed one by one (`decode_inconsistent_utf8`, the line-end `Â`), each span is
/// explained by its own repair, found by repairing the span alone; a span that does not
/// reproduce that way keeps the line's steps.
fn record_changes(
    line: usize,
    before: &str,
    after: &str,
    layers: &[Layer],
    changes: &mut Vec<Change>,
) {
    let (line_rule, line_detail) = describe(layers);
    let piecewise = layers.iter().any(|l| {
        matches!(l.rule, "lost-nbsp" | "lost-a0")
            || l.steps.first() == Some(&Step::Apply("decode_inconsistent_utf8"))
    });
    for (b, a) in diff_spans(before, after) {
        let (mut rule, mut detail) = (line_rule, line_detail.clone());
        if piecewise {
            let (alone, alone_layers) = fix_encoding(&b);
            if alone == a && !alone_layers.is_empty() {
                (rule, detail) = describe(&alone_layers);
            } else if b == "Â" && a.is_empty() {
                rule = "lost-nbsp";
                detail = REMOVE_ORPHAN_A_CIRCUMFLEX.to_string();
            } else if b == "Ã" && a == "à" {
                rule = "lost-a0";
                detail = RESTORE_TRIMMED_A_GRAVE.to_string();
            }
        }
        changes.push(Change::new(Stage::Mojibake, rule, line, b, a).with_detail(detail));
    }
}

/// The rule and the detail (`encode X, decode Y; encode Z, decode W`) of some layers.
fn describe(layers: &[Layer]) -> (&'static str, String) {
    let rule = layers
        .iter()
        .find(|l| l.rule == "lossy-sequence")
        .or_else(|| layers.first())
        .map_or("mojibake", |l| l.rule);
    let mut detail = String::new();
    for (i, layer) in layers.iter().enumerate() {
        if i > 0 {
            detail.push_str("; ");
        }
        write!(detail, "{layer}").expect("writing to a String cannot fail");
    }
    (rule, detail)
}

/// The differing spans of a line before and after repair, in linear time.
///
/// Re-encoding and re-decoding never create, drop or reorder ASCII letters and digits
/// (only spaces, `?`, `Â` and non-ASCII characters change), so both sides split into the
/// same sequence of ASCII alphanumerics with gaps between them; each pair of differing
/// gaps, without the ASCII both share at its ends, is a span. Spans one letter apart are
/// merged (`Ã©tÃ©` -> `été` is one change).
fn diff_spans(before: &str, after: &str) -> Vec<(String, String)> {
    let anchors = |s: &str| -> Vec<(usize, char)> {
        s.char_indices()
            .filter(|(_, c)| c.is_ascii_alphanumeric())
            .collect()
    };
    let (ab, aa) = (anchors(before), anchors(after));
    if ab.iter().map(|p| p.1).ne(aa.iter().map(|p| p.1)) {
        // Not expected from any repair; report the differing middle as one span.
        let prefix = common_prefix(before, after);
        let suffix = common_suffix(&before[prefix..], &after[prefix..]);
        return vec![(
            before[prefix..before.len() - suffix].to_string(),
            after[prefix..after.len() - suffix].to_string(),
        )];
    }
    // Gap k lies between anchor k-1 and anchor k (byte ranges), for k in 0..=anchors.
    let gap = |anchors: &[(usize, char)], len: usize, k: usize| {
        let start = if k == 0 { 0 } else { anchors[k - 1].0 + 1 };
        let end = anchors.get(k).map_or(len, |p| p.0);
        start..end
    };
    let mut spans: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    for k in 0..=ab.len() {
        let (gb, ga) = (gap(&ab, before.len(), k), gap(&aa, after.len(), k));
        let (b, a) = (&before[gb.clone()], &after[ga.clone()]);
        if b == a {
            continue;
        }
        let prefix = common_ascii_prefix(b, a);
        let suffix = common_ascii_suffix(&b[prefix..], &a[prefix..]);
        let rb = gb.start + prefix..gb.end - suffix;
        let ra = ga.start + prefix..ga.end - suffix;
        match spans.last_mut() {
            // One anchor (and nothing else) between the previous span and this one.
            Some((pb, pa)) if rb.start == pb.end + 1 && ra.start == pa.end + 1 => {
                pb.end = rb.end;
                pa.end = ra.end;
            }
            _ => spans.push((rb, ra)),
        }
    }
    spans
        .into_iter()
        .map(|(rb, ra)| (before[rb].to_string(), after[ra].to_string()))
        .collect()
}

/// Length in bytes of the longest common prefix, on a char boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
}

/// Length in bytes of the longest common suffix, on a char boundary.
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum()
}

/// Length of the common prefix made of ASCII characters only.
fn common_ascii_prefix(a: &str, b: &str) -> usize {
    a.bytes()
        .zip(b.bytes())
        .take_while(|(x, y)| x == y && x.is_ascii())
        .count()
}

/// Length of the common suffix made of ASCII characters only.
fn common_ascii_suffix(a: &str, b: &str) -> usize {
    a.bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y && x.is_ascii())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_name_the_line_they_are_on() {
        let text =
            "Clean.\r\nItâ€™s here.\nCafÃ© and more.\n\nStill clean.\nTwo: â€œaâ€\u{9d} and Ã©.\n";
        let fixed = repair_mojibake(text);
        let lines: Vec<usize> = fixed.changes.iter().map(|c| c.line).collect();
        assert_eq!(lines, [2, 3, 6, 6], "{:?}", fixed.changes);
        assert_eq!(
            fixed.text,
            "Clean.\r\nIt’s here.\nCafé and more.\n\nStill clean.\nTwo: “a” and é.\n"
        );
    }

    #[test]
    fn lead_checks() {
        let rows: &[(&str, &str, &str)] = &[
            ("orphan Â at line end", "Miami.Â\n", "Miami.\n"),
            ("cp1252 apostrophe", "Washingtonâ€™s", "Washington’s"),
            ("latin-1 e acute", "CafÃ©", "Café"),
            ("real Âge", "Âge", "Âge"),
            ("crlf kept", "Miami.Â\r\nnext", "Miami.\r\nnext"),
            ("capital before Â kept", "MISUTÂ", "MISUTÂ"),
            (
                "à with trimmed A0 at line end",
                "la cittÃ\nSÃO",
                "la città\nSÃO",
            ),
            ("both at line end", "cafÃ© cittÃ", "café città"),
        ];
        for &(name, input, want) in rows {
            assert_eq!(repair_mojibake(input).text, want, "{name}");
        }
    }

    #[test]
    fn changes_name_rule_line_span_and_steps() {
        let fixed = repair_mojibake("ok line\nthe CafÃ© and crÃ¨me\n");
        assert_eq!(fixed.changes.len(), 2);
        let c = &fixed.changes[0];
        assert_eq!(c.stage, Stage::Mojibake);
        assert_eq!(c.rule, "utf8-as-latin-1");
        assert_eq!(c.line, 2);
        assert_eq!((c.before.as_str(), c.after.as_str()), ("Ã©", "é"));
        assert_eq!(fixed.changes[1].before, "Ã¨");
        assert_eq!(c.detail.as_deref(), Some("encode latin-1, decode utf-8"));
    }

    #[test]
    fn a_reading_that_puts_capitals_inside_words_gives_way() {
        // UTF-8 French read as ISO-8859-2 (from an audit of real damage): Windows-1250,
        // tried first, would give "RÊservÊ aux abonnÊs".
        let rows = [
            ("RĂŠservĂŠ aux abonnĂŠs", "Réservé aux abonnés"),
            (
                "le pari dĂŠsespĂŠrĂŠ de Lecornu",
                "le pari désespéré de Lecornu",
            ),
            // A byte lost upstream leaves "Ñ" in the repair; it stays, as in ftfy.
            ("волшебник Ð¼ÐµÐ½ÑÐ¾Ð½", "волшебник менÑон"),
        ];
        for (damaged, want) in rows {
            assert_eq!(repair_mojibake(damaged).text, want, "{damaged:?}");
        }
    }

    #[test]
    fn correct_text_is_left_alone() {
        let rows: &[(&str, &str)] = &[
            ("Â word", "Âge des ténèbres"),
            // Found on real text (catalogues and news, audit of 2026-11-26): a French
            // no-break space before » or – after é or à is UTF-8 of a CJK character; so
            // are Czech "ěžš" in Windows-1250, a Ukrainian capital and apostrophe in
            // Windows-1251 (Greek Β), and a capital and і after a Latin letter.
            (
                "French no-break spaces",
                "«\u{a0}Liberté, égalité, fraternité\u{a0}», le mot «\u{a0}café\u{a0}», «\u{a0}déjà\u{a0}», l’été\u{a0}– la chaleur",
            ),
            ("Czech", "Nejtěžší rozhodnutí, nejtěžší rok; atěžština jklĺľž"),
            (
                "Ukrainian apostrophes",
                "О’Ніл, О’Хіггінс, П’ЯТНИЦЯ, М’ЯСО, В’ячеслав, п’ятниця",
            ),
            ("glued menu", "NewsПідписка iPhoneПідписування %sЗібрано для %s"),
            (
                "Portuguese",
                "São Paulo e a Ilha de São Tomé, às vezes à noite",
            ),
            (
                "French",
                "naïve café, À la carte, déjà vu, voilà le travail",
            ),
            ("Spanish", "Ñandú, ¿qué? ¡sí! año"),
            ("capitals", "ÀÁÂÃ ÅRHUS MÜNCHEN ŁÓDŹ ÎNVĂŢĂMÂNT İSTANBUL"),
            (
                "Vietnamese",
                "Nguyễn Thị Hà ở Hà Nội, thành phố và người dân",
            ),
            ("Greek", "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας."),
            (
                "Cyrillic",
                "СССР–США, ОАО «Газпром», 50 м², Её Величество, Київ",
            ),
            ("Arabic", "أكثر من ١٠٠ بلد، مع الرياض والدوحة"),
            ("Hebrew", "נשיא המדינה נפגש עם ראש הממשלה"),
            ("CJK", "東京都、ソウル특별시、北京市。「引用」"),
            ("emoji", "🎉 Fans 😂❤️👍 🇫🇷 ok"),
            ("math", "√π ≈ 1.77, x ≤ y ≥ z, 3 × 4 m², ±0.5, ∑∏∫, 90°"),
            (
                "English symbols",
                "© 2024 — £5, €6, 20 °C ± 1, 3 × 4, “quoted” ‘single’ …",
            ),
            ("kaomoji", "(╯°□°)╯︵ ┻━┻  ¯\\_(ツ)_/¯  Ō¬o"),
            (
                "box table",
                "┌──────┬─────┐\n│ Name │ Age │\n├──────┼─────┤",
            ),
            ("apostrophe after É", "Join ZZAJÉ’s list"),
        ];
        for &(name, text) in rows {
            let fixed = repair_mojibake(text);
            assert_eq!(fixed.text, text, "{name}");
            assert!(fixed.changes.is_empty(), "{name}");
        }
    }

    #[test]
    fn newsclean_repairs_beyond_ftfy() {
        let rows: &[(&str, &str, &str)] = &[
            ("cp1251 in a Latin word", "le mГ©dicament", "le médicament"),
            (
                "cp1250 German",
                "In MĂĽnchen fĂĽr alle",
                "In München für alle",
            ),
            (
                "MacRoman √ after a letter",
                "al pi√π presto",
                "al più presto",
            ),
            ("MacRoman Cyrillic", "–ü—Ä–∏–≤–µ—Ç", "Привет"),
            ("KOI8-R Cyrillic", "п÷я─п╦п╡п╣я┌", "Привет"),
            ("cp437 before a word", "┬┐que pasa?", "¿que pasa?"),
            (
                "C1 symbol inside a word: MacRoman",
                "Coatl\u{87}n conf\u{92}an",
                "Coatlán confían",
            ),
            ("C1 apostrophe stays Windows-1252", "don\u{92}t", "don’t"),
            ("Hebrew nun lost A0", "×”×ž×“×™× ×”", "המדינה"),
            (
                "Vietnamese à inside a syllable",
                "thÃ nh phá»‘ vÃ o",
                "thành phố vào",
            ),
            (
                "French à stays a word",
                "voilÃ le travail",
                "voilà le travail",
            ),
            ("Arabic digits lost A0", "من Ù Ù Ù¡ بلد", "من ٠٠١ بلد"),
            (
                "dropped 9D of ” before a space",
                "â€œHi,â€ he said",
                "“Hi,” he said",
            ),
            ("dropped 9D of ” at line end", "said â€œyesâ€", "said “yes”"),
        ];
        for &(name, input, want) in rows {
            let fixed = repair_mojibake(input);
            assert_eq!(fixed.text, want, "{name}");
            assert!(!fixed.changes.is_empty(), "{name}");
        }
    }

    #[test]
    fn diff_spans_cover_whole_damaged_words() {
        type Row<'a> = (&'a str, &'a str, &'a str, &'a [(&'a str, &'a str)]);
        let rows: &[Row] = &[
            (
                "two words",
                "CafÃ© crÃ¨me",
                "Café crème",
                &[("Ã©", "é"), ("Ã¨", "è")],
            ),
            ("kept symbol joins", "is Ã‚Â£5", "is £5", &[("Ã‚Â£", "£")]),
            ("whole word", "x Ð¼Ð¸Ñ€ y", "x мир y", &[("Ð¼Ð¸Ñ€", "мир")]),
            ("removal", "Miami.Â", "Miami.", &[("Â", "")]),
            (
                "merged across one letter",
                "Ã©tÃ© ok",
                "été ok",
                &[("Ã©tÃ©", "été")],
            ),
            (
                "nbsp restored eats a space",
                "word Â next",
                "word \u{a0}next",
                &[("Â ", "\u{a0}")],
            ),
        ];
        for &(name, before, after, want) in rows {
            let got = diff_spans(before, after);
            let want: Vec<(String, String)> = want
                .iter()
                .map(|&(b, a)| (b.to_string(), a.to_string()))
                .collect();
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn ftfy_steps_have_their_rule_and_detail() {
        // (name, input, output, rule, detail): outputs are the texts before the damage.
        let rows: &[(&str, &str, &str, &str, &str)] = &[
            (
                "CESU-8 surrogate pair",
                "\u{ed}\u{a0}\u{bd}\u{ed}\u{b2}\u{a9} ok",
                "\u{1f4a9} ok",
                "surrogate-pair",
                "encode latin-1, decode utf-8-variants",
            ),
            (
                "lossy sequence",
                "â€œlossy decodingâ€\u{fffd}",
                "“lossy decoding\u{fffd}",
                "lossy-sequence",
                "encode sloppy-windows-1252, transcode replace_lossy_sequences, decode utf-8",
            ),
            (
                "C1 control as Windows-1252",
                "price: 5\u{80}",
                "price: 5€",
                "c1-controls",
                "encode latin-1, decode windows-1252",
            ),
            (
                "two layers",
                "Ã¢â‚¬Å“Hello,Ã¢â‚¬Â\u{9d}",
                "“Hello,”",
                "utf8-as-sloppy-windows-1252",
                "encode sloppy-windows-1252, decode utf-8; encode sloppy-windows-1252, decode utf-8",
            ),
            (
                "lost A0 of an NBSP",
                "the cost isÂ $5",
                "the cost is\u{a0}$5",
                "utf8-as-latin-1",
                "encode latin-1, transcode restore_byte_a0, decode utf-8",
            ),
        ];
        for &(name, input, output, rule, detail) in rows {
            let fixed = repair_mojibake(input);
            assert_eq!(fixed.text, output, "{name}");
            // The whole line went through these steps: every span of it carries them.
            assert!(!fixed.changes.is_empty(), "{name}");
            for change in &fixed.changes {
                assert_eq!(change.rule, rule, "{name}");
                assert_eq!(change.detail.as_deref(), Some(detail), "{name}");
            }
        }
    }

    #[test]
    fn clean_text_is_borrowed() {
        for text in [
            "",
            "plain ascii\n",
            "“Quotes” — and © 2024 ™",
            "Привет мир",
            "東京 😀",
        ] {
            assert!(
                matches!(repair_mojibake(text).text, Cow::Borrowed(_)),
                "{text}"
            );
        }
    }

    #[test]
    fn next_suspect_skips_quotes_and_finds_latin_mojibake() {
        let s = Suspects::get();
        assert_eq!(next_suspect("“abc” — ok", 0, s), None);
        let t = "aaaaaaaaaaaa CafÃ©";
        assert_eq!(next_suspect(t, 0, s), Some(t.find('Ã').unwrap()));
    }
}
