//! Line precision and recall of a [`BoilerplateRemover`] on a labelled set.
//!
//! A labelled file is the article text with a label in front of every line:
//!
//! ```text
//! # comment (not part of the text)
//! + a line that must be kept
//! - a line that must be dropped
//! -[agency-photo-credit] a line that must be dropped, by this rule
//! ~ (MENAFN) A line from which a prefix or suffix must be stripped
//! = A line from which a prefix or suffix must be stripped
//! ```
//!
//! An empty line is a blank line of the text (unlabelled). `~` gives the input line and
//! the following `=` line the expected result; `~[rule]` names the expected rule as `-[rule]`
//! does. A removal is any line the remover changed; it is correct when the label says
//! drop and the line went, or strip and the result equals the `=` line. Precision is
//! correct removals over removals; recall is correctly handled drop/strip lines over all
//! drop/strip lines. Per rule, precision counts the removals the rule made and recall the
//! lines labelled with the rule's name.
//!
//! ```
//! use newsclean::boilerplate::{eval, BoilerplateRemover};
//! use newsclean::config::BoilerplateConfig;
//! let remover = BoilerplateRemover::new(&BoilerplateConfig::default()).unwrap();
//! let labelled = "+ Title of the story\n~[wire-dateline] (MENAFN) The plan was approved.\n= The plan was approved.\n-[agency-photo-credit] YURIY DYACHYSHYN/AFP/Getty\n+ He declined.\n";
//! let mut report = eval::EvalReport::default();
//! report.add("example.txt", labelled, &remover).unwrap();
//! assert_eq!(report.overall.precision(), 1.0);
//! assert_eq!(report.overall.recall(), 1.0);
//! assert_eq!(report.rules["wire-dateline"].correct, 1);
//! ```

use super::BoilerplateRemover;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// What the label says about one line of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    /// A blank line (not labelled, not counted).
    Blank,
    /// The line must stay as it is.
    Keep,
    /// The line must be removed.
    Drop,
    /// The line must become this text.
    Strip(String),
}

/// One labelled line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// The line as it appears in the text.
    pub line: String,
    /// What must happen to it.
    pub expect: Expect,
    /// The rule expected to do it, when the label names one.
    pub rule: Option<String>,
}

/// A parsed labelled file: the text to clean and one label per line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Labelled {
    /// The article text (lines joined with `\n`, final newline).
    pub text: String,
    /// One label per line of `text`.
    pub labels: Vec<Label>,
}

/// Errors while reading a labelled set.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A file or directory could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The path.
        path: String,
        /// Underlying I/O error.
        source: std::io::Error,
    },
    /// A line has no valid label.
    #[error("{path}:{line}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// 1-based line in the labelled file.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The remover's change list does not replay to its output text.
    #[error("{path}: the change list does not reproduce the output text")]
    Inconsistent {
        /// The file.
        path: String,
    },
}

/// Split `-[rule] text` into (`rule`, `text`).
fn label_rule(rest: &str) -> (Option<String>, &str) {
    if let Some(inner) = rest.strip_prefix('[') {
        if let Some(end) = inner.find(']') {
            let text = &inner[end + 1..];
            return (
                Some(inner[..end].to_string()),
                text.strip_prefix(' ').unwrap_or(text),
            );
        }
    }
    (None, rest.strip_prefix(' ').unwrap_or(rest))
}

