//! Structural rules: runs of short non-sentence lines at the head or tail of a text.
//!
//! Menus (`Home`, `News`, `World`), share-button runs (`Facebook`, `Twitter`, `Email`),
//! topic tags and lists of related headlines are lines that are neither sentences nor
//! paragraphs. Three or more of them in a row at the very start (`head-run`) or the very
//! end (`tail-run`) of a text are removed. A single short line followed by a paragraph is
//! a title or subheading and stays; so does the last line of a head run when it has
//! [`HEAD_MAX_WORDS`] words, or shares a word with the paragraph after it (a short title:
//! `Pembaca Cerewet` over "Kehadiran pembaca cerewet ..."). A tail run that a line ending in `:`
//! introduces ("Scorers:", "The poem ends with these lines:") is the article's own list
//! and stays; so does a run whose lines mostly start with a lowercase word (a poem quoted
//! at the top of a post). A run needs running text beside it (a paragraph below a head run,
//! above a tail run): a text of short lines only is a list or a poem. In a text whose
//! blocks are parted by blank lines, a tail run does not take the last lines of the block
//! it starts in (a stanza's closing lines). Lines already removed by a catalogue rule are
//! transparent: they neither extend nor break a run. Blank lines are skipped.
//!
//! ```
//! use newsclean::boilerplate::BoilerplateRemover;
//! use newsclean::config::BoilerplateConfig;
//! let remover = BoilerplateRemover::new(&BoilerplateConfig::default()).unwrap();
//! let text = "Home\nNews\nWorld\nTrump approves a 28-point plan\nThe plan was approved on Thursday.\nUkraine\nRussia\nDonald Trump\n";
//! let fixed = remover.remove(text);
//! assert_eq!(fixed.text, "Trump approves a 28-point plan\nThe plan was approved on Thursday.\n");
//! assert_eq!(fixed.changes[0].rule, "head-run");
//! assert_eq!(fixed.changes[3].rule, "tail-run");
//! assert_eq!(fixed.changes[5].before, "Donald Trump");
//!
//! // A subheading between paragraphs is not a run.
//! let text = "First paragraph here.\nThe talks\nSecond paragraph here.\n";
//! assert!(remover.remove(text).changes.is_empty());
//! ```

use super::{action_drops, Action, Edges, Line};

/// Name of the head rule.
pub const HEAD_RUN: &str = "head-run";
/// Name of the tail rule.
pub const TAIL_RUN: &str = "tail-run";
/// Names of the structural rules.
pub const NAMES: [&str; 2] = [HEAD_RUN, TAIL_RUN];
/// Names and explanations of the structural rules.
pub const WHY: [(&str, &str); 2] = [
    (
        HEAD_RUN,
        "3+ short non-sentence lines at the start: menus, breadcrumbs, share buttons",
    ),
    (
        TAIL_RUN,
        "3+ short non-sentence lines at the end: tags, share buttons, related headlines",
    ),
];
/// A head-run line has at most this many words.
pub const HEAD_MAX_WORDS: usize = 3;
/// A head-run line has at most this many bytes.
pub const HEAD_MAX_BYTES: usize = 30;
/// A tail-run line has at most this many words.
pub const TAIL_MAX_WORDS: usize = 12;
/// A tail-run line has at most this many bytes.
pub const TAIL_MAX_BYTES: usize = 100;
/// A run needs at least this many lines.
pub const MIN_RUN: usize = 3;

/// Rule indices of the structural rules in an [`Action`].
pub(crate) const HEAD_INDEX: usize = usize::MAX;
pub(crate) const TAIL_INDEX: usize = usize::MAX - 1;

/// Which structural rules are on.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Structural {
    pub head: bool,
    pub tail: bool,
}

/// Could this (trimmed) line be part of a head or a tail run?
pub(crate) fn may_run(line: &str) -> bool {
    short_non_sentence(line, HEAD_MAX_WORDS, HEAD_MAX_BYTES)
        || short_non_sentence(line, TAIL_MAX_WORDS, TAIL_MAX_BYTES)
}

/// What a sentence (or a quotation closing one) ends with, in the scripts news is written
/// in: ASCII and general punctuation; the full stops and question marks of CJK (`。！？`
/// and their half- and full-width forms), Devanagari and Bengali (`।`), Arabic and Urdu
/// (`؟ ۔`), Armenian, Ethiopic, Myanmar, Khmer and Tibetan (Unicode's Sentence_Terminal
/// characters of those scripts); and the closing quotation marks of CJK and guillemets.
/// A line without spaces between its words ("政府は火曜日、新しい経済対策を発表した。")
/// counts as one word, so only its end tells it from a menu item.
const SENTENCE_END: &str = ".!?\"':;,”’…‼‽。．！？｡।॥؟۔։።፧၊။។៕།」』«»";

