//! Stage 3: normalize characters and line layout.
//!
//! One named [`Step`] per switch of [`NormalizeConfig`]; every change is recorded (unless
//! [`normalize_with`] is told nobody reads the record) as a [`Change`] whose `rule` is the
//! step's name and whose `line` is the 1-based line in the text as it entered the stage.
//!
//! Each input line goes through the character steps, in this order:
//! `controls`, `invisibles`, `spaces`, `curly-quotes`, `ligatures`, `line-breaks` (one
//! table in `chars.rs`), then `html-entities` (decoded characters pass through the same
//! table), then `nfc`/`nfkc` (only the stretches that fail the quick check). These repeat
//! while normalization changed something, so the result is stable. Then each resulting
//! line gets `trim-lines` and `collapse-spaces`, and the blank-line steps
//! `leading-blank-lines`, `collapse-blank-lines` and `final-newline` shape the whole.
//!
//! Decisions, and why:
//!
//! - Primes `′ ″`, guillemets `« » ‹ ›`, `ʼ` U+02BC, full-width `＂` and CJK brackets
//!   `「」` are not curly quotes and are kept; so are em/en dashes and `…`.
//! - Bidi controls (LRM, RLM, embeddings, isolates, ALM) are kept: they carry the reading
//!   order of mixed right-to-left text. ZWJ, ZWNJ, variation selectors and emoji tag
//!   characters are kept: emoji, Persian and Indic scripts need them.
//! - VT and FF are line breaks (Word writes VT for a manual break), not controls to drop.
//! - Entities need their `;` (`&copy 2024`, `&notation`, `AT&T` stay); invalid code points
//!   stay as written; lines with `<` are decoded too (unlike ftfy, which skips them to
//!   protect HTML: this stage's input is extracted text, not markup).
//! - Only `ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ` are ligatures here; `Ĳ`, `ǆ` and the like are letters.
//! - A whitespace-only line counts as blank once `trim-lines` has emptied it.
//!
//! Clean text costs one scan (`scan.rs`: 16 bytes at a time, characters looked at only
//! in blocks with non-ASCII or layout bytes): stretches of whole lines that no step can
//! change are not copied, and a clean text comes back `Cow::Borrowed`. Other lines go
//! through the steps one by one; when something changes, the output is built in one
//! `String` (clean stretches are copied verbatim) and per-line work reuses scratch
//! buffers.
//!
//! ```
//! use newsclean::config::NormalizeConfig;
//! use newsclean::normalize::normalize;
//! let fixed = normalize("plain text\n", &NormalizeConfig::default());
//! assert_eq!(fixed.text, "plain text\n");
//! assert!(fixed.changes.is_empty());
//!
//! let fixed = normalize(
//!     "\r\n\u{201c}Peace,\u{201d}\u{a0}he said &amp; left.  \r\n\r\n\r\n",
//!     &NormalizeConfig::default(),
//! );
//! assert_eq!(fixed.text, "\"Peace,\" he said & left.\n");
//! ```

mod chars;
mod entities;
mod form;
mod layout;
mod scan;

use crate::change::{Change, Fixed, Record, Stage};
use crate::config::{NormalForm, NormalizeConfig, QuoteStyle};
use std::borrow::Cow;

/// How many times the character steps may repeat on one line (normalization can expose
/// an entity, `&amp\u{37e}` -> `&amp;`); real text needs one round, rarely two.
const MAX_ROUNDS: usize = 4;