/// Parse a labelled file (see the module documentation for the format).
pub fn parse(path: &str, source: &str) -> Result<Labelled, EvalError> {
    let mut labels: Vec<Label> = Vec::new();
    let mut pending: Option<(usize, Label)> = None;
    let err = |line: usize, message: &str| EvalError::Parse {
        path: path.to_string(),
        line,
        message: message.to_string(),
    };
    for (i, raw) in source.lines().enumerate() {
        let n = i + 1;
        if let Some(rest) = raw.strip_prefix('=') {
            let Some((_, mut label)) = pending.take() else {
                return Err(err(n, "'=' without a '~' line before it"));
            };
            label.expect = Expect::Strip(rest.strip_prefix(' ').unwrap_or(rest).to_string());
            labels.push(label);
            continue;
        }
        if let Some((at, _)) = pending {
            return Err(err(at, "'~' line not followed by its '=' line"));
        }
        if raw.starts_with('#') {
            continue;
        }
        if raw.trim().is_empty() {
            labels.push(Label {
                line: String::new(),
                expect: Expect::Blank,
                rule: None,
            });
            continue;
        }
        let mut chars = raw.chars();
        let mark = chars.next().unwrap_or(' ');
        let (rule, text) = label_rule(chars.as_str());
        let label = |expect| Label {
            line: text.to_string(),
            expect,
            rule: rule.clone(),
        };
        match mark {
            '+' if rule.is_none() => labels.push(label(Expect::Keep)),
            '-' => labels.push(label(Expect::Drop)),
            '~' => pending = Some((n, label(Expect::Blank))),
            _ => {
                return Err(err(
                    n,
                    "a line must start with '+ ', '- ', '~ ', '= ' or '#'",
                ))
            }
        }
    }
    if let Some((at, _)) = pending {
        return Err(err(at, "'~' line not followed by its '=' line"));
    }
    let mut text = String::new();
    for l in &labels {
        text.push_str(&l.line);
        text.push('\n');
    }
    Ok(Labelled { text, labels })
}

/// Counts behind a precision and a recall.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    /// Lines changed (dropped or stripped).
    pub removed: usize,
    /// Changed lines whose change matches the label.
    pub correct: usize,
    /// Lines labelled drop or strip.
    pub labelled: usize,
    /// Labelled lines handled as the label says.
    pub found: usize,
}

impl Score {
    /// Correct removals / removals (1.0 when nothing was removed).
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.removed)
    }

    /// Labelled lines found / labelled lines (1.0 when nothing is labelled).
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.labelled)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// A line the remover got wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mistake {
    /// File name.
    pub file: String,
    /// 1-based line in the text.
    pub line: usize,
    /// The rules that changed the line (empty for a miss).
    pub rules: Vec<String>,
    /// The line.
    pub text: String,
    /// What the remover produced (None: dropped).
    pub got: Option<String>,
}

/// Precision and recall over a labelled set, overall and per rule.
#[derive(Clone, Debug, Default)]
pub struct EvalReport {
    /// Files evaluated.
    pub files: usize,
    /// Non-blank lines evaluated.
    pub lines: usize,
    /// All rules together.
    pub overall: Score,
    /// Per rule name.
    pub rules: BTreeMap<String, Score>,
    /// Lines changed against their label.
    pub false_positives: Vec<Mistake>,
    /// Drop/strip lines not handled as labelled.
    pub misses: Vec<Mistake>,
}

impl EvalReport {
    /// Evaluate one labelled file's content and add it to the report.
    pub fn add(
        &mut self,
        name: &str,
        source: &str,
        remover: &BoilerplateRemover,
    ) -> Result<(), EvalError> {
        let labelled = parse(name, source)?;
        let fixed = remover.remove(&labelled.text);
        // Per line: the rules that changed it and what is left of it (None: dropped).
        let mut result: Vec<(Vec<String>, Option<String>)> = labelled
            .labels
            .iter()
            .map(|l| (Vec::new(), Some(l.line.clone())))
            .collect();
        for c in &fixed.changes {
            let Some(slot) = result.get_mut(c.line - 1) else {
                return Err(EvalError::Inconsistent { path: name.into() });
            };
            slot.0.push(c.rule.clone());
            slot.1 = if c.after.is_empty() {
                None
            } else {
                Some(c.after.clone())
            };
        }
        let replay: String = result
            .iter()
            .filter_map(|(_, kept)| kept.as_ref().map(|k| format!("{k}\n")))
            .collect();
        if replay != fixed.text {
            return Err(EvalError::Inconsistent { path: name.into() });
        }
        self.files += 1;
        for (i, (label, (rules, kept))) in labelled.labels.iter().zip(result).enumerate() {
            if label.expect == Expect::Blank {
                continue;
            }
            self.lines += 1;
            let changed = !rules.is_empty();
            let right = match &label.expect {
                Expect::Drop => kept.is_none(),
                Expect::Strip(want) => kept.as_deref() == Some(want.as_str()),
                Expect::Keep | Expect::Blank => !changed,
            };
            let boilerplate = matches!(label.expect, Expect::Drop | Expect::Strip(_));
            let mistake = || Mistake {
                file: name.to_string(),
                line: i + 1,
                rules: rules.clone(),
                text: label.line.clone(),
                got: kept.clone(),
            };
            if changed {
                self.overall.removed += 1;
                self.overall.correct += usize::from(right);
                for r in &rules {
                    let s = self.rules.entry(r.clone()).or_default();
                    s.removed += 1;
                    s.correct += usize::from(right);
                }
                if !right && !boilerplate {
                    self.false_positives.push(mistake());
                }
            }
            if boilerplate {
                self.overall.labelled += 1;
                self.overall.found += usize::from(right);
                if let Some(r) = &label.rule {
                    let s = self.rules.entry(r.clone()).or_default();
                    s.labelled += 1;
                    s.found += usize::from(right);
                }
                if !right {
                    self.misses.push(mistake());
                }
            }
        }
        Ok(())
    }
}

