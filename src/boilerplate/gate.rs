//! The line gate: one cheap necessary condition, checked on every line before any rule
//! looks at it.
//!
//! Every rule's pattern is anchored to the line: drop kinds at both ends, strip-prefix
//! rules at the start, strip-suffix rules at the end. The gate files each top-level
//! alternative of every enabled rule under one of three searches:
//!
//! * **start**: the alternative starts tight (`Photo:`, `(AP Photo/`, a capitalised
//!   name): one lazy DFA for all of them, run anchored at the start of the line;
//! * **end**: it starts loose (`.{0,150}all rights reserved`) but ends tight: one lazy
//!   DFA run backwards, anchored at the end of the line;
//! * **middle**: loose at both anchored ends (`.*(?:cookie policy|javascript).*`): the
//!   part between, searched once over the whole text with the regex crate's literal
//!   prefilter; a line is in when a match starts in it.
//!
//! "Loose" means able to run across words: a long repetition of a class that takes
//! spaces and letters (`.{0,200}`, `[^;()]{1,120}`). An anchored DFA stops at the first
//! byte no alternative can continue with, and a sentence rarely starts like a credit or
//! ends like a trailer, so most prose lines cost two scans of a few bytes each, however
//! many rules there are and however common their literals are in prose (`by`, `read`,
//! `:`). Word boundaries (`\b`, `\B`) are taken out and long bounded repetitions made
//! unbounded: the gate only ever matches more than the rules (a line it turns away is a
//! line no rule can touch), its automata stay small, and its lazy DFA runs on any
//! script (a Unicode `\b` sends the regex crate to its PikeVM on non-ASCII text).
//!
//! ```
//! use newsclean::boilerplate::gate::LineGate;
//! use newsclean::boilerplate::{builtin_rules, Preset};
//! let news: Vec<_> = builtin_rules()
//!     .into_iter()
//!     .filter(|(preset, _)| *preset == Preset::News)
//!     .map(|(_, spec)| spec)
//!     .collect();
//! let gate = LineGate::new(&news).unwrap();
//! assert!(gate.admits("YURIY DYACHYSHYN/AFP/Getty"));
//! assert!(gate.admits("Crowds gathered. (AP Photo/Evan Vucci)"));
//! assert!(gate.admits("© 2025 Example News. All rights reserved."));
//! assert!(!gate.admits("The minister said on Thursday that talks would resume in May."));
//! ```

use super::anchored_dfa::{AnchoredDfa, CacheGuard, Options};
use super::narrow::coarsened;
use super::{anchor, RuleKind, RuleSpec};
use crate::config::ConfigError;
use rayon::prelude::*;
use regex_automata::hybrid::dfa::Cache;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::{meta, Input, MatchKind};
use regex_syntax::hir::{Capture, Class, Hir, HirKind, Look, Repetition};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

/// The compiled NFA of a gate may be this large: the catalogue's Unicode classes under
/// bounded repetition add up across rules (the regex crate's default is 10 MB).
const GATE_NFA_SIZE_LIMIT: usize = 64 << 20;
/// The lazy DFA cache of each anchored gate (it grows only as states are built).
const GATE_DFA_CACHE: usize = 16 << 20;
/// A repetition bounded above this (`.{0,250}`) is widened to an unbounded one in the
/// gate: it matches more, and keeps the NFA small.
const WIDEN_ABOVE: u32 = 8;

/// The gate of a rule set (see the module documentation).
#[derive(Clone, Debug)]
pub struct LineGate {
    /// Branches that start tight, anchored at the start of the line.
    start: Option<Arc<AnchoredDfa>>,
    /// Branches that end tight, anchored at the end of the line (searched backwards).
    end: Option<Arc<AnchoredDfa>>,
    /// Branches loose at both anchored ends: their tight middle, searched anywhere.
    inner: Option<meta::Regex>,
}

/// The gate's automata: every match counts, the first one seen ends the search.
fn anchored_dfa(hirs: &[Hir], reverse: bool) -> Result<Option<Arc<AnchoredDfa>>, String> {
    if hirs.is_empty() {
        return Ok(None);
    }
    let options = Options {
        reverse,
        kind: MatchKind::LeftmostFirst,
        nfa_size_limit: GATE_NFA_SIZE_LIMIT,
        cache_capacity: GATE_DFA_CACHE,
    };
    AnchoredDfa::new(hirs, options).map(|dfa| Some(Arc::new(dfa)))
}

