//! Stage 4: remove boilerplate lines (photo credits, source tags, ...) by named rules.
//!
//! Rules are data: the catalogue lives in `rules/default.toml` (preset `news`) and
//! `rules/strict.toml` (added by preset `strict`), embedded at build time. Each rule has a
//! name, a [`RuleKind`], a regular expression matched against one (trimmed) line, a short
//! `why`, literal strings that pick the rules to run on a line, and example lines the test suite runs.
//! Two structural rules ([`structural`]) remove runs of short non-sentence lines at the
//! head (`head-run`) and tail (`tail-run`) of a text.
//!
//! The [`gate`] turns away, in a few bytes each, the lines no rule can match (most prose
//! lines); on a line it lets through, the rules' literals (aho-corasick) pick the rules
//! whose regular expressions run. Clean text costs the gate plus a look at its first and
//! last lines, and comes back borrowed.
//!
//! ```
//! use newsclean::boilerplate::BoilerplateRemover;
//! use newsclean::config::BoilerplateConfig;
//! let remover = BoilerplateRemover::new(&BoilerplateConfig::default()).unwrap();
//!
//! let clean = remover.remove("An article sentence.\n");
//! assert_eq!(clean.text, "An article sentence.\n");
//! assert!(clean.changes.is_empty());
//!
//! let fixed = remover.remove("(MENAFN) Trump approved a plan.\nYURIY DYACHYSHYN/AFP/Getty\nIt ends.\n");
//! assert_eq!(fixed.text, "Trump approved a plan.\nIt ends.\n");
//! assert_eq!(fixed.changes[0].rule, "wire-dateline");
//! assert_eq!(fixed.changes[0].before, "(MENAFN) ");
//! assert_eq!(fixed.changes[1].rule, "agency-photo-credit");
//! assert_eq!(fixed.changes[1].line, 2);
//! ```

mod anchored_dfa;
pub mod eval;
mod fold;
pub mod gate;
pub mod narrow;
mod rules;
pub mod structural;
mod twin;

use crate::change::{Change, Fixed, LineCounter, Record, Stage};
use crate::config::{BoilerplateConfig, ConfigError};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use narrow::{narrowed_hir, Repertoire};
use rayon::prelude::*;
use regex_syntax::hir::{Hir, Look};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, LazyLock, Mutex, OnceLock};
use twin::Twin;

pub use rules::{builtin_rules, CATALOGUE_NEWS, CATALOGUE_STRICT};

/// What a rule does with a matching line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// Remove the whole line; the pattern must match the whole trimmed line.
    ///
    /// `Photo: Reuters` -> (line removed)
    ///
    /// ```
    /// # use newsclean::boilerplate::{BoilerplateRemover, Preset};
    /// # use newsclean::config::BoilerplateConfig;
    /// let only = BoilerplateConfig { preset: Preset::None, enable: vec!["photo-caption-label".into()], ..Default::default() };
    /// let remover = BoilerplateRemover::new(&only).unwrap();
    /// assert_eq!(remover.remove("Photo: Reuters\nThe talks resumed.\n").text, "The talks resumed.\n");
    /// ```
    #[default]
    DropLine,
    /// Remove the matched prefix at the start of a paragraph, keep the rest. The rest must
    /// start like a sentence (capital letter, digit or quote), otherwise nothing happens;
    /// a line that is all prefix (a dateline above its paragraph) goes as a line.
    ///
    /// `WASHINGTON (Reuters) - Stocks rose.` -> `Stocks rose.`
    ///
    /// ```
    /// # use newsclean::boilerplate::{BoilerplateRemover, Preset};
    /// # use newsclean::config::BoilerplateConfig;
    /// let only = BoilerplateConfig { preset: Preset::None, enable: vec!["wire-dateline".into()], ..Default::default() };
    /// let remover = BoilerplateRemover::new(&only).unwrap();
    /// assert_eq!(remover.remove("WASHINGTON (Reuters) - Stocks rose.\n").text, "Stocks rose.\n");
    /// assert_eq!(remover.remove("WASHINGTON (Reuters) -\nStocks rose.\n").text, "Stocks rose.\n");
    /// assert_eq!(remover.remove("WASHINGTON (Reuters) - stocks rose.\n").text, "WASHINGTON (Reuters) - stocks rose.\n");
    /// ```
    StripPrefix,
    /// Remove a matched trailer at the end of a line (a parenthesised credit or tag), keep
    /// the sentence before it.
    ///
    /// `Crowds gathered. (AP Photo/Evan Vucci)` -> `Crowds gathered.`
    ///
    /// ```
    /// # use newsclean::boilerplate::{BoilerplateRemover, Preset};
    /// # use newsclean::config::BoilerplateConfig;
    /// let only = BoilerplateConfig { preset: Preset::None, enable: vec!["trailing-photo-credit".into()], ..Default::default() };
    /// let remover = BoilerplateRemover::new(&only).unwrap();
    /// assert_eq!(remover.remove("Crowds gathered. (AP Photo/Evan Vucci)\n").text, "Crowds gathered.\n");
    /// ```
    StripSuffix,
    /// The matching line is the heading of a block of links (`Related articles`, `More
    /// from ...`), usually a footer: remove it and the headline-like lines after it (at
    /// most [`FOOTER_MAX_LINES`] lines of at most [`FOOTER_MAX_WORDS`] words, not ending in
    /// a period, or twice as many when they are the text's last lines), up to the next
    /// paragraph or the end of the text. At the head of a text
    /// ([`HEAD_LINES`], before the first paragraph) the block's last line stays when a
    /// paragraph, a date or a byline follows: it may be the article's title.
    ///
    /// `Related stories\nA headline\nAnother headline` -> (all three removed)
    ///
    /// ```
    /// # use newsclean::boilerplate::{BoilerplateRemover, Preset};
    /// # use newsclean::config::BoilerplateConfig;
    /// let only = BoilerplateConfig { preset: Preset::None, enable: vec!["related-footer".into()], ..Default::default() };
    /// let remover = BoilerplateRemover::new(&only).unwrap();
    /// assert_eq!(remover.remove("The talks resumed.\nRelated stories\nA headline\nAnother headline\n").text, "The talks resumed.\n");
    /// ```
    DropFromHere,
    /// The matching line marks the whole text as non-article (`lorem ipsum`): every
    /// non-blank line is removed.
    ///
    /// ```
    /// # use newsclean::boilerplate::{BoilerplateRemover, Preset};
    /// # use newsclean::config::BoilerplateConfig;
    /// let only = BoilerplateConfig { preset: Preset::None, enable: vec!["c4-lorem-ipsum".into()], ..Default::default() };
    /// let remover = BoilerplateRemover::new(&only).unwrap();
    /// assert_eq!(remover.remove("A title\nLorem ipsum dolor sit amet.\n").text, "");
    /// ```
    DropDocument,
}

impl RuleKind {
    /// The name used in rule files and listings.
    pub fn name(self) -> &'static str {
        match self {
            RuleKind::DropLine => "drop-line",
            RuleKind::StripPrefix => "strip-prefix",
            RuleKind::StripSuffix => "strip-suffix",
            RuleKind::DropFromHere => "drop-from-here",
            RuleKind::DropDocument => "drop-document",
        }
    }
}

impl fmt::Display for RuleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which ends of a document a text reaches. A whole document reaches both; a section cut
/// from the middle of a large file ([`crate::stream`]) reaches neither, and the rules bound to
/// the head or tail of a text do not apply in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edges {
    /// The text starts where the document starts.
    pub start: bool,
    /// The text ends where the document ends.
    pub end: bool,
}

impl Edges {
    /// A whole document.
    pub const WHOLE: Edges = Edges {
        start: true,
        end: true,
    };
}

/// The first this-many non-blank lines are the head of a text, where a title may follow
/// a block of links (when no paragraph comes before it).
pub const HEAD_LINES: usize = 4;
/// At most this many lines after a [`RuleKind::DropFromHere`] heading are removed, unless
/// the list runs to the end of the text within as many more.
pub const FOOTER_MAX_LINES: usize = 20;
/// A line after a [`RuleKind::DropFromHere`] heading is removed when it has at most this
/// many words and does not end in a period.
pub const FOOTER_MAX_WORDS: usize = 16;
/// How many non-blank lines on each side of a line [`RuleSpec::keep_in_runs`] looks at.
pub const BLOCK_MAX_LINES: usize = 40;

/// The default [`RuleSpec::max_chars`] of a drop-line or drop-from-here rule whose
/// pattern has no bound: boilerplate lines (credits, prompts, notes) are short; the
/// longest removing example in the catalogue has about 150 characters.
pub const DEFAULT_DROP_MAX_CHARS: usize = 500;
/// The default [`RuleSpec::max_chars`] of a strip-prefix or strip-suffix rule whose
/// pattern has no bound: a dateline or a trailing credit is at most this long.
pub const DEFAULT_STRIP_MAX_CHARS: usize = 200;