/// Evaluate every `*.txt` file under `dir` (sorted by path).
pub fn evaluate_dir(remover: &BoilerplateRemover, dir: &Path) -> Result<EvalReport, EvalError> {
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| EvalError::Read {
            path: dir.display().to_string(),
            source: e.into(),
        })?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "txt") {
            paths.push(entry.into_path());
        }
    }
    let mut report = EvalReport::default();
    for path in paths {
        let source = std::fs::read_to_string(&path).map_err(|source| EvalError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let name = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        report.add(&name, &source, remover)?;
    }
    Ok(report)
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} files, {} lines\n{:<28} {:>7} {:>7} {:>9} {:>8} {:>6} {:>7}",
            self.files,
            self.lines,
            "rule",
            "removed",
            "correct",
            "precision",
            "labelled",
            "found",
            "recall"
        )?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, s: &Score| {
            writeln!(
                f,
                "{:<28} {:>7} {:>7} {:>9.4} {:>8} {:>6} {:>7.4}",
                name,
                s.removed,
                s.correct,
                s.precision(),
                s.labelled,
                s.found,
                s.recall()
            )
        };
        for (name, s) in &self.rules {
            row(f, name, s)?;
        }
        row(f, "overall", &self.overall)?;
        let show = |f: &mut fmt::Formatter<'_>, title: &str, list: &[Mistake]| {
            if list.is_empty() {
                return Ok(());
            }
            writeln!(f, "{title}:")?;
            for m in list {
                let got = match &m.got {
                    None => "dropped".to_string(),
                    Some(g) if *g == m.text => "kept".to_string(),
                    Some(g) => format!("-> {g:?}"),
                };
                writeln!(
                    f,
                    "  {}:{} [{}] {:?} {}",
                    m.file,
                    m.line,
                    m.rules.join(","),
                    m.text,
                    got
                )?;
            }
            Ok(())
        };
        show(f, "false positives", &self.false_positives)?;
        show(f, "missed", &self.misses)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_labels() {
        let l = parse(
            "t",
            "# c\n+ Keep me\n-[byline] By Jane Doe\n\n~ (AP) Strip me.\n= Strip me.\n",
        )
        .unwrap();
        assert_eq!(l.text, "Keep me\nBy Jane Doe\n\n(AP) Strip me.\n");
        assert_eq!(l.labels[0].expect, Expect::Keep);
        assert_eq!(l.labels[1].rule.as_deref(), Some("byline"));
        assert_eq!(l.labels[2].expect, Expect::Blank);
        assert_eq!(l.labels[3].expect, Expect::Strip("Strip me.".into()));
    }

    #[test]
    fn parse_errors() {
        assert!(parse("t", "no label\n").is_err());
        assert!(parse("t", "~ dangling\n+ next\n").is_err());
        assert!(parse("t", "= alone\n").is_err());
    }

    #[test]
    fn scores() {
        let s = Score {
            removed: 4,
            correct: 3,
            labelled: 6,
            found: 3,
        };
        assert_eq!(s.precision(), 0.75);
        assert_eq!(s.recall(), 0.5);
        assert_eq!(Score::default().precision(), 1.0);
    }
}
