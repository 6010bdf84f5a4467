//! Configuration: one switch per stage and per normalization step, same names everywhere.
//!
//! The TOML file given with `--config` deserializes into [`Config`]; every key is optional
//! and defaults to the behaviour documented in README.md.
//!
//! ```toml
//! [stages]
//! boilerplate = false          # decode, mojibake, normalize, boilerplate
//!
//! [normalize]
//! form = "nfkc"                # nfc (default), nfkc, none
//! quotes = "keep"              # ascii (default), keep
//!
//! [boilerplate]
//! preset = "news"              # news (default), strict, none
//! disable = ["byline"]
//!
//! [[boilerplate.rules]]
//! name = "my-footer"
//! kind = "drop-line"
//! pattern = "^Follow us on .+$"
//! why = "Social footer of my outlet"
//! ```

use crate::boilerplate::{Preset, RuleSpec};
use crate::change::Stage;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Errors while reading or validating configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config {path}: {source}")]
    Read {
        /// The config file.
        path: String,
        /// Underlying I/O error.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has unknown keys.
    #[error("invalid config {path}: {message}")]
    Parse {
        /// The config file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A boilerplate rule is invalid (bad regex, unknown name to disable, ...).
    #[error("boilerplate rule {rule}: {message}")]
    Rule {
        /// The rule's name.
        rule: String,
        /// What is wrong.
        message: String,
    },
}

/// The whole configuration of a [`Pipeline`](crate::Pipeline).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Which stages run.
    pub stages: StageSwitches,
    /// Decode options.
    pub decode: DecodeConfig,
    /// Normalization options.
    pub normalize: NormalizeConfig,
    /// Boilerplate rules.
    pub boilerplate: BoilerplateConfig,
}

impl Config {
    /// Read a TOML config file.
    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Config::from_toml(&text).map_err(|e| match e {
            ConfigError::Parse { message, .. } => ConfigError::Parse {
                path: path.display().to_string(),
                message,
            },
            other => other,
        })
    }

    /// Parse TOML text.
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: "<string>".into(),
            message: e.to_string(),
        })
    }
}

/// One switch per stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StageSwitches {
    /// Decode bytes (otherwise input must be UTF-8 and is taken as is, BOM included).
    pub decode: bool,
    /// Repair mojibake.
    pub mojibake: bool,
    /// Normalize characters and layout.
    pub normalize: bool,
    /// Remove boilerplate lines.
    pub boilerplate: bool,
}

impl Default for StageSwitches {
    fn default() -> Self {
        StageSwitches {
            decode: true,
            mojibake: true,
            normalize: true,
            boilerplate: true,
        }
    }
}

impl StageSwitches {
    /// Is `stage` switched on?
    pub fn enabled(&self, stage: Stage) -> bool {
        match stage {
            Stage::Decode => self.decode,
            Stage::Mojibake => self.mojibake,
            Stage::Normalize => self.normalize,
            Stage::Boilerplate => self.boilerplate,
        }
    }

    /// Switch `stage` on or off.
    pub fn set(&mut self, stage: Stage, on: bool) {
        match stage {
            Stage::Decode => self.decode = on,
            Stage::Mojibake => self.mojibake = on,
            Stage::Normalize => self.normalize = on,
            Stage::Boilerplate => self.boilerplate = on,
        }
    }
}

/// Options of the decode stage.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DecodeConfig {
    /// Replace undecodable bytes with U+FFFD (and record each) instead of failing.
    pub lossy: bool,
    /// Force this encoding (a WHATWG label such as `windows-1252`) instead of detecting.
    pub encoding: Option<String>,
}

/// Unicode normalization form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NormalForm {
    /// Canonical composition (default).
    #[default]
    Nfc,
    /// Compatibility composition: also folds ligatures, full-width forms, superscripts.
    Nfkc,
    /// Leave the form alone.
    None,
}

/// What to do with curly quotes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteStyle {
    /// `“ ” „ ‟` -> `"`, `‘ ’ ‚ ‛` -> `'` (default); primes `′ ″` and guillemets are kept.
    #[default]
    Ascii,
    /// Keep typographic quotes.
    Keep,
}

/// Options of the normalize stage: one switch per step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NormalizeConfig {
    /// Unicode normalization form.
    pub form: NormalForm,
    /// Quote style.
    pub quotes: QuoteStyle,
    /// Decode HTML entities (`&amp;`, `&#8217;`, `&nbsp;`).
    pub html_entities: bool,
    /// NBSP, narrow NBSP, thin/em/en and ideographic spaces to a plain space.
    pub spaces: bool,
    /// Remove zero-width space, word joiner, stray BOM, soft hyphen, invisible math
    /// operators (ZWJ/ZWNJ, variation selectors and bidi controls kept).
    pub invisibles: bool,
    /// Remove C0/C1 control characters except tab, newline and the line breaks.
    pub controls: bool,
    /// Expand Latin ligatures (`ﬁ` -> `fi`).
    pub ligatures: bool,
    /// CRLF, CR, NEL, U+2028, U+2029, VT and FF to `\n`.
    pub line_breaks: bool,
    /// Tabs and runs of spaces and tabs inside a line to one space.
    pub collapse_spaces: bool,
    /// Remove spaces and tabs at the start and end of each line.
    pub trim_lines: bool,
    /// Three or more newlines to one blank line (at most one empty line in a row).
    pub collapse_blank_lines: bool,
    /// Remove blank lines before the first line of text.
    pub leading_blank_lines: bool,
    /// Exactly one trailing newline.
    pub final_newline: bool,
}

impl Default for NormalizeConfig {
    fn default() -> Self {
        NormalizeConfig {
            form: NormalForm::Nfc,
            quotes: QuoteStyle::Ascii,
            html_entities: true,
            spaces: true,
            invisibles: true,
            controls: true,
            ligatures: true,
            line_breaks: true,
            collapse_spaces: true,
            trim_lines: true,
            collapse_blank_lines: true,
            leading_blank_lines: true,
            final_newline: true,
        }
    }
}

/// Options of the boilerplate stage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BoilerplateConfig {
    /// Which built-in rules to start from: `news` (default), `strict` or `none`.
    pub preset: Preset,
    /// Names of built-in rules to switch on in addition to the preset's (e.g. a `strict`
    /// rule under `news`).
    pub enable: Vec<String>,
    /// Names of built-in rules to switch off.
    pub disable: Vec<String>,
    /// Extra rules, added after the built-in ones.
    pub rules: Vec<RuleSpec>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_toml_is_default() {
        assert_eq!(Config::from_toml("").unwrap(), Config::default());
    }

    #[test]
    fn keys_mirror_steps() {
        let c = Config::from_toml(
            "[stages]\nboilerplate = false\n[normalize]\nform = \"nfkc\"\nquotes = \"keep\"\n",
        )
        .unwrap();
        assert!(!c.stages.boilerplate);
        assert!(c.stages.mojibake);
        assert_eq!(c.normalize.form, NormalForm::Nfkc);
        assert_eq!(c.normalize.quotes, QuoteStyle::Keep);
    }

    #[test]
    fn unknown_key_is_an_error() {
        let err = Config::from_toml("[normalize]\nquote = \"keep\"\n").unwrap_err();
        assert!(err.to_string().contains("quote"), "{err}");
    }
}
