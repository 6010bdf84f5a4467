//! The pipeline: decode, then the text stages repeated until the text stops changing.
//!
//! Repeating makes cleaning idempotent by construction: a stage can expose work for an
//! earlier one (an HTML entity that decodes to mojibake, a removed credit line that leaves
//! two blank lines), and the next pass picks it up. Clean input costs one pass, borrowed.
//!
//! ```
//! use newsclean::{Config, Pipeline};
//! let pipeline = Pipeline::new(Config::default()).unwrap();
//! let clean = pipeline.clean_str("Already clean.\n");
//! assert_eq!(clean.text, "Already clean.\n");
//! assert!(clean.changes.is_empty());
//! ```

use crate::boilerplate::{BoilerplateRemover, Edges};
use crate::change::{Change, Fixed, Record, Stage};
use crate::config::{Config, ConfigError};
use crate::decode::{decode, DecodeError};
use crate::mojibake::repair_mojibake_with;
use crate::normalize::normalize_with;
use std::borrow::Cow;

/// Upper bound on passes over the text stages. Real text settles in two; stacked damage
/// (credits glued one after another, each stripped in its own pass) needs more, and a pass
/// over text with nothing left to do is cheap. The bound only guards against a cycle.
const MAX_PASSES: usize = 32;

/// A configured cleaning pipeline. Cheap to share across threads (`&Pipeline` is `Sync`).
#[derive(Debug)]
pub struct Pipeline {
    config: Config,
    /// Compiled only when the stage is on: compiling the rules dominates start-up.
    boilerplate: Option<BoilerplateRemover>,
    /// The enabled text stages, in order.
    text_stages: Vec<Stage>,
    /// The enabled text stages that work line by line (all but boilerplate).
    line_stages: Vec<Stage>,
}

/// The result of cleaning one text.
#[derive(Debug)]
pub struct Cleaned<'a> {
    /// Clean text, borrowed from the input when nothing changed.
    pub text: Cow<'a, str>,
    /// The encoding the input was decoded from (None when the input was already text).
    pub encoding: Option<&'static str>,
    /// Every change, in order: stage by stage, pass by pass.
    pub changes: Vec<Change>,
}

impl Pipeline {
    /// Build a pipeline; compiles the boilerplate rules.
    pub fn new(config: Config) -> Result<Pipeline, ConfigError> {
        let boilerplate = if config.stages.boilerplate {
            Some(BoilerplateRemover::new(&config.boilerplate)?)
        } else {
            None
        };
        let text_stages: Vec<Stage> = [Stage::Mojibake, Stage::Normalize, Stage::Boilerplate]
            .into_iter()
            .filter(|&stage| config.stages.enabled(stage))
            .collect();
        let line_stages = text_stages
            .iter()
            .copied()
            .filter(|&stage| stage != Stage::Boilerplate)
            .collect();
        Ok(Pipeline {
            config,
            boilerplate,
            text_stages,
            line_stages,
        })
    }

