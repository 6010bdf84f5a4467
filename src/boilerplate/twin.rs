//! A rule's compiled twin: its pattern narrowed to a repertoire ([`super::narrow`]),
//! anchored as its kind requires, and compiled for the one question the remover asks of it.
//!
//! Every kind's pattern is anchored at a known end of the line, so one lazy DFA reading
//! from that end answers: forwards from the start for drop kinds (is there a match?) and
//! strip-prefix rules (where does the leftmost-first match end?), backwards from the end
//! for strip-suffix rules (where does the leftmost match start?). That needs one NFA, not
//! the forward and reverse NFAs and the other engines a `meta::Regex` builds; compiling
//! the twins is a good part of a run's one-time work.
//!
//! The answers are the full regex's: a match of an anchored pattern starts at the start of
//! the line (so the leftmost-first match is the anchored one), and a match of a pattern
//! anchored at the end ends there (so the leftmost match is the one with the leftmost
//! start, which a backwards search that takes every match finds, as the regex crate's own
//! reverse-anchored search does). A twin with a Unicode word boundary on lines that are
//! not ASCII is a `meta::Regex` (the lazy DFA would give up on their first non-ASCII
//! byte), and a search on which a lazy DFA gives up all the same goes to one. Tests
//! compare the twins with the `meta::Regex` they replace on every test line.

use super::anchored_dfa::{AnchoredDfa, Options};
use super::narrow::Repertoire;
use super::RuleKind;
use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::{Input, MatchKind};
use regex_syntax::hir::Hir;
use std::ops::Range;
use std::sync::OnceLock;

/// The lazy DFA's cache limit per twin. The catalogue's Unicode classes under bounded
/// repetition make NFAs for which the regex crate's default (2 MB) is too small. The cache
/// grows only as states are used.
const DFA_SIZE_LIMIT: usize = 64 << 20;

/// The compiled NFA of one twin may be this large (the regex crate's default).
const NFA_SIZE_LIMIT: usize = 10 << 20;

/// One rule's pattern, narrowed and anchored, ready to run on lines.
#[derive(Debug)]
pub(crate) struct Twin {
    kind: RuleKind,
    engine: Engine,
}

#[derive(Debug)]
enum Engine {
    /// The lazy DFA reading from the anchored end, and the same pattern as a full regex
    /// for a line on which the DFA gives up (built then).
    Dfa {
        dfa: Box<AnchoredDfa>,
        hir: Hir,
        fallback: OnceLock<Regex>,
    },
    Meta(Regex),
}

impl Twin {
    /// Compile `hir`, the pattern narrowed to `repertoire` and anchored as `kind` requires.
    pub fn new(kind: RuleKind, hir: Hir, repertoire: Repertoire) -> Result<Twin, String> {
        let unicode_word = hir.properties().look_set().contains_word_unicode();
        if unicode_word && repertoire != Repertoire::Ascii {
            return Ok(Twin {
                kind,
                engine: Engine::Meta(meta_regex(&hir)?),
            });
        }
        let options = Options {
            reverse: kind == RuleKind::StripSuffix,
            kind: match kind {
                // Backwards, every match counts: the search ends at the leftmost start.
                RuleKind::StripSuffix => MatchKind::All,
                _ => MatchKind::LeftmostFirst,
            },
            nfa_size_limit: NFA_SIZE_LIMIT,
            cache_capacity: DFA_SIZE_LIMIT,
        };
        let dfa = Box::new(AnchoredDfa::new(std::slice::from_ref(&hir), options)?);
        Ok(Twin {
            kind,
            engine: Engine::Dfa {
                dfa,
                hir,
                fallback: OnceLock::new(),
            },
        })
    }

    /// Build what a search may need later now, so that a size limit is an error here.
    pub fn build_fallback(&self) -> Result<(), String> {
        if let Engine::Dfa { hir, fallback, .. } = &self.engine {
            if fallback.get().is_none() {
                let _ = fallback.set(meta_regex(hir)?);
            }
        }
        Ok(())
    }

    /// Does the pattern match `line` (a drop kind's question)?
    pub fn is_match(&self, line: &str) -> bool {
        self.find(line, 0).is_some()
    }