/// The steps of the normalize stage, in the order they run. `name()` is the `rule` of
/// their [`Change`]s and the key of their switch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    /// Remove C0 and C1 control characters except tab, newline and the line breaks
    /// (CR, VT, FF, NEL), which the `line-breaks` step owns. A terminal colour code
    /// (`ESC[31m`) goes as a whole, as in ftfy.
    ///
    /// ```
    /// # use newsclean::normalize::{normalize, Step};
    /// let out = normalize("bell\u{7}\u{1b} and C1\u{9d} \u{1b}[1;31mred\u{1b}[0m\n", &Step::Controls.only());
    /// assert_eq!(out.text, "bell and C1 red\n");
    /// ```
    Controls,
    /// Remove invisible characters: zero-width space, word joiner, soft hyphen, a BOM
    /// anywhere, invisible math operators U+2061-2064, deprecated format characters
    /// U+206A-206F, interlinear annotation U+FFF9-FFFB. ZWJ, ZWNJ, variation selectors
    /// and bidi controls are kept (they change how text reads or renders).
    ///
    /// ```
    /// # use newsclean::normalize::{normalize, Step};
    /// let out = normalize("\u{feff}zero\u{200b}width co\u{ad}op 👩\u{200d}💻\n", &Step::Invisibles.only());
    /// assert_eq!(out.text, "zerowidth coop 👩\u{200d}💻\n");
    /// ```
    Invisibles,
    /// NBSP, narrow NBSP, figure, thin, hair, em, en and other spaces U+2000-200A,
    /// medium mathematical space and ideographic space to a plain space.
    ///
    /// ```
    /// # use newsclean::normalize::{normalize, Step};
    /// let out = normalize("10\u{a0}km\u{202f}\u{2014}\u{3000}fin\n", &Step::Spaces.only());
    /// assert_eq!(out.text, "10 km \u{2014} fin\n");
    /// ```
    Spaces,
    /// `“ ” „ ‟` to `"` and `‘ ’ ‚ ‛` to `'`. Guillemets `« » ‹ ›`, primes `′ ″`
    /// (minutes, inches: not quotes), `ʼ` and CJK brackets `「」` are kept.
    ///
    /// ```
    /// # use newsclean::normalize::{normalize, Step};
    /// let out = normalize("\u{201c}It\u{2019}s 5\u{2032}11\u{2033},\u{201d} \u{ab}oui\u{bb}\n", &Step::CurlyQuotes.only());
    /// assert_eq!(out.text, "\"It's 5\u{2032}11\u{2033},\" \u{ab}oui\u{bb}\n");
    /// ```
    CurlyQuotes,
    /// Latin typographic ligatures `ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ` to `ff fi fl ffi ffl st st`, under NFC
    /// too (NFC keeps them).
    ///
    /// ```
    /// # use newsclean::normalize::{normalize, Step};
    /// let out = normalize("\u{fb01}nal o\u{fb03}ce\n", &Step::Ligatures.only());
    /// assert_eq!(out.text, "final office\n");
    /// ```
    Ligatures,
    /// CRLF, lone CR, NEL U+0085, line and paragraph separators U+2028/2029, and VT/FF
    /// (Word's manual line break; removing them would glue words) to `\n`.
    ///
    /// ```
    /// # use newsclean::normalize::{normalize, Step};
    /// let out = normalize("a\r\nb\rc\u{2028}d\n", &Step::LineBreaks.only());
    /// assert_eq!(out.text, "a\nb\nc\nd\n");
    /// ```
    LineBreaks,
    /// Decode HTML character references: the HTML5 named set, `&#8217;`, `&#x2019;`,
    /// double-escaped `&amp;#8217;`; a `;` is required, so `AT&T` and `&copy` stay.
    /// Invalid code points (`&#0;`, surrogates) are left as written. Decoded characters
    /// go through the character steps (`&rsquo;` becomes `'` under the defaults).
    ///
    /// ```
    /// # use newsclean::normalize::{normalize, Step};
    /// let out = normalize("AT&T &amp; R&amp;D caf&eacute; &#x41;&#66;\n", &Step::HtmlEntities.only());
    /// assert_eq!(out.text, "AT&T & R&D café AB\n");
    /// ```
    HtmlEntities,
    /// Unicode NFC (canonical composition), only where the quick check fails.
    ///
    /// ```
    /// # use newsclean::normalize::{normalize, Step};
    /// let out = normalize("cafe\u{301}\n", &Step::Nfc.only());
    /// assert_eq!(out.text, "caf\u{e9}\n");
    /// ```
    Nfc,
    /// Unicode NFKC: NFC plus compatibility folding (full-width forms, ligatures,
    /// superscripts). Selected with `form = "nfkc"`.
    ///
    /// ```
    /// # use newsclean::normalize::{normalize, Step};
    /// let out = normalize("\u{ff21}\u{ff22}\u{ff23} x\u{b2}\n", &Step::Nfkc.only());
    /// assert_eq!(out.text, "ABC x2\n");
    /// ```
    Nfkc,
    /// Remove spaces and tabs at the start and end of each line.
    ///
    /// ```
    /// # use newsclean::normalize::{normalize, Step};
    /// let out = normalize("  indented\t\nend  \n", &Step::TrimLines.only());
    /// assert_eq!(out.text, "indented\nend\n");
    /// ```
    TrimLines,
    /// Runs of spaces and tabs, and single tabs, to one space.
    ///
    /// ```
    /// # use newsclean::normalize::{normalize, Step};
    /// let out = normalize("a  b\tc \t d\n", &Step::CollapseSpaces.only());
    /// assert_eq!(out.text, "a b c d\n");
    /// ```
    CollapseSpaces,
    /// Remove blank lines before the first line of text.
    ///
    /// ```
    /// # use newsclean::normalize::{normalize, Step};
    /// let out = normalize("\n\nTitle\n", &Step::LeadingBlankLines.only());
    /// assert_eq!(out.text, "Title\n");
    /// ```
    LeadingBlankLines,
    /// At most one blank line in a row (three or more newlines become two).
    ///
    /// ```
    /// # use newsclean::normalize::{normalize, Step};
    /// let out = normalize("one\n\n\n\ntwo\n", &Step::CollapseBlankLines.only());
    /// assert_eq!(out.text, "one\n\ntwo\n");
    /// ```
    CollapseBlankLines,
    /// Exactly one newline at the end: trailing blank lines go, a missing newline is
    /// added; text with no characters but line breaks becomes empty.
    ///
    /// ```
    /// # use newsclean::normalize::{normalize, Step};
    /// assert_eq!(normalize("end\n\n\n", &Step::FinalNewline.only()).text, "end\n");
    /// assert_eq!(normalize("end", &Step::FinalNewline.only()).text, "end\n");
    /// assert_eq!(normalize("\n\n", &Step::FinalNewline.only()).text, "");
    /// ```
    FinalNewline,
}