/// A boilerplate rule as written in the embedded rules file or a user config.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Unique name, used in reports and to disable the rule.
    pub name: String,
    /// What the rule does.
    pub kind: RuleKind,
    /// Regular expression matched against one trimmed line. It is anchored by the kind:
    /// the whole line for drop kinds, the start for strip-prefix, the end for strip-suffix.
    pub pattern: String,
    /// Why this is boilerplate.
    #[serde(default)]
    pub why: String,
    /// Literal strings (ASCII case-insensitive) of which every matching line contains at
    /// least one: on a line the [`gate`] lets through, they pick the rules to run. Without
    /// literals the rule runs on every such line (slower).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub literals: Vec<String>,
    /// Only apply within the first this-many non-blank lines of the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_lines: Option<usize>,
    /// Only apply within the last this-many non-blank lines of the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_lines: Option<usize>,
    /// A drop-kind rule leaves a line alone when paragraphs come right before and right
    /// after it: a date or a time between paragraphs heads an entry of a timeline or a
    /// live blog, while the same line next to the title or at an end of the page is the
    /// page's furniture.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keep_between_paragraphs: bool,
    /// A drop-kind rule leaves the text's first non-blank line alone: that is the
    /// article's title, even when it starts like the rule's furniture (`WATCH | Rescuers
    /// reach the village`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keep_title: bool,
    /// A drop-kind rule leaves a line alone when the line right before or after it (blank
    /// lines aside), or two other lines of its block (the short lines between two
    /// paragraphs), are ones it would drop too: two dates in a row are a table's header
    /// row, dates among a schedule's items head its days, where one date alone (or two, in
    /// a page's head) is the page's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keep_in_runs: bool,
    /// A drop-kind rule leaves a line alone when the lines right before and right after
    /// it (blank lines aside) are `Label: value` rows that no rule drops: a book's or a
    /// film's fact box (`Kitap adı: ...` / `Yazar: Selahattin Enis` / `Yayınevi: ...`),
    /// where `Author:` names the work's author, not the page's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keep_in_fact_box: bool,
    /// A drop-line rule applies only to the line right after (blank lines aside) a line
    /// that the named rule dropped, and only to a short line (one that does not end runs,
    /// see [`BoilerplateRemover::stops_runs`]): the name a page puts under a bare `By` or
    /// `Oleh` label, which on its own is any name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// The gate on line shape, in characters: a drop-kind rule only runs on trimmed lines
    /// of at most this many characters; a strip-prefix (strip-suffix) rule only runs when
    /// one of its literals lies within the first (last) this-many characters of the line.
    /// Default: the longest match the pattern allows when it is bounded, else
    /// [`DEFAULT_DROP_MAX_CHARS`] or [`DEFAULT_STRIP_MAX_CHARS`] (rules without literals
    /// and `drop-document` rules are not gated by default). A value larger than the pattern's bound is lowered to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_chars: Option<usize>,
    /// Example lines the rule must remove (run by the test suite).
    #[serde(default)]
    pub drop: Vec<String>,
    /// Example `[input, output]` pairs for the strip kinds (run by the test suite).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub strip: Vec<[String; 2]>,
    /// Example lines the rule must keep (run by the test suite).
    #[serde(default)]
    pub keep: Vec<String>,
}

/// Which built-in rules a remover starts from.
///
/// ```
/// use newsclean::boilerplate::{BoilerplateRemover, Preset};
/// use newsclean::config::BoilerplateConfig;
/// let text = "Trump approves a plan to end the war\nThe plan was approved on Thursday.\n";
/// let with = |preset| BoilerplateRemover::new(&BoilerplateConfig { preset, ..Default::default() }).unwrap();
/// assert_eq!(with(Preset::News).remove(text).text, text); // the title stays
/// assert_eq!(with(Preset::Strict).remove(text).text, "The plan was approved on Thursday.\n");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    /// The catalogue and the structural rules: high precision (default).
    #[default]
    News,
    /// `news` plus C4-style line heuristics (short lines, no terminal punctuation, ...):
    /// removes much more, including real article lines.
    Strict,
    /// No built-in rules; only rules added in the config (or enabled by name).
    None,
}

impl Preset {
    /// Parse a preset name (`news`, `strict`, `none`).
    pub fn from_name(name: &str) -> Option<Preset> {
        match name {
            "news" => Some(Preset::News),
            "strict" => Some(Preset::Strict),
            "none" => Some(Preset::None),
            _ => None,
        }
    }

    /// The preset's name.
    pub fn name(self) -> &'static str {
        match self {
            Preset::News => "news",
            Preset::Strict => "strict",
            Preset::None => "none",
        }
    }
}

/// One entry of a rule listing (`newsclean rules`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    /// The rule's name.
    pub name: String,
    /// `drop-line`, `strip-prefix`, ..., or `structural`.
    pub kind: String,
    /// Why the rule's matches are boilerplate.
    pub why: String,
    /// The preset the rule comes from (`news`, `strict`) or `config`.
    pub origin: String,
    /// Whether the rule runs in this remover.
    pub enabled: bool,
}

impl fmt::Display for RuleInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:<28} {:<14} {:<6} {}{}",
            self.name,
            self.kind,
            self.origin,
            self.why,
            if self.enabled { "" } else { " (disabled)" }
        )
    }
}

#[derive(Debug)]
struct Rule {
    spec: RuleSpec,
    /// The compiled twins, one per [`Repertoire`] (full, ASCII, Latin), each compiled on
    /// first use (the pattern was validated at construction): most rules never run on a
    /// given corpus, and the full Unicode automata cost memory and start-up time.
    twins: [OnceLock<Arc<Twin>>; 3],
    /// The parsed pattern, which the twins are narrowed from.
    hir: Hir,
    /// The shape gate ([`RuleSpec::max_chars`]); `None`: not gated.
    max_chars: Option<usize>,
    /// [`RuleSpec::after`]: `Some(None)` when the named rule is disabled (the rule never
    /// applies), `Some(Some(i))` for the enabled rule `i`.
    after: Option<Option<usize>>,
}

/// The most characters a match of `pattern` can have, or `None` when it is unbounded
/// (or the pattern does not parse).
#[cfg(test)]
fn pattern_max_chars(pattern: &str) -> Option<usize> {
    hir_max_chars(&regex_syntax::Parser::new().parse(pattern).ok()?)
}

/// The most characters a match of `hir` can have, or `None` when it is unbounded.
fn hir_max_chars(hir: &regex_syntax::hir::Hir) -> Option<usize> {
    use regex_syntax::hir::{Hir, HirKind};
    fn walk(hir: &Hir) -> Option<usize> {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => Some(0),
            HirKind::Literal(lit) => Some(String::from_utf8_lossy(&lit.0).chars().count()),
            HirKind::Class(_) => Some(1),
            HirKind::Repetition(rep) => {
                let inner = walk(&rep.sub)?;
                match rep.max {
                    Some(max) => inner.checked_mul(max as usize),
                    None if inner == 0 => Some(0),
                    None => None,
                }
            }
            HirKind::Capture(cap) => walk(&cap.sub),
            HirKind::Concat(subs) => subs
                .iter()
                .try_fold(0usize, |acc, h| acc.checked_add(walk(h)?)),
            HirKind::Alternation(subs) => subs
                .iter()
                .try_fold(0usize, |acc, h| Some(acc.max(walk(h)?))),
        }
    }
    walk(hir)
}

/// The gate of a rule: the pattern's bound, lowered by `max_chars`, else the default of
/// its kind.
fn gate_chars(spec: &RuleSpec, hir: &regex_syntax::hir::Hir) -> Option<usize> {
    let bound = hir_max_chars(hir);
    // Rules without literals run on every line anyway: they are gated only when asked.
    let default = match spec.kind {
        _ if spec.literals.is_empty() => None,
        RuleKind::DropLine | RuleKind::DropFromHere => Some(DEFAULT_DROP_MAX_CHARS),
        RuleKind::StripPrefix | RuleKind::StripSuffix => Some(DEFAULT_STRIP_MAX_CHARS),
        RuleKind::DropDocument => None,
    };
    match (bound, spec.max_chars) {
        (Some(b), Some(m)) => Some(b.min(m)),
        (Some(b), None) => Some(b),
        (None, Some(m)) => Some(m),
        (None, None) => default,
    }
}

/// Does `s` have more than `n` characters?
fn longer_than(s: &str, n: usize) -> bool {
    s.len() > n && (s.len() > n.saturating_mul(4) || s.chars().count() > n)
}

