//! How bad does text look? A port of ftfy 6.3.1's `badness.py`.
//!
//! About 400 characters occur in UTF-8 mojibake. ftfy sorts them into named categories
//! (generated into `tables.rs` from ftfy itself) and lists sequences of categories that
//! almost only mojibake produces, such as an accented lowercase letter followed by a
//! currency sign. [`badness`] counts such sequences; [`is_bad`] stops at the first.
//! The expression is assembled from the category names, like ftfy's `BADNESS_RE`; the
//! few rules newsclean adds are marked as such below.
//!
//! ```
//! use newsclean::mojibake::badness::{badness, is_bad};
//! assert!(is_bad("CafÃ©"));
//! assert!(!is_bad("Café"));
//! assert_eq!(badness("Washingtonâ€™s"), 1);
//! ```

use super::tables::*;
use regex::Regex;
use std::fmt::Write;
use std::sync::OnceLock;

/// The body of a regex character class holding every char of `sets`.
pub(crate) fn class_body(sets: &[&[(char, char)]]) -> String {
    let mut out = String::new();
    for set in sets {
        for &(a, b) in set.iter() {
            if a == b {
                let _ = write!(out, "\\x{{{:x}}}", a as u32);
            } else {
                let _ = write!(out, "\\x{{{:x}}}-\\x{{{:x}}}", a as u32, b as u32);
            }
        }
    }
    out
}

/// A character class of `sets` plus the literal characters in `extra`.
fn class(sets: &[&[(char, char)]], extra: &str) -> String {
    let mut body = class_body(sets);
    for c in extra.chars() {
        let _ = write!(body, "\\x{{{:x}}}", c as u32);
    }
    format!("[{body}]")
}