impl Step {
    /// Every step, in the order they run.
    pub const ALL: [Step; 14] = [
        Step::Controls,
        Step::Invisibles,
        Step::Spaces,
        Step::CurlyQuotes,
        Step::Ligatures,
        Step::LineBreaks,
        Step::HtmlEntities,
        Step::Nfc,
        Step::Nfkc,
        Step::TrimLines,
        Step::CollapseSpaces,
        Step::LeadingBlankLines,
        Step::CollapseBlankLines,
        Step::FinalNewline,
    ];

    /// The name used as the `rule` of a [`Change`], in reports and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Step::Controls => "controls",
            Step::Invisibles => "invisibles",
            Step::Spaces => "spaces",
            Step::CurlyQuotes => "curly-quotes",
            Step::Ligatures => "ligatures",
            Step::LineBreaks => "line-breaks",
            Step::HtmlEntities => "html-entities",
            Step::Nfc => "nfc",
            Step::Nfkc => "nfkc",
            Step::TrimLines => "trim-lines",
            Step::CollapseSpaces => "collapse-spaces",
            Step::LeadingBlankLines => "leading-blank-lines",
            Step::CollapseBlankLines => "collapse-blank-lines",
            Step::FinalNewline => "final-newline",
        }
    }

    /// The step called `name`, if any.
    pub fn from_name(name: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Is this step switched on in `config`?
    pub fn enabled(self, config: &NormalizeConfig) -> bool {
        match self {
            Step::Controls => config.controls,
            Step::Invisibles => config.invisibles,
            Step::Spaces => config.spaces,
            Step::CurlyQuotes => config.quotes == QuoteStyle::Ascii,
            Step::Ligatures => config.ligatures,
            Step::LineBreaks => config.line_breaks,
            Step::HtmlEntities => config.html_entities,
            Step::Nfc => config.form == NormalForm::Nfc,
            Step::Nfkc => config.form == NormalForm::Nfkc,
            Step::TrimLines => config.trim_lines,
            Step::CollapseSpaces => config.collapse_spaces,
            Step::LeadingBlankLines => config.leading_blank_lines,
            Step::CollapseBlankLines => config.collapse_blank_lines,
            Step::FinalNewline => config.final_newline,
        }
    }

    /// A configuration with every step off except this one.
    pub fn only(self) -> NormalizeConfig {
        NormalizeConfig {
            form: match self {
                Step::Nfc => NormalForm::Nfc,
                Step::Nfkc => NormalForm::Nfkc,
                _ => NormalForm::None,
            },
            quotes: if self == Step::CurlyQuotes {
                QuoteStyle::Ascii
            } else {
                QuoteStyle::Keep
            },
            html_entities: self == Step::HtmlEntities,
            spaces: self == Step::Spaces,
            invisibles: self == Step::Invisibles,
            controls: self == Step::Controls,
            ligatures: self == Step::Ligatures,
            line_breaks: self == Step::LineBreaks,
            collapse_spaces: self == Step::CollapseSpaces,
            trim_lines: self == Step::TrimLines,
            collapse_blank_lines: self == Step::CollapseBlankLines,
            leading_blank_lines: self == Step::LeadingBlankLines,
            final_newline: self == Step::FinalNewline,
        }
    }

    /// `config` with this step switched off (for `form`: `none`; for `quotes`: `keep`).
    pub fn disable(self, config: &NormalizeConfig) -> NormalizeConfig {
        let mut c = config.clone();
        match self {
            Step::Controls => c.controls = false,
            Step::Invisibles => c.invisibles = false,
            Step::Spaces => c.spaces = false,
            Step::CurlyQuotes => c.quotes = QuoteStyle::Keep,
            Step::Ligatures => c.ligatures = false,
            Step::LineBreaks => c.line_breaks = false,
            Step::HtmlEntities => c.html_entities = false,
            Step::Nfc | Step::Nfkc => c.form = NormalForm::None,
            Step::TrimLines => c.trim_lines = false,
            Step::CollapseSpaces => c.collapse_spaces = false,
            Step::LeadingBlankLines => c.leading_blank_lines = false,
            Step::CollapseBlankLines => c.collapse_blank_lines = false,
            Step::FinalNewline => c.final_newline = false,
        }
        c
    }
}