/// The byte offset just after the first `n` characters of `s`.
fn head_bytes(s: &str, n: usize) -> usize {
    if s.len() <= n {
        return s.len();
    }
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// The byte offset where the last `n` characters of `s` start.
fn tail_start(s: &str, n: usize) -> usize {
    if s.len() <= n {
        return 0;
    }
    if n == 0 {
        return s.len();
    }
    s.char_indices().nth_back(n - 1).map_or(0, |(i, _)| i)
}

impl Rule {
    /// The twin to run on a line written in `repertoire`: the pattern narrowed to it, which
    /// matches exactly what the full pattern matches there ([`narrow`]).
    fn twin_in(&self, repertoire: Repertoire) -> &Twin {
        let slot = match repertoire {
            Repertoire::Any => 0,
            Repertoire::Ascii => 1,
            Repertoire::Latin => 2,
        };
        self.twins[slot].get_or_init(|| compiled(&self.spec, &self.hir, repertoire))
    }

    /// The rule's full pattern.
    #[cfg(test)]
    fn full(&self) -> &Twin {
        self.twin_in(Repertoire::Any)
    }
}

/// A line being judged, with what every rule's check reads of it.
#[derive(Clone, Copy)]
struct Judged<'t> {
    text: &'t str,
    edges: Edges,
    line: &'t Line,
    /// The line, trimmed.
    content: &'t str,
    repertoire: Repertoire,
    /// The rules its literals select.
    selected: RuleSet,
}

impl<'t> Judged<'t> {
    /// `line` of `text`, with the rules its literals select (and those without literals).
    fn of(remover: &BoilerplateRemover, text: &'t str, edges: Edges, line: &'t Line) -> Self {
        let content = line.trimmed(text);
        Judged {
            text,
            edges,
            line,
            content,
            repertoire: Repertoire::of(content),
            selected: remover.select(text, line, content),
        }
    }
}

/// A set of rule indices (rules beyond [`RuleSet::CAPACITY`] are always in it).
#[derive(Clone, Copy, Debug, Default)]
struct RuleSet([u64; 4]);

impl RuleSet {
    const CAPACITY: usize = 256;

    fn insert(&mut self, i: usize) {
        if i < Self::CAPACITY {
            self.0[i / 64] |= 1 << (i % 64);
        }
    }

    fn contains(&self, i: usize) -> bool {
        i >= Self::CAPACITY || self.0[i / 64] & (1 << (i % 64)) != 0
    }
}

/// The compiled rule set.
#[derive(Debug)]
pub struct BoilerplateRemover {
    rules: Vec<Rule>,
    /// The necessary condition a line must meet before any rule looks at it.
    gate: gate::LineGate,
    /// The rules' literals, overlapping, run on a gated line to pick its rules.
    selector: Option<AhoCorasick>,
    /// For each selector pattern, the rules that own the literal.
    owners: Vec<Vec<usize>>,
    /// For each selector pattern: it starts with a letter or digit of a script that puts
    /// spaces between words, so a hit counts only at the start of a word (`ians` does not
    /// fire inside "Ukrainians"; `撮影` does after the name it follows).
    word_start: Vec<bool>,
    /// Rules without literals: they run on every gated line.
    always: RuleSet,
    /// Rules that another acts [`RuleSpec::after`]: the line after one they drop is
    /// judged without the gate.
    labels: RuleSet,
    structural: structural::Structural,
    listing: Vec<RuleInfo>,
}

/// What a compiled twin is made from: the pattern, the anchoring its kind requires and
/// the repertoire it is narrowed to.
type TwinKey = (String, RuleKind, Repertoire);

/// Compiled twins and automata, shared by every remover in the process: compiling the
/// catalogue's Unicode-heavy patterns is the expensive part of [`BoilerplateRemover::new`]
/// (seconds in a debug build), and `Arc`/`AhoCorasick` clones share their compiled form.
static TWIN_CACHE: LazyLock<Mutex<HashMap<TwinKey, Arc<Twin>>>> = LazyLock::new(Default::default);
static AC_CACHE: LazyLock<Mutex<HashMap<Vec<String>, AhoCorasick>>> =
    LazyLock::new(Default::default);

/// A validated pattern's twin. Validation parsed it; the only error left is a size
/// limit, which the catalogue's patterns are tested against.
fn compiled(spec: &RuleSpec, hir: &Hir, repertoire: Repertoire) -> Arc<Twin> {
    match compile(spec, hir, repertoire) {
        Ok(regex) => regex,
        Err(e) => panic!("rule {}: {e}", spec.name),
    }
}

/// Parse a rule's pattern (checking it without compiling it). A pattern with Turkish
/// words (it has a letter only Turkish and Azerbaijani use) gets the Turkish `İ` and `ı`
/// beside `I` and `i` ([`fold::with_turkish_i`]); for the others, that would only cost
/// start-up time.
pub(crate) fn parse(spec: &RuleSpec) -> Result<regex_syntax::hir::Hir, ConfigError> {
    let turkish = spec.pattern.contains(['ı', 'İ', 'ş', 'Ş', 'ğ', 'Ğ']);
    regex_syntax::Parser::new()
        .parse(&spec.pattern)
        .map(|hir| match turkish {
            true => fold::with_turkish_i(hir),
            false => hir,
        })
        .map_err(|e| ConfigError::Rule {
            rule: spec.name.clone(),
            message: e.to_string(),
        })
}

/// A rule's pattern anchored as its kind requires.
fn anchor(spec: &RuleSpec, pattern: &str) -> String {
    match spec.kind {
        RuleKind::DropLine | RuleKind::DropFromHere | RuleKind::DropDocument => {
            format!("^(?:{pattern})$")
        }
        RuleKind::StripPrefix => format!("^(?:{pattern})"),
        RuleKind::StripSuffix => format!("(?:{pattern})$"),
    }
}

/// A rule's parsed pattern anchored as its kind requires.
fn anchored(kind: RuleKind, hir: Hir) -> Hir {
    let (start, end) = (Hir::look(Look::Start), Hir::look(Look::End));
    match kind {
        RuleKind::DropLine | RuleKind::DropFromHere | RuleKind::DropDocument => {
            Hir::concat(vec![start, hir, end])
        }
        RuleKind::StripPrefix => Hir::concat(vec![start, hir]),
        RuleKind::StripSuffix => Hir::concat(vec![hir, end]),
    }
}

/// Compile one rule's twin for `repertoire` from its parsed pattern `hir`, anchored as its
/// kind requires ([`twin`]): from the parsed form, so the pattern is not printed and parsed
/// again.
fn compile(spec: &RuleSpec, hir: &Hir, repertoire: Repertoire) -> Result<Arc<Twin>, ConfigError> {
    let key = (spec.pattern.clone(), spec.kind, repertoire);
    if let Some(twin) = TWIN_CACHE.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(twin);
    }
    let hir = anchored(spec.kind, narrowed_hir(hir.clone(), repertoire));
    let twin = Twin::new(spec.kind, hir, repertoire).map_err(|message| ConfigError::Rule {
        rule: spec.name.clone(),
        message,
    })?;
    let twin = Arc::new(twin);
    if let Ok(mut cache) = TWIN_CACHE.lock() {
        cache.insert(key, twin.clone());
    }
    Ok(twin)
}

/// The selector automaton (overlapping matches) over `literals`.
fn selector(literals: &[String]) -> Result<AhoCorasick, ConfigError> {
    if let Some(found) = AC_CACHE.lock().ok().and_then(|c| c.get(literals).cloned()) {
        return Ok(found);
    }
    let built = AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        // A contiguous NFA, not a DFA: with 928 literals the DFA took 6.9 MB and about
        // 90M instructions to build, a sixth of start-up (measured 2026-11-26), and
        // made a 50 MB corpus only 1-2% faster, though it reads a byte in fewer
        // instructions on the lines the gate lets through.
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .ascii_case_insensitive(true)
        .build(literals)
        .map_err(|e| ConfigError::Rule {
            rule: "selector".into(),
            message: e.to_string(),
        })?;
    if let Ok(mut cache) = AC_CACHE.lock() {
        cache.insert(literals.to_vec(), built.clone());
    }
    Ok(built)
}