/// The badness expression's source, ftfy's `BADNESS_RE` alternative by alternative.
fn badness_pattern() -> String {
    let c1: &[(char, char)] = CAT_C1;
    let bad = CAT_BAD;
    let la = CAT_LOWER_ACCENTED;
    let ua = CAT_UPPER_ACCENTED;
    let lc = CAT_LOWER_COMMON;
    let uc = CAT_UPPER_COMMON;
    let bx = CAT_BOX;
    let sp = CAT_START_PUNCTUATION;
    let ep = CAT_END_PUNCTUATION;
    let cu = CAT_CURRENCY;
    let nu = CAT_NUMERIC;
    let law = CAT_LAW;
    let ka = CAT_KAOMOJI;
    let co = CAT_COMMON;
    let arabic_next = class(&[co, cu, bad, nu, sp], "ŸŠ®°µ»");
    let alternatives: Vec<String> = vec![
        class(&[c1], ""),
        class(&[bad, la, ua, bx, sp, ep, cu, nu, law], "") + &class(&[bad], ""),
        "[a-zA-Z]".to_string() + &class(&[lc, uc], "") + &class(&[bad], ""),
        class(&[bad], "") + &class(&[la, ua, bx, sp, ep, cu, nu, law], ""),
        class(&[la, lc, bx, ep, cu, nu], "") + &class(&[ua], ""),
        class(&[bx, ep, cu, nu], "") + &class(&[la], ""),
        class(&[la, bx, ep], "") + &class(&[cu], ""),
        r"\s".to_string() + &class(&[ua], "") + &class(&[cu], ""),
        class(&[ua, bx], "") + &class(&[nu, law], ""),
        class(&[la, ua, bx, cu, ep], "") + &class(&[sp], "") + &class(&[nu], ""),
        class(&[la, ua, cu, nu, bx, law], "") + &class(&[ep], "") + &class(&[sp], ""),
        class(&[cu, nu, bx], "") + &class(&[sp], ""),
        "[a-z]".to_string() + &class(&[ua], "") + &class(&[sp, cu], ""),
        class(&[bx], "") + &class(&[ka], ""),
        class(&[la, ua, cu, nu, sp, ep, law], "") + &class(&[bx], ""),
        class(&[bx], "") + &class(&[ep], ""),
        class(&[la, ua], "") + &class(&[sp, ep], "") + r"\w",
        // The ligature œ when not followed by an unaccented Latin letter.
        "[Œœ][^A-Za-z]".to_string(),
        // Degree signs after capital letters.
        class(&[ua], "") + "°",
        // Common Windows-1252 2-character mojibake not covered above.
        "[ÂÃÎÐ]".to_string() + &class(&[sp, ep], "€œŠš¢£Ÿž\u{a0}\u{ad}®©°·»–—´"),
        "×[²³]".to_string(),
        // Windows-1252 mojibake of Arabic words: four characters.
        format!("[ØÙ]{arabic_next}[ØÙ]{arabic_next}"),
        // Windows-1252 mojibake starting 3-character South Asian sequences.
        "à[²µ¹¼½¾]".to_string(),
        // MacRoman mojibake not covered above.
        "√[±∂†≠®™´≤≥¥µø]".to_string(),
        "≈[°¢]".to_string(),
        "‚Ä[ìîïòôúùû†°¢π]".to_string(),
        "‚[âó][àä°ê]".to_string(),
        // Windows-1251 mojibake of characters in the U+2000 range.
        "вЂ".to_string(),
        // Windows-1251 mojibake of Latin-1 characters and/or Cyrillic: three characters.
        "[ВГРС]".to_string() + &class(&[c1, bad, sp, ep, cu], "°µ") + "[ВГРС]",
        // Windows-1251 on top of Latin-1 mojibake of Windows-1252 characters.
        "ГўВЂВ.[A-Za-z ]".to_string(),
        // Windows-1252 encodings of 'à' and 'á', and of U+A0 itself.
        "Ã[\u{a0}¡]".to_string(),
        r"[a-z]\s?[ÃÂ][ ]".to_string(),
        "^[ÃÂ][ ]".to_string(),
        // Â before a character it is an encoding of, when that character is common.
        "[a-z.,?!".to_string() + &class_body(&[ep]) + "]Â" + &class(&[sp, ep], " "),
        // Windows-1253 mojibake of characters in the U+2000 range.
        "β€[™\u{a0}Ά\u{ad}®°]".to_string(),
        // Windows-1253 mojibake of Latin-1 characters and/or the Greek alphabet.
        "[ΒΓΞΟ]".to_string() + &class(&[c1, bad, sp, ep, cu], "°") + "[ΒΓΞΟ]",
        // Windows-1257 mojibake of characters in the U+2000 range.
        "ā€".to_string(),
    ];
    let mut all = alternatives;
    all.extend(newsclean_alternatives());
    all.join("|")
}

/// The characters bytes `lo..=hi` decode to in the codec `table`, minus ASCII and
/// anything in `except`.
fn decodings(table: &CodecTable, lo: u8, hi: u8, except: &str) -> Vec<(char, char)> {
    let mut chars: Vec<char> = (lo..=hi)
        .map(|b| table.decode[b as usize])
        .filter(|c| !c.is_ascii() && !except.contains(*c))
        .collect();
    chars.sort_unstable();
    chars.dedup();
    chars.into_iter().map(|c| (c, c)).collect()
}

/// Does `c` have another case (`ž`, `Š`, `µ`; not `º` or `»`)?
fn has_case(c: char) -> bool {
    c.to_uppercase().ne([c]) || c.to_lowercase().ne([c])
}

/// Uppercase letters among the chars of `set`.
fn uppercase(set: &[(char, char)]) -> Vec<(char, char)> {
    let mut out = Vec::new();
    for &(a, b) in set {
        for c in (a as u32..=b as u32).filter_map(char::from_u32) {
            if c.is_uppercase() {
                out.push((c, c));
            }
        }
    }
    out
}

