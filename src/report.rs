//! The machine-readable report written by `--report FILE.json`.
//!
//! ```json
//! {
//!   "newsclean": "0.1.0",
//!   "mode": "clean",
//!   "summary": { "files": 2, "changed": 2, "unchanged": 0, "errors": 0, "removed_lines": 1 },
//!   "files": [
//!     {
//!       "input": "seeds/004.txt", "output": "OUT/004.txt", "status": "changed",
//!       "encoding": "UTF-8",
//!       "counts": { "mojibake": { "lost-nbsp": 2 }, "normalize": { "curly-quotes": 16 } },
//!       "removed": [ { "rule": "photo-credit", "line": 8, "text": "YURIY DYACHYSHYN/AFP/Getty", "kept": "" } ]
//!     }
//!   ]
//! }
//! ```
//!
//! `counts` has one entry per stage and rule; `removed` lists every boilerplate removal
//! (the removed text, and for a stripped prefix the text that was kept).

use crate::batch::{FileOutcome, Processed};
use crate::change::{Change, Stage};
use serde::Serialize;
use std::collections::BTreeMap;

/// The whole report.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Version of newsclean that wrote it.
    pub newsclean: &'static str,
    /// `clean` or `check`.
    pub mode: &'static str,
    /// Totals.
    pub summary: Summary,
    /// One entry per input file, in input order.
    pub files: Vec<FileReport>,
}

/// Totals over all files.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Files processed.
    pub files: usize,
    /// Files whose output differs from the input.
    pub changed: usize,
    /// Files already clean.
    pub unchanged: usize,
    /// Files not processed again because the manifest says they are up to date.
    pub up_to_date: usize,
    /// Files skipped because they are not text.
    pub skipped: usize,
    /// Files that failed.
    pub errors: usize,
    /// Boilerplate removals over all files.
    pub removed_lines: usize,
}