/// The changes of one run of the stage: recorded, or only counted when nobody reads them
/// ([`Record::TextOnly`]): a record copies the text before and after.
#[derive(Debug, Default)]
struct Notes {
    list: Vec<Change>,
    record: bool,
    count: usize,
}

impl Notes {
    fn recording(record: bool) -> Notes {
        Notes {
            record,
            ..Notes::default()
        }
    }

    fn is_empty(&self) -> bool {
        self.count == 0
    }
}

/// Record one change of `step`.
fn record(changes: &mut Notes, step: Step, line: usize, before: &str, after: &str) {
    changes.count += 1;
    if changes.record {
        changes.list.push(Change::new(
            Stage::Normalize,
            step.name(),
            line,
            before,
            after,
        ));
    }
}

/// Normalize `text` according to `config`.
///
/// Returns the text borrowed when no step changed anything, and otherwise the new text
/// with one [`Change`] per occurrence (per CRLF line for `line-breaks`, per run of blank
/// lines for the blank-line steps), sorted by line.
///
/// ```
/// use newsclean::config::NormalizeConfig;
/// use newsclean::normalize::normalize;
/// let fixed = normalize("It\u{2019}s  done.\n\n\n", &NormalizeConfig::default());
/// assert_eq!(fixed.text, "It's done.\n");
/// let rules: Vec<&str> = fixed.changes.iter().map(|c| c.rule.as_str()).collect();
/// assert_eq!(rules, ["curly-quotes", "collapse-spaces", "final-newline"]);
/// ```
pub fn normalize<'a>(text: &'a str, config: &NormalizeConfig) -> Fixed<'a> {
    run(text, config, true, Record::Changes)
}

