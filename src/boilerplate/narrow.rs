//! Narrowed twins of a rule's pattern, for lines written in a small repertoire.
//!
//! A rule's Unicode classes (`\p{L}`, `\p{Lu}`, `(?i)` letters) compile into large UTF-8
//! automata: the catalogue's regexes hold some 400,000 NFA states, take about 0.2 s to
//! compile and tens of MB of memory. But on a line whose characters all lie in a
//! repertoire, a class matches exactly what its part inside the repertoire matches, and a
//! literal with a character outside it never matches. So the pattern with every class
//! cut down to the repertoire (and such literals made to fail) matches exactly what the
//! full pattern matches on that line, and compiles into a small automaton.
//!
//! Two repertoires: ASCII, where word boundaries also become ASCII ones (the same on
//! ASCII text, and they keep the regex crate on its lazy DFA instead of the PikeVM); and
//! Latin ([`Repertoire::Latin`]: Latin letters with diacritics, general punctuation and
//! currency signs), which covers most news in European languages. Other lines use the
//! full pattern.
//!
//! ```
//! use newsclean::boilerplate::narrow::{narrowed, Repertoire};
//! assert_eq!(Repertoire::of("Photo: Reuters"), Repertoire::Ascii);
//! assert_eq!(Repertoire::of("Foto: José Pérez — EFE"), Repertoire::Latin);
//! assert_eq!(Repertoire::of("Фото: ТАСС"), Repertoire::Any);
//!
//! let ascii = regex::Regex::new(&narrowed(r"\b\p{Lu}\p{L}+/AFP", Repertoire::Ascii)).unwrap();
//! assert!(ascii.is_match("KYIV/AFP"));
//! ```

use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look, Repetition};

/// The characters a line is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Repertoire {
    /// U+0000 to U+007F.
    Ascii,
    /// U+0000 to U+023F (Latin-1, Latin Extended-A and most of -B) and U+2000 to U+20BF
    /// (general punctuation: dashes, curly quotes, ellipsis; currency signs).
    Latin,
    /// Anything.
    Any,
}

const LATIN: [(char, char); 2] = [('\u{0}', '\u{23F}'), ('\u{2000}', '\u{20BF}')];

impl Repertoire {
    /// The smallest repertoire `line` is written in.
    pub fn of(line: &str) -> Repertoire {
        if line.is_ascii() {
            Repertoire::Ascii
        } else if line
            .chars()
            .all(|c| LATIN.iter().any(|&(lo, hi)| lo <= c && c <= hi))
        {
            Repertoire::Latin
        } else {
            Repertoire::Any
        }
    }

    fn class(self) -> Option<ClassUnicode> {
        let ranges: &[(char, char)] = match self {
            Repertoire::Ascii => &[('\u{0}', '\u{7F}')],
            Repertoire::Latin => &LATIN,
            Repertoire::Any => return None,
        };
        Some(ClassUnicode::new(
            ranges
                .iter()
                .map(|&(lo, hi)| ClassUnicodeRange::new(lo, hi)),
        ))
    }
}

/// `pattern` narrowed to `repertoire`, as a pattern string: on a haystack written in the
/// repertoire it matches exactly what `pattern` matches. `pattern` itself for
/// [`Repertoire::Any`] or when it does not parse (the caller reports that error).
pub fn narrowed(pattern: &str, repertoire: Repertoire) -> String {
    if repertoire == Repertoire::Any {
        return pattern.to_string();
    }
    match regex_syntax::Parser::new().parse(pattern) {
        Ok(hir) => narrowed_hir(hir, repertoire).to_string(),
        Err(_) => pattern.to_string(),
    }
}

/// [`narrowed`] for a pattern already parsed: the same twin, without printing and parsing
/// the pattern again (rules are compiled from their parsed form).
pub fn narrowed_hir(hir: Hir, repertoire: Repertoire) -> Hir {
    match repertoire.class() {
        Some(class) => narrow(hir, &class, repertoire == Repertoire::Ascii),
        None => hir,
    }
}

fn narrow(hir: Hir, keep: &ClassUnicode, ascii: bool) -> Hir {
    // A part that narrowing leaves as it is is not taken apart and built again (two
    // allocations a node).
    let changes = |leaf: &HirKind| match leaf {
        HirKind::Class(Class::Unicode(class)) => !within(class, keep),
        HirKind::Literal(lit) => !literal_within(&lit.0, keep),
        HirKind::Look(look) => ascii && ascii_look(*look) != *look,
        _ => false,
    };
    if !any_leaf(&hir, &changes) {
        return hir;
    }
    match hir.into_kind() {
        // Already inside the repertoire (most classes: punctuation, a case-folded Latin
        // letter): kept as it is, without the intersection's allocations.
        HirKind::Class(Class::Unicode(class)) if within(&class, keep) => {
            Hir::class(Class::Unicode(class))
        }
        HirKind::Class(Class::Unicode(mut class)) => {
            class.intersect(keep);
            Hir::class(Class::Unicode(class))
        }
        HirKind::Class(class) => Hir::class(class),
        HirKind::Literal(lit) => {
            if literal_within(&lit.0, keep) {
                Hir::literal(lit.0)
            } else {
                Hir::fail()
            }
        }
        HirKind::Look(look) if ascii => Hir::look(ascii_look(look)),
        HirKind::Look(look) => Hir::look(look),
        HirKind::Empty => Hir::empty(),
        HirKind::Capture(mut cap) => {
            cap.sub = Box::new(narrow(*cap.sub, keep, ascii));
            Hir::capture(cap)
        }
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(narrow(*rep.sub, keep, ascii)),
            ..rep
        }),
        HirKind::Concat(subs) => {
            Hir::concat(subs.into_iter().map(|h| narrow(h, keep, ascii)).collect())
        }
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.into_iter().map(|h| narrow(h, keep, ascii)).collect())
        }
    }
}

