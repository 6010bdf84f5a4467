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

use crate::boilerplate::BoilerplateRemover;
use crate::change::{Change, Fixed, Record, Stage};
use crate::config::{Config, ConfigError};
use crate::decode::{decode, DecodeError};
use crate::mojibake::repair_mojibake_with;
use crate::normalize::normalize;
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
        let text_stages = [Stage::Mojibake, Stage::Normalize, Stage::Boilerplate]
            .into_iter()
            .filter(|&stage| config.stages.enabled(stage))
            .collect();
        Ok(Pipeline {
            config,
            boilerplate,
            text_stages,
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
            let text = std::str::from_utf8(bytes).map_err(|e| DecodeError::InvalidUtf8 {
                offset: e.valid_up_to(),
            })?;
            return Ok(self.clean_str_with(text, record));
        }
        let decoded = decode(bytes, &self.config.decode)?;
        let mut changes = decoded.changes;
        let text = match decoded.text {
            Cow::Borrowed(text) => self.clean_text_stages(text, record, &mut changes),
            Cow::Owned(text) => Cow::Owned(
                self.clean_text_stages(&text, record, &mut changes)
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
        let mut changes = Vec::new();
        let text = self.clean_text_stages(text, record, &mut changes);
        Cleaned {
            text,
            encoding: None,
            changes,
        }
    }

    fn run_stage<'t>(&self, stage: Stage, text: &'t str, record: Record) -> Fixed<'t> {
        match stage {
            Stage::Decode => Fixed::unchanged(text),
            Stage::Mojibake => repair_mojibake_with(text, record),
            Stage::Normalize => normalize(text, &self.config.normalize),
            Stage::Boilerplate => match &self.boilerplate {
                Some(remover) => remover.remove_with(text, record),
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
        changes: &mut Vec<Change>,
    ) -> Cow<'a, str> {
        let stages = &self.text_stages;
        let mut current: Cow<'a, str> = Cow::Borrowed(text);
        // How many stages in a row have left `current` unchanged.
        let mut settled = 0;
        for &stage in stages.iter().cycle().take(MAX_PASSES * stages.len()) {
            if settled == stages.len() {
                break;
            }
            let fixed = self.run_stage(stage, &current, record);
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