/// [`normalize`], recording the changes only when `record` asks for them: the text is the
/// same, and with [`Record::TextOnly`] the change list stays empty.
pub fn normalize_with<'a>(text: &'a str, config: &NormalizeConfig, record: Record) -> Fixed<'a> {
    run(text, config, true, record)
}

/// [`normalize`] without the clean-line shortcut: every line goes through every step.
/// For differential tests of the shortcut only; the output must be identical.
#[doc(hidden)]
pub fn normalize_without_fast_path<'a>(text: &'a str, config: &NormalizeConfig) -> Fixed<'a> {
    run(text, config, false, Record::Changes)
}

fn run<'a>(text: &'a str, config: &NormalizeConfig, fast: bool, record: Record) -> Fixed<'a> {
    let mut run = Run {
        text,
        config,
        fast,
        out: Out {
            src: text,
            owned: None,
            len: 0,
        },
        changes: Notes::recording(record == Record::Changes),
        pending: Blanks::default(),
        seen_text: false,
        unterminated: None,
        line_buf: String::new(),
        step_buf: String::new(),
        layout_buf: String::new(),
        form_buf: String::new(),
    };
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut line = 1;
    while start < bytes.len() {
        // With no blank lines held back, whole lines that no step can change are copied
        // (kept borrowed) in one go; a clean text is one scan.
        if fast && run.pending.count == 0 {
            let end = scan::clean_lines_end(text, start, config);
            if end > start {
                run.out.push_src(start, end);
                run.seen_text = true;
                if end < bytes.len() {
                    line += memchr::memchr_iter(b'\n', &bytes[start..end]).count();
                }
                start = end;
                continue;
            }
        }
        let (end, terminated) = match memchr::memchr(b'\n', &bytes[start..]) {
            Some(i) => (start + i, true),
            None => (bytes.len(), false),
        };
        run.line(start, end, terminated, line);
        start = end + 1;
        line += 1;
    }
    run.finish()
}

/// The output: a borrowed prefix of the input until the first difference, then a String.
struct Out<'a> {
    src: &'a str,
    owned: Option<String>,
    /// Length of the borrowed prefix while `owned` is `None`.
    len: usize,
}

impl<'a> Out<'a> {
    fn owned(&mut self) -> &mut String {
        let (src, len) = (self.src, self.len);
        self.owned.get_or_insert_with(|| {
            let mut s = String::with_capacity(src.len() + 1);
            s.push_str(&src[..len]);
            s
        })
    }

    /// Append `src[start..end]`.
    fn push_src(&mut self, start: usize, end: usize) {
        if self.owned.is_none() && start == self.len {
            self.len = end;
        } else {
            let src = self.src;
            self.owned().push_str(&src[start..end]);
        }
    }

    /// Append text that is not (known to be) the next stretch of the input.
    fn push_str(&mut self, s: &str) {
        if !s.is_empty() {
            self.owned().push_str(s);
        }
    }

    fn finish(self) -> Cow<'a, str> {
        match self.owned {
            Some(s) => Cow::Owned(s),
            None if self.len == self.src.len() => Cow::Borrowed(self.src),
            None => Cow::Owned(self.src[..self.len].to_owned()),
        }
    }
}

/// A line's content: a range of the input, or new text.
enum Piece<'s> {
    Src(usize, usize),
    Str(&'s str),
}