/// One file's entry.
#[derive(Debug, Serialize)]
pub struct FileReport {
    /// Input path.
    pub input: String,
    /// Output path, when written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// `changed`, `unchanged`, `up-to-date`, `skipped` or `error`.
    pub status: &'static str,
    /// Encoding the input was decoded from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<&'static str>,
    /// Number of changes per stage and rule.
    pub counts: BTreeMap<Stage, BTreeMap<String, usize>>,
    /// Every boilerplate removal.
    pub removed: Vec<Removal>,
    /// The error message for a failed file, or the reason a file was skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One removed line or prefix.
#[derive(Debug, Serialize)]
pub struct Removal {
    /// The rule that removed it.
    pub rule: String,
    /// 1-based line number in the text entering the boilerplate stage.
    pub line: usize,
    /// The removed text.
    pub text: String,
    /// What was kept of the line (empty for a dropped line).
    pub kept: String,
}

impl Removal {
    /// The removal recorded by a boilerplate change.
    fn from_change(c: &Change) -> Removal {
        Removal {
            rule: c.rule.clone(),
            line: c.line,
            text: c.before.clone(),
            kept: c.after.clone(),
        }
    }
}

/// Count changes per stage and rule.
pub fn count_changes(changes: &[Change]) -> BTreeMap<Stage, BTreeMap<String, usize>> {
    let mut counts: BTreeMap<Stage, BTreeMap<String, usize>> = BTreeMap::new();
    for c in changes {
        *counts
            .entry(c.stage)
            .or_default()
            .entry(c.rule.clone())
            .or_default() += 1;
    }
    counts
}

/// The boilerplate removals among `changes`.
pub fn removals(changes: &[Change]) -> Vec<Removal> {
    changes
        .iter()
        .filter(|c| c.stage == Stage::Boilerplate)
        .map(Removal::from_change)
        .collect()
}

impl Summary {
    /// Totals of a batch run. `removed_lines` counts the boilerplate removals among the
    /// changes kept ([`crate::batch::Detail::Changes`]); it is 0 when only counts were kept.
    pub fn of_outcomes(outcomes: &[FileOutcome]) -> Summary {
        let mut summary = Summary::default();
        for o in outcomes {
            summary.files += 1;
            match &o.result {
                Ok(Processed::UpToDate) => summary.up_to_date += 1,
                Ok(Processed::Skipped(_)) => summary.skipped += 1,
                Ok(Processed::Cleaned(s)) => {
                    if s.changed {
                        summary.changed += 1;
                    } else {
                        summary.unchanged += 1;
                    }
                    summary.removed_lines += s
                        .changes
                        .iter()
                        .filter(|c| c.stage == Stage::Boilerplate)
                        .count();
                }
                Err(_) => summary.errors += 1,
            }
        }
        summary
    }
}

impl Report {
    /// Build the report for a batch run.
    pub fn from_outcomes(mode: &'static str, outcomes: &[FileOutcome]) -> Report {
        let files = outcomes
            .iter()
            .map(|o| {
                let input = o.input.display().to_string();
                let output = o.output.as_ref().map(|p| p.display().to_string());
                let empty = |status, error| FileReport {
                    input: input.clone(),
                    output: output.clone(),
                    status,
                    encoding: None,
                    counts: BTreeMap::new(),
                    removed: Vec::new(),
                    error,
                };
                match &o.result {
                    Ok(Processed::UpToDate) => empty("up-to-date", None),
                    Ok(Processed::Skipped(reason)) => empty("skipped", Some(reason.clone())),
                    Ok(Processed::Cleaned(s)) => {
                        let removed = removals(&s.changes);
                        FileReport {
                            input,
                            output,
                            status: if s.changed { "changed" } else { "unchanged" },
                            encoding: s.encoding,
                            counts: count_changes(&s.changes),
                            removed,
                            error: None,
                        }
                    }
                    Err(e) => empty("error", Some(e.to_string())),
                }
            })
            .collect();
        Report {
            newsclean: env!("CARGO_PKG_VERSION"),
            mode,
            summary: Summary::of_outcomes(outcomes),
            files,
        }
    }
}

/// One JSONL file's entry.
#[derive(Debug, Serialize)]
pub struct JsonlFileReport {
    /// Input path.
    pub input: String,
    /// Output path, when written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// Records read.
    pub records: usize,
    /// Records whose field changed.
    pub changed: usize,
    /// Records passed through unchanged because of a problem.
    pub warnings: Vec<crate::jsonl::JsonlWarning>,
    /// Number of changes per stage and rule, over all records.
    pub counts: BTreeMap<Stage, BTreeMap<String, usize>>,
    /// Every boilerplate removal, with the input line of its record.
    pub removed: Vec<RecordRemoval>,
    /// The error message, for a failed file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A removal inside one JSONL record.
#[derive(Debug, Serialize)]
pub struct RecordRemoval {
    /// 1-based input line of the record.
    pub record: usize,
    /// The removal.
    #[serde(flatten)]
    pub removal: Removal,
}

/// Report of a JSONL run.
#[derive(Debug, Serialize)]
pub struct JsonlReport {
    /// Version of newsclean that wrote it.
    pub newsclean: &'static str,
    /// `clean` or `check`.
    pub mode: &'static str,
    /// Always `jsonl`.
    pub input_format: &'static str,
    /// One entry per file.
    pub files: Vec<JsonlFileReport>,
}

impl Report {
    /// Build the report for a JSONL run.
    pub fn from_jsonl_outcomes(
        mode: &'static str,
        outcomes: &[crate::batch::JsonlOutcome],
    ) -> JsonlReport {
        let files = outcomes
            .iter()
            .map(|o| {
                let input = o.input.display().to_string();
                let output = o.output.as_ref().map(|p| p.display().to_string());
                match &o.result {
                    Ok(s) => {
                        let changes: Vec<Change> =
                            s.changes.iter().map(|(_, c)| c.clone()).collect();
                        let removed = s
                            .changes
                            .iter()
                            .filter(|(_, c)| c.stage == Stage::Boilerplate)
                            .map(|(record, c)| RecordRemoval {
                                record: *record,
                                removal: Removal::from_change(c),
                            })
                            .collect();
                        JsonlFileReport {
                            input,
                            output,
                            records: s.stats.records,
                            changed: s.stats.changed,
                            warnings: s.stats.warnings.clone(),
                            counts: count_changes(&changes),
                            removed,
                            error: None,
                        }
                    }
                    Err(e) => JsonlFileReport {
                        input,
                        output,
                        records: 0,
                        changed: 0,
                        warnings: Vec::new(),
                        counts: BTreeMap::new(),
                        removed: Vec::new(),
                        error: Some(e.to_string()),
                    },
                }
            })
            .collect();
        JsonlReport {
            newsclean: env!("CARGO_PKG_VERSION"),
            mode,
            input_format: "jsonl",
            files,
        }
    }
}