    /// The match in `hay[at..]`: the full regex's leftmost-first match.
    pub fn find(&self, hay: &str, at: usize) -> Option<Range<usize>> {
        // Drop kinds only ask whether there is a match (which ends at the end of the line):
        // the first one seen will do.
        let drop = !matches!(self.kind, RuleKind::StripPrefix | RuleKind::StripSuffix);
        let input = Input::new(hay).range(at..).earliest(drop);
        let (dfa, hir, fallback) = match &self.engine {
            Engine::Meta(regex) => return regex.find(input).map(|m| m.range()),
            Engine::Dfa { dfa, hir, fallback } => (dfa, hir, fallback),
        };
        match dfa.search(&mut dfa.cache(), input.clone()) {
            Ok(m) if self.kind == RuleKind::StripSuffix => m.map(|m| m.offset()..hay.len()),
            Ok(m) => m.map(|m| at..m.offset()),
            Err(_) => fallback
                .get_or_init(|| meta_regex(hir).expect("a catalogue twin over the size limit"))
                .find(input)
                .map(|m| m.range()),
        }
    }

    /// The twin as a `meta::Regex`: what it replaces, for the tests.
    #[cfg(test)]
    pub fn meta(&self) -> Regex {
        match &self.engine {
            Engine::Meta(regex) => regex.clone(),
            Engine::Dfa { hir, .. } => meta_regex(hir).unwrap(),
        }
    }
}

/// The regex crate's own engine for `hir`; only whole matches are asked of it, so no
/// capture groups are compiled.
fn meta_regex(hir: &Hir) -> Result<Regex, String> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .hybrid_cache_capacity(DFA_SIZE_LIMIT)
                .which_captures(WhichCaptures::Implicit),
        )
        .build_from_hir(hir)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boilerplate::anchored;
    use crate::boilerplate::narrow::narrowed_hir;

    /// Patterns whose alternatives or repetitions prefer a shorter match than the longest:
    /// the lazy DFA's answer must still be the regex crate's leftmost-first match.
    #[test]
    fn twins_find_the_leftmost_first_match() {
        let cases = [
            (RuleKind::StripSuffix, "x|yx", "a yx"),
            (RuleKind::StripSuffix, "yx|x", "a yx"),
            (
                RuleKind::StripSuffix,
                r"\s*\((?:AP|Reuters)\)",
                "Text.  (AP)",
            ),
            (
                RuleKind::StripSuffix,
                r"\s*\(\w+?\)",
                "Text (caf\u{e9} noir)",
            ),
            (RuleKind::StripSuffix, r"\s*\b\w+", "Text caf\u{e9}"),
            (RuleKind::StripPrefix, "a|ab", "abc"),
            (RuleKind::StripPrefix, "ab|a", "abc"),
            (RuleKind::StripPrefix, r"[A-Z]+?\s*-\s*", "PARIS - It"),
            (RuleKind::StripPrefix, r"\w+\b\s*:", "Caf\u{e9} : x"),
            (RuleKind::DropLine, r"a.{0,3}|ab", "ab"),
            (RuleKind::DropLine, r"\bPhoto\b.*", "Photo: Jos\u{e9}"),
            (
                RuleKind::DropDocument,
                r"lorem ipsum.*",
                "lorem ipsum dolor",
            ),
        ];
        for (kind, pattern, hay) in cases {
            let parsed = regex_syntax::Parser::new().parse(pattern).unwrap();
            for repertoire in [Repertoire::Ascii, Repertoire::Latin, Repertoire::Any] {
                let hir = anchored(kind, narrowed_hir(parsed.clone(), repertoire));
                let twin = Twin::new(kind, hir, repertoire).unwrap();
                let reference = twin.meta();
                for at in 0..=hay.len() {
                    if !hay.is_char_boundary(at) {
                        continue;
                    }
                    let expected = reference
                        .find(Input::new(hay).range(at..))
                        .map(|m| m.range());
                    assert_eq!(
                        twin.find(hay, at),
                        expected,
                        "{kind:?} {pattern:?} ({repertoire:?}) on {hay:?} from {at}"
                    );
                }
            }
        }
    }
}