/// `hir` with every class that reaches far beyond [`Repertoire::Latin`] widened to take every
/// character beyond it: the same on Latin text, a superset elsewhere, and small. (`\p{L}`
/// compiles into hundreds of UTF-8 states; "anything not Latin" into a handful.) For the
/// line gate, which may only err towards letting lines through.
///
/// Classes of capitals (`\p{Lu}`) stay as they are: names and datelines in the rules
/// start with them, and a gate that took any character there would follow every
/// sentence in another script for several words. So do classes with only a few characters
/// beyond Latin ([`SMALL_OUTSIDE`]).
pub(crate) fn coarsened(hir: Hir) -> Hir {
    coarsened_with(hir, Some(Vec::new()))
}

fn coarsened_with(hir: Hir, mut done: Done) -> Hir {
    let latin = Repertoire::Latin.class().expect("Latin is a class");
    let mut beyond = latin.clone();
    beyond.negate();
    static KEEP: std::sync::LazyLock<ClassUnicode> = std::sync::LazyLock::new(|| {
        let mut capitals = match regex_syntax::Parser::new()
            .parse(r"\p{Lu}")
            .map(Hir::into_kind)
        {
            Ok(HirKind::Class(Class::Unicode(class))) => class,
            _ => ClassUnicode::empty(),
        };
        capitals.union(&Repertoire::Latin.class().expect("Latin is a class"));
        capitals
    });
    let sets = Sets {
        latin: &latin,
        beyond: &beyond,
        keep: &KEEP,
    };
    coarsen(hir, &sets, &mut done)
}

/// The classes [`coarsened`] works with.
struct Sets<'s> {
    latin: &'s ClassUnicode,
    beyond: &'s ClassUnicode,
    keep: &'s ClassUnicode,
}

/// A class whose characters beyond Latin (and beyond the capitals) lie in at most this
/// many ranges stays exact: the automaton's size grows with the ranges, and a few (the
/// spaces of `\s` beyond Latin such as U+3000, the Kelvin sign that `(?i)k` brings, the
/// decimal digits of other scripts in `\d`) compile into a few states each. Widened to
/// every character beyond Latin, they would let a sentence in another script run through
/// the automaton: a breadcrumb's `\s*` that took any Cyrillic letter read every Cyrillic
/// line to its end.
/// The letter classes (`\p{L}`, `\w`: hundreds of ranges) are the ones worth widening.
const SMALL_OUTSIDE: usize = 100;

/// Classes reaching beyond Latin already coarsened in this pattern, with the result: a
/// rule repeats its large classes (a name's capitals and letters, once per word), and
/// coarsening one costs set operations over hundreds of ranges. `None`: no memory (the
/// tests' reference).
type Done = Option<Vec<(ClassUnicode, ClassUnicode)>>;

fn coarsen(hir: Hir, sets: &Sets, done: &mut Done) -> Hir {
    let Sets {
        latin,
        beyond,
        keep,
    } = *sets;
    // A part with no class beyond Latin stays as it is: taking it apart and building it
    // again costs two allocations a node.
    if !any_leaf(
        &hir,
        &|leaf| matches!(leaf, HirKind::Class(Class::Unicode(class)) if !within(class, latin)),
    ) {
        return hir;
    }
    match hir.into_kind() {
        // Most classes are a case-folded letter (`[Ss\u{17f}]`) or ASCII punctuation:
        // already inside Latin, kept as they are without the set operations below, which
        // allocate a copy of `keep` (hundreds of ranges) for every class.
        HirKind::Class(Class::Unicode(class)) if within(&class, latin) => {
            Hir::class(Class::Unicode(class))
        }
        HirKind::Class(Class::Unicode(class)) => {
            if let Some((_, coarse)) = done.iter().flatten().find(|(seen, _)| *seen == class) {
                return Hir::class(Class::Unicode(coarse.clone()));
            }
            let mut coarse = class.clone();
            let mut outside = class.clone();
            outside.difference(keep);
            if outside.ranges().len() > SMALL_OUTSIDE {
                coarse.intersect(latin);
                coarse.union(beyond);
            }
            if let Some(done) = done {
                done.push((class, coarse.clone()));
            }
            Hir::class(Class::Unicode(coarse))
        }
        HirKind::Capture(mut cap) => {
            cap.sub = Box::new(coarsen(*cap.sub, sets, done));
            Hir::capture(cap)
        }
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(coarsen(*rep.sub, sets, done)),
            ..rep
        }),
        HirKind::Concat(subs) => {
            Hir::concat(subs.into_iter().map(|h| coarsen(h, sets, done)).collect())
        }
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.into_iter().map(|h| coarsen(h, sets, done)).collect())
        }
        HirKind::Class(class) => Hir::class(class),
        HirKind::Literal(lit) => Hir::literal(lit.0),
        HirKind::Look(look) => Hir::look(look),
        HirKind::Empty => Hir::empty(),
    }
}