/// newsclean's rules for a UTF-8 sequence inside a Latin word: a lowercase ASCII letter
/// before an uppercase lead, or a lowercase ASCII letter after a lead and continuation.
/// Real words do not put an accented capital after a lowercase letter, nor a symbol
/// between an accented capital and a lowercase letter. They are also what the local-run
/// fixer asks about a run seen with its neighbours.
fn latin_word_alternatives() -> Vec<String> {
    // Uppercase letters that stand for a UTF-8 lead byte C2-DF in some codec.
    let upper_lead = uppercase(CLUE_UTF8_FIRST_OF_2);
    let strict = CLUE_UTF8_CONTINUATION_STRICT;
    let cont_no_space: Vec<(char, char)> = CLUE_UTF8_CONTINUATION
        .iter()
        .flat_map(|&(a, b)| (a as u32..=b as u32).filter_map(char::from_u32))
        .filter(|&c| c != ' ' && c != '\u{a0}')
        .map(|c| (c, c))
        .collect();
    let cyrillic_or_greek = |c: char| c.is_alphabetic() && ('\u{370}'..='\u{52f}').contains(&c);
    let (cont_cyrillic_greek, cont_other): (Vec<_>, Vec<_>) = cont_no_space
        .iter()
        .partition(|&&(c, _)| cyrillic_or_greek(c));
    let cont_no_apostrophe: Vec<(char, char)> = cont_no_space
        .iter()
        .copied()
        .filter(|&(c, _)| c != '’' && c != '‘')
        .collect();
    // The first continuation after a three-byte lead: not a spacing accent ("lá´´" uses
    // acutes as quotes), not a no-break space (French puts one between a word and "»" or
    // "–": "café\u{a0}»" is the UTF-8 of 頻) and not a letter with a case (Czech "těžší"
    // is the Windows-1250 reading of 잚). Vietnamese, what the rule is for, has "º" or
    // "»" there ("á»™", "áº¡").
    let strict_first: Vec<(char, char)> = strict
        .iter()
        .flat_map(|&(a, b)| (a as u32..=b as u32).filter_map(char::from_u32))
        .filter(|&c| !"´¨¸¯˜ˆ˝˛˘ˇ\u{a0}".contains(c) && !has_case(c))
        .map(|c| (c, c))
        .collect();
    let upper_lead_not_kaomoji: Vec<(char, char)> = upper_lead
        .iter()
        .copied()
        .filter(|&(c, _)| !CAT_KAOMOJI.iter().any(|&(a, b)| (a..=b).contains(&c)))
        .collect();
    vec![
        // A lowercase Latin letter, then an uppercase lead and a continuation (any but a
        // space; a lowercase letter before an accented capital is already odd): "RzÄ…d",
        // "podwyĹĽek", "mГ©dicament". When the continuation is a Cyrillic or Greek
        // letter, not when another letter of those scripts follows: that is a word of
        // that script glued to a Latin one ("iPhoneПідписування").
        "[a-z]".to_string() + &class(&[&upper_lead], "") + &class(&[&cont_other], ""),
        "[a-z]".to_string()
            + &class(&[&upper_lead], "")
            + &class(&[&cont_cyrillic_greek], "")
            + r"(?:[^\p{Cyrillic}\p{Greek}]|$)",
        // An uppercase lead (not one of the kaomoji eyes), a continuation other than an
        // apostrophe ("ZZAJÉ’s" is real) and a lowercase Latin letter: "MĂĽnchen",
        // "FГјr", "DÅ‚ugiej", "MÄ“s".
        class(&[&upper_lead_not_kaomoji], "") + &class(&[&cont_no_apostrophe], "") + "[a-z]",
        // A Latin letter, then a lead of a three-byte sequence and two strict
        // continuations: "Ná»™i", "phá»§" (Vietnamese read as Windows-1252).
        "[A-Za-z]".to_string()
            + &class(&[CLUE_UTF8_FIRST_OF_3], "")
            + &class(&[&strict_first], "")
            + &class(&[strict], ""),
    ]
}