/// Does some pattern match `line` from its anchored end? When the lazy DFA gives up, the
/// answer is yes: the gate may only err on the side of letting a line through.
fn admits(dfa: &AnchoredDfa, cache: &mut Cache, line: &str) -> bool {
    dfa.search(cache, Input::new(line).earliest(true))
        .map_or(true, |m| m.is_some())
}

/// The gate's anchored DFAs with their caches taken once for the lines of one text:
/// taking a cache from its pool on every line costs more than most lines' scans, and
/// threads other than a pool's first go through a lock.
pub struct LineScanner<'g> {
    start: Option<(&'g AnchoredDfa, CacheGuard<'g>)>,
    end: Option<(&'g AnchoredDfa, CacheGuard<'g>)>,
}

impl LineScanner<'_> {
    /// Could some rule act on this (trimmed) line? Checks the anchored branches only;
    /// see [`LineGate::next_inner`] for the others.
    pub fn admits_anchored(&mut self, line: &str) -> bool {
        [&mut self.start, &mut self.end].into_iter().any(|part| {
            part.as_mut()
                .is_some_and(|(dfa, cache)| admits(dfa, cache, line))
        })
    }
}

impl LineGate {
    /// The gate of these rules. Errors name the rule whose pattern does not parse.
    pub fn new(specs: &[RuleSpec]) -> Result<LineGate, ConfigError> {
        let refs: Vec<&RuleSpec> = specs.iter().collect();
        LineGate::cached(&refs, || specs.iter().map(super::parse).collect())
    }

    /// The gate of these rules, whose patterns the caller has parsed (`hirs[i]` is
    /// `specs[i].pattern`).
    pub(crate) fn with_parsed(
        specs: &[&RuleSpec],
        hirs: Vec<Hir>,
    ) -> Result<LineGate, ConfigError> {
        LineGate::cached(specs, || Ok(hirs))
    }

    /// Compiled once per process for each rule set (tests build many removers).
    fn cached(
        specs: &[&RuleSpec],
        hirs: impl FnOnce() -> Result<Vec<Hir>, ConfigError>,
    ) -> Result<LineGate, ConfigError> {
        static CACHE: LazyLock<Mutex<HashMap<Vec<String>, LineGate>>> =
            LazyLock::new(Default::default);
        let key: Vec<String> = specs.iter().map(|s| anchor(s, &s.pattern)).collect();
        if let Some(found) = CACHE.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return Ok(found);
        }
        let gate = LineGate::compile(specs, hirs()?)?;
        if let Ok(mut cache) = CACHE.lock() {
            cache.insert(key, gate.clone());
        }
        Ok(gate)
    }

    /// Compiling the gate is most of a run's start-up, which the other threads would
    /// otherwise wait out: the rules are coarsened, and the three automata built, on the
    /// thread pool.
    fn compile(specs: &[&RuleSpec], hirs: Vec<Hir>) -> Result<LineGate, ConfigError> {
        let coarse: Vec<Hir> = hirs
            .into_par_iter()
            .map(|hir| coarsened(without_boundaries(hir)))
            .collect();
        let mut branches = Branches::default();
        for (spec, hir) in specs.iter().zip(coarse) {
            branches.add(spec.kind, hir);
        }
        let error = |message: String| ConfigError::Rule {
            rule: "line gate".into(),
            message,
        };
        let build_inner = || -> Result<Option<meta::Regex>, String> {
            if branches.inner.is_empty() {
                return Ok(None);
            }
            meta::Regex::builder()
                .configure(
                    // Implicit: `find` needs the span of the whole match.
                    meta::Config::new()
                        .which_captures(WhichCaptures::Implicit)
                        .nfa_size_limit(Some(GATE_NFA_SIZE_LIMIT)),
                )
                .build_many_from_hir(&branches.inner)
                .map(Some)
                .map_err(|e| e.to_string())
        };
        let ((start, end), inner) = rayon::join(
            || {
                rayon::join(
                    || anchored_dfa(&branches.start, false),
                    || anchored_dfa(&branches.end, true),
                )
            },
            build_inner,
        );
        Ok(LineGate {
            start: start.map_err(error)?,
            end: end.map_err(error)?,
            inner: inner.map_err(error)?,
        })
    }

    /// The anchored DFAs, ready to scan the lines of one text.
    pub fn scanner(&self) -> LineScanner<'_> {
        fn take(dfa: &Option<Arc<AnchoredDfa>>) -> Option<(&AnchoredDfa, CacheGuard<'_>)> {
            dfa.as_deref().map(|dfa| (dfa, dfa.cache()))
        }
        LineScanner {
            start: take(&self.start),
            end: take(&self.end),
        }
    }

    /// Where the first match of a loose branch's middle starts, at or after `from` in
    /// `text` (searched across lines, once for the whole text): a line that no such match
    /// starts in is not touched by those branches.
    pub fn next_inner(&self, text: &str, from: usize) -> Option<usize> {
        let inner = self.inner.as_ref()?;
        inner
            .find(Input::new(text).range(from..))
            .map(|m| m.start())
    }

    /// Could some rule act on this (trimmed) line? (One line on its own; the remover
    /// searches the loose branches once per text instead.)
    pub fn admits(&self, line: &str) -> bool {
        self.scanner().admits_anchored(line) || self.next_inner(line, 0).is_some()
    }
}