impl BoilerplateRemover {
    /// Compile the built-in rules of the config's preset, plus the rules it enables by
    /// name and the rules it adds, minus the names it disables. Unknown names in
    /// `enable`/`disable`, duplicate names and bad regexes are a [`ConfigError::Rule`].
    pub fn new(config: &BoilerplateConfig) -> Result<BoilerplateRemover, ConfigError> {
        let builtin = builtin_rules();
        let structural_names = structural::NAMES;
        let known = |name: &str| {
            builtin.iter().any(|(_, r)| r.name == name) || structural_names.contains(&name)
        };
        for name in config.disable.iter().chain(&config.enable) {
            if !known(name) && !config.rules.iter().any(|r| &r.name == name) {
                return Err(ConfigError::Rule {
                    rule: name.clone(),
                    message: "no built-in rule has this name".into(),
                });
            }
        }
        let in_preset = |origin: Preset| match config.preset {
            Preset::News => origin == Preset::News,
            Preset::Strict => true,
            Preset::None => false,
        };
        let wanted = |name: &str, origin: Preset| {
            (in_preset(origin) || config.enable.iter().any(|n| n == name))
                && !config.disable.iter().any(|n| n == name)
        };

        let mut listing = Vec::new();
        let mut specs: Vec<RuleSpec> = Vec::new();
        for (origin, spec) in builtin {
            let enabled = wanted(&spec.name, origin);
            listing.push(RuleInfo {
                name: spec.name.clone(),
                kind: spec.kind.name().into(),
                why: spec.why.clone(),
                origin: origin.name().into(),
                enabled,
            });
            if enabled {
                specs.push(spec);
            }
        }
        for spec in &config.rules {
            if listing.iter().any(|i| i.name == spec.name) {
                return Err(ConfigError::Rule {
                    rule: spec.name.clone(),
                    message: "a rule with this name already exists".into(),
                });
            }
            let enabled = !config.disable.iter().any(|n| n == &spec.name);
            listing.push(RuleInfo {
                name: spec.name.clone(),
                kind: spec.kind.name().into(),
                why: spec.why.clone(),
                origin: "config".into(),
                enabled,
            });
            if enabled {
                specs.push(spec.clone());
            }
        }
        let structural = structural::Structural {
            head: wanted(structural::HEAD_RUN, Preset::News),
            tail: wanted(structural::TAIL_RUN, Preset::News),
        };
        for (name, why) in structural::WHY {
            listing.push(RuleInfo {
                name: name.to_string(),
                kind: "structural".into(),
                why: why.to_string(),
                origin: "news".into(),
                enabled: wanted(name, Preset::News),
            });
        }

        let mut rules = Vec::with_capacity(specs.len());
        let mut hirs = Vec::with_capacity(specs.len());
        // Parsing the catalogue's Unicode patterns is a good part of start-up: in parallel.
        let parsed: Vec<_> = specs.par_iter().map(parse).collect();
        for (spec, hir) in specs.into_iter().zip(parsed) {
            let hir = hir?;
            let max_chars = gate_chars(&spec, &hir);
            hirs.push(hir.clone());
            // Built-in rules are compiled on first use (a test compiles every one of them).
            // A user's rule is compiled now, so a pattern over the regex size limit is a
            // config error naming the rule, not a panic in the middle of a run.
            if config.rules.iter().any(|r| r.name == spec.name) {
                for repertoire in [Repertoire::Any, Repertoire::Ascii, Repertoire::Latin] {
                    compile(&spec, &hir, repertoire)?
                        .build_fallback()
                        .map_err(|message| ConfigError::Rule {
                            rule: spec.name.clone(),
                            message,
                        })?;
                }
            }
            if spec.after.is_some() && spec.kind != RuleKind::DropLine {
                return Err(ConfigError::Rule {
                    rule: spec.name.clone(),
                    message: "`after` is for drop-line rules".into(),
                });
            }
            rules.push(Rule {
                spec,
                twins: Default::default(),
                hir,
                max_chars,
                after: None,
            });
        }
        for i in 0..rules.len() {
            let Some(name) = rules[i].spec.after.clone() else {
                continue;
            };
            if !listing.iter().any(|r| r.name == name) {
                return Err(ConfigError::Rule {
                    rule: rules[i].spec.name.clone(),
                    message: format!("`after` names no rule: {name}"),
                });
            }
            rules[i].after = Some(rules.iter().position(|r| r.spec.name == name));
        }
        let mut always = RuleSet::default();
        let mut literals: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            if rule.spec.literals.is_empty() {
                always.insert(i);
            }
            for lit in &rule.spec.literals {
                let lit = fold::fold_literal(lit);
                match literals.iter().position(|l| *l == lit) {
                    Some(at) => owners[at].push(i),
                    None => {
                        literals.push(lit);
                        owners.push(vec![i]);
                    }
                }
            }
        }
        // A rule that acts only after another is not in the gate: the line after a line
        // the other drops is judged whatever the gate says (`remove_gated`), and a gate
        // that let through every line shaped like a name would let through every title.
        let (specs, hirs): (Vec<&RuleSpec>, Vec<Hir>) = rules
            .iter()
            .zip(hirs)
            .filter(|(r, _)| r.after.is_none())
            .map(|(r, hir)| (&r.spec, hir))
            .unzip();
        let mut labels = RuleSet::default();
        for after in rules.iter().filter_map(|r| r.after.flatten()) {
            labels.insert(after);
        }
        let (selector, gate) = rayon::join(
            || match literals.is_empty() {
                true => Ok(None),
                false => selector(&literals).map(Some),
            },
            || gate::LineGate::with_parsed(&specs, hirs),
        );
        let (selector, gate) = (selector?, gate?);
        let word_start = literals
            .iter()
            .map(|l| {
                l.chars()
                    .next()
                    .is_some_and(|c| c.is_alphanumeric() && !unspaced_script(c))
            })
            .collect();
        Ok(BoilerplateRemover {
            rules,
            gate,
            selector,
            owners,
            word_start,
            always,
            labels,
            structural,
            listing,
        })
    }

    /// Every rule this remover knows (built-in of all presets, structural, and added by
    /// the config), with whether it is enabled: the listing behind `newsclean rules`.
    ///
    /// ```
    /// # use newsclean::boilerplate::BoilerplateRemover;
    /// # use newsclean::config::BoilerplateConfig;
    /// let remover = BoilerplateRemover::new(&BoilerplateConfig::default()).unwrap();
    /// let dateline = remover.rules().iter().find(|r| r.name == "wire-dateline").unwrap();
    /// assert_eq!((dateline.kind.as_str(), dateline.enabled), ("strip-prefix", true));
    /// for rule in remover.rules() {
    ///     println!("{rule}"); // name, kind, origin, why
    /// }
    /// ```
    pub fn rules(&self) -> &[RuleInfo] {
        &self.listing
    }

    /// Remove boilerplate from `text`. Returns the text borrowed when nothing matched;
    /// otherwise one [`Change`] per removed line or stripped span, in text order.
    pub fn remove<'a>(&self, text: &'a str) -> Fixed<'a> {
        self.remove_gated(text, true, Record::Changes, Edges::WHOLE)
    }

    /// [`BoilerplateRemover::remove`], recording the removals only when `record` asks for
    /// them: the text is the same.
    pub fn remove_with<'a>(&self, text: &'a str, record: Record) -> Fixed<'a> {
        self.remove_gated(text, true, record, Edges::WHOLE)
    }

    /// [`BoilerplateRemover::remove_with`] on a section of a longer document that reaches
    /// only the document's `edges`: the rules bound to the head or tail of a text
    /// (`head-run`, `tail-run`, `first_lines`, `last_lines`, a footer block's title
    /// exception) apply only at an edge the section reaches.
    pub fn remove_section<'a>(&self, text: &'a str, record: Record, edges: Edges) -> Fixed<'a> {
        self.remove_gated(text, true, record, edges)
    }

    /// Does `line` (trimmed, one line) end every run of lines this stage removes as a
    /// whole: a head or tail run and the block after a drop-from-here heading? True for a
    /// line with too many words, or too long, to be a headline, a link or a menu entry. A
    /// section cut ([`crate::stream`]) may only sit on such a line.
    pub fn stops_runs(&self, line: &str) -> bool {
        !headline_like(line) && !structural::may_run(line)
    }

    /// How many lines that no rule touches must lie between a section cut and each end
    /// of the document, so that the rules bound to the head (`first_lines`, the footer
    /// block's title exception) and to the tail (`last_lines`) never reach across it:
    /// `(head, tail)`.
    pub fn edge_lines(&self) -> (usize, usize) {
        let specs = self.rules.iter().map(|r| &r.spec);
        let head = specs.clone().filter_map(|s| s.first_lines).max();
        let tail = specs.filter_map(|s| s.last_lines).max();
        (head.unwrap_or(0).max(HEAD_LINES), tail.unwrap_or(0))
    }

    /// [`BoilerplateRemover::remove`] that judges every line, without the [`gate`]: the
    /// reference the tests and the fuzzer hold the gated path to.
    #[doc(hidden)]
    pub fn remove_without_gate<'a>(&self, text: &'a str) -> Fixed<'a> {
        self.remove_gated(text, false, Record::Changes, Edges::WHOLE)
    }

    fn remove_gated<'a>(
        &self,
        text: &'a str,
        gated: bool,
        record: Record,
        edges: Edges,
    ) -> Fixed<'a> {
        let mut actions: Vec<Action> = Vec::new();
        // The next place a loose rule branch may match (searched once over the text).
        let mut inner = if gated {
            self.gate.next_inner(text, 0)
        } else {
            None
        };
        let mut scanner = self.gate.scanner();
        let mut start = 0;
        while start < text.len() {
            let line = Line::at(text, start);
            if inner.is_some_and(|at| at < line.start) {
                inner = self.gate.next_inner(text, line.start);
            }
            let content = line.trimmed(text);
            let admitted = !content.is_empty()
                && (!gated
                    || inner.is_some_and(|at| at < line.next)
                    || scanner.admits_anchored(content)
                    || self.follows_label(text, &line, &actions));
            start = if admitted {
                self.judge(text, edges, &line, &mut actions)
            } else {
                line.next
            };
        }
        self.structural.apply(text, edges, &mut actions);
        if actions.is_empty() {
            return Fixed::unchanged(text);
        }
        actions.sort_by_key(|a| a.line.start);
        self.render(text, &actions, record)
    }

    /// Decide what happens to one line; push actions. Returns where to go on: the next
    /// line, or past the lines a drop-from-here or drop-document rule decided too.
    fn judge(&self, text: &str, edges: Edges, line: &Line, actions: &mut Vec<Action>) -> usize {
        let on = Judged::of(self, text, edges, line);
        if on.content.is_empty() {
            return line.next;
        }
        // Drop kinds first: a line that is boilerplate as a whole goes as a whole.
        for (i, rule) in self.rules.iter().enumerate() {
            let kind = rule.spec.kind;
            if matches!(kind, RuleKind::StripPrefix | RuleKind::StripSuffix)
                || !self.drop_rule_removes(i, &on, actions)
            {
                continue;
            }
            if kind == RuleKind::DropDocument {
                actions.clear();
                drop_lines(text, 0, i, actions);
                return text.len();
            }
            actions.push(Action::drop(*line, i));
            if kind == RuleKind::DropFromHere {
                return self.link_block(text, edges, line, i, actions);
            }
            return line.next;
        }
        // Then the strip kinds: at most one prefix and one suffix per line.
        self.strip(&on, actions);
        line.next
    }

    /// The shape gate of a drop-kind rule: is the line short enough for it?
    fn shape_ok(&self, i: usize, content: &str) -> bool {
        let rule = &self.rules[i];
        match rule.spec.kind {
            RuleKind::StripPrefix | RuleKind::StripSuffix => true,
            _ => !rule.max_chars.is_some_and(|n| longer_than(content, n)),
        }
    }

    /// The rules whose literals occur in the line, and those without literals. A literal
    /// that starts with a letter or digit counts only at the start of a word; a strip
    /// rule's literal only within its window at the start or end of the line.
    fn select(&self, text: &str, line: &Line, content: &str) -> RuleSet {
        let mut selected = self.always;
        let Some(selector) = &self.selector else {
            return selected;
        };
        let raw = &text[line.start..line.end];
        if raw.is_ascii() {
            self.select_hits(selector, raw, None, content, &mut selected);
        } else {
            thread_local! {
                static FOLDED: std::cell::RefCell<fold::FoldedLine> = Default::default();
            }
            FOLDED.with_borrow_mut(|folded| {
                folded.fold(raw);
                self.select_hits(selector, raw, Some(folded), content, &mut selected);
            });
        }
        selected
    }

    /// Add to `selected` the rules whose literals occur in the line `raw` as the selector
    /// reads it: `folded`, or the line itself when it is ASCII.
    fn select_hits(
        &self,
        selector: &AhoCorasick,
        raw: &str,
        folded: Option<&fold::FoldedLine>,
        content: &str,
        selected: &mut RuleSet,
    ) {
        let hay = folded.map_or(raw, fold::FoldedLine::text);
        let lead = content.as_ptr() as usize - raw.as_ptr() as usize;
        let offset = |at: usize| folded.map_or(at, |f| f.line_offset(at));
        for m in selector.find_overlapping_iter(hay) {
            let p = m.pattern().as_usize();
            let (start, end) = (offset(m.start()), offset(m.end()));
            if self.word_start[p]
                && raw[..start]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            for &r in &self.owners[p] {
                let in_window = match (self.rules[r].spec.kind, self.rules[r].max_chars) {
                    (RuleKind::StripPrefix, Some(n)) => end <= lead + head_bytes(content, n),
                    (RuleKind::StripSuffix, Some(n)) => start >= lead + tail_start(content, n),
                    _ => true,
                };
                if in_window {
                    selected.insert(r);
                }
            }
        }
    }

    /// The strip kinds: at most one prefix and one suffix per line.
    fn strip(&self, on: &Judged, actions: &mut Vec<Action>) {
        let (text, content) = (on.text, on.content);
        let mut prefix: Option<(usize, usize)> = None; // (rule, content bytes removed)
        let mut suffix: Option<(usize, usize)> = None; // (rule, content bytes kept)
        for (i, rule) in self.rules.iter().enumerate() {
            let kind = rule.spec.kind;
            let done = !on.selected.contains(i)
                || match kind {
                    RuleKind::StripPrefix => prefix.is_some(),
                    RuleKind::StripSuffix => suffix.is_some(),
                    _ => true,
                };
            if done || !self.position_ok(text, on.edges, on.line, &rule.spec, actions) {
                continue;
            }
            let from = prefix.map_or(0, |p| p.1);
            let end = suffix.map_or(content.len(), |s| s.1);
            let hay = &content[from..end];
            // A strip-suffix match lies within the window at the end of the line.
            let at = match (kind, rule.max_chars) {
                (RuleKind::StripSuffix, Some(n)) => tail_start(hay, n),
                _ => 0,
            };
            let Some(m) = rule.twin_in(on.repertoire).find(hay, at) else {
                continue;
            };
            if kind == RuleKind::StripPrefix {
                let rest = content[from + m.end..end].trim_start();
                if from == 0 && end == content.len() && rest.is_empty() {
                    // The whole line is the prefix (a dateline above its paragraph,
                    // "NORTHBROOK, Ill.–(BUSINESS WIRE)–"): it goes as a line.
                    actions.push(Action::drop(*on.line, i));
                    return;
                }
                if starts_like_sentence(rest) && !in_capitals(rest) {
                    prefix = Some((i, end - rest.len()));
                }
            } else {
                let keep = content[from..from + m.start].trim_end();
                if keep.chars().any(char::is_alphanumeric) {
                    suffix = Some((i, from + keep.len()));
                }
            }
        }
        if prefix.is_some() || suffix.is_some() {
            let offset = content.as_ptr() as usize - text.as_ptr() as usize;
            actions.push(Action {
                line: *on.line,
                what: What::Strip {
                    prefix: prefix.map(|(r, n)| (r, offset + n)),
                    suffix: suffix.map(|(r, n)| (r, offset + n)),
                },
            });
        }
    }

    /// Drop the block of headline-like lines after a drop-from-here heading (up to
    /// [`FOOTER_MAX_LINES`], twice as many when the list runs to the end of the text);
    /// returns where the block ends. When the heading is at the
    /// head of the text (among the first [`HEAD_LINES`] lines, before the first
    /// paragraph) and a paragraph, a date or a byline follows the block, the block's last
    /// line is kept: it may be the article's title. Further down, a block that a paragraph
    /// ends keeps its last line too: that paragraph's heading.
    fn link_block(
        &self,
        text: &str,
        edges: Edges,
        heading: &Line,
        rule: usize,
        actions: &mut Vec<Action>,
    ) -> usize {
        let at_head = edges.start
            && structural::within_first(text, heading.start, HEAD_LINES)
            && before_first_paragraph(text, heading.start);
        let mut taken = 0;
        let mut start = heading.next;
        while start < text.len() {
            let l = Line::at(text, start);
            let s = l.trimmed(text);
            if !s.is_empty() {
                // Past the limit, the block goes on only as a list that runs to the end
                // of the text: a footer's long list of links.
                if taken == FOOTER_MAX_LINES && !(edges.end && list_to_the_end(text, &l)) {
                    return start;
                }
                let paragraph = !headline_like(s);
                let after_title = at_head && taken > 0;
                if paragraph || after_title {
                    // The block ends at a paragraph. At the head it also ends at a date or
                    // byline line, and then (or when the paragraph is no boilerplate line
                    // itself) the block's last line is the article's title.
                    let dropped = self.drops(text, edges, &l);
                    if paragraph || dropped {
                        let title = after_title && paragraph != dropped;
                        // Further down, the block's last line may be the heading of the
                        // paragraph after it (a live blog's entry, a news brief), not a
                        // link: then the paragraph tells of what it names.
                        let heading = !at_head
                            && paragraph
                            && !dropped
                            && taken > 0
                            && actions
                                .last()
                                .is_some_and(|last| shares_a_word(last.line.trimmed(text), s));
                        if title || heading {
                            return actions.pop().map_or(start, |last| last.line.start);
                        }
                        return start;
                    }
                }
                actions.push(Action::drop(l, rule));
                taken += 1;
            }
            start = l.next;
        }
        start
    }

    /// Would a drop-line rule remove this line? (Judged on its own: the rules that act
    /// only [`RuleSpec::after`] another do not.)
    fn drops(&self, text: &str, edges: Edges, line: &Line) -> bool {
        self.a_drop_line_rule(text, edges, line, |i, on| {
            self.drop_rule_removes(i, on, &[])
        })
    }

    /// Does `removes` say yes for some drop-line rule on `line`, judged on its own?
    fn a_drop_line_rule(
        &self,
        text: &str,
        edges: Edges,
        line: &Line,
        removes: impl Fn(usize, &Judged) -> bool,
    ) -> bool {
        let on = Judged::of(self, text, edges, line);
        (0..self.rules.len())
            .any(|i| self.rules[i].spec.kind == RuleKind::DropLine && removes(i, &on))
    }

    /// Does drop-kind rule `i` remove the line? Its literals (selected), its shape, its
    /// position (after `actions`, those of the earlier lines) and its pattern must all
    /// allow it.
    fn drop_rule_removes(&self, i: usize, on: &Judged, actions: &[Action]) -> bool {
        self.drop_rule_matches(i, on, actions)
            && !(self.rules[i].spec.keep_in_fact_box && self.in_fact_box(on))
    }

    /// [`Self::drop_rule_removes`] without [`RuleSpec::keep_in_fact_box`], which looks at
    /// whether rules drop the neighbouring lines (and so must not look at itself there).
    fn drop_rule_matches(&self, i: usize, on: &Judged, actions: &[Action]) -> bool {
        let rule = &self.rules[i];
        on.selected.contains(i)
            && self.shape_ok(i, on.content)
            && self.position_ok(on.text, on.edges, on.line, &rule.spec, &[])
            && rule
                .after
                .is_none_or(|after| self.follows_drop(after, on, actions))
            && rule.twin_in(on.repertoire).is_match(on.content)
            && !(rule.spec.keep_between_paragraphs && between_paragraphs(on.text, on.line))
            && !(rule.spec.keep_title
                && on.edges.start
                && structural::within_first(on.text, on.line.start, 1))
            && !(rule.spec.keep_in_runs && self.in_a_list_of_matches(i, on))
    }

    /// Does `line` come right after (blank lines aside) a line that a rule in
    /// [`BoilerplateRemover::labels`] dropped?
    fn follows_label(&self, text: &str, line: &Line, actions: &[Action]) -> bool {
        dropped_right_before(text, line, actions).is_some_and(|r| self.labels.contains(r))
    }

    /// Is the judged line a short one right after a line that rule `after` dropped, blank
    /// lines aside? ([`RuleSpec::after`]; `actions` are those of the earlier lines, in
    /// order.)
    fn follows_drop(&self, after: Option<usize>, on: &Judged, actions: &[Action]) -> bool {
        after.is_some_and(|after| {
            dropped_right_before(on.text, on.line, actions) == Some(after)
                && !self.stops_runs(on.content)
        })
    }

    /// Are the lines right before and after the judged one (blank lines aside) both
    /// `Label: value` rows that no drop-line rule drops? ([`RuleSpec::keep_in_fact_box`])
    fn in_fact_box(&self, on: &Judged) -> bool {
        let row = |line: Option<Line>| {
            line.is_some_and(|l| {
                labelled_row(l.trimmed(on.text))
                    && !self.a_drop_line_rule(on.text, on.edges, &l, |i, row| {
                        self.drop_rule_matches(i, row, &[])
                    })
            })
        };
        let (before, after) = neighbour_lines(on.text, on.line);
        row(before) && row(after)
    }

    /// Is the judged line one of a list of lines the rule matches: does the rule match
    /// the line right before or after it, or two other lines of its block (the non-blank
    /// lines around it up to the nearest line on each side that ends runs, a paragraph, see
    /// [`Self::stops_runs`]; at most [`BLOCK_MAX_LINES`] each way)? ([`RuleSpec::keep_in_runs`])
    /// A page's own dates can be two in its head block, a schedule's are more. A stream's
    /// section cut sits on a line that ends runs, so the block is the same in a section as
    /// in the whole text.
    fn in_a_list_of_matches(&self, i: usize, on: &Judged) -> bool {
        let rule = &self.rules[i];
        let text = on.text;
        let mut others = 0;
        // Walk one way from the judged line; true when the first non-blank line matches.
        let mut walk = |lines: &mut dyn Iterator<Item = Line>| {
            let mut seen = 0;
            for l in lines {
                let s = l.trimmed(text);
                if s.is_empty() {
                    continue;
                }
                if seen == BLOCK_MAX_LINES || self.stops_runs(s) {
                    break;
                }
                seen += 1;
                if self.shape_ok(i, s) && rule.twin_in(Repertoire::of(s)).is_match(s) {
                    others += 1;
                    if seen == 1 {
                        return true;
                    }
                }
            }
            false
        };
        walk(&mut lines_before(text, on.line))
            || walk(&mut lines_after(text, on.line))
            || others >= 2
    }

    /// Is `line` where `spec` may act (`first_lines`, `last_lines`)? Lines that `actions`
    /// (those of earlier lines) drop do not count toward `first_lines`: the strip kinds
    /// pass them, so a dateline under a title, a byline and a timestamp still opens the
    /// text (the drop kinds pass none: a time under a byline is not a video's length).
    fn position_ok(
        &self,
        text: &str,
        edges: Edges,
        line: &Line,
        spec: &RuleSpec,
        actions: &[Action],
    ) -> bool {
        if let Some(n) = spec.first_lines {
            let dropped = |start: usize| action_drops(actions, start) == Some(true);
            if !edges.start || !structural::within_first_kept(text, line.start, n, dropped) {
                return false;
            }
        }
        if let Some(n) = spec.last_lines {
            if !edges.end || !structural::within_last(text, line.next, n) {
                return false;
            }
        }
        true
    }

    fn rule_name(&self, index: usize) -> &str {
        match index {
            structural::HEAD_INDEX => structural::HEAD_RUN,
            structural::TAIL_INDEX => structural::TAIL_RUN,
            i => &self.rules[i].spec.name,
        }
    }
}