/// Rules newsclean adds to ftfy's: the shape of a UTF-8 sequence (a lead character and a
/// continuation character of the same legacy codec) where real text does not put one,
/// inside a Latin word or between letters of one script. Each is built from the codec
/// tables and ftfy's clue classes, not from single examples; a flagged text is still
/// changed only when it re-decodes as valid UTF-8.
fn newsclean_alternatives() -> Vec<String> {
    // Windows-1251 continuation bytes that are not letters, nor the apostrophe of
    // Ukrainian words and names ("П’ЯТЬ", "О’Хара", where "О’" is also the Windows-1251
    // reading of Greek "Β"; Greek text read so has plenty of other pairs).
    let cyr_cont: Vec<(char, char)> = decodings(&SLOPPY_WINDOWS_1251, 0x80, 0xbf, "’")
        .into_iter()
        .filter(|&(c, _)| !c.is_alphabetic())
        .collect();
    let cyr_lead = decodings(&SLOPPY_WINDOWS_1251, 0xc2, 0xdf, "");
    let cyr_cont_all = decodings(&SLOPPY_WINDOWS_1251, 0x80, 0xbf, "");
    let w1252_cont = decodings(&SLOPPY_WINDOWS_1252, 0x80, 0xbf, "");
    let cyr_cjk_lead = class(&[&decodings(&SLOPPY_WINDOWS_1251, 0xe4, 0xe9, "")], "");
    let cyr_cont_all_c = class(&[&cyr_cont_all], "");
    let mac_cont = decodings(&MACROMAN, 0x80, 0xbf, "");
    // KOI8-R: letters for bytes C2-F4, non-letters for 80-BF except the ones that follow
    // letters in real text ("м²", "т·", "5°").
    let koi_lead: Vec<(char, char)> = decodings(&KOI8_R, 0xc2, 0xf4, "")
        .into_iter()
        .filter(|&(c, _)| c.is_alphabetic())
        .collect();
    let koi_lead = class(&[&koi_lead], "");
    let koi_cont: Vec<(char, char)> = decodings(&KOI8_R, 0x80, 0xbf, "²·°")
        .into_iter()
        .filter(|&(c, _)| !c.is_alphabetic())
        .collect();
    let koi_cont = class(&[&koi_cont], "");
    let cp437_box_lead: Vec<(char, char)> = decodings(&CP437, 0xc2, 0xdf, "")
        .into_iter()
        .filter(|&(c, _)| ('\u{2500}'..='\u{259f}').contains(&c))
        .collect();
    let cp437_cont = decodings(&CP437, 0x80, 0xbf, "");
    let mut rules = latin_word_alternatives();
    rules.extend([
        // Windows-1251 leads around a Windows-1251 continuation symbol: UTF-8 Greek,
        // Arabic, Hebrew read as Windows-1251 ("ОєП…ОІ", "Ш§Щ„", "Ч”ЧћЧћ").
        class(&[&cyr_lead], "") + &class(&[&cyr_cont], "") + &class(&[&cyr_lead], ""),
        // Windows-1251: two three-byte sequences in a row whose leads are the lowercase
        // letters of bytes E4-E9 (CJK ideographs): "е›Ѕе‰Ў" for "国务".
        format!("{cyr_cjk_lead}{cyr_cont_all_c}{cyr_cont_all_c}{cyr_cjk_lead}{cyr_cont_all_c}{cyr_cont_all_c}"),
        // Windows-1251: В (lead C2) before a Latin-1 symbol no Cyrillic word puts there
        // ("41 В°C", "В© 2024"), and в (lead E2) before the second byte of a math,
        // arrow, letterlike or currency character ("в€’5", "в„ў", "в†’").
        "В[°©±²³µ¶§®¬¤¦¹º¼½¾]".to_string(),
        "в[€„†‚]".to_string() + &class(&[&cyr_cont_all], ""),
        // Windows-1252: â (lead E2) before the second byte of a letterlike or arrow
        // character ("â„¢" for ™, "â„–" for №, "â†’" for →); "â€" is ftfy's.
        "â[„†]".to_string() + &class(&[&w1252_cont], ""),
        // MacRoman: √ (lead C3) touching a Latin letter ("pi√π", "Tr√∏ndelag").
        "[A-Za-z]√".to_string() + &class(&[&mac_cont], ""),
        "√".to_string() + &class(&[&mac_cont], "") + "[A-Za-z]",
        // MacRoman: UTF-8 Cyrillic, where leads D0/D1 read as dashes ("–ù–∞—Ä").
        "[–—]".to_string() + &class(&[&mac_cont], "") + "[–—]" + &class(&[&mac_cont], ""),
        // KOI8-R: a Cyrillic letter standing for a lead byte, then box drawing or a
        // symbol standing for a continuation, twice in a row ("п╦п╨", "о└н╥") or touching
        // a Latin letter ("Mц╪nchen", "exhibitБ─≥s"). Box tables put spaces or more box
        // drawing between words and rules.
        format!("{koi_lead}{koi_cont}{koi_lead}{koi_cont}"),
        format!("[A-Za-z]{koi_lead}{koi_cont}"),
        format!("{koi_lead}{koi_cont}[A-Za-z]"),
        // cp437: a box-drawing lead and a continuation touching a Latin word ("┬┐que",
        // "Espa├▒a"); box art does not run into words (leet "├┤a┼┐a" has single letters).
        class(&[&cp437_box_lead], "") + &class(&[&cp437_cont], "") + "[A-Za-z]{2}",
        "[A-Za-z]{2}".to_string() + &class(&[&cp437_box_lead], "") + &class(&[&cp437_cont], ""),
    ]);
    rules
}