/// A rule set's branches, sorted by where the gate anchors them.
#[derive(Default)]
struct Branches {
    start: Vec<Hir>,
    end: Vec<Hir>,
    inner: Vec<Hir>,
}

impl Branches {
    /// File each top-level alternative of a rule's pattern: under the start anchor when
    /// it starts tight (an anchored DFA reading a prose line dies within a few bytes),
    /// else under the end anchor when it ends tight, else by its tight middle.
    fn add(&mut self, kind: RuleKind, hir: Hir) {
        let anchored_start = kind != RuleKind::StripSuffix;
        let anchored_end = kind != RuleKind::StripPrefix;
        // Taken apart, not cloned: the classes in a catalogue's patterns are large.
        let alternatives = match hir.into_kind() {
            HirKind::Alternation(subs) => subs,
            other => vec![rebuild(other)],
        };
        for alternative in alternatives {
            let mut parts = match alternative.into_kind() {
                HirKind::Concat(subs) => subs,
                other => vec![rebuild(other)],
            };
            parts.retain(|h| !matches!(h.kind(), HirKind::Empty));
            if anchored_start && tight_from(parts.iter(), starts_loose) {
                let mut all = vec![Hir::look(Look::Start)];
                all.extend(parts.into_iter().map(widened));
                if anchored_end {
                    all.push(Hir::look(Look::End));
                }
                self.start.push(Hir::concat(all));
            } else if anchored_end && tight_from(parts.iter().rev(), ends_loose) {
                // Not anchored at the start as well: searched backwards from the end of
                // the line, the DFA stops early.
                let mut all: Vec<Hir> = parts.into_iter().map(widened).collect();
                all.push(Hir::look(Look::End));
                self.end.push(Hir::concat(all));
            } else {
                self.inner.push(middle(parts));
            }
        }
    }
}

/// Does the class take most ASCII letters of both cases? (They stand in for its breadth.)
fn takes_letters(class: &Class) -> bool {
    (b'a'..=b'z')
        .chain(b'A'..=b'Z')
        .filter(|&c| takes(class, c))
        .count()
        >= 40
}

/// Does the class take the ASCII character `c`?
fn takes(class: &Class, c: u8) -> bool {
    match class {
        Class::Unicode(u) => u
            .ranges()
            .iter()
            .any(|r| r.start() <= c as char && c as char <= r.end()),
        Class::Bytes(b) => b.ranges().iter().any(|r| r.start() <= c && c <= r.end()),
    }
}

/// Read from one end, do these parts reach a required part before anything that can
/// run across words? (`loose` tells whether a part can begin so, from that end.)
fn tight_from<'h>(parts: impl Iterator<Item = &'h Hir>, loose: fn(&Hir) -> bool) -> bool {
    for part in parts {
        if loose(part) {
            return false;
        }
        if !optional(part) {
            return true;
        }
    }
    true
}

