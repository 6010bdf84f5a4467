//! What a stage changed: the record behind `explain`, the report and `check --diff`.
//!
//! Every stage returns its output text as a [`Cow<str>`](std::borrow::Cow) (borrowed when
//! nothing changed) together with a list of [`Change`]s. The pipeline concatenates these
//! lists; `newsclean explain` and the JSON report are views of the same record, never a
//! second implementation.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// One of the pipeline's stages, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Bytes to text: BOM handling, UTF-16, legacy encodings.
    Decode,
    /// Undo UTF-8 that was decoded as a legacy encoding (`â€™` -> `’`).
    Mojibake,
    /// Unicode form, quotes, spaces, invisible characters, entities, line layout.
    Normalize,
    /// Credits, source tags and other lines that are not the article.
    Boilerplate,
}

impl Stage {
    /// All stages in pipeline order.
    pub const ALL: [Stage; 4] = [
        Stage::Decode,
        Stage::Mojibake,
        Stage::Normalize,
        Stage::Boilerplate,
    ];

    /// The name used on the command line, in config files and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Decode => "decode",
            Stage::Mojibake => "mojibake",
            Stage::Normalize => "normalize",
            Stage::Boilerplate => "boilerplate",
        }
    }

    /// Parse a stage name as written on the command line.
    pub fn from_name(name: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.name() == name)
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether a run writes down what each stage changed or only produces the clean text.
///
/// The text is the same either way (property tests hold the two paths to it). Recording
/// costs: for a repaired mojibake line it is a character diff and a description of the
/// repair, 14% of a JSONL run over the bench corpus. Runs whose changes nobody reads (JSONL
/// or text on stdin, JSONL files without a report) skip it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Record {
    /// Every change, with its text before and after (reports, `explain`, `--diff`).
    #[default]
    Changes,
    /// Only the clean text. Stages may still return some changes (those that cost
    /// nothing to note), so callers must not count them.
    TextOnly,
}

/// One change made by one rule of one stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The stage that made the change.
    pub stage: Stage,
    /// The named rule or step within the stage (`curly-quotes`, `photo-credit`, ...).
    pub rule: String,
    /// 1-based line number in the text as it entered the stage.
    pub line: usize,
    /// The text before the change (a span, or the whole line for line rules).
    pub before: String,
    /// The text after the change (empty when something was removed).
    pub after: String,
    /// Extra explanation, e.g. the mojibake steps `encode sloppy-windows-1252, decode utf-8`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Change {
    /// A change without detail.
    pub fn new(
        stage: Stage,
        rule: impl Into<String>,
        line: usize,
        before: impl Into<String>,
        after: impl Into<String>,
    ) -> Change {
        Change {
            stage,
            rule: rule.into(),
            line,
            before: before.into(),
            after: after.into(),
            detail: None,
        }
    }

    /// Attach an explanation.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Change {
        self.detail = Some(detail.into());
        self
    }
}

/// A stage's result: the text (borrowed when unchanged) and what changed.
#[derive(Debug)]
pub struct Fixed<'a> {
    /// Output text of the stage.
    pub text: Cow<'a, str>,
    /// Changes, in text order.
    pub changes: Vec<Change>,
}

impl<'a> Fixed<'a> {
    /// The input passed through untouched.
    pub fn unchanged(text: &'a str) -> Fixed<'a> {
        Fixed {
            text: Cow::Borrowed(text),
            changes: Vec::new(),
        }
    }
}

/// 1-based line numbers of byte offsets in one text, met in increasing order: each is
/// counted forward from the previous one, so numbering every change in a long text costs
/// one pass over it (counting from the start of the text for each would be quadratic).
#[derive(Debug)]
pub struct LineCounter {
    line: usize,
    counted: usize,
}

impl Default for LineCounter {
    fn default() -> Self {
        LineCounter {
            line: 1,
            counted: 0,
        }
    }
}

impl LineCounter {
    /// The line of `byte_offset` in `text` (counts `\n` before it). Offsets must not
    /// decrease from one call to the next.
    pub fn line_at(&mut self, text: &str, byte_offset: usize) -> usize {
        let end = byte_offset.min(text.len());
        debug_assert!(end >= self.counted, "offsets must not decrease");
        self.line += memchr::memchr_iter(b'\n', &text.as_bytes()[self.counted..end]).count();
        self.counted = end;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_counter_counts_newlines_before_each_offset() {
        let text = "a\nbb\nccc";
        let mut lines = LineCounter::default();
        assert_eq!(lines.line_at(text, 0), 1);
        assert_eq!(lines.line_at(text, 2), 2);
        assert_eq!(lines.line_at(text, 2), 2);
        assert_eq!(lines.line_at(text, 5), 3);
        assert_eq!(lines.line_at(text, 100), 3);
    }

    #[test]
    fn stage_names_round_trip() {
        for s in Stage::ALL {
            assert_eq!(Stage::from_name(s.name()), Some(s));
        }
        assert_eq!(Stage::from_name("nope"), None);
    }
}