/// Do `heading` and `paragraph` share a word of five letters or more (a name, a topic),
/// other than a few words common in any English text (`which`, `would`, `people`)? A
/// heading names what its paragraph tells of; a link to another story seldom does.
fn shares_a_word(heading: &str, paragraph: &str) -> bool {
    const COMMON: [&str; 16] = [
        "about", "after", "being", "could", "other", "their", "there", "these", "those", "under",
        "where", "which", "while", "would", "years", "people",
    ];
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 5)
            .map(str::to_lowercase)
            .filter(|w| !COMMON.contains(&w.as_str()))
            .collect()
    };
    let named = words(heading);
    words(paragraph).iter().any(|w| named.contains(w))
}

/// Do paragraphs (lines that are not [`headline_like`]) come right before and right after
/// `line`, blank lines aside? ([`RuleSpec::keep_between_paragraphs`]) A section of a
/// streamed file holds both: it is cut at lines no rule touches, and shares them.
fn between_paragraphs(text: &str, line: &Line) -> bool {
    let paragraph = |l: Option<&str>| l.is_some_and(|l| !headline_like(l));
    let (before, after) = neighbours(text, line);
    paragraph(before) && paragraph(after)
}

/// The lines before `line`, nearest first.
fn lines_before<'t>(text: &'t str, line: &Line) -> impl Iterator<Item = Line> + 't {
    let mut end = line.start;
    std::iter::from_fn(move || {
        let l = structural::line_before(text, end)?;
        end = l.start;
        Some(l)
    })
}