/// The parts from the first required part that does not start loose to the last that
/// does not end loose, with look-arounds taken out (the middle is searched in the whole
/// text, not in a line): a necessary condition whose leading literals the regex crate
/// turns into a fast prefilter (`.*(?:cookie policy|javascript).*` -> the two phrases).
/// Empty, so that every line passes, when there is no such part.
fn middle(mut parts: Vec<Hir>) -> Hir {
    let required = |p: &&Hir| !optional(p);
    let first = parts.iter().position(|p| required(&p) && !starts_loose(p));
    let last = parts.iter().rposition(|p| required(&p) && !ends_loose(p));
    match (first, last) {
        (Some(f), Some(l)) => {
            let l = l.max(f);
            parts.truncate(l + 1);
            Hir::concat(parts.drain(f..).map(without_looks).collect())
        }
        (Some(f), None) => without_looks(parts.swap_remove(f)),
        _ => Hir::empty(),
    }
}

/// Can this part match zero characters (`x?`, `(?:...)*`)?
fn optional(hir: &Hir) -> bool {
    hir.properties().minimum_len() == Some(0)
}

/// Can a match of this part begin with a run across words: a long repetition of a
/// class that takes spaces and most letters (`.{0,200}`, `[^;()]+`)? `\p{L}+` and `\S+`
/// stop at the end of a word, `\s*` at a letter.
fn starts_loose(hir: &Hir) -> bool {
    loose_at(hir, false)
}

/// Can a match of this part end with a run across words?
fn ends_loose(hir: &Hir) -> bool {
    loose_at(hir, true)
}

fn loose_at(hir: &Hir, from_end: bool) -> bool {
    match hir.kind() {
        HirKind::Repetition(rep) => {
            let long = rep.max.is_none_or(|m| m > 4);
            let broad = matches!(rep.sub.kind(), HirKind::Class(class) if broad(class));
            (long && broad) || loose_at(&rep.sub, from_end)
        }
        HirKind::Capture(cap) => loose_at(&cap.sub, from_end),
        HirKind::Alternation(subs) => subs.iter().any(|h| loose_at(h, from_end)),
        HirKind::Concat(subs) => {
            let check = |h: &Hir| {
                if loose_at(h, from_end) {
                    Some(true)
                } else if !optional(h) {
                    Some(false)
                } else {
                    None
                }
            };
            let found = if from_end {
                subs.iter().rev().find_map(check)
            } else {
                subs.iter().find_map(check)
            };
            found.unwrap_or(false)
        }
        _ => false,
    }
}

/// Does the class take the space and letters of both cases (`.`, `[^;()]`, `[^.!?]`,
/// but not `\p{L}`, `\S`, `\p{Lu}` or `\s`)?
fn broad(class: &Class) -> bool {
    takes(class, b' ') && takes_letters(class)
}

/// `hir` without word boundaries and capture groups: it matches everything `hir`
/// matches, and more.
fn without_boundaries(hir: Hir) -> Hir {
    map_looks(hir, &|look| {
        if is_word_boundary(look) {
            Hir::empty()
        } else {
            Hir::look(look)
        }
    })
}

/// `hir` without any look-around.
fn without_looks(hir: Hir) -> Hir {
    map_looks(hir, &|_| Hir::empty())
}

/// `hir` with its long bounded repetitions made unbounded (`.{0,250}` -> `.*`).
fn widened(hir: Hir) -> Hir {
    // Most parts (a literal, a class, a short repetition) stay as they are: taking them
    // apart and building them again costs two allocations a node.
    if !has_long_repetition(&hir) && hir.properties().explicit_captures_len() == 0 {
        return hir;
    }
    match hir.into_kind() {
        HirKind::Repetition(rep) => {
            let max = rep.max.filter(|&m| m <= WIDEN_ABOVE);
            Hir::repetition(Repetition {
                min: rep.min.min(WIDEN_ABOVE),
                max,
                sub: Box::new(widened(*rep.sub)),
                ..rep
            })
        }
        HirKind::Capture(Capture { sub, .. }) => widened(*sub),
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(widened).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(widened).collect()),
        other => rebuild(other),
    }
}

/// Does `hir` hold a repetition that [`widened`] changes?
fn has_long_repetition(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Repetition(rep) => {
            rep.min > WIDEN_ABOVE
                || rep.max.is_some_and(|m| m > WIDEN_ABOVE)
                || has_long_repetition(&rep.sub)
        }
        HirKind::Capture(cap) => has_long_repetition(&cap.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(has_long_repetition),
        _ => false,
    }
}