/// A line that cannot be a sentence: short, not ending in sentence punctuation
/// ([`SENTENCE_END`]), not a list item (bullet or leading digit: timelines and fact boxes
/// are article content), not a row of data ([`data_row`]).
fn short_non_sentence(line: &str, max_words: usize, max_bytes: usize) -> bool {
    let (Some(first), Some(last)) = (line.chars().next(), line.chars().next_back()) else {
        return false;
    };
    // The ends first: most lines the tail rule looks at end like a sentence, and counting
    // words reads the whole line.
    line.len() <= max_bytes
        && !SENTENCE_END.contains(last)
        && !"-*•–—·".contains(first)
        && !first.is_ascii_digit()
        && line.split_whitespace().nth(max_words).is_none()
        && !data_row(line)
}

/// A row of a table or a fact box: two or more numbers (`Watford 2 1 0 1 3 4 3`, a
/// signature's `Bogor, 14 September 2018`), or one with a decimal or thousands separator
/// (`始値 55470.88`, `Turnout 1,204`). Menus, tags and share buttons hold at most a count
/// (`Comments 12`) or a year (`Election 2024`).
fn data_row(line: &str) -> bool {
    let mut numbers = 0;
    for word in line.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() || !word.chars().all(|c| c.is_numeric() || ".,:'".contains(c)) {
            continue;
        }
        let b = word.as_bytes();
        let separated = b.windows(3).any(|w| {
            w[0].is_ascii_digit() && (w[1] == b'.' || w[1] == b',') && w[2].is_ascii_digit()
        });
        numbers += 1;
        if separated || numbers >= 2 {
            return true;
        }
    }
    false
}

/// A line of running text: longer than a tail-run line may be, or ending like a sentence
/// (not with a colon or a comma, as a label or a list's lead does).
fn paragraph(line: &str) -> bool {
    line.len() > TAIL_MAX_BYTES
        || line.split_whitespace().nth(TAIL_MAX_WORDS).is_some()
        || line
            .chars()
            .next_back()
            .is_some_and(|c| SENTENCE_END.contains(c) && !":;,".contains(c))
}

/// Is `line` a [`paragraph`] that stays (`existing`: what the catalogue's rules do to it)?
fn running_text(text: &str, line: &Line, existing: &impl Fn(&Line) -> Option<bool>) -> bool {
    existing(line) != Some(true) && paragraph(line.trimmed(text))
}

/// Are at least half of a run's lines verse rather than menu entries: lines whose first
/// word has no capital ("so much depends / upon / a red wheel", the wrapped end of a
/// paragraph)? Menus, tags and buttons are capitalised (`iPhone` counts as such), and a
/// language menu's odd lowercase entry (`español`) does not make it verse.
fn verse(text: &str, run: &[Line]) -> bool {
    let lowercase = run
        .iter()
        .filter(|l| {
            let s = l.trimmed(text);
            s.chars().next().is_some_and(char::is_lowercase)
                && !s
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| w.chars().any(char::is_uppercase))
        })
        .count();
    2 * lowercase >= run.len()
}