/// The lines after `line`, nearest first.
fn lines_after<'t>(text: &'t str, line: &Line) -> impl Iterator<Item = Line> + 't {
    let mut start = line.next;
    std::iter::from_fn(move || {
        (start < text.len()).then(|| {
            let l = Line::at(text, start);
            start = l.next;
            l
        })
    })
}

/// The non-blank lines right before and right after `line`.
fn neighbour_lines(text: &str, line: &Line) -> (Option<Line>, Option<Line>) {
    let nonblank = |l: &Line| !l.trimmed(text).is_empty();
    (
        lines_before(text, line).find(nonblank),
        lines_after(text, line).find(nonblank),
    )
}

/// A fact box's row: a label of one to four words that starts with a letter, a colon, and
/// a value (`Yayınevi: Ayrıntı Yayınları`, `Nº PÁGINAS: 376 Páginas.`, `ISBN: 978...`).
fn labelled_row(line: &str) -> bool {
    let Some((label, value)) = line.split_once(':') else {
        return false;
    };
    let label = label.trim();
    label.chars().next().is_some_and(char::is_alphabetic)
        && label.chars().count() <= 40
        && label.split_whitespace().count() <= 4
        && !value.trim().is_empty()
}

/// The non-blank lines right before and right after `line`, trimmed.
fn neighbours<'t>(text: &'t str, line: &Line) -> (Option<&'t str>, Option<&'t str>) {
    let (before, after) = neighbour_lines(text, line);
    (
        before.map(|l| l.trimmed(text)),
        after.map(|l| l.trimmed(text)),
    )
}