/// `hir` with every look-around replaced by `look(...)` and captures dropped.
fn map_looks(hir: Hir, look: &dyn Fn(Look) -> Hir) -> Hir {
    // A part with neither stays as it is (see `widened`).
    if hir.properties().look_set().is_empty() && hir.properties().explicit_captures_len() == 0 {
        return hir;
    }
    match hir.into_kind() {
        HirKind::Look(l) => look(l),
        HirKind::Capture(Capture { sub, .. }) => map_looks(*sub, look),
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(map_looks(*rep.sub, look)),
            ..rep
        }),
        HirKind::Concat(subs) => {
            Hir::concat(subs.into_iter().map(|h| map_looks(h, look)).collect())
        }
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.into_iter().map(|h| map_looks(h, look)).collect())
        }
        other => rebuild(other),
    }
}

/// A leaf [`HirKind`] back as a [`Hir`].
fn rebuild(kind: HirKind) -> Hir {
    match kind {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(lit) => Hir::literal(lit.0),
        HirKind::Class(class) => Hir::class(class),
        HirKind::Look(look) => Hir::look(look),
        HirKind::Repetition(rep) => Hir::repetition(rep),
        HirKind::Capture(cap) => Hir::capture(cap),
        HirKind::Concat(subs) => Hir::concat(subs),
        HirKind::Alternation(subs) => Hir::alternation(subs),
    }
}