impl Structural {
    /// Add drop actions for head and tail runs. `actions` holds the catalogue's actions,
    /// sorted by line start; lines they drop are transparent, lines they strip end a run.
    pub(crate) fn apply(&self, text: &str, edges: Edges, actions: &mut Vec<Action>) {
        let (head, tail) = (self.head && edges.start, self.tail && edges.end);
        if !head && !tail {
            return;
        }
        let existing = |l: &Line| action_drops(actions, l.start);
        let mut found: Vec<Action> = Vec::new();
        if head {
            let mut run: Vec<Line> = Vec::new();
            let mut stop = None;
            let mut start = 0;
            while start < text.len() {
                let l = Line::at(text, start);
                start = l.next;
                let s = l.trimmed(text);
                if s.is_empty() || existing(&l) == Some(true) {
                    continue;
                }
                if existing(&l).is_none() && short_non_sentence(s, HEAD_MAX_WORDS, HEAD_MAX_BYTES) {
                    run.push(l);
                } else {
                    stop = Some(l);
                    break;
                }
            }
            if let Some(paragraph) = stop.filter(|_| run.len() >= MIN_RUN) {
                let last = run[run.len() - 1].trimmed(text);
                if last.split_whitespace().count() == HEAD_MAX_WORDS
                    || super::shares_a_word(last, paragraph.trimmed(text))
                {
                    run.pop();
                }
            }
            // As at the tail: a run needs running text, here below it.
            if stop.is_some()
                && run.len() >= MIN_RUN
                && !verse(text, &run)
                && run.last().is_some_and(|last| {
                    super::lines_after(text, last).any(|l| running_text(text, &l, &existing))
                })
            {
                found.extend(run.into_iter().map(|l| Action::drop(l, HEAD_INDEX)));
            }
        }
        if tail {
            let mut run: Vec<Line> = Vec::new();
            let mut stop = None;
            let mut introduced = false;
            let mut end = text.len();
            while let Some(l) = line_before(text, end) {
                end = l.start;
                let s = l.trimmed(text);
                if s.is_empty() || existing(&l) == Some(true) {
                    continue;
                }
                if existing(&l).is_none()
                    && short_non_sentence(s, TAIL_MAX_WORDS, TAIL_MAX_BYTES)
                    && !found.iter().any(|a| a.line.start == l.start)
                {
                    run.push(l);
                } else {
                    stop = Some(l);
                    introduced = s.ends_with(':');
                    break;
                }
            }
            let top = run.last().copied();
            if let Some(stop) = stop.filter(|&l| top.is_some_and(|top| glued_block(text, l, top))) {
                // The run's lines in the same block as the line that ends it go on that
                // block (a stanza's last lines), not after it.
                let mut above = stop;
                while let Some(next) = run.last().copied().filter(|l| l.start == above.next) {
                    above = next;
                    run.pop();
                }
            }
            // A text of short lines only (a table of contents under its title, a list of
            // languages) is a list, not an article with a footer: the run needs a
            // paragraph above it.
            if stop.is_some()
                && !introduced
                && run.len() >= MIN_RUN
                && !verse(text, &run)
                && run.last().is_some_and(|top| {
                    super::lines_before(text, top).any(|l| running_text(text, &l, &existing))
                })
            {
                found.extend(run.into_iter().map(|l| Action::drop(l, TAIL_INDEX)));
            }
        }
        if !found.is_empty() {
            actions.extend(found);
            actions.sort_by_key(|a| a.line.start);
        }
    }
}

/// Does the run that starts at `top` begin inside the block of `stop`, the line that ends
/// it, in a text whose blocks are parted by blank lines? Both start with a letter (not a
/// list's bullets or numbers), no blank line parts them, and one parts the run's own lines
/// further down (where every line is a paragraph of its own and no blank line parts them,
/// a run never does). A stanza's closing lines; the lines it reads are the run's own and
/// the line that ends it, never one above that line, which may be a section's barrier.
fn glued_block(text: &str, stop: Line, top: Line) -> bool {
    let starts_with_a_letter = |l: &Line| {
        l.trimmed(text)
            .chars()
            .next()
            .is_some_and(char::is_alphabetic)
    };
    top.start == stop.next
        && starts_with_a_letter(&stop)
        && starts_with_a_letter(&top)
        && memchr::memmem::find(&text.as_bytes()[top.start..], b"\n\n").is_some()
}

/// The line that ends just before `end` (the start of a line, or the text's length).
pub(crate) fn line_before(text: &str, end: usize) -> Option<Line> {
    if end == 0 {
        return None;
    }
    let bytes = text.as_bytes();
    // `end` is the start of the following line, so bytes[end - 1] is this line's `\n`
    // (unless `end` is the text's length and the text lacks a final newline).
    let content_end = if bytes[end - 1] == b'\n' {
        end - 1
    } else {
        end
    };
    let start = memchr::memrchr(b'\n', &bytes[..content_end]).map_or(0, |i| i + 1);
    Some(Line::at(text, start))
}

/// Is the line starting at `line_start` among the first `n` non-blank lines?
pub(crate) fn within_first(text: &str, line_start: usize, n: usize) -> bool {
    within_first_kept(text, line_start, n, |_| false)
}

/// [`within_first`], where a line for whose start `dropped` says yes does not count.
pub(crate) fn within_first_kept(
    text: &str,
    line_start: usize,
    n: usize,
    dropped: impl Fn(usize) -> bool,
) -> bool {
    let mut seen = 0;
    let mut start = 0;
    while start < line_start {
        let l = Line::at(text, start);
        if !l.trimmed(text).is_empty() && !dropped(l.start) {
            seen += 1;
            if seen >= n {
                return false;
            }
        }
        start = l.next;
    }
    true
}