/// Does no paragraph (a line that is not [`headline_like`]) come before `line_start`?
fn before_first_paragraph(text: &str, line_start: usize) -> bool {
    text[..line_start]
        .lines()
        .map(str::trim)
        .all(|l| l.is_empty() || headline_like(l))
}

/// Is this line a headline or link rather than a paragraph: few words, no final period?
fn headline_like(line: &str) -> bool {
    line.split_whitespace().count() <= FOOTER_MAX_WORDS && !line.ends_with('.')
}

/// Are the non-blank lines from `line` to the end of `text` at most [`FOOTER_MAX_LINES`],
/// each [`headline_like`]?
fn list_to_the_end(text: &str, line: &Line) -> bool {
    let mut lines = std::iter::once(*line)
        .chain(lines_after(text, line))
        .map(|l| l.trimmed(text))
        .filter(|s| !s.is_empty());
    lines.by_ref().take(FOOTER_MAX_LINES).all(headline_like) && lines.next().is_none()
}

/// Is `c` a letter of a script written without spaces between words (Chinese, Japanese
/// kana, Thai, Lao, Tibetan, Myanmar, Khmer), where a word may start after any letter?
fn unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0FFF}' // Thai, Lao, Tibetan
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{1780}'..='\u{17FF}' // Khmer
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // CJK Extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK Unified Ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK Compatibility Ideographs
        | '\u{20000}'..='\u{3FFFF}' // CJK Extensions B and later
    )
}

/// A remainder is kept only when it starts like a sentence: a capital, a digit, an
/// opening quote or bracket, or a letter of a script without case (Chinese, Japanese,
/// Arabic, Devanagari, ...), where any letter may start one.
fn starts_like_sentence(rest: &str) -> bool {
    match rest.chars().next() {
        Some(c) => {
            c.is_uppercase()
                || c.is_numeric()
                || (c.is_alphabetic() && !c.is_lowercase())
                || "\"'“‘«(¿¡$€£「『《〈【（".contains(c)
        }
        None => false,
    }
}

/// Is `rest` written in capitals (three or more, and every letter a capital)? Then the line
/// is a headline or a slogan in capitals, and what looked like a dateline or a tag before it
/// is a part of it: `LA CRISI DEL GOVERNO – CONTE SALE AL QUIRINALE`. A letter of a script
/// without case (Han, Arabic, Bengali) is not a capital: a Chinese paragraph that names
/// `MSCI` is running text.
fn in_capitals(rest: &str) -> bool {
    !rest.chars().any(|c| c.is_alphabetic() && !c.is_uppercase())
        && rest.chars().filter(|c| c.is_uppercase()).nth(2).is_some()
}

/// One line of the text, by byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Line {
    /// First byte of the line.
    pub start: usize,
    /// End of the content (before `\r\n` or `\n`).
    pub end: usize,
    /// First byte of the next line (after the `\n`), or the text's length.
    pub next: usize,
}

impl Line {
    /// The line starting at `start`.
    pub fn at(text: &str, start: usize) -> Line {
        let bytes = text.as_bytes();
        let (mut end, next) = match memchr::memchr(b'\n', &bytes[start..]) {
            Some(i) => (start + i, start + i + 1),
            None => (text.len(), text.len()),
        };
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        Line { start, end, next }
    }

    /// The content without surrounding whitespace.
    pub fn trimmed<'t>(&self, text: &'t str) -> &'t str {
        text[self.start..self.end].trim()
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum What {
    Drop(usize),
    /// Byte offsets in the text: where the kept part starts and ends.
    Strip {
        prefix: Option<(usize, usize)>,
        suffix: Option<(usize, usize)>,
    },
}

/// The rule that dropped the non-blank line right before `line`, if one did; `actions` are
/// those of the lines before it, in order.
fn dropped_right_before(text: &str, line: &Line, actions: &[Action]) -> Option<usize> {
    let last = actions.last()?;
    match last.what {
        What::Drop(r) if text[last.line.next..line.start].trim().is_empty() => Some(r),
        _ => None,
    }
}

/// The action on the line starting at `start`, in `actions` sorted by line start: does it
/// drop the line (`Some(true)`) or strip it (`Some(false)`)? `None`: no action there.
pub(crate) fn action_drops(actions: &[Action], start: usize) -> Option<bool> {
    actions
        .binary_search_by_key(&start, |a| a.line.start)
        .ok()
        .map(|i| matches!(actions[i].what, What::Drop(_)))
}

/// What happens to one line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Action {
    pub line: Line,
    pub what: What,
}

impl Action {
    pub fn drop(line: Line, rule: usize) -> Action {
        Action {
            line,
            what: What::Drop(rule),
        }
    }
}

/// Drop every non-blank line from `start` to the end of the text.
fn drop_lines(text: &str, mut start: usize, rule: usize, actions: &mut Vec<Action>) {
    while start < text.len() {
        let l = Line::at(text, start);
        if !l.trimmed(text).is_empty() {
            actions.push(Action::drop(l, rule));
        }
        start = l.next;
    }
}

impl BoilerplateRemover {
    /// Build the output and the change list from the actions (sorted, one per line).
    fn render<'a>(&self, text: &'a str, actions: &[Action], record: Record) -> Fixed<'a> {
        let mut out = String::with_capacity(text.len());
        let mut changes = Vec::new();
        if record == Record::Changes {
            changes.reserve(actions.len());
        }
        let (mut pos, mut lines) = (0, LineCounter::default());
        for a in actions {
            let l = a.line;
            let line_no = lines.line_at(text, l.start);
            out.push_str(&text[pos..l.start]);
            let mut note = |rule: usize, before: &str, after: &str| {
                if record == Record::Changes {
                    changes.push(Change::new(
                        Stage::Boilerplate,
                        self.rule_name(rule),
                        line_no,
                        before,
                        after,
                    ));
                }
            };
            match a.what {
                What::Drop(rule) => {
                    note(rule, &text[l.start..l.end], "");
                    pos = l.next;
                }
                What::Strip { prefix, suffix } => {
                    let from = prefix.map_or(l.start, |p| p.1);
                    let to = suffix.map_or(l.end, |s| s.1);
                    if let Some((rule, cut)) = prefix {
                        note(rule, &text[l.start..cut], &text[cut..l.end]);
                    }
                    if let Some((rule, cut)) = suffix {
                        note(rule, &text[cut..l.end], &text[from..cut]);
                    }
                    out.push_str(&text[from..to]);
                    pos = l.end;
                }
            }
        }
        out.push_str(&text[pos..]);
        Fixed {
            text: Cow::Owned(out),
            changes,
        }
    }
}

/// The non-blank trimmed lines of the repository's texts (seeds, fixtures) and the
/// examples of `specs`, sorted and without repeats: the test lines of the rule machinery.
#[cfg(test)]
pub(crate) fn test_lines(specs: &[RuleSpec]) -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut lines: Vec<String> = Vec::new();
    for dir in ["seeds", "fixtures"] {
        for entry in walkdir::WalkDir::new(root.join(dir)) {
            if let Ok(text) = std::fs::read_to_string(entry.unwrap().path()) {
                lines.extend(text.lines().map(|l| l.trim().to_string()));
            }
        }
    }
    for spec in specs {
        lines.extend(spec.drop.iter().chain(&spec.keep).cloned());
        lines.extend(spec.strip.iter().map(|[input, _]| input.clone()));
    }
    lines.retain(|l| !l.is_empty());
    lines.sort();
    lines.dedup();
    lines
}

#[cfg(test)]
mod narrowed_twin_tests {
    use super::*;