fn is_word_boundary(look: Look) -> bool {
    !matches!(
        look,
        Look::Start | Look::End | Look::StartLF | Look::EndLF | Look::StartCRLF | Look::EndCRLF
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boilerplate::builtin_rules;

    fn catalogue() -> Vec<RuleSpec> {
        builtin_rules().into_iter().map(|(_, spec)| spec).collect()
    }

    /// The gate of the news preset as the remover builds it: without the rules that act
    /// only after another (their lines are judged whatever the gate says).
    fn news_gate() -> LineGate {
        let news: Vec<RuleSpec> = builtin_rules()
            .into_iter()
            .filter(|(preset, spec)| {
                *preset == crate::boilerplate::Preset::News && spec.after.is_none()
            })
            .map(|(_, spec)| spec)
            .collect();
        LineGate::new(&news).unwrap()
    }

    #[test]
    fn admits_every_example_the_catalogue_removes() {
        let gate = LineGate::new(&catalogue()).unwrap();
        for spec in catalogue() {
            for line in &spec.drop {
                assert!(gate.admits(line.trim()), "{}: {line}", spec.name);
            }
            for [input, _] in &spec.strip {
                assert!(gate.admits(input.trim()), "{}: {input}", spec.name);
            }
        }
    }

    /// Each rule's own regex (anchored as its kind requires, word boundaries kept).
    fn regex_of(spec: &RuleSpec) -> regex::Regex {
        regex::Regex::new(&anchor(spec, &spec.pattern)).unwrap()
    }

    /// Every line of the repository's texts (seeds, fixtures) and of the catalogue's
    /// examples that a rule's regex matches passes that rule's gate and the gate of the
    /// whole catalogue: the gate is a necessary condition.
    #[test]
    fn admits_every_line_a_rule_matches() {
        let lines = crate::boilerplate::test_lines(&catalogue());
        assert!(lines.len() > 1000, "{} lines", lines.len());
        let all = LineGate::new(&catalogue()).unwrap();
        let mut matched = 0;
        for spec in catalogue() {
            let gate = LineGate::new(std::slice::from_ref(&spec)).unwrap();
            let regex = regex_of(&spec);
            for line in lines.iter().filter(|l| regex.is_match(l)) {
                matched += 1;
                assert!(gate.admits(line), "{}: {line}", spec.name);
                assert!(all.admits(line), "catalogue, {}: {line}", spec.name);
            }
        }
        assert!(
            matched > 500,
            "only {matched} matches: the check proves little"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// Lines made of catalogue examples with arbitrary text around and between them.
        #[test]
        fn admits_generated_lines_a_rule_matches(
            picks in proptest::collection::vec((0usize..10_000, "[ a-zA-Z.,:()/|é’©—-]{0,12}"), 1..4),
            lead in "[ a-zA-Z.:(é-]{0,6}",
        ) {
            static COMPILED: std::sync::LazyLock<(Vec<RuleSpec>, Vec<regex::Regex>, LineGate)> =
                std::sync::LazyLock::new(|| {
                    let specs = catalogue();
                    let regexes = specs.iter().map(regex_of).collect();
                    let gate = LineGate::new(&specs).unwrap();
                    (specs, regexes, gate)
                });
            let (specs, regexes, all) = &*COMPILED;
            let examples: Vec<&String> = specs
                .iter()
                .flat_map(|s| s.drop.iter().chain(&s.keep).chain(s.strip.iter().map(|[i, _]| i)))
                .collect();
            let mut line = lead;
            for (i, glue) in &picks {
                line.push_str(examples[i % examples.len()]);
                line.push_str(glue);
            }
            let line = line.trim();
            for (spec, regex) in specs.iter().zip(regexes) {
                if regex.is_match(line) {
                    proptest::prop_assert!(all.admits(line), "{}: {}", spec.name, line);
                }
            }
        }
    }

    /// The few characters beyond Latin in a rule's class (the spaces of `\s` such as U+3000,
    /// the Kelvin sign that `(?i)k` takes, other scripts' digits in `\d`) are kept exact,
    /// not widened to every character beyond Latin: still a necessary condition.
    #[test]
    fn admits_lines_with_the_few_characters_beyond_latin_a_rule_names() {
        let all = LineGate::new(&catalogue()).unwrap();
        let rules = catalogue();
        for (name, line) in [
            ("nav-breadcrumb", "Главная › Новости › Мир"),
            (
                "nav-breadcrumb",
                "Home\u{3000}/\u{3000}World\u{3000}/\u{3000}Europe",
            ),
            ("comment-section", "1.2\u{212A} comments"),
            ("comment-section", "١٢ comments"),
        ] {
            let spec = rules.iter().find(|s| s.name == name).unwrap();
            assert!(regex_of(spec).is_match(line), "{name}: {line}");
            let gate = LineGate::new(std::slice::from_ref(spec)).unwrap();
            assert!(gate.admits(line), "{name}: {line}");
            assert!(all.admits(line), "catalogue, {name}: {line}");
        }
    }

    /// A sentence in another script costs the gate a few bytes at each end, as an English
    /// one does: the rules' letter classes are widened beyond Latin, but the classes with
    /// few characters beyond Latin that follow them (`\s`, `\d`) are not, so the automata do
    /// not read on through every word. (Thai, written without spaces, is one long word.)
    #[test]
    fn reads_few_bytes_of_prose_in_other_scripts() {
        let gate = news_gate();
        for line in [
            "В Москве из-за сильного снегопада затруднено движение на нескольких магистралях.",
            "Правительство в среду одобрило проект федерального бюджета на следующий год.",
            "दिल्ली में वायु प्रदूषण का स्तर एक बार फिर गंभीर श्रेणी में पहुंच गया।",
            "Οι πυροσβέστες έθεσαν υπό έλεγχο τη φωτιά στην Εύβοια ύστερα από δώδεκα ώρες.",
            "أعلنت الحكومة يوم الثلاثاء عن حزمة جديدة من الإجراءات الاقتصادية لدعم الأسر.",
        ] {
            assert!(!gate.admits(line), "{line}");
            for dfa in [&gate.start, &gate.end].into_iter().flatten() {
                let read = dfa.bytes_read(line);
                assert!(read <= 80, "{read} of {} bytes: {line}", line.len());
            }
        }
    }

    #[test]
    fn word_boundaries_are_widened_not_kept() {
        let spec = RuleSpec {
            name: "t".into(),
            pattern: r"\bRead more\b".into(),
            ..Default::default()
        };
        let gate = LineGate::new(&[spec]).unwrap();
        assert!(gate.admits("Read more"));
        // Only the anchors remain: more text after the phrase is turned away.
        assert!(!gate.admits("Read more of this"));
    }

    #[test]
    fn turns_away_prose_and_empty_gates_admit_nothing() {
        let gate = news_gate();
        assert!(!gate.admits(
            "Ukraine's president said on Thursday that the plan would be discussed in Geneva."
        ));
        assert!(!LineGate::new(&[]).unwrap().admits("Photo: Reuters"));
    }
}