/// What ends an output line.
#[derive(Clone, Copy, Debug)]
enum Newline {
    /// The `\n` at this offset of the input.
    Src(usize),
    /// A `\n` made by a step (a CR or U+2028 turned into a break).
    New,
    /// Nothing: the last line of a text without a final newline.
    Missing,
}

/// A run of blank lines held back until the next line of text shows whether they stay.
/// Kept blank lines are all `\n`; `src` is the stretch of input they are, when they are
/// consecutive empty input lines, so that writing them keeps the output borrowed.
#[derive(Debug, Default)]
struct Blanks {
    count: usize,
    /// Input lines of the first and second blank line.
    lines: [usize; 2],
    /// The input range holding exactly these newlines, if there is one.
    src: Option<(usize, usize)>,
}

impl Blanks {
    fn push(&mut self, newline: Newline, line: usize) {
        if self.count < 2 {
            self.lines[self.count] = line;
        }
        self.src = match (self.count, self.src, newline) {
            (0, _, Newline::Src(at)) => Some((at, at + 1)),
            (_, Some((start, end)), Newline::Src(at)) if at == end => Some((start, at + 1)),
            _ => None,
        };
        self.count += 1;
    }
}

/// State of one run of the stage over a text.
struct Run<'a, 'c> {
    text: &'a str,
    config: &'c NormalizeConfig,
    /// Skip lines the byte scan finds clean (off only in differential tests).
    fast: bool,
    out: Out<'a>,
    changes: Notes,
    /// Blank lines seen since the last line of text.
    pending: Blanks,
    /// Has a line of text been written?
    seen_text: bool,
    /// Input line of the last line of text when it had no newline.
    unterminated: Option<usize>,
    line_buf: String,
    step_buf: String,
    layout_buf: String,
    form_buf: String,
}

impl<'a, 'c> Run<'a, 'c> {
    /// Process input line `line_no`, `text[start..end]`, followed by `\n` if `terminated`.
    fn line(&mut self, start: usize, end: usize, terminated: bool, line_no: usize) {
        let text = self.text;
        let s = &text[start..end];
        let newline = if terminated {
            Newline::Src(end)
        } else {
            Newline::Missing
        };
        if self.fast && chars::is_clean(s, self.config) {
            self.emit(Piece::Src(start, end), newline, line_no);
            return;
        }
        let mut line_buf = std::mem::take(&mut self.line_buf);
        if self.char_steps(s, terminated, line_no, &mut line_buf) {
            let mut parts = line_buf.split('\n').peekable();
            while let Some(part) = parts.next() {
                let nl = if parts.peek().is_some() {
                    Newline::New
                } else {
                    newline
                };
                self.layout_and_emit(part, None, nl, line_no);
            }
        } else {
            self.layout_and_emit(s, Some(start), newline, line_no);
        }
        self.line_buf = line_buf;
    }

    /// Run the character steps, entities and normalization on `s`; when anything
    /// changed, the result is in `out` and the answer is `true`.
    fn char_steps(&mut self, s: &str, terminated: bool, line_no: usize, out: &mut String) -> bool {
        let config = self.config;
        let changes = &mut self.changes;
        let mut step = std::mem::take(&mut self.step_buf);
        out.clear();
        let mut changed = false;
        for _ in 0..MAX_ROUNDS {
            // `cur` is the current text: the input line, or `out` after a change.
            step.clear();
            let cur: &str = if changed { out } else { s };
            if chars::map_chars(cur, terminated, config, &mut step, changes, line_no) {
                std::mem::swap(out, &mut step);
                changed = true;
            }
            let cur: &str = if changed { out } else { s };
            if config.html_entities
                && entities::decode_entities(cur, config, &mut step, changes, line_no)
            {
                std::mem::swap(out, &mut step);
                changed = true;
            }
            let cur: &str = if changed { out } else { s };
            step.clear();
            let form_buf = &mut self.form_buf;
            if !form::normalize_form(cur, config.form, &mut step, form_buf, changes, line_no) {
                break;
            }
            std::mem::swap(out, &mut step);
            changed = true;
        }
        self.step_buf = step;
        changed
    }