/// Is the line ending at `line_next` among the last `n` non-blank lines?
pub(crate) fn within_last(text: &str, line_next: usize, n: usize) -> bool {
    let mut seen = 0;
    let mut end = text.len();
    while end > line_next {
        let Some(l) = line_before(text, end) else {
            break;
        };
        if !l.trimmed(text).is_empty() {
            seen += 1;
            if seen >= n {
                return false;
            }
        }
        end = l.start;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`short_non_sentence`] as first written: the words counted before the ends.
    fn short_non_sentence_reference(line: &str, max_words: usize, max_bytes: usize) -> bool {
        if line.len() > max_bytes || line.split_whitespace().count() > max_words {
            return false;
        }
        let first = line.chars().next();
        let last = line.chars().next_back();
        match (first, last) {
            (Some(f), Some(l)) => {
                !SENTENCE_END.contains(l)
                    && !"-*•–—·".contains(f)
                    && !f.is_ascii_digit()
                    && !data_row(line)
            }
            _ => false,
        }
    }

    proptest::proptest! {
        #[test]
        fn short_non_sentence_agrees_with_its_reference(
            line in "[ a-zA-Z0-9.!?\"':;,”’…*•–—·-]{0,40}",
            max_words in 0usize..6,
            max_bytes in 0usize..45,
        ) {
            proptest::prop_assert_eq!(
                short_non_sentence(&line, max_words, max_bytes),
                short_non_sentence_reference(&line, max_words, max_bytes),
                "{:?}", line
            );
        }
    }

    /// Each row: a line, and whether it is a short non-sentence within these limits.
    fn check_rows(rows: &[(&str, bool)], max_words: usize, max_bytes: usize) {
        for (line, want) in rows {
            assert_eq!(
                short_non_sentence(line, max_words, max_bytes),
                *want,
                "{line}"
            );
        }
    }

    #[test]
    fn short_non_sentence_rows() {
        let rows: &[(&str, bool)] = &[
            ("Home", true),
            ("World News", true),
            ("He declined.", false),
            ("1991 Independence", false),
            ("- a bullet", false),
            ("Four words are here", false),
            ("\"Quoted\"", false),
            ("政府は火曜日、新しい経済対策を発表した。", false),
            ("政府发布了新的计划！", false),
            ("सरकार ने बजट पेश किया।", false),
            ("هل ستنجح الخطة؟", false),
            ("Կառավարությունը հայտարարեց։", false),
            ("«Мы готовы»", false),
            ("「準備はできている」", false),
            ("写真：共同通信", true),
            ("Фото: ТАСС", true),
            ("始値 55470.88", false),
            ("Turnout 1,204", false),
            ("Arsenal 2 0 0", false),
            ("Comments 12", true),
            ("Election 2024", true),
        ];
        check_rows(rows, HEAD_MAX_WORDS, HEAD_MAX_BYTES);
    }

    /// Short sentences in scripts without spaces between words are one "word" long and
    /// within the tail limits: their punctuation alone keeps them out of a run.
    #[test]
    fn sentences_in_other_scripts_are_not_tail_run_lines() {
        let rows: &[(&str, bool)] = &[
            ("政府は火曜日、新しい経済対策を発表した。", false),
            ("政府は火曜日、新しい経済対策を発表した", true),
            ("北京市发布暴雨红色预警？", false),
            ("ঢাকায় ভারী বৃষ্টি হয়েছে।", false),
            ("لماذا ارتفعت الأسعار؟", false),
            ("እንኳን ደህና መጡ።", false),
            ("関連記事", true),
        ];
        check_rows(rows, TAIL_MAX_WORDS, TAIL_MAX_BYTES);
        let remover =
            super::super::BoilerplateRemover::new(&crate::config::BoilerplateConfig::default())
                .unwrap();
        let text = "政府は火曜日、物価高に対応するための新しい経済対策を閣議決定し、来月から実施すると発表した。\n経済\n政治\n国際\n首相は火曜日に会見した。\n";
        let fixed = remover.remove(text);
        assert_eq!(fixed.text, text, "{:?}", fixed.changes);
    }

    #[test]
    fn line_before_walks_back() {
        let text = "a\nbb\nccc";
        let l = line_before(text, text.len()).unwrap();
        assert_eq!(&text[l.start..l.end], "ccc");
        let l = line_before(text, l.start).unwrap();
        assert_eq!(&text[l.start..l.end], "bb");
        let l = line_before(text, l.start).unwrap();
        assert_eq!(&text[l.start..l.end], "a");
        assert!(line_before(text, l.start).is_none());
        let text = "a\r\nb\n";
        let l = line_before(text, text.len()).unwrap();
        assert_eq!(&text[l.start..l.end], "b");
        let l = line_before(text, l.start).unwrap();
        assert_eq!(&text[l.start..l.end], "a");
    }

    #[test]
    fn positions() {
        let text = "one\n\ntwo\nthree\nfour\n";
        assert!(within_first(text, 0, 2));
        assert!(within_first(text, 5, 2)); // "two" is the 2nd non-blank line
        assert!(!within_first(text, 9, 2)); // "three" is the 3rd
        assert!(within_last(text, text.len(), 1)); // "four"
        assert!(within_last(text, 15, 2)); // "three" ends at 15
        assert!(!within_last(text, 9, 2)); // "two"
    }
}