/// Only the Latin-word rules, for a run seen with one character of context each side.
fn latin_word_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&latin_word_alternatives().join("|")).expect("latin word rules compile")
    })
}

/// Does a run of mojibake candidates look bad once its neighbours are counted? Used by
/// the local-run fixer with one character each side ("żywnoÅ›ci"). Only the Latin-word
/// rules are asked: ftfy's would misread a real apostrophe ("ZZAJÉ’s"), and the
/// script rules a real quotation mark ("ОАО«Газпром»").
pub(crate) fn is_bad_in_context(window: &str) -> bool {
    latin_word_re().is_match(window)
}

fn badness_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(&badness_pattern()).expect("badness pattern compiles"))
}

/// The number of unlikely character sequences in `text` (ftfy's `badness`): above 0, some
/// of it looks like mojibake.
pub fn badness(text: &str) -> usize {
    badness_re().find_iter(text).count()
}

/// Does `text` contain at least one sequence that looks like mojibake? Stops at the first.
pub fn is_bad(text: &str) -> bool {
    badness_re().is_match(text)
}

/// A bitmap over the Basic Multilingual Plane of the characters without which no badness
/// rule can match: every category except `common` and the quotation-like punctuation.
/// Text with none of them (clean English with curly quotes, dashes, © and ™) is skipped
/// by the fast path without running the expression.
pub(crate) struct Suspects {
    bits: Vec<u64>,
}

impl Suspects {
    fn build() -> Suspects {
        let mut bits = vec![0u64; 0x10000 / 64];
        // Literal characters of ftfy's rules, and the lead characters of newsclean's
        // (every newsclean rule holds a lead: a UTF-8 clue or a cp437 box lead).
        let literals = "ŒœÂÃÎÐ°×ØÙà√≈вВГРСβΒΓΞΟā";
        let cp437_box_lead: Vec<(char, char)> = decodings(&CP437, 0xc2, 0xdf, "")
            .into_iter()
            .filter(|&(c, _)| ('\u{2500}'..='\u{259f}').contains(&c))
            .collect();
        let sets: [&[(char, char)]; 15] = [
            CLUE_UTF8_FIRST_OF_2,
            CLUE_UTF8_FIRST_OF_3,
            CLUE_UTF8_FIRST_OF_4,
            &cp437_box_lead,
            CAT_C1,
            CAT_BAD,
            CAT_LAW,
            CAT_CURRENCY,
            CAT_NUMERIC,
            CAT_KAOMOJI,
            CAT_UPPER_ACCENTED,
            CAT_LOWER_ACCENTED,
            CAT_UPPER_COMMON,
            CAT_LOWER_COMMON,
            CAT_BOX,
        ];
        let mut set = |c: u32| bits[(c / 64) as usize] |= 1 << (c % 64);
        for s in sets {
            for &(a, b) in s {
                for c in a as u32..=b as u32 {
                    set(c);
                }
            }
        }
        for c in literals.chars() {
            set(c as u32);
        }
        Suspects { bits }
    }