    /// On every line of the repository's texts and the catalogue's examples, each rule's
    /// twin for the line's repertoire, and its full twin, find exactly what its full
    /// `meta::Regex` (what the twins replace) finds: from the start of the line, from the
    /// middle, and from a strip-suffix rule's window.
    #[test]
    fn twins_agree_with_the_full_regex_on_their_lines() {
        let remover = BoilerplateRemover::new(&BoilerplateConfig {
            preset: Preset::Strict,
            ..Default::default()
        })
        .unwrap();
        let specs: Vec<RuleSpec> = remover.rules.iter().map(|r| r.spec.clone()).collect();
        let lines = test_lines(&specs);
        let full: Vec<_> = remover.rules.iter().map(|r| r.full().meta()).collect();
        let (mut narrowed_lines, mut matched) = (0, 0);
        for line in &lines {
            let repertoire = Repertoire::of(line);
            narrowed_lines += usize::from(repertoire != Repertoire::Any);
            let mut mid = line.len() / 2;
            while !line.is_char_boundary(mid) {
                mid -= 1;
            }
            for (rule, full) in remover.rules.iter().zip(&full) {
                let window = match (rule.spec.kind, rule.max_chars) {
                    (RuleKind::StripSuffix, Some(n)) => tail_start(line, n),
                    _ => 0,
                };
                for at in [0, mid, window] {
                    let expected = full
                        .find(regex_automata::Input::new(line).range(at..))
                        .map(|m| m.range());
                    for twin in [rule.twin_in(repertoire), rule.full()] {
                        assert_eq!(
                            twin.find(line, at),
                            expected,
                            "{} ({repertoire:?}, from {at}): {line:?}",
                            rule.spec.name
                        );
                    }
                    matched += expected.is_some() as usize;
                }
            }
        }
        assert!(
            narrowed_lines > 1000 && matched > 300,
            "{narrowed_lines} lines, {matched} matches"
        );
    }
}

#[cfg(test)]
mod gate_tests {
    use super::*;

    fn strict() -> BoilerplateRemover {
        BoilerplateRemover::new(&BoilerplateConfig {
            preset: Preset::Strict,
            ..Default::default()
        })
        .unwrap()
    }

    /// The selector's DFA reports the same literal hits as aho-corasick's default automaton
    /// on every test line.
    #[test]
    fn selector_dfa_agrees_with_the_default_automaton() {
        let remover = strict();
        let specs: Vec<RuleSpec> = remover.rules.iter().map(|r| r.spec.clone()).collect();
        let mut literals: Vec<String> = specs
            .iter()
            .flat_map(|s| s.literals.iter().map(|l| l.to_ascii_lowercase()))
            .collect();
        literals.sort();
        literals.dedup();
        let dfa = selector(&literals).unwrap();
        let default = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(&literals)
            .unwrap();
        let hits = |ac: &AhoCorasick, line: &str| -> Vec<_> {
            let mut hits: Vec<_> = ac
                .find_overlapping_iter(line)
                .map(|m| (m.pattern(), m.range()))
                .collect();
            hits.sort_by_key(|(p, r)| (r.start, r.end, *p));
            hits
        };
        let mut found = 0;
        for line in test_lines(&specs) {
            let expected = hits(&default, &line);
            found += expected.len();
            assert_eq!(hits(&dfa, &line), expected, "{line:?}");
        }
        assert!(found > 1000, "{found} hits");
    }

    /// A Unicode word boundary makes a rule's twin a `meta::Regex` on every line with a
    /// non-ASCII character, whose backtracker costs hundreds of instructions a byte: the
    /// catalogue uses ASCII ones (see the header of `rules/default.toml`).
    #[test]
    fn catalogue_rules_have_no_unicode_word_boundary() {
        for (_, spec) in builtin_rules() {
            let hir = parse(&spec).unwrap();
            assert!(
                !hir.properties().look_set().contains_word_unicode(),
                "{}: use (?-u:\\b)",
                spec.name
            );
        }
    }

    #[test]
    fn every_catalogue_regex_compiles_on_first_use() {
        let remover = strict();
        for rule in &remover.rules {
            assert!(
                rule.twins.iter().all(|r| r.get().is_none()),
                "{} compiled eagerly",
                rule.spec.name
            );
            for repertoire in [Repertoire::Any, Repertoire::Ascii, Repertoire::Latin] {
                let twin = rule.twin_in(repertoire);
                let _ = twin.is_match("x");
                twin.build_fallback()
                    .unwrap_or_else(|e| panic!("{}: {e}", rule.spec.name));
            }
        }
    }

    #[test]
    fn rules_without_literals_and_c4_rules_take_lines_of_any_length() {
        let long = format!(
            "The site uses cookies {}and more.",
            "and many more words ".repeat(80)
        );
        let text = format!("{long}\n{}\n", "no terminal punctuation ".repeat(80));
        assert_eq!(strict().remove(&text).text, "");
    }

    #[test]
    fn pattern_bounds() {
        assert_eq!(pattern_max_chars("abc"), Some(3));
        assert_eq!(pattern_max_chars("a{0,5}|bcdefgh"), Some(7));
        assert_eq!(pattern_max_chars(r"\bé[^x]{1,3}\b"), Some(4));
        assert_eq!(pattern_max_chars("a+"), None);
        assert_eq!(pattern_max_chars("(?:){3,}x"), Some(1));
    }

    #[test]
    fn char_windows() {
        assert!(!longer_than("héllo", 5));
        assert!(longer_than("héllo!", 5));
        assert_eq!(head_bytes("héllo", 2), 3);
        assert_eq!(tail_start("héllo", 4), 1);
        assert_eq!(tail_start("héllo", 9), 0);
        assert_eq!(tail_start("héllo", 0), 6);
    }

    /// Would the gates let rule `i` run on `line` (a whole text of one line)?
    fn passes(remover: &BoilerplateRemover, i: usize, line: &str) -> bool {
        let l = Line::at(line, 0);
        let content = l.trimmed(line);
        remover.select(line, &l, content).contains(i) && remover.shape_ok(i, content)
    }

    #[test]
    fn gates_pass_every_removing_example() {
        let remover = strict();
        let mut checked = 0;
        for (i, rule) in remover.rules.iter().enumerate() {
            let examples = rule
                .spec
                .drop
                .iter()
                .chain(rule.spec.strip.iter().map(|p| &p[0]));
            for line in examples {
                assert!(
                    passes(&remover, i, line),
                    "{}: gated out {line:?}",
                    rule.spec.name
                );
                // A gate that is not the pattern's own bound leaves a margin: twice as
                // long an example still passes.
                let bounded = pattern_max_chars(&rule.spec.pattern).is_some();
                if let (Some(n), false) = (rule.max_chars, bounded) {
                    assert!(
                        2 * line.chars().count() <= n,
                        "{}: max_chars {n} is less than twice {line:?}",
                        rule.spec.name
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > 150, "{checked}");
    }

    /// Letter case beyond ASCII does not keep a rule from a line its pattern matches: each
    /// removing example in capitals (Turkish capitals as Turkish writes them) passes the
    /// gates whenever the rule's pattern matches it.
    #[test]
    fn gates_pass_removing_examples_in_capitals() {
        let remover = strict();
        let turkish_upper = |s: &str| -> String {
            s.chars()
                .map(|c| match c {
                    'i' => 'İ',
                    'ı' => 'I',
                    c => c,
                })
                .collect::<String>()
                .to_uppercase()
        };
        let (mut checked, mut beyond_ascii) = (0, 0);
        for (i, rule) in remover.rules.iter().enumerate() {
            let full = rule.full();
            for line in &rule.spec.drop {
                let mut capitals = vec![line.to_uppercase()];
                if line.contains(['ı', 'ş', 'ğ']) {
                    capitals.push(turkish_upper(line));
                }
                for upper in capitals.iter().filter(|u| full.is_match(u)) {
                    assert!(
                        passes(&remover, i, upper),
                        "{}: gated out {upper:?}",
                        rule.spec.name
                    );
                    checked += 1;
                    beyond_ascii += usize::from(!upper.is_ascii());
                }
            }
        }
        assert!(
            checked > 100 && beyond_ascii > 50,
            "{checked} {beyond_ascii}"
        );
    }

    #[test]
    fn literals_count_only_at_word_starts_and_strip_literals_only_near_the_ends() {
        let remover = strict();
        let index = |name: &str| {
            remover
                .rules
                .iter()
                .position(|r| r.spec.name == name)
                .unwrap()
        };
        let tag = index("agency-tag-line");
        assert!(passes(&remover, tag, "-- IANS"));
        assert!(!passes(&remover, tag, "Ukrainians"));
        let trailer = index("agency-tag-trailer");
        let sentence = "The meeting will be held in Delhi next week, officials said. ";
        assert!(passes(&remover, trailer, &format!("{sentence}(ANI)")));
        let far = format!("(ANI) {}", sentence.repeat(5));
        assert!(!passes(&remover, trailer, &far));
        let dateline = index("wire-dateline");
        assert!(passes(
            &remover,
            dateline,
            &format!("WASHINGTON (Reuters) - {sentence}")
        ));
        let late = format!("{}(Reuters)", sentence.repeat(5));
        assert!(!passes(&remover, dateline, &late));
        let credit = index("credit-line");
        assert!(passes(&remover, credit, "Source: Reuters"));
        assert!(!passes(
            &remover,
            credit,
            &format!("Source: {}", "word ".repeat(100))
        ));
    }
}