    /// The configuration this pipeline runs with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Decode `bytes` (when the decode stage is on) and clean the text.
    pub fn clean_bytes<'a>(&self, bytes: &'a [u8]) -> Result<Cleaned<'a>, DecodeError> {
        self.clean_bytes_with(bytes, Record::Changes)
    }

    /// [`Pipeline::clean_bytes`], recording changes only as `record` asks: the clean text
    /// is the same either way.
    pub fn clean_bytes_with<'a>(
        &self,
        bytes: &'a [u8],
        record: Record,
    ) -> Result<Cleaned<'a>, DecodeError> {
        if !self.config.stages.decode {
            let text = std::str::from_utf8(bytes).map_err(|e| DecodeError::NotUtf8DecodeOff {
                offset: e.valid_up_to(),
            })?;
            return Ok(self.clean_str_with(text, record));
        }
        let decoded = decode(bytes, &self.config.decode)?;
        let mut changes = decoded.changes;
        let text = match decoded.text {
            Cow::Borrowed(text) => self.clean_text_stages(text, record, Edges::WHOLE, &mut changes),
            Cow::Owned(text) => Cow::Owned(
                self.clean_text_stages(&text, record, Edges::WHOLE, &mut changes)
                    .into_owned(),
            ),
        };
        Ok(Cleaned {
            text,
            encoding: Some(decoded.encoding),
            changes,
        })
    }

    /// Clean text that is already decoded (JSONL fields, stdin that is UTF-8).
    pub fn clean_str<'a>(&self, text: &'a str) -> Cleaned<'a> {
        self.clean_str_with(text, Record::Changes)
    }

    /// [`Pipeline::clean_str`], recording changes only as `record` asks: the clean text is
    /// the same either way.
    ///
    /// ```
    /// use newsclean::{Config, Pipeline, Record};
    /// let pipeline = Pipeline::new(Config::default()).unwrap();
    /// let damaged = "Itâ€™s done.";
    /// let text_only = pipeline.clean_str_with(damaged, Record::TextOnly);
    /// assert_eq!(text_only.text, pipeline.clean_str(damaged).text);
    /// assert_eq!(text_only.text, "It's done.\n");
    /// ```
    pub fn clean_str_with<'a>(&self, text: &'a str, record: Record) -> Cleaned<'a> {
        self.clean_section(text, record, Edges::WHOLE)
    }

    /// Clean decoded text that is a section of a longer document reaching only its
    /// `edges` (see [`crate::stream`]): the rules bound to the head or the tail of a text
    /// apply only at an edge the section reaches.
    pub fn clean_section<'a>(&self, text: &'a str, record: Record, edges: Edges) -> Cleaned<'a> {
        let mut changes = Vec::new();
        let text = self.clean_text_stages(text, record, edges, &mut changes);
        Cleaned {
            text,
            encoding: None,
            changes,
        }
    }

    /// Can a document be cut into sections at `line` (one line, without its `\n`) and
    /// cleaned section by section, each with this line at its edge, with the same result as
    /// cleaning it whole? Yes when mojibake repair and normalization (which work line by
    /// line) turn it into one non-blank line that no boilerplate rule touches, even one
    /// bound to the head or the tail, and that ends every run of lines the boilerplate stage
    /// removes together. Checked on the line alone, as a whole text, where every positional
    /// rule applies.
    pub fn is_barrier(&self, line: &str) -> bool {
        if line.trim().is_empty() || line.contains('\r') {
            return false;
        }
        let mut text = String::with_capacity(line.len() + 1);
        text.push_str(line);
        text.push('\n');
        let mut changes = Vec::new();
        let local = self.run_stages(
            &self.line_stages,
            &text,
            Record::TextOnly,
            Edges::WHOLE,
            &mut changes,
        );
        let Some(form) = local.strip_suffix('\n') else {
            return false;
        };
        if form.contains('\n') || form.trim().is_empty() {
            return false;
        }
        match &self.boilerplate {
            None => true,
            Some(remover) => {
                remover.stops_runs(form.trim())
                    && matches!(
                        remover
                            .remove_section(&local, Record::TextOnly, Edges::WHOLE)
                            .text,
                        Cow::Borrowed(_)
                    )
            }
        }
    }

    /// How many barrier lines ([`Pipeline::is_barrier`]) must lie before the first cut and
    /// after the last one: `(head, tail)`; see [`BoilerplateRemover::edge_lines`].
    pub fn edge_lines(&self) -> (usize, usize) {
        self.boilerplate
            .as_ref()
            .map_or((0, 0), BoilerplateRemover::edge_lines)
    }

    fn run_stage<'t>(
        &self,
        stage: Stage,
        text: &'t str,
        record: Record,
        edges: Edges,
    ) -> Fixed<'t> {
        match stage {
            Stage::Decode => Fixed::unchanged(text),
            Stage::Mojibake => repair_mojibake_with(text, record),
            Stage::Normalize => normalize_with(text, &self.config.normalize, record),
            Stage::Boilerplate => match &self.boilerplate {
                Some(remover) => remover.remove_section(text, record, edges),
                None => Fixed::unchanged(text),
            },
        }
    }

    /// Run the text stages in turn until each has been seen to leave the final text
    /// unchanged. A stage is not run again on text it has already left unchanged, nor on
    /// its own output when it is idempotent on its own (mojibake repair and normalization
    /// are, and their property tests check it; boilerplate removal is not: it may strip
    /// one stacked credit per run). After a first pass that changed something, usually
    /// only the stages after the last change need a second look.
    fn clean_text_stages<'a>(
        &self,
        text: &'a str,
        record: Record,
        edges: Edges,
        changes: &mut Vec<Change>,
    ) -> Cow<'a, str> {
        // A byte-order mark at the start of decoded text (a JSONL field, a second mark
        // after the first): taken off as decoding takes off the first, before mojibake
        // repair reads the text, so text and its bytes clean alike.
        if let Some(rest) = text.strip_prefix('\u{feff}') {
            if edges.start && self.config.stages.decode {
                if record == Record::Changes {
                    changes.push(Change::new(Stage::Decode, "strip-bom", 1, "\u{feff}", ""));
                }
                let cleaned = self.run_stages(&self.text_stages, rest, record, edges, changes);
                return Cow::Owned(cleaned.into_owned());
            }
        }
        self.run_stages(&self.text_stages, text, record, edges, changes)
    }

    fn run_stages<'a>(
        &self,
        stages: &[Stage],
        text: &'a str,
        record: Record,
        edges: Edges,
        changes: &mut Vec<Change>,
    ) -> Cow<'a, str> {
        let mut current: Cow<'a, str> = Cow::Borrowed(text);
        // How many stages in a row have left `current` unchanged.
        let mut settled = 0;
        for &stage in stages.iter().cycle().take(MAX_PASSES * stages.len()) {
            if settled == stages.len() {
                break;
            }
            let fixed = self.run_stage(stage, &current, record, edges);
            match fixed.text {
                Cow::Owned(out) if out != *current => {
                    changes.extend(fixed.changes);
                    current = Cow::Owned(out);
                    settled = usize::from(stage != Stage::Boilerplate);
                }
                _ => settled += 1,
            }
        }
        current
    }
}
