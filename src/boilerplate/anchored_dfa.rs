//! A lazy DFA that reads a line from one anchored end, with a cache per thread: the line
//! gate's automata and the rules' twins are made of these.
//!
//! Built straight from the patterns' `Hir` with the one NFA its direction needs (the regex
//! crate's `meta::Regex` compiles a forward and a reverse NFA, and more engines, for every
//! pattern; an anchored search needs neither the second NFA nor the other engines).

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::{Pool, PoolGuard};
use regex_automata::{Anchored, HalfMatch, Input, MatchError, MatchKind};
use regex_syntax::hir::Hir;

/// Makes a lazy DFA cache for a thread.
pub(crate) type NewCache =
    Box<dyn Fn() -> Cache + Send + Sync + std::panic::RefUnwindSafe + std::panic::UnwindSafe>;

/// A taken cache; give it back by dropping it.
pub(crate) type CacheGuard<'a> = PoolGuard<'a, Cache, NewCache>;

/// How to build an [`AnchoredDfa`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Options {
    /// Read from the end of the line backwards.
    pub reverse: bool,
    /// Which match a search reports (its end forwards, its start backwards).
    pub kind: MatchKind,
    /// The compiled NFA may be this large.
    pub nfa_size_limit: usize,
    /// The lazy DFA's cache may grow this large (it grows only as states are built).
    pub cache_capacity: usize,
}

/// A lazy DFA run anchored from one end of a line, with a cache per thread.
pub(crate) struct AnchoredDfa {
    dfa: DFA,
    caches: Pool<Cache, NewCache>,
    reverse: bool,
}

impl std::fmt::Debug for AnchoredDfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnchoredDfa")
            .field("reverse", &self.reverse)
            .finish_non_exhaustive()
    }
}

impl AnchoredDfa {
    /// The lazy DFA of `hirs` (one pattern each). Unicode word boundaries are accepted: the
    /// search then gives up on a non-ASCII byte (see [`AnchoredDfa::search`]).
    pub fn new(hirs: &[Hir], options: Options) -> Result<AnchoredDfa, String> {
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .which_captures(WhichCaptures::None)
                    .nfa_size_limit(Some(options.nfa_size_limit))
                    .reverse(options.reverse),
            )
            .build_many_from_hir(hirs)
            .map_err(|e| e.to_string())?;
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(options.kind)
                    .unicode_word_boundary(true)
                    .cache_capacity(options.cache_capacity),
            )
            .build_from_nfa(nfa)
            .map_err(|e| e.to_string())?;
        let for_caches = dfa.clone();
        let caches = Pool::new(Box::new(move || for_caches.create_cache()) as NewCache);
        Ok(AnchoredDfa {
            dfa,
            caches,
            reverse: options.reverse,
        })
    }

    /// A cache for this thread, to pass to [`AnchoredDfa::search`].
    pub fn cache(&self) -> CacheGuard<'_> {
        self.caches.get()
    }

    /// Search `input` anchored at its start (forwards) or its end (backwards): the end
    /// (forwards) or start (backwards) of the match the [`MatchKind`] picks. An error when
    /// the lazy DFA gives up: on a non-ASCII byte when the pattern has a Unicode word
    /// boundary (its cache never makes it give up: no minimum clear count is set).
    #[inline]
    pub fn search(
        &self,
        cache: &mut Cache,
        input: Input<'_>,
    ) -> Result<Option<HalfMatch>, MatchError> {
        let input = input.anchored(Anchored::Yes);
        if self.reverse {
            self.dfa.try_search_rev(cache, &input)
        } else {
            self.dfa.try_search_fwd(cache, &input)
        }
    }
}

#[cfg(test)]
impl AnchoredDfa {
    /// How many bytes of `line` the automaton reads before it is dead or has matched (from
    /// the anchored end): what a prose line costs the line gate.
    pub(crate) fn bytes_read(&self, line: &str) -> usize {
        let mut cache = self.cache();
        let input = Input::new(line).anchored(Anchored::Yes);
        let bytes = line.as_bytes();
        let (mut state, order): (_, Box<dyn Iterator<Item = &u8>>) = if self.reverse {
            let start = self.dfa.start_state_reverse(&mut cache, &input);
            (start.map_err(drop), Box::new(bytes.iter().rev()))
        } else {
            let start = self.dfa.start_state_forward(&mut cache, &input);
            (start.map_err(drop), Box::new(bytes.iter()))
        };
        for (read, &byte) in order.enumerate() {
            let Ok(current) = state else { return read };
            if current.is_dead() || current.is_quit() || current.is_match() {
                return read;
            }
            state = self.dfa.next_state(&mut cache, current, byte).map_err(drop);
        }
        bytes.len()
    }
}