/// Does some leaf of `hir` (a class, literal, look-around or empty) pass `test`?
pub(super) fn any_leaf(hir: &Hir, test: &dyn Fn(&HirKind) -> bool) -> bool {
    match hir.kind() {
        HirKind::Repetition(rep) => any_leaf(&rep.sub, test),
        HirKind::Capture(cap) => any_leaf(&cap.sub, test),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().any(|h| any_leaf(h, test))
        }
        leaf => test(leaf),
    }
}

/// Is every character of `literal` (UTF-8) in `keep`?
fn literal_within(literal: &[u8], keep: &ClassUnicode) -> bool {
    std::str::from_utf8(literal).map_or(true, |s| {
        s.chars()
            .all(|c| keep.ranges().iter().any(|r| r.start() <= c && c <= r.end()))
    })
}

/// Does every character of `class` lie in `set`? (Both sorted, as classes are.)
fn within(class: &ClassUnicode, set: &ClassUnicode) -> bool {
    class.ranges().iter().all(|r| {
        set.ranges()
            .iter()
            .any(|s| s.start() <= r.start() && r.end() <= s.end())
    })
}

/// The ASCII twin of a Unicode word-boundary assertion (the same on ASCII text).
fn ascii_look(look: Look) -> Look {
    match look {
        Look::WordUnicode => Look::WordAscii,
        Look::WordUnicodeNegate => Look::WordAsciiNegate,
        Look::WordStartUnicode => Look::WordStartAscii,
        Look::WordEndUnicode => Look::WordEndAscii,
        Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
        Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repertoires() {
        assert_eq!(Repertoire::of(""), Repertoire::Ascii);
        assert_eq!(Repertoire::of("Łódź – “Gdańsk” …"), Repertoire::Latin);
        assert_eq!(Repertoire::of("Ελλάδα"), Repertoire::Any);
        assert_eq!(Repertoire::of("caf\u{e9} \u{20ac}5"), Repertoire::Latin);
        assert_eq!(Repertoire::of("caf\u{e9} \u{2122}"), Repertoire::Any);
    }

    #[test]
    fn classes_shrink_and_outside_literals_fail() {
        let ascii = narrowed(r"\p{Lu}’s|[é\w]+\b", Repertoire::Ascii);
        let re = regex::Regex::new(&format!("^(?:{ascii})$")).unwrap();
        assert!(re.is_match("Abc_9"));
        assert!(!ascii.contains('’'), "{ascii}");
        assert!(!ascii.contains("\\p{"), "{ascii}");
        let latin = narrowed(r"\p{Lu}’s", Repertoire::Latin);
        assert!(regex::Regex::new(&latin).unwrap().is_match("É’s"));
        assert_eq!(narrowed(r"\p{L}", Repertoire::Any), r"\p{L}");
    }

    /// Remembering the classes already coarsened changes nothing: every catalogue pattern
    /// coarsens to the same as without the memory.
    #[test]
    fn coarsening_with_memory_agrees_with_coarsening_each_class() {
        let mut unicode = 0;
        for (_, spec) in crate::boilerplate::builtin_rules() {
            unicode += usize::from(spec.pattern.contains(r"\p{"));
            let hir = regex_syntax::Parser::new().parse(&spec.pattern).unwrap();
            let remembered = coarsened(hir.clone());
            // Not `assert_eq!`: the patterns print as hundreds of KB.
            assert!(remembered == coarsened_with(hir, None), "{}", spec.name);
        }
        assert!(unicode > 5, "only {unicode} patterns have Unicode classes");
    }

    #[test]
    fn narrowed_patterns_are_much_smaller() {
        let states = |p: &str| {
            regex_automata::nfa::thompson::NFA::new(p)
                .unwrap()
                .states()
                .len()
        };
        let full = r"[\p{Lu}][\p{L}'’.\-]*(?:\s[\p{Lu}][\p{L}'’.\-]*){0,4}/AFP";
        assert!(states(&narrowed(full, Repertoire::Ascii)) * 20 < states(full));
        assert!(states(&narrowed(full, Repertoire::Latin)) * 5 < states(full));
    }
}