    /// The shared instance.
    pub(crate) fn get() -> &'static Suspects {
        static S: OnceLock<Suspects> = OnceLock::new();
        S.get_or_init(Suspects::build)
    }

    /// Is `c` a character some badness rule needs?
    #[inline]
    pub(crate) fn contains(&self, c: char) -> bool {
        let c = c as u32;
        c < 0x10000 && self.bits[(c / 64) as usize] & (1 << (c % 64)) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_rows() {
        let rows: &[(&str, &str, usize)] = &[
            ("c1 control", "a\u{92}b", 1),
            ("cp1252 apostrophe", "Washingtonâ€™s", 1),
            ("latin-1 e acute", "CafÃ©", 1),
            ("two layers", "CafÃƒÂ©", 2),
            ("a grave lost nbsp", "Ã la mode", 1),
            ("cyrillic cp1252", "Ð¿Ñ€Ð¸Ð²ÐµÑ‚", 5),
            ("clean french", "naïve café, Âge", 0),
            ("clean symbols", "© 2024 ° ± × £5 €3 “quoted” — ok…", 0),
            ("clean greek", "Καλημέρα κόσμε", 0),
            ("clean russian", "Привет, мир", 0),
        ];
        for &(name, text, want) in rows {
            assert_eq!(badness(text), want, "{name}: {text:?}");
            assert_eq!(is_bad(text), want > 0, "{name}");
        }
    }

    #[test]
    fn random_strings_flagged_bad_hold_a_suspect() {
        // ASCII and every character of the codec tables that is not a suspect: no random
        // short string over these may be flagged, or the fast path (which skips text
        // without suspects) would skip mojibake. (Deterministic xorshift, 200 000 strings.)
        let s = Suspects::get();
        let mut alphabet: Vec<char> = (' '..='~').collect();
        for table in super::super::codecs::CHARMAP_CODECS {
            alphabet.extend(table.decode.iter().copied().filter(|&c| !c.is_ascii()));
        }
        alphabet.retain(|&c| !s.contains(c));
        alphabet.sort_unstable();
        alphabet.dedup();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut missed = Vec::new();
        for _ in 0..200_000 {
            let len = 2 + next(5);
            let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            if is_bad(&text) && !text.chars().any(|c| s.contains(c)) {
                missed.push(text);
            }
        }
        assert!(
            missed.is_empty(),
            "bad but no suspect: {:?}",
            &missed[..missed.len().min(20)]
        );
    }

    #[test]
    fn every_badness_match_holds_a_suspect() {
        // The fast path skips text without suspects; this checks that it never skips a
        // text the expression would flag, over every pair and triple built from the
        // characters the categories mention plus a few ASCII ones.
        let s = Suspects::get();
        let mut alphabet: Vec<char> = "a Z.\n?1".chars().collect();
        for set in [CAT_COMMON, CAT_START_PUNCTUATION, CAT_END_PUNCTUATION] {
            for &(a, b) in set {
                alphabet.extend((a as u32..=b as u32).filter_map(char::from_u32));
            }
        }
        // Only non-suspects: no string over this alphabet may be bad.
        for &a in &alphabet {
            for &b in &alphabet {
                for &c in &alphabet {
                    let text: String = [a, b, c].iter().collect();
                    assert!(
                        text.chars().any(|c| s.contains(c)) || !is_bad(&text),
                        "{text:?}"
                    );
                }
            }
        }
    }
}