    /// Trim and collapse one line (`s`, at `src_start` in the input when it is input
    /// text), then hand it to the blank-line logic.
    fn layout_and_emit(
        &mut self,
        s: &str,
        src_start: Option<usize>,
        newline: Newline,
        line_no: usize,
    ) {
        let mut buf = std::mem::take(&mut self.layout_buf);
        let piece = match layout::layout(s, self.config, &mut buf, &mut self.changes, line_no) {
            layout::Laid::Range(a, b) => match src_start {
                Some(start) => Piece::Src(start + a, start + b),
                None => Piece::Str(&s[a..b]),
            },
            layout::Laid::Buf => Piece::Str(&buf),
        };
        self.emit(piece, newline, line_no);
        self.layout_buf = buf;
    }

    fn push_newline(&mut self, newline: Newline) {
        match newline {
            Newline::Src(at) => self.out.push_src(at, at + 1),
            Newline::New => self.out.push_str("\n"),
            Newline::Missing => {}
        }
    }

    /// Write one finished line, or hold it back if it is blank.
    fn emit(&mut self, piece: Piece<'_>, newline: Newline, line_no: usize) {
        let empty = match piece {
            Piece::Src(a, b) => a == b,
            Piece::Str(s) => s.is_empty(),
        };
        if empty {
            // A blank last line without newline is nothing at all.
            if !matches!(newline, Newline::Missing) {
                self.pending.push(newline, line_no);
            }
            return;
        }
        self.flush_blank_lines();
        match piece {
            Piece::Src(a, b) => self.out.push_src(a, b),
            Piece::Str(s) => self.out.push_str(s),
        }
        self.push_newline(newline);
        if matches!(newline, Newline::Missing) {
            self.unterminated = Some(line_no);
        }
        self.seen_text = true;
    }

    /// Write the blank lines held back, as many as the blank-line steps allow.
    fn flush_blank_lines(&mut self) {
        let count = self.pending.count;
        if count == 0 {
            return;
        }
        let keep = if !self.seen_text && self.config.leading_blank_lines {
            0
        } else if count > 1 && self.config.collapse_blank_lines {
            1
        } else {
            count
        };
        if keep < count {
            let step = if keep == 0 {
                Step::LeadingBlankLines
            } else {
                Step::CollapseBlankLines
            };
            let before_text = usize::from(self.seen_text);
            let before = "\n".repeat(count + before_text);
            let after = "\n".repeat(keep + before_text);
            let line = self.pending.lines[keep];
            record(&mut self.changes, step, line, &before, &after);
        }
        match self.pending.src {
            Some((start, _)) => self.out.push_src(start, start + keep),
            None => {
                for _ in 0..keep {
                    self.out.push_str("\n");
                }
            }
        }
        self.pending = Blanks::default();
    }

    fn finish(mut self) -> Fixed<'a> {
        if self.config.final_newline {
            if self.pending.count > 0 {
                let before_text = usize::from(self.seen_text);
                let before = "\n".repeat(self.pending.count + before_text);
                let after = "\n".repeat(before_text);
                let line = self.pending.lines[0];
                record(&mut self.changes, Step::FinalNewline, line, &before, &after);
                self.pending = Blanks::default();
            }
            if let Some(line) = self.unterminated {
                self.out.push_str("\n");
                record(&mut self.changes, Step::FinalNewline, line, "", "\n");
            }
        } else {
            self.flush_blank_lines();
        }
        let text = self.out.finish();
        debug_assert_eq!(
            matches!(text, Cow::Owned(_)),
            !self.changes.is_empty(),
            "a change was made without a record, or recorded without a change"
        );
        let mut changes = self.changes.list;
        // Usually in order already (the blank-line steps record late).
        if !changes.is_sorted_by_key(|c| c.line) {
            changes.sort_by_key(|c| c.line);
        }
        Fixed { text, changes }
    }
}
